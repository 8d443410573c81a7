/* test-cli.c — oces-keeper-cli driven as a user or a script would, checked by openssl
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ok-store-test-util.h"
#include "ok-test-cli.h"

typedef struct
{
  char *store;
  char *work;
} Fixture;

static OktPki *pki;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = okt_make_tmpdir ();
  fixture->work = okt_make_tmpdir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  okt_remove_tree (fixture->store);
  okt_remove_tree (fixture->work);
  g_free (fixture->store);
  g_free (fixture->work);
}

#define cli(fixture, input, env, ...) ok_test_cli ((fixture)->store, (input), (env), __VA_ARGS__)

static JsonArray *
list_json (Fixture  *fixture,
           JsonNode **holder)
{
  *holder = ok_test_cli_list (fixture->store);
  return json_node_get_array (*holder);
}

static char *
write_bundle (Fixture    *fixture,
              const char *name,
              gboolean    with_key)
{
  g_autofree char *leaf = NULL;
  g_autofree char *chain = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  char *path = g_build_filename (fixture->work, name, NULL);

  g_assert_true (g_file_get_contents (pki->leaf_pem, &leaf, NULL, NULL));
  g_assert_true (g_file_get_contents (pki->chain_pem, &chain, NULL, NULL));
  if (with_key)
    g_assert_true (g_file_get_contents (pki->leaf_key, &key, NULL, NULL));
  text = g_strconcat (leaf, chain, key, NULL);
  okt_write_text (path, text);

  return path;
}

static void
test_version_and_help (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(OktResult) version = cli (fixture, NULL, NULL, "--version", NULL);
  g_autoptr(OktResult) help = cli (fixture, NULL, NULL, "--help", NULL);
  g_autoptr(OktResult) unknown = cli (fixture, NULL, NULL, "frobnicate", NULL);
  g_autofree char *version_text = ok_test_cli_stdout (version);
  g_autofree char *help_text = ok_test_cli_stdout (help);

  g_assert_cmpint (version->exit_status, ==, 0);
  g_assert_cmpstr (version_text, ==, "oces-keeper-cli " PACKAGE_VERSION "\n");
  g_assert_cmpint (help->exit_status, ==, 0);
  g_assert_nonnull (strstr (help_text, "import"));
  g_assert_nonnull (strstr (help_text, "renew"));
  g_assert_cmpint (unknown->exit_status, ==, 2);
  g_assert_nonnull (strstr (unknown->err, "frobnicate"));
}

static void
test_import_list_show_log (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *bundle = write_bundle (fixture, "bundle.pem", TRUE);
  g_autoptr(OktResult) imported = cli (fixture, NULL, NULL, "import", bundle, "--name", "Skat", NULL);
  g_autoptr(OktResult) again = NULL;
  g_autoptr(OktResult) show = NULL;
  g_autoptr(OktResult) log = NULL;
  g_autoptr(OktResult) human = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) events = NULL;
  g_autofree char *human_text = NULL;
  JsonArray *certificates;
  JsonObject *entry;
  const char *id;

  g_assert_cmpint (imported->exit_status, ==, 0);

  certificates = list_json (fixture, &list);
  g_assert_cmpuint (json_array_get_length (certificates), ==, 1);
  entry = json_array_get_object_element (certificates, 0);
  id = json_object_get_string_member (entry, "id");
  g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, "Skat");
  g_assert_true (json_object_get_boolean_member (entry, "has_private_key"));
  /* The fixture is short-lived, so it may already be inside the default 30-day window. */
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==,
                   json_object_get_int_member (entry, "days_left") > 30 ? "valid" : "renewal-due");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (entry, "chain")), ==, 2);

  /* The same file again: a clear error, and still one entry. */
  again = cli (fixture, NULL, NULL, "import", bundle, NULL);
  g_assert_cmpint (again->exit_status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already in OCES Keeper"));

  /* A prefix of the id is enough, as long as it is unambiguous. */
  {
    g_autofree char *prefix = g_strndup (id, 6);
    show = cli (fixture, NULL, NULL, "show", prefix, "--json", NULL);
  }
  shown = ok_test_cli_json (show);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (shown), "certificate"),
                                                  "subject_cn"), ==, "Test Leaf");

  log = cli (fixture, NULL, NULL, "log", id, "--json", NULL);
  events = ok_test_cli_json (log);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (events)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (events), 0), "type"),
                   ==, "IMPORTED");

  human = cli (fixture, NULL, NULL, "list", NULL);
  human_text = ok_test_cli_stdout (human);
  g_assert_nonnull (strstr (human_text, "ID"));
  g_assert_nonnull (strstr (human_text, "Skat"));
  g_assert_nonnull (strstr (human_text, json_object_get_int_member (entry, "days_left") > 30 ? "Valid" : "Renewal due"));
}

