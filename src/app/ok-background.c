/* ok-background.c — "Run in Background": start the monitor at login and now, or stop doing so
 *
 * Outside Flatpak the login start is a copy of the installed autostart entry in
 * ~/.config/autostart/<APP_ID>.desktop; inside Flatpak the Background portal keeps it. Either
 * way the entry runs `oces-keeper --background`, which execs the monitor (main.c) before any
 * GTK is initialised. Switching off removes the entry; the running monitor sees the setting
 * change and quits by itself.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libportal-gtk4/portal-gtk4.h>
#include <unistd.h>

#include "ok-background.h"
#include "ok-toast.h"

#define AUTOSTART_TEMPLATE "oces-keeper/" APP_ID "-autostart.desktop"

static gboolean
in_flatpak (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* The monitor program: $OK_MONITOR when running from the build tree, else the installed one. */
static const char *
monitor_path (void)
{
  const char *override = g_getenv ("OK_MONITOR");

  return override != NULL && *override != '\0' ? override : LIBEXECDIR "/oces-keeper-monitor";
}

/**
 * ok_background_exec_monitor:
 *
 * Replaces this process with the monitor; called for `oces-keeper --background` before GTK
 * starts, so that the process that waits all day carries no toolkit.
 */
void
ok_background_exec_monitor (void)
{
  const char *path = monitor_path ();

  execl (path, path, (char *) NULL);
  /* Translators: %s is a program's path, the second %s why it could not be started */
  g_printerr (_("Could not start the background monitor %s: %s\n"), path, g_strerror (errno));
  _exit (1);
}

char *
ok_background_dup_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

/* The installed entry (data/…-autostart.desktop); a minimal equal one when running uninstalled. */
static char *
dup_autostart_entry (void)
{
  const char * const *dirs = g_get_system_data_dirs ();
  char *contents = NULL;

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], AUTOSTART_TEMPLATE, NULL);

      if (g_file_get_contents (path, &contents, NULL, NULL))
        return contents;
    }

  return g_strdup ("[Desktop Entry]\n"
                   "Type=Application\n"
                   "Name=OCES Keeper\n"
                   "Exec=" OK_BACKGROUND_COMMAND "\n"
                   "Icon=" APP_ID "\n"
                   "Terminal=false\n"
                   "NoDisplay=true\n"
                   "X-GNOME-Autostart-enabled=true\n");
}

static void
set_autostart_entry (gboolean enabled)
{
  g_autofree char *path = ok_background_dup_autostart_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *entry = NULL;
  g_autoptr(GError) error = NULL;

  if (!enabled)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not remove %s: %s", path, g_strerror (errno));
      return;
    }

  entry = dup_autostart_entry ();
  if (g_mkdir_with_parents (folder, 0700) != 0)
    g_warning ("Could not make %s: %s", folder, g_strerror (errno));
  else if (!g_file_set_contents_full (path, entry, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    g_warning ("Could not write %s: %s", path, error->message);
}

static void
background_requested (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Refused or cancelled by the user: the switch stays on, reminders still run while the
   * session lasts, only the login start is missing. */
  if (!xdp_portal_request_background_finish (XDP_PORTAL (object), result, &error))
    g_warning ("The Background portal refused to start OCES Keeper at login: %s", error->message);
}

static void
request_portal_autostart (gboolean   enabled,
                          GtkWindow *parent)
{
  g_autoptr(XdpPortal) portal = xdp_portal_new ();
  g_autoptr(XdpParent) xdp_parent = parent != NULL ? xdp_parent_new_gtk (parent) : NULL;
  g_autoptr(GPtrArray) commandline = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *reason = g_strdup (_("OCES Keeper reminds you of expiring certificates and renews them while no window is open."));

  g_ptr_array_add (commandline, g_strdup ("oces-keeper"));
  g_ptr_array_add (commandline, g_strdup ("--background"));
  xdp_portal_request_background (portal, xdp_parent, reason, commandline,
                                 enabled ? XDP_BACKGROUND_FLAG_AUTOSTART : XDP_BACKGROUND_FLAG_NONE,
                                 NULL, background_requested, NULL);
}

static void
start_monitor_now (void)
{
  const char *argv[] = { monitor_path (), NULL };
  g_autoptr(GError) error = NULL;

  /* A monitor that is already running makes this one exit at once. It outlives this window,
   * so it must not keep our terminal or the pipes of whoever started us open; started at the
   * next login its messages go to the session's journal. */
  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, &error))
    g_warning ("Could not start the background monitor: %s", error->message);
}

/**
 * ok_background_apply:
 * @parent: (nullable): the window the portal's question belongs to
 *
 * Starts the monitor at every login from now on, and now, or stops starting it.
 */
void
ok_background_apply (gboolean   enabled,
                     GtkWindow *parent)
{
  if (in_flatpak ())
    request_portal_autostart (enabled, parent);
  else
    set_autostart_entry (enabled);

  if (enabled)
    start_monitor_now ();
}

static void
run_in_background_changed (GSettings  *settings,
                           const char *key,
                           gpointer    user_data)
{
  ok_background_apply (g_settings_get_boolean (settings, key), GTK_WINDOW (user_data));
}

/**
 * ok_background_watch:
 * @settings: the app's settings
 * @parent: the window whose switch changes the setting, for the portal's question
 *
 * Applies every change of `run-in-background` while @parent is open.
 */
void
ok_background_watch (GSettings *settings,
                     GtkWindow *parent)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (GTK_IS_WINDOW (parent));

  g_signal_connect_object (settings, "changed::run-in-background",
                           G_CALLBACK (run_in_background_changed), parent, 0);
}

/**
 * ok_background_turn_on_first_time:
 * @settings: the app's settings
 * @parent: the main window, for the portal's question and the toast
 *
 * Reminders are on out of the box: the first time the window has certificates to watch, this
 * turns "Run in Background" on, registers the login start and starts the monitor now, and says
 * so in a toast with a way to Preferences. The schema default of `run-in-background` stays
 * false: it says whether the login start is registered, and nothing registers it before there
 * is a certificate. A user value of false (someone switched it off) is left alone, and so is
 * every later launch, since from then on the key has a user value.
 *
 * Returns: whether it turned the monitor on now
 */
gboolean
ok_background_turn_on_first_time (GSettings *settings,
                                  GtkWindow *parent)
{
  g_autoptr(GVariant) chosen = NULL;
  AdwToastOverlay *overlay;
  AdwToast *toast;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (GTK_IS_WINDOW (parent), FALSE);

  /* The app tests start many windows with certificates in one session; each would start a
   * monitor of its own. Only the tests of this step unset it. */
  if (g_getenv ("OK_TEST_NO_FIRST_RUN") != NULL)
    return FALSE;

  chosen = g_settings_get_user_value (settings, "run-in-background");
  if (chosen != NULL)
    return FALSE;

  g_settings_set_boolean (settings, "run-in-background", TRUE);
  ok_background_apply (TRUE, parent);

  overlay = ok_toast_find_overlay (parent);
  if (overlay == NULL)
    return TRUE;
  toast = ok_toast_new_literal (_("Reminders are on: OCES Keeper watches your certificates in the background."));
  adw_toast_set_button_label (toast, _("Preferences"));
  adw_toast_set_action_name (toast, "app.preferences");
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (overlay, toast);

  return TRUE;
}
