/* test-app-certificates.c — the certificate list and the detail page in the real app: grouping,
 * urgency order, badges and day counts, search and filter, the facts against the CLI's
 * `show --json`, per-certificate settings, Renew Now against the reference CA (success, the
 * e-mail-validation failure with its guidance and Retry), the reasons Renew Now is unavailable,
 * Rename, Remove with and without Undo, and the narrow (folded) layout
 *
 * The store is filled before the app starts, with oces-keeper-cli importing certificates made by
 * openssl and certtool (one fine, one inside its renewal window, one expired, one without its
 * key) and issuing two from the reference CA. With `--language da` the program checks the Danish
 * wording of the list instead and issues nothing.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ok-certificate-list.h"
#include "ok-certificate-page.h"
#include "ok-certificate-row.h"
#include "ok-dialog-test-util.h"
#include "ok-event-row.h"
#include "ok-facts-group.h"
#include "ok-format.h"
#include "ok-grid-row.h"
#include "ok-issuer.h"
#include "ok-notice.h"
#include "ok-renewal-panel.h"
#include "ok-state.h"
#include "ok-status-badge.h"
#include "ok-test-ca.h"
#include "ok-test-cli.h"
#include "ok-window.h"

#define RENEW_WAIT_SECONDS 60
#define SECONDS_PER_DAY (24 * 60 * 60)

#define PROFILES(email_validated) \
  "{\"profiles\":[" \
  "{\"referenceNumber\":\"REF-RENEW-0001\",\"oneTimeCode\":\"1111-2222\",\"cvr\":\"12345678\"," \
  "\"organisation\":\"Firma A/S\",\"commonName\":\"Firma integration\",\"kind\":\"system\",\"validityDays\":20}," \
  "{\"referenceNumber\":\"REF-EMAIL-0002\",\"oneTimeCode\":\"3333-4444\",\"cvr\":\"12345678\"," \
  "\"organisation\":\"Firma A/S\",\"commonName\":\"Firma signing\",\"kind\":\"organisation\"," \
  "\"email\":\"it@firma.example\",\"emailValidated\":" email_validated ",\"validityDays\":25}," \
  "{\"referenceNumber\":\"REF-REVOKED-0003\",\"oneTimeCode\":\"5555-6666\",\"cvr\":\"12345678\"," \
  "\"organisation\":\"Firma A/S\",\"commonName\":\"Firma revoked\",\"kind\":\"system\",\"revoked\":true}" \
  "]}"

static char *store_dir;
static char *work_dir;
static OkTestCa *ca;
static const char *ca_env[7];

static char *id_web;        /* fine, 400 days, with key */
static char *id_soon;       /* inside its renewal window, with key */
static char *id_old;        /* expired, with key (certtool) */
static char *id_partner;    /* monitor only, another organisation, Prod */
static char *id_renewable;  /* issued by the reference CA */
static char *id_email;      /* issued by the reference CA, e-mail validation fails later */

/* ---- preparing the store with the CLI ------------------------------------------------------------ */

static void
cli_ok (OktResult *result)
{
  if (result->exit_status != 0)
    g_error ("oces-keeper-cli failed (%d): %s", result->exit_status, result->err);
}

static char *
read_work_file (const char *name)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);
  g_autoptr(GBytes) bytes = okt_read_file (path);

  return okt_bytes_to_text (bytes);
}

/* Writes the certificate and, with @with_key, its key into one PEM file for the CLI to import. */
static char *
write_bundle (const char *file,
              const char *certificate,
              const char *key)
{
  g_autofree char *certificate_text = read_work_file (certificate);
  g_autofree char *key_text = key != NULL ? read_work_file (key) : g_strdup ("");
  g_autofree char *bundle_text = g_strconcat (certificate_text, key_text, NULL);
  char *bundle = g_build_filename (work_dir, file, NULL);

  okt_write_text (bundle, bundle_text);
  return bundle;
}

static char *
make_openssl_certificate (const char *file,
                          const char *cn,
                          const char *uuid,
                          const char *organisation,
                          const char *cvr,
                          const char *days,
                          gboolean    with_key)
{
  g_autofree char *subject = g_strdup_printf ("/CN=%s/serialNumber=UI:DK-O:G:%s/O=%s/organizationIdentifier=NTRDK-%s/C=DK",
                                              cn, uuid, organisation, cvr);
  g_autofree char *key = g_strconcat (file, ".key", NULL);
  g_autofree char *certificate = g_strconcat (file, ".crt", NULL);
  g_autofree char *out = NULL;

  out = okt_run_ok (work_dir, NULL, NULL, (const char *[]) {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-noenc", "-keyout", key, "-out", certificate,
    "-days", days, "-subj", subject, NULL });

  return write_bundle (file, certificate, with_key ? key : NULL);
}

/* certtool, because openssl req cannot date a certificate in the past. */
static char *
make_expired_certificate (void)
{
  g_autofree char *template = g_build_filename (work_dir, "old.cfg", NULL);
  g_autofree char *out = NULL;

  /* 2.5.4.97 is not a name certtool knows, so its value is given as DER: a UTF8String. */
  okt_write_text (template,
                  "dn = \"CN=Gammel integration,serialNumber=UI:DK-O:G:99999999-8888-7777-6666-555555555555,"
                  "O=Gammel Handel ApS,2.5.4.97=#0c0e4e5452444b2d3131313132323232,C=DK\"\n"
                  "serial = 7\n"
                  "activation_date = \"2023-01-01 00:00:00\"\n"
                  "expiration_date = \"2024-01-01 00:00:00\"\n");
  out = okt_run_ok (work_dir, NULL, NULL, (const char *[]) {
    "certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048", "--no-text", "--outfile", "old.key", NULL });
  g_clear_pointer (&out, g_free);
  out = okt_run_ok (work_dir, NULL, NULL, (const char *[]) {
    "certtool", "--generate-self-signed", "--load-privkey", "old.key", "--template", "old.cfg",
    "--no-text", "--outfile", "old.crt", NULL });

  return write_bundle ("old.pem", "old.crt", "old.key");
}

static void
cli_import (const char *path,
            const char *environment,
            const char *name)
{
  g_autoptr(OktResult) result = ok_test_cli (store_dir, NULL, NULL, "import", path,
                                             "--environment", environment, "--name", name, NULL);

  cli_ok (result);
}

static void
cli_issue (const char *reference,
           const char *code,
           const char *name)
{
  g_autofree char *input = g_strconcat (code, "\n", NULL);
  g_autoptr(OktResult) result = ok_test_cli (store_dir, input, ca_env, "issue", "--environment", "test",
                                             "--reference", reference, "--name", name, NULL);

  cli_ok (result);
}

static JsonObject *
find_by_id (JsonArray  *array,
            const char *id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (array, i), "id"), id))
      return json_array_get_object_element (array, i);

  return NULL;
}

static JsonNode *
cli_show (const char *id)
{
  g_autoptr(OktResult) result = ok_test_cli (store_dir, NULL, NULL, "show", id, "--json", NULL);

  return ok_test_cli_json (result);
}

static JsonNode *
cli_log (const char *id)
{
  g_autoptr(OktResult) result = ok_test_cli (store_dir, NULL, NULL, "log", id, "--json", NULL);

  return ok_test_cli_json (result);
}

static JsonObject *
facts_of (JsonNode *shown)
{
  return json_object_get_object_member (json_node_get_object (shown), "certificate");
}

static gboolean
cli_lists (const char *id)
{
  g_autoptr(JsonNode) list = ok_test_cli_list (store_dir);

  return find_by_id (json_node_get_array (list), id) != NULL;
}

/* Waits until the CLI sees what @condition checks. The CLI runs synchronously, so it is asked
 * only every quarter second, leaving the main loop free in between to finish the app's writes. */
static gboolean
cli_wait_until (OkdCondition condition,
                gpointer     data)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      okd_iterate (250);
    }

  return TRUE;
}

static char *
id_named (JsonArray  *list,
          const char *name)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (entry, "name"), name))
        return g_strdup (json_object_get_string_member (entry, "id"));
    }

  g_error ("no certificate named “%s” in the store", name);
}

static void
prepare_store (gboolean with_issued)
{
  g_autofree char *web = make_openssl_certificate ("web.pem", "Firma web", "11111111-2222-3333-4444-555555555555",
                                                   "Firma A\\/S", "12345678", "400", TRUE);
  g_autofree char *soon = make_openssl_certificate ("soon.pem", "Firma batch", "22222222-3333-4444-5555-666666666666",
                                                    "Firma A\\/S", "12345678", "10", TRUE);
  g_autofree char *partner = make_openssl_certificate ("partner.pem", "Partner portal",
                                                       "33333333-4444-5555-6666-777777777777",
                                                       "Andet Firma ApS", "87654321", "200", FALSE);
  g_autofree char *old = make_expired_certificate ();
  g_autoptr(JsonNode) list = NULL;
  JsonArray *array;

  cli_import (web, "test", "Web server");
  cli_import (soon, "test", "Soon due");
  cli_import (old, "test", "Old integration");
  cli_import (partner, "prod", "Partner portal");
  if (with_issued)
    {
      cli_issue ("REF-RENEW-0001", "1111-2222", "Renewable");
      cli_issue ("REF-EMAIL-0002", "3333-4444", "E-mail check");
    }

  list = ok_test_cli_list (store_dir);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, with_issued ? 6 : 4);
  id_web = id_named (array, "Web server");
  id_soon = id_named (array, "Soon due");
  id_old = id_named (array, "Old integration");
  id_partner = id_named (array, "Partner portal");
  if (with_issued)
    {
      id_renewable = id_named (array, "Renewable");
      id_email = id_named (array, "E-mail check");
    }
}

