/* ok-background.h — "Run in Background": start the monitor at login and now, or stop doing so
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The command line that starts the background monitor, at login or from the portal. */
#define OK_BACKGROUND_COMMAND "oces-keeper --background"

void    ok_background_watch             (GSettings   *settings,
                                         GtkWindow   *parent);
void    ok_background_apply             (gboolean     enabled,
                                         GtkWindow   *parent);
char   *ok_background_dup_autostart_path (void);
void    ok_background_exec_monitor      (void) G_GNUC_NORETURN;

gboolean ok_background_turn_on_first_time (GSettings *settings,
                                           GtkWindow *parent);

G_END_DECLS
