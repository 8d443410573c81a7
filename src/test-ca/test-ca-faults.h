/* test-ca-faults.h — the faults the reference CA can inject, per profile or per request
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "test-ca-leaf.h"

G_BEGIN_DECLS

/* libsoup 3.2 names no constant for it (RFC 6585). */
#define TEST_CA_STATUS_TOO_MANY_REQUESTS 429

#define TEST_CA_RETRY_AFTER_503 120
#define TEST_CA_RETRY_AFTER_429 30
#define TEST_CA_OVERSIZED_BODY (2 * 1024 * 1024)

typedef struct {
  guint delay_ms;
  guint status;
  gboolean close_mid_body;
  gboolean trickle;
  gboolean non_json_body;
  gboolean truncated_json;
  gboolean oversized_body;
  gboolean wrong_key;
  gboolean wrong_cvr;
  gboolean expired_certificate;
  gboolean untrusted_chain;
  gboolean prod_environment;
  TestCaLeafFlaws leaf_flaws;
} TestCaFaults;

gboolean test_ca_faults_add    (TestCaFaults       *faults,
                                const char         *spec,
                                GError            **error);
gboolean test_ca_faults_answer (const TestCaFaults *faults,
                                SoupServerMessage  *message);

G_END_DECLS
