/* ok-error-details.c — the facts of a CA's refusal that support asks for: its reason code, with
 * a copy button, and the e-mail address it names, when it names one
 *
 * Shown under the message and guidance of a failed issuance (the Issue Certificate dialog) and
 * of a failed renewal (the detail page), so both say the same in the same way.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-error-details.h"
#include "ok-issuer.h"

struct _OkErrorDetails
{
  GtkBox     parent_instance;

  char      *code;
  GtkLabel  *code_label;
  GtkButton *copy_button;
  GtkLabel  *email_label;
};

G_DEFINE_FINAL_TYPE (OkErrorDetails, ok_error_details, GTK_TYPE_BOX)

static void
copy_clicked_cb (OkErrorDetails *self)
{
  if (self->code == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->code);
  /* The dialog has no toasts; the button itself says it worked. */
  gtk_button_set_icon_name (self->copy_button, "object-select-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_button), _("Copied"));
}

static GtkLabel *
make_label (void)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, 0);
  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (label), "caption");
  return label;
}

static void
ok_error_details_finalize (GObject *object)
{
  OkErrorDetails *self = OK_ERROR_DETAILS (object);

  g_free (self->code);

  G_OBJECT_CLASS (ok_error_details_parent_class)->finalize (object);
}

static void
ok_error_details_class_init (OkErrorDetailsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ok_error_details_finalize;
}

static void
ok_error_details_init (OkErrorDetails *self)
{
  GtkWidget *code_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  self->code_label = make_label ();
  gtk_widget_set_hexpand (GTK_WIDGET (self->code_label), TRUE);
  self->copy_button = GTK_BUTTON (gtk_button_new_from_icon_name ("edit-copy-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (self->copy_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->copy_button), "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy Error Code"), -1);
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (copy_clicked_cb), self);
  gtk_box_append (GTK_BOX (code_box), GTK_WIDGET (self->code_label));
  gtk_box_append (GTK_BOX (code_box), GTK_WIDGET (self->copy_button));

  self->email_label = make_label ();

  gtk_box_append (GTK_BOX (self), code_box);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->email_label));
}

GtkWidget *
ok_error_details_new (void)
{
  return g_object_new (OK_TYPE_ERROR_DETAILS, NULL);
}

/**
 * ok_error_details_set_error:
 * @error: (nullable): the failure shown, or %NULL for none
 *
 * Shows @error's reason code from the CA and the e-mail address its answer names; hides itself
 * when there is neither (a network failure, a cancelled attempt).
 */
void
ok_error_details_set_error (OkErrorDetails *self,
                            const GError   *error)
{
  const char *code = error != NULL && error->domain == OK_ISSUER_ERROR ? ok_issuer_error_get_reason_code (error) : NULL;
  g_autofree char *email = error != NULL && error->domain == OK_ISSUER_ERROR ? ok_issuer_error_dup_email (error) : NULL;
  g_autofree char *code_text = NULL;
  g_autofree char *email_text = NULL;

  g_return_if_fail (OK_IS_ERROR_DETAILS (self));

  g_free (self->code);
  self->code = g_strdup (code);

  if (code != NULL)
    {
      /* Translators: %s is the CA's reason code, such as CertificateEmailNotValidated; it stays
       * in English, as support knows it */
      code_text = g_strdup_printf (_("Error code: %s"), code);
      gtk_label_set_text (self->code_label, code_text);
      gtk_button_set_icon_name (self->copy_button, "edit-copy-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_button), _("Copy Error Code"));
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->code_label)), code != NULL);

  if (email != NULL)
    {
      /* Translators: %s is the e-mail address of the certificate profile, as the CA named it */
      email_text = g_strdup_printf (_("Profile e-mail address: %s"), email);
      gtk_label_set_text (self->email_label, email_text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->email_label), email != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self), code != NULL || email != NULL);
}

/**
 * ok_error_details_get_code:
 *
 * Returns: (nullable): the reason code shown, which the copy button copies
 */
const char *
ok_error_details_get_code (OkErrorDetails *self)
{
  g_return_val_if_fail (OK_IS_ERROR_DETAILS (self), NULL);

  return self->code;
}

GtkButton *
ok_error_details_get_copy_button (OkErrorDetails *self)
{
  g_return_val_if_fail (OK_IS_ERROR_DETAILS (self), NULL);

  return self->copy_button;
}

GtkLabel *
ok_error_details_get_email_label (OkErrorDetails *self)
{
  g_return_val_if_fail (OK_IS_ERROR_DETAILS (self), NULL);

  return self->email_label;
}
