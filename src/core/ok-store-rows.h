/* ok-store-rows.h — reading and writing the store's rows; used by OkStore's I/O thread only
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ok-certificate.h"
#include "ok-store-db.h"

G_BEGIN_DECLS

/* What the store knows about an entry besides the certificate object itself. */
typedef struct
{
  char       *id;
  gint64      generation;   /* generations.id of the current certificate */
  gint64      revision;     /* bumped by every change of the entry, by any process */
  char       *sha256;       /* of the current certificate's DER */
  GStrv       history;      /* serials of earlier certificates, oldest first */
  JsonObject *state;        /* the monitor's bookkeeping, kept verbatim */
} OkStoreRecord;

OkStoreRecord *ok_store_record_copy          (const OkStoreRecord *record);
void           ok_store_record_free          (OkStoreRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkStoreRecord, ok_store_record_free)

/* The fields of an entry that ok_store_update_async() writes; see OkStoreFields. */
char          *ok_store_rows_sha256          (GBytes        *der);
char          *ok_store_rows_chain_pem       (GPtrArray     *chain);

GHashTable    *ok_store_rows_read_revisions  (OkStoreDb     *db,
                                              GError       **error);
gboolean       ok_store_rows_read            (OkStoreDb     *db,
                                              const char    *only_id,
                                              GPtrArray     *certificates,
                                              GPtrArray     *records,
                                              GPtrArray     *problems,
                                              GError       **error);

gint64         ok_store_rows_insert_generation (OkStoreDb   *db,
                                              const char    *entry_id,
                                              OkCertificate *certificate,
                                              GBytes        *encrypted_key,
                                              const char    *key_secret,
                                              GError       **error);
gboolean       ok_store_rows_insert_entry    (OkStoreDb     *db,
                                              OkCertificate *certificate,
                                              gint64         generation,
                                              JsonObject    *state,
                                              gint64         created,
                                              GError       **error);
gboolean       ok_store_rows_insert_event    (OkStoreDb     *db,
                                              const char    *entry_id,
                                              OkEvent       *event,
                                              GError       **error);
gboolean       ok_store_rows_write_deploy_actions (OkStoreDb *db,
                                              const char    *entry_id,
                                              GPtrArray     *actions,
                                              GError       **error);
gboolean       ok_store_rows_touch           (OkStoreDb     *db,
                                              const char    *entry_id,
                                              GError       **error);
char          *ok_store_rows_find_owner      (OkStoreDb     *db,
                                              const char    *sha256);
gboolean       ok_store_rows_trim_events     (OkStoreDb     *db,
                                              const char    *entry_id,
                                              GError       **error);
gboolean       ok_store_rows_get_current     (OkStoreDb     *db,
                                              const char    *entry_id,
                                              gint64        *generation,
                                              char         **sha256,
                                              GError       **error);

G_END_DECLS
