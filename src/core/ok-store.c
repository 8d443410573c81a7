/* ok-store.c — the crash-safe on-disk store of certificates, as a GListModel
 *
 * The list lives on the main thread; all disk work goes through one worker thread in FIFO
 * order, so two writes of the same entry can never land out of order. Key passphrases go to
 * the keyring before any file that needs them is written.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ok-chain.h"
#include "ok-file.h"
#include "ok-paths.h"
#include "ok-secrets.h"
#include "ok-store.h"
#include "ok-store-entry.h"

#define CERTIFICATES_FOLDER "certificates"
#define NEW_PREFIX ".new-"
#define REMOVED_PREFIX ".removed-"
#define ID_LENGTH 12

struct _OkStore
{
  GObject       parent_instance;

  char         *dir;
  char         *certificates_dir;
  char         *stamp_path;     /* touched after every write, for other processes to watch */
  GPtrArray    *certificates;   /* OkCertificate, in list order */
  GHashTable   *records;        /* id → OkStoreRecord */
  GPtrArray    *problems;       /* translated descriptions of entries that could not load */
  GThreadPool  *io;             /* one thread: disk work in submission order */
};

static void ok_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OkStore, ok_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ok_store_list_model_init))

G_DEFINE_QUARK (ok-store-error-quark, ok_store_error)

typedef void (*OkStoreJob) (GTask *task);

/* ---- the I/O queue ---------------------------------------------------------------------- */

static void
io_thread (gpointer data,
           gpointer user_data)
{
  g_autoptr(GTask) task = data;
  OkStoreJob job = g_object_get_data (G_OBJECT (task), "ok-store-job");

  if (g_task_return_error_if_cancelled (task))
    return;

  job (task);
}

/* Runs on the I/O thread after a successful write. Other processes (the background monitor,
 * a second window) cannot see writes inside the entry folders with one folder watch, so they
 * watch this one file instead; its content does not matter, only that it changed. */
static void
touch_stamp (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", g_get_real_time ());
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (self->stamp_path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_debug ("Could not touch the store's change stamp: %s", error->message);
}

static void
queue_job (OkStore    *self,
           GTask      *task,
           OkStoreJob  job)
{
  g_object_set_data (G_OBJECT (task), "ok-store-job", job);
  g_thread_pool_push (self->io, g_object_ref (task), NULL);
}

/* ---- GListModel ------------------------------------------------------------------------- */

static GType
ok_store_get_item_type (GListModel *model)
{
  return OK_TYPE_CERTIFICATE;
}

static guint
ok_store_get_n_items (GListModel *model)
{
  return OK_STORE (model)->certificates->len;
}

static gpointer
ok_store_get_item (GListModel *model,
                   guint       position)
{
  OkStore *self = OK_STORE (model);

  if (position >= self->certificates->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->certificates, position));
}

static void
ok_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ok_store_get_item_type;
  iface->get_n_items = ok_store_get_n_items;
  iface->get_item = ok_store_get_item;
}

/* ---- object ----------------------------------------------------------------------------- */

static void
ok_store_finalize (GObject *object)
{
  OkStore *self = OK_STORE (object);

  /* Wait for queued writes: dropping them would lose data the caller was told is saved. */
  g_thread_pool_free (self->io, FALSE, TRUE);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  g_clear_pointer (&self->records, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self->certificates_dir);
  g_free (self->stamp_path);
  g_free (self->dir);

  G_OBJECT_CLASS (ok_store_parent_class)->finalize (object);
}

static void
ok_store_class_init (OkStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ok_store_finalize;
}

static void
ok_store_init (OkStore *self)
{
  self->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ok_store_record_free);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->io = g_thread_pool_new (io_thread, NULL, 1, TRUE, NULL);
}

/**
 * ok_store_new:
 * @dir: (nullable): the store's folder, or %NULL for the user's data folder
 */
OkStore *
ok_store_new (const char *dir)
{
  OkStore *self = g_object_new (OK_TYPE_STORE, NULL);

  self->dir = g_strdup (dir != NULL ? dir : ok_paths_get_data_dir ());
  self->certificates_dir = g_build_filename (self->dir, CERTIFICATES_FOLDER, NULL);
  self->stamp_path = g_build_filename (self->dir, OK_STORE_CHANGED_STAMP, NULL);

  return self;
}

const char *
ok_store_get_dir (OkStore *self)
{
  g_return_val_if_fail (OK_IS_STORE (self), NULL);

  return self->dir;
}

