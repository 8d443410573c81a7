/* ok-group-heading.h — the heading the list shows above an organisation's certificates
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OK_TYPE_GROUP_HEADING (ok_group_heading_get_type ())

G_DECLARE_FINAL_TYPE (OkGroupHeading, ok_group_heading, OK, GROUP_HEADING, GtkWidget)

GtkWidget  *ok_group_heading_new       (void);
const char *ok_group_heading_get_title (OkGroupHeading *self);
void        ok_group_heading_set_title (OkGroupHeading *self,
                                        const char     *title,
                                        gboolean        first);

G_END_DECLS
