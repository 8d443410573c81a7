/* ok-notice-texts.c — the words of each notice, made from a certificate
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-issuer.h"
#include "ok-notice.h"
#include "ok-state.h"

#define SECONDS_PER_DAY (24 * 60 * 60)

static char *
format_date (gint64   unix_time,
             gboolean with_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup ("?");

  return g_date_time_format (local, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d");
}

/* What the user can do about an expiry that is coming, by who (if anyone) renews it. */
static char *
describe_way_out (OkCertificate *certificate,
                  gint64         now,
                  guint          default_window_days)
{
  OkRenewalHistory history;

  if (ok_state_get_renewal_refusal (certificate) != NULL)
    return g_strdup (ok_state_get_renewal_refusal (certificate));

  if (!ok_certificate_get_has_private_key (certificate))
    return g_strdup (_("OCES Keeper does not hold its private key and cannot renew it: order a new certificate in the MitID Erhverv portal in time."));

  if (ok_state_compute (certificate, now, default_window_days) == OK_STATE_RENEWAL_FAILING)
    {
      ok_state_get_renewal_history (certificate, &history);
      /* Translators: %s is the error of the last renewal attempt */
      return g_strdup_printf (_("Automatic renewal is failing: %s"),
                              history.last_error != NULL ? history.last_error : "");
    }

  if (ok_certificate_get_auto_renew (certificate))
    return g_strdup (_("OCES Keeper renews it automatically."));

  return g_strdup (_("Automatic renewal is off for it: renew it before then."));
}

/**
 * ok_notice_new_reminder:
 * @threshold_days: the reminder day that was reached; 0 is the expiry
 *
 * Returns: (transfer full): the reminder for @certificate at @now
 */
OkNotice *
ok_notice_new_reminder (OkCertificate *certificate,
                        int            threshold_days,
                        gint64         now,
                        guint          default_window_days)
{
  const char *name;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *way_out = NULL;
  gint64 seconds_left;
  gint64 days_left;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  name = ok_certificate_get_name (certificate);
  expiry = format_date (ok_certificate_get_not_after (certificate), TRUE);

  if (threshold_days == 0 || now >= ok_certificate_get_not_after (certificate))
    {
      /* Translators: %s is the certificate's name */
      title = g_strdup_printf (_("“%s” has expired"), name);
      /* Translators: %s is a date and time */
      body = g_strdup_printf (_("It expired on %s. An expired certificate cannot be renewed: order a new one in the MitID Erhverv portal."),
                              expiry);

      return g_object_new (OK_TYPE_NOTICE,
                           "kind", OK_NOTICE_EXPIRED,
                           "certificate-id", ok_certificate_get_id (certificate),
                           "title", title,
                           "body", body,
                           "priority", G_NOTIFICATION_PRIORITY_URGENT,
                           "threshold-days", threshold_days,
                           "can-renew", FALSE,
                           NULL);
    }

  /* Rounded up: the reminder for 7 days is made a moment after exactly 7 days are left, and
   * must not say 6. */
  seconds_left = ok_certificate_get_not_after (certificate) - now;
  days_left = (seconds_left + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY;
  if (seconds_left < SECONDS_PER_DAY)
    /* Translators: %s is the certificate's name */
    title = g_strdup_printf (_("“%s” expires within a day"), name);
  else
    /* Translators: %s is the certificate's name, %d a number of days */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” expires in %d day", "“%s” expires in %d days",
                                          (gulong) days_left),
                             name, (int) days_left);

  way_out = describe_way_out (certificate, now, default_window_days);
  /* Translators: the first %s is a date and time, the second what will happen or what to do */
  body = g_strdup_printf (_("It is valid until %s. %s"), expiry, way_out);

  return g_object_new (OK_TYPE_NOTICE,
                       "kind", OK_NOTICE_EXPIRING,
                       "certificate-id", ok_certificate_get_id (certificate),
                       "title", title,
                       "body", body,
                       "priority", G_NOTIFICATION_PRIORITY_NORMAL,
                       "threshold-days", threshold_days,
                       "can-renew", ok_certificate_get_has_private_key (certificate),
                       NULL);
}

/**
 * ok_notice_new_renewed:
 * @renewed: the entry's new certificate
 *
 * Returns: (transfer full): the news of a renewal that worked
 */
OkNotice *
ok_notice_new_renewed (OkCertificate *renewed)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *expiry = NULL;

  g_return_val_if_fail (OK_IS_CERTIFICATE (renewed), NULL);

  expiry = format_date (ok_certificate_get_not_after (renewed), TRUE);
  /* Translators: %s is the certificate's name */
  title = g_strdup_printf (_("“%s” was renewed"), ok_certificate_get_name (renewed));
  /* Translators: %s is a date and time */
  body = g_strdup_printf (_("The new certificate is valid until %s."), expiry);

  return g_object_new (OK_TYPE_NOTICE,
                       "kind", OK_NOTICE_RENEWED,
                       "certificate-id", ok_certificate_get_id (renewed),
                       "title", title,
                       "body", body,
                       "priority", G_NOTIFICATION_PRIORITY_NORMAL,
                       "can-renew", FALSE,
                       NULL);
}

/**
 * ok_notice_new_renewal_failed:
 * @next_attempt: when the monitor tries again, or %OK_STATE_NEVER
 *
 * Returns: (transfer full): the news of a failed renewal, with what to do about it
 */
OkNotice *
ok_notice_new_renewal_failed (OkCertificate *certificate,
                              const GError  *error,
                              gint64         next_attempt)
{
  g_autofree char *title = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  const char *guidance = NULL;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == OK_ISSUER_ERROR)
    guidance = ok_issuer_error_get_guidance (error);
  g_string_append (body, guidance != NULL && *guidance != '\0' ? guidance : error->message);

  if (next_attempt != OK_STATE_NEVER)
    {
      g_autofree char *when = format_date (next_attempt, TRUE);

      g_string_append_c (body, ' ');
      /* Translators: %s is a date and time */
      g_string_append_printf (body, _("OCES Keeper tries again at %s."), when);
    }

  /* Translators: %s is the certificate's name */
  title = g_strdup_printf (_("Renewing “%s” failed"), ok_certificate_get_name (certificate));

  return g_object_new (OK_TYPE_NOTICE,
                       "kind", OK_NOTICE_RENEWAL_FAILED,
                       "certificate-id", ok_certificate_get_id (certificate),
                       "title", title,
                       "body", body->str,
                       "priority", G_NOTIFICATION_PRIORITY_HIGH,
                       "can-renew", next_attempt != OK_STATE_NEVER,
                       NULL);
}
