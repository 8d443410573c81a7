/* ok-export.h — writing PKCS#12 (modern and legacy) and PEM
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ok-key.h"

G_BEGIN_DECLS

#define OK_EXPORT_ERROR (ok_export_error_quark ())

typedef enum {
  OK_EXPORT_ERROR_INVALID_CERTIFICATE,
  OK_EXPORT_ERROR_KEY_MISMATCH,
  OK_EXPORT_ERROR_EMPTY_PASSWORD,
  OK_EXPORT_ERROR_FAILED,
} OkExportError;

GQuark  ok_export_error_quark      (void);

GBytes *ok_export_pkcs12           (GBytes      *certificate_der,
                                    GPtrArray   *chain_der,
                                    OkKey       *key,
                                    const char  *friendly_name,
                                    const char  *password,
                                    gboolean     legacy,
                                    GError     **error);
char   *ok_export_pem_certificate  (GBytes      *der);
char   *ok_export_pem_chain        (GPtrArray   *chain_der);

G_END_DECLS
