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
 * This file: the object, its I/O queue and the list. Beside it: the database and its schema
 * (ok-store-db.c), rows (ok-store-rows.c), loading and reloading (ok-store-load.c), settings,
 * events and removal (ok-store-entries.c), adding and renewing (ok-store-generations.c),
 * reading keys (ok-store-keys.c), leases, pending issuance events and the keyring sweep
 * (ok-store-journal.c), and the conversion of the old folder store (ok-store-migrate.c).
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

/* Puts freshly read entries into the list, taking their records: each known one in place of
 * its older object, the new ones at the end in one change. A view then hears of a first load of
 * thousands once, not thousands of times (and re-sorts once). */
void
_ok_store_put_all (OkStore   *self,
                   GPtrArray *certificates,
                   GPtrArray *records)
{
  guint first_new = self->certificates->len;
  g_autoptr(GPtrArray) added = g_ptr_array_new ();

  g_return_if_fail (certificates->len == records->len);

  for (guint i = 0; i < certificates->len; i++)
    {
      OkCertificate *certificate = g_ptr_array_index (certificates, i);
      const char *id = ok_certificate_get_id (certificate);
      gboolean known = g_hash_table_contains (self->records, id);
      guint position;

      g_hash_table_replace (self->records, g_strdup (id), g_steal_pointer (&g_ptr_array_index (records, i)));
      /* Only a known entry is looked for in the list: a big first load stays linear. */
      if (known && find_position (self, id, &position))
        {
          g_object_unref (g_ptr_array_index (self->certificates, position));
          g_ptr_array_index (self->certificates, position) = g_object_ref (certificate);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
        }
      else
        g_ptr_array_add (added, certificate);
    }

  for (guint i = 0; i < added->len; i++)
    g_ptr_array_add (self->certificates, g_object_ref (g_ptr_array_index (added, i)));
  if (added->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first_new, 0, added->len);
}

/* Puts a freshly read entry into the list: in place of its older object, or at the end. */
void
_ok_store_put (OkStore       *self,
               OkCertificate *certificate,
               OkStoreRecord *record)
{
  g_autoptr(GPtrArray) certificates = g_ptr_array_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ok_store_record_free);

  g_ptr_array_add (certificates, certificate);
  g_ptr_array_add (records, record);
  _ok_store_put_all (self, certificates, records);
}

void
_ok_store_drop (OkStore    *self,
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
 * may change it; ok_store_update_monitor_state_async() writes one member of it.
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
