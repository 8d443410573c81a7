/* test-app-many.c — the window with more certificates than its list shows at once
 *
 * The list view makes rows only around what is in sight and gives them to other certificates
 * as the list scrolls, headings and certificates trading places. Here 300 certificates in three
 * groups are scrolled through, and every row and heading on screen must show its own item: the
 * certificate's name, the group's title above the first certificate of each group only.
 *
 * The store is one certificate imported by the CLI and copied in SQLite: what the app loads is
 * a real store with 300 entries, made in a moment.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-certificate-list.h"
#include "ok-certificate-page.h"
#include "ok-certificate-row.h"
#include "ok-dialog-test-util.h"
#include "ok-keys-test-util.h"
#include "ok-store-test-util.h"
#include "ok-test-cli.h"
#include "ok-window.h"

#define N_CERTIFICATES 300
#define GROUP_SIZE     100

static char *store_dir;

static OkCertificateList *
certificate_list (void)
{
  return okd_template_child (okd_main_window (), OK_TYPE_WINDOW, "list");
}

/* Certificates 000–099 are in Test, 100–199 in Production, 200–299 have no environment. */
static int number_of (const char *name);

static const char *
expected_title (const char *name)
{
  int number = number_of (name);

  if (number < GROUP_SIZE)
    return "Firma A/S · CVR 12345678 · Test";
  if (number < 2 * GROUP_SIZE)
    return "Firma A/S · CVR 12345678 · Production";
  return "Firma A/S · CVR 12345678 · Unknown";
}

static int
number_of (const char *name)
{
  return atoi (name + strlen ("Cert "));
}

static gboolean
first_of_group (const char *name)
{
  return number_of (name) % GROUP_SIZE == 0;
}

/* Every row on screen shows its own certificate, under the right heading or none, and the rows
 * go on from one to the next without a gap or a repeat: a row left showing the certificate it
 * had before it was recycled would break the run. */
static guint
assert_rows_match_items (void)
{
  g_autoptr(GPtrArray) rows = okd_list_rows (certificate_list ());
  int previous = -1;

  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      OkCertificateRow *row = rows->pdata[i];
      const char *name = ok_certificate_get_name (ok_certificate_row_get_certificate (row));
      const char *shown = gtk_label_get_text (okd_template_child (row, OK_TYPE_CERTIFICATE_ROW, "name_label"));
      const char *heading = okd_row_heading (row);

      g_assert_cmpstr (shown, ==, name);
      if (first_of_group (name))
        g_assert_cmpstr (heading, ==, expected_title (name));
      else
        {
          g_assert_null (heading);
          if (previous >= 0)
            g_assert_cmpint (number_of (name), ==, previous + 1);
        }
      previous = number_of (name);
    }

  return rows->len;
}

static OkCertificateRow *
row_named (const char *name)
{
  g_autoptr(GPtrArray) rows = okd_list_rows (certificate_list ());

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (ok_certificate_get_name (ok_certificate_row_get_certificate (rows->pdata[i])), name))
      return rows->pdata[i];

  return NULL;
}

static gboolean
list_filled (gpointer data)
{
  g_autoptr(GPtrArray) rows = okd_list_rows (certificate_list ());

  return ok_certificate_list_get_n_shown (certificate_list ()) == N_CERTIFICATES && rows->len > 0;
}

static char *
id_of (const char *name)
{
  g_autoptr(JsonNode) list = ok_test_cli_list (store_dir);
  JsonArray *array = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (entry, "name"), name))
        return g_strdup (json_object_get_string_member (entry, "id"));
    }

  g_assert_not_reached ();
}

static void
scroll_to (double fraction)
{
  GtkWidget *view = okd_template_child (certificate_list (), OK_TYPE_CERTIFICATE_LIST, "list_view");
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  double top = gtk_adjustment_get_lower (adjustment);
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  gtk_adjustment_set_value (adjustment, top + fraction * (bottom - top));
  okd_wait_for_frame (view);
  okd_wait_for_frame (view);
}

static gboolean
page_shows (gpointer data)
{
  OkCertificatePage *page = okd_template_child (okd_main_window (), OK_TYPE_WINDOW, "page");

  return g_strcmp0 (ok_certificate_page_get_certificate_id (page), data) == 0;
}

