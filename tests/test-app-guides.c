/* test-app-guides.c — the guides window in the real application under Xvfb: every guide opens
 * from the main window's `win.show-guide` action and shows its steps; the IdM light drafter
 * offers the store's organisations, fills the contact from settings, hands the exact mailto:
 * URI to the desktop's default mail handler (a fake one that writes what it got to a file),
 * copies to the clipboard, and remembers on disk when the e-mail was drafted; the buttons reach
 * the issue and import flows; the window folds at 360 px. Screenshots of every page, in English
 * and (with `--language da`) in Danish.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ok-dialog-test-util.h"
#include "ok-guide-step.h"
#include "ok-guide-window.h"
#include "ok-idm-light.h"
#include "ok-idm-light-page.h"
#include "ok-issue-dialog.h"
#include "ok-keys-test-util.h"
#include "ok-organisation-group.h"

#define CONTACT_NAME  "Åse Ærø"
#define CONTACT_EMAIL "aase+idm@bogh.example"
#define CONTACT_PHONE "+45 12 34 56 78"

static char *scratch;
static char *mailto_out;
static gboolean danish;

/* Fixture: a store, a private XDG tree and a fake mail client */

static void
make_certificate (const char *store,
                  const char *name,
                  const char *subject)
{
  g_autofree char *key = g_build_filename (scratch, "key.pem", NULL);
  g_autofree char *certificate = g_build_filename (scratch, "certificate.pem", NULL);
  g_autofree char *out = NULL;

  out = okt_run_ok (NULL, NULL, NULL, (const char *[]) {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "400", "-utf8",
    "-keyout", key, "-out", certificate, "-subj", subject, NULL });
  g_clear_pointer (&out, g_free);
  out = okt_run_ok (NULL, (const char *[]) { "OK_DATA_DIR", store, NULL }, NULL,
                    (const char *[]) { g_getenv ("OK_CLI"), "import", "--name", name, certificate, NULL });
  g_assert_cmpint (g_unlink (key), ==, 0);
  g_assert_cmpint (g_unlink (certificate), ==, 0);
}

/* GIO picks the handler for x-scheme-handler/mailto from mimeapps.list in XDG_CONFIG_HOME and
 * the .desktop file in XDG_DATA_HOME, both private to this process. The handler writes the URI
 * it was given, atomically, so the test never reads half a file. */
static void
install_mail_handler (const char *data_home,
                      const char *config_home)
{
  g_autofree char *applications = g_build_filename (data_home, "applications", NULL);
  g_autofree char *script = g_build_filename (scratch, "mail-handler.sh", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *desktop_path = g_build_filename (applications, "ok-test-mail.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (config_home, "mimeapps.list", NULL);
  g_autofree char *quoted_out = g_shell_quote (mailto_out);

  g_assert_cmpint (g_mkdir_with_parents (applications, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config_home, 0700), ==, 0);

  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s' \"$1\" > %s.tmp && mv %s.tmp %s\n",
                                 quoted_out, quoted_out, quoted_out);
  okt_write_text (script, script_text);
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);

  desktop = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=OCES Keeper Test Mail\n"
                             "Exec=%s %%u\nMimeType=x-scheme-handler/mailto;\nNoDisplay=true\n", script);
  okt_write_text (desktop_path, desktop);
  okt_write_text (mimeapps, "[Default Applications]\nx-scheme-handler/mailto=ok-test-mail.desktop\n");
}

static void
set_up_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;

  scratch = g_dir_make_tmp ("ok-test-guides-XXXXXX", &error);
  g_assert_no_error (error);
  store = g_build_filename (scratch, "store", NULL);
  data_home = g_build_filename (scratch, "data", NULL);
  config_home = g_build_filename (scratch, "config", NULL);
  mailto_out = g_build_filename (scratch, "mailto.txt", NULL);

  g_setenv ("OK_DATA_DIR", store, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  install_mail_handler (data_home, config_home);

  /* Two certificates of one organisation (offered once) and one of another. */
  make_certificate (store, "Bøgh web", "/CN=Bøgh Web/serialNumber=UI:DK-O:G:11111111-2222-3333-4444-555555555555"
                    "/O=Bøgh & Søn A\\/S/organizationIdentifier=NTRDK-12345678/C=DK");
  make_certificate (store, "Bøgh API", "/CN=Bøgh API/serialNumber=UI:DK-O:G:11111111-2222-3333-4444-666666666666"
                    "/O=Bøgh & Søn A\\/S/organizationIdentifier=NTRDK-12345678/C=DK");
  make_certificate (store, "Ærø system", "/CN=Ærø System/serialNumber=UI:DK-O:G:77777777-2222-3333-4444-555555555555"
                    "/O=Ærø Data ApS/organizationIdentifier=NTRDK-87654321/C=DK");
}

