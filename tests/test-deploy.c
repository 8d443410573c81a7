/* test-deploy.c — deploy actions: configured with oces-keeper-cli, run after real renewals by
 * the reference CA, their hooks' environment, failures and timeouts in the event log, and the
 * exported files judged by openssl with the password secret-tool reads from the keyring
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "ok-automation-test-util.h"
#include "ok-store-test-util.h"
#include "ok-deploy.h"

static const char scenario[] = OKA_SCENARIO (
  OKA_PROFILE ("REF-DEPLOY-EDIT", "1000-0001", "11111111", "Deploy edit", "") ","
  OKA_PROFILE ("REF-DEPLOY-HOOK", "1000-0002", "22222222", "Deploy hook", "") ","
  OKA_PROFILE ("REF-DEPLOY-FAIL", "1000-0003", "33333333", "Deploy fail", "") ","
  OKA_PROFILE ("REF-DEPLOY-HANG", "1000-0004", "44444444", "Deploy hang", "") ","
  OKA_PROFILE ("REF-DEPLOY-SILENT", "1000-0005", "55555555", "Deploy silent", ""));

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

static JsonObject *
last_event (JsonNode *log,
            guint     from_end)
{
  JsonArray *events = json_node_get_array (log);

  g_assert_cmpuint (json_array_get_length (events), >, from_end);
  return json_array_get_object_element (events, json_array_get_length (events) - 1 - from_end);
}

static JsonArray *
stored_actions (OkaFixture *fixture,
                const char *id,
                JsonParser *parser)
{
  g_autoptr(sqlite3) db = okt_db_open (fixture->store);
  g_autofree char *sql = g_strdup_printf ("SELECT '[' || coalesce (group_concat (json, ','), '') || ']' FROM"
                                          " (SELECT json FROM deploy_actions WHERE entry_id = '%s' ORDER BY position)", id);
  g_autofree char *text = okt_db_text (db, sql);
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_array (json_parser_get_root (parser));
}

static GHashTable *
read_environment (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *equals = strchr (lines[i], '=');

      if (equals != NULL)
        g_hash_table_insert (variables, g_strndup (lines[i], equals - lines[i]), g_strdup (equals + 1));
    }

  return variables;
}

/* Gone, or a zombie nobody has reaped yet: either way no longer running. */
static gboolean
process_is_running (const char *pid_file)
{
  g_autofree char *pid = NULL;
  g_autofree char *stat_path = NULL;
  g_autofree char *stat = NULL;
  const char *state;

  g_assert_true (g_file_get_contents (pid_file, &pid, NULL, NULL));
  g_strstrip (pid);
  stat_path = g_strdup_printf ("/proc/%s/stat", pid);
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return FALSE;

  state = strrchr (stat, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

static void
test_actions_parse (OkaFixture    *fixture,
                    gconstpointer  data)
{
  const char *argv[] = { "/usr/bin/systemctl", "reload", "two words", NULL };
  g_autoptr(OkDeployAction) p12 = NULL;
  g_autoptr(OkDeployAction) pem = NULL;
  g_autoptr(OkDeployAction) command = NULL;
  g_autoptr(OkDeployAction) again = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  const char *bad[] = { "p13:/srv/oces.p12", "pem:relative/oces.pem", "pem", "pem:", "chain:/srv/app/", ":/srv/x" };

  p12 = ok_deploy_action_parse_export ("p12:/srv/app/oces.p12", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ok_deploy_action_get_kind (p12), ==, OK_DEPLOY_ACTION_EXPORT);
  g_assert_cmpint (ok_deploy_action_get_format (p12), ==, OK_DEPLOY_FORMAT_P12);
  g_assert_cmpstr (ok_deploy_action_get_path (p12), ==, "/srv/app/oces.p12");
  g_assert_true (ok_deploy_action_needs_password (p12));

  pem = ok_deploy_action_parse_export ("fullchain:/srv/app/full:chain.pem", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ok_deploy_action_get_format (pem), ==, OK_DEPLOY_FORMAT_FULLCHAIN);
  g_assert_cmpstr (ok_deploy_action_get_path (pem), ==, "/srv/app/full:chain.pem");
  g_assert_false (ok_deploy_action_needs_password (pem));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(OkDeployAction) rejected = ok_deploy_action_parse_export (bad[i], &error);

      g_test_message ("spec %s", bad[i]);
      g_assert_null (rejected);
      g_assert_error (error, OK_DEPLOY_ACTION_ERROR, OK_DEPLOY_ACTION_ERROR_INVALID);
      g_clear_error (&error);
    }

  command = ok_deploy_action_new_command (argv, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ok_deploy_action_get_timeout (command), ==, OK_DEPLOY_DEFAULT_TIMEOUT_SECONDS);
  g_assert_cmpstrv (ok_deploy_action_get_argv (command), argv);
  described = ok_deploy_action_describe (command);
  g_assert_cmpstr (described, ==, "run /usr/bin/systemctl reload 'two words' (timeout 60 s)");

  json = ok_deploy_action_to_json (command);
  again = ok_deploy_action_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (ok_deploy_action_get_argv (again), argv);

  g_assert_null (ok_deploy_action_new_command ((const char *[]) { NULL }, 0, &error));
  g_assert_error (error, OK_DEPLOY_ACTION_ERROR, OK_DEPLOY_ACTION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (ok_deploy_action_new_command (argv, OK_DEPLOY_MAX_TIMEOUT_SECONDS + 1, &error));
  g_assert_error (error, OK_DEPLOY_ACTION_ERROR, OK_DEPLOY_ACTION_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autoptr(JsonNode) unknown = json_from_string ("{\"type\":\"ftp\",\"path\":\"/x\"}", NULL);
    g_autoptr(JsonNode) bad_argv = json_from_string ("{\"type\":\"command\",\"argv\":[1]}", NULL);

    g_assert_null (ok_deploy_action_new_from_json (unknown, &error));
    g_assert_error (error, OK_DEPLOY_ACTION_ERROR, OK_DEPLOY_ACTION_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (ok_deploy_action_new_from_json (bad_argv, &error));
    g_assert_error (error, OK_DEPLOY_ACTION_ERROR, OK_DEPLOY_ACTION_ERROR_INVALID);
  }
}

static void
test_cli_edit (OkaFixture    *fixture,
               gconstpointer  data)
{
  g_autofree char *id = oka_issue (fixture, "REF-DEPLOY-EDIT", "1000-0001", NULL);
  g_autofree char *p12 = g_build_filename (fixture->work, "edit.p12", NULL);
  g_autofree char *chain = g_build_filename (fixture->work, "chain.pem", NULL);
  g_autofree char *key = g_build_filename (fixture->work, "key.pem", NULL);
  g_autofree char *export_p12 = g_strconcat ("p12:", p12, NULL);
  g_autofree char *export_chain = g_strconcat ("chain:", chain, NULL);
  g_autofree char *export_key = g_strconcat ("key:", key, NULL);
  g_autofree char *password = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) listed = NULL;
  JsonArray *actions;
  JsonObject *command;

  {
    g_autoptr(OktResult) empty = oka_cli (fixture, NULL, "deploy", id, NULL);
    g_autofree char *out = ok_test_cli_stdout (empty);

    g_assert_cmpint (empty->exit_status, ==, 0);
    g_assert_cmpstr (out, ==, "No deploy actions.\n");
  }

  /* A dry run shows the result, and neither saves it nor asks for the password. */
  {
    g_autoptr(OktResult) dry = oka_cli (fixture, NULL, "deploy", id, "--export", export_p12, "--export", export_chain,
                                        "--dry-run", NULL);
    g_autofree char *out = ok_test_cli_stdout (dry);

    g_assert_cmpint (dry->exit_status, ==, 0);
    g_assert_nonnull (strstr (out, export_p12 + 4));
    g_assert_cmpuint (json_array_get_length (stored_actions (fixture, id, parser)), ==, 0);
    password = oka_secret_tool_lookup (id, "export-password");
    g_assert_null (password);
  }

  /* The first action that needs the export password asks for it once (first line of stdin). */
  {
    g_autoptr(OktResult) added = oka_cli (fixture, "edit-password\n", "deploy", id, "--export", export_p12,
                                          "--export", export_chain, NULL);

    g_assert_cmpint (added->exit_status, ==, 0);
    actions = stored_actions (fixture, id, parser);
    g_assert_cmpuint (json_array_get_length (actions), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (actions, 0), "format"), ==, "p12");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (actions, 0), "path"), ==, p12);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (actions, 1), "format"), ==, "chain");
    password = oka_secret_tool_lookup (id, "export-password");
    g_assert_cmpstr (password, ==, "edit-password");
    g_clear_pointer (&password, g_free);
  }

  /* Everything after --command is the hook's, its own options included. */
  {
    g_autoptr(OktResult) added = oka_cli (fixture, NULL, "deploy", id, "--timeout", "7", "--command", "/bin/echo",
                                          "--not-ours", "two words", NULL);
    g_autoptr(OktResult) key_added = oka_cli (fixture, NULL, "deploy", id, "--export", export_key, NULL);
    g_autoptr(OktResult) list = oka_cli (fixture, NULL, "deploy", id, "--list", "--json", NULL);
    const char *expected[] = { "/bin/echo", "--not-ours", "two words", NULL };
    g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
    g_auto(GStrv) got = NULL;
    JsonArray *array;

    g_assert_cmpint (added->exit_status, ==, 0);
    /* The password is kept, so the key export does not ask again (stdin is empty). */
    g_assert_cmpint (key_added->exit_status, ==, 0);
    listed = ok_test_cli_json (list);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 4);
    command = json_array_get_object_element (json_node_get_array (listed), 2);
    g_assert_cmpstr (json_object_get_string_member (command, "type"), ==, "command");
    g_assert_cmpint (json_object_get_int_member (command, "timeout_seconds"), ==, 7);
    array = json_object_get_array_member (command, "argv");
    for (guint i = 0; i < json_array_get_length (array); i++)
      g_strv_builder_add (argv, json_array_get_string_element (array, i));
    got = g_strv_builder_end (argv);
    g_assert_cmpstrv (got, expected);
  }

  {
    g_autoptr(OktResult) removed = oka_cli (fixture, NULL, "deploy", id, "--remove", "2", NULL);
    g_autoptr(OktResult) no_such = oka_cli (fixture, NULL, "deploy", id, "--remove", "9", NULL);
    g_autoptr(OktResult) bogus = oka_cli (fixture, NULL, "deploy", id, "--export", "bogus:/tmp/x", NULL);
    g_autoptr(OktResult) two_modes = oka_cli (fixture, NULL, "deploy", id, "--export", export_chain, "--clear", NULL);
    g_autoptr(OktResult) timeout_alone = oka_cli (fixture, NULL, "deploy", id, "--timeout", "3", NULL);

    g_assert_cmpint (removed->exit_status, ==, 0);
    actions = stored_actions (fixture, id, parser);
    g_assert_cmpuint (json_array_get_length (actions), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (actions, 1), "type"), ==, "command");
    g_assert_cmpint (no_such->exit_status, ==, 2);
    g_assert_cmpint (bogus->exit_status, ==, 1);
    g_assert_nonnull (strstr (bogus->err, "bogus:/tmp/x"));
    g_assert_cmpint (two_modes->exit_status, ==, 2);
    g_assert_cmpint (timeout_alone->exit_status, ==, 2);
    g_assert_cmpuint (json_array_get_length (stored_actions (fixture, id, parser)), ==, 3);
  }

  /* Clearing forgets the actions and the password. */
  {
    g_autoptr(OktResult) cleared = oka_cli (fixture, NULL, "deploy", id, "--clear", NULL);

    g_assert_cmpint (cleared->exit_status, ==, 0);
    g_assert_cmpuint (json_array_get_length (stored_actions (fixture, id, parser)), ==, 0);
    password = oka_secret_tool_lookup (id, "export-password");
    g_assert_null (password);
  }

  /* A relative program is stored absolute, so it does not depend on where renewals run. */
  {
    g_autoptr(OktResult) relative = oka_cli (fixture, NULL, "deploy", id, "--command", "./hooks/reload", NULL);
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *expected = g_build_filename (cwd, "hooks", "reload", NULL);
    JsonArray *argv;

    g_assert_cmpint (relative->exit_status, ==, 0);
    actions = stored_actions (fixture, id, parser);
    g_assert_cmpuint (json_array_get_length (actions), ==, 1);
    argv = json_object_get_array_member (json_array_get_object_element (actions, 0), "argv");
    g_assert_cmpstr (json_array_get_string_element (argv, 0), ==, expected);
  }
}

