/* test-app-live.c — the open window and the command-line tool on one store at the same time:
 * what the CLI renews and imports shows in the window within a second, in place, and what
 * the window does next (a setting, Renew Now, an export) keeps what the CLI did
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-certificate-list.h"
#include "ok-certificate-page.h"
#include "ok-certificate-row.h"
#include "ok-dialog-test-util.h"
#include "ok-facts-group.h"
#include "ok-renewal.h"
#include "ok-test-ca.h"
#include "ok-test-cli.h"
#include "ok-window.h"

#define LIVE_PROFILE \
  "{\"profiles\":[{\"referenceNumber\":\"REF-LIVE-0001\",\"oneTimeCode\":\"1111-2222\",\"cvr\":\"12345678\"," \
  "\"organisation\":\"Firma A/S\",\"commonName\":\"Firma live\",\"kind\":\"system\",\"validityDays\":20}]}"

static char *store_dir;
static char *work_dir;
static OkTestCa *ca;
static const char *ca_env[7];
static char *id_live;

static OkWindow *
main_window (void)
{
  return OK_WINDOW (okd_main_window ());
}

static OkCertificatePage *
certificate_page (void)
{
  return okd_template_child (main_window (), OK_TYPE_WINDOW, "page");
}

static JsonNode *
cli_json (const char *command,
          const char *id)
{
  g_autoptr(OktResult) result = ok_test_cli (store_dir, NULL, NULL, command, id, "--json", NULL);

  return ok_test_cli_json (result);
}

static char *
shown_serial (void)
{
  g_autoptr(JsonNode) shown = cli_json ("show", id_live);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (shown),
                                                                                 "certificate"), "serial"));
}

static guint
count_renewed (void)
{
  g_autoptr(JsonNode) log = cli_json ("log", id_live);
  JsonArray *events = json_node_get_array (log);
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (events, i), "type"), "RENEWED"))
      count++;

  return count;
}

static guint
rows_shown (void)
{
  OkCertificateList *list = okd_template_child (main_window (), OK_TYPE_WINDOW, "list");
  g_autoptr(GPtrArray) rows = okd_list_rows (list);

  return rows->len;
}

typedef struct
{
  const char *serial;
  guint       rows;
} Expected;

static gboolean
window_shows (gpointer data)
{
  Expected *expected = data;
  OkCertificate *shown = ok_certificate_page_get_certificate (certificate_page ());

  return shown != NULL && g_strcmp0 (ok_certificate_get_serial (shown), expected->serial) == 0 &&
         rows_shown () == expected->rows;
}

static GSubprocess *
spawn_cli (const char * const *arguments)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "OK_DATA_DIR", store_dir, TRUE);
  g_ptr_array_add (argv, (gpointer) g_getenv ("OK_CLI"));
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) arguments[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  return process;
}

/* GSubprocess forgets its pid once it has reaped the process. */
static gboolean
exited (gpointer data)
{
  return g_subprocess_get_identifier (data) == NULL;
}

static gboolean
renewal_finished (gpointer data)
{
  return !ok_renewal_get_running (data);
}

