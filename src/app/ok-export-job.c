/* ok-export-job.c — export: load the key (formats that hold it), build the file and write it
 * atomically in a worker thread (PKCS#12 and encrypted PEM run PBKDF2, which takes a while), then
 * log an EXPORTED event on the certificate
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ok-export-job.h"
#include "ok-export.h"
#include "ok-file.h"

typedef struct
{
  const char *title;
  const char *description;
  const char *suffix;
  const char *log_name;     /* as `oces-keeper-cli export --format` names it */
  gboolean    needs_key;
} FormatInfo;

static const FormatInfo format_info[OK_EXPORT_N_FORMATS] = {
  [OK_EXPORT_FORMAT_PKCS12] = {
    N_("PKCS#12"),
    N_("Certificate, chain and private key in one password-protected file (AES-256)"),
    ".p12", "p12", TRUE },
  [OK_EXPORT_FORMAT_PKCS12_LEGACY] = {
    N_("PKCS#12 legacy"),
    N_("3DES and SHA-1, for old Windows and Java versions that cannot read the modern file"),
    ".p12", "p12 (legacy)", TRUE },
  [OK_EXPORT_FORMAT_PEM_CERTIFICATE] = {
    N_("PEM certificate"),
    N_("The certificate alone, as text"),
    ".pem", "pem", FALSE },
  [OK_EXPORT_FORMAT_PEM_CHAIN] = {
    N_("PEM chain"),
    N_("The issuing CA certificates, as servers want them next to the certificate"),
    "-chain.pem", "chain", FALSE },
  [OK_EXPORT_FORMAT_KEY] = {
    N_("Encrypted PEM key"),
    N_("The private key alone, encrypted with the password (PKCS#8)"),
    ".key.pem", "key", TRUE },
};

const char *
ok_export_format_get_title (OkExportFormat format)
{
  g_return_val_if_fail (format < OK_EXPORT_N_FORMATS, NULL);

  return _(format_info[format].title);
}

const char *
ok_export_format_get_description (OkExportFormat format)
{
  g_return_val_if_fail (format < OK_EXPORT_N_FORMATS, NULL);

  return _(format_info[format].description);
}

const char *
ok_export_format_get_suffix (OkExportFormat format)
{
  g_return_val_if_fail (format < OK_EXPORT_N_FORMATS, NULL);

  return format_info[format].suffix;
}

/* The formats that hold the private key are also the ones protected by a password. */
gboolean
ok_export_format_needs_key (OkExportFormat format)
{
  g_return_val_if_fail (format < OK_EXPORT_N_FORMATS, FALSE);

  return format_info[format].needs_key;
}

gboolean
ok_export_format_is_available (OkExportFormat  format,
                               OkCertificate  *certificate)
{
  GPtrArray *chain;

  g_return_val_if_fail (format < OK_EXPORT_N_FORMATS, FALSE);
  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), FALSE);

  if (format_info[format].needs_key)
    return ok_certificate_get_has_private_key (certificate);

  chain = ok_certificate_get_chain (certificate);
  if (format == OK_EXPORT_FORMAT_PEM_CHAIN)
    return chain != NULL && chain->len > 0;

  return TRUE;
}

typedef struct
{
  OkStore        *store;
  OkCertificate  *certificate;
  OkExportFormat  format;
  char           *password;
  char           *path;
  GBytes         *der;
  GPtrArray      *chain;      /* GBytes */
  char           *name;
  OkKey          *key;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->certificate);
  if (job->password != NULL)
    explicit_bzero (job->password, strlen (job->password));
  g_free (job->password);
  g_free (job->path);
  g_clear_pointer (&job->der, g_bytes_unref);
  g_clear_pointer (&job->chain, g_ptr_array_unref);
  g_free (job->name);
  g_clear_object (&job->key);
  g_free (job);
}

