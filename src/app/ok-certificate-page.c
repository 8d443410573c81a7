/* ok-certificate-page.c — the detail pane: one certificate's state, renewal, settings, facts and
 * event log
 *
 * The page is given a certificate *id*. The store replaces a certificate's object when it is
 * renewed, so the page looks the id up again whenever the store changes and follows the new
 * object; the old one is never held on to. Everything shown is refilled from the current object
 * (and the clock) in update(); the renewal's progress and error come from the application-wide
 * OkRenewal of that certificate, so they survive moving between certificates.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-certificate-dialogs.h"
#include "ok-certificate-page.h"
#include "ok-event-row.h"
#include "ok-facts-group.h"
#include "ok-format.h"
#include "ok-grid-row.h"
#include "ok-lazy-menu.h"
#include "ok-renewal-panel.h"
#include "ok-reversed-list.h"
#include "ok-state.h"
#include "ok-status-badge.h"

struct _OkCertificatePage
{
  AdwBin          parent_instance;

  OkStore        *store;
  char           *certificate_id;
  OkCertificate  *certificate;
  OkRenewal      *renewal;
  OkReversedList *events;
  gint64          now;
  guint           default_window_days;
  gboolean        can_renew;
  gboolean        filling;

  AdwHeaderBar   *header_bar;
  AdwWindowTitle *window_title;
  GtkWidget      *back_button;
  GtkMenuButton  *menu_button;
  GMenuModel     *certificate_menu;
  GtkStack       *stack;
  GtkLabel       *name_label;
  OkStatusBadge  *badge;
  GtkLevelBar    *validity_bar;
  GtkLabel       *validity_label;
  GtkWidget      *renew_button;
  OkRenewalPanel *renewal_panel;
  OkGridRow      *auto_renew_row;
  GtkSwitch      *auto_renew_switch;
  OkGridRow      *window_row;
  GtkSpinButton  *window_spin;
  OkGridRow      *window_default_row;
  GtkSwitch      *window_default_switch;
  OkFactsGroup   *facts;
  GtkWidget      *events_group;
  GtkListBox     *events_list;
  GtkWidget      *remove_button;
};

G_DEFINE_FINAL_TYPE (OkCertificatePage, ok_certificate_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CERTIFICATE_ID,
  PROP_CAN_RENEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update (OkCertificatePage *self);

/* ok_store_lookup() also accepts a prefix, which an id we were given never is. */
static OkCertificate *
lookup_exact (OkStore    *store,
              const char *id)
{
  OkCertificate *certificate;

  if (store == NULL || id == NULL)
    return NULL;

  certificate = ok_store_lookup (store, id, NULL);
  return certificate != NULL && g_str_equal (ok_certificate_get_id (certificate), id) ? certificate : NULL;
}

static GtkWidget *
create_event_row (gpointer item,
                  gpointer user_data)
{
  return ok_event_row_new (OK_EVENT (item));
}

static void
certificate_changed (OkCertificatePage *self)
{
  update (self);
}

/* The facts, the chain and the event log are below the fold at any window height, and were 94
 * million of the 1.14 billion instructions up to the window's first frame (5–8 ms of it): when
 * the page starts showing a certificate (at start-up, or the first one a store gets, after the
 * issue or import dialog closes), they appear in the frame after the rest. Showing another
 * certificate, they stay, and so does the scroll. */
static void
set_lower_part_visible (OkCertificatePage *self,
                        gboolean           visible)
{
  gtk_widget_set_visible (GTK_WIDGET (self->facts), visible);
  gtk_widget_set_visible (self->events_group, visible);
  gtk_widget_set_visible (self->remove_button, visible);
}

static void
show_lower_part_after_paint (GdkFrameClock     *clock,
                             OkCertificatePage *self)
{
  g_signal_handlers_disconnect_by_func (clock, show_lower_part_after_paint, self);
  set_lower_part_visible (self, TRUE);
}

static void
show_lower_part_after_map (OkCertificatePage *self)
{
  g_signal_handlers_disconnect_by_func (self, show_lower_part_after_map, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (show_lower_part_after_paint), self, 0);
}

