/* ok-issue-dialog.c — the issue dialog: environment, reference number (validated as it is typed
 * or pasted), one-time code and name; then the steps of the issuance; a failure comes back to the
 * form with the CA's guidance above it and Retry, which reuses the one-time code kept in the
 * keyring
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-endpoints.h"
#include "ok-enrollment.h"
#include "ok-error-details.h"
#include "ok-guide-window.h"
#include "ok-issuance-link.h"
#include "ok-issue-dialog.h"
#include "ok-tls-preload.h"
#include "ok-issue-progress.h"
#include "ok-secrets.h"
#include "ok-stall-meter.h"
#include "ok-toast.h"

struct _OkIssueDialog
{
  AdwWindow         parent_instance;

  OkStore          *store;
  OkEnrollment     *enrollment;
  GCancellable     *cancellable;
  OkStallMeter     *stall_meter;
  char             *reference;       /* what the reference row holds, parsed; NULL if invalid */
  char             *kept_reference;  /* a failed attempt left its one-time code in the keyring */
  char             *attempt_reference;
  gboolean          close_when_done;

  GtkStack         *stack;
  GtkWidget        *cancel_button;
  GtkWidget        *issue_button;
  GtkWidget        *failure_box;
  GtkLabel         *failure_message;
  GtkLabel         *failure_guidance;
  OkErrorDetails   *failure_details;
  GtkWidget        *validate_email_button;
  GtkWidget        *preferences_button;
  AdwComboRow      *environment_row;
  AdwEntryRow      *reference_row;
  GtkLabel         *reference_caption;
  AdwEntryRow      *code_row;
  AdwEntryRow      *name_row;
  GtkWidget        *code_caption;
  GtkLabel         *progress_title;
  GtkLabel         *progress_reference;
  OkIssueProgress  *progress;
};

G_DEFINE_FINAL_TYPE (OkIssueDialog, ok_issue_dialog, ADW_TYPE_WINDOW)

/* The environment row's items, in order. */
static const OkEnvironment environments[] = { OK_ENVIRONMENT_PROD, OK_ENVIRONMENT_TEST };

static OkEnvironment
selected_environment (OkIssueDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->environment_row);

  return selected < G_N_ELEMENTS (environments) ? environments[selected] : OK_ENVIRONMENT_PROD;
}

static gboolean
is_running (OkIssueDialog *self)
{
  return self->cancellable != NULL;
}

static gboolean
code_is_kept (OkIssueDialog *self)
{
  return self->reference != NULL && g_strcmp0 (self->reference, self->kept_reference) == 0;
}

static void
update_actions (OkIssueDialog *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  gboolean ready = self->reference != NULL && (*code != '\0' || code_is_kept (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "issue.issue", ready && !is_running (self));
  gtk_widget_set_visible (self->code_caption, code_is_kept (self));
}

static void
set_caption_error (OkIssueDialog *self,
                   gboolean       error)
{
  if (error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->reference_caption), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->reference_caption), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->reference_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->reference_caption), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->reference_row), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->reference_caption), "dim-label");
    }
}

/* Every change is parsed at once, so a pasted issuance link shows the reference number it holds
 * before anything is sent anywhere. */
static void
on_reference_changed (OkIssueDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->reference_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *caption = NULL;

  g_clear_pointer (&self->reference, g_free);

  if (*text == '\0')
    {
      gtk_label_set_text (self->reference_caption,
                          _("Paste the issuance link from the e-mail, or type the reference number."));
      set_caption_error (self, FALSE);
    }
  else if ((self->reference = ok_issuance_link_parse_reference (text, &error)) != NULL)
    {
      /* Translators: %s is a reference number such as 1234-ABCD */
      caption = g_strdup_printf (_("Reference number: %s"), self->reference);
      gtk_label_set_text (self->reference_caption, caption);
      set_caption_error (self, FALSE);
    }
  else
    {
      gtk_label_set_text (self->reference_caption, error->message);
      set_caption_error (self, TRUE);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reference_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, gtk_label_get_text (self->reference_caption),
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->reference_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               *text != '\0' && self->reference == NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                                                        : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  update_actions (self);
}

static void
show_failure (OkIssueDialog *self,
              const GError  *error)
{
  const char *guidance = error->domain == OK_ISSUER_ERROR ? ok_issuer_error_get_guidance (error) : NULL;

  /* The CA's advice is written for a renewal, the common case; here the user is issuing. */
  if (g_error_matches (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_CERTIFICATE_EMAIL_NOT_VALIDATED))
    guidance = _("Validate the e-mail address of the certificate profile in the MitID Erhverv portal: "
                 "open the e-mail sent to the profile's address, follow its link and click Verify. "
                 "Then press Retry; the one-time code you entered is kept.");

  gtk_label_set_text (self->failure_message, error->message);
  ok_error_details_set_error (self->failure_details, error);
  gtk_label_set_text (self->failure_guidance, guidance != NULL ? guidance : "");
  gtk_widget_set_visible (GTK_WIDGET (self->failure_guidance), guidance != NULL && *guidance != '\0');
  gtk_widget_set_visible (self->validate_email_button,
                          g_error_matches (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_CERTIFICATE_EMAIL_NOT_VALIDATED));
  gtk_widget_set_visible (self->preferences_button, error->domain == OK_ENDPOINTS_ERROR);
  gtk_widget_set_visible (self->failure_box, TRUE);
  gtk_button_set_label (GTK_BUTTON (self->issue_button), _("_Retry"));
  gtk_stack_set_visible_child_name (self->stack, "form");
}

static void
back_to_form (OkIssueDialog *self)
{
  g_clear_object (&self->cancellable);
  g_clear_object (&self->enrollment);
  g_clear_pointer (&self->stall_meter, ok_stall_meter_finish);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "issue.cancel", TRUE);
  gtk_widget_set_visible (self->issue_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "form");
  update_actions (self);
}