static GBytes *
build (Job     *job,
       GError **error)
{
  char *pem;

  switch (job->format)
    {
    case OK_EXPORT_FORMAT_PKCS12:
    case OK_EXPORT_FORMAT_PKCS12_LEGACY:
      return ok_export_pkcs12 (job->der, job->chain, job->key, job->name, job->password,
                               job->format == OK_EXPORT_FORMAT_PKCS12_LEGACY, error);

    case OK_EXPORT_FORMAT_KEY:
      return ok_key_export_pkcs8_pem (job->key, job->password, error);

    case OK_EXPORT_FORMAT_PEM_CERTIFICATE:
      pem = ok_export_pem_certificate (job->der);
      return g_bytes_new_take (pem, strlen (pem));

    case OK_EXPORT_FORMAT_PEM_CHAIN:
    default:
      pem = ok_export_pem_chain (job->chain);
      return g_bytes_new_take (pem, strlen (pem));
    }
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  if (!(bytes = build (job, &error)) ||
      g_task_return_error_if_cancelled (task) ||
      !ok_file_write_atomic_bytes (job->path, bytes, &error))
    {
      if (error != NULL)
        g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
logged (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* The file is written either way; a log that could not be saved is reported, as the CLI does. */
  if (!ok_store_log_finish (OK_STORE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
written (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(OkEvent) event = NULL;
  g_autofree char *message = NULL;
  OkCertificate *current;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A renewal may have replaced the certificate object meanwhile; the log goes to what the store
   * holds under the same id now. */
  current = ok_store_lookup (job->store, ok_certificate_get_id (job->certificate), NULL);
  if (current == NULL)
    current = job->certificate;

  message = g_strdup_printf (_("Exported as %s to %s."), format_info[job->format].log_name, job->path);
  event = ok_event_new (OK_EVENT_TYPE_EXPORTED, message, NULL);
  ok_store_log_async (job->store, current, event, NULL, logged, g_steal_pointer (&task));
}

static void
start_thread (GTask *task)
{
  GTask *worker = g_task_new (NULL, g_task_get_cancellable (task), written, task);

  g_task_set_task_data (worker, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (worker, write_in_thread);
  g_object_unref (worker);
}

static void
key_loaded (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->key = ok_store_load_key_finish (OK_STORE (object), result, &error);
  if (job->key == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  start_thread (task);
}

/**
 * ok_export_job_write_async:
 * @password: (nullable): for the formats that hold the key: not empty
 * @destination: a local file; it is replaced atomically and made readable by the owner only
 */
void
ok_export_job_write_async (OkStore             *store,
                           OkCertificate       *certificate,
                           OkExportFormat       format,
                           const char          *password,
                           GFile               *destination,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (OK_IS_STORE (store));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (format < OK_EXPORT_N_FORMATS);
  g_return_if_fail (G_IS_FILE (destination));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_export_job_write_async);

  job = g_new0 (Job, 1);
  job->store = g_object_ref (store);
  job->certificate = g_object_ref (certificate);
  job->format = format;
  job->password = g_strdup (password);
  job->path = g_file_get_path (destination);
  job->der = g_bytes_ref (ok_certificate_get_der (certificate));
  job->chain = ok_certificate_dup_chain_der (certificate);
  job->name = g_strdup (ok_certificate_get_name (certificate));
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  if (job->path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _("Only files on this computer can be used"));
      return;
    }

  if (format_info[format].needs_key && (password == NULL || *password == '\0'))
    {
      g_task_return_new_error (task, OK_EXPORT_ERROR, OK_EXPORT_ERROR_EMPTY_PASSWORD, "%s",
                               _("An empty password would leave the private key unprotected; choose one."));
      return;
    }

  if (format_info[format].needs_key)
    ok_store_load_key_async (store, certificate, cancellable, key_loaded, g_steal_pointer (&task));
  else
    start_thread (g_steal_pointer (&task));
}

gboolean
ok_export_job_write_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_export_job_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
