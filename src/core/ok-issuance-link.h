/* ok-issuance-link.h — the reference number from what the user pastes: a bare reference number
 * or the issuance link from the MitID Erhverv portal's e-mail
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OK_ISSUANCE_LINK_ERROR (ok_issuance_link_error_quark ())

typedef enum {
  OK_ISSUANCE_LINK_ERROR_EMPTY,
  OK_ISSUANCE_LINK_ERROR_TOO_LONG,
  OK_ISSUANCE_LINK_ERROR_UNSUPPORTED_LINK,
  OK_ISSUANCE_LINK_ERROR_NO_REFERENCE,
  OK_ISSUANCE_LINK_ERROR_AMBIGUOUS,
  OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE,
} OkIssuanceLinkError;

#define OK_REFERENCE_NUMBER_MIN_LENGTH 6
#define OK_REFERENCE_NUMBER_MAX_LENGTH 64
#define OK_ISSUANCE_LINK_MAX_LENGTH 2048

GQuark   ok_issuance_link_error_quark        (void);

gboolean ok_issuance_link_is_reference_number (const char  *text);
char    *ok_issuance_link_parse_reference     (const char  *text,
                                               GError     **error);

G_END_DECLS
