/* ok-imported.h — OkImported: what an imported file held (leaf, chain, optional key), or a key alone
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ok-key.h"

G_BEGIN_DECLS

typedef enum {
  OK_IMPORT_FORMAT_PKCS12,
  OK_IMPORT_FORMAT_PEM,
  OK_IMPORT_FORMAT_DER,
} OkImportFormat;

#define OK_TYPE_IMPORT_FORMAT (ok_import_format_get_type ())
GType ok_import_format_get_type (void);

#define OK_TYPE_IMPORTED (ok_imported_get_type ())

G_DECLARE_FINAL_TYPE (OkImported, ok_imported, OK, IMPORTED, GObject)

OkImported     *ok_imported_new             (GBytes         *certificate,
                                             GPtrArray      *chain,
                                             OkKey          *key,
                                             OkImportFormat  format);
OkImported     *ok_imported_new_for_key     (OkKey          *key,
                                             OkImportFormat  format);

GBytes         *ok_imported_get_certificate (OkImported     *self);
GPtrArray      *ok_imported_get_chain       (OkImported     *self);
OkKey          *ok_imported_get_key         (OkImported     *self);
OkImportFormat  ok_imported_get_format      (OkImported     *self);

G_END_DECLS
