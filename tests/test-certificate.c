/* test-certificate.c — OkCertificate against the public OCES3 samples and against
 * certificates that openssl and certtool make here, with openssl as the independent reader
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-certificate.h"
#include "ok-test-util.h"
#include "ok-text.h"

/* Made once in main(): RSA keys are slow to generate. */
static char *workdir;
static char *rsa_key;
static char *ec_key;
static char *openssl_config;

#define OPENSSL_CONFIG \
  "[req]\n" \
  "distinguished_name = dn\n" \
  "prompt = no\n" \
  "[dn]\n" \
  "[organisation]\n" \
  "basicConstraints = critical,CA:FALSE\n" \
  "keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment\n" \
  "certificatePolicies = 0.4.0.2042.1.1,1.2.208.169.1.1.1.3.7.1\n" \
  "subjectAltName = email:admin@firma.dk\n" \
  "authorityInfoAccess = caIssuers;URI:http://ca.example.test/issuing.cer,OCSP;URI:http://ca.example.test/ocsp\n" \
  "crlDistributionPoints = URI:http://ca.example.test/issuing.crl\n" \
  "[system]\n" \
  "basicConstraints = critical,CA:FALSE\n" \
  "keyUsage = critical,digitalSignature,keyEncipherment\n" \
  "certificatePolicies = 0.4.0.2042.1.1,1.2.208.169.1.1.1.3.7\n" \
  "[ca]\n" \
  "basicConstraints = critical,CA:TRUE\n" \
  "keyUsage = critical,keyCertSign,cRLSign\n" \
  "[plain]\n" \
  "basicConstraints = critical,CA:FALSE\n"

#define OCES3_SUBJECT \
  "/CN=Test System/serialNumber=UI:DK-O:G:0B5CD3F1-8A7E-4C2B-9D10-6E2F3A4B5C6D/O=Firma A\\/S" \
  "/organizationIdentifier=NTRDK-12345678/C=DK"

static char *
work_path (const char *name)
{
  return g_build_filename (workdir, name, NULL);
}

static OkCertificate *
load_pem_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pem = ok_test_read_text (path);
  OkCertificate *certificate = ok_certificate_new_from_pem (pem, strlen (pem), &error);

  g_assert_no_error (error);
  g_assert_true (OK_IS_CERTIFICATE (certificate));
  return certificate;
}

static OkCertificate *
load_pem_text (const char *pem)
{
  g_autoptr (GError) error = NULL;
  OkCertificate *certificate = ok_certificate_new_from_pem (pem, strlen (pem), &error);

  g_assert_no_error (error);
  return certificate;
}

/* What openssl reads from the same certificate: serial, dates, fingerprints. */
typedef struct
{
  char *serial;
  gint64 not_before;
  gint64 not_after;
  char *sha1;
  char *sha256;
} OpensslView;

static void
openssl_view_clear (OpensslView *view)
{
  g_free (view->serial);
  g_free (view->sha1);
  g_free (view->sha256);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OpensslView, openssl_view_clear)

static gint64
parse_openssl_date (const char *value)
{
  g_autofree char *iso = g_strdup (value);
  g_autoptr (GDateTime) date_time = NULL;

  /* -dateopt iso_8601 prints "2026-03-25 14:11:30Z" */
  g_assert_cmpuint (strlen (iso), >, 10);
  iso[10] = 'T';
  date_time = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (date_time);
  return g_date_time_to_unix (date_time);
}

static char *
openssl_field (const char *output,
               const char *key)
{
  g_auto (GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], key) && lines[i][strlen (key)] == '=')
      return g_strdup (lines[i] + strlen (key) + 1);

  g_assert_not_reached ();
}

static void
openssl_view (OkCertificate *certificate,
              OpensslView   *view)
{
  g_autofree char *pem = ok_certificate_to_pem (certificate);
  const char *dates_argv[] = { "openssl", "x509", "-noout", "-dateopt", "iso_8601", "-serial",
                               "-startdate", "-enddate", "-fingerprint", "-sha1", NULL };
  const char *sha256_argv[] = { "openssl", "x509", "-noout", "-fingerprint", "-sha256", NULL };
  g_autofree char *out = ok_test_run_ok (dates_argv, pem);
  g_autofree char *sha256_out = ok_test_run_ok (sha256_argv, pem);
  g_autofree char *not_before = openssl_field (out, "notBefore");
  g_autofree char *not_after = openssl_field (out, "notAfter");

  view->serial = openssl_field (out, "serial");
  view->not_before = parse_openssl_date (not_before);
  view->not_after = parse_openssl_date (not_after);
  view->sha1 = openssl_field (out, "sha1 Fingerprint");
  view->sha256 = openssl_field (sha256_out, "sha256 Fingerprint");
}

/* The facts openssl can confirm must agree with ours. OpenSSL prints the serial as a number,
 * so the sign byte DER adds before a high first byte is the only allowed difference. */
static void
assert_agrees_with_openssl (OkCertificate *certificate)
{
  g_auto (OpensslView) view = { NULL };
  const char *serial = ok_certificate_get_serial (certificate);

  openssl_view (certificate, &view);
  if (g_str_has_prefix (serial, "00") && strlen (serial) > 2 && g_ascii_xdigit_value (serial[2]) >= 8)
    serial += 2;
  g_assert_cmpstr (serial, ==, view.serial);
  g_assert_cmpint (ok_certificate_get_not_before (certificate), ==, view.not_before);
  g_assert_cmpint (ok_certificate_get_not_after (certificate), ==, view.not_after);
  g_assert_cmpstr (ok_certificate_get_sha1_fingerprint (certificate), ==, view.sha1);
  g_assert_cmpstr (ok_certificate_get_sha256_fingerprint (certificate), ==, view.sha256);
}

static void
assert_strv (const char *const *actual,
             const char *const *expected)
{
  g_autofree char *actual_text = g_strjoinv (" ", (char **) actual);
  g_autofree char *expected_text = g_strjoinv (" ", (char **) expected);

  g_assert_cmpstr (actual_text, ==, expected_text);
}

static void
assert_date (gint64      unix_time,
             const char *expected_iso)
{
  g_autoptr (GDateTime) date_time = g_date_time_new_from_unix_utc (unix_time);
  g_autofree char *iso = g_date_time_format_iso8601 (date_time);

  g_assert_cmpstr (iso, ==, expected_iso);
}

