/* test-renew-due.c — `oces-keeper-cli renew --due` against the reference CA with a mix of due,
 * not-due, failing and expired certificates, its documented exit codes, a dry run that
 * provably changes nothing, and several renewals in flight at once
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-automation-test-util.h"
#include "ok-store-test-util.h"

/* Ten days of validity is inside the default 30-day renewal window; three years is not. */
#define DUE         ",\"validityDays\":10"
#define FAILING     ",\"validityDays\":10,\"renewalEnabled\":false"

static const char scenario[] = OKA_SCENARIO (
  OKA_PROFILE ("REF-DUE-NOTDUE-1", "2000-0001", "10000001", "Not due one", "") ","
  OKA_PROFILE ("REF-DUE-DUE-2", "2000-0002", "10000002", "Due two", DUE) ","
  OKA_PROFILE ("REF-DUE-FAIL-2", "2000-0003", "10000003", "Failing two", FAILING) ","
  OKA_PROFILE ("REF-DUE-NOTDUE-2", "2000-0004", "10000004", "Not due two", "") ","
  OKA_PROFILE ("REF-DUE-DUE-3", "2000-0005", "10000005", "Due three", DUE) ","
  OKA_PROFILE ("REF-DUE-FAIL-3", "2000-0006", "10000006", "Failing three", FAILING) ","
  OKA_PROFILE ("REF-DUE-NOTDUE-3", "2000-0007", "10000007", "Not due three", "") ","
  OKA_PROFILE ("REF-DUE-DUE-4", "2000-0008", "10000008", "Due four", DUE) ","
  OKA_PROFILE ("REF-DUE-SILENT-1", "2000-0009", "10000009", "Silent one", DUE) ","
  OKA_PROFILE ("REF-DUE-SILENT-2", "2000-0010", "10000010", "Silent two", DUE) ","
  OKA_PROFILE ("REF-DUE-SILENT-3", "2000-0011", "10000011", "Silent three", DUE) ","
  OKA_PROFILE ("REF-DUE-CODES", "2000-0012", "10000012", "Exit codes", FAILING));

/* Five due certificates; the renewals of the second scenario are held back 1.5 s by the CA, so
 * that renewals made side by side are seen in flight together. */
#define PARALLEL(n) OKA_PROFILE ("REF-PAR-" n, "3000-000" n, "2000000" n, "Parallel " n, DUE)
#define PARALLEL_SLOW(n) OKA_PROFILE ("REF-PAR-" n, "3000-000" n, "2000000" n, "Parallel " n, \
                                      DUE ",\"faults\":[\"delay:1500\"]")
#define N_PARALLEL 5
#define PARALLEL_JOBS "3"

static const char parallel_scenario[] = OKA_SCENARIO (
  PARALLEL ("1") "," PARALLEL ("2") "," PARALLEL ("3") "," PARALLEL ("4") "," PARALLEL ("5"));
static const char parallel_slow_scenario[] = OKA_SCENARIO (
  PARALLEL_SLOW ("1") "," PARALLEL_SLOW ("2") "," PARALLEL_SLOW ("3") "," PARALLEL_SLOW ("4") ","
  PARALLEL_SLOW ("5"));

static void
parallel_set_up (OkaFixture    *fixture,
                 gconstpointer  data)
{
  oka_fixture_set_up (fixture, parallel_scenario);
}

static void
fixture_set_up (OkaFixture    *fixture,
                gconstpointer  data)
{
  oka_fixture_set_up (fixture, scenario);
}

static void
fixture_tear_down (OkaFixture    *fixture,
                   gconstpointer  data)
{
  oka_fixture_tear_down (fixture);
}

static char *
serial_of (OkaFixture *fixture,
           const char *id)
{
  g_autoptr(JsonNode) shown = oka_show (fixture, id);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (shown),
                                                                                 "certificate"), "serial"));
}

static char *
last_event_type (OkaFixture *fixture,
                 const char *id)
{
  g_autoptr(JsonNode) log = oka_log (fixture, id);
  JsonArray *events = json_node_get_array (log);

  return g_strdup (json_object_get_string_member (json_array_get_object_element (events, json_array_get_length (events) - 1),
                                                  "type"));
}

static guint
count_events (OkaFixture *fixture,
              const char *id,
              const char *type)
{
  g_autoptr(JsonNode) log = oka_log (fixture, id);
  JsonArray *events = json_node_get_array (log);
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (events, i), "type"), type))
      count++;

  return count;
}

