/* ok-store-writes.c — the writes that make keyring items: the steps they share (reserve the
 * item's id, make the item, commit the row that names it) and the journal of a new key
 *
 * A key is stored encrypted in its generation's row; the secret that encrypts it is a keyring
 * item with an id of its own (`key-<store id>-<random>`), named in the same row. Making an item and
 * committing the row that names it cannot be one transaction, so the item's id is first
 * reserved in the database (with this process's pid), then the item is made, then the row
 * that names it is committed and the reservation dropped in the same transaction. A process
 * removes only items it made, when its own transaction failed; whatever a crash leaves is
 * an item that no row names and no living process reserved, which the sweep removes.
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


void
_ok_store_key_job_free (OkStoreKeyJob *job)
{
  g_clear_object (&job->certificate);
  g_free (job->entry_id);
  g_free (job->expected_sha256);
  g_clear_object (&job->key);
  g_free (job->secret_id);
  g_clear_pointer (&job->passphrase, ok_secrets_free);
  g_free (job->environment);
  g_clear_object (&job->event);
  g_free (job->old_secret);
  g_free (job->journal_id);
  g_free (job->csr);
  g_clear_pointer (&job->answer, g_bytes_unref);
  g_free (job->answer_chain);
  g_clear_object (&job->result);
  g_clear_pointer (&job->record, ok_store_record_free);
  g_free (job);
}

OkStoreKeyJob *
_ok_store_key_job_new (OkCertificate *certificate,
             const char    *entry_id,
             OkKey         *key)
{
  OkStoreKeyJob *job = g_new0 (OkStoreKeyJob, 1);

  job->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  job->entry_id = g_strdup (entry_id);
  if (certificate != NULL)
    job->environment = g_strdup (ok_environment_to_string (ok_certificate_get_environment (certificate)));
  if (key != NULL)
    {
      job->key = g_object_ref (key);
      job->passphrase = ok_secrets_generate_passphrase ();
    }

  return job;
}

gboolean
_ok_store_exec_text (OkStoreDb   *db,
                const char  *sql,
                const char  *first,
                const char  *second,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) statement = ok_store_db_prepare (db, sql, error);

  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, first);
  if (second != NULL)
    ok_store_db_bind_text (statement, 2, second);
  return ok_store_db_step_done (db, statement, error);
}

/* ---- reservations ------------------------------------------------------------------------- */

/* A reservation says: a living process (this one) is about to name this keyring item in a
 * row, or to remove it; the sweep leaves it alone until that process is gone. */
gboolean
_ok_store_reserve_secret (OkStore     *self,
                          OkStoreDb   *db,
                          const char  *secret_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    ok_store_db_prepare (db, "INSERT OR REPLACE INTO secret_reservations (secret_id, pid, created) VALUES (?, ?, ?)",
                         error);

  if (statement == NULL)
    return FALSE;

  ok_store_db_bind_text (statement, 1, secret_id);
  sqlite3_bind_int64 (statement, 2, getpid ());
  sqlite3_bind_int64 (statement, 3, g_get_real_time () / G_USEC_PER_SEC);
  return ok_store_db_step_done (db, statement, error);
}

static void
reserve_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  OkStoreKeyJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Named here, where the store's id is known: the main thread reads it once this returns. */
  {
    g_autofree char *random = g_uuid_string_random ();
    job->secret_id = g_strconcat (self->secret_prefix, random, NULL);
  }

  if (!_ok_store_reserve_secret (self, db, job->secret_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  ok_file_crash_point ();
  g_task_return_boolean (task, TRUE);
}

static void
unreserve_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  OkStoreKeyJob *job = g_task_get_task_data (task);
  OkStoreDb *db = _ok_store_get_db (self, NULL);

  if (db != NULL)
    _ok_store_exec_text (db, "DELETE FROM secret_reservations WHERE secret_id = ?", job->secret_id, NULL, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
secret_cleared (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!ok_secrets_clear_finish (result, &error))
    g_message ("Could not remove an unused key passphrase from the keyring: %s", error->message);

  /* Only once the item is gone: a reservation keeps the sweep from taking it meanwhile. */
  _ok_store_queue (self, task, unreserve_job);
}

static void
unreserved (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
}

/* Drops this process's reservation of @secret_id, once its item is made part of a row or
 * removed. */
void
_ok_store_release_secret (OkStore    *self,
                          const char *secret_id)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, unreserved, NULL);
  OkStoreKeyJob *job = g_new0 (OkStoreKeyJob, 1);

  job->secret_id = g_strdup (secret_id);
  g_task_set_task_data (task, job, (GDestroyNotify) _ok_store_key_job_free);
  _ok_store_queue (self, task, unreserve_job);
}

