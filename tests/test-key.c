/* test-key.c — OkKey: generation, CSR, the sealed stored form, PKCS#8, key formats, mutual TLS
 * identity
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/gnutls.h>

#include "ok-key.h"
#include "ok-keys-test-util.h"

static OktPki *pki;
static OkKey *generated_key;  /* 3072-bit, made once by /key/generate/default */

static const char passphrase[] = "throwaway-key-passphrase";
static const char * const pass_env[] = { OKT_PASS_VARIABLE, passphrase, NULL };

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static OkKey *
get_generated_key (void)
{
  g_autoptr(GError) error = NULL;

  if (generated_key == NULL)
    {
      generated_key = ok_key_generate (OK_KEY_DEFAULT_BITS, NULL, &error);
      g_assert_no_error (error);
    }
  return generated_key;
}

static char *
write_temp (const char *name,
            GBytes     *contents)
{
  char *path = g_build_filename (pki->dir, name, NULL);

  okt_write_file (path, contents);
  return path;
}

/* A tick source on the main loop proves generation did not block it. */
static gboolean
count_tick (gpointer user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

static void
test_generate_default (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OkKey) key = NULL;
  g_autoptr(GBytes) pem = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  guint ticks = 0;
  guint tick_source;

  tick_source = g_timeout_add (1, count_tick, &ticks);
  ok_key_generate_async (OK_KEY_DEFAULT_BITS, NULL, store_result, &result);
  key = ok_key_generate_finish (wait_for_result (&result), &error);
  g_source_remove (tick_source);

  g_assert_no_error (error);
  g_assert_true (OK_IS_KEY (key));
  g_assert_cmpuint (ok_key_get_bits (key), ==, 3072);
  g_assert_cmpuint (ticks, >, 0);

  /* openssl, independently, sees a 3072-bit RSA key. */
  pem = ok_key_export_pkcs8_pem (key, passphrase, &error);
  g_assert_no_error (error);
  path = write_temp ("generated.p8", pem);
  text = okt_run_ok (NULL, pass_env, NULL, (const char *[]) {
    "openssl", "pkey", "-in", path, "-passin", "env:" OKT_PASS_VARIABLE, "-noout", "-text", NULL });
  g_assert_nonnull (strstr (text, "Private-Key: (3072 bit, 2 primes)"));

  generated_key = g_steal_pointer (&key);
}

static void
test_generate_4096 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkKey) key = NULL;
  guint bits = 0;

  key = ok_key_generate (4096, NULL, &error);
  g_assert_no_error (error);
  g_object_get (key, "bits", &bits, NULL);
  g_assert_cmpuint (bits, ==, 4096);
}

static void
test_generate_unsupported (void)
{
  const guint sizes[] = { 0, 1024, 2048, 3071, 8192 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(OkKey) key = NULL;

      ok_key_generate_async (sizes[i], NULL, store_result, &result);
      key = ok_key_generate_finish (wait_for_result (&result), &error);
      g_assert_error (error, OK_KEY_ERROR, OK_KEY_ERROR_UNSUPPORTED_SIZE);
      g_assert_null (key);
    }
}

