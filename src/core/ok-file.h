/* ok-file.h — crash-safe, private file writes
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean ok_file_write_atomic      (const char    *path,
                                    const void    *data,
                                    gsize          length,
                                    GError       **error);
gboolean ok_file_write_atomic_bytes (const char   *path,
                                     GBytes       *bytes,
                                     GError      **error);
gboolean ok_file_make_private_dir  (const char    *path,
                                    GError       **error);
gboolean ok_file_sync_dir          (const char    *path,
                                    GError       **error);
gboolean ok_file_rename_synced     (const char    *from,
                                    const char    *to,
                                    GError       **error);
gboolean ok_file_remove_tree       (const char    *path,
                                    GError       **error);
gboolean ok_file_is_leftover       (const char    *basename);
void     ok_file_crash_point       (void);

G_END_DECLS
