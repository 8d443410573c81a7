/* test-monitor.c — OkMonitor making its passes in this process over a real store, with the
 * clock in the test's hand: every reminder exactly once, across restarts; renewals tried
 * inside the window and backed off after failures, never after expiry; and the notifications
 * the session's notification server receives
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-issuer.h"
#include "ok-keys-test-util.h"
#include "ok-monitor.h"
#include "ok-monitor-test-util.h"
#include "ok-schedule.h"
#include "ok-state.h"
#include "ok-test-dbus.h"

#define DAY  (24 * 60 * 60)
#define HOUR (60 * 60)

typedef struct
{
  char      *store_dir;
  char      *work;
  gint64     now;
  OkStore   *store;
  OkMonitor *monitor;
  GPtrArray *notices;     /* OkNotice of the latest pass */
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->now;
}

static void
collect_notice (OkMonitor *monitor,
                OkNotice  *notice,
                gpointer   user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->notices, g_object_ref (notice));
}

/* A new store object and monitor over the same folder, as after a restart of the monitor. */
static void
restart (Fixture *fixture)
{
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->store);

  fixture->store = okm_load_store (fixture->store_dir);
  fixture->monitor = ok_monitor_new (fixture->store);
  ok_monitor_set_clock (fixture->monitor, fake_clock, fixture);
  g_signal_connect (fixture->monitor, "notice", G_CALLBACK (collect_notice), fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store_dir = okt_make_tmpdir ();
  fixture->work = okt_make_tmpdir ();
  fixture->notices = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->now = g_get_real_time () / G_USEC_PER_SEC;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->store);
  g_ptr_array_unref (fixture->notices);
  okt_remove_tree (fixture->store_dir);
  okt_remove_tree (fixture->work);
  g_free (fixture->store_dir);
  g_free (fixture->work);
}

static void
pass_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* One pass at @now; returns how many notices it made. */
static guint
pass_at (Fixture *fixture,
         gint64   now)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->now = now;
  g_ptr_array_set_size (fixture->notices, 0);
  ok_monitor_run_once_async (fixture->monitor, NULL, pass_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ok_monitor_run_once_finish (fixture->monitor, result, &error));
  g_assert_no_error (error);

  return fixture->notices->len;
}

static OkNotice *
only_notice (Fixture *fixture)
{
  g_assert_cmpuint (fixture->notices->len, ==, 1);
  return g_ptr_array_index (fixture->notices, 0);
}

static OkCertificate *
entry (Fixture    *fixture,
       const char *id)
{
  g_autoptr(GError) error = NULL;
  OkCertificate *certificate = ok_store_lookup (ok_monitor_get_store (fixture->monitor), id, &error);

  g_assert_no_error (error);
  return certificate;
}

static guint
count_events (OkCertificate *certificate,
              OkEventType    type)
{
  GListModel *events = ok_certificate_get_events (certificate);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(OkEvent) event = g_list_model_get_item (events, i);
      count += ok_event_get_event_type (event) == type;
    }

  return count;
}

static void
assert_reminder (Fixture    *fixture,
                 const char *id,
                 int         threshold,
                 const char *title)
{
  OkNotice *notice = only_notice (fixture);

  g_assert_cmpstr (ok_notice_get_certificate_id (notice), ==, id);
  g_assert_cmpint (ok_notice_get_threshold_days (notice), ==, threshold);
  g_assert_cmpstr (ok_notice_get_title (notice), ==, title);
  if (threshold == 0)
    {
      g_assert_cmpint (ok_notice_get_kind (notice), ==, OK_NOTICE_EXPIRED);
      g_assert_cmpint (ok_notice_get_priority (notice), ==, G_NOTIFICATION_PRIORITY_URGENT);
    }
  else
    {
      g_assert_cmpint (ok_notice_get_kind (notice), ==, OK_NOTICE_EXPIRING);
      g_assert_cmpint (ok_notice_get_priority (notice), ==, G_NOTIFICATION_PRIORITY_NORMAL);
    }
}

/* A pass up to an hour after @moment, on the same local day: the day count a reminder states
 * is in calendar days, so past midnight it is one less (this test failed when run between
 * 23:00 and midnight). */