static void
test_generate_cancelled_before (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OkKey) key = NULL;
  gint64 start = g_get_monotonic_time ();

  g_cancellable_cancel (cancellable);
  ok_key_generate_async (4096, cancellable, store_result, &result);
  key = ok_key_generate_finish (wait_for_result (&result), &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (key);
  /* It never started the generation. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 10);
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_generate_cancelled_during (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OkKey) key = NULL;

  ok_key_generate_async (4096, cancellable, store_result, &result);
  g_timeout_add (20, cancel_later, cancellable);
  key = ok_key_generate_finish (wait_for_result (&result), &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (key);
}

/* openssl 3.0 `req -verify` exits 0 even when the signature is bad (it only prints
 * "verify failure"), so its words are the verdict. */
static gboolean
openssl_verifies_csr (const char *csr)
{
  g_autoptr(GBytes) input = g_bytes_new (csr, strlen (csr));
  g_autoptr(OktResult) result = okt_run (NULL, NULL, input, (const char *[]) {
    "openssl", "req", "-verify", "-noout", NULL });

  return result->exit_status == 0 &&
         strstr (result->err, "self-signature verify OK") != NULL &&
         strstr (result->err, "failure") == NULL;
}

static void
test_csr (void)
{
  OkKey *key = get_generated_key ();
  g_autoptr(GError) error = NULL;
  g_autofree char *csr = NULL;
  g_autofree char *bare_csr = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csr_path = g_build_filename (pki->dir, "generated.csr", NULL);
  g_autoptr(GBytes) pem = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GBytes) csr_public = NULL;
  g_autoptr(GBytes) key_public = NULL;
  char *position;

  csr = ok_key_make_csr_pem (key, "Ærø Test ApS", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csr, "-----BEGIN NEW CERTIFICATE REQUEST-----") ||
                 g_str_has_prefix (csr, "-----BEGIN CERTIFICATE REQUEST-----"));

  g_assert_true (openssl_verifies_csr (csr));
  verify = okt_run_ok (NULL, NULL, csr, (const char *[]) {
    "openssl", "req", "-noout", "-nameopt", "utf8", "-subject", NULL });
  g_assert_nonnull (strstr (verify, "CN=Ærø Test ApS"));
  g_clear_pointer (&verify, g_free);
  /* Danish letters go in as UTF8String, as OCES3 subjects are encoded. */
  verify = okt_run_ok (NULL, NULL, csr, (const char *[]) { "openssl", "asn1parse", NULL });
  g_assert_nonnull (strstr (verify, "UTF8STRING        :Ærø Test ApS"));

  text = okt_run_ok (NULL, NULL, csr, (const char *[]) { "openssl", "req", "-noout", "-text", NULL });
  g_assert_nonnull (strstr (text, "sha256WithRSAEncryption"));
  g_assert_nonnull (strstr (text, "Public-Key: (3072 bit)"));

  /* The request carries this key's public half. */
  okt_write_text (csr_path, csr);
  {
    g_autofree char *public_pem = okt_run_ok (NULL, NULL, NULL, (const char *[]) {
      "openssl", "req", "-in", csr_path, "-noout", "-pubkey", NULL });
    g_autoptr(GBytes) public_input = g_bytes_new (public_pem, strlen (public_pem));
    g_autoptr(OktResult) result = okt_run (NULL, NULL, public_input, (const char *[]) {
      "openssl", "pkey", "-pubin", "-outform", "DER", NULL });

    g_assert_cmpint (result->exit_status, ==, 0);
    csr_public = g_bytes_ref (result->out);
  }
  pem = ok_key_export_pkcs8_pem (key, passphrase, &error);
  g_assert_no_error (error);
  key_path = write_temp ("csr-key.p8", pem);
  {
    g_autoptr(OktResult) result = NULL;
    const char *argv[] = { "openssl", "pkey", "-in", key_path, "-passin", "env:" OKT_PASS_VARIABLE,
                           "-pubout", "-outform", "DER", NULL };

    result = okt_run (NULL, pass_env, NULL, argv);
    g_assert_cmpint (result->exit_status, ==, 0);
    key_public = g_bytes_ref (result->out);
  }
  g_assert_true (g_bytes_equal (csr_public, key_public));

  /* A request without a subject name verifies too. */
  bare_csr = ok_key_make_csr_pem (key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (openssl_verifies_csr (bare_csr));

  /* …and the check can fail: one changed character breaks the signature. */
  position = strstr (csr, "\n") + 1 + 120;
  *position = *position == 'A' ? 'B' : 'A';
  g_assert_false (openssl_verifies_csr (csr));
}

