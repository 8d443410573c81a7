/* test-import.c — PKCS#12 from openssl and certtool (modern, legacy, many iterations), the real
 * OCES legacy samples, PEM bundles, DER, and every kind of bad input
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>

#include "ok-import.h"
#include "ok-keys-test-util.h"

static OktPki *pki;

static const char password[] = "throwaway-p12-password";
static const char * const pass_env[] = { OKT_PASS_VARIABLE, password, NULL };

static char *
pki_path (const char *name)
{
  return g_build_filename (pki->dir, name, NULL);
}

static OkImported *
parse_file (const char  *path,
            const char  *file_password,
            GError     **error)
{
  g_autoptr(GBytes) bytes = okt_read_file (path);

  return ok_import_parse (bytes, file_password, error);
}

static void
assert_same_bytes (GBytes *actual,
                   GBytes *expected)
{
  g_assert_nonnull (actual);
  g_assert_cmpmem (g_bytes_get_data (actual, NULL), g_bytes_get_size (actual),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* The test PKI's leaf came out, with its issuers in order and, if asked, its key. */
static void
assert_pki_leaf (OkImported     *imported,
                 OkImportFormat  format,
                 gboolean        with_key,
                 guint           chain_length)
{
  GPtrArray *chain = ok_imported_get_chain (imported);
  GBytes *expected_chain[] = { pki->ca_der, pki->root_der };

  g_assert_cmpint (ok_imported_get_format (imported), ==, format);
  assert_same_bytes (ok_imported_get_certificate (imported), pki->leaf_der);

  g_assert_nonnull (chain);
  g_assert_cmpuint (chain->len, ==, chain_length);
  for (guint i = 0; i < chain->len; i++)
    assert_same_bytes (g_ptr_array_index (chain, i), expected_chain[i]);

  if (with_key)
    {
      g_assert_nonnull (ok_imported_get_key (imported));
      g_assert_true (ok_key_matches_certificate (ok_imported_get_key (imported), pki->leaf_der));
    }
  else
    {
      g_assert_null (ok_imported_get_key (imported));
    }
}

static char *
openssl_p12 (const char         *name,
             gboolean            with_chain,
             const char * const *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  const char * const base[] = { "openssl", "pkcs12", "-export", "-in", "leaf.pem", "-inkey", "leaf.key",
                                "-name", "Test Leaf", "-passout", "env:" OKT_PASS_VARIABLE, "-out", name };

  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    g_ptr_array_add (argv, (char *) base[i]);
  if (with_chain)
    {
      g_ptr_array_add (argv, (char *) "-certfile");
      g_ptr_array_add (argv, (char *) "chain.pem");
    }
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);

  out = okt_run_ok (pki->dir, pass_env, NULL, (const char * const *) argv->pdata);
  return pki_path (name);
}

/* What `openssl pkcs12 -info` says about a file: proves the fixture is what we think it is. */
static char *
openssl_p12_info (const char *path,
                  gboolean    legacy)
{
  g_autofree char *out = NULL;
  g_autoptr(OktResult) result = okt_run (NULL, pass_env, NULL, legacy ?
    (const char *[]) { "openssl", "pkcs12", "-legacy", "-in", path, "-info", "-noout",
                       "-passin", "env:" OKT_PASS_VARIABLE, NULL } :
    (const char *[]) { "openssl", "pkcs12", "-in", path, "-info", "-noout",
                       "-passin", "env:" OKT_PASS_VARIABLE, NULL });

  g_assert_cmpint (result->exit_status, ==, 0);
  out = okt_bytes_to_text (result->out);
  return g_strconcat (out, result->err, NULL);
}

