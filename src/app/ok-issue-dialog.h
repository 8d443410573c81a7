/* ok-issue-dialog.h — the dialog that issues a new certificate from a reference number and a
 * one-time code, with live validation, step-by-step progress and in-place failure guidance
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-store.h"

G_BEGIN_DECLS

#define OK_TYPE_ISSUE_DIALOG (ok_issue_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OkIssueDialog, ok_issue_dialog, OK, ISSUE_DIALOG, AdwWindow)

void ok_issue_dialog_present (GtkWindow *parent,
                              OkStore   *store);

G_END_DECLS
