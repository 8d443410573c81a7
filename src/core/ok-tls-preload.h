/* ok-tls-preload.h — load the TLS backend and the system trust store off the main thread
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void ok_tls_preload               (void);
void ok_tls_preload_in_background (void);

G_END_DECLS
