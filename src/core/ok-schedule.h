/* ok-schedule.h — when a certificate's expiry reminders are due, and the record of which were
 * sent: pure functions of the certificate, the reminder days, the record and an injected `now`
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ok-certificate.h"

G_BEGIN_DECLS

/* The settings key's default: days before expiry; 0 is the moment of expiry. */
#define OK_SCHEDULE_DEFAULT_THRESHOLDS 60, 30, 14, 7, 3, 1, 0
#define OK_SCHEDULE_MAX_THRESHOLD_DAYS 365

/* A reminder day that has not been reached, or no reminder at all. */
#define OK_SCHEDULE_NONE (-1)

GArray   *ok_schedule_dup_thresholds        (GSettings      *settings);
GArray   *ok_schedule_thresholds_new        (const int      *days,
                                             gsize           n_days);

gint64    ok_schedule_get_threshold_time    (OkCertificate  *certificate,
                                             int             days);
int       ok_schedule_get_crossed_threshold (OkCertificate  *certificate,
                                             GArray         *thresholds,
                                             gint64          now);

gboolean  ok_schedule_was_notified          (JsonObject     *state,
                                             OkCertificate  *certificate,
                                             int             days);
void      ok_schedule_mark_notified         (JsonObject     *state,
                                             OkCertificate  *certificate,
                                             GArray         *thresholds,
                                             int             crossed);

int       ok_schedule_get_due_threshold     (OkCertificate  *certificate,
                                             GArray         *thresholds,
                                             JsonObject     *state,
                                             gint64          now);
gint64    ok_schedule_next_notice           (OkCertificate  *certificate,
                                             GArray         *thresholds,
                                             JsonObject     *state,
                                             gint64          now,
                                             int            *days);

G_END_DECLS