/* Helpers */

static OkGuideWindow *
show_guide (const char *guide)
{
  GtkWindow *main_window = okd_main_window ();
  OkGuideWindow *window;

  /* Screenshots and leaflet checks want the end state, not a transition half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.show-guide", "s", guide));
  window = OK_GUIDE_WINDOW (okd_wait_for_toplevel (OK_TYPE_GUIDE_WINDOW));
  okd_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window)) == main_window);
  return window;
}

static void
collect_steps (GtkWidget *widget,
               GPtrArray *titles)
{
  if (OK_IS_GUIDE_STEP (widget))
    {
      g_autofree char *expected_number = g_strdup_printf ("%u", titles->len + 1);

      g_assert_cmpuint (ok_guide_step_get_number (OK_GUIDE_STEP (widget)), ==, titles->len + 1);
      g_assert_nonnull (okd_find_label (widget, expected_number));
      g_assert_true (gtk_widget_get_mapped (widget));
      g_ptr_array_add (titles, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))));
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_steps (child, titles);
}

/* The visible guide's steps, numbered 1…n in order, as their titles. */
static GPtrArray *
visible_steps (OkGuideWindow *window)
{
  GtkStack *stack = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "stack");
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);

  collect_steps (gtk_stack_get_visible_child (stack), titles);
  return titles;
}

static void
assert_steps (OkGuideWindow      *window,
              const char * const *expected)
{
  g_autoptr(GPtrArray) titles = visible_steps (window);

  g_assert_cmpuint (titles->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < titles->len; i++)
    g_assert_cmpstr (g_ptr_array_index (titles, i), ==, expected[i]);
}

static void
assert_guide (OkGuideWindow *window,
              const char    *name,
              const char    *title)
{
  AdwWindowTitle *content_title = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "content_title");
  GtkListBox *sidebar = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "sidebar");
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (sidebar);

  g_assert_cmpstr (ok_guide_window_get_guide (window), ==, name);
  g_assert_cmpstr (adw_window_title_get_title (content_title), ==, title);
  g_assert_nonnull (selected);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (selected)), ==, name);
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Clicks @button and waits until @window is gone; the window may close within the click. */
static void
click_and_wait_closed (GtkWidget *button,
                       gpointer   window)
{
  gpointer pointer = window;

  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (okd_wait_until (pointer_is_null, &pointer, OKD_WAIT_SECONDS));
}

static void
close_guides (OkGuideWindow *window)
{
  okd_destroy_and_wait (GTK_WINDOW (window));
}

static OkIdmLightPage *
idm_light_page (OkGuideWindow *window)
{
  return okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "idm_light_page");
}

static gpointer
page_child (OkGuideWindow *window,
            const char    *name)
{
  gpointer group = okd_template_child (idm_light_page (window), OK_TYPE_IDM_LIGHT_PAGE, "organisation_group");

  /* The organisation rows live in their own group widget inside the page. */
  if (g_str_equal (name, "organisation_row") || g_str_equal (name, "cvr_row"))
    return okd_template_child (group, OK_TYPE_ORGANISATION_GROUP, name);
  return okd_template_child (idm_light_page (window), OK_TYPE_IDM_LIGHT_PAGE, name);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
drafted_on_disk (gpointer data)
{
  g_autofree char *path = ok_idm_light_get_memory_path ();
  g_autofree char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) && strstr (text, data) != NULL;
}

static gboolean
widget_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static char *
expected_drafted_text (const char *cvr)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%-d %B %Y");

  return g_strdup_printf ("You drafted this e-mail for CVR %s on %s.", cvr, date);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* What another application would paste: read back through GDK, not from our own variables. */