static gint64
a_little_after (gint64 moment)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (moment);
  int left_today = DAY - (g_date_time_get_hour (time) * HOUR + g_date_time_get_minute (time) * 60 +
                          g_date_time_get_second (time));

  return moment + MIN (HOUR, left_today - 1);
}

static void
test_reminders_walk (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = okm_make_certificate (fixture->work, "walk", "Walk", 100, FALSE);
  g_autofree char *id = okm_import (fixture->store_dir, path, "Walk");
  gint64 expiry;

  restart (fixture);
  expiry = ok_certificate_get_not_after (entry (fixture, id));

  g_assert_cmpuint (pass_at (fixture, expiry - 90 * DAY), ==, 0);
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, expiry - 60 * DAY);

  /* Each reminder day once, on the second it is reached. */
  g_assert_cmpuint (pass_at (fixture, expiry - 60 * DAY - 1), ==, 0);
  g_assert_cmpuint (pass_at (fixture, expiry - 60 * DAY), ==, 1);
  assert_reminder (fixture, id, 60, "“Walk” expires in 60 days");
  g_assert_false (ok_notice_get_can_renew (only_notice (fixture)));
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, expiry - 30 * DAY);
  g_assert_cmpuint (pass_at (fixture, expiry - 60 * DAY), ==, 0);
  g_assert_cmpuint (pass_at (fixture, expiry - 45 * DAY), ==, 0);
  g_assert_cmpuint (pass_at (fixture, expiry - 30 * DAY), ==, 1);
  assert_reminder (fixture, id, 30, "“Walk” expires in 30 days");
  g_assert_cmpuint (pass_at (fixture, a_little_after (expiry - 14 * DAY)), ==, 1);
  assert_reminder (fixture, id, 14, "“Walk” expires in 14 days");
  g_assert_cmpuint (pass_at (fixture, expiry - 13 * DAY), ==, 0);

  /* A restarted monitor remembers, from the store, what was sent. */
  restart (fixture);
  g_assert_cmpuint (pass_at (fixture, expiry - 13 * DAY), ==, 0);
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, expiry - 7 * DAY);
  g_assert_cmpuint (pass_at (fixture, expiry - 7 * DAY), ==, 1);
  assert_reminder (fixture, id, 7, "“Walk” expires in 7 days");
  g_assert_cmpuint (pass_at (fixture, expiry - 3 * DAY), ==, 1);
  assert_reminder (fixture, id, 3, "“Walk” expires in 3 days");
  g_assert_cmpuint (pass_at (fixture, expiry - 1 * DAY), ==, 1);
  assert_reminder (fixture, id, 1, "“Walk” expires in 1 day");
  g_assert_cmpuint (pass_at (fixture, expiry - 1), ==, 0);
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, expiry);

  /* Across the expiry: one urgent notice, then silence for good. */
  g_assert_cmpuint (pass_at (fixture, expiry), ==, 1);
  assert_reminder (fixture, id, 0, "“Walk” has expired");
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, OK_STATE_NEVER);
  g_assert_cmpuint (pass_at (fixture, expiry + 5 * DAY), ==, 0);

  restart (fixture);
  g_assert_cmpuint (pass_at (fixture, expiry + 6 * DAY), ==, 0);
}

static void
test_reminders_late_start (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = okm_make_certificate (fixture->work, "late", "Late", 100, FALSE);
  g_autofree char *id = okm_import (fixture->store_dir, path, "Late");
  g_autoptr(GArray) only_week = NULL;
  static const int week[] = { 7 };
  gint64 expiry;

  restart (fixture);
  expiry = ok_certificate_get_not_after (entry (fixture, id));

  /* First seen ten days before expiry: one reminder, not three. */
  g_assert_cmpuint (pass_at (fixture, expiry - 10 * DAY), ==, 1);
  assert_reminder (fixture, id, 14, "“Late” expires in 10 days");
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, expiry - 7 * DAY);

  /* Other reminder days, as Preferences would set them. */
  only_week = ok_schedule_thresholds_new (week, G_N_ELEMENTS (week));
  ok_monitor_set_thresholds (fixture->monitor, only_week);
  g_assert_cmpuint (pass_at (fixture, expiry - 9 * DAY), ==, 0);
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, expiry - 7 * DAY);
  g_assert_cmpuint (pass_at (fixture, expiry - 7 * DAY), ==, 1);
  assert_reminder (fixture, id, 7, "“Late” expires in 7 days");
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, OK_STATE_NEVER);
  g_assert_cmpuint (pass_at (fixture, expiry), ==, 0);
}