static void
test_sample_system_test (void)
{
  g_autofree char *path = ok_test_sample_path ("system-test.pem");
  g_autoptr (OkCertificate) certificate = NULL;
  g_autoptr (GDateTime) not_after = NULL;
  const char *const key_usage[] = { "digitalSignature", "keyEncipherment", NULL };
  const char *const policies[] = { "0.4.0.2042.1.1", "1.2.208.169.1.1.1.3.7.1", NULL };
  const char *const aia[] = { "http://ca1.cti-gov.dk/oces/issuing/1/cacert/issuing.cer", NULL };
  const char *const ocsp[] = { "http://ca1.cti-gov.dk/ocsp", NULL };
  const char *const crl[] = { "http://ca1.cti-gov.dk/oces/issuing/1/crl/issuing.crl", NULL };

  if (path == NULL)
    return;

  certificate = load_pem_file (path);
  g_assert_cmpstr (ok_certificate_get_cvr (certificate), ==, "19552101");
  g_assert_cmpstr (ok_certificate_get_uuid (certificate), ==, "5e50b9bb-22fd-483d-baf7-fd077ed975f5");
  g_assert_cmpstr (ok_certificate_get_organisation (certificate), ==, "Skatteforvaltningen");
  g_assert_cmpstr (ok_certificate_get_subject_cn (certificate), ==, "Skatteministeriet - B2B gateway TSE TEST");
  g_assert_cmpstr (ok_certificate_get_name (certificate), ==, "Skatteministeriet - B2B gateway TSE TEST");
  g_assert_null (ok_certificate_get_email (certificate));
  g_assert_cmpint (ok_certificate_get_detected_environment (certificate), ==, OK_ENVIRONMENT_TEST);
  g_assert_cmpint (ok_certificate_get_environment (certificate), ==, OK_ENVIRONMENT_TEST);
  g_assert_cmpint (ok_certificate_get_kind (certificate), ==, OK_CERTIFICATE_KIND_SYSTEM);
  g_assert_cmpstr (ok_certificate_get_issuer (certificate), ==,
                   "C=DK,O=Den Danske Stat,OU=Test - cti,CN=Den Danske Stat OCES udstedende-CA 1");
  g_assert_cmpstr (ok_certificate_get_issuer_cn (certificate), ==, "Den Danske Stat OCES udstedende-CA 1");
  g_assert_cmpstr (ok_certificate_get_serial (certificate), ==, "4C5F96B2FF8BFDE1E126D13A348D4270481D1545");
  assert_date (ok_certificate_get_not_before (certificate), "2026-03-25T14:11:30Z");
  assert_date (ok_certificate_get_not_after (certificate), "2029-03-24T14:11:29Z");
  not_after = ok_certificate_dup_not_after (certificate);
  g_assert_cmpint (g_date_time_to_unix (not_after), ==, ok_certificate_get_not_after (certificate));
  g_assert_cmpstr (ok_certificate_get_key_algorithm (certificate), ==, "RSA");
  g_assert_cmpuint (ok_certificate_get_key_bits (certificate), ==, 3072);
  g_assert_cmpstr (ok_certificate_get_signature_algorithm (certificate), ==, "RSASSA-PSS (SHA-256)");
  assert_strv (ok_certificate_get_key_usage (certificate), key_usage);
  assert_strv (ok_certificate_get_policies (certificate), policies);
  assert_strv (ok_certificate_get_aia_urls (certificate), aia);
  assert_strv (ok_certificate_get_ocsp_urls (certificate), ocsp);
  assert_strv (ok_certificate_get_crl_urls (certificate), crl);
  g_assert_false (ok_certificate_get_is_self_signed (certificate));
  assert_agrees_with_openssl (certificate);
}

static void
test_sample_system_prod (void)
{
  g_autofree char *path = ok_test_sample_path ("system-prod.pem");
  g_autoptr (OkCertificate) certificate = NULL;
  const char *const ocsp[] = { "http://ca1.gov.dk/ocsp", NULL };

  if (path == NULL)
    return;

  certificate = load_pem_file (path);
  g_assert_cmpstr (ok_certificate_get_cvr (certificate), ==, "19552101");
  g_assert_cmpstr (ok_certificate_get_uuid (certificate), ==, "bf204036-6f12-4d62-bcc7-5930618355c6");
  g_assert_cmpstr (ok_certificate_get_organisation (certificate), ==, "Skatteforvaltningen");
  g_assert_cmpint (ok_certificate_get_detected_environment (certificate), ==, OK_ENVIRONMENT_PROD);
  g_assert_cmpint (ok_certificate_get_kind (certificate), ==, OK_CERTIFICATE_KIND_SYSTEM);
  g_assert_cmpstr (ok_certificate_get_issuer (certificate), ==,
                   "C=DK,O=Den Danske Stat,CN=Den Danske Stat OCES udstedende-CA 1");
  /* organizationIdentifier by name and as text, exactly as openssl prints the subject. */
  {
    g_autofree char *openssl = ok_test_run_ok ((const char *[]) { "openssl", "x509", "-in", path, "-noout", "-subject",
                                                                  "-nameopt", "RFC2253", NULL }, NULL);

    g_assert_cmpstr (g_strstrip (openssl), ==,
                     "subject=C=DK,organizationIdentifier=NTRDK-19552101,O=Skatteforvaltningen,"
                     "serialNumber=UI:DK-O:G:bf204036-6f12-4d62-bcc7-5930618355c6,CN=Skatteforvaltningen - B2B gateway TSE");
    g_assert_cmpstr (ok_certificate_get_subject (certificate), ==, openssl + strlen ("subject="));
  }
  /* The first serial byte is 0x0E: its leading zero digit must stay. */
  g_assert_cmpstr (ok_certificate_get_serial (certificate), ==, "0EF2E26471149E107205D29C809EFF29DC6A6E36");
  assert_date (ok_certificate_get_not_before (certificate), "2026-03-25T14:04:28Z");
  assert_date (ok_certificate_get_not_after (certificate), "2029-03-24T14:04:27Z");
  g_assert_cmpuint (ok_certificate_get_key_bits (certificate), ==, 3072);
  g_assert_cmpstr (ok_certificate_get_signature_algorithm (certificate), ==, "RSASSA-PSS (SHA-256)");
  assert_strv (ok_certificate_get_ocsp_urls (certificate), ocsp);
  assert_agrees_with_openssl (certificate);
}

static void
test_sample_cas (void)
{
  const struct {
    const char *file;
    gboolean self_signed;
    guint bits;
    OkEnvironment environment;
    const char *signature;
  } cases[] = {
    { "test-root-ca.pem", TRUE, 4096, OK_ENVIRONMENT_TEST, "RSASSA-PSS (SHA-512)" },
    { "test-issuing-ca.pem", FALSE, 3072, OK_ENVIRONMENT_TEST, "RSASSA-PSS (SHA-512)" },
    { "prod-root-ca.pem", TRUE, 4096, OK_ENVIRONMENT_PROD, NULL },
    { "prod-issuing-ca.pem", FALSE, 3072, OK_ENVIRONMENT_PROD, NULL },
  };
  const char *const ca_usage[] = { "keyCertSign", "cRLSign", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = ok_test_sample_path (cases[i].file);
      g_autoptr (OkCertificate) certificate = NULL;

      if (path == NULL)
        return;

      certificate = load_pem_file (path);
      g_assert_cmpint (ok_certificate_get_is_self_signed (certificate), ==, cases[i].self_signed);
      g_assert_cmpuint (ok_certificate_get_key_bits (certificate), ==, cases[i].bits);
      g_assert_cmpint (ok_certificate_get_detected_environment (certificate), ==, cases[i].environment);
      g_assert_cmpint (ok_certificate_get_kind (certificate), ==, OK_CERTIFICATE_KIND_OTHER);
      g_assert_null (ok_certificate_get_cvr (certificate));
      g_assert_null (ok_certificate_get_uuid (certificate));
      g_assert_cmpstr (ok_certificate_get_organisation (certificate), ==, "Den Danske Stat");
      assert_strv (ok_certificate_get_key_usage (certificate), ca_usage);
      if (cases[i].signature != NULL)
        g_assert_cmpstr (ok_certificate_get_signature_algorithm (certificate), ==, cases[i].signature);
      assert_agrees_with_openssl (certificate);
    }
}

static void
test_sample_pinned_roots (void)
{
  g_autofree char *test_path = ok_test_sample_path ("test-root-ca.pem");
  g_autofree char *prod_path = ok_test_sample_path ("prod-root-ca.pem");
  g_autoptr (OkCertificate) test_root = NULL;
  g_autoptr (OkCertificate) prod_root = NULL;

  if (test_path == NULL || prod_path == NULL)
    return;

  test_root = load_pem_file (test_path);
  prod_root = load_pem_file (prod_path);
  g_assert_cmpstr (ok_certificate_get_sha256_fingerprint (test_root), ==, OK_CHAIN_OCES3_TEST_ROOT_SHA256);
  g_assert_cmpstr (ok_certificate_get_sha256_fingerprint (prod_root), ==, OK_CHAIN_OCES3_PROD_ROOT_SHA256);
  g_assert_cmpstr (ok_certificate_get_subject_cn (test_root), ==, "Den Danske Stat OCES rod-CA");
}

