/* ok-store-test-util.h — looking into the store's database from tests, with SQLite itself,
 * and the keyring with secret-tool
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

sqlite3   *okt_db_open          (const char *store_dir);
void       okt_db_exec          (sqlite3    *db,
                                 const char *sql);
/* The first column of the first row as text (NULL for SQL NULL or no row). */
char      *okt_db_text          (sqlite3    *db,
                                 const char *sql);
gint64     okt_db_int           (sqlite3    *db,
                                 const char *sql);
GBytes    *okt_db_blob          (sqlite3    *db,
                                 const char *sql);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
char      *okt_db_dump          (const char *store_dir);

/* The key passphrase with keyring id @secret_id, as secret-tool reads it (NULL: none). */
char      *okt_keyring_lookup   (const char *secret_id);
/* The ids of the key passphrases in the keyring that start with @prefix. */
GStrv      okt_keyring_ids      (const char *prefix);
void       okt_keyring_store    (const char *secret_id,
                                 const char *secret);

G_END_DECLS
