/* ok-text.h — text from people and from CAs made safe: names without control characters, and
 * text for a terminal without escape sequences
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  ok_text_check_name      (const char  *name,
                                   GError     **error);
char     *ok_text_strip_controls  (const char  *text);

G_END_DECLS
