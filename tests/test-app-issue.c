/* test-app-issue.c — the issue dialog in the real application against the reference CA over
 * real TLS: live validation of what is pasted, an issuance end to end (store, command line, main
 * window, keyring), failures with their guidance in place and Retry with the kept one-time code,
 * cancelling while the key is made and while the CA is contacted, an unconfigured endpoint, and
 * the main-loop stall meter of the benchmark
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ok-dialog-test-util.h"
#include "ok-error-details.h"
#include "ok-issuance-link.h"
#include "ok-issue-dialog.h"
#include "ok-issue-progress.h"
#include "ok-guide-window.h"
#include "ok-preferences-window.h"
#include "ok-stall-meter.h"
#include "ok-test-ca.h"
#include "ok-test-cli.h"

#define ISSUE_SECONDS 60

static OkTestCa *ca;
static char *store_dir;

#define CA_PROFILE(ref, code, extra) \
  "{\"referenceNumber\":\"" ref "\",\"oneTimeCode\":\"" code "\",\"cvr\":\"12345678\"," \
  "\"organisation\":\"Firma A/S\",\"commonName\":\"Firma integration\"" extra "}"

/* One scenario for the whole program; the tests that change the CA's mind rewrite it. */
static char *
scenario (const char *retry_code,
          gboolean    email_validated)
{
  return g_strdup_printf ("{\"profiles\":["
                          CA_PROFILE ("REF-UI-0001", "1111-2222", "") ","
                          CA_PROFILE ("REF-UI-0002", "%s", "") ","
                          CA_PROFILE ("REF-UI-0003", "5555-6666", ",\"email\":\"it@firma.example\",\"emailValidated\":%s") ","
                          CA_PROFILE ("REF-UI-0004", "7777-8888", ",\"faults\":[\"delay:5000\"]") ","
                          CA_PROFILE ("REF-UI-0005", "1212-3434", "")
                          "]}",
                          retry_code, email_validated ? "true" : "false");
}

/* ---- driving the dialog ---------------------------------------------------------------------- */

static OkIssueDialog *
open_dialog (void)
{
  OkIssueDialog *dialog;

  g_assert_null (okd_find_toplevel (OK_TYPE_ISSUE_DIALOG));
  ok_issue_dialog_present (okd_main_window (), okd_store ());
  dialog = OK_ISSUE_DIALOG (okd_wait_for_toplevel (OK_TYPE_ISSUE_DIALOG));
  okd_wait_for_frame (GTK_WIDGET (dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == okd_main_window ());
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  /* The form starts where the user starts: in the reference number, not on Cancel. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)),
                                         GTK_WIDGET (okd_template_child (dialog, OK_TYPE_ISSUE_DIALOG, "reference_row"))));

  return dialog;
}

static gpointer
child (OkIssueDialog *dialog,
       const char    *name)
{
  return okd_template_child (dialog, OK_TYPE_ISSUE_DIALOG, name);
}

static void
set_text (OkIssueDialog *dialog,
          const char    *row,
          const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, row)), text);
}

static const char *
caption (OkIssueDialog *dialog)
{
  return gtk_label_get_text (GTK_LABEL (child (dialog, "reference_caption")));
}

static gboolean
issue_sensitive (OkIssueDialog *dialog)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (child (dialog, "issue_button")));
}

static const char *
page (OkIssueDialog *dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (dialog, "stack")));
}

static void
click (OkIssueDialog *dialog,
       const char    *button)
{
  GtkWidget *widget = child (dialog, button);

  g_assert_true (gtk_widget_is_sensitive (widget));
  g_assert_true (gtk_widget_get_visible (widget));
  g_signal_emit_by_name (widget, "clicked");
}

typedef struct
{
  OkIssueDialog *dialog;   /* weak: NULL once the dialog is gone */
} Outcome;

static gboolean
outcome_known (gpointer data)
{
  Outcome *outcome = data;

  return outcome->dialog == NULL || gtk_widget_get_visible (child (outcome->dialog, "failure_box"));
}

/* Waits until the dialog is gone (success) or shows a failure; TRUE for success. */
static gboolean
wait_for_outcome (OkIssueDialog *dialog)
{
  Outcome outcome = { dialog };

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &outcome.dialog);
  g_assert_true (okd_wait_until (outcome_known, &outcome, ISSUE_SECONDS));
  if (outcome.dialog == NULL)
    return TRUE;

  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &outcome.dialog);
  g_assert_cmpstr (page (dialog), ==, "form");
  return FALSE;
}

