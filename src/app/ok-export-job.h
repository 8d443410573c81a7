/* ok-export-job.h — writing one certificate to a file in one of the export formats, off the main
 * loop, and logging it on the certificate
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ok-store.h"

G_BEGIN_DECLS

typedef enum
{
  OK_EXPORT_FORMAT_PKCS12,
  OK_EXPORT_FORMAT_PKCS12_LEGACY,
  OK_EXPORT_FORMAT_PEM_CERTIFICATE,
  OK_EXPORT_FORMAT_PEM_CHAIN,
  OK_EXPORT_FORMAT_KEY,
} OkExportFormat;

#define OK_EXPORT_N_FORMATS (OK_EXPORT_FORMAT_KEY + 1)

const char *ok_export_format_get_title       (OkExportFormat   format);
const char *ok_export_format_get_description (OkExportFormat   format);
const char *ok_export_format_get_suffix      (OkExportFormat   format);
gboolean    ok_export_format_needs_key       (OkExportFormat   format);
gboolean    ok_export_format_is_available    (OkExportFormat   format,
                                              OkCertificate   *certificate);

void        ok_export_job_write_async        (OkStore         *store,
                                              OkCertificate   *certificate,
                                              OkExportFormat   format,
                                              const char      *password,
                                              GFile           *destination,
                                              GCancellable    *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer         user_data);
gboolean    ok_export_job_write_finish       (GAsyncResult    *result,
                                              GError         **error);

G_END_DECLS