static void
test_import_pkcs12_password_from_stdin (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autofree char *p12 = g_build_filename (fixture->work, "bundle.p12", NULL);
  const char *env[] = { OKT_PASS_VARIABLE, "fixture-password", NULL };
  const char *argv[] = { "openssl", "pkcs12", "-export", "-in", pki->leaf_pem, "-inkey", pki->leaf_key,
                         "-certfile", pki->chain_pem, "-out", p12, "-passout", "env:" OKT_PASS_VARIABLE, NULL };
  g_autoptr(OktResult) wrong = NULL;
  g_autoptr(OktResult) empty = NULL;
  g_autoptr(OktResult) right = NULL;
  g_autoptr(JsonNode) list = NULL;

  g_assert_true (okt_run_succeeds (NULL, env, NULL, argv));

  wrong = cli (fixture, "not-the-password\n", NULL, "import", p12, NULL);
  g_assert_cmpint (wrong->exit_status, ==, 1);
  g_assert_nonnull (strstr (wrong->err, "Error:"));
  g_assert_cmpuint (json_array_get_length (list_json (fixture, &list)), ==, 0);
  g_clear_pointer (&list, json_node_unref);

  empty = cli (fixture, "", NULL, "import", p12, NULL);
  g_assert_cmpint (empty->exit_status, ==, 1);

  right = cli (fixture, "fixture-password\n", NULL, "import", p12, NULL);
  g_assert_cmpint (right->exit_status, ==, 0);
  g_assert_cmpuint (json_array_get_length (list_json (fixture, &list)), ==, 1);
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *bundle = write_bundle (fixture, "bundle.pem", TRUE);
  g_autofree char *p12 = g_build_filename (fixture->work, "out.p12", NULL);
  g_autofree char *legacy = g_build_filename (fixture->work, "legacy.p12", NULL);
  g_autofree char *key = g_build_filename (fixture->work, "out.key", NULL);
  g_autofree char *chain = g_build_filename (fixture->work, "chain.pem", NULL);
  g_autofree char *fullchain = g_build_filename (fixture->work, "fullchain.pem", NULL);
  g_autofree char *leaf = g_build_filename (fixture->work, "leaf.pem", NULL);
  g_autoptr(OktResult) imported = cli (fixture, NULL, NULL, "import", bundle, NULL);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) events = NULL;
  g_autoptr(OktResult) log = NULL;
  const char *env[] = { OKT_PASS_VARIABLE, "export-password", NULL };
  const char *id;
  GStatBuf st;

  g_assert_cmpint (imported->exit_status, ==, 0);
  id = json_object_get_string_member (json_array_get_object_element (list_json (fixture, &list), 0), "id");

  {
    g_autoptr(OktResult) out = cli (fixture, "export-password\n", NULL, "export", id, "--format", "p12", "--output", p12, NULL);
    g_autoptr(OktResult) out_legacy = cli (fixture, "export-password\n", NULL, "export", id, "--format", "p12", "--legacy", "--output", legacy, NULL);
    g_autoptr(OktResult) out_key = cli (fixture, "export-password\n", NULL, "export", id, "--format", "key", "--output", key, NULL);
    g_autoptr(OktResult) out_chain = cli (fixture, NULL, NULL, "export", id, "--format", "chain", "--output", chain, NULL);
    g_autoptr(OktResult) out_fullchain = cli (fixture, NULL, NULL, "export", id, "--format", "fullchain", "--output", fullchain, NULL);
    g_autoptr(OktResult) out_leaf = cli (fixture, NULL, NULL, "export", id, "--format", "pem", "--output", leaf, NULL);
    g_autoptr(OktResult) no_password = cli (fixture, "\n", NULL, "export", id, "--format", "p12", "--output", p12, NULL);
    g_autofree char *fullchain_text = NULL;
    g_autofree char *leaf_text = NULL;
    g_autofree char *chain_text = NULL;
    g_autofree char *joined = NULL;

    g_assert_cmpint (out->exit_status, ==, 0);
    g_assert_cmpint (out_legacy->exit_status, ==, 0);
    g_assert_cmpint (out_key->exit_status, ==, 0);
    g_assert_cmpint (out_chain->exit_status, ==, 0);
    g_assert_cmpint (no_password->exit_status, ==, 1);

    /* fullchain: the leaf, then the chain, like the deploy format. */
    g_assert_cmpint (out_fullchain->exit_status, ==, 0);
    g_assert_cmpint (out_leaf->exit_status, ==, 0);
    g_assert_true (g_file_get_contents (fullchain, &fullchain_text, NULL, NULL));
    g_assert_true (g_file_get_contents (leaf, &leaf_text, NULL, NULL));
    g_assert_true (g_file_get_contents (chain, &chain_text, NULL, NULL));
    joined = g_strconcat (leaf_text, chain_text, NULL);
    g_assert_cmpstr (fullchain_text, ==, joined);
  }

  g_assert_cmpint (g_stat (p12, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);

  /* openssl is the judge of what we wrote. */
  {
    const char *p12_argv[] = { "openssl", "pkcs12", "-in", p12, "-noout", "-passin", "env:" OKT_PASS_VARIABLE, NULL };
    const char *legacy_argv[] = { "openssl", "pkcs12", "-in", legacy, "-noout", "-passin", "env:" OKT_PASS_VARIABLE, NULL };
    const char *key_argv[] = { "openssl", "pkey", "-in", key, "-noout", "-passin", "env:" OKT_PASS_VARIABLE, NULL };
    const char *chain_argv[] = { "openssl", "verify", "-CAfile", pki->root_pem, "-untrusted", chain, pki->leaf_pem, NULL };
    const char *wrong_env[] = { OKT_PASS_VARIABLE, "wrong", NULL };

    g_assert_true (okt_run_succeeds (NULL, env, NULL, p12_argv));
    g_assert_false (okt_run_succeeds (NULL, wrong_env, NULL, p12_argv));
    g_assert_true (okt_run_succeeds (NULL, env, NULL, legacy_argv));
    g_assert_true (okt_run_succeeds (NULL, env, NULL, key_argv));
    g_assert_false (okt_run_succeeds (NULL, wrong_env, NULL, key_argv));
    g_assert_true (okt_run_succeeds (NULL, NULL, NULL, chain_argv));
    /* A server that trusts only the root verifies the leaf with the one file. */
    g_assert_true (okt_run_succeeds (NULL, NULL, NULL, (const char *[]) {
      "openssl", "verify", "-CAfile", pki->root_pem, "-untrusted", fullchain, fullchain, NULL }));
  }

  log = cli (fixture, NULL, NULL, "log", id, "--json", NULL);
  events = ok_test_cli_json (log);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (events)), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (events), 6), "type"),
                   ==, "EXPORTED");
}

