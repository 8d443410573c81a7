/* ok-store-test-util.c — looking into the store's database from tests
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-keys-test-util.h"
#include "ok-store-test-util.h"

sqlite3 *
okt_db_open (const char *store_dir)
{
  g_autofree char *path = g_build_filename (store_dir, "store.sqlite3", NULL);
  sqlite3 *db = NULL;

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 30000);

  return db;
}

void
okt_db_exec (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static sqlite3_stmt *
first_row (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *statement = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));

  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      sqlite3_finalize (statement);
      return NULL;
    }

  return statement;
}

char *
okt_db_text (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *statement = first_row (db, sql);
  char *text;

  if (statement == NULL)
    return NULL;

  text = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);
  return text;
}

gint64
okt_db_int (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *statement = first_row (db, sql);
  gint64 value;

  g_assert_nonnull (statement);
  value = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  return value;
}

GBytes *
okt_db_blob (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *statement = first_row (db, sql);
  GBytes *bytes;

  if (statement == NULL || sqlite3_column_type (statement, 0) == SQLITE_NULL)
    {
      if (statement != NULL)
        sqlite3_finalize (statement);
      return NULL;
    }

  bytes = g_bytes_new (sqlite3_column_blob (statement, 0), sqlite3_column_bytes (statement, 0));
  sqlite3_finalize (statement);
  return bytes;
}

char *
okt_keyring_lookup (const char *secret_id)
{
  const char *argv[] = { "secret-tool", "lookup", "certificate-id", secret_id, "kind", "key-passphrase", NULL };
  g_autoptr(OktResult) result = okt_run (NULL, NULL, NULL, argv);

  if (result->exit_status != 0 || g_bytes_get_size (result->out) == 0)
    return NULL;

  return okt_bytes_to_text (result->out);
}

GStrv
okt_keyring_ids (const char *prefix)
{
  const char *argv[] = { "secret-tool", "search", "--all", "kind", "key-passphrase", NULL };
  g_autoptr(OktResult) result = okt_run (NULL, NULL, NULL, argv);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) lines = g_strsplit (result->err, "\n", -1);

  /* secret-tool prints the attributes on standard error, one "attribute.NAME = VALUE" a line. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *id = lines[i] + strlen ("attribute.certificate-id = ");

      if (g_str_has_prefix (lines[i], "attribute.certificate-id = ") && g_str_has_prefix (id, prefix))
        g_strv_builder_add (ids, id);
    }

  return g_strv_builder_end (ids);
}

void
okt_keyring_store (const char *secret_id,
                   const char *secret)
{
  /* Under OCES Keeper's schema, as the store itself makes them. */
  const char *argv[] = { "secret-tool", "store", "--label", "OCES Keeper test item",
                         "xdg:schema", "io.github.oceskeeper.OcesKeeper",
                         "certificate-id", secret_id, "kind", "key-passphrase", NULL };

  g_assert_true (okt_run_succeeds (NULL, NULL, secret, argv));
}

/* Every row of every table as text, in a stable order: what the store holds, whatever SQLite
 * did to its files (a checkpoint rewrites them without changing a row). */
char *
okt_db_dump (const char *store_dir)
{
  g_autoptr(sqlite3) db = okt_db_open (store_dir);
  g_autoptr(GString) dump = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                                       &statement, NULL), ==, SQLITE_OK);
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (statement, 0)));
  sqlite3_finalize (statement);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1", (char *) tables->pdata[i]);

      g_string_append_printf (dump, "[%s]\n", (char *) tables->pdata[i]);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
      while (sqlite3_step (statement) == SQLITE_ROW)
        {
          for (int column = 0; column < sqlite3_column_count (statement); column++)
            {
              g_autofree char *hex = NULL;
              const guchar *data = sqlite3_column_blob (statement, column);
              int length = sqlite3_column_bytes (statement, column);

              hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data != NULL ? data : (const guchar *) "", length);
              g_string_append_printf (dump, "%d:%s ", sqlite3_column_type (statement, column), hex);
            }
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (statement);
    }

  return g_string_free (g_steal_pointer (&dump), FALSE);
}
