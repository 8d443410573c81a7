/* ok-store-entry.h — one certificate's folder in the store, read and written synchronously by
 * the store's I/O worker; not for use outside OkStore
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ok-certificate.h"

G_BEGIN_DECLS

#define OK_STORE_ENTRY_METADATA    "metadata.json"
#define OK_STORE_ENTRY_CERTIFICATE "certificate.pem"
#define OK_STORE_ENTRY_CHAIN       "chain.pem"
#define OK_STORE_ENTRY_KEY         "key.p8"

/* What the store remembers about an entry besides the certificate object itself. */
typedef struct
{
  char       *dir;        /* certificates/<id> */
  char       *current;    /* the generation folder of the current certificate (its serial) */
  GStrv       history;    /* earlier generations, oldest first */
  JsonObject *state;      /* the monitor's bookkeeping, kept verbatim */
} OkStoreRecord;

OkStoreRecord  *ok_store_record_new                  (const char        *dir,
                                                      const char        *current);
OkStoreRecord  *ok_store_record_copy                 (const OkStoreRecord *record);
void            ok_store_record_free                 (OkStoreRecord     *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkStoreRecord, ok_store_record_free)

char           *ok_store_entry_build_metadata        (OkCertificate     *certificate,
                                                      const OkStoreRecord *record);
GHashTable     *ok_store_entry_new_chain_cache       (void);
OkCertificate  *ok_store_entry_read                  (const char        *dir,
                                                      GHashTable        *chains,
                                                      OkStoreRecord    **record,
                                                      GError           **error);
gboolean        ok_store_entry_write_generation      (const char        *dir,
                                                      const char        *generation,
                                                      OkCertificate     *certificate,
                                                      GPtrArray         *chain,
                                                      GBytes            *encrypted_key,
                                                      GError           **error);
gboolean        ok_store_entry_write_metadata        (const char        *dir,
                                                      const char        *metadata,
                                                      GError           **error);
void            ok_store_entry_clean                 (const OkStoreRecord *record);

G_END_DECLS
