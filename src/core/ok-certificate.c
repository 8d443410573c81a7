/* ok-certificate.c — OkCertificate: the facts of one X.509 certificate plus the store's metadata
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-certificate-private.h"
#include "ok-text.h"

/* Like most GObjects, an OkCertificate belongs to one thread at a time: the lazy parse
 * below is not locked. */
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

G_DEFINE_FINAL_TYPE (OkCertificate, ok_certificate, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SUBJECT,
  PROP_SUBJECT_CN,
  PROP_ORGANISATION,
  PROP_CVR,
  PROP_UUID,
  PROP_EMAIL,
  PROP_KIND,
  PROP_DETECTED_ENVIRONMENT,
  PROP_ISSUER,
  PROP_ISSUER_CN,
  PROP_SERIAL,
  PROP_NOT_BEFORE,
  PROP_NOT_AFTER,
  PROP_KEY_ALGORITHM,
  PROP_KEY_BITS,
  PROP_SIGNATURE_ALGORITHM,
  PROP_SHA1_FINGERPRINT,
  PROP_SHA256_FINGERPRINT,
  PROP_KEY_USAGE,
  PROP_POLICIES,
  PROP_AIA_URLS,
  PROP_OCSP_URLS,
  PROP_CRL_URLS,
  PROP_IS_SELF_SIGNED,
  PROP_ID,
  PROP_NAME,
  PROP_ENVIRONMENT_OVERRIDE,
  PROP_ENVIRONMENT,
  PROP_HAS_PRIVATE_KEY,
  PROP_CHAIN,
  PROP_TRUST,
  PROP_AUTO_RENEW,
  PROP_RENEWAL_WINDOW_DAYS,
  PROP_DEPLOY_ACTIONS,
  PROP_EVENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (ok-certificate-error-quark, ok_certificate_error)

/* g_set_str() needs GLib 2.76. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

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
    case PROP_SUBJECT:
      g_value_set_string (value, ok_certificate_get_subject (self));
      break;
    case PROP_SUBJECT_CN:
      g_value_set_string (value, ok_certificate_get_subject_cn (self));
      break;
    case PROP_ORGANISATION:
      g_value_set_string (value, ok_certificate_get_organisation (self));
      break;
    case PROP_CVR:
      g_value_set_string (value, ok_certificate_get_cvr (self));
      break;
    case PROP_UUID:
      g_value_set_string (value, ok_certificate_get_uuid (self));
      break;
    case PROP_EMAIL:
      g_value_set_string (value, ok_certificate_get_email (self));
      break;
    case PROP_KIND:
      g_value_set_enum (value, ok_certificate_get_kind (self));
      break;
    case PROP_DETECTED_ENVIRONMENT:
      g_value_set_enum (value, ok_certificate_get_detected_environment (self));
      break;
    case PROP_ISSUER:
      g_value_set_string (value, ok_certificate_get_issuer (self));
      break;
    case PROP_ISSUER_CN:
      g_value_set_string (value, ok_certificate_get_issuer_cn (self));
      break;
    case PROP_SERIAL:
      g_value_set_string (value, ok_certificate_get_serial (self));
      break;
    case PROP_NOT_BEFORE:
      g_value_set_int64 (value, ok_certificate_get_not_before (self));
      break;
    case PROP_NOT_AFTER:
      g_value_set_int64 (value, ok_certificate_get_not_after (self));
      break;
    case PROP_KEY_ALGORITHM:
      g_value_set_string (value, ok_certificate_get_key_algorithm (self));
      break;
    case PROP_KEY_BITS:
      g_value_set_uint (value, ok_certificate_get_key_bits (self));
      break;
    case PROP_SIGNATURE_ALGORITHM:
      g_value_set_string (value, ok_certificate_get_signature_algorithm (self));
      break;
    case PROP_SHA1_FINGERPRINT:
      g_value_set_string (value, ok_certificate_get_sha1_fingerprint (self));
      break;
    case PROP_SHA256_FINGERPRINT:
      g_value_set_string (value, ok_certificate_get_sha256_fingerprint (self));
      break;
    case PROP_KEY_USAGE:
      g_value_set_boxed (value, ok_certificate_get_key_usage (self));
      break;
    case PROP_POLICIES:
      g_value_set_boxed (value, ok_certificate_get_policies (self));
      break;
    case PROP_AIA_URLS:
      g_value_set_boxed (value, ok_certificate_get_aia_urls (self));
      break;
    case PROP_OCSP_URLS:
      g_value_set_boxed (value, ok_certificate_get_ocsp_urls (self));
      break;
    case PROP_CRL_URLS:
      g_value_set_boxed (value, ok_certificate_get_crl_urls (self));
      break;
    case PROP_IS_SELF_SIGNED:
      g_value_set_boolean (value, ok_certificate_get_is_self_signed (self));
      break;
    case PROP_ID:
      g_value_set_string (value, ok_certificate_get_id (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, ok_certificate_get_name (self));
      break;
    case PROP_ENVIRONMENT_OVERRIDE:
      g_value_set_enum (value, ok_certificate_get_environment_override (self));
      break;
    case PROP_ENVIRONMENT:
      g_value_set_enum (value, ok_certificate_get_environment (self));
      break;
    case PROP_HAS_PRIVATE_KEY:
      g_value_set_boolean (value, ok_certificate_get_has_private_key (self));
      break;
    case PROP_CHAIN:
      g_value_set_boxed (value, ok_certificate_get_chain (self));
      break;
    case PROP_TRUST:
      g_value_set_enum (value, ok_certificate_get_trust (self));
      break;
    case PROP_AUTO_RENEW:
      g_value_set_boolean (value, self->auto_renew);
      break;
    case PROP_RENEWAL_WINDOW_DAYS:
      g_value_set_uint (value, self->renewal_window_days);
      break;
    case PROP_DEPLOY_ACTIONS:
      g_value_set_boxed (value, self->deploy_actions);
      break;
    case PROP_EVENTS:
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
    case PROP_ID:
      ok_certificate_set_id (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      ok_certificate_set_name (self, g_value_get_string (value));
      break;
    case PROP_ENVIRONMENT_OVERRIDE:
      ok_certificate_set_environment_override (self, g_value_get_enum (value));
      break;
    case PROP_HAS_PRIVATE_KEY:
      ok_certificate_set_has_private_key (self, g_value_get_boolean (value));
      break;
    case PROP_CHAIN:
      ok_certificate_set_chain (self, g_value_get_boxed (value));
      break;
    case PROP_TRUST:
      ok_certificate_set_trust (self, g_value_get_enum (value));
      break;
    case PROP_AUTO_RENEW:
      ok_certificate_set_auto_renew (self, g_value_get_boolean (value));
      break;
    case PROP_RENEWAL_WINDOW_DAYS:
      ok_certificate_set_renewal_window_days (self, g_value_get_uint (value));
      break;
    case PROP_DEPLOY_ACTIONS:
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

  object_class->finalize = ok_certificate_finalize;
  object_class->get_property = ok_certificate_get_property;
  object_class->set_property = ok_certificate_set_property;

  properties[PROP_SUBJECT] = fact_string ("subject");
  properties[PROP_SUBJECT_CN] = fact_string ("subject-cn");
  properties[PROP_ORGANISATION] = fact_string ("organisation");
  properties[PROP_CVR] = fact_string ("cvr");
  properties[PROP_UUID] = fact_string ("uuid");
  properties[PROP_EMAIL] = fact_string ("email");
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       OK_TYPE_CERTIFICATE_KIND, OK_CERTIFICATE_KIND_OTHER,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETECTED_ENVIRONMENT] =
    g_param_spec_enum ("detected-environment", NULL, NULL,
                       OK_TYPE_ENVIRONMENT, OK_ENVIRONMENT_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ISSUER] = fact_string ("issuer");
  properties[PROP_ISSUER_CN] = fact_string ("issuer-cn");
  properties[PROP_SERIAL] = fact_string ("serial");
  properties[PROP_NOT_BEFORE] =
    g_param_spec_int64 ("not-before", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOT_AFTER] =
    g_param_spec_int64 ("not-after", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY_ALGORITHM] = fact_string ("key-algorithm");
  properties[PROP_KEY_BITS] =
    g_param_spec_uint ("key-bits", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNATURE_ALGORITHM] = fact_string ("signature-algorithm");
  properties[PROP_SHA1_FINGERPRINT] = fact_string ("sha1-fingerprint");
  properties[PROP_SHA256_FINGERPRINT] = fact_string ("sha256-fingerprint");
  properties[PROP_KEY_USAGE] = fact_strv ("key-usage");
  properties[PROP_POLICIES] = fact_strv ("policies");
  properties[PROP_AIA_URLS] = fact_strv ("aia-urls");
  properties[PROP_OCSP_URLS] = fact_strv ("ocsp-urls");
  properties[PROP_CRL_URLS] = fact_strv ("crl-urls");
  properties[PROP_IS_SELF_SIGNED] =
    g_param_spec_boolean ("is-self-signed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, METADATA_FLAGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, METADATA_FLAGS);
  properties[PROP_ENVIRONMENT_OVERRIDE] =
    g_param_spec_enum ("environment-override", NULL, NULL,
                       OK_TYPE_ENVIRONMENT, OK_ENVIRONMENT_UNKNOWN, METADATA_FLAGS);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_enum ("environment", NULL, NULL,
                       OK_TYPE_ENVIRONMENT, OK_ENVIRONMENT_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_PRIVATE_KEY] =
    g_param_spec_boolean ("has-private-key", NULL, NULL, FALSE, METADATA_FLAGS);
  properties[PROP_CHAIN] =
    g_param_spec_boxed ("chain", NULL, NULL, G_TYPE_PTR_ARRAY, METADATA_FLAGS);
  properties[PROP_TRUST] =
    g_param_spec_enum ("trust", NULL, NULL, OK_TYPE_TRUST, OK_TRUST_UNKNOWN, METADATA_FLAGS);
  properties[PROP_AUTO_RENEW] =
    g_param_spec_boolean ("auto-renew", NULL, NULL, FALSE, METADATA_FLAGS);
  /* 0 means the default window from the settings. */
  properties[PROP_RENEWAL_WINDOW_DAYS] =
    g_param_spec_uint ("renewal-window-days", NULL, NULL, 0, 365, 0, METADATA_FLAGS);
  /* What to do after each issuance or renewal (ok-deploy.h): a GPtrArray of OkDeployAction. */
  properties[PROP_DEPLOY_ACTIONS] =
    g_param_spec_boxed ("deploy-actions", NULL, NULL, G_TYPE_PTR_ARRAY, METADATA_FLAGS);
  properties[PROP_EVENTS] =
    g_param_spec_object ("events", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
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

const char *
ok_certificate_get_id (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  return self->id;
}

void
ok_certificate_set_id (OkCertificate *self,
                       const char    *id)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));

  if (set_string (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

/**
 * ok_certificate_get_name:
 *
 * Returns: the name the user gave, or the subject CN when none was given (or, for a
 *   certificate without a CN, the subject DN)
 */
const char *
ok_certificate_get_name (OkCertificate *self)
{
  const OkCertificateFacts *facts;

  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  if (self->name != NULL)
    return self->name;

  facts = get_core_facts (self);
  if (facts->subject_cn != NULL)
    return facts->subject_cn;

  return get_facts (self)->subject;
}

/**
 * ok_certificate_set_name:
 * @name: (nullable): the new name; %NULL or "" returns to the default
 */
void
ok_certificate_set_name (OkCertificate *self,
                         const char    *name)
{
  g_autofree char *before = NULL;
  g_autofree char *cleaned = NULL;

  g_return_if_fail (OK_IS_CERTIFICATE (self));

  /* Where people type names, ok_text_check_name() refuses control characters with an error;
   * a name from elsewhere (an older store) is still never shown with one. */
  if (!ok_text_check_name (name, NULL))
    name = cleaned = g_strdelimit (ok_text_strip_controls (name), "\n\t", ' ');

  if (name != NULL && *name == '\0')
    name = NULL;

  before = g_strdup (ok_certificate_get_name (self));
  set_string (&self->name, name);
  if (g_strcmp0 (before, ok_certificate_get_name (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

OkEnvironment
ok_certificate_get_environment_override (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), OK_ENVIRONMENT_UNKNOWN);

  return self->environment_override;
}

void
ok_certificate_set_environment_override (OkCertificate *self,
                                         OkEnvironment  environment)
{
  OkEnvironment before;

  g_return_if_fail (OK_IS_CERTIFICATE (self));
  g_return_if_fail (environment <= OK_ENVIRONMENT_PROD);

  if (self->environment_override == environment)
    return;

  before = ok_certificate_get_environment (self);
  self->environment_override = environment;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT_OVERRIDE]);
  if (before != ok_certificate_get_environment (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

/**
 * ok_certificate_get_environment:
 *
 * Returns: the environment override when one is set, else the detected environment
 */
OkEnvironment
ok_certificate_get_environment (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), OK_ENVIRONMENT_UNKNOWN);

  if (self->environment_override != OK_ENVIRONMENT_UNKNOWN)
    return self->environment_override;

  return get_core_facts (self)->environment;
}

gboolean
ok_certificate_get_has_private_key (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), FALSE);

  return self->has_private_key;
}

void
ok_certificate_set_has_private_key (OkCertificate *self,
                                    gboolean       has_private_key)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));

  has_private_key = !!has_private_key;
  if (self->has_private_key == has_private_key)
    return;

  self->has_private_key = has_private_key;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PRIVATE_KEY]);
}

