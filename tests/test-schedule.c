/* test-schedule.c — when reminders are due and how their record is kept, against certificates
 * openssl made, at times the test chooses
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-keys-test-util.h"
#include "ok-monitor-test-util.h"
#include "ok-schedule.h"
#include "ok-state.h"

#define DAY (24 * 60 * 60)

static char *work;

static GArray *
default_thresholds (void)
{
  return ok_schedule_dup_thresholds (NULL);
}

static void
test_thresholds_cleaned (void)
{
  static const int messy[] = { 7, 400, 0, -3, 30, 7, 60 };
  g_autoptr(GArray) thresholds = ok_schedule_thresholds_new (messy, G_N_ELEMENTS (messy));
  g_autoptr(GArray) defaults = default_thresholds ();
  static const int expected_defaults[] = { 60, 30, 14, 7, 3, 1, 0 };

  /* Clamped to 0…365, repeats dropped, most distant first. */
  g_assert_cmpuint (thresholds->len, ==, 5);
  g_assert_cmpint (g_array_index (thresholds, int, 0), ==, 365);
  g_assert_cmpint (g_array_index (thresholds, int, 1), ==, 60);
  g_assert_cmpint (g_array_index (thresholds, int, 2), ==, 30);
  g_assert_cmpint (g_array_index (thresholds, int, 3), ==, 7);
  g_assert_cmpint (g_array_index (thresholds, int, 4), ==, 0);

  g_assert_cmpuint (defaults->len, ==, G_N_ELEMENTS (expected_defaults));
  for (guint i = 0; i < defaults->len; i++)
    g_assert_cmpint (g_array_index (defaults, int, i), ==, expected_defaults[i]);
}

static void
test_thresholds_from_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GArray) thresholds = NULL;
  static const gint32 days[] = { 3, 21 };

  g_settings_set_value (settings, "notification-thresholds",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, days, G_N_ELEMENTS (days), sizeof (gint32)));
  thresholds = ok_schedule_dup_thresholds (settings);
  g_assert_cmpuint (thresholds->len, ==, 2);
  g_assert_cmpint (g_array_index (thresholds, int, 0), ==, 21);
  g_assert_cmpint (g_array_index (thresholds, int, 1), ==, 3);
  g_settings_reset (settings, "notification-thresholds");
}

static void
test_crossing (void)
{
  g_autofree char *path = okm_make_certificate (work, "crossing", "Crossing", 100, FALSE);
  g_autoptr(OkCertificate) certificate = okm_read_certificate (path);
  g_autoptr(GArray) thresholds = default_thresholds ();
  gint64 expiry = ok_certificate_get_not_after (certificate);
  JsonObject *no_record = NULL;
  int days = 0;

  g_assert_cmpint (ok_schedule_get_threshold_time (certificate, 7), ==, expiry - 7 * DAY);
  g_assert_cmpint (ok_schedule_get_crossed_threshold (certificate, thresholds, expiry - 60 * DAY - 1), ==, OK_SCHEDULE_NONE);
  g_assert_cmpint (ok_schedule_get_crossed_threshold (certificate, thresholds, expiry - 60 * DAY), ==, 60);
  g_assert_cmpint (ok_schedule_get_crossed_threshold (certificate, thresholds, expiry - 8 * DAY), ==, 14);
  g_assert_cmpint (ok_schedule_get_crossed_threshold (certificate, thresholds, expiry - 1), ==, 1);
  g_assert_cmpint (ok_schedule_get_crossed_threshold (certificate, thresholds, expiry), ==, 0);
  g_assert_cmpint (ok_schedule_get_crossed_threshold (certificate, thresholds, expiry + 365 * DAY), ==, 0);

  /* Nothing sent yet: the next reminder is the first day ahead, or the one reached. */
  g_assert_cmpint (ok_schedule_next_notice (certificate, thresholds, no_record, expiry - 90 * DAY, &days), ==,
                   expiry - 60 * DAY);
  g_assert_cmpint (days, ==, 60);
  g_assert_cmpint (ok_schedule_next_notice (certificate, thresholds, no_record, expiry - 10 * DAY, &days), ==,
                   expiry - 14 * DAY);
  g_assert_cmpint (days, ==, 14);
  g_assert_cmpint (ok_schedule_get_due_threshold (certificate, thresholds, no_record, expiry - 10 * DAY), ==, 14);
}

static void
test_record (void)
{
  g_autofree char *path = okm_make_certificate (work, "record", "Record", 100, FALSE);
  g_autofree char *renewed_path = okm_make_certificate (work, "record-renewed", "Record", 200, FALSE);
  g_autoptr(OkCertificate) certificate = okm_read_certificate (path);
  g_autoptr(OkCertificate) renewed = okm_read_certificate (renewed_path);
  g_autoptr(GArray) thresholds = default_thresholds ();
  g_autoptr(JsonObject) state = json_object_new ();
  gint64 expiry = ok_certificate_get_not_after (certificate);
  int days = 0;

  /* Reached at 10 days left: 14 is announced, and 60 and 30 are taken as dealt with. */
  ok_schedule_mark_notified (state, certificate, thresholds, 14);
  g_assert_true (ok_schedule_was_notified (state, certificate, 60));
  g_assert_true (ok_schedule_was_notified (state, certificate, 30));
  g_assert_true (ok_schedule_was_notified (state, certificate, 14));
  g_assert_false (ok_schedule_was_notified (state, certificate, 7));
  g_assert_cmpint (ok_schedule_get_due_threshold (certificate, thresholds, state, expiry - 10 * DAY), ==, OK_SCHEDULE_NONE);
  g_assert_cmpint (ok_schedule_next_notice (certificate, thresholds, state, expiry - 10 * DAY, &days), ==,
                   expiry - 7 * DAY);
  g_assert_cmpint (days, ==, 7);

  /* Marking twice records nothing twice. */
  ok_schedule_mark_notified (state, certificate, thresholds, 14);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (state, "reminders"), "sent")),
                    ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (state, "reminders"), "serial"), ==,
                   ok_certificate_get_serial (certificate));

  /* The renewed certificate has another serial: its reminders start afresh. */
  g_assert_false (ok_schedule_was_notified (state, renewed, 60));
  ok_schedule_mark_notified (state, renewed, thresholds, 60);
  g_assert_true (ok_schedule_was_notified (state, renewed, 60));
  g_assert_false (ok_schedule_was_notified (state, certificate, 60));

  /* After the expiry reminder nothing is ever due again. */
  ok_schedule_mark_notified (state, renewed, thresholds, 0);
  g_assert_cmpint (ok_schedule_next_notice (renewed, thresholds, state, ok_certificate_get_not_after (renewed) + DAY, &days),
                   ==, OK_STATE_NEVER);
  g_assert_cmpint (days, ==, OK_SCHEDULE_NONE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  work = okt_make_tmpdir ();

  g_test_add_func ("/schedule/thresholds/cleaned", test_thresholds_cleaned);
  g_test_add_func ("/schedule/thresholds/settings", test_thresholds_from_settings);
  g_test_add_func ("/schedule/crossing", test_crossing);
  g_test_add_func ("/schedule/record", test_record);

  status = g_test_run ();
  okt_remove_tree (work);
  g_free (work);
  return status;
}