/* ---- the window's parts ---------------------------------------------------------------------------- */

static OkWindow *
main_window (void)
{
  return OK_WINDOW (okd_main_window ());
}

static OkCertificateList *
certificate_list (void)
{
  return okd_template_child (main_window (), OK_TYPE_WINDOW, "list");
}

static OkCertificatePage *
certificate_page (void)
{
  return okd_template_child (main_window (), OK_TYPE_WINDOW, "page");
}

static gpointer
page_child (const char *name)
{
  return okd_template_child (certificate_page (), OK_TYPE_CERTIFICATE_PAGE, name);
}

static gpointer
panel_child (const char *name)
{
  return okd_template_child (page_child ("renewal_panel"), OK_TYPE_RENEWAL_PANEL, name);
}

static int
count_rows (GtkListBox *list)
{
  int n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;

  return n;
}

static OkGridRow *
fact_row (const char *fact)
{
  OkGridRow *row = ok_facts_group_get_row (page_child ("facts"), fact);

  g_assert_nonnull (row);
  return row;
}

/* The rows the list shows, top to bottom. */
static GPtrArray *
shown_rows (void)
{
  return okd_list_rows (certificate_list ());
}

static OkCertificateRow *
row_for (const char *id)
{
  g_autoptr(GPtrArray) rows = shown_rows ();

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (ok_certificate_get_id (ok_certificate_row_get_certificate (rows->pdata[i])), id))
      return rows->pdata[i];

  return NULL;
}

static const char *
row_name (OkCertificateRow *row)
{
  return ok_certificate_get_name (ok_certificate_row_get_certificate (row));
}

static const char *
row_badge (OkCertificateRow *row)
{
  return ok_status_badge_get_text (okd_template_child (row, OK_TYPE_CERTIFICATE_ROW, "badge"));
}

static const char *
row_expiry (OkCertificateRow *row)
{
  return gtk_label_get_text (okd_template_child (row, OK_TYPE_CERTIFICATE_ROW, "expiry_label"));
}

static const char *
row_header (OkCertificateRow *row)
{
  return okd_row_heading (row);
}

static gboolean
certificates_shown (gpointer data)
{
  GtkStack *stack = okd_template_child (main_window (), OK_TYPE_WINDOW, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "certificates") == 0;
}

static gboolean
page_shows (gpointer data)
{
  return g_strcmp0 (ok_certificate_page_get_certificate_id (certificate_page ()), data) == 0;
}

static void
show (const char *id)
{
  g_action_group_activate_action (G_ACTION_GROUP (main_window ()), "show-certificate", g_variant_new_string (id));
  g_assert_true (okd_wait_until (page_shows, (gpointer) id, OKD_WAIT_SECONDS));
}

typedef struct
{
  guint       count;
  const char *first;
} RowsExpectation;

static gboolean
rows_are (gpointer data)
{
  RowsExpectation *expected = data;
  g_autoptr(GPtrArray) rows = shown_rows ();

  return rows->len == expected->count &&
         (expected->first == NULL || g_str_equal (row_name (rows->pdata[0]), expected->first));
}

static void
assert_rows (guint       count,
             const char *first)
{
  RowsExpectation expected = { count, first };

  if (!okd_wait_until (rows_are, &expected, OKD_WAIT_SECONDS))
    {
      g_autoptr(GPtrArray) rows = shown_rows ();
      g_error ("expected %u rows starting with “%s”, the list shows %u", count, first ? first : "", rows->len);
    }
}

static OkState
state_from_cli (JsonObject *entry)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (OK_TYPE_STATE);
  GEnumValue *value = g_enum_get_value_by_nick (states, json_object_get_string_member (entry, "state"));

  g_assert_nonnull (value);
  return value->value;
}

/* ---- the list ------------------------------------------------------------------------------------- */