/* A name with a control character is refused before anything is stored; text from elsewhere
 * (here a hook's output in the log) reaches the terminal without its escape sequences. */
static void
test_control_characters (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *bundle = write_bundle (fixture, "bundle.pem", TRUE);
  g_autoptr(OktResult) newline = cli (fixture, NULL, NULL, "import", bundle, "--name", "two\nlines", NULL);
  g_autoptr(OktResult) escape = cli (fixture, NULL, NULL, "import", bundle, "--name", "bold \033[1m", NULL);
  g_autoptr(JsonNode) list = NULL;

  g_assert_cmpint (newline->exit_status, ==, 2);
  g_assert_nonnull (strstr (newline->err, "A name cannot contain control characters"));
  g_assert_cmpint (escape->exit_status, ==, 2);
  g_assert_cmpuint (json_array_get_length (list_json (fixture, &list)), ==, 0);

  {
    g_autoptr(OktResult) imported = cli (fixture, NULL, NULL, "import", bundle, "--name", "Plain", NULL);
    g_autofree char *hook = g_build_filename (fixture->work, "escape.sh", NULL);
    g_autoptr(OktResult) added = NULL;
    g_autoptr(OktResult) run = NULL;
    g_autoptr(OktResult) log = NULL;
    g_autoptr(OktResult) log_json = NULL;
    g_autofree char *text = NULL;
    g_autofree char *json = NULL;
    const char *id;

    g_assert_cmpint (imported->exit_status, ==, 0);
    g_clear_pointer (&list, json_node_unref);
    id = json_object_get_string_member (json_array_get_object_element (list_json (fixture, &list), 0), "id");
    okt_write_text (hook, "#!/bin/sh\nprintf 'title \\033]0;owned\\007 red \\033[31mX\\r\\n'\n");
    g_assert_cmpint (g_chmod (hook, 0700), ==, 0);
    added = cli (fixture, NULL, NULL, "deploy", id, "--command", hook, NULL);
    run = cli (fixture, NULL, NULL, "deploy", id, "--run", NULL);
    log = cli (fixture, NULL, NULL, "log", id, NULL);
    log_json = cli (fixture, NULL, NULL, "log", id, "--json", NULL);
    g_assert_cmpint (added->exit_status, ==, 0);
    g_assert_cmpint (run->exit_status, ==, 0);
    text = okt_bytes_to_text (log->out);
    json = okt_bytes_to_text (log_json->out);
    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "title ]0;owned red [31mX"));
    g_assert_null (strchr (text, '\033'));
    g_assert_null (strchr (text, '\007'));
    g_assert_null (strchr (text, '\r'));
    /* JSON keeps the output as it was, escaped. */
    g_assert_nonnull (strstr (json, "\\u001b[31m"));
  }
}

