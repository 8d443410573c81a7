/* ok-grouped-model.c — sorted certificates with a heading item in front of each group
 *
 * The list view shows one flat model: an OkGroupHeader wherever the organisation and environment
 * change, then that group's certificates (GTK 4.8 has no list sections). The certificates come
 * sorted so that each group's members are next to each other.
 *
 * Whenever the sorted certificates change, the whole layout is worked out again (one string per
 * certificate, cheap next to the sort itself) and only the run of items that differs from the
 * previous layout is announced, so that the view keeps the rows it has and its scroll position.
 * A heading keeps its object while its group exists, for the same reason.
 *
 * The model can hold back all but its first items (ok_grouped_model_set_limit()): a list view
 * that gets items before it knows its height makes rows for up to 200 of them, where a view
 * that has its height makes rows for what is in sight only.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-certificate.h"
#include "ok-format.h"
#include "ok-group-header.h"
#include "ok-grouped-model.h"

struct _OkGroupedModel
{
  GObject     parent_instance;

  GListModel *certificates;
  GPtrArray  *items;     /* OkCertificate and OkGroupHeader, in the order shown */
  GHashTable *headers;   /* group key → OkGroupHeader in items */
  guint       limit;     /* items shown at most */
};

static void ok_grouped_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OkGroupedModel, ok_grouped_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ok_grouped_model_list_model_init))

static GType
ok_grouped_model_get_item_type (GListModel *model)
{
  return G_TYPE_OBJECT;
}

static guint
n_shown (OkGroupedModel *self,
         GPtrArray      *items)
{
  return MIN (items->len, self->limit);
}

static guint
ok_grouped_model_get_n_items (GListModel *model)
{
  OkGroupedModel *self = OK_GROUPED_MODEL (model);

  return n_shown (self, self->items);
}

static gpointer
ok_grouped_model_get_item (GListModel *model,
                           guint       position)
{
  OkGroupedModel *self = OK_GROUPED_MODEL (model);

  return position < n_shown (self, self->items) ? g_object_ref (self->items->pdata[position]) : NULL;
}

static void
ok_grouped_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ok_grouped_model_get_item_type;
  iface->get_n_items = ok_grouped_model_get_n_items;
  iface->get_item = ok_grouped_model_get_item;
}

/* The heading for @key, the same object as before where the group was there before. A group
 * split in two (its certificates sorted apart until the next refresh) gets a second heading. */
static OkGroupHeader *
take_header (OkGroupedModel *self,
             GHashTable     *headers,
             const char     *key)
{
  OkGroupHeader *header = NULL;

  if (!g_hash_table_steal_extended (self->headers, key, NULL, (gpointer *) &header))
    header = ok_group_header_new (key);

  if (!g_hash_table_contains (headers, ok_group_header_get_key (header)))
    g_hash_table_insert (headers, (gpointer) ok_group_header_get_key (header), g_object_ref (header));

  return header;
}

static void
announce_difference (OkGroupedModel *self,
                     GPtrArray      *before)
{
  GPtrArray *after = self->items;
  guint n_before = n_shown (self, before);
  guint n_after = n_shown (self, after);
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < n_before && prefix < n_after && before->pdata[prefix] == after->pdata[prefix])
    prefix++;
  while (suffix < n_before - prefix && suffix < n_after - prefix &&
         before->pdata[n_before - 1 - suffix] == after->pdata[n_after - 1 - suffix])
    suffix++;

  if (prefix == n_before && prefix == n_after)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), prefix, n_before - prefix - suffix, n_after - prefix - suffix);
}

/**
 * ok_grouped_model_regroup:
 *
 * Works out the headings again; for a change the sorted certificates do not announce, such as
 * a group's title.
 */
void
ok_grouped_model_regroup (OkGroupedModel *self)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GHashTable) headers = NULL;
  OkCertificate *previous = NULL;
  guint n;

  g_return_if_fail (OK_IS_GROUPED_MODEL (self));

  headers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  before = g_steal_pointer (&self->items);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  n = self->certificates != NULL ? g_list_model_get_n_items (self->certificates) : 0;

  for (guint i = 0; i < n; i++)
    {
      OkCertificate *certificate = g_list_model_get_item (self->certificates, i);

      if (previous == NULL || !ok_format_same_group (certificate, previous))
        {
          g_autofree char *key = ok_format_group_key (certificate);
          OkGroupHeader *header = take_header (self, headers, key);
          g_autofree char *title = ok_format_group_title (certificate);

          ok_group_header_set_title (header, title);
          g_ptr_array_add (self->items, header);
        }

      g_ptr_array_add (self->items, certificate);
      previous = certificate;
    }

  g_hash_table_unref (self->headers);
  self->headers = g_steal_pointer (&headers);

  announce_difference (self, before);
}

static void
ok_grouped_model_dispose (GObject *object)
{
  OkGroupedModel *self = OK_GROUPED_MODEL (object);

  if (self->certificates != NULL)
    g_signal_handlers_disconnect_by_data (self->certificates, self);
  g_clear_object (&self->certificates);

  G_OBJECT_CLASS (ok_grouped_model_parent_class)->dispose (object);
}

static void
ok_grouped_model_finalize (GObject *object)
{
  OkGroupedModel *self = OK_GROUPED_MODEL (object);

  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->headers);

  G_OBJECT_CLASS (ok_grouped_model_parent_class)->finalize (object);
}

static void
ok_grouped_model_class_init (OkGroupedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ok_grouped_model_dispose;
  object_class->finalize = ok_grouped_model_finalize;
}

static void
ok_grouped_model_init (OkGroupedModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->headers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->limit = G_MAXUINT;
}

/**
 * ok_grouped_model_new:
 * @certificates: #OkCertificate items, sorted so that each group's are next to each other
 */
OkGroupedModel *
ok_grouped_model_new (GListModel *certificates)
{
  OkGroupedModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (certificates), NULL);

  self = g_object_new (OK_TYPE_GROUPED_MODEL, NULL);
  self->certificates = g_object_ref (certificates);
  g_signal_connect_swapped (certificates, "items-changed", G_CALLBACK (ok_grouped_model_regroup), self);
  ok_grouped_model_regroup (self);

  return self;
}

/**
 * ok_grouped_model_find:
 * @id: (nullable): a certificate id
 *
 * Returns: the position of the certificate with @id, or %G_MAXUINT (GTK_INVALID_LIST_POSITION)
 *   when it is not there or held back
 */
guint
ok_grouped_model_find (OkGroupedModel *self,
                       const char     *id)
{
  g_return_val_if_fail (OK_IS_GROUPED_MODEL (self), G_MAXUINT);

  for (guint i = 0; id != NULL && i < n_shown (self, self->items); i++)
    {
      gpointer item = self->items->pdata[i];

      if (OK_IS_CERTIFICATE (item) && g_str_equal (ok_certificate_get_id (item), id))
        return i;
    }

  return G_MAXUINT;
}

/**
 * ok_grouped_model_set_limit:
 * @limit: how many items to show at most; %G_MAXUINT for all
 */
void
ok_grouped_model_set_limit (OkGroupedModel *self,
                            guint           limit)
{
  guint before;
  guint after;

  g_return_if_fail (OK_IS_GROUPED_MODEL (self));

  before = n_shown (self, self->items);
  self->limit = limit;
  after = n_shown (self, self->items);

  if (after > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, after - before);
  else if (after < before)
    g_list_model_items_changed (G_LIST_MODEL (self), after, before - after, 0);
}
