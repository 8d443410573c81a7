/* ok-store.h — the certificate store that the app, the CLI and the monitor share, as a GListModel
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ok-certificate.h"
#include "ok-event.h"
#include "ok-key.h"

G_BEGIN_DECLS

/* The file in the store's folder that every committed write touches; see ok_store_get_stamp_path(). */
#define OK_STORE_CHANGED_STAMP "changed"

#define OK_STORE_ERROR (ok_store_error_quark ())

typedef enum
{
  OK_STORE_ERROR_DUPLICATE,   /* the certificate is already in the store */
  OK_STORE_ERROR_NOT_FOUND,   /* no certificate with that id */
  OK_STORE_ERROR_AMBIGUOUS,   /* an id prefix matches more than one certificate */
  OK_STORE_ERROR_NO_KEY,      /* monitor-only: we do not hold the private key */
  OK_STORE_ERROR_DAMAGED,     /* the database or an entry in it cannot be read */
  OK_STORE_ERROR_FAILED,
  OK_STORE_ERROR_NEWER_VERSION, /* the database was written by a newer OCES Keeper */
  OK_STORE_ERROR_BUSY,        /* another process is renewing this certificate right now */
  OK_STORE_ERROR_CHANGED,     /* another process changed the entry since it was read */
} OkStoreError;

/* The fields of an entry that ok_store_update_async() writes; nothing else is touched. */
typedef enum
{
  OK_STORE_FIELD_NAME           = 1 << 0,
  OK_STORE_FIELD_ENVIRONMENT    = 1 << 1,
  OK_STORE_FIELD_AUTO_RENEW     = 1 << 2,
  OK_STORE_FIELD_RENEWAL_WINDOW = 1 << 3,
  OK_STORE_FIELD_DEPLOY_ACTIONS = 1 << 4,
  OK_STORE_FIELD_MONITOR_STATE  = 1 << 5,
  OK_STORE_FIELD_ALL            = (1 << 6) - 1,
} OkStoreFields;

#define OK_TYPE_STORE (ok_store_get_type ())

G_DECLARE_FINAL_TYPE (OkStore, ok_store, OK, STORE, GObject)

GQuark          ok_store_error_quark       (void);

OkStore        *ok_store_new               (const char           *dir);
const char     *ok_store_get_dir           (OkStore              *self);
char          **ok_store_dup_problems      (OkStore              *self);

/**
 * OkStoreOrderFunc:
 * @certificates: (element-type OkCertificate): what a load read, not yet seen by any other thread
 * @user_data: the data given to ok_store_set_load_order()
 *
 * Sorts @certificates in place, in the store's loading thread.
 */
typedef void (*OkStoreOrderFunc) (GPtrArray *certificates,
                                  gpointer   user_data);

void            ok_store_set_load_order    (OkStore              *self,
                                            OkStoreOrderFunc      order,
                                            gpointer              user_data);
