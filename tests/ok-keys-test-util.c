/* ok-keys-test-util.c — helpers for the key, keyring, import and export tests: running
 * openssl/certtool/secret-tool with stdin and environment, temporary folders, a small PKI
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ok-keys-test-util.h"

void
okt_result_free (OktResult *result)
{
  g_clear_pointer (&result->out, g_bytes_unref);
  g_clear_pointer (&result->err, g_free);
  g_free (result);
}

char *
okt_bytes_to_text (GBytes *bytes)
{
  gsize length = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;

  /* Empty GBytes may have no data pointer at all. */
  return g_strndup (data != NULL ? data : "", length);
}

OktResult *
okt_run (const char         *cwd,
         const char * const *env,
         GBytes             *input,
         const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GError) error = NULL;
  OktResult *result = g_new0 (OktResult, 1);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* An empty stdin rather than ours, so that a tool that wants to prompt fails instead. */
  if (input == NULL)
    input = empty = g_bytes_new_static ("", 0);
  g_subprocess_communicate (process, input, NULL, &result->out, &err, &error);
  g_assert_no_error (error);

  result->exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  result->err = okt_bytes_to_text (err);

  return result;
}

static GBytes *
text_bytes (const char *text)
{
  return text != NULL ? g_bytes_new (text, strlen (text)) : NULL;
}

char *
okt_run_ok (const char         *cwd,
            const char * const *env,
            const char         *input,
            const char * const *argv)
{
  g_autoptr(GBytes) input_bytes = text_bytes (input);
  g_autoptr(OktResult) result = okt_run (cwd, env, input_bytes, argv);
  g_autofree char *command = g_strjoinv (" ", (char **) argv);

  if (result->exit_status != 0)
    g_test_message ("`%s` failed (%d): %s", command, result->exit_status, result->err);
  g_assert_cmpint (result->exit_status, ==, 0);

  return okt_bytes_to_text (result->out);
}

gboolean
okt_run_succeeds (const char         *cwd,
                  const char * const *env,
                  const char         *input,
                  const char * const *argv)
{
  g_autoptr(GBytes) input_bytes = text_bytes (input);
  g_autoptr(OktResult) result = okt_run (cwd, env, input_bytes, argv);

  return result->exit_status == 0;
}

char *
okt_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ok-keys-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
okt_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          okt_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

GBytes *
okt_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

void
okt_write_file (const char *path,
                GBytes     *contents)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);

  g_file_set_contents (path, data != NULL ? data : "", length, &error);
  g_assert_no_error (error);
}

void
okt_write_text (const char *path,
                const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  okt_write_file (path, bytes);
}

const char *
okt_samples_dir (void)
{
  const char *dir = g_getenv ("OK_SAMPLES_DIR");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return dir;
}

static GBytes *
pem_file_to_der (const char *dir,
                 const char *pem)
{
  g_autofree char *der_name = g_strconcat (pem, ".der", NULL);
  g_autofree char *der_path = g_build_filename (dir, der_name, NULL);
  g_autofree char *out = NULL;

  out = okt_run_ok (dir, NULL, NULL, (const char *[]) {
    "openssl", "x509", "-in", pem, "-outform", "DER", "-out", der_name, NULL });
  return okt_read_file (der_path);
}

static const char extensions[] =
  "[ca]\n"
  "basicConstraints = critical, CA:TRUE\n"
  "keyUsage = critical, keyCertSign, cRLSign\n"
  "subjectKeyIdentifier = hash\n"
  "authorityKeyIdentifier = keyid:always\n"
  "[leaf]\n"
  "basicConstraints = critical, CA:FALSE\n"
  "keyUsage = critical, digitalSignature, keyEncipherment\n"
  "extendedKeyUsage = clientAuth, serverAuth\n"
  "subjectAltName = IP:127.0.0.1\n"
  "subjectKeyIdentifier = hash\n"
  "authorityKeyIdentifier = keyid:always\n";

