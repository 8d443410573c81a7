/* ok-export-dialog.c — the export dialog: pick a format (only those the certificate can give:
 * no key formats for monitor-only ones), a password for the formats that hold the key, and a
 * file; the writing happens in ok-export-job off the main loop
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-export-dialog.h"
#include "ok-export-job.h"
#include "ok-secrets.h"
#include "ok-toast.h"

struct _OkExportDialog
{
  AdwWindow             parent_instance;

  OkStore              *store;
  OkCertificate        *certificate;
  GFile                *destination;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;    /* set while exporting */
  GCancellable         *lookup;         /* the remembered password's look-up */
  OkExportFormat        formats[OK_EXPORT_N_FORMATS];
  guint                 n_formats;
  OkExportFormat        format;
  gboolean              password_was_remembered;
  gboolean              close_when_done;

  AdwWindowTitle       *window_title;
  GtkWidget            *spinner;
  GtkWidget            *form;
  AdwComboRow          *format_row;
  GtkWidget            *password_box;
  AdwEntryRow          *password_row;
  AdwEntryRow          *confirm_row;
  GtkSwitch            *remember_switch;
  GtkLabel             *password_caption;
  AdwActionRow         *destination_row;
  GtkLabel             *error_label;
  GtkWidget            *export_button;
};

G_DEFINE_FINAL_TYPE (OkExportDialog, ok_export_dialog, ADW_TYPE_WINDOW)

static OkExportFormat
selected_format (OkExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  return selected < self->n_formats ? self->formats[selected] : OK_EXPORT_FORMAT_PEM_CERTIFICATE;
}

static gboolean
is_running (OkExportDialog *self)
{
  return self->cancellable != NULL;
}

static const char *
password (OkExportDialog *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

static gboolean
passwords_match (OkExportDialog *self)
{
  return g_str_equal (password (self), gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)));
}

static void
set_caption (OkExportDialog *self,
             const char     *text,
             gboolean        error)
{
  gtk_label_set_text (self->password_caption, text);
  if (error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->password_caption), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->password_caption), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->password_caption), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_row), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->password_caption), "dim-label");
    }
}

static void
update (OkExportDialog *self)
{
  OkExportFormat format = selected_format (self);
  gboolean needs_password = ok_export_format_needs_key (format);
  const char *confirmation = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  gboolean password_ok = !needs_password || (*password (self) != '\0' && passwords_match (self));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row), ok_export_format_get_description (format));
  gtk_widget_set_visible (self->password_box, needs_password);

  if (*confirmation != '\0' && !passwords_match (self))
    set_caption (self, _("The passwords do not match."), TRUE);
  else
    set_caption (self, _("The password protects the private key in the file. Whoever opens the file needs it."), FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.export",
                                 !is_running (self) && self->destination != NULL && password_ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", !is_running (self));
  gtk_widget_set_sensitive (self->form, !is_running (self));
  gtk_widget_set_visible (self->spinner, is_running (self));
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), is_running (self));
}

static char *
suggested_name_for (OkExportDialog *self,
                    OkExportFormat  format)
{
  const char *name = ok_certificate_get_name (self->certificate);
  g_autofree char *base = NULL;

  if (name == NULL || *name == '\0')
    name = ok_certificate_get_subject_cn (self->certificate);
  base = g_strstrip (g_strdup (name != NULL ? name : ""));

  /* Characters that some file systems (FAT on USB sticks, Windows shares) refuse. */
  g_strdelimit (base, "/\\:*?\"<>|", '-');
  for (char *c = base; *c != '\0'; c++)
    if (g_ascii_iscntrl (*c))
      *c = '-';
  if (*base == '\0' || *base == '.')
    {
      g_free (base);
      base = g_strdup (_("certificate"));
    }

  return g_strconcat (base, ok_export_format_get_suffix (format), NULL);
}

