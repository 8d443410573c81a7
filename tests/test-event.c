/* test-event.c — OkEvent: type names, construction and the JSON form of the event log
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-event.h"

/* 2026-11-25T13:52:07.123456Z */
#define SAMPLE_TIME (G_GINT64_CONSTANT (1795614727) * G_USEC_PER_SEC + 123456)

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_type_strings (void)
{
  static const char *const names[] = {
    "IMPORTED", "ISSUED", "RENEWED", "ISSUE_ERROR", "RENEW_ERROR", "EXPORTED", "EXPIRY_NOTICE",
    "RENAMED", "REMOVED", "DEPLOYED", "DEPLOY_ERROR", "NOTIFIED", "REVOKED", "KEY_ADDED", "RENEWED_ELSEWHERE",
    "LOG_TRIMMED",
  };
  g_autoptr (GEnumClass) enum_class = g_type_class_ref (OK_TYPE_EVENT_TYPE);
  OkEventType type = OK_EVENT_TYPE_RENAMED;

  g_assert_cmpuint (enum_class->n_values, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      OkEventType parsed = 99;

      g_assert_cmpstr (ok_event_type_to_string (i), ==, names[i]);
      g_assert_true (ok_event_type_from_string (names[i], &parsed));
      g_assert_cmpint (parsed, ==, i);
    }

  g_assert_false (ok_event_type_from_string ("imported", &type));
  g_assert_false (ok_event_type_from_string ("", &type));
  g_assert_false (ok_event_type_from_string (NULL, &type));
  g_assert_cmpint (type, ==, OK_EVENT_TYPE_RENAMED);

  g_assert_true (ok_event_type_is_error (OK_EVENT_TYPE_RENEW_ERROR));
  g_assert_true (ok_event_type_is_error (OK_EVENT_TYPE_DEPLOY_ERROR));
  g_assert_true (ok_event_type_is_error (OK_EVENT_TYPE_ISSUE_ERROR));
  g_assert_true (ok_event_type_is_error (OK_EVENT_TYPE_REVOKED));
  g_assert_false (ok_event_type_is_error (OK_EVENT_TYPE_RENEWED));
}

static void
test_new_now (void)
{
  gint64 before = g_get_real_time ();
  g_autoptr (OkEvent) event = ok_event_new (OK_EVENT_TYPE_IMPORTED, "Imported from a file", NULL);
  gint64 after = g_get_real_time ();

  g_assert_cmpint (ok_event_get_time (event), >=, before);
  g_assert_cmpint (ok_event_get_time (event), <=, after);
  g_assert_cmpint (ok_event_get_event_type (event), ==, OK_EVENT_TYPE_IMPORTED);
  g_assert_cmpstr (ok_event_get_message (event), ==, "Imported from a file");
  g_assert_null (ok_event_get_detailed_error (event));
}

static void
test_properties (void)
{
  g_autoptr (OkEvent) event = ok_event_new_at (SAMPLE_TIME, OK_EVENT_TYPE_DEPLOY_ERROR,
                                               "Could not copy", "EACCES: /srv/cert.pem");
  g_autofree char *message = NULL;
  g_autofree char *detailed_error = NULL;
  g_autoptr (GDateTime) date_time = ok_event_dup_date_time (event);
  gint64 time;
  OkEventType type;

  g_object_get (event,
                "time", &time,
                "type", &type,
                "message", &message,
                "detailed-error", &detailed_error,
                NULL);
  g_assert_cmpint (time, ==, SAMPLE_TIME);
  g_assert_cmpint (type, ==, OK_EVENT_TYPE_DEPLOY_ERROR);
  g_assert_cmpstr (message, ==, "Could not copy");
  g_assert_cmpstr (detailed_error, ==, "EACCES: /srv/cert.pem");

  g_assert_cmpint (g_date_time_get_year (date_time), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (date_time), ==, 11);
  g_assert_cmpint (g_date_time_get_day_of_month (date_time), ==, 25);
  g_assert_cmpint (g_date_time_get_hour (date_time), ==, 13);
  g_assert_cmpint (g_date_time_get_microsecond (date_time), ==, 123456);
  g_assert_cmpint (g_date_time_get_utc_offset (date_time), ==, 0);
}

