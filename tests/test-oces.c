/* test-oces.c — the OCES3/OCES2 naming rules: CVR, UUID, environment, kind
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-oces.h"

static void
assert_cvr (const char *organization_identifier,
            const char *organisation,
            const char *serial_number,
            const char *expected)
{
  g_autofree char *cvr = ok_oces_parse_cvr (organization_identifier, organisation, serial_number);

  g_assert_cmpstr (cvr, ==, expected);
}

static void
test_cvr_oces3 (void)
{
  assert_cvr ("NTRDK-19552101", "Skatteforvaltningen", "UI:DK-O:G:5e50b9bb-22fd-483d-baf7-fd077ed975f5",
              "19552101");
  assert_cvr ("NTRDK-1234567", NULL, NULL, NULL);
  assert_cvr ("NTRDK-123456789", NULL, NULL, NULL);
  assert_cvr ("NTRDK-1234567a", NULL, NULL, NULL);
  assert_cvr ("VATDK-12345678", NULL, NULL, NULL);
  assert_cvr ("xNTRDK-12345678", NULL, NULL, NULL);
  assert_cvr (NULL, NULL, NULL, NULL);
}

static void
test_cvr_oces2 (void)
{
  assert_cvr (NULL, "NETS DANID A/S // CVR:30808460", NULL, "30808460");
  assert_cvr (NULL, NULL, "CVR:30808460-UID:25351738", "30808460");
  assert_cvr (NULL, NULL, "CVR:30808460-FID:1234", "30808460");
  assert_cvr (NULL, NULL, "CVR:30808460-RID:77", "30808460");
  assert_cvr (NULL, "Firma // CVR:3080846", NULL, NULL);
  assert_cvr (NULL, "Firma // CVR:308084601", NULL, NULL);
  assert_cvr (NULL, "Firma CVR:30808460", NULL, NULL);
  assert_cvr (NULL, NULL, "XCVR:30808460-UID:1", NULL);
  assert_cvr (NULL, NULL, "CVR:3080846-UID:1", NULL);
}

static void
test_cvr_precedence (void)
{
  /* The OCES3 attribute is authoritative when both generations' forms are present. */
  assert_cvr ("NTRDK-11111111", "Firma // CVR:22222222", "CVR:33333333-UID:1", "11111111");
  assert_cvr ("garbage", "Firma // CVR:22222222", "CVR:33333333-UID:1", "22222222");
  assert_cvr (NULL, "Firma", "CVR:33333333-UID:1", "33333333");
}

static void
assert_uuid (const char *serial_number,
             const char *expected)
{
  g_autofree char *uuid = ok_oces_parse_uuid (serial_number);

  g_assert_cmpstr (uuid, ==, expected);
}

static void
test_uuid (void)
{
  assert_uuid ("UI:DK-O:G:5e50b9bb-22fd-483d-baf7-fd077ed975f5", "5e50b9bb-22fd-483d-baf7-fd077ed975f5");
  assert_uuid ("UI:DK-E:G:c70b0207-162e-4d3d-a7f1-a19a8e07d99b", "c70b0207-162e-4d3d-a7f1-a19a8e07d99b");
  assert_uuid ("UI:DK-E:C:23550132-5e1f-4e43-a5f9-048acf49e0b8", "23550132-5e1f-4e43-a5f9-048acf49e0b8");
  assert_uuid ("UI:DK-O:G:5E50B9BB-22FD-483D-BAF7-FD077ED975F5", "5e50b9bb-22fd-483d-baf7-fd077ed975f5");
  assert_uuid ("UI:DK-P:G:5e50b9bb-22fd-483d-baf7-fd077ed975f5", NULL);
  assert_uuid ("UI:DK-O:G:5e50b9bb-22fd-483d-baf7-fd077ed975f", NULL);
  assert_uuid ("UI:DK-O:G:5e50b9bb-22fd-483d-baf7-fd077ed975f5x", NULL);
  assert_uuid ("UI:DK-O:G:", NULL);
  assert_uuid ("CVR:30808460-UID:25351738", NULL);
  assert_uuid (NULL, NULL);
}