static OkEnrollmentStep
current_step (OkIssueDialog *dialog)
{
  return ok_issue_progress_get_step (OK_ISSUE_PROGRESS (child (dialog, "progress")));
}

typedef struct
{
  OkIssueDialog    *dialog;
  OkEnrollmentStep  step;
} StepWait;

static gboolean
step_reached (gpointer data)
{
  StepWait *wait = data;

  return current_step (wait->dialog) == wait->step;
}

static void
wait_for_step (OkIssueDialog    *dialog,
               OkEnrollmentStep  step)
{
  StepWait wait = { dialog, step };

  g_assert_true (okd_wait_until (step_reached, &wait, ISSUE_SECONDS));
}

static gboolean
shows_form (gpointer data)
{
  return g_str_equal (page (data), "form");
}

static OkCertificate *
find_in_store (const char *name)
{
  GListModel *model = G_LIST_MODEL (okd_store ());

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (model, i);

      if (g_strcmp0 (ok_certificate_get_name (certificate), name) == 0)
        return certificate;
    }

  return NULL;
}

/* What the command line, reading the store on disk by itself, lists under @name. */
static JsonObject *
cli_entry (const char  *name,
           JsonNode   **holder)
{
  JsonArray *list;

  *holder = ok_test_cli_list (store_dir);
  list = json_node_get_array (*holder);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "name"), name) == 0)
        return entry;
    }

  return NULL;
}

static guint
cli_count (void)
{
  g_autoptr(JsonNode) list = ok_test_cli_list (store_dir);

  return json_array_get_length (json_node_get_array (list));
}

static void
close_dialog (OkIssueDialog *dialog)
{
  OkdWatch *watch = okd_watch (dialog);

  g_assert_cmpstr (page (dialog), ==, "form");
  click (dialog, "cancel_button");
  okd_wait_finalized (watch);
}

/* ---- tests ----------------------------------------------------------------------------------- */