static void
test_json_round_trip (void)
{
  const char *detail = "HTTP 400: {\"error\":\"invalid_grant\",\"error_description\":\"Code “expired”\"}";
  g_autoptr (OkEvent) event = ok_event_new_at (SAMPLE_TIME, OK_EVENT_TYPE_RENEW_ERROR,
                                               "Renewal failed: the CA refused the code", detail);
  g_autoptr (JsonNode) node = ok_event_to_json (event);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr (JsonNode) reparsed = parse_json (text);
  JsonObject *object = json_node_get_object (reparsed);
  g_autoptr (OkEvent) copy = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (json_object_get_size (object), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "time"), ==, "2026-11-25T13:52:07.123456Z");
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "RENEW_ERROR");
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, "Renewal failed: the CA refused the code");
  g_assert_cmpstr (json_object_get_string_member (object, "detailed_error"), ==, detail);

  copy = ok_event_new_from_json (reparsed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ok_event_get_time (copy), ==, SAMPLE_TIME);
  g_assert_cmpint (ok_event_get_event_type (copy), ==, OK_EVENT_TYPE_RENEW_ERROR);
  g_assert_cmpstr (ok_event_get_message (copy), ==, ok_event_get_message (event));
  g_assert_cmpstr (ok_event_get_detailed_error (copy), ==, detail);
  /* Two reads of one entry record the same thing. */
  g_assert_true (ok_event_equal (copy, event));
}

/* What the page uses to keep the rows of entries a reload of the store read again. */
static void
test_equal (void)
{
  g_autoptr (OkEvent) event = ok_event_new_at (SAMPLE_TIME, OK_EVENT_TYPE_RENEWED, "Renewed", NULL);
  g_autoptr (OkEvent) same = ok_event_new_at (SAMPLE_TIME, OK_EVENT_TYPE_RENEWED, "Renewed", NULL);
  g_autoptr (OkEvent) later = ok_event_new_at (SAMPLE_TIME + 1, OK_EVENT_TYPE_RENEWED, "Renewed", NULL);
  g_autoptr (OkEvent) other_type = ok_event_new_at (SAMPLE_TIME, OK_EVENT_TYPE_EXPORTED, "Renewed", NULL);
  g_autoptr (OkEvent) other_message = ok_event_new_at (SAMPLE_TIME, OK_EVENT_TYPE_RENEWED, "Renewed again", NULL);
  g_autoptr (OkEvent) with_detail = ok_event_new_at (SAMPLE_TIME, OK_EVENT_TYPE_RENEWED, "Renewed", "HTTP 500");

  g_assert_true (ok_event_equal (event, same));
  g_assert_false (ok_event_equal (event, later));
  g_assert_false (ok_event_equal (event, other_type));
  g_assert_false (ok_event_equal (event, other_message));
  g_assert_false (ok_event_equal (event, with_detail));
  g_assert_false (ok_event_equal (with_detail, event));
}

static void
test_json_null_detail (void)
{
  g_autoptr (OkEvent) event = ok_event_new_at (SAMPLE_TIME, OK_EVENT_TYPE_RENAMED, "Renamed to “Web”", NULL);
  g_autoptr (JsonNode) node = ok_event_to_json (event);
  JsonObject *object = json_node_get_object (node);
  g_autoptr (OkEvent) copy = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (json_object_has_member (object, "detailed_error"));
  g_assert_true (json_object_get_null_member (object, "detailed_error"));

  copy = ok_event_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_null (ok_event_get_detailed_error (copy));
  g_assert_cmpstr (ok_event_get_message (copy), ==, "Renamed to “Web”");
}

static void
test_json_time_forms (void)
{
  const struct { const char *text; gint64 expected; } cases[] = {
    { "2026-11-25T13:52:07Z", G_GINT64_CONSTANT (1795614727) * G_USEC_PER_SEC },
    { "2026-11-25T13:52:07.5Z", G_GINT64_CONSTANT (1795614727) * G_USEC_PER_SEC + 500000 },
    { "2026-11-25T14:52:07+01:00", G_GINT64_CONSTANT (1795614727) * G_USEC_PER_SEC },
    { "2026-11-25T13:52:07", G_GINT64_CONSTANT (1795614727) * G_USEC_PER_SEC },
    { "1969-12-31T23:59:59.250000Z", -750000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"time\":\"%s\",\"type\":\"NOTIFIED\",\"message\":\"m\"}",
                                               cases[i].text);
      g_autoptr (JsonNode) node = parse_json (json);
      g_autoptr (GError) error = NULL;
      g_autoptr (OkEvent) event = ok_event_new_from_json (node, &error);
      g_autoptr (JsonNode) written = NULL;
      g_autoptr (OkEvent) again = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (ok_event_get_time (event), ==, cases[i].expected);
      g_assert_null (ok_event_get_detailed_error (event));

      /* Whatever form came in, what goes out reads back to the same instant. */
      written = ok_event_to_json (event);
      again = ok_event_new_from_json (written, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ok_event_get_time (again), ==, cases[i].expected);
    }
}

