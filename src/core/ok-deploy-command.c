/* ok-deploy-command.c — running one deploy hook
 *
 * The hook runs without a shell, with stdin from /dev/null and stdout and stderr in one pipe
 * of which only the end is kept. It gets its own process group, so that the timeout stops a
 * hook script together with whatever it started (a `sleep` would otherwise keep the pipe
 * open long after the script itself is gone): SIGTERM to the group at the timeout, SIGKILL
 * after a grace period. A hook that exits but leaves children holding the pipe is not waited
 * for beyond a short drain period either.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "ok-deploy-command.h"

/* After the hook has exited, how long its leftovers may keep writing to the pipe. */
#define DRAIN_SECONDS 2

typedef struct
{
  GSubprocess   *process;
  GInputStream  *pipe;
  GCancellable  *read_cancellable;
  GByteArray    *output;
  gboolean       truncated;
  pid_t          group;
  gboolean       exited;
  gboolean       eof;
  gboolean       timed_out;
  gboolean       cancelled;
  gboolean       returned;
  GSource       *timeout_source;
  GSource       *kill_source;
  GSource       *drain_source;
  GSource       *cancel_source;
} Run;

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
run_free (Run *run)
{
  clear_source (&run->timeout_source);
  clear_source (&run->kill_source);
  clear_source (&run->drain_source);
  clear_source (&run->cancel_source);
  g_clear_object (&run->process);
  g_clear_object (&run->pipe);
  g_clear_object (&run->read_cancellable);
  g_clear_pointer (&run->output, g_byte_array_unref);
  g_free (run);
}

void
ok_deploy_command_outcome_free (OkDeployCommandOutcome *outcome)
{
  if (outcome == NULL)
    return;

  g_free (outcome->output);
  g_free (outcome);
}

gboolean
ok_deploy_command_outcome_succeeded (const OkDeployCommandOutcome *outcome)
{
  g_return_val_if_fail (outcome != NULL, FALSE);

  return outcome->exited && outcome->exit_status == 0 && !outcome->timed_out;
}

/* "exit status 3", "stopped after its 60 s timeout", … — translated. */
char *
ok_deploy_command_outcome_describe (const OkDeployCommandOutcome *outcome)
{
  g_return_val_if_fail (outcome != NULL, NULL);

  if (outcome->timed_out)
    return g_strdup (_("stopped at its timeout"));
  if (outcome->exited)
    /* Translators: %d is a process exit status */
    return g_strdup_printf (_("exit status %d"), outcome->exit_status);
  /* Translators: %d is a signal number */
  return g_strdup_printf (_("killed by signal %d"), outcome->signal);
}

static GSource *
attach_timeout (GTask       *task,
                guint        seconds,
                GSourceFunc  function)
{
  GSource *source = g_timeout_source_new_seconds (seconds);

  g_source_set_callback (source, function, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  return source;
}

static void
signal_group (Run *run,
              int  signal_number)
{
  /* The group outlives its leader while any member is left; ESRCH means all are gone, or that
   * the hook never got its own group, in which case at least the hook itself is signalled. */
  if ((run->group <= 0 || kill (-run->group, signal_number) != 0) && !run->exited)
    g_subprocess_send_signal (run->process, signal_number);
}

static void
maybe_return (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  OkDeployCommandOutcome *outcome;

  if (run->returned || !run->exited || !run->eof)
    return;

  run->returned = TRUE;
  clear_source (&run->timeout_source);
  clear_source (&run->kill_source);
  clear_source (&run->drain_source);
  clear_source (&run->cancel_source);

  if (run->cancelled)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The command was cancelled."));
      return;
    }

  outcome = g_new0 (OkDeployCommandOutcome, 1);
  outcome->exited = g_subprocess_get_if_exited (run->process);
  outcome->exit_status = outcome->exited ? g_subprocess_get_exit_status (run->process) : -1;
  outcome->signal = g_subprocess_get_if_signaled (run->process) ? g_subprocess_get_term_sig (run->process) : 0;
  outcome->timed_out = run->timed_out;
  outcome->truncated = run->truncated;
  /* An empty GByteArray has no buffer at all (data is NULL), and a silent hook is the usual
   * case: the outcome's text is always a string, empty when the hook printed nothing. */
  outcome->output = run->output->len > 0
                    ? g_utf8_make_valid ((const char *) run->output->data, run->output->len)
                    : g_strdup ("");

  g_task_return_pointer (task, outcome, (GDestroyNotify) ok_deploy_command_outcome_free);
}

