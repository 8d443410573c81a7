/* ok-renewal-panel.c — the detail page's renewal status
 *
 * Three things can show here, in this order of precedence: the progress of a running renewal
 * (with Cancel); the latest failure with the CA's reason, what to do about it, Retry and, for
 * the two reasons only the user can fix, a button to the guide that explains how; and, when
 * "Renew Now" cannot be used at all, why not. The failure stays until an attempt succeeds, so it
 * shows again every time the error recurs; after a restart the event log still knows about the
 * last failure, which is shown without guidance.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-format.h"
#include "ok-issuer.h"
#include "ok-renewal-panel.h"
#include "ok-state.h"

struct _OkRenewalPanel
{
  AdwBin       parent_instance;

  OkRenewal   *renewal;

  GtkWidget   *progress_box;
  GtkSpinner  *spinner;
  GtkLabel    *step_label;
  GtkRevealer *error_revealer;
  GtkLabel    *error_title;
  GtkLabel    *error_label;
  GtkLabel    *guidance_label;
  GtkWidget   *retry_button;
  GtkButton   *guide_button;
  GtkWidget   *blocked_box;
  GtkLabel    *blocked_label;
  GtkWidget   *blocked_button;
};

G_DEFINE_FINAL_TYPE (OkRenewalPanel, ok_renewal_panel, ADW_TYPE_BIN)

static gboolean
is_expired_error (const GError *error)
{
  return g_error_matches (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_EXPIRED) ||
         g_error_matches (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_CERTIFICATE_EXPIRED);
}

/* The guide that helps with @error, with the button's label; FALSE when none does. */
static gboolean
guide_for_error (const GError   *error,
                 OkCertificate  *certificate,
                 const char    **label,
                 char          **guide)
{
  if (g_error_matches (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_CERTIFICATE_EMAIL_NOT_VALIDATED))
    {
      *label = _("How to _Validate the E-mail");
      *guide = g_strdup ("validate-email");
      return TRUE;
    }

  if (g_error_matches (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_RENEWAL_NOT_ENABLED))
    {
      const char *cvr = ok_certificate_get_cvr (certificate);

      *label = _("_Draft the IdM Light E-mail");
      *guide = cvr != NULL ? g_strconcat ("idm-light:", cvr, NULL) : g_strdup ("idm-light");
      return TRUE;
    }

  if (is_expired_error (error))
    {
      *label = _("How to _Order a New One");
      *guide = g_strdup ("expired");
      return TRUE;
    }

  return FALSE;
}

static void
show_live_error (OkRenewalPanel *self,
                 OkCertificate  *certificate,
                 const GError   *error)
{
  const char *guidance = ok_issuer_error_get_guidance (error);
  const char *guide_label = NULL;
  g_autofree char *guide = NULL;

  gtk_label_set_text (self->error_title, _("Renewal Failed"));
  gtk_label_set_text (self->error_label, error->message);
  gtk_label_set_text (self->guidance_label, guidance != NULL ? guidance : "");
  gtk_widget_set_visible (GTK_WIDGET (self->guidance_label), guidance != NULL && *guidance != '\0');
  gtk_widget_set_visible (self->retry_button, !is_expired_error (error));

  if (guide_for_error (error, certificate, &guide_label, &guide))
    {
      gtk_button_set_label (self->guide_button, guide_label);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->guide_button), g_variant_new_string (guide));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->guide_button), guide != NULL);
}

static void
show_logged_error (OkRenewalPanel         *self,
                   const OkRenewalHistory *history)
{
  g_autofree char *when = ok_format_date_time (history->last_failure);
  g_autofree char *title = g_strdup_printf (_("The Last Renewal Failed (%s)"), when);

  gtk_label_set_text (self->error_title, title);
  gtk_label_set_text (self->error_label, history->last_error != NULL ? history->last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->guidance_label), FALSE);
  gtk_widget_set_visible (self->retry_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_button), FALSE);
}

static void
cancel_clicked_cb (OkRenewalPanel *self)
{
  if (self->renewal != NULL)
    ok_renewal_cancel (self->renewal);
}

