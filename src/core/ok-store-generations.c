/* ok-store-generations.c — adding entries and renewing them: new generations with their keys
 *
 * A key is stored encrypted in its generation's row; the secret that encrypts it is a keyring
 * item with an id of its own (`key-<random>`), named in the same row. Making an item and
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
#include "ok-store-private.h"

typedef struct
{
  OkCertificate *certificate;     /* what to insert: a new entry, or the renewed certificate */
  char          *entry_id;
  char          *expected_sha256; /* renewal: the entry's current certificate it replaces */
  OkKey         *key;
  char          *secret_id;
  char          *passphrase;
  char          *environment;
  OkEvent       *event;
  char          *old_secret;      /* renewal: the replaced key's item, to remove after commit */
  char          *journal_id;      /* the key comes from (or, with @csr, goes to) this journal record */
  char          *csr;
  OkCertificate *result;          /* the entry as committed */
  OkStoreRecord *record;
} KeyJob;

static void
key_job_free (KeyJob *job)
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
  g_clear_object (&job->result);
  g_clear_pointer (&job->record, ok_store_record_free);
  g_free (job);
}

static KeyJob *
key_job_new (OkCertificate *certificate,
             const char    *entry_id,
             OkKey         *key)
{
  KeyJob *job = g_new0 (KeyJob, 1);

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

static gboolean
exec_with_text (OkStoreDb   *db,
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
  KeyJob *job = g_task_get_task_data (task);
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
  KeyJob *job = g_task_get_task_data (task);
  OkStoreDb *db = _ok_store_get_db (self, NULL);

  if (db != NULL)
    exec_with_text (db, "DELETE FROM secret_reservations WHERE secret_id = ?", job->secret_id, NULL, NULL);
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
  KeyJob *job = g_new0 (KeyJob, 1);

  job->secret_id = g_strdup (secret_id);
  g_task_set_task_data (task, job, (GDestroyNotify) key_job_free);
  _ok_store_queue (self, task, unreserve_job);
}

/* After a failed write: removes the item this process made, then its reservation. */
static void
forget_secret (OkStore *self,
               KeyJob  *job)
{
  KeyJob *copy = g_new0 (KeyJob, 1);
  GTask *task = g_task_new (self, NULL, unreserved, NULL);

  copy->secret_id = g_strdup (job->secret_id);
  g_task_set_task_data (task, copy, (GDestroyNotify) key_job_free);
  ok_secrets_clear_async (OK_SECRET_KIND_KEY_PASSPHRASE, copy->secret_id, NULL, secret_cleared, task);
}

/* ---- the write, shared by adding and renewing ----------------------------------------------- */

typedef void (*WriteStep) (GTask *task);

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
  KeyJob *job = g_task_get_task_data (G_TASK (result));
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
  KeyJob *job = g_object_steal_data (G_OBJECT (outer), "ok-store-key-job");
  WriteStep step = g_object_get_data (G_OBJECT (outer), "ok-store-write-step");
  GError *error = NULL;

  if (!ok_secrets_store_finish (result, &error))
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, unreserved, NULL);

      g_task_set_task_data (task, job, (GDestroyNotify) key_job_free);
      _ok_store_queue (self, task, unreserve_job);
      g_task_return_error (outer, error);
      return;
    }

  ok_file_crash_point ();
  _ok_store_run (self, outer, job, (GDestroyNotify) key_job_free, step, written);
}

static void
reserved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  KeyJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *label = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      key_job_free (job);
      g_task_return_error (outer, error);
      return;
    }

  /* The inner task lent the job (no free function); the outer one keeps it now. */
  g_object_set_data_full (G_OBJECT (outer), "ok-store-key-job", job, (GDestroyNotify) key_job_free);
  label = job->certificate != NULL
          ? g_strdup_printf (_("OCES Keeper key passphrase for “%s”"), ok_certificate_get_name (job->certificate))
          : g_strdup (_("OCES Keeper key passphrase for a certificate being issued or renewed"));
  ok_secrets_store_async (OK_SECRET_KIND_KEY_PASSPHRASE, job->secret_id, job->environment, label, job->passphrase,
                          g_task_get_cancellable (outer), secret_stored, g_object_ref (outer));
}

