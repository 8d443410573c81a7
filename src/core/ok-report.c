/* ok-report.c — a certificate entry as stable, documented JSON for scripts
 *
 * The keys are part of the CLI's interface (see docs/cli-json.md): add, never rename.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-event.h"
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
write_facts (OkJsonWriter  *writer,
             OkCertificate *certificate)
{
  const char *stored = ok_certificate_get_facts_text (certificate);
  g_autoptr(JsonNode) facts = NULL;
  g_autofree char *text = NULL;

  if (stored != NULL)
    {
      ok_json_writer_compact_value (writer, stored);
      return;
    }

  facts = ok_certificate_facts_to_json (certificate);
  text = json_to_string (facts, FALSE);
  ok_json_writer_compact_value (writer, text);
}

/* A chain certificate's facts, made once per run and laid out once per level: every entry
 * from one CA shares them. */
typedef struct
{
  char  *compact;
  char  *pretty;
  guint  pretty_level;
} ChainText;

static void
chain_text_free (ChainText *text)
{
  g_free (text->compact);
  g_free (text->pretty);
  g_free (text);
}

static void
write_chain_facts (OkJsonWriter  *writer,
                   OkCertificate *certificate,
                   GHashTable    *chain_texts)
{
  ChainText *text = chain_texts != NULL ? g_hash_table_lookup (chain_texts, certificate) : NULL;

  if (text == NULL)
    {
      g_autoptr(JsonNode) facts = ok_certificate_facts_to_json (certificate);

      text = g_new0 (ChainText, 1);
      text->compact = json_to_string (facts, FALSE);
      if (chain_texts == NULL)
        {
          ok_json_writer_compact_value (writer, text->compact);
          chain_text_free (text);
          return;
        }
      g_hash_table_insert (chain_texts, g_object_ref (certificate), text);
    }

  if (!writer->pretty)
    {
      g_string_append (writer->out, text->compact);
      return;
    }

  if (text->pretty == NULL || text->pretty_level != writer->level)
    {
      g_autoptr(GString) pretty = g_string_new (NULL);

      ok_json_text_append_pretty (pretty, text->compact, strlen (text->compact), writer->level);
      g_free (text->pretty);
      text->pretty = g_string_free (g_steal_pointer (&pretty), FALSE);
      text->pretty_level = writer->level;
    }
  g_string_append (writer->out, text->pretty);
}

/**
 * ok_report_new_chain_texts:
 *
 * Returns: (transfer full): a cache for ok_report_write_certificate(), for writing many
 *   certificates that share their chain
 */
GHashTable *
ok_report_new_chain_texts (void)
{
  return g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, (GDestroyNotify) chain_text_free);
}

/**
 * ok_report_write_certificate:
 * @chain_texts: (nullable): from ok_report_new_chain_texts()
 *
 * Writes the certificate's report: what ok_report_certificate() returns as a tree, without
 * building one (`list --json` writes thousands).
 */
void
ok_report_write_certificate (OkJsonWriter  *writer,
                             OkCertificate *certificate,
                             gint64         now,
                             guint          default_window_days,
                             GHashTable    *chain_texts)
{
  GPtrArray *chain = ok_certificate_get_chain (certificate);
  OkEnvironment override = ok_certificate_get_environment_override (certificate);
  OkRenewalHistory history;

  ok_state_get_renewal_history (certificate, &history);

  ok_json_writer_begin_object (writer);
  ok_json_writer_member (writer, "id");
  ok_json_writer_string (writer, ok_certificate_get_id (certificate));
  ok_json_writer_member (writer, "name");
  ok_json_writer_string (writer, ok_certificate_get_name (certificate));
  ok_json_writer_member (writer, "state");
  ok_json_writer_string (writer, ok_state_to_string (ok_state_compute (certificate, now, default_window_days)));
  ok_json_writer_member (writer, "days_left");
  ok_json_writer_int (writer, ok_state_get_days_left (certificate, now));
  ok_json_writer_member (writer, "environment");
  ok_json_writer_string (writer, ok_environment_to_string (ok_certificate_get_environment (certificate)));
  ok_json_writer_member (writer, "environment_override");
  ok_json_writer_string (writer, override == OK_ENVIRONMENT_UNKNOWN ? NULL : ok_environment_to_string (override));
  ok_json_writer_member (writer, "has_private_key");
  ok_json_writer_boolean (writer, ok_certificate_get_has_private_key (certificate));
  ok_json_writer_member (writer, "trust");
  ok_json_writer_string (writer, ok_trust_to_string (ok_certificate_get_trust (certificate)));

  ok_json_writer_member (writer, "renewal");
  ok_json_writer_begin_object (writer);
  /* What really happens: an OCES2 certificate or one without its key is never renewed. */
  ok_json_writer_member (writer, "automatic");
  ok_json_writer_boolean (writer, ok_state_renews_automatically (certificate));
  ok_json_writer_member (writer, "refusal");
  ok_json_writer_string (writer, ok_state_get_renewal_refusal (certificate));
  ok_json_writer_member (writer, "window_days");
  ok_json_writer_int (writer, ok_state_get_renewal_window_days (certificate, default_window_days));
  ok_json_writer_member (writer, "window_start");
  ok_json_writer_time (writer, ok_state_get_renewal_start (certificate, default_window_days));
  ok_json_writer_member (writer, "next_attempt");
  ok_json_writer_time (writer, ok_state_next_renewal_attempt (certificate, now, default_window_days));
  ok_json_writer_member (writer, "last_success");
  ok_json_writer_time (writer, history.last_success);
  ok_json_writer_member (writer, "last_failure");
  ok_json_writer_time (writer, history.last_failure);
  ok_json_writer_member (writer, "failures_since_success");
  ok_json_writer_int (writer, history.failures_since_success);
  ok_json_writer_member (writer, "failures_total");
  ok_json_writer_int (writer, history.failures_total);
  ok_json_writer_member (writer, "last_error");
  ok_json_writer_string (writer, history.last_error);
  ok_json_writer_end_object (writer);

  ok_json_writer_member (writer, "certificate");
  write_facts (writer, certificate);

  ok_json_writer_member (writer, "chain");
  ok_json_writer_begin_array (writer);
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    {
      ok_json_writer_element (writer);
      write_chain_facts (writer, g_ptr_array_index (chain, i), chain_texts);
    }
  ok_json_writer_end_array (writer);
  ok_json_writer_end_object (writer);
}

JsonNode *
ok_report_certificate (OkCertificate *certificate,
                       gint64         now,
                       guint          default_window_days)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  OkJsonWriter writer;

  ok_json_writer_init (&writer, text, FALSE, 0);
  ok_report_write_certificate (&writer, certificate, now, default_window_days, NULL);
  if (!json_parser_load_from_data (parser, text->str, text->len, NULL))
    g_return_val_if_reached (json_node_init_object (json_node_alloc (), json_object_new ()));

  return json_parser_steal_root (parser);
}