static void
test_scroll_through (void)
{
  GtkListView *view = okd_template_child (certificate_list (), OK_TYPE_CERTIFICATE_LIST, "list_view");
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (view));
  const char *last_names[] = { "Cert 099", "Cert 199", "Cert 299" };
  g_autofree char *far_id = NULL;
  gboolean last_seen = FALSE;
  guint made;

  okd_store ();
  g_assert_true (okd_wait_until (list_filled, NULL, OKD_WAIT_SECONDS));

  /* Rows for part of the list only. */
  made = assert_rows_match_items ();
  g_test_message ("%u rows made for %u certificates", made, N_CERTIFICATES);
  g_assert_cmpuint (made, <, N_CERTIFICATES);

  /* Down the list in steps: the same rows show other certificates and headings. */
  for (guint step = 1; step <= 10; step++)
    {
      scroll_to (step / 10.0);
      assert_rows_match_items ();
    }
  for (guint i = 0; i < G_N_ELEMENTS (last_names); i++)
    last_seen |= row_named (last_names[i]) != NULL;
  g_assert_true (last_seen);

  /* Back to the top, then a certificate far below is opened from elsewhere (a reminder's
   * "Open"): the list brings its row into sight, selected. */
  scroll_to (0);
  assert_rows_match_items ();
  for (guint i = 0; i < G_N_ELEMENTS (last_names) && far_id == NULL; i++)
    if (row_named (last_names[i]) == NULL)
      far_id = id_of (last_names[i]);
  g_assert_nonnull (far_id);
  g_action_group_activate_action (G_ACTION_GROUP (okd_main_window ()), "show-certificate", g_variant_new_string (far_id));
  g_assert_true (okd_wait_until (page_shows, far_id, OKD_WAIT_SECONDS));
  okd_wait_for_frame (GTK_WIDGET (view));
  okd_wait_for_frame (GTK_WIDGET (view));
  g_assert_cmpstr (ok_certificate_get_id (gtk_single_selection_get_selected_item (selection)), ==, far_id);
  g_assert_nonnull (row_named (ok_certificate_get_name (gtk_single_selection_get_selected_item (selection))));
  assert_rows_match_items ();
}

/* One certificate imported by the CLI, copied into N_CERTIFICATES entries in three groups. */
static void
make_store (void)
{
  g_autofree char *work = okt_make_tmpdir ();
  g_autofree char *key = g_build_filename (work, "key.pem", NULL);
  g_autofree char *pem = g_build_filename (work, "certificate.pem", NULL);
  const char *openssl[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                            "-nodes", "-keyout", key, "-out", pem, "-days", "300", "-subj",
                            "/CN=Firma system/O=Firma A\\/S/organizationIdentifier=NTRDK-12345678/C=DK", NULL };
  g_autoptr(OktResult) imported = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *first = NULL;

  g_free (okt_run_ok (NULL, NULL, NULL, openssl));
  imported = ok_test_cli (store_dir, NULL, NULL, "import", pem, "--name", "Cert 000", NULL);
  if (imported->exit_status != 0)
    g_error ("import failed: %s", imported->err);

  db = okt_db_open (store_dir);
  first = okt_db_text (db, "SELECT id FROM entries");
  okt_db_exec (db, "BEGIN");
  for (guint i = 1; i < N_CERTIFICATES; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO generations (entry_id, sha256, serial, der, chain_pem, facts, trust, trust_key, subject_cn,"
        "  organisation, cvr, uuid, kind, environment, not_before, not_after, added)"
        " SELECT 'c%011u', '%u' || sha256, serial, der, chain_pem, facts, trust, trust_key, subject_cn, organisation,"
        "  cvr, uuid, kind, environment, not_before, not_after, added FROM generations WHERE entry_id = '%s';"
        "INSERT INTO entries (id, name, environment_override, auto_renew, renewal_window_days, monitor_state,"
        "  current, created)"
        " SELECT 'c%011u', 'Cert %03u', NULL, auto_renew, renewal_window_days, monitor_state, last_insert_rowid(),"
        "  created FROM entries WHERE id = '%s';",
        i, i, first, i, i, first);

      okt_db_exec (db, sql);
    }
  okt_db_exec (db, "UPDATE entries SET environment_override = 'test' WHERE name < 'Cert 100';"
                   "UPDATE entries SET environment_override = 'prod' WHERE name >= 'Cert 100' AND name < 'Cert 200';"
                   "COMMIT");

  okt_remove_tree (work);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  store_dir = okt_make_tmpdir ();
  g_setenv ("OK_DATA_DIR", store_dir, TRUE);
  make_store ();

  g_test_add_func ("/app-many/scroll-through", test_scroll_through);
  status = okd_run_tests ();

  okt_remove_tree (store_dir);
  g_free (store_dir);

  return status;
}
