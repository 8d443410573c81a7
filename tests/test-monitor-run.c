/* test-monitor-run.c — the monitor as its users run it: `oces-keeper-cli monitor --once` at
 * fake dates (libfaketime) and against the reference CA, and the oces-keeper-monitor process
 * picking up an import and handing a click on its notification to the app. What the session's
 * notification server (dunst) receives is watched on the bus.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "ok-monitor-test-util.h"
#include "ok-test-ca.h"
#include "ok-test-cli.h"
#include "ok-test-dbus.h"

#define DAY  (24 * 60 * 60)
#define HOUR (60 * 60)

#define CA_PROFILE(ref, code, extra) \
  "{\"referenceNumber\":\"" ref "\",\"oneTimeCode\":\"" code "\",\"cvr\":\"12345678\"," \
  "\"organisation\":\"Firma A/S\",\"commonName\":\"Firma integration\",\"validityDays\":10" extra "}"

/* Renewable, and one whose renewal the CA refuses (IdM light not done). */
#define SCENARIO \
  "{\"profiles\":[" CA_PROFILE ("REF-MONITOR-0001", "1111-0001", "") "," \
  CA_PROFILE ("REF-MONITOR-0002", "1111-0002", ",\"renewalEnabled\":false") "]}"

typedef OkmFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  with_ca)
{
  okm_fixture_set_up (fixture, GPOINTER_TO_INT (with_ca) ? SCENARIO : NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  okm_fixture_tear_down (fixture);
}

/* `oces-keeper-cli ARGS…` with the clock of the whole process set to @when (unix seconds; 0
 * for the real time). */
static OktResult *
cli_at (Fixture    *fixture,
        gint64      when,
        const char *first,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) env = g_ptr_array_new ();
  va_list args;

  if (when != 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (when);

      g_ptr_array_add (argv, g_strdup ("faketime"));
      g_ptr_array_add (argv, g_strdup ("-f"));
      g_ptr_array_add (argv, g_date_time_format (time, "@%Y-%m-%d %H:%M:%S"));
    }
  g_ptr_array_add (argv, g_strdup (g_getenv ("OK_CLI")));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Only the wall clock moves; GLib's timeouts keep running on the real monotonic clock. */
  for (const char **pair = (const char *[]) { "OK_DATA_DIR", fixture->store, "LC_ALL", "C.UTF-8", "TZ", "UTC",
                                              "FAKETIME_DONT_FAKE_MONOTONIC", "1", NULL };
       *pair != NULL; pair += 2)
    {
      g_ptr_array_add (env, (gpointer) pair[0]);
      g_ptr_array_add (env, (gpointer) pair[1]);
    }
  for (guint i = 0; fixture->env[i] != NULL; i++)
    g_ptr_array_add (env, fixture->env[i]);
  g_ptr_array_add (env, NULL);

  return okt_run (NULL, (const char * const *) env->pdata, NULL, (const char * const *) argv->pdata);
}

/* Standard output as text, "" when there was none. */
static char *
stdout_of (OktResult *result)
{
  char *text = ok_test_cli_stdout (result);

  return text != NULL ? text : g_strdup ("");
}

static gint64
expiry_of (Fixture *fixture)
{
  g_autoptr(JsonNode) list = NULL;
  JsonObject *entry = okm_only_entry (fixture->store, &list);

  return json_object_get_int_member (json_object_get_object_member (entry, "certificate"), "not_after_unix");
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, utc);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

static gint64
next_renewal_attempt (Fixture *fixture)
{
  g_autoptr(OktResult) status = ok_test_cli (fixture->store, NULL, NULL, "status", "--json", NULL);
  g_autoptr(JsonNode) root = ok_test_cli_json (status);
  JsonObject *entry = json_array_get_object_element (json_node_get_array (root), 0);

  return parse_time (json_object_get_string_member (entry, "next_renewal_attempt"));
}

/* Nothing from @title_part arrives while the notification server is given a moment. */
static void
assert_no_notification (Fixture    *fixture,
                        const char *title_part)
{
  g_autoptr(GPtrArray) calls = ok_test_notifications_collect (fixture->watch, 500);

  for (guint i = 0; i < calls->len; i++)
    {
      OkTestNotify *notify = g_ptr_array_index (calls, i);

      if (strstr (notify->summary, title_part) != NULL)
        g_error ("unexpected notification: %s", notify->summary);
    }
}

