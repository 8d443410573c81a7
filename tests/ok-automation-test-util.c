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
      fixture->env[4] = "OK_TEST_ROOTS";
      fixture->env[5] = fixture->ca->ca_file;
    }
  fixture->env[6] = NULL;
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

/* A certificate and its key valid from @activation to @expiration ("YYYY-MM-DD hh:mm:ss"),
 * made by certtool, imported under @name. */
static char *
import_self_signed (OkaFixture *fixture,
                    const char *name,
                    const char *activation,
                    const char *expiration)
{
  g_autofree char *key = g_build_filename (fixture->work, "self-signed.key", NULL);
  g_autofree char *certificate = g_build_filename (fixture->work, "self-signed.pem", NULL);
  g_autofree char *template = g_build_filename (fixture->work, "self-signed.cfg", NULL);
  g_autofree char *bundle = g_build_filename (fixture->work, "self-signed-bundle.pem", NULL);
  g_autofree char *template_text = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *certificate_text = NULL;
  g_autofree char *bundle_text = NULL;
  const char *genkey[] = { "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                           "-out", key, NULL };
  const char *sign[] = { "certtool", "--generate-self-signed", "--load-privkey", key,
                         "--template", template, "--outfile", certificate, NULL };
  g_autoptr(OktResult) imported = NULL;

  template_text = g_strdup_printf ("cn = \"Self-signed automation\"\n"
                                   "organization = \"Automation A/S\"\n"
                                   "activation_date = \"%s\"\n"
                                   "expiration_date = \"%s\"\n"
                                   "signing_key\n"
                                   "encryption_key\n", activation, expiration);
  okt_write_text (template, template_text);
  g_free (okt_run_ok (NULL, NULL, NULL, genkey));
  g_free (okt_run_ok (NULL, NULL, NULL, sign));

  g_assert_true (g_file_get_contents (certificate, &certificate_text, NULL, NULL));
  g_assert_true (g_file_get_contents (key, &key_text, NULL, NULL));
  bundle_text = g_strconcat (certificate_text, key_text, NULL);
  okt_write_text (bundle, bundle_text);

  imported = oka_cli (fixture, NULL, "import", bundle, "--name", name, NULL);
  if (imported->exit_status != 0)
    g_error ("importing the self-signed certificate failed: %s", imported->err);

  return printed_id (imported);
}

/* A certificate and its key that expired in 2021. */
char *
oka_import_expired (OkaFixture *fixture,
                    const char *name)
{
  return import_self_signed (fixture, name, "2020-01-01 00:00:00", "2021-01-01 00:00:00");
}

/* A certificate and its key whose validity starts in 2099. */
char *
oka_import_not_yet_valid (OkaFixture *fixture,
                          const char *name)
{
  return import_self_signed (fixture, name, "2099-01-01 00:00:00", "2100-01-01 00:00:00");
}

/* An OCES2-shaped certificate (issued by a "TRUST2408 Systemtest XXII CA" made here) and its
 * key, valid for ten days, so inside any renewal window; imported under @name. */
char *
oka_import_oces2 (OkaFixture *fixture,
                  const char *name)
{
  g_autofree char *ca_key = g_build_filename (fixture->work, "trust2408.key", NULL);
  g_autofree char *ca = g_build_filename (fixture->work, "trust2408.pem", NULL);
  g_autofree char *key = g_build_filename (fixture->work, "oces2.key", NULL);
  g_autofree char *csr = g_build_filename (fixture->work, "oces2.csr", NULL);
  g_autofree char *leaf = g_build_filename (fixture->work, "oces2.pem", NULL);
  g_autofree char *bundle = g_build_filename (fixture->work, "oces2-bundle.pem", NULL);
  const char *ca_genkey[] = { "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                              "-out", ca_key, NULL };
  const char *genkey[] = { "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                           "-out", key, NULL };
  const char *ca_argv[] = { "openssl", "req", "-x509", "-new", "-key", ca_key, "-sha256", "-days", "30",
                            "-subj", "/CN=TRUST2408 Systemtest XXII CA/O=TRUST2408/C=DK", "-out", ca, NULL };
  const char *csr_argv[] = { "openssl", "req", "-new", "-key", key, "-utf8", "-multivalue-rdn",
                             "-subj", "/C=DK/O=Firma A\\/S \\/\\/ CVR:12345678/CN=Firma - TU+serialNumber=CVR:12345678-FID:4711",
                             "-out", csr, NULL };
  const char *sign_argv[] = { "openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key,
                              "-days", "10", "-out", leaf, NULL };
  g_autofree char *leaf_text = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *ca_text = NULL;
  g_autofree char *bundle_text = NULL;
  g_autoptr(OktResult) imported = NULL;

  g_free (okt_run_ok (NULL, NULL, NULL, ca_genkey));
  g_free (okt_run_ok (NULL, NULL, NULL, genkey));
  g_free (okt_run_ok (NULL, NULL, NULL, ca_argv));
  g_free (okt_run_ok (NULL, NULL, NULL, csr_argv));
  g_free (okt_run_ok (NULL, NULL, NULL, sign_argv));

  g_assert_true (g_file_get_contents (leaf, &leaf_text, NULL, NULL));
  g_assert_true (g_file_get_contents (key, &key_text, NULL, NULL));
  g_assert_true (g_file_get_contents (ca, &ca_text, NULL, NULL));
  bundle_text = g_strconcat (leaf_text, key_text, ca_text, NULL);
  okt_write_text (bundle, bundle_text);

  imported = oka_cli (fixture, NULL, "import", bundle, "--name", name, NULL);
  if (imported->exit_status != 0)
    g_error ("importing the OCES2 certificate failed: %s", imported->err);

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
