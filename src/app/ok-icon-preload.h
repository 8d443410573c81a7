/* ok-icon-preload.h — renders the icons that first appear while work runs, off the main thread
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ok_icon_preload_in_background (GtkWidget *widget);

G_END_DECLS
