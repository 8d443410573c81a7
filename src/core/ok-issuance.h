/* ok-issuance.h — what a certificate authority answered: a certificate and its chain, or a
 * PKCS#12 it made itself
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define OK_TYPE_ISSUANCE (ok_issuance_get_type ())

G_DECLARE_FINAL_TYPE (OkIssuance, ok_issuance, OK, ISSUANCE, GObject)

OkIssuance *ok_issuance_new_certificate       (GBytes     *certificate,
                                               GPtrArray  *chain);
OkIssuance *ok_issuance_new_pkcs12            (GBytes     *pkcs12,
                                               const char *password);

gboolean    ok_issuance_is_pkcs12             (OkIssuance *self);
GBytes     *ok_issuance_get_certificate       (OkIssuance *self);
GPtrArray  *ok_issuance_get_chain             (OkIssuance *self);
GBytes     *ok_issuance_get_pkcs12            (OkIssuance *self);
const char *ok_issuance_get_pkcs12_password   (OkIssuance *self);

G_END_DECLS
