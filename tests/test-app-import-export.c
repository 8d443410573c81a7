/* test-app-import-export.c — the import flow and the export dialog in the real application:
 * a PKCS#12 made by openssl imported through the password prompt (wrong, then right and
 * remembered in the session's keyring), a certificate without key (monitor-only), a duplicate, a
 * file that is no certificate; then exports checked by openssl: PKCS#12, legacy PKCS#12, the
 * encrypted key with its password remembered, and PEM for a monitor-only certificate
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "ok-dialog-test-util.h"
#include "ok-export-dialog.h"
#include "ok-import-flow.h"
#include "ok-password-dialog.h"
#include "ok-test-cli.h"

/* Throwaway fixture passwords; they reach openssl only through OK_TEST_PASS. */
#define P12_PASSWORD "throwaway-p12-Æø"
#define EXPORT_PASSWORD "throwaway-export"

static OktPki *pki;
static char *store_dir;
static char *files_dir;
static char *p12_path;
static char *monitored_path;
static char *junk_path;
static char *p12_id;
static char *monitored_id;

/* ---- fixtures made by openssl ---------------------------------------------------------------- */

static void
make_fixtures (void)
{
  const char *env[] = { OKT_PASS_VARIABLE, P12_PASSWORD, NULL };
  g_autofree char *monitored_key = NULL;

  files_dir = okt_make_tmpdir ();
  p12_path = g_build_filename (files_dir, "company.p12", NULL);
  monitored_path = g_build_filename (files_dir, "monitored.pem", NULL);
  monitored_key = g_build_filename (files_dir, "monitored.key", NULL);
  junk_path = g_build_filename (files_dir, "junk.p12", NULL);

  pki = okt_pki_new ();
  g_free (okt_run_ok (NULL, env, NULL, (const char *[]) {
    "openssl", "pkcs12", "-export", "-in", pki->leaf_pem, "-inkey", pki->leaf_key,
    "-certfile", pki->ca_pem, "-name", "Company signing", "-passout", "env:" OKT_PASS_VARIABLE,
    "-out", p12_path, NULL }));

  /* A certificate whose key stays elsewhere: the file holds the certificate only. */
  g_free (okt_run_ok (NULL, NULL, NULL, (const char *[]) {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", monitored_key,
    "-subj", "/O=Partner A\\/S/CN=Partner web service", "-days", "400", "-out", monitored_path, NULL }));
  g_assert_cmpint (g_unlink (monitored_key), ==, 0);

  okt_write_text (junk_path, "this is not a certificate, only a file with the wrong name\n");
}

/* ---- helpers --------------------------------------------------------------------------------- */

static guint
store_count (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (okd_store ()));
}

typedef struct
{
  guint count;
} CountWait;

static gboolean
store_has_count (gpointer data)
{
  return store_count () == ((CountWait *) data)->count;
}

static void
wait_for_store_count (guint count)
{
  CountWait wait = { count };

  g_assert_true (okd_wait_until (store_has_count, &wait, OKD_WAIT_SECONDS));
}

static OkCertificate *
lookup (const char *id)
{
  return ok_store_lookup (okd_store (), id, NULL);
}

static JsonObject *
last_event (const char  *id,
            JsonNode   **holder)
{
  g_autoptr(OktResult) log = ok_test_cli (store_dir, NULL, NULL, "log", id, "--json", NULL);
  JsonArray *events;

  *holder = ok_test_cli_json (log);
  events = json_node_get_array (*holder);
  g_assert_cmpuint (json_array_get_length (events), >, 0);
  return json_array_get_object_element (events, json_array_get_length (events) - 1);
}

static OkPasswordDialog *
wait_for_prompt (void)
{
  OkPasswordDialog *prompt = OK_PASSWORD_DIALOG (okd_wait_for_toplevel (OK_TYPE_PASSWORD_DIALOG));

  okd_wait_for_frame (GTK_WIDGET (prompt));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prompt)) == okd_main_window ());
  return prompt;
}

