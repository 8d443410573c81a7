/* ok-renewal-panel.h — the detail page's renewal status: progress while renewing, the error with
 * what to do about it, or why this certificate cannot be renewed
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-certificate.h"
#include "ok-renewal.h"

G_BEGIN_DECLS

#define OK_TYPE_RENEWAL_PANEL (ok_renewal_panel_get_type ())

G_DECLARE_FINAL_TYPE (OkRenewalPanel, ok_renewal_panel, OK, RENEWAL_PANEL, AdwBin)

GtkWidget *ok_renewal_panel_new    (void);
void       ok_renewal_panel_update (OkRenewalPanel *self,
                                    OkCertificate  *certificate,
                                    OkRenewal      *renewal,
                                    gint64          now);

G_END_DECLS
