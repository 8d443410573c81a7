/* ok-store-legacy.c — reads one certificate's folder of the store before version 0.2
 *
 * Before the SQLite store, an entry was `certificates/<id>/` with `metadata.json` and one
 * folder per generation (named by the certificate's serial) holding `certificate.pem`,
 * `chain.pem` and, in the current one, the encrypted `key.p8`. Only the migration
 * (ok-store-migrate.c) reads them now.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>

#include "ok-chain.h"
#include "ok-store.h"
#include "ok-store-legacy.h"

static OkLegacyRecord *
ok_legacy_record_new (const char *dir,
                     const char *current)
{
  OkLegacyRecord *record = g_new0 (OkLegacyRecord, 1);

  record->dir = g_strdup (dir);
  record->current = g_strdup (current);
  record->history = g_new0 (char *, 1);
  record->state = json_object_new ();

  return record;
}

void
ok_legacy_record_free (OkLegacyRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->dir);
  g_free (record->current);
  g_strfreev (record->history);
  g_clear_pointer (&record->state, json_object_unref);
  g_free (record);
}

static char *
sha256_hex (const char *data,
            gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

/* Trust does not depend on the clock (ok_chain_verify() leaves time to OkValidity), only on
 * the certificate, its chain and the pinned roots, so it is cached like the facts: tied to the
 * exact certificate and chain files and to the pins and rules of this version. A miss only
 * costs a verification. */
#define TRUST_CACHE_VERSION "1"

static char *
trust_cache_key (const char *certificate_sha256,
                 const char *chain_sha256)
{
  g_autofree char *text = g_strconcat ("ok-trust-" TRUST_CACHE_VERSION "\n",
                                       OK_CHAIN_OCES3_PROD_ROOT_SHA256 "\n",
                                       OK_CHAIN_OCES3_TEST_ROOT_SHA256 "\n",
                                       certificate_sha256, "\n", chain_sha256, NULL);

  return sha256_hex (text, strlen (text));
}

static GBytes *
pem_to_der (const char  *pem,
            gsize        length,
            GError     **error)
{
  gnutls_datum_t in = { (unsigned char *) pem, length };
  gnutls_datum_t out = { NULL, 0 };

  if (gnutls_pem_base64_decode2 ("CERTIFICATE", &in, &out) < 0)
    {
      g_set_error_literal (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                           _("The stored certificate file is damaged."));
      return NULL;
    }

  return g_bytes_new_with_free_func (out.data, out.size, gnutls_free, out.data);
}

/* A missing chain file is an empty chain: @contents is set to "" then. */
static gboolean
read_chain_file (const char  *path,
                 char       **contents,
                 gsize       *length,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_file_get_contents (path, contents, length, &local_error))
    return TRUE;

  if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *contents = g_strdup ("");
  *length = 0;
  return TRUE;
}

static GPtrArray *
parse_chain (const char  *contents,
             gsize        length,
             GError     **error)
{
  if (length == 0)
    return g_ptr_array_new_with_free_func (g_object_unref);

  return ok_certificate_list_from_pem (contents, length, error);
}

/* One parsed chain file and the SHA-256 of its text. */
typedef struct
{
  GPtrArray *certificates;
  char      *sha256;
} ParsedChain;

static void
parsed_chain_free (ParsedChain *chain)
{
  g_clear_pointer (&chain->certificates, g_ptr_array_unref);
  g_free (chain->sha256);
  g_free (chain);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParsedChain, parsed_chain_free)

static ParsedChain *
parsed_chain_new (const char  *contents,
                  gsize        length,
                  GError     **error)
{
  g_autoptr(ParsedChain) chain = g_new0 (ParsedChain, 1);

  chain->certificates = parse_chain (contents, length, error);
  if (chain->certificates == NULL)
    return NULL;
  chain->sha256 = sha256_hex (contents, length);

  return g_steal_pointer (&chain);
}

/* Every certificate from one CA carries the same chain file, so one load parses and hashes each
 * distinct chain once and the entries share its (immutable) certificate objects. */
static const ParsedChain *
parse_chain_cached (GHashTable   *chains,
                    const char   *contents,
                    gsize         length,
                    ParsedChain **uncached,
                    GError      **error)
{
  ParsedChain *chain;

  if (chains == NULL || strlen (contents) != length)
    return *uncached = parsed_chain_new (contents, length, error);

  chain = g_hash_table_lookup (chains, contents);
  if (chain != NULL)
    return chain;

  chain = parsed_chain_new (contents, length, error);
  if (chain != NULL)
    g_hash_table_insert (chains, g_strdup (contents), chain);

  return chain;
}

