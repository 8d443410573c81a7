/* ok-cli-revocation.h — the revocation watch on the command line: a check after an import, and
 * the last answer in `show`
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-store.h"

G_BEGIN_DECLS

void ok_cli_check_revocation (OkStore       *store,
                              OkCertificate *certificate);
void ok_cli_print_revocation (OkStore       *store,
                              OkCertificate *certificate);
void ok_cli_add_revocation   (OkStore       *store,
                              OkCertificate *certificate,
                              JsonNode      *report);

G_END_DECLS
