/* ok-store-generations.c — adding entries, renewing them and giving them their keys: new
 * generations and keys, each in one transaction (the keyring steps they share are in ok-store-writes.c)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "ok-chain.h"
#include "ok-file.h"
#include "ok-secrets.h"
#include "ok-store-writes.h"

/* ---- add ------------------------------------------------------------------------------------ */

static void
add_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  OkStoreKeyJob *job = g_task_get_task_data (task);
  g_autofree char *sha256 = ok_store_rows_sha256 (ok_certificate_get_der (job->certificate));
  g_autofree char *owner = NULL;
  g_autoptr(GBytes) encrypted_key = NULL;
  g_autoptr(JsonObject) state = json_object_new ();
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);
  gint64 generation;

  /* Encrypting takes a moment; it is done before the transaction so others need not wait. */
  if (db == NULL || (job->key != NULL && !(encrypted_key = _ok_store_encrypt_key (job, &error))) ||
      !ok_store_db_begin (db, &error))
    goto failed;

  if (job->journal_id != NULL && !_ok_store_take_journal_key (db, job, &encrypted_key, &error))
    goto rollback;

  owner = ok_store_rows_find_owner (db, sha256);
  if (owner != NULL)
    {
      g_set_error (&error, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE,
                   _("This certificate is already in OCES Keeper as “%s”."), owner);
      goto rollback;
    }

  if (!(generation = ok_store_rows_insert_generation (db, job->entry_id, job->certificate, encrypted_key,
                                                      job->secret_id, &error)) ||
      !ok_store_rows_insert_entry (db, job->certificate, generation, state, g_get_real_time () / G_USEC_PER_SEC, &error) ||
      (job->secret_id != NULL &&
       !_ok_store_exec_text (db, "DELETE FROM secret_reservations WHERE secret_id = ?", job->secret_id, NULL, &error)) ||
      !_ok_store_read_back (db, job, &error))
    goto rollback;

  ok_file_crash_point ();
  if (!ok_store_db_commit (db, &error))
    goto failed;

  ok_file_crash_point ();
  _ok_store_committed (self);
  g_task_return_boolean (task, TRUE);
  return;

rollback:
  ok_store_db_rollback (db);
failed:
  /* A journal's key stays the journal's: not this job's to forget. */
  if (job->journal_id != NULL)
    g_clear_pointer (&job->secret_id, g_free);
  g_task_return_error (task, error);
}

/**
 * ok_store_add_async:
 * @certificate_der: the certificate to keep
 * @chain_der: (element-type GBytes) (nullable): its chain, issuing CA first
 * @key: (nullable): its private key, or %NULL to monitor it only
 * @name: (nullable): the name to show, or %NULL for the certificate's common name
 * @environment_override: %OK_ENVIRONMENT_UNKNOWN to use the detected environment
 * @events: (element-type OkEvent): the first event-log entries (%IMPORTED, %ISSUED, …)
 *
 * Adds a new entry in one transaction. A certificate that is already in the store — in this
 * process's list or, decided by the database, added by another process meanwhile — fails
 * with %OK_STORE_ERROR_DUPLICATE and changes nothing.
 */