static void
test_live_validation (void)
{
  OkIssueDialog *dialog = open_dialog ();
  g_autoptr(GError) expected_error = NULL;
  g_autofree char *expected_reference = NULL;
  GtkWidget *reference_row = child (dialog, "reference_row");
  AdwComboRow *environment_row = child (dialog, "environment_row");
  static const struct {
    const char *text;
    const char *reference;
  } accepted[] = {
    { "https://erhvervsadministration.nemlog-in.dk/certificates/issue?referenceNumber=REF-42A7", "REF-42A7" },
    { "  1234-ABCD\n", "1234-ABCD" },
    { "<https://portal.example/issue?ReferenceNumber=ABC123&lang=da>", "ABC123" },
  };

  /* Typing at once, with the real keyboard, goes into the reference number. */
  okd_x11_key (GTK_WINDOW (dialog), "7");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (reference_row)), ==, "7");
  set_text (dialog, "reference_row", "");

  /* Only Test has an issuance address here, so Test is chosen. */
  g_assert_cmpuint (adw_combo_row_get_selected (environment_row), ==, 1);
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (environment_row)), ==, "Test");
  g_assert_cmpstr (page (dialog), ==, "form");
  g_assert_false (issue_sensitive (dialog));
  g_assert_cmpstr (caption (dialog), ==, "Paste the issuance link from the e-mail, or type the reference number.");

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autofree char *want = g_strdup_printf ("Reference number: %s", accepted[i].reference);

      set_text (dialog, "reference_row", accepted[i].text);
      g_assert_cmpstr (caption (dialog), ==, want);
      g_assert_false (gtk_widget_has_css_class (reference_row, "error"));
    }

  /* A valid reference alone is not enough: the one-time code is needed too. */
  g_assert_false (issue_sensitive (dialog));
  set_text (dialog, "code_row", "1111-2222");
  g_assert_true (issue_sensitive (dialog));
  set_text (dialog, "reference_row", accepted[0].text);
  okd_save_screenshot (GTK_WIDGET (dialog), "issue-form.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  okd_save_screenshot (GTK_WIDGET (dialog), "issue-form-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* A link without a reference number: the parser's own message, in place, and no Issue. */
  set_text (dialog, "reference_row", "https://portal.example/issue?lang=da");
  expected_reference = ok_issuance_link_parse_reference ("https://portal.example/issue?lang=da", &expected_error);
  g_assert_null (expected_reference);
  g_assert_nonnull (expected_error);
  g_assert_cmpstr (caption (dialog), ==, expected_error->message);
  g_assert_true (gtk_widget_has_css_class (reference_row, "error"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (child (dialog, "reference_caption")), "error"));
  g_assert_false (issue_sensitive (dialog));
  okd_save_screenshot (GTK_WIDGET (dialog), "issue-form-invalid.png");

  g_clear_error (&expected_error);
  set_text (dialog, "reference_row", "not a reference!");
  g_assert_null (ok_issuance_link_parse_reference ("not a reference!", &expected_error));
  g_assert_cmpstr (caption (dialog), ==, expected_error->message);
  g_assert_false (issue_sensitive (dialog));

  /* Activating the disabled action does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "issue.issue", NULL);
  g_assert_cmpstr (page (dialog), ==, "form");

  /* At the narrowest supported width the form still fits without scrolling sideways. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 640);
  okd_save_screenshot (GTK_WIDGET (dialog), "issue-form-narrow.png");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, 400);

  close_dialog (dialog);
}

static void
record_step (OkIssueProgress *progress,
             GParamSpec      *pspec,
             GArray          *steps)
{
  OkEnrollmentStep step = ok_issue_progress_get_step (progress);

  if (steps->len == 0 || g_array_index (steps, OkEnrollmentStep, steps->len - 1) != step)
    g_array_append_val (steps, step);
}

static gint64
parse_max_stall (const char *text)
{
  const char *line = strstr (text, "max-stall-ms: ");
  g_autofree char *number = NULL;
  guint64 value = 0;

  g_assert_nonnull (line);
  line += strlen ("max-stall-ms: ");
  number = g_strndup (line, strcspn (line, "\n"));
  g_assert_true (g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT, &value, NULL));
  return (gint64) value;
}

static void
test_issue_success (void)
{
  OkIssueDialog *dialog = open_dialog ();
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (OkEnrollmentStep));
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *pin = NULL;
  guint before = g_list_model_get_n_items (G_LIST_MODEL (okd_store ()));
  OkCertificate *issued;
  JsonObject *entry;
  static const OkEnrollmentStep expected_steps[] = {
    OK_ENROLLMENT_STEP_MAKING_KEY, OK_ENROLLMENT_STEP_CONTACTING,
    OK_ENROLLMENT_STEP_VERIFYING, OK_ENROLLMENT_STEP_SAVING, OK_ENROLLMENT_STEP_DONE,
  };

  set_text (dialog, "reference_row", "https://erhvervsadministration.nemlog-in.dk/certificates/issue?referenceNumber=REF-UI-0001");
  set_text (dialog, "code_row", "1111-2222");
  set_text (dialog, "name_row", "  Firma UI ");
  g_signal_connect (child (dialog, "progress"), "notify::step", G_CALLBACK (record_step), steps);

  /* The benchmark hook: the longest the main loop stood still while issuing, on stderr. */
  g_setenv ("OK_BENCH_STALLS", "1", TRUE);
  okd_capture_stderr_begin ();
  click (dialog, "issue_button");
  g_assert_cmpstr (page (dialog), ==, "progress");
  g_assert_false (gtk_widget_get_visible (child (dialog, "issue_button")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (dialog, "progress_title"))), ==, "Issuing the Certificate");
  g_assert_true (wait_for_outcome (dialog));
  stderr_text = okd_capture_stderr_end ();
  g_unsetenv ("OK_BENCH_STALLS");

  /* The 3072-bit key is made in a thread: the window kept drawing. */
  g_test_message ("longest main-loop stall while issuing: %" G_GINT64_FORMAT " ms", parse_max_stall (stderr_text));
  g_assert_cmpint (parse_max_stall (stderr_text), <, 500);

  g_assert_cmpuint (steps->len, ==, G_N_ELEMENTS (expected_steps));
  for (guint i = 0; i < steps->len; i++)
    g_assert_cmpint (g_array_index (steps, OkEnrollmentStep, i), ==, expected_steps[i]);

  /* In the app's store, with its key … */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (okd_store ())), ==, before + 1);
  issued = find_in_store ("Firma UI");
  g_assert_nonnull (issued);
  g_assert_true (ok_certificate_get_has_private_key (issued));
  g_assert_cmpint (ok_certificate_get_environment (issued), ==, OK_ENVIRONMENT_TEST);
  g_assert_cmpstr (ok_certificate_get_cvr (issued), ==, "12345678");

  /* … on disk as the command line reads it … */
  entry = cli_entry ("Firma UI", &list);
  g_assert_nonnull (entry);
  g_assert_cmpstr (json_object_get_string_member (entry, "id"), ==, ok_certificate_get_id (issued));
  g_assert_true (json_object_get_boolean_member (entry, "has_private_key"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (entry, "certificate"), "key_bits"), ==, 3072);

  /* … shown in the main window, and the spent one-time code is gone from the keyring. */
  okd_wait_for_label (GTK_WIDGET (okd_main_window ()), "Firma UI");
  /* A toast says so, as after an import, an export or a renewal. */
  okd_wait_for_label (GTK_WIDGET (okd_main_window ()), "Issued “Firma UI”");
  okd_save_screenshot (GTK_WIDGET (okd_main_window ()), "issue-shown.png");
  pin = okd_keyring_lookup ("reference:REF-UI-0001", "pin");
  g_assert_null (pin);
}

