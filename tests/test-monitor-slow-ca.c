/* test-monitor-slow-ca.c — one slow or dead CA never delays the reminders of other
 * certificates (issue 14): a store holds “Prompt”, monitored only and past a reminder day, and
 * “Slow”, due for renewal at the reference CA, which trickles its answer or stalls. Prompt's
 * reminder must reach the session's notification server within seconds, while Slow's renewal
 * is still waiting for the CA; Slow's failure is told and logged once the CA deadline has
 * passed. Both through `monitor --once` and through the oces-keeper-monitor process, whose
 * worker reports each notice as it comes.
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

/* Short, so that a test waits seconds, not the two minutes of a real CA exchange; long enough
 * that the reminder is seen well before it on a busy machine. */
#define CA_DEADLINE_SECONDS 12
/* How soon the reminder must be there: far less than the CA deadline. */
#define REMINDER_WITHIN_SECONDS 6

#define SLOW_SCENARIO(extra) \
  "{\"profiles\":[{\"referenceNumber\":\"REF-SLOW-0001\",\"oneTimeCode\":\"2222-0001\",\"cvr\":\"12345678\"," \
  "\"organisation\":\"Firma A/S\",\"commonName\":\"Firma integration\",\"validityDays\":10" extra "}]}"

#define PROMPT_REMINDER "“Prompt” expires in 5 days"
#define SLOW_FAILED     "Renewing “Slow” failed"

typedef struct
{
  const char *fault;        /* the reference CA's, on the renewal */
  gboolean    via_monitor;  /* the oces-keeper-monitor process, or `monitor --once` */
} Case;

typedef struct
{
  char                *store;
  char                *work;
  OkTestCa            *ca;
  OkTestNotifications *watch;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = okt_make_tmpdir ();
  fixture->work = okt_make_tmpdir ();
  fixture->watch = ok_test_notifications_start ();
  fixture->ca = ok_test_ca_start (SLOW_SCENARIO (""));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->watch, ok_test_notifications_stop);
  g_clear_pointer (&fixture->ca, ok_test_ca_stop);
  okt_remove_tree (fixture->store);
  okt_remove_tree (fixture->work);
  g_free (fixture->store);
  g_free (fixture->work);
}

static char *
issue_slow (Fixture *fixture)
{
  const char *env[] = { "OK_TEST_ENDPOINT", fixture->ca->url, "OK_TEST_CA_FILE", fixture->ca->ca_file,
                        "OK_TEST_ROOTS", fixture->ca->ca_file, NULL };
  g_autoptr(OktResult) issued = ok_test_cli (fixture->store, "2222-0001\n", env, "issue", "--environment", "test",
                                             "--reference", "REF-SLOW-0001", "--name", "Slow", NULL);
  g_autoptr(JsonNode) list = NULL;
  JsonArray *entries;

  if (issued->exit_status != 0)
    g_error ("issue failed: %s", issued->err);

  list = ok_test_cli_list (fixture->store);
  entries = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (entries, 0), "id"));
}

static guint
count_events (Fixture    *fixture,
              const char *id,
              const char *type)
{
  g_autoptr(OktResult) log = ok_test_cli (fixture->store, NULL, NULL, "log", id, "--json", NULL);
  g_autoptr(JsonNode) root = ok_test_cli_json (log);
  JsonArray *events = json_node_get_array (root);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (events, i), "type"), type))
      n++;

  return n;
}

/* Whether the reference CA has received a renewal request. */
static gboolean
renewal_requested (Fixture *fixture)
{
  g_autofree char *log = NULL;

  return g_file_get_contents (fixture->ca->request_log, &log, NULL, NULL) && strstr (log, "renew ") != NULL;
}

/* Waits up to @timeout_seconds for a notification titled @title and returns it; no reminder of
 * Slow may come meanwhile: its failure notice stands in for it. */
static OkTestNotify *
wait_for (Fixture    *fixture,
          const char *title,
          guint       timeout_seconds)
{
  gint64 deadline = g_get_monotonic_time () + timeout_seconds * G_TIME_SPAN_SECOND;
  OkTestNotify *found = NULL;

  while (found == NULL && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GPtrArray) calls = ok_test_notifications_collect (fixture->watch, 100);

      for (guint i = 0; i < calls->len; i++)
        {
          OkTestNotify *notify = g_ptr_array_index (calls, i);

          g_assert_null (strstr (notify->summary, "“Slow” expires"));
          if (found == NULL && g_strcmp0 (notify->summary, title) == 0)
            found = g_ptr_array_steal_index (calls, i--);
        }
    }

  return found;
}