/* Three certificates reaching a reminder day in one pass: one notification that counts them
 * and names each in a sentence, with the app's date format. */
static void
test_reminders_summary (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *one = okm_make_certificate (fixture->work, "one", "One", 5, FALSE);
  g_autofree char *two = okm_make_certificate (fixture->work, "two", "Two", 5, FALSE);
  g_autofree char *three = okm_make_certificate (fixture->work, "three", "Three", 5, FALSE);
  g_autofree char *id_one = okm_import (fixture->store_dir, one, "One");
  g_autofree char *id_two = okm_import (fixture->store_dir, two, "Two");
  g_autofree char *id_three = okm_import (fixture->store_dir, three, "Three");
  g_autoptr(OkNotice) single = NULL;
  OkNotice *notice;
  gint64 now;

  restart (fixture);
  now = ok_certificate_get_not_after (entry (fixture, id_one)) - 4 * DAY - 60;
  g_assert_cmpuint (pass_at (fixture, now), ==, 1);
  notice = g_ptr_array_index (fixture->notices, 0);
  g_assert_cmpstr (ok_notice_get_title (notice), ==, "3 certificates need attention.");
  for (const char * const *name = (const char *[]) { "“One” expires in 4 days.", "“Two” expires in 4 days.",
                                                      "“Three” expires in 4 days.", NULL }; *name != NULL; name++)
    g_assert_nonnull (strstr (ok_notice_get_body (notice), *name));
  g_assert_nonnull (ok_notice_get_certificate_id (notice));
  /* Recorded for each: the next pass has nothing to say. */
  g_assert_cmpuint (pass_at (fixture, now + 60), ==, 0);

  /* A single reminder keeps its own words, with a date as the window writes it. */
  single = ok_notice_new_reminder (entry (fixture, id_two), 3, now, 30);
  g_assert_true (g_str_has_suffix (ok_notice_get_body (single), "."));
  g_assert_null (strstr (ok_notice_get_body (single), "-0"));
  g_assert_true (g_regex_match_simple ("valid until [0-9]+ [A-Z][a-z]+ [0-9]{4}, [0-9]{2}:[0-9]{2}\\.",
                                          ok_notice_get_body (single), 0, 0));
  (void) id_three;
}

/* Held key, automatic renewal on, inside the window, but no CA to renew with (the test
 * certificate belongs to no environment): every attempt fails, and they follow the backoff. */
