/* ok-grouped-model.h — sorted certificates with a heading item in front of each group
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OK_TYPE_GROUPED_MODEL (ok_grouped_model_get_type ())

G_DECLARE_FINAL_TYPE (OkGroupedModel, ok_grouped_model, OK, GROUPED_MODEL, GObject)

OkGroupedModel *ok_grouped_model_new        (GListModel     *certificates);
void            ok_grouped_model_regroup   (OkGroupedModel *self);
guint           ok_grouped_model_find      (OkGroupedModel *self,
                                            const char     *id);
void            ok_grouped_model_set_limit (OkGroupedModel *self,
                                            guint           limit);

G_END_DECLS