static OkTestNotify *
expect_notification (Fixture    *fixture,
                     const char *title)
{
  OkTestNotify *notify = ok_test_notifications_wait (fixture->watch, title, 20);

  if (notify == NULL)
    g_error ("no notification “%s”", title);
  g_assert_cmpstr (notify->summary, ==, title);
  g_assert_cmpstr (notify->desktop_entry, ==, APP_ID);

  return notify;
}

/* ---- monitor --once at fake dates ------------------------------------------------------------ */

static void
assert_once_quiet (Fixture *fixture,
                   gint64   when)
{
  g_autoptr(OktResult) run = cli_at (fixture, when, "monitor", "--once", NULL);
  g_autofree char *out = stdout_of (run);

  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_cmpstr (out, ==, "");
  assert_no_notification (fixture, "Timed");
}

static OkTestNotify *
assert_once_notifies (Fixture    *fixture,
                      gint64      when,
                      const char *title)
{
  g_autoptr(OktResult) run = cli_at (fixture, when, "monitor", "--once", NULL);
  g_autofree char *out = stdout_of (run);
  g_autofree char *line = g_strdup_printf ("Notified: %s\n", title);

  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_cmpstr (out, ==, line);
  return expect_notification (fixture, title);
}

static void
test_once_at_fake_dates (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = okm_make_certificate (fixture->work, "timed", "Timed", 100, FALSE);
  g_autofree char *id = okm_import (fixture->store, path, "Timed");
  g_autofree char *open = g_strdup_printf ("app.show-certificate::%s", id);
  g_autoptr(OkTestNotify) first = NULL;
  g_autoptr(OkTestNotify) second = NULL;
  g_autoptr(OkTestNotify) expired = NULL;
  gint64 expiry = expiry_of (fixture);

  assert_once_quiet (fixture, expiry - 70 * DAY);

  first = assert_once_notifies (fixture, expiry - 59 * DAY, "“Timed” expires in 59 days");
  g_assert_cmpint (first->urgency, ==, 1);
  /* No monitor runs to receive clicks once this process has exited: no buttons that would do
   * nothing, only the click on the notification itself. */
  g_assert_true (ok_test_notify_has_action (first, "default", ""));
  g_assert_false (ok_test_notify_has_action (first, open, "Open"));
  g_assert_cmpuint (g_strv_length (first->actions), ==, 2);
  g_assert_nonnull (strstr (first->body, "does not hold its private key"));
  assert_once_quiet (fixture, expiry - 58 * DAY);
  assert_once_quiet (fixture, expiry - 31 * DAY);

  second = assert_once_notifies (fixture, expiry - 29 * DAY, "“Timed” expires in 29 days");
  assert_once_quiet (fixture, expiry - 28 * DAY);

  /* Days later, one reminder for where things stand, not one for each day passed. */
  expired = assert_once_notifies (fixture, expiry + 1 * DAY, "“Timed” has expired");
  g_assert_cmpint (expired->urgency, ==, 2);
  g_assert_cmpuint (g_strv_length (expired->actions), ==, 2);
  assert_once_quiet (fixture, expiry + 2 * DAY);
}

/* Without a session bus the notices are printed instead. */
static void
test_once_prints_without_bus (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *path = okm_make_certificate (fixture->work, "printed", "Printed", 5, FALSE);
  g_autofree char *id = okm_import (fixture->store, path, "Printed");
  const char *argv[] = { g_getenv ("OK_CLI"), "monitor", "--once", NULL };
  const char *env[] = { "OK_DATA_DIR", fixture->store, "LC_ALL", "C.UTF-8",
                        "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", NULL };
  g_autofree char *out = okt_run_ok (NULL, env, NULL, argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, "“Printed” expires in 5 days");
  g_assert_true (g_str_has_prefix (lines[1], "    It is valid until "));
  g_assert_true (g_str_has_suffix (lines[1], "order a new certificate in the MitID Erhverv portal in time."));
  g_assert_cmpstr (lines[2], ==, "");
  assert_no_notification (fixture, "Printed");
}

/* ---- renewals against the reference CA --------------------------------------------------------- */

