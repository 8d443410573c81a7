/* test-monitor-slow-ca.c — one slow or dead CA never delays the reminders of other
 * certificates (issue 14): a store holds “Prompt”, monitored only and past a reminder day, and
 * “Slow”, due for renewal at the reference CA, which trickles its answer or stalls. Prompt's
 * reminder must reach the session's notification server within seconds, while Slow's renewal
 * is still waiting for the CA; Slow's failure is told and logged once the CA deadline has
 * passed. Both through `monitor --once` and through the oces-keeper-monitor process, whose
 * worker reports each notice as it comes. And a monitor killed while its worker waits for the
 * CA takes the worker with it, and the next pass renews what the killed one could not.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "ok-monitor-test-util.h"
#include "ok-test-ca.h"
#include "ok-test-cli.h"
#include "ok-test-dbus.h"

/* Short, so that a test waits seconds, not the two minutes of a real CA exchange; long enough
 * that the reminder is seen well before it on a busy machine. */
#define CA_DEADLINE_SECONDS 8
/* How soon the reminder must be there: far less than the CA deadline. */
#define REMINDER_WITHIN_SECONDS 4

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

typedef OkmFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  okm_fixture_set_up (fixture, SLOW_SCENARIO (""));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  okm_fixture_tear_down (fixture);
}

static guint
count_events (Fixture    *fixture,
              const char *id,
              const char *type)
{
  g_autoptr(GArray) times = okm_event_times (fixture->store, id, type);

  return times->len;
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
                                              "OK_CA_DEADLINE_SECONDS", deadline, NULL };
       *pair != NULL; pair += 2)
    g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
  for (guint i = 0; fixture->env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, fixture->env[i], fixture->env[i + 1], TRUE);

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
  g_autofree char *slow = okm_issue (fixture, "REF-SLOW-0001", "2222-0001", "Slow");
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

#ifdef __linux__
/* The pid of @parent's child whose command line has @word; 0 when there is none. */
static pid_t
find_child (GPid        parent,
            const char *word)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *cmdline_path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *stat = NULL;
      g_autofree char *cmdline = NULL;
      gsize length;
      const char *after_name;
      int ppid;

      if (!g_ascii_isdigit (*name) ||
          !g_file_get_contents (stat_path, &stat, NULL, NULL) ||
          !g_file_get_contents (cmdline_path, &cmdline, &length, NULL))
        continue;
      /* "pid (comm) state ppid …"; comm may hold spaces and parentheses. */
      if ((after_name = strrchr (stat, ')')) == NULL || sscanf (after_name, ") %*c %d", &ppid) != 1 ||
          ppid != parent)
        continue;
      for (gsize i = 0; i < length; i += strlen (cmdline + i) + 1)
        if (g_str_equal (cmdline + i, word))
          return (pid_t) atoi (name);
    }

  return 0;
}

static void
test_killed_monitor (Fixture       *fixture,
                     gconstpointer  data)
{
  static const Case stalling = { "delay:600000", TRUE };
  g_autofree char *slow = okm_issue (fixture, "REF-SLOW-0001", "2222-0001", "Slow");
  g_autofree char *scenario = g_strdup_printf (SLOW_SCENARIO (",\"faults\":[\"%s\"]"), stalling.fault);
  g_autofree char *serial = okm_only_serial (fixture->store);
  g_autofree char *serial_after_kill = NULL;
  g_autofree char *serial_after_renewal = NULL;
  g_autoptr(GSubprocess) monitor = NULL;
  g_autoptr(OktResult) next_pass = NULL;
  gint64 deadline;
  pid_t worker = 0;
  pid_t ended = 0;
  int status = 0;

  /* The worker is mid-pass: the CA holds its renewal request and will not answer. */
  ok_test_ca_set_scenario (fixture->ca, scenario);
  monitor = start (fixture, &stalling);
  for (guint i = 0; i < 200 && !renewal_requested (fixture); i++)
    g_usleep (50 * 1000);
  g_assert_true (renewal_requested (fixture));
  worker = find_child (atoi (g_subprocess_get_identifier (monitor)), "--json-lines");
  g_assert_cmpint (worker, >, 0);

  g_subprocess_force_exit (monitor);
  g_assert_true (g_subprocess_wait (monitor, NULL, NULL));
  g_assert_true (g_subprocess_get_if_signaled (monitor));

  /* The orphaned worker is handed to this process (a subreaper, see main()), so its end can be
   * waited for; it must come within seconds, not when the CA deadline ends the pass. */
  deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
  while (ended != worker && g_get_monotonic_time () < deadline)
    {
      ended = waitpid (worker, &status, WNOHANG);
      if (ended != worker)
        g_usleep (20 * 1000);
    }
  if (ended != worker)
    g_error ("the worker %d outlived its monitor by 5 s", (int) worker);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGTERM);

  /* Nothing is lost: the certificate is as it was, with its key, and nothing failed. */
  serial_after_kill = okm_only_serial (fixture->store);
  g_assert_cmpstr (serial_after_kill, ==, serial);
  ok_test_cli_assert_key_matches (fixture->store, fixture->work, slow);
  g_assert_cmpuint (count_events (fixture, slow, "RENEW_ERROR"), ==, 0);

  /* …and the next pass, with the CA answering again, renews it. */
  ok_test_ca_set_scenario (fixture->ca, SLOW_SCENARIO (""));
  next_pass = ok_test_cli (fixture->store, NULL, (const char * const *) fixture->env, "monitor", "--once", "--json", NULL);
  if (next_pass->exit_status != 0)
    g_error ("the next pass failed (%d): %s", next_pass->exit_status, next_pass->err);
  serial_after_renewal = okm_only_serial (fixture->store);
  g_assert_cmpstr (serial_after_renewal, !=, serial);
  g_assert_cmpuint (count_events (fixture, slow, "RENEWED"), ==, 1);
  ok_test_cli_assert_key_matches (fixture->store, fixture->work, slow);
}
#endif

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
#ifdef __linux__
  /* Orphans of the monitors this test starts become children of this process, to be waited for. */
  g_assert_cmpint (prctl (PR_SET_CHILD_SUBREAPER, 1), ==, 0);
  g_test_add ("/monitor-slow-ca/monitor/killed", Fixture, NULL, fixture_set_up, test_killed_monitor, fixture_tear_down);
#endif

  return g_test_run ();
}
