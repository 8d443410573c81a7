/* ok-grid-row.h — a row of a boxed list with a title and a subtitle, laid out by a grid
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OK_TYPE_GRID_ROW (ok_grid_row_get_type ())

G_DECLARE_FINAL_TYPE (OkGridRow, ok_grid_row, OK, GRID_ROW, AdwPreferencesRow)

OkGridRow  *ok_grid_row_new                   (const char *title);
OkGridRow  *ok_grid_row_new_fact              (const char *title);
const char *ok_grid_row_get_subtitle          (OkGridRow  *self);
void        ok_grid_row_set_subtitle          (OkGridRow  *self,
                                               const char *subtitle);
void        ok_grid_row_set_activatable_widget (OkGridRow *self,
                                               GtkWidget  *widget);
void        ok_grid_row_add_prefix            (OkGridRow  *self,
                                               GtkWidget  *widget);
void        ok_grid_row_add_suffix            (OkGridRow  *self,
                                               GtkWidget  *widget);

G_END_DECLS