char **
ok_store_dup_problems (OkStore *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (OK_IS_STORE (self), NULL);

  for (guint i = 0; i < self->problems->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->problems, i));

  return g_strv_builder_end (builder);
}

static OkStoreRecord *
get_record (OkStore       *self,
            OkCertificate *certificate)
{
  return g_hash_table_lookup (self->records, ok_certificate_get_id (certificate));
}

static gboolean
find_position (OkStore       *self,
               OkCertificate *certificate,
               guint         *position)
{
  const char *id = ok_certificate_get_id (certificate);

  for (guint i = 0; i < self->certificates->len; i++)
    {
      if (g_strcmp0 (ok_certificate_get_id (g_ptr_array_index (self->certificates, i)), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * ok_store_lookup:
 * @id_or_prefix: a certificate id, or an unambiguous start of one
 *
 * Returns: (transfer none): the certificate
 */
OkCertificate *
ok_store_lookup (OkStore     *self,
                 const char  *id_or_prefix,
                 GError     **error)
{
  OkCertificate *found = NULL;

  g_return_val_if_fail (OK_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_prefix != NULL, NULL);

  for (guint i = 0; *id_or_prefix != '\0' && i < self->certificates->len; i++)
    {
      OkCertificate *certificate = g_ptr_array_index (self->certificates, i);
      const char *id = ok_certificate_get_id (certificate);

      if (g_str_equal (id, id_or_prefix))
        return certificate;

      if (g_str_has_prefix (id, id_or_prefix))
        {
          if (found != NULL)
            {
              g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_AMBIGUOUS,
                           _("“%s” matches more than one certificate; give more of the id."), id_or_prefix);
              return NULL;
            }
          found = certificate;
        }
    }

  if (found == NULL)
    g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_NOT_FOUND,
                 _("No certificate has the id “%s”."), id_or_prefix);

  return found;
}

/**
 * ok_store_find_duplicate:
 *
 * Returns: (transfer none) (nullable): the entry whose current or an earlier certificate is
 *   exactly @certificate_der
 */
OkCertificate *
ok_store_find_duplicate (OkStore *self,
                         GBytes  *certificate_der)
{
  g_return_val_if_fail (OK_IS_STORE (self), NULL);
  g_return_val_if_fail (certificate_der != NULL, NULL);

  for (guint i = 0; i < self->certificates->len; i++)
    {
      OkCertificate *certificate = g_ptr_array_index (self->certificates, i);

      if (g_bytes_equal (ok_certificate_get_der (certificate), certificate_der))
        return certificate;
    }

  return NULL;
}

/* ---- load ------------------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *certificates;
  GPtrArray *records;
  GPtrArray *problems;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_ptr_array_unref (result->certificates);
  g_ptr_array_unref (result->records);
  g_ptr_array_unref (result->problems);
  g_free (result);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static LoadResult *
load_result_new (void)
{
  LoadResult *result = g_new0 (LoadResult, 1);

  result->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  result->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ok_store_record_free);
  result->problems = g_ptr_array_new_with_free_func (g_free);

  return result;
}

/* Reading an entry is mostly CPU work (JSON, base64, hashes), so a big store is read by several
 * threads, each taking a contiguous slice of the sorted names. Below this many entries a thread
 * costs more than it saves. */
#define LOAD_ENTRIES_PER_THREAD 256
#define LOAD_MAX_THREADS 4

typedef struct
{
  OkStore    *store;
  GPtrArray  *names;
  guint       first;
  guint       last;
  LoadResult *result;
} LoadSlice;

static gpointer
load_slice (gpointer data)
{
  LoadSlice *slice = data;
  OkStore *self = slice->store;
  g_autoptr(GHashTable) chains = ok_store_entry_new_chain_cache ();

  for (guint i = slice->first; i < slice->last; i++)
    {
      const char *entry = g_ptr_array_index (slice->names, i);
      g_autofree char *path = g_build_filename (self->certificates_dir, entry, NULL);
      g_autoptr(GError) entry_error = NULL;
      OkStoreRecord *record = NULL;
      OkCertificate *certificate;

      /* An import or a removal that a crash interrupted: the entry never became visible, or
       * was already gone as far as the user knows. */
      if (g_str_has_prefix (entry, NEW_PREFIX) || g_str_has_prefix (entry, REMOVED_PREFIX) ||
          ok_file_is_leftover (entry))
        {
          ok_file_remove_tree (path, NULL);
          continue;
        }

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;

      certificate = ok_store_entry_read (path, chains, &record, &entry_error);
      if (certificate == NULL)
        {
          g_message ("Skipping store entry %s: %s", entry, entry_error->message);
          g_ptr_array_add (slice->result->problems, g_strdup (entry_error->message));
          continue;
        }

      ok_store_entry_clean (record);
      g_ptr_array_add (slice->result->certificates, certificate);
      g_ptr_array_add (slice->result->records, record);
    }

  return NULL;
}

static void
load_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree LoadSlice *slices = NULL;
  g_autofree GThread **threads = NULL;
  LoadResult *result;
  const char *name;
  guint n_threads;

  if (!ok_file_make_private_dir (self->dir, &error) ||
      !ok_file_make_private_dir (self->certificates_dir, &error) ||
      !(dir = g_dir_open (self->certificates_dir, 0, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  n_threads = CLAMP (names->len / LOAD_ENTRIES_PER_THREAD, 1,
                     MIN ((guint) g_get_num_processors (), LOAD_MAX_THREADS));
  slices = g_new0 (LoadSlice, n_threads);
  threads = g_new0 (GThread *, n_threads);
  for (guint t = 0; t < n_threads; t++)
    {
      slices[t].store = self;
      slices[t].names = names;
      slices[t].first = names->len * t / n_threads;
      slices[t].last = names->len * (t + 1) / n_threads;
      slices[t].result = load_result_new ();
    }

  /* The helpers are joined before the job returns, so the I/O queue's order still holds. */
  for (guint t = 1; t < n_threads; t++)
    threads[t] = g_thread_try_new ("ok-store-load", load_slice, &slices[t], NULL);
  load_slice (&slices[0]);
  for (guint t = 1; t < n_threads; t++)
    {
      if (threads[t] != NULL)
        g_thread_join (threads[t]);
      else
        load_slice (&slices[t]);
    }

  result = slices[0].result;
  for (guint t = 1; t < n_threads; t++)
    {
      g_ptr_array_extend_and_steal (result->certificates, slices[t].result->certificates);
      g_ptr_array_extend_and_steal (result->records, slices[t].result->records);
      g_ptr_array_extend_and_steal (result->problems, slices[t].result->problems);
      g_free (slices[t].result);
    }

  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

void
ok_store_load_async (OkStore             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OK_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_load_async);
  queue_job (self, task, load_job);
}

gboolean
ok_store_load_finish (OkStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  LoadResult *loaded;
  guint removed;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;

  removed = self->certificates->len;
  g_ptr_array_set_size (self->certificates, 0);
  g_hash_table_remove_all (self->records);
  g_ptr_array_set_size (self->problems, 0);

  for (guint i = 0; i < loaded->certificates->len; i++)
    {
      OkCertificate *certificate = g_ptr_array_index (loaded->certificates, i);
      OkStoreRecord *record = g_steal_pointer (&g_ptr_array_index (loaded->records, i));

      /* The trust was set on the I/O thread (ok_store_entry_read()). */
      g_ptr_array_add (self->certificates, g_object_ref (certificate));
      g_hash_table_replace (self->records, g_strdup (ok_certificate_get_id (certificate)), record);
    }
  for (guint i = 0; i < loaded->problems->len; i++)
    g_ptr_array_add (self->problems, g_strdup (g_ptr_array_index (loaded->problems, i)));
  load_result_free (loaded);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->certificates->len);
  return TRUE;
}

/* ---- writes ----------------------------------------------------------------------------- */

/* What one write needs, built on the main thread and handed to the I/O thread. */
typedef struct
{
  OkCertificate *certificate;
  OkStoreRecord *record;
  char          *metadata;
  OkKey         *key;
  char          *passphrase;
  char          *old_generation;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_clear_object (&job->certificate);
  g_clear_pointer (&job->record, ok_store_record_free);
  g_free (job->metadata);
  g_clear_object (&job->key);
  g_clear_pointer (&job->passphrase, ok_secrets_free);
  g_free (job->old_generation);
  g_free (job);
}

static WriteJob *
write_job_new (OkCertificate       *certificate,
               const OkStoreRecord *record)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->certificate = g_object_ref (certificate);
  job->record = ok_store_record_copy (record);
  job->metadata = ok_store_entry_build_metadata (certificate, record);

  return job;
}

/* A job waiting on the outer task for a keyring answer before it can be written. */
static void
hold_job (GTask    *task,
          WriteJob *job)
{
  g_object_set_data_full (G_OBJECT (task), "ok-store-pending", job, (GDestroyNotify) write_job_free);
}

static WriteJob *
take_job (GTask *task)
{
  return g_object_steal_data (G_OBJECT (task), "ok-store-pending");
}

/* Runs @job on the I/O thread, then @done on the main thread with the outer task. */
static void
run_write (OkStore             *self,
           GTask               *outer,
           WriteJob            *job,
           OkStoreJob           worker,
           GAsyncReadyCallback  done)
{
  g_autoptr(GTask) inner = g_task_new (self, g_task_get_cancellable (outer), done, g_object_ref (outer));

  g_task_set_task_data (inner, job, (GDestroyNotify) write_job_free);
  queue_job (self, inner, worker);
}

static GBytes *
encrypt_key (WriteJob  *job,
             GError   **error)
{
  if (job->key == NULL)
    return NULL;

  return ok_key_export_encrypted_pem (job->key, job->passphrase, error);
}

static char *
make_id (GBytes *der)
{
  g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);

  return g_strndup (hash, ID_LENGTH);
}

static void
add_job (GTask *task)
{
  WriteJob *job = g_task_get_task_data (task);
  g_autofree char *parent = g_path_get_dirname (job->record->dir);
  g_autofree char *id = g_path_get_basename (job->record->dir);
  g_autofree char *staging_name = g_strconcat (NEW_PREFIX, id, NULL);
  g_autofree char *staging = g_build_filename (parent, staging_name, NULL);
  g_autoptr(GBytes) encrypted_key = NULL;
  GError *error = NULL;

  if (job->key != NULL && !(encrypted_key = encrypt_key (job, &error)))
    goto failed;

  /* The entry is assembled under a hidden name and appears in one rename. */
  if (!ok_file_remove_tree (staging, &error) ||
      !ok_file_make_private_dir (staging, &error) ||
      !ok_store_entry_write_generation (staging, job->record->current, job->certificate,
                                        ok_certificate_get_chain (job->certificate), encrypted_key, &error) ||
      !ok_store_entry_write_metadata (staging, job->metadata, &error))
    goto failed;

  if (g_file_test (job->record->dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE,
                   _("This certificate is already in OCES Keeper."));
      goto failed;
    }

  if (!ok_file_rename_synced (staging, job->record->dir, &error))
    goto failed;

  touch_stamp (task);
  g_task_return_boolean (task, TRUE);
  return;

failed:
  ok_file_remove_tree (staging, NULL);
  g_task_return_error (task, error);
}

static void
forget_passphrase_ready (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ok_secrets_clear_finish (result, &error))
    g_warning ("Could not remove an unused key passphrase from the keyring: %s", error->message);
}

