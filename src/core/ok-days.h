/* ok-days.h — the one place that decides how many days a certificate has left, and how dates
 * and that count are worded, for the window, the notifications and the CLI alike
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64  ok_days_left             (gint64 not_after,
                                  gint64 now);
char   *ok_days_describe_expiry  (gint64 not_after,
                                  gint64 now);
char   *ok_days_format_date      (gint64 unix_time);
char   *ok_days_format_date_time (gint64 unix_time);

G_END_DECLS
