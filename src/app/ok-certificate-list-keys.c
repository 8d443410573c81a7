/* ok-certificate-list-keys.c — the list's keyboard: the arrow keys pass over the headings
 *
 * Headings are items of the list (GTK 4.8 has no sections) and selectable, so that the view's
 * own keyboard handling reaches past them; landing on one, the selection goes on in the
 * direction the keys were going, to the nearest certificate.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-certificate-list-private.h"
#include "ok-group-header.h"

/* Gives the keyboard focus and the selection to the item at @position, as the arrow keys do. */
static void
move_focus_to (OkCertificateList *self,
               guint              position)
{
  GHashTableIter iter;
  gpointer list_item;

  gtk_single_selection_set_selected (self->selection, position);

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    if (gtk_list_item_get_position (list_item) == position)
      {
        gtk_widget_grab_focus (gtk_widget_get_parent (gtk_list_item_get_child (list_item)));
        break;
      }
}

/* Which way the keyboard moves; it does not say so when it lands on a heading. */
static gboolean
key_pressed_cb (OkCertificateList *self,
                guint              keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Up: case GDK_KEY_KP_Up:
    case GDK_KEY_Page_Up: case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Home: case GDK_KEY_KP_Home:
      self->moving_up = TRUE;
      break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down:
    case GDK_KEY_Page_Down: case GDK_KEY_KP_Page_Down:
    case GDK_KEY_End: case GDK_KEY_KP_End:
      self->moving_up = FALSE;
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

/* The arrow keys (and Home, Page Up…) select as they move. Landing on a heading, they go on in
 * the direction they were going to the nearest certificate. */
static void
selection_changed_cb (OkCertificateList *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (!OK_IS_GROUP_HEADER (gtk_single_selection_get_selected_item (self->selection)))
    return;

  move_focus_to (self, self->moving_up && selected > 0 ? selected - 1 : selected + 1);
}

void
_ok_certificate_list_keys_init (OkCertificateList *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
}
