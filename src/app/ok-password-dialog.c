/* ok-password-dialog.c — the password prompt for protected files
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ok-password-dialog.h"

struct _OkPasswordDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *password_row;
  GtkLabel         *error_label;
  GtkCheckButton   *remember_check;

  /* The dialog is already destroyed when it emits its response, so what the user entered is
   * kept here for the response handler. */
  char             *password;
  gboolean          remember;
};

G_DEFINE_FINAL_TYPE (OkPasswordDialog, ok_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
clear_password (OkPasswordDialog *self)
{
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
on_password_changed (OkPasswordDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  clear_password (self);
  self->password = g_strdup (password);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "import", *password != '\0');
}

static void
on_remember_toggled (OkPasswordDialog *self)
{
  self->remember = gtk_check_button_get_active (self->remember_check);
}

static void
ok_password_dialog_finalize (GObject *object)
{
  clear_password (OK_PASSWORD_DIALOG (object));

  G_OBJECT_CLASS (ok_password_dialog_parent_class)->finalize (object);
}

static void
ok_password_dialog_class_init (OkPasswordDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ok_password_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/oceskeeper/OcesKeeper/ok-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OkPasswordDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, OkPasswordDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OkPasswordDialog, remember_check);
}

static void
ok_password_dialog_init (OkPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->password = g_strdup ("");
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (on_password_changed), self);
  g_signal_connect_swapped (self->remember_check, "toggled", G_CALLBACK (on_remember_toggled), self);
}

/**
 * ok_password_dialog_new:
 * @file_name: the name of the protected file, for the question
 *
 * Returns: (transfer floating): a new, not yet shown prompt; its responses are "import" and
 *   "cancel"
 */
OkPasswordDialog *
ok_password_dialog_new (GtkWindow  *parent,
                        const char *file_name)
{
  OkPasswordDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (file_name != NULL, NULL);

  self = g_object_new (OK_TYPE_PASSWORD_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  /* Translators: %s is a file name */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self), _("“%s” is protected with a password."), file_name);

  return self;
}

const char *
ok_password_dialog_get_password (OkPasswordDialog *self)
{
  g_return_val_if_fail (OK_IS_PASSWORD_DIALOG (self), NULL);

  return self->password;
}

gboolean
ok_password_dialog_get_remember (OkPasswordDialog *self)
{
  g_return_val_if_fail (OK_IS_PASSWORD_DIALOG (self), FALSE);

  return self->remember;
}

void
ok_password_dialog_set_remember (OkPasswordDialog *self,
                                 gboolean          remember)
{
  g_return_if_fail (OK_IS_PASSWORD_DIALOG (self));

  if (self->remember_check != NULL)
    gtk_check_button_set_active (self->remember_check, remember);
}

/**
 * ok_password_dialog_set_error:
 * @error: (nullable): why the last password did not work, or %NULL
 */
void
ok_password_dialog_set_error (OkPasswordDialog *self,
                              const char       *error)
{
  g_return_if_fail (OK_IS_PASSWORD_DIALOG (self));

  gtk_label_set_text (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
}