/**
 * ok_certificate_get_chain:
 *
 * The issuing CA certificates kept with this one, nearest issuer first as far as the source
 * ordered them. Never %NULL; empty when there is no chain.
 *
 * Returns: (transfer none) (element-type OkCertificate): the chain
 */
GPtrArray *
ok_certificate_get_chain (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  return self->chain;
}

static gboolean
chains_equal (GPtrArray *a,
              GPtrArray *b)
{
  guint length_b = b != NULL ? b->len : 0;

  if (a->len != length_b)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (!ok_certificate_equal_der (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;

  return TRUE;
}

/**
 * ok_certificate_set_chain:
 * @chain: (nullable) (element-type OkCertificate): the issuing CA certificates
 *
 * Copies @chain (taking references to its certificates), so the caller keeps its array.
 */
void
ok_certificate_set_chain (OkCertificate *self,
                          GPtrArray     *chain)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));

  if (chains_equal (self->chain, chain))
    return;

  for (guint i = 0; chain != NULL && i < chain->len; i++)
    g_return_if_fail (OK_IS_CERTIFICATE (g_ptr_array_index (chain, i)));

  g_ptr_array_set_size (self->chain, 0);
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    g_ptr_array_add (self->chain, g_object_ref (g_ptr_array_index (chain, i)));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAIN]);
}

