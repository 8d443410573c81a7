/* ok-revocation.h — whether the CA has revoked a certificate: OCSP from its AIA, the CRL from
 * its CRL distribution points as the fallback
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ok-certificate.h"

G_BEGIN_DECLS

/* The longest a whole check may take, every responder and CRL included. */
#define OK_REVOCATION_DEADLINE_SECONDS 20
/* The longest one request may sit without progress. */
#define OK_REVOCATION_REQUEST_TIMEOUT_SECONDS 10

typedef enum
{
  OK_REVOCATION_UNKNOWN,   /* no answer we can trust: offline, responder down, no issuer, … */
  OK_REVOCATION_GOOD,
  OK_REVOCATION_REVOKED,
} OkRevocationStatus;

typedef enum
{
  OK_REVOCATION_SOURCE_NONE,
  OK_REVOCATION_SOURCE_OCSP,
  OK_REVOCATION_SOURCE_CRL,
} OkRevocationSource;

/* What one check found. Times are unix seconds, 0 when the answer did not give them. */
typedef struct
{
  OkRevocationStatus  status;
  OkRevocationSource  source;
  char               *url;          /* the responder or CRL that answered */
  gint64              this_update;
  gint64              next_update;  /* until when the answer may be kept */
  gint64              revoked_at;
  char               *reason;       /* RFC 5280 name ("keyCompromise"), NULL if none given */
  char               *failure;      /* for UNKNOWN: why nothing answered (English, for logs) */
} OkRevocationResult;

const char          *ok_revocation_status_to_string   (OkRevocationStatus   status);
gboolean             ok_revocation_status_from_string (const char          *text,
                                                       OkRevocationStatus  *status);
const char          *ok_revocation_source_to_string   (OkRevocationSource   source);
OkRevocationSource   ok_revocation_source_from_string (const char          *text);
const char          *ok_revocation_reason_get_display_name (const char     *reason);

OkRevocationResult  *ok_revocation_result_new_unknown (const char          *failure);
void                 ok_revocation_result_free        (OkRevocationResult  *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkRevocationResult, ok_revocation_result_free)

gboolean             ok_revocation_can_check          (OkCertificate       *certificate);
void                 ok_revocation_check_async        (OkCertificate       *certificate,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
OkRevocationResult  *ok_revocation_check_finish       (GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
