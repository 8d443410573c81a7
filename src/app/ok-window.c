/* ok-window.c — the main window: the certificate list and the detail page in a leaflet, the empty
 * state while there are no certificates, and keeping both current as the store and the clock
 * move. Its actions are in ok-window-actions.c.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-background.h"
#include "ok-certificate-sorter.h"
#include "ok-endpoints.h"
#include "ok-frame-pool.h"
#include "ok-icon-preload.h"
#include "ok-import-flow.h"
#include "ok-issue-dialog.h"
#include "ok-lazy-menu.h"
#include "ok-window-private.h"

/* States change with the clock (a day count, the start of a renewal window, the moment of
 * expiry), so the window looks again this often even when nothing else happens. */
#define REFRESH_INTERVAL_SECONDS (60 * 60)
/* Coming back to the window reads the clock again only if it was read longer ago than this. */
#define REFRESH_ON_FOCUS_SECONDS 60

G_DEFINE_FINAL_TYPE (OkWindow, ok_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  SIGNAL_ISSUE_CERTIFICATE,
  SIGNAL_IMPORT_FILE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static OkApplication *
get_application (OkWindow *self)
{
  return OK_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static gboolean
store_is_loaded (OkWindow *self)
{
  OkApplication *application = get_application (self);

  return application != NULL && self->store != NULL && ok_application_get_store_loaded (application);
}

/* ok_store_lookup() also accepts a prefix, which an id we were given never is. */
OkCertificate *
_ok_window_lookup (OkWindow   *self,
                   const char *id)
{
  OkCertificate *certificate;

  if (self->store == NULL || id == NULL)
    return NULL;

  certificate = ok_store_lookup (self->store, id, NULL);
  return certificate != NULL && g_str_equal (ok_certificate_get_id (certificate), id) ? certificate : NULL;
}

/* A toast's title is markup in libadwaita 1.2, and messages may quote certificate names. */
static AdwToast *
toast_new_literal (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

void
_ok_window_add_toast (OkWindow   *self,
                      const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast_new_literal (text));
}

/* ---- which page, which certificate ----------------------------------------------------------- */

static guint
count_kept (OkWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint kept = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (!ok_removal_queue_contains (self->removals, ok_certificate_get_id (certificate)))
        kept++;
    }

  return kept;
}

static void
update_stack (OkWindow *self)
{
  const char *shown = ok_certificate_list_get_selected_id (self->list);

  if (!store_is_loaded (self))
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  /* A database that cannot be used (damaged, from a newer version, unwritable): say so instead
   * of offering to add certificates to it. */
  if (ok_application_get_store_error (get_application (self)) != NULL)
    {
      adw_status_page_set_description (self->unusable_page, ok_application_get_store_error (get_application (self)));
      gtk_stack_set_visible_child_name (self->stack, "unusable");
      return;
    }

  if (count_kept (self) == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  ok_background_turn_on_first_time (self->settings, GTK_WINDOW (self));

  /* The certificate shown has gone (removed, or removed by another process): show the most
   * urgent one instead, which is what a wide window shows first anyway. */
  if (shown == NULL || _ok_window_lookup (self, shown) == NULL || ok_removal_queue_contains (self->removals, shown))
    {
      g_autofree char *first = ok_certificate_list_dup_first_id (self->list);

      _ok_window_show (self, first, FALSE);
      if (adw_leaflet_get_folded (self->leaflet))
        adw_leaflet_set_visible_child_name (self->leaflet, "list");
    }

  gtk_stack_set_visible_child_name (self->stack, "certificates");
}

/* The detail pane never shows what the list holds back: a certificate hidden by the search or
 * the filter leaves it empty, and shows again with its row. The list keeps the selection. */
static void
list_shown_changed (OkWindow *self)
{
  const char *selected = ok_certificate_list_get_selected_id (self->list);
  const char *shown = ok_certificate_page_get_certificate_id (self->page);

  if (selected == NULL)
    return;

  if (!ok_certificate_list_is_shown (self->list, selected))
    {
      if (shown != NULL)
        ok_certificate_page_show (self->page, NULL, NULL);
    }
  else if (shown == NULL)
    ok_certificate_page_show (self->page, selected, _ok_window_get_renewal (self, selected));
}

static void
renewal_succeeded (OkWindow      *self,
                   OkCertificate *certificate)
{
  g_autofree char *text = g_strdup_printf (_("Renewed “%s”"), ok_certificate_get_name (certificate));

  _ok_window_add_toast (self, text);
}

OkRenewal *
_ok_window_get_renewal (OkWindow   *self,
                        const char *id)
{
  OkRenewal *renewal = ok_application_get_renewal (get_application (self), id);

  if (!g_hash_table_contains (self->watched_renewals, renewal))
    {
      g_hash_table_add (self->watched_renewals, g_object_ref (renewal));
      g_signal_connect_object (renewal, "succeeded", G_CALLBACK (renewal_succeeded), self, G_CONNECT_SWAPPED);
    }

  return renewal;
}

void
_ok_window_show (OkWindow   *self,
                 const char *id,
                 gboolean    navigate)
{
  ok_certificate_list_select (self->list, id);
  ok_certificate_page_show (self->page, id, id != NULL ? _ok_window_get_renewal (self, id) : NULL);

  if (navigate && id != NULL)
    adw_leaflet_set_visible_child_name (self->leaflet, "details");
}

static void
start_renewal (OkWindow   *self,
               const char *id)
{
  _ok_window_show (self, id, TRUE);
  if (ok_certificate_page_get_can_renew (self->page))
    ok_renewal_start (_ok_window_get_renewal (self, id));
}

static void
refresh (OkWindow *self)
{
  self->clock_read_at = g_get_real_time () / G_USEC_PER_SEC;
  ok_certificate_list_refresh (self->list);
  ok_certificate_page_refresh (self->page);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  refresh (OK_WINDOW (user_data));

  return G_SOURCE_CONTINUE;
}

static void
default_window_changed (OkWindow *self)
{
  guint days = ok_endpoints_get_default_renewal_window ();

  ok_certificate_list_set_default_window_days (self->list, days);
  ok_certificate_page_set_default_window_days (self->page, days);
  if (self->store != NULL)
    ok_store_set_load_order (self->store, ok_certificate_sorter_sort_now, GUINT_TO_POINTER (days));
}

static void
store_items_changed (OkWindow *self)
{
  update_stack (self);
}

static void
store_loaded_changed (OkWindow *self)
{
  g_auto(GStrv) problems = NULL;
  g_autofree char *pending = g_steal_pointer (&self->pending_show_id);

  if (!store_is_loaded (self))
    return;

  update_stack (self);

  problems = ok_store_dup_problems (self->store);
  if (problems != NULL && problems[0] != NULL)
    {
      guint n = g_strv_length (problems);
      g_autofree char *text = g_strdup_printf (ngettext ("%u certificate could not be read: %s",
                                                         "%u certificates could not be read: %s", n),
                                               n, problems[0]);
      _ok_window_add_toast (self, text);
    }

  if (pending != NULL && self->pending_renew)
    ok_window_renew_certificate (self, pending);
  else if (pending != NULL)
    ok_window_show_certificate (self, pending);
  self->pending_renew = FALSE;
}

/* ---- removal with undo: what the queue reports ------------------------------------------------- */

static void
removal_changed (OkWindow   *self,
                 const char *id,
                 gboolean    pending)
{
  ok_certificate_list_set_hidden (self->list, id, pending);
  update_stack (self);
  if (!pending)
    _ok_window_show (self, id, FALSE);
}

static void
removal_failed (OkWindow   *self,
                const char *id,
                const char *message)
{
  ok_certificate_list_set_hidden (self->list, id, FALSE);
  _ok_window_add_toast (self, message);
  update_stack (self);
}

/* ---- template callbacks ------------------------------------------------------------------------ */

static void
certificate_activated_cb (OkWindow   *self,
                          const char *id)
{
  _ok_window_show (self, id, TRUE);
}

static void
filter_selected_cb (OkWindow *self)
{
  ok_certificate_list_set_filter (self->list, gtk_drop_down_get_selected (self->filter_dropdown));
}

static void
folded_changed_cb (OkWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  adw_header_bar_set_show_end_title_buttons (self->list_header, folded);
  ok_certificate_page_set_folded (self->page, folded);

}

static void
can_renew_changed_cb (OkWindow *self)
{
  GAction *renew = g_action_map_lookup_action (G_ACTION_MAP (self), "renew");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (renew), ok_certificate_page_get_can_renew (self->page));
}

/* The clock moved while the window was in the background. Not when it was just read: the
 * window becomes active right after it is made, before its first frame, and sorting and
 * filtering a thousand certificates again there cost 10 million instructions. */
static void
is_active_changed (OkWindow *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (gtk_window_is_active (GTK_WINDOW (self)) && ABS (now - self->clock_read_at) >= REFRESH_ON_FOCUS_SECONDS)
    refresh (self);
}

static gboolean
files_dropped (GtkDropTarget *target,
               const GValue  *value,
               double         x,
               double         y,
               OkWindow      *self)
{
  g_autoptr(GSList) files = gdk_file_list_get_files (g_value_get_boxed (value));

  for (GSList *l = files; l != NULL; l = l->next)
    ok_window_import_file (self, l->data);

  return files != NULL;
}

/* ---- a list of one width ------------------------------------------------------------------------ */

/* AdwLeaflet shares out the room between the panes' natural widths, and the detail pane's grows
 * and shrinks with the certificate it shows (a long name, a long chain); asking for no more
 * than its minimum keeps the list, and the split, where they are. Folded, the leaflet gives
 * the list the whole window anyway. */
static void
measure_at_minimum (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (child == NULL || !gtk_widget_should_layout (child))
    return;

  gtk_widget_measure (child, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = *minimum;
}

static void
allocate_child (GtkWidget *widget,
                int        width,
                int        height,
                int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

/* ---- GObject ----------------------------------------------------------------------------------- */

static void
ok_window_real_issue_certificate (OkWindow *self)
{
  ok_issue_dialog_present (GTK_WINDOW (self), self->store);
}

static void
ok_window_real_import_file (OkWindow *self,
                            GFile    *file)
{
  ok_import_flow_run (GTK_WINDOW (self), self->store, file);
}

/* GtkWindow:application is not a construct property, so it arrives after constructed(). */
static void
application_changed (OkWindow *self)
{
  OkApplication *application = get_application (self);

  if (application == NULL || self->store != NULL)
    return;

  self->store = g_object_ref (ok_application_get_store (application));
  self->removals = ok_removal_queue_new (self->store, self->toast_overlay, "win.undo-remove");
  g_signal_connect_object (self->removals, "changed", G_CALLBACK (removal_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->removals, "failed", G_CALLBACK (removal_failed), self, G_CONNECT_SWAPPED);
  ok_certificate_list_set_model (self->list, G_LIST_MODEL (self->store));
  ok_certificate_page_set_store (self->page, self->store);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (store_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::store-loaded", G_CALLBACK (store_loaded_changed), self,
                           G_CONNECT_SWAPPED);

  store_loaded_changed (self);
}

static void
ok_window_dispose (GObject *object)
{
  OkWindow *self = OK_WINDOW (object);

  /* Closing the window is the last chance to carry out what the toasts announced. */
  if (self->removals != NULL)
    ok_removal_queue_commit_all (self->removals);
  g_clear_object (&self->removals);
  g_clear_handle_id (&self->refresh_timeout, g_source_remove);

  if (self->import_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->import_chooser));
  g_clear_object (&self->import_chooser);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->watched_renewals, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_WINDOW);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (ok_window_parent_class)->dispose (object);
}

static void
ok_window_finalize (GObject *object)
{
  OkWindow *self = OK_WINDOW (object);

  g_free (self->pending_show_id);

  G_OBJECT_CLASS (ok_window_parent_class)->finalize (object);
}

static void
ok_window_class_init (OkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ok_window_dispose;
  object_class->finalize = ok_window_finalize;

  /**
   * OkWindow::issue-certificate:
   *
   * Emitted when the user asks for a new certificate (`win.issue`); the default handler opens
   * the issue dialog.
   */
  signals[SIGNAL_ISSUE_CERTIFICATE] =
    g_signal_new_class_handler ("issue-certificate",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (ok_window_real_issue_certificate),
                                NULL, NULL, NULL,
                                G_TYPE_NONE, 0);

  /**
   * OkWindow::import-file:
   * @file: the file the user picked or dropped
   *
   * Emitted when the user has picked a certificate or PKCS#12 file to import (`win.import`, or
   * a file dropped on the window); the default handler runs the import flow.
   */
  signals[SIGNAL_IMPORT_FILE] =
    g_signal_new_class_handler ("import-file",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (ok_window_real_import_file),
                                NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_FILE);

  g_type_ensure (OK_TYPE_CERTIFICATE_LIST);
  g_type_ensure (OK_TYPE_CERTIFICATE_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ok-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, unusable_page);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, empty_menu_button);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, list_menu_button);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, list_bin);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, list_header);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, list);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, page);
  gtk_widget_class_bind_template_callback (widget_class, certificate_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, can_renew_changed_cb);
  /* Not needed in a field, but reachable through gtk_widget_get_template_child() for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "issue_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "list_pane", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "import_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "portal_guide_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "idm_light_guide_button", FALSE, 0);
}

/* Realized: the display, scale and renderer are known. The spinners shown when issuing,
 * renewing and exporting start would otherwise render their icon in their first frame
 * (ok-icon-preload.c); without GL on X11, every frame would make a shared memory segment
 * of its own (ok-frame-pool.c). */
