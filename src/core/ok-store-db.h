/* ok-store-db.h — the store's SQLite database: opening, schema, transactions, errors
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define OK_STORE_DB_FILE "store.sqlite3"
/* The schema this version writes; a database with a higher PRAGMA user_version is refused. */
#define OK_STORE_DB_SCHEMA_VERSION 1
/* A random id made with the database: the keyring items of its keys are named after it, so
 * two stores (the Devel profile's and the installed one's) never sweep each other's. */
#define OK_STORE_DB_META_STORE_ID "store-id"

typedef struct _OkStoreDb OkStoreDb;

OkStoreDb     *ok_store_db_open            (const char     *path,
                                            GError        **error);
void           ok_store_db_close           (OkStoreDb      *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkStoreDb, ok_store_db_close)

sqlite3       *ok_store_db_get_handle      (OkStoreDb      *db);
gboolean       ok_store_db_exec            (OkStoreDb      *db,
                                            const char     *sql,
                                            GError        **error);
sqlite3_stmt  *ok_store_db_prepare         (OkStoreDb      *db,
                                            const char     *sql,
                                            GError        **error);
gboolean       ok_store_db_step_done       (OkStoreDb      *db,
                                            sqlite3_stmt   *statement,
                                            GError        **error);
gboolean       ok_store_db_begin           (OkStoreDb      *db,
                                            GError        **error);
gboolean       ok_store_db_commit          (OkStoreDb      *db,
                                            GError        **error);
void           ok_store_db_rollback        (OkStoreDb      *db);
gboolean       ok_store_db_set_error       (OkStoreDb      *db,
                                            GError        **error);
gint64         ok_store_db_get_data_version (OkStoreDb     *db);
char          *ok_store_db_get_meta        (OkStoreDb      *db,
                                            const char     *name);
gboolean       ok_store_db_set_meta        (OkStoreDb      *db,
                                            const char     *name,
                                            const char     *value,
                                            GError        **error);

/* sqlite3_stmt with g_autoptr */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

void           ok_store_db_bind_text       (sqlite3_stmt   *statement,
                                            int             index,
                                            const char     *text);
void           ok_store_db_bind_bytes      (sqlite3_stmt   *statement,
                                            int             index,
                                            GBytes         *bytes);
GBytes        *ok_store_db_column_bytes    (sqlite3_stmt   *statement,
                                            int             column);
const char    *ok_store_db_column_text     (sqlite3_stmt   *statement,
                                            int             column);

G_END_DECLS
