/* ok-certificate-list.c — the certificates grouped by organisation and environment, most urgent
 * first, with search and a filter
 *
 * The store (a GListModel of OkCertificate) goes through a GtkFilterListModel and a
 * GtkSortListModel into a GtkListBox, whose header function draws a section header wherever the
 * group changes. Groups are ordered by their most urgent member, so the most pressing
 * certificate is always at the top while each organisation's certificates stay together.
 *
 * A certificate's state depends on the clock, so filtering and sorting read one "now" taken at
 * the last refresh; anything that may change a state (a certificate's settings, a new event-log
 * entry, the day turning) ends in ok_certificate_list_refresh().
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-certificate-list.h"
#include "ok-certificate-row.h"
#include "ok-format.h"
#include "ok-state.h"

struct _OkCertificateList
{
  AdwBin               parent_instance;

  GListModel          *certificates;
  GtkFilterListModel  *filter_model;
  GtkSortListModel    *sort_model;
  GtkCustomFilter     *filter;
  GtkCustomSorter     *sorter;

  OkCertificateFilter  filter_kind;
  char                *search_text;      /* case-folded, NULL when not searching */
  GHashTable          *hidden;           /* ids removed from view, awaiting removal */
  GHashTable          *group_ranks;      /* group key → GroupRank, NULL when stale */
  char                *selected_id;
  gint64               now;
  guint                default_window_days;
  guint                refresh_idle;

  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkListBox          *list_box;
};

G_DEFINE_FINAL_TYPE (OkCertificateList, ok_certificate_list, ADW_TYPE_BIN)

typedef struct
{
  int    urgency;     /* the highest of its members */
  gint64 earliest;    /* the soonest expiry of its members */
} GroupRank;

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

static const GEnumValue filter_values[] = {
  { OK_CERTIFICATE_FILTER_ALL, "OK_CERTIFICATE_FILTER_ALL", "all" },
  { OK_CERTIFICATE_FILTER_ATTENTION, "OK_CERTIFICATE_FILTER_ATTENTION", "attention" },
  { OK_CERTIFICATE_FILTER_TEST, "OK_CERTIFICATE_FILTER_TEST", "test" },
  { OK_CERTIFICATE_FILTER_PROD, "OK_CERTIFICATE_FILTER_PROD", "prod" },
  { 0, NULL, NULL }
};

GType
ok_certificate_filter_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("OkCertificateFilter"), filter_values));

  return type;
}

/* g_set_str() is newer than the GLib this builds against. */
static void
replace_string (char       **target,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*target);
  *target = copy;
}

static OkState
state_of (OkCertificateList *self,
          OkCertificate     *certificate)
{
  return ok_state_compute (certificate, self->now, self->default_window_days);
}

/* ---- grouping and sorting ------------------------------------------------------------------ */

static GHashTable *
ensure_group_ranks (OkCertificateList *self)
{
  guint n;

  if (self->group_ranks != NULL)
    return self->group_ranks;

  self->group_ranks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  n = self->certificates != NULL ? g_list_model_get_n_items (self->certificates) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (self->certificates, i);
      g_autofree char *key = ok_format_group_key (certificate);
      int urgency = ok_state_get_urgency (state_of (self, certificate));
      gint64 not_after = ok_certificate_get_not_after (certificate);
      GroupRank *rank = g_hash_table_lookup (self->group_ranks, key);

      if (rank == NULL)
        {
          rank = g_new0 (GroupRank, 1);
          rank->urgency = urgency;
          rank->earliest = not_after;
          g_hash_table_insert (self->group_ranks, g_steal_pointer (&key), rank);
          continue;
        }

      rank->urgency = MAX (rank->urgency, urgency);
      rank->earliest = MIN (rank->earliest, not_after);
    }

  return self->group_ranks;
}

