/* ok-import-match.h — what an imported file is to the store: a new certificate, the key of a
 * monitored one, a renewal made elsewhere; and saving it as that
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-imported.h"
#include "ok-store.h"

G_BEGIN_DECLS

typedef enum
{
  OK_IMPORT_MATCH_NEW,                /* a certificate of its own: a new entry */
  OK_IMPORT_MATCH_DUPLICATE,          /* in the store already; the file adds nothing */
  OK_IMPORT_MATCH_KEY_ADDED,          /* in the store without its key, and the file has it */
  OK_IMPORT_MATCH_RENEWED_ELSEWHERE,  /* a newer certificate of exactly one entry */
  OK_IMPORT_MATCH_AMBIGUOUS,          /* a newer certificate of several entries: ask which */
  OK_IMPORT_MATCH_OLDER,              /* an older certificate of an entry */
  OK_IMPORT_MATCH_KEY_UNMATCHED,      /* a key file that belongs to no entry's certificate */
  OK_IMPORT_MATCH_KEY_AMBIGUOUS,      /* a key file for several entries without a key */
} OkImportMatch;

OkImportMatch  ok_import_match_find    (OkStore              *store,
                                        OkImported           *imported,
                                        GPtrArray           **entries);
gboolean       ok_import_match_renews  (OkCertificate        *entry,
                                        OkCertificate        *newer);

void           ok_import_match_save_async (OkStore           *store,
                                        OkImported           *imported,
                                        const char           *source,
                                        const char           *name,
                                        OkEnvironment         environment_override,
                                        OkCertificate        *renews,
                                        gboolean              as_new_entry,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
OkCertificate *ok_import_match_save_finish (OkStore          *store,
                                        GAsyncResult         *result,
                                        OkImportMatch        *outcome,
                                        GError              **error);

G_END_DECLS
