/* ok-certificate.c — OkCertificate: the object and the facts of one X.509 certificate; what the
 * store keeps about it (name, chain, trust…) is in ok-certificate-metadata.c
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-certificate-private.h"

G_DEFINE_FINAL_TYPE (OkCertificate, ok_certificate, G_TYPE_OBJECT)

GParamSpec *ok_certificate_properties[OK_CERTIFICATE_N_PROPS];

G_DEFINE_QUARK (ok-certificate-error-quark, ok_certificate_error)

static gboolean
facts_from_cached_text (OkCertificate *self)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = g_steal_pointer (&self->facts_json);

  return json_parser_load_from_data (parser, text, -1, NULL) &&
         JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) &&
         ok_facts_from_json (&self->facts, json_node_get_object (json_parser_get_root (parser)), self->der);
}

static const OkCertificateFacts *
get_facts (OkCertificate *self)
{
  if (!self->facts_ready)
    {
      g_autoptr (GError) error = NULL;
      g_auto (gnutls_x509_crt_t) crt = NULL;

      if (self->facts_json != NULL && facts_from_cached_text (self))
        {
          self->facts_ready = TRUE;
          return &self->facts;
        }

      ok_facts_clear (&self->facts);
      crt = ok_certificate_import_der (self->der, &error);
      if (crt != NULL)
        ok_facts_parse (&self->facts, crt, self->der);
      else
        g_debug ("Cached certificate no longer parses: %s", error->message);

      self->facts_ready = TRUE;
    }

  return &self->facts;
}

/* The facts that the store gives as columns, without parsing anything. */
static const OkCertificateFacts *
get_core_facts (OkCertificate *self)
{
  return self->core_ready ? &self->facts : get_facts (self);
}

static const char *const empty_strv[] = { NULL };

static const char *const *
strv_or_empty (GStrv strv)
{
  return strv != NULL ? (const char *const *) strv : empty_strv;
}

static void
ok_certificate_finalize (GObject *object)
{
  OkCertificate *self = OK_CERTIFICATE (object);

  g_clear_pointer (&self->der, g_bytes_unref);
  ok_facts_clear (&self->facts);
  g_clear_pointer (&self->facts_json, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->chain, g_ptr_array_unref);
  g_clear_pointer (&self->deploy_actions, g_ptr_array_unref);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (ok_certificate_parent_class)->finalize (object);
}