static void
add_written (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  OkStore *self = OK_STORE (object);
  g_autoptr(GTask) outer = user_data;
  WriteJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->key != NULL)
        ok_secrets_clear_async (OK_SECRET_KIND_KEY_PASSPHRASE, ok_certificate_get_id (job->certificate),
                                NULL, forget_passphrase_ready, NULL);
      g_task_return_error (outer, error);
      return;
    }

  g_ptr_array_add (self->certificates, g_object_ref (job->certificate));
  g_hash_table_replace (self->records, g_strdup (ok_certificate_get_id (job->certificate)),
                        ok_store_record_copy (job->record));
  g_list_model_items_changed (G_LIST_MODEL (self), self->certificates->len - 1, 0, 1);

  g_task_return_pointer (outer, g_object_ref (job->certificate), g_object_unref);
}

static void
add_passphrase_stored (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  OkStore *self = g_task_get_source_object (outer);
  WriteJob *job = take_job (outer);
  GError *error = NULL;

  if (!ok_secrets_store_finish (result, &error))
    {
      write_job_free (job);
      g_task_return_error (outer, error);
      return;
    }

  run_write (self, outer, job, add_job, add_written);
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
 * Adds a new entry. A certificate that is already in the store fails with
 * %OK_STORE_ERROR_DUPLICATE and nothing is written.
 */
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
  g_autoptr(OkCertificate) certificate = NULL;
  g_autoptr(OkStoreRecord) record = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autofree char *id = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *label = NULL;
  OkCertificate *existing;
  WriteJob *job;
  GError *error = NULL;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (certificate_der != NULL);
  g_return_if_fail (key == NULL || OK_IS_KEY (key));
  g_return_if_fail (events != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_add_async);

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

  id = make_id (certificate_der);
  dir = g_build_filename (self->certificates_dir, id, NULL);
  ok_certificate_set_id (certificate, id);
  if (name != NULL && *name != '\0')
    ok_certificate_set_name (certificate, name);
  ok_certificate_set_environment_override (certificate, environment_override);
  ok_certificate_set_has_private_key (certificate, key != NULL);
  ok_certificate_set_auto_renew (certificate, key != NULL);
  ok_certificate_set_chain (certificate, chain);
  ok_certificate_set_trust (certificate, ok_chain_verify (certificate, chain, NULL,
                                                          g_get_real_time () / G_USEC_PER_SEC, NULL));
  for (guint i = 0; i < events->len; i++)
    ok_certificate_append_event (certificate, g_ptr_array_index (events, i));

  record = ok_store_record_new (dir, ok_certificate_get_serial (certificate));
  job = write_job_new (certificate, record);

  if (key == NULL)
    {
      run_write (self, task, job, add_job, add_written);
      return;
    }

  job->key = g_object_ref (key);
  job->passphrase = ok_secrets_generate_passphrase ();
  hold_job (task, job);
  label = g_strdup_printf (_("OCES Keeper key passphrase for “%s”"), ok_certificate_get_name (certificate));
  ok_secrets_store_async (OK_SECRET_KIND_KEY_PASSPHRASE, id,
                          ok_environment_to_string (ok_certificate_get_environment (certificate)),
                          label, job->passphrase, cancellable,
                          add_passphrase_stored, g_object_ref (task));
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

/* ---- metadata: save and log --------------------------------------------------------------- */

static void
metadata_job (GTask *task)
{
  WriteJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ok_store_entry_write_metadata (job->record->dir, job->metadata, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  touch_stamp (task);
  g_task_return_boolean (task, TRUE);
}

static void
metadata_written (GObject      *object,
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

static gboolean
start_metadata_write (OkStore       *self,
                      OkCertificate *certificate,
                      GTask         *task)
{
  OkStoreRecord *record = get_record (self, certificate);

  if (record == NULL)
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_NOT_FOUND,
                               _("“%s” is no longer in OCES Keeper."), ok_certificate_get_name (certificate));
      return FALSE;
    }

  run_write (self, task, write_job_new (certificate, record), metadata_job, metadata_written);
  return TRUE;
}

/**
 * ok_store_save_async:
 *
 * Writes @certificate's metadata (name, environment, settings, event log) to disk.
 */
void
ok_store_save_async (OkStore             *self,
                     OkCertificate       *certificate,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_save_async);
  start_metadata_write (self, certificate, task);
}