OkTrust
ok_certificate_get_trust (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), OK_TRUST_UNKNOWN);

  return self->trust;
}

void
ok_certificate_set_trust (OkCertificate *self,
                          OkTrust        trust)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));
  g_return_if_fail (trust <= OK_TRUST_ANCHOR);

  if (self->trust == trust)
    return;

  self->trust = trust;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUST]);
}

gboolean
ok_certificate_get_auto_renew (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), FALSE);

  return self->auto_renew;
}

void
ok_certificate_set_auto_renew (OkCertificate *self,
                               gboolean       auto_renew)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));

  auto_renew = !!auto_renew;
  if (self->auto_renew == auto_renew)
    return;

  self->auto_renew = auto_renew;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_RENEW]);
}

guint
ok_certificate_get_renewal_window_days (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), 0);

  return self->renewal_window_days;
}

void
ok_certificate_set_renewal_window_days (OkCertificate *self,
                                        guint          days)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));

  if (self->renewal_window_days == days)
    return;

  self->renewal_window_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENEWAL_WINDOW_DAYS]);
}

/**
 * ok_certificate_get_deploy_actions:
 *
 * Returns: (transfer none) (element-type OkDeployAction): the deploy actions, in the order
 *   they were configured; empty when there are none
 */
GPtrArray *
ok_certificate_get_deploy_actions (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  return self->deploy_actions;
}