static void
start_write (OkStore   *self,
             GTask     *task,
             KeyJob    *job,
             WriteStep  step)
{
  if (job->key == NULL)
    {
      _ok_store_run (self, task, job, (GDestroyNotify) key_job_free, step, written);
      return;
    }

  g_object_set_data (G_OBJECT (task), "ok-store-write-step", step);
  _ok_store_run (self, task, job, NULL, reserve_job, reserved);
}

static GBytes *
encrypt_key (KeyJob  *job,
             GError **error)
{
  if (job->key == NULL)
    return NULL;

  return ok_key_export_encrypted_pem (job->key, job->passphrase, error);
}

static gboolean
read_back (OkStoreDb  *db,
           KeyJob     *job,
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
static gboolean
take_journal_key (OkStoreDb   *db,
                  KeyJob      *job,
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
    return exec_with_text (db, "DELETE FROM journal WHERE id = ?", job->journal_id, NULL, error);

  return exec_with_text (db, "UPDATE journal SET key = NULL, key_secret = NULL, entry_id = ? WHERE id = ?",
                         job->entry_id, job->journal_id, error);
}

/* ---- add ------------------------------------------------------------------------------------ */

static void
add_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  KeyJob *job = g_task_get_task_data (task);
  g_autofree char *sha256 = ok_store_rows_sha256 (ok_certificate_get_der (job->certificate));
  g_autofree char *owner = NULL;
  g_autoptr(GBytes) encrypted_key = NULL;
  g_autoptr(JsonObject) state = json_object_new ();
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);
  gint64 generation;

  /* Encrypting takes a moment; it is done before the transaction so others need not wait. */
  if (db == NULL || (job->key != NULL && !(encrypted_key = encrypt_key (job, &error))) ||
      !ok_store_db_begin (db, &error))
    goto failed;

  if (job->journal_id != NULL && !take_journal_key (db, job, &encrypted_key, &error))
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
       !exec_with_text (db, "DELETE FROM secret_reservations WHERE secret_id = ?", job->secret_id, NULL, &error)) ||
      !read_back (db, job, &error))
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