static void
test_sealed_roundtrip (void)
{
  OkKey *key = get_generated_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pem = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) id = NULL;
  g_autoptr(GBytes) again_id = NULL;
  g_autoptr(OkKey) again = NULL;
  g_autoptr(OkKey) wrong = NULL;
  g_autoptr(OkKey) missing = NULL;
  g_autoptr(GBytes) empty = NULL;
  const char *text;
  gsize length;

  pem = ok_key_export_encrypted_pem (key, passphrase, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (pem, &length);
  g_assert_true (g_str_has_prefix (text, "-----BEGIN OCES KEEPER ENCRYPTED PRIVATE KEY-----\n"));

  again = ok_key_new_from_pem (text, length, passphrase, &error);
  g_assert_no_error (error);
  id = ok_key_dup_public_key_id (key);
  again_id = ok_key_dup_public_key_id (again);
  g_assert_cmpuint (g_bytes_get_size (id), ==, 32);
  g_assert_true (g_bytes_equal (id, again_id));
  g_assert_cmpuint (ok_key_get_bits (again), ==, 3072);

  /* A fresh salt and nonce every time: the same key never seals to the same text. */
  second = ok_key_export_encrypted_pem (key, passphrase, &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (pem, second));

  wrong = ok_key_new_from_pem (text, length, "not the passphrase", &error);
  g_assert_error (error, OK_KEY_ERROR, OK_KEY_ERROR_WRONG_PASSPHRASE);
  g_assert_null (wrong);
  g_clear_error (&error);

  missing = ok_key_new_from_pem (text, length, NULL, &error);
  g_assert_error (error, OK_KEY_ERROR, OK_KEY_ERROR_NEEDS_PASSPHRASE);
  g_assert_null (missing);
  g_clear_error (&error);

  empty = ok_key_export_encrypted_pem (key, "", &error);
  g_assert_error (error, OK_KEY_ERROR, OK_KEY_ERROR_EMPTY_PASSPHRASE);
  g_assert_null (empty);
}

/* Decodes the base64 between the PEM lines of a sealed key. */
static guint8 *
sealed_blob (GBytes *pem,
             gsize  *length)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
  char *body = strchr (text, '\n') + 1;

  *strstr (body, "-----END") = '\0';
  return g_base64_decode (body, length);
}

static char *
sealed_pem (const guint8 *blob,
            gsize         length)
{
  g_autofree char *body = g_base64_encode (blob, length);

  return g_strdup_printf ("-----BEGIN OCES KEEPER ENCRYPTED PRIVATE KEY-----\n%s\n"
                          "-----END OCES KEEPER ENCRYPTED PRIVATE KEY-----\n", body);
}

/* One changed bit anywhere — magic, version, salt, nonce, ciphertext, tag — and the key does not
 * open; nor does a file cut short. */
static void
test_sealed_tampered (void)
{
  OkKey *key = get_generated_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pem = ok_key_export_encrypted_pem (key, passphrase, &error);
  g_autofree guint8 *blob = NULL;
  gsize length;
  struct {
    const char *what;
    gsize       offset;   /* from the start; G_MAXSIZE - n: n bytes before the end */
    int         code;
  } changes[] = {
    { "magic", 0, OK_KEY_ERROR_INVALID },
    { "version", 4, OK_KEY_ERROR_INVALID },
    { "salt", 5, OK_KEY_ERROR_WRONG_PASSPHRASE },
    { "nonce", 40, OK_KEY_ERROR_WRONG_PASSPHRASE },
    { "ciphertext", 49, OK_KEY_ERROR_WRONG_PASSPHRASE },
    { "ciphertext middle", 600, OK_KEY_ERROR_WRONG_PASSPHRASE },
    { "tag", G_MAXSIZE - 1, OK_KEY_ERROR_WRONG_PASSPHRASE },
  };

  g_assert_no_error (error);
  blob = sealed_blob (pem, &length);
  g_assert_cmpuint (length, >, 49 + 16 + 1000);
  g_assert_cmpmem (blob, 5, "OKPK\1", 5);

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      gsize offset = changes[i].offset > length ? length - (G_MAXSIZE - changes[i].offset) : changes[i].offset;
      g_autofree char *changed = NULL;
      g_autoptr(OkKey) opened = NULL;

      g_test_message ("changing the %s", changes[i].what);
      blob[offset] ^= 0x01;
      changed = sealed_pem (blob, length);
      blob[offset] ^= 0x01;
      opened = ok_key_new_from_pem (changed, -1, passphrase, &error);
      g_assert_error (error, OK_KEY_ERROR, changes[i].code);
      g_assert_null (opened);
      g_clear_error (&error);
    }

  /* Cut short: without its tag, and without most of its header. */
  for (gsize cut = 1; cut <= length; cut += length - 30)
    {
      g_autofree char *short_pem = sealed_pem (blob, length - MIN (cut, length - 20));
      g_autoptr(OkKey) opened = ok_key_new_from_pem (short_pem, -1, passphrase, &error);

      g_assert_nonnull (error);
      g_assert_true (error->domain == OK_KEY_ERROR);
      g_assert_null (opened);
      g_clear_error (&error);
    }

  /* The unchanged blob, re-encoded the same way, still opens: the test itself changes nothing else. */
  {
    g_autofree char *same = sealed_pem (blob, length);
    g_autoptr(OkKey) opened = ok_key_new_from_pem (same, -1, passphrase, &error);

    g_assert_no_error (error);
    g_assert_nonnull (opened);
  }
}

