/* ok-monitor-pass.c — OkMonitor making its passes in this process, over an OkStore
 *
 * A pass reloads the store (another process may have imported, renewed or changed a
 * certificate), asks the CAs about the certificates whose last revocation answer ran out
 * (ok-revocation-watch.c), sends the reminders and revocation notices that are due for every
 * certificate that is not up for renewal in this pass, renews what is due one certificate at a
 * time — never a revoked one —, records the notices in the entries' monitor state, and works
 * out when anything is next due.
 * The reminders go out before the renewals, because a CA that trickles or stalls holds a
 * renewal for up to its deadline, and that must not hold back the expiry warning of a
 * certificate that has nothing to do with it. A certificate that was just sent for renewal gets
 * the renewal's notification instead of a reminder, so the user never hears about one event
 * twice.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "ok-endpoints.h"
#include "ok-enrollment.h"
#include "ok-monitor-private.h"
#include "ok-revocation-watch.h"
#include "ok-schedule.h"
#include "ok-state.h"

/* A renewal postponed for want of a network is looked at again after this at the latest,
 * should the network monitor never say that it is back. */
#define POSTPONED_RECHECK (60 * 60)
/* Revocation checks start only this long into a pass (each is bounded by
 * OK_REVOCATION_DEADLINE_SECONDS): responders that hang must not hold up renewals and
 * reminders of a large store. What is left waits for the next pass. */
#define REVOCATION_BUDGET_US (2 * 60 * G_USEC_PER_SEC)

/* The monitor's side of in-process passes. */
typedef struct
{
  OkStore    *store;
  GArray     *thresholds;        /* in use: the settings', or the fixed ones */
  gboolean    thresholds_fixed;
  /* Reminders this process sent, "id/serial/days", in case another process overwrites the
   * store entry with an older copy of its monitor state. */
  GHashTable *sent;
} InProcess;

typedef struct
{
  OkMonitor    *self;
  InProcess    *data;
  GPtrArray    *tasks;
  GPtrArray    *checks;        /* OkCertificate due for a revocation check */
  guint         next_check;
  gint64        checks_started; /* monotonic */
  GPtrArray    *renewals;      /* OkCertificate due for renewal */
  GHashTable   *candidates;    /* their ids: reminded only after their attempt */
  guint         next_renewal;
  OkEnrollment *enrollment;    /* of the renewal under way */
  GError       *failure;       /* of a renewal that could not even start */
  GHashTable   *attempted;     /* ids sent for renewal in this pass */
  GHashTable   *postponed;     /* ids whose renewal waits for the network */
  guint         pending_saves;
  gboolean      reminders_done;
  int           lock_fd;       /* reminders.lock, held for the whole pass */
} Pass;

static void
pass_free (Pass *pass)
{
  /* Closing the file releases the lock for the next process's pass. */
  if (pass->lock_fd >= 0)
    close (pass->lock_fd);
  g_clear_pointer (&pass->tasks, g_ptr_array_unref);
  g_clear_pointer (&pass->checks, g_ptr_array_unref);
  g_clear_pointer (&pass->renewals, g_ptr_array_unref);
  g_clear_object (&pass->enrollment);
  g_clear_error (&pass->failure);
  g_clear_pointer (&pass->candidates, g_hash_table_unref);
  g_clear_pointer (&pass->attempted, g_hash_table_unref);
  g_clear_pointer (&pass->postponed, g_hash_table_unref);
  g_clear_object (&pass->self);
  g_free (pass);
}

static guint
default_window (OkMonitor *self)
{
  if (self->settings == NULL)
    return OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS;

  return MAX (1, g_settings_get_int (self->settings, "default-renewal-window-days"));
}

static char *
sent_key (OkCertificate *certificate,
          int            days)
{
  return g_strdup_printf ("%s/%s/%d", ok_certificate_get_id (certificate),
                          ok_certificate_get_serial (certificate), days);
}

static gboolean
was_sent (InProcess     *data,
          JsonObject    *state,
          OkCertificate *certificate,
          int            days)
{
  g_autofree char *key = sent_key (certificate, days);

  return ok_schedule_was_notified (state, certificate, days) || g_hash_table_contains (data->sent, key);
}

