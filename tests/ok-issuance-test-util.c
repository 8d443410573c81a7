/* ok-issuance-test-util.c — helpers for the issuance tests: the reference CA server as a
 * subprocess, CSRs made by openssl, and synchronous wrappers around OkIssuer
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>

#include "ok-issuance-test-util.h"
#include "ok-keys-test-util.h"

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* A server must not outlive a test that aborts half-way (Linux: the child gets SIGTERM). */
void
oki_launcher_tie_to_parent (GSubprocessLauncher *launcher)
{
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
}

gboolean
oki_have_test_ca (void)
{
  const char *server = g_getenv ("OK_TEST_CA");

  return server != NULL && g_file_test (server, G_FILE_TEST_IS_EXECUTABLE);
}

OkiCa *
oki_ca_start (const char         *state_dir,
              const char         *scenario_json,
              const char * const *extra_args)
{
  OkiCa *ca = g_new0 (OkiCa, 1);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  JsonObject *ready;

  oki_launcher_tie_to_parent (launcher);
  ca->dir = okt_make_tmpdir ();
  ca->scenario = g_build_filename (ca->dir, "scenario.json", NULL);
  ca->ca_file = g_build_filename (ca->dir, "ca.pem", NULL);
  ca->chain_file = g_build_filename (ca->dir, "chain.pem", NULL);
  oki_ca_set_scenario (ca, scenario_json);

  g_ptr_array_add (argv, (char *) g_getenv ("OK_TEST_CA"));
  g_ptr_array_add (argv, "--scenario");
  g_ptr_array_add (argv, ca->scenario);
  g_ptr_array_add (argv, "--state-dir");
  g_ptr_array_add (argv, (char *) state_dir);
  g_ptr_array_add (argv, "--write-ca");
  g_ptr_array_add (argv, ca->ca_file);
  g_ptr_array_add (argv, "--write-chain");
  g_ptr_array_add (argv, ca->chain_file);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  ca->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* One JSON line once it listens; end of file if it failed to start. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (ca->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);

  ready = json_node_get_object (json_parser_get_root (parser));
  ca->url = g_strdup (json_object_get_string_member (ready, "url"));
  ca->port = (guint) json_object_get_int_member (ready, "port");
  g_assert_cmpuint (ca->port, >, 0);
  g_assert_true (g_file_test (ca->ca_file, G_FILE_TEST_IS_REGULAR));

  return ca;
}

/* The server compares the file at every request, so the next request sees the change. */
void
oki_ca_set_scenario (OkiCa      *ca,
                     const char *scenario_json)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (ca->scenario, scenario_json, -1, &error);
  g_assert_no_error (error);
}

void
oki_ca_stop (OkiCa *ca)
{
  if (ca == NULL)
    return;

  if (ca->process != NULL)
    {
      g_subprocess_send_signal (ca->process, SIGTERM);
      g_subprocess_wait (ca->process, NULL, NULL);
      g_clear_object (&ca->process);
    }
  okt_remove_tree (ca->dir);
  g_free (ca->dir);
  g_free (ca->scenario);
  g_free (ca->ca_file);
  g_free (ca->chain_file);
  g_free (ca->url);
  g_free (ca);
}

char *
oki_make_csr (const char *dir,
              const char *name,
              guint       bits)
{
  g_autofree char *key = g_strdup_printf ("%s/%s.key", dir, name);
  g_autofree char *csr = g_strdup_printf ("%s/%s.csr", dir, name);
  g_autofree char *newkey = g_strdup_printf ("rsa:%u", bits);
  const char *argv[] = { "openssl", "req", "-new", "-newkey", newkey, "-nodes", "-keyout", key,
                         "-subj", "/CN=OCES Keeper test", "-out", csr, NULL };
  g_autofree char *out = okt_run_ok (NULL, NULL, NULL, argv);
  g_autoptr(GError) error = NULL;
  char *pem = NULL;

  g_file_get_contents (csr, &pem, NULL, &error);
  g_assert_no_error (error);
  return pem;
}

char *
oki_write_pem (const char *dir,
               const char *name,
               GBytes     *der)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *der_path = g_strconcat (path, ".der", NULL);
  const char *argv[] = { "openssl", "x509", "-inform", "DER", "-in", der_path, "-out", path, NULL };
  g_autofree char *out = NULL;

  okt_write_file (der_path, der);
  out = okt_run_ok (NULL, NULL, NULL, argv);
  return path;
}

char *
oki_openssl_text (const char *path)
{
  const char *argv[] = { "openssl", "x509", "-in", path, "-noout", "-text", NULL };

  return okt_run_ok (NULL, NULL, NULL, argv);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

OkIssuance *
oki_issue (OkIssuer      *issuer,
           const char    *reference_number,
           const char    *one_time_code,
           const char    *csr_pem,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ok_issuer_issue_async (issuer, reference_number, one_time_code, csr_pem, cancellable,
                         on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return ok_issuer_issue_finish (issuer, result, error);
}

OkIssuance *
oki_renew (OkIssuer         *issuer,
           GTlsCertificate  *client_certificate,
           const char       *csr_pem,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ok_issuer_renew_async (issuer, client_certificate, csr_pem, cancellable, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return ok_issuer_renew_finish (issuer, result, error);
}

void
oki_assert_issuer_error (const GError  *error,
                         OkIssuerError  code,
                         guint          status)
{
  g_autofree char *detailed = NULL;
  g_autofree char *suffix = NULL;

  g_assert_error ((GError *) error, OK_ISSUER_ERROR, (gint) code);
  g_assert_nonnull (ok_issuer_error_get_guidance (error));
  g_assert_cmpuint (ok_issuer_error_get_http_status (error), ==, status);

  detailed = ok_issuer_error_dup_detailed_error (error);
  g_assert_true (g_str_has_prefix (detailed, "Error requesting client certificate response: "));
  if (status != 0)
    {
      suffix = g_strdup_printf (" - %u", status);
      g_assert_true (g_str_has_suffix (detailed, suffix));
    }
}
