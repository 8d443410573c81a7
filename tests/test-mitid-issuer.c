/* test-mitid-issuer.c — OkMitidIssuer against the real reference CA over TLS on 127.0.0.1:
 * issuance, one-time codes, every error reason and every fault
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-issuance-test-util.h"
#include "ok-keys-test-util.h"
#include "ok-mitid-issuer.h"

#define UUID "0f0e9c3a-1b2c-4d5e-8f90-123456789abc"

static char *state_dir;  /* one CA hierarchy for the whole program */
static char *work_dir;
static char *csr;        /* an RSA-2048 request made by openssl */

/* A profile with the fields every test needs, plus @extra (JSON members, may be ""). */
static char *
profile (const char *reference,
         const char *extra)
{
  return g_strdup_printf ("{\"referenceNumber\": \"%s\", \"oneTimeCode\": \"CODE-%s\", "
                          "\"cvr\": \"12345678\", \"organisation\": \"Test Bageri ApS\", "
                          "\"commonName\": \"Test Bageri - system\"%s%s}",
                          reference, reference, *extra != '\0' ? ", " : "", extra);
}

static char *
scenario (const char *first,
          ...)
{
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  const char *reference;
  va_list args;

  va_start (args, first);
  for (reference = first; reference != NULL; reference = va_arg (args, const char *))
    g_ptr_array_add (profiles, profile (reference, va_arg (args, const char *)));
  va_end (args);
  g_ptr_array_add (profiles, NULL);

  joined = g_strjoinv (", ", (char **) profiles->pdata);
  return g_strdup_printf ("[%s]", joined);
}

static OkiCa *
start_ca (const char *scenario_json)
{
  return oki_ca_start (state_dir, scenario_json, NULL);
}

static OkIssuer *
make_issuer (OkiCa *ca)
{
  g_autoptr(GError) error = NULL;
  OkMitidIssuer *issuer = ok_mitid_issuer_new (ca->url, ca->ca_file, &error);

  g_assert_no_error (error);
  return OK_ISSUER (issuer);
}

static char *
code_of (const char *reference)
{
  return g_strconcat ("CODE-", reference, NULL);
}

/* Issues for @reference with its right code and returns the answer; asserts success. */
static OkIssuance *
issue_ok (OkIssuer   *issuer,
          const char *reference)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = code_of (reference);
  OkIssuance *issuance = oki_issue (issuer, reference, code, csr, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (issuance);
  return issuance;
}