static void
test_renewal_environment_and_exports (OkaFixture    *fixture,
                                      gconstpointer  data)
{
  g_autofree char *id = oka_issue (fixture, "REF-DEPLOY-HOOK", "1000-0002", NULL);
  g_autofree char *p12 = g_build_filename (fixture->work, "oces.p12", NULL);
  g_autofree char *p12_legacy = g_build_filename (fixture->work, "oces-legacy.p12", NULL);
  g_autofree char *certificate = g_build_filename (fixture->work, "cert.pem", NULL);
  g_autofree char *chain = g_build_filename (fixture->work, "chain.pem", NULL);
  g_autofree char *fullchain = g_build_filename (fixture->work, "full.pem", NULL);
  g_autofree char *key = g_build_filename (fixture->work, "key.pem", NULL);
  g_autofree char *env_file = g_build_filename (fixture->work, "hook.env", NULL);
  g_autofree char *body = g_strdup_printf ("env | grep '^OCES_' | sort > '%s'\n"
                                           "test -s \"$OCES_P12_FILE\" || exit 9\n"
                                           "echo \"hook saw $OCES_SERIAL\"\n", env_file);
  g_autofree char *hook = oka_write_script (fixture, "hook.sh", body);
  g_autofree char *export_p12 = g_strconcat ("p12:", p12, NULL);
  g_autofree char *export_p12_legacy = g_strconcat ("p12-legacy:", p12_legacy, NULL);
  g_autofree char *export_pem = g_strconcat ("pem:", certificate, NULL);
  g_autofree char *export_chain = g_strconcat ("chain:", chain, NULL);
  g_autofree char *export_fullchain = g_strconcat ("fullchain:", fullchain, NULL);
  g_autofree char *export_key = g_strconcat ("key:", key, NULL);
  g_autoptr(JsonNode) before = oka_show (fixture, id);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) log = NULL;
  g_autoptr(GHashTable) variables = NULL;
  g_autofree char *password = NULL;
  JsonObject *facts;
  JsonObject *event;

  {
    g_autoptr(OktResult) exports = oka_cli (fixture, "hook-password\n", "deploy", id, "--export", export_p12,
                                            "--export", export_pem, "--export", export_chain,
                                            "--export", export_fullchain, "--export", export_key,
                                            "--export", export_p12_legacy, NULL);
    g_autoptr(OktResult) command = oka_cli (fixture, NULL, "deploy", id, "--command", hook, NULL);
    g_autoptr(OktResult) dry = oka_cli (fixture, NULL, "deploy", id, "--run", "--dry-run", NULL);
    g_autoptr(OktResult) renewed = NULL;
    g_autofree char *dry_text = ok_test_cli_stdout (dry);
    const char *once[] = { "OCES_P12_FILE=", "OCES_P12_LEGACY_FILE=", "OCES_PEM_FILE=", "OCES_KEY_FILE=", NULL };

    g_assert_cmpint (exports->exit_status, ==, 0);
    g_assert_cmpint (command->exit_status, ==, 0);
    /* One variable per format: the dry run names each once, with its own file. */
    g_assert_cmpint (dry->exit_status, ==, 0);
    for (guint i = 0; once[i] != NULL; i++)
      {
        const char *first = strstr (dry_text, once[i]);

        g_test_message ("%s", once[i]);
        g_assert_nonnull (first);
        g_assert_null (strstr (first + 1, once[i]));
      }
    renewed = oka_cli (fixture, NULL, "renew", id, NULL);
    if (renewed->exit_status != 0)
      g_error ("renew failed: %s", renewed->err);
  }

  after = oka_show (fixture, id);
  facts = json_object_get_object_member (json_node_get_object (after), "certificate");
  g_assert_cmpstr (json_object_get_string_member (facts, "serial"), !=,
                   json_object_get_string_member (json_object_get_object_member (json_node_get_object (before), "certificate"), "serial"));

  /* The hook saw the renewed certificate and every exported file. */
  variables = read_environment (env_file);
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_ID"), ==, id);
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_NAME"), ==, json_object_get_string_member (json_node_get_object (after), "name"));
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_CVR"), ==, "22222222");
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_UUID"), ==, json_object_get_string_member (facts, "uuid"));
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_ENVIRONMENT"), ==, "test");
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_KIND"), ==, "system");
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_SERIAL"), ==, json_object_get_string_member (facts, "serial"));
  g_assert_cmpint (oka_parse_time (g_hash_table_lookup (variables, "OCES_NOT_AFTER")), ==,
                   json_object_get_int_member (facts, "not_after_unix"));
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_P12_FILE"), ==, p12);
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_P12_LEGACY_FILE"), ==, p12_legacy);
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_PEM_FILE"), ==, certificate);
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_CERTIFICATE_FILE"), ==, certificate);
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_CHAIN_FILE"), ==, chain);
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_FULLCHAIN_FILE"), ==, fullchain);
  g_assert_cmpstr (g_hash_table_lookup (variables, "OCES_KEY_FILE"), ==, key);

  g_assert_cmpuint (oka_file_mode (p12), ==, 0600);
  g_assert_cmpuint (oka_file_mode (certificate), ==, 0600);
  g_assert_cmpuint (oka_file_mode (chain), ==, 0600);
  g_assert_cmpuint (oka_file_mode (fullchain), ==, 0600);
  g_assert_cmpuint (oka_file_mode (key), ==, 0600);

  /* openssl judges the files, with the password libsecret's own tool reads from the keyring. */
  password = oka_secret_tool_lookup (id, "export-password");
  g_assert_cmpstr (password, ==, "hook-password");
  {
    const char *env[] = { OKT_PASS_VARIABLE, password, NULL };
    const char *open_p12[] = { "openssl", "pkcs12", "-in", p12, "-nokeys", "-clcerts", "-passin", "env:" OKT_PASS_VARIABLE, NULL };
    const char *serial[] = { "openssl", "x509", "-in", certificate, "-noout", "-serial", NULL };
    const char *verify[] = { "openssl", "verify", "-CAfile", fixture->ca->ca_file, "-untrusted", chain, certificate, NULL };
    const char *key_public[] = { "openssl", "pkey", "-in", key, "-pubout", "-passin", "env:" OKT_PASS_VARIABLE, NULL };
    const char *certificate_public[] = { "openssl", "x509", "-in", certificate, "-noout", "-pubkey", NULL };
    g_autofree char *p12_certificate = okt_run_ok (NULL, env, NULL, open_p12);
    g_autofree char *serial_text = okt_run_ok (NULL, NULL, NULL, serial);
    g_autofree char *verified = okt_run_ok (NULL, NULL, NULL, verify);
    g_autofree char *public_from_key = okt_run_ok (NULL, env, NULL, key_public);
    g_autofree char *public_from_certificate = okt_run_ok (NULL, NULL, NULL, certificate_public);
    g_autofree char *ours = g_ascii_strup (json_object_get_string_member (facts, "serial"), -1);
    g_autofree char *theirs = NULL;
    g_autofree char *certificate_text = NULL;
    g_autofree char *chain_text = NULL;
    g_autofree char *fullchain_text = NULL;
    g_autofree char *joined = NULL;

    /* openssl prints the serial as an integer: no leading zeros. */
    g_assert_true (g_str_has_prefix (serial_text, "serial="));
    theirs = g_ascii_strup (g_strstrip (serial_text + strlen ("serial=")), -1);
    g_assert_cmpstr (theirs + strspn (theirs, "0"), ==, ours + strspn (ours, "0"));
    g_assert_nonnull (strstr (p12_certificate, "BEGIN CERTIFICATE"));
    g_assert_true (g_str_has_suffix (verified, ": OK\n"));
    /* The exported key is the renewal's new key. */
    g_assert_cmpstr (public_from_key, ==, public_from_certificate);

    g_assert_true (g_file_get_contents (certificate, &certificate_text, NULL, NULL));
    g_assert_true (g_file_get_contents (chain, &chain_text, NULL, NULL));
    g_assert_true (g_file_get_contents (fullchain, &fullchain_text, NULL, NULL));
    joined = g_strconcat (certificate_text, chain_text, NULL);
    g_assert_cmpstr (fullchain_text, ==, joined);
  }

  log = oka_log (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (last_event (log, 1), "type"), ==, "RENEWED");
  event = last_event (log, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "DEPLOYED");
  g_assert_nonnull (strstr (json_object_get_string_member (event, "message"), p12));
  g_assert_nonnull (strstr (json_object_get_string_member (event, "detailed_error"), "exit status 0"));
  {
    g_autofree char *saw = g_strdup_printf ("hook saw %s", json_object_get_string_member (facts, "serial"));
    g_assert_nonnull (strstr (json_object_get_string_member (event, "detailed_error"), saw));
  }
}