/* After a failed write: removes the item this process made, then its reservation. */
static void
forget_secret (OkStore *self,
               OkStoreKeyJob  *job)
{
  OkStoreKeyJob *copy = g_new0 (OkStoreKeyJob, 1);
  GTask *task = g_task_new (self, NULL, unreserved, NULL);

  copy->secret_id = g_strdup (job->secret_id);
  g_task_set_task_data (task, copy, (GDestroyNotify) _ok_store_key_job_free);
  ok_secrets_clear_async (OK_SECRET_KIND_KEY_PASSPHRASE, copy->secret_id, NULL, secret_cleared, task);
}

/* ---- the write, shared by adding and renewing ----------------------------------------------- */


static void
old_secret_cleared (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  OkStore *self = g_task_get_source_object (outer);
  g_autoptr(GError) error = NULL;

  /* The key is gone from the database already; an item left here is swept later. */
  if (!ok_secrets_clear_finish (result, &error))
    g_message ("Could not remove the replaced key's passphrase from the keyring: %s", error->message);
  _ok_store_release_secret (self, g_object_get_data (G_OBJECT (outer), "ok-store-old-secret"));

  g_task_return_pointer (outer, g_object_steal_data (G_OBJECT (outer), "ok-store-result"), g_object_unref);
}

static void
written (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  OkStore *self = OK_STORE (object);
  g_autoptr(GTask) outer = user_data;
  OkStoreKeyJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->secret_id != NULL)
        forget_secret (self, job);
      g_task_return_error (outer, error);
      return;
    }

  if (job->result != NULL)
    _ok_store_put (self, job->result, g_steal_pointer (&job->record));
  if (job->old_secret == NULL)
    {
      g_task_return_pointer (outer, job->result != NULL ? g_object_ref (job->result) : NULL, g_object_unref);
      return;
    }

  /* The caller hears of the renewal once the replaced key's secret is gone too: a command-line
   * run exits right after. */
  if (job->result != NULL)
    g_object_set_data_full (G_OBJECT (outer), "ok-store-result", g_object_ref (job->result), g_object_unref);
  g_object_set_data_full (G_OBJECT (outer), "ok-store-old-secret", g_strdup (job->old_secret), g_free);
  ok_secrets_clear_async (OK_SECRET_KIND_KEY_PASSPHRASE, job->old_secret, NULL, old_secret_cleared,
                          g_object_ref (outer));
}

static void
secret_stored (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  OkStore *self = g_task_get_source_object (outer);
  OkStoreKeyJob *job = g_object_steal_data (G_OBJECT (outer), "ok-store-key-job");
  OkStoreWriteStep step = g_object_get_data (G_OBJECT (outer), "ok-store-write-step");
  GError *error = NULL;

  if (!ok_secrets_store_finish (result, &error))
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, unreserved, NULL);

      g_task_set_task_data (task, job, (GDestroyNotify) _ok_store_key_job_free);
      _ok_store_queue (self, task, unreserve_job);
      g_task_return_error (outer, error);
      return;
    }

  ok_file_crash_point ();
  _ok_store_run (self, outer, job, (GDestroyNotify) _ok_store_key_job_free, step, written);
}

static void
reserved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  OkStoreKeyJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *label = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _ok_store_key_job_free (job);
      g_task_return_error (outer, error);
      return;
    }

  /* The inner task lent the job (no free function); the outer one keeps it now. */
  g_object_set_data_full (G_OBJECT (outer), "ok-store-key-job", job, (GDestroyNotify) _ok_store_key_job_free);
  label = job->certificate != NULL
          ? g_strdup_printf (_("OCES Keeper key passphrase for “%s”"), ok_certificate_get_name (job->certificate))
          : g_strdup (_("OCES Keeper key passphrase for a certificate being issued or renewed"));
  ok_secrets_store_async (OK_SECRET_KIND_KEY_PASSPHRASE, job->secret_id, job->environment, label, job->passphrase,
                          g_task_get_cancellable (outer), secret_stored, g_object_ref (outer));
}

