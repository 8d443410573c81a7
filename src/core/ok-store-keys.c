/* ok-store-keys.c — reading an entry's private key: the encrypted key from the database as it
 * is now, its secret from the keyring, decrypted in a worker thread
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "ok-chain.h"
#include "ok-file.h"
#include "ok-secrets.h"
#include "ok-store-private.h"
#include "ok-store-writes.h"

/* ---- the private key ------------------------------------------------------------------------ */

typedef struct
{
  char           *entry_id;
  char           *name;
  GBytes         *encrypted_key;
  char           *secret_id;
  char           *passphrase;
  OkStoreJournal *journal;   /* reading a journal record instead of an entry's key */
} LoadKeyJob;

static void
load_key_job_free (LoadKeyJob *job)
{
  g_free (job->entry_id);
  g_free (job->name);
  g_clear_pointer (&job->encrypted_key, g_bytes_unref);
  g_free (job->secret_id);
  g_clear_pointer (&job->passphrase, ok_secrets_free);
  g_clear_pointer (&job->journal, ok_store_journal_free);
  g_free (job);
}

static void
read_key_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  LoadKeyJob *job = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) statement = NULL;
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);

  if (db == NULL ||
      !(statement = ok_store_db_prepare (db, "SELECT g.key, g.key_secret FROM entries e"
                                             " JOIN generations g ON g.id = e.current WHERE e.id = ?", &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  ok_store_db_bind_text (statement, 1, job->entry_id);
  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_NOT_FOUND,
                               _("“%s” is no longer in OCES Keeper."), job->name);
      return;
    }

  job->encrypted_key = ok_store_db_column_bytes (statement, 0);
  job->secret_id = g_strdup (ok_store_db_column_text (statement, 1));
  if (job->encrypted_key == NULL || job->secret_id == NULL)
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_NO_KEY,
                               _("OCES Keeper does not hold the private key of “%s”; it only monitors it."), job->name);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
decrypt_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  LoadKeyJob *job = task_data;
  gsize length = 0;
  const char *data = g_bytes_get_data (job->encrypted_key, &length);
  GError *error = NULL;
  OkKey *key = ok_key_new_from_pem (data, length, job->passphrase, &error);

  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, g_object_unref);
}

static void
decrypted (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  LoadKeyJob *job = g_task_get_task_data (outer);
  GError *error = NULL;
  OkKey *key = g_task_propagate_pointer (G_TASK (result), &error);

  if (key == NULL)
    g_task_return_error (outer, error);
  else if (job->journal != NULL)
    {
      job->journal->key = key;
      g_task_return_pointer (outer, g_steal_pointer (&job->journal), (GDestroyNotify) ok_store_journal_free);
    }
  else
    g_task_return_pointer (outer, key, g_object_unref);
}

static void
passphrase_found (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  LoadKeyJob *job = g_task_get_task_data (outer);
  g_autoptr(GTask) decrypt = NULL;
  GError *error = NULL;

  job->passphrase = ok_secrets_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  if (job->passphrase == NULL)
    {
      g_task_return_new_error (outer, OK_STORE_ERROR, OK_STORE_ERROR_NO_KEY,
                               _("The passphrase of the private key of “%s” is missing from the keyring."), job->name);
      return;
    }

  /* Decrypting may be slow (keys of earlier versions use PBKDF2): not on the I/O queue. */
  decrypt = g_task_new (NULL, g_task_get_cancellable (outer), decrypted, g_object_ref (outer));
  g_task_set_task_data (decrypt, job, NULL);
  g_task_run_in_thread (decrypt, decrypt_in_thread);
}

static void
key_read (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  LoadKeyJob *job = g_task_get_task_data (outer);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  ok_secrets_lookup_async (OK_SECRET_KIND_KEY_PASSPHRASE, job->secret_id, g_task_get_cancellable (outer),
                           passphrase_found, g_object_ref (outer));
}

/**
 * ok_store_load_key_async:
 *
 * Reads the private key of @certificate's entry as it is in the database now (another process
 * may have renewed it) and decrypts it with its secret from the keyring.
 */
void
ok_store_load_key_async (OkStore             *self,
                         OkCertificate       *certificate,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadKeyJob *job;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_load_key_async);
  if (!_ok_store_check_present (self, certificate, task))
    return;

  job = g_new0 (LoadKeyJob, 1);
  job->entry_id = g_strdup (ok_certificate_get_id (certificate));
  job->name = g_strdup (ok_certificate_get_name (certificate));
  g_task_set_task_data (task, job, (GDestroyNotify) load_key_job_free);
  _ok_store_run (self, task, job, NULL, read_key_job, key_read);
}

