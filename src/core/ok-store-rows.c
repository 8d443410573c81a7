/* ok-store-rows.c — reading and writing the store's rows
 *
 * Every function here runs inside a transaction that its caller (OkStore's I/O thread) opened,
 * so a read sees one consistent state and a write lands whole or not at all.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "ok-chain.h"
#include "ok-store.h"
#include "ok-store-rows.h"

/* Trust does not depend on the clock (ok_chain_verify() leaves time to OkValidity), only on
 * the certificate, its chain and the pinned roots, so it is cached beside the facts, tied to
 * the exact certificate and chain and to the pins and rules of this version. */
#define TRUST_CACHE_VERSION "1"

OkStoreRecord *
ok_store_record_copy (const OkStoreRecord *record)
{
  OkStoreRecord *copy = g_new0 (OkStoreRecord, 1);
  g_autoptr(JsonNode) state = json_node_init_object (json_node_alloc (), record->state);
  g_autoptr(JsonNode) state_copy = json_node_copy (state);

  copy->id = g_strdup (record->id);
  copy->generation = record->generation;
  copy->revision = record->revision;
  copy->sha256 = g_strdup (record->sha256);
  copy->history = g_strdupv (record->history);
  copy->state = json_node_dup_object (state_copy);

  return copy;
}

void
ok_store_record_free (OkStoreRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->id);
  g_free (record->sha256);
  g_strfreev (record->history);
  g_clear_pointer (&record->state, json_object_unref);
  g_free (record);
}

char *
ok_store_rows_sha256 (GBytes *der)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
}

char *
ok_store_rows_chain_pem (GPtrArray *chain)
{
  GString *pem = g_string_new (NULL);

  for (guint i = 0; chain != NULL && i < chain->len; i++)
    {
      g_autofree char *one = ok_certificate_to_pem (g_ptr_array_index (chain, i));
      g_string_append (pem, one);
    }

  return g_string_free (pem, FALSE);
}

/* Computed for every row of every load: GnuTLS's SHA-256 (with the processor's instructions)
 * over a buffer on the stack, rather than a GChecksum per row. */
static char *
trust_cache_key_for (const char *certificate_sha256,
                     const char *chain_sha256)
{
  static const char prefix[] = "ok-trust-" TRUST_CACHE_VERSION "\n"
                               OK_CHAIN_OCES3_PROD_ROOT_SHA256 "\n"
                               OK_CHAIN_OCES3_TEST_ROOT_SHA256 "\n";
  char text[sizeof prefix + 2 * 64 + 2];
  gsize certificate_length = certificate_sha256 != NULL ? strlen (certificate_sha256) : 0;
  gsize chain_length = strlen (chain_sha256);
  guchar digest[32];
  char *hex;

  if (certificate_length > 64 || chain_length > 64)
    {
      g_autofree char *long_text = g_strconcat (prefix, certificate_sha256, "\n", chain_sha256, NULL);
      return g_compute_checksum_for_string (G_CHECKSUM_SHA256, long_text, -1);
    }

  memcpy (text, prefix, sizeof prefix - 1);
  memcpy (text + sizeof prefix - 1, certificate_sha256, certificate_length);
  text[sizeof prefix - 1 + certificate_length] = '\n';
  memcpy (text + sizeof prefix + certificate_length, chain_sha256, chain_length);
  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, text, sizeof prefix + certificate_length + chain_length, digest) < 0)
    return g_strdup ("");

  hex = g_malloc (2 * sizeof digest + 1);
  for (gsize i = 0; i < sizeof digest; i++)
    {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 0xf];
    }
  hex[2 * sizeof digest] = '\0';
  return hex;
}

static char *
trust_cache_key (const char *certificate_sha256,
                 const char *chain_pem)
{
  g_autofree char *chain_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, chain_pem, -1);

  return trust_cache_key_for (certificate_sha256, chain_sha256);
}


static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonNode *
parse_node (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;

  return json_node_copy (json_parser_get_root (parser));
}