void
_ok_store_start_write (OkStore   *self,
             GTask     *task,
             OkStoreKeyJob    *job,
             OkStoreWriteStep  step)
{
  if (job->key == NULL)
    {
      _ok_store_run (self, task, job, (GDestroyNotify) _ok_store_key_job_free, step, written);
      return;
    }

  g_object_set_data (G_OBJECT (task), "ok-store-write-step", step);
  _ok_store_run (self, task, job, NULL, reserve_job, reserved);
}

GBytes *
_ok_store_encrypt_key (OkStoreKeyJob  *job,
             GError **error)
{
  if (job->key == NULL)
    return NULL;

  return ok_key_export_encrypted_pem (job->key, job->passphrase, error);
}

/* A chain as the journal keeps it: PEM, one certificate after another. */
char *
_ok_store_chain_to_pem (GPtrArray *chain)
{
  g_autoptr(GString) pem = g_string_new (NULL);

  for (guint i = 0; chain != NULL && i < chain->len; i++)
    {
      g_autoptr(OkCertificate) certificate = ok_certificate_new_from_der (g_ptr_array_index (chain, i), NULL);
      g_autofree char *one = certificate != NULL ? ok_certificate_to_pem (certificate) : NULL;

      if (one != NULL)
        g_string_append (pem, one);
    }

  return g_string_free (g_steal_pointer (&pem), FALSE);
}

gboolean
_ok_store_read_back (OkStoreDb  *db,
           OkStoreKeyJob     *job,
           GError    **error)
{
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ok_store_record_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  if (!ok_store_rows_read (db, job->entry_id, certificates, records, problems, error))
    return FALSE;

  if (certificates->len != 1)
    {
      g_set_error_literal (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED,
                           problems->len > 0 ? (const char *) g_ptr_array_index (problems, 0)
                                             : _("The certificate just saved cannot be read back."));
      return FALSE;
    }

  job->result = g_object_ref (g_ptr_array_index (certificates, 0));
  job->record = g_steal_pointer (&g_ptr_array_index (records, 0));
  return TRUE;
}

/* The key a journal record holds becomes the new generation's, in the transaction that makes
 * it; its keyring item is named by the generation row instead. A renewal's record goes; an
 * issuance's stays as a marker of the entry it became, until the issuance has tidied up (its
 * one-time code), so that a retry after a crash finds the entry instead of asking the CA. */
gboolean
_ok_store_take_journal_key (OkStoreDb   *db,
                  OkStoreKeyJob      *job,
                  GBytes     **encrypted_key,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) find = ok_store_db_prepare (db, "SELECT key, key_secret FROM journal WHERE id = ?", error);

  if (find == NULL)
    return FALSE;

  ok_store_db_bind_text (find, 1, job->journal_id);
  if (sqlite3_step (find) != SQLITE_ROW)
    {
      g_set_error_literal (error, OK_STORE_ERROR, OK_STORE_ERROR_CHANGED,
                           _("The new key of this attempt is no longer in OCES Keeper; another program finished or discarded the attempt."));
      return FALSE;
    }

  *encrypted_key = ok_store_db_column_bytes (find, 0);
  g_free (job->secret_id);
  job->secret_id = g_strdup (ok_store_db_column_text (find, 1));
  if (*encrypted_key == NULL || job->secret_id == NULL)
    {
      g_set_error_literal (error, OK_STORE_ERROR, OK_STORE_ERROR_CHANGED,
                           _("The new key of this attempt is no longer in OCES Keeper; another program finished or discarded the attempt."));
      return FALSE;
    }

  if (job->expected_sha256 != NULL)
    return _ok_store_exec_text (db, "DELETE FROM journal WHERE id = ?", job->journal_id, NULL, error);

  return _ok_store_exec_text (db, "UPDATE journal SET key = NULL, key_secret = NULL, entry_id = ? WHERE id = ?",
                         job->entry_id, job->journal_id, error);
}

/* ---- the journal: a new key kept before the request leaves ------------------------------------ */