static GError *
issue_fails (OkIssuer   *issuer,
             const char *reference,
             const char *code)
{
  GError *error = NULL;
  g_autofree char *right = code_of (reference);
  g_autoptr(OkIssuance) issuance = oki_issue (issuer, reference, code != NULL ? code : right, csr,
                                              NULL, &error);

  g_assert_null (issuance);
  g_assert_nonnull (error);
  return error;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static GBytes *
public_key_of_csr (void)
{
  g_autofree char *path = g_build_filename (work_dir, "request.csr", NULL);
  const char *argv[] = { "openssl", "req", "-in", path, "-pubkey", "-noout", NULL };
  g_autofree char *pem = okt_run_ok (NULL, NULL, NULL, argv);

  return g_bytes_new (pem, strlen (pem));
}

static GBytes *
public_key_of_certificate (const char *path)
{
  const char *argv[] = { "openssl", "x509", "-in", path, "-pubkey", "-noout", NULL };
  g_autofree char *pem = okt_run_ok (NULL, NULL, NULL, argv);

  return g_bytes_new (pem, strlen (pem));
}

static void
test_issue_success (void)
{
  g_autofree char *json = scenario ("ISSUE-OK-0001",
                                    "\"kind\": \"organisation\", \"uuid\": \"" UUID "\", "
                                    "\"email\": \"it@test-bageri.example\"", NULL);
  g_autoptr(OkiCa) ca = start_ca (json);
  g_autoptr(OkIssuer) issuer = make_issuer (ca);
  g_autoptr(OkIssuance) issuance = issue_ok (issuer, "ISSUE-OK-0001");
  g_autoptr(GBytes) csr_key_pem = public_key_of_csr ();
  g_autoptr(GBytes) leaf_key_pem = NULL;
  g_autofree char *leaf = NULL;
  g_autofree char *issuing = NULL;
  g_autofree char *text = NULL;
  g_autofree char *certtool = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *serial = NULL;
  GPtrArray *chain;

  g_assert_false (ok_issuance_is_pkcs12 (issuance));
  g_assert_null (ok_issuance_get_pkcs12 (issuance));
  chain = ok_issuance_get_chain (issuance);
  g_assert_cmpuint (chain->len, ==, 1);

  leaf = oki_write_pem (work_dir, "issued.pem", ok_issuance_get_certificate (issuance));
  issuing = oki_write_pem (work_dir, "issuing.pem", g_ptr_array_index (chain, 0));

  /* openssl as the first independent reader: OCES3 subject order and types, PSS, policies. */
  text = oki_openssl_text (leaf);
  assert_contains (text, "Subject: CN = Test Bageri - system, serialNumber = UI:DK-O:G:" UUID
                         ", O = Test Bageri ApS, organizationIdentifier = NTRDK-12345678, C = DK");
  assert_contains (text, "OU = Test - cti");
  assert_contains (text, "Signature Algorithm: rsassaPss");
  assert_contains (text, "Hash Algorithm: sha256");
  assert_contains (text, "Mask Algorithm: mgf1 with sha256");
  assert_contains (text, "Salt Length: 0x20");
  assert_contains (text, "Policy: 0.4.0.2042.1.1");
  assert_contains (text, "Policy: 1.2.208.169.1.1.1.3.7");
  assert_contains (text, "X509v3 Key Usage: critical");
  assert_contains (text, "Digital Signature, Non Repudiation, Key Encipherment");
  assert_contains (text, "email:it@test-bageri.example");

  /* certtool as the second: GnuTLS's reading of the same facts. */
  {
    const char *argv[] = { "certtool", "-i", "--infile", leaf, NULL };

    certtool = okt_run_ok (NULL, NULL, NULL, argv);
    assert_contains (certtool, "Signature Algorithm: RSA-PSS-SHA256");
    assert_contains (certtool, "serialNumber=UI:DK-O:G:" UUID);
    assert_contains (certtool, "Key Usage (critical):");
  }

  /* The chain the answer carries leads to the root the server wrote. */
  {
    const char *argv[] = { "openssl", "verify", "-CAfile", ca->ca_file, "-untrusted", issuing,
                           leaf, NULL };

    verified = okt_run_ok (NULL, NULL, NULL, argv);
    assert_contains (verified, ": OK");
  }

  /* A 20-byte serial with the top bit clear. */
  {
    const char *argv[] = { "openssl", "x509", "-in", leaf, "-noout", "-serial", NULL };

    serial = g_strstrip (okt_run_ok (NULL, NULL, NULL, argv));
    g_assert_cmpuint (strlen (serial), ==, strlen ("serial=") + 40);
    g_assert_cmpint (g_ascii_xdigit_value (serial[strlen ("serial=")]), <, 8);
  }

  /* The key of our CSR, not another. */
  leaf_key_pem = public_key_of_certificate (leaf);
  g_assert_true (g_bytes_equal (csr_key_pem, leaf_key_pem));
}

static void
test_issue_validity (void)
{
  g_autofree char *json = scenario ("VALIDITY-0001", "", NULL);
  g_autoptr(OkiCa) ca = start_ca (json);
  g_autoptr(OkIssuer) issuer = make_issuer (ca);
  g_autoptr(OkIssuance) issuance = issue_ok (issuer, "VALIDITY-0001");
  g_autofree char *leaf = oki_write_pem (work_dir, "validity.pem", ok_issuance_get_certificate (issuance));
  const char *argv[] = { "openssl", "x509", "-in", leaf, "-noout", "-startdate", "-enddate",
                         "-dateopt", "iso_8601", NULL };
  g_autofree char *dates = okt_run_ok (NULL, NULL, NULL, argv);
  g_auto(GStrv) lines = g_strsplit (g_strstrip (dates), "\n", -1);
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autoptr(GDateTime) three_years = NULL;

  /* "notBefore=2026-11-25 14:23:59Z" */
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_strdelimit (lines[0], " ", 'T');
  g_strdelimit (lines[1], " ", 'T');
  not_before = g_date_time_new_from_iso8601 (strchr (lines[0], '=') + 1, NULL);
  not_after = g_date_time_new_from_iso8601 (strchr (lines[1], '=') + 1, NULL);
  g_assert_nonnull (not_before);
  g_assert_nonnull (not_after);

  /* Three years minus one second, as OCES3 leaves. */
  three_years = g_date_time_add_years (not_before, 3);
  g_assert_cmpint (g_date_time_difference (three_years, not_after), ==, G_TIME_SPAN_SECOND);
}

static void
test_code_single_use (void)
{
  g_autofree char *json = scenario ("SINGLE-USE-0002", "", NULL);
  g_autoptr(OkiCa) ca = start_ca (json);
  g_autoptr(OkIssuer) issuer = make_issuer (ca);
  g_autoptr(OkIssuance) issuance = issue_ok (issuer, "SINGLE-USE-0002");
  g_autoptr(GError) error = issue_fails (issuer, "SINGLE-USE-0002", NULL);
  g_autofree char *detailed = ok_issuer_error_dup_detailed_error (error);

  oki_assert_issuer_error (error, OK_ISSUER_ERROR_INVALID_ONE_TIME_CODE, 400);
  g_assert_cmpstr (ok_issuer_error_get_reason_code (error), ==, "InvalidOneTimeCode");
  assert_contains (detailed, "already been used");
}

static void
test_code_locks (void)
{
  g_autofree char *json = scenario ("LOCK-0003", "", NULL);
  g_autoptr(OkiCa) ca = start_ca (json);
  g_autoptr(OkIssuer) issuer = make_issuer (ca);
  g_autoptr(GError) locked = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = issue_fails (issuer, "LOCK-0003", "WRONG-CODE");

      oki_assert_issuer_error (error, OK_ISSUER_ERROR_INVALID_ONE_TIME_CODE, 400);
    }

  /* After five wrong codes even the right one is refused. */
  locked = issue_fails (issuer, "LOCK-0003", NULL);
  oki_assert_issuer_error (locked, OK_ISSUER_ERROR_ONE_TIME_CODE_EXPIRED, 400);
}

