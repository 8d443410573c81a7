/* test-metrics.c — `oces-keeper-cli status --format=prometheus|json`: accepted by promtool,
 * parsed back and compared with the certificates, written atomically with the documented modes
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-automation-test-util.h"
#include "ok-metrics.h"

#define ODD_NAME "Odd \"quoted\" \\ name"

static const char scenario[] = OKA_SCENARIO (
  OKA_PROFILE ("REF-METRICS-DUE", "3000-0001", "20000001", "Metrics due", ",\"validityDays\":10") ","
  OKA_PROFILE ("REF-METRICS-FAIL", "3000-0002", "20000002", "Metrics failing",
               ",\"validityDays\":10,\"renewalEnabled\":false,\"kind\":\"organisation\"") ","
  OKA_PROFILE ("REF-METRICS-OK", "3000-0003", "20000003", "Metrics fine", ""));

static const char *families[] = {
  "oces_certificate_not_after_timestamp_seconds",
  "oces_certificate_not_before_timestamp_seconds",
  "oces_certificate_renewal_due",
  "oces_certificate_expired",
  "oces_certificate_not_yet_valid",
  "oces_certificate_last_renewal_success_timestamp_seconds",
  "oces_certificate_renewal_failures_total",
  "oces_certificate_deploy_failed",
  "oces_certificate_revoked",
};

static void
fixture_set_up (OkaFixture    *fixture,
                gconstpointer  with_ca)
{
  oka_fixture_set_up (fixture, with_ca != NULL ? scenario : NULL);
}

static void
fixture_tear_down (OkaFixture    *fixture,
                   gconstpointer  data)
{
  oka_fixture_tear_down (fixture);
}

typedef struct
{
  char       *name;
  GHashTable *labels;
  gint64      value;
} Sample;

static void
sample_free (Sample *sample)
{
  g_free (sample->name);
  g_hash_table_unref (sample->labels);
  g_free (sample);
}

/* A small reader of the exposition format, written from its specification, so that the test
 * does not trust the escaping it checks. */
static Sample *
parse_sample (const char *line)
{
  Sample *sample = g_new0 (Sample, 1);
  const char *p = strchr (line, '{');
  char *end = NULL;

  g_assert_nonnull (p);
  sample->name = g_strndup (line, p - line);
  sample->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p++;

  while (*p != '}')
    {
      const char *equals = strchr (p, '=');
      g_autofree char *label = g_strndup (p, equals - p);
      GString *value = g_string_new (NULL);

      g_assert_cmpint (equals[1], ==, '"');
      for (p = equals + 2; *p != '"'; p++)
        {
          if (*p == '\\')
            {
              p++;
              g_assert_true (*p == '\\' || *p == '"' || *p == 'n');
              g_string_append_c (value, *p == 'n' ? '\n' : *p);
            }
          else
            {
              g_assert_cmpint (*p, !=, '\n');
              g_string_append_c (value, *p);
            }
        }
      g_hash_table_insert (sample->labels, g_steal_pointer (&label), g_string_free (value, FALSE));
      p++;
      if (*p == ',')
        p++;
    }

  g_assert_cmpint (p[1], ==, ' ');
  sample->value = g_ascii_strtoll (p + 2, &end, 10);
  g_assert_cmpstr (end, ==, "");
  return sample;
}

static GPtrArray *
parse_exposition (const char *text)
{
  GPtrArray *samples = g_ptr_array_new_with_free_func ((GDestroyNotify) sample_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && *lines[i] != '#')
      g_ptr_array_add (samples, parse_sample (lines[i]));

  return samples;
}

/* The value of @family for the certificate @id; FALSE when it has no sample. */
static gboolean
lookup (GPtrArray  *samples,
        const char *family,
        const char *id,
        gint64     *value)
{
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *sample = g_ptr_array_index (samples, i);

      if (g_str_equal (sample->name, family) && g_str_equal (g_hash_table_lookup (sample->labels, "id"), id))
        {
          *value = sample->value;
          return TRUE;
        }
    }

  return FALSE;
}

