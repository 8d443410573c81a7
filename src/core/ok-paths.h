/* ok-paths.h — where OCES Keeper keeps its files
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *ok_paths_get_data_dir (void);

G_END_DECLS
