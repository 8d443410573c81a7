/* ok-state.h — what a certificate needs now: the one place the app, the CLI and the monitor
 * read a certificate's state from
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-certificate.h"

G_BEGIN_DECLS

#define OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS 30
#define OK_STATE_NEVER G_MAXINT64

typedef enum
{
  OK_STATE_VALID,
  OK_STATE_RENEWAL_DUE,      /* inside its renewal window; will be renewed automatically */
  OK_STATE_EXPIRING_SOON,    /* inside its renewal window, but nothing will renew it by itself */
  OK_STATE_EXPIRED,
  OK_STATE_RENEWAL_FAILING,  /* the latest renewal attempt failed */
  OK_STATE_MONITOR_ONLY,     /* we do not hold the key; watched, never renewed */
  OK_STATE_NOT_YET_VALID,    /* before its notBefore */
  OK_STATE_REVOKED,          /* the CA revoked it (a REVOKED event since it became current) */
} OkState;

/* The renewal attempts read back from the event log. */
typedef struct
{
  guint       failures_since_success;
  guint       failures_total;
  gint64      last_failure;      /* unix seconds, 0 if never */
  gint64      last_success;      /* unix seconds, 0 if never renewed */
  const char *last_error;        /* the latest failure's message, or NULL */
  const char *last_detailed_error;
} OkRenewalHistory;

#define OK_TYPE_STATE (ok_state_get_type ())

GType        ok_state_get_type                (void) G_GNUC_CONST;
const char  *ok_state_to_string               (OkState         state);
const char  *ok_state_get_display_name        (OkState         state);
int          ok_state_get_urgency             (OkState         state);

gboolean     ok_state_renews_automatically    (OkCertificate  *certificate);
gboolean     ok_state_is_revoked              (OkCertificate  *certificate);
const char  *ok_state_get_renewal_refusal     (OkCertificate  *certificate);
guint        ok_state_get_renewal_window_days (OkCertificate  *certificate,
                                               guint           default_window_days);
gint64       ok_state_get_renewal_start       (OkCertificate  *certificate,
                                               guint           default_window_days);
void         ok_state_get_renewal_history     (OkCertificate  *certificate,
                                               OkRenewalHistory *history);
OkState      ok_state_compute                 (OkCertificate  *certificate,
                                               gint64          now,
                                               guint           default_window_days);
gint64       ok_state_get_days_left           (OkCertificate  *certificate,
                                               gint64          now);
gint64       ok_state_get_backoff             (guint           failures);
gint64       ok_state_next_renewal_attempt    (OkCertificate  *certificate,
                                               gint64          now,
                                               guint           default_window_days);

G_END_DECLS
