/* ok-issuer.h — the interface to a certificate authority that issues and renews certificates,
 * and the errors it reports
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ok-issuance.h"

G_BEGIN_DECLS

#define OK_ISSUER_ERROR (ok_issuer_error_quark ())

typedef enum {
  OK_ISSUER_ERROR_INVALID_ONE_TIME_CODE,
  OK_ISSUER_ERROR_ONE_TIME_CODE_EXPIRED,
  OK_ISSUER_ERROR_REFERENCE_NUMBER_NOT_FOUND,
  OK_ISSUER_ERROR_CERTIFICATE_EMAIL_NOT_VALIDATED,
  OK_ISSUER_ERROR_RENEWAL_NOT_ENABLED,
  OK_ISSUER_ERROR_CERTIFICATE_EXPIRED,
  OK_ISSUER_ERROR_CERTIFICATE_REVOKED,
  OK_ISSUER_ERROR_INVALID_CSR,
  OK_ISSUER_ERROR_UNKNOWN_REASON,
  OK_ISSUER_ERROR_SERVER_BUSY,
  OK_ISSUER_ERROR_SERVER_ERROR,
  OK_ISSUER_ERROR_BAD_RESPONSE,
  OK_ISSUER_ERROR_NETWORK,
  OK_ISSUER_ERROR_TIMEOUT,
} OkIssuerError;

GQuark       ok_issuer_error_quark              (void);

GError      *ok_issuer_error_new                (OkIssuerError  code,
                                                 guint          http_status,
                                                 const char    *reason_code,
                                                 guint          retry_after_seconds,
                                                 const char    *detailed_error,
                                                 const char    *message);
const char  *ok_issuer_error_get_guidance       (const GError  *error);
char        *ok_issuer_error_dup_detailed_error (const GError  *error);
guint        ok_issuer_error_get_retry_after    (const GError  *error);
guint        ok_issuer_error_get_http_status    (const GError  *error);
const char  *ok_issuer_error_get_reason_code    (const GError  *error);
char        *ok_issuer_error_dup_email          (const GError  *error);

#define OK_TYPE_ISSUER (ok_issuer_get_type ())

G_DECLARE_INTERFACE (OkIssuer, ok_issuer, OK, ISSUER, GObject)

struct _OkIssuerInterface
{
  GTypeInterface parent_iface;

  void         (*issue_async)  (OkIssuer            *self,
                                const char          *reference_number,
                                const char          *one_time_code,
                                const char          *csr_pem,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
  OkIssuance * (*issue_finish) (OkIssuer            *self,
                                GAsyncResult        *result,
                                GError             **error);
  void         (*renew_async)  (OkIssuer            *self,
                                GTlsCertificate     *client_certificate,
                                const char          *csr_pem,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
  OkIssuance * (*renew_finish) (OkIssuer            *self,
                                GAsyncResult        *result,
                                GError             **error);
};

void        ok_issuer_issue_async  (OkIssuer            *self,
                                    const char          *reference_number,
                                    const char          *one_time_code,
                                    const char          *csr_pem,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
OkIssuance *ok_issuer_issue_finish (OkIssuer            *self,
                                    GAsyncResult        *result,
                                    GError             **error);
void        ok_issuer_renew_async  (OkIssuer            *self,
                                    GTlsCertificate     *client_certificate,
                                    const char          *csr_pem,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
OkIssuance *ok_issuer_renew_finish (OkIssuer            *self,
                                    GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
