/* ok-idm-light-page.c — the help panel that drafts the IdM light e-mail: organisation (CVR)
 * from the store or typed, contact from settings, a live preview, open in the e-mail app or copy
 *
 * The text itself comes from the core (ok-idm-light.h), so the preview, the clipboard and the
 * mailto: URI can never disagree.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-idm-light.h"
#include "ok-idm-light-page.h"
#include "ok-open-uri.h"
#include "ok-organisation-group.h"

struct _OkIdmLightPage
{
  AdwBin         parent_instance;

  GSettings     *settings;
  GCancellable  *cancellable;
  GCancellable  *lookup_cancellable;
  char          *cvr;
  char          *organisation;

  OkOrganisationGroup *organisation_group;
  AdwEntryRow   *name_row;
  AdwEntryRow   *email_row;
  AdwEntryRow   *phone_row;
  AdwActionRow  *recipient_row;
  AdwActionRow  *subject_row;
  GtkLabel      *preview_label;
  GtkLabel      *drafted_label;
};

G_DEFINE_FINAL_TYPE (OkIdmLightPage, ok_idm_light_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CVR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (OkIdmLightPage *self,
            const char     *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  /* libadwaita 1.2 reads toast titles as markup; error messages may hold '<' or '&'. */
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

static char *
dup_setting (OkIdmLightPage *self,
             const char     *key)
{
  return g_settings_get_string (self->settings, key);
}

static char *
build_body (OkIdmLightPage *self)
{
  g_autofree char *name = dup_setting (self, "contact-name");
  g_autofree char *email = dup_setting (self, "contact-email");
  g_autofree char *phone = dup_setting (self, "contact-phone");

  return ok_idm_light_build_body (self->cvr, self->organisation, name, email, phone);
}

static char *
build_mailto_uri (OkIdmLightPage *self)
{
  g_autofree char *name = dup_setting (self, "contact-name");
  g_autofree char *email = dup_setting (self, "contact-email");
  g_autofree char *phone = dup_setting (self, "contact-phone");

  return ok_idm_light_build_mailto_uri (self->cvr, self->organisation, name, email, phone);
}

static void
update_preview (OkIdmLightPage *self)
{
  gboolean ready = self->cvr != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "idm-light.open", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "idm-light.copy", ready);

  if (ready)
    {
      g_autofree char *body = build_body (self);

      /* The body's final line break would show as an empty line. */
      gtk_label_set_text (self->preview_label, g_strchomp (body));
      gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->preview_label, _("Choose the organisation, or type its CVR number, to see the e-mail."));
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "dim-label");
    }
}

static void
show_drafted (OkIdmLightPage *self,
              GDateTime      *when)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  if (when == NULL || self->cvr == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->drafted_label), FALSE);
      return;
    }

  local = g_date_time_to_local (when);
  /* Translators: the day an e-mail was drafted, as in "24 March 2029"; see g_date_time_format() */
  date = g_date_time_format (local, C_("IdM light drafted date", "%-d %B %Y"));
  /* Translators: the first %s is a CVR number, the second a date */
  text = g_strdup_printf (_("You drafted this e-mail for CVR %s on %s."), self->cvr, date);
  gtk_label_set_text (self->drafted_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->drafted_label), TRUE);
}

static void
lookup_drafted_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OkIdmLightPage) self = user_data;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GError) error = NULL;

  when = ok_idm_light_lookup_drafted_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("No drafted date for the IdM light e-mail: %s", error->message);

  show_drafted (self, when);
}

static void
lookup_drafted (OkIdmLightPage *self)
{
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->drafted_label), FALSE);

  if (self->cvr == NULL)
    return;

  self->lookup_cancellable = g_cancellable_new ();
  ok_idm_light_lookup_drafted_async (self->cvr, self->lookup_cancellable, lookup_drafted_done, g_object_ref (self));
}

