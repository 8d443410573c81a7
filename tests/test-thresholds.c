/* test-thresholds.c — the reminder days the user types in Preferences
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "ok-thresholds.h"

static void
assert_parses_to (const char *text,
                  const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) thresholds = ok_thresholds_parse (text, &error);
  g_autofree char *printed = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (thresholds);
  g_assert_true (g_variant_is_of_type (thresholds, G_VARIANT_TYPE ("ai")));
  printed = g_variant_print (thresholds, FALSE);
  g_assert_cmpstr (printed, ==, expected);
}

static void
test_parse_sorted (void)
{
  assert_parses_to ("7, 30, 1", "[30, 7, 1]");
  assert_parses_to ("  0 ,365,", "[365, 0]");
  assert_parses_to ("14", "[14]");
  assert_parses_to (",,5,,", "[5]");
  assert_parses_to ("007", "[7]");
}

static void
assert_error (const char        *text,
              OkThresholdsError  code,
              const char        *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) thresholds = ok_thresholds_parse (text, &error);

  g_assert_null (thresholds);
  g_assert_error (error, OK_THRESHOLDS_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_parse_errors (void)
{
  assert_error ("", OK_THRESHOLDS_ERROR_EMPTY, "Enter at least one number of days");
  assert_error (" , ,", OK_THRESHOLDS_ERROR_EMPTY, "Enter at least one number of days");
  assert_error ("30, x", OK_THRESHOLDS_ERROR_NOT_A_NUMBER, "“x” is not a whole number of days");
  assert_error ("-1", OK_THRESHOLDS_ERROR_NOT_A_NUMBER, "“-1” is not a whole number of days");
  assert_error ("7.5", OK_THRESHOLDS_ERROR_NOT_A_NUMBER, "“7.5” is not a whole number of days");
  assert_error ("30 14", OK_THRESHOLDS_ERROR_NOT_A_NUMBER, "“30 14” is not a whole number of days");
  assert_error ("366", OK_THRESHOLDS_ERROR_OUT_OF_RANGE, "“366” is not between 0 and 365 days");
  assert_error ("99999999999999999999", OK_THRESHOLDS_ERROR_OUT_OF_RANGE,
                "“99999999999999999999” is not between 0 and 365 days");
  assert_error ("7, 14, 07", OK_THRESHOLDS_ERROR_DUPLICATE, "“07” is in the list more than once");
}

static void
test_format (void)
{
  const gint32 days[] = { 60, 30, 0 };
  g_autoptr(GVariant) thresholds =
    g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, days, G_N_ELEMENTS (days), sizeof (gint32)));
  g_autoptr(GVariant) empty = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE_INT32, NULL, 0));
  g_autofree char *text = ok_thresholds_format (thresholds);
  g_autofree char *empty_text = ok_thresholds_format (empty);

  g_assert_cmpstr (text, ==, "60, 30, 0");
  g_assert_cmpstr (empty_text, ==, "");
}

/* The schema's default must survive a trip through the entry row unchanged. */
static void
test_schema_default_round_trip (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) default_value = NULL;
  g_autoptr(GVariant) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  g_assert_nonnull (schema);
  key = g_settings_schema_get_key (schema, "notification-thresholds");
  default_value = g_settings_schema_key_get_default_value (key);

  text = ok_thresholds_format (default_value);
  g_assert_cmpstr (text, ==, "60, 30, 14, 7, 3, 1, 0");
  parsed = ok_thresholds_parse (text, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_equal (parsed, default_value));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thresholds/parse/sorted", test_parse_sorted);
  g_test_add_func ("/thresholds/parse/errors", test_parse_errors);
  g_test_add_func ("/thresholds/format", test_format);
  g_test_add_func ("/thresholds/schema-default", test_schema_default_round_trip);

  return g_test_run ();
}
