/* ok-json-text.h — writing JSON text directly, for output too large to build as a tree first
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ok_json_text_append_string (GString    *out,
                                 const char *text);
void ok_json_text_append_member (GString    *out,
                                 const char *name);
void ok_json_text_append_time   (GString    *out,
                                 gint64      unix_time);
void ok_json_text_append_pretty (GString    *out,
                                 const char *compact,
                                 gsize       length,
                                 guint       level);

G_END_DECLS