static void
test_cli_changes_show_and_stay (void)
{
  g_autofree char *before = shown_serial ();
  g_autofree char *renewed = NULL;
  g_autofree char *bundle = g_build_filename (work_dir, "partner.pem", NULL);
  g_autofree char *key = g_build_filename (work_dir, "partner.key", NULL);
  const char *make[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                         "-keyout", key, "-out", bundle, "-subj", "/CN=Partner", "-days", "90", NULL };
  g_autofree char *ignored = okt_run_ok (NULL, NULL, NULL, make);
  const char *renew[] = { "renew", id_live, NULL };
  const char *import[] = { "import", bundle, "--name", "Partner", NULL };
  g_autoptr(GSubprocess) renewing = NULL;
  g_autoptr(GSubprocess) importing = NULL;
  Expected expected = { NULL, 2 };
  GtkSwitch *auto_renew;
  OkRenewal *renewal;

  g_action_group_activate_action (G_ACTION_GROUP (main_window ()), "show-certificate", g_variant_new_string (id_live));
  okd_iterate (200);
  g_assert_cmpstr (ok_certificate_page_get_certificate_id (certificate_page ()), ==, id_live);
  g_assert_cmpuint (rows_shown (), ==, 1);

  /* The CLI renews and imports while the window is open. */
  renewing = spawn_cli (renew);
  importing = spawn_cli (import);
  g_assert_true (okd_wait_until (exited, renewing, 60));
  g_assert_true (okd_wait_until (exited, importing, 60));
  g_assert_cmpint (g_subprocess_get_exit_status (renewing), ==, 0);
  g_assert_cmpint (g_subprocess_get_exit_status (importing), ==, 0);

  /* Within a second the window shows both, the same certificate still on the page. */
  renewed = shown_serial ();
  g_assert_cmpstr (renewed, !=, before);
  expected.serial = renewed;
  g_assert_true (okd_wait_until (window_shows, &expected, 1));
  g_assert_cmpstr (ok_certificate_page_get_certificate_id (certificate_page ()), ==, id_live);
  g_assert_cmpuint (g_list_model_get_n_items (ok_certificate_get_events (ok_certificate_page_get_certificate (certificate_page ()))),
                    ==, 2);

  /* A setting changed in the window keeps the renewal. */
  auto_renew = okd_template_child (certificate_page (), OK_TYPE_CERTIFICATE_PAGE, "auto_renew_switch");
  g_assert_true (gtk_switch_get_active (auto_renew));
  gtk_switch_set_active (auto_renew, FALSE);
  okd_iterate (500);
  {
    g_autoptr(JsonNode) shown = cli_json ("show", id_live);
    JsonObject *entry = json_node_get_object (shown);

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "certificate"), "serial"), ==, renewed);
    g_assert_false (json_object_get_boolean_member (json_object_get_object_member (entry, "renewal"), "automatic"));
  }

  /* Renew Now in the window renews the CLI's certificate: two renewals, both in the log. */
  renewal = ok_application_get_renewal (okd_app (), id_live);
  g_action_group_activate_action (G_ACTION_GROUP (main_window ()), "renew", NULL);
  g_assert_true (ok_renewal_get_running (renewal));
  g_assert_true (okd_wait_until (renewal_finished, renewal, 60));
  g_assert_null (ok_renewal_get_error (renewal));
  g_assert_cmpuint (count_renewed (), ==, 2);
  {
    g_autofree char *third = shown_serial ();

    g_assert_cmpstr (third, !=, renewed);
    g_assert_cmpstr (ok_certificate_get_serial (ok_certificate_page_get_certificate (certificate_page ())), ==, third);
  }

  /* The key the store holds is the one of the current certificate; openssl judges. */
  ok_test_cli_assert_key_matches (store_dir, work_dir, id_live);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  store_dir = okt_make_tmpdir ();
  work_dir = okt_make_tmpdir ();
  g_setenv ("OK_DATA_DIR", store_dir, TRUE);

  ca = ok_test_ca_start (LIVE_PROFILE);
  ca_env[0] = "OK_TEST_ENDPOINT";
  ca_env[1] = ca->url;
  ca_env[2] = "OK_TEST_CA_FILE";
  ca_env[3] = ca->ca_file;
  ca_env[4] = "OK_TEST_ROOTS";
  ca_env[5] = ca->ca_file;
  g_setenv ("OK_TEST_ENDPOINT", ca->url, TRUE);
  g_setenv ("OK_TEST_CA_FILE", ca->ca_file, TRUE);
  g_setenv ("OK_TEST_ROOTS", ca->ca_file, TRUE);
  {
    g_autoptr(OktResult) issued = ok_test_cli (store_dir, "1111-2222\n", ca_env, "issue", "--environment", "test",
                                               "--reference", "REF-LIVE-0001", "--name", "Live", NULL);
    g_autoptr(JsonNode) list = NULL;

    if (issued->exit_status != 0)
      g_error ("issue failed: %s", issued->err);
    list = ok_test_cli_list (store_dir);
    id_live = g_strdup (json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), 0), "id"));
  }

  g_test_add_func ("/app-live/cli-changes-show-and-stay", test_cli_changes_show_and_stay);
  status = okd_run_tests ();

  ok_test_ca_stop (ca);
  okt_remove_tree (store_dir);
  okt_remove_tree (work_dir);
  g_free (store_dir);
  g_free (work_dir);
  g_free (id_live);

  return status;
}
