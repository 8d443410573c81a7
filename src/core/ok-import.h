/* ok-import.h — reading PKCS#12, PEM and DER files into certificate + chain + optional key
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ok-imported.h"

G_BEGIN_DECLS

/* Larger files are refused before they are read: no certificate file comes near it. */
#define OK_IMPORT_MAX_SIZE (1024 * 1024)

#define OK_IMPORT_ERROR (ok_import_error_quark ())

typedef enum {
  OK_IMPORT_ERROR_NEEDS_PASSWORD,
  OK_IMPORT_ERROR_WRONG_PASSWORD,
  OK_IMPORT_ERROR_EMPTY,
  OK_IMPORT_ERROR_TRUNCATED,
  OK_IMPORT_ERROR_INVALID,
  OK_IMPORT_ERROR_NO_CERTIFICATE,
  OK_IMPORT_ERROR_KEY_MISMATCH,
  OK_IMPORT_ERROR_TOO_LARGE,
  OK_IMPORT_ERROR_AMBIGUOUS,      /* a renewal of several entries: the caller must say which */
  OK_IMPORT_ERROR_OLDER,          /* an older certificate of an entry */
  OK_IMPORT_ERROR_NOT_RENEWAL,    /* not a newer certificate of the entry it was said to renew */
  OK_IMPORT_ERROR_KEY_UNMATCHED,  /* a key file whose certificate is in no entry */
  OK_IMPORT_ERROR_KEY_AMBIGUOUS,  /* a key file whose certificate is in several entries without a key */
} OkImportError;

GQuark ok_import_error_quark (void);

OkImported     *ok_import_parse             (GBytes               *data,
                                             const char           *password,
                                             GError              **error);
OkImported     *ok_import_file              (GFile                *file,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GError              **error);
void            ok_import_file_async        (GFile                *file,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
OkImported     *ok_import_file_finish       (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