/* The format as docs/architecture.md states it, checked by code that is not ours, and by the key's
 * certificate: what opens is the certificate's key. No PKCS#8 tool takes the file for a key. */
static void
test_sealed_independent (void)
{
  OkKey *key = get_generated_key ();
  g_autoptr(GError) error = NULL;
  g_autofree char *csr = ok_key_make_csr_pem (key, "Sealed", &error);
  g_autoptr(GBytes) certificate = NULL;
  g_autoptr(GBytes) pem = NULL;
  g_autoptr(GBytes) opened_public = NULL;
  g_autoptr(GBytes) certificate_public = NULL;
  g_autoptr(GBytes) wrong_public = NULL;
  g_autoptr(GBytes) changed_public = NULL;
  g_autofree char *certificate_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *changed_path = NULL;
  g_autofree guint8 *blob = NULL;
  g_autofree char *changed = NULL;
  gsize length;

  g_assert_no_error (error);
  certificate = okt_pki_sign_csr (pki, csr, "sealed");
  certificate_path = write_temp ("sealed.der", certificate);
  {
    g_autofree char *out = okt_run_ok (pki->dir, NULL, NULL, (const char *[]) {
      "openssl", "x509", "-inform", "DER", "-in", "sealed.der", "-out", "sealed.pem", NULL });
  }
  g_free (certificate_path);
  certificate_path = g_build_filename (pki->dir, "sealed.pem", NULL);
  certificate_public = okt_openssl_public_key (certificate_path, TRUE);

  pem = ok_key_export_encrypted_pem (key, passphrase, &error);
  g_assert_no_error (error);
  key_path = write_temp ("sealed.key", pem);

  opened_public = okt_open_sealed_key_public (key_path, passphrase);
  g_assert_nonnull (opened_public);
  g_assert_true (g_bytes_equal (opened_public, certificate_public));

  wrong_public = okt_open_sealed_key_public (key_path, "not the passphrase");
  g_assert_null (wrong_public);

  blob = sealed_blob (pem, &length);
  blob[length / 2] ^= 0x80;
  changed = sealed_pem (blob, length);
  changed_path = g_build_filename (pki->dir, "sealed-changed.key", NULL);
  okt_write_text (changed_path, changed);
  changed_public = okt_open_sealed_key_public (changed_path, passphrase);
  g_assert_null (changed_public);

  g_assert_false (okt_run_succeeds (NULL, pass_env, NULL, (const char *[]) {
    "openssl", "pkey", "-in", key_path, "-passin", "env:" OKT_PASS_VARIABLE, "-noout", NULL }));
  g_assert_false (okt_run_succeeds (NULL, NULL, NULL, (const char *[]) {
    "certtool", "--key-info", "--no-text", "--password", "", "--infile", key_path, NULL }));
}

