/* ok-icon-preload.c — renders the icons that first appear while work runs, off the main thread
 *
 * GTK loads a themed icon's image when it is first drawn, on the main thread, in the middle of
 * a frame. For the spinner that the issue dialog, the export dialog and the renewal panel show
 * as soon as their work starts, that is librsvg rendering `process-working-symbolic.svg`:
 * 13 ms on an idle machine, 20–40 ms on a busy one, in the first frame of the work. GTK's
 * icon theme caches what it has looked up and loads each icon once, behind a lock of its own,
 * so looking the icon up here with the same size, scale and flags as the spinner's style does,
 * and drawing it once in a worker thread, leaves the spinner's first frame a cache hit.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-icon-preload.h"

/* The size GtkSpinner asks its style's -gtk-icontheme() image for. */
#define SPINNER_SIZE 16

/* Held for the process's life: the icon theme's cache keeps an icon only while it is used. */
static GPtrArray *preloaded;

static void
draw_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GdkPaintable *icon = task_data;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;

  gdk_paintable_snapshot (icon, GDK_SNAPSHOT (snapshot), SPINNER_SIZE, SPINNER_SIZE);
  node = gtk_snapshot_free_to_node (snapshot);
  g_clear_pointer (&node, gsk_render_node_unref);
  g_task_return_boolean (task, TRUE);
}

/**
 * ok_icon_preload_in_background:
 * @widget: a widget on the display, and at the scale, the icons will be shown at
 *
 * Looks up the spinner's icon and loads its image in a worker thread; returns at once. Later
 * calls do nothing.
 */
void
ok_icon_preload_in_background (GtkWidget *widget)
{
  GtkIconTheme *theme;
  g_autoptr(GTask) task = NULL;
  GtkIconPaintable *icon;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (preloaded != NULL)
    return;

  preloaded = g_ptr_array_new_with_free_func (g_object_unref);
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  icon = gtk_icon_theme_lookup_icon (theme, "process-working-symbolic", NULL, SPINNER_SIZE,
                                     gtk_widget_get_scale_factor (widget), GTK_TEXT_DIR_NONE, 0);
  g_ptr_array_add (preloaded, icon);

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, ok_icon_preload_in_background);
  g_task_set_task_data (task, g_object_ref (icon), g_object_unref);
  g_task_run_in_thread (task, draw_in_thread);
}
