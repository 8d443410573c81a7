/* ok-format.c — how the window words dates and day counts
 *
 * Dates are shown in local time; dates and day counts come from ok-days.c in the core, so that the
 * window, the CLI and the reminders never disagree about "N days".
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-days.h"
#include "ok-format.h"
#include "ok-state.h"

char *
ok_format_date (gint64 unix_time)
{
  return ok_days_format_date (unix_time);
}

char *
ok_format_date_time (gint64 unix_time)
{
  return ok_days_format_date_time (unix_time);
}

/* "Expires in 12 days" / "Expired 3 days ago" for the list rows. A revoked certificate's
 * days left mean nothing: the row says what to do instead. */
char *
ok_format_expiry (OkCertificate *certificate,
                  gint64         now)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  if (ok_state_is_revoked (certificate))
    return g_strdup (_("No longer usable"));

  return ok_days_describe_expiry (ok_certificate_get_not_after (certificate), now);
}

/* "Valid until 24 March 2029 — 1,215 days left" under the validity bar. */
char *
ok_format_validity_caption (OkCertificate *certificate,
                            gint64         now)
{
  g_autofree char *until = NULL;
  gint64 not_after;
  gint64 days;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  not_after = ok_certificate_get_not_after (certificate);
  until = ok_format_date (not_after);

  /* "Valid until" would be wrong about a revoked certificate, however many days it has left. */
  if (ok_state_is_revoked (certificate))
    /* Translators: %s is a date, "24 March 2029" */
    return g_strdup_printf (_("Revoked by the CA — it was to be valid until %s"), until);

  if (now >= not_after)
    return g_strdup_printf (_("Expired on %s"), until);

  /* A certificate issued a moment ago may start a few seconds from now by the CA's clock:
   * only a start on a later day is worth saying. */
  if (ok_days_left (ok_certificate_get_not_before (certificate), now) > 0)
    {
      g_autofree char *from = ok_format_date (ok_certificate_get_not_before (certificate));
      return g_strdup_printf (_("Valid from %s until %s"), from, until);
    }

  days = ok_days_left (not_after, now);
  if (days <= 0)
    return g_strdup_printf (_("Valid until %s — expires today"), until);

  /* Translators: the first %s is a date, "24 March 2029" */
  return g_strdup_printf (ngettext ("Valid until %s — %'d day left", "Valid until %s — %'d days left", (gulong) days),
                          until, (int) days);
}

/* Certificates are grouped by organisation and environment: what an administrator thinks of
 * as one "place" a certificate belongs to. */
char *
ok_format_group_key (OkCertificate *certificate)
{
  const char *cvr = ok_certificate_get_cvr (certificate);
  const char *organisation = ok_certificate_get_organisation (certificate);

  /* Not g_strdup_printf(): the list works this out for every certificate at each re-sort. */
  return g_strconcat (cvr != NULL ? cvr : "", "\x1f",
                      cvr == NULL && organisation != NULL ? organisation : "", "\x1f",
                      ok_environment_to_string (ok_certificate_get_environment (certificate)), NULL);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* Whether two certificates have the same ok_format_group_key(), without making the keys. */
gboolean
ok_format_same_group (OkCertificate *first,
                      OkCertificate *second)
{
  const char *first_cvr = ok_certificate_get_cvr (first);
  const char *second_cvr = ok_certificate_get_cvr (second);

  if (ok_certificate_get_environment (first) != ok_certificate_get_environment (second) ||
      !g_str_equal (or_empty (first_cvr), or_empty (second_cvr)))
    return FALSE;

  return g_str_equal (or_empty (first_cvr == NULL ? ok_certificate_get_organisation (first) : NULL),
                      or_empty (second_cvr == NULL ? ok_certificate_get_organisation (second) : NULL));
}

/**
 * ok_format_organisation_name:
 * @organisation: (nullable): a certificate's O
 * @cvr: (nullable): its CVR number
 *
 * OCES2 certificates carry the CVR inside O ("NETS DANID A/S // CVR:30808460"); where the CVR
 * is shown beside the name anyway, that part would say it twice.
 *
 * Returns: (transfer full) (nullable): @organisation without a trailing "// CVR:@cvr"
 */
char *
ok_format_organisation_name (const char *organisation,
                             const char *cvr)
{
  const char *separator;
  g_autofree char *rest = NULL;

  if (organisation == NULL)
    return NULL;

  separator = g_strrstr (organisation, "//");
  if (separator == NULL || cvr == NULL || separator == organisation)
    return g_strdup (organisation);

  rest = g_strstrip (g_strdup (separator + 2));
  if (g_ascii_strncasecmp (rest, "CVR:", 4) != 0 || !g_str_equal (g_strstrip (rest + 4), cvr))
    return g_strdup (organisation);

  return g_strstrip (g_strndup (organisation, separator - organisation));
}

char *
ok_format_group_title (OkCertificate *certificate)
{
  const char *cvr = ok_certificate_get_cvr (certificate);
  g_autofree char *name = ok_format_organisation_name (ok_certificate_get_organisation (certificate), cvr);
  const char *organisation = name;
  const char *environment = ok_environment_get_display_name (ok_certificate_get_environment (certificate));

  if (organisation == NULL || *organisation == '\0')
    organisation = _("Other certificates");

  if (cvr == NULL)
    /* Translators: a list section, "Organisation · Environment" */
    return g_strdup_printf (_("%s · %s"), organisation, environment);

  /* Translators: a list section, "Firma A/S · CVR 12345678 · Test" */
  return g_strdup_printf (_("%s · CVR %s · %s"), organisation, cvr, environment);
}

/* "RSA 3072" */
char *
ok_format_key (OkCertificate *certificate)
{
  const char *algorithm = ok_certificate_get_key_algorithm (certificate);
  guint bits = ok_certificate_get_key_bits (certificate);

  if (algorithm == NULL)
    return g_strdup ("—");
  if (bits == 0)
    return g_strdup (algorithm);

  return g_strdup_printf ("%s %u", algorithm, bits);
}
