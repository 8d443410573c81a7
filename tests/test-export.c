/* test-export.c — our PKCS#12, PEM and encrypted keys as openssl reads them
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/gnutls.h>

#include "ok-export.h"
#include "ok-import.h"
#include "ok-keys-test-util.h"

static OktPki *pki;
static OkKey *leaf_key;

static const char password[] = "throwaway-export-password";
static const char * const pass_env[] = { OKT_PASS_VARIABLE, password, NULL };
static const char * const wrong_env[] = { OKT_PASS_VARIABLE, "not-the-password", NULL };

static char *
pki_path (const char *name)
{
  return g_build_filename (pki->dir, name, NULL);
}

static void
assert_same_bytes (GBytes *actual,
                   GBytes *expected)
{
  g_assert_nonnull (actual);
  g_assert_cmpmem (g_bytes_get_data (actual, NULL), g_bytes_get_size (actual),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static GBytes *
pem_to_der (const char *pem,
            const char *tool)
{
  g_autoptr(GBytes) input = g_bytes_new (pem, strlen (pem));
  g_autoptr(OktResult) result = okt_run (NULL, NULL, input, (const char *[]) {
    "openssl", tool, "-outform", "DER", NULL });

  g_assert_cmpint (result->exit_status, ==, 0);
  return g_bytes_ref (result->out);
}

static GBytes *
public_key_of_key_pem (const char *pem)
{
  g_autoptr(GBytes) input = g_bytes_new (pem, strlen (pem));
  g_autoptr(OktResult) result = okt_run (NULL, NULL, input, (const char *[]) {
    "openssl", "pkey", "-pubout", "-outform", "DER", NULL });

  g_assert_cmpint (result->exit_status, ==, 0);
  return g_bytes_ref (result->out);
}

/* One `openssl pkcs12 -info -nodes` run: the structure on stderr, every certificate and the
 * key with their bag attributes on stdout. Each run costs the full key derivation, so the
 * tests ask openssl as few times as they can. */
static OktResult *
openssl_pkcs12 (const char * const *env,
                const char         *path,
                gboolean            legacy)
{
  return okt_run (NULL, env, NULL, legacy ?
    (const char *[]) { "openssl", "pkcs12", "-legacy", "-in", path, "-passin", "env:" OKT_PASS_VARIABLE,
                       "-info", "-nodes", NULL } :
    (const char *[]) { "openssl", "pkcs12", "-in", path, "-passin", "env:" OKT_PASS_VARIABLE,
                       "-info", "-nodes", NULL });
}

static char *
pem_block (const char *text,
           const char *label)
{
  g_autofree char *begin_marker = g_strdup_printf ("-----BEGIN %s-----", label);
  g_autofree char *end_marker = g_strdup_printf ("-----END %s-----", label);
  const char *begin = strstr (text, begin_marker);
  const char *end = begin != NULL ? strstr (begin, end_marker) : NULL;

  g_assert_nonnull (end);
  return g_strdup_printf ("%.*s\n", (int) (end + strlen (end_marker) - begin), begin);
}

/* Every "Iteration N" openssl -info printed: each within .NET's X509CertificateLoader default of
 * 300,000 per derivation or MAC, and 1,000,000 in all. */
static void
assert_dotnet_iteration_limits (const char *info,
                                guint       expected_count)
{
  guint64 total = 0;
  guint count = 0;

  for (const char *at = strstr (info, "Iteration "); at != NULL; at = strstr (at + 1, "Iteration "))
    {
      guint64 iterations = g_ascii_strtoull (at + strlen ("Iteration "), NULL, 10);

      g_assert_cmpuint (iterations, >=, 2048);
      g_assert_cmpuint (iterations, <=, 300000);
      total += iterations;
      count++;
    }

  g_assert_cmpuint (count, ==, expected_count);
  g_assert_cmpuint (total, <=, 1000000);
}

