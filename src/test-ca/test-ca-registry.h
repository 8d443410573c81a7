/* test-ca-registry.h — what the reference CA remembers: one-time code tries (for its lifetime)
 * and the certificates it issued (kept in the state folder)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TEST_CA_MAX_CODE_TRIES 5

typedef enum {
  TEST_CA_CODE_ACCEPTED,
  TEST_CA_CODE_WRONG,
  TEST_CA_CODE_LOCKED,
  TEST_CA_CODE_USED,
} TestCaCodeCheck;

#define TEST_CA_TYPE_REGISTRY (test_ca_registry_get_type ())

G_DECLARE_FINAL_TYPE (TestCaRegistry, test_ca_registry, TEST_CA, REGISTRY, GObject)

TestCaRegistry  *test_ca_registry_new               (const char      *state_dir,
                                                     GError         **error);
TestCaCodeCheck  test_ca_registry_check_code        (TestCaRegistry  *self,
                                                     const char      *reference_number,
                                                     const char      *expected,
                                                     const char      *given);
void             test_ca_registry_use_code          (TestCaRegistry  *self,
                                                     const char      *reference_number);
void             test_ca_registry_record            (TestCaRegistry  *self,
                                                     const char      *serial_hex,
                                                     const char      *uuid,
                                                     const char      *reference_number);
const char      *test_ca_registry_lookup_reference  (TestCaRegistry  *self,
                                                     const char      *serial_hex);
const char      *test_ca_registry_lookup_uuid       (TestCaRegistry  *self,
                                                     const char      *serial_hex);
GList           *test_ca_registry_list_serials      (TestCaRegistry  *self);

G_END_DECLS