static void
on_format_changed (OkExportDialog *self)
{
  OkExportFormat format = selected_format (self);

  /* A file name we suggested follows the format; one the user typed is left alone. */
  if (self->destination != NULL && format != self->format)
    {
      g_autofree char *old_name = suggested_name_for (self, self->format);
      g_autofree char *chosen = g_file_get_basename (self->destination);

      if (g_strcmp0 (old_name, chosen) == 0)
        {
          g_autoptr(GFile) folder = g_file_get_parent (self->destination);
          g_autofree char *new_name = suggested_name_for (self, format);
          g_autoptr(GFile) renamed = folder != NULL ? g_file_get_child (folder, new_name) : NULL;

          if (renamed != NULL)
            ok_export_dialog_set_destination (self, renamed);
        }
    }

  self->format = format;
  update (self);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  OkExportDialog *self = OK_EXPORT_DIALOG (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ok_export_dialog_set_destination (self, file);
    }

  g_clear_object (&self->chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OkExportDialog *self = OK_EXPORT_DIALOG (widget);
  g_autofree char *suggested = NULL;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Export Certificate"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  if (self->destination != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->destination);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  suggested = self->destination != NULL ? g_file_get_basename (self->destination)
                                        : suggested_name_for (self, selected_format (self));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), suggested);

  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
finish (OkExportDialog *self,
        const char     *keyring_failure)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *name = g_file_get_basename (self->destination);
  g_autofree char *title = NULL;

  if (keyring_failure != NULL)
    /* Translators: the first %s is a file name, the second says why the keyring failed */
    title = g_strdup_printf (_("Exported to “%s”, but the keyring failed: %s"), name, keyring_failure);
  else
    /* Translators: %s is a file name */
    title = g_strdup_printf (_("Exported to “%s”"), name);

  ok_toast_show (parent, ok_toast_new_literal (title));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
keyring_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OkExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_async_result_is_tagged (result, ok_secrets_store_async))
    ok_secrets_store_finish (result, &error);
  else
    ok_secrets_clear_finish (result, &error);

  finish (self, error != NULL ? error->message : NULL);
}

static void
exported (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(OkExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean written = ok_export_job_write_finish (result, &error);
  const char *id;

  g_clear_object (&self->cancellable);
  if (self->certificate == NULL)
    return;   /* the dialog was destroyed with its parent meanwhile */

  if (!written && self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (!written)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      update (self);
      return;
    }

  id = ok_certificate_get_id (self->certificate);
  if (ok_export_format_needs_key (self->format) && gtk_switch_get_active (self->remember_switch))
    {
      g_autofree char *label = NULL;

      /* Translators: %s is the certificate's name */
      label = g_strdup_printf (_("OCES Keeper export password for “%s”"), ok_certificate_get_name (self->certificate));
      ok_secrets_store_async (OK_SECRET_KIND_EXPORT_PASSWORD, id,
                              ok_environment_to_string (ok_certificate_get_environment (self->certificate)),
                              label, password (self), NULL, keyring_done, g_object_ref (self));
    }
  else if (ok_export_format_needs_key (self->format) && self->password_was_remembered)
    ok_secrets_clear_async (OK_SECRET_KIND_EXPORT_PASSWORD, id, NULL, keyring_done, g_object_ref (self));
  else
    finish (self, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OkExportDialog *self = OK_EXPORT_DIALOG (widget);
  OkExportFormat format = selected_format (self);
  OkCertificate *current;

  if (is_running (self) || self->destination == NULL)
    return;

  /* A renewal may have replaced the certificate since the dialog opened: export what the store
   * holds now. */
  current = ok_store_lookup (self->store, ok_certificate_get_id (self->certificate), NULL);
  if (current != NULL)
    g_set_object (&self->certificate, current);

  self->format = format;
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update (self);

  ok_export_job_write_async (self->store, self->certificate, format,
                             ok_export_format_needs_key (format) ? password (self) : NULL,
                             self->destination, self->cancellable, exported, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OkExportDialog *self = OK_EXPORT_DIALOG (widget);

  if (is_running (self))
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
ok_export_dialog_close_request (GtkWindow *window)
{
  OkExportDialog *self = OK_EXPORT_DIALOG (window);

  if (!is_running (self))
    return GTK_WINDOW_CLASS (ok_export_dialog_parent_class)->close_request (window);

  self->close_when_done = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return TRUE;
}

static void
remembered_password_found (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(OkExportDialog) self = user_data;
  char *secret = ok_secrets_lookup_finish (result, NULL);

  /* Only into empty fields (the user may have started typing already), and only while the
   * dialog is still there. */
  if (secret != NULL && self->lookup != NULL && *password (self) == '\0' &&
      *gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)) == '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), secret);
      gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), secret);
      gtk_switch_set_active (self->remember_switch, TRUE);
      self->password_was_remembered = TRUE;
    }

  g_clear_pointer (&secret, ok_secrets_free);
}