static void
test_p12_modern (void)
{
  g_autofree char *path = openssl_p12 ("modern.p12", TRUE, NULL);
  g_autofree char *info = openssl_p12_info (path, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;

  g_assert_nonnull (strstr (info, "MAC: sha256"));
  g_assert_nonnull (strstr (info, "AES-256-CBC"));

  imported = parse_file (path, password, &error);
  g_assert_no_error (error);
  assert_pki_leaf (imported, OK_IMPORT_FORMAT_PKCS12, TRUE, 2);
}

static void
test_p12_modern_without_chain (void)
{
  g_autofree char *path = openssl_p12 ("modern-leaf-only.p12", FALSE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = parse_file (path, password, &error);

  g_assert_no_error (error);
  assert_pki_leaf (imported, OK_IMPORT_FORMAT_PKCS12, TRUE, 0);
}

static void
test_p12_many_iterations (void)
{
  g_autofree char *path = openssl_p12 ("iter.p12", TRUE,
                                       (const char *[]) { "-iter", "100000", NULL });
  g_autofree char *info = openssl_p12_info (path, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;

  g_assert_nonnull (strstr (info, "MAC: sha256, Iteration 100000"));
  g_assert_nonnull (strstr (info, "Iteration 100000, PRF hmacWithSHA256"));

  imported = parse_file (path, password, &error);
  g_assert_no_error (error);
  assert_pki_leaf (imported, OK_IMPORT_FORMAT_PKCS12, TRUE, 2);
}

static void
test_p12_openssl_legacy (void)
{
  g_autofree char *path = openssl_p12 ("legacy.p12", TRUE, (const char *[]) { "-legacy", NULL });
  g_autofree char *info = openssl_p12_info (path, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;

  g_assert_nonnull (strstr (info, "MAC: sha1"));
  g_assert_nonnull (strstr (info, "pbeWithSHA1And40BitRC2-CBC"));
  g_assert_nonnull (strstr (info, "pbeWithSHA1And3-KeyTripleDES-CBC"));

  imported = parse_file (path, password, &error);
  g_assert_no_error (error);
  assert_pki_leaf (imported, OK_IMPORT_FORMAT_PKCS12, TRUE, 2);
}

static void
test_p12_certtool (void)
{
  /* certtool reads the password from stdin, twice. */
  g_autofree char *input = g_strdup_printf ("%s\n%s\n", password, password);
  g_autofree char *bundle = NULL;
  g_autofree char *leaf = NULL;
  g_autofree char *chain = NULL;
  g_autofree char *bundle_path = pki_path ("leaf-and-chain.pem");
  const char *ciphers[] = { "aes-256", "3des-pkcs12", "rc2-40" };

  g_file_get_contents (pki->leaf_pem, &leaf, NULL, NULL);
  g_file_get_contents (pki->chain_pem, &chain, NULL, NULL);
  bundle = g_strconcat (leaf, chain, NULL);
  okt_write_text (bundle_path, bundle);

  for (guint i = 0; i < G_N_ELEMENTS (ciphers); i++)
    {
      g_autofree char *name = g_strdup_printf ("certtool-%s.p12", ciphers[i]);
      g_autofree char *path = pki_path (name);
      g_autofree char *out = okt_run_ok (pki->dir, NULL, input, (const char *[]) {
        "certtool", "--to-p12", "--load-certificate", "leaf-and-chain.pem",
        "--load-privkey", "leaf.key", "--p12-name", "Test Leaf", "--pkcs-cipher", ciphers[i],
        "--outder", "--outfile", name, NULL });
      g_autoptr(GError) error = NULL;
      g_autoptr(OkImported) imported = NULL;

      g_test_message ("certtool cipher %s", ciphers[i]);
      imported = parse_file (path, password, &error);
      g_assert_no_error (error);
      assert_pki_leaf (imported, OK_IMPORT_FORMAT_PKCS12, TRUE, 2);
    }
}

static void
test_p12_empty_password (void)
{
  const char * const empty_env[] = { OKT_PASS_VARIABLE, "", NULL };
  g_autofree char *path = pki_path ("empty-password.p12");
  g_autofree char *out = okt_run_ok (pki->dir, empty_env, NULL, (const char *[]) {
    "openssl", "pkcs12", "-export", "-in", "leaf.pem", "-inkey", "leaf.key",
    "-passout", "env:" OKT_PASS_VARIABLE, "-out", "empty-password.p12", NULL });
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = parse_file (path, NULL, &error);

  /* Opens without asking. */
  g_assert_no_error (error);
  assert_pki_leaf (imported, OK_IMPORT_FORMAT_PKCS12, TRUE, 0);
}

/* The real, public OCES samples: legacy PKCS#12 with RC2-40 (OCES3) or 3DES (OCES2). */
static void
test_p12_samples (void)
{
  const char *samples[] = { "organisation-test-legacy.p12", "system-test-legacy.p12",
                            "oces2-organisation-legacy.p12" };
  const char * const sample_env[] = { OKT_PASS_VARIABLE, "Test1234", NULL };
  const char *dir = okt_samples_dir ();

  if (dir == NULL)
    {
      g_test_skip ("OK_SAMPLES_DIR does not point at the OCES sample folder");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = g_build_filename (dir, samples[i], NULL);
      g_autofree char *leaf_path = pki_path ("sample-leaf.der");
      g_autofree char *issuing_path = pki_path ("sample-issuing.der");
      g_autofree char *root_path = pki_path ("sample-root.der");
      g_autofree char *key_path = pki_path ("sample-key.p8");
      g_autofree char *openssl_leaf = NULL;
      g_autofree char *verify = NULL;
      g_autoptr(GBytes) openssl_leaf_der = NULL;
      g_autoptr(GBytes) key_pem = NULL;
      g_autoptr(GBytes) our_public = NULL;
      g_autoptr(GBytes) openssl_public = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(OkImported) imported = NULL;
      GPtrArray *chain;
      OkKey *key;

      g_test_message ("sample %s", samples[i]);
      imported = parse_file (path, "Test1234", &error);
      g_assert_no_error (error);
      g_assert_cmpint (ok_imported_get_format (imported), ==, OK_IMPORT_FORMAT_PKCS12);

      /* The leaf is the one openssl calls the client certificate. */
      openssl_leaf = okt_run_ok (NULL, sample_env, NULL, (const char *[]) {
        "openssl", "pkcs12", "-legacy", "-in", path, "-passin", "env:" OKT_PASS_VARIABLE,
        "-nokeys", "-clcerts", NULL });
      {
        g_autoptr(GBytes) input = g_bytes_new (openssl_leaf, strlen (openssl_leaf));
        g_autoptr(OktResult) result = okt_run (NULL, NULL, input, (const char *[]) {
          "openssl", "x509", "-outform", "DER", NULL });

        g_assert_cmpint (result->exit_status, ==, 0);
        openssl_leaf_der = g_bytes_ref (result->out);
      }
      assert_same_bytes (ok_imported_get_certificate (imported), openssl_leaf_der);

      /* Issuing CA then root, in an order openssl can verify (the samples have expired). */
      chain = ok_imported_get_chain (imported);
      g_assert_cmpuint (chain->len, ==, 2);
      okt_write_file (leaf_path, ok_imported_get_certificate (imported));
      okt_write_file (issuing_path, g_ptr_array_index (chain, 0));
      okt_write_file (root_path, g_ptr_array_index (chain, 1));
      verify = okt_run_ok (pki->dir, NULL, NULL, (const char *[]) {
        "sh", "-c",
        "openssl x509 -inform DER -in sample-root.der -out sample-root.pem && "
        "openssl x509 -inform DER -in sample-issuing.der -out sample-issuing.pem && "
        "openssl x509 -inform DER -in sample-leaf.der -out sample-leaf.pem && "
        "openssl verify -no_check_time -auth_level 0 -CAfile sample-root.pem "
        "-untrusted sample-issuing.pem sample-leaf.pem", NULL });
      g_assert_nonnull (strstr (verify, "sample-leaf.pem: OK"));

      /* The key is the leaf's, as openssl sees it too. */
      key = ok_imported_get_key (imported);
      g_assert_nonnull (key);
      g_assert_true (ok_key_matches_certificate (key, ok_imported_get_certificate (imported)));
      key_pem = ok_key_export_pkcs8_pem (key, password, &error);
      g_assert_no_error (error);
      okt_write_file (key_path, key_pem);
      {
        g_autoptr(OktResult) result = okt_run (NULL, pass_env, NULL, (const char *[]) {
          "openssl", "pkey", "-in", key_path, "-passin", "env:" OKT_PASS_VARIABLE,
          "-pubout", "-outform", "DER", NULL });

        g_assert_cmpint (result->exit_status, ==, 0);
        our_public = g_bytes_ref (result->out);
      }
      {
        g_autofree char *leaf_pem_path = pki_path ("sample-leaf.pem");
        openssl_public = okt_openssl_public_key (leaf_pem_path, TRUE);
      }
      assert_same_bytes (our_public, openssl_public);

      /* And a wrong password is told apart from a missing one. */
      g_clear_object (&imported);
      imported = parse_file (path, "Test12345", &error);
      g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_WRONG_PASSWORD);
      g_assert_null (imported);
      g_clear_error (&error);
      imported = parse_file (path, NULL, &error);
      g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NEEDS_PASSWORD);
      g_assert_null (imported);
    }
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
test_pem_encrypted_key (void)
{
  g_autofree char *key = okt_run_ok (pki->dir, pass_env, NULL, (const char *[]) {
    "openssl", "pkcs8", "-topk8", "-in", "leaf.key", "-v2", "aes-256-cbc",
    "-passout", "env:" OKT_PASS_VARIABLE, NULL });
  g_autofree char *leaf = read_text (pki->leaf_pem);
  g_autofree char *ca = read_text (pki->ca_pem);
  g_autofree char *root = read_text (pki->root_pem);
  /* Deliberately out of order: the key first, the root before the leaf. */
  g_autofree char *bundle = g_strconcat (key, root, "\n", leaf, ca, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (bundle, strlen (bundle));
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;

  imported = ok_import_parse (bytes, password, &error);
  g_assert_no_error (error);
  assert_pki_leaf (imported, OK_IMPORT_FORMAT_PEM, TRUE, 2);
  g_clear_object (&imported);

  imported = ok_import_parse (bytes, NULL, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NEEDS_PASSWORD);
  g_assert_null (imported);
  g_clear_error (&error);

  imported = ok_import_parse (bytes, "wrong", &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_WRONG_PASSWORD);
  g_assert_null (imported);
}

static void
test_pem_legacy_encrypted_key (void)
{
  g_autofree char *key = okt_run_ok (pki->dir, pass_env, NULL, (const char *[]) {
    "openssl", "pkey", "-in", "leaf.key", "-traditional", "-des3",
    "-passout", "env:" OKT_PASS_VARIABLE, NULL });
  g_autofree char *leaf = read_text (pki->leaf_pem);
  g_autofree char *bundle = g_strconcat (leaf, key, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (bundle, strlen (bundle));
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;

  g_assert_nonnull (strstr (key, "Proc-Type: 4,ENCRYPTED"));

  imported = ok_import_parse (bytes, password, &error);
  g_assert_no_error (error);
  assert_pki_leaf (imported, OK_IMPORT_FORMAT_PEM, TRUE, 0);
  g_clear_object (&imported);

  imported = ok_import_parse (bytes, NULL, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NEEDS_PASSWORD);
  g_assert_null (imported);
}

static void
test_pem_clear_keys (void)
{
  const char *flags[] = { NULL, "-traditional" };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autofree char *key = okt_run_ok (pki->dir, NULL, NULL, (const char *[]) {
        "openssl", "pkey", "-in", "leaf.key", flags[i], NULL });
      g_autofree char *leaf = read_text (pki->leaf_pem);
      g_autofree char *chain = read_text (pki->chain_pem);
      g_autofree char *bundle = g_strconcat (leaf, chain, key, NULL);
      g_autoptr(GBytes) bytes = g_bytes_new (bundle, strlen (bundle));
      g_autoptr(GError) error = NULL;
      g_autoptr(OkImported) imported = ok_import_parse (bytes, NULL, &error);

      g_assert_no_error (error);
      assert_pki_leaf (imported, OK_IMPORT_FORMAT_PEM, TRUE, 2);
    }
}

static void
test_pem_certificates_only (void)
{
  g_autofree char *leaf = read_text (pki->leaf_pem);
  g_autofree char *ca = read_text (pki->ca_pem);
  g_autofree char *root = read_text (pki->root_pem);
  g_autofree char *bundle = g_strconcat ("Bag Attributes\n    friendlyName: leaf\n", root, ca, leaf, NULL);
  g_autofree char *cas = g_strconcat (root, ca, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (bundle, strlen (bundle));
  g_autoptr(GBytes) cas_bytes = g_bytes_new (cas, strlen (cas));
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;

  /* The leaf is the certificate that issued no other, wherever it stands. */
  imported = ok_import_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  assert_pki_leaf (imported, OK_IMPORT_FORMAT_PEM, FALSE, 2);
  g_clear_object (&imported);

  /* Without any end-entity certificate the lowest CA is what the file is about. */
  imported = ok_import_parse (cas_bytes, NULL, &error);
  g_assert_no_error (error);
  assert_same_bytes (ok_imported_get_certificate (imported), pki->ca_der);
  g_assert_cmpuint (ok_imported_get_chain (imported)->len, ==, 1);
  assert_same_bytes (g_ptr_array_index (ok_imported_get_chain (imported), 0), pki->root_der);
}

static void
test_der (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = ok_import_parse (pki->leaf_der, NULL, &error);
  OkImportFormat format = OK_IMPORT_FORMAT_PKCS12;

  g_assert_no_error (error);
  assert_pki_leaf (imported, OK_IMPORT_FORMAT_DER, FALSE, 0);
  g_object_get (imported, "format", &format, NULL);
  g_assert_cmpint (format, ==, OK_IMPORT_FORMAT_DER);
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static OkImported *
import_file_and_wait (const char  *path,
                      const char  *file_password,
                      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  ok_import_file_async (file, file_password, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return ok_import_file_finish (result, error);
}

static void
test_file (void)
{
  g_autofree char *path = openssl_p12 ("from-file.p12", TRUE, NULL);
  g_autofree char *missing = pki_path ("does-not-exist.p12");
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;

  imported = import_file_and_wait (path, password, &error);
  g_assert_no_error (error);
  assert_pki_leaf (imported, OK_IMPORT_FORMAT_PKCS12, TRUE, 2);
  g_clear_object (&imported);

  imported = import_file_and_wait (path, "wrong", &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_WRONG_PASSWORD);
  g_assert_null (imported);
  g_clear_error (&error);

  imported = import_file_and_wait (missing, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (imported);
}

static void
test_error_password (void)
{
  g_autofree char *path = openssl_p12 ("password.p12", TRUE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;

  imported = parse_file (path, "not the password", &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_WRONG_PASSWORD);
  g_assert_null (imported);
  g_clear_error (&error);

  imported = parse_file (path, NULL, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NEEDS_PASSWORD);
  g_assert_null (imported);
}

static void
test_error_truncated (void)
{
  g_autofree char *path = openssl_p12 ("truncated.p12", TRUE, NULL);
  g_autoptr(GBytes) whole = okt_read_file (path);
  g_autofree char *leaf = read_text (pki->leaf_pem);
  gsize cuts[] = { g_bytes_get_size (whole) / 2, g_bytes_get_size (whole) - 1, 3 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (whole, 0, cuts[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(OkImported) imported = ok_import_parse (part, password, &error);

      g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_TRUNCATED);
      g_assert_null (imported);
    }

  {
    g_autoptr(GBytes) part = g_bytes_new (leaf, strlen (leaf) / 2);
    g_autoptr(GError) error = NULL;
    g_autoptr(OkImported) imported = ok_import_parse (part, NULL, &error);

    g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_TRUNCATED);
    g_assert_null (imported);
  }
}

static void
test_error_too_large (void)
{
  g_autofree char *path = pki_path ("huge.p12");
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;
  g_autoptr(GBytes) just_over = NULL;
  gint64 start;
  int fd;

  /* 100 MB, sparse: made in no time, and reading it all would take noticeably long. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 100 * 1024 * 1024), ==, 0);
  g_assert_cmpint (write (fd, "\x30\x82", 2), ==, 2);
  g_close (fd, NULL);

  start = g_get_monotonic_time ();
  imported = import_file_and_wait (path, password, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_TOO_LARGE);
  g_assert_null (imported);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 4);
  g_clear_error (&error);
  g_unlink (path);

  /* A file that does not tell its size is read only up to the limit. */
  start = g_get_monotonic_time ();
  imported = import_file_and_wait ("/dev/zero", NULL, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_TOO_LARGE);
  g_assert_null (imported);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
  g_clear_error (&error);

  just_over = g_bytes_new_take (g_malloc0 (OK_IMPORT_MAX_SIZE + 1), OK_IMPORT_MAX_SIZE + 1);
  imported = ok_import_parse (just_over, NULL, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_TOO_LARGE);
  g_assert_null (imported);
}

/* A key file alone is read as such (the store decides whose it is); its passphrase is asked for
 * like a PKCS#12 password. A PKCS#12 file without a certificate stays an error. */
static void
test_key_alone (void)
{
  g_autofree char *encrypted = okt_run_ok (pki->dir, pass_env, NULL, (const char *[]) {
    "openssl", "pkcs8", "-topk8", "-in", "leaf.key", "-v2", "aes-256-cbc",
    "-passout", "env:" OKT_PASS_VARIABLE, NULL });
  g_autofree char *traditional = okt_run_ok (pki->dir, NULL, NULL, (const char *[]) {
    "openssl", "rsa", "-in", "leaf.key", "-traditional", NULL });
  g_autofree char *traditional_encrypted = okt_run_ok (pki->dir, pass_env, NULL, (const char *[]) {
    "openssl", "rsa", "-in", "leaf.key", "-traditional", "-aes256", "-passout", "env:" OKT_PASS_VARIABLE, NULL });
  g_autofree char *der_path = pki_path ("key-alone.der");
  g_autofree char *der_out = okt_run_ok (pki->dir, NULL, NULL, (const char *[]) {
    "openssl", "pkey", "-in", "leaf.key", "-outform", "DER", "-out", "key-alone.der", NULL });
  g_autofree char *encrypted_der_path = pki_path ("key-alone-encrypted.der");
  g_autofree char *encrypted_der_out = okt_run_ok (pki->dir, pass_env, NULL, (const char *[]) {
    "openssl", "pkcs8", "-topk8", "-in", "leaf.key", "-v2", "aes-256-cbc", "-outform", "DER",
    "-passout", "env:" OKT_PASS_VARIABLE, "-out", "key-alone-encrypted.der", NULL });
  g_autofree char *p12_out = okt_run_ok (pki->dir, pass_env, NULL, (const char *[]) {
    "openssl", "pkcs12", "-export", "-nocerts", "-inkey", "leaf.key",
    "-passout", "env:" OKT_PASS_VARIABLE, "-out", "key-alone.p12", NULL });
  g_autofree char *p12_path = pki_path ("key-alone.p12");
  g_autoptr(GBytes) p12 = okt_read_file (p12_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) refused = NULL;
  struct {
    const char     *what;
    GBytes         *bytes;
    gboolean        encrypted;
    OkImportFormat  format;
  } inputs[] = {
    { "clear PEM key", okt_read_file (pki->leaf_key), FALSE, OK_IMPORT_FORMAT_PEM },
    { "encrypted PEM key", g_bytes_new (encrypted, strlen (encrypted)), TRUE, OK_IMPORT_FORMAT_PEM },
    { "traditional RSA PEM key", g_bytes_new (traditional, strlen (traditional)), FALSE, OK_IMPORT_FORMAT_PEM },
    { "encrypted traditional RSA PEM key", g_bytes_new (traditional_encrypted, strlen (traditional_encrypted)), TRUE,
      OK_IMPORT_FORMAT_PEM },
    { "DER key", okt_read_file (der_path), FALSE, OK_IMPORT_FORMAT_DER },
    { "encrypted DER key", okt_read_file (encrypted_der_path), TRUE, OK_IMPORT_FORMAT_DER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(OkImported) imported = NULL;

      g_test_message ("%s", inputs[i].what);
      if (inputs[i].encrypted)
        {
          imported = ok_import_parse (inputs[i].bytes, NULL, &error);
          g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NEEDS_PASSWORD);
          g_assert_null (imported);
          g_clear_error (&error);

          imported = ok_import_parse (inputs[i].bytes, "not-the-password", &error);
          g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_WRONG_PASSWORD);
          g_assert_null (imported);
          g_clear_error (&error);
        }

      imported = ok_import_parse (inputs[i].bytes, inputs[i].encrypted ? password : NULL, &error);
      g_assert_no_error (error);
      g_assert_null (ok_imported_get_certificate (imported));
      g_assert_cmpuint (ok_imported_get_chain (imported)->len, ==, 0);
      g_assert_cmpint (ok_imported_get_format (imported), ==, inputs[i].format);
      g_assert_true (ok_key_matches_certificate (ok_imported_get_key (imported), pki->leaf_der));
      g_bytes_unref (inputs[i].bytes);
    }

  refused = ok_import_parse (p12, password, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NO_CERTIFICATE);
  g_assert_null (refused);
}

static void
test_error_key_mismatch (void)
{
  g_autofree char *leaf = read_text (pki->leaf_pem);
  g_autofree char *stranger = read_text (pki->stranger_key);
  g_autofree char *bundle = g_strconcat (leaf, stranger, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (bundle, strlen (bundle));
  g_autofree char *input = g_strdup_printf ("%s\n%s\n", password, password);
  g_autofree char *p12_path = pki_path ("mismatch.p12");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;

  imported = ok_import_parse (bytes, NULL, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_KEY_MISMATCH);
  g_assert_null (imported);
  g_clear_error (&error);

  /* openssl refuses to write such a PKCS#12; certtool does not check. */
  out = okt_run_ok (pki->dir, NULL, input, (const char *[]) {
    "certtool", "--to-p12", "--load-certificate", "leaf.pem", "--load-privkey", "stranger.key",
    "--p12-name", "Mismatch", "--outder", "--outfile", "mismatch.p12", NULL });
  imported = parse_file (p12_path, password, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_KEY_MISMATCH);
  g_assert_null (imported);
}

static void
test_error_empty_and_garbage (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) text = g_bytes_new_static ("Hello, this is a letter.\n", 25);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autofree guchar *noise = g_malloc (4096);
  g_autoptr(GBytes) noise_bytes = NULL;
  g_autoptr(GBytes) bad_base64 = g_bytes_new_static (
    "-----BEGIN CERTIFICATE-----\nThis is not base64!\n-----END CERTIFICATE-----\n", 73);
  g_autoptr(GError) error = NULL;
  g_autoptr(OkImported) imported = NULL;

  imported = ok_import_parse (empty, NULL, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_EMPTY);
  g_assert_null (imported);
  g_clear_error (&error);

  imported = ok_import_parse (text, NULL, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_INVALID);
  g_assert_null (imported);
  g_clear_error (&error);

  for (guint i = 0; i < 4096; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  noise[0] = 0x42;
  noise_bytes = g_bytes_new (noise, 4096);
  imported = ok_import_parse (noise_bytes, NULL, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_INVALID);
  g_assert_null (imported);
  g_clear_error (&error);

  imported = ok_import_parse (bad_base64, NULL, &error);
  g_assert_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_INVALID);
  g_assert_null (imported);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gnutls_global_init ();

  pki = okt_pki_new ();

  g_test_add_func ("/import/p12/modern", test_p12_modern);
  g_test_add_func ("/import/p12/modern-without-chain", test_p12_modern_without_chain);
  g_test_add_func ("/import/p12/iterations-100000", test_p12_many_iterations);
  g_test_add_func ("/import/p12/openssl-legacy", test_p12_openssl_legacy);
  g_test_add_func ("/import/p12/certtool", test_p12_certtool);
  g_test_add_func ("/import/p12/empty-password", test_p12_empty_password);
  g_test_add_func ("/import/p12/oces-samples", test_p12_samples);
  g_test_add_func ("/import/pem/encrypted-key", test_pem_encrypted_key);
  g_test_add_func ("/import/pem/legacy-encrypted-key", test_pem_legacy_encrypted_key);
  g_test_add_func ("/import/pem/clear-keys", test_pem_clear_keys);
  g_test_add_func ("/import/pem/certificates-only", test_pem_certificates_only);
  g_test_add_func ("/import/der", test_der);
  g_test_add_func ("/import/file", test_file);
  g_test_add_func ("/import/error/password", test_error_password);
  g_test_add_func ("/import/error/truncated", test_error_truncated);
  g_test_add_func ("/import/error/too-large", test_error_too_large);
  g_test_add_func ("/import/key-alone", test_key_alone);
  g_test_add_func ("/import/error/key-mismatch", test_error_key_mismatch);
  g_test_add_func ("/import/error/empty-and-garbage", test_error_empty_and_garbage);

  status = g_test_run ();

  okt_pki_free (pki);
  return status;
}
