/* ok-store-keys.c — reading an entry's private key: the encrypted key from the database as it
 * is now, its secret from the keyring, decrypted in a worker thread
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

/* ---- the private key ------------------------------------------------------------------------ */

typedef struct
{
  char   *entry_id;
  char   *name;
  GBytes *encrypted_key;
  char   *secret_id;
  char   *passphrase;
} LoadKeyJob;

static void
load_key_job_free (LoadKeyJob *job)
{
  g_free (job->entry_id);
  g_free (job->name);
  g_clear_pointer (&job->encrypted_key, g_bytes_unref);
  g_free (job->secret_id);
  g_clear_pointer (&job->passphrase, ok_secrets_free);
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
  GError *error = NULL;
  OkKey *key = g_task_propagate_pointer (G_TASK (result), &error);

  if (key == NULL)
    g_task_return_error (outer, error);
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
