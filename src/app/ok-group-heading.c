/* ok-group-heading.c — the heading the list shows above an organisation's certificates
 *
 * It is an item of the list view (GTK 4.8 has no sections), selectable only so that the
 * keyboard can pass over it (ok-certificate-list.c); a click on it does nothing.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-group-heading.h"

struct _OkGroupHeading
{
  GtkWidget  parent_instance;

  GtkWidget *label;
};

G_DEFINE_FINAL_TYPE (OkGroupHeading, ok_group_heading, GTK_TYPE_WIDGET)

static void
pressed_cb (GtkGestureClick *gesture)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
ok_group_heading_dispose (GObject *object)
{
  OkGroupHeading *self = OK_GROUP_HEADING (object);

  g_clear_pointer (&self->label, gtk_widget_unparent);

  G_OBJECT_CLASS (ok_group_heading_parent_class)->dispose (object);
}

static void
ok_group_heading_class_init (OkGroupHeadingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ok_group_heading_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_HEADING);
}

static void
ok_group_heading_init (OkGroupHeading *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  /* Measured from 12 characters up, not laid out at width 0 one character a line. */
  gtk_label_set_width_chars (GTK_LABEL (self->label), 12);
  gtk_widget_add_css_class (self->label, "caption-heading");
  gtk_widget_add_css_class (self->label, "dim-label");
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));

  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);

  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
ok_group_heading_new (void)
{
  return g_object_new (OK_TYPE_GROUP_HEADING, NULL);
}

const char *
ok_group_heading_get_title (OkGroupHeading *self)
{
  g_return_val_if_fail (OK_IS_GROUP_HEADING (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->label));
}

/**
 * ok_group_heading_set_title:
 * @first: whether it heads the list, which needs less space above it
 */
void
ok_group_heading_set_title (OkGroupHeading *self,
                            const char     *title,
                            gboolean        first)
{
  g_return_if_fail (OK_IS_GROUP_HEADING (self));

  gtk_label_set_text (GTK_LABEL (self->label), title);
  gtk_widget_set_margin_top (GTK_WIDGET (self), first ? 6 : 18);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}
