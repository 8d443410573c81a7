/* ok-event-row.c — one entry of a certificate's event log: the message, what happened and when,
 * and on expanding the CA's full error text and a button that copies the entry as JSON (for a
 * support request)
 *
 * It is built like libadwaita's AdwExpanderRow, and styled by its rules (a row with the
 * "expander" class, a header row with an arrow, a revealer with a nested list), but its header
 * is an OkGridRow: AdwExpanderRow's header is an AdwActionRow, whose box layout searched over
 * heights and widths for its wrapping message on every layout (25 million instructions of the
 * window's first frame for one entry). The details are made when first shown.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-event-row.h"
#include "ok-format.h"
#include "ok-grid-row.h"

struct _OkEventRow
{
  AdwPreferencesRow  parent_instance;

  OkEvent           *event;
  OkGridRow         *header;
  GtkRevealer       *revealer;
  GtkListBox        *details_list;
};

G_DEFINE_FINAL_TYPE (OkEventRow, ok_event_row, ADW_TYPE_PREFERENCES_ROW)

const char *
ok_event_type_get_display_name (OkEventType type)
{
  switch (type)
    {
    case OK_EVENT_TYPE_IMPORTED:
      return C_("event", "Imported");
    case OK_EVENT_TYPE_ISSUED:
      return C_("event", "Issued");
    case OK_EVENT_TYPE_RENEWED:
      return C_("event", "Renewed");
    case OK_EVENT_TYPE_ISSUE_ERROR:
      return C_("event", "Issuing failed");
    case OK_EVENT_TYPE_RENEW_ERROR:
      return C_("event", "Renewal failed");
    case OK_EVENT_TYPE_EXPORTED:
      return C_("event", "Exported");
    case OK_EVENT_TYPE_EXPIRY_NOTICE:
      return C_("event", "Expiry reminder");
    case OK_EVENT_TYPE_RENAMED:
      return C_("event", "Renamed");
    case OK_EVENT_TYPE_REMOVED:
      return C_("event", "Removed");
    case OK_EVENT_TYPE_DEPLOYED:
      return C_("event", "Deployed");
    case OK_EVENT_TYPE_DEPLOY_ERROR:
      return C_("event", "Deployment failed");
    case OK_EVENT_TYPE_NOTIFIED:
      return C_("event", "Notified");
    case OK_EVENT_TYPE_REVOKED:
      return C_("event", "Revoked");
    case OK_EVENT_TYPE_KEY_ADDED:
      return C_("event", "Private key added");
    case OK_EVENT_TYPE_RENEWED_ELSEWHERE:
      return C_("event", "Renewed outside OCES Keeper");
    case OK_EVENT_TYPE_LOG_TRIMMED:
      return C_("event", "Log shortened");
    default:
      return ok_event_type_to_string (type);
    }
}

static GtkWidget *
make_details (OkEvent *event)
{
  g_autoptr(JsonNode) json = ok_event_to_json (event);
  g_autofree char *json_text = json_to_string (json, TRUE);
  const char *detailed_error = ok_event_get_detailed_error (event);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *button;

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  if (detailed_error != NULL && *detailed_error != '\0')
    {
      GtkWidget *label = gtk_label_new (detailed_error);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "monospace");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Error details"),
                                      -1);
      gtk_widget_set_name (label, "detailed-error");
      gtk_box_append (GTK_BOX (box), label);
    }

  /* The JSON travels as the action's target, so the row needs no way to reach the window. */
  button = gtk_button_new_with_mnemonic (_("_Copy as JSON"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _("Copy this entry for a support request"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.copy");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (json_text));
  gtk_widget_set_name (button, "copy-json");
  gtk_box_append (GTK_BOX (box), button);

  return box;
}

static void
ok_event_row_dispose (GObject *object)
{
  OkEventRow *self = OK_EVENT_ROW (object);

  g_clear_object (&self->event);

  G_OBJECT_CLASS (ok_event_row_parent_class)->dispose (object);
}

static void
ok_event_row_class_init (OkEventRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ok_event_row_dispose;
}

static void
header_activated (OkEventRow *self)
{
  ok_event_row_set_expanded (self, !ok_event_row_get_expanded (self));
}

/* The arrow keys leave the row's own lists for the rows around it, as in AdwExpanderRow
 * (GtkListBox would ring the bell at its only row). */
static gboolean
keynav_failed (OkEventRow       *self,
               GtkDirectionType  direction)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));

  if (root == NULL || (direction != GTK_DIR_UP && direction != GTK_DIR_DOWN))
    return FALSE;

  return gtk_widget_child_focus (root, direction == GTK_DIR_UP ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
}

