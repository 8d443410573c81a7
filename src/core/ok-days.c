/* ok-days.c — the one place that decides how many days a certificate has left
 *
 * Days are counted in local calendar days between today and the expiry date, not in 24-hour
 * periods: a certificate that expires on 24 March has 9 days left on 15 March all day long,
 * whatever the hour, so a reminder sent at 08:00, the window drawn at 17:00 and the CLI run at
 * midnight say the same number, and that number agrees with the date printed beside it.
 * Earlier the window rounded down, the notifications up and the CLI rounded an expiry in the
 * past away from zero, so the same certificate read "9 days", "10 days" and −952/951.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-days.h"

/* The local zone, looked up once: GLib reads /etc/localtime again on every
 * g_date_time_to_local(), which was most of the time `status` took over 10,000 certificates. */
static GTimeZone *
local_zone (void)
{
  static gsize zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, (gsize) g_time_zone_new_local ());

  return (GTimeZone *) zone;
}

static GDate *
local_date (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return NULL;

  local = g_date_time_to_timezone (utc, local_zone ());
  return g_date_new_dmy (g_date_time_get_day_of_month (local),
                         g_date_time_get_month (local),
                         g_date_time_get_year (local));
}

/**
 * ok_days_left:
 * @not_after: when the certificate expires
 * @now: the current time
 *
 * Returns: calendar days from @now to @not_after: 0 on the day of expiry (before and after
 *   the moment), negative for the days since an expiry in the past
 */
gint64
ok_days_left (gint64 not_after,
              gint64 now)
{
  g_autoptr(GDate) today = local_date (now);
  g_autoptr(GDate) expiry = local_date (not_after);

  if (today == NULL || expiry == NULL)
    return not_after >= now ? G_MAXINT : -G_MAXINT;

  return g_date_days_between (today, expiry);
}

/**
 * ok_days_describe_expiry:
 *
 * Returns: (transfer full): "Expires in 12 days", "Expires today", "Expired today" or
 *   "Expired 3 days ago"
 */
char *
ok_days_describe_expiry (gint64 not_after,
                         gint64 now)
{
  gint64 days = ok_days_left (not_after, now);

  if (now >= not_after)
    {
      if (days >= 0)
        return g_strdup (_("Expired today"));
      return g_strdup_printf (ngettext ("Expired %'d day ago", "Expired %'d days ago", (gulong) -days), (int) -days);
    }

  if (days <= 0)
    return g_strdup (_("Expires today"));
  return g_strdup_printf (ngettext ("Expires in %'d day", "Expires in %'d days", (gulong) days), (int) days);
}

static char *
format_local (gint64      unix_time,
              const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("—");

  local = g_date_time_to_timezone (utc, local_zone ());
  return g_date_time_format (local, format);
}

char *
ok_days_format_date (gint64 unix_time)
{
  /* Translators: a date as in "24 March 2029"; see g_date_time_format() for the codes */
  return format_local (unix_time, _("%-d %B %Y"));
}

char *
ok_days_format_date_time (gint64 unix_time)
{
  /* Translators: a date and time as in "24 March 2029, 14:03"; see g_date_time_format() */
  return format_local (unix_time, _("%-d %B %Y, %H:%M"));
}
