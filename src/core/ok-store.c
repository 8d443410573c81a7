/* ok-store.c — the certificate store that the app, the CLI and the monitor share
 *
 * The store is one SQLite database (ok-store-db.c) in the data folder. Several processes use
 * it at once, so nothing here writes a record from a copy in memory: every change is one
 * transaction that changes the fields it means to, and a write that depends on what the
 * entry is now (a renewal) checks that inside its transaction.
 *
 * The list of certificates lives on the main thread; every database access goes through one
 * worker thread in FIFO order. After every commit the store touches a stamp file; a store
 * that watches (ok_store_watch()) reloads what other processes changed, in place.
 *
 * This file: the object, loading and reloading, settings, the event log and removal. Keys
 * (adding, renewing, reading) are in ok-store-keys.c; leases and the events of issuances that
 * have no entry yet in ok-store-journal.c; the conversion of the old folder store in
 * ok-store-migrate.c.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>

#include "ok-file.h"
#include "ok-paths.h"
#include "ok-secrets.h"
#include "ok-store-private.h"

/* Bursts of commits by another process (a `renew --due` of many) become one reload. */
#define RELOAD_DELAY_MS 150
/* Above this many changed entries a reload reads everything in one pass. */
#define RELOAD_ONE_BY_ONE_MAX 32

static void ok_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OkStore, ok_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ok_store_list_model_init))

G_DEFINE_QUARK (ok-store-error-quark, ok_store_error)

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

void
_ok_store_queue (OkStore    *self,
                 GTask      *task,
                 OkStoreJob  job)
{
  g_object_set_data (G_OBJECT (task), "ok-store-job", job);
  g_thread_pool_push (self->io, g_object_ref (task), NULL);
}

/* Runs @job on the I/O thread with @data, then @done on the main thread with @outer. */
void
_ok_store_run (OkStore             *self,
               GTask               *outer,
               gpointer             data,
               GDestroyNotify       data_free,
               OkStoreJob           job,
               GAsyncReadyCallback  done)
{
  g_autoptr(GTask) inner = g_task_new (self, g_task_get_cancellable (outer), done, g_object_ref (outer));

  g_task_set_task_data (inner, data, data_free);
  _ok_store_queue (self, inner, job);
}

/* The database, opened (and the old folder store converted) by the first job that needs it.
 * I/O thread only. */
OkStoreDb *
_ok_store_get_db (OkStore  *self,
                  GError  **error)
{
  g_autoptr(OkStoreDb) db = NULL;
  g_autofree char *store_id = NULL;

  if (self->db != NULL)
    return self->db;

  db = ok_store_db_open (self->db_path, error);
  if (db == NULL)
    return NULL;

  g_clear_pointer (&self->migration_problems, g_ptr_array_unref);
  self->migration_problems = g_ptr_array_new_with_free_func (g_free);
  if (!_ok_store_migrate (db, self->dir, self->migration_problems, error))
    return NULL;

  store_id = ok_store_db_get_meta (db, OK_STORE_DB_META_STORE_ID);
  if (store_id == NULL)
    {
      g_set_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DAMAGED, _("The certificate database has no identity."));
      return NULL;
    }

  self->secret_prefix = g_strconcat ("key-", store_id, "-", NULL);
  self->db = g_steal_pointer (&db);
  self->data_version = ok_store_db_get_data_version (self->db);
  return self->db;
}

/* Runs on the I/O thread after every commit. Other processes (the monitor, the app) watch
 * this one file; its content does not matter, only that it changed. */
void
_ok_store_committed (OkStore *self)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", g_get_real_time ());
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (self->stamp_path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_debug ("Could not touch the store's change stamp: %s", error->message);
}

gboolean
_ok_store_pid_alive (gint64 pid)
{
  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;

  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
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
ok_store_dispose (GObject *object)
{
  OkStore *self = OK_STORE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->stamp_monitor != NULL)
    g_file_monitor_cancel (self->stamp_monitor);
  g_clear_object (&self->stamp_monitor);

  G_OBJECT_CLASS (ok_store_parent_class)->dispose (object);
}

static void
ok_store_finalize (GObject *object)
{
  OkStore *self = OK_STORE (object);

  /* Wait for queued writes: dropping them would lose data the caller was told is saved. */
  g_thread_pool_free (self->io, FALSE, TRUE);
  g_clear_pointer (&self->db, ok_store_db_close);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  g_clear_pointer (&self->records, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self->db_path);
  g_free (self->stamp_path);
  g_free (self->lease_token);
  g_free (self->secret_prefix);
  g_clear_pointer (&self->migration_problems, g_ptr_array_unref);
  g_free (self->dir);

  G_OBJECT_CLASS (ok_store_parent_class)->finalize (object);
}

static void
ok_store_class_init (OkStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ok_store_dispose;
  object_class->finalize = ok_store_finalize;
}