static char *
read_clipboard (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  gdk_clipboard_read_text_async (clipboard, NULL, store_result, &result);
  g_assert_true (okd_wait_until (result_arrived, &result, OKD_WAIT_SECONDS));
  text = gdk_clipboard_read_text_finish (clipboard, result, &error);
  g_assert_no_error (error);
  return text;
}

static void
scroll_to_end (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

static void
set_contact (const char *name,
             const char *email,
             const char *phone)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_string (settings, "contact-name", name);
  g_settings_set_string (settings, "contact-email", email);
  g_settings_set_string (settings, "contact-phone", phone);
}

/* English */

static void
test_portal_setup (void)
{
  static const char *steps[] = {
    "Create a certificate profile", "Fill in the contact person", "Choose one-time code and internet browser",
    "Note the one-time code", "Find the reference number", NULL };
  OkGuideWindow *window = show_guide ("portal-setup");
  GtkWidget *issue_button = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "portal_setup_issue_button");
  AdwLeaflet *leaflet = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "leaflet");
  GtkWindow *issue_dialog;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Guides");
  g_assert_false (adw_leaflet_get_folded (leaflet));
  assert_guide (window, "portal-setup", "Set Up the Certificate Profile");
  assert_steps (window, steps);
  g_assert_nonnull (okd_find_label (GTK_WIDGET (window), "even though the portal shows them as optional"));
  g_assert_nonnull (okd_find_label (GTK_WIDGET (window), "“One-time code”"));
  g_assert_nonnull (okd_find_label (GTK_WIDGET (window), "“Internet browser”"));
  g_assert_nonnull (okd_find_label (GTK_WIDGET (window), "issuance link"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (issue_button)), ==, "_Issue Certificate…");
  g_assert_true (gtk_widget_has_css_class (issue_button, "suggested-action"));

  okd_save_screenshot (GTK_WIDGET (window), "guide-portal-setup.png");

  /* Asking again while it is open reuses the window. */
  g_assert_true (OK_GUIDE_WINDOW (show_guide ("expired")) == window);
  g_assert_cmpstr (ok_guide_window_get_guide (window), ==, "expired");
  g_assert_true (show_guide ("portal-setup") == window);

  /* The last step's button starts issuing in the main window, and the guide steps aside. */
  click_and_wait_closed (issue_button, window);
  issue_dialog = okd_wait_for_toplevel (OK_TYPE_ISSUE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (issue_dialog) == okd_main_window ());
  okd_destroy_and_wait (issue_dialog);
}

static void
test_validate_email (void)
{
  static const char *steps[] = {
    "Log in to the MitID Erhverv portal", "Select the certificate profile", "Start a renewal there",
    "Open the e-mail and follow its link", "Click Verify", "Come back and renew", NULL };
  OkGuideWindow *window = show_guide ("validate-email");

  assert_guide (window, "validate-email", "Validate the Certificate’s E-mail");
  assert_steps (window, steps);
  g_assert_nonnull (okd_find_label (GTK_WIDGET (window), "Renew Now"));
  okd_save_screenshot (GTK_WIDGET (window), "guide-validate-email.png");
  close_guides (window);
}

static void
test_expired (void)
{
  static const char *steps[] = { "Order a new certificate", "Issue it here", "Or import it", NULL };
  OkGuideWindow *window = show_guide ("expired");
  GtkWidget *issue_button = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "expired_issue_button");
  GtkWidget *import_button = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "expired_import_button");
  GtkWindow *chooser;

  assert_guide (window, "expired", "Replace an Expired Certificate");
  assert_steps (window, steps);
  g_assert_nonnull (okd_find_label (GTK_WIDGET (window), "cannot be renewed"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (issue_button)), ==, "_Issue Certificate…");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (import_button)), ==, "I_mport…");
  okd_save_screenshot (GTK_WIDGET (window), "guide-expired.png");

  /* Import goes to the main window's file chooser (a dialog, outside a sandbox). */
  click_and_wait_closed (import_button, window);
  chooser = okd_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_object_ref (chooser);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  g_assert_true (okd_wait_until (widget_hidden, chooser, OKD_WAIT_SECONDS));
  g_object_unref (chooser);
}

