/* ok-guide-window.h — the guides window: portal set-up, IdM light (renewal), e-mail validation,
 * expired certificates
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OK_TYPE_GUIDE_WINDOW (ok_guide_window_get_type ())

G_DECLARE_FINAL_TYPE (OkGuideWindow, ok_guide_window, OK, GUIDE_WINDOW, AdwWindow)

/* Where the guides were opened from, which decides how they are worded. */
typedef enum
{
  OK_GUIDE_CONTEXT_WINDOW,    /* the main window: renewing, or reading up */
  OK_GUIDE_CONTEXT_ISSUING,   /* the Issue Certificate dialog */
} OkGuideContext;

void        ok_guide_window_present    (GtkWindow     *parent,
                                        const char    *guide);
void        ok_guide_window_present_in_context (GtkWindow      *parent,
                                                const char     *guide,
                                                OkGuideContext  context);

OkGuideContext ok_guide_window_get_context (OkGuideWindow *self);

const char *ok_guide_window_get_guide  (OkGuideWindow *self);
void        ok_guide_window_show_guide (OkGuideWindow *self,
                                        const char    *guide);

G_END_DECLS