static void
test_wrong_code_then_retry (void)
{
  OkIssueDialog *dialog = open_dialog ();
  g_autoptr(GError) expected = ok_issuer_error_new (OK_ISSUER_ERROR_INVALID_ONE_TIME_CODE, 400, "InvalidOneTimeCode", 0, NULL, "");
  g_autofree char *pin = NULL;
  g_autofree char *fixed = NULL;
  g_autoptr(JsonNode) list = NULL;
  GtkLabel *guidance;
  guint before = cli_count ();

  set_text (dialog, "reference_row", "REF-UI-0002");
  set_text (dialog, "code_row", "9999-0000");
  set_text (dialog, "name_row", "Retried");
  click (dialog, "issue_button");
  g_assert_false (wait_for_outcome (dialog));

  /* The CA's answer and what to do about it, above the form that is still filled in. */
  guidance = child (dialog, "failure_guidance");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (guidance)));
  g_assert_nonnull (ok_issuer_error_get_guidance (expected));
  g_assert_cmpstr (gtk_label_get_text (guidance), ==, ok_issuer_error_get_guidance (expected));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (dialog, "failure_message"))), !=, "");
  g_assert_false (gtk_widget_get_visible (child (dialog, "validate_email_button")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "preferences_button")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (dialog, "issue_button"))), ==, "_Retry");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "reference_row"))), ==, "REF-UI-0002");
  okd_save_screenshot (GTK_WIDGET (dialog), "issue-failure.png");

  /* The code field is empty, yet Retry works: the code waits in the keyring. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "code_row"))), ==, "");
  g_assert_true (gtk_widget_get_visible (child (dialog, "code_caption")));
  g_assert_true (issue_sensitive (dialog));
  pin = okd_keyring_lookup ("reference:REF-UI-0002", "pin");
  g_assert_cmpstr (pin, ==, "9999-0000");
  g_assert_cmpuint (cli_count (), ==, before);

  /* Another reference has no kept code: Retry needs one typed. */
  set_text (dialog, "reference_row", "REF-UI-9999");
  g_assert_false (issue_sensitive (dialog));
  set_text (dialog, "reference_row", "REF-UI-0002");
  g_assert_true (issue_sensitive (dialog));

  /* The portal now expects the code that was typed (as if it had been mistyped there). */
  fixed = scenario ("9999-0000", FALSE);
  ok_test_ca_set_scenario (ca, fixed);
  click (dialog, "issue_button");
  g_assert_true (wait_for_outcome (dialog));

  g_assert_nonnull (find_in_store ("Retried"));
  g_assert_nonnull (cli_entry ("Retried", &list));
  g_assert_cmpuint (cli_count (), ==, before + 1);
  g_clear_pointer (&pin, g_free);
  pin = okd_keyring_lookup ("reference:REF-UI-0002", "pin");
  g_assert_null (pin);
}