/* Java's keytool lists the key entry under its friendly name with the password. */
static void
assert_keytool_opens (const char *path)
{
  g_autofree char *keytool = g_find_program_in_path ("keytool");
  g_autoptr(OktResult) listed = NULL;
  g_autofree char *out = NULL;

  if (keytool == NULL)
    {
      g_test_message ("keytool (default-jre-headless) is not installed: Java's reading not checked");
      return;
    }

  listed = okt_run (NULL, pass_env, NULL, (const char *[]) {
    keytool, "-list", "-v", "-storetype", "PKCS12", "-keystore", path, "-storepass:env", OKT_PASS_VARIABLE, NULL });
  out = okt_bytes_to_text (listed->out);
  if (listed->exit_status != 0)
    g_error ("keytool -list failed: %s%s", out, listed->err);
  g_assert_nonnull (strstr (out, "PrivateKeyEntry"));
  g_assert_nonnull (strstr (out, "Certificate chain length: 3"));
}

/* GnuTLS's certtool verifies the MAC and decrypts the key bag. */
static void
assert_certtool_opens (const char *path)
{
  g_autoptr(OktResult) info = okt_run (NULL, pass_env, NULL, (const char *[]) {
    "sh", "-c", "certtool --p12-info --inder --infile \"$1\" --password \"$" OKT_PASS_VARIABLE "\"", "sh", path, NULL });
  g_autofree char *out = okt_bytes_to_text (info->out);

  if (info->exit_status != 0)
    g_error ("certtool --p12-info failed: %s%s", out, info->err);
  g_assert_nonnull (strstr (out, "MAC info:"));
  g_assert_nonnull (strstr (out, "Iteration count: 100000"));
  g_assert_nonnull (strstr (out, "Type: PKCS #8 Encrypted key"));
}

static char *
write_p12 (const char *name,
           gboolean    legacy,
           gboolean    with_key)
{
  g_autoptr(GPtrArray) chain = okt_pki_dup_chain (pki);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) p12 = NULL;
  char *path = pki_path (name);

  p12 = ok_export_pkcs12 (pki->leaf_der, chain, with_key ? leaf_key : NULL, "Test Leaf Æø",
                          password, legacy, &error);
  g_assert_no_error (error);
  okt_write_file (path, p12);

  return path;
}

/* openssl finds in our file the leaf (with its friendly name), the two CAs and, when there is
 * one, the leaf's key tied to it by a local key id. */
static void
assert_openssl_reads_p12 (OktResult *dump,
                          gboolean   with_key)
{
  g_autofree char *out = okt_bytes_to_text (dump->out);
  g_auto(GStrv) items = g_strsplit (out, "Bag Attributes", -1);
  g_autoptr(GBytes) leaf_public = okt_openssl_public_key (pki->leaf_pem, TRUE);
  guint leaves = 0, issuing = 0, roots = 0, keys = 0;

  g_assert_cmpint (dump->exit_status, ==, 0);

  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = items[i];

      if (strstr (item, "-----BEGIN PRIVATE KEY-----") != NULL)
        {
          g_autofree char *key_pem = pem_block (item, "PRIVATE KEY");
          g_autoptr(GBytes) key_public = public_key_of_key_pem (key_pem);

          g_assert_nonnull (strstr (item, "localKeyID:"));
          assert_same_bytes (key_public, leaf_public);
          keys++;
        }
      else if (strstr (item, "subject=O = OCES Keeper Tests, CN = Test Leaf") != NULL)
        {
          g_autofree char *leaf_pem = pem_block (item, "CERTIFICATE");
          g_autoptr(GBytes) leaf_der = pem_to_der (leaf_pem, "x509");

          assert_same_bytes (leaf_der, pki->leaf_der);
          g_assert_nonnull (strstr (item, "friendlyName: Test Leaf Æø"));
          g_assert_true ((strstr (item, "localKeyID:") != NULL) == with_key);
          leaves++;
        }
      else if (strstr (item, "subject=O = OCES Keeper Tests, CN = Test Issuing CA") != NULL)
        issuing++;
      else if (strstr (item, "subject=O = OCES Keeper Tests, CN = Test Root") != NULL)
        roots++;
    }

  g_assert_cmpuint (leaves, ==, 1);
  g_assert_cmpuint (issuing, ==, 1);
  g_assert_cmpuint (roots, ==, 1);
  g_assert_cmpuint (keys, ==, with_key ? 1 : 0);
}