static int
compare_int64 (gint64 a,
               gint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
compare_certificates (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  OkCertificateList *self = user_data;
  OkCertificate *first = (OkCertificate *) a;
  OkCertificate *second = (OkCertificate *) b;
  g_autofree char *first_key = ok_format_group_key (first);
  g_autofree char *second_key = ok_format_group_key (second);
  int result;

  if (!g_str_equal (first_key, second_key))
    {
      GHashTable *ranks = ensure_group_ranks (self);
      GroupRank *first_rank = g_hash_table_lookup (ranks, first_key);
      GroupRank *second_rank = g_hash_table_lookup (ranks, second_key);

      /* A certificate the ranks do not know yet is sorted by itself until the next refresh. */
      if (first_rank != NULL && second_rank != NULL)
        {
          if (first_rank->urgency != second_rank->urgency)
            return second_rank->urgency - first_rank->urgency;
          if ((result = compare_int64 (first_rank->earliest, second_rank->earliest)) != 0)
            return result;
        }
      return g_utf8_collate (first_key, second_key);
    }

  result = ok_state_get_urgency (state_of (self, second)) - ok_state_get_urgency (state_of (self, first));
  if (result != 0)
    return result;
  if ((result = compare_int64 (ok_certificate_get_not_after (first), ok_certificate_get_not_after (second))) != 0)
    return result;

  return g_utf8_collate (ok_certificate_get_name (first), ok_certificate_get_name (second));
}

/* ---- filtering ----------------------------------------------------------------------------- */

static gboolean
field_matches (const char *field,
               const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (field == NULL)
    return FALSE;

  folded = g_utf8_casefold (field, -1);
  return strstr (folded, folded_needle) != NULL;
}

static gboolean
certificate_is_shown (gpointer item,
                      gpointer user_data)
{
  OkCertificateList *self = user_data;
  OkCertificate *certificate = item;

  if (g_hash_table_contains (self->hidden, ok_certificate_get_id (certificate)))
    return FALSE;

  switch (self->filter_kind)
    {
    case OK_CERTIFICATE_FILTER_ATTENTION:
      /* What needs a person: a renewal that is due but will happen by itself does not. */
      if (ok_state_get_urgency (state_of (self, certificate)) < ok_state_get_urgency (OK_STATE_EXPIRING_SOON))
        return FALSE;
      break;
    case OK_CERTIFICATE_FILTER_TEST:
      if (ok_certificate_get_environment (certificate) != OK_ENVIRONMENT_TEST)
        return FALSE;
      break;
    case OK_CERTIFICATE_FILTER_PROD:
      if (ok_certificate_get_environment (certificate) != OK_ENVIRONMENT_PROD)
        return FALSE;
      break;
    case OK_CERTIFICATE_FILTER_ALL:
    default:
      break;
    }

  if (self->search_text == NULL)
    return TRUE;

  return field_matches (ok_certificate_get_name (certificate), self->search_text) ||
         field_matches (ok_certificate_get_cvr (certificate), self->search_text) ||
         field_matches (ok_certificate_get_uuid (certificate), self->search_text) ||
         field_matches (ok_certificate_get_organisation (certificate), self->search_text);
}

/* ---- rows and headers ---------------------------------------------------------------------- */

static void
schedule_refresh (OkCertificateList *self);

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  OkCertificateList *self = user_data;
  GtkWidget *row = ok_certificate_row_new (OK_CERTIFICATE (item));

  ok_certificate_row_refresh (OK_CERTIFICATE_ROW (row), self->now, self->default_window_days);
  g_signal_connect_object (row, "changed", G_CALLBACK (schedule_refresh), self, G_CONNECT_SWAPPED);

  return row;
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  OkCertificate *certificate = ok_certificate_row_get_certificate (OK_CERTIFICATE_ROW (row));
  g_autofree char *key = ok_format_group_key (certificate);
  g_autofree char *title = NULL;
  GtkWidget *header;

  if (before != NULL)
    {
      g_autofree char *before_key = ok_format_group_key (ok_certificate_row_get_certificate (OK_CERTIFICATE_ROW (before)));

      if (g_str_equal (key, before_key))
        {
          gtk_list_box_row_set_header (row, NULL);
          return;
        }
    }

  title = ok_format_group_title (certificate);
  header = gtk_list_box_row_get_header (row);
  if (!GTK_IS_LABEL (header))
    {
      header = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_label_set_wrap (GTK_LABEL (header), TRUE);
      gtk_widget_set_margin_start (header, 12);
      gtk_widget_set_margin_end (header, 12);
      gtk_widget_set_margin_bottom (header, 6);
      gtk_widget_add_css_class (header, "caption-heading");
      gtk_widget_add_css_class (header, "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
      gtk_list_box_row_set_header (row, header);
    }

  gtk_label_set_text (GTK_LABEL (header), title);
  gtk_widget_set_margin_top (header, before != NULL ? 18 : 6);
}

static OkCertificateRow *
find_row (OkCertificateList *self,
          const char        *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (OK_IS_CERTIFICATE_ROW (child) &&
          g_strcmp0 (ok_certificate_get_id (ok_certificate_row_get_certificate (OK_CERTIFICATE_ROW (child))), id) == 0)
        return OK_CERTIFICATE_ROW (child);
    }

  return NULL;
}

/* GtkListBox makes new rows whenever the sorted model changes, which forgets the selection. */
static void
restore_selection (OkCertificateList *self)
{
  OkCertificateRow *row = self->selected_id != NULL ? find_row (self, self->selected_id) : NULL;

  if (row != NULL)
    gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
  else
    gtk_list_box_unselect_all (self->list_box);
}

