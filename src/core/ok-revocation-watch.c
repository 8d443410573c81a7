/* ok-revocation-watch.c — when a certificate's revocation is checked, and what the last check
 * found
 *
 * The last answer lives in the store entry's monitor state, beside the reminders record:
 *   "revocation": { "serial": "<the certificate it is about>", "status": "good"|"revoked"|"unknown",
 *                   "source": "ocsp"|"crl"|null, "url": …, "checked": <unix of the last answer>,
 *                   "this_update": …, "next_update": …, "revoked_at": …, "reason": …|null,
 *                   "attempted": <unix of the last try>, "failure": "<why it got no answer>"|null,
 *                   "notified": <the revocation notice was sent> }
 * A renewed certificate (another serial) starts afresh. An attempt without an answer keeps the
 * last answer and only notes the failure, so an offline day changes nothing the user sees.
 * A revocation is also logged as a REVOKED event, which is what ok-state reads: the state
 * follows the certificate's own log, like renewal failures do.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-days.h"
#include "ok-revocation-watch.h"
#include "ok-state.h"

#define RECORD "revocation"

/**
 * ok_revocation_watch_get_record:
 *
 * Returns: (transfer none) (nullable): the record of @certificate's last check, if it is about
 *   this very certificate
 */
JsonObject *
ok_revocation_watch_get_record (JsonObject    *state,
                                OkCertificate *certificate)
{
  JsonNode *node;
  JsonObject *record;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  if (state == NULL || !(node = json_object_get_member (state, RECORD)) || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  record = json_node_get_object (node);
  if (g_strcmp0 (json_object_get_string_member_with_default (record, "serial", NULL),
                 ok_certificate_get_serial (certificate)) != 0)
    return NULL;

  return record;
}

static gint64
get_time (JsonObject *record,
          const char *member)
{
  JsonNode *node = json_object_get_member (record, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  return json_node_get_int (node);
}

static OkRevocationStatus
get_status (JsonObject *record)
{
  OkRevocationStatus status = OK_REVOCATION_UNKNOWN;

  if (record != NULL)
    ok_revocation_status_from_string (json_object_get_string_member_with_default (record, "status", NULL), &status);

  return status;
}

/**
 * ok_revocation_watch_next_check:
 *
 * Returns: when @certificate's revocation is next to be asked (at or before @now: due), or
 *   %OK_STATE_NEVER once it is revoked or expired
 */
gint64
ok_revocation_watch_next_check (JsonObject    *state,
                                OkCertificate *certificate,
                                gint64         now)
{
  JsonObject *record;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), OK_STATE_NEVER);

  /* An expired certificate is dropped from CRLs; nothing is left to learn. Nor is there
   * anything to ask about a certificate that names no responder or came without its issuer. */
  if (ok_state_is_revoked (certificate) || now >= ok_certificate_get_not_after (certificate) ||
      !ok_revocation_can_check (certificate))
    return OK_STATE_NEVER;

  record = ok_revocation_watch_get_record (state, certificate);
  if (record == NULL)
    return 0;

  switch (get_status (record))
    {
    case OK_REVOCATION_REVOKED:
      return OK_STATE_NEVER;

    case OK_REVOCATION_GOOD:
      if (json_object_get_string_member_with_default (record, "failure", NULL) == NULL)
        return MAX (get_time (record, "checked") + OK_REVOCATION_RECHECK_SECONDS, get_time (record, "next_update"));
      G_GNUC_FALLTHROUGH;

    case OK_REVOCATION_UNKNOWN:
    default:
      return get_time (record, "attempted") + OK_REVOCATION_RETRY_SECONDS;
    }
}

/* Whether the urgent "revoked" notice is still to be sent for @certificate. */
gboolean
ok_revocation_watch_needs_notice (JsonObject    *state,
                                  OkCertificate *certificate)
{
  JsonObject *record;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), FALSE);

  if (!ok_state_is_revoked (certificate))
    return FALSE;

  record = ok_revocation_watch_get_record (state, certificate);
  return record == NULL || !json_object_get_boolean_member_with_default (record, "notified", FALSE);
}

