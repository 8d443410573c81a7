/* ok-notice.h — OkNotice: one thing the background monitor tells the user (a reminder, an
 * expiry, a renewal, a failed renewal or a revocation), and its desktop notification
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ok-certificate.h"

G_BEGIN_DECLS

/* The actions a notification's clicks activate, on the application with the APP_ID. They
 * take the certificate id as a string target. The GUI implements both; see ok-monitor.h for
 * how a click reaches it. */
#define OK_NOTICE_ACTION_SHOW  "show-certificate"
#define OK_NOTICE_ACTION_RENEW "renew-certificate"
/* Takes a CVR number: the window opens on the IdM light e-mail for that organisation. */
#define OK_NOTICE_ACTION_DRAFT_IDM_LIGHT "draft-idm-light"
/* On the running monitor (APP_ID ".Monitor"): send a notice given as ok_notice_to_json() text,
 * so that its clicks reach a process that is still there (`monitor --once` hands off). */
#define OK_NOTICE_ACTION_SEND "send-notice"

typedef enum
{
  OK_NOTICE_EXPIRING,          /* a reminder day was reached */
  OK_NOTICE_EXPIRED,
  OK_NOTICE_RENEWED,
  OK_NOTICE_RENEWAL_FAILED,
  OK_NOTICE_REVOKED,           /* the CA revoked the certificate */
} OkNoticeKind;

#define OK_TYPE_NOTICE_KIND (ok_notice_kind_get_type ())
#define OK_TYPE_NOTICE (ok_notice_get_type ())

G_DECLARE_FINAL_TYPE (OkNotice, ok_notice, OK, NOTICE, GObject)

GType                  ok_notice_kind_get_type          (void) G_GNUC_CONST;
const char            *ok_notice_kind_to_string         (OkNoticeKind    kind);

OkNotice              *ok_notice_new_reminder           (OkCertificate  *certificate,
                                                         int             threshold_days,
                                                         gint64          now,
                                                         guint           default_window_days);
OkNotice              *ok_notice_new_summary            (GPtrArray      *reminders);
OkNotice              *ok_notice_new_renewed            (OkCertificate  *renewed);
OkNotice              *ok_notice_new_renewal_failed     (OkCertificate  *certificate,
                                                         const GError   *error,
                                                         gint64          next_attempt);
OkNotice              *ok_notice_new_revoked            (OkCertificate  *certificate,
                                                         gint64          revoked_at);

OkNoticeKind           ok_notice_get_kind               (OkNotice       *self);
const char            *ok_notice_get_certificate_id     (OkNotice       *self);
const char            *ok_notice_get_title              (OkNotice       *self);
const char            *ok_notice_get_body               (OkNotice       *self);
GNotificationPriority  ok_notice_get_priority           (OkNotice       *self);
int                    ok_notice_get_threshold_days     (OkNotice       *self);
gboolean               ok_notice_get_can_renew          (OkNotice       *self);
const char            *ok_notice_get_idm_light_cvr      (OkNotice       *self);

JsonNode              *ok_notice_to_json                (OkNotice       *self);
OkNotice              *ok_notice_new_from_json          (JsonNode       *node,
                                                         GError        **error);

char                  *ok_notice_dup_notification_id    (OkNotice       *self);
GNotification         *ok_notice_to_notification        (OkNotice       *self);
GNotification         *ok_notice_to_notification_full   (OkNotice       *self,
                                                         gboolean        with_buttons);

gboolean               ok_notice_server_available       (GDBusConnection *session_bus);

G_END_DECLS