static void
defer_lower_part (OkCertificatePage *self)
{
  set_lower_part_visible (self, FALSE);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_lower_part_after_map (self);
  else if (g_signal_handler_find (self, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, show_lower_part_after_map, NULL) == 0)
    g_signal_connect (self, "map", G_CALLBACK (show_lower_part_after_map), NULL);
}

/* Points the page at @certificate (the current object for the id), or at nothing. */
static void
bind_certificate (OkCertificatePage *self,
                  OkCertificate     *certificate)
{
  if (self->certificate == certificate)
    return;

  if (self->certificate == NULL && certificate != NULL)
    defer_lower_part (self);

  if (self->certificate != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->certificate, self);
      g_signal_handlers_disconnect_by_data (ok_certificate_get_events (self->certificate), self);
    }
  /* Another certificate's log is all new; the same one's, read again, mostly is not. */
  if (self->certificate == NULL || certificate == NULL ||
      !g_str_equal (ok_certificate_get_id (self->certificate), ok_certificate_get_id (certificate)))
    ok_reversed_list_set_model (self->events, NULL, ok_event_equal);
  g_set_object (&self->certificate, certificate);

  if (certificate != NULL)
    {
      g_signal_connect_swapped (certificate, "notify", G_CALLBACK (certificate_changed), self);
      g_signal_connect_swapped (ok_certificate_get_events (certificate), "items-changed",
                                G_CALLBACK (certificate_changed), self);
    }
  ok_reversed_list_set_model (self->events, certificate != NULL ? ok_certificate_get_events (certificate) : NULL,
                              ok_event_equal);
}

static void
store_changed (OkCertificatePage *self)
{
  /* A renewal replaces the certificate with one that starts about now. */
  self->now = g_get_real_time () / G_USEC_PER_SEC;
  bind_certificate (self, lookup_exact (self->store, self->certificate_id));
  update (self);
}

static void
renewal_changed (OkCertificatePage *self)
{
  update (self);
}

static void
set_can_renew (OkCertificatePage *self,
               gboolean           can_renew)
{
  if (self->can_renew == can_renew)
    return;

  self->can_renew = can_renew;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RENEW]);
}

static void
update_settings (OkCertificatePage *self)
{
  OkCertificate *certificate = self->certificate;
  gboolean has_key = ok_certificate_get_has_private_key (certificate);
  gboolean refused = ok_state_get_renewal_refusal (certificate) != NULL;
  gboolean expired = self->now >= ok_certificate_get_not_after (certificate);
  guint own_days = ok_certificate_get_renewal_window_days (certificate);
  gboolean uses_default = own_days == 0;
  g_autofree char *window_subtitle = NULL;
  g_autofree char *default_subtitle = NULL;

  self->filling = TRUE;
  /* What cannot be renewed any more is not shown as renewing by itself, whatever its setting. */
  gtk_switch_set_active (self->auto_renew_switch, ok_state_renews_automatically (certificate) && !expired);
  gtk_switch_set_active (self->window_default_switch, uses_default);
  gtk_spin_button_set_value (self->window_spin, uses_default ? self->default_window_days : own_days);
  self->filling = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->window_spin), !uses_default);

  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_renew_switch), has_key && !refused && !expired);
  if (refused && ok_state_is_revoked (certificate))
    ok_grid_row_set_subtitle (self->auto_renew_row, _("Not possible: the CA has revoked this certificate"));
  else if (refused)
    ok_grid_row_set_subtitle (self->auto_renew_row,
                              _("Not possible: OCES2 certificates cannot be renewed, only replaced by an OCES3 certificate"));
  else if (expired)
    ok_grid_row_set_subtitle (self->auto_renew_row,
                              _("Not possible: the certificate has expired, and only a valid certificate can be renewed"));
  else
    ok_grid_row_set_subtitle (self->auto_renew_row,
                              has_key ? _("Renew by itself inside the renewal window")
                                      : _("Not possible: OCES Keeper only watches this certificate and does not hold its private key"));

  if (uses_default)
    window_subtitle = g_strdup (_("Days before expiry: the default from Preferences"));
  else
    window_subtitle = g_strdup_printf (ngettext ("Renew %u day before expiry",
                                                 "Renew %u days before expiry",
                                                 own_days),
                                       own_days);
  default_subtitle = g_strdup_printf (ngettext ("The one set in Preferences, now %u day",
                                                "The one set in Preferences, now %u days",
                                                self->default_window_days),
                                      self->default_window_days);
  ok_grid_row_set_subtitle (self->window_default_row, default_subtitle);
  ok_grid_row_set_subtitle (self->window_row, window_subtitle);
}

