/* test-store-processes.c — several real processes on one store at once, as in real use: two
 * `renew` loops on the same certificates, imports racing for the same file, deploy-action
 * edits, removals, `monitor --once` and `list`, all against the reference CA for a bounded
 * time. Afterwards every key opens and matches its certificate (openssl judges), every
 * renewal that said so has its RENEWED event, nothing is damaged or duplicated, and no
 * keyring item is orphaned.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-automation-test-util.h"
#include "ok-keys-test-util.h"
#include "ok-store-test-util.h"

#define SECONDS_OF_CHAOS 20
#define IMPORTS 6

static const char scenario[] =
  OKA_SCENARIO (OKA_PROFILE ("REF-PROC-0001", "1111-0001", "11111111", "Process one", "")
                "," OKA_PROFILE ("REF-PROC-0002", "1111-0002", "11111111", "Process two", ""));

/* A bash loop that runs until the deadline; its lines go to @name.out in the work folder. */
static GSubprocess *
spawn_loop (OkaFixture *fixture,
            const char *name,
            const char *body)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autofree char *out = g_strdup_printf ("%s/%s.out", fixture->work, name);
  g_autofree char *script = g_strdup_printf ("end=$((SECONDS + %d)); i=0\n"
                                             "while [ $SECONDS -lt $end ]; do i=$((i + 1))\n%s\ndone\n",
                                             SECONDS_OF_CHAOS, body);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "OK_DATA_DIR", fixture->store, TRUE);
  g_subprocess_launcher_setenv (launcher, "OK_TEST_ENDPOINT", fixture->env[1], TRUE);
  g_subprocess_launcher_setenv (launcher, "OK_TEST_CA_FILE", fixture->env[3], TRUE);
  g_subprocess_launcher_setenv (launcher, "OK_TEST_ROOTS", fixture->env[3], TRUE);
  g_subprocess_launcher_setenv (launcher, "CLI", g_getenv ("OK_CLI"), TRUE);
  g_subprocess_launcher_setenv (launcher, "WORK", fixture->work, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, out);
  g_autofree char *err = g_strdup_printf ("%s/%s.err", fixture->work, name);

  g_subprocess_launcher_set_stderr_file_path (launcher, err);
  process = g_subprocess_launcher_spawn (launcher, &error, "bash", "-c", script, NULL);
  g_assert_no_error (error);

  return process;
}

static guint
count_lines (OkaFixture *fixture,
             const char *name,
             const char *line)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.out", fixture->work, name);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint count = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (lines[i], line))
      count++;

  return count;
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