/* Exports go to regular files or standard output, never through a link or onto a device. */
static void
test_export_targets (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *bundle = write_bundle (fixture, "bundle.pem", TRUE);
  g_autofree char *real = g_build_filename (fixture->work, "real.pem", NULL);
  g_autofree char *link = g_build_filename (fixture->work, "link.pem", NULL);
  g_autoptr(OktResult) imported = cli (fixture, NULL, NULL, "import", bundle, NULL);
  g_autoptr(OktResult) through_link = NULL;
  g_autoptr(OktResult) onto_device = NULL;
  g_autoptr(OktResult) to_stdout = NULL;
  g_autoptr(OktResult) p12_to_pipe = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *real_text = NULL;
  g_autofree char *printed = NULL;
  const char *id;

  g_assert_cmpint (imported->exit_status, ==, 0);
  id = json_object_get_string_member (json_array_get_object_element (list_json (fixture, &list), 0), "id");

  okt_write_text (real, "what the link points to\n");
  g_assert_cmpint (symlink (real, link), ==, 0);
  through_link = cli (fixture, NULL, NULL, "export", id, "--format", "pem", "--output", link, NULL);
  g_assert_cmpint (through_link->exit_status, ==, 1);
  g_assert_nonnull (strstr (through_link->err, "symbolic link"));
  g_assert_true (g_file_get_contents (real, &real_text, NULL, NULL));
  g_assert_cmpstr (real_text, ==, "what the link points to\n");
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));

  onto_device = cli (fixture, NULL, NULL, "export", id, "--format", "pem", "--output", "/dev/null", NULL);
  g_assert_cmpint (onto_device->exit_status, ==, 1);
  g_assert_nonnull (strstr (onto_device->err, "not a regular file"));
  g_assert_true (g_file_test ("/dev/null", G_FILE_TEST_EXISTS));

  /* "-" is standard output: PEM there, which openssl reads as the certificate. */
  to_stdout = cli (fixture, NULL, NULL, "export", id, "--format", "pem", "--output", "-", NULL);
  g_assert_cmpint (to_stdout->exit_status, ==, 0);
  printed = okt_bytes_to_text (to_stdout->out);
  g_assert_true (g_str_has_prefix (printed, "-----BEGIN CERTIFICATE-----"));
  g_assert_false (g_file_test (g_build_filename (fixture->work, "-", NULL), G_FILE_TEST_EXISTS));
  {
    g_autofree char *from_stdout = g_build_filename (fixture->work, "from-stdout.pem", NULL);
    const char *argv[] = { "openssl", "x509", "-in", from_stdout, "-noout", NULL };

    okt_write_text (from_stdout, printed);
    g_assert_true (okt_run_succeeds (NULL, NULL, NULL, argv));
  }

  /* A PKCS#12 to a pipe (not a terminal) is fine too. */
  p12_to_pipe = cli (fixture, "export-password\n", NULL, "export", id, "--format", "p12", "--output", "-", NULL);
  g_assert_cmpint (p12_to_pipe->exit_status, ==, 0);
  g_assert_cmpuint (g_bytes_get_size (p12_to_pipe->out), >, 100);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *bundle = write_bundle (fixture, "bundle.pem", TRUE);
  g_autoptr(OktResult) imported = cli (fixture, NULL, NULL, "import", bundle, NULL);
  g_autoptr(OktResult) removed = NULL;
  g_autoptr(OktResult) missing = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpint (imported->exit_status, ==, 0);
  id = g_strdup (json_object_get_string_member (json_array_get_object_element (list_json (fixture, &list), 0), "id"));
  g_clear_pointer (&list, json_node_unref);

  removed = cli (fixture, NULL, NULL, "remove", id, NULL);
  g_assert_cmpint (removed->exit_status, ==, 0);
  g_assert_cmpuint (json_array_get_length (list_json (fixture, &list)), ==, 0);

  missing = cli (fixture, NULL, NULL, "show", id, NULL);
  g_assert_cmpint (missing->exit_status, ==, 1);
  g_assert_nonnull (strstr (missing->err, id));
}

