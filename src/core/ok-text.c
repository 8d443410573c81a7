/* ok-text.c — text from people and from CAs made safe: names without control characters, and
 * text for a terminal without escape sequences
 *
 * A name is one line in `list`, a row title in the window and a label in metrics: a newline in
 * it splits a row, so such names are refused where they come in. Text from a CA (error
 * messages, guidance) and a hook's output are shown as they are, except for control
 * characters, which on a terminal could move the cursor, recolour or retitle it.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ok-text.h"

/* C0, DEL and C1 controls, and the Unicode line and paragraph separators. */
static gboolean
is_control (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_CONTROL || type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR;
}

/**
 * ok_text_check_name:
 * @name: (nullable): a certificate name a person typed; %NULL or "" means the default name
 *
 * Returns: %FALSE with a translated error when @name holds a control character (a line break,
 *   a tab, an escape…) or is not UTF-8
 */
gboolean
ok_text_check_name (const char  *name,
                    GError     **error)
{
  if (name == NULL)
    return TRUE;

  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The name is not valid text (UTF-8)."));
      return FALSE;
    }

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (is_control (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("A name cannot contain control characters such as a line break or a tab."));
        return FALSE;
      }

  return TRUE;
}

/**
 * ok_text_strip_controls:
 * @text: (nullable): text for a terminal, perhaps with parts from a CA or a hook
 *
 * Line breaks and tabs stay; every other control character goes, and invalid UTF-8 becomes
 * U+FFFD.
 *
 * Returns: (transfer full): the text without them
 */
char *
ok_text_strip_controls (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\t' || !is_control (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}
