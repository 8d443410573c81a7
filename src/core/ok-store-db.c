/* ok-store-db.c — the store's SQLite database: opening, schema, transactions, errors
 *
 * Why SQLite (docs/architecture.md): the app, the command-line tool and the monitor's worker
 * write one store at the same time. SQLite gives each of them transactions that see and
 * change rows, not whole documents, a UNIQUE constraint that decides races between imports,
 * and durable commits in write-ahead-log mode, where readers never wait for a writer.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ok-file.h"
#include "ok-store.h"
#include "ok-store-db.h"

/* Writers hold a transaction for milliseconds (keys are encrypted before it starts), so a
 * writer that finds the database locked waits; this long only if another process hangs. */
#define BUSY_TIMEOUT_MS 30000

struct _OkStoreDb
{
  sqlite3 *handle;
  char    *path;
};

static const char schema_v1[] =
  "CREATE TABLE entries ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  environment_override TEXT,"
  "  auto_renew INTEGER NOT NULL,"
  "  renewal_window_days INTEGER NOT NULL DEFAULT 0,"
  "  monitor_state TEXT NOT NULL DEFAULT '{}',"
  "  current INTEGER NOT NULL,"
  "  revision INTEGER NOT NULL DEFAULT 1,"
  "  created INTEGER NOT NULL"
  ");"
  /* One row per certificate an entry has had; only the current one holds a key. The columns
   * after `facts` are what views read without parsing anything. */
  "CREATE TABLE generations ("
  "  id INTEGER PRIMARY KEY,"
  "  entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
  "  sha256 TEXT NOT NULL UNIQUE,"
  "  serial TEXT NOT NULL,"
  "  der BLOB NOT NULL,"
  "  chain_pem TEXT NOT NULL DEFAULT '',"
  "  key BLOB,"
  "  key_secret TEXT,"
  "  facts TEXT NOT NULL,"
  "  trust TEXT,"
  "  trust_key TEXT,"
  "  subject_cn TEXT,"
  "  organisation TEXT,"
  "  cvr TEXT,"
  "  uuid TEXT,"
  "  kind TEXT,"
  "  environment TEXT,"
  "  not_before INTEGER NOT NULL,"
  "  not_after INTEGER NOT NULL,"
  "  added INTEGER NOT NULL"
  ");"
  "CREATE INDEX generations_by_entry ON generations (entry_id);"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,"
  "  time INTEGER NOT NULL,"
  "  type TEXT NOT NULL,"
  "  json TEXT NOT NULL"
  ");"
  "CREATE INDEX events_by_entry ON events (entry_id, id);"
  "CREATE TABLE deploy_actions ("
  "  entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  json TEXT NOT NULL,"
  "  PRIMARY KEY (entry_id, position)"
  ");"
  /* Events of issuances that have no entry yet, under their reference number. */
  "CREATE TABLE pending_events ("
  "  id INTEGER PRIMARY KEY,"
  "  reference TEXT NOT NULL,"
  "  json TEXT NOT NULL"
  ");"
  "CREATE INDEX pending_events_by_reference ON pending_events (reference, id);"
  /* What an issuance or renewal needs to finish after a crash: the new key (encrypted, its
   * keyring item named here) and request before the request leaves, the CA's answer as soon
   * as it arrives, and for an issuance the entry it became, until the one-time code is gone
   * from the keyring. Id: "issue:<environment>:<reference>" or "renew:<entry id>". */
  "CREATE TABLE journal ("
  "  id TEXT PRIMARY KEY,"
  "  key BLOB,"
  "  key_secret TEXT,"
  "  csr TEXT NOT NULL,"
  "  answer BLOB,"
  "  answer_chain TEXT,"
  "  entry_id TEXT,"        /* an issuance saved as this entry; its key moved there */
  "  created INTEGER NOT NULL"
  ");"
  /* Keyring items made by a process that has not committed the row naming them yet. */
  "CREATE TABLE secret_reservations ("
  "  secret_id TEXT PRIMARY KEY,"
  "  pid INTEGER NOT NULL,"
  "  created INTEGER NOT NULL"
  ");"
  /* One operation per certificate at a time, across processes. */
  "CREATE TABLE leases ("
  "  entry_id TEXT PRIMARY KEY,"
  "  operation TEXT NOT NULL,"
  "  pid INTEGER NOT NULL,"
  "  token TEXT NOT NULL,"
  "  started INTEGER NOT NULL"
  ");"
  "CREATE TABLE meta ("
  "  name TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");";

sqlite3 *
ok_store_db_get_handle (OkStoreDb *db)
{
  return db->handle;
}

