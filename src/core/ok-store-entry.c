/* ok-store-entry.c — one certificate's folder in the store
 *
 * An entry is `certificates/<id>/` with `metadata.json` and one folder per generation (named
 * by the certificate's serial) holding `certificate.pem`, `chain.pem` and the encrypted
 * `key.p8`. Renewal writes a new generation first and then switches `metadata.json` to it in
 * one atomic rename, so a crash leaves either the old or the new certificate with its own key.
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
#include "ok-file.h"
#include "ok-store.h"
#include "ok-store-entry.h"

OkStoreRecord *
ok_store_record_new (const char *dir,
                     const char *current)
{
  OkStoreRecord *record = g_new0 (OkStoreRecord, 1);

  record->dir = g_strdup (dir);
  record->current = g_strdup (current);
  record->history = g_new0 (char *, 1);
  record->state = json_object_new ();

  return record;
}

OkStoreRecord *
ok_store_record_copy (const OkStoreRecord *record)
{
  OkStoreRecord *copy = g_new0 (OkStoreRecord, 1);
  g_autoptr(JsonNode) state = json_node_init_object (json_node_alloc (), record->state);
  g_autoptr(JsonNode) state_copy = json_node_copy (state);

  copy->dir = g_strdup (record->dir);
  copy->current = g_strdup (record->current);
  copy->history = g_strdupv (record->history);
  copy->state = json_node_dup_object (state_copy);

  return copy;
}

void
ok_store_record_free (OkStoreRecord *record)
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

static char *chain_to_pem (GPtrArray *chain);

static JsonNode *
events_to_json (OkCertificate *certificate)
{
  GListModel *events = ok_certificate_get_events (certificate);
  g_autoptr(JsonArray) array = json_array_new ();
  guint n = g_list_model_get_n_items (events);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkEvent) event = g_list_model_get_item (events, i);
      json_array_add_element (array, ok_event_to_json (event));
    }

  return json_node_init_array (json_node_alloc (), array);
}

char *
ok_store_entry_build_metadata (OkCertificate       *certificate,
                               const OkStoreRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *pem = ok_certificate_to_pem (certificate);
  g_autofree char *pem_hash = sha256_hex (pem, strlen (pem));
  g_autofree char *chain_pem = chain_to_pem (ok_certificate_get_chain (certificate));
  g_autofree char *chain_hash = sha256_hex (chain_pem, strlen (chain_pem));
  g_autofree char *trust_key = trust_cache_key (pem_hash, chain_hash);
  OkEnvironment override = ok_certificate_get_environment_override (certificate);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, OK_STORE_FORMAT_VERSION);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, ok_certificate_get_id (certificate));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, ok_certificate_get_name (certificate));
  json_builder_set_member_name (builder, "environment_override");
  if (override == OK_ENVIRONMENT_UNKNOWN)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, ok_environment_to_string (override));
  json_builder_set_member_name (builder, "has_private_key");
  json_builder_add_boolean_value (builder, ok_certificate_get_has_private_key (certificate));

  json_builder_set_member_name (builder, "settings");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "auto_renew");
  json_builder_add_boolean_value (builder, ok_certificate_get_auto_renew (certificate));
  json_builder_set_member_name (builder, "renewal_window_days");
  json_builder_add_int_value (builder, ok_certificate_get_renewal_window_days (certificate));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "deploy");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (),
                                                         ok_deploy_actions_to_json (ok_certificate_get_deploy_actions (certificate))));

  json_builder_set_member_name (builder, "current");
  json_builder_add_string_value (builder, record->current);
  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint i = 0; record->history[i] != NULL; i++)
    json_builder_add_string_value (builder, record->history[i]);
  json_builder_end_array (builder);

  /* Parsed facts are cached so that listing thousands of certificates does not parse each
   * one; the hash ties the cache to the exact certificate file it was made from. */
  json_builder_set_member_name (builder, "facts_sha256");
  json_builder_add_string_value (builder, pem_hash);
  json_builder_set_member_name (builder, "facts");
  json_builder_add_value (builder, ok_certificate_facts_to_json (certificate));
  json_builder_set_member_name (builder, "trust_sha256");
  json_builder_add_string_value (builder, trust_key);
  json_builder_set_member_name (builder, "trust");
  json_builder_add_string_value (builder, ok_trust_to_string (ok_certificate_get_trust (certificate)));

  json_builder_set_member_name (builder, "events");
  json_builder_add_value (builder, events_to_json (certificate));

  json_builder_set_member_name (builder, "state");
  json_builder_add_value (builder, json_node_init_object (json_node_alloc (), record->state));

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
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
 * ok_store_entry_new_chain_cache:
 *
 * Returns: (transfer full): a cache for ok_store_entry_read(), to share between the entries
 *   of one load
 */
