/* ok-metrics.c — the certificates as Prometheus metrics (node_exporter textfile format)
 *
 * One sample per certificate and metric, labelled id, name, cvr, uuid, environment and kind
 * (a fact a certificate lacks is an empty label). The names, labels and meanings are an
 * interface for people's alerting rules (docs/automation.md): add, never rename. HELP texts
 * stay English, as Prometheus expects.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ok-certificate.h"
#include "ok-deploy.h"
#include "ok-file.h"
#include "ok-metrics.h"
#include "ok-state.h"

typedef enum
{
  METRIC_NOT_AFTER,
  METRIC_NOT_BEFORE,
  METRIC_RENEWAL_DUE,
  METRIC_EXPIRED,
  METRIC_NOT_YET_VALID,
  METRIC_LAST_RENEWAL_SUCCESS,
  METRIC_RENEWAL_FAILURES,
  METRIC_DEPLOY_FAILED,
  METRIC_REVOKED,
  N_METRICS
} Metric;

static const struct
{
  const char *name;
  const char *type;
  const char *help;
} metrics[N_METRICS] = {
  [METRIC_NOT_AFTER] = { "oces_certificate_not_after_timestamp_seconds", "gauge",
                         "When the certificate expires (notAfter), as a Unix time." },
  [METRIC_NOT_BEFORE] = { "oces_certificate_not_before_timestamp_seconds", "gauge",
                          "When the certificate became valid (notBefore), as a Unix time." },
  [METRIC_RENEWAL_DUE] = { "oces_certificate_renewal_due", "gauge",
                           "1 when the certificate is inside its renewal window and not yet expired, else 0." },
  [METRIC_EXPIRED] = { "oces_certificate_expired", "gauge",
                       "1 when the certificate has expired, else 0." },
  [METRIC_NOT_YET_VALID] = { "oces_certificate_not_yet_valid", "gauge",
                             "1 before the certificate becomes valid (notBefore), else 0." },
  [METRIC_LAST_RENEWAL_SUCCESS] = { "oces_certificate_last_renewal_success_timestamp_seconds", "gauge",
                                    "When the certificate was last renewed, as a Unix time; absent if never." },
  [METRIC_RENEWAL_FAILURES] = { "oces_certificate_renewal_failures_total", "counter",
                                "Failed renewal attempts in the certificate's event log." },
  [METRIC_DEPLOY_FAILED] = { "oces_certificate_deploy_failed", "gauge",
                             "1 when the latest run of the certificate's deploy actions failed, else 0." },
  [METRIC_REVOKED] = { "oces_certificate_revoked", "gauge",
                       "1 when the CA has revoked the certificate (found by OCSP or its CRL), else 0." },
};

/**
 * ok_metrics_escape_label_value:
 *
 * Returns: (transfer full): @value escaped for a label in the exposition format (backslash,
 *   double quote and line feed); %NULL gives ""
 */
char *
ok_metrics_escape_label_value (const char *value)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = value; p != NULL && *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (escaped, "\\\\");
          break;
        case '"':
          g_string_append (escaped, "\\\"");
          break;
        case '\n':
          g_string_append (escaped, "\\n");
          break;
        default:
          g_string_append_c (escaped, *p);
        }
    }

  return g_string_free (escaped, FALSE);
}

static char *
labels_for (OkCertificate *certificate)
{
  const struct { const char *name; const char *value; } labels[] = {
    { "id", ok_certificate_get_id (certificate) },
    { "name", ok_certificate_get_name (certificate) },
    { "cvr", ok_certificate_get_cvr (certificate) },
    { "uuid", ok_certificate_get_uuid (certificate) },
    { "environment", ok_environment_to_string (ok_certificate_get_environment (certificate)) },
    { "kind", ok_certificate_kind_to_string (ok_certificate_get_kind (certificate)) },
  };
  GString *text = g_string_new ("{");

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *escaped = ok_metrics_escape_label_value (labels[i].value);

      g_string_append_printf (text, "%s%s=\"%s\"", i > 0 ? "," : "", labels[i].name, escaped);
    }
  g_string_append_c (text, '}');

  return g_string_free (text, FALSE);
}