gboolean
ok_store_save_finish (OkStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ok_store_log_async:
 *
 * Appends @event to @certificate's event log and writes it to disk.
 */
void
ok_store_log_async (OkStore             *self,
                    OkCertificate       *certificate,
                    OkEvent             *event,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (OK_IS_EVENT (event));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_log_async);
  ok_certificate_append_event (certificate, event);
  start_metadata_write (self, certificate, task);
}

gboolean
ok_store_log_finish (OkStore       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- remove ----------------------------------------------------------------------------- */

static void
remove_job (GTask *task)
{
  WriteJob *job = g_task_get_task_data (task);
  g_autofree char *parent = g_path_get_dirname (job->record->dir);
  g_autofree char *id = g_path_get_basename (job->record->dir);
  g_autofree char *doomed_name = g_strconcat (REMOVED_PREFIX, id, NULL);
  g_autofree char *doomed = g_build_filename (parent, doomed_name, NULL);
  GError *error = NULL;

  /* One rename makes the entry disappear; the slow recursive delete comes after, and a crash
   * during it leaves only a hidden folder that the next load finishes removing. */
  if (!ok_file_rename_synced (job->record->dir, doomed, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  ok_file_remove_tree (doomed, NULL);
  touch_stamp (task);
  g_task_return_boolean (task, TRUE);
}

static void
remove_secrets_ready (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;

  /* The files are gone already; an orphaned keyring item is harmless, so only say so. */
  if (!ok_secrets_clear_certificate_finish (result, &error))
    g_warning ("Could not remove the keyring items of a removed certificate: %s", error->message);

  g_task_return_boolean (outer, TRUE);
}

static void
remove_written (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  OkStore *self = OK_STORE (object);
  g_autoptr(GTask) outer = user_data;
  WriteJob *job = g_task_get_task_data (G_TASK (result));
  const char *id = ok_certificate_get_id (job->certificate);
  GError *error = NULL;
  guint position;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  if (find_position (self, job->certificate, &position))
    {
      g_ptr_array_remove_index (self->certificates, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
  g_hash_table_remove (self->records, id);

  ok_secrets_clear_certificate_async (id, NULL, remove_secrets_ready, g_object_ref (outer));
}

void
ok_store_remove_async (OkStore             *self,
                       OkCertificate       *certificate,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OkStoreRecord *record;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_remove_async);

  record = get_record (self, certificate);
  if (record == NULL)
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_NOT_FOUND,
                               _("“%s” is no longer in OCES Keeper."), ok_certificate_get_name (certificate));
      return;
    }

  run_write (self, task, write_job_new (certificate, record), remove_job, remove_written);
}

gboolean
ok_store_remove_finish (OkStore       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the private key ---------------------------------------------------------------------- */

static void
load_key_job (GTask *task)
{
  WriteJob *job = g_task_get_task_data (task);
  g_autofree char *path = g_build_filename (job->record->dir, job->record->current, OK_STORE_ENTRY_KEY, NULL);
  g_autofree char *pem = NULL;
  gsize length = 0;
  OkKey *key;
  GError *error = NULL;

  if (!g_file_get_contents (path, &pem, &length, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  key = ok_key_new_from_pem (pem, length, job->passphrase, &error);
  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, g_object_unref);
}

static void
load_key_read (GObject      *object,
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

typedef void (*PassphraseReady) (OkStore *self, GTask *task, WriteJob *job);

static void
passphrase_found (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  OkStore *self = g_task_get_source_object (outer);
  WriteJob *job = take_job (outer);
  PassphraseReady next = g_object_get_data (G_OBJECT (outer), "ok-store-next");
  GError *error = NULL;

  job->passphrase = ok_secrets_lookup_finish (result, &error);
  if (error != NULL)
    {
      write_job_free (job);
      g_task_return_error (outer, error);
      return;
    }

  if (job->passphrase == NULL)
    {
      g_task_return_new_error (outer, OK_STORE_ERROR, OK_STORE_ERROR_NO_KEY,
                               _("The passphrase of the private key of “%s” is missing from the keyring."),
                               ok_certificate_get_name (job->certificate));
      write_job_free (job);
      return;
    }

  next (self, outer, job);
}

/* Looks up the entry's key passphrase, then continues with @next holding @job. */
static void
with_passphrase (OkStore         *self,
                 GTask           *task,
                 WriteJob        *job,
                 PassphraseReady  next)
{
  if (!ok_certificate_get_has_private_key (job->certificate))
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_NO_KEY,
                               _("OCES Keeper does not hold the private key of “%s”; it only monitors it."),
                               ok_certificate_get_name (job->certificate));
      write_job_free (job);
      return;
    }

  hold_job (task, job);
  g_object_set_data (G_OBJECT (task), "ok-store-next", next);
  ok_secrets_lookup_async (OK_SECRET_KIND_KEY_PASSPHRASE, ok_certificate_get_id (job->certificate),
                           g_task_get_cancellable (task), passphrase_found, g_object_ref (task));
}

static void
load_key_with_passphrase (OkStore  *self,
                          GTask    *task,
                          WriteJob *job)
{
  run_write (self, task, job, load_key_job, load_key_read);
}

void
ok_store_load_key_async (OkStore             *self,
                         OkCertificate       *certificate,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OkStoreRecord *record;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_load_key_async);

  record = get_record (self, certificate);
  if (record == NULL)
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_NOT_FOUND,
                               _("“%s” is no longer in OCES Keeper."), ok_certificate_get_name (certificate));
      return;
    }

  with_passphrase (self, task, write_job_new (certificate, record), load_key_with_passphrase);
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

/* ---- renewal: replace the certificate and key ----------------------------------------------- */

static void
replace_job (GTask *task)
{
  WriteJob *job = g_task_get_task_data (task);
  g_autofree char *old_key = g_build_filename (job->record->dir, job->old_generation, OK_STORE_ENTRY_KEY, NULL);
  g_autoptr(GBytes) encrypted_key = NULL;
  GError *error = NULL;

  /* The new generation is complete on disk before metadata.json names it, so the switch is
   * the single atomic rename of metadata.json. */
  if (!(encrypted_key = encrypt_key (job, &error)) ||
      !ok_store_entry_write_generation (job->record->dir, job->record->current, job->certificate,
                                        ok_certificate_get_chain (job->certificate), encrypted_key, &error) ||
      !ok_store_entry_write_metadata (job->record->dir, job->metadata, &error))
    {
      g_autofree char *generation = g_build_filename (job->record->dir, job->record->current, NULL);

      ok_file_remove_tree (generation, NULL);
      g_task_return_error (task, error);
      return;
    }

  /* The replaced key is no longer needed; its certificate stays as history. */
  g_unlink (old_key);
  touch_stamp (task);
  g_task_return_boolean (task, TRUE);
}

static void
replace_written (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OkStore *self = OK_STORE (object);
  g_autoptr(GTask) outer = user_data;
  WriteJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  guint position;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  g_hash_table_replace (self->records, g_strdup (ok_certificate_get_id (job->certificate)),
                        ok_store_record_copy (job->record));
  if (find_position (self, job->certificate, &position))
    {
      g_object_unref (g_ptr_array_index (self->certificates, position));
      g_ptr_array_index (self->certificates, position) = g_object_ref (job->certificate);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }

  g_task_return_pointer (outer, g_object_ref (job->certificate), g_object_unref);
}

static void
replace_with_passphrase (OkStore  *self,
                         GTask    *task,
                         WriteJob *job)
{
  run_write (self, task, job, replace_job, replace_written);
}

/**
 * ok_store_replace_async:
 * @certificate: the entry to renew; it must hold a private key
 * @new_certificate_der: the renewed certificate
 * @new_chain_der: (element-type GBytes): its chain
 * @new_key: the key the renewed certificate was issued for
 * @event: the event to log (%RENEWED)
 *
 * Makes the renewed certificate current, keeping the earlier one in the entry's history. The
 * new key is encrypted with the entry's passphrase from the keyring. On any failure the
 * entry stays exactly as it was. The entry is a new #OkCertificate object afterwards, at the
 * same position in the list.
 */
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
  g_autoptr(OkCertificate) renewed = NULL;
  g_autoptr(OkStoreRecord) record = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GStrvBuilder) history = g_strv_builder_new ();
  GListModel *events;
  OkStoreRecord *old_record;
  WriteJob *job;
  GError *error = NULL;

  g_return_if_fail (OK_IS_STORE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (new_certificate_der != NULL);
  g_return_if_fail (OK_IS_KEY (new_key));
  g_return_if_fail (OK_IS_EVENT (event));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_store_replace_async);

  old_record = get_record (self, certificate);
  if (old_record == NULL)
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_NOT_FOUND,
                               _("“%s” is no longer in OCES Keeper."), ok_certificate_get_name (certificate));
      return;
    }

  if (!(renewed = ok_certificate_new_from_der (new_certificate_der, &error)) ||
      !(chain = certificates_from_der (new_chain_der, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_strcmp0 (ok_certificate_get_serial (renewed), old_record->current) == 0 ||
      g_strv_contains ((const char * const *) old_record->history, ok_certificate_get_serial (renewed)))
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE,
                               _("The renewed certificate has the serial number of an earlier one."));
      return;
    }

  ok_certificate_set_id (renewed, ok_certificate_get_id (certificate));
  ok_certificate_set_name (renewed, ok_certificate_get_name (certificate));
  ok_certificate_set_environment_override (renewed, ok_certificate_get_environment_override (certificate));
  ok_certificate_set_has_private_key (renewed, TRUE);
  ok_certificate_set_auto_renew (renewed, ok_certificate_get_auto_renew (certificate));
  ok_certificate_set_renewal_window_days (renewed, ok_certificate_get_renewal_window_days (certificate));
  ok_certificate_set_deploy_actions (renewed, ok_certificate_get_deploy_actions (certificate));
  ok_certificate_set_chain (renewed, chain);
  ok_certificate_set_trust (renewed, ok_chain_verify (renewed, chain, NULL,
                                                      g_get_real_time () / G_USEC_PER_SEC, NULL));
  events = ok_certificate_get_events (certificate);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(OkEvent) earlier = g_list_model_get_item (events, i);
      ok_certificate_append_event (renewed, earlier);
    }
  ok_certificate_append_event (renewed, event);

  record = ok_store_record_copy (old_record);
  g_strv_builder_addv (history, (const char **) old_record->history);
  g_strv_builder_add (history, old_record->current);
  g_strfreev (record->history);
  record->history = g_strv_builder_end (history);
  g_free (record->current);
  record->current = g_strdup (ok_certificate_get_serial (renewed));

  job = write_job_new (renewed, record);
  job->key = g_object_ref (new_key);
  job->old_generation = g_strdup (old_record->current);
  with_passphrase (self, task, job, replace_with_passphrase);
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