static void
test_json_unknown_type (void)
{
  g_autoptr (JsonNode) node =
    parse_json ("{\"time\":\"2026-11-25T13:52:07Z\",\"type\":\"EXPLODED\",\"message\":\"m\",\"detailed_error\":null}");
  g_autoptr (GError) error = NULL;
  g_autoptr (OkEvent) event = ok_event_new_from_json (node, &error);

  g_assert_error (error, OK_EVENT_ERROR, OK_EVENT_ERROR_UNKNOWN_TYPE);
  g_assert_null (event);
  g_assert_nonnull (strstr (error->message, "EXPLODED"));
}

static void
test_json_invalid (void)
{
  static const char *const documents[] = {
    "[]",
    "\"IMPORTED\"",
    "{\"type\":\"IMPORTED\",\"message\":\"m\"}",
    "{\"time\":\"yesterday\",\"type\":\"IMPORTED\",\"message\":\"m\"}",
    "{\"time\":1795614727,\"type\":\"IMPORTED\",\"message\":\"m\"}",
    "{\"time\":\"2026-11-25T13:52:07Z\",\"message\":\"m\"}",
    "{\"time\":\"2026-11-25T13:52:07Z\",\"type\":7,\"message\":\"m\"}",
    "{\"time\":\"2026-11-25T13:52:07Z\",\"type\":\"IMPORTED\"}",
    "{\"time\":\"2026-11-25T13:52:07Z\",\"type\":\"IMPORTED\",\"message\":null}",
    "{\"time\":\"2026-11-25T13:52:07Z\",\"type\":\"IMPORTED\",\"message\":\"m\",\"detailed_error\":42}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr (JsonNode) node = parse_json (documents[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (OkEvent) event = ok_event_new_from_json (node, &error);

      g_test_message ("document %u: %s", i, documents[i]);
      g_assert_error (error, OK_EVENT_ERROR, OK_EVENT_ERROR_INVALID);
      g_assert_null (event);
      g_assert_cmpstr (error->message, !=, "");
    }
}

/* A CA's megabyte of body stays out of the log: the start is kept, marked as cut, whole
 * characters only; short texts are kept exactly. */
static void
test_caps (void)
{
  g_autoptr(GString) body = g_string_new ("{\"errorReasonCode\":\"Boom\",\"message\":\"");
  g_autoptr(OkEvent) event = NULL;
  g_autoptr(OkEvent) small = NULL;
  const char *kept;

  while (body->len < 1024 * 1024)
    g_string_append (body, "æøå ");
  event = ok_event_new (OK_EVENT_TYPE_RENEW_ERROR, body->str, body->str);
  kept = ok_event_get_detailed_error (event);
  g_assert_cmpuint (strlen (kept), <=, OK_EVENT_MAX_DETAILED_ERROR + strlen (" […]"));
  g_assert_cmpuint (strlen (kept), >, OK_EVENT_MAX_DETAILED_ERROR - 8);
  g_assert_true (g_str_has_prefix (kept, "{\"errorReasonCode\":\"Boom\""));
  g_assert_true (g_str_has_suffix (kept, " […]"));
  g_assert_true (g_utf8_validate (kept, -1, NULL));
  g_assert_cmpuint (strlen (ok_event_get_message (event)), <=, OK_EVENT_MAX_MESSAGE + strlen (" […]"));
  g_assert_true (g_utf8_validate (ok_event_get_message (event), -1, NULL));

  small = ok_event_new (OK_EVENT_TYPE_RENEW_ERROR, "Renewal failed.", "{\"errorReasonCode\":\"RenewalNotEnabled\"} - 400");
  g_assert_cmpstr (ok_event_get_message (small), ==, "Renewal failed.");
  g_assert_cmpstr (ok_event_get_detailed_error (small), ==, "{\"errorReasonCode\":\"RenewalNotEnabled\"} - 400");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event/type/strings", test_type_strings);
  g_test_add_func ("/event/new/now", test_new_now);
  g_test_add_func ("/event/properties", test_properties);
  g_test_add_func ("/event/json/round-trip", test_json_round_trip);
  g_test_add_func ("/event/equal", test_equal);
  g_test_add_func ("/event/json/null-detail", test_json_null_detail);
  g_test_add_func ("/event/json/time-forms", test_json_time_forms);
  g_test_add_func ("/event/json/unknown-type", test_json_unknown_type);
  g_test_add_func ("/event/json/invalid", test_json_invalid);
  g_test_add_func ("/event/caps", test_caps);

  return g_test_run ();
}