static void
journal_begin_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  OkStoreKeyJob *job = g_task_get_task_data (task);
  g_autoptr(GBytes) encrypted_key = NULL;
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);

  if (db == NULL || !(encrypted_key = _ok_store_encrypt_key (job, &error)) || !ok_store_db_begin (db, &error))
    goto failed;

  /* A record it replaces (a new key for the same attempt) leaves its keyring item behind. */
  if (!(find = ok_store_db_prepare (db, "SELECT key_secret FROM journal WHERE id = ?", &error)))
    goto rollback;
  ok_store_db_bind_text (find, 1, job->journal_id);
  if (sqlite3_step (find) == SQLITE_ROW)
    job->old_secret = g_strdup (ok_store_db_column_text (find, 0));

  if ((job->old_secret != NULL && !_ok_store_reserve_secret (self, db, job->old_secret, &error)) ||
      !(insert = ok_store_db_prepare (db, "INSERT OR REPLACE INTO journal (id, key, key_secret, csr, created,"
                                          " answer, answer_chain) VALUES (?, ?, ?, ?, ?, ?, ?)", &error)))
    goto rollback;

  ok_store_db_bind_text (insert, 1, job->journal_id);
  ok_store_db_bind_bytes (insert, 2, encrypted_key);
  ok_store_db_bind_text (insert, 3, job->secret_id);
  ok_store_db_bind_text (insert, 4, job->csr);
  sqlite3_bind_int64 (insert, 5, g_get_real_time () / G_USEC_PER_SEC);
  ok_store_db_bind_bytes (insert, 6, job->answer);
  ok_store_db_bind_text (insert, 7, job->answer_chain);
  if (!ok_store_db_step_done (db, insert, &error) ||
      !_ok_store_exec_text (db, "DELETE FROM secret_reservations WHERE secret_id = ?", job->secret_id, NULL, &error))
    goto rollback;

  /* The crash trials stop where the request has not left yet, or where the answer is kept. */
  if (job->answer == NULL)
    ok_file_crash_point ();
  if (!ok_store_db_commit (db, &error))
    goto failed;
  if (job->answer != NULL)
    ok_file_crash_point ();

  g_task_return_boolean (task, TRUE);
  return;

rollback:
  ok_store_db_rollback (db);
failed:
  g_clear_pointer (&job->old_secret, g_free);
  g_task_return_error (task, error);
}

/* A journal record written with its key (a new one, or the CA's with its answer). */
static void
start_journal_write (OkStore             *self,
                     const char          *journal_id,
                     OkKey               *key,
                     const char          *csr,
                     GBytes              *answer,
                     GPtrArray           *chain,
                     gpointer             source_tag,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OkStoreKeyJob *job;

  g_return_if_fail (journal_id != NULL);
  g_return_if_fail (OK_IS_KEY (key));
  g_return_if_fail (csr != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  job = _ok_store_key_job_new (NULL, NULL, key);
  job->journal_id = g_strdup (journal_id);
  job->csr = g_strdup (csr);
  if (answer != NULL)
    {
      job->answer = g_bytes_ref (answer);
      job->answer_chain = _ok_store_chain_to_pem (chain);
    }
  _ok_store_start_write (self, task, job, journal_begin_job);
}

/**
 * ok_store_journal_begin_async:
 * @journal_id: "issue:<environment>:<reference>" or "renew:<entry id>"
 * @key: the new key
 * @csr: the request made with it
 *
 * Keeps @key (encrypted, with a keyring item of its own) and @csr under @journal_id before the
 * request leaves, replacing an earlier record of the same id. After a crash the attempt is
 * taken up again with ok_store_journal_find_async(); ok_store_add_from_journal_async() and
 * ok_store_replace_from_journal_async() end it.
 */
void
ok_store_journal_begin_async (OkStore             *self,
                              const char          *journal_id,
                              OkKey               *key,
                              const char          *csr,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (OK_IS_STORE (self));

  start_journal_write (self, journal_id, key, csr, NULL, NULL, ok_store_journal_begin_async,
                       cancellable, callback, user_data);
}

gboolean
ok_store_journal_begin_finish (OkStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/**
 * ok_store_journal_answer_with_key_async:
 * @key: the key the CA made and sent with @answer (a PKCS#12 answer)
 * @chain: (element-type GBytes) (nullable): the answer's chain
 *
 * Like ok_store_journal_answer_async(), for an answer that brings its own key: the record's
 * key (the one made for the request, now useless) is replaced by @key in the same transaction,
 * so that an attempt taken up after a crash pairs the certificate with its own key.
 */
void
ok_store_journal_answer_with_key_async (OkStore             *self,
                                        const char          *journal_id,
                                        OkKey               *key,
                                        const char          *csr,
                                        GBytes              *answer,
                                        GPtrArray           *chain,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (answer != NULL);

  start_journal_write (self, journal_id, key, csr, answer, chain, ok_store_journal_answer_with_key_async,
                       cancellable, callback, user_data);
}

gboolean
ok_store_journal_answer_with_key_finish (OkStore       *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return ok_store_journal_begin_finish (self, result, error);
}
