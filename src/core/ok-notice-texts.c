/* ok-notice-texts.c — the words of each notice, made from a certificate
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-days.h"
#include "ok-issuer.h"
#include "ok-notice.h"
#include "ok-state.h"

/* Notifications are sentences: whatever text is put in one (an error from the CA, say) ends
 * with a full stop. */
static void
append_sentence (GString    *text,
                 const char *sentence)
{
  gsize length;

  if (sentence == NULL || *sentence == '\0')
    return;
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, sentence);
  length = text->len;
  if (!g_str_has_suffix (text->str, ".") && !g_str_has_suffix (text->str, "!") &&
      !g_str_has_suffix (text->str, "?") && length > 0)
    g_string_append_c (text, '.');
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
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 days_left;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  name = ok_certificate_get_name (certificate);
  expiry = ok_days_format_date_time (ok_certificate_get_not_after (certificate));

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

  /* The same count as the window and the CLI show at this moment (ok-days.c). */
  days_left = ok_days_left (ok_certificate_get_not_after (certificate), now);
  if (days_left <= 0)
    /* Translators: %s is the certificate's name */
    title = g_strdup_printf (_("“%s” expires today"), name);
  else
    /* Translators: %s is the certificate's name, %d a number of days */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” expires in %d day", "“%s” expires in %d days",
                                          (gulong) days_left),
                             name, (int) days_left);

  way_out = describe_way_out (certificate, now, default_window_days);
  /* Translators: %s is a date and time, "24 March 2029, 14:03" */
  body = g_strdup_printf (_("It is valid until %s."), expiry);
  append_sentence (text, body);
  append_sentence (text, way_out);
  g_free (body);
  body = g_string_free (g_steal_pointer (&text), FALSE);

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
 * ok_notice_new_summary:
 * @reminders: (element-type OkNotice): two or more reminders reached in one pass
 *
 * Several certificates reaching a reminder day at once are one notification, not a stack of
 * them. Its click opens the most urgent one.
 *
 * Returns: (transfer full): the summary
 */
OkNotice *
ok_notice_new_summary (GPtrArray *reminders)
{
  g_autofree char *title = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  OkNotice *urgent = NULL;
  gboolean any_expired = FALSE;

  g_return_val_if_fail (reminders != NULL && reminders->len > 1, NULL);

  for (guint i = 0; i < reminders->len; i++)
    {
      OkNotice *notice = g_ptr_array_index (reminders, i);

      append_sentence (body, ok_notice_get_title (notice));
      if (urgent == NULL || ok_notice_get_priority (notice) > ok_notice_get_priority (urgent))
        urgent = notice;
      any_expired |= ok_notice_get_kind (notice) == OK_NOTICE_EXPIRED;
    }

  /* Translators: %u is a number of certificates, always more than one */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certificate needs attention.",
                                        "%u certificates need attention.", reminders->len),
                           reminders->len);

  return g_object_new (OK_TYPE_NOTICE,
                       "kind", any_expired ? OK_NOTICE_EXPIRED : OK_NOTICE_EXPIRING,
                       "certificate-id", ok_notice_get_certificate_id (urgent),
                       "title", title,
                       "body", body->str,
                       "priority", ok_notice_get_priority (urgent),
                       "can-renew", FALSE,
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

  expiry = ok_days_format_date_time (ok_certificate_get_not_after (renewed));
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
  const char *idm_light_cvr = NULL;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_RENEWAL_NOT_ENABLED))
    idm_light_cvr = ok_certificate_get_cvr (certificate);

  if (error->domain == OK_ISSUER_ERROR)
    guidance = ok_issuer_error_get_guidance (error);
  append_sentence (body, guidance != NULL && *guidance != '\0' ? guidance : error->message);

  if (next_attempt != OK_STATE_NEVER)
    {
      g_autofree char *when = ok_days_format_date_time (next_attempt);
      g_autofree char *again = NULL;

      /* Translators: %s is a date and time, "24 March 2029, 14:03" */
      again = g_strdup_printf (_("OCES Keeper tries again at %s."), when);
      append_sentence (body, again);
    }

  /* Translators: %s is the certificate's name */
  title = g_strdup_printf (_("Renewing “%s” failed"), ok_certificate_get_name (certificate));

  return g_object_new (OK_TYPE_NOTICE,
                       "kind", OK_NOTICE_RENEWAL_FAILED,
                       "certificate-id", ok_certificate_get_id (certificate),
                       "title", title,
                       "body", body->str,
                       "priority", G_NOTIFICATION_PRIORITY_HIGH,
                       "can-renew", next_attempt != OK_STATE_NEVER && idm_light_cvr == NULL,
                       "idm-light-cvr", idm_light_cvr,
                       NULL);
}

/**
 * ok_notice_new_revoked:
 * @revoked_at: when the CA revoked it, unix seconds; 0 if the CA did not say
 *
 * Returns: (transfer full): the urgent news that the CA revoked @certificate, with what to do
 */
OkNotice *
ok_notice_new_revoked (OkCertificate *certificate,
                       gint64         revoked_at)
{
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *since = NULL;
  g_autoptr(GString) body = g_string_new (NULL);

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  /* Translators: %s is the certificate's name */
  title = g_strdup_printf (_("“%s” has been revoked"), ok_certificate_get_name (certificate));
  if (revoked_at > 0)
    {
      when = ok_days_format_date_time (revoked_at);
      /* Translators: %s is a date and time, "24 March 2029, 14:03" */
      since = g_strdup_printf (_("The CA revoked it on %s."), when);
      append_sentence (body, since);
    }
  append_sentence (body, _("It can no longer be used, and OCES Keeper will not renew it. Order a new certificate in the MitID Erhverv portal, then issue it in OCES Keeper or import it."));

  return g_object_new (OK_TYPE_NOTICE,
                       "kind", OK_NOTICE_REVOKED,
                       "certificate-id", ok_certificate_get_id (certificate),
                       "title", title,
                       "body", body->str,
                       "priority", G_NOTIFICATION_PRIORITY_URGENT,
                       "can-renew", FALSE,
                       NULL);
}
