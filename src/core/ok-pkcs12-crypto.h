/* ok-pkcs12-crypto.h — the password-based parts of a PKCS#12 file, with iteration counts we
 * choose: the shrouded key bag's encryption and the MAC
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One count for the key's derivation and one for the MAC's: within .NET's default
 * X509CertificateLoader limits (300,000 each, 1,000,000 in all); see docs/architecture.md. */
#define OK_PKCS12_KEY_ITERATIONS 100000
#define OK_PKCS12_MAC_ITERATIONS 100000

GBytes *ok_pkcs12_encrypt_private_key (GBytes      *private_key_info,
                                       const char  *password,
                                       gboolean     legacy,
                                       guint        iterations,
                                       GError     **error);
GBytes *ok_pkcs12_replace_mac         (GBytes      *pfx,
                                       const char  *password,
                                       gboolean     legacy,
                                       guint        iterations,
                                       GError     **error);

G_END_DECLS