static void
test_unknown_guide (void)
{
  OkGuideWindow *window = show_guide ("no-such-guide");

  g_assert_cmpstr (ok_guide_window_get_guide (window), ==, "portal-setup");
  close_guides (window);
}

static void
test_idm_light_drafter (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  OkStore *store = okd_store ();
  OkGuideWindow *window;
  AdwComboRow *organisation_row;
  GtkWidget *cvr_row, *open_button, *copy_button, *drafted_label;
  GtkLabel *preview;
  GListModel *choices;
  g_autofree char *expected_body = NULL;
  g_autofree char *preview_text = NULL;
  g_autofree char *expected_uri = NULL;
  g_autofree char *launched = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *clipboard = NULL;
  g_autofree char *drafted = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  set_contact (CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE);

  window = show_guide ("idm-light");
  assert_guide (window, "idm-light", "Enable Automatic Renewal (IdM light)");
  organisation_row = page_child (window, "organisation_row");
  cvr_row = page_child (window, "cvr_row");
  open_button = page_child (window, "open_button");
  copy_button = page_child (window, "copy_button");
  drafted_label = page_child (window, "drafted_label");
  preview = page_child (window, "preview_label");

  /* One choice per CVR, by name, and a way to type another. */
  choices = adw_combo_row_get_model (organisation_row);
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 0), ==, "Bøgh & Søn A/S (CVR 12345678)");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 1), ==, "Ærø Data ApS (CVR 87654321)");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 2), ==, "Another Organisation");
  g_assert_cmpuint (adw_combo_row_get_selected (organisation_row), ==, 0);
  g_assert_cmpstr (ok_idm_light_page_get_cvr (idm_light_page (window)), ==, "12345678");
  g_assert_false (gtk_widget_get_visible (cvr_row));

  /* The contact comes from settings… */
  g_assert_cmpstr (gtk_editable_get_text (page_child (window, "name_row")), ==, CONTACT_NAME);
  g_assert_cmpstr (gtk_editable_get_text (page_child (window, "email_row")), ==, CONTACT_EMAIL);
  g_assert_cmpstr (gtk_editable_get_text (page_child (window, "phone_row")), ==, CONTACT_PHONE);

  /* …and the preview is the e-mail. */
  expected_body = ok_idm_light_build_body ("12345678", "Bøgh & Søn A/S", CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE);
  g_assert_true (g_str_has_suffix (expected_body, "\n" CONTACT_NAME "\nBøgh & Søn A/S\n"));
  preview_text = g_strchomp (g_strdup (expected_body));
  g_assert_cmpstr (gtk_label_get_text (preview), ==, preview_text);
  g_assert_nonnull (strstr (expected_body, "\nOrganisation: Bøgh & Søn A/S\nCVR number: 12345678\n"));
  g_assert_nonnull (strstr (expected_body, "\nName: " CONTACT_NAME "\nE-mail: " CONTACT_EMAIL "\nPhone: " CONTACT_PHONE "\n"));
  g_assert_nonnull (okd_find_label (GTK_WIDGET (window), "within a few days"));
  g_assert_false (gtk_widget_get_visible (drafted_label));

  okd_save_screenshot (GTK_WIDGET (window), "guide-idm-light.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  okd_save_screenshot (GTK_WIDGET (window), "guide-idm-light-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Open in E-mail App reaches the default mailto: handler with the exact URI. */
  expected_uri = ok_idm_light_build_mailto_uri ("12345678", "Bøgh & Søn A/S", CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE);
  g_assert_true (gtk_widget_get_sensitive (open_button));
  g_signal_emit_by_name (open_button, "clicked");
  g_assert_true (okd_wait_until (file_exists, mailto_out, OKD_WAIT_SECONDS));
  g_file_get_contents (mailto_out, &launched, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (launched, ==, expected_uri);

  uri = g_uri_parse (launched, G_URI_FLAGS_ENCODED, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "mailto");
  g_assert_cmpstr (g_uri_get_path (uri), ==, "mitiderhverv@digst.dk");
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (params, "subject"), ==, "IdM light");
  decoded = g_uri_unescape_string (strstr (launched, "&body=") + strlen ("&body="), NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "body"), ==, decoded);
  g_assert_nonnull (strstr (decoded, "\r\nCVR number: 12345678\r\n"));
  g_assert_nonnull (strstr (decoded, "\r\nE-mail: " CONTACT_EMAIL "\r\n"));

  /* Drafting is remembered on the page and on disk. */
  drafted = expected_drafted_text ("12345678");
  g_assert_true (okd_wait_until (widget_visible, drafted_label, OKD_WAIT_SECONDS));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (drafted_label)), ==, drafted);
  g_assert_true (okd_wait_until (drafted_on_disk, "\"12345678\"", OKD_WAIT_SECONDS));
  scroll_to_end (GTK_WIDGET (idm_light_page (window)));
  okd_save_screenshot (GTK_WIDGET (window), "guide-idm-light-drafted.png");

  /* Copy Text puts the body on the clipboard; the address and subject have their own buttons. */
  g_signal_emit_by_name (copy_button, "clicked");
  clipboard = read_clipboard (GTK_WIDGET (window));
  g_assert_cmpstr (clipboard, ==, expected_body);
  g_clear_pointer (&clipboard, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (idm_light_page (window)), "idm-light.copy-recipient", NULL));
  clipboard = read_clipboard (GTK_WIDGET (window));
  g_assert_cmpstr (clipboard, ==, "mitiderhverv@digst.dk");
  g_clear_pointer (&clipboard, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (idm_light_page (window)), "idm-light.copy-subject", NULL));
  clipboard = read_clipboard (GTK_WIDGET (window));
  g_assert_cmpstr (clipboard, ==, "IdM light");
  g_clear_pointer (&clipboard, g_free);

  /* The contact is edited in place and saved back; the preview follows. */
  gtk_editable_set_text (page_child (window, "phone_row"), "+45 87 65 43 21");
  g_assert_cmpstr (g_settings_get_string (settings, "contact-phone"), ==, "+45 87 65 43 21");
  g_assert_nonnull (strstr (gtk_label_get_text (preview), "\nPhone: +45 87 65 43 21\n"));

  /* The other organisation: never drafted for it. */
  adw_combo_row_set_selected (organisation_row, 1);
  g_assert_cmpstr (ok_idm_light_page_get_cvr (idm_light_page (window)), ==, "87654321");
  g_assert_nonnull (strstr (gtk_label_get_text (preview), "\nOrganisation: Ærø Data ApS\nCVR number: 87654321\n"));
  okd_iterate (300);
  g_assert_false (gtk_widget_get_visible (drafted_label));

  /* A CVR typed by hand must be eight digits before anything can be sent. */
  adw_combo_row_set_selected (organisation_row, 2);
  g_assert_true (gtk_widget_get_visible (cvr_row));
  gtk_editable_set_text (GTK_EDITABLE (cvr_row), "1234");
  g_assert_true (gtk_widget_has_css_class (cvr_row, "error"));
  g_assert_null (ok_idm_light_page_get_cvr (idm_light_page (window)));
  g_assert_false (gtk_widget_get_sensitive (open_button));
  g_assert_false (gtk_widget_get_sensitive (copy_button));
  gtk_editable_set_text (GTK_EDITABLE (cvr_row), "11223344");
  g_assert_false (gtk_widget_has_css_class (cvr_row, "error"));
  g_assert_cmpstr (ok_idm_light_page_get_cvr (idm_light_page (window)), ==, "11223344");
  g_assert_true (gtk_widget_get_sensitive (open_button));
  g_assert_nonnull (strstr (gtk_label_get_text (preview), "\n\nCVR number: 11223344\n"));
  g_assert_null (strstr (gtk_label_get_text (preview), "Organisation:"));

  close_guides (window);
  g_settings_reset (settings, "contact-phone");
}

