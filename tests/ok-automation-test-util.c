/* ok-automation-test-util.c — a store, a work folder and the reference CA for the automation
 * tests, driven through oces-keeper-cli
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "ok-automation-test-util.h"

static volatile pid_t running_ca;

/* A failed assertion aborts before the tear-down: the CA would live on holding the test's
 * stderr, and meson would wait for it until its timeout instead of reporting the failure. */
static void
stop_ca_and_abort (int signal_number)
{
  if (running_ca > 0)
    kill (running_ca, SIGKILL);
  signal (signal_number, SIG_DFL);
  raise (signal_number);
}

void
oka_fixture_set_up (OkaFixture *fixture,
                    const char *scenario)
{
  fixture->ca = scenario != NULL ? ok_test_ca_start (scenario) : NULL;
  if (fixture->ca != NULL)
    {
      running_ca = (pid_t) atoi (g_subprocess_get_identifier (fixture->ca->process));
      signal (SIGABRT, stop_ca_and_abort);
    }
  fixture->store = okt_make_tmpdir ();
  fixture->work = okt_make_tmpdir ();
  if (fixture->ca != NULL)
    {
      fixture->env[0] = "OK_TEST_ENDPOINT";
      fixture->env[1] = fixture->ca->url;
      fixture->env[2] = "OK_TEST_CA_FILE";
      fixture->env[3] = fixture->ca->ca_file;
    }
  fixture->env[4] = NULL;
}

void
oka_fixture_tear_down (OkaFixture *fixture)
{
  running_ca = 0;
  g_clear_pointer (&fixture->ca, ok_test_ca_stop);
  okt_remove_tree (fixture->store);
  okt_remove_tree (fixture->work);
  g_clear_pointer (&fixture->store, g_free);
  g_clear_pointer (&fixture->work, g_free);
}

/* The id from the "ID:" line that import and issue print first. */
static char *
printed_id (OktResult *result)
{
  g_autofree char *out = ok_test_cli_stdout (result);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "ID:"))
      return g_strstrip (g_strdup (lines[i] + 3));

  g_error ("no ID in the output: %s", out);
}

/* Issues a certificate from the CA's profile @reference, the one-time code on stdin; @name
 * (nullable) is the name to show. */
char *
oka_issue (OkaFixture *fixture,
           const char *reference,
           const char *code,
           const char *name)
{
  g_autofree char *input = g_strconcat (code, "\n", NULL);
  g_autoptr(OktResult) issued = NULL;

  if (name != NULL)
    issued = oka_cli (fixture, input, "issue", "--environment", "test", "--reference", reference,
                      "--name", name, NULL);
  else
    issued = oka_cli (fixture, input, "issue", "--environment", "test", "--reference", reference, NULL);

  if (issued->exit_status != 0)
    g_error ("issuing %s failed (%d): %s", reference, issued->exit_status, issued->err);

  return printed_id (issued);
}

/* A certificate and its key that expired in 2021, made by certtool, imported. */
char *
oka_import_expired (OkaFixture *fixture,
                    const char *name)
{
  g_autofree char *key = g_build_filename (fixture->work, "expired.key", NULL);
  g_autofree char *certificate = g_build_filename (fixture->work, "expired.pem", NULL);
  g_autofree char *template = g_build_filename (fixture->work, "expired.cfg", NULL);
  g_autofree char *bundle = g_build_filename (fixture->work, "expired-bundle.pem", NULL);
  g_autofree char *key_text = NULL;
  g_autofree char *certificate_text = NULL;
  g_autofree char *bundle_text = NULL;
  const char *genkey[] = { "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                           "-out", key, NULL };
  const char *sign[] = { "certtool", "--generate-self-signed", "--load-privkey", key,
                         "--template", template, "--outfile", certificate, NULL };
  g_autoptr(OktResult) imported = NULL;

  okt_write_text (template,
                  "cn = \"Expired automation\"\n"
                  "organization = \"Automation A/S\"\n"
                  "activation_date = \"2020-01-01 00:00:00\"\n"
                  "expiration_date = \"2021-01-01 00:00:00\"\n"
                  "signing_key\n"
                  "encryption_key\n");
  g_free (okt_run_ok (NULL, NULL, NULL, genkey));
  g_free (okt_run_ok (NULL, NULL, NULL, sign));

  g_assert_true (g_file_get_contents (certificate, &certificate_text, NULL, NULL));
  g_assert_true (g_file_get_contents (key, &key_text, NULL, NULL));
  bundle_text = g_strconcat (certificate_text, key_text, NULL);
  okt_write_text (bundle, bundle_text);

  imported = oka_cli (fixture, NULL, "import", bundle, "--name", name, NULL);
  if (imported->exit_status != 0)
    g_error ("importing the expired certificate failed: %s", imported->err);

  return printed_id (imported);
}

/* `show ID --json`: an object. */
JsonNode *
oka_show (OkaFixture *fixture,
          const char *id)
{
  g_autoptr(OktResult) shown = oka_cli (fixture, NULL, "show", id, "--json", NULL);
  JsonNode *node = ok_test_cli_json (shown);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return node;
}

/* `log ID --json`: an array, oldest first. */
JsonNode *
oka_log (OkaFixture *fixture,
         const char *id)
{
  g_autoptr(OktResult) log = oka_cli (fixture, NULL, "log", id, "--json", NULL);
  JsonNode *node = ok_test_cli_json (log);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return node;
}

char *
oka_write_script (OkaFixture *fixture,
                  const char *name,
                  const char *body)
{
  char *path = g_build_filename (fixture->work, name, NULL);
  g_autofree char *text = g_strconcat ("#!/bin/sh\n", body, NULL);

  okt_write_text (path, text);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

/* What the session's keyring holds, read by libsecret's own tool: an independent check. */
char *
oka_secret_tool_lookup (const char *id,
                        const char *kind)
{
  const char *argv[] = { "secret-tool", "lookup", "certificate-id", id, "kind", kind, NULL };
  g_autoptr(OktResult) result = okt_run (NULL, NULL, NULL, argv);
  char *text;

  if (result->exit_status != 0)
    return NULL;

  text = okt_bytes_to_text (result->out);
  g_strchomp (text);
  return text;
}

gint64
oka_parse_time (const char *iso8601)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

guint
oka_file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}
