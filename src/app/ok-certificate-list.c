/* ok-certificate-list.c — the certificates grouped by organisation and environment, most urgent
 * first, with search and a filter
 *
 * The store (a GListModel of OkCertificate) goes through a GtkFilterListModel, a
 * GtkSortListModel and an OkGroupedModel, which puts a heading item in front of each group,
 * into a GtkListView. Groups are ordered by their most urgent member, so the most pressing
 * certificate is always at the top while each organisation's certificates stay together.
 *
 * The view makes rows only for the items in sight and recycles them as it scrolls, so the
 * list watches the certificates themselves for changes, not its rows, and keeps the selection
 * as an id: a certificate's position changes with every re-sort, and a renewal replaces its
 * object. Until the view has its height it sees only as many items as the window is expected
 * to show (at most MAX_FIRST_FRAME_ITEMS): given items before that, GTK 4.8's list view makes
 * rows for up to 200 of them, all built and measured in the window's first frame after the
 * store loads.
 *
 * A certificate's state depends on the clock, so filtering and sorting read one "now" taken at
 * the last refresh; anything that may change a state (a certificate's settings, a new event-log
 * entry, the day turning) ends in ok_certificate_list_refresh().
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-certificate-list-private.h"
#include "ok-certificate-matcher.h"
#include "ok-certificate-row.h"
#include "ok-certificate-sorter.h"
#include "ok-format.h"
#include "ok-group-header.h"
#include "ok-group-heading.h"
#include "ok-grouped-model.h"
#include "ok-state.h"

/* More than a list on a tall screen shows; for a window whose height is not known yet. */
#define MAX_FIRST_FRAME_ITEMS 40
/* A heading's height, the lowest item in the list. */
#define SMALLEST_ITEM_HEIGHT 40


G_DEFINE_FINAL_TYPE (OkCertificateList, ok_certificate_list, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_FILTER,
  PROP_SEARCH_MODE_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CERTIFICATE_ACTIVATED,
  SIGNAL_SHOWN_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* g_set_str() is newer than the GLib this builds against. */
static void
replace_string (char       **target,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*target);
  *target = copy;
}

/* ---- rows and headers ---------------------------------------------------------------------- */

static void
schedule_refresh (OkCertificateList *self);

/* What a bound item shows depends on the clock and on its neighbours, so it is brought up to
 * date after every change of the list, not only when bound. */
static void
update_item (OkCertificateList *self,
             GtkListItem       *list_item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);
  gpointer item = gtk_list_item_get_item (list_item);

  if (OK_IS_GROUP_HEADER (item))
    ok_group_heading_set_title (OK_GROUP_HEADING (child), ok_group_header_get_title (item),
                                gtk_list_item_get_position (list_item) == 0);
  else
    ok_certificate_row_refresh (OK_CERTIFICATE_ROW (child), self->now, self->default_window_days);
}

static void
update_bound_items (OkCertificateList *self)
{
  GHashTableIter iter;
  gpointer list_item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    update_item (self, list_item);
}

/* A recycled list item may have shown a heading and now show a certificate, or the other way
 * round: the child is made for what the item holds. */
static void
bind_item_cb (OkCertificateList *self,
              GtkListItem       *list_item)
{
  gpointer item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  gboolean is_header = OK_IS_GROUP_HEADER (item);

  if (is_header && !OK_IS_GROUP_HEADING (child))
    gtk_list_item_set_child (list_item, ok_group_heading_new ());
  else if (!is_header && !OK_IS_CERTIFICATE_ROW (child))
    gtk_list_item_set_child (list_item, ok_certificate_row_new ());

  if (!is_header)
    ok_certificate_row_set_certificate (OK_CERTIFICATE_ROW (gtk_list_item_get_child (list_item)), item);
  gtk_list_item_set_activatable (list_item, !is_header);

  g_hash_table_add (self->bound, list_item);
  update_item (self, list_item);
}

