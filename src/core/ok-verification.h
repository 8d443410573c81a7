/* ok-verification.h — what a CA's answer must prove before anything is stored
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-certificate.h"
#include "ok-key.h"

G_BEGIN_DECLS

gboolean ok_verification_check (GBytes         *certificate_der,
                                GPtrArray      *chain_der,
                                OkKey          *key,
                                OkCertificate  *replaces,
                                OkEnvironment   environment,
                                GPtrArray      *test_roots,
                                gint64          now,
                                GError        **error);

G_END_DECLS
