/* ok-cli-status-format.c — status --format=prometheus|json [--output FILE]: the certificates
 * for monitoring systems
 *
 * Prometheus text goes to node_exporter's textfile collector, so its file is 0644 (it holds
 * no secret, and node_exporter reads it as another user). The JSON report carries renewal
 * errors from the event log, so its file is 0600 like everything else OCES Keeper writes.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ok-cli-commands.h"
#include "ok-cli-util.h"
#include "ok-endpoints.h"
#include "ok-file.h"
#include "ok-metrics.h"
#include "ok-report.h"

static char *
report_json (OkStore *store,
             gint64   now,
             guint    window)
{
  g_autoptr(JsonNode) root = json_node_init_array (json_node_alloc (), json_array_new ());
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (G_LIST_MODEL (store), i);
      json_array_add_element (json_node_get_array (root), ok_report_certificate (certificate, now, window));
    }

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

/**
 * ok_cli_status_format:
 * @format: (nullable): "json" or "prometheus"; "text" only without @output
 * @output: (nullable): the file to replace atomically, or %NULL for standard output
 * @json: whether --json was given too, which this does not combine with
 */
int
ok_cli_status_format (GOptionContext *context,
                      const char     *format,
                      const char     *output,
                      gboolean        json)
{
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint window;
  gboolean prometheus;

  if (format == NULL || !g_strv_contains ((const char *[]) { "text", "json", "prometheus", NULL }, format))
    return ok_cli_usage_error (context, _("Choose --format text, json or prometheus."));
  if (g_str_equal (format, "text"))
    return ok_cli_usage_error (context, _("--output needs --format json or prometheus."));
  if (json)
    return ok_cli_usage_error (context, _("--json and --format cannot be combined."));

  if (!(store = ok_cli_open_store (&error)))
    return ok_cli_fail (error);

  window = ok_endpoints_get_default_renewal_window ();
  prometheus = g_str_equal (format, "prometheus");
  text = prometheus ? ok_metrics_format_prometheus (G_LIST_MODEL (store), now, window)
                    : report_json (store, now, window);

  if (output == NULL)
    g_print ("%s", text);
  else if (prometheus ? !ok_metrics_write_file (output, text, &error)
                      : !ok_file_write_atomic (output, text, strlen (text), &error))
    return ok_cli_fail (error);

  return ok_cli_exit_for_expired (store, now);
}