static void
start_add (OkStore       *self,
           GTask         *task,
           GBytes        *certificate_der,
           GPtrArray     *chain_der,
           OkKey         *key,
           const char    *journal_id,
           const char    *name,
           OkEnvironment  environment_override,
           GPtrArray     *events)
{
  g_autoptr(OkCertificate) certificate = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *id = NULL;
  OkCertificate *existing;
  OkStoreKeyJob *job;
  GError *error = NULL;

  existing = ok_store_find_duplicate (self, certificate_der);
  if (existing != NULL)
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE,
                               _("This certificate is already in OCES Keeper as “%s”."),
                               ok_certificate_get_name (existing));
      return;
    }

  if (!(certificate = ok_certificate_new_from_der (certificate_der, &error)) ||
      !(chain = ok_certificate_list_from_der (chain_der, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The id is the start of the certificate's SHA-256: short, and the same on every machine. */
  sha256 = ok_store_rows_sha256 (certificate_der);
  id = g_strndup (sha256, 12);
  ok_certificate_set_id (certificate, id);
  if (name != NULL && *name != '\0')
    ok_certificate_set_name (certificate, name);
  ok_certificate_set_environment_override (certificate, environment_override);
  ok_certificate_set_has_private_key (certificate, key != NULL || journal_id != NULL);
  ok_certificate_set_auto_renew (certificate, key != NULL || journal_id != NULL);
  ok_certificate_set_chain (certificate, chain);
  ok_certificate_set_trust (certificate, ok_chain_verify (certificate, chain, NULL,
                                                          g_get_real_time () / G_USEC_PER_SEC, NULL));
  for (guint i = 0; i < events->len; i++)
    ok_certificate_append_event (certificate, g_ptr_array_index (events, i));

  job = _ok_store_key_job_new (certificate, id, journal_id != NULL ? NULL : key);
  job->journal_id = g_strdup (journal_id);
  _ok_store_start_write (self, task, job, add_job);
}

void
ok_store_add_async (OkStore             *self,
                    GBytes              *certificate_der,
                    GPtrArray           *chain_der,
                    OkKey               *key,
                    const char          *name,
                    OkEnvironment        environment_override,
                    GPtrArray           *events,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (certificate_der != NULL);
  g_return_if_fail (key == NULL || OK_IS_KEY (key));
  g_return_if_fail (events != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_add_async);
  start_add (self, task, certificate_der, chain_der, key, NULL, name, environment_override, events);
}

/**
 * ok_store_add_from_journal_async:
 * @journal_id: the journal record (ok_store_journal_begin_async()) whose key the certificate
 *   was issued for
 *
 * Like ok_store_add_async(), with the key of the journal record: the record ends in the same
 * transaction, its key (still encrypted, under the same keyring item) becomes the entry's.
 */
void
ok_store_add_from_journal_async (OkStore             *self,
                                 const char          *journal_id,
                                 GBytes              *certificate_der,
                                 GPtrArray           *chain_der,
                                 const char          *name,
                                 OkEnvironment        environment_override,
                                 GPtrArray           *events,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (journal_id != NULL);
  g_return_if_fail (certificate_der != NULL);
  g_return_if_fail (events != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_add_async);
  start_add (self, task, certificate_der, chain_der, NULL, journal_id, name, environment_override, events);
}

/**
 * ok_store_add_finish:
 *
 * Returns: (transfer full): the new entry
 */
OkCertificate *
ok_store_add_finish (OkStore       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- renewal: a new generation -------------------------------------------------------------- */

static gboolean
retire_generation (OkStoreDb   *db,
                   OkStoreKeyJob      *job,
                   gint64       generation,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) find = ok_store_db_prepare (db, "SELECT key_secret FROM generations WHERE id = ?", error);
  g_autoptr(sqlite3_stmt) drop = NULL;

  if (find == NULL)
    return FALSE;

  sqlite3_bind_int64 (find, 1, generation);
  if (sqlite3_step (find) == SQLITE_ROW)
    job->old_secret = g_strdup (ok_store_db_column_text (find, 0));

  /* The replaced key goes in this same transaction; its certificate stays as history. */
  drop = ok_store_db_prepare (db, "UPDATE generations SET key = NULL, key_secret = NULL WHERE id = ?", error);
  if (drop == NULL)
    return FALSE;

  sqlite3_bind_int64 (drop, 1, generation);
  return ok_store_db_step_done (db, drop, error);
}

static gboolean
switch_current (OkStoreDb   *db,
                const char  *entry_id,
                gint64       generation,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "UPDATE entries SET current = ?, revision = revision + 1 WHERE id = ?", error);

  if (statement == NULL)
    return FALSE;

  sqlite3_bind_int64 (statement, 1, generation);
  ok_store_db_bind_text (statement, 2, entry_id);
  return ok_store_db_step_done (db, statement, error);
}

static void
replace_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  OkStoreKeyJob *job = g_task_get_task_data (task);
  g_autofree char *sha256 = ok_store_rows_sha256 (ok_certificate_get_der (job->certificate));
  g_autofree char *current_sha256 = NULL;
  g_autofree char *owner = NULL;
  g_autoptr(GBytes) encrypted_key = NULL;
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);
  gint64 current = 0;
  gint64 generation;

  if (db == NULL || (job->key != NULL && !(encrypted_key = _ok_store_encrypt_key (job, &error))) ||
      !ok_store_db_begin (db, &error))
    goto failed;

  if (job->journal_id != NULL && !_ok_store_take_journal_key (db, job, &encrypted_key, &error))
    goto rollback;

  /* What the entry is now, not what this process last saw. */
  if (!ok_store_rows_get_current (db, job->entry_id, &current, &current_sha256, &error))
    goto rollback;

  if (g_strcmp0 (current_sha256, job->expected_sha256) != 0)
    {
      g_set_error (&error, OK_STORE_ERROR, OK_STORE_ERROR_CHANGED,
                   _("“%s” was renewed by another program meanwhile; its new certificate was kept."),
                   ok_certificate_get_name (job->certificate));
      goto rollback;
    }

  owner = ok_store_rows_find_owner (db, sha256);
  if (owner != NULL)
    {
      g_set_error (&error, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE,
                   _("The renewed certificate is already in OCES Keeper as “%s”."), owner);
      goto rollback;
    }

  if (!(generation = ok_store_rows_insert_generation (db, job->entry_id, job->certificate, encrypted_key,
                                                      job->secret_id, &error)) ||
      !retire_generation (db, job, current, &error) ||
      (job->old_secret != NULL && !_ok_store_reserve_secret (self, db, job->old_secret, &error)) ||
      !switch_current (db, job->entry_id, generation, &error) ||
      !ok_store_rows_insert_event (db, job->entry_id, job->event, &error) ||
      !_ok_store_exec_text (db, "DELETE FROM leases WHERE entry_id = ? AND token = ?", job->entry_id, self->lease_token, &error) ||
      !_ok_store_exec_text (db, "DELETE FROM secret_reservations WHERE secret_id = ?", job->secret_id, NULL, &error) ||
      !_ok_store_read_back (db, job, &error))
    goto rollback;

  ok_file_crash_point ();
  if (!ok_store_db_commit (db, &error))
    goto failed;

  ok_file_crash_point ();
  _ok_store_committed (self);
  g_task_return_boolean (task, TRUE);
  return;

