/* ok-certificate-sorter.c — the list's order: groups by their most urgent member, then urgency
 *
 * Groups (an organisation in one environment) are ordered by their most urgent member, then by
 * their soonest expiry, so the most pressing certificate is always at the top while each
 * organisation's certificates stay together. Within a group: urgency, expiry, name.
 *
 * A certificate's state depends on the clock, so the order is judged at one "now", set by the
 * list at each refresh. The groups are ranked once per refresh over all certificates, shown or
 * not, so that the search and the filter do not reorder them; each certificate's group and
 * urgency are worked out then too, not in each of the some 20,000 comparisons that sorting a
 * thousand certificates takes.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-certificate.h"
#include "ok-certificate-sorter.h"
#include "ok-format.h"
#include "ok-state.h"

/* The order at one clock, with each certificate's key and each group's rank worked out once:
 * held by the sorter between refreshes, or made for one ok_certificate_sorter_sort(). */
typedef struct
{
  GHashTable *group_ranks;   /* group key → GroupRank, NULL when stale */
  GHashTable *sort_keys;     /* OkCertificate → SortKey, NULL when stale */
  gint64      now;
  guint       default_window_days;
} Order;

struct _OkCertificateSorter
{
  GtkSorter   parent_instance;

  GListModel *certificates;
  Order       order;
};

G_DEFINE_FINAL_TYPE (OkCertificateSorter, ok_certificate_sorter, GTK_TYPE_SORTER)

typedef struct
{
  int    urgency;     /* the highest of its members */
  gint64 earliest;    /* the soonest expiry of its members */
} GroupRank;

/* What one certificate's place depends on. */
typedef struct
{
  char      *group_key;
  GroupRank *rank;        /* its group's, in group_ranks; NULL for a certificate the ranks do not know */
  int        urgency;
} SortKey;

static void
sort_key_free (gpointer data)
{
  SortKey *key = data;

  g_free (key->group_key);
  g_free (key);
}

static SortKey *
sort_key_new (Order         *order,
              OkCertificate *certificate)
{
  SortKey *key = g_new0 (SortKey, 1);

  key->group_key = ok_format_group_key (certificate);
  key->urgency = ok_state_get_urgency (ok_state_compute (certificate, order->now, order->default_window_days));
  return key;
}

static void
order_forget (Order *order)
{
  g_clear_pointer (&order->sort_keys, g_hash_table_unref);
  g_clear_pointer (&order->group_ranks, g_hash_table_unref);
}

static void
order_start (Order *order)
{
  order->group_ranks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Holding the certificates keeps an address from being reused by another one. */
  order->sort_keys = g_hash_table_new_full (NULL, NULL, g_object_unref, sort_key_free);
}

/* Works out @certificate's key and counts it into its group's rank. */
static void
order_rank (Order         *order,
            OkCertificate *certificate)
{
  SortKey *key = sort_key_new (order, certificate);
  gint64 not_after = ok_certificate_get_not_after (certificate);
  GroupRank *rank = g_hash_table_lookup (order->group_ranks, key->group_key);

  if (rank == NULL)
    {
      rank = g_new0 (GroupRank, 1);
      rank->urgency = key->urgency;
      rank->earliest = not_after;
      g_hash_table_insert (order->group_ranks, g_strdup (key->group_key), rank);
    }
  else
    {
      rank->urgency = MAX (rank->urgency, key->urgency);
      rank->earliest = MIN (rank->earliest, not_after);
    }

  key->rank = rank;
  g_hash_table_insert (order->sort_keys, g_object_ref (certificate), key);
}

static void
ensure_ranks (OkCertificateSorter *self)
{
  guint n;

  if (self->order.sort_keys != NULL)
    return;

  order_start (&self->order);
  n = self->certificates != NULL ? g_list_model_get_n_items (self->certificates) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (self->certificates, i);

      order_rank (&self->order, certificate);
    }
}

/* A certificate the ranks do not know yet is sorted by itself until the next refresh. */
static const SortKey *
lookup_sort_key (Order         *order,
                 OkCertificate *certificate)
{
  SortKey *key = g_hash_table_lookup (order->sort_keys, certificate);

  if (key == NULL)
    {
      key = sort_key_new (order, certificate);
      g_hash_table_insert (order->sort_keys, g_object_ref (certificate), key);
    }

  return key;
}