static void
test_list (void)
{
  static const struct {
    char       **id;
    const char  *name;
    const char  *header;
    const char  *badge;
    const char  *colour;
  } expected[] = {
    { &id_old, "Old integration", "Gammel Handel ApS · CVR 11112222 · Test", "Expired", "error" },
    { &id_soon, "Soon due", "Firma A/S · CVR 12345678 · Test", "Renewal due", "accent" },
    { &id_renewable, "Renewable", NULL, "Renewal due", "accent" },
    { &id_email, "E-mail check", NULL, "Renewal due", "accent" },
    { &id_web, "Web server", NULL, "Valid", "success" },
    { &id_partner, "Partner portal", "Andet Firma ApS · CVR 87654321 · Production", "Monitor only", "dim-label" },
  };
  g_autoptr(JsonNode) list = ok_test_cli_list (store_dir);
  /* `status` exits 4 while a certificate has expired, as here: read its output all the same. */
  g_autoptr(OktResult) status = ok_test_cli (store_dir, NULL, NULL, "status", "--format", "json", NULL);
  g_autoptr(JsonParser) status_parser = json_parser_new ();
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  JsonArray *array = json_node_get_array (list);
  JsonArray *status_array;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (json_parser_load_from_data (status_parser, g_bytes_get_data (status->out, NULL),
                                             g_bytes_get_size (status->out), NULL));
  status_array = json_node_get_array (json_parser_get_root (status_parser));

  okd_store ();
  g_assert_true (okd_wait_until (certificates_shown, NULL, OKD_WAIT_SECONDS));
  okd_wait_for_frame (GTK_WIDGET (main_window ()));

  rows = shown_rows ();
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < rows->len; i++)
    {
      OkCertificateRow *row = rows->pdata[i];
      OkStatusBadge *badge = okd_template_child (row, OK_TYPE_CERTIFICATE_ROW, "badge");
      JsonObject *entry = NULL;
      g_autofree char *days_text = NULL;
      gint64 days;

      g_test_message ("row %u: %s · %s · %s", i, row_name (row), row_badge (row), row_expiry (row));
      g_assert_cmpstr (ok_certificate_get_id (ok_certificate_row_get_certificate (row)), ==, *expected[i].id);
      g_assert_cmpstr (row_name (row), ==, expected[i].name);
      g_assert_cmpstr (row_header (row), ==, expected[i].header);
      g_assert_cmpstr (row_badge (row), ==, expected[i].badge);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (badge), expected[i].colour));

      /* The CLI reads the same store from disk: same state, same day count. */
      entry = find_by_id (array, *expected[i].id);
      g_assert_nonnull (entry);
      g_assert_cmpstr (row_badge (row), ==, ok_state_get_display_name (state_from_cli (entry)));

      /* One day count everywhere (ok-days.c): the CLI's number, the row's words, the detail
       * page's caption and a reminder's title, all at this instant. */
      days = json_object_get_int_member (entry, "days_left");
      /* …and so do `status --format json` and `show` (ok-days.c through ok_state_get_days_left). */
      g_assert_nonnull (find_by_id (status_array, *expected[i].id));
      g_assert_cmpint (json_object_get_int_member (find_by_id (status_array, *expected[i].id), "days_left"), ==, days);
      shown = cli_show (*expected[i].id);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (shown), "days_left"), ==, days);
      g_clear_pointer (&shown, json_node_unref);
      if (days > 0)
        days_text = g_strdup_printf ("Expires in %" G_GINT64_FORMAT " day%s", days, days == 1 ? "" : "s");
      else if (days < 0)
        days_text = g_strdup_printf ("Expired %" G_GINT64_FORMAT " day%s ago", -days, days == -1 ? "" : "s");
      else
        days_text = g_strdup (ok_certificate_get_not_after (ok_certificate_row_get_certificate (row)) <= now
                              ? "Expired today" : "Expires today");

      ok_certificate_page_show (certificate_page (), *expected[i].id, NULL);
      if (days > 0)
        {
          g_autofree char *left = g_strdup_printf ("— %" G_GINT64_FORMAT " day%s left", days, days == 1 ? "" : "s");
          g_autofree char *title = g_strdup_printf ("“%s” expires in %" G_GINT64_FORMAT " day%s",
                                                    expected[i].name, days, days == 1 ? "" : "s");
          g_autoptr(OkNotice) notice = ok_notice_new_reminder (ok_certificate_row_get_certificate (row), 7,
                                                               g_get_real_time () / G_USEC_PER_SEC, 30);

          g_assert_true (g_str_has_suffix (gtk_label_get_text (page_child ("validity_label")), left));
          g_assert_cmpstr (ok_notice_get_title (notice), ==, title);
        }
      else if (days < 0)
        g_assert_true (g_str_has_prefix (gtk_label_get_text (page_child ("validity_label")), "Expired on "));
      g_assert_cmpstr (row_expiry (row), ==, days_text);
    }
  /* Back to what the window chose, which the next checks look at. */
  ok_certificate_page_show (certificate_page (), id_old, NULL);

  /* Wide enough for both panes: the most urgent certificate is shown from the start. */
  g_assert_false (adw_leaflet_get_folded (okd_template_child (main_window (), OK_TYPE_WINDOW, "leaflet")));
  g_assert_cmpstr (ok_certificate_page_get_certificate_id (certificate_page ()), ==, id_old);

  /* Ctrl+F and Ctrl+R, as the Keyboard Shortcuts window lists them. */
  for (const char * const *pair = (const char *[]) { "<Control>f", "win.search", "<Control>r", "win.renew", NULL };
       *pair != NULL; pair += 2)
    {
      g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (okd_app ()), pair[0]);

      g_assert_nonnull (actions);
      g_assert_true (g_strv_contains ((const char * const *) actions, pair[1]));
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  okd_save_screenshot (GTK_WIDGET (main_window ()), "certificates-list.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  okd_save_screenshot (GTK_WIDGET (main_window ()), "certificates-list-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
set_search (GtkEditable *entry,
            const char  *text)
{
  gtk_editable_set_text (entry, text);
}

static void
test_search_and_filter (void)
{
  OkWindow *window = main_window ();
  GtkSearchBar *bar = okd_template_child (certificate_list (), OK_TYPE_CERTIFICATE_LIST, "search_bar");
  GtkEditable *entry = okd_template_child (certificate_list (), OK_TYPE_CERTIFICATE_LIST, "search_entry");
  GtkWidget *no_results = okd_template_child (certificate_list (), OK_TYPE_CERTIFICATE_LIST, "no_results_page");
  GtkDropDown *filter = okd_template_child (window, OK_TYPE_WINDOW, "filter_dropdown");
  GtkToggleButton *search_button = okd_template_child (window, OK_TYPE_WINDOW, "search_button");

  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  g_assert_true (gtk_toggle_button_get_active (search_button));

  set_search (entry, "87654321");          /* CVR */
  assert_rows (1, "Partner portal");
  set_search (entry, "GAMMEL handel");     /* organisation, any case */
  assert_rows (1, "Old integration");
  set_search (entry, "11111111-2222");     /* UUID */
  assert_rows (1, "Web server");
  set_search (entry, "e-mail");            /* name */
  assert_rows (1, "E-mail check");
  set_search (entry, "firma a/s");
  assert_rows (4, "Soon due");
  set_search (entry, "no such certificate");
  assert_rows (0, NULL);
  okd_wait_for_frame (no_results);
  set_search (entry, "");
  assert_rows (6, "Old integration");

  gtk_toggle_button_set_active (search_button, FALSE);
  g_assert_false (gtk_search_bar_get_search_mode (bar));

  /* The detail pane follows the list: a certificate the search hides is not shown beside it,
   * and comes back with the row. */
  show (id_web);
  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  set_search (entry, "87654321");
  assert_rows (1, "Partner portal");
  g_assert_true (okd_wait_until (page_shows, NULL, OKD_WAIT_SECONDS));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child ("stack")), ==, "none");
  set_search (entry, "");
  assert_rows (6, "Old integration");
  g_assert_true (okd_wait_until (page_shows, id_web, OKD_WAIT_SECONDS));
  gtk_toggle_button_set_active (search_button, FALSE);
  gtk_drop_down_set_selected (filter, OK_CERTIFICATE_FILTER_PROD);
  assert_rows (1, "Partner portal");
  g_assert_true (okd_wait_until (page_shows, NULL, OKD_WAIT_SECONDS));
  gtk_drop_down_set_selected (filter, OK_CERTIFICATE_FILTER_ALL);
  g_assert_true (okd_wait_until (page_shows, id_web, OKD_WAIT_SECONDS));

  /* Needs attention: expired, failing, expiring soon; a renewal that happens by itself is not. */
  gtk_drop_down_set_selected (filter, OK_CERTIFICATE_FILTER_ATTENTION);
  assert_rows (1, "Old integration");
  gtk_drop_down_set_selected (filter, OK_CERTIFICATE_FILTER_TEST);
  assert_rows (5, "Old integration");
  gtk_drop_down_set_selected (filter, OK_CERTIFICATE_FILTER_PROD);
  assert_rows (1, "Partner portal");
  g_assert_cmpstr (row_header (row_for (id_partner)), ==, "Andet Firma ApS · CVR 87654321 · Production");
  gtk_drop_down_set_selected (filter, OK_CERTIFICATE_FILTER_ALL);
  assert_rows (6, "Old integration");
}

/* The list keeps its width whichever certificate the detail pane shows. */
static void
test_stable_split (void)
{
  GtkWidget *list_pane = okd_template_child (main_window (), OK_TYPE_WINDOW, "list_bin");
  GtkWidget *page = GTK_WIDGET (certificate_page ());
  const char *ids[] = { id_web, id_old, id_partner, id_email, id_soon };
  graphene_point_t origin;
  int width = -1;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      show (ids[i]);
      okd_wait_for_frame (GTK_WIDGET (main_window ()));
      g_test_message ("list width with %s shown: %d", ids[i], gtk_widget_get_width (list_pane));
      if (width < 0)
        width = gtk_widget_get_width (list_pane);
      g_assert_cmpint (gtk_widget_get_width (list_pane), ==, width);
      /* … and the detail pane starts right after it, with no gap the list leaves empty. */
      g_assert_true (gtk_widget_compute_point (page, list_pane, &GRAPHENE_POINT_INIT (0, 0), &origin));
      g_assert_cmpfloat (origin.x, <=, width + 2);
    }
}

/* ---- the detail page ------------------------------------------------------------------------------ */

typedef struct
{
  gboolean  done;
  char     *text;
} ClipboardRead;

static void
clipboard_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

/* The suffix button of @widget's row that acts on win.copy. */
static GtkWidget *
copy_button_of (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.copy") == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = copy_button_of (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
assert_fact (const char *fact,
             const char *expected)
{
  g_test_message ("fact %s: %s", fact, expected);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fact_row (fact))));
  g_assert_cmpstr (ok_grid_row_get_subtitle (fact_row (fact)), ==, expected);
}

/* Activating the header of an import's event row shows the entry's details, a button that
 * copies it as JSON, and hides them again; down from the header leaves the row instead of
 * ringing the bell in its own list. */
static void
assert_event_row_expands (GtkWidget *event_row)
{
  GtkWidget *header = okd_find_descendant (event_row, OK_TYPE_GRID_ROW);
  GtkWidget *copy_json;
  g_autoptr(JsonNode) copied = NULL;
  gboolean moved = FALSE;

  g_assert_false (ok_event_row_get_expanded (OK_EVENT_ROW (event_row)));
  g_assert_nonnull (header);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (header)), ==,
                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (event_row)));
  g_assert_null (okd_find_named (event_row, "copy-json"));
  g_signal_emit_by_name (gtk_widget_get_parent (header), "row-activated", header);
  g_assert_true (ok_event_row_get_expanded (OK_EVENT_ROW (event_row)));
  g_assert_true (gtk_widget_get_state_flags (event_row) & GTK_STATE_FLAG_CHECKED);
  copy_json = okd_find_named (event_row, "copy-json");
  g_assert_nonnull (copy_json);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (copy_json)), ==, "win.copy");
  copied = json_from_string (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (copy_json)), NULL), NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (copied), "type"), ==, "IMPORTED");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (copied), "message"), ==,
                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (event_row)));
  okd_wait_for_frame (GTK_WIDGET (main_window ()));
  okd_save_screenshot (gtk_widget_get_parent (event_row), "certificates-event-expanded.png");

  g_signal_emit_by_name (gtk_widget_get_parent (header), "row-activated", header);
  g_assert_false (ok_event_row_get_expanded (OK_EVENT_ROW (event_row)));
  g_assert_false (gtk_widget_get_state_flags (event_row) & GTK_STATE_FLAG_CHECKED);

  g_assert_true (gtk_widget_grab_focus (header));
  g_assert_true (gtk_widget_has_focus (header));
  g_signal_emit_by_name (gtk_widget_get_parent (header), "keynav-failed", GTK_DIR_DOWN, &moved);
  g_assert_true (moved);
  g_assert_false (gtk_widget_has_focus (header));
}