static gint64
value_of (GPtrArray  *samples,
          const char *family,
          const char *id)
{
  gint64 value = -1;

  if (!lookup (samples, family, id, &value))
    g_error ("no %s sample for %s", family, id);
  return value;
}

static const char *
string_or_empty (JsonObject *object,
                 const char *member)
{
  const char *value = json_object_get_string_member_with_default (object, member, NULL);

  return value != NULL ? value : "";
}

static void
test_escape (OkaFixture    *fixture,
             gconstpointer  data)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "plain", "plain" },
    { "back\\slash", "back\\\\slash" },
    { "say \"hi\"", "say \\\"hi\\\"" },
    { "two\nlines", "two\\nlines" },
    { "æøå", "æøå" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = ok_metrics_escape_label_value (cases[i].in);
      g_assert_cmpstr (escaped, ==, cases[i].out);
    }
}

static void
test_prometheus (OkaFixture    *fixture,
                 gconstpointer  data)
{
  g_autofree char *due = oka_issue (fixture, "REF-METRICS-DUE", "3000-0001", NULL);
  g_autofree char *failing = oka_issue (fixture, "REF-METRICS-FAIL", "3000-0002", NULL);
  g_autofree char *fine = oka_issue (fixture, "REF-METRICS-OK", "3000-0003", ODD_NAME);
  g_autofree char *expired = oka_import_expired (fixture, "Metrics expired");
  g_autofree char *prom = g_build_filename (fixture->work, "oces.prom", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) due_log = NULL;
  JsonArray *certificates;
  gint64 renewed_at = 0;

  /* One renewal that works and one the CA refuses, so both renewal metrics have something. */
  {
    g_autoptr(OktResult) renewed = oka_cli (fixture, NULL, "renew", due, NULL);
    g_autoptr(OktResult) refused = oka_cli (fixture, NULL, "renew", failing, NULL);

    g_assert_cmpint (renewed->exit_status, ==, 0);
    g_assert_cmpint (refused->exit_status, ==, 3);
  }

  {
    g_autoptr(OktResult) status = oka_cli (fixture, NULL, "status", "--format=prometheus", NULL);
    const char *promtool[] = { "promtool", "check", "metrics", NULL };
    g_autoptr(OktResult) checked = NULL;

    /* One of them has expired. */
    g_assert_cmpint (status->exit_status, ==, 4);
    checked = okt_run (NULL, NULL, status->out, promtool);
    if (checked->exit_status != 0)
      g_error ("promtool check metrics: %s", checked->err);
    text = ok_test_cli_stdout (status);
  }

  for (guint f = 0; f < G_N_ELEMENTS (families); f++)
    {
      g_autofree char *help = g_strdup_printf ("# HELP %s ", families[f]);
      g_autofree char *type = g_strdup_printf ("# TYPE %s %s\n", families[f],
                                               g_str_has_suffix (families[f], "_total") ? "counter" : "gauge");
      g_assert_nonnull (strstr (text, help));
      g_assert_nonnull (strstr (text, type));
    }

  samples = parse_exposition (text);
  list = ok_test_cli_list (fixture->store);
  certificates = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (certificates), ==, 4);

  due_log = oka_log (fixture, due);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (due_log)); i++)
    {
      JsonObject *event = json_array_get_object_element (json_node_get_array (due_log), i);

      if (g_str_equal (json_object_get_string_member (event, "type"), "RENEWED"))
        renewed_at = oka_parse_time (json_object_get_string_member (event, "time"));
    }
  g_assert_cmpint (renewed_at, >, 0);

  for (guint i = 0; i < json_array_get_length (certificates); i++)
    {
      JsonObject *entry = json_array_get_object_element (certificates, i);
      JsonObject *facts = json_object_get_object_member (entry, "certificate");
      const char *id = json_object_get_string_member (entry, "id");
      gboolean is_expired = g_str_equal (id, expired);
      gboolean in_window = g_str_equal (id, due) || g_str_equal (id, failing);
      gint64 value = 0;

      g_test_message ("certificate %s", id);

      /* The labels carry the facts, escaped and unescaped faithfully. */
      for (guint s = 0; s < samples->len; s++)
        {
          Sample *sample = g_ptr_array_index (samples, s);

          if (!g_str_equal (g_hash_table_lookup (sample->labels, "id"), id))
            continue;
          g_assert_cmpuint (g_hash_table_size (sample->labels), ==, 6);
          g_assert_cmpstr (g_hash_table_lookup (sample->labels, "name"), ==, json_object_get_string_member (entry, "name"));
          g_assert_cmpstr (g_hash_table_lookup (sample->labels, "cvr"), ==, string_or_empty (facts, "cvr"));
          g_assert_cmpstr (g_hash_table_lookup (sample->labels, "uuid"), ==, string_or_empty (facts, "uuid"));
          g_assert_cmpstr (g_hash_table_lookup (sample->labels, "environment"), ==,
                           json_object_get_string_member (entry, "environment"));
          g_assert_cmpstr (g_hash_table_lookup (sample->labels, "kind"), ==, json_object_get_string_member (facts, "kind"));
        }

      g_assert_cmpint (value_of (samples, families[0], id), ==, json_object_get_int_member (facts, "not_after_unix"));
      g_assert_cmpint (value_of (samples, families[1], id), ==, json_object_get_int_member (facts, "not_before_unix"));
      g_assert_cmpint (value_of (samples, "oces_certificate_renewal_due", id), ==, in_window);
      g_assert_cmpint (value_of (samples, "oces_certificate_expired", id), ==, is_expired);
      g_assert_cmpint (value_of (samples, "oces_certificate_not_yet_valid", id), ==, 0);
      g_assert_cmpint (value_of (samples, "oces_certificate_renewal_failures_total", id), ==,
                       g_str_equal (id, failing) ? 1 : 0);
      g_assert_cmpint (value_of (samples, "oces_certificate_deploy_failed", id), ==, 0);
      g_assert_cmpint (value_of (samples, "oces_certificate_revoked", id), ==, 0);

      if (g_str_equal (id, due))
        g_assert_cmpint (value_of (samples, "oces_certificate_last_renewal_success_timestamp_seconds", id), ==, renewed_at);
      else
        g_assert_false (lookup (samples, "oces_certificate_last_renewal_success_timestamp_seconds", id, &value));
    }

  {
    g_autoptr(JsonNode) shown = oka_show (fixture, fine);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "name"), ==, ODD_NAME);
  }
  g_assert_nonnull (strstr (text, "name=\"Odd \\\"quoted\\\" \\\\ name\""));
  g_assert_nonnull (strstr (text, "kind=\"organisation\""));

  /* --output: replaced atomically, 0644 for node_exporter, nothing left beside it. */
  {
    g_autoptr(OktResult) written = oka_cli (fixture, NULL, "status", "--format", "prometheus", "--output", prom, NULL);
    g_autoptr(GBytes) contents = NULL;
    g_autoptr(GDir) folder = NULL;
    const char *name;

    g_assert_cmpint (written->exit_status, ==, 4);
    g_assert_cmpuint (g_bytes_get_size (written->out), ==, 0);
    g_assert_cmpuint (oka_file_mode (prom), ==, 0644);
    contents = okt_read_file (prom);
    g_assert_cmpmem (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), text, strlen (text));

    folder = g_dir_open (fixture->work, 0, NULL);
    while ((name = g_dir_read_name (folder)) != NULL)
      g_assert_null (strstr (name, ".tmp-"));
  }
}