/**
 * ok_store_load_key_finish:
 *
 * Returns: (transfer full): the decrypted private key of the current certificate
 */
OkKey *
ok_store_load_key_finish (OkStore       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- journal records ---------------------------------------------------------------------------- */

void
ok_store_journal_free (OkStoreJournal *journal)
{
  if (journal == NULL)
    return;

  g_free (journal->id);
  g_free (journal->entry_id);
  g_clear_object (&journal->key);
  g_free (journal->csr);
  g_clear_pointer (&journal->answer, g_bytes_unref);
  g_clear_pointer (&journal->answer_chain, g_ptr_array_unref);
  g_free (journal);
}

static GPtrArray *
chain_from_pem (const char *pem)
{
  g_autoptr(GPtrArray) certificates = NULL;
  GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (pem == NULL || *pem == '\0' || !(certificates = ok_certificate_list_from_pem (pem, strlen (pem), NULL)))
    return chain;

  for (guint i = 0; i < certificates->len; i++)
    g_ptr_array_add (chain, g_bytes_ref (ok_certificate_get_der (g_ptr_array_index (certificates, i))));

  return chain;
}

static void
read_journal_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  LoadKeyJob *job = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) statement = NULL;
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);

  if (db == NULL ||
      !(statement = ok_store_db_prepare (db, "SELECT key, key_secret, csr, answer, answer_chain, entry_id FROM journal"
                                             " WHERE id = ?", &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  ok_store_db_bind_text (statement, 1, job->journal->id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      job->encrypted_key = ok_store_db_column_bytes (statement, 0);
      job->secret_id = g_strdup (ok_store_db_column_text (statement, 1));
      job->journal->csr = g_strdup (ok_store_db_column_text (statement, 2));
      job->journal->answer = ok_store_db_column_bytes (statement, 3);
      if (job->journal->answer != NULL)
        job->journal->answer_chain = chain_from_pem (ok_store_db_column_text (statement, 4));
      job->journal->entry_id = g_strdup (ok_store_db_column_text (statement, 5));
    }

  g_task_return_boolean (task, TRUE);
}

static void
journal_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  LoadKeyJob *job = g_task_get_task_data (outer);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  /* No record: nothing to take up again. A saved issuance's record has no key left. */
  if (job->journal->csr == NULL)
    {
      g_task_return_pointer (outer, NULL, NULL);
      return;
    }
  if (job->journal->entry_id != NULL || job->secret_id == NULL)
    {
      g_task_return_pointer (outer, g_steal_pointer (&job->journal), (GDestroyNotify) ok_store_journal_free);
      return;
    }

  ok_secrets_lookup_async (OK_SECRET_KIND_KEY_PASSPHRASE, job->secret_id, g_task_get_cancellable (outer),
                           passphrase_found, g_object_ref (outer));
}

/**
 * ok_store_journal_find_async:
 *
 * Reads the journal record @journal_id, with its key decrypted: an attempt that a crash (or a
 * failure) interrupted, to take up again.
 */
void
ok_store_journal_find_async (OkStore             *self,
                             const char          *journal_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadKeyJob *job;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (journal_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_journal_find_async);

  job = g_new0 (LoadKeyJob, 1);
  job->name = g_strdup (journal_id);
  job->journal = g_new0 (OkStoreJournal, 1);
  job->journal->id = g_strdup (journal_id);
  g_task_set_task_data (task, job, (GDestroyNotify) load_key_job_free);
  _ok_store_run (self, task, job, NULL, read_journal_job, journal_read);
}

/**
 * ok_store_journal_find_finish:
 *
 * Returns: (transfer full) (nullable): the record, or %NULL (without an error) when there is none
 */
OkStoreJournal *
ok_store_journal_find_finish (OkStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char      *id;
  GBytes    *answer;
  char      *chain_pem;
  char      *secret_id;
} AnswerJob;

static void
answer_job_free (AnswerJob *job)
{
  g_free (job->id);
  g_clear_pointer (&job->answer, g_bytes_unref);
  g_free (job->chain_pem);
  g_free (job->secret_id);
  g_free (job);
}

static void
answer_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  AnswerJob *job = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) statement = NULL;
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);

  if (db == NULL ||
      !(statement = ok_store_db_prepare (db, "UPDATE journal SET answer = ?, answer_chain = ? WHERE id = ?", &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  ok_store_db_bind_bytes (statement, 1, job->answer);
  ok_store_db_bind_text (statement, 2, job->chain_pem);
  ok_store_db_bind_text (statement, 3, job->id);
  if (!ok_store_db_step_done (db, statement, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Another process ended the record meanwhile (the sweep of a month-old attempt, say). */
  if (sqlite3_changes (ok_store_db_get_handle (db)) == 0)
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_CHANGED, "%s",
                               _("The new key of this attempt is no longer in OCES Keeper; another program finished or discarded the attempt."));
      return;
    }

  ok_file_crash_point ();
  g_task_return_boolean (task, TRUE);
}

static void
answer_done (GObject      *object,
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

/**
 * ok_store_journal_answer_async:
 * @chain: (element-type GBytes) (nullable): the answer's chain
 *
 * Keeps the CA's answer with the journal record, the moment it arrives: a crash before it is
 * saved then loses neither the certificate nor the one-time code it spent.
 */
void
ok_store_journal_answer_async (OkStore             *self,
                               const char          *journal_id,
                               GBytes              *answer,
                               GPtrArray           *chain,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnswerJob *job;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (journal_id != NULL);
  g_return_if_fail (answer != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_journal_answer_async);

  job = g_new0 (AnswerJob, 1);
  job->id = g_strdup (journal_id);
  job->answer = g_bytes_ref (answer);
  job->chain_pem = _ok_store_chain_to_pem (chain);
  _ok_store_run (self, task, job, (GDestroyNotify) answer_job_free, answer_job, answer_done);
}

gboolean
ok_store_journal_answer_finish (OkStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
discard_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  AnswerJob *job = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) drop = NULL;
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);

  if (db == NULL || !ok_store_db_begin (db, &error))
    goto failed;

  if (!(find = ok_store_db_prepare (db, "SELECT key_secret FROM journal WHERE id = ?", &error)))
    goto rollback;
  ok_store_db_bind_text (find, 1, job->id);
  if (sqlite3_step (find) == SQLITE_ROW)
    job->secret_id = g_strdup (ok_store_db_column_text (find, 0));

  if ((job->secret_id != NULL && !_ok_store_reserve_secret (self, db, job->secret_id, &error)) ||
      !(drop = ok_store_db_prepare (db, "DELETE FROM journal WHERE id = ?", &error)))
    goto rollback;
  ok_store_db_bind_text (drop, 1, job->id);
  if (!ok_store_db_step_done (db, drop, &error) || !ok_store_db_commit (db, &error))
    goto rollback;

  g_task_return_boolean (task, TRUE);
  return;

rollback:
  ok_store_db_rollback (db);
failed:
  g_clear_pointer (&job->secret_id, g_free);
  g_task_return_error (task, error);
}

static void
discarded_secret_cleared (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  AnswerJob *job = g_task_get_task_data (outer);
  g_autoptr(GError) error = NULL;

  if (!ok_secrets_clear_finish (result, &error))
    g_message ("Could not remove a discarded key's passphrase from the keyring: %s", error->message);

  _ok_store_release_secret (g_task_get_source_object (outer), job->secret_id);
  g_task_return_boolean (outer, TRUE);
}

static void
discarded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  AnswerJob *job = g_task_get_task_data (outer);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  if (job->secret_id == NULL)
    {
      g_task_return_boolean (outer, TRUE);
      return;
    }

  ok_secrets_clear_async (OK_SECRET_KIND_KEY_PASSPHRASE, job->secret_id, NULL, discarded_secret_cleared,
                          g_object_ref (outer));
}

/**
 * ok_store_journal_discard_async:
 *
 * Ends the journal record @journal_id without using its key: the attempt cannot be taken up
 * again (the CA's answer was unacceptable, say). Nothing happens when there is none.
 */
void
ok_store_journal_discard_async (OkStore             *self,
                                const char          *journal_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnswerJob *job;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (journal_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_journal_discard_async);

  job = g_new0 (AnswerJob, 1);
  job->id = g_strdup (journal_id);
  g_task_set_task_data (task, job, (GDestroyNotify) answer_job_free);
  _ok_store_run (self, task, job, NULL, discard_job, discarded);
}

gboolean
ok_store_journal_discard_finish (OkStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
