/* ok-schedule.c — when a certificate's expiry reminders are due, and the record of which were
 * sent
 *
 * A reminder day d is crossed at not_after − d days. Only the most urgent crossed day is ever
 * announced: a certificate first seen 10 days before expiry gets one "expires in 10 days"
 * reminder, not three for 60, 30 and 14. The days crossed are then all recorded as sent.
 *
 * The record lives in the store entry's monitor state (ok_store_get_monitor_state()) as
 *   "reminders": { "serial": "<serial of the certificate they were sent for>", "sent": [60, 30] }
 * so that it survives restarts, and a renewed certificate (a new serial) starts afresh.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-schedule.h"
#include "ok-state.h"

#define SECONDS_PER_DAY (24 * 60 * 60)
#define REMINDERS "reminders"

static int
compare_descending (gconstpointer a,
                    gconstpointer b)
{
  int first = *(const int *) a;
  int second = *(const int *) b;

  return (second > first) - (second < first);
}

/**
 * ok_schedule_thresholds_new:
 *
 * Returns: (transfer full) (element-type int): @days clamped to 0…365, without repeats,
 *   most distant first
 */
GArray *
ok_schedule_thresholds_new (const int *days,
                            gsize      n_days)
{
  GArray *thresholds = g_array_sized_new (FALSE, FALSE, sizeof (int), n_days);

  for (gsize i = 0; i < n_days; i++)
    {
      int day = CLAMP (days[i], 0, OK_SCHEDULE_MAX_THRESHOLD_DAYS);
      gboolean seen = FALSE;

      for (guint j = 0; j < thresholds->len && !seen; j++)
        seen = g_array_index (thresholds, int, j) == day;
      if (!seen)
        g_array_append_val (thresholds, day);
    }
  g_array_sort (thresholds, compare_descending);

  return thresholds;
}

/**
 * ok_schedule_dup_thresholds:
 * @settings: (nullable): the app's settings, or %NULL where the schema is not installed
 *
 * Returns: (transfer full) (element-type int): the reminder days, most distant first
 */
GArray *
ok_schedule_dup_thresholds (GSettings *settings)
{
  static const int defaults[] = { OK_SCHEDULE_DEFAULT_THRESHOLDS };
  g_autoptr(GVariant) value = NULL;
  const gint32 *days;
  gsize n_days = 0;

  if (settings == NULL)
    return ok_schedule_thresholds_new (defaults, G_N_ELEMENTS (defaults));

  value = g_settings_get_value (settings, "notification-thresholds");
  days = g_variant_get_fixed_array (value, &n_days, sizeof (gint32));

  return ok_schedule_thresholds_new (days, n_days);
}

gint64
ok_schedule_get_threshold_time (OkCertificate *certificate,
                                int            days)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), OK_STATE_NEVER);

  return ok_certificate_get_not_after (certificate) - (gint64) days * SECONDS_PER_DAY;
}

/* The most urgent reminder day reached at @now, or OK_SCHEDULE_NONE. */
int
ok_schedule_get_crossed_threshold (OkCertificate *certificate,
                                   GArray        *thresholds,
                                   gint64         now)
{
  int crossed = OK_SCHEDULE_NONE;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), OK_SCHEDULE_NONE);
  g_return_val_if_fail (thresholds != NULL, OK_SCHEDULE_NONE);

  for (guint i = 0; i < thresholds->len; i++)
    {
      int day = g_array_index (thresholds, int, i);

      if (now >= ok_schedule_get_threshold_time (certificate, day))
        crossed = day;
    }

  return crossed;
}