static void
assert_reimports (const char *path,
                  gboolean    with_key)
{
  g_autoptr(GBytes) bytes = okt_read_file (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = ok_import_parse (bytes, password, &error);
  GPtrArray *chain;

  g_assert_no_error (error);
  assert_same_bytes (ok_imported_get_certificate (imported), pki->leaf_der);
  chain = ok_imported_get_chain (imported);
  g_assert_cmpuint (chain->len, ==, 2);
  assert_same_bytes (g_ptr_array_index (chain, 0), pki->ca_der);
  assert_same_bytes (g_ptr_array_index (chain, 1), pki->root_der);
  if (with_key)
    g_assert_true (ok_key_matches_certificate (ok_imported_get_key (imported), pki->leaf_der));
  else
    g_assert_null (ok_imported_get_key (imported));
}

static void
test_p12_modern (void)
{
  g_autofree char *path = write_p12 ("modern.p12", FALSE, TRUE);
  g_autoptr(OktResult) dump = openssl_pkcs12 (pass_env, path, FALSE);
  g_autoptr(OktResult) wrong = openssl_pkcs12 (wrong_env, path, FALSE);

  g_test_message ("%s", dump->err);
  g_assert_cmpint (dump->exit_status, ==, 0);
  g_assert_nonnull (strstr (dump->err, "MAC: sha256, Iteration 100000\n"));
  /* The certificates are public and travel unencrypted; the key is PBES2. */
  g_assert_nonnull (strstr (dump->err, "PKCS7 Data\n"));
  g_assert_null (strstr (dump->err, "PKCS7 Encrypted data"));
  g_assert_nonnull (strstr (dump->err, "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256\n"));
  g_assert_null (strstr (dump->err, "TripleDES"));
  g_assert_null (strstr (dump->err, "RC2"));
  assert_dotnet_iteration_limits (dump->err, 2);
  assert_keytool_opens (path);
  assert_certtool_opens (path);

  g_assert_cmpint (wrong->exit_status, !=, 0);

  assert_openssl_reads_p12 (dump, TRUE);
  assert_reimports (path, TRUE);
}

static void
test_p12_legacy (void)
{
  g_autofree char *path = write_p12 ("legacy.p12", TRUE, TRUE);
  g_autoptr(OktResult) dump = openssl_pkcs12 (pass_env, path, FALSE);
  g_autoptr(OktResult) dump_legacy = openssl_pkcs12 (pass_env, path, TRUE);
  g_autoptr(OktResult) wrong = openssl_pkcs12 (wrong_env, path, TRUE);

  /* 3DES lives in OpenSSL 3's default provider: it opens without -legacy (which only RC2
   * needs), and with it. */
  g_test_message ("%s", dump->err);
  g_assert_cmpint (dump->exit_status, ==, 0);
  g_assert_nonnull (strstr (dump->err, "MAC: sha1, Iteration 100000\n"));
  g_assert_nonnull (strstr (dump->err, "Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 100000\n"));
  g_assert_null (strstr (dump->err, "AES"));
  g_assert_null (strstr (dump->err, "RC2"));
  assert_dotnet_iteration_limits (dump->err, 2);
  assert_keytool_opens (path);
  assert_certtool_opens (path);

  g_assert_cmpint (wrong->exit_status, !=, 0);

  assert_openssl_reads_p12 (dump, TRUE);
  assert_openssl_reads_p12 (dump_legacy, TRUE);
  assert_reimports (path, TRUE);
}

static void
test_p12_without_key (void)
{
  g_autofree char *path = write_p12 ("certificates.p12", FALSE, FALSE);
  g_autoptr(OktResult) dump = openssl_pkcs12 (pass_env, path, FALSE);

  g_assert_cmpint (dump->exit_status, ==, 0);
  g_assert_null (strstr (dump->err, "Keybag"));

  assert_openssl_reads_p12 (dump, FALSE);
  assert_reimports (path, FALSE);
}

/* A real OCES sample, imported from legacy RC2-40 and written out modern. */
static void
test_p12_sample_roundtrip (void)
{
  const char *dir = okt_samples_dir ();
  g_autofree char *sample = NULL;
  g_autofree char *path = pki_path ("sample-modern.p12");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) p12 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;
  g_autoptr(OkImported) again = NULL;
  g_autoptr(OktResult) info = NULL;

  if (dir == NULL)
    {
      g_test_skip ("OK_SAMPLES_DIR does not point at the OCES sample folder");
      return;
    }

  sample = g_build_filename (dir, "system-test-legacy.p12", NULL);
  bytes = okt_read_file (sample);
  imported = ok_import_parse (bytes, "Test1234", &error);
  g_assert_no_error (error);

  p12 = ok_export_pkcs12 (ok_imported_get_certificate (imported), ok_imported_get_chain (imported),
                          ok_imported_get_key (imported), "FOCES_gyldig", password, FALSE, &error);
  g_assert_no_error (error);
  okt_write_file (path, p12);

  info = openssl_pkcs12 (pass_env, path, FALSE);
  g_assert_cmpint (info->exit_status, ==, 0);
  g_assert_nonnull (strstr (info->err, "AES-256-CBC"));

  again = ok_import_parse (p12, password, &error);
  g_assert_no_error (error);
  assert_same_bytes (ok_imported_get_certificate (again), ok_imported_get_certificate (imported));
  g_assert_cmpuint (ok_imported_get_chain (again)->len, ==, ok_imported_get_chain (imported)->len);
  g_assert_true (ok_key_matches_certificate (ok_imported_get_key (again),
                                             ok_imported_get_certificate (imported)));
}

