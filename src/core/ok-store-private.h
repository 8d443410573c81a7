/* ok-store-private.h — what the store's files share: the object and its I/O queue
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-store.h"
#include "ok-store-db.h"
#include "ok-store-rows.h"

G_BEGIN_DECLS

struct _OkStore
{
  GObject       parent_instance;

  char         *dir;
  char         *db_path;
  char         *stamp_path;     /* touched after every commit, for other processes to watch */
  char         *lease_token;    /* tells this process's leases from an earlier one's with its pid */

  /* The main thread's view. */
  GPtrArray    *certificates;   /* OkCertificate, in list order */
  GHashTable   *records;        /* id → OkStoreRecord */
  GPtrArray    *problems;       /* translated descriptions of entries that could not load */
  gboolean      loaded;
  GFileMonitor *stamp_monitor;
  guint         reload_source;
  gboolean      reloading;
  gboolean      reload_again;
  OkStoreOrderFunc order;       /* run by each load's job, in the I/O thread */
  gpointer      order_data;

  /* The I/O thread's: every database access happens there, one job at a time, in order. */
  GThreadPool  *io;
  OkStoreDb    *db;
  gint64        data_version;
  char         *secret_prefix;  /* "key-<store id>-": the start of this store's keyring item ids */
  GPtrArray    *migration_problems; /* old entries that could not be converted, told once */
};

typedef void (*OkStoreJob) (GTask *task);

void            _ok_store_queue          (OkStore        *self,
                                          GTask          *task,
                                          OkStoreJob      job);
void            _ok_store_run            (OkStore        *self,
                                          GTask          *outer,
                                          gpointer        data,
                                          GDestroyNotify  data_free,
                                          OkStoreJob      job,
                                          GAsyncReadyCallback done);
OkStoreDb      *_ok_store_get_db         (OkStore        *self,
                                          GError        **error);
void            _ok_store_committed      (OkStore        *self);
OkStoreRecord  *_ok_store_get_record     (OkStore        *self,
                                          OkCertificate  *certificate);
gboolean        _ok_store_check_present  (OkStore        *self,
                                          OkCertificate  *certificate,
                                          GTask          *task);
void            _ok_store_put            (OkStore        *self,
                                          OkCertificate  *certificate,
                                          OkStoreRecord  *record);
void            _ok_store_put_all        (OkStore        *self,
                                          GPtrArray      *certificates,
                                          GPtrArray      *records);
void            _ok_store_drop           (OkStore        *self,
                                          const char     *id);
gboolean        _ok_store_pid_alive      (gint64          pid);
gboolean        _ok_store_reserve_secret (OkStore        *self,
                                          OkStoreDb      *db,
                                          const char     *secret_id,
                                          GError        **error);
void            _ok_store_release_secret (OkStore        *self,
                                          const char     *secret_id);

/* ok-store-migrate.c */
gboolean        _ok_store_migrate        (OkStoreDb      *db,
                                          const char     *dir,
                                          GPtrArray      *problems,
                                          GError        **error);

G_END_DECLS