static void
test_renewal_failing_hook (OkaFixture    *fixture,
                           gconstpointer  data)
{
  g_autofree char *id = oka_issue (fixture, "REF-DEPLOY-FAIL", "1000-0003", NULL);
  g_autofree char *hook = oka_write_script (fixture, "fail.sh",
                                            "echo 'broken: cannot reload'\n"
                                            "echo 'details on stderr' >&2\n"
                                            "exit 3\n");
  g_autoptr(JsonNode) before = oka_show (fixture, id);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) log = NULL;
  JsonObject *event;
  const char *detailed;

  {
    g_autoptr(OktResult) command = oka_cli (fixture, NULL, "deploy", id, "--command", hook, NULL);
    g_autoptr(OktResult) renewed = oka_cli (fixture, NULL, "renew", id, NULL);

    g_assert_cmpint (command->exit_status, ==, 0);
    /* The renewal stands: the hook's failure is the deploy's, not the renewal's. */
    if (renewed->exit_status != 0)
      g_error ("renew failed: %s", renewed->err);
  }

  after = oka_show (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (after), "certificate"), "serial"), !=,
                   json_object_get_string_member (json_object_get_object_member (json_node_get_object (before), "certificate"), "serial"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (after), "state"), !=, "renewal-failing");

  log = oka_log (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (last_event (log, 1), "type"), ==, "RENEWED");
  event = last_event (log, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "DEPLOY_ERROR");
  g_assert_nonnull (strstr (json_object_get_string_member (event, "message"), "exit status 3"));
  detailed = json_object_get_string_member (event, "detailed_error");
  g_assert_nonnull (strstr (detailed, "broken: cannot reload"));
  g_assert_nonnull (strstr (detailed, "details on stderr"));

  /* Running the actions again by hand fails the same way, with the documented exit code. */
  {
    g_autoptr(OktResult) again = oka_cli (fixture, NULL, "deploy", id, "--run", NULL);

    g_assert_cmpint (again->exit_status, ==, 5);
    g_assert_nonnull (strstr (again->err, "exit status 3"));
  }
}

