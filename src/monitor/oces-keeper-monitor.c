/* oces-keeper-monitor.c — the background monitor: an OkMonitor of the user's store in a
 * GApplication that sends the notifications and forwards their clicks to the GUI
 *
 * Started at login by `oces-keeper --background` (which execs this program before any GTK is
 * loaded). It waits for days at a time, so it holds no certificates: each pass is made by
 * `oces-keeper-cli monitor --once --json-lines` (OK_CLI overrides the path, for the build tree),
 * and this process sends what that reports. The GApplication has the APP_ID but is
 * NON_UNIQUE, so that notifications belong to the app without taking the GUI's bus name; one
 * monitor per store is ensured by owning APP_ID.Monitor (ok_monitor_dup_bus_name()) instead.
 * See ok-monitor.h for how a click on a notification reaches the GUI.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>

#include "ok-monitor.h"
#include "ok-monitor-private.h"

typedef struct
{
  OkMonitor    *monitor;
  GSettings    *settings;
} Service;

static char *
object_path_for (const char *application_id)
{
  char *path = g_strconcat ("/", application_id, NULL);

  g_strdelimit (path, ".", '/');
  g_strdelimit (path, "-", '_');
  return path;
}

static void
action_forwarded (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GApplication) application = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    g_warning ("Could not open OCES Keeper: %s", error->message);

  g_application_release (application);
}

/* A click on a notification, delivered here by servers that answer the sender only: hand it
 * on to the GUI, which D-Bus starts when it is not running. */
static void
forward_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *application = user_data;
  GDBusConnection *bus = g_application_get_dbus_connection (application);
  g_autofree char *path = object_path_for (APP_ID);
  GVariantBuilder parameters;
  GVariantBuilder platform_data;

  if (bus == NULL)
    return;

  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  if (parameter != NULL)
    g_variant_builder_add (&parameters, "v", parameter);
  g_variant_builder_init (&platform_data, G_VARIANT_TYPE_VARDICT);

  g_application_hold (application);
  g_dbus_connection_call (bus, APP_ID, path, "org.freedesktop.Application", "ActivateAction",
                          g_variant_new ("(sava{sv})", g_action_get_name (G_ACTION (action)),
                                         &parameters, &platform_data),
                          NULL, G_DBUS_CALL_FLAGS_NONE, 60 * 1000, NULL,
                          action_forwarded, g_object_ref (application));
}

/* A notice from `oces-keeper-cli monitor --once`, which exits before anyone clicks: sent from
 * here, where clicks are received and forwarded as for the monitor's own notices. */
static void
send_notice (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  Service *service = g_object_get_data (G_OBJECT (user_data), "ok-service");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(OkNotice) notice = NULL;
  g_autoptr(GError) error = NULL;

  if (service == NULL || service->monitor == NULL)
    return;
  if (json_parser_load_from_data (parser, g_variant_get_string (parameter, NULL), -1, &error))
    notice = ok_notice_new_from_json (json_parser_get_root (parser), &error);
  if (notice == NULL)
    {
      g_warning ("A notice handed to the monitor was not readable: %s", error->message);
      return;
    }

  ok_monitor_emit_notice (service->monitor, notice);
}

static const GActionEntry actions[] = {
  { OK_NOTICE_ACTION_SHOW, forward_action, "s" },
  { OK_NOTICE_ACTION_RENEW, forward_action, "s" },
  { OK_NOTICE_ACTION_DRAFT_IDM_LIGHT, forward_action, "s" },
  { OK_NOTICE_ACTION_SEND, send_notice, "s" },
};

/* Owning the monitor's bus name is how a second monitor of the same store (a second login
 * autostart, a manual start) learns that one is already running. */
static gboolean
claim_monitor_name (GApplication *application)
{
  GDBusConnection *bus = g_application_get_dbus_connection (application);
  g_autofree char *name = ok_monitor_dup_bus_name ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 answer = 0;

  if (bus == NULL)
    return TRUE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", name, 0x4 /* DBUS_NAME_FLAG_DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  if (reply == NULL)
    {
      g_warning ("Could not claim the monitor's bus name: %s", error->message);
      return TRUE;
    }

  g_variant_get (reply, "(u)", &answer);
  return answer == 1 /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */;
}

static gboolean
quit_on_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
run_in_background_changed (GSettings  *settings,
                           const char *key,
                           gpointer    user_data)
{
  /* Turning "Run in Background" off in Preferences ends the monitor too. */
  if (!g_settings_get_boolean (settings, key))
    g_application_quit (G_APPLICATION (user_data));
}

static GSettings *
dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)))
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

static char **
worker_argv (void)
{
  const char *cli = g_getenv ("OK_CLI");
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();

  g_strv_builder_add (argv, cli != NULL && *cli != '\0' ? cli : BINDIR "/oces-keeper-cli");
  g_strv_builder_add_many (argv, "monitor", "--once", "--json-lines", NULL);

  return g_strv_builder_end (argv);
}

static void
startup (GApplication *application,
         Service      *service)
{
  g_auto(GStrv) argv = NULL;

  if (!claim_monitor_name (application))
    {
      g_printerr ("%s\n", _("The OCES Keeper monitor is already running."));
      return;
    }

  g_application_hold (application);
  g_object_set_data (G_OBJECT (application), "ok-service", service);
  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), application);
  g_unix_signal_add (SIGTERM, quit_on_signal, application);
  g_unix_signal_add (SIGINT, quit_on_signal, application);

  service->settings = dup_settings ();
  if (service->settings != NULL)
    g_signal_connect_object (service->settings, "changed::run-in-background",
                             G_CALLBACK (run_in_background_changed), application, 0);

  argv = worker_argv ();
  service->monitor = ok_monitor_new_for_worker ((const char * const *) argv);
  ok_monitor_set_application (service->monitor, application);
  ok_monitor_start (service->monitor);
}

static void
activate (GApplication *application,
          Service      *service)
{
  /* A service: there is nothing to show. */
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OK_LOCALEDIR");
  g_autoptr(GApplication) application = NULL;
  Service service = { NULL };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("oces-keeper-monitor");
  g_set_application_name (_("OCES Keeper"));

  application = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "startup", G_CALLBACK (startup), &service);
  g_signal_connect (application, "activate", G_CALLBACK (activate), &service);

  status = g_application_run (application, argc, argv);

  g_clear_object (&service.monitor);
  g_clear_object (&service.settings);

  return status;
}
