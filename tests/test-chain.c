/* test-chain.c — chain verification: the real OCES3 chains, chains that openssl and certtool
 * make here, tampered and look-alike chains, and validity reported beside trust
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-certificate.h"
#include "ok-chain.h"
#include "ok-enrollment.h"
#include "ok-test-util.h"
#include "ok-verification.h"

static char *workdir;
static char *openssl_config;
static guint serial_counter = 0x1000;

#define OPENSSL_CONFIG \
  "[req]\n" \
  "distinguished_name = dn\n" \
  "prompt = no\n" \
  "[dn]\n" \
  "[ca]\n" \
  "basicConstraints = critical,CA:TRUE\n" \
  "keyUsage = critical,keyCertSign,cRLSign\n" \
  "subjectKeyIdentifier = hash\n" \
  "[leaf]\n" \
  "basicConstraints = critical,CA:FALSE\n" \
  "keyUsage = critical,digitalSignature,keyEncipherment\n" \
  "certificatePolicies = 0.4.0.2042.1.1,1.2.208.169.1.1.1.3.7.1\n"

/* 2027-06-01T00:00:00Z: inside the validity of the 2026 samples and their CAs. */
#define WHILE_SAMPLES_VALID G_GINT64_CONSTANT (1811808000)
/* 2023-01-01T00:00:00Z: inside the validity of the 2021–2024 legacy samples. */
#define WHILE_LEGACY_VALID G_GINT64_CONSTANT (1672531200)

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
work_path (const char *name)
{
  return g_build_filename (workdir, name, NULL);
}

static OkCertificate *
load_pem_text (const char *pem)
{
  g_autoptr (GError) error = NULL;
  OkCertificate *certificate = ok_certificate_new_from_pem (pem, strlen (pem), &error);

  g_assert_no_error (error);
  return certificate;
}

static OkCertificate *
load_pem_file (const char *path)
{
  g_autofree char *pem = ok_test_read_text (path);

  return load_pem_text (pem);
}

static OkCertificate *
load_sample (const char *name)
{
  g_autofree char *path = ok_test_sample_path (name);

  return path != NULL ? load_pem_file (path) : NULL;
}

/* Builds a GPtrArray of certificates from a NULL-terminated argument list. */
static GPtrArray *
certificates (OkCertificate *first,
              ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (OkCertificate *c = first; c != NULL; c = va_arg (args, OkCertificate *))
    g_ptr_array_add (array, g_object_ref (c));
  va_end (args);

  return array;
}

static OkTrust
verify (OkCertificate *leaf,
        GPtrArray     *chain,
        GPtrArray     *anchors,
        gint64         at_time,
        OkValidity    *validity)
{
  g_autofree char *detail = NULL;
  g_autoptr (GPtrArray) path = NULL;
  OkTrust trust = ok_chain_verify_full (leaf, chain, anchors, at_time, validity, &path, &detail);

  g_test_message ("%s: %s", ok_trust_to_string (trust), detail);
  g_assert_nonnull (detail);
  g_assert_cmpstr (detail, !=, "");
  g_assert_cmpuint (path->len, >=, 1);
  g_assert_true (ok_certificate_equal_der (g_ptr_array_index (path, 0), leaf));

  return trust;
}

static void
assert_trust (OkTrust actual,
              OkTrust expected)
{
  g_assert_cmpstr (ok_trust_to_string (actual), ==, ok_trust_to_string (expected));
}