/* ---- reading ------------------------------------------------------------------------------ */

/**
 * ok_store_rows_read_revisions:
 *
 * Returns: (transfer full): entry id → revision (as a pointer-sized integer)
 */
GHashTable *
ok_store_rows_read_revisions (OkStoreDb  *db,
                              GError    **error)
{
  g_autoptr(sqlite3_stmt) statement = ok_store_db_prepare (db, "SELECT id, revision FROM entries WHERE id IS NOT NULL", error);
  g_autoptr(GHashTable) revisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int status;

  if (statement == NULL)
    return NULL;

  while ((status = sqlite3_step (statement)) == SQLITE_ROW)
    g_hash_table_insert (revisions, g_strdup (ok_store_db_column_text (statement, 0)),
                         GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (statement, 1)));

  if (status != SQLITE_DONE)
    {
      ok_store_db_set_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&revisions);
}

/* Every certificate from one CA carries the same chain, so a load parses each distinct chain
 * once and the entries share its (immutable) certificate objects. */
typedef struct
{
  GPtrArray *certificates;
  char      *sha256;
} CachedChain;

static void
cached_chain_free (CachedChain *cached)
{
  g_ptr_array_unref (cached->certificates);
  g_free (cached->sha256);
  g_free (cached);
}

/* Chains are long (a few KB of PEM) and few: hashing the whole text for every row cost more
 * than the rest of the lookup. Its length and last bytes (the root's signature) tell chains
 * apart; equal hashes are still compared in full. */
static guint
chain_hash (gconstpointer key)
{
  const char *pem = key;
  gsize length = strlen (pem);
  guint hash = (guint) length;

  for (const char *p = pem + (length > 64 ? length - 64 : 0); *p != '\0'; p++)
    hash = hash * 31 + (guchar) *p;

  return hash;
}

static GPtrArray *
chain_from_cache (GHashTable   *chains,
                  const char   *chain_pem,
                  const char  **chain_sha256,
                  GError      **error)
{
  CachedChain *cached = g_hash_table_lookup (chains, chain_pem);
  GPtrArray *chain;

  if (cached != NULL)
    {
      *chain_sha256 = cached->sha256;
      return cached->certificates;
    }

  if (*chain_pem == '\0')
    chain = g_ptr_array_new_with_free_func (g_object_unref);
  else
    chain = ok_certificate_list_from_pem (chain_pem, strlen (chain_pem), error);

  if (chain == NULL)
    return NULL;

  cached = g_new0 (CachedChain, 1);
  cached->certificates = chain;
  cached->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, chain_pem, -1);
  g_hash_table_insert (chains, g_strdup (chain_pem), cached);
  *chain_sha256 = cached->sha256;
  return chain;
}

