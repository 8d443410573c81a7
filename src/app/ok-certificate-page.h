/* ok-certificate-page.h — the detail pane: one certificate's state, renewal, settings, facts and
 * event log
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-renewal.h"
#include "ok-store.h"

G_BEGIN_DECLS

#define OK_TYPE_CERTIFICATE_PAGE (ok_certificate_page_get_type ())

G_DECLARE_FINAL_TYPE (OkCertificatePage, ok_certificate_page, OK, CERTIFICATE_PAGE, AdwBin)

GtkWidget     *ok_certificate_page_new                     (void);
void           ok_certificate_page_set_store               (OkCertificatePage *self,
                                                            OkStore           *store);
void           ok_certificate_page_show                    (OkCertificatePage *self,
                                                            const char        *certificate_id,
                                                            OkRenewal         *renewal);
const char    *ok_certificate_page_get_certificate_id      (OkCertificatePage *self);
OkCertificate *ok_certificate_page_get_certificate         (OkCertificatePage *self);
gboolean       ok_certificate_page_get_can_renew           (OkCertificatePage *self);
void           ok_certificate_page_set_default_window_days (OkCertificatePage *self,
                                                            guint              days);
void           ok_certificate_page_set_folded              (OkCertificatePage *self,
                                                            gboolean           folded);
void           ok_certificate_page_refresh                 (OkCertificatePage *self);

G_END_DECLS