static void
on_realize (GtkWidget *widget)
{
  ok_icon_preload_in_background (widget);
  ok_frame_pool_keep (GTK_NATIVE (widget));
}

static void
ok_window_init (OkWindow *self)
{
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);

  self->watched_renewals = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  gtk_widget_set_layout_manager (GTK_WIDGET (self->list_bin),
                                 gtk_custom_layout_new (NULL, measure_at_minimum, allocate_child));

  _ok_window_actions_init (self);
  ok_lazy_menu_attach (self->empty_menu_button, self->primary_menu);
  ok_lazy_menu_attach (self->list_menu_button, self->primary_menu);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  ok_certificate_list_set_expected_height (self->list, g_settings_get_boolean (self->settings, "window-maximized")
                                                       ? 0 : g_settings_get_int (self->settings, "window-height"));
  g_signal_connect_object (self->settings, "changed::default-renewal-window-days",
                           G_CALLBACK (default_window_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->list, "shown-changed", G_CALLBACK (list_shown_changed), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->search_button, "active", self->list, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  ok_certificate_list_set_key_capture_widget (self->list, GTK_WIDGET (self));

  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (files_dropped), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));

  /* The list and the page have just read the clock. */
  self->clock_read_at = g_get_real_time () / G_USEC_PER_SEC;
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_changed), NULL);
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed), NULL);
  default_window_changed (self);
  folded_changed_cb (self);
  can_renew_changed_cb (self);
  self->refresh_timeout = g_timeout_add_seconds (REFRESH_INTERVAL_SECONDS, refresh_timeout_cb, self);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

