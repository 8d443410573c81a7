/* ok-import-flow.c — importing a file from the GUI: read it (asking for the password while it is
 * needed or wrong), add it to the store, remember the password if asked, and say what happened
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ok-import.h"
#include "ok-import-match.h"
#include "ok-import-flow.h"
#include "ok-password-dialog.h"
#include "ok-revocation-watch.h"
#include "ok-secrets.h"
#include "ok-toast.h"

#define OK_TYPE_IMPORT_FLOW (ok_import_flow_get_type ())

G_DECLARE_FINAL_TYPE (OkImportFlow, ok_import_flow, OK, IMPORT_FLOW, GObject)

struct _OkImportFlow
{
  GObject     parent_instance;

  GtkWindow  *parent;      /* weak */
  OkStore    *store;
  GFile      *file;
  char       *file_name;
  char       *password;
  gboolean    remember;
  OkImported *imported;
  OkImportMatch outcome;
};

G_DEFINE_FINAL_TYPE (OkImportFlow, ok_import_flow, G_TYPE_OBJECT)

static void start_reading (OkImportFlow *self);

static void
forget_password (OkImportFlow *self)
{
  if (self->password != NULL)
    {
      explicit_bzero (self->password, strlen (self->password));
      g_clear_pointer (&self->password, g_free);
    }
}

static void
ok_import_flow_dispose (GObject *object)
{
  OkImportFlow *self = OK_IMPORT_FLOW (object);

  g_clear_weak_pointer (&self->parent);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_object (&self->imported);
  forget_password (self);

  G_OBJECT_CLASS (ok_import_flow_parent_class)->dispose (object);
}

static void
ok_import_flow_finalize (GObject *object)
{
  g_free (OK_IMPORT_FLOW (object)->file_name);

  G_OBJECT_CLASS (ok_import_flow_parent_class)->finalize (object);
}

static void
ok_import_flow_class_init (OkImportFlowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ok_import_flow_dispose;
  G_OBJECT_CLASS (klass)->finalize = ok_import_flow_finalize;
}

static void
ok_import_flow_init (OkImportFlow *self)
{
}

static void
show_error (OkImportFlow *self,
            const GError *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (self->parent, NULL, error->message);
  /* Translators: %s is a file name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Could Not Import “%s”"), self->file_name);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_certificate (OkImportFlow  *self,
                  OkCertificate *certificate)
{
  if (self->parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->parent), "win.show-certificate", "s",
                                ok_certificate_get_id (certificate));
}

static char *
success_title (OkCertificate *certificate,
               OkImportMatch  outcome)
{
  const char *name = ok_certificate_get_name (certificate);

  switch (outcome)
    {
    case OK_IMPORT_MATCH_KEY_ADDED:
      /* Translators: %s is the certificate's name */
      return g_strdup_printf (_("Private key added to “%s”"), name);
    case OK_IMPORT_MATCH_RENEWED_ELSEWHERE:
      return g_strdup_printf (ok_certificate_get_has_private_key (certificate)
                                /* Translators: %s is the certificate's name */
                                ? _("“%s” was renewed outside OCES Keeper; the new certificate is current")
                                /* Translators: %s is the certificate's name */
                                : _("“%s” was renewed outside OCES Keeper; monitored only until its key is imported"),
                              name);
    case OK_IMPORT_MATCH_NEW:
    case OK_IMPORT_MATCH_DUPLICATE:
    case OK_IMPORT_MATCH_AMBIGUOUS:
    case OK_IMPORT_MATCH_OLDER:
    case OK_IMPORT_MATCH_KEY_UNMATCHED:
    case OK_IMPORT_MATCH_KEY_AMBIGUOUS:
    default:
      if (ok_certificate_get_has_private_key (certificate))
        /* Translators: %s is the certificate's name */
        return g_strdup_printf (_("Imported “%s”"), name);
      return g_strdup (_("Imported — monitored only, because the file holds no private key"));
    }
}