static void
test_error_reasons (void)
{
  g_autofree char *json = scenario ("EMAIL-0004", "\"emailValidated\": false",
                                    "EXPIRED-CODE-0005", "\"oneTimeCodeExpired\": true",
                                    "CSR-0006", "", NULL);
  g_autoptr(OkiCa) ca = start_ca (json);
  g_autoptr(OkIssuer) issuer = make_issuer (ca);
  g_autoptr(GError) email = issue_fails (issuer, "EMAIL-0004", NULL);
  g_autoptr(GError) expired = issue_fails (issuer, "EXPIRED-CODE-0005", NULL);
  g_autoptr(GError) unknown = issue_fails (issuer, "NO-SUCH-REFERENCE", "CODE-X");
  g_autoptr(GError) garbage = NULL;
  g_autoptr(GError) weak = NULL;
  g_autoptr(OkIssuance) none = NULL;
  g_autofree char *detailed = ok_issuer_error_dup_detailed_error (email);
  g_autofree char *weak_csr = oki_make_csr (work_dir, "weak", 1024);

  /* The detailed error keeps the server's body and status verbatim, as the event log wants. */
  oki_assert_issuer_error (email, OK_ISSUER_ERROR_CERTIFICATE_EMAIL_NOT_VALIDATED, 400);
  g_assert_cmpstr (detailed, ==,
                   "Error requesting client certificate response: "
                   "{\"errorReasonCode\":\"CertificateEmailNotValidated\","
                   "\"message\":\"Email used for the certificate is not validated!\"} - 400");
  assert_contains (ok_issuer_error_get_guidance (email), "Verify");

  oki_assert_issuer_error (expired, OK_ISSUER_ERROR_ONE_TIME_CODE_EXPIRED, 400);
  oki_assert_issuer_error (unknown, OK_ISSUER_ERROR_REFERENCE_NUMBER_NOT_FOUND, 404);

  none = oki_issue (issuer, "CSR-0006", "CODE-CSR-0006", "not a request", NULL, &garbage);
  g_assert_null (none);
  oki_assert_issuer_error (garbage, OK_ISSUER_ERROR_INVALID_CSR, 400);

  none = oki_issue (issuer, "CSR-0006", "CODE-CSR-0006", weak_csr, NULL, &weak);
  g_assert_null (none);
  oki_assert_issuer_error (weak, OK_ISSUER_ERROR_INVALID_CSR, 400);

  /* A refused CSR does not use up the code. */
  g_clear_object (&none);
  none = issue_ok (issuer, "CSR-0006");
}