static void
ok_export_dialog_dispose (GObject *object)
{
  OkExportDialog *self = OK_EXPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->lookup != NULL)
    g_cancellable_cancel (self->lookup);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->destination);
  g_clear_object (&self->store);
  g_clear_object (&self->certificate);

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (ok_export_dialog_parent_class)->dispose (object);
}

static void
ok_export_dialog_class_init (OkExportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ok_export_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = ok_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/oceskeeper/OcesKeeper/ok-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, form);
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, password_box);
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, password_caption);
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, destination_row);
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OkExportDialog, export_button);

  gtk_widget_class_install_action (widget_class, "export.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
ok_export_dialog_init (OkExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_window_set_default_widget (GTK_WINDOW (self), self->export_button);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->confirm_row, "changed", G_CALLBACK (update), self);
}

static void
set_certificate (OkExportDialog *self,
                 OkStore        *store,
                 OkCertificate  *certificate)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  self->store = g_object_ref (store);
  self->certificate = g_object_ref (certificate);
  adw_window_title_set_subtitle (self->window_title, ok_certificate_get_name (certificate));

  self->n_formats = 0;
  for (OkExportFormat format = 0; format < OK_EXPORT_N_FORMATS; format++)
    if (ok_export_format_is_available (format, certificate))
      {
        self->formats[self->n_formats++] = format;
        gtk_string_list_append (titles, ok_export_format_get_title (format));
      }
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (titles));
  adw_combo_row_set_selected (self->format_row, 0);
  self->format = selected_format (self);
  g_signal_connect_swapped (self->format_row, "notify::selected", G_CALLBACK (on_format_changed), self);

  if (ok_certificate_get_has_private_key (certificate))
    {
      self->lookup = g_cancellable_new ();
      ok_secrets_lookup_async (OK_SECRET_KIND_EXPORT_PASSWORD, ok_certificate_get_id (certificate),
                               self->lookup, remembered_password_found, g_object_ref (self));
    }

  update (self);
}

/**
 * ok_export_dialog_present:
 * @parent: (nullable): the main window; the outcome is shown in its toast overlay
 */
void
ok_export_dialog_present (GtkWindow     *parent,
                          OkStore       *store,
                          OkCertificate *certificate)
{
  OkExportDialog *self;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (OK_IS_STORE (store));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  self = g_object_new (OK_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  set_certificate (self, store, certificate);
  gtk_window_present (GTK_WINDOW (self));
}

/**
 * ok_export_dialog_get_destination:
 *
 * Returns: (transfer none) (nullable): the file the export will be written to
 */
GFile *
ok_export_dialog_get_destination (OkExportDialog *self)
{
  g_return_val_if_fail (OK_IS_EXPORT_DIALOG (self), NULL);

  return self->destination;
}

/**
 * ok_export_dialog_set_destination:
 * @destination: (nullable): where to write
 *
 * What the file chooser calls when the user picks a file; it can also be called directly (the
 * tests do, where no portal file chooser runs).
 */
void
ok_export_dialog_set_destination (OkExportDialog *self,
                                  GFile          *destination)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (OK_IS_EXPORT_DIALOG (self));
  g_return_if_fail (destination == NULL || G_IS_FILE (destination));

  if (!g_set_object (&self->destination, destination))
    return;

  shown = destination != NULL ? g_file_get_parse_name (destination) : NULL;
  adw_action_row_set_subtitle (self->destination_row, shown != NULL ? shown : _("No file chosen yet"));
  update (self);
}

/**
 * ok_export_dialog_dup_suggested_name:
 *
 * Returns: (transfer full): the file name the chooser suggests for the selected format: the
 *   certificate's name and the format's extension
 */
char *
ok_export_dialog_dup_suggested_name (OkExportDialog *self)
{
  g_return_val_if_fail (OK_IS_EXPORT_DIALOG (self), NULL);

  return suggested_name_for (self, selected_format (self));
}