static void
test_chaos (OkaFixture    *fixture,
            gconstpointer  data)
{
  g_autofree char *first = oka_issue (fixture, "REF-PROC-0001", "1111-0001", "Process one");
  g_autofree char *second = oka_issue (fixture, "REF-PROC-0002", "1111-0002", "Process two");
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *renew_body = NULL;
  g_autofree char *renew_a = NULL;
  g_autofree char *renew_b = NULL;
  g_autofree char *sweeper = g_strdup_printf ("%s/import-0.pem", fixture->work);
  g_autofree char *settings_body = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(OktResult) listed = NULL;
  guint renewed_first, renewed_second;

  /* Monitor-only certificates to import twice at once, and to remove again. */
  for (guint i = 0; i < IMPORTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/import-%u", fixture->work, i);
      g_autofree char *subject = g_strdup_printf ("/CN=Imported %u", i);
      g_autofree char *key = g_strconcat (name, ".key", NULL);
      g_autofree char *pem = g_strconcat (name, ".pem", NULL);
      const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                             "-nodes", "-keyout", key, "-out", pem, "-subj", subject, "-days", "90", NULL };
      g_autofree char *ignored = okt_run_ok (NULL, NULL, NULL, argv);
    }

  renew_body = g_strdup_printf ("for id in %s %s; do \"$CLI\" renew $id > /dev/null 2>> \"$WORK/renew-$NAME.log\" && echo $id; done",
                                first, second);
  renew_a = g_strdup_printf ("NAME=a; %s", renew_body);
  renew_b = g_strdup_printf ("NAME=b; %s", renew_body);
  g_ptr_array_add (processes, spawn_loop (fixture, "renew-a", renew_a));
  g_ptr_array_add (processes, spawn_loop (fixture, "renew-b", renew_b));
  g_ptr_array_add (processes, spawn_loop (fixture, "import",
    "n=$((i % " G_STRINGIFY (IMPORTS) "))\n"
    "\"$CLI\" import \"$WORK/import-$n.pem\" --name \"Imported $n\" > /dev/null 2>&1 &\n"
    "\"$CLI\" import \"$WORK/import-$n.pem\" --name \"Imported $n\" > /dev/null 2>&1; wait"));
  g_ptr_array_add (processes, spawn_loop (fixture, "remove",
    "for id in $(\"$CLI\" list | awk '/Imported/ { print $1 }'); do \"$CLI\" remove $id > /dev/null 2>&1; done; sleep 0.5"));
  settings_body = g_strdup_printf ("\"$CLI\" deploy %s --export pem:\"$WORK/deployed-$i.pem\" > /dev/null 2>&1\n"
                                   "\"$CLI\" deploy %s --clear > /dev/null 2>&1", first, second);
  g_ptr_array_add (processes, spawn_loop (fixture, "settings", settings_body));
  g_ptr_array_add (processes, spawn_loop (fixture, "monitor", "\"$CLI\" monitor --once --json > /dev/null 2>&1"));
  g_ptr_array_add (processes, spawn_loop (fixture, "list",
    "\"$CLI\" list --json > /dev/null 2> \"$WORK/list-$i.err\" || echo list-failed; "
    "grep -l damaged \"$WORK/list-$i.err\" > /dev/null && echo damaged"));

  for (guint i = 0; i < processes->len; i++)
    {
      g_autoptr(GError) error = NULL;

      g_subprocess_wait (g_ptr_array_index (processes, i), NULL, &error);
      g_assert_no_error (error);
    }

  /* Nothing damaged, ever; nothing listed twice. */
  g_assert_cmpuint (count_lines (fixture, "list", "list-failed"), ==, 0);
  g_assert_cmpuint (count_lines (fixture, "list", "damaged"), ==, 0);
  listed = oka_cli (fixture, NULL, "list", "--json", NULL);
  g_assert_cmpint (listed->exit_status, ==, 0);
  g_assert_null (strstr (listed->err, "damaged"));
  {
    g_autoptr(GHashTable) fingerprints = g_hash_table_new (g_str_hash, g_str_equal);
    JsonArray *entries;

    list = ok_test_cli_json (listed);
    entries = json_node_get_array (list);
    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *facts = json_object_get_object_member (json_array_get_object_element (entries, i), "certificate");
        const char *fingerprint = json_object_get_string_member (facts, "sha256_fingerprint");

        g_assert_false (g_hash_table_contains (fingerprints, fingerprint));
        g_hash_table_add (fingerprints, (gpointer) fingerprint);
      }
  }

  /* Every renewal that succeeded is in the log, and none is there that did not. */
  renewed_first = count_lines (fixture, "renew-a", first) + count_lines (fixture, "renew-b", first);
  renewed_second = count_lines (fixture, "renew-a", second) + count_lines (fixture, "renew-b", second);
  g_test_message ("renewals: %u and %u", renewed_first, renewed_second);
  g_assert_cmpuint (renewed_first + renewed_second, >, 0);
  g_assert_cmpuint (count_events (fixture, first, "RENEWED"), ==, renewed_first);
  g_assert_cmpuint (count_events (fixture, second, "RENEWED"), ==, renewed_second);

  /* The keys are whole, and the keyring holds exactly the store's current keys. */
  ok_test_cli_assert_key_matches (fixture->store, fixture->work, first);
  ok_test_cli_assert_key_matches (fixture->store, fixture->work, second);
  {
    g_autoptr(OktResult) sweeping = oka_cli (fixture, NULL, "import", sweeper, "--name", "Sweeper", NULL);
    g_autoptr(sqlite3) db = okt_db_open (fixture->store);
    g_autofree char *store_id = okt_db_text (db, "SELECT value FROM meta WHERE name = 'store-id'");
    g_autofree char *prefix = g_strdup_printf ("key-%s-", store_id);
    g_auto(GStrv) ids = okt_keyring_ids (prefix);

    g_assert_cmpint (g_strv_length (ids), ==, okt_db_int (db, "SELECT count(*) FROM generations WHERE key IS NOT NULL"));
    g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM generations WHERE key IS NOT NULL"), ==, 2);
    g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM leases"), ==, 0);
  }
}

static void
fixture_set_up (OkaFixture    *fixture,
                gconstpointer  data)
{
  oka_fixture_set_up (fixture, data);
}

static void
fixture_tear_down (OkaFixture    *fixture,
                   gconstpointer  data)
{
  oka_fixture_tear_down (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-processes/renew-import-edit-remove-at-once", OkaFixture, scenario,
              fixture_set_up, test_chaos, fixture_tear_down);

  return g_test_run ();
}