static void
test_renewal_backoff (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = okm_make_certificate (fixture->work, "backoff", "Backoff", 10, TRUE);
  g_autofree char *id = okm_import (fixture->store_dir, path, "Backoff");
  gint64 start = g_get_real_time () / G_USEC_PER_SEC;
  OkRenewalHistory history;
  OkNotice *notice;
  gint64 first_failure;

  restart (fixture);
  g_assert_true (ok_certificate_get_auto_renew (entry (fixture, id)));

  /* Inside the 30-day window: tried at once; the failure is logged and told, with when the
   * next attempt is, and it stands in for the reminder that is due too. */
  g_assert_cmpuint (pass_at (fixture, start), ==, 1);
  notice = only_notice (fixture);
  g_assert_cmpint (ok_notice_get_kind (notice), ==, OK_NOTICE_RENEWAL_FAILED);
  g_assert_cmpstr (ok_notice_get_title (notice), ==, "Renewing “Backoff” failed");
  g_assert_nonnull (strstr (ok_notice_get_body (notice), "Choose the Test or the Prod environment."));
  g_assert_nonnull (strstr (ok_notice_get_body (notice), "tries again at"));
  g_assert_true (ok_notice_get_can_renew (notice));
  g_assert_cmpuint (count_events (entry (fixture, id), OK_EVENT_TYPE_RENEW_ERROR), ==, 1);
  ok_state_get_renewal_history (entry (fixture, id), &history);
  first_failure = history.last_failure;
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, first_failure + 1 * HOUR);

  /* Within the hour: nothing. */
  g_assert_cmpuint (pass_at (fixture, first_failure + 59 * 60), ==, 0);
  g_assert_cmpuint (count_events (entry (fixture, id), OK_EVENT_TYPE_RENEW_ERROR), ==, 1);

  /* After it: the second attempt, then four hours. The failures are logged at the real time,
   * so the backoff is counted from there. */
  g_assert_cmpuint (pass_at (fixture, first_failure + 1 * HOUR), ==, 1);
  g_assert_cmpint (ok_notice_get_kind (only_notice (fixture)), ==, OK_NOTICE_RENEWAL_FAILED);
  g_assert_cmpuint (count_events (entry (fixture, id), OK_EVENT_TYPE_RENEW_ERROR), ==, 2);
  ok_state_get_renewal_history (entry (fixture, id), &history);
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, history.last_failure + 4 * HOUR);
  g_assert_cmpuint (pass_at (fixture, history.last_failure + 4 * HOUR - 1), ==, 0);
  g_assert_cmpuint (count_events (entry (fixture, id), OK_EVENT_TYPE_RENEW_ERROR), ==, 2);

  /* A restart changes nothing: the backoff lives in the event log. */
  restart (fixture);
  g_assert_cmpuint (pass_at (fixture, history.last_failure + 4 * HOUR - 1), ==, 0);
  g_assert_cmpuint (count_events (entry (fixture, id), OK_EVENT_TYPE_RENEW_ERROR), ==, 2);
}

static void
test_expired_never_renewed (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = okm_make_certificate (fixture->work, "expired", "Gone", 10, TRUE);
  g_autofree char *id = okm_import (fixture->store_dir, path, "Gone");
  gint64 expiry;

  restart (fixture);
  expiry = ok_certificate_get_not_after (entry (fixture, id));

  /* Past the expiry the monitor does not even try: no attempt is logged, only the expiry is
   * told, once. */
  g_assert_cmpuint (pass_at (fixture, expiry + HOUR), ==, 1);
  assert_reminder (fixture, id, 0, "“Gone” has expired");
  g_assert_false (ok_notice_get_can_renew (only_notice (fixture)));
  g_assert_cmpuint (count_events (entry (fixture, id), OK_EVENT_TYPE_RENEW_ERROR), ==, 0);
  g_assert_cmpuint (count_events (entry (fixture, id), OK_EVENT_TYPE_RENEWED), ==, 0);
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, OK_STATE_NEVER);
  g_assert_cmpuint (pass_at (fixture, expiry + 2 * DAY), ==, 0);
  g_assert_cmpuint (count_events (entry (fixture, id), OK_EVENT_TYPE_RENEW_ERROR), ==, 0);
}