static void
issued (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(OkIssueDialog) self = user_data;
  g_autoptr(OkCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = g_steal_pointer (&self->attempt_reference);

  certificate = ok_enrollment_issue_finish (OK_ENROLLMENT (object), result, &error);
  if (self->store == NULL)
    return;   /* the dialog was destroyed with its parent meanwhile */
  back_to_form (self);

  if (certificate != NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      g_autoptr(GtkWindow) owner = parent != NULL ? g_object_ref (parent) : NULL;

      /* Translators: %s is the certificate's name */
      g_autofree char *title = g_strdup_printf (_("Issued “%s”"), ok_certificate_get_name (certificate));

      gtk_window_destroy (GTK_WINDOW (self));
      if (owner != NULL)
        {
          /* As import, export and renewal do: the dialog is gone, the window says what happened. */
          ok_toast_show (owner, ok_toast_new_literal (title));
          gtk_widget_activate_action (GTK_WIDGET (owner), "win.show-certificate", "s",
                                      ok_certificate_get_id (certificate));
        }
      return;
    }

  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The one-time code was put in the keyring before the CA was asked, and stays there until the
   * certificate is issued; only a failure to reach the keyring, or a code that is not there,
   * leaves nothing to retry with. */
  g_clear_pointer (&self->kept_reference, g_free);
  if (error->domain != OK_SECRETS_ERROR &&
      !g_error_matches (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_NO_ONE_TIME_CODE))
    self->kept_reference = g_steal_pointer (&reference);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");

  show_failure (self, error);
  update_actions (self);
}

static void
on_step_changed (OkIssueDialog *self)
{
  /* Saving a certificate the CA has issued cannot be cancelled: it would be lost. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "issue.cancel",
                                 !is_running (self) ||
                                 (ok_issue_progress_get_step (self->progress) < OK_ENROLLMENT_STEP_SAVING &&
                                  !g_cancellable_is_cancelled (self->cancellable)));
}

static void
issue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OkIssueDialog *self = OK_ISSUE_DIALOG (widget);
  OkEnvironment environment = selected_environment (self);
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(OkIssuer) issuer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  if (is_running (self) || self->reference == NULL || (*code == '\0' && !code_is_kept (self)))
    return;

  if (!(issuer = ok_endpoints_make_issuer (environment, &anchors, &error)))
    {
      show_failure (self, error);
      return;
    }

  self->enrollment = ok_enrollment_new (self->store, issuer);
  ok_enrollment_set_trust_anchors (self->enrollment, anchors);
  ok_issue_progress_set_step (self->progress, OK_ENROLLMENT_STEP_IDLE);
  g_object_bind_property (self->enrollment, "step", self->progress, "step", G_BINDING_SYNC_CREATE);

  self->cancellable = g_cancellable_new ();
  self->close_when_done = FALSE;
  self->stall_meter = ok_stall_meter_start_if_requested ();

  /* Translators: %s is a reference number such as 1234-ABCD */
  described = g_strdup_printf (_("Reference number: %s"), self->reference);
  gtk_label_set_text (self->progress_reference, described);
  gtk_label_set_text (self->progress_title, _("Issuing the Certificate"));
  gtk_widget_set_visible (self->failure_box, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gtk_widget_set_visible (self->issue_button, FALSE);
  update_actions (self);

  g_free (self->attempt_reference);
  self->attempt_reference = g_strdup (self->reference);
  ok_enrollment_issue_async (self->enrollment, environment, self->reference,
                             *code != '\0' ? code : NULL,
                             *name != '\0' ? name : NULL,
                             self->cancellable, issued, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OkIssueDialog *self = OK_ISSUE_DIALOG (widget);

  if (!is_running (self))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  /* A key being made cannot be stopped halfway; say that the cancel has been heard. */
  gtk_label_set_text (self->progress_title, _("Cancelling…"));
  gtk_widget_action_set_enabled (widget, "issue.cancel", FALSE);
  g_cancellable_cancel (self->cancellable);
}

static void
show_guide_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ok_guide_window_present_in_context (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL),
                                      OK_GUIDE_CONTEXT_ISSUING);
}

static void
open_preferences_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "app.preferences", NULL);
}