static void
test_detail (void)
{
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) log = NULL;
  g_autofree char *key = NULL;
  g_autofree char *days = NULL;
  g_autofree char *clipboard_text = NULL;
  JsonObject *facts;
  JsonArray *events;
  GtkListBox *events_list;
  GtkWidget *event_row;
  GtkWidget *copy;
  ClipboardRead read = { FALSE, NULL };
  OkCertificateKind kind;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 not_before, not_after;
  double expected_fraction;

  show (id_web);
  shown = cli_show (id_web);
  facts = facts_of (shown);

  g_assert_cmpstr (gtk_label_get_text (page_child ("name_label")), ==, "Web server");
  g_assert_cmpstr (ok_status_badge_get_text (page_child ("badge")), ==, "Valid");
  assert_fact ("cvr", json_object_get_string_member (facts, "cvr"));
  assert_fact ("uuid", json_object_get_string_member (facts, "uuid"));
  assert_fact ("organisation", json_object_get_string_member (facts, "organisation"));
  assert_fact ("common-name", json_object_get_string_member (facts, "subject_cn"));
  assert_fact ("serial", json_object_get_string_member (facts, "serial"));
  assert_fact ("signature-algorithm", json_object_get_string_member (facts, "signature_algorithm"));
  assert_fact ("sha256", json_object_get_string_member (facts, "sha256_fingerprint"));
  assert_fact ("sha1", json_object_get_string_member (facts, "sha1_fingerprint"));
  assert_fact ("issuer", json_object_get_string_member (facts, "issuer_cn"));
  key = g_strdup_printf ("%s %" G_GINT64_FORMAT, json_object_get_string_member (facts, "key_algorithm"),
                         json_object_get_int_member (facts, "key_bits"));
  assert_fact ("key", key);
  g_assert_cmpstr (key, ==, "RSA 2048");
  assert_fact ("environment", "Test");
  g_assert_true (ok_certificate_kind_from_string (json_object_get_string_member (facts, "kind"), &kind));
  assert_fact ("kind", ok_certificate_kind_get_display_name (kind));
  /* No e-mail in this certificate: no empty row either. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fact_row ("email"))));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (fact_row ("trust"))), ==,
                   "Chain to an unrecognised root");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "trust"), ==, "untrusted");

  /* The validity bar: the part of not-before → not-after that has passed. */
  not_before = json_object_get_int_member (facts, "not_before_unix");
  not_after = json_object_get_int_member (facts, "not_after_unix");
  expected_fraction = (double) (now - not_before) / (double) (not_after - not_before);
  g_assert_cmpfloat_with_epsilon (gtk_level_bar_get_value (page_child ("validity_bar")), expected_fraction, 0.01);
  gtk_test_accessible_assert_property (page_child ("validity_bar"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Part of the validity period that has passed");
  days = g_strdup_printf ("— %" G_GINT64_FORMAT " days left", json_object_get_int_member (json_node_get_object (shown), "days_left"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (page_child ("validity_label")), "Valid until "));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (page_child ("validity_label")), days));

  /* The event log, newest first, as the CLI reads it from disk. */
  log = cli_log (id_web);
  events = json_node_get_array (log);
  events_list = page_child ("events_list");
  event_row = GTK_WIDGET (gtk_list_box_get_row_at_index (events_list, 0));
  g_assert_nonnull (event_row);
  g_assert_null (gtk_list_box_get_row_at_index (events_list, json_array_get_length (events)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (event_row)), ==,
                   json_object_get_string_member (json_array_get_object_element (events, json_array_get_length (events) - 1),
                                                  "message"));
  g_assert_true (g_str_has_prefix (ok_event_row_get_subtitle (OK_EVENT_ROW (event_row)), "Imported · "));

  assert_event_row_expands (event_row);

  /* Copying a fingerprint puts exactly it on the clipboard. */
  copy = copy_button_of (GTK_WIDGET (fact_row ("sha256")));
  g_assert_nonnull (copy);
  g_signal_emit_by_name (copy, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (main_window ())), NULL, clipboard_read, &read);
  g_assert_true (okd_wait_until (read_done, &read, OKD_WAIT_SECONDS));
  clipboard_text = read.text;
  g_assert_cmpstr (clipboard_text, ==, json_object_get_string_member (facts, "sha256_fingerprint"));

  okd_save_screenshot (GTK_WIDGET (main_window ()), "certificates-detail.png");
}

typedef struct
{
  const char *id;
  const char *member;
  gint64      value;
} CliRenewalSetting;

static gboolean
cli_renewal_setting_is (gpointer data)
{
  CliRenewalSetting *setting = data;
  g_autoptr(JsonNode) shown = cli_show (setting->id);
  JsonObject *renewal = json_object_get_object_member (json_node_get_object (shown), "renewal");
  JsonNode *member = json_object_get_member (renewal, setting->member);

  if (json_node_get_value_type (member) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (member) == setting->value;
  return json_node_get_int (member) == setting->value;
}

static gboolean
row_badge_is (gpointer data)
{
  const char **expected = data;
  OkCertificateRow *row = row_for (expected[0]);

  return row != NULL && g_str_equal (row_badge (row), expected[1]);
}

static void
test_settings (void)
{
  GtkSwitch *auto_renew = NULL;
  GtkSpinButton *window_spin = NULL;
  GtkSwitch *use_default = NULL;
  CliRenewalSetting setting;
  const char *badge[2];

  show (id_soon);
  auto_renew = page_child ("auto_renew_switch");
  window_spin = page_child ("window_spin");
  use_default = page_child ("window_default_switch");
  g_assert_true (gtk_switch_get_active (auto_renew));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (auto_renew)));

  /* Without automatic renewal a certificate inside its window needs the user. A click on the
   * row (its list box's row-activated) turns its switch. */
  g_assert_true (gtk_list_box_row_get_activatable (page_child ("auto_renew_row")));
  g_signal_emit_by_name (gtk_widget_get_parent (page_child ("auto_renew_row")), "row-activated",
                         page_child ("auto_renew_row"));
  g_assert_false (gtk_switch_get_active (auto_renew));
  setting = (CliRenewalSetting) { id_soon, "automatic", FALSE };
  g_assert_true (cli_wait_until (cli_renewal_setting_is, &setting));
  badge[0] = id_soon;
  badge[1] = "Expiring soon";
  g_assert_true (okd_wait_until (row_badge_is, badge, OKD_WAIT_SECONDS));
  g_assert_cmpstr (ok_status_badge_get_text (page_child ("badge")), ==, "Expiring soon");

  gtk_switch_set_active (auto_renew, TRUE);
  setting = (CliRenewalSetting) { id_soon, "automatic", TRUE };
  g_assert_true (cli_wait_until (cli_renewal_setting_is, &setting));
  badge[1] = "Renewal due";
  g_assert_true (okd_wait_until (row_badge_is, badge, OKD_WAIT_SECONDS));

  /* A window of its own, then back to the default from Preferences: an explicit switch, not a
   * 0 in the spin button (which no longer goes below 1). */
  g_assert_true (gtk_switch_get_active (use_default));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window_spin)));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (window_spin), ==, OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS);
  gtk_switch_set_active (use_default, FALSE);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window_spin)));
  g_assert_cmpuint (ok_certificate_get_renewal_window_days (ok_certificate_page_get_certificate (certificate_page ())), ==,
                    OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS);
  gtk_spin_button_set_value (window_spin, 45);
  setting = (CliRenewalSetting) { id_soon, "window_days", 45 };
  g_assert_true (cli_wait_until (cli_renewal_setting_is, &setting));
  g_assert_cmpstr (ok_grid_row_get_subtitle (page_child ("window_row")), ==, "Renew 45 days before expiry");
  gtk_spin_button_set_value (window_spin, 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (window_spin), ==, 1);
  gtk_switch_set_active (use_default, TRUE);
  setting = (CliRenewalSetting) { id_soon, "window_days", OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS };
  g_assert_true (cli_wait_until (cli_renewal_setting_is, &setting));
  g_assert_cmpuint (ok_certificate_get_renewal_window_days (ok_certificate_page_get_certificate (certificate_page ())), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window_spin)));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (window_spin), ==, OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS);

  /* Monitor only: nothing to renew with, so the switch is off and cannot be turned on. */
  show (id_partner);
  g_assert_false (gtk_switch_get_active (auto_renew));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (auto_renew)));
  g_assert_nonnull (strstr (ok_grid_row_get_subtitle (page_child ("auto_renew_row")), "does not hold its private key"));
}

/* ---- Renew Now ------------------------------------------------------------------------------------ */

static gboolean
renewal_finished (gpointer data)
{
  return !ok_renewal_get_running (data);
}

