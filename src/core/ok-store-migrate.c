/* ok-store-migrate.c — converts the folder-per-entry store of earlier versions, once
 *
 * Every entry, its earlier certificates, its encrypted key, event log, settings, deploy
 * actions and reminder record, and the events of pending issuances, go into the database in
 * one transaction. Only after the commit is the old `certificates/` (and `pending/`) folder
 * moved into a dated backup folder beside the database, never deleted: a crash before the
 * commit leaves the old store as it was, a crash after it only the move to finish, which the
 * next open does. Keys keep their keyring items (named by the entry's id then).
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ok-file.h"
#include "ok-store-legacy.h"
#include "ok-store-private.h"

#define MIGRATED_META "migrated-to"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static GPtrArray *
list_folder (const char *path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  return g_steal_pointer (&names);
}

static OkCertificate *
read_generation (const char *entry_dir,
                 const char *serial)
{
  g_autofree char *path = g_build_filename (entry_dir, serial, OK_STORE_LEGACY_CERTIFICATE, NULL);
  g_autofree char *chain_path = g_build_filename (entry_dir, serial, "chain.pem", NULL);
  g_autofree char *pem = NULL;
  g_autofree char *chain_pem = NULL;
  g_autoptr(OkCertificate) certificate = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &pem, &length, NULL) ||
      !(certificate = ok_certificate_new_from_pem (pem, length, NULL)))
    return NULL;

  if (g_file_get_contents (chain_path, &chain_pem, &length, NULL) && length > 0)
    {
      g_autoptr(GPtrArray) chain = ok_certificate_list_from_pem (chain_pem, length, NULL);

      if (chain != NULL)
        ok_certificate_set_chain (certificate, chain);
    }

  return g_steal_pointer (&certificate);
}

static gboolean
migrate_entry (OkStoreDb   *db,
               const char  *entry_dir,
               GHashTable  *chains,
               GError     **error)
{
  g_autoptr(OkLegacyRecord) record = NULL;
  g_autoptr(OkCertificate) certificate = ok_store_legacy_read (entry_dir, chains, &record, error);
  g_autofree char *key_path = NULL;
  g_autoptr(GBytes) key = NULL;
  gint64 generation;
  gsize length = 0;
  char *contents = NULL;

  if (certificate == NULL)
    return FALSE;

  for (guint i = 0; record->history[i] != NULL; i++)
    {
      g_autoptr(OkCertificate) earlier = read_generation (entry_dir, record->history[i]);

      /* History that a crash or an earlier bug lost is only history. */
      if (earlier != NULL &&
          !ok_store_rows_insert_generation (db, ok_certificate_get_id (certificate), earlier, NULL, NULL, error))
        return FALSE;
    }

  key_path = g_build_filename (entry_dir, record->current, OK_STORE_LEGACY_KEY, NULL);
  if (ok_certificate_get_has_private_key (certificate))
    {
      if (g_file_get_contents (key_path, &contents, &length, NULL))
        key = g_bytes_new_take (contents, length);
      else
        g_warning ("The key of store entry %s is missing; it is kept as monitor-only", entry_dir);
    }

  /* Keys of this store were encrypted with the keyring item named by the entry's id. */
  return (generation = ok_store_rows_insert_generation (db, ok_certificate_get_id (certificate), certificate, key,
                                                        ok_certificate_get_id (certificate), error)) &&
         ok_store_rows_insert_entry (db, certificate, generation, record->state,
                                     g_get_real_time () / G_USEC_PER_SEC, error);
}