/* The leaf of a sample PKCS#12 file, extracted by openssl with the password in the
 * environment. */
static OkCertificate *
load_p12_leaf (const char *path)
{
  const char *argv[] = { "openssl", "pkcs12", "-legacy", "-in", path, "-nokeys", "-clcerts",
                         "-passin", "env:" OK_TEST_PASS_VARIABLE, NULL };
  const char *env[] = { OK_TEST_PASS_VARIABLE "=Test1234", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *pem = ok_test_run_with_env (argv, env, NULL, &error);

  g_assert_no_error (error);
  return load_pem_text (pem);
}

static void
test_sample_p12_oces3 (void)
{
  const struct {
    const char *file;
    const char *cn;
    const char *uuid;
    OkCertificateKind kind;
  } cases[] = {
    { "organisation-test-legacy.p12", "VOCES_gyldig", "c70b0207-162e-4d3d-a7f1-a19a8e07d99b",
      OK_CERTIFICATE_KIND_ORGANISATION },
    { "system-test-legacy.p12", "FOCES_gyldig", "23550132-5e1f-4e43-a5f9-048acf49e0b8",
      OK_CERTIFICATE_KIND_SYSTEM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = ok_test_sample_path (cases[i].file);
      g_autoptr (OkCertificate) certificate = NULL;
      g_autoptr (GDateTime) not_after = NULL;

      if (path == NULL)
        return;

      certificate = load_p12_leaf (path);
      g_assert_cmpstr (ok_certificate_get_subject_cn (certificate), ==, cases[i].cn);
      g_assert_cmpstr (ok_certificate_get_cvr (certificate), ==, "94354969");
      g_assert_cmpstr (ok_certificate_get_uuid (certificate), ==, cases[i].uuid);
      g_assert_cmpstr (ok_certificate_get_organisation (certificate), ==, "Testorganisation nr. 94354969");
      g_assert_cmpint (ok_certificate_get_kind (certificate), ==, cases[i].kind);
      g_assert_cmpint (ok_certificate_get_detected_environment (certificate), ==, OK_ENVIRONMENT_TEST);
      g_assert_cmpuint (ok_certificate_get_key_bits (certificate), ==, 3072);
      g_assert_cmpstr (ok_certificate_get_signature_algorithm (certificate), ==, "RSASSA-PSS (SHA-256)");

      not_after = ok_certificate_dup_not_after (certificate);
      g_assert_cmpint (g_date_time_get_year (not_after), ==, 2024);
      g_assert_cmpint (g_date_time_get_month (not_after), ==, 4);
      g_assert_cmpint (g_date_time_get_day_of_month (not_after), ==, 27);
      g_assert_false (ok_certificate_is_valid_at (certificate, g_get_real_time () / G_USEC_PER_SEC));
      g_assert_cmpint (ok_certificate_get_validity_at (certificate, g_get_real_time () / G_USEC_PER_SEC),
                       ==, OK_VALIDITY_EXPIRED);
      assert_agrees_with_openssl (certificate);
    }
}

static void
test_sample_p12_oces2 (void)
{
  g_autofree char *path = ok_test_sample_path ("oces2-organisation-legacy.p12");
  g_autoptr (OkCertificate) certificate = NULL;
  g_autoptr (GDateTime) not_after = NULL;
  const char *const policies[] = { "1.3.6.1.4.1.31313.2.4.6.3.5", NULL };

  if (path == NULL)
    return;

  certificate = load_p12_leaf (path);
  g_assert_cmpstr (ok_certificate_get_organisation (certificate), ==, "NETS DANID A/S // CVR:30808460");
  g_assert_cmpstr (ok_certificate_get_cvr (certificate), ==, "30808460");
  g_assert_cmpstr (ok_certificate_get_email (certificate), ==, "tu-support@danid.dk");
  g_assert_cmpstr (ok_certificate_get_subject_cn (certificate), ==, "NETS DANID A/S - TU VOCES gyldig");
  g_assert_null (ok_certificate_get_uuid (certificate));
  g_assert_cmpint (ok_certificate_get_kind (certificate), ==, OK_CERTIFICATE_KIND_OCES2);
  g_assert_cmpint (ok_certificate_get_detected_environment (certificate), ==, OK_ENVIRONMENT_TEST);
  g_assert_cmpstr (ok_certificate_get_issuer_cn (certificate), ==, "TRUST2408 Systemtest XXII CA");
  g_assert_cmpstr (ok_certificate_get_signature_algorithm (certificate), ==, "RSA PKCS#1 v1.5 (SHA-256)");
  g_assert_cmpuint (ok_certificate_get_key_bits (certificate), ==, 2048);
  assert_strv (ok_certificate_get_policies (certificate), policies);
  not_after = ok_certificate_dup_not_after (certificate);
  g_assert_cmpint (g_date_time_get_year (not_after), ==, 2022);
  assert_agrees_with_openssl (certificate);
}

static OkCertificate *
make_openssl_self_signed (const char *name,
                          const char *subject,
                          const char *extensions,
                          const char *serial)
{
  g_autofree char *out = work_path (name);
  const char *argv[] = { "openssl", "req", "-x509", "-new", "-config", openssl_config,
                         "-extensions", extensions, "-key", rsa_key, "-sha256",
                         "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32",
                         "-sigopt", "rsa_mgf1_md:sha256", "-days", "1095", "-utf8",
                         "-set_serial", serial, "-subj", subject, "-out", out, NULL };
  g_autofree char *stdout_text = ok_test_run_ok (argv, NULL);

  return load_pem_file (out);
}

static void
test_openssl_oces3_organisation (void)
{
  g_autoptr (OkCertificate) certificate =
    make_openssl_self_signed ("organisation.pem", OCES3_SUBJECT, "organisation",
                              "0x00ABCDEF0123456789ABCDEF0123456789ABCDEF");
  const char *const key_usage[] = { "digitalSignature", "nonRepudiation", "keyEncipherment", NULL };
  const char *const policies[] = { "0.4.0.2042.1.1", "1.2.208.169.1.1.1.3.7.1", NULL };
  const char *const aia[] = { "http://ca.example.test/issuing.cer", NULL };
  const char *const ocsp[] = { "http://ca.example.test/ocsp", NULL };
  const char *const crl[] = { "http://ca.example.test/issuing.crl", NULL };
  g_autofree char *cn = NULL, *cvr = NULL, *uuid = NULL, *email = NULL, *serial = NULL;
  g_autofree char *signature = NULL;
  g_auto (GStrv) usage_property = NULL;
  OkCertificateKind kind;
  OkEnvironment environment;
  guint bits;
  gboolean self_signed;

  g_assert_cmpstr (ok_certificate_get_subject_cn (certificate), ==, "Test System");
  g_assert_cmpstr (ok_certificate_get_organisation (certificate), ==, "Firma A/S");
  g_assert_cmpstr (ok_certificate_get_cvr (certificate), ==, "12345678");
  g_assert_cmpstr (ok_certificate_get_uuid (certificate), ==, "0b5cd3f1-8a7e-4c2b-9d10-6e2f3a4b5c6d");
  g_assert_cmpstr (ok_certificate_get_email (certificate), ==, "admin@firma.dk");
  g_assert_cmpint (ok_certificate_get_kind (certificate), ==, OK_CERTIFICATE_KIND_ORGANISATION);
  /* Self-issued, so the issuer is the subject: not the Danish state, environment unknown. */
  g_assert_cmpint (ok_certificate_get_detected_environment (certificate), ==, OK_ENVIRONMENT_UNKNOWN);
  g_assert_cmpstr (ok_certificate_get_issuer (certificate), ==, ok_certificate_get_subject (certificate));
  g_assert_cmpstr (ok_certificate_get_issuer_cn (certificate), ==, "Test System");
  g_assert_true (ok_certificate_get_is_self_signed (certificate));
  /* DER adds a zero sign byte before 0xAB; the serial shows the bytes as encoded. */
  g_assert_cmpstr (ok_certificate_get_serial (certificate), ==, "00ABCDEF0123456789ABCDEF0123456789ABCDEF");
  g_assert_cmpstr (ok_certificate_get_key_algorithm (certificate), ==, "RSA");
  g_assert_cmpuint (ok_certificate_get_key_bits (certificate), ==, 3072);
  g_assert_cmpstr (ok_certificate_get_signature_algorithm (certificate), ==, "RSASSA-PSS (SHA-256)");
  g_assert_cmpint (ok_certificate_get_not_after (certificate) - ok_certificate_get_not_before (certificate),
                   ==, 1095 * 24 * 3600);
  assert_strv (ok_certificate_get_key_usage (certificate), key_usage);
  assert_strv (ok_certificate_get_policies (certificate), policies);
  assert_strv (ok_certificate_get_aia_urls (certificate), aia);
  assert_strv (ok_certificate_get_ocsp_urls (certificate), ocsp);
  assert_strv (ok_certificate_get_crl_urls (certificate), crl);
  assert_agrees_with_openssl (certificate);

  /* The properties report the same facts as the getters. */
  g_object_get (certificate,
                "subject-cn", &cn, "cvr", &cvr, "uuid", &uuid, "email", &email, "serial", &serial,
                "signature-algorithm", &signature, "key-usage", &usage_property, "kind", &kind,
                "detected-environment", &environment, "key-bits", &bits, "is-self-signed", &self_signed,
                NULL);
  g_assert_cmpstr (cn, ==, "Test System");
  g_assert_cmpstr (cvr, ==, "12345678");
  g_assert_cmpstr (uuid, ==, "0b5cd3f1-8a7e-4c2b-9d10-6e2f3a4b5c6d");
  g_assert_cmpstr (email, ==, "admin@firma.dk");
  g_assert_cmpstr (serial, ==, "00ABCDEF0123456789ABCDEF0123456789ABCDEF");
  g_assert_cmpstr (signature, ==, "RSASSA-PSS (SHA-256)");
  assert_strv ((const char *const *) usage_property, key_usage);
  g_assert_cmpint (kind, ==, OK_CERTIFICATE_KIND_ORGANISATION);
  g_assert_cmpint (environment, ==, OK_ENVIRONMENT_UNKNOWN);
  g_assert_cmpuint (bits, ==, 3072);
  g_assert_true (self_signed);
}

/* A look-alike of the Danish state's issuing CA: names decide the detected environment,
 * while whether the chain is genuine is ok-chain's judgement (see test-chain). */
static void
test_openssl_issued_by_state_names (void)
{
  g_autofree char *ca_pem = work_path ("lookalike-ca.pem");
  g_autofree char *csr = work_path ("system.csr");
  g_autofree char *leaf_pem = work_path ("system.pem");
  const char *ca_argv[] = { "openssl", "req", "-x509", "-new", "-config", openssl_config,
                            "-extensions", "ca", "-key", rsa_key, "-sha256", "-days", "30", "-utf8",
                            "-subj", "/CN=Den Danske Stat OCES udstedende-CA 1/OU=Test - cti/O=Den Danske Stat/C=DK",
                            "-out", ca_pem, NULL };
  const char *csr_argv[] = { "openssl", "req", "-new", "-config", openssl_config, "-key", ec_key,
                             "-utf8", "-subj", OCES3_SUBJECT, "-out", csr, NULL };
  const char *sign_argv[] = { "openssl", "x509", "-req", "-in", csr, "-CA", ca_pem, "-CAkey", rsa_key,
                              "-extfile", openssl_config, "-extensions", "system", "-days", "10",
                              "-set_serial", "0x0123", "-sha384", "-out", leaf_pem, NULL };
  g_autofree char *out1 = ok_test_run_ok (ca_argv, NULL);
  g_autofree char *out2 = ok_test_run_ok (csr_argv, NULL);
  g_autofree char *out3 = ok_test_run_ok (sign_argv, NULL);
  g_autoptr (OkCertificate) certificate = load_pem_file (leaf_pem);
  const char *const key_usage[] = { "digitalSignature", "keyEncipherment", NULL };

  g_assert_cmpint (ok_certificate_get_kind (certificate), ==, OK_CERTIFICATE_KIND_SYSTEM);
  g_assert_cmpint (ok_certificate_get_detected_environment (certificate), ==, OK_ENVIRONMENT_TEST);
  g_assert_cmpstr (ok_certificate_get_issuer (certificate), ==,
                   "C=DK,O=Den Danske Stat,OU=Test - cti,CN=Den Danske Stat OCES udstedende-CA 1");
  g_assert_false (ok_certificate_get_is_self_signed (certificate));
  g_assert_cmpstr (ok_certificate_get_serial (certificate), ==, "0123");
  g_assert_cmpstr (ok_certificate_get_key_algorithm (certificate), ==, "EC");
  g_assert_cmpuint (ok_certificate_get_key_bits (certificate), ==, 256);
  g_assert_cmpstr (ok_certificate_get_signature_algorithm (certificate), ==, "RSA PKCS#1 v1.5 (SHA-384)");
  g_assert_null (ok_certificate_get_email (certificate));
  g_assert_cmpuint (g_strv_length ((char **) ok_certificate_get_aia_urls (certificate)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) ok_certificate_get_crl_urls (certificate)), ==, 0);
  assert_strv (ok_certificate_get_key_usage (certificate), key_usage);
  assert_agrees_with_openssl (certificate);
}

/* "NTRDK-87654321" as the DER of a UTF8String, the form certtool's dn option takes for
 * attributes it has no name for. */
static char *
utf8_string_der_hex (const char *text)
{
  GString *hex = g_string_new ("#0C");

  g_string_append_printf (hex, "%02X", (guint) strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    g_string_append_printf (hex, "%02X", (guint8) *p);

  return g_string_free (hex, FALSE);
}

static OkCertificate *
make_certtool_employee (const char *name,
                        const char *activation,
                        const char *expiration)
{
  g_autofree char *template_path = g_strconcat (workdir, "/", name, ".tmpl", NULL);
  g_autofree char *out = work_path (name);
  g_autofree char *org_id = utf8_string_der_hex ("NTRDK-87654321");
  g_autofree char *template = g_strdup_printf (
    "dn = \"C=DK,2.5.4.97=%s,O=Firma A/S,serialNumber=UI:DK-E:C:1F2E3D4C-5B6A-4978-8695-A4B3C2D1E0F9,CN=Mette Hansen\"\n"
    "serial = 0x00fedcba9876543210\n"
    "email = \"mette@firma.dk\"\n"
    "policy1 = 1.2.208.169.1.1.1.2.7\n"
    "signing_key\n"
    "activation_date = \"%s\"\n"
    "expiration_date = \"%s\"\n"
    "ca_issuers_uri = \"http://ca.example.test/ca.cer\"\n"
    "ocsp_uri = \"http://ca.example.test/ocsp\"\n"
    "crl_dist_points = \"http://ca.example.test/ca.crl\"\n",
    org_id, activation, expiration);
  const char *argv[] = { "certtool", "--generate-self-signed", "--load-privkey", ec_key,
                         "--template", template_path, "--outfile", out, NULL };
  g_autofree char *stdout_text = NULL;

  ok_test_write_text (template_path, template);
  stdout_text = ok_test_run_ok (argv, NULL);
  return load_pem_file (out);
}

static void
test_certtool_employee_expired (void)
{
  g_autoptr (OkCertificate) certificate =
    make_certtool_employee ("employee.pem", "2019-01-01 00:00:00", "2020-12-31 23:59:59");
  const char *const policies[] = { "1.2.208.169.1.1.1.2.7", NULL };
  const char *const crl[] = { "http://ca.example.test/ca.crl", NULL };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpstr (ok_certificate_get_subject_cn (certificate), ==, "Mette Hansen");
  g_assert_cmpstr (ok_certificate_get_cvr (certificate), ==, "87654321");
  g_assert_cmpstr (ok_certificate_get_uuid (certificate), ==, "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9");
  g_assert_cmpstr (ok_certificate_get_email (certificate), ==, "mette@firma.dk");
  g_assert_cmpint (ok_certificate_get_kind (certificate), ==, OK_CERTIFICATE_KIND_EMPLOYEE);
  g_assert_cmpstr (ok_certificate_get_serial (certificate), ==, "00FEDCBA9876543210");
  g_assert_cmpstr (ok_certificate_get_key_algorithm (certificate), ==, "EC");
  g_assert_cmpuint (ok_certificate_get_key_bits (certificate), ==, 256);
  g_assert_cmpstr (ok_certificate_get_signature_algorithm (certificate), ==, "ECDSA (SHA-256)");
  assert_date (ok_certificate_get_not_before (certificate), "2019-01-01T00:00:00Z");
  assert_date (ok_certificate_get_not_after (certificate), "2020-12-31T23:59:59Z");
  assert_strv (ok_certificate_get_policies (certificate), policies);
  assert_strv (ok_certificate_get_crl_urls (certificate), crl);
  g_assert_true (ok_certificate_get_is_self_signed (certificate));
  g_assert_cmpint (ok_certificate_get_validity_at (certificate, now), ==, OK_VALIDITY_EXPIRED);
  g_assert_false (ok_certificate_is_valid_at (certificate, now));
  assert_agrees_with_openssl (certificate);
}

static void
test_certtool_not_yet_valid (void)
{
  /* Past 2049 X.509 switches to GeneralizedTime; both ends must still read right. */
  g_autoptr (OkCertificate) certificate =
    make_certtool_employee ("future.pem", "2090-06-01 12:00:00", "2093-05-31 11:59:59");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  assert_date (ok_certificate_get_not_before (certificate), "2090-06-01T12:00:00Z");
  assert_date (ok_certificate_get_not_after (certificate), "2093-05-31T11:59:59Z");
  g_assert_cmpint (ok_certificate_get_validity_at (certificate, now), ==, OK_VALIDITY_NOT_YET_VALID);
  g_assert_false (ok_certificate_is_valid_at (certificate, now));
  assert_agrees_with_openssl (certificate);
}

static void
test_validity_boundaries (void)
{
  g_autoptr (OkCertificate) certificate =
    make_certtool_employee ("bounds.pem", "2030-01-01 00:00:00", "2030-12-31 23:59:59");
  gint64 not_before = ok_certificate_get_not_before (certificate);
  gint64 not_after = ok_certificate_get_not_after (certificate);

  g_assert_cmpint (ok_certificate_get_validity_at (certificate, not_before - 1), ==, OK_VALIDITY_NOT_YET_VALID);
  g_assert_cmpint (ok_certificate_get_validity_at (certificate, not_before), ==, OK_VALIDITY_VALID);
  g_assert_cmpint (ok_certificate_get_validity_at (certificate, not_after), ==, OK_VALIDITY_VALID);
  g_assert_cmpint (ok_certificate_get_validity_at (certificate, not_after + 1), ==, OK_VALIDITY_EXPIRED);
  g_assert_true (ok_certificate_is_valid_at (certificate, not_after));
  g_assert_false (ok_certificate_is_valid_at (certificate, not_after + 1));
}

static void
test_openssl_oces2_subject (void)
{
  g_autofree char *ca_pem = work_path ("trust2408.pem");
  g_autofree char *csr = work_path ("oces2.csr");
  g_autofree char *leaf_pem = work_path ("oces2.pem");
  const char *ca_argv[] = { "openssl", "req", "-x509", "-new", "-config", openssl_config,
                            "-extensions", "ca", "-key", rsa_key, "-sha256", "-days", "30",
                            "-subj", "/CN=TRUST2408 Systemtest XXII CA/O=TRUST2408/C=DK", "-out", ca_pem, NULL };
  const char *csr_argv[] = { "openssl", "req", "-new", "-config", openssl_config, "-key", ec_key,
                             "-utf8", "-multivalue-rdn",
                             "-subj", "/C=DK/O=Firma A\\/S \\/\\/ CVR:12345678/CN=Firma - TU+serialNumber=CVR:12345678-FID:4711"
                                      "/emailAddress=it@firma.dk",
                             "-out", csr, NULL };
  const char *sign_argv[] = { "openssl", "x509", "-req", "-in", csr, "-CA", ca_pem, "-CAkey", rsa_key,
                              "-extfile", openssl_config, "-extensions", "plain", "-days", "10", "-out", leaf_pem, NULL };
  g_autofree char *out1 = ok_test_run_ok (ca_argv, NULL);
  g_autofree char *out2 = ok_test_run_ok (csr_argv, NULL);
  g_autofree char *out3 = ok_test_run_ok (sign_argv, NULL);
  g_autoptr (OkCertificate) certificate = load_pem_file (leaf_pem);

  g_assert_cmpstr (ok_certificate_get_organisation (certificate), ==, "Firma A/S // CVR:12345678");
  g_assert_cmpstr (ok_certificate_get_subject_cn (certificate), ==, "Firma - TU");
  g_assert_cmpstr (ok_certificate_get_cvr (certificate), ==, "12345678");
  g_assert_null (ok_certificate_get_uuid (certificate));
  /* No SAN here: the e-mail comes from the subject's emailAddress, as OCES2 had it. */
  g_assert_cmpstr (ok_certificate_get_email (certificate), ==, "it@firma.dk");
  g_assert_cmpint (ok_certificate_get_kind (certificate), ==, OK_CERTIFICATE_KIND_OCES2);
  g_assert_cmpint (ok_certificate_get_detected_environment (certificate), ==, OK_ENVIRONMENT_TEST);
  g_assert_cmpstr (ok_certificate_get_issuer_cn (certificate), ==, "TRUST2408 Systemtest XXII CA");
  g_assert_cmpuint (g_strv_length ((char **) ok_certificate_get_key_usage (certificate)), ==, 0);
  assert_agrees_with_openssl (certificate);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GHashTable *counts)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (count + 1));
}