static void
answer_prompt (OkPasswordDialog *prompt,
               const char       *password,
               gboolean          remember)
{
  gtk_editable_set_text (GTK_EDITABLE (okd_template_child (prompt, OK_TYPE_PASSWORD_DIALOG, "password_row")), password);
  gtk_check_button_set_active (okd_template_child (prompt, OK_TYPE_PASSWORD_DIALOG, "remember_check"), remember);
  OkdWatch *watch = okd_watch (prompt);

  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (prompt), "import"));
  g_signal_emit_by_name (okd_find_button (GTK_WIDGET (prompt), "_Import"), "clicked");
  okd_wait_finalized (watch);
}

static void
import (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  ok_import_flow_run (okd_main_window (), okd_store (), file);
}

typedef struct
{
  GVariant *parameter;
} ActionSeen;

static void
on_action (GSimpleAction *action,
           GVariant      *parameter,
           ActionSeen    *seen)
{
  g_clear_pointer (&seen->parameter, g_variant_unref);
  seen->parameter = parameter != NULL ? g_variant_ref (parameter) : NULL;
}

static gboolean
action_seen (gpointer data)
{
  return ((ActionSeen *) data)->parameter != NULL;
}

/* ---- import ---------------------------------------------------------------------------------- */

static void
test_import_with_password (void)
{
  GAction *show = g_action_map_lookup_action (G_ACTION_MAP (okd_main_window ()), "show-certificate");
  guint before = store_count ();
  ActionSeen seen = { NULL };
  g_autoptr(JsonNode) log = NULL;
  g_autofree char *remembered = NULL;
  OkPasswordDialog *prompt;
  OkCertificate *imported;
  GtkWidget *error_label;
  gulong handler;

  g_assert_nonnull (show);
  handler = g_signal_connect (show, "activate", G_CALLBACK (on_action), &seen);

  import (p12_path);
  prompt = wait_for_prompt ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (prompt)), "company.p12"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (prompt), "import"));
  g_assert_false (gtk_widget_get_visible (okd_template_child (prompt, OK_TYPE_PASSWORD_DIALOG, "error_label")));
  okd_save_screenshot (GTK_WIDGET (prompt), "import-password.png");
  answer_prompt (prompt, "not the password", TRUE);

  /* Asked again, saying why, with the choice to remember kept. */
  prompt = wait_for_prompt ();
  error_label = okd_template_child (prompt, OK_TYPE_PASSWORD_DIALOG, "error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, "That password is not right. Try again.");
  g_assert_true (ok_password_dialog_get_remember (prompt));
  okd_save_screenshot (GTK_WIDGET (prompt), "import-password-wrong.png");
  g_assert_cmpuint (store_count (), ==, before);
  answer_prompt (prompt, P12_PASSWORD, TRUE);

  wait_for_store_count (before + 1);
  g_assert_true (okd_wait_until (action_seen, &seen, OKD_WAIT_SECONDS));
  g_signal_handler_disconnect (show, handler);
  p12_id = g_variant_dup_string (seen.parameter, NULL);
  g_variant_unref (seen.parameter);

  imported = lookup (p12_id);
  g_assert_nonnull (imported);
  g_assert_true (ok_certificate_get_has_private_key (imported));
  g_assert_cmpstr (ok_certificate_get_subject_cn (imported), ==, "Test Leaf");
  g_assert_cmpuint (ok_certificate_get_chain (imported)->len, ==, 1);

  /* The toast, the main window showing it, the log entry, and the remembered password. */
  okd_wait_for_label (GTK_WIDGET (okd_main_window ()), "Imported “");
  okd_wait_for_label (GTK_WIDGET (okd_main_window ()), ok_certificate_get_name (imported));
  okd_save_screenshot (GTK_WIDGET (okd_main_window ()), "import-done.png");
  g_assert_cmpstr (json_object_get_string_member (last_event (p12_id, &log), "type"), ==, "IMPORTED");
  g_assert_cmpstr (json_object_get_string_member (last_event (p12_id, &log), "message"), ==,
                   "Imported from company.p12 with its private key.");
  remembered = okd_keyring_lookup (p12_id, "p12-password");
  g_assert_cmpstr (remembered, ==, P12_PASSWORD);
}

