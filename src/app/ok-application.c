/* ok-application.c — the AdwApplication: app-wide actions and windows
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-application.h"
#include "ok-window.h"

struct _OkApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (OkApplication, ok_application, ADW_TYPE_APPLICATION)

static void
ok_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ok_window_new (OK_APPLICATION (app)));

  gtk_window_present (window);
}

static void
ok_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", ok_application_quit_action },
};

static void
ok_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (ok_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
ok_application_class_init (OkApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ok_application_activate;
  app_class->startup = ok_application_startup;
}

static void
ok_application_init (OkApplication *self)
{
}

OkApplication *
ok_application_new (void)
{
  return g_object_new (OK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/io/github/oceskeeper/OcesKeeper",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
