/* ok-reversed-list.h — a GListModel that shows another one back to front (newest event first)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OK_TYPE_REVERSED_LIST (ok_reversed_list_get_type ())

G_DECLARE_FINAL_TYPE (OkReversedList, ok_reversed_list, OK, REVERSED_LIST, GObject)

OkReversedList *ok_reversed_list_new       (GType           item_type);
GListModel     *ok_reversed_list_get_model (OkReversedList *self);
void            ok_reversed_list_set_model (OkReversedList *self,
                                            GListModel     *model,
                                            GEqualFunc      same);

G_END_DECLS