static void
test_email_retry (void)
{
  g_autofree char *unvalidated = scenario ("RETRY-0007", "\"emailValidated\": false", NULL);
  g_autofree char *validated = scenario ("RETRY-0007", "\"emailValidated\": true", NULL);
  g_autoptr(OkiCa) ca = start_ca (unvalidated);
  g_autoptr(OkIssuer) issuer = make_issuer (ca);
  g_autoptr(GError) error = issue_fails (issuer, "RETRY-0007", NULL);
  g_autoptr(OkIssuance) issuance = NULL;

  oki_assert_issuer_error (error, OK_ISSUER_ERROR_CERTIFICATE_EMAIL_NOT_VALIDATED, 400);

  /* The user validates the e-mail in the portal; Retry with the same code then succeeds. */
  oki_ca_set_scenario (ca, validated);
  issuance = issue_ok (issuer, "RETRY-0007");
  g_assert_nonnull (ok_issuance_get_certificate (issuance));
}

typedef struct {
  const char *fault;
  OkIssuerError code;
  guint status;
  guint retry_after;
  const char *detail;
} FaultCase;

static void
test_faults_transport (void)
{
  static const FaultCase cases[] = {
    { "status:500", OK_ISSUER_ERROR_SERVER_ERROR, 500, 0, "InternalServerError" },
    { "status:502", OK_ISSUER_ERROR_SERVER_ERROR, 502, 0, "<title>502 Bad Gateway</title>" },
    { "status:503", OK_ISSUER_ERROR_SERVER_BUSY, 503, 120, "ServiceUnavailable" },
    { "status:429", OK_ISSUER_ERROR_SERVER_BUSY, 429, 30, "TooManyRequests" },
    { "non-json-body", OK_ISSUER_ERROR_BAD_RESPONSE, 201, 0, "Welcome to the CA portal" },
    { "truncated-json", OK_ISSUER_ERROR_BAD_RESPONSE, 201, 0, "{\"certificate\": \"-----BEGIN" },
    { "oversized-body", OK_ISSUER_ERROR_BAD_RESPONSE, 201, 0, "refused" },
    { "close-mid-body", OK_ISSUER_ERROR_NETWORK, 201, 0, "connection closed after" },
  };
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(OkiCa) ca = NULL;
  g_autoptr(OkIssuer) issuer = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reference = g_strdup_printf ("FAULT-%u-0000", i);
      g_autofree char *extra = g_strdup_printf ("\"faults\": [\"%s\"]", cases[i].fault);
      g_autofree char *one = profile (reference, extra);

      g_string_append_printf (json, "%s%s", i > 0 ? ", " : "", one);
    }
  g_string_append (json, "]");

  ca = start_ca (json->str);
  issuer = make_issuer (ca);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reference = g_strdup_printf ("FAULT-%u-0000", i);
      g_autoptr(GError) error = issue_fails (issuer, reference, NULL);
      g_autofree char *detailed = ok_issuer_error_dup_detailed_error (error);

      g_test_message ("fault %s: %s", cases[i].fault, error->message);
      oki_assert_issuer_error (error, cases[i].code, cases[i].status);
      g_assert_cmpuint (ok_issuer_error_get_retry_after (error), ==, cases[i].retry_after);
      if (cases[i].detail != NULL)
        assert_contains (detailed, cases[i].detail);
    }
}