/* How a RenewalNotEnabled failure offers the drafter: with the organisation already chosen,
 * and what was drafted before read back from disk. */
static void
test_idm_light_for_cvr (void)
{
  OkGuideWindow *window = show_guide ("idm-light:87654321");
  AdwComboRow *organisation_row = page_child (window, "organisation_row");
  GtkWidget *drafted_label = page_child (window, "drafted_label");
  g_autofree char *drafted = expected_drafted_text ("12345678");

  g_assert_cmpuint (adw_combo_row_get_selected (organisation_row), ==, 1);
  g_assert_cmpstr (ok_idm_light_page_get_cvr (idm_light_page (window)), ==, "87654321");
  close_guides (window);

  window = show_guide ("idm-light:12345678");
  drafted_label = page_child (window, "drafted_label");
  g_assert_cmpstr (ok_idm_light_page_get_cvr (idm_light_page (window)), ==, "12345678");
  g_assert_true (okd_wait_until (widget_visible, drafted_label, OKD_WAIT_SECONDS));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (drafted_label)), ==, drafted);

  /* A CVR the store does not know is typed in for the user. */
  g_assert_true (show_guide ("idm-light:99999999") == window);
  organisation_row = page_child (window, "organisation_row");
  g_assert_cmpuint (adw_combo_row_get_selected (organisation_row), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (page_child (window, "cvr_row")), ==, "99999999");
  g_assert_cmpstr (ok_idm_light_page_get_cvr (idm_light_page (window)), ==, "99999999");

  close_guides (window);
}