/* Stores written by older versions hold PBES2 PKCS#8 (PBKDF2-SHA256, AES-256-CBC): they still
 * open with the same call, whether GnuTLS or openssl wrote them. */
static void
test_old_pbes2_format (void)
{
  OkKey *key = get_generated_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) old = ok_key_export_pkcs8_pem (key, passphrase, &error);
  g_autoptr(GBytes) id = ok_key_dup_public_key_id (key);
  g_autoptr(GBytes) clear = NULL;
  g_autofree char *clear_path = NULL;
  g_autofree char *openssl_pem = NULL;
  g_autoptr(OkKey) opened = NULL;
  g_autoptr(OkKey) from_openssl = NULL;
  g_autoptr(OkKey) wrong = NULL;
  g_autoptr(GBytes) opened_id = NULL;
  g_autoptr(GBytes) openssl_id = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (old, NULL), "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  opened = ok_key_new_from_pem (g_bytes_get_data (old, NULL), g_bytes_get_size (old), passphrase, &error);
  g_assert_no_error (error);
  opened_id = ok_key_dup_public_key_id (opened);
  g_assert_true (g_bytes_equal (id, opened_id));

  wrong = ok_key_new_from_pem (g_bytes_get_data (old, NULL), g_bytes_get_size (old), "wrong", &error);
  g_assert_error (error, OK_KEY_ERROR, OK_KEY_ERROR_WRONG_PASSPHRASE);
  g_assert_null (wrong);
  g_clear_error (&error);

  /* openssl re-encrypts it with its own PBES2 parameters. */
  clear_path = write_temp ("old-format.p8", old);
  openssl_pem = okt_run_ok (NULL, pass_env, NULL, (const char *[]) {
    "sh", "-c", "openssl pkey -in \"$0\" -passin env:" OKT_PASS_VARIABLE " | "
    "openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -passout env:" OKT_PASS_VARIABLE,
    clear_path, NULL });
  g_assert_true (g_str_has_prefix (openssl_pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  from_openssl = ok_key_new_from_pem (openssl_pem, -1, passphrase, &error);
  g_assert_no_error (error);
  openssl_id = ok_key_dup_public_key_id (from_openssl);
  g_assert_true (g_bytes_equal (id, openssl_id));
}

/* Every PEM form openssl writes for the same key reads back as the same key. */
static void
test_openssl_formats (void)
{
  g_autoptr(GBytes) expected_public = okt_openssl_public_key (pki->leaf_key, FALSE);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  struct {
    const char *name;
    const char *argv[14];
    gboolean    encrypted;
    const char *marker;
  } forms[] = {
    { "pkcs8", { "openssl", "pkey", "-in", "leaf.key", NULL }, FALSE, "BEGIN PRIVATE KEY" },
    { "pkcs1", { "openssl", "pkey", "-in", "leaf.key", "-traditional", NULL }, FALSE, "BEGIN RSA PRIVATE KEY" },
    { "pkcs8-aes", { "openssl", "pkcs8", "-topk8", "-in", "leaf.key", "-v2", "aes-256-cbc",
                     "-passout", "env:" OKT_PASS_VARIABLE, NULL }, TRUE, "BEGIN ENCRYPTED PRIVATE KEY" },
    { "pkcs1-proc-type", { "openssl", "pkey", "-in", "leaf.key", "-traditional", "-aes256",
                           "-passout", "env:" OKT_PASS_VARIABLE, NULL }, TRUE, "Proc-Type: 4,ENCRYPTED" },
  };

  g_checksum_update (checksum, g_bytes_get_data (expected_public, NULL), g_bytes_get_size (expected_public));
  g_checksum_get_digest (checksum, digest, &digest_length);

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *pem = okt_run_ok (pki->dir, pass_env, NULL, forms[i].argv);
      g_autoptr(GError) error = NULL;
      g_autoptr(OkKey) key = NULL;
      g_autoptr(GBytes) id = NULL;

      g_test_message ("form %s", forms[i].name);
      g_assert_nonnull (strstr (pem, forms[i].marker));

      key = ok_key_new_from_pem (pem, strlen (pem), forms[i].encrypted ? passphrase : NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ok_key_get_bits (key), ==, 2048);

      /* Our key id is the SHA-256 of the SubjectPublicKeyInfo openssl prints. */
      id = ok_key_dup_public_key_id (key);
      g_assert_cmpmem (g_bytes_get_data (id, NULL), g_bytes_get_size (id), digest, digest_length);

      if (forms[i].encrypted)
        {
          g_autoptr(OkKey) wrong = ok_key_new_from_pem (pem, strlen (pem), "wrong", &error);

          g_assert_error (error, OK_KEY_ERROR, OK_KEY_ERROR_WRONG_PASSPHRASE);
          g_assert_null (wrong);
        }
    }
}