/* Every key passphrase of this store in the keyring is named by a row: a crash leaves no
 * orphan behind once the next command that makes keys has swept. */
static void
assert_no_orphan_items (Fixture *fixture)
{
  g_autoptr(sqlite3) db = okt_db_open (fixture->store);
  g_autofree char *store_id = okt_db_text (db, "SELECT value FROM meta WHERE name = 'store-id'");
  g_autofree char *prefix = g_strdup_printf ("key-%s-", store_id);
  g_auto(GStrv) ids = okt_keyring_ids (prefix);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM generations WHERE key_secret = '%s'", ids[i]);

      g_assert_cmpint (okt_db_int (db, sql), ==, 1);
    }

  g_assert_cmpint (g_strv_length (ids), ==, okt_db_int (db, "SELECT count(*) FROM generations WHERE key IS NOT NULL"));
}

/* Walks a SIGKILL through every step of a write (OK_TEST_CRASH_AT=1, 2, …) and proves that
 * the store then loads with the entry either absent or complete, and the earlier entry intact. */
static void
test_crash_safety (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *first = write_bundle (fixture, "first.pem", FALSE);
  g_autofree char *second = write_bundle (fixture, "second.pem", TRUE);
  g_autoptr(OktResult) base = cli (fixture, NULL, NULL, "import", first, "--name", "First", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *first_id = NULL;
  guint crashes = 0;

  /* The second import is the same leaf with a key: to make it a different certificate, the
   * first entry is monitor-only and the second import goes into a fresh store each round. */
  g_assert_cmpint (base->exit_status, ==, 0);
  first_id = g_strdup (json_object_get_string_member (json_array_get_object_element (list_json (fixture, &list), 0), "id"));
  g_clear_pointer (&list, json_node_unref);

  {
    g_autoptr(OktResult) removed = NULL;

    for (guint step = 1; step < 100; step++)
      {
        g_autofree char *crash_at = g_strdup_printf ("%u", step);
        const char *env[] = { "OK_TEST_CRASH_AT", crash_at, NULL };
        g_autoptr(OktResult) attempt = cli (fixture, NULL, env, "remove", first_id, NULL);
        g_autoptr(OktResult) import_attempt = NULL;
        JsonArray *certificates;
        guint remaining;

        if (attempt->exit_status == 0)
          break;
        crashes++;

        /* Removed or still there, never half. */
        certificates = list_json (fixture, &list);
        remaining = json_array_get_length (certificates);
        g_assert_cmpuint (remaining, <=, 1);
        if (remaining == 1)
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (certificates, 0), "name"), ==, "First");
        g_clear_pointer (&list, json_node_unref);

        if (remaining == 0)
          {
            import_attempt = cli (fixture, NULL, NULL, "import", first, "--name", "First", NULL);
            if (import_attempt->exit_status != 0)
              g_error ("re-import after a crash at step %u failed: %s", step, import_attempt->err);
            g_free (first_id);
            first_id = g_strdup (json_object_get_string_member (json_array_get_object_element (list_json (fixture, &list), 0), "id"));
            g_clear_pointer (&list, json_node_unref);
          }
      }
    removed = cli (fixture, NULL, NULL, "list", "--json", NULL);
    g_assert_cmpint (removed->exit_status, ==, 0);
  }
  g_assert_cmpuint (crashes, >, 0);

  crashes = 0;
  for (guint step = 1; step < 100; step++)
    {
      g_autofree char *crash_at = g_strdup_printf ("%u", step);
      const char *env[] = { "OK_TEST_CRASH_AT", crash_at, NULL };
      g_autoptr(OktResult) attempt = NULL;
      g_autoptr(OktResult) check = NULL;
      JsonArray *certificates;

      okt_remove_tree (fixture->store);
      g_assert_cmpint (g_mkdir_with_parents (fixture->store, 0700), ==, 0);

      attempt = cli (fixture, NULL, env, "import", second, "--name", "Second", NULL);
      if (attempt->exit_status != 0)
        {
          /* The next command that makes keys sweeps what the killed one left. */
          g_autoptr(OktResult) sweeping = cli (fixture, NULL, NULL, "import", first, "--name", "First", NULL);

          if (g_file_test (g_build_filename (fixture->store, "store.sqlite3", NULL), G_FILE_TEST_EXISTS))
            assert_no_orphan_items (fixture);
          {
            g_autoptr(OktResult) removed = NULL;
            g_autoptr(JsonNode) firsts = NULL;
            JsonArray *all = list_json (fixture, &firsts);

            for (guint i = 0; i < json_array_get_length (all); i++)
              if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (all, i), "name"), "First") == 0)
                removed = cli (fixture, NULL, NULL, "remove",
                               json_object_get_string_member (json_array_get_object_element (all, i), "id"), NULL);
          }
        }
      certificates = list_json (fixture, &list);
      g_assert_cmpuint (json_array_get_length (certificates), <=, 1);

      if (json_array_get_length (certificates) == 1)
        {
          JsonObject *entry = json_array_get_object_element (certificates, 0);
          g_autoptr(OktResult) exported = NULL;
          g_autofree char *out = g_build_filename (fixture->work, "crash.key", NULL);

          /* Visible means complete: named, with its key, and the key opens. */
          g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, "Second");
          g_assert_true (json_object_get_boolean_member (entry, "has_private_key"));
          exported = cli (fixture, "pw-for-check\n", NULL, "export", json_object_get_string_member (entry, "id"),
                          "--format", "key", "--output", out, NULL);
          g_assert_cmpint (exported->exit_status, ==, 0);
        }
      else
        g_assert_cmpint (attempt->exit_status, !=, 0);

      if (attempt->exit_status == 0)
        break;
      g_clear_pointer (&list, json_node_unref);
      crashes++;
    }
  g_assert_cmpuint (crashes, >=, 4);
  assert_no_orphan_items (fixture);
}