/**
 * ok_store_dup_history:
 *
 * Returns: (transfer full): the serials of the entry's earlier certificates, oldest first
 */
char **
ok_store_dup_history (OkStore       *self,
                      OkCertificate *certificate)
{
  OkStoreRecord *record;

  g_return_val_if_fail (OK_IS_STORE (self), NULL);

  record = get_record (self, certificate);
  return record != NULL ? g_strdupv (record->history) : g_new0 (char *, 1);
}

/**
 * ok_store_get_monitor_state:
 *
 * The background monitor's bookkeeping for @certificate's entry (which reminders were sent),
 * kept verbatim in metadata.json. The caller may change it; ok_store_save_async() writes it.
 *
 * Returns: (transfer none) (nullable): the entry's state object, %NULL if it is not in the store
 */
JsonObject *
ok_store_get_monitor_state (OkStore       *self,
                            OkCertificate *certificate)
{
  OkStoreRecord *record;

  g_return_val_if_fail (OK_IS_STORE (self), NULL);
  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  record = get_record (self, certificate);
  return record != NULL ? record->state : NULL;
}

/**
 * ok_store_get_stamp_path:
 *
 * Returns: the file the store rewrites after every change on disk; watch it to learn of
 *   changes made by other processes
 */
const char *
ok_store_get_stamp_path (OkStore *self)
{
  g_return_val_if_fail (OK_IS_STORE (self), NULL);

  return self->stamp_path;
}

