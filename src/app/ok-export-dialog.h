/* ok-export-dialog.h — the dialog that exports a certificate as PKCS#12, PEM or encrypted key
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-store.h"

G_BEGIN_DECLS

#define OK_TYPE_EXPORT_DIALOG (ok_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OkExportDialog, ok_export_dialog, OK, EXPORT_DIALOG, AdwWindow)

void   ok_export_dialog_present             (GtkWindow      *parent,
                                             OkStore        *store,
                                             OkCertificate  *certificate);

GFile *ok_export_dialog_get_destination     (OkExportDialog *self);
void   ok_export_dialog_set_destination     (OkExportDialog *self,
                                             GFile          *destination);
char  *ok_export_dialog_dup_suggested_name  (OkExportDialog *self);

G_END_DECLS