static void
test_import_monitor_only (void)
{
  guint before = store_count ();
  g_autoptr(JsonNode) log = NULL;
  g_autofree char *remembered = NULL;
  GListModel *model;

  import (monitored_path);
  wait_for_store_count (before + 1);
  g_assert_null (okd_find_toplevel (OK_TYPE_PASSWORD_DIALOG));

  model = G_LIST_MODEL (okd_store ());
  for (guint i = 0; i < g_list_model_get_n_items (model) && monitored_id == NULL; i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (model, i);

      if (g_strcmp0 (ok_certificate_get_subject_cn (certificate), "Partner web service") == 0)
        monitored_id = g_strdup (ok_certificate_get_id (certificate));
    }
  g_assert_nonnull (monitored_id);
  g_assert_false (ok_certificate_get_has_private_key (lookup (monitored_id)));

  okd_wait_for_label (GTK_WIDGET (okd_main_window ()), "Imported — monitored only, because the file holds no private key");
  g_assert_cmpstr (json_object_get_string_member (last_event (monitored_id, &log), "message"), ==,
                   "Imported from monitored.pem without a private key; monitored only.");
  remembered = okd_keyring_lookup (monitored_id, "p12-password");
  g_assert_null (remembered);
}

static void
test_import_duplicate (void)
{
  GAction *show = g_action_map_lookup_action (G_ACTION_MAP (okd_main_window ()), "show-certificate");
  g_autofree char *expected = g_strdup_printf ("This certificate is already in OCES Keeper as “%s”.",
                                               ok_certificate_get_name (lookup (monitored_id)));
  guint before = store_count ();
  ActionSeen seen = { NULL };
  GtkWidget *button;
  gulong handler;

  g_assert_nonnull (monitored_id);
  import (monitored_path);
  okd_wait_for_label (GTK_WIDGET (okd_main_window ()), expected);
  g_assert_cmpuint (store_count (), ==, before);
  okd_save_screenshot (GTK_WIDGET (okd_main_window ()), "import-duplicate.png");

  /* The toast's button shows the entry that is already there. */
  button = okd_find_button (GTK_WIDGET (okd_main_window ()), "_Show");
  g_assert_nonnull (button);
  handler = g_signal_connect (show, "activate", G_CALLBACK (on_action), &seen);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (okd_wait_until (action_seen, &seen, OKD_WAIT_SECONDS));
  g_signal_handler_disconnect (show, handler);
  g_assert_cmpstr (g_variant_get_string (seen.parameter, NULL), ==, monitored_id);
  g_variant_unref (seen.parameter);
}