static GSubprocess *
start (Fixture    *fixture,
       const Case *test)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *deadline = g_strdup_printf ("%d", CA_DEADLINE_SECONDS);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  for (const char **pair = (const char *[]) { "OK_DATA_DIR", fixture->store, "LC_ALL", "C.UTF-8",
                                              "OK_TEST_ENDPOINT", fixture->ca->url,
                                              "OK_TEST_CA_FILE", fixture->ca->ca_file,
                                              "OK_TEST_ROOTS", fixture->ca->ca_file,
                                              "OK_CA_DEADLINE_SECONDS", deadline, NULL };
       *pair != NULL; pair += 2)
    g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);

  if (test->via_monitor)
    process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OK_MONITOR"), NULL);
  else
    process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OK_CLI"), "monitor", "--once", NULL);
  g_assert_no_error (error);

  return process;
}

static void
test_reminder_first (Fixture       *fixture,
                     gconstpointer  data)
{
  const Case *test = data;
  g_autofree char *prompt_path = okm_make_certificate (fixture->work, "prompt", "Prompt", 5, FALSE);
  g_autofree char *slow = issue_slow (fixture);
  g_autofree char *prompt = okm_import (fixture->store, prompt_path, "Prompt");
  g_autofree char *scenario = g_strdup_printf (SLOW_SCENARIO (",\"faults\":[\"%s\"]"), test->fault);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(OkTestNotify) reminder = NULL;
  g_autoptr(OkTestNotify) failed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;
  gint64 waited;

  /* Only now does the CA turn slow: the issuance above had to work. */
  ok_test_ca_set_scenario (fixture->ca, scenario);
  started = g_get_monotonic_time ();
  process = start (fixture, test);

  /* Prompt's reminder comes within seconds, though the CA holds Slow's renewal. */
  reminder = wait_for (fixture, PROMPT_REMINDER, REMINDER_WITHIN_SECONDS);
  if (reminder == NULL)
    g_error ("no reminder “%s” within %d s", PROMPT_REMINDER, REMINDER_WITHIN_SECONDS);
  g_assert_cmpstr (reminder->desktop_entry, ==, APP_ID);
  g_test_message ("reminder after %.1f s", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  /* …and Slow's renewal is still under way: the CA has its request, nothing has failed yet. */
  for (guint i = 0; i < 100 && !renewal_requested (fixture); i++)
    g_usleep (50 * 1000);
  g_assert_true (renewal_requested (fixture));
  g_assert_cmpuint (count_events (fixture, slow, "RENEW_ERROR"), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - started, <, CA_DEADLINE_SECONDS * G_USEC_PER_SEC);

  /* After the CA deadline, Slow's failure is told and logged. */
  failed = wait_for (fixture, SLOW_FAILED, CA_DEADLINE_SECONDS + 30);
  if (failed == NULL)
    g_error ("no notification “%s”", SLOW_FAILED);
  waited = g_get_monotonic_time () - started;
  g_test_message ("failure after %.1f s", waited / (double) G_USEC_PER_SEC);
  g_assert_cmpint (waited, >=, CA_DEADLINE_SECONDS * G_USEC_PER_SEC);
  g_assert_cmpuint (count_events (fixture, slow, "RENEW_ERROR"), ==, 1);

  if (test->via_monitor)
    g_subprocess_send_signal (process, SIGTERM);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  /* `monitor --once` says that a renewal failed. */
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, test->via_monitor ? 0 : 3);
  (void) prompt;
}

int
main (int   argc,
      char *argv[])
{
  static const Case cases[] = {
    { "trickle", FALSE }, { "delay:600000", FALSE },
    { "trickle", TRUE }, { "delay:600000", TRUE },
  };
  static const char *paths[] = {
    "/monitor-slow-ca/once/trickle", "/monitor-slow-ca/once/stall",
    "/monitor-slow-ca/monitor/trickle", "/monitor-slow-ca/monitor/stall",
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add (paths[i], Fixture, &cases[i], fixture_set_up, test_reminder_first, fixture_tear_down);

  return g_test_run ();
}