typedef struct
{
  const char *files[3];
  const char *password;
  const char *cvr;
  const char *uuid;
  const char *organisation;
  const char *common_name;
  const char *email;
  const char *environment;
  const char *kind;
  const char *not_after_prefix;
  const char *trust;
  const char *state;
  gboolean    has_key;
} Sample;

static const Sample samples[] = {
  { { "system-test.pem", "test-issuing-ca.pem", "test-root-ca.pem" }, NULL,
    "19552101", "5e50b9bb-22fd-483d-baf7-fd077ed975f5", "Skatteforvaltningen", NULL, NULL,
    "test", "system", "2029-03-24", "oces3-test", "monitor-only", FALSE },
  { { "system-prod.pem", "prod-issuing-ca.pem", "prod-root-ca.pem" }, NULL,
    "19552101", "bf204036-6f12-4d62-bcc7-5930618355c6", NULL, NULL, NULL,
    "prod", "system", "2029-03-24", "oces3-prod", "monitor-only", FALSE },
  { { "system-test.pem" }, NULL,
    "19552101", "5e50b9bb-22fd-483d-baf7-fd077ed975f5", NULL, NULL, NULL,
    "test", "system", "2029-03-24", NULL, "monitor-only", FALSE },
  { { "organisation-test-legacy.p12" }, "Test1234",
    "94354969", "c70b0207-162e-4d3d-a7f1-a19a8e07d99b", NULL, "VOCES_gyldig", NULL,
    "test", "organisation", "2024-04-27", NULL, "expired", TRUE },
  { { "system-test-legacy.p12" }, "Test1234",
    "94354969", "23550132-5e1f-4e43-a5f9-048acf49e0b8", NULL, "FOCES_gyldig", NULL,
    "test", "system", "2024-04-27", NULL, "expired", TRUE },
  { { "oces2-organisation-legacy.p12" }, "Test1234",
    "30808460", NULL, "NETS DANID A/S // CVR:30808460", NULL, "tu-support@danid.dk",
    NULL, "oces2", "2022-", NULL, "expired", TRUE },
};

