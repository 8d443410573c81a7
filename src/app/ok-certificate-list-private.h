/* ok-certificate-list-private.h — what ok-certificate-list.c and ok-certificate-list-keys.c
 * share
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-certificate-list.h"
#include "ok-certificate-matcher.h"
#include "ok-certificate-sorter.h"
#include "ok-grouped-model.h"

G_BEGIN_DECLS

struct _OkCertificateList
{
  AdwBin               parent_instance;

  GListModel          *certificates;
  GtkFilterListModel  *filter_model;
  GtkSortListModel    *sort_model;
  OkGroupedModel      *grouped_model;
  GtkSingleSelection  *selection;
  OkCertificateMatcher *filter;
  OkCertificateSorter *sorter;

  GHashTable          *watched;          /* OkCertificate → NULL, whose changes we follow */
  GHashTable          *bound;            /* GtkListItem → NULL, those showing an item */
  char                *selected_id;
  gboolean             moving_up;
  gint64               now;
  guint                default_window_days;
  guint                refresh_idle;
  guint                show_all_idle;
  guint                first_frame_items;
  gboolean             showing_all;

  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkStack            *stack;
  GtkListView         *list_view;
};

void _ok_certificate_list_keys_init (OkCertificateList *self);

G_END_DECLS