static void
test_json_and_usage (OkaFixture    *fixture,
                     gconstpointer  data)
{
  g_autofree char *expired = oka_import_expired (fixture, "JSON expired");
  g_autofree char *path = g_build_filename (fixture->work, "status.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *entry;

  {
    g_autoptr(OktResult) written = oka_cli (fixture, NULL, "status", "--format=json", "-o", path, NULL);
    /* Written all the same, and the exit code says that a certificate has expired. */
    g_assert_cmpint (written->exit_status, ==, 4);
  }

  /* The report carries renewal errors, so it is private like the rest of the store. */
  g_assert_cmpuint (oka_file_mode (path), ==, 0600);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  entry = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "id"), ==, expired);
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "expired");
  g_assert_true (json_object_has_member (entry, "renewal"));
  g_assert_true (json_object_has_member (entry, "certificate"));

  {
    g_autoptr(OktResult) unknown = oka_cli (fixture, NULL, "status", "--format=xml", NULL);
    g_autoptr(OktResult) output_alone = oka_cli (fixture, NULL, "status", "--output", path, NULL);
    g_autoptr(OktResult) both = oka_cli (fixture, NULL, "status", "--json", "--format=json", NULL);
    g_autoptr(OktResult) text = oka_cli (fixture, NULL, "status", "--format=text", NULL);

    g_assert_cmpint (unknown->exit_status, ==, 2);
    g_assert_cmpint (output_alone->exit_status, ==, 2);
    g_assert_cmpint (both->exit_status, ==, 2);
    /* --format=text is the plain status: exit 4, since the certificate here has expired. */
    g_assert_cmpint (text->exit_status, ==, 4);
  }
}

