/* ok-reversed-list.c — a GListModel that shows another one back to front
 *
 * GTK 4.8 has no reversing list model, and sorting the event log by time would not keep the
 * order of events logged within the same microsecond; mirroring the positions does.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-reversed-list.h"

struct _OkReversedList
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_items;
};

static void ok_reversed_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OkReversedList, ok_reversed_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ok_reversed_list_list_model_init))

static GType
ok_reversed_list_get_item_type (GListModel *list)
{
  OkReversedList *self = OK_REVERSED_LIST (list);

  return g_list_model_get_item_type (self->model);
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

OkReversedList *
ok_reversed_list_new (GListModel *model)
{
  OkReversedList *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (OK_TYPE_REVERSED_LIST, NULL);
  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (model);
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (model_items_changed), self);

  return self;
}

GListModel *
ok_reversed_list_get_model (OkReversedList *self)
{
  g_return_val_if_fail (OK_IS_REVERSED_LIST (self), NULL);

  return self->model;
}
