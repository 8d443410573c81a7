/* test-ca-revocation.h — the reference CA's OCSP responder and CRL distribution point, on a
 * plain-HTTP port of their own (as real CAs serve them), with an admin path for tests
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "test-ca-authority.h"
#include "test-ca-registry.h"
#include "test-ca-scenario.h"

G_BEGIN_DECLS

/* How long an OCSP answer and a CRL are good for, unless told otherwise at run time. */
#define TEST_CA_REVOCATION_NEXT_UPDATE_SECONDS (60 * 60)

#define TEST_CA_TYPE_REVOCATION (test_ca_revocation_get_type ())

G_DECLARE_FINAL_TYPE (TestCaRevocation, test_ca_revocation, TEST_CA, REVOCATION, GObject)

TestCaRevocation *test_ca_revocation_new     (TestCaAuthority   *authority,
                                              TestCaScenario    *scenario,
                                              TestCaRegistry    *registry);
gboolean          test_ca_revocation_listen  (TestCaRevocation  *self,
                                              guint              port,
                                              GError           **error);
char             *test_ca_revocation_dup_url (TestCaRevocation  *self);

G_END_DECLS