static void
test_environment_detect (void)
{
  const char *const test_units[] = { "Test - cti", NULL };
  const char *const other_units[] = { "Drift", NULL };

  g_assert_cmpint (ok_oces_detect_environment ("Den Danske Stat", test_units, NULL), ==, OK_ENVIRONMENT_TEST);
  g_assert_cmpint (ok_oces_detect_environment ("Den Danske Stat", NULL, NULL), ==, OK_ENVIRONMENT_PROD);
  g_assert_cmpint (ok_oces_detect_environment ("Den Danske Stat", other_units, NULL), ==, OK_ENVIRONMENT_PROD);
  g_assert_cmpint (ok_oces_detect_environment ("TRUST2408", NULL, NULL), ==, OK_ENVIRONMENT_UNKNOWN);
  g_assert_cmpint (ok_oces_detect_environment ("Den danske stat", NULL, NULL), ==, OK_ENVIRONMENT_UNKNOWN);
  g_assert_cmpint (ok_oces_detect_environment (NULL, NULL, NULL), ==, OK_ENVIRONMENT_UNKNOWN);
  g_assert_cmpint (ok_oces_detect_environment ("Firma A/S", test_units, NULL), ==, OK_ENVIRONMENT_TEST);
  /* OCES2: the TRUST2408 CA's name says which environment. */
  g_assert_cmpint (ok_oces_detect_environment ("TRUST2408", NULL, "TRUST2408 Systemtest XXII CA"), ==, OK_ENVIRONMENT_TEST);
  g_assert_cmpint (ok_oces_detect_environment ("TRUST2408", NULL, "TRUST2408 Systemtest VII CA"), ==, OK_ENVIRONMENT_TEST);
  g_assert_cmpint (ok_oces_detect_environment ("TRUST2408", NULL, "TRUST2408 OCES CA II"), ==, OK_ENVIRONMENT_PROD);
  g_assert_cmpint (ok_oces_detect_environment ("TRUST2408", NULL, "TRUST2408 Something Else"), ==, OK_ENVIRONMENT_UNKNOWN);
  g_assert_cmpint (ok_oces_detect_environment ("Firma A/S", NULL, "TRUST2408 Systemtest XXII CA"), ==, OK_ENVIRONMENT_UNKNOWN);
}

static void
test_environment_strings (void)
{
  const struct { OkEnvironment value; const char *id; } cases[] = {
    { OK_ENVIRONMENT_UNKNOWN, "unknown" },
    { OK_ENVIRONMENT_TEST, "test" },
    { OK_ENVIRONMENT_PROD, "prod" },
  };
  g_autoptr (GEnumClass) enum_class = g_type_class_ref (OK_TYPE_ENVIRONMENT);
  OkEnvironment environment = OK_ENVIRONMENT_PROD;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      OkEnvironment parsed = 99;

      g_assert_cmpstr (ok_environment_to_string (cases[i].value), ==, cases[i].id);
      g_assert_true (ok_environment_from_string (cases[i].id, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].value);
      g_assert_cmpstr (g_enum_get_value (enum_class, cases[i].value)->value_nick, ==, cases[i].id);
      g_assert_cmpstr (ok_environment_get_display_name (cases[i].value), !=, "");
    }

  g_assert_cmpstr (ok_environment_get_display_name (OK_ENVIRONMENT_TEST), ==, "Test");
  g_assert_cmpstr (ok_environment_get_display_name (OK_ENVIRONMENT_PROD), ==, "Production");
  g_assert_false (ok_environment_from_string ("Prod", &environment));
  g_assert_false (ok_environment_from_string (NULL, &environment));
  g_assert_cmpint (environment, ==, OK_ENVIRONMENT_PROD);
}

static void
assert_kind (const char *const *policies,
             gboolean           non_repudiation,
             const char        *organisation,
             const char        *serial_number,
             const char        *issuer_organisation,
             OkCertificateKind  expected)
{
  g_assert_cmpstr (ok_certificate_kind_to_string (ok_oces_detect_kind (policies, non_repudiation, organisation,
                                                                       serial_number, issuer_organisation)),
                   ==, ok_certificate_kind_to_string (expected));
}