static void
test_renewal_hanging_hook (OkaFixture    *fixture,
                           gconstpointer  data)
{
  g_autofree char *id = oka_issue (fixture, "REF-DEPLOY-HANG", "1000-0004", NULL);
  g_autofree char *pid_file = g_build_filename (fixture->work, "sleep.pid", NULL);
  g_autofree char *body = g_strdup_printf ("echo 'about to hang'\n"
                                           "sleep 600 &\n"
                                           "echo $! > '%s'\n"
                                           "wait\n", pid_file);
  g_autofree char *hook = oka_write_script (fixture, "hang.sh", body);
  g_autoptr(JsonNode) log = NULL;
  JsonObject *event;
  gint64 started, elapsed;

  {
    g_autoptr(OktResult) command = oka_cli (fixture, NULL, "deploy", id, "--timeout", "1", "--command", hook, NULL);
    g_autoptr(OktResult) renewed = NULL;

    g_assert_cmpint (command->exit_status, ==, 0);
    started = g_get_monotonic_time ();
    renewed = oka_cli (fixture, NULL, "renew", id, NULL);
    elapsed = g_get_monotonic_time () - started;
    if (renewed->exit_status != 0)
      g_error ("renew failed: %s", renewed->err);
  }

  /* Stopped at one second with SIGTERM, not after the hook's ten minutes. */
  g_assert_cmpint (elapsed, <, 30 * G_USEC_PER_SEC);

  log = oka_log (fixture, id);
  event = last_event (log, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "DEPLOY_ERROR");
  g_assert_nonnull (strstr (json_object_get_string_member (event, "message"), "stopped at its timeout"));
  g_assert_nonnull (strstr (json_object_get_string_member (event, "detailed_error"), "about to hang"));

  /* The hook's own child went with it: the whole process group was stopped. */
  g_assert_false (process_is_running (pid_file));
}

