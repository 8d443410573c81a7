/* ok-group-header.c — an organisation and environment's heading among the certificates of the list
 *
 * GTK 4.8's list views have no sections, so the heading is an item of the list model itself
 * (see OkGroupedModel). Its title is that of the group's first certificate and may change, for
 * example when a renewal brings a new organisation name.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-group-header.h"

struct _OkGroupHeader
{
  GObject  parent_instance;

  char    *key;
  char    *title;
};

G_DEFINE_FINAL_TYPE (OkGroupHeader, ok_group_header, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ok_group_header_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OkGroupHeader *self = OK_GROUP_HEADER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_group_header_finalize (GObject *object)
{
  OkGroupHeader *self = OK_GROUP_HEADER (object);

  g_free (self->key);
  g_free (self->title);

  G_OBJECT_CLASS (ok_group_header_parent_class)->finalize (object);
}

static void
ok_group_header_class_init (OkGroupHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ok_group_header_get_property;
  object_class->finalize = ok_group_header_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ok_group_header_init (OkGroupHeader *self)
{
}

OkGroupHeader *
ok_group_header_new (const char *key)
{
  OkGroupHeader *self;

  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (OK_TYPE_GROUP_HEADER, NULL);
  self->key = g_strdup (key);

  return self;
}

const char *
ok_group_header_get_key (OkGroupHeader *self)
{
  g_return_val_if_fail (OK_IS_GROUP_HEADER (self), NULL);

  return self->key;
}

const char *
ok_group_header_get_title (OkGroupHeader *self)
{
  g_return_val_if_fail (OK_IS_GROUP_HEADER (self), NULL);

  return self->title;
}

void
ok_group_header_set_title (OkGroupHeader *self,
                           const char    *title)
{
  g_return_if_fail (OK_IS_GROUP_HEADER (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}
