/* ok-test-ca.c — the reference CA server (oces-keeper-test-ca) as a test fixture
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include <json-glib/json-glib.h>
#include <signal.h>

#include "ok-keys-test-util.h"
#include "ok-test-ca.h"

/* One CA hierarchy per test program: making its RSA keys is the slow part of a start. */
static char *
shared_state_dir (void)
{
  static char *dir;

  if (dir == NULL)
    dir = okt_make_tmpdir ();

  return dir;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

OkTestCa *
ok_test_ca_start (const char *scenario_json)
{
  OkTestCa *ca = g_new0 (OkTestCa, 1);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  /* A test that fails aborts; the CA must not outlive it holding the test's output open. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *server = g_getenv ("OK_TEST_CA");

  g_assert_nonnull (server);

  ca->dir = okt_make_tmpdir ();
  ca->scenario = g_build_filename (ca->dir, "scenario.json", NULL);
  ca->ca_file = g_build_filename (ca->dir, "ca.pem", NULL);
  ca->request_log = g_build_filename (ca->dir, "requests.log", NULL);
  okt_write_text (ca->scenario, scenario_json);

  ca->process = g_subprocess_launcher_spawn (launcher, &error, server,
                                             "--scenario", ca->scenario,
                                             "--state-dir", shared_state_dir (),
                                             "--write-ca", ca->ca_file,
                                             "--request-log", ca->request_log,
                                             "--port", "0", NULL);
  g_assert_no_error (error);

  /* The server says where it listens once it is ready. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (ca->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  ca->url = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "url"));
  ca->revocation_url = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                                "revocationUrl"));
  g_assert_true (g_file_test (ca->ca_file, G_FILE_TEST_EXISTS));

  return ca;
}

/* Rewrites the scenario and has the server re-read it before returning. */
void
ok_test_ca_set_scenario (OkTestCa   *ca,
                         const char *scenario_json)
{
  okt_write_text (ca->scenario, scenario_json);
  g_subprocess_send_signal (ca->process, SIGHUP);
  /* The server re-reads on SIGHUP from its main loop; give it a moment. */
  g_usleep (300 * 1000);
}

void
ok_test_ca_stop (OkTestCa *ca)
{
  if (ca == NULL)
    return;

  g_subprocess_force_exit (ca->process);
  g_subprocess_wait (ca->process, NULL, NULL);
  g_clear_object (&ca->process);
  okt_remove_tree (ca->dir);
  g_free (ca->dir);
  g_free (ca->scenario);
  g_free (ca->ca_file);
  g_free (ca->url);
  g_free (ca->revocation_url);
  g_free (ca->request_log);
  g_free (ca);
}