/* The bar turns the badge's colour once the certificate needs attention. */
static void
update_validity_colour (OkCertificatePage *self,
                        OkState            state)
{
  gboolean expired = state == OK_STATE_EXPIRED || state == OK_STATE_REVOKED;
  gboolean due = state == OK_STATE_RENEWAL_DUE || state == OK_STATE_EXPIRING_SOON || state == OK_STATE_RENEWAL_FAILING;

  if (expired)
    gtk_widget_add_css_class (GTK_WIDGET (self->validity_bar), "expired");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->validity_bar), "expired");

  if (due)
    gtk_widget_add_css_class (GTK_WIDGET (self->validity_bar), "due");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->validity_bar), "due");
}

static void
update (OkCertificatePage *self)
{
  OkCertificate *certificate = self->certificate;
  gboolean running = self->renewal != NULL && ok_renewal_get_running (self->renewal);
  g_autofree char *caption = NULL;
  gint64 not_before, not_after;
  double elapsed = 0;
  OkState state;

  /* Always the time of this drawing: a renewal replaces the certificate by one that starts
   * after the page last took the time, which read as "not yet valid" without a day count. */
  self->now = g_get_real_time () / G_USEC_PER_SEC;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.rename", certificate != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.export", certificate != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.remove", certificate != NULL && !running);

  if (certificate == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      adw_window_title_set_title (self->window_title, "");
      set_can_renew (self, FALSE);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "details");
  adw_window_title_set_title (self->window_title, ok_certificate_get_name (certificate));
  gtk_label_set_text (self->name_label, ok_certificate_get_name (certificate));
  state = ok_state_compute (certificate, self->now, self->default_window_days);
  ok_status_badge_set_state (self->badge, state);

  not_before = ok_certificate_get_not_before (certificate);
  not_after = ok_certificate_get_not_after (certificate);
  if (not_after > not_before)
    elapsed = CLAMP ((double) (self->now - not_before) / (double) (not_after - not_before), 0.0, 1.0);
  gtk_level_bar_set_value (self->validity_bar, elapsed);
  update_validity_colour (self, state);
  caption = ok_format_validity_caption (certificate, self->now);
  gtk_label_set_text (self->validity_label, caption);

  set_can_renew (self, ok_certificate_get_has_private_key (certificate) && ok_state_get_renewal_refusal (certificate) == NULL &&
                       self->now < not_after && !running);
  /* Blue only when renewing is the next step: inside the renewal window and not after a
   * failure, where the panel's Retry is. A button that cannot be used is never blue. */
  if (self->can_renew && (state == OK_STATE_RENEWAL_DUE || state == OK_STATE_EXPIRING_SOON))
    gtk_widget_add_css_class (self->renew_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->renew_button, "suggested-action");
  ok_renewal_panel_update (self->renewal_panel, certificate, self->renewal, self->now);
  update_settings (self);
  ok_facts_group_set_certificate (self->facts, certificate);
}

/* ---- settings ------------------------------------------------------------------------------- */

static void
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(OkCertificatePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ok_store_update_finish (OK_STORE (object), result, &error))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
}

/* Only the field that changed: another process may have renamed or renewed the entry. */
static void
save (OkCertificatePage *self,
      OkStoreFields      field)
{
  ok_store_update_async (self->store, self->certificate, field, NULL, NULL, saved, g_object_ref (self));
}

