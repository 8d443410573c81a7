/* ok-state.c — what a certificate needs now
 *
 * The state is derived, never stored: from the certificate's dates, whether we hold its key,
 * its settings and its event log (renewal failures are RENEW_ERROR events after the latest
 * ISSUED or RENEWED; a revocation is a REVOKED event after them, logged by ok-revocation-watch). Deriving it means the app, the CLI and the monitor cannot disagree.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ok-days.h"
#include "ok-event.h"
#include "ok-state.h"

#define SECONDS_PER_DAY  (24 * 60 * 60)
#define SECONDS_PER_HOUR (60 * 60)

static const GEnumValue state_values[] = {
  { OK_STATE_VALID, "OK_STATE_VALID", "valid" },
  { OK_STATE_RENEWAL_DUE, "OK_STATE_RENEWAL_DUE", "renewal-due" },
  { OK_STATE_EXPIRING_SOON, "OK_STATE_EXPIRING_SOON", "expiring-soon" },
  { OK_STATE_EXPIRED, "OK_STATE_EXPIRED", "expired" },
  { OK_STATE_RENEWAL_FAILING, "OK_STATE_RENEWAL_FAILING", "renewal-failing" },
  { OK_STATE_MONITOR_ONLY, "OK_STATE_MONITOR_ONLY", "monitor-only" },
  { OK_STATE_NOT_YET_VALID, "OK_STATE_NOT_YET_VALID", "not-yet-valid" },
  { OK_STATE_REVOKED, "OK_STATE_REVOKED", "revoked" },
  { 0, NULL, NULL }
};

GType
ok_state_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("OkState"), state_values));

  return type;
}

const char *
ok_state_to_string (OkState state)
{
  g_return_val_if_fail (state <= OK_STATE_REVOKED, NULL);

  return state_values[state].value_nick;
}

const char *
ok_state_get_display_name (OkState state)
{
  switch (state)
    {
    case OK_STATE_VALID:
      return _("Valid");
    case OK_STATE_RENEWAL_DUE:
      return _("Renewal due");
    case OK_STATE_EXPIRING_SOON:
      return _("Expiring soon");
    case OK_STATE_EXPIRED:
      return _("Expired");
    case OK_STATE_RENEWAL_FAILING:
      return _("Renewal failing");
    case OK_STATE_MONITOR_ONLY:
      return _("Monitor only");
    case OK_STATE_NOT_YET_VALID:
      return _("Not yet valid");
    case OK_STATE_REVOKED:
      return _("Revoked");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Higher is more urgent: lists sort by it. */
int
ok_state_get_urgency (OkState state)
{
  switch (state)
    {
    case OK_STATE_REVOKED:
      return 6;
    case OK_STATE_EXPIRED:
      return 5;
    case OK_STATE_RENEWAL_FAILING:
      return 4;
    case OK_STATE_EXPIRING_SOON:
      return 3;
    case OK_STATE_RENEWAL_DUE:
      return 2;
    case OK_STATE_MONITOR_ONLY:
    case OK_STATE_NOT_YET_VALID:
      return 1;
    case OK_STATE_VALID:
    default:
      return 0;
    }
}

/* Why the OCES3 renewal flow must never touch @certificate, whatever its settings say, or
 * %NULL. OCES2 certificates (TRUST2408) cannot be renewed at the MitID Erhverv CA at all:
 * they are replaced by a new OCES3 certificate. */
const char *
ok_state_get_renewal_refusal (OkCertificate *certificate)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  if (ok_state_is_revoked (certificate))
    return _("The CA has revoked this certificate: it can no longer be used, nor renewed. Order a new certificate in the MitID Erhverv portal, then issue it here with its reference number and one-time code, or import it, and use it in place of this one.");

  if (ok_certificate_get_kind (certificate) == OK_CERTIFICATE_KIND_OCES2)
    return _("This is an OCES2 certificate, which cannot be renewed. Order an OCES3 certificate in the MitID Erhverv portal, issue it here, and use it instead of this one before this one expires.");

  return NULL;
}

/* Whether the CA revoked @certificate: a REVOKED event since it became the entry's current
 * certificate (a revocation is final, so nothing clears it but a new certificate). */
gboolean
ok_state_is_revoked (OkCertificate *certificate)
{
  GListModel *events;
  gboolean revoked = FALSE;
  guint n;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), FALSE);

  events = ok_certificate_get_events (certificate);
  n = g_list_model_get_n_items (events);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkEvent) event = g_list_model_get_item (events, i);

      switch (ok_event_get_event_type (event))
        {
        case OK_EVENT_TYPE_REVOKED:
          revoked = TRUE;
          break;
        case OK_EVENT_TYPE_ISSUED:
        case OK_EVENT_TYPE_RENEWED:
        case OK_EVENT_TYPE_RENEWED_ELSEWHERE:
        case OK_EVENT_TYPE_IMPORTED:
          revoked = FALSE;
          break;
        default:
          break;
        }
    }

  return revoked;
}

/* Whether OCES Keeper renews @certificate by itself: the user's setting, as far as the key and
 * the kind of certificate allow it. */
gboolean
ok_state_renews_automatically (OkCertificate *certificate)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), FALSE);

  return ok_certificate_get_has_private_key (certificate) &&
         ok_certificate_get_auto_renew (certificate) &&
         ok_state_get_renewal_refusal (certificate) == NULL;
}