/* ---- events of issuances that have no entry yet ------------------------------------------ */

/* A failed issuance has no certificate to log against, so its events wait under the reference
 * number and become the start of the certificate's log once an attempt succeeds. */
typedef struct
{
  char    *path;
  OkEvent *event;
} PendingJob;

static void
pending_job_free (PendingJob *job)
{
  g_free (job->path);
  g_clear_object (&job->event);
  g_free (job);
}

static GPtrArray *
read_pending (const char  *path,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&events);

  if (!json_parser_load_from_file (parser, path, &local_error) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      /* A damaged pending log must never block an issuance; it only loses history. */
      g_warning ("Ignoring damaged pending issuance log %s", path);
      return g_steal_pointer (&events);
    }

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      OkEvent *event = ok_event_new_from_json (json_array_get_element (array, i), NULL);

      if (event != NULL)
        g_ptr_array_add (events, event);
    }

  return g_steal_pointer (&events);
}

static void
log_pending_job (GTask *task)
{
  PendingJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) events = read_pending (job->path, NULL);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *folder = g_path_get_dirname (job->path);
  g_autofree char *text = NULL;
  GError *error = NULL;

  g_ptr_array_add (events, g_object_ref (job->event));
  for (guint i = 0; i < events->len; i++)
    json_array_add_element (array, ok_event_to_json (g_ptr_array_index (events, i)));
  root = json_node_init_array (json_node_alloc (), array);
  text = json_to_string (root, TRUE);

  if (!ok_file_make_private_dir (folder, &error) ||
      !ok_file_write_atomic (job->path, text, strlen (text), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
take_pending_job (GTask *task)
{
  PendingJob *job = g_task_get_task_data (task);
  GPtrArray *events = read_pending (job->path, NULL);

  g_task_return_pointer (task, events, (GDestroyNotify) g_ptr_array_unref);
}

static void
clear_pending_job (GTask *task)
{
  PendingJob *job = g_task_get_task_data (task);

  g_unlink (job->path);
  g_task_return_boolean (task, TRUE);
}

static gboolean
start_pending_job (OkStore    *self,
                   GTask      *task,
                   const char *reference,
                   OkEvent    *event,
                   OkStoreJob  worker)
{
  g_autofree char *file = NULL;
  PendingJob *job;

  if (reference == NULL || *reference == '\0' || *reference == '.' || strchr (reference, '/') != NULL)
    {
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_FAILED,
                               _("“%s” is not a reference number."), reference != NULL ? reference : "");
      return FALSE;
    }

  file = g_strconcat (reference, ".json", NULL);
  job = g_new0 (PendingJob, 1);
  job->path = g_build_filename (self->dir, "pending", file, NULL);
  job->event = event != NULL ? g_object_ref (event) : NULL;
  g_task_set_task_data (task, job, (GDestroyNotify) pending_job_free);
  queue_job (self, task, worker);
  return TRUE;
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
 * Reads the events logged for @reference. They stay on disk until
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
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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