static void
test_once_renews (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *id = okm_issue (fixture, "REF-MONITOR-0001", "1111-0001", "Integration");
  g_autoptr(GArray) renewed = NULL;
  g_autoptr(OktResult) run = NULL;
  g_autoptr(OkTestNotify) notify = NULL;
  g_autofree char *out = NULL;
  g_autofree char *serial = okm_only_serial (fixture->store);
  g_autofree char *renewed_serial = NULL;

  /* Ten days of validity: inside the 30-day window from the start. */
  run = cli_at (fixture, 0, "monitor", "--once", NULL);
  out = stdout_of (run);
  if (run->exit_status != 0)
    g_error ("monitor --once failed (%d): %s", run->exit_status, run->err);
  g_assert_cmpstr (out, ==, "Notified: “Integration” was renewed\n");

  notify = expect_notification (fixture, "“Integration” was renewed");
  g_assert_true (g_str_has_prefix (notify->body, "The new certificate is valid until "));
  renewed = okm_event_times (fixture->store, id, "RENEWED");
  g_assert_cmpuint (renewed->len, ==, 1);
  renewed_serial = okm_only_serial (fixture->store);
  g_assert_cmpstr (renewed_serial, !=, serial);
}

static void
test_once_backs_off (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = okm_issue (fixture, "REF-MONITOR-0002", "1111-0002", "Integration");
  g_autoptr(GArray) failures = NULL;
  g_autoptr(OktResult) first = NULL;
  g_autoptr(OktResult) early = NULL;
  g_autoptr(OktResult) second = NULL;
  g_autoptr(OkTestNotify) notify = NULL;
  g_autoptr(OkTestNotify) again = NULL;
  g_autofree char *renew = g_strdup_printf ("app.renew-certificate::%s", id);
  gint64 first_failure;

  /* The CA refuses: logged, told with the guidance, exit status 3. */
  first = cli_at (fixture, 0, "monitor", "--once", NULL);
  g_assert_cmpint (first->exit_status, ==, 3);
  notify = expect_notification (fixture, "Renewing “Integration” failed");
  /* High priority; GLib before 2.80 sends that as normal urgency to freedesktop servers. */
  g_assert_cmpint (notify->urgency, >=, 1);
  g_assert_nonnull (strstr (notify->body, "Automatic renewal is not enabled for this certificate."));
  g_assert_nonnull (strstr (notify->body, "OCES Keeper tries again at"));
  g_assert_false (ok_test_notify_has_action (notify, renew, "Renew Now"));
  failures = okm_event_times (fixture->store, id, "RENEW_ERROR");
  g_assert_cmpuint (failures->len, ==, 1);
  first_failure = g_array_index (failures, gint64, 0);
  g_assert_cmpint (next_renewal_attempt (fixture), ==, first_failure + 1 * HOUR);

  /* Within the hour nothing is sent to the CA. */
  early = cli_at (fixture, first_failure + 30 * 60, "monitor", "--once", NULL);
  g_assert_cmpint (early->exit_status, ==, 0);
  g_clear_pointer (&failures, g_array_unref);
  failures = okm_event_times (fixture->store, id, "RENEW_ERROR");
  g_assert_cmpuint (failures->len, ==, 1);
  assert_no_notification (fixture, "Integration");

  /* After it, the second attempt; then four hours. */
  second = cli_at (fixture, first_failure + 1 * HOUR + 60, "monitor", "--once", NULL);
  g_assert_cmpint (second->exit_status, ==, 3);
  again = expect_notification (fixture, "Renewing “Integration” failed");
  g_clear_pointer (&failures, g_array_unref);
  failures = okm_event_times (fixture->store, id, "RENEW_ERROR");
  g_assert_cmpuint (failures->len, ==, 2);
  g_assert_cmpint (next_renewal_attempt (fixture), ==, g_array_index (failures, gint64, 1) + 4 * HOUR);
}