static void
test_import_error (void)
{
  guint before = store_count ();
  AdwMessageDialog *dialog;
  OkdWatch *watch;

  import (junk_path);
  dialog = ADW_MESSAGE_DIALOG (okd_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_false (OK_IS_PASSWORD_DIALOG (dialog));
  okd_wait_for_frame (GTK_WIDGET (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Import “junk.p12”");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), !=, "");
  okd_save_screenshot (GTK_WIDGET (dialog), "import-error.png");
  watch = okd_watch (dialog);
  g_signal_emit_by_name (okd_find_button (GTK_WIDGET (dialog), "_Close"), "clicked");
  okd_wait_finalized (watch);
  g_assert_cmpuint (store_count (), ==, before);
}

/* ---- keys added later, renewals made elsewhere ------------------------------------------------- */

#define SYSTEM_UUID "11111111-2222-3333-4444-555555555555"

static char *
cli_import_named (const char *file,
                  const char *name,
                  const char *option)
{
  g_autofree char *path = g_build_filename (files_dir, file, NULL);
  g_autofree char *name_option = g_strconcat ("--name=", name, NULL);
  g_autoptr(OktResult) result = ok_test_cli (store_dir, NULL, NULL, "import", path, name_option, option, NULL);
  g_autoptr(OkCertificate) certificate = NULL;
  GListModel *model = G_LIST_MODEL (okd_store ());

  g_assert_cmpint (result->exit_status, ==, 0);
  /* The window learns of the CLI's import by itself. */
  for (gint64 deadline = g_get_monotonic_time () + OKD_WAIT_SECONDS * G_USEC_PER_SEC;
       certificate == NULL && g_get_monotonic_time () < deadline;)
    {
      okd_iterate (50);
      for (guint i = 0; i < g_list_model_get_n_items (model) && certificate == NULL; i++)
        {
          g_autoptr(OkCertificate) candidate = g_list_model_get_item (model, i);

          if (g_strcmp0 (ok_certificate_get_name (candidate), name) == 0)
            certificate = g_steal_pointer (&candidate);
        }
    }
  g_assert_nonnull (certificate);
  return g_strdup (ok_certificate_get_id (certificate));
}

static gboolean
has_private_key (gpointer id)
{
  OkCertificate *certificate = lookup (id);

  return certificate != NULL && ok_certificate_get_has_private_key (certificate);
}

static void
test_import_key_added (void)
{
  g_autofree char *pem = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) log = NULL;
  guint before;

  okt_make_oces3_certificate (files_dir, "keyless", "22222222-2222-3333-4444-555555555555", "200");
  id = cli_import_named ("keyless.crt", "Keyless integration", NULL);
  before = store_count ();
  g_assert_false (ok_certificate_get_has_private_key (lookup (id)));

  pem = g_build_filename (files_dir, "keyless.pem", NULL);
  import (pem);
  okd_wait_for_label (GTK_WIDGET (okd_main_window ()), "Private key added to “Keyless integration”");
  g_assert_true (okd_wait_until (has_private_key, id, OKD_WAIT_SECONDS));
  g_assert_cmpuint (store_count (), ==, before);
  g_assert_cmpstr (json_object_get_string_member (last_event (id, &log), "type"), ==, "KEY_ADDED");
  okd_save_screenshot (GTK_WIDGET (okd_main_window ()), "import-key-added.png");
}

/* A passphrase-protected key file alone gives its certificate's entry the key, after the same
 * prompt as a PKCS#12 file; a key of no entry is refused in the error dialog. */
static void
test_import_key_file (void)
{
  const char *env[] = { OKT_PASS_VARIABLE, P12_PASSWORD, NULL };
  g_autofree char *key_path = g_build_filename (files_dir, "keyfile-encrypted.key", NULL);
  g_autofree char *stranger_path = g_build_filename (files_dir, "stranger-keyfile.key", NULL);
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) log = NULL;
  AdwMessageDialog *dialog;
  OkdWatch *watch;
  guint before;

  okt_make_oces3_certificate (files_dir, "keyfile", "33333333-2222-3333-4444-555555555555", "200");
  okt_make_oces3_certificate (files_dir, "stranger-keyfile", "44444444-2222-3333-4444-555555555555", "200");
  out = okt_run_ok (files_dir, env, NULL, (const char *[]) {
    "openssl", "pkcs8", "-topk8", "-in", "keyfile.key", "-v2", "aes-256-cbc",
    "-passout", "env:" OKT_PASS_VARIABLE, "-out", "keyfile-encrypted.key", NULL });
  id = cli_import_named ("keyfile.crt", "Key file integration", NULL);
  before = store_count ();

  import (stranger_path);
  dialog = ADW_MESSAGE_DIALOG (okd_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  okd_wait_for_frame (GTK_WIDGET (dialog));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "This key belongs to no certificate in OCES Keeper. Import the certificate first, or a PKCS#12 file with both.");
  watch = okd_watch (dialog);
  g_signal_emit_by_name (okd_find_button (GTK_WIDGET (dialog), "_Close"), "clicked");
  okd_wait_finalized (watch);
  g_assert_false (ok_certificate_get_has_private_key (lookup (id)));

  import (key_path);
  answer_prompt (wait_for_prompt (), P12_PASSWORD, FALSE);
  okd_wait_for_label (GTK_WIDGET (okd_main_window ()), "Private key added to “Key file integration”");
  g_assert_true (okd_wait_until (has_private_key, id, OKD_WAIT_SECONDS));
  g_assert_cmpuint (store_count (), ==, before);
  g_assert_cmpstr (json_object_get_string_member (last_event (id, &log), "type"), ==, "KEY_ADDED");

  /* Once the entry has its key, the key file is a duplicate of it. */
  import (key_path);
  answer_prompt (wait_for_prompt (), P12_PASSWORD, FALSE);
  okd_wait_for_label (GTK_WIDGET (okd_main_window ()), "This certificate is already in OCES Keeper as “Key file integration”.");
  g_assert_cmpuint (store_count (), ==, before);
}

typedef struct
{
  const char *id;
  const char *serial;
} SerialWait;

static gboolean
has_serial (gpointer data)
{
  SerialWait *wait = data;
  OkCertificate *certificate = lookup (wait->id);

  return certificate != NULL && g_ascii_strcasecmp (ok_certificate_get_serial (certificate), wait->serial) == 0;
}

static char *
openssl_serial (const char *file)
{
  g_autofree char *path = g_build_filename (files_dir, file, NULL);

  return okt_openssl_serial (path);
}

/* A renewal of two entries: the window asks which one it replaces. */
static void
test_import_renewed_elsewhere (void)
{
  g_autofree char *old_id = NULL;
  g_autofree char *newer_id = NULL;
  g_autofree char *renewed = NULL;
  g_autofree char *new_serial = NULL;
  g_autofree char *kept_serial = NULL;
  g_autoptr(JsonNode) log = NULL;
  AdwMessageDialog *dialog;
  SerialWait wait;
  OkdWatch *watch;
  guint before;

  okt_make_oces3_certificate (files_dir, "skat-a", SYSTEM_UUID, "30");
  okt_make_oces3_certificate (files_dir, "skat-a2", SYSTEM_UUID, "60");
  okt_make_oces3_certificate (files_dir, "skat-b", SYSTEM_UUID, "1095");
  newer_id = cli_import_named ("skat-a2.pem", "Skat (second)", NULL);
  old_id = cli_import_named ("skat-a.pem", "Skat (first)", "--new-entry");
  before = store_count ();

  renewed = g_build_filename (files_dir, "skat-b.pem", NULL);
  import (renewed);
  dialog = ADW_MESSAGE_DIALOG (okd_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  okd_wait_for_frame (GTK_WIDGET (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Which Certificate Does This Renew?");
  okd_save_screenshot (GTK_WIDGET (dialog), "import-renewed-elsewhere-ask.png");
  watch = okd_watch (dialog);
  g_signal_emit_by_name (okd_find_button (GTK_WIDGET (dialog), "Skat (first)"), "clicked");
  okd_wait_finalized (watch);

  new_serial = openssl_serial ("skat-b.crt");
  wait = (SerialWait) { old_id, new_serial };
  g_assert_true (okd_wait_until (has_serial, &wait, OKD_WAIT_SECONDS));
  okd_wait_for_label (GTK_WIDGET (okd_main_window ()),
                      "“Skat (first)” was renewed outside OCES Keeper; the new certificate is current");
  g_assert_cmpuint (store_count (), ==, before);
  g_assert_cmpstr (json_object_get_string_member (last_event (old_id, &log), "type"), ==, "RENEWED_ELSEWHERE");
  kept_serial = openssl_serial ("skat-a2.crt");
  g_assert_cmpint (g_ascii_strcasecmp (ok_certificate_get_serial (lookup (newer_id)), kept_serial), ==, 0);
  okd_save_screenshot (GTK_WIDGET (okd_main_window ()), "import-renewed-elsewhere.png");
}

/* ---- export ---------------------------------------------------------------------------------- */

static OkExportDialog *
open_export (const char *id)
{
  OkExportDialog *dialog;

  g_assert_null (okd_find_toplevel (OK_TYPE_EXPORT_DIALOG));
  ok_export_dialog_present (okd_main_window (), okd_store (), lookup (id));
  dialog = OK_EXPORT_DIALOG (okd_wait_for_toplevel (OK_TYPE_EXPORT_DIALOG));
  okd_wait_for_frame (GTK_WIDGET (dialog));
  return dialog;
}

static gpointer
export_child (OkExportDialog *dialog,
              const char     *name)
{
  return okd_template_child (dialog, OK_TYPE_EXPORT_DIALOG, name);
}

static GListModel *
format_titles (OkExportDialog *dialog)
{
  return adw_combo_row_get_model (export_child (dialog, "format_row"));
}

static void
select_format (OkExportDialog *dialog,
               const char     *title)
{
  GListModel *titles = format_titles (dialog);

  for (guint i = 0; i < g_list_model_get_n_items (titles); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (titles), i), title))
      {
        adw_combo_row_set_selected (export_child (dialog, "format_row"), i);
        return;
      }

  g_error ("no export format “%s”", title);
}

static gboolean
export_sensitive (OkExportDialog *dialog)
{
  return gtk_widget_is_sensitive (export_child (dialog, "export_button"));
}

static void
set_passwords (OkExportDialog *dialog,
               const char     *password,
               const char     *confirmation)
{
  gtk_editable_set_text (GTK_EDITABLE (export_child (dialog, "password_row")), password);
  gtk_editable_set_text (GTK_EDITABLE (export_child (dialog, "confirm_row")), confirmation);
}

static char *
export_path (const char *name)
{
  return g_build_filename (files_dir, name, NULL);
}

/* Exports and waits until the dialog has closed and the toast names the file. */
static void
run_export (OkExportDialog *dialog,
            const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *toast = g_strdup_printf ("Exported to “%s”", basename);

  OkdWatch *watch = okd_watch (dialog);

  ok_export_dialog_set_destination (dialog, file);
  g_assert_true (export_sensitive (dialog));
  g_signal_emit_by_name (export_child (dialog, "export_button"), "clicked");
  okd_wait_finalized (watch);
  okd_wait_for_label (GTK_WIDGET (okd_main_window ()), toast);
}

static void
assert_private_file (const char *path)
{
  GStatBuf info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
}

/* The public key inside an exported key or PKCS#12, as openssl reads it, must be the leaf's. */
static void
assert_key_is_leafs (const char *key_pem_path)
{
  g_autoptr(GBytes) exported = okt_openssl_public_key (key_pem_path, FALSE);
  g_autoptr(GBytes) leaf = okt_openssl_public_key (pki->leaf_pem, TRUE);

  g_assert_true (g_bytes_equal (exported, leaf));
}

static void
test_export_pkcs12 (void)
{
  OkExportDialog *dialog = open_export (p12_id);
  const char *env[] = { OKT_PASS_VARIABLE, EXPORT_PASSWORD, NULL };
  g_autofree char *suggested = ok_export_dialog_dup_suggested_name (dialog);
  g_autofree char *expected_name = g_strconcat (ok_certificate_get_name (lookup (p12_id)), ".p12", NULL);
  g_autofree char *path = export_path ("export.p12");
  g_autofree char *key_path = export_path ("from-p12.key");
  g_autofree char *certificates = NULL;
  g_autofree char *key = NULL;
  g_autoptr(JsonNode) log = NULL;
  GtkFileChooser *chooser;
  GtkLabel *caption;
  JsonObject *event;

  /* Everything a certificate with key and chain can give. */
  g_assert_cmpuint (g_list_model_get_n_items (format_titles (dialog)), ==, 5);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (format_titles (dialog)), 0), ==, "PKCS#12");
  g_assert_true (gtk_widget_get_visible (export_child (dialog, "password_box")));
  g_assert_false (export_sensitive (dialog));

  /* The file chooser suggests the certificate's name with the format's extension. */
  g_assert_cmpstr (suggested, ==, expected_name);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.choose", NULL));
  chooser = GTK_FILE_CHOOSER (okd_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  g_assert_cmpstr (gtk_file_chooser_get_current_name (chooser), ==, expected_name);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  g_assert_null (ok_export_dialog_get_destination (dialog));

  /* Passwords that differ keep Export off and say so. */
  set_passwords (dialog, EXPORT_PASSWORD, "something else");
  caption = export_child (dialog, "password_caption");
  g_assert_cmpstr (gtk_label_get_text (caption), ==, "The passwords do not match.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (caption), "error"));
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    ok_export_dialog_set_destination (dialog, file);
  }
  g_assert_false (export_sensitive (dialog));
  set_passwords (dialog, EXPORT_PASSWORD, EXPORT_PASSWORD);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (caption), "error"));
  okd_save_screenshot (GTK_WIDGET (dialog), "export-dialog.png");
  run_export (dialog, path);

  /* openssl opens it with the password: the leaf, its issuing CA, and the leaf's key. */
  assert_private_file (path);
  certificates = okt_run_ok (NULL, env, NULL, (const char *[]) {
    "openssl", "pkcs12", "-in", path, "-nokeys", "-passin", "env:" OKT_PASS_VARIABLE, NULL });
  g_assert_nonnull (strstr (certificates, "CN = Test Leaf"));
  g_assert_nonnull (strstr (certificates, "CN = Test Issuing CA"));
  key = okt_run_ok (NULL, env, NULL, (const char *[]) {
    "openssl", "pkcs12", "-in", path, "-nocerts", "-nodes", "-passin", "env:" OKT_PASS_VARIABLE, NULL });
  okt_write_text (key_path, key);
  assert_key_is_leafs (key_path);
  g_assert_cmpint (g_unlink (key_path), ==, 0);

  event = last_event (p12_id, &log);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "EXPORTED");
  g_assert_nonnull (strstr (json_object_get_string_member (event, "message"), path));
  g_assert_null (okd_keyring_lookup (p12_id, "export-password"));
}

