/* ok-store-entries.c — changes to entries: their settings, their event log, their removal
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-file.h"
#include "ok-secrets.h"
#include "ok-store-private.h"

/* ---- settings and the event log ---------------------------------------------------------- */

typedef struct
{
  char          *id;
  OkStoreFields  fields;
  char          *name;
  char          *environment;
  gboolean       auto_renew;
  guint          renewal_window_days;
  GPtrArray     *deploy_actions;
  char          *state;
  char          *state_member;  /* write only this member of the monitor state */
  OkEvent       *event;
  gint64         revision;
} UpdateJob;

static void
update_job_free (UpdateJob *job)
{
  g_free (job->id);
  g_free (job->name);
  g_free (job->environment);
  g_clear_pointer (&job->deploy_actions, g_ptr_array_unref);
  g_free (job->state);
  g_free (job->state_member);
  g_clear_object (&job->event);
  g_free (job);
}

static gboolean
update_column (OkStoreDb   *db,
               const char  *sql,
               const char  *id,
               const char  *text,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) statement = ok_store_db_prepare (db, sql, error);

  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, text);
  ok_store_db_bind_text (statement, 2, id);
  return ok_store_db_step_done (db, statement, error);
}

static gboolean
update_number (OkStoreDb   *db,
               const char  *sql,
               const char  *id,
               gint64       number,
               GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, number);

  /* SQLite's column affinity stores the text as an integer. */
  return update_column (db, sql, id, text, error);
}

/* One member of the monitor state, put into the state as it is in the database now: the
 * monitor's reminders and the revocation watch's record are written by different processes,
 * and neither may undo the other's with its older copy. */
static gboolean
write_state_member (OkStoreDb   *db,
                    UpdateJob   *job,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) read = ok_store_db_prepare (db, "SELECT monitor_state FROM entries WHERE id = ?", error);
  g_autoptr(JsonParser) now_parser = json_parser_new ();
  g_autoptr(JsonParser) member_parser = json_parser_new ();
  g_autoptr(JsonNode) merged = NULL;
  g_autofree char *text = NULL;
  JsonObject *state = NULL;
  JsonNode *member = NULL;

  if (read == NULL)
    return FALSE;

  ok_store_db_bind_text (read, 1, job->id);
  if (sqlite3_step (read) == SQLITE_ROW &&
      json_parser_load_from_data (now_parser, ok_store_db_column_text (read, 0), -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (now_parser)))
    state = json_object_ref (json_node_get_object (json_parser_get_root (now_parser)));
  if (state == NULL)
    state = json_object_new ();

  if (json_parser_load_from_data (member_parser, job->state, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (member_parser)))
    member = json_object_get_member (json_node_get_object (json_parser_get_root (member_parser)), job->state_member);

  if (member != NULL)
    json_object_set_member (state, job->state_member, json_node_copy (member));
  else
    json_object_remove_member (state, job->state_member);

  merged = json_node_init_object (json_node_alloc (), state);
  json_object_unref (state);
  text = json_to_string (merged, FALSE);
  return update_column (db, "UPDATE entries SET monitor_state = ? WHERE id = ?", job->id, text, error);
}

static gboolean
write_fields (OkStoreDb  *db,
              UpdateJob  *job,
              GError    **error)
{
  OkStoreFields f = job->fields;

  return (!(f & OK_STORE_FIELD_NAME) ||
          update_column (db, "UPDATE entries SET name = ? WHERE id = ?", job->id, job->name, error)) &&
         (!(f & OK_STORE_FIELD_ENVIRONMENT) ||
          update_column (db, "UPDATE entries SET environment_override = ? WHERE id = ?", job->id, job->environment, error)) &&
         (!(f & OK_STORE_FIELD_AUTO_RENEW) ||
          update_number (db, "UPDATE entries SET auto_renew = ? WHERE id = ?", job->id, job->auto_renew, error)) &&
         (!(f & OK_STORE_FIELD_RENEWAL_WINDOW) ||
          update_number (db, "UPDATE entries SET renewal_window_days = ? WHERE id = ?", job->id,
                         job->renewal_window_days, error)) &&
         (!(f & OK_STORE_FIELD_MONITOR_STATE) ||
          (job->state_member != NULL ? write_state_member (db, job, error)
                                     : update_column (db, "UPDATE entries SET monitor_state = ? WHERE id = ?",
                                                      job->id, job->state, error))) &&
         (!(f & OK_STORE_FIELD_DEPLOY_ACTIONS) ||
          ok_store_rows_write_deploy_actions (db, job->id, job->deploy_actions, error));
}