static void
announce_success (OkImportFlow  *self,
                  OkCertificate *certificate,
                  const char    *remember_failure)
{
  g_autofree char *title = NULL;

  if (remember_failure != NULL)
    /* Translators: %s says why the keyring refused the password */
    title = g_strdup_printf (_("Imported, but the password could not be remembered: %s"), remember_failure);
  else
    title = success_title (certificate, self->outcome);

  ok_toast_show (self->parent, ok_toast_new_literal (title));
  show_certificate (self, certificate);
}

static void
password_remembered (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OkImportFlow) self = user_data;
  g_autoptr(OkCertificate) certificate = g_object_steal_data (G_OBJECT (self), "ok-import-added");
  g_autoptr(GError) error = NULL;

  ok_secrets_store_finish (result, &error);
  announce_success (self, certificate, error != NULL ? error->message : NULL);
}

static void
announce_duplicate (OkImportFlow *self,
                    const GError *error)
{
  g_autoptr(GPtrArray) entries = NULL;
  OkImportMatch outcome = ok_import_match_find (self->store, self->imported, &entries);
  /* For a key file alone, the entry that has the key already; otherwise the duplicate. */
  OkCertificate *existing = outcome == OK_IMPORT_MATCH_DUPLICATE && entries->len > 0
                            ? g_ptr_array_index (entries, 0) : NULL;
  AdwToast *toast = ok_toast_new_literal (error->message);

  if (existing != NULL)
    {
      adw_toast_set_button_label (toast, _("_Show"));
      adw_toast_set_action_name (toast, "win.show-certificate");
      adw_toast_set_action_target (toast, "s", ok_certificate_get_id (existing));
    }
  adw_toast_set_timeout (toast, 10);

  ok_toast_show (self->parent, toast);
}

static void
revocation_checked (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  /* A revocation lands in the store and the event log, which the list and the page show. */
  g_autoptr(OkRevocationResult) found = ok_revocation_watch_finish (result, NULL);
}

static void
added (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(OkImportFlow) self = user_data;
  g_autoptr(OkCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  certificate = ok_import_match_save_finish (self->store, result, &self->outcome, &error);
  if (g_error_matches (error, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE))
    {
      announce_duplicate (self, error);
      return;
    }
  if (certificate == NULL)
    {
      show_error (self, error);
      return;
    }

  ok_revocation_watch_async (self->store, certificate, OK_REVOCATION_WATCH_NOW, g_get_real_time () / G_USEC_PER_SEC,
                             NULL, revocation_checked, NULL);

  if (!self->remember || self->password == NULL)
    {
      announce_success (self, certificate, NULL);
      return;
    }

  /* Translators: %s is the certificate's name */
  label = g_strdup_printf (_("OCES Keeper PKCS#12 password for “%s”"), ok_certificate_get_name (certificate));
  g_object_set_data_full (G_OBJECT (self), "ok-import-added", g_object_ref (certificate), g_object_unref);
  ok_secrets_store_async (OK_SECRET_KIND_P12_PASSWORD, ok_certificate_get_id (certificate),
                          ok_environment_to_string (ok_certificate_get_environment (certificate)),
                          label, self->password, NULL, password_remembered, g_object_ref (self));
}

static void
unref_flow (gpointer  data,
            GClosure *closure)
{
  g_object_unref (data);
}

static void
save (OkImportFlow  *self,
      OkCertificate *renews,
      gboolean       as_new_entry)
{
  ok_import_match_save_async (self->store, self->imported, self->file_name, NULL, OK_ENVIRONMENT_UNKNOWN,
                              renews, as_new_entry, NULL, added, g_object_ref (self));
}

static void
on_choice (AdwMessageDialog *dialog,
           const char       *response,
           gpointer          user_data)
{
  OkImportFlow *self = user_data;

  if (g_str_equal (response, "new"))
    save (self, NULL, TRUE);
  else if (g_str_has_prefix (response, "entry-"))
    save (self, ok_store_lookup (self->store, response + strlen ("entry-"), NULL), FALSE);
}

/* A renewal of several entries, or an older certificate of one: the user decides. */
static void
ask_where (OkImportFlow  *self,
           OkImportMatch  outcome,
           GPtrArray     *entries)
{
  AdwMessageDialog *dialog;

  if (outcome == OK_IMPORT_MATCH_AMBIGUOUS)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (self->parent, _("Which Certificate Does This Renew?"),
                                                           _("The imported certificate is a newer certificate of the same system as several monitored certificates. Choose the one it replaces; that one stops sending expiry reminders.")));
      for (guint i = 0; i < entries->len && i < 4; i++)
        {
          OkCertificate *entry = g_ptr_array_index (entries, i);
          g_autofree char *response = g_strconcat ("entry-", ok_certificate_get_id (entry), NULL);

          adw_message_dialog_add_response (dialog, response, ok_certificate_get_name (entry));
        }
      adw_message_dialog_add_response (dialog, "new", _("Add as _New Certificate"));
    }
  else
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (self->parent, _("A Newer Certificate Is Already Monitored"), NULL));
      adw_message_dialog_format_body (dialog,
                                      /* Translators: %s is the certificate's name */
                                      _("OCES Keeper already monitors a newer certificate of the same system, “%s”. Monitor this older one separately only if it is still in use somewhere."),
                                      ok_certificate_get_name (g_ptr_array_index (entries, 0)));
      adw_message_dialog_add_response (dialog, "new", _("_Monitor Separately"));
    }
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_choice), g_object_ref (self),
                         unref_flow, 0);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_to_store (OkImportFlow *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  OkImportMatch outcome = ok_import_match_find (self->store, self->imported, &entries);

  if (outcome == OK_IMPORT_MATCH_AMBIGUOUS || outcome == OK_IMPORT_MATCH_OLDER)
    ask_where (self, outcome, entries);
  else
    save (self, NULL, FALSE);
}