/* Closing while the issuance runs cancels it; the window goes once the attempt has stopped, so
 * nothing is left half done behind the user's back. */
static gboolean
ok_issue_dialog_close_request (GtkWindow *window)
{
  OkIssueDialog *self = OK_ISSUE_DIALOG (window);

  if (!is_running (self))
    return GTK_WINDOW_CLASS (ok_issue_dialog_parent_class)->close_request (window);

  self->close_when_done = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return TRUE;
}

static void
ok_issue_dialog_dispose (GObject *object)
{
  OkIssueDialog *self = OK_ISSUE_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->enrollment);
  g_clear_pointer (&self->stall_meter, ok_stall_meter_finish);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_ISSUE_DIALOG);

  G_OBJECT_CLASS (ok_issue_dialog_parent_class)->dispose (object);
}

static void
ok_issue_dialog_finalize (GObject *object)
{
  OkIssueDialog *self = OK_ISSUE_DIALOG (object);

  g_free (self->reference);
  g_free (self->kept_reference);
  g_free (self->attempt_reference);

  G_OBJECT_CLASS (ok_issue_dialog_parent_class)->finalize (object);
}

static void
ok_issue_dialog_class_init (OkIssueDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ok_issue_dialog_dispose;
  object_class->finalize = ok_issue_dialog_finalize;
  window_class->close_request = ok_issue_dialog_close_request;

  g_type_ensure (OK_TYPE_ISSUE_PROGRESS);
  g_type_ensure (OK_TYPE_ERROR_DETAILS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/oceskeeper/OcesKeeper/ok-issue-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, issue_button);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, failure_box);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, failure_message);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, failure_guidance);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, failure_details);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, validate_email_button);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, preferences_button);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, environment_row);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, reference_row);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, reference_caption);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, code_caption);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, progress_title);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, progress_reference);
  gtk_widget_class_bind_template_child (widget_class, OkIssueDialog, progress);

  /* Not needed in a field, but reachable through gtk_widget_get_template_child() for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "guide_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "issue.issue", NULL, issue_action);
  gtk_widget_class_install_action (widget_class, "issue.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "issue.show-guide", "s", show_guide_action);
  gtk_widget_class_install_action (widget_class, "issue.open-preferences", NULL, open_preferences_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "issue.cancel", NULL);
}

static OkEnvironment
default_environment (void)
{
  g_autofree char *url = NULL;

  /* Production, unless only Test has an issuance address (a test setup). */
  if (!ok_endpoints_lookup (OK_ENVIRONMENT_PROD, &url, NULL, NULL) &&
      ok_endpoints_lookup (OK_ENVIRONMENT_TEST, &url, NULL, NULL))
    return OK_ENVIRONMENT_TEST;

  return OK_ENVIRONMENT_PROD;
}

static void
ok_issue_dialog_init (OkIssueDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  OkEnvironment preferred = default_environment ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (environments); i++)
    gtk_string_list_append (names, ok_environment_get_display_name (environments[i]));
  adw_combo_row_set_model (self->environment_row, G_LIST_MODEL (names));
  for (guint i = 0; i < G_N_ELEMENTS (environments); i++)
    if (environments[i] == preferred)
      adw_combo_row_set_selected (self->environment_row, i);

  gtk_window_set_default_widget (GTK_WINDOW (self), self->issue_button);
  g_signal_connect_swapped (self->reference_row, "changed", G_CALLBACK (on_reference_changed), self);
  g_signal_connect_swapped (self->code_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->progress, "notify::step", G_CALLBACK (on_step_changed), self);
  on_reference_changed (self);

  /* The reference number is what the user has in hand (or on the clipboard) first. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->reference_row));
}

/**
 * ok_issue_dialog_present:
 * @parent: (nullable): the main window; it shows the new certificate when the issuance succeeds
 *   (its `win.show-certificate` action) and the guides (`win.show-guide`)
 * @store: the store the certificate goes into
 */
void
ok_issue_dialog_present (GtkWindow *parent,
                         OkStore   *store)
{
  OkIssueDialog *self;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (OK_IS_STORE (store));

  self = g_object_new (OK_TYPE_ISSUE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  /* While the form is filled in: the first connection would otherwise load the system trust
   * store on the main loop. */
  ok_tls_preload_in_background ();
  gtk_window_present (GTK_WINDOW (self));
}