static OkRenewal *
renew_shown_and_wait (void)
{
  const char *id = ok_certificate_page_get_certificate_id (certificate_page ());
  OkRenewal *renewal = ok_application_get_renewal (okd_app (), id);

  g_assert_true (ok_certificate_page_get_can_renew (certificate_page ()));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (main_window ()), "renew"));
  g_assert_true (gtk_widget_is_sensitive (page_child ("renew_button")));

  g_action_group_activate_action (G_ACTION_GROUP (main_window ()), "renew", NULL);

  /* Progress in place, and no second attempt while this one runs. */
  g_assert_true (ok_renewal_get_running (renewal));
  g_assert_true (gtk_widget_get_visible (panel_child ("progress_box")));
  g_assert_cmpstr (gtk_label_get_text (panel_child ("step_label")), !=, "");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (main_window ()), "renew"));

  g_assert_true (okd_wait_until (renewal_finished, renewal, RENEW_WAIT_SECONDS));
  g_assert_false (gtk_widget_get_visible (panel_child ("progress_box")));

  return renewal;
}

static const char *
last_event_type (JsonNode *log)
{
  JsonArray *events = json_node_get_array (log);

  return json_object_get_string_member (json_array_get_object_element (events, json_array_get_length (events) - 1), "type");
}

static void
test_renew (void)
{
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) log = NULL;
  g_autofree char *old_serial = NULL;
  OkCertificate *old_object;
  OkRenewal *renewal;
  JsonArray *events;
  GtkListBoxRow *newest;
  GtkListBoxRow *kept_newest;
  GtkListBoxRow *kept_oldest;
  int rows_before;

  before = cli_show (id_renewable);
  old_serial = g_strdup (json_object_get_string_member (facts_of (before), "serial"));
  old_object = ok_store_lookup (okd_store (), id_renewable, NULL);

  /* A notification's "Renew Now" (app.renew-certificate) shows the certificate and starts. */
  show (id_web);
  renewal = ok_application_get_renewal (okd_app (), id_renewable);
  g_action_group_activate_action (G_ACTION_GROUP (okd_app ()), "renew-certificate", g_variant_new_string (id_renewable));
  g_assert_cmpstr (ok_certificate_page_get_certificate_id (certificate_page ()), ==, id_renewable);
  g_assert_true (ok_renewal_get_running (renewal));
  rows_before = count_rows (page_child ("events_list"));
  g_assert_cmpint (rows_before, >, 0);
  kept_newest = gtk_list_box_get_row_at_index (page_child ("events_list"), 0);
  kept_oldest = gtk_list_box_get_row_at_index (page_child ("events_list"), rows_before - 1);
  g_object_add_weak_pointer (G_OBJECT (kept_newest), (gpointer *) &kept_newest);
  g_object_add_weak_pointer (G_OBJECT (kept_oldest), (gpointer *) &kept_oldest);
  g_assert_true (gtk_widget_get_visible (panel_child ("progress_box")));
  g_assert_cmpstr (gtk_label_get_text (panel_child ("step_label")), !=, "");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (main_window ()), "renew"));
  g_assert_true (okd_wait_until (renewal_finished, renewal, RENEW_WAIT_SECONDS));
  g_assert_null (ok_renewal_get_error (renewal));

  /* The store has a new object for the same id, and the page follows it. */
  after = cli_show (id_renewable);
  g_assert_cmpstr (json_object_get_string_member (facts_of (after), "serial"), !=, old_serial);
  g_assert_true (ok_certificate_page_get_certificate (certificate_page ()) != old_object);
  g_assert_cmpstr (ok_certificate_page_get_certificate_id (certificate_page ()), ==, id_renewable);
  assert_fact ("serial", json_object_get_string_member (facts_of (after), "serial"));
  assert_fact ("uuid", json_object_get_string_member (facts_of (before), "uuid"));
  g_assert_false (gtk_revealer_get_reveal_child (panel_child ("error_revealer")));

  /* The renewed certificate starts after the page last drew; its line keeps the day count,
   * the same number as the CLI's (it read "not yet valid" without one until redrawn). */
  {
    gint64 days_left = json_object_get_int_member (json_node_get_object (after), "days_left");
    g_autofree char *left = g_strdup_printf ("— %" G_GINT64_FORMAT " day%s left", days_left, days_left == 1 ? "" : "s");

    g_assert_true (g_str_has_prefix (gtk_label_get_text (page_child ("validity_label")), "Valid until "));
    g_assert_true (g_str_has_suffix (gtk_label_get_text (page_child ("validity_label")), left));
  }

  /* The event log gains RENEWED, on disk and on the page, newest first. */
  log = cli_log (id_renewable);
  events = json_node_get_array (log);
  g_assert_cmpstr (last_event_type (log), ==, "RENEWED");
  newest = gtk_list_box_get_row_at_index (page_child ("events_list"), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (newest)), ==,
                   json_object_get_string_member (json_array_get_object_element (events, json_array_get_length (events) - 1),
                                                  "message"));
  g_assert_true (g_str_has_prefix (ok_event_row_get_subtitle (OK_EVENT_ROW (newest)), "Renewed · "));
  g_assert_nonnull (row_for (id_renewable));

  /* The entries the page showed before are the same rows, below the new one: the store's reload
   * made new objects for them, but the page lays out only what is new. */
  g_assert_cmpint (count_rows (page_child ("events_list")), ==, json_array_get_length (events));
  g_assert_cmpint (count_rows (page_child ("events_list")), >, rows_before);
  g_assert_nonnull (kept_newest);
  g_assert_nonnull (kept_oldest);
  g_assert_true (gtk_list_box_get_row_at_index (page_child ("events_list"),
                                                count_rows (page_child ("events_list")) - rows_before) == kept_newest);
  g_assert_true (gtk_list_box_get_row_at_index (page_child ("events_list"),
                                                count_rows (page_child ("events_list")) - 1) == kept_oldest);
  g_object_remove_weak_pointer (G_OBJECT (kept_newest), (gpointer *) &kept_newest);
  g_object_remove_weak_pointer (G_OBJECT (kept_oldest), (gpointer *) &kept_oldest);
}

static void
test_renew_cancel (void)
{
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) log_before = NULL;
  g_autoptr(JsonNode) log_after = NULL;
  OkRenewal *renewal = ok_application_get_renewal (okd_app (), id_renewable);

  show (id_renewable);
  before = cli_show (id_renewable);
  log_before = cli_log (id_renewable);

  g_action_group_activate_action (G_ACTION_GROUP (main_window ()), "renew", NULL);
  g_assert_true (ok_renewal_get_running (renewal));
  g_signal_emit_by_name (panel_child ("cancel_button"), "clicked");
  g_assert_true (okd_wait_until (renewal_finished, renewal, RENEW_WAIT_SECONDS));

  /* Cancelling is not a failure: no error shown, nothing logged, the certificate as it was. */
  g_assert_null (ok_renewal_get_error (renewal));
  g_assert_false (gtk_revealer_get_reveal_child (panel_child ("error_revealer")));
  g_assert_false (gtk_widget_get_visible (panel_child ("progress_box")));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (main_window ()), "renew"));
  after = cli_show (id_renewable);
  g_assert_cmpstr (json_object_get_string_member (facts_of (after), "serial"), ==,
                   json_object_get_string_member (facts_of (before), "serial"));
  log_after = cli_log (id_renewable);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (log_after)), ==,
                    json_array_get_length (json_node_get_array (log_before)));
}

static void
test_renew_email_not_validated (void)
{
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) log = NULL;
  g_autofree char *old_serial = NULL;
  GtkButton *guide;
  GVariant *target;
  OkRenewal *renewal;
  const GError *error;
  const char *badge[2] = { id_email, "Renewal failing" };

  ok_test_ca_set_scenario (ca, PROFILES ("false"));
  show (id_email);
  before = cli_show (id_email);
  old_serial = g_strdup (json_object_get_string_member (facts_of (before), "serial"));

  for (int attempt = 0; attempt < 2; attempt++)
    {
      /* The guidance shows in place, and again each time the error comes back. */
      renewal = renew_shown_and_wait ();
      error = ok_renewal_get_error (renewal);
      g_assert_error ((GError *) error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_CERTIFICATE_EMAIL_NOT_VALIDATED);
      g_assert_true (gtk_revealer_get_reveal_child (panel_child ("error_revealer")));
      g_assert_cmpstr (gtk_label_get_text (panel_child ("error_label")), ==, error->message);
      g_assert_cmpstr (gtk_label_get_text (panel_child ("guidance_label")), ==, ok_issuer_error_get_guidance (error));
      g_assert_nonnull (strstr (gtk_label_get_text (panel_child ("guidance_label")), "Verify"));
      g_assert_true (gtk_widget_get_visible (panel_child ("retry_button")));
      g_assert_true (gtk_widget_is_sensitive (panel_child ("retry_button")));
      /* One blue button, the next step: Retry, not Renew Now beside it. */
      g_assert_true (gtk_widget_has_css_class (panel_child ("retry_button"), "suggested-action"));
      g_assert_false (gtk_widget_has_css_class (page_child ("renew_button"), "suggested-action"));

      guide = panel_child ("guide_button");
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (guide)));
      g_assert_cmpstr (gtk_button_get_label (guide), ==, "How to _Validate the E-mail");
      g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (guide)), ==, "win.show-guide");
      target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (guide));
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "validate-email");

      log = cli_log (id_email);
      g_assert_cmpstr (last_event_type (log), ==, "RENEW_ERROR");
      g_clear_pointer (&log, json_node_unref);
      g_assert_true (okd_wait_until (row_badge_is, badge, OKD_WAIT_SECONDS));
      g_assert_cmpstr (ok_status_badge_get_text (page_child ("badge")), ==, "Renewal failing");

      if (attempt == 0)
        okd_save_screenshot (GTK_WIDGET (main_window ()), "certificates-renewal-failed.png");
    }

  /* Validated in the portal meanwhile: Retry succeeds. */
  ok_test_ca_set_scenario (ca, PROFILES ("true"));
  g_signal_emit_by_name (panel_child ("retry_button"), "clicked");
  g_assert_true (ok_renewal_get_running (renewal));
  g_assert_false (gtk_revealer_get_reveal_child (panel_child ("error_revealer")));
  g_assert_true (okd_wait_until (renewal_finished, renewal, RENEW_WAIT_SECONDS));
  g_assert_no_error ((GError *) ok_renewal_get_error (renewal));
  g_assert_false (gtk_revealer_get_reveal_child (panel_child ("error_revealer")));

  after = cli_show (id_email);
  g_assert_cmpstr (json_object_get_string_member (facts_of (after), "serial"), !=, old_serial);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (after), "state"), ==, "renewal-due");
  log = cli_log (id_email);
  g_assert_cmpstr (last_event_type (log), ==, "RENEWED");
  badge[1] = "Renewal due";
  g_assert_true (okd_wait_until (row_badge_is, badge, OKD_WAIT_SECONDS));
}