/**
 * ok_store_legacy_new_chain_cache:
 *
 * Returns: (transfer full): a cache for ok_store_legacy_read(), to share between the entries
 *   of one load
 */
GHashTable *
ok_store_legacy_new_chain_cache (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) parsed_chain_free);
}

static void
apply_trust (OkCertificate *certificate,
             JsonObject    *metadata,
             const char    *certificate_sha256,
             const char    *chain_sha256)
{
  g_autofree char *key = trust_cache_key (certificate_sha256, chain_sha256);
  const char *cached_key = json_object_get_string_member_with_default (metadata, "trust_sha256", NULL);
  const char *cached = json_object_get_string_member_with_default (metadata, "trust", NULL);
  OkTrust trust;

  if (g_strcmp0 (cached_key, key) != 0 || cached == NULL || !ok_trust_from_string (cached, &trust))
    trust = ok_chain_verify (certificate, ok_certificate_get_chain (certificate), NULL,
                             g_get_real_time () / G_USEC_PER_SEC, NULL);

  ok_certificate_set_trust (certificate, trust);
}

static gboolean
apply_metadata (OkCertificate  *certificate,
                JsonObject     *metadata,
                GError        **error)
{
  JsonObject *settings = NULL;
  JsonArray *events = NULL;
  const char *override;
  OkEnvironment environment = OK_ENVIRONMENT_UNKNOWN;

  ok_certificate_set_id (certificate, json_object_get_string_member_with_default (metadata, "id", NULL));
  ok_certificate_set_name (certificate, json_object_get_string_member_with_default (metadata, "name", NULL));
  ok_certificate_set_has_private_key (certificate,
                                      json_object_get_boolean_member_with_default (metadata, "has_private_key", FALSE));

  override = json_object_get_string_member_with_default (metadata, "environment_override", NULL);
  if (override != NULL && ok_environment_from_string (override, &environment))
    ok_certificate_set_environment_override (certificate, environment);

  if (json_object_has_member (metadata, "settings"))
    settings = json_object_get_object_member (metadata, "settings");
  if (settings != NULL)
    {
      ok_certificate_set_auto_renew (certificate,
                                     json_object_get_boolean_member_with_default (settings, "auto_renew",
                                                                                  ok_certificate_get_has_private_key (certificate)));
      ok_certificate_set_renewal_window_days (certificate,
                                              json_object_get_int_member_with_default (settings, "renewal_window_days", 0));
    }

  if (json_object_has_member (metadata, "events"))
    events = json_object_get_array_member (metadata, "events");
  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      g_autoptr(OkEvent) event = ok_event_new_from_json (json_array_get_element (events, i), error);

      if (event == NULL)
        return FALSE;
      ok_certificate_append_event (certificate, event);
    }

  return TRUE;
}

/* Entries written before deploy actions existed have no "deploy" member: no actions. */
static gboolean
apply_deploy_actions (OkCertificate  *certificate,
                      JsonObject     *metadata,
                      GError        **error)
{
  JsonNode *node = json_object_get_member (metadata, "deploy");
  g_autoptr(GPtrArray) actions = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, OK_DEPLOY_ACTION_ERROR, OK_DEPLOY_ACTION_ERROR_INVALID,
                           _("They are not a list."));
      return FALSE;
    }

  actions = ok_deploy_actions_from_json (json_node_get_array (node), error);
  if (actions == NULL)
    return FALSE;

  ok_certificate_set_deploy_actions (certificate, actions);
  return TRUE;
}

static char **
read_history (JsonObject *metadata)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *history = NULL;

  if (json_object_has_member (metadata, "history"))
    history = json_object_get_array_member (metadata, "history");
  for (guint i = 0; history != NULL && i < json_array_get_length (history); i++)
    {
      const char *generation = json_array_get_string_element (history, i);

      if (generation != NULL && *generation != '\0' && strchr (generation, '/') == NULL)
        g_strv_builder_add (builder, generation);
    }

  return g_strv_builder_end (builder);
}

static gboolean
is_valid_generation (const char *generation)
{
  return generation != NULL && *generation != '\0' && *generation != '.' &&
         strchr (generation, '/') == NULL;
}

