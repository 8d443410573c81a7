/* ok-certificate.h — OkCertificate: the facts of one X.509 certificate plus the store's metadata
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ok-chain.h"
#include "ok-deploy-action.h"
#include "ok-event.h"
#include "ok-oces.h"

G_BEGIN_DECLS

#define OK_CERTIFICATE_ERROR (ok_certificate_error_quark ())

typedef enum
{
  OK_CERTIFICATE_ERROR_INVALID,           /* looks like a certificate but cannot be decoded */
  OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE, /* holds no certificate at all */
} OkCertificateError;

/* Bumped whenever the parser starts reading facts differently, so old caches are ignored. */
#define OK_CERTIFICATE_FACTS_VERSION 1

#define OK_TYPE_CERTIFICATE (ok_certificate_get_type ())

G_DECLARE_FINAL_TYPE (OkCertificate, ok_certificate, OK, CERTIFICATE, GObject)

GQuark             ok_certificate_error_quark               (void);

OkCertificate     *ok_certificate_new_from_der              (GBytes         *der,
                                                             GError        **error);
OkCertificate     *ok_certificate_new_from_pem              (const char     *data,
                                                             gsize           length,
                                                             GError        **error);
GPtrArray         *ok_certificate_list_from_pem             (const char     *data,
                                                             gsize           length,
                                                             GError        **error);
GPtrArray         *ok_certificate_list_from_der             (GPtrArray      *der_list,
                                                             GError        **error);
OkCertificate     *ok_certificate_new_from_cached_facts     (JsonObject     *facts,
                                                             GBytes         *der);
OkCertificate     *ok_certificate_new_from_store            (GBytes         *der,
                                                             const char     *facts_json,
                                                             const char     *subject_cn,
                                                             const char     *organisation,
                                                             const char     *cvr,
                                                             const char     *uuid,
                                                             OkCertificateKind kind,
                                                             OkEnvironment   environment,
                                                             const char     *serial,
                                                             gint64          not_before,
                                                             gint64          not_after);

GBytes            *ok_certificate_get_der                   (OkCertificate  *self);
char              *ok_certificate_to_pem                    (OkCertificate  *self);
gboolean           ok_certificate_equal_der                 (OkCertificate  *self,
                                                             OkCertificate  *other);
JsonNode          *ok_certificate_facts_to_json             (OkCertificate  *self);

/* Facts parsed from the certificate */
const char        *ok_certificate_get_subject               (OkCertificate  *self);
const char        *ok_certificate_get_subject_cn            (OkCertificate  *self);
const char        *ok_certificate_get_organisation          (OkCertificate  *self);
const char        *ok_certificate_get_cvr                   (OkCertificate  *self);
const char        *ok_certificate_get_uuid                  (OkCertificate  *self);
const char        *ok_certificate_get_email                 (OkCertificate  *self);
OkCertificateKind  ok_certificate_get_kind                  (OkCertificate  *self);
OkEnvironment      ok_certificate_get_detected_environment  (OkCertificate  *self);
const char        *ok_certificate_get_issuer                (OkCertificate  *self);
const char        *ok_certificate_get_issuer_cn             (OkCertificate  *self);
const char        *ok_certificate_get_serial                (OkCertificate  *self);
gint64             ok_certificate_get_not_before            (OkCertificate  *self);
gint64             ok_certificate_get_not_after             (OkCertificate  *self);
GDateTime         *ok_certificate_dup_not_before            (OkCertificate  *self);
GDateTime         *ok_certificate_dup_not_after             (OkCertificate  *self);
gboolean           ok_certificate_is_valid_at               (OkCertificate  *self,
                                                             gint64          unix_time);
OkValidity         ok_certificate_get_validity_at           (OkCertificate  *self,
                                                             gint64          unix_time);
const char        *ok_certificate_get_key_algorithm         (OkCertificate  *self);
guint              ok_certificate_get_key_bits              (OkCertificate  *self);
const char        *ok_certificate_get_signature_algorithm   (OkCertificate  *self);
const char        *ok_certificate_get_sha1_fingerprint      (OkCertificate  *self);
const char        *ok_certificate_get_sha256_fingerprint    (OkCertificate  *self);
const char *const *ok_certificate_get_key_usage             (OkCertificate  *self);
const char *const *ok_certificate_get_policies              (OkCertificate  *self);
const char *const *ok_certificate_get_aia_urls              (OkCertificate  *self);
const char *const *ok_certificate_get_ocsp_urls             (OkCertificate  *self);
const char *const *ok_certificate_get_crl_urls              (OkCertificate  *self);
gboolean           ok_certificate_get_is_self_signed        (OkCertificate  *self);

/* Metadata kept by the store */
const char        *ok_certificate_get_id                    (OkCertificate  *self);
void               ok_certificate_set_id                    (OkCertificate  *self,
                                                             const char     *id);
const char        *ok_certificate_get_name                  (OkCertificate  *self);
void               ok_certificate_set_name                  (OkCertificate  *self,
                                                             const char     *name);
OkEnvironment      ok_certificate_get_environment_override  (OkCertificate  *self);
void               ok_certificate_set_environment_override  (OkCertificate  *self,
                                                             OkEnvironment   environment);
OkEnvironment      ok_certificate_get_environment           (OkCertificate  *self);
gboolean           ok_certificate_get_has_private_key       (OkCertificate  *self);
void               ok_certificate_set_has_private_key       (OkCertificate  *self,
                                                             gboolean        has_private_key);
GPtrArray         *ok_certificate_get_chain                 (OkCertificate  *self);
void               ok_certificate_set_chain                 (OkCertificate  *self,
                                                             GPtrArray      *chain);
OkTrust            ok_certificate_get_trust                 (OkCertificate  *self);
void               ok_certificate_set_trust                 (OkCertificate  *self,
                                                             OkTrust         trust);

gboolean           ok_certificate_get_auto_renew            (OkCertificate  *self);
void               ok_certificate_set_auto_renew            (OkCertificate  *self,
                                                             gboolean        auto_renew);
guint              ok_certificate_get_renewal_window_days   (OkCertificate  *self);
void               ok_certificate_set_renewal_window_days   (OkCertificate  *self,
                                                             guint           days);
GPtrArray         *ok_certificate_get_deploy_actions        (OkCertificate  *self);
void               ok_certificate_set_deploy_actions        (OkCertificate  *self,
                                                             GPtrArray      *actions);
GPtrArray         *ok_certificate_dup_chain_der             (OkCertificate  *self);
GListModel        *ok_certificate_get_events                (OkCertificate  *self);
const char        *ok_certificate_get_facts_text            (OkCertificate  *self);
void               ok_certificate_append_event              (OkCertificate  *self,
                                                             OkEvent        *event);

G_END_DECLS