/* Before notBefore: "Not yet valid" in every place a state is shown, and in the metrics. */
static void
test_not_yet_valid (OkaFixture    *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = oka_import_not_yet_valid (fixture, "Starts later");
  g_autoptr(OktResult) metrics = oka_cli (fixture, NULL, "status", "--format=prometheus", NULL);
  g_autoptr(OktResult) list = oka_cli (fixture, NULL, "list", NULL);
  g_autoptr(OktResult) show = oka_cli (fixture, NULL, "show", id, NULL);
  g_autoptr(OktResult) status = oka_cli (fixture, NULL, "status", NULL);
  g_autoptr(OktResult) status_json = oka_cli (fixture, NULL, "status", "--json", NULL);
  g_autoptr(JsonNode) shown = oka_show (fixture, id);
  g_autoptr(JsonNode) listed = ok_test_cli_list (fixture->store);
  g_autoptr(JsonNode) statuses = ok_test_cli_json (status_json);
  g_autoptr(GPtrArray) samples = NULL;
  g_autofree char *metrics_text = ok_test_cli_stdout (metrics);
  g_autofree char *list_text = ok_test_cli_stdout (list);
  g_autofree char *show_text = ok_test_cli_stdout (show);
  g_autofree char *status_text = ok_test_cli_stdout (status);

  g_assert_cmpint (metrics->exit_status, ==, 0);
  samples = parse_exposition (metrics_text);
  g_assert_cmpint (value_of (samples, "oces_certificate_not_yet_valid", id), ==, 1);
  g_assert_cmpint (value_of (samples, "oces_certificate_expired", id), ==, 0);

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "state"), ==, "not-yet-valid");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (listed), 0), "state"),
                   ==, "not-yet-valid");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (statuses), 0), "state"),
                   ==, "not-yet-valid");
  g_assert_cmpint (list->exit_status, ==, 0);
  g_assert_nonnull (strstr (list_text, "Not yet valid"));
  g_assert_nonnull (strstr (show_text, "Not yet valid"));
  g_assert_cmpint (status->exit_status, ==, 0);
  g_assert_nonnull (strstr (status_text, "Not yet valid"));
}

int
main (int   argc,
      char *argv[])
{
  static const int with_ca = 1;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/metrics/escape", OkaFixture, NULL, fixture_set_up, test_escape, fixture_tear_down);
  g_test_add ("/metrics/prometheus", OkaFixture, &with_ca, fixture_set_up, test_prometheus, fixture_tear_down);
  g_test_add ("/metrics/not-yet-valid", OkaFixture, NULL, fixture_set_up, test_not_yet_valid, fixture_tear_down);
  g_test_add ("/metrics/json-and-usage", OkaFixture, NULL, fixture_set_up, test_json_and_usage, fixture_tear_down);

  return g_test_run ();
}