/* Records that the notice was sent; the caller writes the monitor state. */
void
ok_revocation_watch_mark_notified (JsonObject    *state,
                                   OkCertificate *certificate)
{
  JsonObject *record;

  g_return_if_fail (state != NULL);
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  record = ok_revocation_watch_get_record (state, certificate);
  if (record == NULL)
    {
      record = json_object_new ();
      json_object_set_string_member (record, "serial", ok_certificate_get_serial (certificate));
      json_object_set_string_member (record, "status", ok_revocation_status_to_string (OK_REVOCATION_REVOKED));
      json_object_set_object_member (state, RECORD, record);
    }
  json_object_set_boolean_member (record, "notified", TRUE);
}

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
set_time_or_null (JsonObject *object,
                  const char *member,
                  gint64      unix_time)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (unix_time <= 0 || unix_time == OK_STATE_NEVER || !(time = g_date_time_new_from_unix_utc (unix_time)))
    {
      json_object_set_null_member (object, member);
      return;
    }

  text = g_date_time_format_iso8601 (time);
  json_object_set_string_member (object, member, text);
}

/**
 * ok_revocation_watch_report:
 *
 * Returns: (transfer full): the last check as `show --json` and `status --json` give it
 *   (docs/automation.md): status, source, times in ISO 8601, reason, the failure of the last
 *   try, and when the next check is due
 */
JsonNode *
ok_revocation_watch_report (JsonObject    *state,
                            OkCertificate *certificate,
                            gint64         now)
{
  JsonObject *record = ok_revocation_watch_get_record (state, certificate);
  JsonObject *report = json_object_new ();
  OkRevocationStatus status = get_status (record);

  /* The event log outranks a record another process may have overwritten. */
  if (ok_state_is_revoked (certificate))
    status = OK_REVOCATION_REVOKED;

  json_object_set_string_member (report, "status", ok_revocation_status_to_string (status));
  set_string_or_null (report, "source", record != NULL ? json_object_get_string_member_with_default (record, "source", NULL) : NULL);
  set_string_or_null (report, "url", record != NULL ? json_object_get_string_member_with_default (record, "url", NULL) : NULL);
  set_time_or_null (report, "checked", record != NULL ? get_time (record, "checked") : 0);
  set_time_or_null (report, "next_update", record != NULL ? get_time (record, "next_update") : 0);
  set_time_or_null (report, "revoked_at", record != NULL ? get_time (record, "revoked_at") : 0);
  set_string_or_null (report, "reason", record != NULL ? json_object_get_string_member_with_default (record, "reason", NULL) : NULL);
  set_time_or_null (report, "attempted", record != NULL ? get_time (record, "attempted") : 0);
  set_string_or_null (report, "failure", record != NULL ? json_object_get_string_member_with_default (record, "failure", NULL) : NULL);
  set_time_or_null (report, "next_check", ok_revocation_watch_next_check (state, certificate, now));

  return json_node_init_object (json_node_alloc (), report);
}

/* ---- a check and its record ---------------------------------------------------------------- */

typedef struct
{
  OkStore            *store;
  char               *id;
  char               *serial;
  gint64              now;
  OkRevocationResult *result;
} Watch;

static void
watch_free (Watch *watch)
{
  g_clear_object (&watch->store);
  g_free (watch->id);
  g_free (watch->serial);
  g_clear_pointer (&watch->result, ok_revocation_result_free);
  g_free (watch);
}

static void
write_answer (JsonObject         *record,
              OkRevocationResult *result,
              gint64              now)
{
  json_object_set_string_member (record, "status", ok_revocation_status_to_string (result->status));
  set_string_or_null (record, "source", ok_revocation_source_to_string (result->source));
  set_string_or_null (record, "url", result->url);
  json_object_set_int_member (record, "checked", now);
  json_object_set_int_member (record, "this_update", result->this_update);
  json_object_set_int_member (record, "next_update", result->next_update);
  json_object_set_int_member (record, "revoked_at", result->revoked_at);
  set_string_or_null (record, "reason", result->reason);
}

/* The REVOKED event, in the words the log shows. */
static OkEvent *
make_event (OkRevocationResult *result)
{
  const char *reason = ok_revocation_reason_get_display_name (result->reason);
  const char *how = result->source == OK_REVOCATION_SOURCE_CRL ? _("the CA's revocation list (CRL)")
                                                               : _("the CA's OCSP responder");
  g_autofree char *when = result->revoked_at > 0 ? ok_days_format_date_time (result->revoked_at) : NULL;
  g_autofree char *message = NULL;

  if (when != NULL && reason != NULL)
    /* Translators: the first %s is a date and time, the second a reason ("the private key was
     * compromised"), the third where it was found ("the CA's OCSP responder") */
    message = g_strdup_printf (_("The CA revoked this certificate on %s: %s. Found by %s."), when, reason, how);
  else if (when != NULL)
    /* Translators: the first %s is a date and time, the second where it was found */
    message = g_strdup_printf (_("The CA revoked this certificate on %s. Found by %s."), when, how);
  else
    /* Translators: %s is where it was found ("the CA's OCSP responder") */
    message = g_strdup_printf (_("The CA revoked this certificate. Found by %s."), how);

  return ok_event_new (OK_EVENT_TYPE_REVOKED, message, result->url);
}

