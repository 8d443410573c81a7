/* ok-issuance-test-util.h — helpers for the issuance tests: the reference CA server as a
 * subprocess, CSRs made by openssl, and synchronous wrappers around OkIssuer
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-issuer.h"

G_BEGIN_DECLS

typedef struct {
  GSubprocess *process;
  char        *dir;         /* scenario and CA files */
  char        *scenario;    /* the scenario file; the server re-reads it when it changes */
  char        *ca_file;     /* the root, PEM: the trust anchor for the server */
  char        *chain_file;  /* issuing CA + root, PEM */
  char        *url;
  guint        port;
} OkiCa;

gboolean    oki_have_test_ca     (void);
void        oki_launcher_tie_to_parent (GSubprocessLauncher *launcher);
OkiCa      *oki_ca_start         (const char         *state_dir,
                                  const char         *scenario_json,
                                  const char * const *extra_args);
void        oki_ca_set_scenario  (OkiCa              *ca,
                                  const char         *scenario_json);
void        oki_ca_stop          (OkiCa              *ca);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkiCa, oki_ca_stop)

/* openssl req -newkey rsa:BITS into @dir: returns the CSR PEM; the key is @dir/@name.key. */
char       *oki_make_csr         (const char         *dir,
                                  const char         *name,
                                  guint               bits);
/* Writes DER as PEM to @dir/@name and returns the path. */
char       *oki_write_pem        (const char         *dir,
                                  const char         *name,
                                  GBytes             *der);
/* `openssl x509 -noout -text` of a PEM file. */
char       *oki_openssl_text     (const char         *path);

OkIssuance *oki_issue            (OkIssuer           *issuer,
                                  const char         *reference_number,
                                  const char         *one_time_code,
                                  const char         *csr_pem,
                                  GCancellable       *cancellable,
                                  GError            **error);
OkIssuance *oki_renew            (OkIssuer           *issuer,
                                  GTlsCertificate    *client_certificate,
                                  const char         *csr_pem,
                                  GCancellable       *cancellable,
                                  GError            **error);

/* Asserts @error is @code in OK_ISSUER_ERROR with guidance, and that its detailed error ends
 * in " - @status" (when @status is not 0). */
void        oki_assert_issuer_error (const GError    *error,
                                     OkIssuerError    code,
                                     guint            status);

G_END_DECLS