/* One per process: tells this process's leases from those of an earlier process that had the
 * same pid. */
static const char *
process_token (void)
{
  static gsize token;

  if (g_once_init_enter (&token))
    g_once_init_leave (&token, (gsize) g_uuid_string_random ());

  return (const char *) token;
}

static void
ok_store_init (OkStore *self)
{
  self->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ok_store_record_free);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->io = g_thread_pool_new (io_thread, NULL, 1, TRUE, NULL);
  self->lease_token = g_strdup (process_token ());
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
  self->db_path = g_build_filename (self->dir, OK_STORE_DB_FILE, NULL);
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

OkStoreRecord *
_ok_store_get_record (OkStore       *self,
                      OkCertificate *certificate)
{
  return g_hash_table_lookup (self->records, ok_certificate_get_id (certificate));
}

gboolean
_ok_store_check_present (OkStore       *self,
                         OkCertificate *certificate,
                         GTask         *task)
{
  if (_ok_store_get_record (self, certificate) != NULL)
    return TRUE;

  g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_NOT_FOUND,
                           _("“%s” is no longer in OCES Keeper."), ok_certificate_get_name (certificate));
  return FALSE;
}

static gboolean
find_position (OkStore    *self,
               const char *id,
               guint      *position)
{
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

/* Puts a freshly read entry into the list: in place of its older object, or at the end. */
void
_ok_store_put (OkStore       *self,
               OkCertificate *certificate,
               OkStoreRecord *record)
{
  const char *id = ok_certificate_get_id (certificate);
  gboolean known = g_hash_table_contains (self->records, id);
  guint position;

  g_hash_table_replace (self->records, g_strdup (id), record);
  /* Only a known entry is looked for in the list: a big first load stays linear. */
  if (known && find_position (self, id, &position))
    {
      g_object_unref (g_ptr_array_index (self->certificates, position));
      g_ptr_array_index (self->certificates, position) = g_object_ref (certificate);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
  else
    {
      g_ptr_array_add (self->certificates, g_object_ref (certificate));
      g_list_model_items_changed (G_LIST_MODEL (self), self->certificates->len - 1, 0, 1);
    }
}

static void
drop (OkStore    *self,
      const char *id)
{
  guint position;

  if (find_position (self, id, &position))
    {
      g_ptr_array_remove_index (self->certificates, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
  g_hash_table_remove (self->records, id);
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
 * A quick look at what this process knows; the database decides (ok_store_add_async()).
 *
 * Returns: (transfer none) (nullable): the entry whose current certificate is exactly
 *   @certificate_der
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

/* ---- load and reload -------------------------------------------------------------------- */

typedef struct
{
  GHashTable *known;        /* id → revision this process has; NULL: read everything */
  gboolean    only_if_changed;
  GPtrArray  *certificates; /* new or changed entries */
  GPtrArray  *records;
  GPtrArray  *problems;
  GHashTable *present;      /* every id in the database now; NULL when nothing changed */
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
    drop (self, g_ptr_array_index (gone, i));

  for (guint i = 0; i < job->certificates->len; i++)
    _ok_store_put (self, g_ptr_array_index (job->certificates, i),
                   g_steal_pointer (&g_ptr_array_index (job->records, i)));
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
  job->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  job->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ok_store_record_free);
  job->problems = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  _ok_store_queue (self, task, load_job);
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
          update_column (db, "UPDATE entries SET monitor_state = ? WHERE id = ?", job->id, job->state, error)) &&
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

gboolean
ok_store_update_finish (OkStore       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ok_store_save_async:
 *
 * Writes all of @certificate's settings and its monitor state; prefer
 * ok_store_update_async() with the fields that changed.
 */
void
ok_store_save_async (OkStore             *self,
                     OkCertificate       *certificate,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  ok_store_update_async (self, certificate, OK_STORE_FIELD_ALL, NULL, cancellable, callback, user_data);
}

gboolean
ok_store_save_finish (OkStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  return ok_store_update_finish (self, result, error);
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

  drop (self, job->id);
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

/* ---- what the store knows besides the certificate ---------------------------------------- */

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

  record = _ok_store_get_record (self, certificate);
  return record != NULL ? g_strdupv (record->history) : g_new0 (char *, 1);
}

/**
 * ok_store_get_monitor_state:
 *
 * The monitor's bookkeeping for @certificate's entry (which reminders were sent). The caller
 * may change it; ok_store_update_async() with %OK_STORE_FIELD_MONITOR_STATE writes it.
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

  record = _ok_store_get_record (self, certificate);
  return record != NULL ? record->state : NULL;
}

/**
 * ok_store_get_stamp_path:
 *
 * Returns: the file the store rewrites after every commit; watch it to learn of changes made
 *   by other processes
 */
const char *
ok_store_get_stamp_path (OkStore *self)
{
  g_return_val_if_fail (OK_IS_STORE (self), NULL);

  return self->stamp_path;
}