typedef struct
{
  char *guide;
} GuideSeen;

static void
on_show_guide (GSimpleAction *action,
               GVariant      *parameter,
               GuideSeen     *seen)
{
  g_free (seen->guide);
  seen->guide = g_variant_dup_string (parameter, NULL);
}

static void
clipboard_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
pointer_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read, &text);
  g_assert_true (okd_wait_until (pointer_is_set, &text, OKD_WAIT_SECONDS));
  return text;
}

static gboolean
guide_is_gone (gpointer data)
{
  return okd_find_toplevel (OK_TYPE_GUIDE_WINDOW) == NULL;
}

/* The guide opened from the dialog takes real clicks and keys, although the dialog is modal,
 * and Escape closes the guide, never the dialog under it. */
static GtkWindow *
open_guide_with_a_click (OkIssueDialog *dialog,
                         const char    *button,
                         const char    *guide_name)
{
  GtkWindow *guide;
  okd_x11_click (child (dialog, button));
  guide = okd_wait_for_toplevel (OK_TYPE_GUIDE_WINDOW);
  g_assert_true (gtk_window_get_transient_for (guide) == GTK_WINDOW (dialog));
  g_assert_true (gtk_window_get_modal (guide));
  g_assert_cmpint (ok_guide_window_get_context (OK_GUIDE_WINDOW (guide)), ==, OK_GUIDE_CONTEXT_ISSUING);
  g_assert_cmpstr (ok_guide_window_get_guide (OK_GUIDE_WINDOW (guide)), ==, guide_name);
  okd_wait_for_frame (GTK_WIDGET (guide));
  return guide;
}

