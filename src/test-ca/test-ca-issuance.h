/* test-ca-issuance.h — the reference CA's decisions: which answer an issue or renewal request
 * gets, and the certificate it signs
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "test-ca-authority.h"
#include "test-ca-registry.h"
#include "test-ca-scenario.h"

G_BEGIN_DECLS

typedef struct {
  TestCaAuthority *authority;
  TestCaScenario *scenario;
  TestCaRegistry *registry;
} TestCaContext;

typedef struct {
  gboolean renewal;
  char *reference_number;
  char *one_time_code;
  char *csr;
  gboolean has_client;
  gnutls_x509_crt_t client;
  TestCaProfile *profile;
  TestCaFaults faults;
} TestCaRequest;

TestCaRequest *test_ca_request_new            (gboolean            renewal,
                                               GBytes             *body);
void           test_ca_request_free           (TestCaRequest      *request);
void           test_ca_request_set_client     (TestCaRequest      *request,
                                               const TestCaContext *context,
                                               const guint8       *der,
                                               gsize               der_size,
                                               const char         *pem);
void           test_ca_request_find_profile   (TestCaRequest      *request,
                                               const TestCaContext *context);
void           test_ca_issuance_answer        (const TestCaContext *context,
                                               TestCaRequest      *request,
                                               SoupServerMessage  *message);
void           test_ca_issuance_respond_error (SoupServerMessage  *message,
                                               guint               status,
                                               const char         *reason,
                                               const char         *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestCaRequest, test_ca_request_free)

G_END_DECLS
