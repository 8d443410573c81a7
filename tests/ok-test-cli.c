/* ok-test-cli.c — run oces-keeper-cli against a test store, parse its JSON, check what it
 * exports
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-test-cli.h"

/* Runs $OK_CLI with OK_DATA_DIR=@store, @input on stdin and "NAME", "VALUE" pairs of
 * @extra_env added to the environment. */
OktResult *
ok_test_cli (const char         *store,
             const char         *input,
             const char * const *extra_env,
             const char         *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) env = g_ptr_array_new ();
  g_autoptr(GBytes) stdin_bytes = input != NULL ? g_bytes_new (input, strlen (input)) : NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("OK_CLI"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_ptr_array_add (env, "OK_DATA_DIR");
  g_ptr_array_add (env, (gpointer) store);
  g_ptr_array_add (env, "LC_ALL");
  g_ptr_array_add (env, "C.UTF-8");
  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i++)
    g_ptr_array_add (env, (gpointer) extra_env[i]);
  g_ptr_array_add (env, NULL);

  return okt_run (NULL, (const char * const *) env->pdata, stdin_bytes, (const char * const *) argv->pdata);
}

char *
ok_test_cli_stdout (OktResult *result)
{
  return g_strndup (g_bytes_get_data (result->out, NULL), g_bytes_get_size (result->out));
}

/* The command's standard output as JSON; the command must have succeeded. */
JsonNode *
ok_test_cli_json (OktResult *result)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (result->exit_status != 0)
    g_error ("oces-keeper-cli failed (%d): %s", result->exit_status, result->err);
  json_parser_load_from_data (parser, g_bytes_get_data (result->out, NULL), g_bytes_get_size (result->out), &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/* `list --json` of @store: a JSON array. */
JsonNode *
ok_test_cli_list (const char *store)
{
  g_autoptr(OktResult) result = ok_test_cli (store, NULL, NULL, "list", "--json", NULL);
  JsonNode *node = ok_test_cli_json (result);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return node;
}

/* openssl, not OCES Keeper, decides that the key `export` gives of @id belongs to its
 * certificate; both files are written to @work. */
void
ok_test_cli_assert_key_matches (const char *store,
                                const char *work,
                                const char *id)
{
  g_autofree char *key = g_strdup_printf ("%s/%s.key", work, id);
  g_autofree char *certificate = g_strdup_printf ("%s/%s.pem", work, id);
  g_autoptr(OktResult) exported_key = ok_test_cli (store, "check-password\n", NULL, "export", id, "--format", "key",
                                                   "--output", key, NULL);
  g_autoptr(OktResult) exported_certificate = ok_test_cli (store, NULL, NULL, "export", id, "--format", "pem",
                                                           "--output", certificate, NULL);
  const char *env[] = { OKT_PASS_VARIABLE, "check-password", NULL };
  const char *key_argv[] = { "openssl", "pkey", "-in", key, "-passin", "env:" OKT_PASS_VARIABLE, "-pubout", NULL };
  const char *certificate_argv[] = { "openssl", "x509", "-in", certificate, "-noout", "-pubkey", NULL };
  g_autofree char *from_key = NULL;
  g_autofree char *from_certificate = NULL;

  if (exported_key->exit_status != 0)
    g_error ("exporting the key of %s failed: %s", id, exported_key->err);
  g_assert_cmpint (exported_certificate->exit_status, ==, 0);
  from_key = okt_run_ok (NULL, env, NULL, key_argv);
  from_certificate = okt_run_ok (NULL, NULL, NULL, certificate_argv);
  g_assert_cmpstr (from_key, ==, from_certificate);
}
