/* ok-fact-row.h — one fact of a certificate in a boxed list: its name above its value
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OK_TYPE_FACT_ROW (ok_fact_row_get_type ())

G_DECLARE_FINAL_TYPE (OkFactRow, ok_fact_row, OK, FACT_ROW, AdwPreferencesRow)

OkFactRow  *ok_fact_row_new        (const char *title);
const char *ok_fact_row_get_title  (OkFactRow  *self);
void        ok_fact_row_set_title  (OkFactRow  *self,
                                    const char *title);
const char *ok_fact_row_get_value  (OkFactRow  *self);
void        ok_fact_row_set_value  (OkFactRow  *self,
                                    const char *value);
void        ok_fact_row_add_prefix (OkFactRow  *self,
                                    GtkWidget  *widget);
void        ok_fact_row_add_suffix (OkFactRow  *self,
                                    GtkWidget  *widget);

G_END_DECLS