/* When anything about @certificate is next due after this pass. */
static gint64
next_due_of (Pass          *pass,
             OkCertificate *certificate,
             gint64         now)
{
  GArray *thresholds = pass->data->thresholds;
  JsonObject *state = ok_store_get_monitor_state (pass->data->store, certificate);
  gint64 next = OK_STATE_NEVER;
  gint64 renewal;
  gint64 check;

  /* Every reminder day already reached was dealt with in this pass. */
  for (guint i = 0; i < thresholds->len; i++)
    {
      gint64 when = ok_schedule_get_threshold_time (certificate, g_array_index (thresholds, int, i));

      if (when > now)
        next = MIN (next, when);
    }

  /* A check still due now could not record its answer; not again right away either. */
  check = state != NULL ? ok_revocation_watch_next_check (state, certificate, now) : OK_STATE_NEVER;
  if (check != OK_STATE_NEVER)
    next = MIN (next, check > now ? check : now + POSTPONED_RECHECK);

  renewal = pass->self->renews ? ok_state_next_renewal_attempt (certificate, now, default_window (pass->self))
                               : OK_STATE_NEVER;
  if (renewal != OK_STATE_NEVER)
    {
      /* A renewal still due now either waits for the network or failed without leaving a
       * RENEW_ERROR in the log to back off from; either way not again right away. */
      if (renewal <= now || g_hash_table_contains (pass->postponed, ok_certificate_get_id (certificate)))
        renewal = now + POSTPONED_RECHECK;
      next = MIN (next, renewal);
    }

  return next;
}

static void
finish (Pass *pass)
{
  OkMonitor *self = pass->self;
  GListModel *certificates = G_LIST_MODEL (pass->data->store);
  gint64 now = ok_monitor_now (self);
  gint64 next = OK_STATE_NEVER;

  for (guint i = 0; i < g_list_model_get_n_items (certificates); i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (certificates, i);
      next = MIN (next, next_due_of (pass, certificate, now));
    }

  ok_monitor_pass_done (self, g_steal_pointer (&pass->tasks), next, NULL);
  pass_free (pass);
}

static void
state_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pass *pass = user_data;
  g_autoptr(GError) error = NULL;

  /* The reminder was shown; only its record is lost, and the memory of this process still
   * keeps it from being repeated. */
  if (!ok_store_update_finish (OK_STORE (object), result, &error))
    g_warning ("Could not record a sent reminder: %s", error->message);

  pass->pending_saves--;
  if (pass->reminders_done && pass->pending_saves == 0)
    finish (pass);
}

/* Records that every reminder day up to @crossed was dealt with for @certificate. */
static void
record_sent (Pass          *pass,
             OkCertificate *certificate,
             JsonObject    *state,
             int            crossed)
{
  InProcess *data = pass->data;

  for (guint i = 0; i < data->thresholds->len; i++)
    {
      int days = g_array_index (data->thresholds, int, i);

      if (days >= crossed)
        g_hash_table_add (data->sent, sent_key (certificate, days));
    }

  ok_schedule_mark_notified (state, certificate, data->thresholds, crossed);
  pass->pending_saves++;
  ok_store_update_monitor_state_async (data->store, certificate, "reminders", NULL, NULL, state_saved, pass);
}

/* The urgent notice of a revocation, once per certificate serial: recorded in the revocation
 * record of the monitor state, and in this process's memory like the reminders. */
static gboolean
send_revocation_notice (Pass          *pass,
                        OkCertificate *certificate,
                        JsonObject    *state)
{
  InProcess *data = pass->data;
  g_autofree char *key = g_strdup_printf ("revoked/%s/%s", ok_certificate_get_id (certificate),
                                          ok_certificate_get_serial (certificate));
  g_autoptr(OkNotice) notice = NULL;
  JsonObject *record;

  if (!ok_revocation_watch_needs_notice (state, certificate) || g_hash_table_contains (data->sent, key))
    return FALSE;

  record = ok_revocation_watch_get_record (state, certificate);
  notice = ok_notice_new_revoked (certificate, record != NULL ? json_object_get_int_member_with_default (record, "revoked_at", 0) : 0);
  ok_monitor_emit_notice (pass->self, notice);

  g_hash_table_add (data->sent, g_steal_pointer (&key));
  ok_revocation_watch_mark_notified (state, certificate);
  pass->pending_saves++;
  ok_store_update_monitor_state_async (data->store, certificate, "revocation", NULL, NULL, state_saved, pass);
  return TRUE;
}

/* The reminders and revocation notices of the renewal candidates (@candidates TRUE, after
 * their attempts) or of every other certificate (FALSE, before the renewals start). */