static void
test_run_export_failure_and_dry_run (OkaFixture    *fixture,
                                     gconstpointer  data)
{
  g_autofree char *id = oka_import_expired (fixture, "Deploy by hand");
  g_autofree char *missing = g_build_filename (fixture->work, "no-such-folder", "cert.pem", NULL);
  g_autofree char *chain = g_build_filename (fixture->work, "chain.pem", NULL);
  g_autofree char *marker = g_build_filename (fixture->work, "hook-ran", NULL);
  g_autofree char *body = g_strdup_printf ("touch '%s'\n", marker);
  g_autofree char *hook = oka_write_script (fixture, "marker.sh", body);
  g_autofree char *export_missing = g_strconcat ("pem:", missing, NULL);
  g_autofree char *export_chain = g_strconcat ("chain:", chain, NULL);
  g_autoptr(JsonNode) log_before = NULL;
  g_autoptr(JsonNode) log_after = NULL;
  JsonObject *event;

  {
    g_autoptr(OktResult) exports = oka_cli (fixture, NULL, "deploy", id, "--export", export_missing,
                                            "--export", export_chain, NULL);
    g_autoptr(OktResult) command = oka_cli (fixture, NULL, "deploy", id, "--command", hook, NULL);

    g_assert_cmpint (exports->exit_status, ==, 0);
    g_assert_cmpint (command->exit_status, ==, 0);
  }
  log_before = oka_log (fixture, id);

  /* A dry run names every step and the hook's variables, and touches nothing. */
  {
    g_autoptr(OktResult) dry = oka_cli (fixture, NULL, "deploy", id, "--run", "--dry-run", NULL);
    g_autofree char *out = ok_test_cli_stdout (dry);
    g_autofree char *variable = g_strconcat ("OCES_CHAIN_FILE=", chain, NULL);
    g_autoptr(JsonNode) log = NULL;

    g_assert_cmpint (dry->exit_status, ==, 0);
    g_assert_nonnull (strstr (out, export_chain + 6));
    g_assert_nonnull (strstr (out, hook));
    g_assert_nonnull (strstr (out, variable));
    g_assert_false (g_file_test (chain, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
    log = oka_log (fixture, id);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (log)), ==,
                      json_array_get_length (json_node_get_array (log_before)));
  }

  /* One export fails: the others are still written, and no command runs on a half set. */
  {
    g_autoptr(OktResult) run = oka_cli (fixture, NULL, "deploy", id, "--run", NULL);

    g_assert_cmpint (run->exit_status, ==, 5);
    /* One export failed; the command it held back did not fail and is not counted. */
    g_test_message ("%s", run->err);
    g_assert_nonnull (strstr (run->err, "A deploy action failed"));
    g_assert_null (strstr (run->err, "deploy actions failed"));
  }
  g_assert_true (g_file_test (chain, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));

  log_after = oka_log (fixture, id);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (log_after)), ==,
                    json_array_get_length (json_node_get_array (log_before)) + 1);
  event = last_event (log_after, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "DEPLOY_ERROR");
  g_assert_nonnull (strstr (json_object_get_string_member (event, "message"), missing));
  g_assert_nonnull (strstr (json_object_get_string_member (event, "message"), "not run, because an export failed"));
}