static void
unbind_item_cb (OkCertificateList *self,
                GtkListItem       *list_item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  g_hash_table_remove (self->bound, list_item);
  if (OK_IS_CERTIFICATE_ROW (child))
    ok_certificate_row_set_certificate (OK_CERTIFICATE_ROW (child), NULL);
}

static void
restore_selection (OkCertificateList *self)
{
  guint position = ok_grouped_model_find (self->grouped_model, self->selected_id);

  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
}

static void
activate_certificate (OkCertificateList *self,
                      const char        *certificate_id)
{
  g_autofree char *id = g_strdup (certificate_id);

  replace_string (&self->selected_id, id);
  restore_selection (self);
  g_signal_emit (self, signals[SIGNAL_CERTIFICATE_ACTIVATED], 0, id);
}

/* Runs after the selection and the view have taken the change in. */
static void
grouped_items_changed (OkCertificateList *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->grouped_model)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "no-results" : "list");
  update_bound_items (self);
  restore_selection (self);
  g_signal_emit (self, signals[SIGNAL_SHOWN_CHANGED], 0);
}

/* A certificate's name, settings or event log may move it in the list, also while no row
 * shows it: its changes are followed directly and coalesced into one refresh. */
static void
watch_certificates (OkCertificateList *self)
{
  g_autoptr(GHashTable) watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  guint n = self->certificates != NULL ? g_list_model_get_n_items (self->certificates) : 0;
  GHashTableIter iter;
  gpointer certificate;

  for (guint i = 0; i < n; i++)
    {
      OkCertificate *item = g_list_model_get_item (self->certificates, i);

      if (g_hash_table_steal (self->watched, item))
        g_object_unref (item);
      else
        {
          /* Not g_signal_connect_object(): every handler is disconnected below or at dispose,
           * and watching the list for each of two connections a certificate cost 4,600
           * instructions each, 9 million for a thousand certificates before the first frame. */
          g_signal_connect_swapped (item, "notify", G_CALLBACK (schedule_refresh), self);
          g_signal_connect_swapped (ok_certificate_get_events (item), "items-changed",
                                    G_CALLBACK (schedule_refresh), self);
        }
      g_hash_table_add (watched, item);
    }

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &certificate, NULL))
    {
      g_signal_handlers_disconnect_by_data (certificate, self);
      g_signal_handlers_disconnect_by_data (ok_certificate_get_events (certificate), self);
    }

  g_hash_table_unref (self->watched);
  self->watched = g_steal_pointer (&watched);
}

/* Runs before the filter and sort models see the change, so that they never sort by a stale
 * ranking. */
static void
certificates_changed (OkCertificateList *self)
{
  ok_certificate_sorter_forget_ranks (self->sorter);
  watch_certificates (self);
  /* A renewed certificate starts at about this moment: judged with an older "now" it would be
   * "Not yet valid". */
  schedule_refresh (self);
}

/* ---- the first frame ------------------------------------------------------------------------ */

static gboolean
show_all_items_cb (gpointer user_data)
{
  OkCertificateList *self = user_data;
  guint selected;

  self->show_all_idle = 0;
  self->showing_all = TRUE;
  ok_grouped_model_set_limit (self->grouped_model, G_MAXUINT);

  /* A certificate chosen before (a reminder's "Open" at start-up) may only now be in the list. */
  selected = gtk_single_selection_get_selected (self->selection);
  if (selected != GTK_INVALID_LIST_POSITION && selected >= self->first_frame_items)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", selected);

  return G_SOURCE_REMOVE;
}

/* The view has its height: the rest of the items can come, after this frame. */
static void
page_size_changed (OkCertificateList *self,
                   GParamSpec        *pspec,
                   GtkAdjustment     *adjustment)
{
  if (gtk_adjustment_get_page_size (adjustment) <= 0)
    return;

  g_signal_handlers_disconnect_by_func (adjustment, page_size_changed, self);
  self->show_all_idle = g_idle_add (show_all_items_cb, self);
}

/* ---- callbacks ------------------------------------------------------------------------------ */

