/* ok-grid-row.c — a row of a boxed list with a title and a subtitle, laid out by a grid
 *
 * It looks and behaves like an AdwActionRow (an AdwPreferencesRow, so that
 * AdwPreferencesGroup puts it in its boxed list; its title is the row's), but lays out through
 * a grid. GTK 4.8's box layout finds a row's height for a width by searching over heights, and
 * each step lays out every wrapping label of the row again, itself with a search over widths:
 * the certificate page's twenty such rows took most of the window's first frame. A grid asks
 * each label once for its width and once for its height at that width.
 *
 * A "fact" row (the "property" style of AdwActionRow) shows its title small above the value
 * in its subtitle. In a template, <child type="prefix"> and <child type="suffix"> add widgets
 * before and after the text.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-grid-row.h"

/* A wrapping label's minimum width is its text laid out as narrow as it goes: without a width
 * to start from, GTK lays it out at width 0, one line (and one shaping) per character. */
#define MIN_WIDTH_CHARS 12

enum {
  COLUMN_PREFIX,
  COLUMN_TEXT,
  COLUMN_SUFFIX,
};

struct _OkGridRow
{
  AdwPreferencesRow  parent_instance;

  GtkLabel          *title_label;
  GtkLabel          *subtitle_label;
  GtkBox            *prefixes;
  GtkBox            *suffixes;
  GtkWidget         *activatable_widget;
  GtkWidget         *list_box;
  gboolean           fact;
};

static void ok_grid_row_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OkGridRow, ok_grid_row, ADW_TYPE_PREFERENCES_ROW,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, ok_grid_row_buildable_init))

enum {
  PROP_0,
  PROP_SUBTITLE,
  PROP_FACT,
  PROP_ACTIVATABLE_WIDGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkBuildableIface *parent_buildable_iface;

static GtkLabel *
new_label (GtkGrid *grid,
           int      row)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), MIN_WIDTH_CHARS);
  gtk_widget_set_hexpand (label, TRUE);
  /* A grid gives height its rows do not ask for to rows that expand, and only to those: the
   * title and subtitle meet in the middle; a title alone is in the middle (see set_subtitle). */
  gtk_widget_set_vexpand (label, TRUE);
  gtk_widget_set_valign (label, row == 0 ? GTK_ALIGN_CENTER : GTK_ALIGN_START);
  gtk_grid_attach (grid, label, COLUMN_TEXT, row, 1, 1);
  return GTK_LABEL (label);
}

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

/* The title is AdwPreferencesRow's, which is also what the row is called for screen readers. */
static void
title_changed (OkGridRow *self)
{
  AdwPreferencesRow *row = ADW_PREFERENCES_ROW (self);

  if (adw_preferences_row_get_use_underline (row))
    gtk_label_set_text_with_mnemonic (self->title_label, adw_preferences_row_get_title (row));
  else
    gtk_label_set_text (self->title_label, adw_preferences_row_get_title (row));
}

/* A click on a row reaches the list box, not the row; Return on it reaches both. */
static void
row_activated (GtkListBox    *list_box,
               GtkListBoxRow *row,
               OkGridRow     *self)
{
  if (row == GTK_LIST_BOX_ROW (self) && self->activatable_widget != NULL)
    gtk_widget_mnemonic_activate (self->activatable_widget, FALSE);
}

static void
parent_changed (OkGridRow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (self->list_box != NULL)
    g_signal_handlers_disconnect_by_func (self->list_box, row_activated, self);
  g_set_weak_pointer (&self->list_box, GTK_IS_LIST_BOX (parent) ? parent : NULL);
  if (self->list_box != NULL)
    g_signal_connect (self->list_box, "row-activated", G_CALLBACK (row_activated), self);
}