/* Returns FALSE when the certificate has no sample for @metric. */
static gboolean
value_of (Metric         metric,
          OkCertificate *certificate,
          gint64         now,
          guint          default_window_days,
          gint64        *value)
{
  gint64 not_after = ok_certificate_get_not_after (certificate);
  OkRenewalHistory history;
  g_autoptr(OkEvent) deploy_failure = NULL;

  switch (metric)
    {
    case METRIC_NOT_AFTER:
      *value = not_after;
      return TRUE;
    case METRIC_NOT_BEFORE:
      *value = ok_certificate_get_not_before (certificate);
      return TRUE;
    case METRIC_RENEWAL_DUE:
      *value = now < not_after && now >= ok_state_get_renewal_start (certificate, default_window_days);
      return TRUE;
    case METRIC_EXPIRED:
      *value = now >= not_after;
      return TRUE;
    case METRIC_NOT_YET_VALID:
      *value = now < ok_certificate_get_not_before (certificate);
      return TRUE;
    case METRIC_LAST_RENEWAL_SUCCESS:
      ok_state_get_renewal_history (certificate, &history);
      *value = history.last_success;
      return history.last_success > 0;
    case METRIC_RENEWAL_FAILURES:
      ok_state_get_renewal_history (certificate, &history);
      *value = history.failures_total;
      return TRUE;
    case METRIC_DEPLOY_FAILED:
      deploy_failure = ok_deploy_dup_last_failure (certificate);
      *value = deploy_failure != NULL;
      return TRUE;
    case METRIC_REVOKED:
      *value = ok_state_is_revoked (certificate);
      return TRUE;
    case N_METRICS:
    default:
      g_assert_not_reached ();
    }
}

/**
 * ok_metrics_format_prometheus:
 * @certificates: a #GListModel of #OkCertificate (the store)
 * @now: the time to judge "due" and "expired" at, Unix seconds
 * @default_window_days: the renewal window of certificates that have none of their own; 0
 *   for the built-in default
 *
 * Returns: (transfer full): the text for a node_exporter textfile collector (*.prom)
 */
char *
ok_metrics_format_prometheus (GListModel *certificates,
                              gint64      now,
                              guint       default_window_days)
{
  GString *text;
  guint n;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (G_IS_LIST_MODEL (certificates), NULL);

  text = g_string_new (NULL);
  n = g_list_model_get_n_items (certificates);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (certificates, i);
      g_ptr_array_add (labels, labels_for (certificate));
    }

  /* Grouped by metric, as the format requires: all samples of a family follow its TYPE. */
  for (guint m = 0; m < N_METRICS; m++)
    {
      g_string_append_printf (text, "# HELP %s %s\n", metrics[m].name, metrics[m].help);
      g_string_append_printf (text, "# TYPE %s %s\n", metrics[m].name, metrics[m].type);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(OkCertificate) certificate = g_list_model_get_item (certificates, i);
          gint64 value = 0;

          if (value_of (m, certificate, now, default_window_days, &value))
            g_string_append_printf (text, "%s%s %" G_GINT64_FORMAT "\n", metrics[m].name,
                                    (char *) g_ptr_array_index (labels, i), value);
        }
    }

  return g_string_free (text, FALSE);
}

/**
 * ok_metrics_write_file:
 *
 * Replaces @path atomically (temporary sibling, fsync, rename, fsync of the folder) with
 * mode %OK_METRICS_FILE_MODE whatever the umask, so that node_exporter, running as another
 * user, can read it. The temporary file is named so that a *.prom glob never matches it.
 */
gboolean
ok_metrics_write_file (const char  *path,
                       const char  *contents,
                       GError     **error)
{
  g_autofree char *tmp_path = NULL;
  gsize length, written = 0;
  int fd, saved_errno;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  length = strlen (contents);
  tmp_path = g_strconcat (path, ".tmp-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, OK_METRICS_FILE_MODE);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fchmod (fd, OK_METRICS_FILE_MODE) != 0)
    goto failed;

  while (written < length)
    {
      gssize n = write (fd, contents + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto failed;
      written += n;
    }

  if (fsync (fd) != 0)
    goto failed;

  close (fd);
  if (!ok_file_rename_synced (tmp_path, path, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  return TRUE;

failed:
  saved_errno = errno;
  close (fd);
  g_unlink (tmp_path);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}
