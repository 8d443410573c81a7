/* ok-guide-window.c — the guides window: portal set-up, IdM light (renewal), e-mail validation,
 * expired certificates
 *
 * One guides window per main window: asking for another guide while it is open switches its
 * page and raises it. The buttons that start work (issue, import) go through the main window's
 * actions, so the guides never need to know how those flows are built.
 *
 * Opened from the Issue Certificate dialog, which is modal, the guides are a window of that
 * dialog's own: modal on top of it (GTK gives input to the newest modal window only, so a
 * guide beside the dialog could not be clicked), worded for issuing, and Escape closes the
 * guide before the dialog with the form.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-application.h"
#include "ok-guide-step.h"
#include "ok-guide-window.h"
#include "ok-idm-light-page.h"

#define GUIDE_WINDOW_KEY "ok-guide-window"

struct _OkGuideWindow
{
  AdwWindow        parent_instance;

  AdwLeaflet      *leaflet;
  GtkWidget       *sidebar_box;
  GtkWidget       *content_box;
  GtkListBox      *sidebar;
  GtkStack        *stack;
  AdwWindowTitle  *content_title;
  OkIdmLightPage  *idm_light_page;
  GtkLabel        *validate_email_intro;
  AdwActionRow    *validate_email_step_2;
  AdwActionRow    *validate_email_step_3;
  AdwActionRow    *validate_email_step_6;
  GtkButton       *portal_setup_issue_button;
  GtkButton       *expired_issue_button;
  GtkWidget       *expired_import_button;

  OkGuideContext   context;
};

G_DEFINE_FINAL_TYPE (OkGuideWindow, ok_guide_window, ADW_TYPE_WINDOW)

static GtkListBoxRow *
find_sidebar_row (OkGuideWindow *self,
                  const char    *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && g_str_equal (gtk_widget_get_name (row), name))
        return GTK_LIST_BOX_ROW (row);
    }
  return NULL;
}

static void
visible_guide_changed_cb (OkGuideWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);

  if (name == NULL || child == NULL)
    return;

  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)));
  gtk_list_box_select_row (self->sidebar, find_sidebar_row (self, name));
}

static void
sidebar_row_activated_cb (OkGuideWindow *self,
                          GtkListBoxRow *row)
{
  gtk_stack_set_visible_child_name (self->stack, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

/* Folded, the sidebar would keep its selection highlighted as if it were a second page. */
static void
folded_changed_cb (OkGuideWindow *self)
{
  gtk_list_box_set_selection_mode (self->sidebar, adw_leaflet_get_folded (self->leaflet) ? GTK_SELECTION_NONE : GTK_SELECTION_SINGLE);
  if (!adw_leaflet_get_folded (self->leaflet))
    visible_guide_changed_cb (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OkGuideWindow *self = OK_GUIDE_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Hands the work to the main window, then gets out of its way. */
static void
forward_to_parent (OkGuideWindow *self,
                   const char    *action)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent == NULL || !gtk_widget_activate_action (GTK_WIDGET (parent), action, NULL))
    {
      g_debug ("The guides' parent cannot do %s", action);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
issue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OkGuideWindow *self = OK_GUIDE_WINDOW (widget);

  /* From the Issue Certificate dialog, issuing is going back to its form. */
  if (self->context == OK_GUIDE_CONTEXT_ISSUING)
    gtk_window_close (GTK_WINDOW (self));
  else
    forward_to_parent (self, "win.issue");
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  forward_to_parent (OK_GUIDE_WINDOW (widget), "win.import");
}

static void
set_step (AdwActionRow *step,
          const char   *title,
          const char   *subtitle)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (step), title);
  adw_action_row_set_subtitle (step, subtitle);
}

/* The template is worded for the main window, where an e-mail that is not validated stops a
 * renewal; from the Issue Certificate dialog it stopped an issuance, and the form waits. */
static void
word_for_issuing (OkGuideWindow *self)
{
  gtk_label_set_text (self->validate_email_intro,
                      _("MitID Erhverv issues a certificate only when the e-mail address of its certificate profile has been validated. The Issue Certificate form stays as you filled it in."));
  set_step (self->validate_email_step_2, _("Select the certificate profile"),
            _("Open the certificate profile whose reference number you entered."));
  set_step (self->validate_email_step_3, _("Have the validation e-mail sent"),
            _("Check the profile’s e-mail address and have the portal send the validation e-mail to it."));
  set_step (self->validate_email_step_6, _("Come back and issue"),
            _("Close this guide and press Retry in the Issue Certificate dialog. The one-time code you entered is kept."));

  gtk_button_set_label (self->portal_setup_issue_button, _("_Back to the Form"));
  gtk_button_set_label (self->expired_issue_button, _("_Back to the Form"));
  /* Importing is the main window's business; the dialog is in its way until it is closed. */
  gtk_widget_set_visible (self->expired_import_button, FALSE);
}

/**
 * ok_guide_window_get_context:
 *
 * Returns: where the guides were opened from
 */
OkGuideContext
ok_guide_window_get_context (OkGuideWindow *self)
{
  g_return_val_if_fail (OK_IS_GUIDE_WINDOW (self), OK_GUIDE_CONTEXT_WINDOW);

  return self->context;
}

/**
 * ok_guide_window_get_guide:
 *
 * Returns: the name of the guide shown: "portal-setup", "idm-light", "validate-email" or
 *   "expired"
 */