static void
test_invalid_pem (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkKey) key = NULL;
  g_autoptr(GBytes) certificate = okt_read_file (pki->leaf_pem);
  const char broken[] = "-----BEGIN PRIVATE KEY-----\nTm90IGEga2V5\n-----END PRIVATE KEY-----\n";

  key = ok_key_new_from_pem (g_bytes_get_data (certificate, NULL), g_bytes_get_size (certificate),
                             NULL, &error);
  g_assert_error (error, OK_KEY_ERROR, OK_KEY_ERROR_INVALID);
  g_assert_null (key);
  g_clear_error (&error);

  key = ok_key_new_from_pem (broken, -1, NULL, &error);
  g_assert_error (error, OK_KEY_ERROR, OK_KEY_ERROR_INVALID);
  g_assert_null (key);
}

static void
test_der (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (pki->dir, "leaf-key.der", NULL);
  g_autofree char *out = okt_run_ok (pki->dir, NULL, NULL, (const char *[]) {
    "openssl", "pkey", "-in", "leaf.key", "-outform", "DER", "-out", "leaf-key.der", NULL });
  g_autoptr(GBytes) der = okt_read_file (path);
  g_autoptr(OkKey) key = ok_key_new_from_der (der, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok_key_matches_certificate (key, pki->leaf_der));
}

static void
test_matches_certificate (void)
{
  OkKey *key = get_generated_key ();
  g_autoptr(GError) error = NULL;
  g_autofree char *csr = ok_key_make_csr_pem (key, "Match", &error);
  g_autoptr(GBytes) certificate = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("\x30\x03\x02\x01\x00", 5);

  g_assert_no_error (error);
  certificate = okt_pki_sign_csr (pki, csr, "match");

  g_assert_true (ok_key_matches_certificate (key, certificate));
  g_assert_false (ok_key_matches_certificate (key, pki->leaf_der));
  g_assert_false (ok_key_matches_certificate (key, pki->ca_der));
  g_assert_false (ok_key_matches_certificate (key, garbage));
  g_assert_nonnull (ok_key_get_x509_privkey (key));
}

/* Mutual TLS over 127.0.0.1 through glib-networking: the server trusts only the root,
 * so the handshake succeeds only if our identity carries the key and the issuing CA. */
typedef struct {
  GMainLoop       *loop;
  GTlsCertificate *server_identity;
  GTlsDatabase    *server_database;
  GIOStream       *server_connection;
  GIOStream       *client_connection;
  GTlsCertificateFlags client_flags;  /* what the server found wrong with the client */
  gboolean         client_checked;
  GError          *server_error;
  GError          *client_error;
  guint            pending;
} Handshake;

static void
handshake_step_done (Handshake *handshake)
{
  if (--handshake->pending == 0)
    g_main_loop_quit (handshake->loop);
}

static void
server_handshake_done (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Handshake *handshake = user_data;

  g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, &handshake->server_error);
  handshake_step_done (handshake);
}