static void
recorded (GObject      *object,
          GAsyncResult *async_result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Watch *watch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The answer stands even if its record could not be written; the next pass asks again. */
  if (!ok_store_update_finish (OK_STORE (object), async_result, &error))
    g_debug ("Could not record the revocation check of %s: %s", watch->id, error->message);

  g_task_return_pointer (task, g_steal_pointer (&watch->result), (GDestroyNotify) ok_revocation_result_free);
}

static void
checked (GObject      *object,
         GAsyncResult *async_result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Watch *watch = g_task_get_task_data (task);
  OkCertificate *current;   /* the store's */
  g_autoptr(OkEvent) event = NULL;
  GError *error = NULL;
  JsonObject *state;
  JsonObject *record;

  watch->result = ok_revocation_check_finish (async_result, &error);
  if (watch->result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Renewed or removed meanwhile: the answer is about a certificate the entry no longer has. */
  current = ok_store_lookup (watch->store, watch->id, NULL);
  state = current != NULL ? ok_store_get_monitor_state (watch->store, current) : NULL;
  if (state == NULL || g_strcmp0 (ok_certificate_get_serial (current), watch->serial) != 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&watch->result), (GDestroyNotify) ok_revocation_result_free);
      return;
    }

  record = ok_revocation_watch_get_record (state, current);
  if (record == NULL)
    {
      record = json_object_new ();
      json_object_set_string_member (record, "serial", watch->serial);
      json_object_set_string_member (record, "status", ok_revocation_status_to_string (OK_REVOCATION_UNKNOWN));
      json_object_set_object_member (state, RECORD, record);
    }

  json_object_set_int_member (record, "attempted", watch->now);
  if (watch->result->status == OK_REVOCATION_UNKNOWN)
    {
      set_string_or_null (record, "failure", watch->result->failure != NULL ? watch->result->failure : "");
    }
  else
    {
      json_object_set_null_member (record, "failure");
      write_answer (record, watch->result, watch->now);
    }

  if (watch->result->status == OK_REVOCATION_REVOKED && !ok_state_is_revoked (current))
    event = make_event (watch->result);

  ok_store_update_monitor_state_async (watch->store, current, "revocation", event, NULL, recorded,
                                       g_object_ref (task));
}

/**
 * ok_revocation_watch_async:
 * @mode: whether to ask only when the cached answer ran out
 * @now: unix seconds: the time of the record, and what "due" is judged at
 *
 * Checks @certificate's revocation if @mode says so, records the answer in its entry's monitor
 * state and, for a revocation, logs a REVOKED event (one transaction).
 */
void
ok_revocation_watch_async (OkStore               *store,
                           OkCertificate         *certificate,
                           OkRevocationWatchMode  mode,
                           gint64                 now,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  JsonObject *state;
  Watch *watch;

  g_return_if_fail (OK_IS_STORE (store));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_revocation_watch_async);

  state = ok_store_get_monitor_state (store, certificate);
  if (state == NULL || ok_state_is_revoked (certificate) ||
      (mode == OK_REVOCATION_WATCH_WHEN_DUE && ok_revocation_watch_next_check (state, certificate, now) > now))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  watch = g_new0 (Watch, 1);
  watch->store = g_object_ref (store);
  watch->id = g_strdup (ok_certificate_get_id (certificate));
  watch->serial = g_strdup (ok_certificate_get_serial (certificate));
  watch->now = now;
  g_task_set_task_data (task, watch, (GDestroyNotify) watch_free);

  ok_revocation_check_async (certificate, cancellable, checked, g_steal_pointer (&task));
}

/**
 * ok_revocation_watch_finish:
 *
 * Returns: (transfer full) (nullable): what the check found, %NULL when none was due (or the
 *   certificate is no longer in the store) or on @error (cancelled)
 */
OkRevocationResult *
ok_revocation_watch_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