static void
test_public_samples (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *dir = g_getenv ("OK_SAMPLES_DIR");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("The public OCES3 samples (../shared/oces3-samples) are not on this machine");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const Sample *sample = &samples[i];
      g_autoptr(GString) bundle = g_string_new (NULL);
      g_autofree char *input = sample->password != NULL ? g_strconcat (sample->password, "\n", NULL) : NULL;
      g_autofree char *path = NULL;
      g_autoptr(OktResult) imported = NULL;
      g_autoptr(OktResult) shown = NULL;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *entry;
      JsonObject *facts;

      okt_remove_tree (fixture->store);
      g_assert_cmpint (g_mkdir_with_parents (fixture->store, 0700), ==, 0);

      if (g_str_has_suffix (sample->files[0], ".p12"))
        path = g_build_filename (dir, sample->files[0], NULL);
      else
        {
          for (guint f = 0; f < G_N_ELEMENTS (sample->files) && sample->files[f] != NULL; f++)
            {
              g_autofree char *file = g_build_filename (dir, sample->files[f], NULL);
              g_autofree char *text = NULL;

              g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
              g_string_append (bundle, text);
            }
          path = g_build_filename (fixture->work, "sample.pem", NULL);
          okt_write_text (path, bundle->str);
        }

      imported = cli (fixture, input, NULL, "import", path, NULL);
      if (imported->exit_status != 0)
        g_error ("importing %s failed: %s", sample->files[0], imported->err);

      shown = cli (fixture, NULL, NULL, "list", "--json", NULL);
      node = ok_test_cli_json (shown);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
      entry = json_array_get_object_element (json_node_get_array (node), 0);
      facts = json_object_get_object_member (entry, "certificate");

      g_test_message ("sample %s", sample->files[0]);
      g_assert_cmpstr (json_object_get_string_member (facts, "cvr"), ==, sample->cvr);
      g_assert_cmpstr (json_object_get_string_member_with_default (facts, "uuid", NULL), ==, sample->uuid);
      if (sample->organisation != NULL)
        g_assert_cmpstr (json_object_get_string_member (facts, "organisation"), ==, sample->organisation);
      if (sample->common_name != NULL)
        g_assert_cmpstr (json_object_get_string_member (facts, "subject_cn"), ==, sample->common_name);
      if (sample->email != NULL)
        g_assert_cmpstr (json_object_get_string_member (facts, "email"), ==, sample->email);
      if (sample->environment != NULL)
        g_assert_cmpstr (json_object_get_string_member (entry, "environment"), ==, sample->environment);
      g_assert_cmpstr (json_object_get_string_member (facts, "kind"), ==, sample->kind);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (facts, "not_after"), sample->not_after_prefix));
      if (sample->trust != NULL)
        g_assert_cmpstr (json_object_get_string_member (entry, "trust"), ==, sample->trust);
      g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, sample->state);
      g_assert_cmpint (json_object_get_boolean_member (entry, "has_private_key"), ==, sample->has_key);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OktPki) shared = NULL;

  g_test_init (&argc, &argv, NULL);
  pki = shared = okt_pki_new ();

  g_test_add ("/cli/version-and-help", Fixture, NULL, fixture_set_up, test_version_and_help, fixture_tear_down);
  g_test_add ("/cli/import/list-show-log", Fixture, NULL, fixture_set_up, test_import_list_show_log, fixture_tear_down);
  g_test_add ("/cli/import/pkcs12-password-from-stdin", Fixture, NULL, fixture_set_up, test_import_pkcs12_password_from_stdin, fixture_tear_down);
  g_test_add ("/cli/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/cli/export/targets", Fixture, NULL, fixture_set_up, test_export_targets, fixture_tear_down);
  g_test_add ("/cli/control-characters", Fixture, NULL, fixture_set_up, test_control_characters, fixture_tear_down);
  g_test_add ("/cli/remove", Fixture, NULL, fixture_set_up, test_remove, fixture_tear_down);
  g_test_add ("/cli/crash-safety", Fixture, NULL, fixture_set_up, test_crash_safety, fixture_tear_down);
  g_test_add ("/cli/import/public-samples", Fixture, NULL, fixture_set_up, test_public_samples, fixture_tear_down);

  return g_test_run ();
}
