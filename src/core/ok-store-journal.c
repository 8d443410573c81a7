/* ok-store-journal.c — what the store keeps about operations rather than certificates:
 * leases (one renewal of a certificate at a time across processes), the events of issuances
 * that have no entry yet, and the sweep of keyring items that no row names
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "ok-file.h"
#include "ok-secrets.h"
#include "ok-store-private.h"

/* A lease older than this is taken over even from a process that still runs: no CA request
 * lasts that long (the client's overall deadline is far shorter), so its owner hangs. */
#define LEASE_MAX_SECONDS (30 * 60)
/* Failed attempts kept per reference number until one succeeds. */
#define MAX_PENDING_EVENTS 50
/* An interrupted issuance or renewal that got no answer is kept for a retry this long. It holds
 * only a key and a request nobody answered: a later attempt makes new ones and loses nothing.
 * A record with an answer holds a certificate and is kept until an attempt saves it. */
#define STALE_JOURNAL_SECONDS (30 * 24 * 60 * 60)

typedef struct
{
  char       *entry_id;
  char       *name;
  char       *operation;
  char       *reference;
  OkEvent    *event;
  GPtrArray  *events;
  char      **secrets;
  GPtrArray  *orphans;
} JournalJob;

static void
journal_job_free (JournalJob *job)
{
  g_free (job->entry_id);
  g_free (job->name);
  g_free (job->operation);
  g_free (job->reference);
  g_clear_object (&job->event);
  g_clear_pointer (&job->events, g_ptr_array_unref);
  g_strfreev (job->secrets);
  g_clear_pointer (&job->orphans, g_ptr_array_unref);
  g_free (job);
}

static void
job_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
}

static OkStoreDb *
begin (GTask   *task,
       GError **error)
{
  OkStore *self = g_task_get_source_object (task);
  OkStoreDb *db = _ok_store_get_db (self, error);

  if (db == NULL || !ok_store_db_begin (db, error))
    return NULL;

  return db;
}

/* Leases, pending events and reservations are nothing a view shows: no change stamp, so the
 * monitor and open windows are not woken for them. */
static void
commit (GTask     *task,
        OkStoreDb *db,
        GError    *error)
{
  if (error == NULL && ok_store_db_commit (db, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  ok_store_db_rollback (db);
  g_task_return_error (task, error);
}

/* ---- leases --------------------------------------------------------------------------------- */

static void
acquire_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  JournalJob *job = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) take = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GError *error = NULL;
  OkStoreDb *db = begin (task, &error);

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!(find = ok_store_db_prepare (db, "SELECT pid, token, started FROM leases WHERE entry_id = ?", &error)))
    goto done;

  ok_store_db_bind_text (find, 1, job->entry_id);
  if (sqlite3_step (find) == SQLITE_ROW)
    {
      gint64 pid = sqlite3_column_int64 (find, 0);
      const char *token = ok_store_db_column_text (find, 1);
      gint64 started = sqlite3_column_int64 (find, 2);
      gboolean ours = g_strcmp0 (token, self->lease_token) == 0;
      gboolean owner_alive = ours || (pid != getpid () && _ok_store_pid_alive (pid));

      if (owner_alive && now - started < LEASE_MAX_SECONDS)
        {
          g_set_error (&error, OK_STORE_ERROR, OK_STORE_ERROR_BUSY,
                       _("“%s” is being renewed right now by another OCES Keeper program; its result will show here when it is done."),
                       job->name);
          goto done;
        }
    }

  if (!(take = ok_store_db_prepare (db, "INSERT OR REPLACE INTO leases (entry_id, operation, pid, token, started)"
                                        " VALUES (?, ?, ?, ?, ?)", &error)))
    goto done;

  ok_store_db_bind_text (take, 1, job->entry_id);
  ok_store_db_bind_text (take, 2, job->operation);
  sqlite3_bind_int64 (take, 3, getpid ());
  ok_store_db_bind_text (take, 4, self->lease_token);
  sqlite3_bind_int64 (take, 5, now);
  ok_store_db_step_done (db, take, &error);

done:
  commit (task, db, error);
}

/**
 * ok_store_acquire_lease_async:
 * @operation: what the lease is for ("renew"), for people reading the database
 *
 * Takes the entry's lease for this process: one renewal of a certificate at a time, across
 * every process on the store. Fails with %OK_STORE_ERROR_BUSY while another process holds it;
 * a lease whose process is gone, or that is older than half an hour, is taken over. A
 * successful ok_store_replace_async() ends it, otherwise ok_store_release_lease_async().
 */