/* Started, the monitor sleeps on its timer and wakes for the next reminder by itself. */
static void
test_timer_wakes (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 expiry = g_get_real_time () / G_USEC_PER_SEC + 7 * DAY + 3;
  g_autofree char *path = okm_make_certificate_ending (fixture->work, "timer", "Timer", expiry);
  g_autofree char *id = okm_import (fixture->store_dir, path, "Timer");
  g_autoptr(GArray) only_week = NULL;
  static const int week[] = { 7 };
  gint64 deadline;

  restart (fixture);
  g_assert_cmpint (ok_certificate_get_not_after (entry (fixture, id)), ==, expiry);
  ok_monitor_set_clock (fixture->monitor, NULL, NULL);
  only_week = ok_schedule_thresholds_new (week, G_N_ELEMENTS (week));
  ok_monitor_set_thresholds (fixture->monitor, only_week);

  ok_monitor_start (fixture->monitor);
  deadline = g_get_monotonic_time () + 15 * G_TIME_SPAN_SECOND;
  while (ok_monitor_get_next_due (fixture->monitor) == OK_STATE_NEVER && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, expiry - 7 * DAY);
  g_assert_cmpuint (fixture->notices->len, ==, 0);

  while (fixture->notices->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  assert_reminder (fixture, id, 7, "“Timer” expires in 7 days");
  g_assert_cmpint (g_get_real_time () / G_USEC_PER_SEC, >=, expiry - 7 * DAY);

  /* The pass ends once the reminder is recorded; then nothing is left to wake for. */
  while (ok_monitor_get_next_due (fixture->monitor) != OK_STATE_NEVER && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ok_monitor_get_next_due (fixture->monitor), ==, OK_STATE_NEVER);
}

/* The notifications themselves, as the session's notification server receives them. */
static void
test_notifications_sent (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = okm_make_certificate (fixture->work, "sent", "Sent", 100, TRUE);
  g_autofree char *id = okm_import (fixture->store_dir, path, "Sent");
  g_autoptr(OkTestNotifications) watch = ok_test_notifications_start ();
  g_autoptr(GApplication) application = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_autoptr(OkTestNotify) reminder = NULL;
  g_autoptr(OkTestNotify) expired = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *show = g_strdup_printf ("app.show-certificate::%s", id);
  g_autofree char *renew = g_strdup_printf ("app.renew-certificate::%s", id);
  gint64 expiry;

  g_assert_true (g_application_register (application, NULL, &error));
  g_assert_no_error (error);
  restart (fixture);
  ok_monitor_set_application (fixture->monitor, application);
  expiry = ok_certificate_get_not_after (entry (fixture, id));

  g_assert_cmpuint (pass_at (fixture, expiry - 45 * DAY), ==, 1);
  reminder = ok_test_notifications_wait (watch, "“Sent” expires in 45 days", 20);
  g_assert_nonnull (reminder);
  g_assert_nonnull (strstr (reminder->body, "OCES Keeper renews it automatically."));
  g_assert_cmpint (reminder->urgency, ==, 1);
  g_assert_cmpstr (reminder->desktop_entry, ==, APP_ID);
  g_assert_true (ok_test_notify_has_action (reminder, "default", ""));
  g_assert_true (ok_test_notify_has_action (reminder, renew, "Renew Now"));
  g_assert_true (ok_test_notify_has_action (reminder, show, "Open"));

  g_assert_cmpuint (pass_at (fixture, expiry + 1), ==, 1);
  expired = ok_test_notifications_wait (watch, "“Sent” has expired", 20);
  g_assert_nonnull (expired);
  g_assert_cmpint (expired->urgency, ==, 2);
  g_assert_true (ok_test_notify_has_action (expired, show, "Open"));
  g_assert_false (ok_test_notify_has_action (expired, renew, "Renew Now"));
}

/* RenewalNotEnabled: renewing again can only fail again, so the notification offers the
 * IdM light e-mail for the certificate's organisation, and says so in whole sentences. */
static void
test_notifications_renewal_not_enabled (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->work, "gated.pem", NULL);
  g_autofree char *key_path = g_build_filename (fixture->work, "gated-key.pem", NULL);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key_path,
                         "-out", path, "-days", "100", "-subj",
                         "/C=DK/O=Monitor Test ApS/serialNumber=CVR:12345678-UID:1/CN=Gated", NULL };
  g_autofree char *out = okt_run_ok (NULL, NULL, NULL, argv);
  g_autofree char *id = okm_import (fixture->store_dir, path, "Gated");
  g_autoptr(OkTestNotifications) watch = ok_test_notifications_start ();
  g_autoptr(GApplication) application = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = g_error_new_literal (OK_ISSUER_ERROR, OK_ISSUER_ERROR_RENEWAL_NOT_ENABLED, "RenewalNotEnabled");
  g_autoptr(GError) register_error = NULL;
  g_autoptr(OkNotice) notice = NULL;
  g_autoptr(OkNotice) carried = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(OkTestNotify) failed = NULL;
  g_autofree char *renew = g_strdup_printf ("app.renew-certificate::%s", id);

  g_assert_true (g_application_register (application, NULL, &register_error));
  g_assert_no_error (register_error);
  restart (fixture);

  notice = ok_notice_new_renewal_failed (entry (fixture, id), error, g_get_real_time () / G_USEC_PER_SEC + DAY);
  g_assert_cmpstr (ok_notice_get_idm_light_cvr (notice), ==, "12345678");
  g_assert_false (ok_notice_get_can_renew (notice));
  g_assert_true (g_str_has_suffix (ok_notice_get_body (notice), "."));
  /* Through the JSON that `monitor --once --json` hands on. */
  json = ok_notice_to_json (notice);
  carried = ok_notice_new_from_json (json, &register_error);
  g_assert_no_error (register_error);
  g_assert_cmpstr (ok_notice_get_idm_light_cvr (carried), ==, "12345678");

  notification = ok_notice_to_notification (carried);
  g_application_send_notification (application, "renewal-gated", notification);
  failed = ok_test_notifications_wait (watch, "Renewing “Gated” failed", 20);
  g_assert_nonnull (failed);
  g_assert_true (ok_test_notify_has_action (failed, "app.draft-idm-light::12345678", "Draft IdM Light E-mail"));
  g_assert_false (ok_test_notify_has_action (failed, renew, "Renew Now"));
}

