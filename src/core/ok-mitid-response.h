/* ok-mitid-response.h — reading the answers of the issuance protocol (docs/protocol.md) into an
 * OkIssuance or an OK_ISSUER_ERROR
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-issuer.h"

G_BEGIN_DECLS

/* Answers larger than this are refused unread: a certificate answer is a few kilobytes. */
#define OK_MITID_RESPONSE_MAX_BODY (1024 * 1024)

OkIssuance *ok_mitid_response_parse             (guint          status,
                                                 const char    *retry_after,
                                                 GBytes        *body,
                                                 GError       **error);
GError     *ok_mitid_response_error_oversized   (guint          status,
                                                 GBytes        *head);
GError     *ok_mitid_response_error_truncated   (guint          status,
                                                 GBytes        *body,
                                                 goffset        expected);
GError     *ok_mitid_response_error_transport   (const GError  *transport_error);
guint       ok_mitid_response_parse_retry_after (const char    *value,
                                                 GDateTime     *now);

G_END_DECLS
