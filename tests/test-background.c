/* test-background.c — the "Run in Background" setting: turning it on installs the login start
 * (a copy of the built autostart entry) and starts the real monitor; turning it off removes
 * the entry
 *
 * Usage: test-background AUTOSTART_ENTRY  (the built data/…-autostart.desktop)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <unistd.h>

#include "ok-background.h"
#include "ok-keys-test-util.h"
#include "ok-monitor.h"

static char *built_entry;

/* The PID of the monitor that owns its bus name, or 0. */
static guint32
monitor_pid (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autofree char *name = ok_monitor_dup_bus_name ();
  g_autoptr(GVariant) reply = NULL;
  guint32 pid = 0;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(u)"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(u)", &pid);

  return pid;
}

static guint32
wait_for_monitor (gboolean running)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  guint32 pid;

  while ((pid = monitor_pid ()) == 0 && running && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  while ((pid = monitor_pid ()) != 0 && !running && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);

  return pid;
}

static void
test_switch (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *path = ok_background_dup_autostart_path ();
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;
  GtkWidget *window = gtk_window_new ();
  guint32 pid;

  g_assert_true (g_str_has_prefix (path, g_get_user_config_dir ()));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (monitor_pid (), ==, 0);
  ok_background_watch (settings, GTK_WINDOW (window));

  /* On: the login start is the installed entry, byte for byte, and the monitor runs now. */
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_true (g_file_get_contents (built_entry, &expected, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  g_assert_true (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, OK_BACKGROUND_COMMAND);

  pid = wait_for_monitor (TRUE);
  g_assert_cmpuint (pid, !=, 0);

  /* Off: no login start any more. (The running monitor quits on the same settings change in a
   * real session; the memory backend of the tests does not reach other processes.) */
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (kill ((pid_t) pid, SIGTERM), ==, 0);
  g_assert_cmpuint (wait_for_monitor (FALSE), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Reminders are on out of the box: the first window with certificates turns the monitor on,
 * registers it for login and starts it now, once; a user's "off" is never overridden. */
static void
test_first_run (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *path = ok_background_dup_autostart_path ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  guint32 pid;

  gtk_window_set_child (GTK_WINDOW (window), overlay);
  g_unsetenv ("OK_TEST_NO_FIRST_RUN");

  /* Someone switched it off: the first window leaves it off. */
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_false (ok_background_turn_on_first_time (settings, GTK_WINDOW (window)));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (monitor_pid (), ==, 0);

  /* Never chosen: on, registered, running now. */
  g_settings_reset (settings, "run-in-background");
  g_assert_false (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_true (ok_background_turn_on_first_time (settings, GTK_WINDOW (window)));
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  pid = wait_for_monitor (TRUE);
  g_assert_cmpuint (pid, !=, 0);

  /* Only once: a later launch does nothing, whatever the user does in between. */
  g_assert_false (ok_background_turn_on_first_time (settings, GTK_WINDOW (window)));
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_false (ok_background_turn_on_first_time (settings, GTK_WINDOW (window)));

  g_assert_cmpint (kill ((pid_t) pid, SIGTERM), ==, 0);
  g_assert_cmpuint (wait_for_monitor (FALSE), ==, 0);
  g_assert_cmpint (g_unlink (path), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dirs = NULL;
  g_autofree char *data = okt_make_tmpdir ();
  g_autofree char *store = okt_make_tmpdir ();
  g_autofree char *config = okt_make_tmpdir ();
  g_autofree char *templates = g_build_filename (data, "oces-keeper", NULL);
  g_autofree char *template = g_build_filename (templates, APP_ID "-autostart.desktop", NULL);
  int status;

  for (int i = 1; i < argc && built_entry == NULL; i++)
    if (g_str_has_suffix (argv[i], ".desktop"))
      built_entry = g_canonicalize_filename (argv[i], NULL);
  g_assert_nonnull (built_entry);

  /* Installed-like: the built entry where the installed one would be; a throwaway store for
   * the monitor this test starts. */
  g_assert_cmpint (g_mkdir_with_parents (templates, 0700), ==, 0);
  g_assert_cmpint (symlink (built_entry, template), ==, 0);
  data_dirs = g_strconcat (data, ":", g_getenv ("XDG_DATA_DIRS") != NULL ? g_getenv ("XDG_DATA_DIRS") : "/usr/share", NULL);
  g_setenv ("XDG_DATA_DIRS", data_dirs, TRUE);
  g_setenv ("OK_DATA_DIR", store, TRUE);
  /* A config folder of its own: the session's may hold a login entry another test left. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/background/switch", test_switch);
  g_test_add_func ("/background/first-run", test_first_run);
  status = g_test_run ();

  okt_remove_tree (data);
  okt_remove_tree (store);
  okt_remove_tree (config);
  return status;
}