static GPtrArray *
certificates_from_der (GPtrArray  *chain_der,
                       GError    **error)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; chain_der != NULL && i < chain_der->len; i++)
    {
      OkCertificate *certificate = ok_certificate_new_from_der (g_ptr_array_index (chain_der, i), error);

      if (certificate == NULL)
        return NULL;
      g_ptr_array_add (chain, certificate);
    }

  return g_steal_pointer (&chain);
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
  KeyJob *job;
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
      !(chain = certificates_from_der (chain_der, &error)))
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

  job = key_job_new (certificate, id, journal_id != NULL ? NULL : key);
  job->journal_id = g_strdup (journal_id);
  start_write (self, task, job, add_job);
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
                   KeyJob      *job,
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
  KeyJob *job = g_task_get_task_data (task);
  g_autofree char *sha256 = ok_store_rows_sha256 (ok_certificate_get_der (job->certificate));
  g_autofree char *current_sha256 = NULL;
  g_autofree char *owner = NULL;
  g_autoptr(GBytes) encrypted_key = NULL;
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);
  gint64 current = 0;
  gint64 generation;

  if (db == NULL || (job->key != NULL && !(encrypted_key = encrypt_key (job, &error))) ||
      !ok_store_db_begin (db, &error))
    goto failed;

  if (job->journal_id != NULL && !take_journal_key (db, job, &encrypted_key, &error))
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
      !exec_with_text (db, "DELETE FROM leases WHERE entry_id = ? AND token = ?", job->entry_id, self->lease_token, &error) ||
      !exec_with_text (db, "DELETE FROM secret_reservations WHERE secret_id = ?", job->secret_id, NULL, &error) ||
      !read_back (db, job, &error))
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
 * @new_key: the key the renewed certificate was issued for
 * @event: the event to log (%RENEWED)
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
  KeyJob *job;
  GError *error = NULL;

  if (!_ok_store_check_present (self, certificate, task))
    return;

  if (!(renewed = ok_certificate_new_from_der (new_certificate_der, &error)) ||
      !(chain = certificates_from_der (new_chain_der, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  ok_certificate_set_name (renewed, ok_certificate_get_name (certificate));
  ok_certificate_set_environment_override (renewed, ok_certificate_get_environment_override (certificate));
  ok_certificate_set_chain (renewed, chain);
  ok_certificate_set_trust (renewed, ok_chain_verify (renewed, chain, NULL,
                                                      g_get_real_time () / G_USEC_PER_SEC, NULL));

  job = key_job_new (renewed, ok_certificate_get_id (certificate), journal_id != NULL ? NULL : new_key);
  job->journal_id = g_strdup (journal_id);
  job->expected_sha256 = ok_store_rows_sha256 (ok_certificate_get_der (certificate));
  job->event = g_object_ref (event);
  start_write (self, task, job, replace_job);
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
  g_return_if_fail (OK_IS_KEY (new_key));
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

/* ---- the journal: a new key kept before the request leaves ------------------------------------ */

static void
journal_begin_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  KeyJob *job = g_task_get_task_data (task);
  g_autoptr(GBytes) encrypted_key = NULL;
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);

  if (db == NULL || !(encrypted_key = encrypt_key (job, &error)) || !ok_store_db_begin (db, &error))
    goto failed;

  /* A record it replaces (a new key for the same attempt) leaves its keyring item behind. */
  if (!(find = ok_store_db_prepare (db, "SELECT key_secret FROM journal WHERE id = ?", &error)))
    goto rollback;
  ok_store_db_bind_text (find, 1, job->journal_id);
  if (sqlite3_step (find) == SQLITE_ROW)
    job->old_secret = g_strdup (ok_store_db_column_text (find, 0));

  if ((job->old_secret != NULL && !_ok_store_reserve_secret (self, db, job->old_secret, &error)) ||
      !(insert = ok_store_db_prepare (db, "INSERT OR REPLACE INTO journal (id, key, key_secret, csr, created)"
                                          " VALUES (?, ?, ?, ?, ?)", &error)))
    goto rollback;

  ok_store_db_bind_text (insert, 1, job->journal_id);
  ok_store_db_bind_bytes (insert, 2, encrypted_key);
  ok_store_db_bind_text (insert, 3, job->secret_id);
  ok_store_db_bind_text (insert, 4, job->csr);
  sqlite3_bind_int64 (insert, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (!ok_store_db_step_done (db, insert, &error) ||
      !exec_with_text (db, "DELETE FROM secret_reservations WHERE secret_id = ?", job->secret_id, NULL, &error))
    goto rollback;

  ok_file_crash_point ();
  if (!ok_store_db_commit (db, &error))
    goto failed;

  g_task_return_boolean (task, TRUE);
  return;

rollback:
  ok_store_db_rollback (db);
failed:
  g_clear_pointer (&job->old_secret, g_free);
  g_task_return_error (task, error);
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
  g_autoptr(GTask) task = NULL;
  KeyJob *job;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (journal_id != NULL);
  g_return_if_fail (OK_IS_KEY (key));
  g_return_if_fail (csr != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_journal_begin_async);

  job = key_job_new (NULL, NULL, key);
  job->journal_id = g_strdup (journal_id);
  job->csr = g_strdup (csr);
  start_write (self, task, job, journal_begin_job);
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