static void
make_key (const char *dir,
          const char *name)
{
  g_autofree char *out = okt_run_ok (dir, NULL, NULL, (const char *[]) {
    "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
    "-out", name, NULL });
}

/* @issuer NULL makes a self-signed certificate with @issuer_key. */
static void
sign (const char *dir,
      const char *csr,
      const char *issuer,
      const char *issuer_key,
      const char *section,
      const char *serial,
      const char *out_name)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, (char *) "openssl");
  g_ptr_array_add (argv, (char *) "x509");
  g_ptr_array_add (argv, (char *) "-req");
  g_ptr_array_add (argv, (char *) "-in");
  g_ptr_array_add (argv, (char *) csr);
  if (issuer != NULL)
    {
      g_ptr_array_add (argv, (char *) "-CA");
      g_ptr_array_add (argv, (char *) issuer);
      g_ptr_array_add (argv, (char *) "-CAkey");
    }
  else
    {
      g_ptr_array_add (argv, (char *) "-signkey");
    }
  g_ptr_array_add (argv, (char *) issuer_key);
  g_ptr_array_add (argv, (char *) "-set_serial");
  g_ptr_array_add (argv, (char *) serial);
  g_ptr_array_add (argv, (char *) "-days");
  g_ptr_array_add (argv, (char *) "30");
  g_ptr_array_add (argv, (char *) "-sha256");
  g_ptr_array_add (argv, (char *) "-extfile");
  g_ptr_array_add (argv, (char *) "extensions.cnf");
  g_ptr_array_add (argv, (char *) "-extensions");
  g_ptr_array_add (argv, (char *) section);
  g_ptr_array_add (argv, (char *) "-out");
  g_ptr_array_add (argv, (char *) out_name);
  g_ptr_array_add (argv, NULL);

  out = okt_run_ok (dir, NULL, NULL, (const char * const *) argv->pdata);
}

static void
make_csr (const char *dir,
          const char *key,
          const char *subject,
          const char *csr)
{
  g_autofree char *out = okt_run_ok (dir, NULL, NULL, (const char *[]) {
    "openssl", "req", "-new", "-key", key, "-subj", subject, "-out", csr, NULL });
}

OktPki *
okt_pki_new (void)
{
  OktPki *pki = g_new0 (OktPki, 1);
  g_autofree char *extensions_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *chain = NULL;
  g_autofree char *ca_text = NULL;
  g_autofree char *root_text = NULL;

  pki->dir = okt_make_tmpdir ();
  extensions_path = g_build_filename (pki->dir, "extensions.cnf", NULL);
  okt_write_text (extensions_path, extensions);

  make_key (pki->dir, "root.key");
  make_csr (pki->dir, "root.key", "/O=OCES Keeper Tests/CN=Test Root", "root.csr");
  sign (pki->dir, "root.csr", NULL, "root.key", "ca", "1", "root.pem");

  make_key (pki->dir, "ca.key");
  make_csr (pki->dir, "ca.key", "/O=OCES Keeper Tests/CN=Test Issuing CA", "ca.csr");
  sign (pki->dir, "ca.csr", "root.pem", "root.key", "ca", "2", "ca.pem");

  make_key (pki->dir, "leaf.key");
  make_csr (pki->dir, "leaf.key", "/O=OCES Keeper Tests/CN=Test Leaf", "leaf.csr");
  sign (pki->dir, "leaf.csr", "ca.pem", "ca.key", "leaf", "3", "leaf.pem");

  make_key (pki->dir, "stranger.key");

  pki->root_pem = g_build_filename (pki->dir, "root.pem", NULL);
  pki->ca_pem = g_build_filename (pki->dir, "ca.pem", NULL);
  pki->leaf_pem = g_build_filename (pki->dir, "leaf.pem", NULL);
  pki->leaf_key = g_build_filename (pki->dir, "leaf.key", NULL);
  pki->ca_key = g_build_filename (pki->dir, "ca.key", NULL);
  pki->stranger_key = g_build_filename (pki->dir, "stranger.key", NULL);
  pki->chain_pem = g_build_filename (pki->dir, "chain.pem", NULL);

  g_file_get_contents (pki->ca_pem, &ca_text, NULL, NULL);
  g_file_get_contents (pki->root_pem, &root_text, NULL, NULL);
  chain = g_strconcat (ca_text, root_text, NULL);
  okt_write_text (pki->chain_pem, chain);

  pki->root_der = pem_file_to_der (pki->dir, "root.pem");
  pki->ca_der = pem_file_to_der (pki->dir, "ca.pem");
  pki->leaf_der = pem_file_to_der (pki->dir, "leaf.pem");

  return pki;
}

