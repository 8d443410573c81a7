/* ok-certificate-json.c — a certificate's facts as a JSON object, and back from a cache
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-certificate-private.h"

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_strv (JsonBuilder       *builder,
          const char        *key,
          const char *const *values)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *key,
          const char  *unix_key,
          gint64       unix_time)
{
  g_autoptr (GDateTime) date_time = g_date_time_new_from_unix_utc (unix_time);
  g_autofree char *iso = date_time != NULL ? g_date_time_format_iso8601 (date_time) : NULL;

  add_string (builder, key, iso);
  json_builder_set_member_name (builder, unix_key);
  json_builder_add_int_value (builder, unix_time);
}

JsonNode *
ok_facts_to_json (const OkCertificateFacts *facts)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "facts_version");
  json_builder_add_int_value (builder, OK_CERTIFICATE_FACTS_VERSION);
  add_string (builder, "subject", facts->subject);
  add_string (builder, "subject_cn", facts->subject_cn);
  add_string (builder, "organisation", facts->organisation);
  add_string (builder, "cvr", facts->cvr);
  add_string (builder, "uuid", facts->uuid);
  add_string (builder, "email", facts->email);
  add_string (builder, "kind", ok_certificate_kind_to_string (facts->kind));
  add_string (builder, "environment", ok_environment_to_string (facts->environment));
  add_string (builder, "issuer", facts->issuer);
  add_string (builder, "issuer_cn", facts->issuer_cn);
  add_string (builder, "serial", facts->serial);
  add_time (builder, "not_before", "not_before_unix", facts->not_before);
  add_time (builder, "not_after", "not_after_unix", facts->not_after);
  add_string (builder, "key_algorithm", facts->key_algorithm);
  json_builder_set_member_name (builder, "key_bits");
  json_builder_add_int_value (builder, facts->key_bits);
  add_string (builder, "signature_algorithm", facts->signature_algorithm);
  add_string (builder, "sha1_fingerprint", facts->sha1_fingerprint);
  add_string (builder, "sha256_fingerprint", facts->sha256_fingerprint);
  add_strv (builder, "key_usage", (const char *const *) facts->key_usage);
  add_strv (builder, "policies", (const char *const *) facts->policies);
  add_strv (builder, "aia_urls", (const char *const *) facts->aia_urls);
  add_strv (builder, "ocsp_urls", (const char *const *) facts->ocsp_urls);
  add_strv (builder, "crl_urls", (const char *const *) facts->crl_urls);
  json_builder_set_member_name (builder, "is_self_signed");
  json_builder_add_boolean_value (builder, facts->is_self_signed);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The readers below refuse a member that is missing or of the wrong type, so a cache written
 * by another version or edited by hand falls back to parsing instead of showing wrong facts. */

static gboolean
read_string (JsonObject  *object,
             const char  *key,
             gboolean     nullable,
             char       **value)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = NULL;
      return nullable;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_int (JsonObject *object,
          const char *key,
          gint64     *value)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_boolean (JsonObject *object,
              const char *key,
              gboolean   *value)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_strv (JsonObject  *object,
           const char  *key,
           GStrv       *value)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autoptr (GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return FALSE;
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *value = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_kind (JsonObject        *object,
           OkCertificateKind *kind)
{
  g_autofree char *string = NULL;

  return read_string (object, "kind", FALSE, &string)
         && ok_certificate_kind_from_string (string, kind);
}

static gboolean
read_environment (JsonObject    *object,
                  OkEnvironment *environment)
{
  g_autofree char *string = NULL;

  return read_string (object, "environment", FALSE, &string)
         && ok_environment_from_string (string, environment);
}

static gboolean
read_facts (OkCertificateFacts *facts,
            JsonObject         *object)
{
  gint64 version, key_bits;

  if (!(read_int (object, "facts_version", &version)
        && version == OK_CERTIFICATE_FACTS_VERSION
        && read_string (object, "subject", FALSE, &facts->subject)
        && read_string (object, "subject_cn", TRUE, &facts->subject_cn)
        && read_string (object, "organisation", TRUE, &facts->organisation)
        && read_string (object, "cvr", TRUE, &facts->cvr)
        && read_string (object, "uuid", TRUE, &facts->uuid)
        && read_string (object, "email", TRUE, &facts->email)
        && read_kind (object, &facts->kind)
        && read_environment (object, &facts->environment)
        && read_string (object, "issuer", FALSE, &facts->issuer)
        && read_string (object, "issuer_cn", TRUE, &facts->issuer_cn)
        && read_string (object, "serial", FALSE, &facts->serial)
        && read_int (object, "not_before_unix", &facts->not_before)
        && read_int (object, "not_after_unix", &facts->not_after)
        && read_string (object, "key_algorithm", FALSE, &facts->key_algorithm)
        && read_int (object, "key_bits", &key_bits)
        && key_bits >= 0 && key_bits <= G_MAXUINT
        && read_string (object, "signature_algorithm", FALSE, &facts->signature_algorithm)
        && read_string (object, "sha1_fingerprint", FALSE, &facts->sha1_fingerprint)
        && read_string (object, "sha256_fingerprint", FALSE, &facts->sha256_fingerprint)
        && read_strv (object, "key_usage", &facts->key_usage)
        && read_strv (object, "policies", &facts->policies)
        && read_strv (object, "aia_urls", &facts->aia_urls)
        && read_strv (object, "ocsp_urls", &facts->ocsp_urls)
        && read_strv (object, "crl_urls", &facts->crl_urls)
        && read_boolean (object, "is_self_signed", &facts->is_self_signed)))
    return FALSE;

  facts->key_bits = key_bits;
  return TRUE;
}

/* Hashing the DER costs microseconds where parsing costs far more; comparing the cached
 * fingerprint catches a cache that no longer belongs to the certificate beside it. */
gboolean
ok_facts_from_json (OkCertificateFacts *facts,
                    JsonObject         *object,
                    GBytes             *der)
{
  g_autofree char *fingerprint = NULL;

  ok_facts_clear (facts);

  if (object == NULL || !read_facts (facts, object))
    {
      ok_facts_clear (facts);
      return FALSE;
    }

  fingerprint = ok_certificate_fingerprint (der, GNUTLS_DIG_SHA256);
  if (g_strcmp0 (fingerprint, facts->sha256_fingerprint) != 0)
    {
      ok_facts_clear (facts);
      return FALSE;
    }

  return TRUE;
}
