/* ok-key-seal.h — the sealed form of a stored key: PKCS#8 under AES-256-GCM with a key derived
 * by HKDF from a full-entropy secret (see ok-key-seal.c for the layout and the reasons)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OK_KEY_SEAL_PEM_LABEL "OCES KEEPER ENCRYPTED PRIVATE KEY"

gboolean  ok_key_seal_is_sealed_pem (const char    *data,
                                     gsize          length);
GBytes   *ok_key_seal_pem           (const guint8  *clear_der,
                                     gsize          clear_length,
                                     const char    *secret,
                                     GError       **error);
GBytes   *ok_key_seal_open_pem      (const char    *data,
                                     gsize          length,
                                     const char    *secret,
                                     GError       **error);

G_END_DECLS