static void
test_cannot_renew (void)
{
  OkWindow *window = main_window ();
  GtkWidget *blocked_button = panel_child ("blocked_button");
  GVariant *target;

  show (id_old);
  g_assert_false (ok_certificate_page_get_can_renew (certificate_page ()));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "renew"));
  g_assert_false (gtk_widget_is_sensitive (page_child ("renew_button")));
  g_assert_false (gtk_widget_has_css_class (page_child ("renew_button"), "suggested-action"));
  /* It holds its key and was set to renew by itself, but an expired one cannot be renewed. */
  g_assert_false (gtk_switch_get_active (page_child ("auto_renew_switch")));
  g_assert_false (gtk_widget_get_sensitive (page_child ("auto_renew_switch")));
  g_assert_cmpstr (ok_grid_row_get_subtitle (page_child ("auto_renew_row")), ==,
                   "Not possible: the certificate has expired, and only a valid certificate can be renewed");
  g_assert_true (gtk_widget_get_visible (panel_child ("blocked_box")));
  g_assert_cmpstr (gtk_label_get_text (panel_child ("blocked_label")), ==,
                   "This certificate has expired. An expired certificate cannot be renewed; order a new one in the MitID Erhverv portal.");
  g_assert_true (gtk_widget_get_visible (blocked_button));
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (blocked_button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (blocked_button)), ==, "win.show-guide");
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "expired");
  okd_save_screenshot (GTK_WIDGET (window), "certificates-expired.png");

  show (id_partner);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "renew"));
  g_assert_false (gtk_widget_is_sensitive (page_child ("renew_button")));
  g_assert_false (gtk_widget_has_css_class (page_child ("renew_button"), "suggested-action"));
  g_assert_true (gtk_widget_get_visible (panel_child ("blocked_box")));
  g_assert_nonnull (strstr (gtk_label_get_text (panel_child ("blocked_label")), "private key"));
  g_assert_false (gtk_widget_get_visible (blocked_button));

  /* A renewable one turns the action back on; with over a year left it is not the next step,
   * so not the blue button, which it is inside the renewal window. */
  show (id_web);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "renew"));
  g_assert_false (gtk_widget_get_visible (panel_child ("blocked_box")));
  g_assert_true (gtk_widget_is_sensitive (page_child ("renew_button")));
  g_assert_false (gtk_widget_has_css_class (page_child ("renew_button"), "suggested-action"));
  show (id_soon);
  g_assert_true (gtk_widget_has_css_class (page_child ("renew_button"), "suggested-action"));
}

/* ---- OCES2 ---------------------------------------------------------------------------------------- */

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
store_loaded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* An OCES2 certificate with its key, in a store of its own: the page shows automatic renewal
 * off and disabled with the reason, no Renew Now, and the way to an OCES3 certificate. */
static void
test_oces2 (void)
{
  g_autofree char *dir = okt_make_tmpdir ();
  g_autofree char *out = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(OktResult) imported = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = ok_certificate_page_new ();
  GtkSwitch *auto_renew;
  const char *id;

  out = okt_run_ok (work_dir, NULL, NULL, (const char *[]) {
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-noenc",
    "-keyout", "trust2408.key", "-out", "trust2408.crt", "-days", "30",
    "-subj", "/CN=TRUST2408 Systemtest XXII CA/O=TRUST2408/C=DK", NULL });
  g_clear_pointer (&out, g_free);
  out = okt_run_ok (work_dir, NULL, NULL, (const char *[]) {
    "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-noenc",
    "-keyout", "oces2.key", "-out", "oces2.csr", "-utf8", "-multivalue-rdn",
    "-subj", "/C=DK/O=Firma A\\/S \\/\\/ CVR:12345678/CN=Firma - TU+serialNumber=CVR:12345678-FID:4711", NULL });
  g_clear_pointer (&out, g_free);
  out = okt_run_ok (work_dir, NULL, NULL, (const char *[]) {
    "openssl", "x509", "-req", "-in", "oces2.csr", "-CA", "trust2408.crt", "-CAkey", "trust2408.key",
    "-days", "200", "-out", "oces2.crt", NULL });
  bundle = write_bundle ("oces2.pem", "oces2.crt", "oces2.key");
  imported = ok_test_cli (dir, NULL, NULL, "import", bundle, "--name", "OCES2 integration", NULL);
  cli_ok (imported);
  list = ok_test_cli_list (dir);
  id = json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), 0), "id");

  store = ok_store_new (dir);
  ok_store_load_async (store, NULL, store_loaded, &result);
  g_assert_true (okd_wait_until (result_arrived, &result, OKD_WAIT_SECONDS));
  g_assert_true (ok_store_load_finish (store, result, &error));
  g_assert_no_error (error);

  gtk_window_set_child (GTK_WINDOW (window), page);
  ok_certificate_page_set_store (OK_CERTIFICATE_PAGE (page), store);
  ok_certificate_page_show (OK_CERTIFICATE_PAGE (page), id, NULL);
  gtk_window_present (GTK_WINDOW (window));

  auto_renew = okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "auto_renew_switch");
  g_assert_false (gtk_switch_get_active (auto_renew));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (auto_renew)));
  g_assert_nonnull (strstr (ok_grid_row_get_subtitle (okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "auto_renew_row")),
                            "OCES2"));
  g_assert_false (ok_certificate_page_get_can_renew (OK_CERTIFICATE_PAGE (page)));
  {
    GtkWidget *panel = okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "renewal_panel");

    g_assert_true (gtk_widget_get_visible (okd_template_child (panel, OK_TYPE_RENEWAL_PANEL, "blocked_box")));
    g_assert_nonnull (strstr (gtk_label_get_text (okd_template_child (panel, OK_TYPE_RENEWAL_PANEL, "blocked_label")),
                              "Order an OCES3 certificate"));
  }
  g_assert_cmpstr (ok_status_badge_get_text (okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "badge")), ==, "Valid");
  /* OCES2 keeps the CVR inside O; the list's header says it once. */
  {
    g_autofree char *title = ok_format_group_title (ok_store_lookup (store, id, NULL));

    g_assert_cmpstr (title, ==, "Firma A/S · CVR 12345678 · Test");
  }
  okd_destroy_and_wait (GTK_WINDOW (window));
}

/* ---- Revoked -------------------------------------------------------------------------------------- */

/* Issued from a profile the CA has revoked, in a store of its own: the check after the issuance
 * finds it, and the page says Revoked, refuses renewal and says what to do. */
