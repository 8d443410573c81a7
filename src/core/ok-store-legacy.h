/* ok-store-legacy.h — reads the folder-per-entry store of earlier versions, for the migration
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ok-certificate.h"

G_BEGIN_DECLS

#define OK_STORE_LEGACY_FORMAT_VERSION 1
#define OK_STORE_LEGACY_METADATA    "metadata.json"
#define OK_STORE_LEGACY_CERTIFICATE "certificate.pem"
#define OK_STORE_LEGACY_KEY         "key.p8"

/* What an old entry's metadata.json says besides the certificate object itself. */
typedef struct
{
  char       *dir;        /* certificates/<id> */
  char       *current;    /* the generation folder of the current certificate (its serial) */
  GStrv       history;    /* earlier generations, oldest first */
  JsonObject *state;      /* the monitor's bookkeeping */
} OkLegacyRecord;

void            ok_legacy_record_free            (OkLegacyRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkLegacyRecord, ok_legacy_record_free)

GHashTable     *ok_store_legacy_new_chain_cache  (void);
OkCertificate  *ok_store_legacy_read             (const char      *dir,
                                                  GHashTable      *chains,
                                                  OkLegacyRecord **record,
                                                  GError         **error);

G_END_DECLS