static void
sorted_items_changed (OkCertificateList *self)
{
  restore_selection (self);
  g_signal_emit (self, signals[SIGNAL_SHOWN_CHANGED], 0);
}

/* Runs before the filter and sort models see the change, so that they never sort by a stale
 * ranking. */
static void schedule_refresh (OkCertificateList *self);

static void
certificates_changed (OkCertificateList *self)
{
  g_clear_pointer (&self->group_ranks, g_hash_table_unref);
  /* A renewed certificate starts at about this moment: judged with an older "now" it would be
   * "Not yet valid". */
  schedule_refresh (self);
}

/* ---- callbacks ------------------------------------------------------------------------------ */

static void
search_changed_cb (OkCertificateList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search_text, g_free);
  if (*stripped != '\0')
    self->search_text = g_utf8_casefold (stripped, -1);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
stop_search_cb (OkCertificateList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
row_activated_cb (OkCertificateList *self,
                  GtkListBoxRow     *row)
{
  OkCertificate *certificate = ok_certificate_row_get_certificate (OK_CERTIFICATE_ROW (row));

  replace_string (&self->selected_id, ok_certificate_get_id (certificate));
  g_signal_emit (self, signals[SIGNAL_CERTIFICATE_ACTIVATED], 0, ok_certificate_get_id (certificate));
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
      g_value_set_enum (value, self->filter_kind);
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
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  if (self->certificates != NULL)
    g_signal_handlers_disconnect_by_data (self->certificates, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_CERTIFICATE_LIST);

  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);
  g_clear_object (&self->certificates);

  G_OBJECT_CLASS (ok_certificate_list_parent_class)->dispose (object);
}

static void
ok_certificate_list_finalize (GObject *object)
{
  OkCertificateList *self = OK_CERTIFICATE_LIST (object);

  g_clear_pointer (&self->group_ranks, g_hash_table_unref);
  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_free (self->search_text);
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

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ok-certificate-list.ui");
  gtk_widget_class_bind_template_child (widget_class, OkCertificateList, search_bar);
  gtk_widget_class_bind_template_child (widget_class, OkCertificateList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OkCertificateList, list_box);
  /* Not needed in a field, but reachable through gtk_widget_get_template_child() for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "no_results_page", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
ok_certificate_list_init (OkCertificateList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->now = g_get_real_time () / G_USEC_PER_SEC;
  self->default_window_days = OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS;

  self->filter = gtk_custom_filter_new (certificate_is_shown, self, NULL);
  self->sorter = gtk_custom_sorter_new (compare_certificates, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (GTK_SORTER (self->sorter)));

  gtk_list_box_set_header_func (self->list_box, update_header, NULL, NULL);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->sort_model), create_row, self, NULL);
  /* Connected after gtk_list_box_bind_model(), so it runs once the rows exist. */
  g_signal_connect_object (self->sort_model, "items-changed", G_CALLBACK (sorted_items_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
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
  g_clear_pointer (&self->group_ranks, g_hash_table_unref);

  /* Connected before the filter model's own handler, see certificates_changed(). */
  if (certificates != NULL)
    g_signal_connect_swapped (certificates, "items-changed", G_CALLBACK (certificates_changed), self);

  gtk_filter_list_model_set_model (self->filter_model, certificates);
}

OkCertificateFilter
ok_certificate_list_get_filter (OkCertificateList *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE_LIST (self), OK_CERTIFICATE_FILTER_ALL);

  return self->filter_kind;
}

void
ok_certificate_list_set_filter (OkCertificateList   *self,
                                OkCertificateFilter  filter)
{
  g_return_if_fail (OK_IS_CERTIFICATE_LIST (self));
  g_return_if_fail (filter <= OK_CERTIFICATE_FILTER_PROD);

  if (self->filter_kind == filter)
    return;

  self->filter_kind = filter;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
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

  if (hidden == g_hash_table_contains (self->hidden, id))
    return;

  if (hidden)
    g_hash_table_add (self->hidden, g_strdup (id));
  else
    g_hash_table_remove (self->hidden, id);

  gtk_filter_changed (GTK_FILTER (self->filter),
                      hidden ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
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
  g_clear_pointer (&self->group_ranks, g_hash_table_unref);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (OK_IS_CERTIFICATE_ROW (child))
        ok_certificate_row_refresh (OK_CERTIFICATE_ROW (child), self->now, self->default_window_days);
    }
  gtk_list_box_invalidate_headers (self->list_box);
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
  g_return_if_fail (OK_IS_CERTIFICATE_LIST (self));

  replace_string (&self->selected_id, id);
  restore_selection (self);
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
