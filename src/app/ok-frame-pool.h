/* ok-frame-pool.h — keeps cairo's shared-memory pool for frames alive on X11 without GL
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ok_frame_pool_keep (GtkNative *native);

G_END_DECLS