static void
client_handshake_done (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Handshake *handshake = user_data;

  g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, &handshake->client_error);
  /* Make the server's pending read of the client's answer finish, whatever happened. */
  if (handshake->client_error != NULL)
    g_io_stream_close (G_IO_STREAM (object), NULL, NULL);
  handshake_step_done (handshake);
}

/* glib-networking asks a server about every client certificate, even one that verified;
 * accept exactly those the root vouches for. */
static gboolean
server_checks_client (GTlsConnection       *connection,
                      GTlsCertificate      *peer,
                      GTlsCertificateFlags  errors,
                      gpointer              user_data)
{
  Handshake *handshake = user_data;

  handshake->client_flags = errors;
  handshake->client_checked = TRUE;
  return errors == 0;
}

static void
accepted (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Handshake *handshake = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  GError *error = NULL;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (object), result, NULL, &error);
  g_assert_no_error (error);

  handshake->server_connection = g_tls_server_connection_new (G_IO_STREAM (connection),
                                                              handshake->server_identity, &error);
  g_assert_no_error (error);
  g_object_set (handshake->server_connection,
                "authentication-mode", G_TLS_AUTHENTICATION_REQUIRED,
                "database", handshake->server_database,
                NULL);
  g_signal_connect (handshake->server_connection, "accept-certificate",
                    G_CALLBACK (server_checks_client), handshake);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (handshake->server_connection),
                                    G_PRIORITY_DEFAULT, NULL, server_handshake_done, handshake);
}

static gboolean
accept_any_server (GTlsConnection       *connection,
                   GTlsCertificate      *peer,
                   GTlsCertificateFlags  errors,
                   gpointer              user_data)
{
  /* The server's own certificate is not what this test is about. */
  return TRUE;
}

static void
connected (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Handshake *handshake = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  GTlsCertificate *identity = g_object_get_data (G_OBJECT (object), "identity");
  GError *error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  g_assert_no_error (error);

  handshake->client_connection = g_tls_client_connection_new (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);
  g_tls_connection_set_certificate (G_TLS_CONNECTION (handshake->client_connection), identity);
  g_signal_connect (handshake->client_connection, "accept-certificate",
                    G_CALLBACK (accept_any_server), NULL);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (handshake->client_connection),
                                    G_PRIORITY_DEFAULT, NULL, client_handshake_done, handshake);
}

static gboolean
handshake_timeout (gpointer user_data)
{
  g_error ("TLS handshake did not finish in time");
  return G_SOURCE_REMOVE;
}

static void
run_handshake (Handshake       *handshake,
               GTlsCertificate *client_identity)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);

  handshake->loop = g_main_loop_new (NULL, FALSE);
  handshake->pending = 2;
  g_socket_listener_accept_async (listener, NULL, accepted, handshake);
  g_object_set_data (G_OBJECT (client), "identity", client_identity);
  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (effective), NULL, connected, handshake);

  timeout = g_timeout_add_seconds (30, handshake_timeout, NULL);
  g_main_loop_run (handshake->loop);
  g_source_remove (timeout);
}

static void
handshake_clear (Handshake *handshake)
{
  g_clear_pointer (&handshake->loop, g_main_loop_unref);
  g_clear_object (&handshake->server_identity);
  g_clear_object (&handshake->server_database);
  g_clear_object (&handshake->server_connection);
  g_clear_object (&handshake->client_connection);
  g_clear_error (&handshake->server_error);
  g_clear_error (&handshake->client_error);
}

static void
prepare_server (Handshake *handshake)
{
  g_autoptr(GError) error = NULL;

  handshake->server_identity = g_tls_certificate_new_from_files (pki->leaf_pem, pki->leaf_key, &error);
  g_assert_no_error (error);
  handshake->server_database = g_tls_file_database_new (pki->root_pem, &error);
  g_assert_no_error (error);
}