static void
test_email_not_validated (void)
{
  OkIssueDialog *dialog = open_dialog ();
  GAction *show_guide = g_action_map_lookup_action (G_ACTION_MAP (okd_main_window ()), "show-guide");
  g_autofree char *validated = NULL;
  g_autofree char *copied = NULL;
  OkErrorDetails *details;
  GuideSeen seen = { NULL };
  GtkWindow *guide;
  gulong handler;

  set_text (dialog, "reference_row", "REF-UI-0003");
  set_text (dialog, "code_row", "5555-6666");
  set_text (dialog, "name_row", "E-mail later");
  click (dialog, "issue_button");
  g_assert_false (wait_for_outcome (dialog));

  /* Advice for issuing (the form and its code wait), not for a renewal. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (dialog, "failure_guidance"))), "Verify"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (dialog, "failure_guidance"))), "one-time code you entered is kept"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (child (dialog, "failure_guidance"))), "renewal"));
  g_assert_true (gtk_widget_get_visible (child (dialog, "validate_email_button")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "preferences_button")));

  /* The CA's code, for support, copied with its button; the reference CA names no address. */
  details = child (dialog, "failure_details");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (details)));
  g_assert_cmpstr (ok_error_details_get_code (details), ==, "CertificateEmailNotValidated");
  g_assert_nonnull (okd_find_label (GTK_WIDGET (details), "Error code: CertificateEmailNotValidated"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ok_error_details_get_email_label (details))));
  okd_x11_click (GTK_WIDGET (ok_error_details_get_copy_button (details)));
  copied = read_clipboard (GTK_WIDGET (dialog));
  g_assert_cmpstr (copied, ==, "CertificateEmailNotValidated");
  okd_save_screenshot (GTK_WIDGET (dialog), "issue-failure-email.png");

  /* The guide is the dialog's own, not the main window's, and worded for issuing. */
  g_assert_nonnull (show_guide);
  handler = g_signal_connect (show_guide, "activate", G_CALLBACK (on_show_guide), &seen);
  guide = open_guide_with_a_click (dialog, "validate_email_button", "validate-email");
  g_assert_null (seen.guide);
  g_signal_handler_disconnect (show_guide, handler);
  g_assert_nonnull (okd_find_label (GTK_WIDGET (guide), "MitID Erhverv issues a certificate only when"));
  g_assert_nonnull (okd_find_label (GTK_WIDGET (guide), "press Retry in the Issue Certificate dialog"));
  g_assert_null (okd_find_label (GTK_WIDGET (guide), "Start a renewal"));
  okd_save_screenshot (GTK_WIDGET (guide), "issue-guide-validate-email.png");

  /* A real click in the guide's sidebar is heard while the dialog is open … */
  okd_x11_click (okd_template_child (guide, OK_TYPE_GUIDE_WINDOW, "portal_setup_row"));
  g_assert_cmpstr (ok_guide_window_get_guide (OK_GUIDE_WINDOW (guide)), ==, "portal-setup");

  /* … and Escape closes the guide, leaving the dialog with its form as it was. */
  okd_x11_key (guide, "Escape");
  g_assert_true (okd_wait_until (guide_is_gone, NULL, OKD_WAIT_SECONDS));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (okd_find_toplevel (OK_TYPE_ISSUE_DIALOG) == GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "reference_row"))), ==, "REF-UI-0003");

  /* The portal guide from the form: its button leads back to the form. */
  guide = open_guide_with_a_click (dialog, "guide_button", "portal-setup");
  g_assert_cmpstr (gtk_button_get_label (okd_template_child (guide, OK_TYPE_GUIDE_WINDOW, "portal_setup_issue_button")),
                   ==, "_Back to the Form");
  okd_x11_click (okd_template_child (guide, OK_TYPE_GUIDE_WINDOW, "portal_setup_issue_button"));
  g_assert_true (okd_wait_until (guide_is_gone, NULL, OKD_WAIT_SECONDS));
  g_assert_true (okd_find_toplevel (OK_TYPE_ISSUE_DIALOG) == GTK_WINDOW (dialog));

  /* Validated meanwhile: Retry without typing the code again. */
  validated = scenario ("3333-4444", TRUE);
  ok_test_ca_set_scenario (ca, validated);
  g_assert_true (issue_sensitive (dialog));
  click (dialog, "issue_button");
  g_assert_true (wait_for_outcome (dialog));
  g_assert_cmpstr (ok_certificate_get_email (find_in_store ("E-mail later")), ==, "it@firma.example");
}