static OkCertificate *
certificate_from_row (sqlite3_stmt  *row,
                      GHashTable    *chains,
                      GError       **error)
{
  g_autoptr(GBytes) der = ok_store_db_column_bytes (row, 8);
  const char *chain_pem = ok_store_db_column_text (row, 9);
  OkCertificateKind kind = OK_CERTIFICATE_KIND_OTHER;
  OkEnvironment detected = OK_ENVIRONMENT_UNKNOWN;
  const char *trust_text = ok_store_db_column_text (row, 11);
  const char *trust_key = ok_store_db_column_text (row, 12);
  const char *override = ok_store_db_column_text (row, 2);
  g_autoptr(OkCertificate) certificate = NULL;
  g_autofree char *expected_trust_key = NULL;
  OkEnvironment environment = OK_ENVIRONMENT_UNKNOWN;
  const char *chain_sha256 = NULL;
  GPtrArray *chain;
  OkTrust trust;

  if (der == NULL)
    {
      g_set_error_literal (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED, _("The certificate is missing."));
      return NULL;
    }

  /* Nothing parsed: what views need are columns, the rest is parsed when asked for. */
  if (!ok_certificate_kind_from_string (ok_store_db_column_text (row, 19), &kind))
    kind = OK_CERTIFICATE_KIND_OTHER;
  if (!ok_environment_from_string (ok_store_db_column_text (row, 20), &detected))
    detected = OK_ENVIRONMENT_UNKNOWN;
  certificate = ok_certificate_new_from_store (der, ok_store_db_column_text (row, 10),
                                               ok_store_db_column_text (row, 15), ok_store_db_column_text (row, 16),
                                               ok_store_db_column_text (row, 17), ok_store_db_column_text (row, 18),
                                               kind, detected, ok_store_db_column_text (row, 21),
                                               sqlite3_column_int64 (row, 22), sqlite3_column_int64 (row, 23));
  chain = chain_from_cache (chains, chain_pem != NULL ? chain_pem : "", &chain_sha256, error);
  if (chain == NULL)
    return NULL;
  ok_certificate_set_chain (certificate, chain);

  expected_trust_key = trust_cache_key_for (ok_store_db_column_text (row, 14), chain_sha256);
  if (g_strcmp0 (trust_key, expected_trust_key) != 0 || trust_text == NULL || !ok_trust_from_string (trust_text, &trust))
    trust = ok_chain_verify (certificate, chain, NULL, g_get_real_time () / G_USEC_PER_SEC, NULL);
  ok_certificate_set_trust (certificate, trust);

  ok_certificate_set_id (certificate, ok_store_db_column_text (row, 0));
  ok_certificate_set_name (certificate, ok_store_db_column_text (row, 1));
  if (override != NULL && ok_environment_from_string (override, &environment))
    ok_certificate_set_environment_override (certificate, environment);
  ok_certificate_set_auto_renew (certificate, sqlite3_column_int (row, 3) != 0);
  ok_certificate_set_renewal_window_days (certificate, sqlite3_column_int (row, 4));
  ok_certificate_set_has_private_key (certificate, sqlite3_column_int (row, 13) != 0);

  return g_steal_pointer (&certificate);
}

static OkStoreRecord *
record_from_row (sqlite3_stmt *row)
{
  OkStoreRecord *record = g_new0 (OkStoreRecord, 1);
  const char *state = ok_store_db_column_text (row, 5);

  record->id = g_strdup (ok_store_db_column_text (row, 0));
  /* Most entries have no monitor state yet; no parser needed for that. */
  record->state = state != NULL && !g_str_equal (state, "{}") ? parse_object (state) : NULL;
  if (record->state == NULL)
    record->state = json_object_new ();
  record->revision = sqlite3_column_int64 (row, 6);
  record->generation = sqlite3_column_int64 (row, 7);
  record->sha256 = g_strdup (ok_store_db_column_text (row, 14));
  record->history = g_new0 (char *, 1);

  return record;
}

/* Runs @sql (with ?1 = @only_id, the entry id in column 0) and hands each row of an entry that
 * was read to @apply. */
typedef gboolean (*ApplyRow) (OkCertificate *certificate, OkStoreRecord *record, sqlite3_stmt *row, GError **error);

static gboolean
read_children (OkStoreDb   *db,
               const char  *sql,
               const char  *only_id,
               GHashTable  *positions,
               GPtrArray   *certificates,
               GPtrArray   *records,
               ApplyRow     apply,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) statement = ok_store_db_prepare (db, sql, error);
  int status;

  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, only_id);
  while ((status = sqlite3_step (statement)) == SQLITE_ROW)
    {
      gpointer position;
      guint i;

      /* A damaged database may hold rows without an entry id. */
      if (ok_store_db_column_text (statement, 0) == NULL ||
          !g_hash_table_lookup_extended (positions, ok_store_db_column_text (statement, 0), NULL, &position))
        continue;

      i = GPOINTER_TO_UINT (position);
      if (g_ptr_array_index (certificates, i) == NULL)
        continue;

      if (!apply (g_ptr_array_index (certificates, i), g_ptr_array_index (records, i), statement, error))
        return FALSE;
    }

  if (status != SQLITE_DONE)
    return ok_store_db_set_error (db, error);

  return TRUE;
}

