/* ok-window.c — the main window
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-window.h"

struct _OkWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (OkWindow, ok_window, ADW_TYPE_APPLICATION_WINDOW)

static void
ok_window_class_init (OkWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/oceskeeper/OcesKeeper/ok-window.ui");
}

static void
ok_window_init (OkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OkWindow *
ok_window_new (OkApplication *application)
{
  return g_object_new (OK_TYPE_WINDOW, "application", application, NULL);
}
