/* ok-format.h — how the window words dates and day counts, shared by the list and the detail page
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-certificate.h"

G_BEGIN_DECLS

char     *ok_format_date              (gint64         unix_time);
char     *ok_format_date_time         (gint64         unix_time);
char     *ok_format_expiry            (OkCertificate *certificate,
                                       gint64         now);
char     *ok_format_validity_caption  (OkCertificate *certificate,
                                       gint64         now);
char     *ok_format_group_title       (OkCertificate *certificate);
char     *ok_format_organisation_name (const char    *organisation,
                                       const char    *cvr);
char     *ok_format_group_key         (OkCertificate *certificate);
gboolean  ok_format_same_group        (OkCertificate *first,
                                       OkCertificate *second);
char     *ok_format_key               (OkCertificate *certificate);

G_END_DECLS
