/* ok-fact-row.c — one fact of a certificate in a boxed list: its name above its value
 *
 * It looks like an AdwActionRow with the "property" style (an AdwPreferencesRow, so that
 * AdwPreferencesGroup puts it in its boxed list), but lays out through a grid. GTK
 * 4.8's box layout finds a row's height for a width by searching over heights, and each step
 * lays out every wrapping label of the row again, itself with a search over widths; the
 * certificate page's fifteen and more such rows took most of the window's first frame.
 * A grid asks each label once for its width and once for its height at that width.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-fact-row.h"

enum {
  COLUMN_PREFIX,
  COLUMN_TEXT,
  COLUMN_SUFFIX,
};

struct _OkFactRow
{
  AdwPreferencesRow parent_instance;

  GtkGrid       *grid;
  GtkLabel      *title_label;
  GtkLabel      *value_label;
  GtkBox        *prefixes;
  GtkBox        *suffixes;
};

G_DEFINE_FINAL_TYPE (OkFactRow, ok_fact_row, ADW_TYPE_PREFERENCES_ROW)

static GtkBox *
new_end_box (GtkGrid *grid,
             int      column)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (box, FALSE);
  gtk_grid_attach (grid, box, column, 0, 1, 2);
  return GTK_BOX (box);
}

static void
ok_fact_row_class_init (OkFactRowClass *klass)
{
}

static void
ok_fact_row_init (OkFactRow *self)
{
  GtkWidget *grid = gtk_grid_new ();

  self->grid = GTK_GRID (grid);
  gtk_grid_set_column_spacing (self->grid, 12);
  gtk_grid_set_row_spacing (self->grid, 2);
  gtk_widget_set_margin_top (grid, 8);
  gtk_widget_set_margin_bottom (grid, 8);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  /* AdwActionRow's height, so that rows with and without a button line up. */
  gtk_widget_set_size_request (grid, -1, 34);

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_wrap (self->title_label, TRUE);
  gtk_label_set_wrap_mode (self->title_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->title_label), GTK_ALIGN_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
  gtk_grid_attach (self->grid, GTK_WIDGET (self->title_label), COLUMN_TEXT, 0, 1, 1);

  self->value_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->value_label, 0);
  gtk_label_set_wrap (self->value_label, TRUE);
  gtk_label_set_wrap_mode (self->value_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_valign (GTK_WIDGET (self->value_label), GTK_ALIGN_START);
  gtk_widget_set_visible (GTK_WIDGET (self->value_label), FALSE);
  gtk_grid_attach (self->grid, GTK_WIDGET (self->value_label), COLUMN_TEXT, 1, 1, 1);

  self->prefixes = new_end_box (self->grid, COLUMN_PREFIX);
  self->suffixes = new_end_box (self->grid, COLUMN_SUFFIX);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), grid);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title_label, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->value_label, NULL,
                                  -1);
}

OkFactRow *
ok_fact_row_new (const char *title)
{
  OkFactRow *self = g_object_new (OK_TYPE_FACT_ROW, NULL);

  ok_fact_row_set_title (self, title);
  return self;
}

const char *
ok_fact_row_get_title (OkFactRow *self)
{
  g_return_val_if_fail (OK_IS_FACT_ROW (self), NULL);

  return gtk_label_get_text (self->title_label);
}

/* Titles and values come from certificates and may hold "&" or "<": they are never markup. */
void
ok_fact_row_set_title (OkFactRow  *self,
                       const char *title)
{
  g_return_if_fail (OK_IS_FACT_ROW (self));

  gtk_label_set_text (self->title_label, title != NULL ? title : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title != NULL ? title : "");
}

const char *
ok_fact_row_get_value (OkFactRow *self)
{
  g_return_val_if_fail (OK_IS_FACT_ROW (self), NULL);

  return gtk_label_get_text (self->value_label);
}

/* As AdwActionRow does with its subtitle, an empty value takes no room. */
void
ok_fact_row_set_value (OkFactRow  *self,
                       const char *value)
{
  g_return_if_fail (OK_IS_FACT_ROW (self));

  gtk_label_set_text (self->value_label, value != NULL ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (self->value_label), value != NULL && *value != '\0');
}

void
ok_fact_row_add_prefix (OkFactRow *self,
                        GtkWidget *widget)
{
  g_return_if_fail (OK_IS_FACT_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (self->prefixes, widget);
  gtk_widget_set_visible (GTK_WIDGET (self->prefixes), TRUE);
}

void
ok_fact_row_add_suffix (OkFactRow *self,
                        GtkWidget *widget)
{
  g_return_if_fail (OK_IS_FACT_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (self->suffixes, widget);
  gtk_widget_set_visible (GTK_WIDGET (self->suffixes), TRUE);
}
