/* ok-monitor-worker.c — OkMonitor having its passes made by a worker process
 *
 * The worker is `oces-keeper-cli monitor --once --json-lines`: it makes one in-process pass
 * over the store (ok-monitor-pass.c) and prints, one JSON object a line, each notice as the
 * pass makes it, and last when anything is next due:
 *   { "notice": <ok_notice_to_json()> }
 *   …
 *   { "next_due_unix": <unix seconds> | null, … }
 * This monitor sends each notice from its own application the moment its line arrives, so
 * that clicks on them reach it and a renewal held up by a slow CA never holds back the
 * reminders the pass sent before it; then it sleeps until the next due time.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "ok-monitor-private.h"
#include "ok-paths.h"
#include "ok-state.h"
#include "ok-store.h"

/* The worker's exit status when a renewal failed: it still reports everything. */
#define WORKER_EXIT_RENEWAL_FAILED 3

/* A pass renews one due certificate after another, each exchange bounded by the CA client's
 * two-minute deadline: a quarter of an hour is far beyond a normal pass, and short enough that
 * a worker stuck on something else (a keyring, a disk) never keeps the monitor from the next
 * one. OK_MONITOR_WORKER_DEADLINE_SECONDS overrides it (tests). */
#define WORKER_DEADLINE_SECONDS (15 * 60)

typedef struct
{
  OkMonitor   *self;
  GPtrArray   *tasks;
  GSubprocess *worker;
  guint        deadline_id;
  GDataInputStream *output;
  guint        deadline_seconds;
  gboolean     timed_out;
  gboolean     reported;     /* its last line, with next_due_unix, was read */
  gint64       next_due;
  GError      *error;        /* of reading its output */
} Run;

static guint
worker_deadline (void)
{
  const char *text = g_getenv ("OK_MONITOR_WORKER_DEADLINE_SECONDS");
  guint64 seconds;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, 24 * 60 * 60, &seconds, NULL))
    return (guint) seconds;

  return WORKER_DEADLINE_SECONDS;
}

static gboolean
worker_took_too_long (gpointer data)
{
  Run *run = data;

  run->deadline_id = 0;
  run->timed_out = TRUE;
  g_subprocess_force_exit (run->worker);
  return G_SOURCE_REMOVE;
}

/* One line of the worker's report: a notice, sent at once, or the last line. */
static void
take_line (Run        *run,
           const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *member;

  if (!json_parser_load_from_data (parser, line, -1, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_warning ("Skipping a line of the monitor's worker that is not its report: %s",
                 error != NULL ? error->message : line);
      return;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  if ((member = json_object_get_member (object, "notice")) != NULL)
    {
      g_autoptr(OkNotice) notice = ok_notice_new_from_json (member, &error);

      if (notice == NULL)
        g_warning ("Skipping a notice of the monitor's worker: %s", error->message);
      else
        ok_monitor_emit_notice (run->self, notice);
    }
  else if ((member = json_object_get_member (object, "next_due_unix")) != NULL)
    {
      run->next_due = JSON_NODE_HOLDS_VALUE (member) ? json_node_get_int (member) : OK_STATE_NEVER;
      run->reported = TRUE;
    }
}

static void
worker_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GSubprocess *worker = G_SUBPROCESS (object);
  Run *run = user_data;
  g_autoptr(OkMonitor) self = run->self;
  GError *error = g_steal_pointer (&run->error);
  g_autoptr(GError) wait_error = NULL;
  gboolean waited;

  g_clear_handle_id (&run->deadline_id, g_source_remove);
  waited = g_subprocess_wait_finish (worker, result, &wait_error);
  if (run->timed_out)
    {
      g_clear_error (&error);
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   _("The monitor's worker did not finish within %u seconds and was stopped; the next pass tries again."),
                   run->deadline_seconds);
    }
  else if (error == NULL && !waited)
    error = g_steal_pointer (&wait_error);
  else if (error == NULL)
    {
      int status = g_subprocess_get_if_exited (worker) ? g_subprocess_get_exit_status (worker) : -1;

      if (status != 0 && status != WORKER_EXIT_RENEWAL_FAILED)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("The monitor's worker failed (exit status %d)."), status);
      else if (!run->reported)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("The monitor's worker printed something other than its report."));
    }

  ok_monitor_pass_done (self, run->tasks, error != NULL ? OK_STATE_NEVER : run->next_due, error);
  g_clear_object (&run->output);
  g_clear_object (&run->worker);
  g_free (run);
}