void            ok_store_load_async        (OkStore              *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        ok_store_load_finish       (OkStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

OkCertificate  *ok_store_lookup            (OkStore              *self,
                                            const char           *id_or_prefix,
                                            GError              **error);
OkCertificate  *ok_store_find_duplicate    (OkStore              *self,
                                            GBytes               *certificate_der);

void            ok_store_add_async         (OkStore              *self,
                                            GBytes               *certificate_der,
                                            GPtrArray            *chain_der,
                                            OkKey                *key,
                                            const char           *name,
                                            OkEnvironment         environment_override,
                                            GPtrArray            *events,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
OkCertificate  *ok_store_add_finish        (OkStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

void            ok_store_watch             (OkStore              *self);

void            ok_store_update_async      (OkStore              *self,
                                            OkCertificate        *certificate,
                                            OkStoreFields         fields,
                                            OkEvent              *event,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
void            ok_store_update_monitor_state_async (OkStore     *self,
                                            OkCertificate        *certificate,
                                            const char           *member,
                                            OkEvent              *event,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        ok_store_update_finish     (OkStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

void            ok_store_acquire_lease_async (OkStore            *self,
                                            OkCertificate        *certificate,
                                            const char           *operation,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        ok_store_acquire_lease_finish (OkStore           *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void            ok_store_release_lease_async (OkStore            *self,
                                            OkCertificate        *certificate,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        ok_store_release_lease_finish (OkStore           *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* An issuance or renewal in flight, kept so that it can be taken up again after a crash. */
typedef struct
{
  char      *id;            /* "issue:<environment>:<reference>" or "renew:<entry id>" */
  OkKey     *key;           /* the new key, decrypted */
  char      *csr;           /* the request made with it */
  GBytes    *answer;        /* (nullable) the CA's answer, once it arrived */
  GPtrArray *answer_chain;  /* (nullable) (element-type GBytes) its chain */
  char      *entry_id;      /* (nullable) an issuance already saved as this entry; no key then */
} OkStoreJournal;

void            ok_store_journal_free      (OkStoreJournal       *journal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkStoreJournal, ok_store_journal_free)

void            ok_store_journal_begin_async (OkStore            *self,
                                            const char           *journal_id,
                                            OkKey                *key,
                                            const char           *csr,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        ok_store_journal_begin_finish (OkStore           *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void            ok_store_journal_find_async (OkStore             *self,
                                            const char           *journal_id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
OkStoreJournal *ok_store_journal_find_finish (OkStore            *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void            ok_store_journal_answer_async (OkStore           *self,
                                            const char           *journal_id,
                                            GBytes               *answer,
                                            GPtrArray            *chain,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
void            ok_store_journal_answer_with_key_async (OkStore  *self,
                                            const char           *journal_id,
                                            OkKey                *key,
                                            const char           *csr,
                                            GBytes               *answer,
                                            GPtrArray            *chain,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        ok_store_journal_answer_with_key_finish (OkStore *self,
                                            GAsyncResult         *result,
                                            GError              **error);
gboolean        ok_store_journal_answer_finish (OkStore          *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void            ok_store_journal_discard_async (OkStore          *self,
                                            const char           *journal_id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        ok_store_journal_discard_finish (OkStore         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void            ok_store_add_from_journal_async (OkStore         *self,
                                            const char           *journal_id,
                                            GBytes               *certificate_der,
                                            GPtrArray            *chain_der,
                                            const char           *name,
                                            OkEnvironment         environment_override,
                                            GPtrArray            *events,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
void            ok_store_replace_from_journal_async (OkStore     *self,
                                            OkCertificate        *certificate,
                                            const char           *journal_id,
                                            GBytes               *new_certificate_der,
                                            GPtrArray            *new_chain_der,
                                            OkEvent              *event,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);

void            ok_store_sweep_secrets_async (OkStore            *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
guint           ok_store_sweep_secrets_finish (OkStore           *self,
                                            GAsyncResult         *result,
                                            GError              **error);

void            ok_store_log_async         (OkStore              *self,
                                            OkCertificate        *certificate,
                                            OkEvent              *event,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        ok_store_log_finish        (OkStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

void            ok_store_remove_async      (OkStore              *self,
                                            OkCertificate        *certificate,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        ok_store_remove_finish     (OkStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

void            ok_store_load_key_async    (OkStore              *self,
                                            OkCertificate        *certificate,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
OkKey          *ok_store_load_key_finish   (OkStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

void            ok_store_replace_async     (OkStore              *self,
                                            OkCertificate        *certificate,
                                            GBytes               *new_certificate_der,
                                            GPtrArray            *new_chain_der,
                                            OkKey                *new_key,
                                            OkEvent              *event,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
void            ok_store_add_key_async     (OkStore              *self,
                                            OkCertificate        *certificate,
                                            OkKey                *key,
                                            OkEvent              *event,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
OkCertificate  *ok_store_replace_finish    (OkStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

char          **ok_store_dup_history       (OkStore              *self,
                                            OkCertificate        *certificate);

JsonObject     *ok_store_get_monitor_state (OkStore              *self,
                                            OkCertificate        *certificate);
const char     *ok_store_get_stamp_path    (OkStore              *self);

void            ok_store_log_pending_async (OkStore              *self,
                                            const char           *reference,
                                            OkEvent              *event,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        ok_store_log_pending_finish (OkStore             *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void            ok_store_take_pending_async (OkStore             *self,
                                            const char           *reference,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GPtrArray      *ok_store_take_pending_finish (OkStore            *self,
                                            GAsyncResult         *result,
                                            GError              **error);

void            ok_store_clear_pending_async (OkStore             *self,
                                            const char           *reference,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        ok_store_clear_pending_finish (OkStore           *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