void
okt_pki_free (OktPki *pki)
{
  okt_remove_tree (pki->dir);
  g_free (pki->dir);
  g_clear_pointer (&pki->root_der, g_bytes_unref);
  g_clear_pointer (&pki->ca_der, g_bytes_unref);
  g_clear_pointer (&pki->leaf_der, g_bytes_unref);
  g_free (pki->root_pem);
  g_free (pki->ca_pem);
  g_free (pki->leaf_pem);
  g_free (pki->leaf_key);
  g_free (pki->ca_key);
  g_free (pki->stranger_key);
  g_free (pki->chain_pem);
  g_free (pki);
}

GBytes *
okt_pki_sign_csr (OktPki     *pki,
                  const char *csr_pem,
                  const char *name)
{
  g_autofree char *csr_name = g_strconcat (name, ".csr", NULL);
  g_autofree char *pem_name = g_strconcat (name, ".pem", NULL);
  g_autofree char *csr_path = g_build_filename (pki->dir, csr_name, NULL);
  static guint serial = 100;
  g_autofree char *serial_text = g_strdup_printf ("%u", serial++);

  okt_write_text (csr_path, csr_pem);
  sign (pki->dir, csr_name, "ca.pem", "ca.key", "leaf", serial_text, pem_name);

  return pem_file_to_der (pki->dir, pem_name);
}

GPtrArray *
okt_pki_dup_chain (OktPki *pki)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_ptr_array_add (chain, g_bytes_ref (pki->ca_der));
  g_ptr_array_add (chain, g_bytes_ref (pki->root_der));

  return chain;
}

GBytes *
okt_openssl_public_key (const char *path,
                        gboolean    is_certificate)
{
  g_autoptr(OktResult) result = NULL;

  if (is_certificate)
    {
      g_autofree char *pem = okt_run_ok (NULL, NULL, NULL, (const char *[]) {
        "openssl", "x509", "-in", path, "-noout", "-pubkey", NULL });
      g_autoptr(GBytes) input = g_bytes_new (pem, strlen (pem));

      result = okt_run (NULL, NULL, input, (const char *[]) {
        "openssl", "pkey", "-pubin", "-outform", "DER", NULL });
    }
  else
    {
      result = okt_run (NULL, NULL, NULL, (const char *[]) {
        "openssl", "pkey", "-in", path, "-pubout", "-outform", "DER", NULL });
    }

  if (result->exit_status != 0)
    g_test_message ("openssl pkey failed: %s", result->err);
  g_assert_cmpint (result->exit_status, ==, 0);

  return g_bytes_ref (result->out);
}

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GBytes) bytes = okt_read_file (path);

  return okt_bytes_to_text (bytes);
}

/* OCES Keeper shows the serial's DER bytes, upper-case: a serial whose first byte has the high
 * bit set keeps the zero byte that DER puts before it, which openssl leaves out. */
char *
okt_openssl_serial (const char *path)
{
  g_autofree char *out = okt_run_ok (NULL, NULL, NULL, (const char *[]) {
    "openssl", "x509", "-in", path, "-noout", "-serial", NULL });
  char *hex;

  g_assert_true (g_str_has_prefix (out, "serial="));
  hex = g_strstrip (g_ascii_strup (out + strlen ("serial="), -1));
  if (g_ascii_xdigit_value (hex[0]) >= 8)
    {
      char *padded = g_strconcat ("00", hex, NULL);

      g_free (hex);
      return padded;
    }

  return hex;
}