/* A step is one line, in the middle of its row as in AdwActionRow, not at its top. */
static void
assert_text_in_the_middle (GtkWidget  *row,
                           const char *text)
{
  GtkLabel *label = okd_find_label (row, text);
  graphene_rect_t bounds;

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (label), row, &bounds));
  g_assert_cmpint (gtk_widget_get_height (row), >=, 50);
  g_assert_cmpfloat (ABS (bounds.origin.y + bounds.size.height / 2 - gtk_widget_get_height (row) / 2.0), <=, 2.0);
}

static void
test_cancel_while_contacting (void)
{
  OkIssueDialog *dialog = open_dialog ();
  guint before = cli_count ();
  guint in_app = g_list_model_get_n_items (G_LIST_MODEL (okd_store ()));
  gint64 cancelled_at;
  GtkWidget *row;

  set_text (dialog, "reference_row", "REF-UI-0004");
  set_text (dialog, "code_row", "7777-8888");
  click (dialog, "issue_button");

  /* The CA holds the request back for five seconds. */
  wait_for_step (dialog, OK_ENROLLMENT_STEP_CONTACTING);
  row = ok_issue_progress_get_step_row (OK_ISSUE_PROGRESS (child (dialog, "progress")), OK_ENROLLMENT_STEP_CONTACTING);
  g_assert_true (gtk_widget_get_mapped (row));
  assert_text_in_the_middle (row, ok_enrollment_step_get_description (OK_ENROLLMENT_STEP_CONTACTING));
  g_assert_true (ok_issue_progress_step_is_done (OK_ISSUE_PROGRESS (child (dialog, "progress")), OK_ENROLLMENT_STEP_MAKING_KEY));
  g_assert_false (ok_issue_progress_step_is_done (OK_ISSUE_PROGRESS (child (dialog, "progress")), OK_ENROLLMENT_STEP_CONTACTING));
  okd_save_screenshot (GTK_WIDGET (dialog), "issue-progress.png");

  cancelled_at = g_get_monotonic_time ();
  click (dialog, "cancel_button");
  g_assert_true (okd_wait_until (shows_form, dialog, ISSUE_SECONDS));
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 3 * G_TIME_SPAN_SECOND);

  /* Back to the form as it was, with nothing stored and no failure to report. */
  g_assert_false (gtk_widget_get_visible (child (dialog, "failure_box")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "reference_row"))), ==, "REF-UI-0004");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "code_row"))), ==, "7777-8888");
  g_assert_true (issue_sensitive (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (okd_store ())), ==, in_app);
  g_assert_cmpuint (cli_count (), ==, before);

  close_dialog (dialog);
}

static void
test_cancel_while_making_key (void)
{
  OkIssueDialog *dialog = open_dialog ();
  guint before = cli_count ();

  set_text (dialog, "reference_row", "REF-UI-0005");
  set_text (dialog, "code_row", "1212-3434");
  set_text (dialog, "name_row", "After a cancel");
  click (dialog, "issue_button");
  wait_for_step (dialog, OK_ENROLLMENT_STEP_MAKING_KEY);
  click (dialog, "cancel_button");
  if (current_step (dialog) == OK_ENROLLMENT_STEP_MAKING_KEY)
    {
      /* The key being made finishes first; meanwhile the dialog says it is cancelling. */
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (dialog, "progress_title"))), ==, "Cancelling…");
      g_assert_false (gtk_widget_is_sensitive (child (dialog, "cancel_button")));
    }
  g_assert_true (okd_wait_until (shows_form, dialog, ISSUE_SECONDS));
  g_assert_false (gtk_widget_get_visible (child (dialog, "failure_box")));
  g_assert_cmpuint (cli_count (), ==, before);
  g_assert_null (find_in_store ("After a cancel"));

  /* The CA never saw the code: it still works. */
  click (dialog, "issue_button");
  g_assert_true (wait_for_outcome (dialog));
  g_assert_nonnull (find_in_store ("After a cancel"));
  g_assert_cmpuint (cli_count (), ==, before + 1);
}