/* The record's list of sent days when it belongs to @certificate's serial, else NULL. */
static JsonArray *
get_sent (JsonObject    *state,
          OkCertificate *certificate)
{
  JsonObject *reminders;
  JsonNode *sent;

  if (state == NULL || !json_object_has_member (state, REMINDERS) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (state, REMINDERS)))
    return NULL;

  reminders = json_object_get_object_member (state, REMINDERS);
  if (g_strcmp0 (json_object_get_string_member_with_default (reminders, "serial", NULL),
                 ok_certificate_get_serial (certificate)) != 0)
    return NULL;

  sent = json_object_get_member (reminders, "sent");
  return sent != NULL && JSON_NODE_HOLDS_ARRAY (sent) ? json_node_get_array (sent) : NULL;
}

gboolean
ok_schedule_was_notified (JsonObject    *state,
                          OkCertificate *certificate,
                          int            days)
{
  JsonArray *sent;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), FALSE);

  sent = get_sent (state, certificate);
  for (guint i = 0; sent != NULL && i < json_array_get_length (sent); i++)
    {
      JsonNode *element = json_array_get_element (sent, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_int (element) == days)
        return TRUE;
    }

  return FALSE;
}

/**
 * ok_schedule_mark_notified:
 * @crossed: the reminder day just announced
 *
 * Records @crossed and every more distant day of @thresholds as sent for @certificate's
 * serial, replacing a record that belonged to an earlier certificate.
 */
void
ok_schedule_mark_notified (JsonObject    *state,
                           OkCertificate *certificate,
                           GArray        *thresholds,
                           int            crossed)
{
  JsonArray *sent;

  g_return_if_fail (state != NULL);
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (thresholds != NULL);

  sent = get_sent (state, certificate);
  if (sent == NULL)
    {
      JsonObject *reminders = json_object_new ();

      sent = json_array_new ();
      json_object_set_string_member (reminders, "serial", ok_certificate_get_serial (certificate));
      json_object_set_array_member (reminders, "sent", sent);
      json_object_set_object_member (state, REMINDERS, reminders);
    }

  for (guint i = 0; i < thresholds->len; i++)
    {
      int day = g_array_index (thresholds, int, i);

      if (day >= crossed && !ok_schedule_was_notified (state, certificate, day))
        json_array_add_int_element (sent, day);
    }
  if (!ok_schedule_was_notified (state, certificate, crossed))
    json_array_add_int_element (sent, crossed);
}

/* The reminder day to announce now, or OK_SCHEDULE_NONE. */
int
ok_schedule_get_due_threshold (OkCertificate *certificate,
                               GArray        *thresholds,
                               JsonObject    *state,
                               gint64         now)
{
  int crossed = ok_schedule_get_crossed_threshold (certificate, thresholds, now);

  if (crossed == OK_SCHEDULE_NONE || ok_schedule_was_notified (state, certificate, crossed))
    return OK_SCHEDULE_NONE;

  return crossed;
}

/**
 * ok_schedule_next_notice:
 * @days: (out) (optional): the reminder day, or %OK_SCHEDULE_NONE
 *
 * Returns: when the next reminder is due (at or before @now when one is due already), or
 *   %OK_STATE_NEVER
 */
gint64
ok_schedule_next_notice (OkCertificate *certificate,
                         GArray        *thresholds,
                         JsonObject    *state,
                         gint64         now,
                         int           *days)
{
  int due = ok_schedule_get_due_threshold (certificate, thresholds, state, now);

  if (days != NULL)
    *days = OK_SCHEDULE_NONE;

  if (due != OK_SCHEDULE_NONE)
    {
      if (days != NULL)
        *days = due;
      return ok_schedule_get_threshold_time (certificate, due);
    }

  /* Most distant first, so the first day still ahead is the soonest. */
  for (guint i = 0; i < thresholds->len; i++)
    {
      int day = g_array_index (thresholds, int, i);

      if (ok_schedule_get_threshold_time (certificate, day) > now &&
          !ok_schedule_was_notified (state, certificate, day))
        {
          if (days != NULL)
            *days = day;
          return ok_schedule_get_threshold_time (certificate, day);
        }
    }

  return OK_STATE_NEVER;
}