/* An OCES3-shaped self-signed certificate of "Firma ApS" (CVR 12345678) for the system @uuid,
 * valid for @days from now: @name.crt, its key @name.key, both in @name.pem, and a PKCS#12 of
 * both, protected by OKT_OCES3_PASSWORD, in @name.p12; all in @dir. */
void
okt_make_oces3_certificate (const char *dir,
                            const char *name,
                            const char *uuid,
                            const char *days)
{
  const char *env[] = { OKT_PASS_VARIABLE, OKT_OCES3_PASSWORD, NULL };
  g_autofree char *subject = g_strdup_printf ("/CN=Skat integration/serialNumber=UI:DK-O:G:%s/O=Firma ApS"
                                              "/organizationIdentifier=NTRDK-12345678/C=DK", uuid);
  g_autofree char *crt = g_strconcat (name, ".crt", NULL);
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *p12 = g_strconcat (name, ".p12", NULL);
  g_autofree char *pem_name = g_strconcat (name, ".pem", NULL);
  g_autofree char *pem_path = g_build_filename (dir, pem_name, NULL);
  g_autofree char *crt_text = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *pem_text = NULL;
  g_autofree char *out = NULL;

  out = okt_run_ok (dir, NULL, NULL, (const char *[]) {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-noenc", "-keyout", key, "-out", crt,
    "-days", days, "-subj", subject, NULL });
  g_assert_true (okt_run_succeeds (dir, env, NULL, (const char *[]) {
    "openssl", "pkcs12", "-export", "-in", crt, "-inkey", key, "-out", p12,
    "-passout", "env:" OKT_PASS_VARIABLE, NULL }));

  crt_text = read_text (dir, crt);
  key_text = read_text (dir, key);
  pem_text = g_strconcat (crt_text, key_text, NULL);
  okt_write_text (pem_path, pem_text);
}

/* The sealed key format (src/core/ok-key-seal.c), opened by an implementation that shares no
 * code with ours: HKDF and AES-256-GCM from python3-cryptography (OpenSSL's), the tag checked. */
static const char open_sealed_script[] =
  "import base64, os, sys\n"
  "from cryptography.hazmat.primitives import hashes\n"
  "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
  "from cryptography.hazmat.primitives.kdf.hkdf import HKDF\n"
  "text = open(sys.argv[1]).read()\n"
  "body = text.split('-----BEGIN OCES KEEPER ENCRYPTED PRIVATE KEY-----')[1].split('-----END')[0]\n"
  "blob = base64.b64decode(''.join(body.split()))\n"
  "if blob[:4] != b'OKPK' or blob[4] != 1: sys.exit('not a version 1 sealed key')\n"
  "salt, nonce = blob[5:37], blob[37:49]\n"
  "key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,\n"
  "           info=b'OCES Keeper stored key v1 AES-256-GCM').derive(os.environ['" OKT_PASS_VARIABLE "'].encode())\n"
  "sys.stdout.buffer.write(AESGCM(key).decrypt(nonce, blob[49:], blob[:49]))\n";

GBytes *
okt_open_sealed_key_public (const char *path,
                            const char *secret)
{
  const char *env[] = { OKT_PASS_VARIABLE, secret, NULL };
  g_autoptr(OktResult) result = NULL;

  /* The clear key only travels through the pipe into openssl, which prints its public half. */
  result = okt_run (NULL, env, NULL, (const char *[]) {
    "sh", "-c", "python3 -c \"$0\" \"$1\" | openssl pkey -inform DER -pubout -outform DER",
    open_sealed_script, path, NULL });
  if (result->exit_status != 0)
    {
      g_test_message ("opening the sealed key failed: %s", result->err);
      return NULL;
    }

  return g_bytes_ref (result->out);
}
