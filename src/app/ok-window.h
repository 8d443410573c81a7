/* ok-window.h — the main window
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-application.h"

G_BEGIN_DECLS

#define OK_TYPE_WINDOW (ok_window_get_type ())

G_DECLARE_FINAL_TYPE (OkWindow, ok_window, OK, WINDOW, AdwApplicationWindow)

OkWindow *ok_window_new                (OkApplication *application);
void      ok_window_issue_certificate  (OkWindow      *self);
void      ok_window_import_file        (OkWindow      *self,
                                        GFile         *file);
void      ok_window_show_certificate   (OkWindow      *self,
                                        const char    *certificate_id);
void      ok_window_renew_certificate  (OkWindow      *self,
                                        const char    *certificate_id);

G_END_DECLS