static guint
notified (GHashTable *counts,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static OkCertificate *
make_plain (const char *name,
            const char *subject)
{
  g_autofree char *out = work_path (name);
  const char *argv[] = { "openssl", "req", "-x509", "-new", "-config", openssl_config,
                         "-extensions", "plain", "-key", ec_key, "-days", "5", "-utf8",
                         "-subj", subject, "-out", out, NULL };
  g_autofree char *stdout_text = ok_test_run_ok (argv, NULL);

  return load_pem_file (out);
}

static void
test_metadata_name (void)
{
  g_autoptr (OkCertificate) certificate = make_plain ("name.pem", "/CN=Webshop/O=Firma/C=DK");
  g_autoptr (OkCertificate) nameless = make_plain ("nameless.pem", "/O=Firma/C=DK");
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  g_signal_connect (certificate, "notify", G_CALLBACK (count_notify), counts);

  g_assert_cmpstr (ok_certificate_get_name (certificate), ==, "Webshop");
  ok_certificate_set_name (certificate, "Webshop");
  g_assert_cmpuint (notified (counts, "name"), ==, 0);

  ok_certificate_set_name (certificate, "Produktion");
  g_assert_cmpstr (ok_certificate_get_name (certificate), ==, "Produktion");
  g_assert_cmpuint (notified (counts, "name"), ==, 1);
  g_object_set (certificate, "name", "Produktion", NULL);
  g_assert_cmpuint (notified (counts, "name"), ==, 1);

  ok_certificate_set_name (certificate, "");
  g_assert_cmpstr (ok_certificate_get_name (certificate), ==, "Webshop");
  g_assert_cmpuint (notified (counts, "name"), ==, 2);
  ok_certificate_set_name (certificate, NULL);
  g_assert_cmpuint (notified (counts, "name"), ==, 2);

  g_assert_cmpstr (ok_certificate_get_name (nameless), ==, "C=DK,O=Firma");
}

static void
test_metadata_environment_override (void)
{
  g_autoptr (OkCertificate) certificate = make_plain ("override.pem", "/CN=Webshop/C=DK");
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  OkEnvironment environment;

  g_signal_connect (certificate, "notify", G_CALLBACK (count_notify), counts);
  g_assert_cmpint (ok_certificate_get_detected_environment (certificate), ==, OK_ENVIRONMENT_UNKNOWN);
  g_assert_cmpint (ok_certificate_get_environment (certificate), ==, OK_ENVIRONMENT_UNKNOWN);

  ok_certificate_set_environment_override (certificate, OK_ENVIRONMENT_PROD);
  g_assert_cmpint (ok_certificate_get_environment (certificate), ==, OK_ENVIRONMENT_PROD);
  g_assert_cmpint (ok_certificate_get_detected_environment (certificate), ==, OK_ENVIRONMENT_UNKNOWN);
  g_assert_cmpuint (notified (counts, "environment-override"), ==, 1);
  g_assert_cmpuint (notified (counts, "environment"), ==, 1);

  ok_certificate_set_environment_override (certificate, OK_ENVIRONMENT_PROD);
  g_assert_cmpuint (notified (counts, "environment-override"), ==, 1);

  g_object_set (certificate, "environment-override", OK_ENVIRONMENT_TEST, NULL);
  g_object_get (certificate, "environment", &environment, NULL);
  g_assert_cmpint (environment, ==, OK_ENVIRONMENT_TEST);
  g_assert_cmpuint (notified (counts, "environment"), ==, 2);

  ok_certificate_set_environment_override (certificate, OK_ENVIRONMENT_UNKNOWN);
  g_assert_cmpint (ok_certificate_get_environment (certificate), ==, OK_ENVIRONMENT_UNKNOWN);
  g_assert_cmpuint (notified (counts, "environment-override"), ==, 3);
  g_assert_cmpuint (notified (counts, "environment"), ==, 3);
}

static void
test_sample_environment_override (void)
{
  g_autofree char *path = ok_test_sample_path ("system-test.pem");
  g_autoptr (OkCertificate) certificate = NULL;
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  if (path == NULL)
    return;

  certificate = load_pem_file (path);
  g_signal_connect (certificate, "notify", G_CALLBACK (count_notify), counts);

  /* Overriding with what was detected anyway changes the override, not the environment. */
  ok_certificate_set_environment_override (certificate, OK_ENVIRONMENT_TEST);
  g_assert_cmpuint (notified (counts, "environment-override"), ==, 1);
  g_assert_cmpuint (notified (counts, "environment"), ==, 0);

  ok_certificate_set_environment_override (certificate, OK_ENVIRONMENT_PROD);
  g_assert_cmpint (ok_certificate_get_environment (certificate), ==, OK_ENVIRONMENT_PROD);
  g_assert_cmpint (ok_certificate_get_detected_environment (certificate), ==, OK_ENVIRONMENT_TEST);
  g_assert_cmpuint (notified (counts, "environment"), ==, 1);
}

static void
test_metadata_fields (void)
{
  g_autoptr (OkCertificate) certificate = make_plain ("fields.pem", "/CN=Leaf/C=DK");
  g_autoptr (OkCertificate) ca = make_plain ("fields-ca.pem", "/CN=CA/C=DK");
  g_autoptr (OkCertificate) ca_again = NULL;
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) chain = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) chain_property = NULL;
  g_autofree char *ca_pem = ok_certificate_to_pem (ca);

  g_signal_connect (certificate, "notify", G_CALLBACK (count_notify), counts);

  g_assert_null (ok_certificate_get_id (certificate));
  ok_certificate_set_id (certificate, "3f1c");
  ok_certificate_set_id (certificate, "3f1c");
  g_assert_cmpstr (ok_certificate_get_id (certificate), ==, "3f1c");
  g_assert_cmpuint (notified (counts, "id"), ==, 1);

  g_assert_false (ok_certificate_get_has_private_key (certificate));
  ok_certificate_set_has_private_key (certificate, TRUE);
  ok_certificate_set_has_private_key (certificate, 2);
  g_assert_true (ok_certificate_get_has_private_key (certificate));
  g_assert_cmpuint (notified (counts, "has-private-key"), ==, 1);

  g_assert_cmpint (ok_certificate_get_trust (certificate), ==, OK_TRUST_UNKNOWN);
  ok_certificate_set_trust (certificate, OK_TRUST_OCES3_TEST);
  ok_certificate_set_trust (certificate, OK_TRUST_OCES3_TEST);
  g_assert_cmpint (ok_certificate_get_trust (certificate), ==, OK_TRUST_OCES3_TEST);
  g_assert_cmpuint (notified (counts, "trust"), ==, 1);

  g_assert_cmpuint (ok_certificate_get_chain (certificate)->len, ==, 0);
  g_ptr_array_add (chain, g_object_ref (ca));
  ok_certificate_set_chain (certificate, chain);
  g_assert_cmpuint (notified (counts, "chain"), ==, 1);
  /* The certificate keeps its own copy: the caller's array may change afterwards. */
  g_ptr_array_set_size (chain, 0);
  g_assert_cmpuint (ok_certificate_get_chain (certificate)->len, ==, 1);
  g_assert_true (g_ptr_array_index (ok_certificate_get_chain (certificate), 0) == ca);

  /* An equal chain made of other objects is no change. */
  ca_again = load_pem_text (ca_pem);
  g_ptr_array_add (chain, g_object_ref (ca_again));
  ok_certificate_set_chain (certificate, chain);
  g_assert_cmpuint (notified (counts, "chain"), ==, 1);

  g_object_get (certificate, "chain", &chain_property, NULL);
  g_assert_cmpuint (chain_property->len, ==, 1);

  ok_certificate_set_chain (certificate, NULL);
  g_assert_cmpuint (ok_certificate_get_chain (certificate)->len, ==, 0);
  g_assert_cmpuint (notified (counts, "chain"), ==, 2);
}