static void
ok_renewal_panel_dispose (GObject *object)
{
  OkRenewalPanel *self = OK_RENEWAL_PANEL (object);

  g_clear_object (&self->renewal);
  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_RENEWAL_PANEL);

  G_OBJECT_CLASS (ok_renewal_panel_parent_class)->dispose (object);
}

static void
ok_renewal_panel_class_init (OkRenewalPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ok_renewal_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ok-renewal-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, progress_box);
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, step_label);
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, error_title);
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, error_label);
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, guidance_label);
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, retry_button);
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, guide_button);
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, blocked_box);
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, blocked_label);
  gtk_widget_class_bind_template_child (widget_class, OkRenewalPanel, blocked_button);
  /* Not needed in a field, but reachable through gtk_widget_get_template_child() for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
ok_renewal_panel_init (OkRenewalPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ok_renewal_panel_new (void)
{
  return g_object_new (OK_TYPE_RENEWAL_PANEL, NULL);
}

/**
 * ok_renewal_panel_update:
 * @certificate: the certificate shown
 * @renewal: (nullable): its renewal, if one was ever started in this session
 * @now: unix seconds
 */
void
ok_renewal_panel_update (OkRenewalPanel *self,
                         OkCertificate  *certificate,
                         OkRenewal      *renewal,
                         gint64          now)
{
  gboolean running = renewal != NULL && ok_renewal_get_running (renewal);
  const GError *error = renewal != NULL ? ok_renewal_get_error (renewal) : NULL;
  gboolean expired;
  gboolean revoked;
  gboolean has_key;
  gboolean show_error;
  gboolean show_blocked;
  const char *refusal;
  OkRenewalHistory history;

  g_return_if_fail (OK_IS_RENEWAL_PANEL (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (renewal == NULL || OK_IS_RENEWAL (renewal));

  g_set_object (&self->renewal, renewal);
  expired = now >= ok_certificate_get_not_after (certificate);
  revoked = ok_state_is_revoked (certificate);
  has_key = ok_certificate_get_has_private_key (certificate);
  refusal = ok_state_get_renewal_refusal (certificate);

  gtk_widget_set_visible (self->progress_box, running);
  gtk_spinner_set_spinning (self->spinner, running);
  if (running)
    {
      const char *step = ok_enrollment_step_get_description (ok_renewal_get_step (renewal));

      gtk_label_set_text (self->step_label, *step != '\0' ? step : _("Starting…"));
    }

  ok_state_get_renewal_history (certificate, &history);
  show_error = !running && (error != NULL || (has_key && !expired && history.failures_since_success > 0));
  if (!running && error != NULL)
    show_live_error (self, certificate, error);
  else if (show_error)
    show_logged_error (self, &history);
  gtk_revealer_set_reveal_child (self->error_revealer, show_error);
  /* After a failure Retry is the next step, so it is the blue one; never while it cannot work. */
  if (has_key && !expired && refusal == NULL)
    gtk_widget_add_css_class (self->retry_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->retry_button, "suggested-action");

  /* A revocation says more than an expiry: the refusal explains what to do. */
  if (expired && !revoked)
    gtk_label_set_text (self->blocked_label,
                        _("This certificate has expired. An expired certificate cannot be renewed; order a new one in the MitID Erhverv portal."));
  else if (refusal != NULL)
    gtk_label_set_text (self->blocked_label, refusal);
  else if (!has_key)
    gtk_label_set_text (self->blocked_label,
                        _("OCES Keeper does not hold this certificate's private key, so it cannot renew it. It reminds you before the certificate expires. To renew it here, import its PKCS#12 file, or its certificate and key, from whoever holds the key: the key is added to this certificate."));
  show_blocked = (expired || !has_key || refusal != NULL) && !(error != NULL && is_expired_error (error));
  gtk_widget_set_visible (self->blocked_box, show_blocked);
  gtk_widget_set_visible (self->blocked_button, expired || revoked);

  /* With nothing to say the panel takes no room, not even the page's spacing around it. */
  gtk_widget_set_visible (GTK_WIDGET (self), running || show_error || show_blocked);
}
