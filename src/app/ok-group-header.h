/* ok-group-header.h — an organisation and environment's heading among the certificates of the list
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define OK_TYPE_GROUP_HEADER (ok_group_header_get_type ())

G_DECLARE_FINAL_TYPE (OkGroupHeader, ok_group_header, OK, GROUP_HEADER, GObject)

OkGroupHeader *ok_group_header_new       (const char    *key);
const char    *ok_group_header_get_key   (OkGroupHeader *self);
const char    *ok_group_header_get_title (OkGroupHeader *self);
void           ok_group_header_set_title (OkGroupHeader *self,
                                          const char    *title);

G_END_DECLS