static void read_next_line (Run *run);

static void
line_read (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &run->error);
  if (line == NULL)
    {
      /* The end of its output (or of reading it): what counts now is how it exited. */
      g_subprocess_wait_async (run->worker, run->self->cancellable, worker_done, run);
      return;
    }

  take_line (run, line);
  read_next_line (run);
}

static void
read_next_line (Run *run)
{
  g_data_input_stream_read_line_async (run->output, G_PRIORITY_DEFAULT, run->self->cancellable, line_read, run);
}

/* In the worker, between fork and exec: only async-signal-safe calls. A monitor killed
 * (SIGKILL, the end of the session) cannot stop its worker, which would finish its pass alone
 * and send reminders nobody forwards; the kernel stops it instead. The death signal is tied
 * to the thread that forks, here the main thread, which lives as long as the monitor. A
 * worker is safe to stop at any point of a pass: a renewal in flight is in the store's
 * journal and the next pass takes it up again. */
static void
end_with_monitor (gpointer user_data)
{
#ifdef __linux__
  pid_t monitor = GPOINTER_TO_INT (user_data);

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  /* The monitor may have died before the line above: the worker then has another parent. */
  if (getppid () != monitor)
    _exit (1);
#endif
}

static void
run_worker (OkMonitor *self,
            gpointer   runner_data,
            GPtrArray *tasks)
{
  const char * const *argv = runner_data;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) worker = NULL;
  GError *error = NULL;
  Run *run;

  /* Its standard error goes where ours goes: the session's journal. */
  g_subprocess_launcher_set_child_setup (launcher, end_with_monitor, GINT_TO_POINTER (getpid ()), NULL);
  worker = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (worker == NULL)
    {
      ok_monitor_pass_done (self, tasks, OK_STATE_NEVER, error);
      return;
    }

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->tasks = tasks;
  run->worker = g_object_ref (worker);
  run->deadline_seconds = worker_deadline ();
  run->next_due = OK_STATE_NEVER;
  run->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (worker));
  run->deadline_id = g_timeout_add_seconds (run->deadline_seconds, worker_took_too_long, run);
  read_next_line (run);
}

static void
free_argv (gpointer runner_data)
{
  g_strfreev (runner_data);
}

static const OkMonitorRunner worker_runner = { run_worker, free_argv };

/**
 * ok_monitor_dup_bus_name:
 *
 * There is one monitor per store: the monitor of the user's store owns APP_ID ".Monitor";
 * one of a store elsewhere (OK_DATA_DIR) owns a name derived from that folder, so that it
 * neither blocks nor is blocked by the user's.
 *
 * Returns: (transfer full): the bus name the monitor of this process's store owns
 */
char *
ok_monitor_dup_bus_name (void)
{
  const char *override = g_getenv ("OK_DATA_DIR");
  g_autofree char *hash = NULL;

  if (override == NULL || *override == '\0')
    return g_strdup (APP_ID OK_MONITOR_BUS_NAME_SUFFIX);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, ok_paths_get_data_dir (), -1);
  return g_strdup_printf ("%s%s.Store%.16s", APP_ID, OK_MONITOR_BUS_NAME_SUFFIX, hash);
}

/**
 * ok_monitor_new_for_worker:
 * @worker_argv: the command that makes one pass and prints its report, normally
 *   `oces-keeper-cli monitor --once --json-lines`
 *
 * Returns: (transfer full): a monitor of the user's store (ok_paths_get_data_dir()) whose
 *   passes are made by a worker process
 */
OkMonitor *
ok_monitor_new_for_worker (const char * const *worker_argv)
{
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (worker_argv != NULL && worker_argv[0] != NULL, NULL);

  stamp = g_build_filename (ok_paths_get_data_dir (), OK_STORE_CHANGED_STAMP, NULL);
  return ok_monitor_new_with_runner (&worker_runner, g_strdupv ((char **) worker_argv), stamp);
}