void
ok_store_acquire_lease_async (OkStore             *self,
                              OkCertificate       *certificate,
                              const char          *operation,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  JournalJob *job;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (operation != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_acquire_lease_async);

  job = g_new0 (JournalJob, 1);
  job->entry_id = g_strdup (ok_certificate_get_id (certificate));
  job->name = g_strdup (ok_certificate_get_name (certificate));
  job->operation = g_strdup (operation);
  _ok_store_run (self, task, job, (GDestroyNotify) journal_job_free, acquire_job, job_done);
}

gboolean
ok_store_acquire_lease_finish (OkStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
release_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  JournalJob *job = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) statement = NULL;
  GError *error = NULL;
  OkStoreDb *db = begin (task, &error);

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if ((statement = ok_store_db_prepare (db, "DELETE FROM leases WHERE entry_id = ? AND token = ?", &error)))
    {
      ok_store_db_bind_text (statement, 1, job->entry_id);
      ok_store_db_bind_text (statement, 2, self->lease_token);
      ok_store_db_step_done (db, statement, &error);
    }

  commit (task, db, error);
}

void
ok_store_release_lease_async (OkStore             *self,
                              OkCertificate       *certificate,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  JournalJob *job;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_release_lease_async);

  job = g_new0 (JournalJob, 1);
  job->entry_id = g_strdup (ok_certificate_get_id (certificate));
  _ok_store_run (self, task, job, (GDestroyNotify) journal_job_free, release_job, job_done);
}

gboolean
ok_store_release_lease_finish (OkStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- events of issuances that have no entry yet --------------------------------------------- */

/* A failed issuance has no certificate to log against, so its events wait under the reference
 * number and become the start of the certificate's log once an attempt succeeds. */

static void
log_pending_job (GTask *task)
{
  JournalJob *job = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) statement = NULL;
  g_autoptr(JsonNode) node = ok_event_to_json (job->event);
  g_autofree char *text = json_to_string (node, FALSE);
  GError *error = NULL;
  OkStoreDb *db = begin (task, &error);

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if ((statement = ok_store_db_prepare (db, "INSERT INTO pending_events (reference, json) VALUES (?, ?)", &error)))
    {
      ok_store_db_bind_text (statement, 1, job->reference);
      ok_store_db_bind_text (statement, 2, text);
      ok_store_db_step_done (db, statement, &error);
    }

  /* Retried without end (a script), a reference keeps its newest failures only. */
  if (error == NULL)
    {
      g_autoptr(sqlite3_stmt) trim =
        ok_store_db_prepare (db, "DELETE FROM pending_events WHERE reference = ?1 AND id NOT IN"
                                 " (SELECT id FROM pending_events WHERE reference = ?1 ORDER BY id DESC LIMIT "
                                 G_STRINGIFY (MAX_PENDING_EVENTS) ")", &error);

      if (trim != NULL)
        {
          ok_store_db_bind_text (trim, 1, job->reference);
          ok_store_db_step_done (db, trim, &error);
        }
    }

  commit (task, db, error);
}

static void
take_pending_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  JournalJob *job = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) statement = NULL;
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);

  if (db == NULL ||
      !(statement = ok_store_db_prepare (db, "SELECT json FROM pending_events WHERE reference = ? ORDER BY id", &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  ok_store_db_bind_text (statement, 1, job->reference);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      OkEvent *event = NULL;

      /* A damaged pending event must never block an issuance; it only loses history. */
      if (json_parser_load_from_data (parser, ok_store_db_column_text (statement, 0), -1, NULL))
        event = ok_event_new_from_json (json_parser_get_root (parser), NULL);
      if (event != NULL)
        g_ptr_array_add (job->events, event);
    }

  g_task_return_boolean (task, TRUE);
}

static void
clear_pending_job (GTask *task)
{
  JournalJob *job = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) statement = NULL;
  GError *error = NULL;
  OkStoreDb *db = begin (task, &error);

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if ((statement = ok_store_db_prepare (db, "DELETE FROM pending_events WHERE reference = ?", &error)))
    {
      ok_store_db_bind_text (statement, 1, job->reference);
      ok_store_db_step_done (db, statement, &error);
    }

  commit (task, db, error);
}