static gboolean
on_kill (gpointer user_data)
{
  Run *run = g_task_get_task_data (G_TASK (user_data));

  signal_group (run, SIGKILL);
  g_clear_pointer (&run->kill_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
stop (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->kill_source != NULL)
    return;

  signal_group (run, SIGTERM);
  run->kill_source = attach_timeout (task, OK_DEPLOY_COMMAND_KILL_GRACE_SECONDS, on_kill);
}

static gboolean
on_timeout (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  run->timed_out = TRUE;
  g_clear_pointer (&run->timeout_source, g_source_unref);
  stop (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  run->cancelled = TRUE;
  g_clear_pointer (&run->cancel_source, g_source_unref);
  stop (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_drained (gpointer user_data)
{
  Run *run = g_task_get_task_data (G_TASK (user_data));

  /* Whatever still holds the pipe was started by the hook and is not waited for. */
  signal_group (run, SIGKILL);
  g_cancellable_cancel (run->read_cancellable);
  g_clear_pointer (&run->drain_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  run->exited = TRUE;
  clear_source (&run->timeout_source);

  if (!run->eof)
    run->drain_source = attach_timeout (task, DRAIN_SECONDS, on_drained);

  maybe_return (task);
}

static void read_more (GTask *task);

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  gsize size = bytes != NULL ? g_bytes_get_size (bytes) : 0;

  if (size == 0)
    {
      run->eof = TRUE;
      maybe_return (task);
      return;
    }

  g_byte_array_append (run->output, g_bytes_get_data (bytes, NULL), size);
  if (run->output->len > OK_DEPLOY_COMMAND_OUTPUT_LIMIT)
    {
      g_byte_array_remove_range (run->output, 0, run->output->len - OK_DEPLOY_COMMAND_OUTPUT_LIMIT);
      run->truncated = TRUE;
    }

  read_more (task);
}

static void
read_more (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (run->pipe, 4096, G_PRIORITY_DEFAULT, run->read_cancellable,
                                   on_read, g_object_ref (task));
}

static void
own_process_group (gpointer user_data)
{
  setpgid (0, 0);
}

/**
 * ok_deploy_command_run_async:
 * @argv: the program (looked up in PATH unless it has a slash) and its arguments
 * @envp: (nullable): the whole environment of the hook; %NULL inherits ours
 * @timeout_seconds: when to stop it; must be at least 1
 *
 * Fails only when the program cannot be started; how it ended is in the outcome.
 */
void
ok_deploy_command_run_async (const char * const  *argv,
                             const char * const  *envp,
                             guint                timeout_seconds,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GError *error = NULL;
  const char *identifier;
  Run *run;

  g_return_if_fail (argv != NULL && argv[0] != NULL);
  g_return_if_fail (timeout_seconds >= 1);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_deploy_command_run_async);

  run = g_new0 (Run, 1);
  run->output = g_byte_array_new ();
  run->read_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  if (envp != NULL)
    g_subprocess_launcher_set_environ (launcher, (char **) envp);
  g_subprocess_launcher_set_child_setup (launcher, own_process_group, NULL, NULL);

  run->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (run->process == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  identifier = g_subprocess_get_identifier (run->process);
  run->group = identifier != NULL ? (pid_t) atoi (identifier) : 0;
  run->pipe = g_object_ref (g_subprocess_get_stdout_pipe (run->process));

  run->timeout_source = attach_timeout (task, timeout_seconds, on_timeout);
  if (cancellable != NULL)
    {
      run->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (run->cancel_source, G_SOURCE_FUNC (on_cancelled), g_object_ref (task), g_object_unref);
      g_source_attach (run->cancel_source, g_task_get_context (task));
    }

  g_subprocess_wait_async (run->process, NULL, on_exited, g_object_ref (task));
  read_more (task);
}

/**
 * ok_deploy_command_run_finish:
 *
 * Returns: (transfer full): how the hook ended, or %NULL if it could not be started
 */
OkDeployCommandOutcome *
ok_deploy_command_run_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