/* Turns SQLite's last error into a translated OK_STORE_ERROR; always returns FALSE. */
gboolean
ok_store_db_set_error (OkStoreDb  *db,
                       GError    **error)
{
  int code = sqlite3_extended_errcode (db->handle);
  const char *reason = sqlite3_errmsg (db->handle);

  switch (code & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_FAILED,
                   _("The disk holding the certificate database (%s) is full. Nothing was changed; free some space and try again."),
                   db->path);
      break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_FAILED,
                   _("The certificate database (%s) cannot be written: %s. Check the folder’s permissions."),
                   db->path, reason);
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                   _("The certificate database (%s) is damaged: %s. It was left as it is; restore it from a backup."),
                   db->path, reason);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_FAILED,
                   _("The certificate database is in use by another program that does not let go. Try again in a moment."));
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE,
                   _("This certificate is already in OCES Keeper."));
      break;
    default:
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_FAILED,
                   _("The certificate database (%s) failed: %s"), db->path, reason);
      break;
    }

  return FALSE;
}

gboolean
ok_store_db_exec (OkStoreDb   *db,
                  const char  *sql,
                  GError     **error)
{
  if (sqlite3_exec (db->handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    return ok_store_db_set_error (db, error);

  return TRUE;
}

sqlite3_stmt *
ok_store_db_prepare (OkStoreDb   *db,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *statement = NULL;

  if (sqlite3_prepare_v2 (db->handle, sql, -1, &statement, NULL) != SQLITE_OK)
    {
      ok_store_db_set_error (db, error);
      return NULL;
    }

  return statement;
}

gboolean
ok_store_db_step_done (OkStoreDb     *db,
                       sqlite3_stmt  *statement,
                       GError       **error)
{
  if (sqlite3_step (statement) != SQLITE_DONE)
    return ok_store_db_set_error (db, error);

  return TRUE;
}

/* IMMEDIATE: take the write lock at the start, so two writers never both read and then
 * deadlock upgrading; the busy timeout makes the second one wait its turn. */
gboolean
ok_store_db_begin (OkStoreDb  *db,
                   GError    **error)
{
  return ok_store_db_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
ok_store_db_commit (OkStoreDb  *db,
                    GError    **error)
{
  if (!ok_store_db_exec (db, "COMMIT", error))
    {
      ok_store_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

void
ok_store_db_rollback (OkStoreDb *db)
{
  if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
}

/* Changes whenever another connection — another process — commits. */
gint64
ok_store_db_get_data_version (OkStoreDb *db)
{
  g_autoptr(sqlite3_stmt) statement = ok_store_db_prepare (db, "PRAGMA data_version", NULL);

  if (statement == NULL || sqlite3_step (statement) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int64 (statement, 0);
}

char *
ok_store_db_get_meta (OkStoreDb  *db,
                      const char *name)
{
  g_autoptr(sqlite3_stmt) statement = ok_store_db_prepare (db, "SELECT value FROM meta WHERE name = ?", NULL);

  if (statement == NULL)
    return NULL;

  ok_store_db_bind_text (statement, 1, name);
  if (sqlite3_step (statement) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (statement, 0));
}

gboolean
ok_store_db_set_meta (OkStoreDb   *db,
                      const char  *name,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", error);

  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, name);
  ok_store_db_bind_text (statement, 2, value);
  return ok_store_db_step_done (db, statement, error);
}

void
ok_store_db_bind_text (sqlite3_stmt *statement,
                       int           index,
                       const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (statement, index);
  else
    sqlite3_bind_text (statement, index, text, -1, SQLITE_TRANSIENT);
}

void
ok_store_db_bind_bytes (sqlite3_stmt *statement,
                        int           index,
                        GBytes       *bytes)
{
  gsize length = 0;
  gconstpointer data;

  if (bytes == NULL)
    {
      sqlite3_bind_null (statement, index);
      return;
    }

  data = g_bytes_get_data (bytes, &length);
  sqlite3_bind_blob64 (statement, index, data != NULL ? data : "", length, SQLITE_TRANSIENT);
}

GBytes *
ok_store_db_column_bytes (sqlite3_stmt *statement,
                          int           column)
{
  const void *data;
  int length;

  if (sqlite3_column_type (statement, column) == SQLITE_NULL)
    return NULL;

  data = sqlite3_column_blob (statement, column);
  length = sqlite3_column_bytes (statement, column);
  return g_bytes_new (data, length);
}

const char *
ok_store_db_column_text (sqlite3_stmt *statement,
                         int           column)
{
  return (const char *) sqlite3_column_text (statement, column);
}

static int
read_schema_version (OkStoreDb  *db,
                     GError    **error)
{
  g_autoptr(sqlite3_stmt) statement = ok_store_db_prepare (db, "PRAGMA user_version", error);
  int version;

  if (statement == NULL)
    return -1;

  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      ok_store_db_set_error (db, error);
      return -1;
    }

  /* The header's version is four bytes anybody can write; ours are never negative. */
  version = sqlite3_column_int (statement, 0);
  if (version < 0)
    g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                 _("The certificate database (%s) is damaged: its schema version is %d. It was left as it is; restore it from a backup."),
                 db->path, version);
  return version;
}

static gboolean
prepare_schema (OkStoreDb  *db,
                GError    **error)
{
  g_autofree char *set_version = NULL;
  g_autofree char *store_id = NULL;
  int version;

  if (!ok_store_db_begin (db, error))
    return FALSE;

  version = read_schema_version (db, error);
  if (version < 0)
    goto failed;

  if (version > OK_STORE_DB_SCHEMA_VERSION)
    {
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_NEWER_VERSION,
                   _("The certificate database (%s) was written by a newer version of OCES Keeper. "
                     "Update OCES Keeper to use it; nothing was changed."), db->path);
      goto failed;
    }

  if (version == OK_STORE_DB_SCHEMA_VERSION)
    {
      ok_store_db_rollback (db);
      return TRUE;
    }

  /* Later versions add their steps here, each from the version before. */
  set_version = g_strdup_printf ("PRAGMA user_version = %d", OK_STORE_DB_SCHEMA_VERSION);
  store_id = g_uuid_string_random ();
  if (!ok_store_db_exec (db, schema_v1, error) ||
      !ok_store_db_set_meta (db, OK_STORE_DB_META_STORE_ID, store_id, error) ||
      !ok_store_db_exec (db, set_version, error))
    goto failed;

  return ok_store_db_commit (db, error);

failed:
  ok_store_db_rollback (db);
  return FALSE;
}

/* SQLite creates the database with the process's umask; the keys in it must be private from
 * the first byte, so the file is made 0600 first. Its -wal and -shm files copy its mode. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  int saved_errno = errno;

  if (fd < 0)
    {
      if (saved_errno == EACCES || saved_errno == EROFS || saved_errno == EPERM)
        g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_FAILED,
                     _("The certificate database (%s) cannot be written: %s. Check the folder’s permissions."),
                     path, g_strerror (saved_errno));
      else
        g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_FAILED,
                     _("The certificate database (%s) cannot be opened: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/**
 * ok_store_db_open:
 * @path: the database file; made (0600) with the current schema when missing
 *
 * Opens the database for one thread's use. A database of a newer schema version fails with
 * %OK_STORE_ERROR_NEWER_VERSION, a damaged one with %OK_STORE_ERROR_DAMAGED; neither is
 * touched.
 */
OkStoreDb *
ok_store_db_open (const char  *path,
                  GError     **error)
{
  g_autoptr(OkStoreDb) db = g_new0 (OkStoreDb, 1);
  g_autofree char *folder = g_path_get_dirname (path);

  g_autoptr(GError) local_error = NULL;

  db->path = g_strdup (path);

  if (!ok_file_make_private_dir (folder, &local_error))
    {
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_FAILED,
                   _("The certificate database (%s) cannot be written: %s. Check the folder’s permissions."),
                   path, local_error->message);
      return NULL;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !create_private_file (path, error))
    return NULL;

  if (sqlite3_open_v2 (path, &db->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      ok_store_db_set_error (db, error);
      return NULL;
    }

  sqlite3_busy_timeout (db->handle, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (db->handle, 1);

  /* WAL: readers never block the writer or each other. synchronous=FULL: a commit is on disk
   * when COMMIT returns, even after a power cut. secure_delete: a dropped key is overwritten,
   * not left in a free page. Reads go through a memory map, not a system call per page. */
  if (read_schema_version (db, error) < 0 ||
      !ok_store_db_exec (db, "PRAGMA journal_mode = WAL", error) ||
      !ok_store_db_exec (db, "PRAGMA synchronous = FULL", error) ||
      !ok_store_db_exec (db, "PRAGMA foreign_keys = ON", error) ||
      !ok_store_db_exec (db, "PRAGMA secure_delete = ON", error) ||
      !ok_store_db_exec (db, "PRAGMA mmap_size = 268435456", error) ||
      !prepare_schema (db, error))
    return NULL;

  return g_steal_pointer (&db);
}

void
ok_store_db_close (OkStoreDb *db)
{
  if (db == NULL)
    return;

  /* Statements are finalised by their users; close_v2 waits for any left over. */
  sqlite3_close_v2 (db->handle);
  g_free (db->path);
  g_free (db);
}