static void
ok_event_row_init (OkEventRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header_list = gtk_list_box_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("pan-down-symbolic");

  gtk_widget_add_css_class (GTK_WIDGET (self), "expander");
  /* Focus and activation belong to the header, as in AdwExpanderRow. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (header_list), GTK_SELECTION_NONE);
  self->header = ok_grid_row_new (NULL);
  /* The header shows the row's title, as AdwExpanderRow's does. */
  g_object_bind_property (self, "use-markup", self->header, "use-markup", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "title", self->header, "title", G_BINDING_SYNC_CREATE);
  gtk_widget_add_css_class (GTK_WIDGET (self->header), "header");
  gtk_widget_add_css_class (arrow, "expander-row-arrow");
  ok_grid_row_add_suffix (self->header, arrow);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->header), GTK_ACCESSIBLE_STATE_EXPANDED, FALSE, -1);
  gtk_list_box_append (GTK_LIST_BOX (header_list), GTK_WIDGET (self->header));
  g_signal_connect_swapped (header_list, "row-activated", G_CALLBACK (header_activated), self);
  g_signal_connect_swapped (header_list, "keynav-failed", G_CALLBACK (keynav_failed), self);
  gtk_box_append (GTK_BOX (box), header_list);

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  self->details_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->details_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->details_list), "nested");
  g_signal_connect_swapped (self->details_list, "keynav-failed", G_CALLBACK (keynav_failed), self);
  gtk_revealer_set_child (self->revealer, GTK_WIDGET (self->details_list));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->revealer));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
}

GtkWidget *
ok_event_row_new (OkEvent *event)
{
  OkEventRow *self;
  OkEventType type;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (OK_IS_EVENT (event), NULL);

  self = g_object_new (OK_TYPE_EVENT_ROW, NULL);
  self->event = g_object_ref (event);
  type = ok_event_get_event_type (event);
  when = ok_format_date_time (ok_event_get_time (event) / G_USEC_PER_SEC);
  /* Translators: an event-log entry's subtitle, "Renewed · 24 March 2029, 14:03" */
  subtitle = g_strdup_printf (_("%s · %s"), ok_event_type_get_display_name (type), when);

  /* Messages may quote certificate names, which are not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), ok_event_get_message (event));
  ok_grid_row_set_subtitle (self->header, subtitle);

  if (ok_event_type_is_error (type))
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");

      gtk_widget_add_css_class (icon, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error"), -1);
      ok_grid_row_add_prefix (self->header, icon);
    }

  return GTK_WIDGET (self);
}

const char *
ok_event_row_get_subtitle (OkEventRow *self)
{
  g_return_val_if_fail (OK_IS_EVENT_ROW (self), NULL);

  return ok_grid_row_get_subtitle (self->header);
}

gboolean
ok_event_row_get_expanded (OkEventRow *self)
{
  g_return_val_if_fail (OK_IS_EVENT_ROW (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

/**
 * ok_event_row_set_expanded:
 *
 * Shows or hides the entry's details (made the first time they are shown), as activating its
 * header does.
 */
void
ok_event_row_set_expanded (OkEventRow *self,
                           gboolean    expanded)
{
  g_return_if_fail (OK_IS_EVENT_ROW (self));

  expanded = !!expanded;
  if (expanded == ok_event_row_get_expanded (self))
    return;

  if (expanded && gtk_widget_get_first_child (GTK_WIDGET (self->details_list)) == NULL)
    gtk_list_box_append (self->details_list, make_details (self->event));

  /* "checked" turns the arrow, as libadwaita's style does for its expander rows. */
  if (expanded)
    gtk_widget_set_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_CHECKED, FALSE);
  else
    gtk_widget_unset_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_CHECKED);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->header), GTK_ACCESSIBLE_STATE_EXPANDED, expanded, -1);
  gtk_revealer_set_reveal_child (self->revealer, expanded);
}

OkEvent *
ok_event_row_get_event (OkEventRow *self)
{
  g_return_val_if_fail (OK_IS_EVENT_ROW (self), NULL);

  return self->event;
}