static void
test_once_never_renews_expired (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *id = okm_issue (fixture, "REF-MONITOR-0001", "1111-0001", "Integration");
  g_autoptr(GArray) failures = NULL;
  g_autoptr(GArray) renewals = NULL;
  g_autoptr(OktResult) run = NULL;
  g_autoptr(OkTestNotify) notify = NULL;
  gint64 expiry = expiry_of (fixture);

  /* A day after expiry: the expiry is told, urgently, and no renewal is even tried — the
   * attempt would have been logged as RENEW_ERROR (OkEnrollment refuses expired ones). */
  run = cli_at (fixture, expiry + DAY, "monitor", "--once", NULL);
  g_assert_cmpint (run->exit_status, ==, 0);
  notify = expect_notification (fixture, "“Integration” has expired");
  g_assert_cmpint (notify->urgency, ==, 2);
  failures = okm_event_times (fixture->store, id, "RENEW_ERROR");
  renewals = okm_event_times (fixture->store, id, "RENEWED");
  g_assert_cmpuint (failures->len, ==, 0);
  g_assert_cmpuint (renewals->len, ==, 0);
}

/* ---- the oces-keeper-monitor process ------------------------------------------------------------ */

static GSubprocess *
start_monitor (Fixture *fixture)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *folder = g_build_filename (fixture->store, "store.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *monitor;

  g_subprocess_launcher_setenv (launcher, "OK_DATA_DIR", fixture->store, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  monitor = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OK_MONITOR"), NULL);
  g_assert_no_error (error);

  /* Its first pass makes the store's database. */
  for (guint i = 0; i < 200 && !g_file_test (folder, G_FILE_TEST_IS_REGULAR); i++)
    g_usleep (50 * 1000);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_REGULAR));

  return monitor;
}

static void
stop_monitor (GSubprocess *monitor)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (monitor, SIGTERM);
  g_assert_true (g_subprocess_wait (monitor, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (monitor));
  g_assert_cmpint (g_subprocess_get_exit_status (monitor), ==, 0);
}

static void
record_target (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  char **target = user_data;

  g_free (*target);
  *target = g_variant_dup_string (parameter, NULL);
}

static void
test_monitor_picks_up_import (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GSubprocess) monitor = start_monitor (fixture);
  g_autofree char *path = okm_make_certificate (fixture->work, "picked", "Picked", 5, FALSE);
  g_autoptr(GApplication) app = g_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_autoptr(GSimpleAction) show = g_simple_action_new ("show-certificate", G_VARIANT_TYPE_STRING);
  g_autoptr(OkTestNotify) notify = NULL;
  g_autoptr(OktResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *shown = NULL;
  const char *second_argv[] = { g_getenv ("OK_MONITOR"), NULL };
  const char *close_all[] = { "dunstctl", "close-all", NULL };
  const char *click[] = { "dunstctl", "action", "0", NULL };
  const char *env[] = { "OK_DATA_DIR", fixture->store, "LC_ALL", "C.UTF-8", NULL };
  gint64 deadline;

  /* One monitor per session. */
  second = okt_run (NULL, env, NULL, second_argv);
  g_assert_cmpint (second->exit_status, ==, 0);
  g_assert_nonnull (strstr (second->err, "already running"));

  /* An import by another program reaches the running monitor within seconds. */
  g_free (okt_run_ok (NULL, NULL, NULL, close_all));
  id = okm_import (fixture->store, path, "Picked");
  notify = expect_notification (fixture, "“Picked” expires in 5 days");
  g_assert_cmpint (notify->urgency, ==, 1);

  /* Clicking it activates app.show-certificate on the app's id, here played by the test. */
  g_signal_connect (show, "activate", G_CALLBACK (record_target), &shown);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (show));
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (app));
  g_free (okt_run_ok (NULL, NULL, NULL, click));
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (shown == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);
  g_assert_cmpstr (shown, ==, id);

  stop_monitor (monitor);
}

/* With a monitor running, `monitor --once` hands its notices to it, so the buttons work after
 * the CLI has exited: here the click on "Open" reaches the app's show-certificate. */