/* A CA's text is plain text: a notification server that reads body markup (dunst does) must
 * show "&" and "<b>" as they are, neither mangled nor bold. */
static void
test_notifications_escaped (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->work, "escaped.pem", NULL);
  g_autofree char *key_path = g_build_filename (fixture->work, "escaped-key.pem", NULL);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key_path,
                         "-out", path, "-days", "100", "-subj", "/C=DK/O=Monitor Test ApS/CN=Escaped", NULL };
  g_autofree char *out = okt_run_ok (NULL, NULL, NULL, argv);
  g_autofree char *id = okm_import (fixture->store_dir, path, "Escaped");
  g_autoptr(OkTestNotifications) watch = ok_test_notifications_start ();
  g_autoptr(GApplication) application = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                 "Fejl i <b>anmodning</b> & svar");
  g_autoptr(GError) register_error = NULL;
  g_autoptr(OkNotice) notice = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(OkTestNotify) failed = NULL;

  g_assert_true (g_application_register (application, NULL, &register_error));
  g_assert_no_error (register_error);
  restart (fixture);

  notice = ok_notice_new_renewal_failed (entry (fixture, id), error, OK_STATE_NEVER);
  notification = ok_notice_to_notification (notice);
  g_application_send_notification (application, "renewal-escaped", notification);
  failed = ok_test_notifications_wait (watch, "Renewing “Escaped” failed", 20);
  g_assert_nonnull (failed);
  g_assert_nonnull (strstr (failed->body, "Fejl i &lt;b&gt;anmodning&lt;/b&gt; &amp; svar"));
}

/* A worker that hangs (here: one that only sleeps) is stopped at its deadline, and the pass
 * ends with an error that says so instead of waiting for ever. */
static void
test_worker_deadline (void)
{
  const char *argv[] = { "sleep", "600", NULL };
  g_autoptr(OkMonitor) monitor = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_setenv ("OK_MONITOR_WORKER_DEADLINE_SECONDS", "2", TRUE);
  monitor = ok_monitor_new_for_worker (argv);
  ok_monitor_run_once_async (monitor, NULL, pass_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ok_monitor_run_once_finish (monitor, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "did not finish within 2 seconds"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_unsetenv ("OK_MONITOR_WORKER_DEADLINE_SECONDS");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/monitor/worker/deadline", test_worker_deadline);

#define ADD(path, function) \
  g_test_add (path, Fixture, NULL, fixture_set_up, function, fixture_tear_down)
  ADD ("/monitor/reminders/walk", test_reminders_walk);
  ADD ("/monitor/reminders/late-start", test_reminders_late_start);
  ADD ("/monitor/reminders/summary", test_reminders_summary);
  ADD ("/monitor/renewal/backoff", test_renewal_backoff);
  ADD ("/monitor/renewal/never-after-expiry", test_expired_never_renewed);
  ADD ("/monitor/timer", test_timer_wakes);
  ADD ("/monitor/notifications", test_notifications_sent);
  ADD ("/monitor/notifications/renewal-not-enabled", test_notifications_renewal_not_enabled);
  ADD ("/monitor/notifications/escaped", test_notifications_escaped);
#undef ADD

  return g_test_run ();
}