/* Events are read from their columns and SQLite's JSON functions, far cheaper per row than a
 * JSON parser; a row whose JSON is damaged loses its message, never the certificate. */
#define EVENTS_SQL \
  "SELECT entry_id, time, type," \
  "       CASE WHEN json_valid (json) THEN json_extract (json, '$.message') END," \
  "       CASE WHEN json_valid (json) THEN json_extract (json, '$.detailed_error') END" \
  " FROM events WHERE ?1 IS NULL OR entry_id = ?1 ORDER BY entry_id, id"

static gboolean
apply_event (OkCertificate  *certificate,
             OkStoreRecord  *record,
             sqlite3_stmt   *row,
             GError        **error)
{
  g_autoptr(OkEvent) event = NULL;
  OkEventType type;

  /* One unreadable event must not hide the certificate; it is only history. */
  if (!ok_event_type_from_string (ok_store_db_column_text (row, 2), &type) ||
      sqlite3_column_type (row, 3) != SQLITE_TEXT ||
      (sqlite3_column_type (row, 4) != SQLITE_TEXT && sqlite3_column_type (row, 4) != SQLITE_NULL))
    {
      g_warning ("Skipping an unreadable event of store entry %s", record->id);
      return TRUE;
    }

  event = ok_event_new_at (sqlite3_column_int64 (row, 1), type, ok_store_db_column_text (row, 3),
                           ok_store_db_column_text (row, 4));
  ok_certificate_append_event (certificate, event);
  return TRUE;
}

static gboolean
apply_deploy_action (OkCertificate  *certificate,
                     OkStoreRecord  *record,
                     sqlite3_stmt   *row,
                     GError        **error)
{
  g_autoptr(JsonNode) node = parse_node (ok_store_db_column_text (row, 1));
  g_autoptr(OkDeployAction) action = node != NULL ? ok_deploy_action_new_from_json (node, NULL) : NULL;
  g_autoptr(GPtrArray) actions = NULL;

  if (action == NULL)
    {
      g_warning ("Skipping an unreadable deploy action of store entry %s", record->id);
      return TRUE;
    }

  actions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ok_certificate_get_deploy_actions (certificate)->len; i++)
    g_ptr_array_add (actions, g_object_ref (g_ptr_array_index (ok_certificate_get_deploy_actions (certificate), i)));
  g_ptr_array_add (actions, g_steal_pointer (&action));
  ok_certificate_set_deploy_actions (certificate, actions);
  return TRUE;
}

static gboolean
apply_history (OkCertificate  *certificate,
               OkStoreRecord  *record,
               sqlite3_stmt   *row,
               GError        **error)
{
  guint n = g_strv_length (record->history);

  record->history = g_renew (char *, record->history, n + 2);
  record->history[n] = g_strdup (ok_store_db_column_text (row, 1));
  record->history[n + 1] = NULL;
  return TRUE;
}

/**
 * ok_store_rows_read:
 * @only_id: (nullable): read this entry only
 * @certificates: (element-type OkCertificate): gets the entries, in id order
 * @records: (element-type OkStoreRecord): gets their records, in the same order
 * @problems: gets a translated description of each entry that cannot be read
 */