/* The usual hook prints nothing (systemctl restart): the renewal, its DEPLOYED event and a later
 * run by hand all complete, and the CLI exits 0. */
static void
test_renewal_silent_hook (OkaFixture    *fixture,
                          gconstpointer  data)
{
  g_autofree char *id = oka_issue (fixture, "REF-DEPLOY-SILENT", "1000-0005", NULL);
  g_autofree char *marker = g_build_filename (fixture->work, "silent-ran", NULL);
  g_autofree char *body = g_strdup_printf ("touch '%s'\n", marker);
  g_autofree char *hook = oka_write_script (fixture, "silent.sh", body);
  g_autoptr(JsonNode) log = NULL;
  JsonObject *event;

  {
    g_autoptr(OktResult) command = oka_cli (fixture, NULL, "deploy", id, "--command", hook, NULL);
    g_autoptr(OktResult) renewed = oka_cli (fixture, NULL, "renew", id, NULL);

    g_assert_cmpint (command->exit_status, ==, 0);
    if (renewed->exit_status != 0)
      g_error ("renew exited %d: %s", renewed->exit_status, renewed->err);
  }
  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));

  log = oka_log (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (last_event (log, 1), "type"), ==, "RENEWED");
  event = last_event (log, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "DEPLOYED");
  g_assert_nonnull (strstr (json_object_get_string_member (event, "detailed_error"), "exit status 0"));
  g_clear_pointer (&log, json_node_unref);

  g_assert_cmpint (g_unlink (marker), ==, 0);
  {
    g_autoptr(OktResult) run = oka_cli (fixture, NULL, "deploy", id, "--run", NULL);

    g_assert_cmpint (run->exit_status, ==, 0);
  }
  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));
  log = oka_log (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (last_event (log, 0), "type"), ==, "DEPLOYED");
}