const char *
ok_guide_window_get_guide (OkGuideWindow *self)
{
  g_return_val_if_fail (OK_IS_GUIDE_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * ok_guide_window_show_guide:
 * @guide: "portal-setup", "idm-light", "idm-light:CVR", "validate-email" or "expired"
 *
 * Shows @guide; "idm-light:CVR" also chooses that organisation in the e-mail drafter. An
 * unknown name shows the first guide, so a newer caller never leaves the window empty.
 */
void
ok_guide_window_show_guide (OkGuideWindow *self,
                            const char    *guide)
{
  g_autofree char *name = NULL;
  const char *colon;

  g_return_if_fail (OK_IS_GUIDE_WINDOW (self));
  g_return_if_fail (guide != NULL);

  colon = strchr (guide, ':');
  name = colon != NULL ? g_strndup (guide, colon - guide) : g_strdup (guide);

  if (gtk_stack_get_child_by_name (self->stack, name) == NULL)
    {
      g_debug ("Unknown guide “%s”", guide);
      g_free (name);
      name = g_strdup ("portal-setup");
      colon = NULL;
    }

  if (colon != NULL && g_str_equal (name, "idm-light") && colon[1] != '\0')
    ok_idm_light_page_select_cvr (self->idm_light_page, colon + 1);

  gtk_stack_set_visible_child_name (self->stack, name);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
ok_guide_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OK_TYPE_GUIDE_WINDOW);

  G_OBJECT_CLASS (ok_guide_window_parent_class)->dispose (object);
}

static void
ok_guide_window_class_init (OkGuideWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ok_guide_window_dispose;

  g_type_ensure (OK_TYPE_GUIDE_STEP);
  g_type_ensure (OK_TYPE_IDM_LIGHT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/oceskeeper/OcesKeeper/ok-guide-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, idm_light_page);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, validate_email_intro);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, validate_email_step_2);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, validate_email_step_3);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, validate_email_step_6);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, portal_setup_issue_button);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, expired_issue_button);
  gtk_widget_class_bind_template_child (widget_class, OkGuideWindow, expired_import_button);
  /* Bound for the tests, which drive the real buttons. */
  for (const char * const *name = (const char *[]) { "back_button", "idm_light_row", "portal_setup_row",
                                                     "validate_email_row", NULL };
       *name != NULL; name++)
    gtk_widget_class_bind_template_child_full (widget_class, *name, FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, visible_guide_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  gtk_widget_class_install_action (widget_class, "guide.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "guide.issue", NULL, issue_action);
  gtk_widget_class_install_action (widget_class, "guide.import", NULL, import_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ok_guide_window_init (OkGuideWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  visible_guide_changed_cb (self);
  folded_changed_cb (self);
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/**
 * ok_guide_window_present:
 * @parent: (nullable): the main window; its `win.issue` and `win.import` actions serve the
 *   guides' buttons, and its application's store the organisations in the IdM light drafter
 * @guide: "portal-setup", "idm-light", "idm-light:CVR", "validate-email" or "expired"
 */
void
ok_guide_window_present (GtkWindow  *parent,
                         const char *guide)
{
  ok_guide_window_present_in_context (parent, guide, OK_GUIDE_CONTEXT_WINDOW);
}

/**
 * ok_guide_window_present_in_context:
 * @parent: (nullable): the main window, or for %OK_GUIDE_CONTEXT_ISSUING the Issue
 *   Certificate dialog
 * @guide: as for ok_guide_window_present()
 * @context: where the user is; decides the wording, and for %OK_GUIDE_CONTEXT_ISSUING makes
 *   the guides modal on top of @parent
 */
void
ok_guide_window_present_in_context (GtkWindow      *parent,
                                    const char     *guide,
                                    OkGuideContext  context)
{
  OkGuideWindow *self = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (guide != NULL);

  if (parent != NULL && g_object_get_data (G_OBJECT (parent), GUIDE_WINDOW_KEY) != NULL)
    self = g_weak_ref_get (g_object_get_data (G_OBJECT (parent), GUIDE_WINDOW_KEY));

  if (self == NULL)
    {
      GtkApplication *application = parent != NULL ? gtk_window_get_application (parent) : NULL;

      /* A dialog is not an application window, but its guides still show the app's store. */
      if (application == NULL && GTK_IS_APPLICATION (g_application_get_default ()))
        application = GTK_APPLICATION (g_application_get_default ());

      self = g_object_new (OK_TYPE_GUIDE_WINDOW,
                           "transient-for", parent,
                           "application", application,
                           "modal", context == OK_GUIDE_CONTEXT_ISSUING,
                           NULL);
      self->context = context;
      if (context == OK_GUIDE_CONTEXT_ISSUING)
        word_for_issuing (self);

      if (OK_IS_APPLICATION (application))
        ok_idm_light_page_set_store (self->idm_light_page, G_LIST_MODEL (ok_application_get_store (OK_APPLICATION (application))));

      if (parent != NULL)
        {
          GWeakRef *weak = g_new0 (GWeakRef, 1);

          g_weak_ref_init (weak, self);
          g_object_set_data_full (G_OBJECT (parent), GUIDE_WINDOW_KEY, weak, free_weak_ref);
        }
    }
  else
    {
      /* g_weak_ref_get() gave a reference; the window's toplevel list keeps it alive. */
      g_object_unref (self);
    }

  ok_guide_window_show_guide (self, guide);
  gtk_window_present (GTK_WINDOW (self));
}
