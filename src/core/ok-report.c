/* ok-report.c — a certificate entry as stable, documented JSON for scripts
 *
 * The keys are part of the CLI's interface (see docs/cli-json.md): add, never rename.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-event.h"
#include "ok-report.h"
#include "ok-state.h"

static void
set_time_or_null (JsonObject *object,
                  const char *member,
                  gint64      unix_time)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (unix_time <= 0 || unix_time == OK_STATE_NEVER ||
      !(time = g_date_time_new_from_unix_utc (unix_time)))
    {
      json_object_set_null_member (object, member);
      return;
    }

  text = g_date_time_format_iso8601 (time);
  json_object_set_string_member (object, member, text);
}

JsonNode *
ok_report_events (OkCertificate *certificate)
{
  GListModel *events = ok_certificate_get_events (certificate);
  JsonArray *array = json_array_new ();
  guint n = g_list_model_get_n_items (events);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkEvent) event = g_list_model_get_item (events, i);
      json_array_add_element (array, ok_event_to_json (event));
    }

  return json_node_init_array (json_node_alloc (), array);
}

JsonNode *
ok_report_certificate (OkCertificate *certificate,
                       gint64         now,
                       guint          default_window_days)
{
  g_autoptr(JsonNode) facts = ok_certificate_facts_to_json (certificate);
  JsonObject *object = json_object_new ();
  JsonArray *chain = json_array_new ();
  JsonObject *renewal = json_object_new ();
  GPtrArray *chain_certificates = ok_certificate_get_chain (certificate);
  OkRenewalHistory history;
  OkEnvironment override = ok_certificate_get_environment_override (certificate);

  json_object_set_string_member (object, "id", ok_certificate_get_id (certificate));
  json_object_set_string_member (object, "name", ok_certificate_get_name (certificate));
  json_object_set_string_member (object, "state",
                                 ok_state_to_string (ok_state_compute (certificate, now, default_window_days)));
  json_object_set_int_member (object, "days_left", ok_state_get_days_left (certificate, now));
  json_object_set_string_member (object, "environment",
                                 ok_environment_to_string (ok_certificate_get_environment (certificate)));
  if (override == OK_ENVIRONMENT_UNKNOWN)
    json_object_set_null_member (object, "environment_override");
  else
    json_object_set_string_member (object, "environment_override", ok_environment_to_string (override));
  json_object_set_boolean_member (object, "has_private_key", ok_certificate_get_has_private_key (certificate));
  json_object_set_string_member (object, "trust", ok_trust_to_string (ok_certificate_get_trust (certificate)));

  ok_state_get_renewal_history (certificate, &history);
  /* What really happens: an OCES2 certificate or one without its key is never renewed. */
  json_object_set_boolean_member (renewal, "automatic", ok_state_renews_automatically (certificate));
  if (ok_state_get_renewal_refusal (certificate) != NULL)
    json_object_set_string_member (renewal, "refusal", ok_state_get_renewal_refusal (certificate));
  else
    json_object_set_null_member (renewal, "refusal");
  json_object_set_int_member (renewal, "window_days",
                              ok_state_get_renewal_window_days (certificate, default_window_days));
  set_time_or_null (renewal, "window_start", ok_state_get_renewal_start (certificate, default_window_days));
  set_time_or_null (renewal, "next_attempt",
                    ok_state_next_renewal_attempt (certificate, now, default_window_days));
  set_time_or_null (renewal, "last_success", history.last_success);
  set_time_or_null (renewal, "last_failure", history.last_failure);
  json_object_set_int_member (renewal, "failures_since_success", history.failures_since_success);
  json_object_set_int_member (renewal, "failures_total", history.failures_total);
  if (history.last_error != NULL)
    json_object_set_string_member (renewal, "last_error", history.last_error);
  else
    json_object_set_null_member (renewal, "last_error");
  json_object_set_object_member (object, "renewal", renewal);

  json_object_set_member (object, "certificate", json_node_copy (facts));

  for (guint i = 0; chain_certificates != NULL && i < chain_certificates->len; i++)
    json_array_add_element (chain, ok_certificate_facts_to_json (g_ptr_array_index (chain_certificates, i)));
  json_object_set_array_member (object, "chain", chain);

  return json_node_init_object (json_node_alloc (), object);
}
