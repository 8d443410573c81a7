/* ok-certificate-private.h — the parsed facts of a certificate, shared by OkCertificate,
 * its fact parser and the chain verifier, and the instance and properties shared by the files
 * of OkCertificate; not for use outside the certificate model
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

/* The instance, shared by ok-certificate.c (the object and its facts) and
 * ok-certificate-metadata.c (what the store keeps about it). Like most GObjects, an
 * OkCertificate belongs to one thread at a time: the lazy parse of its facts is not locked. */
struct _OkCertificate
{
  GObject parent_instance;

  GBytes *der;

  /* Filled on demand: a certificate built from cached facts whose cache turned out to be
   * unusable parses its DER the first time a fact is asked for. */
  OkCertificateFacts facts;
  gboolean facts_ready;
  /* From the store: the facts every view needs were given as columns (core_ready), the rest
   * wait as the cached JSON text and are parsed the first time one is asked for. */
  gboolean core_ready;
  char *facts_json;

  char *id;
  char *name;
  OkEnvironment environment_override;
  gboolean has_private_key;
  GPtrArray *chain;
  OkTrust trust;
  gboolean auto_renew;
  guint renewal_window_days;
  GPtrArray *deploy_actions;
  GListStore *events;
};

typedef enum
{
  OK_CERTIFICATE_PROP_0,
  OK_CERTIFICATE_PROP_SUBJECT,
  OK_CERTIFICATE_PROP_SUBJECT_CN,
  OK_CERTIFICATE_PROP_ORGANISATION,
  OK_CERTIFICATE_PROP_CVR,
  OK_CERTIFICATE_PROP_UUID,
  OK_CERTIFICATE_PROP_EMAIL,
  OK_CERTIFICATE_PROP_KIND,
  OK_CERTIFICATE_PROP_DETECTED_ENVIRONMENT,
  OK_CERTIFICATE_PROP_ISSUER,
  OK_CERTIFICATE_PROP_ISSUER_CN,
  OK_CERTIFICATE_PROP_SERIAL,
  OK_CERTIFICATE_PROP_NOT_BEFORE,
  OK_CERTIFICATE_PROP_NOT_AFTER,
  OK_CERTIFICATE_PROP_KEY_ALGORITHM,
  OK_CERTIFICATE_PROP_KEY_BITS,
  OK_CERTIFICATE_PROP_SIGNATURE_ALGORITHM,
  OK_CERTIFICATE_PROP_SHA1_FINGERPRINT,
  OK_CERTIFICATE_PROP_SHA256_FINGERPRINT,
  OK_CERTIFICATE_PROP_KEY_USAGE,
  OK_CERTIFICATE_PROP_POLICIES,
  OK_CERTIFICATE_PROP_AIA_URLS,
  OK_CERTIFICATE_PROP_OCSP_URLS,
  OK_CERTIFICATE_PROP_CRL_URLS,
  OK_CERTIFICATE_PROP_IS_SELF_SIGNED,
  OK_CERTIFICATE_PROP_ID,
  OK_CERTIFICATE_PROP_NAME,
  OK_CERTIFICATE_PROP_ENVIRONMENT_OVERRIDE,
  OK_CERTIFICATE_PROP_ENVIRONMENT,
  OK_CERTIFICATE_PROP_HAS_PRIVATE_KEY,
  OK_CERTIFICATE_PROP_CHAIN,
  OK_CERTIFICATE_PROP_TRUST,
  OK_CERTIFICATE_PROP_AUTO_RENEW,
  OK_CERTIFICATE_PROP_RENEWAL_WINDOW_DAYS,
  OK_CERTIFICATE_PROP_DEPLOY_ACTIONS,
  OK_CERTIFICATE_PROP_EVENTS,
  OK_CERTIFICATE_N_PROPS
} OkCertificateProperty;

/* Installed by ok-certificate.c, notified by the setters of both files. */
extern GParamSpec *ok_certificate_properties[OK_CERTIFICATE_N_PROPS];

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
