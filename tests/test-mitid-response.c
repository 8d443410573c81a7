/* test-mitid-response.c — reading issuance-protocol answers into an issuance or an error,
 * on bodies no well-behaved server sends
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-keys-test-util.h"
#include "ok-mitid-response.h"

static char *work_dir;
static char *certificate_pem;   /* a self-signed certificate made by openssl */
static GBytes *certificate_der;

static GBytes *
text (const char *body)
{
  return g_bytes_new (body, strlen (body));
}

static GError *
parse_fails (guint       status,
             const char *retry_after,
             GBytes     *body)
{
  GError *error = NULL;
  g_autoptr(OkIssuance) issuance = ok_mitid_response_parse (status, retry_after, body, &error);

  g_assert_null (issuance);
  g_assert_nonnull (error);
  return error;
}

static void
test_certificate_and_chain (void)
{
  g_autofree char *json = NULL;
  g_autofree char *escaped = g_strescape (certificate_pem, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(OkIssuance) issuance = NULL;
  g_autoptr(GError) error = NULL;

  /* Two certificates in one chain element are both kept. */
  json = g_strdup_printf ("{\"certificate\": \"%s\", \"chain\": [\"%s\", \"%s%s\"]}",
                          escaped, escaped, escaped, escaped);
  body = text (json);
  issuance = ok_mitid_response_parse (201, NULL, body, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ok_issuance_get_certificate (issuance), certificate_der));
  g_assert_cmpuint (ok_issuance_get_chain (issuance)->len, ==, 3);
  g_assert_false (ok_issuance_is_pkcs12 (issuance));
}

static void
test_bad_success_bodies (void)
{
  g_autofree char *escaped = g_strescape (certificate_pem, NULL);
  g_autofree char *two = g_strdup_printf ("{\"certificate\": \"%s%s\"}", escaped, escaped);
  g_autofree char *bad_chain = g_strdup_printf ("{\"certificate\": \"%s\", \"chain\": [42]}", escaped);
  g_autofree char *chain_not_list = g_strdup_printf ("{\"certificate\": \"%s\", \"chain\": \"x\"}", escaped);
  const char *bodies[] = {
    "",
    "[]",
    "\"certificate\"",
    "{}",
    "{\"certificate\": 42}",
    "{\"certificate\": \"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n\"}",
    "{\"certificate\": \"-----BEGIN CERT",
    "{\"pkcs12\": \"MIIB\"}",
    "{\"pkcs12\": \"not*base64!\", \"pkcs12Password\": \"x\"}",
    "{\"pkcs12\": \"QUFB\", \"pkcs12Password\": \"x\"}",
    "{\"pkcs12\": 7, \"pkcs12Password\": \"x\"}",
    two,
    bad_chain,
    chain_not_list,
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) body = text (bodies[i]);
      g_autoptr(GError) error = parse_fails (201, NULL, body);
      g_autofree char *detailed = ok_issuer_error_dup_detailed_error (error);
      g_autofree char *expected = g_strdup_printf ("Error requesting client certificate response: "
                                                   "%s - 201", bodies[i]);

      g_test_message ("body %u: %s", i, error->message);
      g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_BAD_RESPONSE);
      g_assert_cmpstr (detailed, ==, expected);
    }
}

static void
test_pkcs12_answer (void)
{
  g_autoptr(GBytes) body = text ("{\"pkcs12\": \"MAMCAQM=\", \"pkcs12Password\": \"secret\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(OkIssuance) issuance = ok_mitid_response_parse (200, NULL, body, &error);
  static const guint8 der[] = { 0x30, 0x03, 0x02, 0x01, 0x03 };
  g_autoptr(GBytes) expected = g_bytes_new_static (der, sizeof der);

  g_assert_no_error (error);
  g_assert_true (ok_issuance_is_pkcs12 (issuance));
  g_assert_true (g_bytes_equal (ok_issuance_get_pkcs12 (issuance), expected));
  g_assert_cmpstr (ok_issuance_get_pkcs12_password (issuance), ==, "secret");
  g_assert_cmpuint (ok_issuance_get_chain (issuance)->len, ==, 0);
}

static void
test_error_answers (void)
{
  g_autoptr(GBytes) unknown = text ("{\"errorReasonCode\":\"SomethingNew\",\"message\":\"Try the other door\"}");
  g_autoptr(GBytes) unknown_silent = text ("{\"errorReasonCode\":\"SomethingNew\"}");
  g_autoptr(GBytes) no_reason = text ("{\"message\":\"no reason\"}");
  g_autoptr(GBytes) empty = text ("");
  g_autoptr(GBytes) html = text ("<html>400 Bad Request</html>");
  g_autoptr(GBytes) known_on_500 = text ("{\"errorReasonCode\":\"InvalidCsr\",\"message\":\"x\"}");
  g_autoptr(GBytes) unknown_on_500 = text ("{\"errorReasonCode\":\"Oops\",\"message\":\"x\"}");
  g_autoptr(GError) error = NULL;

  error = parse_fails (400, NULL, unknown);
  g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_UNKNOWN_REASON);
  g_assert_nonnull (strstr (error->message, "Try the other door"));
  g_assert_cmpstr (ok_issuer_error_get_reason_code (error), ==, "SomethingNew");
  g_clear_error (&error);

  error = parse_fails (403, NULL, unknown_silent);
  g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_UNKNOWN_REASON);
  g_assert_nonnull (strstr (error->message, "SomethingNew"));
  g_clear_error (&error);

  error = parse_fails (400, NULL, no_reason);
  g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  error = parse_fails (400, NULL, empty);
  g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (ok_issuer_error_get_http_status (error), ==, 400);
  g_clear_error (&error);

  error = parse_fails (400, NULL, html);
  g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* A redirect is not followed, and not an answer. */
  error = parse_fails (302, NULL, empty);
  g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  error = parse_fails (500, NULL, known_on_500);
  g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_INVALID_CSR);
  g_clear_error (&error);

  error = parse_fails (500, NULL, unknown_on_500);
  g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_SERVER_ERROR);
  g_clear_error (&error);

  /* Busy wins over whatever the body says. */
  error = parse_fails (503, "45", known_on_500);
  g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_SERVER_BUSY);
  g_assert_cmpuint (ok_issuer_error_get_retry_after (error), ==, 45);
  g_clear_error (&error);

  error = parse_fails (429, NULL, empty);
  g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_SERVER_BUSY);
  g_assert_cmpuint (ok_issuer_error_get_retry_after (error), ==, 0);
}