static gboolean
read_revision (OkStoreDb   *db,
               const char  *id,
               gint64      *revision,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) statement = ok_store_db_prepare (db, "SELECT revision FROM entries WHERE id = ?", error);

  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, id);
  if (sqlite3_step (statement) != SQLITE_ROW)
    return ok_store_db_set_error (db, error);

  *revision = sqlite3_column_int64 (statement, 0);
  return TRUE;
}

static void
update_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  UpdateJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);

  if (db == NULL || !ok_store_db_begin (db, &error))
    goto failed;

  /* The revision is bumped first: it fails when another process removed the entry. */
  if (!ok_store_rows_touch (db, job->id, &error) ||
      !write_fields (db, job, &error) ||
      (job->event != NULL && !ok_store_rows_insert_event (db, job->id, job->event, &error)) ||
      !read_revision (db, job->id, &job->revision, &error))
    {
      ok_store_db_rollback (db);
      goto failed;
    }

  ok_file_crash_point ();
  if (!ok_store_db_commit (db, &error))
    goto failed;

  _ok_store_committed (self);
  g_task_return_boolean (task, TRUE);
  return;

failed:
  g_task_return_error (task, error);
}

static void
update_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  OkStore *self = OK_STORE (object);
  g_autoptr(GTask) outer = user_data;
  UpdateJob *job = g_task_get_task_data (G_TASK (result));
  OkStoreRecord *record;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  /* Only this change is known to be in; another process's changes bump the revision again
   * and are read on the next reload. */
  record = g_hash_table_lookup (self->records, job->id);
  if (record != NULL && record->revision + 1 == job->revision)
    record->revision = job->revision;

  g_task_return_boolean (outer, TRUE);
}

static GPtrArray *
ref_all (GPtrArray *objects)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; objects != NULL && i < objects->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (objects, i)));

  return copy;
}

static UpdateJob *
update_job_new (OkStore       *self,
                OkCertificate *certificate,
                OkStoreFields  fields)
{
  UpdateJob *job = g_new0 (UpdateJob, 1);
  OkEnvironment override = ok_certificate_get_environment_override (certificate);
  OkStoreRecord *record = _ok_store_get_record (self, certificate);

  job->id = g_strdup (ok_certificate_get_id (certificate));
  job->fields = fields;
  job->name = g_strdup (ok_certificate_get_name (certificate));
  job->environment = override != OK_ENVIRONMENT_UNKNOWN ? g_strdup (ok_environment_to_string (override)) : NULL;
  job->auto_renew = ok_certificate_get_auto_renew (certificate);
  job->renewal_window_days = ok_certificate_get_renewal_window_days (certificate);
  job->deploy_actions = ref_all (ok_certificate_get_deploy_actions (certificate));
  if (record != NULL)
    {
      g_autoptr(JsonNode) state = json_node_init_object (json_node_alloc (), record->state);
      job->state = json_to_string (state, FALSE);
    }

  return job;
}

/**
 * ok_store_update_async:
 * @fields: which of @certificate's settings to write
 * @event: (nullable): an event to append to the log in the same transaction (%RENAMED, …)
 *
 * Writes the @fields of @certificate's entry and nothing else: its certificate, key, event
 * log and the other fields stay as they are in the database, whoever changed them last.
 */