static void
test_once_hands_to_monitor (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GSubprocess) monitor = start_monitor (fixture);
  g_autofree char *path = okm_make_certificate (fixture->work, "handed", "Handed", 100, FALSE);
  g_autofree char *id = okm_import (fixture->store, path, "Handed");
  g_autofree char *open = g_strdup_printf ("app.show-certificate::%s", id);
  g_autoptr(GApplication) app = g_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_autoptr(GSimpleAction) show = g_simple_action_new ("show-certificate", G_VARIANT_TYPE_STRING);
  g_autoptr(OkTestNotify) notify = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  const char *click[] = { "dunstctl", "action", "0", NULL };
  const char *close_all[] = { "dunstctl", "close-all", NULL };
  gint64 expiry = expiry_of (fixture);
  gint64 deadline;

  g_free (okt_run_ok (NULL, NULL, NULL, close_all));
  /* The CLI at a later date (faketime); the monitor at the real one has nothing due. */
  notify = assert_once_notifies (fixture, expiry - 59 * DAY, "“Handed” expires in 59 days");
  g_assert_true (ok_test_notify_has_action (notify, open, "Open"));

  g_signal_connect (show, "activate", G_CALLBACK (record_target), &shown);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (show));
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);
  g_free (okt_run_ok (NULL, NULL, NULL, click));
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (shown == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);
  g_assert_cmpstr (shown, ==, id);

  stop_monitor (monitor);
}

static guint
count_titled (GPtrArray  *calls,
              const char *title)
{
  guint n = 0;

  for (guint i = 0; i < calls->len; i++)
    if (g_strcmp0 (((OkTestNotify *) g_ptr_array_index (calls, i))->summary, title) == 0)
      n++;

  return n;
}

/* The open app sends due reminders itself, with no monitor running, through the same record
 * as `monitor --once`: started at the same instant, the two send each reminder once. */
static void
test_window_and_once (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *shared_path = okm_make_certificate (fixture->work, "shared", "Shared", 5, FALSE);
  g_autofree char *alone_path = okm_make_certificate (fixture->work, "alone", "Alone", 2, FALSE);
  g_autofree char *shared = okm_import (fixture->store, shared_path, "Shared");
  g_autofree char *alone = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(OktResult) once = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) error = NULL;
  const char *close_all[] = { "dunstctl", "close-all", NULL };
  const char *once_argv[] = { g_getenv ("OK_CLI"), "monitor", "--once", NULL };
  const char *env[] = { "OK_DATA_DIR", fixture->store, "LC_ALL", "C.UTF-8", NULL };

  g_free (okt_run_ok (NULL, NULL, NULL, close_all));
  g_subprocess_launcher_setenv (launcher, "OK_DATA_DIR", fixture->store, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "OK_TEST_NO_WINDOW_REMINDERS");
  app = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OK_APP"), NULL);
  g_assert_no_error (error);
  once = okt_run (NULL, env, NULL, once_argv);
  g_assert_cmpint (once->exit_status, ==, 0);

  /* Whoever was first, one notification; give the other every chance to send a second. */
  calls = ok_test_notifications_collect (fixture->watch, 8000);
  g_assert_cmpuint (count_titled (calls, "“Shared” expires in 5 days"), ==, 1);

  /* With no monitor and no CLI, the app alone notices a new certificate that is due. */
  alone = okm_import (fixture->store, alone_path, "Alone");
  later = ok_test_notifications_collect (fixture->watch, 8000);
  g_assert_cmpuint (count_titled (later, "“Alone” expires in 2 days"), ==, 1);
  g_assert_cmpuint (count_titled (later, "“Shared” expires in 5 days"), ==, 0);

  g_subprocess_send_signal (app, SIGTERM);
  g_assert_true (g_subprocess_wait (app, NULL, &error));
  g_assert_no_error (error);
  (void) shared;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, with_ca, function) \
  g_test_add (path, Fixture, GINT_TO_POINTER (with_ca), fixture_set_up, function, fixture_tear_down)
  ADD ("/monitor-run/once/fake-dates", FALSE, test_once_at_fake_dates);
  ADD ("/monitor-run/once/without-bus", FALSE, test_once_prints_without_bus);
  ADD ("/monitor-run/once/renews", TRUE, test_once_renews);
  ADD ("/monitor-run/once/backoff", TRUE, test_once_backs_off);
  ADD ("/monitor-run/once/never-after-expiry", TRUE, test_once_never_renews_expired);
  ADD ("/monitor-run/process/import-and-click", FALSE, test_monitor_picks_up_import);
  ADD ("/monitor-run/process/once-hands-to-monitor", FALSE, test_once_hands_to_monitor);
  ADD ("/monitor-run/process/window-and-once", FALSE, test_window_and_once);
#undef ADD

  return g_test_run ();
}
