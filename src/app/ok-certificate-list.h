/* ok-certificate-list.h — the certificates grouped by organisation and environment, most urgent
 * first, with search and a filter
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-certificate-matcher.h"

G_BEGIN_DECLS

#define OK_TYPE_CERTIFICATE_LIST (ok_certificate_list_get_type ())

G_DECLARE_FINAL_TYPE (OkCertificateList, ok_certificate_list, OK, CERTIFICATE_LIST, AdwBin)

GtkWidget           *ok_certificate_list_new                     (void);
void                 ok_certificate_list_set_model               (OkCertificateList   *self,
                                                                  GListModel          *certificates);
OkCertificateFilter  ok_certificate_list_get_filter              (OkCertificateList   *self);
void                 ok_certificate_list_set_filter              (OkCertificateList   *self,
                                                                  OkCertificateFilter  filter);
void                 ok_certificate_list_set_expected_height     (OkCertificateList   *self,
                                                                  int                  height);
void                 ok_certificate_list_set_default_window_days (OkCertificateList   *self,
                                                                  guint                days);
void                 ok_certificate_list_set_hidden              (OkCertificateList   *self,
                                                                  const char          *id,
                                                                  gboolean             hidden);
void                 ok_certificate_list_refresh                 (OkCertificateList   *self);
void                 ok_certificate_list_select                  (OkCertificateList   *self,
                                                                  const char          *id);
const char          *ok_certificate_list_get_selected_id         (OkCertificateList   *self);
gboolean             ok_certificate_list_is_shown                (OkCertificateList   *self,
                                                                  const char          *id);
char                *ok_certificate_list_dup_first_id            (OkCertificateList   *self);
guint                ok_certificate_list_get_n_shown             (OkCertificateList   *self);
void                 ok_certificate_list_start_search            (OkCertificateList   *self);
void                 ok_certificate_list_set_key_capture_widget  (OkCertificateList   *self,
                                                                  GtkWidget           *widget);

G_END_DECLS
