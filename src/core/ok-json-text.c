/* ok-json-text.c — writing JSON text directly, for output too large to build as a tree first
 *
 * `list --json` over 10,000 certificates is 46 MB of text; as json-glib trees and generators
 * it cost five times parsing the certificates. Here values are written straight into a
 * GString, compact or laid out the way json-glib's pretty generator does, and JSON text kept
 * compact elsewhere (the store's facts) is laid out in one pass.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "ok-json-text.h"

/* Escaped as json-glib does: quote, backslash and control characters; UTF-8 as it is. NULL is
 * written as null. */
void
ok_json_text_append_string (GString    *out,
                            const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* ISO 8601 in UTC, as g_date_time_format_iso8601() writes a whole second; null for no time. */
void
ok_json_text_append_time (GString *out,
                          gint64   unix_time)
{
  time_t seconds = (time_t) unix_time;
  struct tm utc;

  if (unix_time <= 0 || unix_time > G_GINT64_CONSTANT (253402300799) || gmtime_r (&seconds, &utc) == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_printf (out, "\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", utc.tm_year + 1900, utc.tm_mon + 1,
                          utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

static void
newline (GString *out,
         guint    level)
{
  static const char spaces[] = "\n                                                                ";

  if (1 + 2 * level < sizeof spaces)
    {
      g_string_append_len (out, spaces, 1 + 2 * level);
      return;
    }

  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

/**
 * ok_json_text_append_pretty:
 * @compact: JSON text without layout (as json_to_string (node, FALSE) writes it)
 * @level: the indentation of the value's first line, in steps of two spaces
 *
 * Appends @compact laid out as json-glib's pretty generator does ("key" : value, two spaces
 * per level), except that empty objects are written {}.
 */
void
ok_json_text_append_pretty (GString    *out,
                            const char *compact,
                            gsize       length,
                            guint       level)
{
  const char *end = compact + length;
  gboolean in_string = FALSE;

  for (const char *p = compact; p < end; p++)
    {
      char c = *p;

      if (in_string)
        {
          /* The text of a string goes over as it is, up to its quote or next escape. */
          const char *stop = p;

          while (stop < end && *stop != '"' && *stop != '\\')
            stop++;
          g_string_append_len (out, p, stop - p);
          p = stop;
          if (p >= end)
            break;
          g_string_append_c (out, *p);
          if (*p == '\\' && p + 1 < end)
            g_string_append_c (out, *++p);
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          g_string_append_c (out, c);
          break;
        case '{':
        case '[':
          g_string_append_c (out, c);
          if (p + 1 < end && (p[1] == '}' || p[1] == ']'))
            g_string_append_c (out, *++p);
          else
            newline (out, ++level);
          break;
        case '}':
        case ']':
          newline (out, level > 0 ? --level : 0);
          g_string_append_c (out, c);
          break;
        case ',':
          g_string_append_c (out, c);
          newline (out, level);
          break;
        case ':':
          g_string_append (out, " : ");
          break;
        case ' ':
        case '\n':
        case '\r':
        case '\t':
          break;
        default:
          g_string_append_c (out, c);
        }
    }
}

/* ---- OkJsonWriter ------------------------------------------------------------------------- */

void
ok_json_writer_init (OkJsonWriter *writer,
                     GString      *out,
                     gboolean      pretty,
                     guint         level)
{
  writer->out = out;
  writer->pretty = pretty;
  writer->level = level;
  writer->has_items = 0;
}

static void
begin (OkJsonWriter *writer,
       char          bracket)
{
  g_return_if_fail (writer->level < 31);

  g_string_append_c (writer->out, bracket);
  writer->level++;
  writer->has_items &= ~(1u << writer->level);
}

static void
end (OkJsonWriter *writer,
     char          bracket)
{
  gboolean had_items = (writer->has_items & (1u << writer->level)) != 0;

  g_return_if_fail (writer->level > 0);

  writer->level--;
  if (writer->pretty && had_items)
    newline (writer->out, writer->level);
  g_string_append_c (writer->out, bracket);
}

/* The separator before an item of the innermost container. */
static void
next_item (OkJsonWriter *writer)
{
  if (writer->has_items & (1u << writer->level))
    g_string_append_c (writer->out, ',');
  writer->has_items |= 1u << writer->level;
  if (writer->pretty)
    newline (writer->out, writer->level);
}

void
ok_json_writer_begin_object (OkJsonWriter *writer)
{
  begin (writer, '{');
}

void
ok_json_writer_end_object (OkJsonWriter *writer)
{
  end (writer, '}');
}

void
ok_json_writer_begin_array (OkJsonWriter *writer)
{
  begin (writer, '[');
}

void
ok_json_writer_end_array (OkJsonWriter *writer)
{
  end (writer, ']');
}

/* Names are ours: plain ASCII, nothing to escape. */
void
ok_json_writer_member (OkJsonWriter *writer,
                       const char   *name)
{
  next_item (writer);
  g_string_append_c (writer->out, '"');
  g_string_append (writer->out, name);
  g_string_append (writer->out, writer->pretty ? "\" : " : "\":");
}

void
ok_json_writer_element (OkJsonWriter *writer)
{
  next_item (writer);
}

void
ok_json_writer_string (OkJsonWriter *writer,
                       const char   *text)
{
  ok_json_text_append_string (writer->out, text);
}

void
ok_json_writer_int (OkJsonWriter *writer,
                    gint64        value)
{
  g_string_append_printf (writer->out, "%" G_GINT64_FORMAT, value);
}

void
ok_json_writer_boolean (OkJsonWriter *writer,
                        gboolean      value)
{
  g_string_append (writer->out, value ? "true" : "false");
}

void
ok_json_writer_time (OkJsonWriter *writer,
                     gint64        unix_time)
{
  ok_json_text_append_time (writer->out, unix_time);
}

/* A value that is compact JSON text already, laid out to fit when writing pretty. */
void
ok_json_writer_compact_value (OkJsonWriter *writer,
                              const char   *compact)
{
  if (writer->pretty)
    ok_json_text_append_pretty (writer->out, compact, strlen (compact), writer->level);
  else
    g_string_append (writer->out, compact);
}
