/* ok-certificate-matcher.h — which certificates the list shows: the filter, the search and
 * removals waiting for their undo toast
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  OK_CERTIFICATE_FILTER_ALL,
  OK_CERTIFICATE_FILTER_ATTENTION,   /* expired, renewal failing, expiring soon */
  OK_CERTIFICATE_FILTER_TEST,
  OK_CERTIFICATE_FILTER_PROD,
} OkCertificateFilter;

#define OK_TYPE_CERTIFICATE_FILTER (ok_certificate_filter_get_type ())
#define OK_TYPE_CERTIFICATE_MATCHER (ok_certificate_matcher_get_type ())

GType ok_certificate_filter_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (OkCertificateMatcher, ok_certificate_matcher, OK, CERTIFICATE_MATCHER, GtkFilter)

OkCertificateMatcher *ok_certificate_matcher_new        (void);
OkCertificateFilter   ok_certificate_matcher_get_kind   (OkCertificateMatcher *self);
void                  ok_certificate_matcher_set_kind   (OkCertificateMatcher *self,
                                                         OkCertificateFilter   kind);
void                  ok_certificate_matcher_set_search (OkCertificateMatcher *self,
                                                         const char           *text);
void                  ok_certificate_matcher_set_hidden (OkCertificateMatcher *self,
                                                         const char           *id,
                                                         gboolean              hidden);
void                  ok_certificate_matcher_set_clock  (OkCertificateMatcher *self,
                                                         gint64                now,
                                                         guint                 default_window_days);

G_END_DECLS