static void
test_revoked (void)
{
  g_autofree char *dir = okt_make_tmpdir ();
  g_autoptr(OktResult) issued = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = ok_certificate_page_new ();
  GtkWidget *panel;
  GtkSwitch *auto_renew;
  const char *id;

  issued = ok_test_cli (dir, "5555-6666\n", ca_env, "issue", "--environment", "test", "--reference", "REF-REVOKED-0003",
                        "--name", "Revoked integration", NULL);
  cli_ok (issued);
  list = ok_test_cli_list (dir);
  id = json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), 0), "id");

  store = ok_store_new (dir);
  ok_store_load_async (store, NULL, store_loaded, &result);
  g_assert_true (okd_wait_until (result_arrived, &result, OKD_WAIT_SECONDS));
  g_assert_true (ok_store_load_finish (store, result, &error));
  g_assert_no_error (error);

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 760);
  gtk_window_set_child (GTK_WINDOW (window), page);
  ok_certificate_page_set_store (OK_CERTIFICATE_PAGE (page), store);
  ok_certificate_page_show (OK_CERTIFICATE_PAGE (page), id, NULL);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_cmpstr (ok_status_badge_get_text (okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "badge")), ==, "Revoked");
  g_assert_false (ok_certificate_page_get_can_renew (OK_CERTIFICATE_PAGE (page)));
  auto_renew = okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "auto_renew_switch");
  g_assert_false (gtk_switch_get_active (auto_renew));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (auto_renew)));
  g_assert_nonnull (strstr (ok_grid_row_get_subtitle (okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "auto_renew_row")),
                            "revoked"));

  panel = okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "renewal_panel");
  g_assert_true (gtk_widget_get_visible (okd_template_child (panel, OK_TYPE_RENEWAL_PANEL, "blocked_box")));
  g_assert_nonnull (strstr (gtk_label_get_text (okd_template_child (panel, OK_TYPE_RENEWAL_PANEL, "blocked_label")),
                            "Order a new certificate in the MitID Erhverv portal"));
  g_assert_true (gtk_widget_get_visible (okd_template_child (panel, OK_TYPE_RENEWAL_PANEL, "blocked_button")));
  okd_save_screenshot (window, "certificate-revoked.png");
  okd_destroy_and_wait (GTK_WINDOW (window));
}

/* The facts, the chain and the event log come one frame after the rest when the page starts
 * showing a certificate; showing another one after that keeps them, and the scroll. */
static void
test_lower_part (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = ok_certificate_page_new ();
  GtkWidget *facts = okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "facts");
  GtkWidget *events = okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "events_group");
  GtkWidget *remove = okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "remove_button");

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), page);
  ok_certificate_page_set_store (OK_CERTIFICATE_PAGE (page), okd_store ());
  ok_certificate_page_show (OK_CERTIFICATE_PAGE (page), id_web, NULL);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_cmpstr (gtk_label_get_text (okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "name_label")), ==, "Web server");
  g_assert_false (gtk_widget_get_visible (facts));
  g_assert_false (gtk_widget_get_visible (events));
  g_assert_false (gtk_widget_get_visible (remove));
  /* The facts' rows are not even made until they are shown. */
  g_assert_null (adw_bin_get_child (ADW_BIN (facts)));

  okd_wait_for_frame (window);
  g_assert_true (gtk_widget_get_visible (facts));
  g_assert_true (gtk_widget_get_visible (events));
  g_assert_true (gtk_widget_get_visible (remove));
  g_assert_true (gtk_widget_get_mapped (facts));
  g_assert_nonnull (adw_bin_get_child (ADW_BIN (facts)));
  g_assert_cmpstr (ok_grid_row_get_subtitle (ok_facts_group_get_row (OK_FACTS_GROUP (facts), "cvr")), ==, "12345678");

  ok_certificate_page_show (OK_CERTIFICATE_PAGE (page), id_soon, NULL);
  g_assert_cmpstr (gtk_label_get_text (okd_template_child (page, OK_TYPE_CERTIFICATE_PAGE, "name_label")), ==, "Soon due");
  g_assert_true (gtk_widget_get_visible (facts));
  g_assert_true (gtk_widget_get_visible (events));

  okd_destroy_and_wait (GTK_WINDOW (window));
}

/* ---- Rename and Remove ---------------------------------------------------------------------------- */

typedef struct
{
  const char *id;
  const char *name;
} CliName;

static gboolean
cli_name_is (gpointer data)
{
  CliName *expected = data;
  g_autoptr(JsonNode) shown = cli_show (expected->id);

  return g_str_equal (json_object_get_string_member (json_node_get_object (shown), "name"), expected->name);
}

static void
respond (const char *response)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (okd_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  okd_wait_for_frame (GTK_WIDGET (dialog));
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    okd_destroy_and_wait (GTK_WINDOW (dialog));
}

static void
test_rename (void)
{
  CliName expected = { id_web, "Web server (shop)" };
  g_autoptr(JsonNode) log = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  JsonArray *events;
  const char *message;

  show (id_web);
  gtk_widget_activate_action (GTK_WIDGET (certificate_page ()), "page.rename", NULL);
  dialog = ADW_MESSAGE_DIALOG (okd_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "Web server");
  gtk_editable_set_text (entry, "  Web server (shop) ");
  respond ("rename");

  g_assert_true (cli_wait_until (cli_name_is, &expected));
  g_assert_cmpstr (gtk_label_get_text (page_child ("name_label")), ==, "Web server (shop)");
  g_assert_cmpstr (row_name (row_for (id_web)), ==, "Web server (shop)");

  log = cli_log (id_web);
  events = json_node_get_array (log);
  g_assert_cmpstr (last_event_type (log), ==, "RENAMED");
  message = json_object_get_string_member (json_array_get_object_element (events, json_array_get_length (events) - 1), "message");
  g_assert_cmpstr (message, ==, "Renamed from “Web server” to “Web server (shop)”");

  /* A pasted line break is refused with a message, and the name stays. */
  gtk_widget_activate_action (GTK_WIDGET (certificate_page ()), "page.rename", NULL);
  dialog = ADW_MESSAGE_DIALOG (okd_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gtk_editable_set_text (entry, "Web\nserver");
  respond ("rename");
  okd_wait_for_label (GTK_WIDGET (main_window ()), "A name cannot contain control characters such as a line break or a tab.");
  g_assert_cmpstr (gtk_label_get_text (page_child ("name_label")), ==, "Web server (shop)");
  g_assert_true (cli_name_is (&expected));
}

static gboolean
cli_forgot (gpointer data)
{
  return !cli_lists (data);
}

static gboolean
app_forgot (gpointer data)
{
  return ok_store_lookup (okd_store (), data, NULL) == NULL;
}

static void
test_remove_undo (void)
{
  show (id_web);
  gtk_widget_activate_action (GTK_WIDGET (certificate_page ()), "page.remove", NULL);
  respond ("remove");

  /* Out of view at once, still on disk. */
  assert_rows (5, "Old integration");
  g_assert_null (row_for (id_web));
  g_assert_cmpstr (ok_certificate_page_get_certificate_id (certificate_page ()), !=, id_web);
  g_assert_true (cli_lists (id_web));

  g_action_group_activate_action (G_ACTION_GROUP (main_window ()), "undo-remove", g_variant_new_string (id_web));
  assert_rows (6, "Old integration");
  g_assert_nonnull (row_for (id_web));

  /* Well past the toast's timeout: nothing was removed. */
  okd_iterate (7000);
  g_assert_true (cli_lists (id_web));
  assert_rows (6, "Old integration");
}

static void
test_remove (void)
{
  show (id_partner);
  gtk_widget_activate_action (GTK_WIDGET (certificate_page ()), "page.remove", NULL);
  respond ("remove");

  assert_rows (5, "Old integration");
  g_assert_null (row_for (id_partner));
  g_assert_true (cli_lists (id_partner));

  /* Once the toast has gone by itself, the store removes it. */
  g_assert_true (cli_wait_until (cli_forgot, id_partner));
  g_assert_true (okd_wait_until (app_forgot, id_partner, OKD_WAIT_SECONDS));
  assert_rows (5, "Old integration");
}

static void
test_show_from_notification (void)
{
  OkCertificateList *list = certificate_list ();
  GtkListView *view = okd_template_child (list, OK_TYPE_CERTIFICATE_LIST, "list_view");
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (view));
  OkCertificate *selected;

  /* What a reminder's "Open" activates: the window shows that certificate, selected in the list. */
  g_action_group_activate_action (G_ACTION_GROUP (okd_app ()), "show-certificate", g_variant_new_string (id_soon));
  g_assert_true (okd_wait_until (page_shows, id_soon, OKD_WAIT_SECONDS));
  selected = gtk_single_selection_get_selected_item (selection);
  g_assert_true (OK_IS_CERTIFICATE (selected));
  g_assert_cmpstr (ok_certificate_get_id (selected), ==, id_soon);

  /* An id the store no longer has changes nothing. */
  g_action_group_activate_action (G_ACTION_GROUP (okd_app ()), "show-certificate", g_variant_new_string ("0000deadbeef"));
  g_assert_cmpstr (ok_certificate_page_get_certificate_id (certificate_page ()), ==, id_soon);
}

static gboolean
cli_knows (gpointer data)
{
  g_autoptr(JsonNode) list = ok_test_cli_list (store_dir);
  JsonArray *array = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (array, i), "name"), data))
      return TRUE;

  return FALSE;
}

static void
test_drop_files (void)
{
  g_autofree char *dropped = make_openssl_certificate ("dropped.pem", "Dropped in", "44444444-5555-6666-7777-888888888888",
                                                       "Firma A\\/S", "12345678", "300", FALSE);
  g_autoptr(GFile) file = g_file_new_for_path (dropped);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (main_window ()));
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target = NULL;
  GSList *files = g_slist_append (NULL, file);
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  /* The window takes file lists, and a dropped file goes through the import flow into the store. */
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free (files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);

  g_assert_true (cli_wait_until (cli_knows, "Dropped in"));
  assert_rows (6, "Old integration");
}