static gboolean
migrate_entries (OkStoreDb   *db,
                 const char  *certificates_dir,
                 const char  *backup,
                 GPtrArray   *problems,
                 GError     **error)
{
  g_autoptr(GPtrArray) names = list_folder (certificates_dir);
  g_autoptr(GHashTable) chains = ok_store_legacy_new_chain_cache ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (certificates_dir, name, NULL);
      g_autoptr(GError) entry_error = NULL;

      /* Imports and removals that a crash interrupted never became entries, or had gone. */
      if (*name == '.' || ok_file_is_leftover (name) || !g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;

      /* An entry that cannot be read stays in the backup; the others must not wait for it. */
      if (!ok_store_db_exec (db, "SAVEPOINT entry", error))
        return FALSE;
      if (!migrate_entry (db, path, chains, &entry_error))
        {
          /* The database failing (a full disk) stops the conversion; nothing is committed. */
          if (g_error_matches (entry_error, OK_STORE_ERROR, OK_STORE_ERROR_FAILED))
            {
              g_propagate_error (error, g_steal_pointer (&entry_error));
              return FALSE;
            }
          g_message ("Store entry %s was not converted and stays in the backup: %s", name, entry_error->message);
          g_ptr_array_add (problems, g_strdup_printf (_("A certificate of the earlier store (%s) could not be converted and is kept in the folder “%s”: %s"),
                                                      name, backup, entry_error->message));
          if (!ok_store_db_exec (db, "ROLLBACK TO entry", error))
            return FALSE;
        }
      if (!ok_store_db_exec (db, "RELEASE entry", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
migrate_pending (OkStoreDb   *db,
                 const char  *pending_dir,
                 GError     **error)
{
  g_autoptr(GPtrArray) names = list_folder (pending_dir);
  g_autoptr(sqlite3_stmt) insert = ok_store_db_prepare (db, "INSERT INTO pending_events (reference, json) VALUES (?, ?)",
                                                        error);

  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (pending_dir, name, NULL);
      g_autofree char *reference = NULL;
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      JsonArray *events;

      if (!g_str_has_suffix (name, ".json") || *name == '.' ||
          !json_parser_load_from_file (parser, path, NULL) ||
          !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        continue;

      reference = g_strndup (name, strlen (name) - strlen (".json"));
      events = json_node_get_array (json_parser_get_root (parser));
      for (guint j = 0; j < json_array_get_length (events); j++)
        {
          g_autofree char *text = json_to_string (json_array_get_element (events, j), FALSE);

          sqlite3_reset (insert);
          ok_store_db_bind_text (insert, 1, reference);
          ok_store_db_bind_text (insert, 2, text);
          if (!ok_store_db_step_done (db, insert, error))
            return FALSE;
        }
    }

  return TRUE;
}

static char *
backup_name (const char *dir)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("store-backup-%s", date)
                                     : g_strdup_printf ("store-backup-%s-%u", date, n);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&name);
    }
}

static gboolean
move_into_backup (const char  *dir,
                  const char  *backup,
                  const char  *folder,
                  GError     **error)
{
  g_autofree char *from = g_build_filename (dir, folder, NULL);
  g_autofree char *backup_dir = g_build_filename (dir, backup, NULL);
  g_autofree char *to = g_build_filename (backup_dir, folder, NULL);

  if (!g_file_test (from, G_FILE_TEST_EXISTS))
    return TRUE;

  return ok_file_make_private_dir (backup_dir, error) && ok_file_rename_synced (from, to, error);
}

/**
 * _ok_store_migrate:
 * @dir: the store's folder
 * @problems: gets a translated description of each old entry that could not be converted
 *
 * Converts an old store in @dir into @db, if there is one; see the top of this file.
 */
gboolean
_ok_store_migrate (OkStoreDb   *db,
                   const char  *dir,
                   GPtrArray   *problems,
                   GError     **error)
{
  g_autofree char *certificates_dir = g_build_filename (dir, "certificates", NULL);
  g_autofree char *pending_dir = g_build_filename (dir, "pending", NULL);
  g_autofree char *backup = NULL;

  if (!g_file_test (certificates_dir, G_FILE_TEST_IS_DIR) && !g_file_test (pending_dir, G_FILE_TEST_IS_DIR))
    return TRUE;

  backup = ok_store_db_get_meta (db, MIGRATED_META);
  if (backup == NULL)
    {
      backup = backup_name (dir);
      if (!ok_store_db_begin (db, error))
        return FALSE;

      if (!migrate_entries (db, certificates_dir, backup, problems, error) ||
          !migrate_pending (db, pending_dir, error) ||
          !ok_store_db_set_meta (db, MIGRATED_META, backup, error))
        {
          ok_store_db_rollback (db);
          return FALSE;
        }

      ok_file_crash_point ();
      if (!ok_store_db_commit (db, error))
        return FALSE;
      ok_file_crash_point ();
    }

  return move_into_backup (dir, backup, "certificates", error) &&
         move_into_backup (dir, backup, "pending", error);
}