/* Every file under @dir, relative path → SHA-256 of its contents (plus its mode). */
static void
snapshot_into (GHashTable *snapshot,
               const char *root,
               const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        snapshot_into (snapshot, root, path);
      else if (g_str_has_prefix (name, "store.sqlite3"))
        {
          /* The database by its rows: closing it checkpoints its files without changing one. */
          if (g_str_equal (name, "store.sqlite3"))
            {
              g_autofree char *dump = okt_db_dump (root);
              g_hash_table_insert (snapshot, g_strdup ("store.sqlite3 rows"),
                                   g_compute_checksum_for_string (G_CHECKSUM_SHA256, dump, -1));
            }
        }
      else
        {
          g_autoptr(GBytes) contents = okt_read_file (path);
          g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);

          g_hash_table_insert (snapshot, g_strdup (path + strlen (root)),
                               g_strdup_printf ("%s %o", sum, oka_file_mode (path)));
        }
    }
}

static GHashTable *
snapshot (const char *dir)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  snapshot_into (files, dir, dir);
  return files;
}

static void
assert_same_snapshot (GHashTable *before,
                      GHashTable *after)
{
  GHashTableIter iter;
  gpointer path, sum;

  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &path, &sum))
    {
      g_test_message ("store file %s", (char *) path);
      g_assert_cmpstr (g_hash_table_lookup (after, path), ==, sum);
    }
}

static OktResult *
renew_due (OkaFixture *fixture,
           gboolean    dry_run)
{
  if (dry_run)
    return oka_cli (fixture, NULL, "renew", "--due", "--dry-run", NULL);
  return oka_cli (fixture, NULL, "renew", "--due", NULL);
}

static void
assert_line (OktResult  *result,
             const char *status,
             const char *id)
{
  g_autofree char *out = ok_test_cli_stdout (result);
  g_autofree char *start = g_strdup_printf ("%-9s %s  ", status, id);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], start))
      return;

  g_error ("no line starting “%s” in:\n%s", start, out);
}

static void
test_nothing_to_do (OkaFixture    *fixture,
                    gconstpointer  data)
{
  g_autoptr(OktResult) empty = renew_due (fixture, FALSE);
  g_autofree char *id = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *serial_after = NULL;

  g_assert_cmpint (empty->exit_status, ==, 0);

  id = oka_issue (fixture, "REF-DUE-NOTDUE-1", "2000-0001", NULL);
  serial = serial_of (fixture, id);
  {
    g_autoptr(OktResult) result = renew_due (fixture, FALSE);

    g_assert_cmpint (result->exit_status, ==, 0);
    assert_line (result, "not due", id);
  }
  serial_after = serial_of (fixture, id);
  g_assert_cmpstr (serial_after, ==, serial);
  g_assert_cmpuint (count_events (fixture, id, "RENEWED"), ==, 0);
}

/* due, failing (the CA refuses its renewal), not due, and then an expired one. */
static void
test_mixed (OkaFixture    *fixture,
            gconstpointer  data)
{
  g_autofree char *due = oka_issue (fixture, "REF-DUE-DUE-2", "2000-0002", NULL);
  g_autofree char *failing = oka_issue (fixture, "REF-DUE-FAIL-2", "2000-0003", NULL);
  g_autofree char *not_due = oka_issue (fixture, "REF-DUE-NOTDUE-2", "2000-0004", NULL);
  g_autofree char *expired = NULL;
  g_autofree char *due_serial = serial_of (fixture, due);
  g_autofree char *failing_serial = serial_of (fixture, failing);
  g_autofree char *not_due_serial = serial_of (fixture, not_due);

  {
    g_autoptr(OktResult) result = renew_due (fixture, FALSE);
    g_autofree char *due_after = serial_of (fixture, due);
    g_autofree char *failing_after = serial_of (fixture, failing);
    g_autofree char *not_due_after = serial_of (fixture, not_due);
    g_autofree char *due_event = last_event_type (fixture, due);
    g_autofree char *failing_event = last_event_type (fixture, failing);
    g_autofree char *out = ok_test_cli_stdout (result);

    g_test_message ("%s", out);
    g_assert_cmpint (result->exit_status, ==, 3);
    assert_line (result, "renewed", due);
    assert_line (result, "failed", failing);
    assert_line (result, "not due", not_due);
    g_assert_nonnull (strstr (out, "Renewed 1, failed 1, expired 0, not due 1"));

    g_assert_cmpstr (due_after, !=, due_serial);
    g_assert_cmpstr (due_event, ==, "RENEWED");
    g_assert_cmpstr (failing_after, ==, failing_serial);
    g_assert_cmpstr (failing_event, ==, "RENEW_ERROR");
    g_assert_cmpstr (not_due_after, ==, not_due_serial);
    g_assert_cmpuint (count_events (fixture, not_due, "RENEWED"), ==, 0);
  }

  /* An expired certificate outranks a failed renewal: exit 4. */
  expired = oka_import_expired (fixture, "Expired one");
  {
    g_autoptr(OktResult) result = renew_due (fixture, FALSE);
    g_autofree char *out = ok_test_cli_stdout (result);

    g_test_message ("%s", out);
    g_assert_cmpint (result->exit_status, ==, 4);
    assert_line (result, "expired", expired);
    assert_line (result, "failed", failing);
    /* Renewed with ten days of life, the due certificate is due again and renewed again. */
    assert_line (result, "renewed", due);
    g_assert_cmpuint (count_events (fixture, due, "RENEWED"), ==, 2);
    g_assert_cmpuint (count_events (fixture, failing, "RENEW_ERROR"), ==, 2);
  }
}

