/* ok-certificate-dialogs.h — the small questions the detail page asks: a new name, and whether
 * to really remove a certificate
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-store.h"

G_BEGIN_DECLS

void ok_certificate_rename_present         (GtkWidget     *from,
                                            OkStore       *store,
                                            OkCertificate *certificate);
void ok_certificate_confirm_remove_present (GtkWidget     *from,
                                            OkCertificate *certificate);

G_END_DECLS
