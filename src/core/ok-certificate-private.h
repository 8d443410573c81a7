/* ok-certificate-private.h — the parsed facts of a certificate, shared by OkCertificate,
 * its fact parser and the chain verifier; not for use outside the certificate model
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ok-certificate.h"

G_BEGIN_DECLS

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)

typedef struct
{
  char *subject;
  char *subject_cn;
  char *organisation;
  char *cvr;
  char *uuid;
  char *email;
  OkCertificateKind kind;
  OkEnvironment environment;
  char *issuer;
  char *issuer_cn;
  char *serial;
  gint64 not_before;
  gint64 not_after;
  char *key_algorithm;
  guint key_bits;
  char *signature_algorithm;
  char *sha1_fingerprint;
  char *sha256_fingerprint;
  GStrv key_usage;
  GStrv policies;
  GStrv aia_urls;
  GStrv ocsp_urls;
  GStrv crl_urls;
  gboolean is_self_signed;
} OkCertificateFacts;

/* Parsing and the JSON cache (ok-certificate-facts.c, ok-certificate-json.c) */
void               ok_facts_clear              (OkCertificateFacts        *facts);
void               ok_facts_parse              (OkCertificateFacts        *facts,
                                                gnutls_x509_crt_t          crt,
                                                GBytes                    *der);
JsonNode          *ok_facts_to_json            (const OkCertificateFacts  *facts);
gboolean           ok_facts_from_json          (OkCertificateFacts        *facts,
                                                JsonObject                *object,
                                                GBytes                    *der);
char              *ok_certificate_fingerprint  (GBytes                    *der,
                                                gnutls_digest_algorithm_t  algorithm);
gnutls_x509_crt_t  ok_certificate_import_der   (GBytes                    *der,
                                                GError                   **error);

/* For ok-certificate-load.c */
OkCertificate     *ok_certificate_new_internal (GBytes                    *der,
                                                OkCertificateFacts        *facts);

/* For ok-chain.c: a GnuTLS handle of the certificate, owned by the caller */
gnutls_x509_crt_t  ok_certificate_dup_crt      (OkCertificate             *self,
                                                GError                   **error);

G_END_DECLS