static void
test_dry_run_changes_nothing (OkaFixture    *fixture,
                              gconstpointer  data)
{
  g_autofree char *due = oka_issue (fixture, "REF-DUE-DUE-3", "2000-0005", NULL);
  g_autofree char *failing = oka_issue (fixture, "REF-DUE-FAIL-3", "2000-0006", NULL);
  g_autofree char *not_due = oka_issue (fixture, "REF-DUE-NOTDUE-3", "2000-0007", NULL);
  g_autofree char *marker = g_build_filename (fixture->work, "hook-ran", NULL);
  g_autofree char *body = g_strdup_printf ("touch '%s'\n", marker);
  g_autofree char *hook = oka_write_script (fixture, "hook.sh", body);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;

  {
    g_autoptr(OktResult) command = oka_cli (fixture, NULL, "deploy", due, "--command", hook, NULL);
    g_assert_cmpint (command->exit_status, ==, 0);
  }

  before = snapshot (fixture->store);
  {
    g_autoptr(OktResult) result = renew_due (fixture, TRUE);
    g_autofree char *out = ok_test_cli_stdout (result);

    g_test_message ("%s", out);
    g_assert_cmpint (result->exit_status, ==, 0);
    assert_line (result, "due", due);
    assert_line (result, "due", failing);
    assert_line (result, "not due", not_due);
    /* The deploy actions that would follow are named, and not run. */
    g_assert_nonnull (strstr (out, hook));
  }
  after = snapshot (fixture->store);

  assert_same_snapshot (before, after);
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
}

/* The renewal succeeds but its deploy hook fails: exit 5, and the certificate is renewed. */
static void
test_deploy_failure (OkaFixture    *fixture,
                     gconstpointer  data)
{
  g_autofree char *due = oka_issue (fixture, "REF-DUE-DUE-4", "2000-0008", NULL);
  g_autofree char *hook = oka_write_script (fixture, "fail.sh", "echo no; exit 3\n");
  g_autofree char *serial = serial_of (fixture, due);
  g_autofree char *serial_after = NULL;
  g_autofree char *event = NULL;

  {
    g_autoptr(OktResult) command = oka_cli (fixture, NULL, "deploy", due, "--command", hook, NULL);
    g_autoptr(OktResult) result = renew_due (fixture, FALSE);

    g_assert_cmpint (command->exit_status, ==, 0);
    g_assert_cmpint (result->exit_status, ==, 5);
    assert_line (result, "renewed", due);
    g_assert_nonnull (strstr (result->err, "exit status 3"));
  }

  serial_after = serial_of (fixture, due);
  g_assert_cmpstr (serial_after, !=, serial);
  event = last_event_type (fixture, due);
  g_assert_cmpstr (event, ==, "DEPLOY_ERROR");
  g_assert_cmpuint (count_events (fixture, due, "RENEWED"), ==, 1);
}

/* Hooks that print nothing, one of them failing, on every due certificate: each is renewed and
 * deployed in turn, and the run ends with the deploy failure's exit code. */
