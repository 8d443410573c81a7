/* ok-lazy-menu.h — menu buttons that make their popover menu when first opened
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ok_lazy_menu_attach (GtkMenuButton *button,
                          GMenuModel    *model);

G_END_DECLS
