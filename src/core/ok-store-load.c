/* ok-store-load.c — loading the store, and reloading in place what other processes committed
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-store-private.h"

/* Bursts of commits by another process (a `renew --due` of many) become one reload. */
#define RELOAD_DELAY_MS 150
/* Above this many changed entries a reload reads everything in one pass. */
#define RELOAD_ONE_BY_ONE_MAX 32

/* ---- load and reload -------------------------------------------------------------------- */

typedef struct
{
  GHashTable *known;        /* id → revision this process has; NULL: read everything */
  gboolean    only_if_changed;
  GPtrArray  *certificates; /* new or changed entries */
  GPtrArray  *records;
  GPtrArray  *problems;
  GHashTable *present;      /* every id in the database now; NULL when nothing changed */
  OkStoreOrderFunc order;
  gpointer    order_data;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_pointer (&job->known, g_hash_table_unref);
  g_clear_pointer (&job->certificates, g_ptr_array_unref);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_clear_pointer (&job->present, g_hash_table_unref);
  g_free (job);
}

static gboolean
read_changed (OkStoreDb   *db,
              LoadJob     *job,
              GError     **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer id, revision;

  g_hash_table_iter_init (&iter, job->present);
  while (g_hash_table_iter_next (&iter, &id, &revision))
    {
      gpointer known_revision;

      if (job->known == NULL ||
          !g_hash_table_lookup_extended (job->known, id, NULL, &known_revision) ||
          known_revision != revision)
        g_ptr_array_add (changed, id);
    }

  if (job->known == NULL || changed->len > RELOAD_ONE_BY_ONE_MAX)
    {
      g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ok_store_record_free);

      if (!ok_store_rows_read (db, NULL, certificates, records, job->problems, error))
        return FALSE;

      for (guint i = 0; i < records->len; i++)
        {
          OkStoreRecord *record = g_ptr_array_index (records, i);

          if (job->known != NULL && !g_ptr_array_find_with_equal_func (changed, record->id, g_str_equal, NULL))
            continue;
          g_ptr_array_add (job->certificates, g_object_ref (g_ptr_array_index (certificates, i)));
          g_ptr_array_add (job->records, g_steal_pointer (&g_ptr_array_index (records, i)));
        }
      return TRUE;
    }

  for (guint i = 0; i < changed->len; i++)
    if (!ok_store_rows_read (db, g_ptr_array_index (changed, i), job->certificates, job->records, job->problems, error))
      return FALSE;

  return TRUE;
}

/* Sorts the certificates read, and their records alongside. */
static void
put_in_order (LoadJob *job)
{
  g_autoptr(GHashTable) records = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < job->certificates->len; i++)
    g_hash_table_insert (records, g_ptr_array_index (job->certificates, i),
                         g_steal_pointer (&g_ptr_array_index (job->records, i)));

  job->order (job->certificates, job->order_data);

  for (guint i = 0; i < job->certificates->len; i++)
    g_ptr_array_index (job->records, i) = g_hash_table_lookup (records, g_ptr_array_index (job->certificates, i));
}

static void
load_job (GTask *task)
{
  OkStore *self = g_task_get_source_object (task);
  LoadJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  OkStoreDb *db = _ok_store_get_db (self, &error);
  gint64 data_version;

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Only another connection's commit changes data_version: this process's own writes are in
   * its list already. */
  data_version = ok_store_db_get_data_version (db);
  if (job->only_if_changed && data_version == self->data_version)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* A deferred transaction: one consistent snapshot for all the reads below. */
  if (!ok_store_db_exec (db, "BEGIN", &error) ||
      !(job->present = ok_store_rows_read_revisions (db, &error)) ||
      !read_changed (db, job, &error))
    {
      ok_store_db_rollback (db);
      g_task_return_error (task, error);
      return;
    }

  ok_store_db_rollback (db);
  if (job->order != NULL)
    put_in_order (job);
  self->data_version = data_version;
  if (self->migration_problems != NULL)
    {
      g_ptr_array_extend_and_steal (job->problems, g_steal_pointer (&self->migration_problems));
    }
  g_task_return_boolean (task, TRUE);
}

