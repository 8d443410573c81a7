/* test-ca-crypto.c — GnuTLS helpers of the reference CA, and its error domain
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/crypto.h>

#include "test-ca-crypto.h"

#define SERIAL_BYTES 20

G_DEFINE_QUARK (test-ca-error-quark, test_ca_error)

gboolean
test_ca_crypto_check (int          ret,
                      const char  *what,
                      GError     **error)
{
  if (ret >= 0)
    return TRUE;

  g_set_error (error, TEST_CA_ERROR, TEST_CA_ERROR_FAILED, "%s: %s", what, gnutls_strerror (ret));
  return FALSE;
}

gboolean
test_ca_crypto_write_private_file (const char  *path,
                                   const char  *contents,
                                   GError     **error)
{
  return g_file_set_contents_full (path, contents, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

char *
test_ca_crypto_key_to_pem (gnutls_privkey_t   key,
                           GError           **error)
{
  g_auto(gnutls_x509_privkey_t) x509 = NULL;
  gnutls_datum_t out = { NULL, 0 };
  char *pem;

  if (!test_ca_crypto_check (gnutls_privkey_export_x509 (key, &x509), "export key", error) ||
      !test_ca_crypto_check (gnutls_x509_privkey_export2_pkcs8 (x509, GNUTLS_X509_FMT_PEM, NULL,
                                                                GNUTLS_PKCS_PLAIN, &out),
                             "encode key", error))
    return NULL;

  pem = g_strndup ((const char *) out.data, out.size);
  gnutls_memset (out.data, 0, out.size);
  gnutls_free (out.data);
  return pem;
}

/* Keys are kept unencrypted, 0600, in the state folder: this is a test CA and its keys
 * protect nothing. */
gnutls_privkey_t
test_ca_crypto_load_or_generate_key (const char    *path,
                                     unsigned int   bits,
                                     GError       **error)
{
  g_auto(gnutls_privkey_t) key = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!test_ca_crypto_check (gnutls_privkey_init (&key), "key", error))
    return NULL;

  if (path != NULL && g_file_get_contents (path, &contents, &length, NULL))
    {
      gnutls_datum_t datum = { (unsigned char *) contents, (unsigned int) length };

      if (!test_ca_crypto_check (gnutls_privkey_import_x509_raw (key, &datum, GNUTLS_X509_FMT_PEM,
                                                                 NULL, 0),
                                 path, error))
        return NULL;
      return g_steal_pointer (&key);
    }

  if (!test_ca_crypto_check (gnutls_privkey_generate2 (key, GNUTLS_PK_RSA, bits, 0, NULL, 0),
                             "generate key", error))
    return NULL;

  if (path != NULL)
    {
      g_autofree char *pem = test_ca_crypto_key_to_pem (key, error);

      if (pem == NULL || !test_ca_crypto_write_private_file (path, pem, error))
        return NULL;
    }

  return g_steal_pointer (&key);
}

gnutls_x509_crt_t
test_ca_crypto_load_certificate (const char  *path,
                                 GError     **error)
{
  g_auto(gnutls_x509_crt_t) certificate = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gnutls_datum_t datum;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  datum.data = (unsigned char *) contents;
  datum.size = (unsigned int) length;
  if (!test_ca_crypto_check (gnutls_x509_crt_init (&certificate), "certificate", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_import (certificate, &datum, GNUTLS_X509_FMT_PEM),
                             path, error))
    return NULL;

  return g_steal_pointer (&certificate);
}

char *
test_ca_crypto_certificate_to_pem (gnutls_x509_crt_t   certificate,
                                   GError            **error)
{
  gnutls_datum_t out = { NULL, 0 };
  char *pem;

  if (!test_ca_crypto_check (gnutls_x509_crt_export2 (certificate, GNUTLS_X509_FMT_PEM, &out),
                             "encode certificate", error))
    return NULL;

  pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return pem;
}

/* Adds one attribute as its own RDN, after those already there, so the DER order is the call
 * order (OCES3: CN first, C last), with the string type chosen here: GnuTLS does not know
 * organizationIdentifier (2.5.4.97) and would not pick PrintableString for serialNumber. */
