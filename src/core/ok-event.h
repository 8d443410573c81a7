/* ok-event.h — OkEvent: one entry of a certificate's event log
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What one event keeps of a message and of a detailed error (a CA's whole body), in bytes. */
#define OK_EVENT_MAX_MESSAGE        (4 * 1024)
#define OK_EVENT_MAX_DETAILED_ERROR (16 * 1024)

#define OK_EVENT_ERROR (ok_event_error_quark ())

typedef enum
{
  OK_EVENT_ERROR_INVALID,       /* the JSON is not an event object */
  OK_EVENT_ERROR_UNKNOWN_TYPE,  /* the event type is not one this version knows */
} OkEventError;

typedef enum
{
  OK_EVENT_TYPE_IMPORTED,
  OK_EVENT_TYPE_ISSUED,
  OK_EVENT_TYPE_RENEWED,
  OK_EVENT_TYPE_ISSUE_ERROR,
  OK_EVENT_TYPE_RENEW_ERROR,
  OK_EVENT_TYPE_EXPORTED,
  OK_EVENT_TYPE_EXPIRY_NOTICE,
  OK_EVENT_TYPE_RENAMED,
  OK_EVENT_TYPE_REMOVED,
  OK_EVENT_TYPE_DEPLOYED,
  OK_EVENT_TYPE_DEPLOY_ERROR,
  OK_EVENT_TYPE_NOTIFIED,
  OK_EVENT_TYPE_REVOKED,       /* the CA revoked the current certificate (OCSP or CRL) */
  OK_EVENT_TYPE_KEY_ADDED,     /* a monitored-only certificate got its private key by an import */
  OK_EVENT_TYPE_RENEWED_ELSEWHERE, /* an imported newer certificate of the entry became current */
  OK_EVENT_TYPE_LOG_TRIMMED,   /* stands for older events removed to keep the log short */
} OkEventType;

#define OK_TYPE_EVENT_TYPE (ok_event_type_get_type ())
#define OK_TYPE_EVENT (ok_event_get_type ())

G_DECLARE_FINAL_TYPE (OkEvent, ok_event, OK, EVENT, GObject)

GQuark       ok_event_error_quark          (void);

GType        ok_event_type_get_type        (void) G_GNUC_CONST;
const char  *ok_event_type_to_string       (OkEventType   type);
gboolean     ok_event_type_from_string     (const char   *string,
                                            OkEventType  *type);
gboolean     ok_event_type_is_error        (OkEventType   type);

OkEvent     *ok_event_new                  (OkEventType   type,
                                            const char   *message,
                                            const char   *detailed_error);
OkEvent     *ok_event_new_at               (gint64        time,
                                            OkEventType   type,
                                            const char   *message,
                                            const char   *detailed_error);
OkEvent     *ok_event_new_from_json        (JsonNode     *node,
                                            GError      **error);
JsonNode    *ok_event_to_json              (OkEvent      *self);

gint64       ok_event_get_time             (OkEvent      *self);
GDateTime   *ok_event_dup_date_time        (OkEvent      *self);
OkEventType  ok_event_get_event_type       (OkEvent      *self);
const char  *ok_event_get_message          (OkEvent      *self);
const char  *ok_event_get_detailed_error   (OkEvent      *self);
gboolean     ok_event_equal                (gconstpointer a,
                                            gconstpointer b);

G_END_DECLS
