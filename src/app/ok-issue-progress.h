/* ok-issue-progress.h — the steps of an issuance, each with a spinner while it runs and a check
 * mark once done
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-enrollment.h"

G_BEGIN_DECLS

#define OK_TYPE_ISSUE_PROGRESS (ok_issue_progress_get_type ())

G_DECLARE_FINAL_TYPE (OkIssueProgress, ok_issue_progress, OK, ISSUE_PROGRESS, AdwBin)

OkEnrollmentStep  ok_issue_progress_get_step       (OkIssueProgress  *self);
void              ok_issue_progress_set_step       (OkIssueProgress  *self,
                                                    OkEnrollmentStep  step);
GtkWidget        *ok_issue_progress_get_step_row   (OkIssueProgress  *self,
                                                    OkEnrollmentStep  step);
gboolean          ok_issue_progress_step_is_done   (OkIssueProgress  *self,
                                                    OkEnrollmentStep  step);

G_END_DECLS