static void
on_password_response (OkPasswordDialog *prompt,
                      const char       *response,
                      gpointer          user_data)
{
  OkImportFlow *self = user_data;

  if (!g_str_equal (response, "import") || *ok_password_dialog_get_password (prompt) == '\0')
    return;

  forget_password (self);
  self->password = g_strdup (ok_password_dialog_get_password (prompt));
  self->remember = ok_password_dialog_get_remember (prompt);
  start_reading (self);
}

static void
ask_password (OkImportFlow *self,
              const char   *error)
{
  OkPasswordDialog *prompt = ok_password_dialog_new (self->parent, self->file_name);

  ok_password_dialog_set_error (prompt, error);
  ok_password_dialog_set_remember (prompt, self->remember);
  g_signal_connect_data (prompt, "response", G_CALLBACK (on_password_response),
                         g_object_ref (self), unref_flow, 0);
  gtk_window_present (GTK_WINDOW (prompt));
}

static void
read_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OkImportFlow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->imported = ok_import_file_finish (result, &error);
  if (g_error_matches (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NEEDS_PASSWORD))
    ask_password (self, NULL);
  else if (g_error_matches (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_WRONG_PASSWORD))
    ask_password (self, _("That password is not right. Try again."));
  else if (self->imported == NULL)
    show_error (self, error);
  else
    add_to_store (self);
}

static void
start_reading (OkImportFlow *self)
{
  ok_import_file_async (self->file, self->password, NULL, read_done, g_object_ref (self));
}

/**
 * ok_import_flow_run:
 * @parent: (nullable): the main window: the prompts belong to it, the outcome is shown in its
 *   toast overlay, and its `win.show-certificate` action shows the imported certificate
 * @store: the store to add the certificate to
 * @file: the PKCS#12, PEM or DER file, or a key file for a certificate already in @store
 *
 * Runs on its own until the certificate is in the store or the user gives up.
 */
void
ok_import_flow_run (GtkWindow *parent,
                    OkStore   *store,
                    GFile     *file)
{
  g_autoptr(OkImportFlow) self = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (OK_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  self = g_object_new (OK_TYPE_IMPORT_FLOW, NULL);
  g_set_weak_pointer (&self->parent, parent);
  self->store = g_object_ref (store);
  self->file = g_object_ref (file);
  self->file_name = g_file_get_basename (file);
  if (self->file_name == NULL)
    self->file_name = g_file_get_parse_name (file);
  start_reading (self);
}