gboolean
ok_store_rows_read (OkStoreDb   *db,
                   const char  *only_id,
                   GPtrArray   *certificates,
                   GPtrArray   *records,
                   GPtrArray   *problems,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) statement = NULL;
  g_autoptr(GHashTable) chains = g_hash_table_new_full (chain_hash, g_str_equal, g_free, (GDestroyNotify) cached_chain_free);
  g_autoptr(GHashTable) positions = g_hash_table_new (g_str_hash, g_str_equal);
  guint first = certificates->len;
  int status;

  statement = ok_store_db_prepare (db,
                                   "SELECT e.id, e.name, e.environment_override, e.auto_renew,"
                                   "       e.renewal_window_days, e.monitor_state, e.revision, e.current,"
                                   "       g.der, g.chain_pem, g.facts, g.trust, g.trust_key,"
                                   "       g.key IS NOT NULL, g.sha256, g.subject_cn, g.organisation, g.cvr, g.uuid,"
                                   "       g.kind, g.environment, g.serial, g.not_before, g.not_after"
                                   " FROM entries e JOIN generations g ON g.id = e.current"
                                   " WHERE e.id IS NOT NULL AND (?1 IS NULL OR e.id = ?1)"
                                   " ORDER BY e.id",
                                   error);
  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, only_id);
  while ((status = sqlite3_step (statement)) == SQLITE_ROW)
    {
      g_autoptr(GError) row_error = NULL;
      OkCertificate *certificate = certificate_from_row (statement, chains, &row_error);

      if (certificate == NULL)
        {
          g_ptr_array_add (problems, g_strdup_printf (_("The certificate “%s” cannot be read: %s"),
                                                      ok_store_db_column_text (statement, 1), row_error->message));
          continue;
        }

      g_ptr_array_add (certificates, certificate);
      g_ptr_array_add (records, record_from_row (statement));
    }
  if (status != SQLITE_DONE)
    return ok_store_db_set_error (db, error);

  for (guint i = first; i < records->len; i++)
    g_hash_table_insert (positions, ((OkStoreRecord *) g_ptr_array_index (records, i))->id, GUINT_TO_POINTER (i));

  return read_children (db, EVENTS_SQL, only_id, positions, certificates, records, apply_event, error) &&
         read_children (db, "SELECT entry_id, json FROM deploy_actions WHERE ?1 IS NULL OR entry_id = ?1"
                            " ORDER BY entry_id, position",
                        only_id, positions, certificates, records, apply_deploy_action, error) &&
         read_children (db, "SELECT g.entry_id, g.serial FROM generations g JOIN entries e ON e.id = g.entry_id"
                            " WHERE g.id != e.current AND (?1 IS NULL OR g.entry_id = ?1) ORDER BY g.id",
                        only_id, positions, certificates, records, apply_history, error);
}

/**
 * ok_store_rows_get_current:
 *
 * Reads the entry's current generation as it is in the database now — what a write that must
 * not act on a stale view compares with.
 */
gboolean
ok_store_rows_get_current (OkStoreDb   *db,
                           const char  *entry_id,
                           gint64      *generation,
                           char       **sha256,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "SELECT e.current, g.sha256 FROM entries e JOIN generations g ON g.id = e.current"
                             " WHERE e.id = ?", error);
  int status;

  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, entry_id);
  status = sqlite3_step (statement);
  if (status == SQLITE_DONE)
    {
      g_set_error_literal (error, OK_STORE_ERROR, OK_STORE_ERROR_NOT_FOUND,
                           _("The certificate is no longer in OCES Keeper."));
      return FALSE;
    }
  if (status != SQLITE_ROW)
    return ok_store_db_set_error (db, error);

  if (generation != NULL)
    *generation = sqlite3_column_int64 (statement, 0);
  if (sha256 != NULL)
    *sha256 = g_strdup (ok_store_db_column_text (statement, 1));
  return TRUE;
}

/**
 * ok_store_rows_find_owner:
 *
 * Returns: (nullable): the name of the entry that has (had) the certificate with @sha256
 */
char *
ok_store_rows_find_owner (OkStoreDb  *db,
                          const char *sha256)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "SELECT e.name FROM generations g JOIN entries e ON e.id = g.entry_id"
                             " WHERE g.sha256 = ?", NULL);

  if (statement == NULL)
    return NULL;

  ok_store_db_bind_text (statement, 1, sha256);
  if (sqlite3_step (statement) != SQLITE_ROW)
    return NULL;

  return g_strdup (ok_store_db_column_text (statement, 0));
}

/* ---- writing ------------------------------------------------------------------------------ */

