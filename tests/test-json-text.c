/* test-json-text.c — JSON written as text (`list --json`) against json-glib, the judge of what
 * it reads back and of how its pretty generator lays it out
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "ok-json-text.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("not JSON (%s): %s", error->message, text);

  return json_node_copy (json_parser_get_root (parser));
}

/* Every string json-glib can hold comes back as it went in. */
static void
test_strings (void)
{
  const char *strings[] = { "", "plain", "quote \" and backslash \\", "line\nbreak\ttab\r\b\f",
                            "\x01\x1f\x7f", "æøå ÆØÅ “quoted” €", "</script>", NULL };

  for (guint i = 0; strings[i] != NULL; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(JsonNode) node = NULL;

      ok_json_text_append_string (text, strings[i]);
      node = parse (text->str);
      g_assert_cmpstr (json_node_get_string (node), ==, strings[i]);
    }

  {
    g_autoptr(GString) text = g_string_new (NULL);

    ok_json_text_append_string (text, NULL);
    g_assert_cmpstr (text->str, ==, "null");
  }
}

static void
test_times (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (1805127505);
  g_autofree char *expected = g_strdup_printf ("\"%s\"", g_date_time_format_iso8601 (time));

  ok_json_text_append_time (text, 1805127505);
  g_assert_cmpstr (text->str, ==, expected);

  g_string_truncate (text, 0);
  ok_json_text_append_time (text, 0);
  g_string_append_c (text, ' ');
  ok_json_text_append_time (text, G_MAXINT64);
  g_assert_cmpstr (text->str, ==, "null null");
}

/* Laid out exactly as json-glib's pretty generator does (but for empty objects). */
static void
test_pretty (void)
{
  const char *documents[] = {
    "{\"a\":1,\"b\":[\"x\",\"y\"],\"c\":{\"d\":null,\"e\":true,\"f\":[]},\"g\":\"{[,:]}\\\"\\\\\"}",
    "[{\"k\":[1,2,{\"z\":-15}]},[],\"s\"]",
    "{\"subject\":\"C=DK,O=Firma A/S, afd. \\\"Nord\\\",CN=x\",\"key_usage\":[\"digitalSignature\"]}",
    NULL
  };

  for (guint i = 0; documents[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = parse (documents[i]);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(GString) pretty = g_string_new (NULL);
      g_autofree char *expected = NULL;
      g_autoptr(JsonNode) again = NULL;

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, node);
      expected = json_generator_to_data (generator, NULL);

      ok_json_text_append_pretty (pretty, documents[i], strlen (documents[i]), 0);
      g_assert_cmpstr (pretty->str, ==, expected);
      again = parse (pretty->str);
      g_assert_true (json_node_equal (again, node));
    }
}

static void
write_sample (OkJsonWriter *writer)
{
  ok_json_writer_begin_object (writer);
  ok_json_writer_member (writer, "name");
  ok_json_writer_string (writer, "Firma \"Nord\"\n");
  ok_json_writer_member (writer, "days");
  ok_json_writer_int (writer, -3);
  ok_json_writer_member (writer, "none");
  ok_json_writer_string (writer, NULL);
  ok_json_writer_member (writer, "inner");
  ok_json_writer_begin_object (writer);
  ok_json_writer_member (writer, "yes");
  ok_json_writer_boolean (writer, TRUE);
  ok_json_writer_member (writer, "at");
  ok_json_writer_time (writer, 1805127505);
  ok_json_writer_end_object (writer);
  ok_json_writer_member (writer, "kept");
  ok_json_writer_compact_value (writer, "{\"a\":[1,{\"b\":\"c,d\"}],\"e\":[]}");
  ok_json_writer_member (writer, "list");
  ok_json_writer_begin_array (writer);
  for (guint i = 0; i < 2; i++)
    {
      ok_json_writer_element (writer);
      ok_json_writer_int (writer, i);
    }
  ok_json_writer_end_array (writer);
  ok_json_writer_member (writer, "empty");
  ok_json_writer_begin_array (writer);
  ok_json_writer_end_array (writer);
  ok_json_writer_end_object (writer);
}

/* The writer's compact text is what json-glib reads; its pretty text is json-glib's own
 * layout of that, indented by the level it starts at. */
static void
test_writer (void)
{
  g_autoptr(GString) compact = g_string_new (NULL);
  g_autoptr(GString) pretty = g_string_new (NULL);
  g_autoptr(GString) indented = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *expected = NULL;
  g_auto(GStrv) lines = NULL;
  OkJsonWriter writer;

  ok_json_writer_init (&writer, compact, FALSE, 0);
  write_sample (&writer);
  node = parse (compact->str);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "name"), ==, "Firma \"Nord\"\n");
  g_assert_true (json_object_get_null_member (json_node_get_object (node), "none"));

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  expected = json_generator_to_data (generator, NULL);

  ok_json_writer_init (&writer, pretty, TRUE, 0);
  write_sample (&writer);
  g_assert_cmpstr (pretty->str, ==, expected);

  /* One level in, every line but the first is two spaces further right. */
  ok_json_writer_init (&writer, indented, TRUE, 1);
  write_sample (&writer);
  lines = g_strsplit (expected, "\n", -1);
  g_string_truncate (pretty, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    g_string_append_printf (pretty, "%s%s%s", i > 0 ? "\n" : "", i > 0 ? "  " : "", lines[i]);
  g_assert_cmpstr (indented->str, ==, pretty->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-text/strings", test_strings);
  g_test_add_func ("/json-text/times", test_times);
  g_test_add_func ("/json-text/pretty", test_pretty);
  g_test_add_func ("/json-text/writer", test_writer);

  return g_test_run ();
}
