/* ok-store-events.c — keeping an entry's event log to a size: the oldest events give way to
 * one summary, but the newest event of each kind of failure stays
 *
 * A certificate whose renewal fails every hour for months, or a script that exports it every
 * minute, would otherwise grow the log (and every view that reads it) without end.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-days.h"
#include "ok-store-rows.h"

/* Trimmed back to OK_STORE_KEEP_EVENTS when an insert passes OK_STORE_MAX_EVENTS, so that a
 * full log is trimmed once in a while, not on every insert. */
#define OK_STORE_MAX_EVENTS 1000
#define OK_STORE_KEEP_EVENTS 800

static gint64
count_events (OkStoreDb  *db,
              const char *entry_id)
{
  g_autoptr(sqlite3_stmt) statement = ok_store_db_prepare (db, "SELECT COUNT(*) FROM events WHERE entry_id = ?", NULL);

  if (statement == NULL)
    return 0;

  ok_store_db_bind_text (statement, 1, entry_id);
  return sqlite3_step (statement) == SQLITE_ROW ? sqlite3_column_int64 (statement, 0) : 0;
}

static gboolean
insert_summary (OkStoreDb   *db,
                const char  *entry_id,
                gint64       id,
                gint64       first_time,
                gint64       last_time,
                guint        removed,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "INSERT INTO events (id, entry_id, time, type, json) VALUES (?, ?, ?, ?, ?)", error);
  g_autofree char *from = ok_days_format_date (first_time / G_USEC_PER_SEC);
  g_autofree char *to = ok_days_format_date (last_time / G_USEC_PER_SEC);
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  g_autoptr(OkEvent) event = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (statement == NULL)
    return FALSE;

  message = g_strdup_printf (ngettext ("%u older event, from %s to %s, was removed to keep the log short.",
                                       "%u older events, from %s to %s, were removed to keep the log short.",
                                       removed),
                             removed, from, to);
  event = ok_event_new_at (first_time, OK_EVENT_TYPE_LOG_TRIMMED, message, NULL);
  node = ok_event_to_json (event);
  text = json_to_string (node, FALSE);

  /* The summary takes the place of the oldest event removed, so it reads first. */
  sqlite3_bind_int64 (statement, 1, id);
  ok_store_db_bind_text (statement, 2, entry_id);
  sqlite3_bind_int64 (statement, 3, first_time);
  ok_store_db_bind_text (statement, 4, ok_event_type_to_string (OK_EVENT_TYPE_LOG_TRIMMED));
  ok_store_db_bind_text (statement, 5, text);
  return ok_store_db_step_done (db, statement, error);
}

/**
 * ok_store_rows_trim_events:
 *
 * Inside a write transaction, after an event was added: once @entry_id's log holds more than
 * %OK_STORE_MAX_EVENTS events, removes the oldest down to %OK_STORE_KEEP_EVENTS and puts one
 * summary event in their place. The newest event of each error type (the last renewal failure
 * with the CA's detail, a revocation) is never removed: the state and the window read them.
 */
gboolean
ok_store_rows_trim_events (OkStoreDb   *db,
                           const char  *entry_id,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) drop = NULL;
  gint64 total = count_events (db, entry_id);
  gint64 first_id = 0, first_time = 0, last_time = 0;
  guint removed = 0;

  if (total <= OK_STORE_MAX_EVENTS)
    return TRUE;

  rows = ok_store_db_prepare (db,
                              "SELECT id, time FROM events WHERE entry_id = ?1 AND id NOT IN "
                              "(SELECT MAX(id) FROM events WHERE entry_id = ?1 AND type IN "
                              " ('ISSUE_ERROR', 'RENEW_ERROR', 'DEPLOY_ERROR', 'REVOKED') GROUP BY type) "
                              "ORDER BY id LIMIT ?2",
                              error);
  drop = ok_store_db_prepare (db, "DELETE FROM events WHERE id = ?", error);
  if (rows == NULL || drop == NULL)
    return FALSE;

  ok_store_db_bind_text (rows, 1, entry_id);
  sqlite3_bind_int64 (rows, 2, total - OK_STORE_KEEP_EVENTS + 1);  /* and one for the summary */
  while (sqlite3_step (rows) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (rows, 0);

      if (removed == 0)
        {
          first_id = id;
          first_time = sqlite3_column_int64 (rows, 1);
        }
      last_time = sqlite3_column_int64 (rows, 1);
      removed++;

      sqlite3_reset (drop);
      sqlite3_bind_int64 (drop, 1, id);
      if (!ok_store_db_step_done (db, drop, error))
        return FALSE;
    }

  return removed == 0 || insert_summary (db, entry_id, first_id, first_time, last_time, removed, error);
}
