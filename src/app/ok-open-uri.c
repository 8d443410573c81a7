/* ok-open-uri.c — hands a URI (mailto:, https:) to the desktop: the portal inside Flatpak, the
 * default application outside it
 *
 * GTK 4.8 has no GtkUriLauncher, and gtk_show_uri() reports no failure; both paths here do, so
 * the caller can offer copying the text instead when no mail client is set up.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libportal-gtk4/portal-gtk4.h>

#include "ok-open-uri.h"

static gboolean
running_in_flatpak (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

static void
portal_open_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!xdp_portal_open_uri_finish (XDP_PORTAL (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
launch_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ok_open_uri_async:
 * @parent: (nullable): the window asking, for the portal's dialogs and focus handling
 * @uri: the URI to open
 */
void
ok_open_uri_async (GtkWindow           *parent,
                   const char          *uri,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (uri != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_open_uri_async);

  if (running_in_flatpak ())
    {
      g_autoptr(XdpPortal) portal = xdp_portal_new ();
      g_autoptr(XdpParent) xdp_parent = parent != NULL ? xdp_parent_new_gtk (parent) : NULL;

      /* The task keeps the portal object alive until its answer arrives. */
      g_task_set_task_data (task, g_object_ref (portal), g_object_unref);
      xdp_portal_open_uri (portal, xdp_parent, uri, XDP_OPEN_URI_FLAG_NONE, cancellable,
                           portal_open_done, g_steal_pointer (&task));
    }
  else
    {
      g_autoptr(GdkAppLaunchContext) context = NULL;

      if (parent != NULL)
        context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (parent)));
      g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), cancellable,
                                               launch_done, g_steal_pointer (&task));
    }
}

gboolean
ok_open_uri_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_open_uri_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