OkWindow *
ok_window_new (OkApplication *application)
{
  g_return_val_if_fail (OK_IS_APPLICATION (application), NULL);

  return g_object_new (OK_TYPE_WINDOW, "application", application, NULL);
}

/**
 * ok_window_issue_certificate:
 * @self: the window
 *
 * Starts issuing a new certificate by emitting #OkWindow::issue-certificate.
 */
void
ok_window_issue_certificate (OkWindow *self)
{
  g_return_if_fail (OK_IS_WINDOW (self));

  g_signal_emit (self, signals[SIGNAL_ISSUE_CERTIFICATE], 0);
}

/**
 * ok_window_import_file:
 * @self: the window
 * @file: a certificate, chain or PKCS#12 file
 *
 * Starts importing @file by emitting #OkWindow::import-file.
 */
void
ok_window_import_file (OkWindow *self,
                       GFile    *file)
{
  g_return_if_fail (OK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_signal_emit (self, signals[SIGNAL_IMPORT_FILE], 0, file);
}

/**
 * ok_window_show_certificate:
 * @certificate_id: a certificate id
 *
 * Selects the certificate in the list and shows its detail page. Before the store has loaded,
 * the certificate is shown as soon as it has.
 */
void
ok_window_show_certificate (OkWindow   *self,
                            const char *certificate_id)
{
  g_return_if_fail (OK_IS_WINDOW (self));
  g_return_if_fail (certificate_id != NULL);

  if (!store_is_loaded (self))
    {
      g_free (self->pending_show_id);
      self->pending_show_id = g_strdup (certificate_id);
      return;
    }

  if (_ok_window_lookup (self, certificate_id) == NULL || ok_removal_queue_contains (self->removals, certificate_id))
    {
      _ok_window_add_toast (self, _("That certificate is no longer in OCES Keeper."));
      return;
    }

  _ok_window_show (self, certificate_id, TRUE);
}

/**
 * ok_window_renew_certificate:
 * @certificate_id: a certificate id
 *
 * Shows the certificate and starts renewing it, as a notification's "Renew Now" asks; its
 * detail page shows the progress, and why not if it cannot be renewed.
 */
void
ok_window_renew_certificate (OkWindow   *self,
                             const char *certificate_id)
{
  g_return_if_fail (OK_IS_WINDOW (self));
  g_return_if_fail (certificate_id != NULL);

  if (!store_is_loaded (self))
    {
      g_free (self->pending_show_id);
      self->pending_show_id = g_strdup (certificate_id);
      self->pending_renew = TRUE;
      return;
    }

  if (_ok_window_lookup (self, certificate_id) == NULL || ok_removal_queue_contains (self->removals, certificate_id))
    {
      _ok_window_add_toast (self, _("That certificate is no longer in OCES Keeper."));
      return;
    }

  start_renewal (self, certificate_id);
}