static void
test_faults_timeout (void)
{
  g_autofree char *json = scenario ("SLOW-0008", "\"faults\": [\"delay:4000\"]", NULL);
  g_autoptr(OkiCa) ca = start_ca (json);
  g_autoptr(OkIssuer) issuer = make_issuer (ca);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  ok_mitid_issuer_set_timeout (OK_MITID_ISSUER (issuer), 1);
  g_assert_cmpuint (ok_mitid_issuer_get_timeout (OK_MITID_ISSUER (issuer)), ==, 1);
  error = issue_fails (issuer, "SLOW-0008", NULL);
  oki_assert_issuer_error (error, OK_ISSUER_ERROR_TIMEOUT, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

/* A CA that trickles (a byte a second) or stalls is cut off by the overall deadline, however
 * long the per-read timeout is. */
static void
test_faults_deadline (void)
{
  const char *faults[] = { "\"faults\": [\"trickle\"]", "\"faults\": [\"delay:30000\"]" };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *reference = g_strdup_printf ("DEADLINE-%04u", i);
      g_autofree char *json = scenario (reference, faults[i], NULL);
      g_autoptr(OkiCa) ca = start_ca (json);
      g_autoptr(OkIssuer) issuer = make_issuer (ca);
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      ok_mitid_issuer_set_timeout (OK_MITID_ISSUER (issuer), 60);
      ok_mitid_issuer_set_deadline (OK_MITID_ISSUER (issuer), 3);
      g_assert_cmpuint (ok_mitid_issuer_get_deadline (OK_MITID_ISSUER (issuer)), ==, 3);
      error = issue_fails (issuer, reference, NULL);
      g_test_message ("%s: %s", faults[i], error->message);
      oki_assert_issuer_error (error, OK_ISSUER_ERROR_TIMEOUT, 0);
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 3 * G_USEC_PER_SEC);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_USEC_PER_SEC);
    }
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autofree char *json = scenario ("CANCEL-0009", "\"faults\": [\"delay:10000\"]", NULL);
  g_autoptr(OkiCa) ca = start_ca (json);
  g_autoptr(OkIssuer) issuer = make_issuer (ca);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(OkIssuance) issuance = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_timeout_add (300, cancel_soon, cancellable);
  issuance = oki_issue (issuer, "CANCEL-0009", "CODE-CANCEL-0009", csr, cancellable, &error);
  g_assert_null (issuance);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (ok_issuer_error_get_guidance (error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

/* Bad answers that only the orchestrator's verification can judge are handed over as they are. */
static void
test_faults_for_the_caller (void)
{
  g_autofree char *json = scenario ("WRONG-KEY-0010", "\"faults\": [\"wrong-key\"]",
                                    "WRONG-CVR-0011", "\"faults\": [\"wrong-cvr\"]",
                                    "EXPIRED-0012", "\"faults\": [\"expired-certificate\"]",
                                    "UNTRUSTED-0013", "\"faults\": [\"untrusted-chain\"]", NULL);
  g_autoptr(OkiCa) ca = start_ca (json);
  g_autoptr(OkIssuer) issuer = make_issuer (ca);
  g_autoptr(OkIssuance) wrong_key = issue_ok (issuer, "WRONG-KEY-0010");
  g_autoptr(OkIssuance) wrong_cvr = issue_ok (issuer, "WRONG-CVR-0011");
  g_autoptr(OkIssuance) expired = issue_ok (issuer, "EXPIRED-0012");
  g_autoptr(OkIssuance) untrusted = issue_ok (issuer, "UNTRUSTED-0013");
  g_autoptr(GBytes) csr_key_pem = public_key_of_csr ();
  g_autoptr(GBytes) wrong_key_pem = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *issuing = NULL;

  path = oki_write_pem (work_dir, "wrong-key.pem", ok_issuance_get_certificate (wrong_key));
  wrong_key_pem = public_key_of_certificate (path);
  g_assert_false (g_bytes_equal (csr_key_pem, wrong_key_pem));

  g_clear_pointer (&path, g_free);
  path = oki_write_pem (work_dir, "wrong-cvr.pem", ok_issuance_get_certificate (wrong_cvr));
  text = oki_openssl_text (path);
  g_assert_null (strstr (text, "NTRDK-12345678"));
  assert_contains (text, "organizationIdentifier = NTRDK-");

  g_clear_pointer (&path, g_free);
  path = oki_write_pem (work_dir, "expired.pem", ok_issuance_get_certificate (expired));
  {
    const char *argv[] = { "openssl", "x509", "-in", path, "-noout", "-checkend", "0", NULL };

    g_assert_false (okt_run_succeeds (NULL, NULL, NULL, argv));
  }

  g_clear_pointer (&path, g_free);
  path = oki_write_pem (work_dir, "untrusted.pem", ok_issuance_get_certificate (untrusted));
  issuing = oki_write_pem (work_dir, "untrusted-issuing.pem",
                           g_ptr_array_index (ok_issuance_get_chain (untrusted), 0));
  {
    const char *argv[] = { "openssl", "verify", "-CAfile", ca->ca_file, "-untrusted", issuing,
                           path, NULL };

    g_assert_false (okt_run_succeeds (NULL, NULL, NULL, argv));
  }
}

static void
test_pkcs12_answer (void)
{
  g_autofree char *json = scenario ("P12-0014", "\"answerPkcs12\": true, \"uuid\": \"" UUID "\"", NULL);
  g_autoptr(OkiCa) ca = start_ca (json);
  g_autoptr(OkIssuer) issuer = make_issuer (ca);
  g_autoptr(OkIssuance) issuance = issue_ok (issuer, "P12-0014");
  g_autofree char *p12 = g_build_filename (work_dir, "answer.p12", NULL);
  g_autofree char *cert = g_build_filename (work_dir, "answer-cert.pem", NULL);
  g_autofree char *key = g_build_filename (work_dir, "answer-key.pem", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GBytes) cert_public = NULL;
  g_autoptr(GBytes) key_public = NULL;
  const char *env[] = { OKT_PASS_VARIABLE, NULL, NULL };

  g_assert_true (ok_issuance_is_pkcs12 (issuance));
  g_assert_null (ok_issuance_get_certificate (issuance));
  g_assert_nonnull (ok_issuance_get_pkcs12_password (issuance));
  g_assert_cmpuint (strlen (ok_issuance_get_pkcs12_password (issuance)), >=, 16);
  env[1] = ok_issuance_get_pkcs12_password (issuance);
  okt_write_file (p12, ok_issuance_get_pkcs12 (issuance));

  /* openssl opens it with the password from the answer, and its key fits its certificate. */
  {
    const char *argv[] = { "openssl", "pkcs12", "-in", p12, "-passin", "env:" OKT_PASS_VARIABLE,
                           "-nokeys", "-clcerts", "-out", cert, NULL };

    out = okt_run_ok (NULL, env, NULL, argv);
  }
  {
    const char *argv[] = { "openssl", "pkcs12", "-in", p12, "-passin", "env:" OKT_PASS_VARIABLE,
                           "-nocerts", "-nodes", "-out", key, NULL };

    g_free (out);
    out = okt_run_ok (NULL, env, NULL, argv);
  }
  {
    const char *argv[] = { "openssl", "pkey", "-in", key, "-pubout", NULL };

    g_free (out);
    out = okt_run_ok (NULL, NULL, NULL, argv);
    key_public = g_bytes_new (out, strlen (out));
  }
  cert_public = public_key_of_certificate (cert);
  g_assert_true (g_bytes_equal (cert_public, key_public));

  g_free (out);
  out = oki_openssl_text (cert);
  assert_contains (out, "serialNumber = UI:DK-O:G:" UUID);
  assert_contains (out, "Public-Key: (3072 bit)");
}

static void
test_trust (void)
{
  g_autofree char *json = scenario ("TRUST-0015", "", NULL);
  g_autoptr(OkiCa) ca = start_ca (json);
  g_autoptr(OkMitidIssuer) system_only = NULL;
  g_autoptr(OkMitidIssuer) other_ca = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (work_dir, "other-ca.pem", NULL);
  g_autofree char *other_key = g_build_filename (work_dir, "other-ca.key", NULL);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-keyout", other_key, "-out", other, "-subj", "/CN=Another CA",
                         "-days", "2", NULL };
  g_autofree char *out = okt_run_ok (NULL, NULL, NULL, argv);

  /* Our root is in no system trust store: without the CA file the server is refused. */
  system_only = ok_mitid_issuer_new (ca->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (ok_mitid_issuer_get_ca_file (system_only));
  g_clear_error (&error);
  {
    g_autoptr(GError) refused = issue_fails (OK_ISSUER (system_only), "TRUST-0015", NULL);

    oki_assert_issuer_error (refused, OK_ISSUER_ERROR_NETWORK, 0);
  }

  /* Nor does another CA's file make it trusted. */
  other_ca = ok_mitid_issuer_new (ca->url, other, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GError) refused = issue_fails (OK_ISSUER (other_ca), "TRUST-0015", NULL);

    oki_assert_issuer_error (refused, OK_ISSUER_ERROR_NETWORK, 0);
  }
}

static void
test_new_invalid (void)
{
  const char *bad_urls[] = { "http://127.0.0.1:1", "ftp://example.org", "not a url", "https://",
                             "https://user@example.org", "https://example.org/?x=1",
                             "https://example.org/#x" };
  g_autofree char *missing = g_build_filename (work_dir, "missing.pem", NULL);
  g_autofree char *empty = g_build_filename (work_dir, "empty.pem", NULL);
  g_autoptr(OkMitidIssuer) good = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_autoptr(OkMitidIssuer) issuer = ok_mitid_issuer_new (bad_urls[i], NULL, &error);

      g_assert_null (issuer);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  g_assert_null (ok_mitid_issuer_new ("https://127.0.0.1:1", missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  okt_write_text (empty, "no certificates here\n");
  g_assert_null (ok_mitid_issuer_new ("https://127.0.0.1:1", empty, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* A trailing slash is not doubled into the request path. */
  good = ok_mitid_issuer_new ("https://ca.example/api/", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok_mitid_issuer_get_base_url (good), ==, "https://ca.example/api");
  g_assert_cmpuint (ok_mitid_issuer_get_timeout (good), ==, OK_MITID_ISSUER_DEFAULT_TIMEOUT);
}

static void
test_connection_refused (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(OkMitidIssuer) issuer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* A port that was free a moment ago and on which nobody listens. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("https://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  issuer = ok_mitid_issuer_new (url, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GError) refused = issue_fails (OK_ISSUER (issuer), "REFUSED-0016", "CODE");
    g_autofree char *detailed = ok_issuer_error_dup_detailed_error (refused);

    oki_assert_issuer_error (refused, OK_ISSUER_ERROR_NETWORK, 0);
    g_assert_cmpuint (strlen (detailed), >, strlen ("Error requesting client certificate response: "));
  }
}

/* The exchange runs in the issuer's own thread, whose TLS set-up must not hold the caller's
 * main loop; the answer still arrives in the caller's thread, on its thread-default context,
 * and the issuer can be dropped there right after, its thread ending on its own. */
typedef struct {
  GAsyncResult *result;
  GThread      *thread;
  GMainContext *context;
} CallerRun;

static void
on_caller_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CallerRun *run = user_data;

  run->thread = g_thread_self ();
  run->context = g_main_context_get_thread_default ();
  run->result = g_object_ref (result);
}

static gpointer
issue_from_own_context (gpointer data)
{
  OkiCa *ca = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *code = code_of ("CALLER-0017");
  g_autoptr(OkIssuance) issuance = NULL;
  g_autoptr(GError) error = NULL;
  CallerRun run = { NULL };
  OkIssuer *issuer;

  g_main_context_push_thread_default (context);
  issuer = make_issuer (ca);
  ok_issuer_issue_async (issuer, "CALLER-0017", code, csr, NULL, on_caller_done, &run);
  while (run.result == NULL)
    g_main_context_iteration (context, TRUE);

  issuance = ok_issuer_issue_finish (issuer, run.result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (issuance);
  g_assert_true (run.thread == g_thread_self ());
  g_assert_true (run.context == context);

  g_clear_object (&run.result);
  g_object_unref (issuer);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_caller_context (void)
{
  g_autofree char *json = scenario ("CALLER-0017", "", NULL);
  g_autoptr(OkiCa) ca = start_ca (json);

  g_thread_join (g_thread_new ("caller", issue_from_own_context, ca));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!oki_have_test_ca ())
    {
      g_test_skip ("OK_TEST_CA does not name the oces-keeper-test-ca program");
      return g_test_run ();
    }

  state_dir = okt_make_tmpdir ();
  work_dir = okt_make_tmpdir ();
  csr = oki_make_csr (work_dir, "request", 2048);

  g_test_add_func ("/mitid-issuer/issue/success", test_issue_success);
  g_test_add_func ("/mitid-issuer/issue/validity", test_issue_validity);
  g_test_add_func ("/mitid-issuer/code/single-use", test_code_single_use);
  g_test_add_func ("/mitid-issuer/code/locks-after-five", test_code_locks);
  g_test_add_func ("/mitid-issuer/errors/reasons", test_error_reasons);
  g_test_add_func ("/mitid-issuer/errors/email-retry", test_email_retry);
  g_test_add_func ("/mitid-issuer/faults/transport", test_faults_transport);
  g_test_add_func ("/mitid-issuer/faults/timeout", test_faults_timeout);
  g_test_add_func ("/mitid-issuer/faults/deadline", test_faults_deadline);
  g_test_add_func ("/mitid-issuer/faults/cancel", test_cancel);
  g_test_add_func ("/mitid-issuer/faults/for-the-caller", test_faults_for_the_caller);
  g_test_add_func ("/mitid-issuer/pkcs12", test_pkcs12_answer);
  g_test_add_func ("/mitid-issuer/trust", test_trust);
  g_test_add_func ("/mitid-issuer/new/invalid", test_new_invalid);
  g_test_add_func ("/mitid-issuer/network/refused", test_connection_refused);
  g_test_add_func ("/mitid-issuer/caller-context", test_caller_context);

  status = g_test_run ();

  okt_remove_tree (work_dir);
  okt_remove_tree (state_dir);
  g_free (work_dir);
  g_free (state_dir);
  g_free (csr);
  return status;
}