static void
test_kind_detect (void)
{
  const char *const organisation_old[] = { "0.4.0.2042.1.1", "1.2.208.169.1.1.1.3.7", NULL };
  const char *const organisation_new[] = { "0.4.0.2042.1.1", "1.2.208.169.1.1.1.3.7.1", NULL };
  const char *const employee[] = { "0.4.0.2042.1.1", "1.2.208.169.1.1.1.2.7", NULL };
  const char *const oces2_policy[] = { "1.2.208.169.1.1.1.1.5", NULL };
  const char *const look_alike[] = { "1.2.208.169.1.1.1.3.70", NULL };
  const char *const foreign[] = { "1.3.6.1.4.1.31313.2.4.6.3.5", NULL };

  assert_kind (organisation_old, TRUE, "Firma", NULL, "Den Danske Stat", OK_CERTIFICATE_KIND_ORGANISATION);
  assert_kind (organisation_old, FALSE, "Firma", NULL, "Den Danske Stat", OK_CERTIFICATE_KIND_SYSTEM);
  assert_kind (organisation_new, TRUE, "Firma", NULL, "Den Danske Stat", OK_CERTIFICATE_KIND_ORGANISATION);
  assert_kind (organisation_new, FALSE, "Firma", NULL, "Den Danske Stat", OK_CERTIFICATE_KIND_SYSTEM);
  assert_kind (employee, TRUE, "Firma", NULL, "Den Danske Stat", OK_CERTIFICATE_KIND_EMPLOYEE);
  assert_kind (employee, FALSE, "Firma", NULL, "Den Danske Stat", OK_CERTIFICATE_KIND_EMPLOYEE);
  assert_kind (oces2_policy, TRUE, "Firma", NULL, "Somebody", OK_CERTIFICATE_KIND_OCES2);
  /* An arc that merely starts with the same digits is another policy; under the OCES arc
   * and not an OCES3 policy it counts as OCES2. */
  assert_kind (look_alike, FALSE, "Firma", NULL, "Somebody", OK_CERTIFICATE_KIND_OCES2);
  assert_kind (foreign, TRUE, "NETS DANID A/S // CVR:30808460", NULL, "TRUST2408", OK_CERTIFICATE_KIND_OCES2);
  assert_kind (foreign, TRUE, "Firma", NULL, "TRUST2408", OK_CERTIFICATE_KIND_OCES2);
  assert_kind (NULL, FALSE, "Firma // CVR:12345678", NULL, "Other CA", OK_CERTIFICATE_KIND_OCES2);
  assert_kind (NULL, FALSE, "Firma", "CVR:12345678-UID:1", "Other CA", OK_CERTIFICATE_KIND_OCES2);
  assert_kind (foreign, TRUE, "Firma", NULL, "Other CA", OK_CERTIFICATE_KIND_OTHER);
  assert_kind (NULL, FALSE, NULL, NULL, NULL, OK_CERTIFICATE_KIND_OTHER);
}

static void
test_kind_strings (void)
{
  const struct { OkCertificateKind value; const char *id; } cases[] = {
    { OK_CERTIFICATE_KIND_OTHER, "other" },
    { OK_CERTIFICATE_KIND_ORGANISATION, "organisation" },
    { OK_CERTIFICATE_KIND_SYSTEM, "system" },
    { OK_CERTIFICATE_KIND_EMPLOYEE, "employee" },
    { OK_CERTIFICATE_KIND_OCES2, "oces2" },
  };
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  OkCertificateKind kind = OK_CERTIFICATE_KIND_SYSTEM;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      OkCertificateKind parsed = 99;

      g_assert_cmpstr (ok_certificate_kind_to_string (cases[i].value), ==, cases[i].id);
      g_assert_true (ok_certificate_kind_from_string (cases[i].id, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].value);
      g_assert_true (g_hash_table_add (names, (gpointer) ok_certificate_kind_get_display_name (cases[i].value)));
    }

  g_assert_cmpstr (ok_certificate_kind_get_display_name (OK_CERTIFICATE_KIND_SYSTEM), ==, "System certificate");
  g_assert_false (ok_certificate_kind_from_string ("System", &kind));
  g_assert_cmpint (kind, ==, OK_CERTIFICATE_KIND_SYSTEM);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oces/cvr/oces3", test_cvr_oces3);
  g_test_add_func ("/oces/cvr/oces2", test_cvr_oces2);
  g_test_add_func ("/oces/cvr/precedence", test_cvr_precedence);
  g_test_add_func ("/oces/uuid", test_uuid);
  g_test_add_func ("/oces/environment/detect", test_environment_detect);
  g_test_add_func ("/oces/environment/strings", test_environment_strings);
  g_test_add_func ("/oces/kind/detect", test_kind_detect);
  g_test_add_func ("/oces/kind/strings", test_kind_strings);

  return g_test_run ();
}
