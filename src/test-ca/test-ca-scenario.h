/* test-ca-scenario.h — the certificate profiles the reference CA knows, read from a JSON
 * scenario file and re-read whenever that file changes
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "test-ca-faults.h"
#include "test-ca-leaf.h"

G_BEGIN_DECLS

typedef struct {
  char *reference_number;
  char *one_time_code;
  char *cvr;
  char *organisation;
  char *common_name;
  char *email;
  char *uuid;
  TestCaKind kind;
  gboolean email_validated;
  gboolean renewal_enabled;
  gboolean one_time_code_expired;
  gboolean answer_pkcs12;
  gboolean revoked;
  GTimeSpan validity;
  TestCaFaults faults;
} TestCaProfile;

TestCaProfile *test_ca_profile_ref   (TestCaProfile *profile);
void           test_ca_profile_unref (TestCaProfile *profile);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestCaProfile, test_ca_profile_unref)

#define TEST_CA_TYPE_SCENARIO (test_ca_scenario_get_type ())

G_DECLARE_FINAL_TYPE (TestCaScenario, test_ca_scenario, TEST_CA, SCENARIO, GObject)

TestCaScenario *test_ca_scenario_new                (const char      *path,
                                                     GError         **error);
gboolean        test_ca_scenario_reload             (TestCaScenario  *self,
                                                     GError         **error);
void            test_ca_scenario_refresh            (TestCaScenario  *self);
TestCaProfile  *test_ca_scenario_find_by_reference  (TestCaScenario  *self,
                                                     const char      *reference_number);
TestCaProfile  *test_ca_scenario_find_by_uuid       (TestCaScenario  *self,
                                                     const char      *uuid);
gboolean        test_ca_scenario_is_revoked         (TestCaScenario  *self,
                                                     const char      *serial_hex,
                                                     const char      *uuid);
gboolean        test_ca_scenario_find_revocation    (TestCaScenario  *self,
                                                     const char      *serial_hex,
                                                     const char      *uuid,
                                                     const char     **reason);

G_END_DECLS