/* openssl as the independent judge of the same chain. */
static gboolean
openssl_verifies (OkCertificate *leaf,
                  OkCertificate *root,
                  OkCertificate *intermediate)
{
  g_autofree char *root_path = work_path ("verify-root.pem");
  g_autofree char *intermediate_path = work_path ("verify-intermediate.pem");
  g_autofree char *root_pem = ok_certificate_to_pem (root);
  g_autofree char *intermediate_pem = ok_certificate_to_pem (intermediate);
  g_autofree char *leaf_pem = ok_certificate_to_pem (leaf);
  const char *argv[] = { "openssl", "verify", "-no_check_time", "-CAfile", root_path,
                         "-untrusted", intermediate_path, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;

  ok_test_write_text (root_path, root_pem);
  ok_test_write_text (intermediate_path, intermediate_pem);
  out = ok_test_run (argv, leaf_pem, &error);
  return error == NULL && strstr (out, "OK") != NULL;
}

static void
test_sample_oces3 (gconstpointer data)
{
  gboolean prod = GPOINTER_TO_INT (data);
  g_autoptr (OkCertificate) leaf = load_sample (prod ? "system-prod.pem" : "system-test.pem");
  g_autoptr (OkCertificate) issuing = load_sample (prod ? "prod-issuing-ca.pem" : "test-issuing-ca.pem");
  g_autoptr (OkCertificate) root = load_sample (prod ? "prod-root-ca.pem" : "test-root-ca.pem");
  g_autoptr (GPtrArray) chain = NULL;
  g_autoptr (GPtrArray) path = NULL;
  g_autofree char *detail = NULL;
  OkValidity validity = 99;
  OkTrust trust;

  if (leaf == NULL || issuing == NULL || root == NULL)
    return;

  chain = certificates (issuing, root, NULL);
  trust = ok_chain_verify_full (leaf, chain, NULL, WHILE_SAMPLES_VALID, &validity, &path, &detail);
  assert_trust (trust, prod ? OK_TRUST_OCES3_PROD : OK_TRUST_OCES3_TEST);
  g_assert_cmpint (validity, ==, OK_VALIDITY_VALID);
  g_assert_cmpuint (path->len, ==, 3);
  g_assert_true (g_ptr_array_index (path, 1) == issuing);
  g_assert_true (g_ptr_array_index (path, 2) == root);
  g_assert_nonnull (strstr (detail, prod ? "production root" : "Test root"));
  g_assert_true (ok_trust_is_trusted (trust));
  g_assert_true (openssl_verifies (leaf, root, issuing));

  /* The short form agrees. */
  assert_trust (ok_chain_verify (leaf, chain, NULL, WHILE_SAMPLES_VALID, NULL), trust);

  /* A real OCES3 certificate passes every answer check for its own environment, and only there. */
  {
    g_autoptr (GPtrArray) chain_der = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
    OkEnvironment own = prod ? OK_ENVIRONMENT_PROD : OK_ENVIRONMENT_TEST;
    OkEnvironment other = prod ? OK_ENVIRONMENT_TEST : OK_ENVIRONMENT_PROD;
    g_autoptr (GError) error = NULL;

    /* The root travels in the chain: it is recognised by its pinned fingerprint. */
    g_ptr_array_add (chain_der, g_bytes_ref (ok_certificate_get_der (issuing)));
    g_ptr_array_add (chain_der, g_bytes_ref (ok_certificate_get_der (root)));
    g_assert_true (ok_verification_check (ok_certificate_get_der (leaf), chain_der, NULL, NULL, own, NULL,
                                          WHILE_SAMPLES_VALID, &error));
    g_assert_no_error (error);
    g_assert_false (ok_verification_check (ok_certificate_get_der (leaf), chain_der, NULL, NULL, other, NULL,
                                           WHILE_SAMPLES_VALID, &error));
    g_assert_error (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_WRONG_ENVIRONMENT);
  }
}

static void
test_sample_unordered (void)
{
  g_autoptr (OkCertificate) leaf = load_sample ("system-test.pem");
  g_autoptr (OkCertificate) test_issuing = load_sample ("test-issuing-ca.pem");
  g_autoptr (OkCertificate) test_root = load_sample ("test-root-ca.pem");
  g_autoptr (OkCertificate) prod_issuing = load_sample ("prod-issuing-ca.pem");
  g_autoptr (OkCertificate) prod_root = load_sample ("prod-root-ca.pem");
  g_autoptr (GPtrArray) chain = NULL;
  g_autoptr (GPtrArray) path = NULL;
  OkTrust trust;

  if (leaf == NULL || test_issuing == NULL || test_root == NULL || prod_issuing == NULL || prod_root == NULL)
    return;

  /* Roots first, the other environment's CAs and the leaf itself mixed in. */
  chain = certificates (test_root, prod_root, leaf, prod_issuing, test_issuing, NULL);
  trust = ok_chain_verify_full (leaf, chain, NULL, WHILE_SAMPLES_VALID, NULL, &path, NULL);
  assert_trust (trust, OK_TRUST_OCES3_TEST);
  g_assert_cmpuint (path->len, ==, 3);
  g_assert_true (g_ptr_array_index (path, 1) == test_issuing);
}

static void
test_sample_roots_alone (void)
{
  g_autoptr (OkCertificate) test_root = load_sample ("test-root-ca.pem");
  g_autoptr (OkCertificate) prod_root = load_sample ("prod-root-ca.pem");

  if (test_root == NULL || prod_root == NULL)
    return;

  assert_trust (verify (test_root, NULL, NULL, WHILE_SAMPLES_VALID, NULL), OK_TRUST_OCES3_TEST);
  assert_trust (verify (prod_root, NULL, NULL, WHILE_SAMPLES_VALID, NULL), OK_TRUST_OCES3_PROD);
}

static void
test_sample_incomplete (void)
{
  g_autoptr (OkCertificate) leaf = load_sample ("system-test.pem");
  g_autoptr (OkCertificate) issuing = load_sample ("test-issuing-ca.pem");
  g_autoptr (OkCertificate) prod_issuing = load_sample ("prod-issuing-ca.pem");
  g_autoptr (OkCertificate) prod_root = load_sample ("prod-root-ca.pem");
  g_autoptr (GPtrArray) only_issuing = NULL;
  g_autoptr (GPtrArray) wrong_environment = NULL;
  g_autoptr (GPtrArray) empty = g_ptr_array_new ();

  if (leaf == NULL || issuing == NULL || prod_issuing == NULL || prod_root == NULL)
    return;

  only_issuing = certificates (issuing, NULL);
  wrong_environment = certificates (prod_issuing, prod_root, NULL);

  /* The root is not shipped: a chain without it cannot be judged OCES3. */
  assert_trust (verify (leaf, only_issuing, NULL, WHILE_SAMPLES_VALID, NULL), OK_TRUST_INCOMPLETE);
  assert_trust (verify (leaf, NULL, NULL, WHILE_SAMPLES_VALID, NULL), OK_TRUST_UNKNOWN);
  assert_trust (verify (leaf, empty, empty, WHILE_SAMPLES_VALID, NULL), OK_TRUST_UNKNOWN);
  /* The Prod CAs do not carry the Test leaf's issuer name, so nothing issued it. */
  assert_trust (verify (leaf, wrong_environment, NULL, WHILE_SAMPLES_VALID, NULL), OK_TRUST_UNKNOWN);
}

/* Certificates of a sample PKCS#12 file: the leaf (-clcerts) or the CAs (-cacerts). */
static GPtrArray *
load_p12 (const char *name,
          gboolean    leaf)
{
  g_autofree char *path = ok_test_sample_path (name);
  const char *argv[] = { "openssl", "pkcs12", "-legacy", "-in", path, "-nokeys",
                         leaf ? "-clcerts" : "-cacerts",
                         "-passin", "env:" OK_TEST_PASS_VARIABLE, NULL };
  const char *env[] = { OK_TEST_PASS_VARIABLE "=Test1234", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *pem = NULL;
  GPtrArray *list;

  if (path == NULL)
    return NULL;

  pem = ok_test_run_with_env (argv, env, NULL, &error);
  g_assert_no_error (error);
  list = ok_certificate_list_from_pem (pem, strlen (pem), &error);
  g_assert_no_error (error);
  return list;
}

static void
test_sample_expired (void)
{
  g_autoptr (GPtrArray) leaf_list = load_p12 ("organisation-test-legacy.p12", TRUE);
  g_autoptr (GPtrArray) chain = load_p12 ("organisation-test-legacy.p12", FALSE);
  g_autofree char *detail = NULL;
  OkCertificate *leaf;
  OkValidity validity = 99;
  OkTrust trust;

  if (leaf_list == NULL || chain == NULL)
    return;

  g_assert_cmpuint (leaf_list->len, ==, 1);
  g_assert_cmpuint (chain->len, ==, 2);
  leaf = g_ptr_array_index (leaf_list, 0);

  /* Expired, yet genuinely from the state CA: both facts, neither hiding the other. */
  trust = ok_chain_verify_full (leaf, chain, NULL, now (), &validity, NULL, &detail);
  assert_trust (trust, OK_TRUST_OCES3_TEST);
  g_assert_cmpint (validity, ==, OK_VALIDITY_EXPIRED);
  g_assert_nonnull (strstr (detail, "VOCES_gyldig” expired on 2024-04-27"));

  trust = ok_chain_verify_full (leaf, chain, NULL, WHILE_LEGACY_VALID, &validity, NULL, NULL);
  assert_trust (trust, OK_TRUST_OCES3_TEST);
  g_assert_cmpint (validity, ==, OK_VALIDITY_VALID);
}

static void
test_sample_oces2 (void)
{
  g_autoptr (GPtrArray) leaf_list = load_p12 ("oces2-organisation-legacy.p12", TRUE);
  g_autoptr (GPtrArray) chain = load_p12 ("oces2-organisation-legacy.p12", FALSE);
  g_autoptr (GPtrArray) path = NULL;
  OkValidity validity;

  if (leaf_list == NULL || chain == NULL)
    return;

  assert_trust (ok_chain_verify_full (g_ptr_array_index (leaf_list, 0), chain, NULL, now (), &validity, &path, NULL),
                OK_TRUST_UNTRUSTED);
  g_assert_cmpuint (path->len, ==, 3);
  g_assert_cmpint (validity, ==, OK_VALIDITY_EXPIRED);
}

typedef struct
{
  OkCertificate *root;
  OkCertificate *ca;
  OkCertificate *leaf;
  char *root_key;
  char *ca_key;
} Pki;

static void
pki_clear (Pki *pki)
{
  g_clear_object (&pki->root);
  g_clear_object (&pki->ca);
  g_clear_object (&pki->leaf);
  g_clear_pointer (&pki->root_key, g_free);
  g_clear_pointer (&pki->ca_key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pki, pki_clear)

static char *
make_key (const char *name)
{
  char *path = work_path (name);
  const char *argv[] = { "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                         "-out", path, NULL };
  g_autofree char *out = ok_test_run_ok (argv, NULL);

  return path;
}

static OkCertificate *
openssl_root (const char *name,
              const char *subject,
              const char *key)
{
  g_autofree char *out_path = work_path (name);
  const char *argv[] = { "openssl", "req", "-x509", "-new", "-config", openssl_config, "-extensions", "ca",
                         "-key", key, "-days", "3650", "-utf8", "-subj", subject, "-out", out_path, NULL };
  g_autofree char *out = ok_test_run_ok (argv, NULL);

  return load_pem_file (out_path);
}

static OkCertificate *
openssl_issue (const char    *name,
               const char    *subject,
               const char    *key,
               OkCertificate *issuer,
               const char    *issuer_key,
               const char    *extensions,
               const char    *days)
{
  g_autofree char *csr_path = g_strconcat (workdir, "/", name, ".csr", NULL);
  g_autofree char *issuer_path = g_strconcat (workdir, "/", name, ".issuer.pem", NULL);
  g_autofree char *out_path = work_path (name);
  g_autofree char *issuer_pem = ok_certificate_to_pem (issuer);
  g_autofree char *serial = g_strdup_printf ("%u", serial_counter++);
  const char *csr_argv[] = { "openssl", "req", "-new", "-config", openssl_config, "-key", key, "-utf8",
                             "-subj", subject, "-out", csr_path, NULL };
  const char *sign_argv[] = { "openssl", "x509", "-req", "-in", csr_path, "-CA", issuer_path,
                              "-CAkey", issuer_key, "-extfile", openssl_config, "-extensions", extensions,
                              "-days", days, "-set_serial", serial, "-sha256", "-out", out_path, NULL };
  g_autofree char *out1 = NULL, *out2 = NULL;

  ok_test_write_text (issuer_path, issuer_pem);
  out1 = ok_test_run_ok (csr_argv, NULL);
  out2 = ok_test_run_ok (sign_argv, NULL);
  return load_pem_file (out_path);
}

static void
make_openssl_pki (Pki        *pki,
                  const char *prefix,
                  const char *root_subject,
                  const char *ca_subject)
{
  g_autofree char *root_name = g_strconcat (prefix, "-root.pem", NULL);
  g_autofree char *ca_name = g_strconcat (prefix, "-ca.pem", NULL);
  g_autofree char *leaf_name = g_strconcat (prefix, "-leaf.pem", NULL);
  g_autofree char *root_key_name = g_strconcat (prefix, "-root.key", NULL);
  g_autofree char *ca_key_name = g_strconcat (prefix, "-ca.key", NULL);
  g_autofree char *leaf_key_name = g_strconcat (prefix, "-leaf.key", NULL);
  g_autofree char *leaf_key = make_key (leaf_key_name);

  pki->root_key = make_key (root_key_name);
  pki->ca_key = make_key (ca_key_name);
  pki->root = openssl_root (root_name, root_subject, pki->root_key);
  pki->ca = openssl_issue (ca_name, ca_subject, pki->ca_key, pki->root, pki->root_key, "ca", "1000");
  pki->leaf = openssl_issue (leaf_name,
                             "/CN=Test System/serialNumber=UI:DK-O:G:0b5cd3f1-8a7e-4c2b-9d10-6e2f3a4b5c6d"
                             "/O=Firma A\\/S/organizationIdentifier=NTRDK-12345678/C=DK",
                             leaf_key, pki->ca, pki->ca_key, "leaf", "10");
}

static void
test_openssl_untrusted_and_anchor (void)
{
  g_auto (Pki) pki = { NULL };
  g_autoptr (GPtrArray) chain = NULL;
  g_autoptr (GPtrArray) ca_only = NULL;
  g_autoptr (GPtrArray) root_anchor = NULL;
  g_autoptr (GPtrArray) ca_anchor = NULL;
  OkValidity validity;

  make_openssl_pki (&pki, "plain", "/CN=Reference Root CA/O=OCES Keeper Test/C=DK",
                    "/CN=Reference Issuing CA/O=OCES Keeper Test/C=DK");
  g_assert_true (openssl_verifies (pki.leaf, pki.root, pki.ca));

  chain = certificates (pki.ca, pki.root, NULL);
  ca_only = certificates (pki.ca, NULL);
  root_anchor = certificates (pki.root, NULL);
  ca_anchor = certificates (pki.ca, NULL);

  assert_trust (verify (pki.leaf, chain, NULL, now (), &validity), OK_TRUST_UNTRUSTED);
  g_assert_cmpint (validity, ==, OK_VALIDITY_VALID);
  g_assert_false (ok_trust_is_trusted (OK_TRUST_UNTRUSTED));
  assert_trust (verify (pki.leaf, chain, root_anchor, now (), NULL), OK_TRUST_ANCHOR);
  assert_trust (verify (pki.leaf, ca_only, root_anchor, now (), NULL), OK_TRUST_ANCHOR);
  assert_trust (verify (pki.leaf, NULL, ca_anchor, now (), NULL), OK_TRUST_ANCHOR);
  assert_trust (verify (pki.leaf, ca_only, NULL, now (), NULL), OK_TRUST_INCOMPLETE);
  assert_trust (verify (pki.root, NULL, NULL, now (), NULL), OK_TRUST_UNTRUSTED);

  /* Time decides validity, never trust. */
  assert_trust (verify (pki.leaf, chain, root_anchor, now () + 30 * 24 * 3600, &validity), OK_TRUST_ANCHOR);
  g_assert_cmpint (validity, ==, OK_VALIDITY_EXPIRED);
  assert_trust (verify (pki.leaf, chain, root_anchor, now () - 24 * 3600, &validity), OK_TRUST_ANCHOR);
  g_assert_cmpint (validity, ==, OK_VALIDITY_NOT_YET_VALID);
}

static OkCertificate *
certtool_certificate (const char    *name,
                      const char    *template,
                      const char    *key,
                      OkCertificate *issuer,
                      const char    *issuer_key)
{
  g_autofree char *template_path = g_strconcat (workdir, "/", name, ".tmpl", NULL);
  g_autofree char *issuer_path = g_strconcat (workdir, "/", name, ".issuer.pem", NULL);
  g_autofree char *out_path = work_path (name);
  g_autofree char *out = NULL;

  ok_test_write_text (template_path, template);
  if (issuer == NULL)
    {
      const char *argv[] = { "certtool", "--generate-self-signed", "--load-privkey", key,
                             "--template", template_path, "--outfile", out_path, NULL };

      out = ok_test_run_ok (argv, NULL);
    }
  else
    {
      g_autofree char *issuer_pem = ok_certificate_to_pem (issuer);
      const char *argv[] = { "certtool", "--generate-certificate", "--load-privkey", key,
                             "--load-ca-certificate", issuer_path, "--load-ca-privkey", issuer_key,
                             "--template", template_path, "--outfile", out_path, NULL };

      ok_test_write_text (issuer_path, issuer_pem);
      out = ok_test_run_ok (argv, NULL);
    }

  return load_pem_file (out_path);
}

static void
test_certtool_chain (void)
{
  g_autofree char *root_key = make_key ("certtool-root.key");
  g_autofree char *leaf_key = make_key ("certtool-leaf.key");
  g_autoptr (OkCertificate) root =
    certtool_certificate ("certtool-root.pem",
                          "cn = \"certtool Root\"\nca\ncert_signing_key\ncrl_signing_key\n"
                          "activation_date = \"2020-01-01 00:00:00\"\nexpiration_date = \"2045-01-01 00:00:00\"\n",
                          root_key, NULL, NULL);
  g_autoptr (OkCertificate) expired_root =
    certtool_certificate ("certtool-old-root.pem",
                          "cn = \"certtool Old Root\"\nca\ncert_signing_key\n"
                          "activation_date = \"2010-01-01 00:00:00\"\nexpiration_date = \"2020-01-01 00:00:00\"\n",
                          root_key, NULL, NULL);
  const char *leaf_template =
    "cn = \"certtool Leaf\"\nsigning_key\nencryption_key\n"
    "activation_date = \"2015-01-01 00:00:00\"\nexpiration_date = \"2040-01-01 00:00:00\"\n";
  g_autoptr (OkCertificate) leaf = certtool_certificate ("certtool-leaf.pem", leaf_template, leaf_key, root, root_key);
  g_autoptr (OkCertificate) old_leaf =
    certtool_certificate ("certtool-old-leaf.pem", leaf_template, leaf_key, expired_root, root_key);
  g_autoptr (GPtrArray) chain = certificates (root, NULL);
  g_autoptr (GPtrArray) old_chain = certificates (expired_root, NULL);
  g_autofree char *detail = NULL;
  OkValidity validity;

  assert_trust (verify (leaf, chain, NULL, now (), &validity), OK_TRUST_UNTRUSTED);
  g_assert_cmpint (validity, ==, OK_VALIDITY_VALID);
  assert_trust (verify (leaf, NULL, chain, now (), NULL), OK_TRUST_ANCHOR);

  /* A valid leaf under an expired CA: the path as a whole is expired, and says which. */
  assert_trust (ok_chain_verify_full (old_leaf, old_chain, old_chain, now (), &validity, NULL, &detail),
                OK_TRUST_ANCHOR);
  g_assert_cmpint (validity, ==, OK_VALIDITY_EXPIRED);
  g_assert_nonnull (strstr (detail, "“certtool Old Root” expired on 2020-01-01"));
  g_assert_null (strstr (detail, "certtool Leaf”"));
}

static void
test_tampered_signature (void)
{
  g_auto (Pki) pki = { NULL };
  g_autoptr (GPtrArray) chain = NULL;
  g_autoptr (GPtrArray) anchors = NULL;
  g_autoptr (GBytes) tampered_der = NULL;
  g_autoptr (OkCertificate) tampered = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *bytes = NULL;
  gconstpointer data;
  gsize size;

  make_openssl_pki (&pki, "tamper", "/CN=Tamper Root/C=DK", "/CN=Tamper CA/C=DK");
  data = g_bytes_get_data (ok_certificate_get_der (pki.leaf), &size);
  bytes = g_memdup2 (data, size);
  /* The last bytes belong to the ECDSA signature's integer s; flipping one keeps the DER
   * well-formed, so only the signature check can notice. */
  bytes[size - 2] ^= 0x01;
  tampered_der = g_bytes_new (bytes, size);
  tampered = ok_certificate_new_from_der (tampered_der, &error);
  g_assert_no_error (error);

  chain = certificates (pki.ca, pki.root, NULL);
  anchors = certificates (pki.root, NULL);
  assert_trust (verify (tampered, chain, NULL, now (), NULL), OK_TRUST_INVALID);
  assert_trust (verify (tampered, chain, anchors, now (), NULL), OK_TRUST_INVALID);
  g_assert_false (openssl_verifies (tampered, pki.root, pki.ca));
  g_assert_true (openssl_verifies (pki.leaf, pki.root, pki.ca));
}

static void
test_look_alike_issuer (void)
{
  g_auto (Pki) pki = { NULL };
  g_autofree char *forged_key = make_key ("forged-ca.key");
  g_autoptr (OkCertificate) forged_ca = NULL;
  g_autoptr (GPtrArray) forged_chain = NULL;
  g_autoptr (GPtrArray) both = NULL;
  g_autoptr (GPtrArray) path = NULL;
  g_autoptr (GPtrArray) anchors = NULL;

  make_openssl_pki (&pki, "lookalike", "/CN=Lookalike Root/C=DK", "/CN=Lookalike CA/C=DK");
  /* Same name as the real issuing CA, other key, signed by the same root. */
  forged_ca = openssl_issue ("forged-ca.pem", "/CN=Lookalike CA/C=DK", forged_key, pki.root, pki.root_key,
                             "ca", "1000");

  forged_chain = certificates (forged_ca, pki.root, NULL);
  assert_trust (verify (pki.leaf, forged_chain, NULL, now (), NULL), OK_TRUST_INVALID);

  /* With both present, the CA whose key made the signature is chosen. */
  both = certificates (forged_ca, pki.ca, pki.root, NULL);
  anchors = certificates (pki.root, NULL);
  assert_trust (ok_chain_verify_full (pki.leaf, both, anchors, now (), NULL, &path, NULL), OK_TRUST_ANCHOR);
  g_assert_true (g_ptr_array_index (path, 1) == pki.ca);
}

/* A chain built to carry the Danish state's names ends at a root with the right name but
 * the wrong fingerprint: names alone never make a chain OCES3. */
static void
test_state_look_alike (void)
{
  g_auto (Pki) pki = { NULL };
  g_autoptr (OkCertificate) real_root = load_sample ("test-root-ca.pem");
  g_autoptr (GPtrArray) fake_chain = NULL;
  g_autoptr (GPtrArray) real_root_only = NULL;

  make_openssl_pki (&pki, "state", "/CN=Den Danske Stat OCES rod-CA/OU=Test - cti/O=Den Danske Stat/C=DK",
                    "/CN=Den Danske Stat OCES udstedende-CA 1/OU=Test - cti/O=Den Danske Stat/C=DK");
  g_assert_cmpint (ok_certificate_get_detected_environment (pki.leaf), ==, OK_ENVIRONMENT_TEST);

  fake_chain = certificates (pki.ca, pki.root, NULL);
  assert_trust (verify (pki.leaf, fake_chain, NULL, now (), NULL), OK_TRUST_UNTRUSTED);

  if (real_root == NULL)
    return;

  /* The real root by name, but its key did not sign the forged issuing CA. */
  real_root_only = certificates (pki.ca, real_root, NULL);
  assert_trust (verify (pki.leaf, real_root_only, NULL, now (), NULL), OK_TRUST_INVALID);
}

static void
test_issuer_not_a_ca (void)
{
  g_auto (Pki) pki = { NULL };
  g_autofree char *middle_key = make_key ("not-ca.key");
  g_autofree char *leaf_key = make_key ("not-ca-leaf.key");
  g_autoptr (OkCertificate) middle = NULL;
  g_autoptr (OkCertificate) leaf = NULL;
  g_autoptr (GPtrArray) chain = NULL;

  make_openssl_pki (&pki, "notca", "/CN=NotCA Root/C=DK", "/CN=NotCA CA/C=DK");
  /* An end-entity certificate used as if it were a CA. */
  middle = openssl_issue ("not-ca.pem", "/CN=Pretend CA/C=DK", middle_key, pki.root, pki.root_key, "leaf", "100");
  leaf = openssl_issue ("not-ca-leaf.pem", "/CN=Victim/C=DK", leaf_key, middle, middle_key, "leaf", "10");

  chain = certificates (middle, pki.root, NULL);
  assert_trust (verify (leaf, chain, NULL, now (), NULL), OK_TRUST_INVALID);
  g_assert_false (openssl_verifies (leaf, pki.root, middle));
}

static void
test_trust_strings (void)
{
  const struct { OkTrust trust; const char *id; gboolean trusted; } cases[] = {
    { OK_TRUST_UNKNOWN, "unknown", FALSE },
    { OK_TRUST_INCOMPLETE, "incomplete", FALSE },
    { OK_TRUST_UNTRUSTED, "untrusted", FALSE },
    { OK_TRUST_INVALID, "invalid", FALSE },
    { OK_TRUST_OCES3_TEST, "oces3-test", TRUE },
    { OK_TRUST_OCES3_PROD, "oces3-prod", TRUE },
    { OK_TRUST_ANCHOR, "anchor", TRUE },
  };
  g_autoptr (GHashTable) descriptions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GEnumClass) enum_class = g_type_class_ref (OK_TYPE_TRUST);
  OkTrust trust = OK_TRUST_ANCHOR;

  g_assert_cmpuint (enum_class->n_values, ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      OkTrust parsed = 99;

      g_assert_cmpstr (ok_trust_to_string (cases[i].trust), ==, cases[i].id);
      g_assert_true (ok_trust_from_string (cases[i].id, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].trust);
      g_assert_cmpint (ok_trust_is_trusted (cases[i].trust), ==, cases[i].trusted);
      g_assert_true (g_hash_table_add (descriptions, (gpointer) ok_trust_get_description (cases[i].trust)));
    }

  g_assert_cmpstr (ok_trust_get_description (OK_TRUST_OCES3_PROD), ==, "Trusted OCES3 chain (Prod)");
  g_assert_cmpstr (ok_trust_get_description (OK_TRUST_OCES3_TEST), ==, "Trusted OCES3 chain (Test)");
  g_assert_false (ok_trust_from_string ("OCES3_TEST", &trust));
  g_assert_cmpint (trust, ==, OK_TRUST_ANCHOR);

  g_assert_cmpstr (ok_validity_to_string (OK_VALIDITY_VALID), ==, "valid");
  g_assert_cmpstr (ok_validity_to_string (OK_VALIDITY_NOT_YET_VALID), ==, "not-yet-valid");
  g_assert_cmpstr (ok_validity_to_string (OK_VALIDITY_EXPIRED), ==, "expired");
  g_assert_cmpstr (ok_validity_get_description (OK_VALIDITY_EXPIRED), ==, "Expired");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  workdir = ok_test_make_tmpdir ();
  openssl_config = work_path ("openssl.cnf");
  ok_test_write_text (openssl_config, OPENSSL_CONFIG);

  g_test_add_data_func ("/chain/samples/oces3-test", GINT_TO_POINTER (FALSE), test_sample_oces3);
  g_test_add_data_func ("/chain/samples/oces3-prod", GINT_TO_POINTER (TRUE), test_sample_oces3);
  g_test_add_func ("/chain/samples/unordered", test_sample_unordered);
  g_test_add_func ("/chain/samples/roots-alone", test_sample_roots_alone);
  g_test_add_func ("/chain/samples/incomplete", test_sample_incomplete);
  g_test_add_func ("/chain/samples/expired", test_sample_expired);
  g_test_add_func ("/chain/samples/oces2", test_sample_oces2);
  g_test_add_func ("/chain/openssl/untrusted-and-anchor", test_openssl_untrusted_and_anchor);
  g_test_add_func ("/chain/certtool/chain", test_certtool_chain);
  g_test_add_func ("/chain/invalid/tampered-signature", test_tampered_signature);
  g_test_add_func ("/chain/invalid/look-alike-issuer", test_look_alike_issuer);
  g_test_add_func ("/chain/invalid/state-look-alike", test_state_look_alike);
  g_test_add_func ("/chain/invalid/issuer-not-a-ca", test_issuer_not_a_ca);
  g_test_add_func ("/chain/trust/strings", test_trust_strings);

  status = g_test_run ();

  ok_test_remove_tree (workdir);
  g_clear_pointer (&workdir, g_free);
  g_clear_pointer (&openssl_config, g_free);

  return status;
}
