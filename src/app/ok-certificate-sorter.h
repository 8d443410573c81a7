/* ok-certificate-sorter.h — the list's order: groups by their most urgent member, then urgency
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OK_TYPE_CERTIFICATE_SORTER (ok_certificate_sorter_get_type ())

G_DECLARE_FINAL_TYPE (OkCertificateSorter, ok_certificate_sorter, OK, CERTIFICATE_SORTER, GtkSorter)

OkCertificateSorter *ok_certificate_sorter_new              (void);
void                 ok_certificate_sorter_set_certificates (OkCertificateSorter *self,
                                                             GListModel          *certificates);
void                 ok_certificate_sorter_set_clock        (OkCertificateSorter *self,
                                                             gint64               now,
                                                             guint                default_window_days);
void                 ok_certificate_sorter_forget_ranks     (OkCertificateSorter *self);

void                 ok_certificate_sorter_sort             (GPtrArray           *certificates,
                                                             gint64               now,
                                                             guint                default_window_days);
void                 ok_certificate_sorter_sort_now         (GPtrArray           *certificates,
                                                             gpointer             default_window_days);

G_END_DECLS