static void
test_export_pkcs12_legacy (void)
{
  OkExportDialog *dialog = open_export (p12_id);
  const char *env[] = { OKT_PASS_VARIABLE, EXPORT_PASSWORD, NULL };
  g_autofree char *path = export_path ("legacy.p12");
  g_autoptr(OktResult) info = NULL;

  select_format (dialog, "PKCS#12 legacy");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (export_child (dialog, "format_row")), "3DES"));
  set_passwords (dialog, EXPORT_PASSWORD, EXPORT_PASSWORD);
  run_export (dialog, path);

  /* What old Windows and Java need: 3DES bags and a SHA-1 MAC. */
  info = okt_run (NULL, env, NULL, (const char *[]) {
    "openssl", "pkcs12", "-in", path, "-info", "-noout", "-passin", "env:" OKT_PASS_VARIABLE, NULL });
  g_assert_cmpint (info->exit_status, ==, 0);
  g_test_message ("%s", info->err);
  g_assert_nonnull (strstr (info->err, "MAC: sha1"));
  g_assert_nonnull (strstr (info->err, "pbeWithSHA1And3-KeyTripleDES-CBC"));
  g_assert_null (strstr (info->err, "AES"));
}

typedef struct
{
  OkExportDialog *dialog;
  const char     *text;
} TextWait;