static void
set_target (OkIdmLightPage *self,
            const char     *cvr,
            const char     *organisation)
{
  gboolean cvr_changed = g_strcmp0 (self->cvr, cvr) != 0;

  g_free (self->organisation);
  self->organisation = g_strdup (organisation);

  if (cvr_changed)
    {
      g_free (self->cvr);
      self->cvr = g_strdup (cvr);
      lookup_drafted (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CVR]);
    }

  update_preview (self);
}

static void
organisation_changed_cb (OkIdmLightPage *self)
{
  set_target (self, ok_organisation_group_get_cvr (self->organisation_group),
              ok_organisation_group_get_organisation (self->organisation_group));
}

static void
settings_changed_cb (OkIdmLightPage *self,
                     const char     *key)
{
  if (g_str_has_prefix (key, "contact-"))
    update_preview (self);
}

static void
remember_drafted_done (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(OkIdmLightPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ok_idm_light_remember_drafted_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, error->message);
}

/* @cvr may no longer be the one shown: the user can pick another while the e-mail app starts. */
static void
mark_drafted (OkIdmLightPage *self,
              const char     *cvr)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (g_strcmp0 (cvr, self->cvr) == 0)
    {
      /* A lookup still under way would otherwise answer with the older date, or none. */
      g_cancellable_cancel (self->lookup_cancellable);
      show_drafted (self, now);
    }
  ok_idm_light_remember_drafted_async (cvr, now, self->cancellable, remember_drafted_done, g_object_ref (self));
}

typedef struct
{
  OkIdmLightPage *self;
  char           *cvr;
} OpenJob;

static void
open_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  OpenJob *job = user_data;
  g_autoptr(OkIdmLightPage) self = job->self;
  g_autofree char *cvr = job->cvr;
  g_autoptr(GError) error = NULL;

  g_free (job);

  if (!ok_open_uri_finish (result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why no e-mail app could be opened */
      message = g_strdup_printf (_("No e-mail app could be opened (%s). Copy the text instead."), error->message);
      show_toast (self, message);
      return;
    }

  mark_drafted (self, cvr);
  show_toast (self, _("Check the e-mail in your e-mail app and send it"));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OkIdmLightPage *self = OK_IDM_LIGHT_PAGE (widget);
  g_autofree char *uri = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  OpenJob *job;

  if (self->cvr == NULL)
    return;

  uri = build_mailto_uri (self);
  job = g_new0 (OpenJob, 1);
  job->self = g_object_ref (self);
  job->cvr = g_strdup (self->cvr);
  ok_open_uri_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, self->cancellable, open_done, job);
}

static void
copy_text (OkIdmLightPage *self,
           const char     *text,
           const char     *toast)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  show_toast (self, toast);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OkIdmLightPage *self = OK_IDM_LIGHT_PAGE (widget);
  g_autofree char *body = NULL;

  if (self->cvr == NULL)
    return;

  body = build_body (self);
  copy_text (self, body, _("E-mail text copied"));
  mark_drafted (self, self->cvr);
}

static void
copy_recipient_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  copy_text (OK_IDM_LIGHT_PAGE (widget), OK_IDM_LIGHT_RECIPIENT, _("Address copied"));
}

static void
copy_subject_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  copy_text (OK_IDM_LIGHT_PAGE (widget), OK_IDM_LIGHT_SUBJECT, _("Subject copied"));
}

GListModel *
ok_idm_light_page_get_store (OkIdmLightPage *self)
{
  g_return_val_if_fail (OK_IS_IDM_LIGHT_PAGE (self), NULL);

  return ok_organisation_group_get_store (self->organisation_group);
}

/**
 * ok_idm_light_page_set_store:
 * @store: (nullable): a #GListModel of #OkCertificate, normally the application's #OkStore
 *
 * The organisations offered are the distinct CVR numbers in @store.
 */