static void
send_reminders (Pass     *pass,
                gboolean  candidates)
{
  OkMonitor *self = pass->self;
  InProcess *data = pass->data;
  GListModel *certificates = G_LIST_MODEL (data->store);
  gint64 now = ok_monitor_now (self);
  g_autoptr(GPtrArray) reminders = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (certificates); i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (certificates, i);
      JsonObject *state = ok_store_get_monitor_state (data->store, certificate);
      int crossed = ok_schedule_get_crossed_threshold (certificate, data->thresholds, now);

      if (g_hash_table_contains (pass->candidates, ok_certificate_get_id (certificate)) != candidates)
        continue;

      /* A revoked certificate is past reminding: its notice said what to do. */
      if (state != NULL && ok_state_is_revoked (certificate))
        {
          send_revocation_notice (pass, certificate, state);
          continue;
        }

      if (crossed == OK_SCHEDULE_NONE || state == NULL || was_sent (data, state, certificate, crossed))
        continue;

      if (!g_hash_table_contains (pass->attempted, ok_certificate_get_id (certificate)))
        {
          g_ptr_array_add (reminders, ok_notice_new_reminder (certificate, crossed, now, default_window (self)));
        }

      record_sent (pass, certificate, state, crossed);
    }

  /* Several at once are one notification ("3 certificates need attention."). */
  if (reminders->len == 1)
    ok_monitor_emit_notice (self, g_ptr_array_index (reminders, 0));
  else if (reminders->len > 1)
    {
      g_autoptr(OkNotice) summary = ok_notice_new_summary (reminders);
      ok_monitor_emit_notice (self, summary);
    }

  /* Before the renewals the pass goes on: a record saved meanwhile must not end it. */
  if (!candidates)
    return;

  pass->reminders_done = TRUE;
  if (pass->pending_saves == 0)
    finish (pass);
}

static void renew_next (Pass *pass);

static void
notify_failure (Pass         *pass,
                const char   *id,
                const GError *error)
{
  OkMonitor *self = pass->self;
  g_autoptr(OkNotice) notice = NULL;
  OkCertificate *current;

  /* The failure is in the event log now, so the current entry knows its next attempt. */
  current = ok_store_lookup (pass->data->store, id, NULL);
  if (current == NULL)
    return;

  notice = ok_notice_new_renewal_failed (current, error,
                                         ok_state_next_renewal_attempt (current, ok_monitor_now (self),
                                                                        default_window (self)));
  ok_monitor_emit_notice (self, notice);
}

static void
renewed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pass *pass = user_data;
  OkCertificate *certificate = g_ptr_array_index (pass->renewals, pass->next_renewal - 1);
  g_autoptr(OkCertificate) renewed = NULL;
  g_autoptr(GError) error = NULL;

  renewed = ok_enrollment_renew_finish (OK_ENROLLMENT (object), result, &error);
  g_clear_object (&pass->enrollment);

  if (renewed != NULL)
    {
      g_autoptr(OkNotice) notice = ok_notice_new_renewed (renewed);
      ok_monitor_emit_notice (pass->self, notice);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      notify_failure (pass, ok_certificate_get_id (certificate), error);
    }

  renew_next (pass);
}

static void
failure_logged (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pass *pass = user_data;
  OkCertificate *certificate = g_ptr_array_index (pass->renewals, pass->next_renewal - 1);
  g_autoptr(GError) error = NULL;

  if (!ok_store_log_finish (OK_STORE (object), result, &error))
    g_warning ("Could not log a failed renewal: %s", error->message);

  notify_failure (pass, ok_certificate_get_id (certificate), pass->failure);
  g_clear_error (&pass->failure);
  renew_next (pass);
}

/* No issuer could be made (no endpoint configured, a broken CA file): OkEnrollment never ran,
 * so the failure is logged here, where the backoff will find it. */
static void
log_setup_failure (Pass          *pass,
                   OkCertificate *certificate,
                   GError        *error)
{
  g_autoptr(OkEvent) event = ok_event_new (OK_EVENT_TYPE_RENEW_ERROR, error->message, NULL);

  pass->failure = error;
  ok_store_log_async (pass->data->store, certificate, event, NULL, failure_logged, pass);
}

static void
renew_next (Pass *pass)
{
  OkMonitor *self = pass->self;
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(OkIssuer) issuer = NULL;
  GError *error = NULL;
  OkCertificate *certificate;

  if (pass->next_renewal >= pass->renewals->len)
    {
      send_reminders (pass, TRUE);
      return;
    }

  certificate = g_ptr_array_index (pass->renewals, pass->next_renewal++);
  g_hash_table_add (pass->attempted, g_strdup (ok_certificate_get_id (certificate)));

  issuer = ok_endpoints_make_issuer (ok_certificate_get_environment (certificate), &anchors, &error);
  if (issuer == NULL)
    {
      log_setup_failure (pass, certificate, error);
      return;
    }

  pass->enrollment = ok_enrollment_new (pass->data->store, issuer);
  ok_enrollment_set_trust_anchors (pass->enrollment, anchors);
  ok_enrollment_renew_async (pass->enrollment, certificate, self->cancellable, renewed, pass);
}