static void
apply_load (OkStore *self,
            LoadJob *job)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);

  if (job->present == NULL)
    return;

  if (job->known == NULL)
    g_ptr_array_set_size (self->problems, 0);
  for (guint i = 0; i < job->problems->len; i++)
    g_ptr_array_add (self->problems, g_strdup (g_ptr_array_index (job->problems, i)));

  for (guint i = 0; i < self->certificates->len; i++)
    {
      const char *id = ok_certificate_get_id (g_ptr_array_index (self->certificates, i));

      if (!g_hash_table_contains (job->present, id))
        g_ptr_array_add (gone, g_strdup (id));
    }
  for (guint i = 0; i < gone->len; i++)
    _ok_store_drop (self, g_ptr_array_index (gone, i));

  _ok_store_put_all (self, job->certificates, job->records);
}

static void
start_load (OkStore             *self,
            gboolean             only_if_changed,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  LoadJob *job = g_new0 (LoadJob, 1);

  g_task_set_source_tag (task, ok_store_load_async);
  if (self->loaded)
    {
      GHashTableIter iter;
      gpointer id, record;

      job->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, self->records);
      while (g_hash_table_iter_next (&iter, &id, &record))
        g_hash_table_insert (job->known, g_strdup (id),
                             GSIZE_TO_POINTER ((gsize) ((OkStoreRecord *) record)->revision));
    }
  job->only_if_changed = only_if_changed;
  job->order = self->order;
  job->order_data = self->order_data;
  job->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  job->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ok_store_record_free);
  job->problems = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  _ok_store_queue (self, task, load_job);
}

/**
 * ok_store_set_load_order:
 * @order: (nullable): sorts what each load reads, in the loading thread
 *
 * New entries join the list in the order @order puts them in, after those it has already.
 * A view that sorts the list the same way finds it sorted; one that sorts it otherwise
 * loses nothing. @order must be safe to call from another thread, and @user_data to use
 * there, for as long as the store lives.
 */
void
ok_store_set_load_order (OkStore          *self,
                         OkStoreOrderFunc  order,
                         gpointer          user_data)
{
  g_return_if_fail (OK_IS_STORE (self));

  self->order = order;
  self->order_data = user_data;
}

/**
 * ok_store_load_async:
 *
 * Opens the database (converting a store of an earlier version on first use) and reads every
 * entry; called again, it re-reads only the entries that changed since, and updates the list
 * in place. A database that cannot be used fails with a translated message and is left as it
 * is.
 */
void
ok_store_load_async (OkStore             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (OK_IS_STORE (self));

  start_load (self, FALSE, cancellable, callback, user_data);
}

gboolean
ok_store_load_finish (OkStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  apply_load (self, g_task_get_task_data (G_TASK (result)));
  self->loaded = TRUE;
  return TRUE;
}

static void reload_from_stamp (OkStore *self);

static void
reloaded (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  OkStore *self = OK_STORE (object);
  g_autoptr(GError) error = NULL;

  self->reloading = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_message ("Could not re-read the certificate store: %s", error->message);
  else
    apply_load (self, g_task_get_task_data (G_TASK (result)));

  if (self->reload_again)
    reload_from_stamp (self);
}

static void
reload_from_stamp (OkStore *self)
{
  self->reload_again = FALSE;
  if (self->reloading)
    {
      self->reload_again = TRUE;
      return;
    }

  self->reloading = TRUE;
  start_load (self, TRUE, NULL, reloaded, NULL);
}

static gboolean
reload_timeout (gpointer user_data)
{
  OkStore *self = user_data;

  self->reload_source = 0;
  if (self->loaded)
    reload_from_stamp (self);

  return G_SOURCE_REMOVE;
}

static void
stamp_changed (OkStore           *self,
               GFile             *file,
               GFile             *other,
               GFileMonitorEvent  event)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT ||
      event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;

  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_timeout, self);
}

/**
 * ok_store_watch:
 *
 * From now on, what other processes (the CLI, the monitor's worker, another window) commit
 * appears in this store within a second: changed entries are replaced in place, new ones
 * appended, removed ones dropped.
 */
void
ok_store_watch (OkStore *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (OK_IS_STORE (self));

  if (self->stamp_monitor != NULL)
    return;

  file = g_file_new_for_path (self->stamp_path);
  self->stamp_monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->stamp_monitor == NULL)
    {
      g_message ("Changes by other programs will not show until restart: %s", error->message);
      return;
    }

  g_signal_connect_object (self->stamp_monitor, "changed", G_CALLBACK (stamp_changed), self, G_CONNECT_SWAPPED);
}
