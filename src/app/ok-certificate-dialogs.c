/* ok-certificate-dialogs.c — a new name for a certificate, and whether to really remove one
 *
 * Renaming writes the name and a RENAMED event-log entry in one metadata write
 * (ok_store_log_async saves the whole entry). Removing only asks here: the window then takes the
 * certificate out of view and deletes it once its undo toast is gone (win.remove-certificate).
 * Failures are reported through win.toast, so these dialogs need no window type.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-certificate-dialogs.h"
#include "ok-text.h"

typedef struct
{
  GtkWidget     *from;
  OkStore       *store;
  OkCertificate *certificate;
  GtkEditable   *entry;
} RenameData;

static void
rename_data_free (RenameData *data)
{
  g_clear_object (&data->from);
  g_clear_object (&data->store);
  g_clear_object (&data->certificate);
  g_free (data);
}

static void
renamed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GtkWidget) from = user_data;
  g_autoptr(GError) error = NULL;

  if (!ok_store_update_finish (OK_STORE (object), result, &error))
    gtk_widget_activate_action (from, "win.toast", "s", error->message);
}

static void
rename_response (AdwMessageDialog *dialog,
                 const char       *response,
                 RenameData       *data)
{
  g_autofree char *new_name = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *message = NULL;
  g_autoptr(OkEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "rename"))
    return;

  new_name = g_strstrip (g_strdup (gtk_editable_get_text (data->entry)));
  old_name = g_strdup (ok_certificate_get_name (data->certificate));

  /* A pasted line break would split the certificate's row in `list`. */
  if (!ok_text_check_name (new_name, &error))
    {
      gtk_widget_activate_action (data->from, "win.toast", "s", error->message);
      return;
    }

  /* An empty name goes back to the certificate's own common name. */
  ok_certificate_set_name (data->certificate, new_name);
  if (g_str_equal (old_name, ok_certificate_get_name (data->certificate)))
    return;

  message = g_strdup_printf (_("Renamed from “%s” to “%s”"), old_name, ok_certificate_get_name (data->certificate));
  event = ok_event_new (OK_EVENT_TYPE_RENAMED, message, NULL);
  ok_store_update_async (data->store, data->certificate, OK_STORE_FIELD_NAME, event, NULL, renamed,
                         g_object_ref (data->from));
}

/**
 * ok_certificate_rename_present:
 * @from: the widget asking; the dialog is transient for its window
 */
void
ok_certificate_rename_present (GtkWidget     *from,
                               OkStore       *store,
                               OkCertificate *certificate)
{
  GtkWidget *dialog;
  GtkWidget *entry;
  RenameData *data;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (OK_IS_STORE (store));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (from)),
                                   _("Rename Certificate"),
                                   _("The name is only used in OCES Keeper. Leave it empty to use the certificate's own name."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), ok_certificate_get_name (certificate));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (RenameData, 1);
  data->from = g_object_ref (from);
  data->store = g_object_ref (store);
  data->certificate = g_object_ref (certificate);
  data->entry = GTK_EDITABLE (entry);
  g_signal_connect_data (dialog, "response", G_CALLBACK (rename_response), data,
                         (GClosureNotify) (void (*) (void)) rename_data_free, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
remove_response (AdwMessageDialog *dialog,
                 const char       *response,
                 GtkWidget        *from)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "ok-certificate-id");

  if (g_str_equal (response, "remove"))
    gtk_widget_activate_action (from, "win.remove-certificate", "s", id);
}

/**
 * ok_certificate_confirm_remove_present:
 * @from: the widget asking; the dialog is transient for its window
 *
 * Asks whether to remove @certificate and, if so, activates win.remove-certificate on @from.
 */
void
ok_certificate_confirm_remove_present (GtkWidget     *from,
                                       OkCertificate *certificate)
{
  GtkWidget *dialog;
  g_autofree char *heading = NULL;
  const char *body;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  heading = g_strdup_printf (_("Remove “%s”?"), ok_certificate_get_name (certificate));
  if (ok_certificate_get_has_private_key (certificate))
    body = _("The certificate and its private key are deleted from this computer, and OCES Keeper stops renewing it. Export it first if you may need it again.");
  else
    body = _("OCES Keeper stops watching this certificate and forgets it.");

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (from)), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ok-certificate-id",
                          g_strdup (ok_certificate_get_id (certificate)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response), from, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}