/**
 * ok_certificate_set_deploy_actions:
 * @actions: (nullable) (element-type OkDeployAction): the new list; %NULL for none
 *
 * Copies @actions (taking references), so the caller keeps its array. Actions are immutable,
 * so an unchanged list is recognised by identity.
 */
void
ok_certificate_set_deploy_actions (OkCertificate *self,
                                   GPtrArray     *actions)
{
  guint length = actions != NULL ? actions->len : 0;
  gboolean same;

  g_return_if_fail (OK_IS_CERTIFICATE (self));

  same = self->deploy_actions->len == length;

  for (guint i = 0; i < length; i++)
    {
      g_return_if_fail (OK_IS_DEPLOY_ACTION (g_ptr_array_index (actions, i)));
      same = same && g_ptr_array_index (self->deploy_actions, i) == g_ptr_array_index (actions, i);
    }

  if (same)
    return;

  g_ptr_array_set_size (self->deploy_actions, 0);
  for (guint i = 0; i < length; i++)
    g_ptr_array_add (self->deploy_actions, g_object_ref (g_ptr_array_index (actions, i)));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPLOY_ACTIONS]);
}

/**
 * ok_certificate_get_events:
 *
 * Returns: (transfer none): the event log, a #GListModel of #OkEvent, oldest first
 */
GListModel *
ok_certificate_get_events (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  if (self->events == NULL)
    self->events = g_list_store_new (OK_TYPE_EVENT);

  return G_LIST_MODEL (self->events);
}

void
ok_certificate_append_event (OkCertificate *self,
                             OkEvent       *event)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));
  g_return_if_fail (OK_IS_EVENT (event));

  g_list_store_append (G_LIST_STORE (ok_certificate_get_events (self)), event);
}

/**
 * ok_certificate_dup_chain_der:
 *
 * Returns: (transfer container) (element-type GBytes): the chain as DER, issuing CA first —
 *   the form the import, export and TLS functions take
 */
GPtrArray *
ok_certificate_dup_chain_der (OkCertificate *self)
{
  GPtrArray *chain;
  GPtrArray *der = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_return_val_if_fail (OK_IS_CERTIFICATE (self), der);

  chain = ok_certificate_get_chain (self);
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    g_ptr_array_add (der, g_bytes_ref (ok_certificate_get_der (g_ptr_array_index (chain, i))));

  return der;
}
