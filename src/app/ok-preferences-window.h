/* ok-preferences-window.h — the Preferences window
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OK_TYPE_PREFERENCES_WINDOW (ok_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (OkPreferencesWindow, ok_preferences_window, OK, PREFERENCES_WINDOW, AdwPreferencesWindow)

OkPreferencesWindow *ok_preferences_window_new (GtkWindow *parent);

G_END_DECLS