static void
assert_error_der (const guint8 *data,
                  gsize         length,
                  int           code)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, length);
  g_autoptr (GError) error = NULL;
  g_autoptr (OkCertificate) certificate = ok_certificate_new_from_der (bytes, &error);

  g_assert_error (error, OK_CERTIFICATE_ERROR, code);
  g_assert_null (certificate);
  g_assert_cmpstr (error->message, !=, "");
}

static void
assert_error_pem (const char *text,
                  int         code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (OkCertificate) certificate = ok_certificate_new_from_pem (text, strlen (text), &error);
  g_autoptr (GPtrArray) list = NULL;

  g_assert_error (error, OK_CERTIFICATE_ERROR, code);
  g_assert_null (certificate);
  g_clear_error (&error);

  list = ok_certificate_list_from_pem (text, strlen (text), &error);
  g_assert_error (error, OK_CERTIFICATE_ERROR, code);
  g_assert_null (list);
}

static void
test_errors (void)
{
  g_autoptr (OkCertificate) certificate = make_plain ("errors.pem", "/CN=Damaged/C=DK");
  GBytes *der = ok_certificate_get_der (certificate);
  gsize size;
  const guint8 *data = g_bytes_get_data (der, &size);
  g_autofree char *pem = ok_certificate_to_pem (certificate);
  g_autofree char *key_pem = ok_test_read_text (ec_key);
  g_autofree char *csr_path = work_path ("errors.csr");
  const char *csr_argv[] = { "openssl", "req", "-new", "-config", openssl_config, "-key", ec_key,
                             "-subj", "/CN=Request", "-outform", "DER", "-out", csr_path, NULL };
  g_autofree char *csr_out = ok_test_run_ok (csr_argv, NULL);
  g_autoptr (GBytes) csr = ok_test_read_file (csr_path);
  g_autofree char *damaged_pem = g_strdup (pem);
  char *body;

  assert_error_der ((const guint8 *) "hello, world", 12, OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE);
  assert_error_der ((const guint8 *) "", 0, OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE);
  assert_error_der (g_bytes_get_data (csr, NULL), g_bytes_get_size (csr), OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE);
  assert_error_der (data, size / 2, OK_CERTIFICATE_ERROR_INVALID);
  assert_error_der (data, size - 1, OK_CERTIFICATE_ERROR_INVALID);
  assert_error_der (data, 1, OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE);

  assert_error_pem ("hello, world", OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE);
  assert_error_pem ("", OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE);
  assert_error_pem (key_pem, OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE);

  /* Damage the base64 body of an otherwise well-formed PEM block. */
  body = strchr (damaged_pem, '\n') + 1;
  memset (body, '!', 40);
  assert_error_pem (damaged_pem, OK_CERTIFICATE_ERROR_INVALID);
}