static char *
node_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/**
 * ok_store_rows_insert_generation:
 * @encrypted_key: (nullable): the key, encrypted with the keyring item @key_secret
 *
 * Returns: the new generation's row id, or 0 on error
 */
gint64
ok_store_rows_insert_generation (OkStoreDb      *db,
                                 const char     *entry_id,
                                 OkCertificate  *certificate,
                                 GBytes         *encrypted_key,
                                 const char     *key_secret,
                                 GError        **error)
{
  g_autoptr(sqlite3_stmt) statement = NULL;
  g_autoptr(JsonNode) facts = ok_certificate_facts_to_json (certificate);
  g_autofree char *facts_text = node_to_string (facts);
  g_autofree char *sha256 = ok_store_rows_sha256 (ok_certificate_get_der (certificate));
  g_autofree char *chain_pem = ok_store_rows_chain_pem (ok_certificate_get_chain (certificate));
  g_autofree char *trust_key = trust_cache_key (sha256, chain_pem);

  statement = ok_store_db_prepare (db,
                                   "INSERT INTO generations (entry_id, sha256, serial, der, chain_pem, key, key_secret,"
                                   "  facts, trust, trust_key, subject_cn, organisation, cvr, uuid, kind, environment,"
                                   "  not_before, not_after, added)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   error);
  if (statement == NULL)
    return 0;

  ok_store_db_bind_text (statement, 1, entry_id);
  ok_store_db_bind_text (statement, 2, sha256);
  ok_store_db_bind_text (statement, 3, ok_certificate_get_serial (certificate));
  ok_store_db_bind_bytes (statement, 4, ok_certificate_get_der (certificate));
  ok_store_db_bind_text (statement, 5, chain_pem);
  ok_store_db_bind_bytes (statement, 6, encrypted_key);
  ok_store_db_bind_text (statement, 7, encrypted_key != NULL ? key_secret : NULL);
  ok_store_db_bind_text (statement, 8, facts_text);
  ok_store_db_bind_text (statement, 9, ok_trust_to_string (ok_certificate_get_trust (certificate)));
  ok_store_db_bind_text (statement, 10, trust_key);
  ok_store_db_bind_text (statement, 11, ok_certificate_get_subject_cn (certificate));
  ok_store_db_bind_text (statement, 12, ok_certificate_get_organisation (certificate));
  ok_store_db_bind_text (statement, 13, ok_certificate_get_cvr (certificate));
  ok_store_db_bind_text (statement, 14, ok_certificate_get_uuid (certificate));
  ok_store_db_bind_text (statement, 15, ok_certificate_kind_to_string (ok_certificate_get_kind (certificate)));
  ok_store_db_bind_text (statement, 16, ok_environment_to_string (ok_certificate_get_detected_environment (certificate)));
  sqlite3_bind_int64 (statement, 17, ok_certificate_get_not_before (certificate));
  sqlite3_bind_int64 (statement, 18, ok_certificate_get_not_after (certificate));
  sqlite3_bind_int64 (statement, 19, g_get_real_time () / G_USEC_PER_SEC);

  if (!ok_store_db_step_done (db, statement, error))
    return 0;

  return sqlite3_last_insert_rowid (ok_store_db_get_handle (db));
}

/**
 * ok_store_rows_insert_entry:
 *
 * Inserts the entry of @certificate (its id, name and settings, events and deploy actions)
 * with @generation, already inserted, as its current certificate.
 */
gboolean
ok_store_rows_insert_entry (OkStoreDb      *db,
                            OkCertificate  *certificate,
                            gint64          generation,
                            JsonObject     *state,
                            gint64          created,
                            GError        **error)
{
  g_autoptr(sqlite3_stmt) statement = NULL;
  g_autoptr(JsonNode) state_node = json_node_init_object (json_node_alloc (), state);
  g_autofree char *state_text = node_to_string (state_node);
  OkEnvironment override = ok_certificate_get_environment_override (certificate);
  const char *id = ok_certificate_get_id (certificate);
  GListModel *events = ok_certificate_get_events (certificate);

  statement = ok_store_db_prepare (db,
                                   "INSERT INTO entries (id, name, environment_override, auto_renew,"
                                   "  renewal_window_days, monitor_state, current, created)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                   error);
  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, id);
  ok_store_db_bind_text (statement, 2, ok_certificate_get_name (certificate));
  ok_store_db_bind_text (statement, 3, override != OK_ENVIRONMENT_UNKNOWN ? ok_environment_to_string (override) : NULL);
  sqlite3_bind_int (statement, 4, ok_certificate_get_auto_renew (certificate));
  sqlite3_bind_int (statement, 5, ok_certificate_get_renewal_window_days (certificate));
  ok_store_db_bind_text (statement, 6, state_text);
  sqlite3_bind_int64 (statement, 7, generation);
  sqlite3_bind_int64 (statement, 8, created);
  if (!ok_store_db_step_done (db, statement, error))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(OkEvent) event = g_list_model_get_item (events, i);

      if (!ok_store_rows_insert_event (db, id, event, error))
        return FALSE;
    }

  return ok_store_rows_write_deploy_actions (db, id, ok_certificate_get_deploy_actions (certificate), error);
}