/* ---- narrow windows and closing ------------------------------------------------------------------- */

static gboolean
is_folded (gpointer data)
{
  return adw_leaflet_get_folded (data) == GPOINTER_TO_INT (g_object_get_data (G_OBJECT (data), "test-want-folded"));
}

static void
wait_folded (AdwLeaflet *leaflet,
             gboolean    folded)
{
  g_object_set_data (G_OBJECT (leaflet), "test-want-folded", GINT_TO_POINTER (folded));
  g_assert_true (okd_wait_until (is_folded, leaflet, OKD_WAIT_SECONDS));
}

static gboolean
leaflet_shows (gpointer data)
{
  AdwLeaflet *leaflet = okd_template_child (main_window (), OK_TYPE_WINDOW, "leaflet");

  return g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), data) == 0;
}

static void
test_narrow (void)
{
  OkWindow *window = main_window ();
  AdwLeaflet *leaflet = okd_template_child (window, OK_TYPE_WINDOW, "leaflet");
  GtkWidget *back = page_child ("back_button");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  wait_folded (leaflet, TRUE);

  /* Folded, a certificate takes the whole window and has a way back. */
  show (id_soon);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "details");
  g_assert_true (gtk_widget_get_visible (back));
  okd_save_screenshot (GTK_WIDGET (window), "certificates-narrow-detail.png");

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-list", NULL);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
  okd_save_screenshot (GTK_WIDGET (window), "certificates-narrow-list.png");

  /* A real click on the row that is still selected opens it again: the selection alone would
   * not change, the click is what counts. */
  okd_x11_click (GTK_WIDGET (row_for (id_soon)));
  g_assert_true (okd_wait_until (leaflet_shows, (gpointer) "details", OKD_WAIT_SECONDS));
  g_assert_cmpstr (ok_certificate_page_get_certificate_id (certificate_page ()), ==, id_soon);

  /* The keyboard: Return on a row in focus opens that one. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-list", NULL);
  okd_wait_for_frame (GTK_WIDGET (row_for (id_web)));
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row_for (id_web)))));
  okd_x11_key (GTK_WINDOW (window), "Return");
  g_assert_true (okd_wait_until (page_shows, (gpointer) id_web, OKD_WAIT_SECONDS));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "details");

  /* The arrow keys pass over a group's heading to the next group's first certificate. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-list", NULL);
  okd_wait_for_frame (GTK_WIDGET (row_for (id_old)));
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row_for (id_old)))));
  okd_x11_key (GTK_WINDOW (window), "Down");
  okd_x11_key (GTK_WINDOW (window), "Return");
  g_assert_true (okd_wait_until (page_shows, (gpointer) id_soon, OKD_WAIT_SECONDS));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-list", NULL);
  okd_wait_for_frame (GTK_WIDGET (row_for (id_soon)));
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row_for (id_soon)))));
  okd_x11_key (GTK_WINDOW (window), "Up");
  okd_x11_key (GTK_WINDOW (window), "Return");
  g_assert_true (okd_wait_until (page_shows, (gpointer) id_old, OKD_WAIT_SECONDS));
  /* A click on a heading opens nothing. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-list", NULL);
  okd_x11_click (gtk_widget_get_prev_sibling (gtk_widget_get_parent (GTK_WIDGET (row_for (id_soon)))));
  okd_iterate (300);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
  g_assert_cmpstr (ok_certificate_list_get_selected_id (certificate_list ()), ==, id_old);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  wait_folded (leaflet, FALSE);
  g_assert_false (gtk_widget_get_visible (back));
}

static void
test_remove_on_close (void)
{
  OkWindow *window = main_window ();

  show (id_old);
  gtk_widget_activate_action (GTK_WIDGET (certificate_page ()), "page.remove", NULL);
  respond ("remove");
  g_assert_null (row_for (id_old));
  g_assert_true (cli_lists (id_old));

  /* Closing the window before the toast is gone still carries the removal out. */
  okd_destroy_and_wait (GTK_WINDOW (window));
  g_assert_true (cli_wait_until (cli_forgot, id_old));
}

/* ---- Danish --------------------------------------------------------------------------------------- */

static void
test_danish (void)
{
  g_autoptr(JsonNode) shown = cli_show (id_web);
  g_autofree char *expiry = g_strdup_printf ("Udløber om %" G_GINT64_FORMAT " dage",
                                             json_object_get_int_member (json_node_get_object (shown), "days_left"));

  okd_store ();
  g_assert_true (okd_wait_until (certificates_shown, NULL, OKD_WAIT_SECONDS));
  assert_rows (4, "Old integration");
  g_assert_cmpstr (row_badge (row_for (id_old)), ==, "Udløbet");
  g_assert_true (g_str_has_prefix (row_expiry (row_for (id_old)), "Udløb for "));
  g_assert_cmpstr (row_badge (row_for (id_web)), ==, "Gyldigt");
  g_assert_cmpstr (row_expiry (row_for (id_web)), ==, expiry);
  g_assert_cmpstr (row_badge (row_for (id_partner)), ==, "Kun overvågning");
  g_assert_cmpstr (row_header (row_for (id_partner)), ==, "Andet Firma ApS · CVR 87654321 · Produktion");

  show (id_web);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (fact_row ("sha256"))), ==, "SHA-256-fingeraftryk");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (page_child ("validity_label")), "Gyldigt til "));
  okd_save_screenshot (GTK_WIDGET (main_window ()), "certificates-da.png");
}

int
main (int   argc,
      char *argv[])
{
  gboolean danish = FALSE;
  int kept = 1;
  int status;

  /* --language must take effect before gettext is set up, and g_test_init() must not see it. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--language") && i + 1 < argc)
        {
          g_setenv ("LANGUAGE", argv[++i], TRUE);
          danish = g_str_has_prefix (argv[i], "da");
        }
      else
        argv[kept++] = argv[i];
    }
  argc = kept;
  argv[argc] = NULL;

  g_test_init (&argc, &argv, NULL);

  /* The app's store is this folder (OK_DATA_DIR); it is filled before the app starts. */
  store_dir = okt_make_tmpdir ();
  work_dir = okt_make_tmpdir ();
  g_setenv ("OK_DATA_DIR", store_dir, TRUE);

  if (danish)
    {
      prepare_store (FALSE);
      g_test_add_func ("/app-certificates/da/list-and-detail", test_danish);
    }
  else
    {
      ca = ok_test_ca_start (PROFILES ("true"));
      ca_env[0] = "OK_TEST_ENDPOINT";
      ca_env[1] = ca->url;
      ca_env[2] = "OK_TEST_CA_FILE";
      ca_env[3] = ca->ca_file;
      ca_env[4] = "OK_TEST_ROOTS";
      ca_env[5] = ca->ca_file;
      /* The app renews in this process, so it needs the CA too. */
      g_setenv ("OK_TEST_ENDPOINT", ca->url, TRUE);
      g_setenv ("OK_TEST_CA_FILE", ca->ca_file, TRUE);
      g_setenv ("OK_TEST_ROOTS", ca->ca_file, TRUE);
      prepare_store (TRUE);

      g_test_add_func ("/app-certificates/list", test_list);
      g_test_add_func ("/app-certificates/search-and-filter", test_search_and_filter);
      g_test_add_func ("/app-certificates/stable-split", test_stable_split);
      g_test_add_func ("/app-certificates/detail", test_detail);
      g_test_add_func ("/app-certificates/settings", test_settings);
      g_test_add_func ("/app-certificates/renew", test_renew);
      g_test_add_func ("/app-certificates/renew-cancel", test_renew_cancel);
      g_test_add_func ("/app-certificates/renew-email-not-validated", test_renew_email_not_validated);
      g_test_add_func ("/app-certificates/cannot-renew", test_cannot_renew);
      g_test_add_func ("/app-certificates/oces2", test_oces2);
      g_test_add_func ("/app-certificates/revoked", test_revoked);
      g_test_add_func ("/app-certificates/lower-part", test_lower_part);
      g_test_add_func ("/app-certificates/rename", test_rename);
      g_test_add_func ("/app-certificates/remove-undo", test_remove_undo);
      g_test_add_func ("/app-certificates/remove", test_remove);
      g_test_add_func ("/app-certificates/show-from-notification", test_show_from_notification);
      g_test_add_func ("/app-certificates/drop-files", test_drop_files);
      g_test_add_func ("/app-certificates/narrow", test_narrow);
      g_test_add_func ("/app-certificates/remove-on-close", test_remove_on_close);
    }

  status = okd_run_tests ();

  if (ca != NULL)
    ok_test_ca_stop (ca);
  okt_remove_tree (store_dir);
  okt_remove_tree (work_dir);
  g_free (store_dir);
  g_free (work_dir);

  return status;
}
