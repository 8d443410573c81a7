/* ok-revocation-private.h — the two ways ok-revocation.c asks: an OCSP exchange
 * (ok-revocation-ocsp.c) and a CRL (ok-revocation-crl.c), both judged against the issuer
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gnutls/x509.h>

#include "ok-revocation.h"

G_BEGIN_DECLS

/* How far a responder's clock may be from ours. */
#define OK_REVOCATION_CLOCK_SKEW (5 * 60)
/* An answer without nextUpdate counts as fresh for this long after its thisUpdate. */
#define OK_REVOCATION_MAX_AGE (24 * 60 * 60)

GBytes             *ok_revocation_ocsp_make_request   (gnutls_x509_crt_t   certificate,
                                                       gnutls_x509_crt_t   issuer,
                                                       GBytes            **nonce,
                                                       GError            **error);
OkRevocationResult *ok_revocation_ocsp_read_response  (GBytes             *response,
                                                       gnutls_x509_crt_t   certificate,
                                                       gnutls_x509_crt_t   issuer,
                                                       GBytes             *nonce,
                                                       gint64              now,
                                                       GError            **error);
OkRevocationResult *ok_revocation_crl_read            (GBytes             *crl,
                                                       gnutls_x509_crt_t   certificate,
                                                       gnutls_x509_crt_t   issuer,
                                                       gint64              now,
                                                       GError            **error);
const char         *ok_revocation_reason_from_code    (int                 code);

G_END_DECLS