static void
test_retry_after (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 25, 12, 0, 0);

  g_assert_cmpuint (ok_mitid_response_parse_retry_after (NULL, now), ==, 0);
  g_assert_cmpuint (ok_mitid_response_parse_retry_after ("120", now), ==, 120);
  g_assert_cmpuint (ok_mitid_response_parse_retry_after (" 7 ", now), ==, 7);
  g_assert_cmpuint (ok_mitid_response_parse_retry_after ("99999999", now), ==, 24 * 60 * 60);
  g_assert_cmpuint (ok_mitid_response_parse_retry_after ("-5", now), ==, 0);
  g_assert_cmpuint (ok_mitid_response_parse_retry_after ("soon", now), ==, 0);
  g_assert_cmpuint (ok_mitid_response_parse_retry_after ("Wed, 25 Mar 2026 12:02:30 GMT", now), ==, 150);
  g_assert_cmpuint (ok_mitid_response_parse_retry_after ("Wed, 25 Mar 2026 11:00:00 GMT", now), ==, 0);
}

static void
test_oversized_and_binary (void)
{
  g_autofree char *big = g_strnfill (OK_MITID_RESPONSE_MAX_BODY + 1, 'x');
  g_autoptr(GBytes) body = text (big);
  g_autoptr(GError) error = parse_fails (201, NULL, body);
  g_autofree char *detailed = ok_issuer_error_dup_detailed_error (error);
  static const guint8 latin1[] = { '{', 0xe6, 0xf8, 0xe5, '}' };
  g_autoptr(GBytes) binary = g_bytes_new_static (latin1, sizeof latin1);
  g_autoptr(GError) binary_error = NULL;
  g_autofree char *binary_detailed = NULL;
  g_autoptr(GError) headless = ok_mitid_response_error_oversized (201, NULL);

  g_assert_error (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (strlen (detailed), <, 2048);
  g_assert_true (g_str_has_suffix (detailed, "refused] - 201"));
  g_assert_error (headless, OK_ISSUER_ERROR, OK_ISSUER_ERROR_BAD_RESPONSE);

  /* The event log stores text: bytes that are not UTF-8 are replaced, not dropped silently. */
  binary_error = parse_fails (400, NULL, binary);
  binary_detailed = ok_issuer_error_dup_detailed_error (binary_error);
  g_assert_true (g_utf8_validate (binary_detailed, -1, NULL));
  g_assert_true (g_str_has_suffix (binary_detailed, "} - 400"));
}

static void
test_transport_errors (void)
{
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_autoptr(GError) timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Socket I/O timed out");
  g_autoptr(GError) tls = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "Unacceptable TLS certificate");
  g_autoptr(GError) mapped_cancel = ok_mitid_response_error_transport (cancelled);
  g_autoptr(GError) mapped_timeout = ok_mitid_response_error_transport (timed_out);
  g_autoptr(GError) mapped_tls = ok_mitid_response_error_transport (tls);
  g_autofree char *detailed = ok_issuer_error_dup_detailed_error (mapped_tls);
  g_autofree char *cancel_detailed = ok_issuer_error_dup_detailed_error (mapped_cancel);

  g_assert_error (mapped_cancel, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (cancel_detailed, ==, "Operation was cancelled");
  g_assert_error (mapped_timeout, OK_ISSUER_ERROR, OK_ISSUER_ERROR_TIMEOUT);
  g_assert_error (mapped_tls, OK_ISSUER_ERROR, OK_ISSUER_ERROR_NETWORK);
  g_assert_cmpstr (detailed, ==,
                   "Error requesting client certificate response: Unacceptable TLS certificate");
  g_assert_cmpuint (ok_issuer_error_get_http_status (mapped_tls), ==, 0);
}

static void
test_error_copy_keeps_details (void)
{
  g_autoptr(GError) error = ok_issuer_error_new (OK_ISSUER_ERROR_SERVER_BUSY, 503, "Busy", 60,
                                                 "Error requesting client certificate response: x - 503",
                                                 "busy");
  g_autoptr(GError) copy = g_error_copy (error);
  g_autofree char *detailed = ok_issuer_error_dup_detailed_error (copy);

  g_assert_cmpuint (ok_issuer_error_get_retry_after (copy), ==, 60);
  g_assert_cmpuint (ok_issuer_error_get_http_status (copy), ==, 503);
  g_assert_cmpstr (ok_issuer_error_get_reason_code (copy), ==, "Busy");
  g_assert_cmpstr (detailed, ==, "Error requesting client certificate response: x - 503");
}

static void
test_guidance (void)
{
  for (int code = OK_ISSUER_ERROR_INVALID_ONE_TIME_CODE; code <= OK_ISSUER_ERROR_TIMEOUT; code++)
    {
      g_autoptr(GError) error = ok_issuer_error_new (code, 0, NULL, 0, NULL, "x");
      const char *guidance = ok_issuer_error_get_guidance (error);

      g_assert_nonnull (guidance);
      g_assert_cmpuint (strlen (guidance), >, 20);
    }

  {
    g_autoptr(GError) renewal = ok_issuer_error_new (OK_ISSUER_ERROR_RENEWAL_NOT_ENABLED, 403, NULL,
                                                     0, NULL, "x");
    g_autoptr(GError) expired = ok_issuer_error_new (OK_ISSUER_ERROR_CERTIFICATE_EXPIRED, 403, NULL,
                                                     0, NULL, "x");

    g_assert_nonnull (strstr (ok_issuer_error_get_guidance (renewal), "mitiderhverv@digst.dk"));
    g_assert_nonnull (strstr (ok_issuer_error_get_guidance (renewal), "IdM light"));
    g_assert_nonnull (strstr (ok_issuer_error_get_guidance (expired), "new certificate"));
  }
}

/* The affected address is read from the CA's body when it gives one, and never made up. */
static void
test_affected_email (void)
{
  static const struct {
    const char *body;
    const char *email;
  } cases[] = {
    { "{\"errorReasonCode\":\"CertificateEmailNotValidated\",\"message\":\"Email used for the certificate is not validated!\"}", NULL },
    { "{\"errorReasonCode\":\"CertificateEmailNotValidated\",\"message\":\"Not validated\",\"email\":\"it@firma.example\"}", "it@firma.example" },
    { "{\"errorReasonCode\":\"CertificateEmailNotValidated\",\"message\":\"Email ops.team@sub.firma.dk is not validated!\"}", "ops.team@sub.firma.dk" },
    { "not json at all: x@y.dk", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = text (cases[i].body);
      g_autoptr(GError) error = parse_fails (400, NULL, body);
      g_autofree char *email = ok_issuer_error_dup_email (error);

      g_assert_cmpstr (email, ==, cases[i].email);
    }

  {
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "a@b.dk");
    g_autofree char *none = ok_issuer_error_dup_email (other);

    g_assert_null (none);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *key = NULL;
  g_autofree char *pem_path = NULL;
  g_autofree char *der_path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  work_dir = okt_make_tmpdir ();
  key = g_build_filename (work_dir, "key.pem", NULL);
  pem_path = g_build_filename (work_dir, "certificate.pem", NULL);
  der_path = g_build_filename (work_dir, "certificate.der", NULL);
  {
    const char *make[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                           "-out", pem_path, "-subj", "/CN=response test", "-days", "2", NULL };
    const char *to_der[] = { "openssl", "x509", "-in", pem_path, "-outform", "DER", "-out", der_path,
                             NULL };

    out = okt_run_ok (NULL, NULL, NULL, make);
    g_free (out);
    out = okt_run_ok (NULL, NULL, NULL, to_der);
  }
  g_file_get_contents (pem_path, &certificate_pem, NULL, &error);
  g_assert_no_error (error);
  certificate_der = okt_read_file (der_path);

  g_test_add_func ("/mitid-response/certificate-and-chain", test_certificate_and_chain);
  g_test_add_func ("/mitid-response/bad-success-bodies", test_bad_success_bodies);
  g_test_add_func ("/mitid-response/pkcs12", test_pkcs12_answer);
  g_test_add_func ("/mitid-response/error-answers", test_error_answers);
  g_test_add_func ("/mitid-response/retry-after", test_retry_after);
  g_test_add_func ("/mitid-response/oversized-and-binary", test_oversized_and_binary);
  g_test_add_func ("/mitid-response/transport-errors", test_transport_errors);
  g_test_add_func ("/mitid-response/error-copy", test_error_copy_keeps_details);
  g_test_add_func ("/mitid-response/guidance", test_guidance);
  g_test_add_func ("/mitid-response/affected-email", test_affected_email);

  status = g_test_run ();

  okt_remove_tree (work_dir);
  g_free (work_dir);
  g_free (certificate_pem);
  g_bytes_unref (certificate_der);
  return status;
}
