/* ok-reversed-list.c — a GListModel that shows another one back to front
 *
 * GTK 4.8 has no reversing list model, and sorting the event log by time would not keep the
 * order of events logged within the same microsecond; mirroring the positions does.
 *
 * Every reload of the store makes new objects for a certificate and its events, so the page
 * points this list at a new model each time. It tells its view only what differs from the
 * model before: a renewal adds one row to the event log instead of making all of them again
 * (which a GTK 4.8 list box lays out anew, label by label).
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-reversed-list.h"

struct _OkReversedList
{
  GObject     parent_instance;

  GType       item_type;
  GListModel *model;
  guint       n_items;
};

static void ok_reversed_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OkReversedList, ok_reversed_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ok_reversed_list_list_model_init))

static GType
ok_reversed_list_get_item_type (GListModel *list)
{
  return OK_REVERSED_LIST (list)->item_type;
}

static guint
ok_reversed_list_get_n_items (GListModel *list)
{
  return OK_REVERSED_LIST (list)->n_items;
}

static gpointer
ok_reversed_list_get_item (GListModel *list,
                           guint       position)
{
  OkReversedList *self = OK_REVERSED_LIST (list);

  if (position >= self->n_items)
    return NULL;

  return g_list_model_get_item (self->model, self->n_items - 1 - position);
}

static void
ok_reversed_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ok_reversed_list_get_item_type;
  iface->get_n_items = ok_reversed_list_get_n_items;
  iface->get_item = ok_reversed_list_get_item;
}

/* Items [position, position + removed) of the model become [old_n - position - removed,
 * old_n - position) here, counted from the end. */
static void
model_items_changed (OkReversedList *self,
                     guint           position,
                     guint           removed,
                     guint           added,
                     GListModel     *model)
{
  guint old_n = self->n_items;

  self->n_items = g_list_model_get_n_items (model);
  g_list_model_items_changed (G_LIST_MODEL (self), old_n - position - removed, removed, added);
}

static void
ok_reversed_list_dispose (GObject *object)
{
  OkReversedList *self = OK_REVERSED_LIST (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ok_reversed_list_parent_class)->dispose (object);
}

static void
ok_reversed_list_class_init (OkReversedListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ok_reversed_list_dispose;
}

static void
ok_reversed_list_init (OkReversedList *self)
{
}

/**
 * ok_reversed_list_new:
 * @item_type: the type of the items of the models it will show
 *
 * Returns: (transfer full): an empty list; ok_reversed_list_set_model() gives it a model
 */
OkReversedList *
ok_reversed_list_new (GType item_type)
{
  OkReversedList *self = g_object_new (OK_TYPE_REVERSED_LIST, NULL);

  self->item_type = item_type;

  return self;
}

GListModel *
ok_reversed_list_get_model (OkReversedList *self)
{
  g_return_val_if_fail (OK_IS_REVERSED_LIST (self), NULL);

  return self->model;
}

static gboolean
same_item_at (GListModel *a,
              guint       position_a,
              GListModel *b,
              guint       position_b,
              GEqualFunc  same)
{
  g_autoptr(GObject) item_a = g_list_model_get_item (a, position_a);
  g_autoptr(GObject) item_b = g_list_model_get_item (b, position_b);

  return same (item_a, item_b);
}

/**
 * ok_reversed_list_set_model:
 * @model: (nullable): the model to show back to front, or %NULL for none
 * @same: tells whether an item of the old model and one of @model stand for the same thing
 *
 * Shows @model instead. Items at the start and the end of the old model that @same finds at the
 * start and the end of @model count as unchanged: only the part between them is announced as
 * removed and added, so a view keeps its rows for the rest.
 */
void
ok_reversed_list_set_model (OkReversedList *self,
                            GListModel     *model,
                            GEqualFunc      same)
{
  g_autoptr(GListModel) old = NULL;
  guint old_n, new_n, first = 0, last = 0;

  g_return_if_fail (OK_IS_REVERSED_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));
  g_return_if_fail (same != NULL);

  if (self->model == model)
    return;

  old = g_steal_pointer (&self->model);
  if (old != NULL)
    g_signal_handlers_disconnect_by_data (old, self);
  old_n = self->n_items;
  new_n = model != NULL ? g_list_model_get_n_items (model) : 0;

  /* In the model's own order: the common start, then the common end after it. */
  while (first < old_n && first < new_n && same_item_at (old, first, model, first, same))
    first++;
  while (last < old_n - first && last < new_n - first &&
         same_item_at (old, old_n - 1 - last, model, new_n - 1 - last, same))
    last++;

  if (model != NULL)
    {
      self->model = g_object_ref (model);
      g_signal_connect_swapped (model, "items-changed", G_CALLBACK (model_items_changed), self);
    }
  self->n_items = new_n;

  /* Back to front, the common end comes first. */
  if (old_n - first - last > 0 || new_n - first - last > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), last, old_n - first - last, new_n - first - last);
}
