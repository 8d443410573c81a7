/* ok-event-row.h — one entry of a certificate's event log, expandable to its details
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-event.h"

G_BEGIN_DECLS

#define OK_TYPE_EVENT_ROW (ok_event_row_get_type ())

G_DECLARE_FINAL_TYPE (OkEventRow, ok_event_row, OK, EVENT_ROW, AdwPreferencesRow)

GtkWidget  *ok_event_row_new                (OkEvent     *event);
OkEvent    *ok_event_row_get_event          (OkEventRow  *self);
const char *ok_event_row_get_subtitle       (OkEventRow  *self);
gboolean    ok_event_row_get_expanded       (OkEventRow  *self);
void        ok_event_row_set_expanded       (OkEventRow  *self,
                                             gboolean     expanded);
const char *ok_event_type_get_display_name  (OkEventType  type);

G_END_DECLS