static void
ok_certificate_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OkCertificate *self = OK_CERTIFICATE (object);

  switch (prop_id)
    {
    case OK_CERTIFICATE_PROP_SUBJECT:
      g_value_set_string (value, ok_certificate_get_subject (self));
      break;
    case OK_CERTIFICATE_PROP_SUBJECT_CN:
      g_value_set_string (value, ok_certificate_get_subject_cn (self));
      break;
    case OK_CERTIFICATE_PROP_ORGANISATION:
      g_value_set_string (value, ok_certificate_get_organisation (self));
      break;
    case OK_CERTIFICATE_PROP_CVR:
      g_value_set_string (value, ok_certificate_get_cvr (self));
      break;
    case OK_CERTIFICATE_PROP_UUID:
      g_value_set_string (value, ok_certificate_get_uuid (self));
      break;
    case OK_CERTIFICATE_PROP_EMAIL:
      g_value_set_string (value, ok_certificate_get_email (self));
      break;
    case OK_CERTIFICATE_PROP_KIND:
      g_value_set_enum (value, ok_certificate_get_kind (self));
      break;
    case OK_CERTIFICATE_PROP_DETECTED_ENVIRONMENT:
      g_value_set_enum (value, ok_certificate_get_detected_environment (self));
      break;
    case OK_CERTIFICATE_PROP_ISSUER:
      g_value_set_string (value, ok_certificate_get_issuer (self));
      break;
    case OK_CERTIFICATE_PROP_ISSUER_CN:
      g_value_set_string (value, ok_certificate_get_issuer_cn (self));
      break;
    case OK_CERTIFICATE_PROP_SERIAL:
      g_value_set_string (value, ok_certificate_get_serial (self));
      break;
    case OK_CERTIFICATE_PROP_NOT_BEFORE:
      g_value_set_int64 (value, ok_certificate_get_not_before (self));
      break;
    case OK_CERTIFICATE_PROP_NOT_AFTER:
      g_value_set_int64 (value, ok_certificate_get_not_after (self));
      break;
    case OK_CERTIFICATE_PROP_KEY_ALGORITHM:
      g_value_set_string (value, ok_certificate_get_key_algorithm (self));
      break;
    case OK_CERTIFICATE_PROP_KEY_BITS:
      g_value_set_uint (value, ok_certificate_get_key_bits (self));
      break;
    case OK_CERTIFICATE_PROP_SIGNATURE_ALGORITHM:
      g_value_set_string (value, ok_certificate_get_signature_algorithm (self));
      break;
    case OK_CERTIFICATE_PROP_SHA1_FINGERPRINT:
      g_value_set_string (value, ok_certificate_get_sha1_fingerprint (self));
      break;
    case OK_CERTIFICATE_PROP_SHA256_FINGERPRINT:
      g_value_set_string (value, ok_certificate_get_sha256_fingerprint (self));
      break;
    case OK_CERTIFICATE_PROP_KEY_USAGE:
      g_value_set_boxed (value, ok_certificate_get_key_usage (self));
      break;
    case OK_CERTIFICATE_PROP_POLICIES:
      g_value_set_boxed (value, ok_certificate_get_policies (self));
      break;
    case OK_CERTIFICATE_PROP_AIA_URLS:
      g_value_set_boxed (value, ok_certificate_get_aia_urls (self));
      break;
    case OK_CERTIFICATE_PROP_OCSP_URLS:
      g_value_set_boxed (value, ok_certificate_get_ocsp_urls (self));
      break;
    case OK_CERTIFICATE_PROP_CRL_URLS:
      g_value_set_boxed (value, ok_certificate_get_crl_urls (self));
      break;
    case OK_CERTIFICATE_PROP_IS_SELF_SIGNED:
      g_value_set_boolean (value, ok_certificate_get_is_self_signed (self));
      break;
    case OK_CERTIFICATE_PROP_ID:
      g_value_set_string (value, ok_certificate_get_id (self));
      break;
    case OK_CERTIFICATE_PROP_NAME:
      g_value_set_string (value, ok_certificate_get_name (self));
      break;
    case OK_CERTIFICATE_PROP_ENVIRONMENT_OVERRIDE:
      g_value_set_enum (value, ok_certificate_get_environment_override (self));
      break;
    case OK_CERTIFICATE_PROP_ENVIRONMENT:
      g_value_set_enum (value, ok_certificate_get_environment (self));
      break;
    case OK_CERTIFICATE_PROP_HAS_PRIVATE_KEY:
      g_value_set_boolean (value, ok_certificate_get_has_private_key (self));
      break;
    case OK_CERTIFICATE_PROP_CHAIN:
      g_value_set_boxed (value, ok_certificate_get_chain (self));
      break;
    case OK_CERTIFICATE_PROP_TRUST:
      g_value_set_enum (value, ok_certificate_get_trust (self));
      break;
    case OK_CERTIFICATE_PROP_AUTO_RENEW:
      g_value_set_boolean (value, self->auto_renew);
      break;
    case OK_CERTIFICATE_PROP_RENEWAL_WINDOW_DAYS:
      g_value_set_uint (value, self->renewal_window_days);
      break;
    case OK_CERTIFICATE_PROP_DEPLOY_ACTIONS:
      g_value_set_boxed (value, self->deploy_actions);
      break;
    case OK_CERTIFICATE_PROP_EVENTS:
      g_value_set_object (value, ok_certificate_get_events (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_certificate_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OkCertificate *self = OK_CERTIFICATE (object);

  switch (prop_id)
    {
    case OK_CERTIFICATE_PROP_ID:
      ok_certificate_set_id (self, g_value_get_string (value));
      break;
    case OK_CERTIFICATE_PROP_NAME:
      ok_certificate_set_name (self, g_value_get_string (value));
      break;
    case OK_CERTIFICATE_PROP_ENVIRONMENT_OVERRIDE:
      ok_certificate_set_environment_override (self, g_value_get_enum (value));
      break;
    case OK_CERTIFICATE_PROP_HAS_PRIVATE_KEY:
      ok_certificate_set_has_private_key (self, g_value_get_boolean (value));
      break;
    case OK_CERTIFICATE_PROP_CHAIN:
      ok_certificate_set_chain (self, g_value_get_boxed (value));
      break;
    case OK_CERTIFICATE_PROP_TRUST:
      ok_certificate_set_trust (self, g_value_get_enum (value));
      break;
    case OK_CERTIFICATE_PROP_AUTO_RENEW:
      ok_certificate_set_auto_renew (self, g_value_get_boolean (value));
      break;
    case OK_CERTIFICATE_PROP_RENEWAL_WINDOW_DAYS:
      ok_certificate_set_renewal_window_days (self, g_value_get_uint (value));
      break;
    case OK_CERTIFICATE_PROP_DEPLOY_ACTIONS:
      ok_certificate_set_deploy_actions (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
fact_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
fact_strv (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL, G_TYPE_STRV,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

#define METADATA_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
ok_certificate_class_init (OkCertificateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamSpec **properties = ok_certificate_properties;

  object_class->finalize = ok_certificate_finalize;
  object_class->get_property = ok_certificate_get_property;
  object_class->set_property = ok_certificate_set_property;

  properties[OK_CERTIFICATE_PROP_SUBJECT] = fact_string ("subject");
  properties[OK_CERTIFICATE_PROP_SUBJECT_CN] = fact_string ("subject-cn");
  properties[OK_CERTIFICATE_PROP_ORGANISATION] = fact_string ("organisation");
  properties[OK_CERTIFICATE_PROP_CVR] = fact_string ("cvr");
  properties[OK_CERTIFICATE_PROP_UUID] = fact_string ("uuid");
  properties[OK_CERTIFICATE_PROP_EMAIL] = fact_string ("email");
  properties[OK_CERTIFICATE_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       OK_TYPE_CERTIFICATE_KIND, OK_CERTIFICATE_KIND_OTHER,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[OK_CERTIFICATE_PROP_DETECTED_ENVIRONMENT] =
    g_param_spec_enum ("detected-environment", NULL, NULL,
                       OK_TYPE_ENVIRONMENT, OK_ENVIRONMENT_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[OK_CERTIFICATE_PROP_ISSUER] = fact_string ("issuer");
  properties[OK_CERTIFICATE_PROP_ISSUER_CN] = fact_string ("issuer-cn");
  properties[OK_CERTIFICATE_PROP_SERIAL] = fact_string ("serial");
  properties[OK_CERTIFICATE_PROP_NOT_BEFORE] =
    g_param_spec_int64 ("not-before", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[OK_CERTIFICATE_PROP_NOT_AFTER] =
    g_param_spec_int64 ("not-after", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[OK_CERTIFICATE_PROP_KEY_ALGORITHM] = fact_string ("key-algorithm");
  properties[OK_CERTIFICATE_PROP_KEY_BITS] =
    g_param_spec_uint ("key-bits", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[OK_CERTIFICATE_PROP_SIGNATURE_ALGORITHM] = fact_string ("signature-algorithm");
  properties[OK_CERTIFICATE_PROP_SHA1_FINGERPRINT] = fact_string ("sha1-fingerprint");
  properties[OK_CERTIFICATE_PROP_SHA256_FINGERPRINT] = fact_string ("sha256-fingerprint");
  properties[OK_CERTIFICATE_PROP_KEY_USAGE] = fact_strv ("key-usage");
  properties[OK_CERTIFICATE_PROP_POLICIES] = fact_strv ("policies");
  properties[OK_CERTIFICATE_PROP_AIA_URLS] = fact_strv ("aia-urls");
  properties[OK_CERTIFICATE_PROP_OCSP_URLS] = fact_strv ("ocsp-urls");
  properties[OK_CERTIFICATE_PROP_CRL_URLS] = fact_strv ("crl-urls");
  properties[OK_CERTIFICATE_PROP_IS_SELF_SIGNED] =
    g_param_spec_boolean ("is-self-signed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[OK_CERTIFICATE_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, METADATA_FLAGS);
  properties[OK_CERTIFICATE_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, METADATA_FLAGS);
  properties[OK_CERTIFICATE_PROP_ENVIRONMENT_OVERRIDE] =
    g_param_spec_enum ("environment-override", NULL, NULL,
                       OK_TYPE_ENVIRONMENT, OK_ENVIRONMENT_UNKNOWN, METADATA_FLAGS);
  properties[OK_CERTIFICATE_PROP_ENVIRONMENT] =
    g_param_spec_enum ("environment", NULL, NULL,
                       OK_TYPE_ENVIRONMENT, OK_ENVIRONMENT_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[OK_CERTIFICATE_PROP_HAS_PRIVATE_KEY] =
    g_param_spec_boolean ("has-private-key", NULL, NULL, FALSE, METADATA_FLAGS);
  properties[OK_CERTIFICATE_PROP_CHAIN] =
    g_param_spec_boxed ("chain", NULL, NULL, G_TYPE_PTR_ARRAY, METADATA_FLAGS);
  properties[OK_CERTIFICATE_PROP_TRUST] =
    g_param_spec_enum ("trust", NULL, NULL, OK_TYPE_TRUST, OK_TRUST_UNKNOWN, METADATA_FLAGS);
  properties[OK_CERTIFICATE_PROP_AUTO_RENEW] =
    g_param_spec_boolean ("auto-renew", NULL, NULL, FALSE, METADATA_FLAGS);
  /* 0 means the default window from the settings. */
  properties[OK_CERTIFICATE_PROP_RENEWAL_WINDOW_DAYS] =
    g_param_spec_uint ("renewal-window-days", NULL, NULL, 0, 365, 0, METADATA_FLAGS);
  /* What to do after each issuance or renewal (ok-deploy.h): a GPtrArray of OkDeployAction. */
  properties[OK_CERTIFICATE_PROP_DEPLOY_ACTIONS] =
    g_param_spec_boxed ("deploy-actions", NULL, NULL, G_TYPE_PTR_ARRAY, METADATA_FLAGS);
  properties[OK_CERTIFICATE_PROP_EVENTS] =
    g_param_spec_object ("events", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, OK_CERTIFICATE_N_PROPS, properties);
}

static void
ok_certificate_init (OkCertificate *self)
{
  self->chain = g_ptr_array_new_with_free_func (g_object_unref);
  self->deploy_actions = g_ptr_array_new_with_free_func (g_object_unref);
}

/* The constructors in ok-certificate-load.c end here. @facts is taken over and cleared;
 * without facts the DER is parsed when a fact is first asked for. */
OkCertificate *
ok_certificate_new_internal (GBytes             *der,
                             OkCertificateFacts *facts)
{
  OkCertificate *self = g_object_new (OK_TYPE_CERTIFICATE, NULL);

  self->der = g_bytes_ref (der);
  if (facts != NULL)
    {
      self->facts = *facts;
      memset (facts, 0, sizeof *facts);
      self->facts_ready = TRUE;
    }

  return self;
}

/**
 * ok_certificate_list_from_der:
 * @der_list: (element-type GBytes) (nullable): certificates, DER
 *
 * Returns: (transfer full) (element-type OkCertificate): the certificates, in the same order,
 *   or %NULL if one of them is not a certificate
 */
GPtrArray *
ok_certificate_list_from_der (GPtrArray  *der_list,
                              GError    **error)
{
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; der_list != NULL && i < der_list->len; i++)
    {
      OkCertificate *certificate = ok_certificate_new_from_der (g_ptr_array_index (der_list, i), error);

      if (certificate == NULL)
        return NULL;
      g_ptr_array_add (certificates, certificate);
    }

  return g_steal_pointer (&certificates);
}

/**
 * ok_certificate_new_from_store:
 * @facts_json: (nullable): the cached facts (ok_certificate_facts_to_json()) of @der
 *
 * Builds a certificate from what the store keeps: the facts every view needs as given, the rest
 * parsed from @facts_json — or, if that is unusable, from @der — the first time one of them is
 * asked for. Listing thousands of certificates then parses nothing.
 *
 * Returns: (transfer full): the certificate
 */
OkCertificate *
ok_certificate_new_from_store (GBytes            *der,
                               const char        *facts_json,
                               const char        *subject_cn,
                               const char        *organisation,
                               const char        *cvr,
                               const char        *uuid,
                               OkCertificateKind  kind,
                               OkEnvironment      environment,
                               const char        *serial,
                               gint64             not_before,
                               gint64             not_after)
{
  OkCertificate *self;

  g_return_val_if_fail (der != NULL, NULL);

  self = g_object_new (OK_TYPE_CERTIFICATE, NULL);
  self->der = g_bytes_ref (der);
  self->facts_json = g_strdup (facts_json);
  self->facts.subject_cn = g_strdup (subject_cn);
  self->facts.organisation = g_strdup (organisation);
  self->facts.cvr = g_strdup (cvr);
  self->facts.uuid = g_strdup (uuid);
  self->facts.kind = kind;
  self->facts.environment = environment;
  self->facts.serial = g_strdup (serial);
  self->facts.not_before = not_before;
  self->facts.not_after = not_after;
  self->core_ready = serial != NULL;

  return self;
}

/**
 * ok_certificate_get_der:
 *
 * Returns: (transfer none): the DER encoding
 */
GBytes *
ok_certificate_get_der (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  return self->der;
}

gboolean
ok_certificate_equal_der (OkCertificate *self,
                          OkCertificate *other)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), FALSE);
  g_return_val_if_fail (OK_IS_CERTIFICATE (other), FALSE);

  return self == other || g_bytes_equal (self->der, other->der);
}

/**
 * ok_certificate_facts_to_json:
 *
 * The parsed facts as one JSON object with these members: `facts_version`, `subject`,
 * `subject_cn`, `organisation`, `cvr`, `uuid`, `email` (strings, null when absent), `kind`
 * (an ok_certificate_kind_to_string() id), `environment` (the *detected* environment, an
 * ok_environment_to_string() id), `issuer`, `issuer_cn`, `serial`, `not_before` and
 * `not_after` (ISO 8601 UTC), `not_before_unix` and `not_after_unix` (seconds),
 * `key_algorithm`, `key_bits`, `signature_algorithm`, `sha1_fingerprint`,
 * `sha256_fingerprint`, `key_usage`, `policies`, `aia_urls`, `ocsp_urls`, `crl_urls`
 * (arrays of strings) and `is_self_signed`. Metadata (name, id, trust…) is not included.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
ok_certificate_facts_to_json (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  /* The store's cached text is this very JSON: handed on as it is, when it is of this version
   * (the store wrote it with the certificate, in one row). */
  if (ok_certificate_get_facts_text (self) != NULL)
    {
      g_autoptr (JsonParser) parser = json_parser_new_immutable ();

      if (json_parser_load_from_data (parser, self->facts_json, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return json_parser_steal_root (parser);
    }

  return ok_facts_to_json (get_facts (self));
}

/**
 * ok_certificate_get_facts_text:
 *
 * Returns: (nullable): the facts as the store keeps them — compact JSON text, what
 *   ok_certificate_facts_to_json() returns — when they are of this version; %NULL otherwise
 */
const char *
ok_certificate_get_facts_text (OkCertificate *self)
{
  static const char prefix[] = "{\"facts_version\":" G_STRINGIFY (OK_CERTIFICATE_FACTS_VERSION) ",";

  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  if (self->facts_json == NULL || !g_str_has_prefix (self->facts_json, prefix))
    return NULL;

  return self->facts_json;
}

gnutls_x509_crt_t
ok_certificate_dup_crt (OkCertificate  *self,
                        GError        **error)
{
  return ok_certificate_import_der (self->der, error);
}

#define DEFINE_FACT_GETTER(type, field, fallback)                 \
  type                                                            \
  ok_certificate_get_##field (OkCertificate *self)                \
  {                                                               \
    g_return_val_if_fail (OK_IS_CERTIFICATE (self), fallback);    \
    return get_facts (self)->field;                               \
  }

#define DEFINE_CORE_GETTER(type, field, fallback)                 \
  type                                                            \
  ok_certificate_get_##field (OkCertificate *self)                \
  {                                                               \
    g_return_val_if_fail (OK_IS_CERTIFICATE (self), fallback);    \
    return get_core_facts (self)->field;                          \
  }

#define DEFINE_STRV_GETTER(field)                                 \
  const char *const *                                             \
  ok_certificate_get_##field (OkCertificate *self)                \
  {                                                               \
    g_return_val_if_fail (OK_IS_CERTIFICATE (self), empty_strv);  \
    return strv_or_empty (get_facts (self)->field);               \
  }

DEFINE_FACT_GETTER (const char *, subject, NULL)
DEFINE_CORE_GETTER (const char *, subject_cn, NULL)
DEFINE_CORE_GETTER (const char *, organisation, NULL)
DEFINE_CORE_GETTER (const char *, cvr, NULL)
DEFINE_CORE_GETTER (const char *, uuid, NULL)
DEFINE_FACT_GETTER (const char *, email, NULL)
DEFINE_CORE_GETTER (OkCertificateKind, kind, OK_CERTIFICATE_KIND_OTHER)
DEFINE_FACT_GETTER (const char *, issuer, NULL)
DEFINE_FACT_GETTER (const char *, issuer_cn, NULL)
DEFINE_CORE_GETTER (const char *, serial, NULL)
DEFINE_CORE_GETTER (gint64, not_before, 0)
DEFINE_CORE_GETTER (gint64, not_after, 0)
DEFINE_FACT_GETTER (const char *, key_algorithm, NULL)
DEFINE_FACT_GETTER (guint, key_bits, 0)
DEFINE_FACT_GETTER (const char *, signature_algorithm, NULL)
DEFINE_FACT_GETTER (const char *, sha1_fingerprint, NULL)
DEFINE_FACT_GETTER (const char *, sha256_fingerprint, NULL)
DEFINE_FACT_GETTER (gboolean, is_self_signed, FALSE)
DEFINE_STRV_GETTER (key_usage)
DEFINE_STRV_GETTER (policies)
DEFINE_STRV_GETTER (aia_urls)
DEFINE_STRV_GETTER (ocsp_urls)
DEFINE_STRV_GETTER (crl_urls)

OkEnvironment
ok_certificate_get_detected_environment (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), OK_ENVIRONMENT_UNKNOWN);

  return get_core_facts (self)->environment;
}

/**
 * ok_certificate_dup_not_before:
 *
 * Returns: (transfer full): the start of validity in UTC
 */
GDateTime *
ok_certificate_dup_not_before (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  return g_date_time_new_from_unix_utc (get_core_facts (self)->not_before);
}

/**
 * ok_certificate_dup_not_after:
 *
 * Returns: (transfer full): the end of validity in UTC
 */
GDateTime *
ok_certificate_dup_not_after (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  return g_date_time_new_from_unix_utc (get_core_facts (self)->not_after);
}

/* X.509 validity is inclusive at both ends (RFC 5280 4.1.2.5). */
OkValidity
ok_certificate_get_validity_at (OkCertificate *self,
                                gint64         unix_time)
{
  const OkCertificateFacts *facts;

  g_return_val_if_fail (OK_IS_CERTIFICATE (self), OK_VALIDITY_EXPIRED);

  facts = get_core_facts (self);
  if (unix_time < facts->not_before)
    return OK_VALIDITY_NOT_YET_VALID;
  if (unix_time > facts->not_after)
    return OK_VALIDITY_EXPIRED;

  return OK_VALIDITY_VALID;
}

gboolean
ok_certificate_is_valid_at (OkCertificate *self,
                            gint64         unix_time)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), FALSE);

  return ok_certificate_get_validity_at (self, unix_time) == OK_VALIDITY_VALID;
}
