/* ok-status-badge.h — the coloured pill that names a certificate's state
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ok-state.h"

G_BEGIN_DECLS

#define OK_TYPE_STATUS_BADGE (ok_status_badge_get_type ())

G_DECLARE_FINAL_TYPE (OkStatusBadge, ok_status_badge, OK, STATUS_BADGE, GtkWidget)

GtkWidget  *ok_status_badge_new        (void);
OkState     ok_status_badge_get_state  (OkStatusBadge *self);
void        ok_status_badge_set_state  (OkStatusBadge *self,
                                        OkState        state);
const char *ok_status_badge_get_text   (OkStatusBadge *self);

G_END_DECLS
