/* ok-test-ca.h — the reference CA server (oces-keeper-test-ca) as a test fixture
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *dir;          /* scenario, state and CA files */
  char        *scenario;     /* path of the scenario file */
  char        *ca_file;      /* the root CA, PEM: trust anchor for clients */
  char        *url;          /* https://127.0.0.1:N */
  char        *revocation_url; /* http://127.0.0.1:M: OCSP, CRL and the /test/ admin paths */
  char        *request_log;  /* a line per request as it arrives: "issue|renew IN-FLIGHT" */
} OkTestCa;

OkTestCa *ok_test_ca_start            (const char *scenario_json);
void      ok_test_ca_set_scenario     (OkTestCa   *ca,
                                       const char *scenario_json);
void      ok_test_ca_stop             (OkTestCa   *ca);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkTestCa, ok_test_ca_stop)

G_END_DECLS