void
ok_store_update_async (OkStore             *self,
                       OkCertificate       *certificate,
                       OkStoreFields        fields,
                       OkEvent             *event,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UpdateJob *job;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (event == NULL || OK_IS_EVENT (event));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_update_async);
  if (event != NULL)
    ok_certificate_append_event (certificate, event);
  if (!_ok_store_check_present (self, certificate, task))
    return;

  job = update_job_new (self, certificate, fields);
  job->event = event != NULL ? g_object_ref (event) : NULL;
  _ok_store_run (self, task, job, (GDestroyNotify) update_job_free, update_job, update_done);
}

/**
 * ok_store_update_monitor_state_async:
 * @member: the member of the monitor state to write ("reminders", "revocation")
 * @event: (nullable): an event to append to the log in the same transaction
 *
 * Writes @member of @certificate's monitor state (ok_store_get_monitor_state()) into the state
 * as it is in the database now, leaving its other members as other processes last wrote them.
 * Finish with ok_store_update_finish().
 */
void
ok_store_update_monitor_state_async (OkStore             *self,
                                     OkCertificate       *certificate,
                                     const char          *member,
                                     OkEvent             *event,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UpdateJob *job;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (member != NULL);
  g_return_if_fail (event == NULL || OK_IS_EVENT (event));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_update_async);
  if (event != NULL)
    ok_certificate_append_event (certificate, event);
  if (!_ok_store_check_present (self, certificate, task))
    return;

  job = update_job_new (self, certificate, OK_STORE_FIELD_MONITOR_STATE);
  job->state_member = g_strdup (member);
  job->event = event != NULL ? g_object_ref (event) : NULL;
  _ok_store_run (self, task, job, (GDestroyNotify) update_job_free, update_job, update_done);
}

gboolean
ok_store_update_finish (OkStore       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ok_store_log_async:
 *
 * Appends @event to @certificate's event log, in memory and in the database.
 */
void
ok_store_log_async (OkStore             *self,
                    OkCertificate       *certificate,
                    OkEvent             *event,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_return_if_fail (OK_IS_EVENT (event));

  ok_store_update_async (self, certificate, 0, event, cancellable, callback, user_data);
}

gboolean
ok_store_log_finish (OkStore       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  return ok_store_update_finish (self, result, error);
}

/* ---- remove ----------------------------------------------------------------------------- */

typedef struct
{
  char      *id;
  GPtrArray *secrets;   /* keyring items of the removed keys */
} RemoveJob;

static void
remove_job_free (RemoveJob *job)
{
  g_free (job->id);
  g_clear_pointer (&job->secrets, g_ptr_array_unref);
  g_free (job);
}

static gboolean
collect_secrets (OkStore     *self,
                 OkStoreDb   *db,
                 RemoveJob   *job,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "SELECT key_secret FROM generations WHERE entry_id = ? AND key_secret IS NOT NULL", error);

  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, job->id);
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_ptr_array_add (job->secrets, g_strdup (ok_store_db_column_text (statement, 0)));

  /* A renewal's journal record goes with the entry, and its key's item with the others. */
  {
    g_autoptr(sqlite3_stmt) journal = ok_store_db_prepare (db, "SELECT key_secret FROM journal WHERE id = 'renew:' || ?", error);
    g_autoptr(sqlite3_stmt) drop = ok_store_db_prepare (db, "DELETE FROM journal WHERE id = 'renew:' || ?", error);

    if (journal == NULL || drop == NULL)
      return FALSE;
    ok_store_db_bind_text (journal, 1, job->id);
    while (sqlite3_step (journal) == SQLITE_ROW)
      g_ptr_array_add (job->secrets, g_strdup (ok_store_db_column_text (journal, 0)));
    ok_store_db_bind_text (drop, 1, job->id);
    if (!ok_store_db_step_done (db, drop, error))
      return FALSE;
  }

  /* This process removes them after the commit; until then no sweep elsewhere races it. */
  for (guint i = 0; i < job->secrets->len; i++)
    if (!_ok_store_reserve_secret (self, db, g_ptr_array_index (job->secrets, i), error))
      return FALSE;

  return TRUE;
}