static void
test_silent_hooks (OkaFixture    *fixture,
                   gconstpointer  data)
{
  g_autofree char *first = oka_issue (fixture, "REF-DUE-SILENT-1", "2000-0009", NULL);
  g_autofree char *second = oka_issue (fixture, "REF-DUE-SILENT-2", "2000-0010", NULL);
  g_autofree char *third = oka_issue (fixture, "REF-DUE-SILENT-3", "2000-0011", NULL);
  g_autofree char *quiet = oka_write_script (fixture, "quiet.sh", "exit 0\n");
  g_autofree char *quiet_fail = oka_write_script (fixture, "quiet-fail.sh", "exit 7\n");
  const char *ids[] = { first, second, third };

  {
    g_autoptr(OktResult) a = oka_cli (fixture, NULL, "deploy", first, "--command", quiet, NULL);
    g_autoptr(OktResult) b = oka_cli (fixture, NULL, "deploy", second, "--command", quiet_fail, NULL);
    g_autoptr(OktResult) c = oka_cli (fixture, NULL, "deploy", third, "--command", quiet, NULL);

    g_assert_cmpint (a->exit_status + b->exit_status + c->exit_status, ==, 0);
  }

  {
    g_autoptr(OktResult) result = renew_due (fixture, FALSE);
    g_autofree char *out = ok_test_cli_stdout (result);

    g_test_message ("%s\n%s", out, result->err);
    g_assert_cmpint (result->exit_status, ==, 5);
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      assert_line (result, "renewed", ids[i]);
    g_assert_nonnull (strstr (result->err, "exit status 7"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *event = last_event_type (fixture, ids[i]);

      g_assert_cmpuint (count_events (fixture, ids[i], "RENEWED"), ==, 1);
      g_assert_cmpstr (event, ==, ids[i] == second ? "DEPLOY_ERROR" : "DEPLOYED");
    }
}

/* Every exit code in the README's table, each from the command that documents it, and the
 * table itself in --help. */
static void
test_exit_codes (OkaFixture    *fixture,
                 gconstpointer  data)
{
  g_autofree char *failing = oka_issue (fixture, "REF-DUE-CODES", "2000-0012", NULL);
  g_autofree char *hook = oka_write_script (fixture, "fails.sh", "exit 1\n");
  g_autofree char *expired = NULL;

  {
    g_autoptr(OktResult) help = oka_cli (fixture, NULL, "--help", NULL);
    g_autofree char *out = ok_test_cli_stdout (help);

    g_assert_cmpint (help->exit_status, ==, 0);
    g_assert_nonnull (strstr (out, "Exit codes:"));
    for (guint code = 0; code <= 5; code++)
      {
        g_autofree char *row = g_strdup_printf ("\n  %u  ", code);

        g_assert_nonnull (strstr (out, row));
      }
  }

  /* 0: nothing has expired. */
  {
    g_autoptr(OktResult) status = oka_cli (fixture, NULL, "status", NULL);
    g_autoptr(OktResult) status_json = oka_cli (fixture, NULL, "status", "--json", NULL);

    g_assert_cmpint (status->exit_status, ==, 0);
    g_assert_cmpint (status_json->exit_status, ==, 0);
  }

  /* 1: no such certificate. 2: wrong usage. */
  {
    g_autoptr(OktResult) missing = oka_cli (fixture, NULL, "show", "ffffffffffff", NULL);
    g_autoptr(OktResult) unknown = oka_cli (fixture, NULL, "frobnicate", NULL);
    g_autoptr(OktResult) extra = oka_cli (fixture, NULL, "status", "extra", NULL);

    g_assert_cmpint (missing->exit_status, ==, 1);
    g_assert_cmpint (unknown->exit_status, ==, 2);
    g_assert_cmpint (extra->exit_status, ==, 2);
  }

  /* 3: the CA refuses the renewal. */
  {
    g_autoptr(OktResult) renewed = oka_cli (fixture, NULL, "renew", failing, NULL);

    g_assert_cmpint (renewed->exit_status, ==, 3);
  }

  /* 4: status in every format, after printing or writing its report, while one has expired. */
  expired = oka_import_expired (fixture, "Expired for status");
  {
    g_autofree char *prom = g_build_filename (fixture->work, "oces.prom", NULL);
    g_autoptr(OktResult) status = oka_cli (fixture, NULL, "status", NULL);
    g_autoptr(OktResult) status_json = oka_cli (fixture, NULL, "status", "--json", NULL);
    g_autoptr(OktResult) report = oka_cli (fixture, NULL, "status", "--format=json", NULL);
    g_autoptr(OktResult) metrics = oka_cli (fixture, NULL, "status", "--format=prometheus", "--output", prom, NULL);
    g_autoptr(OktResult) renewed = oka_cli (fixture, NULL, "renew", expired, NULL);
    g_autofree char *out = ok_test_cli_stdout (status);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (status->exit_status, ==, 4);
    g_assert_nonnull (strstr (out, expired));
    g_assert_cmpint (status_json->exit_status, ==, 4);
    json_parser_load_from_data (parser, g_bytes_get_data (status_json->out, NULL), g_bytes_get_size (status_json->out), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 2);
    g_assert_cmpint (report->exit_status, ==, 4);
    g_assert_cmpint (metrics->exit_status, ==, 4);
    g_assert_true (g_file_test (prom, G_FILE_TEST_EXISTS));
    g_assert_cmpint (renewed->exit_status, ==, 4);
  }

  /* 5: the deploy action fails. */
  {
    g_autoptr(OktResult) command = oka_cli (fixture, NULL, "deploy", expired, "--command", hook, NULL);
    g_autoptr(OktResult) run = oka_cli (fixture, NULL, "deploy", expired, "--run", NULL);

    g_assert_cmpint (command->exit_status, ==, 0);
    g_assert_cmpint (run->exit_status, ==, 5);
  }
}

/* An OCES2 certificate with its key, inside its window and with automatic renewal on as
 * imported, never enters the OCES3 renewal flow: not by --due, its dry run, or by hand. */
static void
test_oces2_never_renewed (OkaFixture    *fixture,
                          gconstpointer  data)
{
  g_autofree char *id = oka_import_oces2 (fixture, "Old OCES2");
  g_autoptr(JsonNode) shown = oka_show (fixture, id);
  JsonObject *renewal = json_object_get_object_member (json_node_get_object (shown), "renewal");

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "environment"), ==, "test");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (shown), "has_private_key"));
  g_assert_false (json_object_get_boolean_member (renewal, "automatic"));
  g_assert_nonnull (strstr (json_object_get_string_member (renewal, "refusal"), "OCES3"));
  g_assert_true (json_object_get_null_member (renewal, "next_attempt"));
  /* Nothing renews it, so it is not "Renewal due" but needs a person. */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "state"), ==, "expiring-soon");

  for (guint dry = 0; dry <= 1; dry++)
    {
      g_autoptr(OktResult) result = renew_due (fixture, dry);
      g_autofree char *out = ok_test_cli_stdout (result);

      g_test_message ("%s", out);
      g_assert_cmpint (result->exit_status, ==, 0);
      assert_line (result, "manual", id);
      g_assert_nonnull (strstr (out, "OCES2"));
    }

  {
    g_autoptr(OktResult) renewed = oka_cli (fixture, NULL, "renew", id, NULL);
    g_autoptr(OktResult) show = oka_cli (fixture, NULL, "show", id, NULL);
    g_autofree char *show_text = ok_test_cli_stdout (show);

    g_assert_cmpint (renewed->exit_status, ==, 3);
    g_assert_nonnull (strstr (renewed->err, "OCES2"));
    g_assert_nonnull (strstr (show_text, "OCES3"));
  }

  /* The monitor skips it too. */
  {
    g_autoptr(OktResult) monitored = oka_cli (fixture, NULL, "monitor", "--once", NULL);

    g_assert_cmpint (monitored->exit_status, ==, 0);
  }

  g_assert_cmpuint (count_events (fixture, id, "RENEWED"), ==, 0);
  g_assert_cmpuint (count_events (fixture, id, "RENEW_ERROR"), ==, 0);
}