rollback:
  ok_store_db_rollback (db);
failed:
  g_clear_pointer (&job->old_secret, g_free);
  if (job->journal_id != NULL)
    g_clear_pointer (&job->secret_id, g_free);
  g_task_return_error (task, error);
}

/**
 * ok_store_replace_async:
 * @certificate: the entry to renew, as this process knows it
 * @new_certificate_der: the renewed certificate
 * @new_chain_der: (element-type GBytes): its chain
 * @new_key: (nullable): the key the renewed certificate was issued for; %NULL for a certificate
 *   renewed outside OCES Keeper and imported without its key, which is then monitored only
 * @event: the event to log (%RENEWED, %RENEWED_ELSEWHERE)
 *
 * Makes the renewed certificate current in one transaction: the new generation with its
 * key, the switch, the event, and the old key dropped. It fails with %OK_STORE_ERROR_CHANGED
 * and changes nothing if the entry's current certificate is no longer @certificate's (another
 * process renewed it). The entry is a new #OkCertificate object afterwards, read back from the
 * database, at the same position in the list; this process's lease on the entry ends.
 */
static void
start_replace (OkStore       *self,
               GTask         *task,
               OkCertificate *certificate,
               GBytes        *new_certificate_der,
               GPtrArray     *new_chain_der,
               OkKey         *new_key,
               const char    *journal_id,
               OkEvent       *event)
{
  g_autoptr(OkCertificate) renewed = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  OkStoreKeyJob *job;
  GError *error = NULL;

  if (!_ok_store_check_present (self, certificate, task))
    return;

  if (!(renewed = ok_certificate_new_from_der (new_certificate_der, &error)) ||
      !(chain = ok_certificate_list_from_der (new_chain_der, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  ok_certificate_set_name (renewed, ok_certificate_get_name (certificate));
  ok_certificate_set_environment_override (renewed, ok_certificate_get_environment_override (certificate));
  ok_certificate_set_chain (renewed, chain);
  ok_certificate_set_trust (renewed, ok_chain_verify (renewed, chain, NULL,
                                                      g_get_real_time () / G_USEC_PER_SEC, NULL));

  job = _ok_store_key_job_new (renewed, ok_certificate_get_id (certificate), journal_id != NULL ? NULL : new_key);
  job->journal_id = g_strdup (journal_id);
  job->expected_sha256 = ok_store_rows_sha256 (ok_certificate_get_der (certificate));
  job->event = g_object_ref (event);
  _ok_store_start_write (self, task, job, replace_job);
}

void
ok_store_replace_async (OkStore             *self,
                        OkCertificate       *certificate,
                        GBytes              *new_certificate_der,
                        GPtrArray           *new_chain_der,
                        OkKey               *new_key,
                        OkEvent             *event,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (new_certificate_der != NULL);
  g_return_if_fail (new_key == NULL || OK_IS_KEY (new_key));
  g_return_if_fail (OK_IS_EVENT (event));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_replace_async);
  start_replace (self, task, certificate, new_certificate_der, new_chain_der, new_key, NULL, event);
}

/**
 * ok_store_replace_from_journal_async:
 *
 * Like ok_store_replace_async(), with the key of the journal record @journal_id, which ends in
 * the same transaction.
 */
void
ok_store_replace_from_journal_async (OkStore             *self,
                                     OkCertificate       *certificate,
                                     const char          *journal_id,
                                     GBytes              *new_certificate_der,
                                     GPtrArray           *new_chain_der,
                                     OkEvent             *event,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (journal_id != NULL);
  g_return_if_fail (new_certificate_der != NULL);
  g_return_if_fail (OK_IS_EVENT (event));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_replace_async);
  start_replace (self, task, certificate, new_certificate_der, new_chain_der, NULL, journal_id, event);
}

/**
 * ok_store_replace_finish:
 *
 * Returns: (transfer full): the entry's new certificate object
 */
OkCertificate *
ok_store_replace_finish (OkStore       *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}


/* ---- a key for a monitored-only certificate ----------------------------------------------- */

static gboolean
current_has_key (OkStoreDb  *db,
                 gint64      generation,
                 gboolean   *has_key,
                 GError    **error)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "SELECT key IS NOT NULL FROM generations WHERE id = ?", error);

  if (statement == NULL)
    return FALSE;

  sqlite3_bind_int64 (statement, 1, generation);
  *has_key = sqlite3_step (statement) == SQLITE_ROW && sqlite3_column_int (statement, 0) != 0;
  return TRUE;
}