static void
auto_renew_toggled_cb (OkCertificatePage *self)
{
  if (self->filling || self->certificate == NULL)
    return;

  ok_certificate_set_auto_renew (self->certificate, gtk_switch_get_active (self->auto_renew_switch));
  save (self, OK_STORE_FIELD_AUTO_RENEW);
}

static void
window_changed_cb (OkCertificatePage *self)
{
  if (self->filling || self->certificate == NULL)
    return;

  ok_certificate_set_renewal_window_days (self->certificate, (guint) gtk_spin_button_get_value_as_int (self->window_spin));
  save (self, OK_STORE_FIELD_RENEWAL_WINDOW);
}

/* Stored as 0, "the default"; turned off, the certificate starts from the default's value. */
static void
window_default_toggled_cb (OkCertificatePage *self)
{
  if (self->filling || self->certificate == NULL)
    return;

  ok_certificate_set_renewal_window_days (self->certificate,
                                          gtk_switch_get_active (self->window_default_switch)
                                            ? 0 : (guint) gtk_spin_button_get_value_as_int (self->window_spin));
  save (self, OK_STORE_FIELD_RENEWAL_WINDOW);
}

/* ---- actions -------------------------------------------------------------------------------- */

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OkCertificatePage *self = OK_CERTIFICATE_PAGE (widget);

  if (self->certificate != NULL)
    ok_certificate_rename_present (widget, self->store, self->certificate);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OkCertificatePage *self = OK_CERTIFICATE_PAGE (widget);

  if (self->certificate != NULL)
    ok_certificate_confirm_remove_present (widget, self->certificate);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OkCertificatePage *self = OK_CERTIFICATE_PAGE (widget);

  if (self->certificate_id != NULL)
    gtk_widget_activate_action (widget, "win.export", "s", self->certificate_id);
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
ok_certificate_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OkCertificatePage *self = OK_CERTIFICATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATE_ID:
      g_value_set_string (value, self->certificate_id);
      break;
    case PROP_CAN_RENEW:
      g_value_set_boolean (value, self->can_renew);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_certificate_page_dispose (GObject *object)
{
  OkCertificatePage *self = OK_CERTIFICATE_PAGE (object);

  if (self->events_list != NULL)
    gtk_list_box_bind_model (self->events_list, NULL, NULL, NULL, NULL);
  bind_certificate (self, NULL);
  g_clear_object (&self->events);
  if (self->renewal != NULL)
    g_signal_handlers_disconnect_by_data (self->renewal, self);
  g_clear_object (&self->renewal);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_CERTIFICATE_PAGE);

  G_OBJECT_CLASS (ok_certificate_page_parent_class)->dispose (object);
}

static void
ok_certificate_page_finalize (GObject *object)
{
  OkCertificatePage *self = OK_CERTIFICATE_PAGE (object);

  g_free (self->certificate_id);

  G_OBJECT_CLASS (ok_certificate_page_parent_class)->finalize (object);
}

static void
ok_certificate_page_class_init (OkCertificatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ok_certificate_page_get_property;
  object_class->dispose = ok_certificate_page_dispose;
  object_class->finalize = ok_certificate_page_finalize;

  properties[PROP_CERTIFICATE_ID] =
    g_param_spec_string ("certificate-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_RENEW] =
    g_param_spec_boolean ("can-renew", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "page.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "page.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "page.export", NULL, export_action);

  g_type_ensure (OK_TYPE_STATUS_BADGE);
  g_type_ensure (OK_TYPE_RENEWAL_PANEL);
  g_type_ensure (OK_TYPE_FACTS_GROUP);
  g_type_ensure (OK_TYPE_GRID_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ok-certificate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, window_title);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, back_button);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, certificate_menu);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, stack);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, badge);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, validity_bar);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, validity_label);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, renew_button);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, renewal_panel);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, auto_renew_row);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, auto_renew_switch);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, window_row);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, window_spin);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, window_default_row);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, window_default_switch);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, facts);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, events_group);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, events_list);
  gtk_widget_class_bind_template_child (widget_class, OkCertificatePage, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, auto_renew_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, window_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, window_default_toggled_cb);
}