static void
test_tls_mutual (void)
{
  OkKey *key = get_generated_key ();
  g_autoptr(GError) error = NULL;
  g_autofree char *csr = ok_key_make_csr_pem (key, "TLS client", &error);
  g_autoptr(GBytes) certificate = NULL;
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  g_autoptr(GTlsCertificate) identity = NULL;
  g_autoptr(GTlsCertificate) without_chain = NULL;
  g_autoptr(GByteArray) identity_der = NULL;
  g_autoptr(GByteArray) peer_der = NULL;
  GTlsCertificate *peer;
  Handshake handshake = { 0 };

  g_assert_no_error (error);
  certificate = okt_pki_sign_csr (pki, csr, "tls-client");
  g_ptr_array_add (chain, pki->ca_der);

  identity = ok_key_make_tls_certificate (key, certificate, chain, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_tls_certificate_get_issuer (identity));
  g_object_get (identity, "certificate", &identity_der, NULL);
  g_assert_cmpmem (identity_der->data, identity_der->len,
                   g_bytes_get_data (certificate, NULL), g_bytes_get_size (certificate));

  prepare_server (&handshake);
  run_handshake (&handshake, identity);
  g_assert_true (handshake.client_checked);
  g_assert_cmpint (handshake.client_flags, ==, 0);
  g_assert_no_error (handshake.client_error);
  g_assert_no_error (handshake.server_error);
  peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (handshake.server_connection));
  g_assert_nonnull (peer);
  g_object_get (peer, "certificate", &peer_der, NULL);
  g_assert_cmpmem (peer_der->data, peer_der->len,
                   g_bytes_get_data (certificate, NULL), g_bytes_get_size (certificate));
  g_assert_cmpint (g_tls_connection_get_peer_certificate_errors (G_TLS_CONNECTION (handshake.server_connection)),
                   ==, 0);
  handshake_clear (&handshake);

  /* Without the issuing CA the same server refuses us: the chain really travels. */
  without_chain = ok_key_make_tls_certificate (key, certificate, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (g_tls_certificate_get_issuer (without_chain));
  prepare_server (&handshake);
  run_handshake (&handshake, without_chain);
  g_assert_true (handshake.client_checked);
  g_assert_cmpint (handshake.client_flags & G_TLS_CERTIFICATE_UNKNOWN_CA, ==, G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_assert_nonnull (handshake.server_error);
  handshake_clear (&handshake);
}

static void
test_tls_mismatch (void)
{
  OkKey *key = get_generated_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) identity = NULL;

  identity = ok_key_make_tls_certificate (key, pki->leaf_der, NULL, &error);
  g_assert_error (error, OK_KEY_ERROR, OK_KEY_ERROR_CERTIFICATE_MISMATCH);
  g_assert_null (identity);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gnutls_global_init ();

  pki = okt_pki_new ();

  g_test_add_func ("/key/generate/default", test_generate_default);
  g_test_add_func ("/key/generate/4096", test_generate_4096);
  g_test_add_func ("/key/generate/unsupported-size", test_generate_unsupported);
  g_test_add_func ("/key/generate/cancelled-before", test_generate_cancelled_before);
  g_test_add_func ("/key/generate/cancelled-during", test_generate_cancelled_during);
  g_test_add_func ("/key/csr", test_csr);
  g_test_add_func ("/key/sealed/roundtrip", test_sealed_roundtrip);
  g_test_add_func ("/key/sealed/tampered", test_sealed_tampered);
  g_test_add_func ("/key/sealed/independent", test_sealed_independent);
  g_test_add_func ("/key/pem/old-pbes2", test_old_pbes2_format);
  g_test_add_func ("/key/pem/openssl-formats", test_openssl_formats);
  g_test_add_func ("/key/pem/invalid", test_invalid_pem);
  g_test_add_func ("/key/der", test_der);
  g_test_add_func ("/key/matches-certificate", test_matches_certificate);
  g_test_add_func ("/key/tls/mutual", test_tls_mutual);
  g_test_add_func ("/key/tls/mismatch", test_tls_mismatch);

  status = g_test_run ();

  g_clear_object (&generated_key);
  okt_pki_free (pki);
  return status;
}