static void
test_not_configured (void)
{
  OkIssueDialog *dialog = open_dialog ();
  GtkWindow *preferences;

  /* Production has no issuance address in this session. */
  adw_combo_row_set_selected (child (dialog, "environment_row"), 0);
  set_text (dialog, "reference_row", "REF-UI-0001");
  set_text (dialog, "code_row", "1111-2222");
  click (dialog, "issue_button");
  g_assert_false (wait_for_outcome (dialog));

  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (dialog, "failure_message"))), "Preferences"));
  g_assert_true (gtk_widget_get_visible (child (dialog, "preferences_button")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "validate_email_button")));
  okd_save_screenshot (GTK_WIDGET (dialog), "issue-failure-not-configured.png");

  click (dialog, "preferences_button");
  preferences = okd_wait_for_toplevel (OK_TYPE_PREFERENCES_WINDOW);
  okd_destroy_and_wait (preferences);

  close_dialog (dialog);
}

static gboolean
stall (gpointer data)
{
  g_usleep (150 * 1000);
  return G_SOURCE_REMOVE;
}

static void
test_stall_meter (void)
{
  g_autoptr(OkStallMeter) off = NULL;
  g_autofree char *text = NULL;
  OkStallMeter *meter;

  g_unsetenv ("OK_BENCH_STALLS");
  off = ok_stall_meter_start_if_requested ();
  g_assert_null (off);

  /* Starting up the window is a stall of its own; measure once it is on screen. */
  okd_wait_for_frame (GTK_WIDGET (okd_main_window ()));
  okd_iterate (200);

  g_setenv ("OK_BENCH_STALLS", "1", TRUE);
  meter = ok_stall_meter_start_if_requested ();
  g_unsetenv ("OK_BENCH_STALLS");
  g_assert_nonnull (meter);

  okd_iterate (50);
  g_assert_cmpint (ok_stall_meter_get_max_stall_ms (meter), <, 100);
  g_idle_add (stall, NULL);
  okd_iterate (100);

  okd_capture_stderr_begin ();
  ok_stall_meter_finish (meter);
  text = okd_capture_stderr_end ();
  g_assert_cmpint (parse_max_stall (text), >=, 150);
  g_assert_cmpint (parse_max_stall (text), <, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *first = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  first = scenario ("3333-4444", FALSE);
  ca = ok_test_ca_start (first);
  store_dir = okt_make_tmpdir ();
  g_setenv ("OK_DATA_DIR", store_dir, TRUE);
  g_setenv ("OK_TEST_ENDPOINT", ca->url, TRUE);
  g_setenv ("OK_TEST_CA_FILE", ca->ca_file, TRUE);
  g_setenv ("OK_TEST_ROOTS", ca->ca_file, TRUE);
  g_unsetenv ("OK_PROD_ENDPOINT");
  g_unsetenv ("OK_PROD_CA_FILE");

  g_test_add_func ("/app-issue/stall-meter", test_stall_meter);
  g_test_add_func ("/app-issue/live-validation", test_live_validation);
  g_test_add_func ("/app-issue/success", test_issue_success);
  g_test_add_func ("/app-issue/wrong-code-then-retry", test_wrong_code_then_retry);
  g_test_add_func ("/app-issue/email-not-validated-then-retry", test_email_not_validated);
  g_test_add_func ("/app-issue/cancel-while-contacting", test_cancel_while_contacting);
  g_test_add_func ("/app-issue/cancel-while-making-key", test_cancel_while_making_key);
  g_test_add_func ("/app-issue/not-configured", test_not_configured);

  status = okd_run_tests ();

  ok_test_ca_stop (ca);
  okt_remove_tree (store_dir);
  g_free (store_dir);
  return status;
}
