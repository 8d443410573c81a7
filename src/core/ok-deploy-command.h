/* ok-deploy-command.h — running one deploy hook: no shell, bounded output, and a timeout
 * that stops it (SIGTERM, then SIGKILL)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How much of a hook's output (stdout and stderr together) is kept: the end of it. */
#define OK_DEPLOY_COMMAND_OUTPUT_LIMIT 4096
/* How long a hook has between SIGTERM and SIGKILL. */
#define OK_DEPLOY_COMMAND_KILL_GRACE_SECONDS 5

typedef struct
{
  gboolean  exited;        /* it ended by itself with exit_status */
  int       exit_status;
  int       signal;        /* the signal that ended it, when !exited */
  gboolean  timed_out;     /* it ran past its timeout and was stopped */
  gboolean  truncated;     /* output holds only the end of what it wrote */
  char     *output;        /* valid UTF-8, at most OK_DEPLOY_COMMAND_OUTPUT_LIMIT bytes */
} OkDeployCommandOutcome;

void                    ok_deploy_command_outcome_free (OkDeployCommandOutcome *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkDeployCommandOutcome, ok_deploy_command_outcome_free)

gboolean                ok_deploy_command_outcome_succeeded (const OkDeployCommandOutcome *outcome);
char                   *ok_deploy_command_outcome_describe  (const OkDeployCommandOutcome *outcome);

void                    ok_deploy_command_run_async    (const char * const  *argv,
                                                        const char * const  *envp,
                                                        guint                timeout_seconds,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
OkDeployCommandOutcome *ok_deploy_command_run_finish   (GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