static void
ok_certificate_page_init (OkCertificatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ok_lazy_menu_attach (self->menu_button, self->certificate_menu);

  self->events = ok_reversed_list_new (OK_TYPE_EVENT);
  gtk_list_box_bind_model (self->events_list, G_LIST_MODEL (self->events), create_event_row, NULL, NULL);

  self->now = g_get_real_time () / G_USEC_PER_SEC;
  self->default_window_days = OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS;

  /* The elapsed part of the validity is neither good nor bad in itself, so the bar keeps one
   * colour instead of GtkLevelBar's low/high/full offsets. */
  gtk_level_bar_remove_offset_value (self->validity_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->validity_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->validity_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->validity_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Part of the validity period that has passed"),
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->validity_bar),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->validity_label, NULL,
                                  -1);

  update (self);
}

GtkWidget *
ok_certificate_page_new (void)
{
  return g_object_new (OK_TYPE_CERTIFICATE_PAGE, NULL);
}

void
ok_certificate_page_set_store (OkCertificatePage *self,
                               OkStore           *store)
{
  g_return_if_fail (OK_IS_CERTIFICATE_PAGE (self));
  g_return_if_fail (store == NULL || OK_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_swapped (store, "items-changed", G_CALLBACK (store_changed), self);

  store_changed (self);
}

/**
 * ok_certificate_page_show:
 * @certificate_id: (nullable): the certificate to show, or %NULL for none
 * @renewal: (nullable): its renewal, whose progress and last error the page shows
 */
void
ok_certificate_page_show (OkCertificatePage *self,
                          const char        *certificate_id,
                          OkRenewal         *renewal)
{
  g_return_if_fail (OK_IS_CERTIFICATE_PAGE (self));
  g_return_if_fail (renewal == NULL || OK_IS_RENEWAL (renewal));

  if (self->renewal != renewal)
    {
      if (self->renewal != NULL)
        g_signal_handlers_disconnect_by_data (self->renewal, self);
      g_set_object (&self->renewal, renewal);
      if (renewal != NULL)
        g_signal_connect_swapped (renewal, "notify", G_CALLBACK (renewal_changed), self);
    }

  if (g_strcmp0 (self->certificate_id, certificate_id) != 0)
    {
      g_free (self->certificate_id);
      self->certificate_id = g_strdup (certificate_id);
      /* Another certificate starts at the top, not where the last one was scrolled to. */
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
                                  gtk_stack_get_child_by_name (self->stack, "details"))), 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_ID]);
    }

  self->now = g_get_real_time () / G_USEC_PER_SEC;
  store_changed (self);
}

const char *
ok_certificate_page_get_certificate_id (OkCertificatePage *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE_PAGE (self), NULL);

  return self->certificate_id;
}

/**
 * ok_certificate_page_get_certificate:
 *
 * Returns: (transfer none) (nullable): the object currently in the store for the id shown
 */
OkCertificate *
ok_certificate_page_get_certificate (OkCertificatePage *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE_PAGE (self), NULL);

  return self->certificate;
}

gboolean
ok_certificate_page_get_can_renew (OkCertificatePage *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE_PAGE (self), FALSE);

  return self->can_renew;
}

void
ok_certificate_page_set_default_window_days (OkCertificatePage *self,
                                             guint              days)
{
  g_return_if_fail (OK_IS_CERTIFICATE_PAGE (self));

  self->default_window_days = days;
  update (self);
}

/**
 * ok_certificate_page_set_folded:
 * @folded: whether the page fills the window alone (narrow window), so it needs a way back to
 *   the list and the window's own buttons
 */
void
ok_certificate_page_set_folded (OkCertificatePage *self,
                                gboolean           folded)
{
  g_return_if_fail (OK_IS_CERTIFICATE_PAGE (self));

  gtk_widget_set_visible (self->back_button, folded);
  adw_header_bar_set_show_start_title_buttons (self->header_bar, folded);
}

void
ok_certificate_page_refresh (OkCertificatePage *self)
{
  g_return_if_fail (OK_IS_CERTIFICATE_PAGE (self));

  self->now = g_get_real_time () / G_USEC_PER_SEC;
  update (self);
}