static void
start_pending_job (OkStore    *self,
                   GTask      *task,
                   const char *reference,
                   OkEvent    *event,
                   OkStoreJob  worker)
{
  JournalJob *job;

  if (reference == NULL || *reference == '\0')
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_FAILED,
                               _("“%s” is not a reference number."), reference != NULL ? reference : "");
      return;
    }

  job = g_new0 (JournalJob, 1);
  job->reference = g_strdup (reference);
  job->event = event != NULL ? g_object_ref (event) : NULL;
  job->events = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, job, (GDestroyNotify) journal_job_free);
  _ok_store_run (self, task, job, NULL, worker, job_done);
}

void
ok_store_log_pending_async (OkStore             *self,
                            const char          *reference,
                            OkEvent             *event,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_EVENT (event));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_log_pending_async);
  start_pending_job (self, task, reference, event, log_pending_job);
}

gboolean
ok_store_log_pending_finish (OkStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ok_store_take_pending_async:
 *
 * Reads the events logged for @reference. They stay in the store until
 * ok_store_clear_pending_async(), once the issuance they belong to is stored.
 */
void
ok_store_take_pending_async (OkStore             *self,
                             const char          *reference,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OK_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_take_pending_async);
  start_pending_job (self, task, reference, NULL, take_pending_job);
}

/**
 * ok_store_take_pending_finish:
 *
 * Returns: (transfer container) (element-type OkEvent): the pending events, oldest first
 */
GPtrArray *
ok_store_take_pending_finish (OkStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  JournalJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  job = g_task_get_task_data (G_TASK (result));
  return g_ptr_array_ref (job->events);
}

void
ok_store_clear_pending_async (OkStore             *self,
                              const char          *reference,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OK_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_clear_pending_async);
  start_pending_job (self, task, reference, NULL, clear_pending_job);
}

gboolean
ok_store_clear_pending_finish (OkStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- keyring items that no row names ------------------------------------------------------- */

static gboolean
is_named (OkStoreDb  *db,
          const char *secret_id)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "SELECT 1 FROM generations WHERE key_secret = ?1"
                             " UNION ALL SELECT 1 FROM journal WHERE key_secret = ?1"
                             " UNION ALL SELECT 1 FROM secret_reservations WHERE secret_id = ?1", NULL);

  if (statement == NULL)
    return TRUE;

  ok_store_db_bind_text (statement, 1, secret_id);
  return sqlite3_step (statement) == SQLITE_ROW;
}

static GPtrArray *
find_dead_reservations (OkStoreDb *db)
{
  g_autoptr(sqlite3_stmt) find = ok_store_db_prepare (db, "SELECT secret_id, pid FROM secret_reservations", NULL);
  GPtrArray *dead = g_ptr_array_new_with_free_func (g_free);

  while (find != NULL && sqlite3_step (find) == SQLITE_ROW)
    if (!_ok_store_pid_alive (sqlite3_column_int64 (find, 1)))
      g_ptr_array_add (dead, g_strdup (ok_store_db_column_text (find, 0)));

  return dead;
}

/* Journal records without an answer, older than STALE_JOURNAL_SECONDS: id and keyring item. */
static void
find_stale_journal (OkStoreDb *db,
                    GPtrArray *ids,
                    GPtrArray *secrets)
{
  g_autoptr(sqlite3_stmt) find =
    ok_store_db_prepare (db, "SELECT id, key_secret FROM journal"
                             " WHERE answer IS NULL AND entry_id IS NULL AND created < ?", NULL);

  if (find == NULL)
    return;

  sqlite3_bind_int64 (find, 1, g_get_real_time () / G_USEC_PER_SEC - STALE_JOURNAL_SECONDS);
  while (sqlite3_step (find) == SQLITE_ROW)
    {
      g_ptr_array_add (ids, g_strdup (ok_store_db_column_text (find, 0)));
      if (ok_store_db_column_text (find, 1) != NULL)
        g_ptr_array_add (secrets, g_strdup (ok_store_db_column_text (find, 1)));
    }
}

