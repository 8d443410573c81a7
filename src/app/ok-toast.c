/* ok-toast.c — toasts in whatever window asked for the work
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-toast.h"

static AdwToastOverlay *
find_overlay_below (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return ADW_TOAST_OVERLAY (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *found = find_overlay_below (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * ok_toast_find_overlay:
 * @window: (nullable): a window
 *
 * Returns: (transfer none) (nullable): the first toast overlay inside @window
 */
AdwToastOverlay *
ok_toast_find_overlay (GtkWindow *window)
{
  if (window == NULL)
    return NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  return find_overlay_below (GTK_WIDGET (window));
}

/**
 * ok_toast_new_literal:
 *
 * libadwaita 1.2 always reads a toast's title as Pango markup; file and certificate names must
 * not be taken for it.
 *
 * Returns: (transfer full): a toast showing @title as it is
 */
AdwToast *
ok_toast_new_literal (const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  return adw_toast_new (escaped);
}

/**
 * ok_toast_show:
 * @window: (nullable): the window to show it in
 * @toast: (transfer full): the toast
 *
 * Windows without a toast overlay get a small message dialog with the toast's title instead, so
 * the message is never lost.
 */
void
ok_toast_show (GtkWindow *window,
               AdwToast  *toast)
{
  AdwToastOverlay *overlay = ok_toast_find_overlay (window);
  g_autoptr(AdwToast) owned = toast;
  g_autofree char *text = NULL;
  GtkWidget *dialog;

  g_return_if_fail (ADW_IS_TOAST (toast));

  if (overlay != NULL)
    {
      /* The outcome of what the user just did matters more than an older toast still showing. */
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (overlay, g_steal_pointer (&owned));
      return;
    }

  if (!pango_parse_markup (adw_toast_get_title (toast), -1, 0, NULL, &text, NULL, NULL))
    text = g_strdup (adw_toast_get_title (toast));

  dialog = adw_message_dialog_new (window, text, NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