static gboolean
store_key (OkStoreDb    *db,
           OkStoreKeyJob *job,
           gint64        generation,
           GBytes       *encrypted_key,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "UPDATE generations SET key = ?, key_secret = ? WHERE id = ?", error);

  if (statement == NULL)
    return FALSE;

  sqlite3_bind_blob (statement, 1, g_bytes_get_data (encrypted_key, NULL), g_bytes_get_size (encrypted_key),
                     SQLITE_TRANSIENT);
  ok_store_db_bind_text (statement, 2, job->secret_id);
  sqlite3_bind_int64 (statement, 3, generation);
  return ok_store_db_step_done (db, statement, error);
}

static void
add_key_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  OkStoreKeyJob *job = g_task_get_task_data (task);
  g_autofree char *current_sha256 = NULL;
  g_autoptr(GBytes) encrypted_key = NULL;
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);
  gboolean has_key = FALSE;
  gint64 current = 0;

  if (db == NULL || !(encrypted_key = _ok_store_encrypt_key (job, &error)) || !ok_store_db_begin (db, &error))
    goto failed;

  if (!ok_store_rows_get_current (db, job->entry_id, &current, &current_sha256, &error) ||
      !current_has_key (db, current, &has_key, &error))
    goto rollback;

  if (g_strcmp0 (current_sha256, job->expected_sha256) != 0)
    {
      g_set_error (&error, OK_STORE_ERROR, OK_STORE_ERROR_CHANGED,
                   _("“%s” was renewed by another program meanwhile; the key is not for its new certificate."),
                   ok_certificate_get_name (job->certificate));
      goto rollback;
    }
  if (has_key)
    {
      g_set_error (&error, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE,
                   _("This certificate is already in OCES Keeper with its private key, as “%s”."),
                   ok_certificate_get_name (job->certificate));
      goto rollback;
    }

  /* Automatic renewal was off only because there was no key to renew with. */
  if (!store_key (db, job, current, encrypted_key, &error) ||
      !_ok_store_exec_text (db, "UPDATE entries SET auto_renew = 1, revision = revision + 1 WHERE id = ?",
                            job->entry_id, NULL, &error) ||
      !ok_store_rows_insert_event (db, job->entry_id, job->event, &error) ||
      !_ok_store_exec_text (db, "DELETE FROM secret_reservations WHERE secret_id = ?", job->secret_id, NULL, &error) ||
      !_ok_store_read_back (db, job, &error))
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

/**
 * ok_store_add_key_async:
 * @certificate: an entry that is monitored only (no private key)
 * @key: the private key of @certificate's current certificate (ok_key_matches_certificate())
 * @event: the event to log (%KEY_ADDED)
 *
 * Gives a monitored-only entry its key in one transaction, with the log, settings and deploy
 * actions kept, and automatic renewal turned on (it was off for want of a key). Fails with
 * %OK_STORE_ERROR_CHANGED if another process renewed the entry meanwhile, and with
 * %OK_STORE_ERROR_DUPLICATE if the entry has its key already. Finish with
 * ok_store_replace_finish().
 */
void
ok_store_add_key_async (OkStore             *self,
                        OkCertificate       *certificate,
                        OkKey               *key,
                        OkEvent             *event,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OkStoreKeyJob *job;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (OK_IS_KEY (key));
  g_return_if_fail (OK_IS_EVENT (event));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_replace_async);
  if (!_ok_store_check_present (self, certificate, task))
    return;

  if (!ok_key_matches_certificate (key, ok_certificate_get_der (certificate)))
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_FAILED,
                               _("The private key does not belong to “%s”."), ok_certificate_get_name (certificate));
      return;
    }

  job = _ok_store_key_job_new (certificate, ok_certificate_get_id (certificate), key);
  job->expected_sha256 = ok_store_rows_sha256 (ok_certificate_get_der (certificate));
  job->event = g_object_ref (event);
  _ok_store_start_write (self, task, job, add_key_job);
}