static int
compare_int64 (gint64 a,
               gint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
compare (Order         *order,
         OkCertificate *first,
         OkCertificate *second)
{
  const SortKey *first_key = lookup_sort_key (order, first);
  const SortKey *second_key = lookup_sort_key (order, second);
  int result;

  if (!g_str_equal (first_key->group_key, second_key->group_key))
    {
      if (first_key->rank != NULL && second_key->rank != NULL)
        {
          if (first_key->rank->urgency != second_key->rank->urgency)
            return second_key->rank->urgency - first_key->rank->urgency;
          if ((result = compare_int64 (first_key->rank->earliest, second_key->rank->earliest)) != 0)
            return result;
        }
      return g_utf8_collate (first_key->group_key, second_key->group_key);
    }

  if ((result = second_key->urgency - first_key->urgency) != 0)
    return result;
  if ((result = compare_int64 (ok_certificate_get_not_after (first), ok_certificate_get_not_after (second))) != 0)
    return result;

  return g_utf8_collate (ok_certificate_get_name (first), ok_certificate_get_name (second));
}

static GtkOrdering
ok_certificate_sorter_compare (GtkSorter *sorter,
                               gpointer   a,
                               gpointer   b)
{
  OkCertificateSorter *self = OK_CERTIFICATE_SORTER (sorter);

  ensure_ranks (self);
  return gtk_ordering_from_cmpfunc (compare (&self->order, a, b));
}

static GtkSorterOrder
ok_certificate_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
ok_certificate_sorter_finalize (GObject *object)
{
  OkCertificateSorter *self = OK_CERTIFICATE_SORTER (object);

  order_forget (&self->order);
  g_clear_object (&self->certificates);

  G_OBJECT_CLASS (ok_certificate_sorter_parent_class)->finalize (object);
}

static void
ok_certificate_sorter_class_init (OkCertificateSorterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  object_class->finalize = ok_certificate_sorter_finalize;
  sorter_class->compare = ok_certificate_sorter_compare;
  sorter_class->get_order = ok_certificate_sorter_get_order;
}

static void
ok_certificate_sorter_init (OkCertificateSorter *self)
{
  self->order.now = g_get_real_time () / G_USEC_PER_SEC;
  self->order.default_window_days = OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS;
}

OkCertificateSorter *
ok_certificate_sorter_new (void)
{
  return g_object_new (OK_TYPE_CERTIFICATE_SORTER, NULL);
}

/**
 * ok_certificate_sorter_set_certificates:
 * @certificates: (nullable): all certificates, whose groups are ranked
 */
void
ok_certificate_sorter_set_certificates (OkCertificateSorter *self,
                                        GListModel          *certificates)
{
  g_return_if_fail (OK_IS_CERTIFICATE_SORTER (self));

  g_set_object (&self->certificates, certificates);
  ok_certificate_sorter_forget_ranks (self);
}

/**
 * ok_certificate_sorter_set_clock:
 * @now: the moment states are judged at (Unix seconds)
 * @default_window_days: the renewal window of certificates without one of their own
 *
 * Call gtk_sorter_changed() next.
 */
void
ok_certificate_sorter_set_clock (OkCertificateSorter *self,
                                 gint64               now,
                                 guint                default_window_days)
{
  g_return_if_fail (OK_IS_CERTIFICATE_SORTER (self));

  self->order.now = now;
  self->order.default_window_days = default_window_days;
  ok_certificate_sorter_forget_ranks (self);
}

/**
 * ok_certificate_sorter_forget_ranks:
 *
 * The certificates changed: the groups are ranked again at the next comparison. Until the next
 * refresh, a certificate the ranks do not know is sorted by itself rather than by stale ranks.
 */
void
ok_certificate_sorter_forget_ranks (OkCertificateSorter *self)
{
  g_return_if_fail (OK_IS_CERTIFICATE_SORTER (self));

  order_forget (&self->order);
}

static int
compare_in_array (gconstpointer a,
                  gconstpointer b,
                  gpointer      order)
{
  return compare (order, *(OkCertificate **) a, *(OkCertificate **) b);
}

/**
 * ok_certificate_sorter_sort:
 * @certificates: (element-type OkCertificate): certificates no other thread uses yet
 * @now: the moment states are judged at (Unix seconds)
 * @default_window_days: the renewal window of certificates without one of their own
 *
 * Sorts @certificates in the order a sorter set to the same clock and given all of them puts
 * them. Needs no GTK and touches nothing shared, so a store's loading thread can run it:
 * GTK's sort model (a Timsort) then finds the list already in order, with one comparison a
 * certificate instead of some ten.
 */
void
ok_certificate_sorter_sort (GPtrArray *certificates,
                            gint64     now,
                            guint      default_window_days)
{
  Order order = { .now = now, .default_window_days = default_window_days };

  g_return_if_fail (certificates != NULL);

  order_start (&order);
  for (guint i = 0; i < certificates->len; i++)
    order_rank (&order, g_ptr_array_index (certificates, i));
  g_ptr_array_sort_with_data (certificates, compare_in_array, &order);
  order_forget (&order);
}

/**
 * ok_certificate_sorter_sort_now:
 * @certificates: (element-type OkCertificate): as for ok_certificate_sorter_sort()
 * @default_window_days: a #guint in a pointer (GUINT_TO_POINTER())
 *
 * ok_certificate_sorter_sort() at the current time: an #OkStoreOrderFunc, so that the store's
 * loads arrive in the list's order.
 */
void
ok_certificate_sorter_sort_now (GPtrArray *certificates,
                                gpointer   default_window_days)
{
  ok_certificate_sorter_sort (certificates, g_get_real_time () / G_USEC_PER_SEC,
                              GPOINTER_TO_UINT (default_window_days));
}