static gboolean
drop_reservations (OkStoreDb   *db,
                   GPtrArray   *dead,
                   GPtrArray   *stale,
                   GError     **error)
{
  if (!ok_store_db_begin (db, error))
    return FALSE;

  for (guint i = 0; i < stale->len; i++)
    {
      g_autoptr(sqlite3_stmt) drop =
        ok_store_db_prepare (db, "DELETE FROM journal WHERE id = ? AND answer IS NULL AND entry_id IS NULL", error);

      if (drop == NULL)
        goto failed;
      ok_store_db_bind_text (drop, 1, g_ptr_array_index (stale, i));
      if (!ok_store_db_step_done (db, drop, error))
        goto failed;
    }

  for (guint i = 0; i < dead->len; i++)
    {
      g_autoptr(sqlite3_stmt) drop = ok_store_db_prepare (db, "DELETE FROM secret_reservations WHERE secret_id = ?", error);

      if (drop == NULL)
        goto failed;
      ok_store_db_bind_text (drop, 1, g_ptr_array_index (dead, i));
      if (!ok_store_db_step_done (db, drop, error))
        goto failed;
    }

  return ok_store_db_commit (db, error);

failed:
  ok_store_db_rollback (db);
  return FALSE;
}

static void
sweep_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  JournalJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) dead = NULL;
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) stale_secrets = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);

  /* Read first, in one snapshot; most sweeps find nothing and then write nothing. */
  if (db == NULL || !ok_store_db_exec (db, "BEGIN", &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A reservation whose process is gone will never be committed: its item is an orphan. */
  dead = find_dead_reservations (db);
  for (guint i = 0; job->secrets[i] != NULL; i++)
    {
      const char *id = job->secrets[i];

      if (g_str_has_prefix (id, self->secret_prefix) &&
          (!is_named (db, id) || g_ptr_array_find_with_equal_func (dead, id, g_str_equal, NULL)))
        g_ptr_array_add (job->orphans, g_strdup (id));
    }
  /* So is the key of an attempt that nobody took up again for a month. */
  find_stale_journal (db, stale, stale_secrets);
  for (guint i = 0; i < stale_secrets->len; i++)
    g_ptr_array_add (job->orphans, g_strdup (g_ptr_array_index (stale_secrets, i)));
  ok_store_db_rollback (db);

  if ((dead->len > 0 || stale->len > 0) && !drop_reservations (db, dead, stale, &error))
    {
      g_ptr_array_set_size (job->orphans, 0);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void clear_next_orphan (GTask *task);

static void
orphan_cleared (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!ok_secrets_clear_finish (result, &error))
    g_message ("Could not remove an orphaned key passphrase from the keyring: %s", error->message);

  clear_next_orphan (task);
}

/* One at a time, and the sweep is done only when they are gone: a command-line run exits
 * right after. */
static void
clear_next_orphan (GTask *task)
{
  JournalJob *job = g_task_get_task_data (task);
  guint next = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "ok-store-next-orphan"));

  if (next >= job->orphans->len)
    {
      g_task_return_int (task, job->orphans->len);
      return;
    }

  g_object_set_data (G_OBJECT (task), "ok-store-next-orphan", GUINT_TO_POINTER (next + 1));
  ok_secrets_clear_async (OK_SECRET_KIND_KEY_PASSPHRASE, g_ptr_array_index (job->orphans, next), NULL,
                          orphan_cleared, g_object_ref (task));
}

static void
swept (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  clear_next_orphan (outer);
}

static void
secrets_listed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  OkStore *self = g_task_get_source_object (outer);
  JournalJob *job = g_task_get_task_data (outer);
  GError *error = NULL;

  job->secrets = ok_secrets_list_finish (result, &error);
  if (job->secrets == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  _ok_store_run (self, outer, job, NULL, sweep_job, swept);
}

/**
 * ok_store_sweep_secrets_async:
 *
 * Removes the key passphrases of this store in the keyring that no entry names and no running
 * process is about to: what a process killed between making an item and committing its row
 * leaves. Items of other stores and of earlier versions are not touched. Never prompts.
 */
void
ok_store_sweep_secrets_async (OkStore             *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  JournalJob *job;

  g_return_if_fail (OK_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_sweep_secrets_async);

  job = g_new0 (JournalJob, 1);
  job->orphans = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, job, (GDestroyNotify) journal_job_free);
  ok_secrets_list_async (OK_SECRET_KIND_KEY_PASSPHRASE, cancellable, secrets_listed, g_object_ref (task));
}

/**
 * ok_store_sweep_secrets_finish:
 *
 * Returns: how many orphaned items were removed
 */
guint
ok_store_sweep_secrets_finish (OkStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  gssize removed;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  removed = g_task_propagate_int (G_TASK (result), error);
  return removed > 0 ? (guint) removed : 0;
}
