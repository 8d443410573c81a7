/* ok-metrics.h — the certificates as Prometheus metrics (node_exporter textfile format)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The mode of a metrics file: it holds no secret, and node_exporter reads it as another user. */
#define OK_METRICS_FILE_MODE 0644

char     *ok_metrics_escape_label_value (const char   *value);
char     *ok_metrics_format_prometheus  (GListModel   *certificates,
                                         gint64        now,
                                         guint         default_window_days);
gboolean  ok_metrics_write_file         (const char   *path,
                                         const char   *contents,
                                         GError      **error);

G_END_DECLS