void
ok_idm_light_page_set_store (OkIdmLightPage *self,
                             GListModel     *store)
{
  g_return_if_fail (OK_IS_IDM_LIGHT_PAGE (self));
  g_return_if_fail (store == NULL || G_IS_LIST_MODEL (store));

  if (ok_organisation_group_get_store (self->organisation_group) == store)
    return;

  ok_organisation_group_set_store (self->organisation_group, store);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * ok_idm_light_page_get_cvr:
 *
 * Returns: (nullable): the CVR number the e-mail is drafted for, or %NULL while none is chosen
 *   or the typed one is not eight digits
 */
const char *
ok_idm_light_page_get_cvr (OkIdmLightPage *self)
{
  g_return_val_if_fail (OK_IS_IDM_LIGHT_PAGE (self), NULL);

  return self->cvr;
}

/**
 * ok_idm_light_page_select_cvr:
 * @cvr: a CVR number, as a failed renewal names it
 *
 * Chooses @cvr: its organisation when the store has it, otherwise typed in. Also once the
 * store has finished loading, unless the user has chosen something else by then.
 */
void
ok_idm_light_page_select_cvr (OkIdmLightPage *self,
                              const char     *cvr)
{
  g_return_if_fail (OK_IS_IDM_LIGHT_PAGE (self));
  g_return_if_fail (cvr != NULL);

  ok_organisation_group_select_cvr (self->organisation_group, cvr);
}

static void
ok_idm_light_page_dispose (GObject *object)
{
  OkIdmLightPage *self = OK_IDM_LIGHT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lookup_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_IDM_LIGHT_PAGE);

  G_OBJECT_CLASS (ok_idm_light_page_parent_class)->dispose (object);
}

static void
ok_idm_light_page_finalize (GObject *object)
{
  OkIdmLightPage *self = OK_IDM_LIGHT_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_pointer (&self->cvr, g_free);
  g_clear_pointer (&self->organisation, g_free);

  G_OBJECT_CLASS (ok_idm_light_page_parent_class)->finalize (object);
}

static void
ok_idm_light_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OkIdmLightPage *self = OK_IDM_LIGHT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, ok_idm_light_page_get_store (self));
      break;
    case PROP_CVR:
      g_value_set_string (value, self->cvr);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_idm_light_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OkIdmLightPage *self = OK_IDM_LIGHT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ok_idm_light_page_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_idm_light_page_class_init (OkIdmLightPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (OK_TYPE_ORGANISATION_GROUP);

  object_class->dispose = ok_idm_light_page_dispose;
  object_class->finalize = ok_idm_light_page_finalize;
  object_class->get_property = ok_idm_light_page_get_property;
  object_class->set_property = ok_idm_light_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CVR] =
    g_param_spec_string ("cvr", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/oceskeeper/OcesKeeper/ok-idm-light-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OkIdmLightPage, organisation_group);
  gtk_widget_class_bind_template_child (widget_class, OkIdmLightPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, OkIdmLightPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, OkIdmLightPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, OkIdmLightPage, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, OkIdmLightPage, subject_row);
  gtk_widget_class_bind_template_child (widget_class, OkIdmLightPage, preview_label);
  gtk_widget_class_bind_template_child (widget_class, OkIdmLightPage, drafted_label);
  /* Bound for the tests, which drive the real buttons. */
  gtk_widget_class_bind_template_child_full (widget_class, "open_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "copy_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, organisation_changed_cb);

  gtk_widget_class_install_action (widget_class, "idm-light.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "idm-light.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "idm-light.copy-recipient", NULL, copy_recipient_action);
  gtk_widget_class_install_action (widget_class, "idm-light.copy-subject", NULL, copy_subject_action);
}

static void
ok_idm_light_page_init (OkIdmLightPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();

  adw_action_row_set_subtitle (self->recipient_row, OK_IDM_LIGHT_RECIPIENT);
  adw_action_row_set_subtitle (self->subject_row, OK_IDM_LIGHT_SUBJECT);

  /* Edited here, saved for the next time and shared with Preferences. */
  g_settings_bind (self->settings, "contact-name", self->name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "contact-email", self->email_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "contact-phone", self->phone_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  organisation_changed_cb (self);
}