static void
test_p12_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) p12 = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not DER", 7);
  g_autoptr(OkKey) stranger = NULL;
  g_autoptr(GBytes) stranger_pem = okt_read_file (pki->stranger_key);

  stranger = ok_key_new_from_pem (g_bytes_get_data (stranger_pem, NULL), g_bytes_get_size (stranger_pem),
                                  NULL, &error);
  g_assert_no_error (error);

  p12 = ok_export_pkcs12 (pki->leaf_der, NULL, stranger, NULL, password, FALSE, &error);
  g_assert_error (error, OK_EXPORT_ERROR, OK_EXPORT_ERROR_KEY_MISMATCH);
  g_assert_null (p12);
  g_clear_error (&error);

  p12 = ok_export_pkcs12 (pki->leaf_der, NULL, leaf_key, NULL, "", FALSE, &error);
  g_assert_error (error, OK_EXPORT_ERROR, OK_EXPORT_ERROR_EMPTY_PASSWORD);
  g_assert_null (p12);
  g_clear_error (&error);

  p12 = ok_export_pkcs12 (garbage, NULL, NULL, NULL, password, FALSE, &error);
  g_assert_error (error, OK_EXPORT_ERROR, OK_EXPORT_ERROR_INVALID_CERTIFICATE);
  g_assert_null (p12);
}

static void
test_pem_certificate (void)
{
  g_autofree char *pem = ok_export_pem_certificate (pki->leaf_der);
  g_autofree char *der_path = pki_path ("leaf.pem.der");
  g_autofree char *openssl_pem = okt_run_ok (NULL, NULL, NULL, (const char *[]) {
    "openssl", "x509", "-inform", "DER", "-in", der_path, NULL });

  /* Byte for byte what openssl writes: 64-column base64, newline after the footer. */
  g_assert_cmpstr (pem, ==, openssl_pem);
}

