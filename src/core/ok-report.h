/* ok-report.h — a certificate entry as stable, documented JSON for scripts
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ok-certificate.h"
#include "ok-json-text.h"

G_BEGIN_DECLS

JsonNode *ok_report_certificate (OkCertificate *certificate,
                                 gint64         now,
                                 guint          default_window_days);
JsonNode *ok_report_events      (OkCertificate *certificate);

GHashTable *ok_report_new_chain_texts   (void);
void        ok_report_write_certificate (OkJsonWriter  *writer,
                                          OkCertificate *certificate,
                                          gint64         now,
                                          guint          default_window_days,
                                          GHashTable    *chain_texts);

G_END_DECLS
