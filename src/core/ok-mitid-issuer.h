/* ok-mitid-issuer.h — the OkIssuer that speaks the issuance protocol (docs/protocol.md) over
 * HTTPS to MitID Erhverv or the reference CA
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-issuer.h"

G_BEGIN_DECLS

#define OK_MITID_ISSUER_DEFAULT_TIMEOUT 60
/* A whole exchange (docs/protocol.md, "Deadlines"): two minutes. */
#define OK_MITID_ISSUER_DEFAULT_DEADLINE 120

#define OK_TYPE_MITID_ISSUER (ok_mitid_issuer_get_type ())

G_DECLARE_FINAL_TYPE (OkMitidIssuer, ok_mitid_issuer, OK, MITID_ISSUER, GObject)

OkMitidIssuer *ok_mitid_issuer_new         (const char     *base_url,
                                            const char     *ca_file,
                                            GError        **error);
const char    *ok_mitid_issuer_get_base_url (OkMitidIssuer *self);
const char    *ok_mitid_issuer_get_ca_file  (OkMitidIssuer *self);
guint          ok_mitid_issuer_get_timeout  (OkMitidIssuer *self);
void           ok_mitid_issuer_set_timeout  (OkMitidIssuer *self,
                                             guint          seconds);

void           ok_mitid_issuer_set_deadline   (OkMitidIssuer *self,
                                               guint          seconds);
guint          ok_mitid_issuer_get_deadline   (OkMitidIssuer *self);

G_END_DECLS