/* The store loads after the window opens: a CVR asked for early is chosen once its
 * organisation appears, unless the user has chosen by then; a half-typed number survives. */
static void
test_idm_light_late_store (void)
{
  OkStore *store = okd_store ();
  g_autoptr(GListStore) late = g_list_store_new (OK_TYPE_CERTIFICATE);
  g_autoptr(OkIdmLightPage) page = g_object_ref_sink (g_object_new (OK_TYPE_IDM_LIGHT_PAGE, NULL));
  OkOrganisationGroup *group = okd_template_child (page, OK_TYPE_IDM_LIGHT_PAGE, "organisation_group");
  AdwComboRow *organisation_row = okd_template_child (group, OK_TYPE_ORGANISATION_GROUP, "organisation_row");
  GtkEditable *cvr_row = okd_template_child (group, OK_TYPE_ORGANISATION_GROUP, "cvr_row");
  GtkLabel *preview = okd_template_child (page, OK_TYPE_IDM_LIGHT_PAGE, "preview_label");

  ok_idm_light_page_set_store (page, G_LIST_MODEL (late));
  ok_idm_light_page_select_cvr (page, "87654321");
  g_assert_cmpstr (ok_idm_light_page_get_cvr (page), ==, "87654321");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (organisation_row)));
  g_assert_cmpstr (gtk_editable_get_text (cvr_row), ==, "87654321");
  g_assert_null (strstr (gtk_label_get_text (preview), "Organisation:"));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_list_store_append (late, certificate);
    }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (organisation_row)));
  g_assert_cmpuint (adw_combo_row_get_selected (organisation_row), ==, 1);
  g_assert_cmpstr (ok_organisation_group_get_organisation (group), ==, "Ærø Data ApS");
  g_assert_nonnull (strstr (gtk_label_get_text (preview), "\nOrganisation: Ærø Data ApS\nCVR number: 87654321\n"));

  /* The user's own choice wins over the early request from now on. */
  adw_combo_row_set_selected (organisation_row, 0);
  g_list_store_remove (late, 0);
  g_assert_cmpstr (ok_idm_light_page_get_cvr (page), ==, "12345678");

  adw_combo_row_set_selected (organisation_row, 2);
  gtk_editable_set_text (cvr_row, "123");
  g_assert_null (ok_idm_light_page_get_cvr (page));
  g_list_store_remove_all (late);
  g_assert_cmpstr (gtk_editable_get_text (cvr_row), ==, "123");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cvr_row)));
  g_assert_null (ok_idm_light_page_get_cvr (page));
}

static gboolean
leaflet_folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