/**
 * ok_store_legacy_read:
 * @chains: (nullable): from ok_store_legacy_new_chain_cache(), shared by the entries of one load
 *
 * Reads an entry, including its trust (from the cache in the metadata, or verified now).
 */
OkCertificate *
ok_store_legacy_read (const char     *dir,
                     GHashTable     *chains,
                     OkLegacyRecord **out_record,
                     GError        **error)
{
  g_autofree char *metadata_path = g_build_filename (dir, OK_STORE_LEGACY_METADATA, NULL);
  g_autofree char *certificate_path = NULL;
  g_autofree char *chain_path = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *pem_hash = NULL;
  g_autofree char *chain_pem = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(OkCertificate) certificate = NULL;
  g_autoptr(OkLegacyRecord) record = NULL;
  g_autoptr(ParsedChain) uncached_chain = NULL;
  const ParsedChain *chain = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *metadata;
  const char *current;
  const char *cached_hash;
  g_autofree char *metadata_text = NULL;
  gsize metadata_length = 0;
  gsize pem_length = 0;
  gsize chain_length = 0;

  /* Read rather than mapped: a mapping costs two more system calls and a page fault, for
   * every entry of every load. */
  if (!g_file_get_contents (metadata_path, &metadata_text, &metadata_length, &local_error) ||
      !json_parser_load_from_data (parser, metadata_text, (gssize) metadata_length, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                   _("The metadata of “%s” cannot be read: %s"), dir,
                   local_error != NULL ? local_error->message : _("not a JSON object"));
      return NULL;
    }

  metadata = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (metadata, "format", 0) > OK_STORE_LEGACY_FORMAT_VERSION)
    {
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                   _("“%s” was written by a newer version of OCES Keeper."), dir);
      return NULL;
    }

  current = json_object_get_string_member_with_default (metadata, "current", NULL);
  if (!is_valid_generation (current))
    {
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                   _("The metadata of “%s” names no current certificate."), dir);
      return NULL;
    }

  certificate_path = g_build_filename (dir, current, OK_STORE_LEGACY_CERTIFICATE, NULL);
  if (!g_file_get_contents (certificate_path, &pem, &pem_length, &local_error))
    {
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                   _("The certificate of “%s” cannot be read: %s"), dir, local_error->message);
      return NULL;
    }

  pem_hash = sha256_hex (pem, pem_length);
  cached_hash = json_object_get_string_member_with_default (metadata, "facts_sha256", NULL);
  if (cached_hash != NULL && g_str_equal (cached_hash, pem_hash) && json_object_has_member (metadata, "facts"))
    {
      der = pem_to_der (pem, pem_length, error);
      if (der == NULL)
        return NULL;
      certificate = ok_certificate_new_from_cached_facts (json_object_get_object_member (metadata, "facts"), der);
    }
  else
    {
      certificate = ok_certificate_new_from_pem (pem, pem_length, &local_error);
      if (certificate == NULL)
        {
          g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                       _("The certificate of “%s” is damaged: %s"), dir, local_error->message);
          return NULL;
        }
    }

  chain_path = g_build_filename (dir, current, "chain.pem", NULL);
  if (read_chain_file (chain_path, &chain_pem, &chain_length, &local_error))
    chain = parse_chain_cached (chains, chain_pem, chain_length, &uncached_chain, &local_error);
  if (chain == NULL)
    {
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                   _("The chain of “%s” is damaged: %s"), dir, local_error->message);
      return NULL;
    }
  ok_certificate_set_chain (certificate, chain->certificates);
  apply_trust (certificate, metadata, pem_hash, chain->sha256);

  if (!apply_metadata (certificate, metadata, &local_error))
    {
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                   _("The event log of “%s” is damaged: %s"), dir, local_error->message);
      return NULL;
    }

  if (!apply_deploy_actions (certificate, metadata, &local_error))
    {
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                   _("The deploy actions of “%s” are damaged: %s"), dir, local_error->message);
      return NULL;
    }

  record = ok_legacy_record_new (dir, current);
  g_strfreev (record->history);
  record->history = read_history (metadata);
  if (json_object_has_member (metadata, "state") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (metadata, "state")))
    {
      g_autoptr(JsonNode) state = json_node_copy (json_object_get_member (metadata, "state"));
      g_clear_pointer (&record->state, json_object_unref);
      record->state = json_node_dup_object (state);
    }

  if (out_record != NULL)
    *out_record = g_steal_pointer (&record);

  return g_steal_pointer (&certificate);
}