static void
test_pem_chain (void)
{
  g_autoptr(GPtrArray) chain = okt_pki_dup_chain (pki);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autofree char *pem = ok_export_pem_chain (chain);
  g_autofree char *empty_pem = ok_export_pem_chain (empty);
  g_autofree char *path = pki_path ("exported-chain.pem");
  g_autofree char *stored = NULL;
  g_autofree char *printed = NULL;
  const char *issuing, *root;

  g_assert_cmpstr (empty_pem, ==, "");

  okt_write_text (path, pem);
  stored = okt_run_ok (NULL, NULL, NULL, (const char *[]) { "openssl", "storeutl", "-certs", path, NULL });
  g_assert_nonnull (strstr (stored, "Total found: 2"));

  printed = okt_run_ok (pki->dir, NULL, NULL, (const char *[]) {
    "sh", "-c", "openssl crl2pkcs7 -nocrl -certfile exported-chain.pem | openssl pkcs7 -print_certs -noout",
    NULL });
  issuing = strstr (printed, "subject=O = OCES Keeper Tests, CN = Test Issuing CA");
  root = strstr (printed, "subject=O = OCES Keeper Tests, CN = Test Root");
  g_assert_nonnull (issuing);
  g_assert_nonnull (root);
  /* The issuing CA first; the leaf is not part of it. */
  g_assert_true (issuing < root);
  g_assert_null (strstr (printed, "Test Leaf"));
}

static void
test_encrypted_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pem = ok_key_export_pkcs8_pem (leaf_key, password, &error);
  g_autofree char *path = pki_path ("leaf.p8");
  g_autofree char *structure = NULL;
  g_autoptr(OktResult) opened = NULL;
  g_autoptr(OktResult) wrong = NULL;
  g_autoptr(OktResult) without = NULL;
  g_autoptr(GBytes) opened_public = NULL;
  g_autoptr(GBytes) leaf_public = okt_openssl_public_key (pki->leaf_pem, TRUE);
  const char *argv[] = { "openssl", "pkey", "-in", path, "-passin", "env:" OKT_PASS_VARIABLE,
                         "-pubout", "-outform", "DER", NULL };

  g_assert_no_error (error);
  okt_write_file (path, pem);

  opened = okt_run (NULL, pass_env, NULL, argv);
  g_assert_cmpint (opened->exit_status, ==, 0);
  opened_public = g_bytes_ref (opened->out);
  assert_same_bytes (opened_public, leaf_public);

  wrong = okt_run (NULL, wrong_env, NULL, argv);
  g_assert_cmpint (wrong->exit_status, !=, 0);

  /* With no passphrase at all (empty stdin, no variable) openssl cannot open it either. */
  without = okt_run (NULL, NULL, NULL, (const char *[]) {
    "openssl", "pkey", "-in", path, "-passin", "stdin", "-noout", NULL });
  g_assert_cmpint (without->exit_status, !=, 0);

  /* PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, as asn1parse lays it out. */
  structure = okt_run_ok (NULL, NULL, NULL, (const char *[]) { "openssl", "asn1parse", "-in", path, NULL });
  g_assert_nonnull (strstr (structure, ":PBES2"));
  g_assert_nonnull (strstr (structure, ":PBKDF2"));
  g_assert_nonnull (strstr (structure, ":hmacWithSHA256"));
  g_assert_nonnull (strstr (structure, ":aes-256-cbc"));
  /* A person's password keeps the full stretching: 600,000 iterations (0x927C0). */
  g_assert_nonnull (strstr (structure, "INTEGER           :0927C0"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) key_pem = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gnutls_global_init ();

  pki = okt_pki_new ();
  key_pem = okt_read_file (pki->leaf_key);
  leaf_key = ok_key_new_from_pem (g_bytes_get_data (key_pem, NULL), g_bytes_get_size (key_pem), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/export/p12/modern", test_p12_modern);
  g_test_add_func ("/export/p12/legacy", test_p12_legacy);
  g_test_add_func ("/export/p12/without-key", test_p12_without_key);
  g_test_add_func ("/export/p12/sample-roundtrip", test_p12_sample_roundtrip);
  g_test_add_func ("/export/p12/errors", test_p12_errors);
  g_test_add_func ("/export/pem/certificate", test_pem_certificate);
  g_test_add_func ("/export/pem/chain", test_pem_chain);
  g_test_add_func ("/export/key/encrypted-pem", test_encrypted_key);

  status = g_test_run ();

  g_clear_object (&leaf_key);
  okt_pki_free (pki);
  return status;
}