static void
test_narrow (void)
{
  OkGuideWindow *window = show_guide ("validate-email");
  AdwLeaflet *leaflet = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "leaflet");
  GtkWidget *back_button = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "back_button");
  GtkWidget *sidebar_box = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "sidebar_box");
  GtkWidget *content_box = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "content_box");
  GtkListBox *sidebar = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "sidebar");
  GtkListBoxRow *idm_row = okd_template_child (window, OK_TYPE_GUIDE_WINDOW, "idm_light_row");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  g_assert_true (okd_wait_until (leaflet_folded, leaflet, OKD_WAIT_SECONDS));
  okd_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == content_box);
  g_assert_true (gtk_widget_get_visible (back_button));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  okd_save_screenshot (GTK_WIDGET (window), "guide-narrow.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "guide.back", NULL);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar_box);
  g_signal_emit_by_name (sidebar, "row-activated", idm_row);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == content_box);
  g_assert_cmpstr (ok_guide_window_get_guide (window), ==, "idm-light");
  okd_save_screenshot (GTK_WIDGET (window), "guide-idm-light-narrow.png");

  close_guides (window);
}

/* Danish */

static void
test_danish (void)
{
  static const char *portal_steps[] = {
    "Opret en certifikatprofil", "Udfyld kontaktpersonen", "Vælg engangskode og internetbrowser",
    "Skriv engangskoden ned", "Find referencenummeret", NULL };
  static const char *validate_steps[] = {
    "Log ind i MitID Erhverv-portalen", "Vælg certifikatprofilen", "Start en fornyelse dér",
    "Åbn e-mailen, og følg linket", "Bekræft adressen", "Kom tilbage, og forny", NULL };
  static const char *expired_steps[] = { "Bestil et nyt certifikat", "Udsted det her", "Eller importér det", NULL };
  OkGuideWindow *window;
  GtkLabel *preview;

  okd_store ();
  set_contact (CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE);

  window = show_guide ("portal-setup");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Vejledninger");
  assert_guide (window, "portal-setup", "Opret certifikatprofilen");
  assert_steps (window, portal_steps);
  g_assert_nonnull (okd_find_label (GTK_WIDGET (window), "“Engangskode”"));
  okd_save_screenshot (GTK_WIDGET (window), "guide-portal-setup-da.png");

  ok_guide_window_show_guide (window, "idm-light:12345678");
  assert_guide (window, "idm-light", "Slå automatisk fornyelse til (IdM light)");
  preview = page_child (window, "preview_label");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (preview), "Hej\n\n"));
  g_assert_nonnull (strstr (gtk_label_get_text (preview), "\nCVR-nummer: 12345678\n"));
  g_assert_nonnull (strstr (gtk_label_get_text (preview), "\nTelefon: " CONTACT_PHONE "\n"));
  g_assert_nonnull (okd_find_label (GTK_WIDGET (window), "inden for få dage"));
  okd_save_screenshot (GTK_WIDGET (window), "guide-idm-light-da.png");
  scroll_to_end (GTK_WIDGET (preview));
  okd_save_screenshot (GTK_WIDGET (window), "guide-idm-light-email-da.png");

  ok_guide_window_show_guide (window, "validate-email");
  assert_guide (window, "validate-email", "Bekræft certifikatets e-mailadresse");
  assert_steps (window, validate_steps);
  okd_save_screenshot (GTK_WIDGET (window), "guide-validate-email-da.png");

  ok_guide_window_show_guide (window, "expired");
  assert_guide (window, "expired", "Erstat et udløbet certifikat");
  assert_steps (window, expired_steps);
  okd_save_screenshot (GTK_WIDGET (window), "guide-expired-da.png");

  close_guides (window);
}

int
main (int   argc,
      char *argv[])
{
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

  set_up_environment ();
  g_test_init (&argc, &argv, NULL);

  if (danish)
    g_test_add_func ("/guides/da/all", test_danish);
  else
    {
      g_test_add_func ("/guides/portal-setup", test_portal_setup);
      g_test_add_func ("/guides/validate-email", test_validate_email);
      g_test_add_func ("/guides/expired", test_expired);
      g_test_add_func ("/guides/unknown", test_unknown_guide);
      g_test_add_func ("/guides/idm-light/drafter", test_idm_light_drafter);
      g_test_add_func ("/guides/idm-light/for-cvr", test_idm_light_for_cvr);
      g_test_add_func ("/guides/idm-light/late-store", test_idm_light_late_store);
      g_test_add_func ("/guides/narrow", test_narrow);
    }

  status = okd_run_tests ();

  okt_remove_tree (scratch);
  g_clear_pointer (&scratch, g_free);
  g_clear_pointer (&mailto_out, g_free);
  return status;
}
