/* ok-report.c — a certificate entry as stable, documented JSON for scripts
 *
 * The keys are part of the CLI's interface (see docs/cli-json.md): add, never rename.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-event.h"
#include "ok-json-text.h"
#include "ok-report.h"
#include "ok-state.h"

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

/* The leaf's facts as the store keeps them (compact JSON of this version), or made now. */
static void
append_facts (GString       *out,
              OkCertificate *certificate)
{
  const char *stored = ok_certificate_get_facts_text (certificate);
  g_autoptr(JsonNode) facts = NULL;
  g_autofree char *text = NULL;

  if (stored != NULL)
    {
      g_string_append (out, stored);
      return;
    }

  facts = ok_certificate_facts_to_json (certificate);
  text = json_to_string (facts, FALSE);
  g_string_append (out, text);
}

/* A chain certificate's facts, written once per load: every entry from one CA shares them. */
static void
append_chain_facts (GString       *out,
                    OkCertificate *certificate,
                    GHashTable    *chain_texts)
{
  const char *text = chain_texts != NULL ? g_hash_table_lookup (chain_texts, certificate) : NULL;

  if (text == NULL)
    {
      g_autoptr(JsonNode) facts = ok_certificate_facts_to_json (certificate);
      char *made = json_to_string (facts, FALSE);

      if (chain_texts == NULL)
        {
          g_string_append (out, made);
          g_free (made);
          return;
        }
      g_hash_table_insert (chain_texts, g_object_ref (certificate), made);
      text = made;
    }

  g_string_append (out, text);
}

/**
 * ok_report_new_chain_texts:
 *
 * Returns: (transfer full): a cache for ok_report_append_certificate(), for writing many
 *   certificates that share their chain
 */
GHashTable *
ok_report_new_chain_texts (void)
{
  return g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, g_free);
}

/**
 * ok_report_append_certificate:
 * @chain_texts: (nullable): from ok_report_new_chain_texts()
 *
 * Appends the certificate's report as compact JSON text: what ok_report_certificate() returns
 * as a tree, without building one (`list --json` writes thousands).
 */
void
ok_report_append_certificate (GString       *out,
                              OkCertificate *certificate,
                              gint64         now,
                              guint          default_window_days,
                              GHashTable    *chain_texts)
{
  GPtrArray *chain = ok_certificate_get_chain (certificate);
  OkEnvironment override = ok_certificate_get_environment_override (certificate);
  const char *refusal = ok_state_get_renewal_refusal (certificate);
  OkRenewalHistory history;

  ok_state_get_renewal_history (certificate, &history);

  g_string_append_c (out, '{');
  ok_json_text_append_member (out, "id");
  ok_json_text_append_string (out, ok_certificate_get_id (certificate));
  g_string_append_c (out, ',');
  ok_json_text_append_member (out, "name");
  ok_json_text_append_string (out, ok_certificate_get_name (certificate));
  g_string_append_c (out, ',');
  ok_json_text_append_member (out, "state");
  ok_json_text_append_string (out, ok_state_to_string (ok_state_compute (certificate, now, default_window_days)));
  g_string_append_c (out, ',');
  ok_json_text_append_member (out, "days_left");
  g_string_append_printf (out, "%" G_GINT64_FORMAT ",", ok_state_get_days_left (certificate, now));
  ok_json_text_append_member (out, "environment");
  ok_json_text_append_string (out, ok_environment_to_string (ok_certificate_get_environment (certificate)));
  g_string_append_c (out, ',');
  ok_json_text_append_member (out, "environment_override");
  ok_json_text_append_string (out, override == OK_ENVIRONMENT_UNKNOWN ? NULL : ok_environment_to_string (override));
  g_string_append_c (out, ',');
  ok_json_text_append_member (out, "has_private_key");
  g_string_append (out, ok_certificate_get_has_private_key (certificate) ? "true," : "false,");
  ok_json_text_append_member (out, "trust");
  ok_json_text_append_string (out, ok_trust_to_string (ok_certificate_get_trust (certificate)));
  g_string_append_c (out, ',');

  ok_json_text_append_member (out, "renewal");
  g_string_append_c (out, '{');
  /* What really happens: an OCES2 certificate or one without its key is never renewed. */
  ok_json_text_append_member (out, "automatic");
  g_string_append (out, ok_state_renews_automatically (certificate) ? "true," : "false,");
  ok_json_text_append_member (out, "refusal");
  ok_json_text_append_string (out, refusal);
  g_string_append_c (out, ',');
  ok_json_text_append_member (out, "window_days");
  g_string_append_printf (out, "%u,", ok_state_get_renewal_window_days (certificate, default_window_days));
  ok_json_text_append_member (out, "window_start");
  ok_json_text_append_time (out, ok_state_get_renewal_start (certificate, default_window_days));
  g_string_append_c (out, ',');
  ok_json_text_append_member (out, "next_attempt");
  ok_json_text_append_time (out, ok_state_next_renewal_attempt (certificate, now, default_window_days));
  g_string_append_c (out, ',');
  ok_json_text_append_member (out, "last_success");
  ok_json_text_append_time (out, history.last_success);
  g_string_append_c (out, ',');
  ok_json_text_append_member (out, "last_failure");
  ok_json_text_append_time (out, history.last_failure);
  g_string_append_c (out, ',');
  ok_json_text_append_member (out, "failures_since_success");
  g_string_append_printf (out, "%u,", history.failures_since_success);
  ok_json_text_append_member (out, "failures_total");
  g_string_append_printf (out, "%u,", history.failures_total);
  ok_json_text_append_member (out, "last_error");
  ok_json_text_append_string (out, history.last_error);
  g_string_append (out, "},");

  ok_json_text_append_member (out, "certificate");
  append_facts (out, certificate);
  g_string_append_c (out, ',');

  ok_json_text_append_member (out, "chain");
  g_string_append_c (out, '[');
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_chain_facts (out, g_ptr_array_index (chain, i), chain_texts);
    }
  g_string_append (out, "]}");
}

JsonNode *
ok_report_certificate (OkCertificate *certificate,
                       gint64         now,
                       guint          default_window_days)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  ok_report_append_certificate (text, certificate, now, default_window_days, NULL);
  if (!json_parser_load_from_data (parser, text->str, text->len, NULL))
    g_return_val_if_reached (json_node_init_object (json_node_alloc (), json_object_new ()));

  return json_parser_steal_root (parser);
}
