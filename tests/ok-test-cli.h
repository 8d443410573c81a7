/* ok-test-cli.h — run oces-keeper-cli against a test store, parse its JSON, check what it
 * exports
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ok-keys-test-util.h"

G_BEGIN_DECLS

OktResult *ok_test_cli        (const char         *store,
                               const char         *input,
                               const char * const *extra_env,
                               const char         *first,
                               ...) G_GNUC_NULL_TERMINATED;
char      *ok_test_cli_stdout (OktResult          *result);
JsonNode  *ok_test_cli_json   (OktResult          *result);
JsonNode  *ok_test_cli_list   (const char         *store);
void       ok_test_cli_assert_key_matches (const char *store,
                                           const char *work,
                                           const char *id);

G_END_DECLS