/* The most renewal requests the CA saw in flight at once, from the log line @from on. */
static guint
most_renewals_in_flight (OkaFixture *fixture,
                         guint       from,
                         guint      *count)
{
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  guint most = 0;

  g_assert_true (g_file_get_contents (fixture->ca->request_log, &log, NULL, NULL));
  lines = g_strsplit (log, "\n", -1);
  *count = 0;
  for (guint i = from; i < g_strv_length (lines); i++)
    if (g_str_has_prefix (lines[i], "renew "))
      {
        most = MAX (most, (guint) g_ascii_strtoull (lines[i] + strlen ("renew "), NULL, 10));
        (*count)++;
      }

  return most;
}

static guint
log_lines (OkaFixture *fixture)
{
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (fixture->ca->request_log, &log, NULL, NULL));
  lines = g_strsplit (log, "\n", -1);
  return g_strv_length (lines) - 1;
}

/* Renewals run side by side (here three at once, whatever the machine's processors), the CA sees
 * them in flight together, never more than asked, and the outcome and its report are those of
 * renewals one after another: every line, in the store's order, and exit 0. */
static void
test_parallel (OkaFixture    *fixture,
               gconstpointer  data)
{
  const char *env[] = { fixture->env[0], fixture->env[1], fixture->env[2], fixture->env[3],
                        fixture->env[4], fixture->env[5], "OK_RENEW_JOBS", PARALLEL_JOBS, NULL };
  g_autofree char *ids[N_PARALLEL] = { NULL };
  g_autofree char *serials[N_PARALLEL] = { NULL };
  g_autoptr(OktResult) result = NULL;
  g_autofree char *out = NULL;
  const char *previous = NULL;
  guint from, most, count;

  for (guint i = 0; i < N_PARALLEL; i++)
    {
      g_autofree char *reference = g_strdup_printf ("REF-PAR-%u", i + 1);
      g_autofree char *code = g_strdup_printf ("3000-000%u", i + 1);

      ids[i] = oka_issue (fixture, reference, code, NULL);
      serials[i] = serial_of (fixture, ids[i]);
    }

  ok_test_ca_set_scenario (fixture->ca, parallel_slow_scenario);
  from = log_lines (fixture);
  result = ok_test_cli (fixture->store, NULL, env, "renew", "--due", NULL);
  out = ok_test_cli_stdout (result);
  g_test_message ("%s", out);

  g_assert_cmpint (result->exit_status, ==, 0);
  g_assert_nonnull (strstr (out, "Renewed 5, failed 0, expired 0, not due 0, need a person 0."));

  most = most_renewals_in_flight (fixture, from, &count);
  g_test_message ("%u renewal requests, at most %u in flight at once", count, most);
  g_assert_cmpuint (count, ==, N_PARALLEL);
  g_assert_cmpuint (most, >=, 2);
  g_assert_cmpuint (most, <=, 3);

  for (guint i = 0; i < N_PARALLEL; i++)
    {
      g_autofree char *serial = serial_of (fixture, ids[i]);
      g_autofree char *event = last_event_type (fixture, ids[i]);

      assert_line (result, "renewed", ids[i]);
      g_assert_cmpstr (serial, !=, serials[i]);
      g_assert_cmpstr (event, ==, "RENEWED");
      g_assert_cmpuint (count_events (fixture, ids[i], "RENEWED"), ==, 1);
    }

  /* The lines come in the store's order, as a dry run (which renews nothing, so nothing runs
   * side by side) prints them, not in the order the renewals ended. */
  {
    g_autoptr(OktResult) dry = ok_test_cli (fixture->store, NULL, env, "renew", "--due", "--dry-run", NULL);
    g_autofree char *dry_out = ok_test_cli_stdout (dry);
    g_auto(GStrv) dry_lines = g_strsplit (dry_out, "\n", -1);

    for (guint i = 0; dry_lines[i] != NULL; i++)
      {
        g_autofree char *start = NULL;
        const char *line;

        if (!g_str_has_prefix (dry_lines[i], "due       "))
          continue;
        start = g_strdup_printf ("renewed   %.12s  ", dry_lines[i] + strlen ("due       "));
        line = strstr (out, start);
        g_assert_nonnull (line);
        g_assert_true (previous == NULL || line > previous);
        previous = line;
      }
    g_assert_nonnull (previous);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/renew-due/nothing-to-do", OkaFixture, NULL, fixture_set_up, test_nothing_to_do, fixture_tear_down);
  g_test_add ("/renew-due/mixed", OkaFixture, NULL, fixture_set_up, test_mixed, fixture_tear_down);
  g_test_add ("/renew-due/dry-run-changes-nothing", OkaFixture, NULL, fixture_set_up, test_dry_run_changes_nothing,
              fixture_tear_down);
  g_test_add ("/renew-due/deploy-failure", OkaFixture, NULL, fixture_set_up, test_deploy_failure, fixture_tear_down);
  g_test_add ("/renew-due/exit-codes", OkaFixture, NULL, fixture_set_up, test_exit_codes, fixture_tear_down);
  g_test_add ("/renew-due/oces2-never-renewed", OkaFixture, NULL, fixture_set_up, test_oces2_never_renewed,
              fixture_tear_down);
  g_test_add ("/renew-due/silent-hooks", OkaFixture, NULL, fixture_set_up, test_silent_hooks, fixture_tear_down);
  g_test_add ("/renew-due/parallel", OkaFixture, NULL, parallel_set_up, test_parallel, fixture_tear_down);

  return g_test_run ();
}
