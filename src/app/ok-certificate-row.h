/* ok-certificate-row.h — one certificate in the list: name, state badge and days left
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ok-certificate.h"

G_BEGIN_DECLS

#define OK_TYPE_CERTIFICATE_ROW (ok_certificate_row_get_type ())

G_DECLARE_FINAL_TYPE (OkCertificateRow, ok_certificate_row, OK, CERTIFICATE_ROW, GtkWidget)

GtkWidget     *ok_certificate_row_new             (void);
OkCertificate *ok_certificate_row_get_certificate (OkCertificateRow *self);
void           ok_certificate_row_set_certificate (OkCertificateRow *self,
                                                   OkCertificate    *certificate);
void           ok_certificate_row_refresh         (OkCertificateRow *self,
                                                   gint64            now,
                                                   guint             default_window_days);

G_END_DECLS