/* Silent and chatty hooks, succeeding and failing, run by hand: exit 0 or 5, and the event
 * keeps the end of a long output. */
static void
test_run_silent_and_chatty (OkaFixture    *fixture,
                            gconstpointer  data)
{
  g_autofree char *id = oka_import_expired (fixture, "Hooks by hand");
  g_autofree char *silent_fail = oka_write_script (fixture, "silent-fail.sh", "exit 4\n");
  g_autofree char *chatty = oka_write_script (fixture, "chatty.sh",
                                              "i=0\n"
                                              "while [ $i -lt 2000 ]; do echo \"line $i of chatter\"; i=$((i+1)); done\n"
                                              "echo 'the last word'\n");
  g_autoptr(JsonNode) log = NULL;
  JsonObject *event;
  const char *detailed;

  {
    g_autoptr(OktResult) command = oka_cli (fixture, NULL, "deploy", id, "--command", chatty, NULL);
    g_autoptr(OktResult) run = oka_cli (fixture, NULL, "deploy", id, "--run", NULL);

    g_assert_cmpint (command->exit_status, ==, 0);
    g_assert_cmpint (run->exit_status, ==, 0);
  }
  log = oka_log (fixture, id);
  event = last_event (log, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "DEPLOYED");
  detailed = json_object_get_string_member (event, "detailed_error");
  g_assert_nonnull (strstr (detailed, "the last word"));
  g_assert_nonnull (strstr (detailed, "[…]"));
  g_assert_null (strstr (detailed, "line 0 of chatter"));
  g_clear_pointer (&log, json_node_unref);

  {
    g_autoptr(OktResult) cleared = oka_cli (fixture, NULL, "deploy", id, "--clear", NULL);
    g_autoptr(OktResult) command = oka_cli (fixture, NULL, "deploy", id, "--command", silent_fail, NULL);
    g_autoptr(OktResult) run = oka_cli (fixture, NULL, "deploy", id, "--run", NULL);

    g_assert_cmpint (cleared->exit_status, ==, 0);
    g_assert_cmpint (command->exit_status, ==, 0);
    g_assert_cmpint (run->exit_status, ==, 5);
    g_assert_nonnull (strstr (run->err, "exit status 4"));
  }
  log = oka_log (fixture, id);
  event = last_event (log, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "DEPLOY_ERROR");
  g_assert_nonnull (strstr (json_object_get_string_member (event, "message"), "exit status 4"));
}

