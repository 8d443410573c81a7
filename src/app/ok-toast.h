/* ok-toast.h — showing a toast in a window that has an AdwToastOverlay somewhere inside, so the
 * dialogs and flows need not know how the main window is laid out
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToastOverlay *ok_toast_find_overlay (GtkWindow  *window);
void             ok_toast_show         (GtkWindow  *window,
                                        AdwToast   *toast);
AdwToast        *ok_toast_new_literal  (const char *title);

G_END_DECLS