static void
ok_grid_row_buildable_add_child (GtkBuildable *buildable,
                                 GtkBuilder   *builder,
                                 GObject      *child,
                                 const char   *type)
{
  OkGridRow *self = OK_GRID_ROW (buildable);

  if (g_strcmp0 (type, "prefix") == 0)
    ok_grid_row_add_prefix (self, GTK_WIDGET (child));
  else if (g_strcmp0 (type, "suffix") == 0)
    ok_grid_row_add_suffix (self, GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
ok_grid_row_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = ok_grid_row_buildable_add_child;
}

static void
ok_grid_row_constructed (GObject *object)
{
  OkGridRow *self = OK_GRID_ROW (object);
  GtkWidget *title = GTK_WIDGET (self->title_label);
  GtkWidget *subtitle = GTK_WIDGET (self->subtitle_label);

  G_OBJECT_CLASS (ok_grid_row_parent_class)->constructed (object);

  /* AdwActionRow's look: libadwaita styles a row's "subtitle" label; a fact row's value is
   * plain text under a small, dim title. */
  if (self->fact)
    {
      gtk_widget_add_css_class (title, "caption");
      gtk_widget_add_css_class (title, "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (title, "title");
      gtk_widget_add_css_class (subtitle, "subtitle");
    }
}

static void
ok_grid_row_dispose (GObject *object)
{
  OkGridRow *self = OK_GRID_ROW (object);

  g_clear_weak_pointer (&self->activatable_widget);
  if (self->list_box != NULL)
    g_signal_handlers_disconnect_by_func (self->list_box, row_activated, self);
  g_clear_weak_pointer (&self->list_box);

  G_OBJECT_CLASS (ok_grid_row_parent_class)->dispose (object);
}

static void
ok_grid_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OkGridRow *self = OK_GRID_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, ok_grid_row_get_subtitle (self));
      break;
    case PROP_FACT:
      g_value_set_boolean (value, self->fact);
      break;
    case PROP_ACTIVATABLE_WIDGET:
      g_value_set_object (value, self->activatable_widget);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_grid_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  OkGridRow *self = OK_GRID_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      ok_grid_row_set_subtitle (self, g_value_get_string (value));
      break;
    case PROP_FACT:
      self->fact = g_value_get_boolean (value);
      break;
    case PROP_ACTIVATABLE_WIDGET:
      ok_grid_row_set_activatable_widget (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_grid_row_class_init (OkGridRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ok_grid_row_constructed;
  object_class->dispose = ok_grid_row_dispose;
  object_class->get_property = ok_grid_row_get_property;
  object_class->set_property = ok_grid_row_set_property;

  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FACT] =
    g_param_spec_boolean ("fact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVATABLE_WIDGET] =
    g_param_spec_object ("activatable-widget", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ok_grid_row_init (OkGridRow *self)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_widget_set_margin_top (grid, 8);
  gtk_widget_set_margin_bottom (grid, 8);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  /* AdwActionRow's height, so that rows with and without a subtitle or a button line up. The
   * text rows share out the height the grid has to spare (see new_label()); that stays in the
   * grid, which would otherwise pass it on up to the list and the page. */
  gtk_widget_set_size_request (grid, -1, 34);
  gtk_widget_set_vexpand (grid, FALSE);

  self->title_label = new_label (GTK_GRID (grid), 0);
  self->subtitle_label = new_label (GTK_GRID (grid), 1);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
  self->prefixes = new_end_box (GTK_GRID (grid), COLUMN_PREFIX);
  self->suffixes = new_end_box (GTK_GRID (grid), COLUMN_SUFFIX);

  /* Titles and subtitles come from certificates and may hold "&" or "<": never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), grid);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title_label, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->subtitle_label, NULL,
                                  -1);

  g_signal_connect (self, "notify::title", G_CALLBACK (title_changed), NULL);
  g_signal_connect (self, "notify::use-underline", G_CALLBACK (title_changed), NULL);
  g_signal_connect (self, "notify::parent", G_CALLBACK (parent_changed), NULL);
}

OkGridRow *
ok_grid_row_new (const char *title)
{
  return g_object_new (OK_TYPE_GRID_ROW, "title", title, NULL);
}

/**
 * ok_grid_row_new_fact:
 * @title: what the value in the subtitle is
 *
 * A row in AdwActionRow's "property" style: the title small, above the value.
 */
OkGridRow *
ok_grid_row_new_fact (const char *title)
{
  return g_object_new (OK_TYPE_GRID_ROW, "fact", TRUE, "title", title, NULL);
}

const char *
ok_grid_row_get_subtitle (OkGridRow *self)
{
  g_return_val_if_fail (OK_IS_GRID_ROW (self), NULL);

  return gtk_label_get_text (self->subtitle_label);
}

/* As AdwActionRow does, an empty subtitle takes no room. */
void
ok_grid_row_set_subtitle (OkGridRow  *self,
                          const char *subtitle)
{
  g_return_if_fail (OK_IS_GRID_ROW (self));

  if (g_strcmp0 (subtitle != NULL ? subtitle : "", ok_grid_row_get_subtitle (self)) == 0)
    return;

  gtk_label_set_text (self->subtitle_label, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle != NULL && *subtitle != '\0');
  gtk_widget_set_valign (GTK_WIDGET (self->title_label),
                         subtitle != NULL && *subtitle != '\0' ? GTK_ALIGN_END : GTK_ALIGN_CENTER);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

/**
 * ok_grid_row_set_activatable_widget:
 * @widget: (nullable): what a click on the row, or its mnemonic, activates
 */
void
ok_grid_row_set_activatable_widget (OkGridRow *self,
                                    GtkWidget *widget)
{
  g_return_if_fail (OK_IS_GRID_ROW (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  if (!g_set_weak_pointer (&self->activatable_widget, widget))
    return;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), widget != NULL);
  gtk_label_set_mnemonic_widget (self->title_label, widget);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVATABLE_WIDGET]);
}

void
ok_grid_row_add_prefix (OkGridRow *self,
                        GtkWidget *widget)
{
  g_return_if_fail (OK_IS_GRID_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (self->prefixes, widget);
  gtk_widget_set_visible (GTK_WIDGET (self->prefixes), TRUE);
}

void
ok_grid_row_add_suffix (OkGridRow *self,
                        GtkWidget *widget)
{
  g_return_if_fail (OK_IS_GRID_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (self->suffixes, widget);
  gtk_widget_set_visible (GTK_WIDGET (self->suffixes), TRUE);
}