gboolean
ok_store_rows_insert_event (OkStoreDb   *db,
                            const char  *entry_id,
                            OkEvent     *event,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "INSERT INTO events (entry_id, time, type, json) VALUES (?, ?, ?, ?)", error);
  g_autoptr(JsonNode) node = ok_event_to_json (event);
  g_autofree char *text = node_to_string (node);

  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, entry_id);
  sqlite3_bind_int64 (statement, 2, ok_event_get_time (event));
  ok_store_db_bind_text (statement, 3, ok_event_type_to_string (ok_event_get_event_type (event)));
  ok_store_db_bind_text (statement, 4, text);
  return ok_store_db_step_done (db, statement, error) && ok_store_rows_trim_events (db, entry_id, error);
}

gboolean
ok_store_rows_write_deploy_actions (OkStoreDb   *db,
                                    const char  *entry_id,
                                    GPtrArray   *actions,
                                    GError     **error)
{
  g_autoptr(sqlite3_stmt) clear = ok_store_db_prepare (db, "DELETE FROM deploy_actions WHERE entry_id = ?", error);
  g_autoptr(sqlite3_stmt) insert = NULL;

  if (clear == NULL)
    return FALSE;

  ok_store_db_bind_text (clear, 1, entry_id);
  if (!ok_store_db_step_done (db, clear, error))
    return FALSE;

  insert = ok_store_db_prepare (db, "INSERT INTO deploy_actions (entry_id, position, json) VALUES (?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      g_autoptr(JsonNode) node = ok_deploy_action_to_json (g_ptr_array_index (actions, i));
      g_autofree char *text = node_to_string (node);

      sqlite3_reset (insert);
      ok_store_db_bind_text (insert, 1, entry_id);
      sqlite3_bind_int (insert, 2, i);
      ok_store_db_bind_text (insert, 3, text);
      if (!ok_store_db_step_done (db, insert, error))
        return FALSE;
    }

  return TRUE;
}

/* Bumps the entry's revision, which other processes compare to see what to re-read; fails
 * with %OK_STORE_ERROR_NOT_FOUND when another process removed the entry. */
gboolean
ok_store_rows_touch (OkStoreDb   *db,
                     const char  *entry_id,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "UPDATE entries SET revision = revision + 1 WHERE id = ?", error);

  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, entry_id);
  if (!ok_store_db_step_done (db, statement, error))
    return FALSE;

  if (sqlite3_changes (ok_store_db_get_handle (db)) == 0)
    {
      g_set_error_literal (error, OK_STORE_ERROR, OK_STORE_ERROR_NOT_FOUND,
                           _("The certificate is no longer in OCES Keeper."));
      return FALSE;
    }

  return TRUE;
}