static void
test_pem_list (void)
{
  g_autoptr (OkCertificate) first = make_plain ("list-1.pem", "/CN=First/C=DK");
  g_autoptr (OkCertificate) second = make_plain ("list-2.pem", "/CN=Second/C=DK");
  g_autofree char *first_pem = ok_certificate_to_pem (first);
  g_autofree char *second_pem = ok_certificate_to_pem (second);
  g_autofree char *key_pem = ok_test_read_text (ec_key);
  g_autofree char *bundle = g_strconcat ("Bag Attributes: none\n", first_pem, key_pem, second_pem, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = ok_certificate_list_from_pem (bundle, strlen (bundle), &error);
  g_autoptr (OkCertificate) only_first = NULL;
  const char *der_argv[] = { "openssl", "x509", "-outform", "DER", "-out", NULL, NULL };
  g_autofree char *der_path = work_path ("list-1.der");
  g_autofree char *out = NULL;
  g_autoptr (GBytes) openssl_der = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (ok_certificate_get_subject_cn (g_ptr_array_index (list, 0)), ==, "First");
  g_assert_cmpstr (ok_certificate_get_subject_cn (g_ptr_array_index (list, 1)), ==, "Second");
  g_assert_true (ok_certificate_equal_der (g_ptr_array_index (list, 0), first));
  g_assert_false (ok_certificate_equal_der (first, second));

  only_first = ok_certificate_new_from_pem (bundle, strlen (bundle), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok_certificate_get_subject_cn (only_first), ==, "First");

  /* Our PEM is what openssl reads back into the very same DER. */
  der_argv[5] = der_path;
  out = ok_test_run_ok (der_argv, first_pem);
  openssl_der = ok_test_read_file (der_path);
  g_assert_true (g_bytes_equal (openssl_der, ok_certificate_get_der (first)));
  g_assert_true (g_str_has_prefix (first_pem, "-----BEGIN CERTIFICATE-----\n"));
}

static void
test_new_from_der (void)
{
  g_autoptr (OkCertificate) from_pem = make_plain ("der.pem", "/CN=Binary/C=DK");
  g_autoptr (GError) error = NULL;
  g_autoptr (OkCertificate) from_der = ok_certificate_new_from_der (ok_certificate_get_der (from_pem), &error);
  g_autoptr (JsonNode) facts_pem = ok_certificate_facts_to_json (from_pem);
  g_autoptr (JsonNode) facts_der = ok_certificate_facts_to_json (from_der);

  g_assert_no_error (error);
  g_assert_true (json_node_equal (facts_pem, facts_der));
  g_assert_cmpstr (ok_certificate_get_subject_cn (from_der), ==, "Binary");
}

static void
test_json_facts (void)
{
  g_autoptr (OkCertificate) certificate =
    make_certtool_employee ("json.pem", "2019-01-01 00:00:00", "2020-12-31 23:59:59");
  g_autoptr (JsonNode) node = ok_certificate_facts_to_json (certificate);
  JsonObject *facts = json_node_get_object (node);
  JsonArray *policies = json_object_get_array_member (facts, "policies");

  g_assert_cmpint (json_object_get_int_member (facts, "facts_version"), ==, OK_CERTIFICATE_FACTS_VERSION);
  g_assert_cmpstr (json_object_get_string_member (facts, "subject_cn"), ==, "Mette Hansen");
  g_assert_cmpstr (json_object_get_string_member (facts, "cvr"), ==, "87654321");
  g_assert_cmpstr (json_object_get_string_member (facts, "uuid"), ==, "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9");
  g_assert_cmpstr (json_object_get_string_member (facts, "email"), ==, "mette@firma.dk");
  g_assert_cmpstr (json_object_get_string_member (facts, "kind"), ==, "employee");
  g_assert_cmpstr (json_object_get_string_member (facts, "environment"), ==, "unknown");
  g_assert_cmpstr (json_object_get_string_member (facts, "serial"), ==, "00FEDCBA9876543210");
  g_assert_cmpstr (json_object_get_string_member (facts, "not_before"), ==, "2019-01-01T00:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (facts, "not_after"), ==, "2020-12-31T23:59:59Z");
  g_assert_cmpint (json_object_get_int_member (facts, "not_after_unix"), ==, ok_certificate_get_not_after (certificate));
  g_assert_cmpstr (json_object_get_string_member (facts, "sha256_fingerprint"), ==,
                   ok_certificate_get_sha256_fingerprint (certificate));
  g_assert_cmpstr (json_object_get_string_member (facts, "signature_algorithm"), ==, "ECDSA (SHA-256)");
  g_assert_cmpint (json_object_get_int_member (facts, "key_bits"), ==, 256);
  g_assert_cmpuint (json_array_get_length (policies), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (policies, 0), ==, "1.2.208.169.1.1.1.2.7");
  g_assert_true (json_object_get_boolean_member (facts, "is_self_signed"));
  g_assert_true (json_object_has_member (facts, "organisation"));
  g_assert_true (json_object_has_member (facts, "issuer"));
  g_assert_true (json_object_has_member (facts, "ocsp_urls"));
  g_assert_true (json_object_has_member (facts, "not_before_unix"));
}

static void
test_json_null_members (void)
{
  g_autoptr (OkCertificate) certificate = make_plain ("json-null.pem", "/O=Firma/C=DK");
  g_autoptr (JsonNode) node = ok_certificate_facts_to_json (certificate);
  JsonObject *facts = json_node_get_object (node);

  g_assert_true (json_object_get_null_member (facts, "subject_cn"));
  g_assert_true (json_object_get_null_member (facts, "cvr"));
  g_assert_true (json_object_get_null_member (facts, "uuid"));
  g_assert_true (json_object_get_null_member (facts, "email"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (facts, "key_usage")), ==, 0);
}

static JsonObject *
facts_object_copy (OkCertificate *certificate)
{
  g_autoptr (JsonNode) node = ok_certificate_facts_to_json (certificate);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr (JsonNode) reparsed = json_from_string (text, NULL);

  return json_object_ref (json_node_get_object (reparsed));
}

static void
test_cached_facts (void)
{
  g_autoptr (OkCertificate) original =
    make_certtool_employee ("cache.pem", "2019-01-01 00:00:00", "2020-12-31 23:59:59");
  GBytes *der = ok_certificate_get_der (original);
  g_autoptr (JsonObject) facts = facts_object_copy (original);
  g_autoptr (OkCertificate) cached = ok_certificate_new_from_cached_facts (facts, der);
  g_autoptr (JsonNode) original_json = ok_certificate_facts_to_json (original);
  g_autoptr (JsonNode) cached_json = ok_certificate_facts_to_json (cached);

  g_assert_true (json_node_equal (original_json, cached_json));
  g_assert_cmpstr (ok_certificate_get_uuid (cached), ==, "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9");
  g_assert_cmpint (ok_certificate_get_kind (cached), ==, OK_CERTIFICATE_KIND_EMPLOYEE);
  g_assert_true (ok_certificate_equal_der (cached, original));
}

/* A cache entry that belongs to this DER is believed without parsing; that is the point. */
static void
test_cached_facts_used (void)
{
  g_autoptr (OkCertificate) original = make_plain ("cache-used.pem", "/CN=Parsed/C=DK");
  g_autoptr (JsonObject) facts = facts_object_copy (original);
  g_autoptr (OkCertificate) cached = NULL;

  json_object_set_string_member (facts, "subject_cn", "From the cache");
  cached = ok_certificate_new_from_cached_facts (facts, ok_certificate_get_der (original));
  g_assert_cmpstr (ok_certificate_get_subject_cn (cached), ==, "From the cache");
  g_assert_cmpstr (ok_certificate_get_name (cached), ==, "From the cache");
}

/* Any cache that does not fit falls back to parsing the DER. */
static void
test_cached_facts_rejected (void)
{
  g_autoptr (OkCertificate) original = make_plain ("cache-bad.pem", "/CN=Parsed/C=DK");
  g_autoptr (OkCertificate) other = make_plain ("cache-other.pem", "/CN=Other/C=DK");
  const char *const removable[] = { "subject_cn", "policies", "not_after_unix", "is_self_signed", "kind" };

  for (guint i = 0; i < G_N_ELEMENTS (removable) + 4; i++)
    {
      g_autoptr (JsonObject) facts = facts_object_copy (original);
      g_autoptr (OkCertificate) cached = NULL;
      GBytes *der = ok_certificate_get_der (original);

      json_object_set_string_member (facts, "subject_cn", "From the cache");
      if (i < G_N_ELEMENTS (removable))
        json_object_remove_member (facts, removable[i]);
      else if (i == G_N_ELEMENTS (removable))
        json_object_set_int_member (facts, "facts_version", OK_CERTIFICATE_FACTS_VERSION + 1);
      else if (i == G_N_ELEMENTS (removable) + 1)
        json_object_set_string_member (facts, "kind", "spaceship");
      else if (i == G_N_ELEMENTS (removable) + 2)
        json_object_set_string_member (facts, "key_bits", "256");
      else
        der = ok_certificate_get_der (other);

      cached = ok_certificate_new_from_cached_facts (facts, der);
      g_test_message ("case %u", i);
      g_assert_cmpstr (ok_certificate_get_subject_cn (cached), ==,
                       i == G_N_ELEMENTS (removable) + 3 ? "Other" : "Parsed");
    }

  {
    g_autoptr (OkCertificate) no_cache = ok_certificate_new_from_cached_facts (NULL, ok_certificate_get_der (original));

    g_assert_cmpstr (ok_certificate_get_subject_cn (no_cache), ==, "Parsed");
  }
}

static void
test_name_control_characters (void)
{
  const char *refused[] = { "two\nlines", "tab\there", "bell\a", "esc \033[1m", "del \177", "c1 \302\233",
                            "line \342\200\250 separator", "bad \377 utf-8" };
  const char *accepted[] = { "Web server (shop)", "Bøgh & Søn A/S", "“quoted” — name", "", NULL };
  g_autofree char *path = ok_test_sample_path ("system-test.pem");
  g_autoptr (OkCertificate) certificate = NULL;
  g_autofree char *stripped = ok_text_strip_controls ("keep\ttab\nand line; drop \033]0;title\007\r");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("refused: %s", refused[i]);
      g_assert_false (ok_text_check_name (refused[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    g_assert_true (ok_text_check_name (accepted[i], NULL));

  g_assert_cmpstr (stripped, ==, "keep\ttab\nand line; drop ]0;title");

  /* The model never holds such a name, whoever sets it. */
  if (path == NULL)
    return;
  certificate = load_pem_file (path);
  ok_certificate_set_name (certificate, "two\nlines\033");
  g_assert_cmpstr (ok_certificate_get_name (certificate), ==, "two lines");
}

int
main (int   argc,
      char *argv[])
{
  const char *rsa_argv[] = { "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072",
                             "-out", NULL, NULL };
  const char *ec_argv[] = { "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                            "-out", NULL, NULL };
  g_autofree char *out1 = NULL, *out2 = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  workdir = ok_test_make_tmpdir ();
  rsa_key = work_path ("rsa.key");
  ec_key = work_path ("ec.key");
  openssl_config = work_path ("openssl.cnf");
  ok_test_write_text (openssl_config, OPENSSL_CONFIG);
  rsa_argv[7] = rsa_key;
  ec_argv[7] = ec_key;
  out1 = ok_test_run_ok (rsa_argv, NULL);
  out2 = ok_test_run_ok (ec_argv, NULL);

  g_test_add_func ("/certificate/samples/system-test", test_sample_system_test);
  g_test_add_func ("/certificate/samples/system-prod", test_sample_system_prod);
  g_test_add_func ("/certificate/samples/cas", test_sample_cas);
  g_test_add_func ("/certificate/samples/pinned-roots", test_sample_pinned_roots);
  g_test_add_func ("/certificate/samples/p12-oces3", test_sample_p12_oces3);
  g_test_add_func ("/certificate/samples/p12-oces2", test_sample_p12_oces2);
  g_test_add_func ("/certificate/name/control-characters", test_name_control_characters);
  g_test_add_func ("/certificate/samples/environment-override", test_sample_environment_override);
  g_test_add_func ("/certificate/openssl/oces3-organisation", test_openssl_oces3_organisation);
  g_test_add_func ("/certificate/openssl/state-names", test_openssl_issued_by_state_names);
  g_test_add_func ("/certificate/openssl/oces2-subject", test_openssl_oces2_subject);
  g_test_add_func ("/certificate/certtool/employee-expired", test_certtool_employee_expired);
  g_test_add_func ("/certificate/certtool/not-yet-valid", test_certtool_not_yet_valid);
  g_test_add_func ("/certificate/validity/boundaries", test_validity_boundaries);
  g_test_add_func ("/certificate/metadata/name", test_metadata_name);
  g_test_add_func ("/certificate/metadata/environment-override", test_metadata_environment_override);
  g_test_add_func ("/certificate/metadata/fields", test_metadata_fields);
  g_test_add_func ("/certificate/errors", test_errors);
  g_test_add_func ("/certificate/pem/list", test_pem_list);
  g_test_add_func ("/certificate/der", test_new_from_der);
  g_test_add_func ("/certificate/json/facts", test_json_facts);
  g_test_add_func ("/certificate/json/null-members", test_json_null_members);
  g_test_add_func ("/certificate/json/cached", test_cached_facts);
  g_test_add_func ("/certificate/json/cached-used", test_cached_facts_used);
  g_test_add_func ("/certificate/json/cached-rejected", test_cached_facts_rejected);

  status = g_test_run ();

  ok_test_remove_tree (workdir);
  g_clear_pointer (&workdir, g_free);
  g_clear_pointer (&rsa_key, g_free);
  g_clear_pointer (&ec_key, g_free);
  g_clear_pointer (&openssl_config, g_free);

  return status;
}