guint
ok_state_get_renewal_window_days (OkCertificate *certificate,
                                  guint          default_window_days)
{
  guint days = ok_certificate_get_renewal_window_days (certificate);

  if (days == 0)
    days = default_window_days != 0 ? default_window_days : OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS;

  return days;
}

gint64
ok_state_get_renewal_start (OkCertificate *certificate,
                            guint          default_window_days)
{
  return ok_certificate_get_not_after (certificate) -
         (gint64) ok_state_get_renewal_window_days (certificate, default_window_days) * SECONDS_PER_DAY;
}

void
ok_state_get_renewal_history (OkCertificate    *certificate,
                              OkRenewalHistory *history)
{
  GListModel *events = ok_certificate_get_events (certificate);
  guint n = g_list_model_get_n_items (events);

  memset (history, 0, sizeof *history);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkEvent) event = g_list_model_get_item (events, i);

      switch (ok_event_get_event_type (event))
        {
        case OK_EVENT_TYPE_RENEWED:
          history->last_success = ok_event_get_time (event) / G_USEC_PER_SEC;
          G_GNUC_FALLTHROUGH;
        case OK_EVENT_TYPE_ISSUED:
        case OK_EVENT_TYPE_IMPORTED:
        case OK_EVENT_TYPE_RENEWED_ELSEWHERE:
        case OK_EVENT_TYPE_KEY_ADDED:
          history->failures_since_success = 0;
          history->last_error = NULL;
          history->last_detailed_error = NULL;
          break;

        case OK_EVENT_TYPE_RENEW_ERROR:
          history->failures_since_success++;
          history->failures_total++;
          history->last_failure = ok_event_get_time (event) / G_USEC_PER_SEC;
          /* The event stays alive in the certificate's log, so borrowing its strings is safe. */
          history->last_error = ok_event_get_message (event);
          history->last_detailed_error = ok_event_get_detailed_error (event);
          break;

        case OK_EVENT_TYPE_ISSUE_ERROR:
        case OK_EVENT_TYPE_EXPORTED:
        case OK_EVENT_TYPE_EXPIRY_NOTICE:
        case OK_EVENT_TYPE_RENAMED:
        case OK_EVENT_TYPE_REMOVED:
        case OK_EVENT_TYPE_DEPLOYED:
        case OK_EVENT_TYPE_DEPLOY_ERROR:
        case OK_EVENT_TYPE_NOTIFIED:
        case OK_EVENT_TYPE_REVOKED:
        default:
          break;
        }
    }
}

OkState
ok_state_compute (OkCertificate *certificate,
                  gint64         now,
                  guint          default_window_days)
{
  OkRenewalHistory history;
  gboolean renews_itself;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), OK_STATE_VALID);

  /* First: a revocation ends the certificate's use whatever its dates say. */
  if (ok_state_is_revoked (certificate))
    return OK_STATE_REVOKED;

  if (now >= ok_certificate_get_not_after (certificate))
    return OK_STATE_EXPIRED;

  if (now < ok_certificate_get_not_before (certificate))
    return OK_STATE_NOT_YET_VALID;

  renews_itself = ok_state_renews_automatically (certificate);

  if (ok_certificate_get_has_private_key (certificate))
    {
      ok_state_get_renewal_history (certificate, &history);
      if (history.failures_since_success > 0)
        return OK_STATE_RENEWAL_FAILING;
    }

  if (now >= ok_state_get_renewal_start (certificate, default_window_days))
    return renews_itself ? OK_STATE_RENEWAL_DUE : OK_STATE_EXPIRING_SOON;

  if (!ok_certificate_get_has_private_key (certificate))
    return OK_STATE_MONITOR_ONLY;

  return OK_STATE_VALID;
}

/* Calendar days left, negative once expired; see ok-days.c for why there is one rule. */
gint64
ok_state_get_days_left (OkCertificate *certificate,
                        gint64         now)
{
  return ok_days_left (ok_certificate_get_not_after (certificate), now);
}

/* 1 h, 4 h, 12 h, then daily. */
gint64
ok_state_get_backoff (guint failures)
{
  switch (failures)
    {
    case 0:
      return 0;
    case 1:
      return 1 * SECONDS_PER_HOUR;
    case 2:
      return 4 * SECONDS_PER_HOUR;
    case 3:
      return 12 * SECONDS_PER_HOUR;
    default:
      return SECONDS_PER_DAY;
    }
}

/* When the monitor should next try to renew, or OK_STATE_NEVER. */
gint64
ok_state_next_renewal_attempt (OkCertificate *certificate,
                               gint64         now,
                               guint          default_window_days)
{
  OkRenewalHistory history;
  gint64 next;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), OK_STATE_NEVER);

  if (!ok_state_renews_automatically (certificate) ||
      now >= ok_certificate_get_not_after (certificate))
    return OK_STATE_NEVER;

  next = ok_state_get_renewal_start (certificate, default_window_days);

  ok_state_get_renewal_history (certificate, &history);
  if (history.failures_since_success > 0)
    next = MAX (next, history.last_failure + ok_state_get_backoff (history.failures_since_success));

  /* Past the expiry nothing can be renewed, so an attempt scheduled after it never happens. */
  if (next >= ok_certificate_get_not_after (certificate))
    return OK_STATE_NEVER;

  return next;
}