int
main (int   argc,
      char *argv[])
{
  static const int with_ca = 1;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/deploy/actions/parse", OkaFixture, NULL, fixture_set_up, test_actions_parse, fixture_tear_down);
  g_test_add ("/deploy/cli/edit", OkaFixture, &with_ca, fixture_set_up, test_cli_edit, fixture_tear_down);
  g_test_add ("/deploy/renewal/environment-and-exports", OkaFixture, &with_ca, fixture_set_up,
              test_renewal_environment_and_exports, fixture_tear_down);
  g_test_add ("/deploy/renewal/failing-hook", OkaFixture, &with_ca, fixture_set_up, test_renewal_failing_hook,
              fixture_tear_down);
  g_test_add ("/deploy/renewal/hanging-hook", OkaFixture, &with_ca, fixture_set_up, test_renewal_hanging_hook,
              fixture_tear_down);
  g_test_add ("/deploy/renewal/silent-hook", OkaFixture, &with_ca, fixture_set_up, test_renewal_silent_hook,
              fixture_tear_down);
  g_test_add ("/deploy/run/silent-and-chatty", OkaFixture, NULL, fixture_set_up, test_run_silent_and_chatty,
              fixture_tear_down);
  g_test_add ("/deploy/run/export-failure-and-dry-run", OkaFixture, NULL, fixture_set_up,
              test_run_export_failure_and_dry_run, fixture_tear_down);

  return g_test_run ();
}