static void
search_changed_cb (OkCertificateList *self)
{
  ok_certificate_matcher_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
stop_search_cb (OkCertificateList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* A click on a row (ok-certificate-row.c). */
static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  activate_certificate (OK_CERTIFICATE_LIST (widget), g_variant_get_string (parameter, NULL));
}

/* Enter on a row, or a double click. */
static void
list_activate_cb (OkCertificateList *self,
                  guint              position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->grouped_model), position);

  if (OK_IS_CERTIFICATE (item))
    activate_certificate (self, ok_certificate_get_id (OK_CERTIFICATE (item)));
}

static void
search_mode_changed (OkCertificateList *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE_ENABLED]);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  OkCertificateList *self = user_data;

  self->refresh_idle = 0;
  ok_certificate_list_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (OkCertificateList *self)
{
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
ok_certificate_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OkCertificateList *self = OK_CERTIFICATE_LIST (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_enum (value, ok_certificate_matcher_get_kind (self->filter));
      break;
    case PROP_SEARCH_MODE_ENABLED:
      g_value_set_boolean (value, gtk_search_bar_get_search_mode (self->search_bar));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_certificate_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OkCertificateList *self = OK_CERTIFICATE_LIST (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      ok_certificate_list_set_filter (self, g_value_get_enum (value));
      break;
    case PROP_SEARCH_MODE_ENABLED:
      gtk_search_bar_set_search_mode (self->search_bar, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_certificate_list_dispose (GObject *object)
{
  OkCertificateList *self = OK_CERTIFICATE_LIST (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  g_clear_handle_id (&self->show_all_idle, g_source_remove);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  if (self->certificates != NULL)
    g_signal_handlers_disconnect_by_data (self->certificates, self);
  g_clear_object (&self->certificates);
  /* With no certificates left, this lets go of every one it watched. */
  if (self->watched != NULL)
    watch_certificates (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_CERTIFICATE_LIST);

  g_clear_object (&self->selection);
  g_clear_object (&self->grouped_model);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);

  G_OBJECT_CLASS (ok_certificate_list_parent_class)->dispose (object);
}

static void
ok_certificate_list_finalize (GObject *object)
{
  OkCertificateList *self = OK_CERTIFICATE_LIST (object);

  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_free (self->selected_id);

  G_OBJECT_CLASS (ok_certificate_list_parent_class)->finalize (object);
}

static void
ok_certificate_list_class_init (OkCertificateListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ok_certificate_list_get_property;
  object_class->set_property = ok_certificate_list_set_property;
  object_class->dispose = ok_certificate_list_dispose;
  object_class->finalize = ok_certificate_list_finalize;

  properties[PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL,
                       OK_TYPE_CERTIFICATE_FILTER, OK_CERTIFICATE_FILTER_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE_ENABLED] =
    g_param_spec_boolean ("search-mode-enabled", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OkCertificateList::certificate-activated:
   * @id: the certificate's id
   *
   * The user picked a certificate in the list.
   */
  signals[SIGNAL_CERTIFICATE_ACTIVATED] =
    g_signal_new ("certificate-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * OkCertificateList::shown-changed:
   *
   * The certificates shown changed: added, removed, or let through or held back by the search
   * and the filter.
   */
  signals[SIGNAL_SHOWN_CHANGED] =
    g_signal_new ("shown-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "certificates.open", "s", open_action);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ok-certificate-list.ui");
  gtk_widget_class_bind_template_child (widget_class, OkCertificateList, search_bar);
  gtk_widget_class_bind_template_child (widget_class, OkCertificateList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OkCertificateList, stack);
  gtk_widget_class_bind_template_child (widget_class, OkCertificateList, list_view);
  /* Not needed in a field, but reachable through gtk_widget_get_template_child() for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "no_results_page", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
}

static void
ok_certificate_list_init (OkCertificateList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->bound = g_hash_table_new (NULL, NULL);
  self->now = g_get_real_time () / G_USEC_PER_SEC;
  self->default_window_days = OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS;

  self->filter = ok_certificate_matcher_new ();
  self->sorter = ok_certificate_sorter_new ();
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (GTK_SORTER (self->sorter)));
  self->grouped_model = ok_grouped_model_new (G_LIST_MODEL (self->sort_model));
  self->first_frame_items = MAX_FIRST_FRAME_ITEMS;
  ok_grouped_model_set_limit (self->grouped_model, self->first_frame_items);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->grouped_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  _ok_certificate_list_keys_init (self);

  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_item_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_item_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)), "notify::page-size",
                           G_CALLBACK (page_size_changed), self, G_CONNECT_SWAPPED);

  /* Connected after the selection's own handler, so it runs once the view has the change. */
  g_signal_connect_object (self->grouped_model, "items-changed", G_CALLBACK (grouped_items_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_stack_set_visible_child_name (self->stack, "no-results");
}

GtkWidget *
ok_certificate_list_new (void)
{
  return g_object_new (OK_TYPE_CERTIFICATE_LIST, NULL);
}

/**
 * ok_certificate_list_set_model:
 * @certificates: (nullable): a #GListModel of #OkCertificate, usually the #OkStore
 */
void
ok_certificate_list_set_model (OkCertificateList *self,
                               GListModel        *certificates)
{
  g_return_if_fail (OK_IS_CERTIFICATE_LIST (self));
  g_return_if_fail (certificates == NULL || G_IS_LIST_MODEL (certificates));

  if (self->certificates == certificates)
    return;

  if (self->certificates != NULL)
    g_signal_handlers_disconnect_by_data (self->certificates, self);
  g_set_object (&self->certificates, certificates);
  ok_certificate_sorter_set_certificates (self->sorter, certificates);

  /* Connected before the filter model's own handler, see certificates_changed(). */
  if (certificates != NULL)
    g_signal_connect_swapped (certificates, "items-changed", G_CALLBACK (certificates_changed), self);

  gtk_filter_list_model_set_model (self->filter_model, certificates);
}

OkCertificateFilter
ok_certificate_list_get_filter (OkCertificateList *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE_LIST (self), OK_CERTIFICATE_FILTER_ALL);

  return ok_certificate_matcher_get_kind (self->filter);
}

void
ok_certificate_list_set_filter (OkCertificateList   *self,
                                OkCertificateFilter  filter)
{
  g_return_if_fail (OK_IS_CERTIFICATE_LIST (self));
  g_return_if_fail (filter <= OK_CERTIFICATE_FILTER_PROD);

  if (ok_certificate_matcher_get_kind (self->filter) == filter)
    return;

  ok_certificate_matcher_set_kind (self->filter, filter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/**
 * ok_certificate_list_set_expected_height:
 * @height: the height the window opens with, in pixels; 0 if not known (maximized)
 *
 * Until the view has its height, the list shows only as many items as fit @height: rows below
 * the window's edge would be built and measured in its first frame for nothing. The rest
 * follow a frame later.
 */
void
ok_certificate_list_set_expected_height (OkCertificateList *self,
                                         int                height)
{
  g_return_if_fail (OK_IS_CERTIFICATE_LIST (self));

  if (self->showing_all)
    return;

  self->first_frame_items = height > 0 ? MIN ((guint) height / SMALLEST_ITEM_HEIGHT + 1, MAX_FIRST_FRAME_ITEMS)
                                       : MAX_FIRST_FRAME_ITEMS;
  ok_grouped_model_set_limit (self->grouped_model, self->first_frame_items);
}

/**
 * ok_certificate_list_set_default_window_days:
 * @days: the renewal window of certificates that have none of their own (from Preferences)
 */
void
ok_certificate_list_set_default_window_days (OkCertificateList *self,
                                             guint              days)
{
  g_return_if_fail (OK_IS_CERTIFICATE_LIST (self));

  if (self->default_window_days == days)
    return;

  self->default_window_days = days;
  ok_certificate_list_refresh (self);
}

/**
 * ok_certificate_list_set_hidden:
 * @id: a certificate id
 * @hidden: whether to leave it out of the list (a removal waiting for its undo toast)
 */
void
ok_certificate_list_set_hidden (OkCertificateList *self,
                                const char        *id,
                                gboolean           hidden)
{
  g_return_if_fail (OK_IS_CERTIFICATE_LIST (self));
  g_return_if_fail (id != NULL);

  ok_certificate_matcher_set_hidden (self->filter, id, hidden);
}

/**
 * ok_certificate_list_refresh:
 *
 * Reads the clock again and re-evaluates every certificate's state, its place and whether it
 * passes the filter.
 */
void
ok_certificate_list_refresh (OkCertificateList *self)
{
  g_return_if_fail (OK_IS_CERTIFICATE_LIST (self));

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  self->now = g_get_real_time () / G_USEC_PER_SEC;
  ok_certificate_sorter_set_clock (self->sorter, self->now, self->default_window_days);
  ok_certificate_matcher_set_clock (self->filter, self->now, self->default_window_days);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  /* Titles and the clock's verdicts change without any item moving. */
  ok_grouped_model_regroup (self->grouped_model);
  update_bound_items (self);
  restore_selection (self);
}

/**
 * ok_certificate_list_select:
 * @id: (nullable): the certificate to mark as the one shown, or %NULL for none
 */
void
ok_certificate_list_select (OkCertificateList *self,
                            const char        *id)
{
  guint position;

  g_return_if_fail (OK_IS_CERTIFICATE_LIST (self));

  replace_string (&self->selected_id, id);
  restore_selection (self);

  /* Shown from elsewhere (a reminder's "Open"): bring its row into sight too. */
  position = gtk_single_selection_get_selected (self->selection);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/**
 * ok_certificate_list_get_selected_id:
 *
 * Returns: (nullable): the certificate marked as the one shown, also while the search or the
 *   filter holds its row back
 */
const char *
ok_certificate_list_get_selected_id (OkCertificateList *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE_LIST (self), NULL);

  return self->selected_id;
}

/**
 * ok_certificate_list_is_shown:
 * @id: a certificate id
 *
 * Returns: whether the list has a row for @id now
 */
gboolean
ok_certificate_list_is_shown (OkCertificateList *self,
                              const char        *id)
{
  GListModel *shown;

  g_return_val_if_fail (OK_IS_CERTIFICATE_LIST (self), FALSE);

  shown = G_LIST_MODEL (self->sort_model);
  for (guint i = 0; id != NULL && i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (shown, i);

      if (g_str_equal (ok_certificate_get_id (certificate), id))
        return TRUE;
    }

  return FALSE;
}

/**
 * ok_certificate_list_dup_first_id:
 *
 * Returns: (transfer full) (nullable): the id of the first certificate shown, the most urgent
 */
char *
ok_certificate_list_dup_first_id (OkCertificateList *self)
{
  g_autoptr(OkCertificate) first = NULL;

  g_return_val_if_fail (OK_IS_CERTIFICATE_LIST (self), NULL);

  first = g_list_model_get_item (G_LIST_MODEL (self->sort_model), 0);
  return first != NULL ? g_strdup (ok_certificate_get_id (first)) : NULL;
}

guint
ok_certificate_list_get_n_shown (OkCertificateList *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE_LIST (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
}

void
ok_certificate_list_start_search (OkCertificateList *self)
{
  g_return_if_fail (OK_IS_CERTIFICATE_LIST (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * ok_certificate_list_set_key_capture_widget:
 * @widget: (nullable): where typing starts a search, usually the window
 */
void
ok_certificate_list_set_key_capture_widget (OkCertificateList *self,
                                            GtkWidget         *widget)
{
  g_return_if_fail (OK_IS_CERTIFICATE_LIST (self));

  gtk_search_bar_set_key_capture_widget (self->search_bar, widget);
}
