/* ok-chain.h — certificate chain verification against the pinned Danish state roots
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* ok-certificate.h includes this header for OkTrust, so the class is only named here. */
typedef struct _OkCertificate OkCertificate;

/* How far a certificate's chain can be trusted. Time plays no part in it: signatures are
 * checked as if at a moment inside every certificate's validity, and expiry is reported
 * separately as OkValidity, so an expired certificate with a genuine chain stays OCES3. */
typedef enum
{
  OK_TRUST_UNKNOWN,      /* no issuer available to judge by */
  OK_TRUST_INCOMPLETE,   /* the chain stops before a self-signed root */
  OK_TRUST_UNTRUSTED,    /* reaches a self-signed root that is not recognised */
  OK_TRUST_INVALID,      /* a signature or a CA constraint fails */
  OK_TRUST_OCES3_TEST,   /* reaches the pinned OCES3 Test root */
  OK_TRUST_OCES3_PROD,   /* reaches the pinned OCES3 Prod root */
  OK_TRUST_ANCHOR,       /* reaches an anchor the caller supplied */
} OkTrust;

typedef enum
{
  OK_VALIDITY_VALID,
  OK_VALIDITY_NOT_YET_VALID,
  OK_VALIDITY_EXPIRED,
} OkValidity;

#define OK_TYPE_TRUST (ok_trust_get_type ())
#define OK_TYPE_VALIDITY (ok_validity_get_type ())

/* SHA-256 fingerprints (uppercase colon hex) of the OCES3 roots, as published by the
 * Danish Agency for Digital Government. */
#define OK_CHAIN_OCES3_PROD_ROOT_SHA256 \
  "06:FC:B2:CB:A3:9D:44:86:E5:30:8A:D8:69:80:BC:D7:AC:D3:B7:3B:3B:B1:26:C7:5F:6C:4B:4D:A0:4C:9C:09"
#define OK_CHAIN_OCES3_TEST_ROOT_SHA256 \
  "D1:BC:EC:41:D7:AC:AE:93:2B:7D:FE:66:A8:B7:34:1C:A7:59:52:C8:66:4F:CC:EF:4C:4A:E2:15:0F:95:C5:EC"

GType       ok_trust_get_type            (void) G_GNUC_CONST;
const char *ok_trust_to_string           (OkTrust     trust);
gboolean    ok_trust_from_string         (const char *string,
                                          OkTrust    *trust);
const char *ok_trust_get_description     (OkTrust     trust);
gboolean    ok_trust_is_trusted          (OkTrust     trust);

GType       ok_validity_get_type         (void) G_GNUC_CONST;
const char *ok_validity_to_string        (OkValidity  validity);
const char *ok_validity_get_description  (OkValidity  validity);

OkTrust     ok_chain_verify              (OkCertificate  *leaf,
                                          GPtrArray      *chain,
                                          GPtrArray      *extra_anchors,
                                          gint64          at_time,
                                          char          **detail);
OkTrust     ok_chain_verify_full         (OkCertificate  *leaf,
                                          GPtrArray      *chain,
                                          GPtrArray      *extra_anchors,
                                          gint64          at_time,
                                          OkValidity     *validity,
                                          GPtrArray     **path,
                                          char          **detail);

G_END_DECLS