static gboolean
password_filled (gpointer data)
{
  TextWait *wait = data;

  return g_str_equal (gtk_editable_get_text (GTK_EDITABLE (export_child (wait->dialog, "password_row"))), wait->text);
}

static void
test_export_key_remembered (void)
{
  OkExportDialog *dialog = open_export (p12_id);
  const char *env[] = { OKT_PASS_VARIABLE, EXPORT_PASSWORD, NULL };
  g_autofree char *suggested_p12 = ok_export_dialog_dup_suggested_name (dialog);
  g_autofree char *suggested_key = NULL;
  g_autofree char *chosen_name = NULL;
  g_autofree char *chosen = export_path (suggested_p12);
  g_autofree char *text = NULL;
  g_autofree char *remembered = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (chosen);
  OkdWatch *watch;
  TextWait wait;

  /* A suggested file name follows the format. */
  ok_export_dialog_set_destination (dialog, file);
  select_format (dialog, "Encrypted PEM key");
  suggested_key = ok_export_dialog_dup_suggested_name (dialog);
  g_assert_true (g_str_has_suffix (suggested_key, ".key.pem"));
  chosen_name = g_file_get_basename (ok_export_dialog_get_destination (dialog));
  g_assert_cmpstr (chosen_name, ==, suggested_key);

  set_passwords (dialog, EXPORT_PASSWORD, EXPORT_PASSWORD);
  gtk_switch_set_active (export_child (dialog, "remember_switch"), TRUE);
  g_clear_pointer (&chosen, g_free);
  chosen = export_path (suggested_key);
  run_export (dialog, chosen);

  assert_private_file (chosen);
  g_assert_true (g_file_get_contents (chosen, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  g_assert_false (okt_run_succeeds (NULL, (const char *[]) { OKT_PASS_VARIABLE, "wrong", NULL }, NULL, (const char *[]) {
    "openssl", "pkey", "-in", chosen, "-passin", "env:" OKT_PASS_VARIABLE, "-noout", NULL }));
  g_assert_true (okt_run_succeeds (NULL, env, NULL, (const char *[]) {
    "openssl", "pkey", "-in", chosen, "-passin", "env:" OKT_PASS_VARIABLE, "-noout", NULL }));
  {
    g_autofree char *clear_path = export_path ("clear.key");
    g_autofree char *clear = okt_run_ok (NULL, env, NULL, (const char *[]) {
      "openssl", "pkey", "-in", chosen, "-passin", "env:" OKT_PASS_VARIABLE, NULL });

    okt_write_text (clear_path, clear);
    assert_key_is_leafs (clear_path);
    g_assert_cmpint (g_unlink (clear_path), ==, 0);
  }

  remembered = okd_keyring_lookup (p12_id, "export-password");
  g_assert_cmpstr (remembered, ==, EXPORT_PASSWORD);

  /* Next time the remembered password is filled in. */
  dialog = open_export (p12_id);
  wait.dialog = dialog;
  wait.text = EXPORT_PASSWORD;
  g_assert_true (okd_wait_until (password_filled, &wait, OKD_WAIT_SECONDS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (export_child (dialog, "confirm_row"))), ==, EXPORT_PASSWORD);
  g_assert_true (gtk_switch_get_active (export_child (dialog, "remember_switch")));
  g_signal_emit_by_name (export_child (dialog, "export_button"), "clicked");   /* no file yet: nothing */
  watch = okd_watch (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL);
  okd_wait_finalized (watch);
}

static void
test_export_monitor_only (void)
{
  OkExportDialog *dialog = open_export (monitored_id);
  g_autofree char *path = export_path ("partner.pem");
  g_autofree char *original = NULL;
  g_autofree char *exported = NULL;

  /* Without key or chain there is only the certificate to give, and no password to ask. */
  g_assert_cmpuint (g_list_model_get_n_items (format_titles (dialog)), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (format_titles (dialog)), 0), ==, "PEM certificate");
  g_assert_false (gtk_widget_get_visible (export_child (dialog, "password_box")));
  g_assert_false (export_sensitive (dialog));
  okd_save_screenshot (GTK_WIDGET (dialog), "export-dialog-monitor-only.png");
  run_export (dialog, path);

  original = okt_run_ok (NULL, NULL, NULL, (const char *[]) {
    "openssl", "x509", "-in", monitored_path, "-noout", "-fingerprint", "-sha256", NULL });
  exported = okt_run_ok (NULL, NULL, NULL, (const char *[]) {
    "openssl", "x509", "-in", path, "-noout", "-fingerprint", "-sha256", NULL });
  g_assert_cmpstr (exported, ==, original);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  make_fixtures ();
  store_dir = okt_make_tmpdir ();
  g_setenv ("OK_DATA_DIR", store_dir, TRUE);

  g_test_add_func ("/app-import/password-wrong-then-right", test_import_with_password);
  g_test_add_func ("/app-import/monitor-only", test_import_monitor_only);
  g_test_add_func ("/app-import/duplicate", test_import_duplicate);
  g_test_add_func ("/app-import/not-a-certificate", test_import_error);
  g_test_add_func ("/app-import/key-added", test_import_key_added);
  g_test_add_func ("/app-import/key-file", test_import_key_file);
  g_test_add_func ("/app-import/renewed-elsewhere", test_import_renewed_elsewhere);
  g_test_add_func ("/app-export/pkcs12", test_export_pkcs12);
  g_test_add_func ("/app-export/pkcs12-legacy", test_export_pkcs12_legacy);
  g_test_add_func ("/app-export/key-remembered", test_export_key_remembered);
  g_test_add_func ("/app-export/monitor-only", test_export_monitor_only);

  status = okd_run_tests ();

  okt_pki_free (pki);
  okt_remove_tree (files_dir);
  okt_remove_tree (store_dir);
  g_free (files_dir);
  g_free (store_dir);
  g_free (p12_path);
  g_free (monitored_path);
  g_free (junk_path);
  g_free (p12_id);
  g_free (monitored_id);
  return status;
}