static void
remove_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  RemoveJob *job = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) remove_entry = NULL;
  g_autoptr(sqlite3_stmt) remove_lease = NULL;
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);

  if (db == NULL || !ok_store_db_begin (db, &error))
    goto failed;

  /* Events, generations (keys included) and deploy actions go with the entry (ON DELETE
   * CASCADE), in this one transaction. */
  if (!collect_secrets (self, db, job, &error) ||
      !(remove_entry = ok_store_db_prepare (db, "DELETE FROM entries WHERE id = ?", &error)) ||
      !(remove_lease = ok_store_db_prepare (db, "DELETE FROM leases WHERE entry_id = ?", &error)))
    goto rollback;

  ok_store_db_bind_text (remove_entry, 1, job->id);
  ok_store_db_bind_text (remove_lease, 1, job->id);
  if (!ok_store_db_step_done (db, remove_entry, &error) ||
      !ok_store_db_step_done (db, remove_lease, &error))
    goto rollback;

  ok_file_crash_point ();
  if (!ok_store_db_commit (db, &error))
    goto failed;

  _ok_store_committed (self);
  g_task_return_boolean (task, TRUE);
  return;

rollback:
  ok_store_db_rollback (db);
failed:
  g_task_return_error (task, error);
}

static void clear_next_secret (GTask *outer);

static void
secret_removed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;

  /* The entry is gone already; an orphaned item is swept later (ok_store_sweep_secrets_async()). */
  if (!ok_secrets_clear_finish (result, &error))
    g_message ("Could not remove a keyring item of a removed certificate: %s", error->message);

  _ok_store_release_secret (g_task_get_source_object (outer), g_object_get_data (G_OBJECT (outer), "ok-store-clearing"));
  clear_next_secret (outer);
}

static void
remove_secrets_ready (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;

  if (!ok_secrets_clear_certificate_finish (result, &error))
    g_message ("Could not remove the keyring items of a removed certificate: %s", error->message);

  g_task_return_boolean (outer, TRUE);
}

/* The keys' secrets one by one, then what is kept under the entry's id (one-time codes,
 * remembered passwords); done only when all are gone, as a command-line run exits then. */
static void
clear_next_secret (GTask *outer)
{
  RemoveJob *job = g_object_get_data (G_OBJECT (outer), "ok-store-remove-job");

  if (job->secrets->len > 0)
    {
      char *secret_id = g_ptr_array_steal_index (job->secrets, job->secrets->len - 1);

      g_object_set_data_full (G_OBJECT (outer), "ok-store-clearing", secret_id, g_free);
      ok_secrets_clear_async (OK_SECRET_KIND_KEY_PASSPHRASE, secret_id, NULL, secret_removed, g_object_ref (outer));
      return;
    }

  ok_secrets_clear_certificate_async (job->id, NULL, remove_secrets_ready, g_object_ref (outer));
}

static void
remove_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  OkStore *self = OK_STORE (object);
  g_autoptr(GTask) outer = user_data;
  RemoveJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  _ok_store_drop (self, job->id);
  clear_next_secret (outer);
}

void
ok_store_remove_async (OkStore             *self,
                       OkCertificate       *certificate,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RemoveJob *job;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_remove_async);
  if (!_ok_store_check_present (self, certificate, task))
    return;

  job = g_new0 (RemoveJob, 1);
  job->id = g_strdup (ok_certificate_get_id (certificate));
  job->secrets = g_ptr_array_new_with_free_func (g_free);
  g_object_set_data_full (G_OBJECT (task), "ok-store-remove-job", job, (GDestroyNotify) remove_job_free);
  _ok_store_run (self, task, job, NULL, remove_job, remove_done);
}

gboolean
ok_store_remove_finish (OkStore       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
