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
void ok_json_text_append_time   (GString    *out,
                                 gint64      unix_time);
void ok_json_text_append_pretty (GString    *out,
                                 const char *compact,
                                 gsize       length,
                                 guint       level);

/* Writes one value, compact or laid out as json-glib's pretty generator does, member by
 * member. Lives on the stack; nesting up to 32 levels. */
typedef struct
{
  GString  *out;
  gboolean  pretty;
  guint     level;
  guint32   has_items;  /* bit n: the container at depth n has an item already */
} OkJsonWriter;

void ok_json_writer_init          (OkJsonWriter *writer,
                                   GString      *out,
                                   gboolean      pretty,
                                   guint         level);
void ok_json_writer_begin_object  (OkJsonWriter *writer);
void ok_json_writer_end_object    (OkJsonWriter *writer);
void ok_json_writer_begin_array   (OkJsonWriter *writer);
void ok_json_writer_end_array     (OkJsonWriter *writer);
void ok_json_writer_member        (OkJsonWriter *writer,
                                   const char   *name);
void ok_json_writer_element       (OkJsonWriter *writer);
void ok_json_writer_string        (OkJsonWriter *writer,
                                   const char   *text);
void ok_json_writer_int           (OkJsonWriter *writer,
                                   gint64        value);
void ok_json_writer_boolean       (OkJsonWriter *writer,
                                   gboolean      value);
void ok_json_writer_time          (OkJsonWriter *writer,
                                   gint64        unix_time);
void ok_json_writer_compact_value (OkJsonWriter *writer,
                                   const char   *compact);

G_END_DECLS