static gboolean
is_loopback_endpoint (OkEnvironment environment)
{
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (!ok_endpoints_lookup (environment, &url, NULL, NULL) ||
      !(uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) ||
      !(host = g_uri_get_host (uri)))
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Offline, an attempt would only fail and push the next one back by the backoff; it waits for
 * the network instead. A CA on this host needs no network. */
static gboolean
waits_for_network (OkMonitor     *self,
                   OkCertificate *certificate)
{
  return !g_network_monitor_get_network_available (self->network) &&
         !is_loopback_endpoint (ok_certificate_get_environment (certificate));
}

/* After the revocation checks, so that a certificate just found revoked is not sent. */
static void
start_renewals (Pass *pass)
{
  OkMonitor *self = pass->self;
  GListModel *certificates = G_LIST_MODEL (pass->data->store);
  gint64 now;

  now = ok_monitor_now (self);
  for (guint i = 0; i < g_list_model_get_n_items (certificates); i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (certificates, i);
      gint64 attempt = ok_state_next_renewal_attempt (certificate, now, default_window (self));

      if (!self->renews || attempt > now)
        continue;

      if (waits_for_network (self, certificate))
        g_hash_table_add (pass->postponed, g_strdup (ok_certificate_get_id (certificate)));
      else
        {
          g_hash_table_add (pass->candidates, g_strdup (ok_certificate_get_id (certificate)));
          g_ptr_array_add (pass->renewals, g_steal_pointer (&certificate));
        }
    }

  /* A slow CA delays only its own certificates' notices, never the others'. */
  send_reminders (pass, FALSE);
  renew_next (pass);
}

static void check_next (Pass *pass);

static void
revocation_checked (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Pass *pass = user_data;
  g_autoptr(OkRevocationResult) found = NULL;
  g_autoptr(GError) error = NULL;

  /* No answer is no news: the record notes the failure and the next pass tries again. */
  found = ok_revocation_watch_finish (result, &error);
  if (found != NULL && found->status == OK_REVOCATION_UNKNOWN)
    g_debug ("No revocation answer: %s", found->failure);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pass->next_check = pass->checks->len;
  check_next (pass);
}

/* One at a time: a pass over many certificates must not open as many connections. */
static void
check_next (Pass *pass)
{
  OkCertificate *certificate;

  if (pass->next_check >= pass->checks->len ||
      g_get_monotonic_time () - pass->checks_started > REVOCATION_BUDGET_US)
    {
      start_renewals (pass);
      return;
    }

  certificate = g_ptr_array_index (pass->checks, pass->next_check++);
  ok_revocation_watch_async (pass->data->store, certificate, OK_REVOCATION_WATCH_WHEN_DUE,
                             ok_monitor_now (pass->self), pass->self->cancellable, revocation_checked, pass);
}

static void
store_loaded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pass *pass = user_data;
  OkMonitor *self = pass->self;
  GListModel *certificates = G_LIST_MODEL (pass->data->store);
  GError *error = NULL;
  gint64 now;

  if (!ok_store_load_finish (OK_STORE (object), result, &error))
    {
      ok_monitor_pass_done (self, g_steal_pointer (&pass->tasks), OK_STATE_NEVER, error);
      pass_free (pass);
      return;
    }

  now = ok_monitor_now (self);
  for (guint i = 0; i < g_list_model_get_n_items (certificates); i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (certificates, i);
      JsonObject *state = ok_store_get_monitor_state (pass->data->store, certificate);

      if (state != NULL && ok_revocation_watch_next_check (state, certificate, now) <= now)
        g_ptr_array_add (pass->checks, g_steal_pointer (&certificate));
    }

  pass->checks_started = g_get_monotonic_time ();
  check_next (pass);
}

/* The app's window, the background monitor's worker and a `monitor --once` from a timer may
 * make a pass at the same moment. Each reads the reminder record from the store, sends what is
 * not recorded and records it; the lock on <store>/reminders.lock around the whole pass makes
 * that read-send-record one step, so a reminder is sent once whoever gets there first. flock()
 * is released by the kernel if a process dies; it is tried without blocking the main loop. */
#define LOCK_RETRY_MS 50

static gboolean try_lock (gpointer user_data);