gboolean
test_ca_crypto_add_name (gnutls_x509_crt_t   certificate,
                         const char         *oid,
                         const char         *value,
                         gboolean            printable,
                         GError            **error)
{
  g_autoptr(GByteArray) der = g_byte_array_new ();
  gsize length = strlen (value);
  guint8 tag = printable ? 0x13 : 0x0c;

  g_byte_array_append (der, &tag, 1);
  if (length < 0x80)
    {
      guint8 short_length = (guint8) length;

      g_byte_array_append (der, &short_length, 1);
    }
  else
    {
      guint8 long_length[3] = { 0x82, (guint8) (length >> 8), (guint8) (length & 0xff) };

      g_return_val_if_fail (length <= 0xffff, FALSE);
      g_byte_array_append (der, long_length, sizeof long_length);
    }
  g_byte_array_append (der, (const guint8 *) value, (guint) length);

  return test_ca_crypto_check (gnutls_x509_crt_set_dn_by_oid (certificate, oid, 1,
                                                              der->data, der->len),
                               oid, error);
}

/* 20 random bytes with the top bit clear (a positive INTEGER) and a non-zero first byte (so the
 * DER keeps all 20). */
char *
test_ca_crypto_set_random_serial (gnutls_x509_crt_t   certificate,
                                  GError            **error)
{
  guint8 serial[SERIAL_BYTES];

  if (!test_ca_crypto_check (gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial), "serial", error))
    return NULL;

  serial[0] = (serial[0] & 0x7f) | 0x01;
  if (!test_ca_crypto_check (gnutls_x509_crt_set_serial (certificate, serial, sizeof serial),
                             "serial", error))
    return NULL;

  return test_ca_crypto_get_serial_hex (certificate);
}

char *
test_ca_crypto_get_serial_hex (gnutls_x509_crt_t certificate)
{
  guint8 serial[64];
  size_t size = sizeof serial;
  GString *hex;

  if (gnutls_x509_crt_get_serial (certificate, serial, &size) < 0)
    return NULL;

  hex = g_string_new (NULL);
  for (size_t i = 0; i < size; i++)
    g_string_append_printf (hex, "%02x", serial[i]);

  return g_string_free (hex, FALSE);
}

gboolean
test_ca_crypto_set_key_ids (gnutls_x509_crt_t   certificate,
                            gnutls_x509_crt_t   issuer,
                            GError            **error)
{
  guint8 id[64];
  size_t size = sizeof id;

  if (!test_ca_crypto_check (gnutls_x509_crt_get_key_id (certificate, GNUTLS_KEYID_USE_SHA1,
                                                         id, &size),
                             "key id", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_subject_key_id (certificate, id, size),
                             "subject key id", error))
    return FALSE;

  size = sizeof id;
  return test_ca_crypto_check (gnutls_x509_crt_get_key_id (issuer, GNUTLS_KEYID_USE_SHA1, id, &size),
                               "issuer key id", error) &&
         test_ca_crypto_check (gnutls_x509_crt_set_authority_key_id (certificate, id, size),
                               "authority key id", error);
}

/* RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt, as OCES3 signs its leaves. */
gboolean
test_ca_crypto_sign (gnutls_x509_crt_t   certificate,
                     gnutls_x509_crt_t   issuer,
                     gnutls_privkey_t    issuer_key,
                     GError            **error)
{
  return test_ca_crypto_check (gnutls_x509_crt_privkey_sign (certificate, issuer, issuer_key,
                                                             GNUTLS_DIG_SHA256,
                                                             GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS),
                               "sign", error);
}

/* A certificate GnuTLS has just built keeps some fields as they were before signing, and chain
 * verification against it then fails; a copy read back from its DER is a normal certificate. */
gnutls_x509_crt_t
test_ca_crypto_reread (gnutls_x509_crt_t   certificate,
                       GError            **error)
{
  g_auto(gnutls_x509_crt_t) copy = NULL;
  gnutls_datum_t der = { NULL, 0 };
  int ret;

  if (!test_ca_crypto_check (gnutls_x509_crt_export2 (certificate, GNUTLS_X509_FMT_DER, &der),
                             "encode certificate", error))
    return NULL;

  ret = gnutls_x509_crt_init (&copy);
  if (ret >= 0)
    ret = gnutls_x509_crt_import (copy, &der, GNUTLS_X509_FMT_DER);
  gnutls_free (der.data);
  if (!test_ca_crypto_check (ret, "read certificate", error))
    return NULL;

  return g_steal_pointer (&copy);
}