GHashTable *
ok_store_entry_new_chain_cache (void)
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
 * ok_store_entry_read:
 * @chains: (nullable): from ok_store_entry_new_chain_cache(), shared by the entries of one load
 *
 * Reads an entry, including its trust (from the cache in the metadata, or verified now).
 */
OkCertificate *
ok_store_entry_read (const char     *dir,
                     GHashTable     *chains,
                     OkStoreRecord **out_record,
                     GError        **error)
{
  g_autofree char *metadata_path = g_build_filename (dir, OK_STORE_ENTRY_METADATA, NULL);
  g_autofree char *certificate_path = NULL;
  g_autofree char *chain_path = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *pem_hash = NULL;
  g_autofree char *chain_pem = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(OkCertificate) certificate = NULL;
  g_autoptr(OkStoreRecord) record = NULL;
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
  if (json_object_get_int_member_with_default (metadata, "format", 0) > OK_STORE_FORMAT_VERSION)
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

  certificate_path = g_build_filename (dir, current, OK_STORE_ENTRY_CERTIFICATE, NULL);
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

  chain_path = g_build_filename (dir, current, OK_STORE_ENTRY_CHAIN, NULL);
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

  record = ok_store_record_new (dir, current);
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

static char *
chain_to_pem (GPtrArray *chain)
{
  GString *pem = g_string_new (NULL);

  for (guint i = 0; chain != NULL && i < chain->len; i++)
    {
      g_autofree char *one = ok_certificate_to_pem (g_ptr_array_index (chain, i));
      g_string_append (pem, one);
    }

  return g_string_free (pem, FALSE);
}

gboolean
ok_store_entry_write_generation (const char     *dir,
                                 const char     *generation,
                                 OkCertificate  *certificate,
                                 GPtrArray      *chain,
                                 GBytes         *encrypted_key,
                                 GError        **error)
{
  g_autofree char *generation_dir = g_build_filename (dir, generation, NULL);
  g_autofree char *certificate_path = g_build_filename (generation_dir, OK_STORE_ENTRY_CERTIFICATE, NULL);
  g_autofree char *chain_path = g_build_filename (generation_dir, OK_STORE_ENTRY_CHAIN, NULL);
  g_autofree char *key_path = g_build_filename (generation_dir, OK_STORE_ENTRY_KEY, NULL);
  g_autofree char *certificate_pem = ok_certificate_to_pem (certificate);
  g_autofree char *chain_pem = chain_to_pem (chain);

  if (!ok_file_make_private_dir (generation_dir, error))
    return FALSE;

  if (encrypted_key != NULL && !ok_file_write_atomic_bytes (key_path, encrypted_key, error))
    return FALSE;

  return ok_file_write_atomic (chain_path, chain_pem, strlen (chain_pem), error) &&
         ok_file_write_atomic (certificate_path, certificate_pem, strlen (certificate_pem), error);
}

gboolean
ok_store_entry_write_metadata (const char  *dir,
                               const char  *metadata,
                               GError     **error)
{
  g_autofree char *path = g_build_filename (dir, OK_STORE_ENTRY_METADATA, NULL);

  return ok_file_write_atomic (path, metadata, strlen (metadata), error);
}

/* Removes what a crash can leave behind: temporary files, a generation that a renewal wrote
 * but never switched to, and the keys of generations that are now only history. */
void
ok_store_entry_clean (const OkStoreRecord *record)
{
  DIR *dir = opendir (record->dir);
  struct dirent *entry;

  if (dir == NULL)
    return;

  /* readdir() rather than GDir: its d_type spares a stat() for every file of every entry on
   * every load; only file systems that do not fill it in (DT_UNKNOWN) pay for one. */
  while ((entry = readdir (dir)) != NULL)
    {
      const char *name = entry->d_name;
      g_autofree char *path = NULL;
      gboolean is_folder;

      if (g_str_equal (name, ".") || g_str_equal (name, ".."))
        continue;

      path = g_build_filename (record->dir, name, NULL);
      is_folder = entry->d_type == DT_DIR ||
                  ((entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK) && g_file_test (path, G_FILE_TEST_IS_DIR));

      if (ok_file_is_leftover (name))
        {
          g_unlink (path);
        }
      else if (is_folder)
        {
          g_autofree char *key_path = g_build_filename (path, OK_STORE_ENTRY_KEY, NULL);
          g_autoptr(GDir) generation = NULL;
          const char *inner;

          if (g_strcmp0 (name, record->current) != 0 && !g_strv_contains ((const char * const *) record->history, name))
            {
              ok_file_remove_tree (path, NULL);
              continue;
            }

          if (g_strcmp0 (name, record->current) != 0)
            g_unlink (key_path);

          generation = g_dir_open (path, 0, NULL);
          while (generation != NULL && (inner = g_dir_read_name (generation)) != NULL)
            {
              if (ok_file_is_leftover (inner))
                {
                  g_autofree char *leftover = g_build_filename (path, inner, NULL);
                  g_unlink (leftover);
                }
            }
        }
    }

  closedir (dir);
}