static void
start_when_locked (Pass *pass)
{
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;

  if (pass->self->stamp_path == NULL)
    {
      try_lock (pass);
      return;
    }

  folder = g_path_get_dirname (pass->self->stamp_path);
  path = g_build_filename (folder, "reminders.lock", NULL);
  pass->lock_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (pass->lock_fd < 0)
    g_debug ("No lock for the pass (%s): %s", path, g_strerror (errno));
  try_lock (pass);
}

static gboolean
try_lock (gpointer user_data)
{
  Pass *pass = user_data;

  if (pass->lock_fd >= 0 && flock (pass->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      if (errno == EWOULDBLOCK || errno == EINTR)
        {
          g_timeout_add (LOCK_RETRY_MS, try_lock, pass);
          return G_SOURCE_REMOVE;
        }
      g_debug ("Could not lock the pass: %s", g_strerror (errno));
    }

  ok_store_load_async (pass->data->store, pass->self->cancellable, store_loaded, pass);
  return G_SOURCE_REMOVE;
}

static void
run_pass (OkMonitor *self,
          gpointer   runner_data,
          GPtrArray *tasks)
{
  InProcess *data = runner_data;
  Pass *pass = g_new0 (Pass, 1);

  /* The settings may have changed since the last pass. */
  if (!data->thresholds_fixed)
    {
      g_clear_pointer (&data->thresholds, g_array_unref);
      data->thresholds = ok_schedule_dup_thresholds (self->settings);
    }

  pass->self = g_object_ref (self);
  pass->data = data;
  pass->tasks = tasks;
  pass->lock_fd = -1;
  pass->checks = g_ptr_array_new_with_free_func (g_object_unref);
  pass->renewals = g_ptr_array_new_with_free_func (g_object_unref);
  pass->candidates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pass->attempted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pass->postponed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  start_when_locked (pass);
}

static void
in_process_free (gpointer runner_data)
{
  InProcess *data = runner_data;

  g_clear_object (&data->store);
  g_clear_pointer (&data->thresholds, g_array_unref);
  g_clear_pointer (&data->sent, g_hash_table_unref);
  g_free (data);
}

static const OkMonitorRunner in_process = { run_pass, in_process_free };

/**
 * ok_monitor_new:
 * @store: the store to watch; each pass reloads it
 *
 * Returns: (transfer full): a monitor that makes its passes in this process
 */
OkMonitor *
ok_monitor_new (OkStore *store)
{
  InProcess *data;
  OkMonitor *self;

  g_return_val_if_fail (OK_IS_STORE (store), NULL);

  data = g_new0 (InProcess, 1);
  data->store = g_object_ref (store);
  data->sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self = ok_monitor_new_with_runner (&in_process, data, ok_store_get_stamp_path (store));
  data->thresholds = ok_schedule_dup_thresholds (self->settings);

  return self;
}

/**
 * ok_monitor_get_store:
 *
 * Returns: (transfer none) (nullable): the store of a monitor made with ok_monitor_new()
 */
OkStore *
ok_monitor_get_store (OkMonitor *self)
{
  g_return_val_if_fail (OK_IS_MONITOR (self), NULL);

  return self->runner == &in_process ? ((InProcess *) self->runner_data)->store : NULL;
}

/**
 * ok_monitor_get_thresholds:
 *
 * Returns: (transfer none) (nullable) (element-type int): the reminder days of a monitor made
 *   with ok_monitor_new(), most distant first
 */
GArray *
ok_monitor_get_thresholds (OkMonitor *self)
{
  g_return_val_if_fail (OK_IS_MONITOR (self), NULL);

  return self->runner == &in_process ? ((InProcess *) self->runner_data)->thresholds : NULL;
}

/**
 * ok_monitor_set_thresholds:
 * @thresholds: (nullable) (element-type int): reminder days to use instead of the settings'
 *   (see ok_schedule_thresholds_new()), or %NULL to follow the settings again
 *
 * Only for a monitor made with ok_monitor_new().
 */
void
ok_monitor_set_thresholds (OkMonitor *self,
                           GArray    *thresholds)
{
  InProcess *data;

  g_return_if_fail (OK_IS_MONITOR (self));
  g_return_if_fail (self->runner == &in_process);

  data = self->runner_data;
  g_clear_pointer (&data->thresholds, g_array_unref);
  data->thresholds_fixed = thresholds != NULL;
  data->thresholds = thresholds != NULL ? ok_schedule_thresholds_new ((const int *) (gpointer) thresholds->data,
                                                                      thresholds->len)
                                        : ok_schedule_dup_thresholds (self->settings);
}
