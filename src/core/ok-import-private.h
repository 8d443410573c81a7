/* ok-import-private.h — what the format readers of ok-import share
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>

#include "ok-key.h"

G_BEGIN_DECLS

/* What a file held, before we decide which certificate is the leaf. */
typedef struct {
  GPtrArray *certificates;  /* GBytes, DER, file order, no duplicates */
  GPtrArray *crts;          /* gnutls_x509_crt_t, parallel to certificates */
  GPtrArray *keys;          /* OkKey */
} OkImportContents;

gboolean ok_import_contents_add_certificate (OkImportContents      *contents,
                                             const gnutls_datum_t  *datum,
                                             gnutls_x509_crt_fmt_t  format,
                                             GError               **error);
gboolean ok_import_read_pkcs12              (OkImportContents      *contents,
                                             gnutls_pkcs12_t        p12,
                                             const char            *password,
                                             GError               **error);

void     ok_import_set_needs_password_error (GError               **error);
void     ok_import_set_wrong_password_error (GError               **error);
void     ok_import_set_unreadable_error     (GError               **error,
                                             int                    gnutls_error);

G_END_DECLS
