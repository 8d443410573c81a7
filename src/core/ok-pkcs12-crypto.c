/* ok-pkcs12-crypto.c — the password-based parts of a PKCS#12 file, with iteration counts we
 * choose: the shrouded key bag's encryption and the MAC
 *
 * GnuTLS's PKCS#12 writer has a fixed iteration count (600,000 in 3.7/3.8) for every key
 * derivation and for the MAC, which .NET's X509CertificateLoader refuses by default. GnuTLS
 * still lays out the bags; the two password-based parts are made here from GnuTLS primitives
 * (PBKDF2, HMAC, hashes, AES and 3DES in CBC mode):
 *
 * - modern: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for the key, as OpenSSL 3 writes it;
 * - legacy: pbeWithSHAAnd3-KeyTripleDES-CBC for the key (RFC 7292, appendix C);
 * - the MAC: HMAC-SHA-256 (modern) or HMAC-SHA-1 (legacy) keyed by the PKCS#12 key derivation
 *   (RFC 7292, appendix B), which GnuTLS does not expose.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "ok-export.h"
#include "ok-pkcs12-crypto.h"

/* DER of the object identifiers used here, without tag and length. */
static const guint8 OID_PBES2[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d };
static const guint8 OID_PBKDF2[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c };
static const guint8 OID_HMAC_SHA256[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09 };
static const guint8 OID_AES256_CBC[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a };
static const guint8 OID_PBE_SHA1_3DES[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03 };
static const guint8 OID_SHA256[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
static const guint8 OID_SHA1[] = { 0x2b, 0x0e, 0x03, 0x02, 0x1a };

#define TAG_INTEGER      0x02
#define TAG_OCTET_STRING 0x04
#define TAG_NULL         0x05
#define TAG_OID          0x06
#define TAG_SEQUENCE     0x30

/* The PKCS#12 key derivation's purposes (RFC 7292, B.3). */
#define PURPOSE_KEY 1
#define PURPOSE_IV  2
#define PURPOSE_MAC 3

static void
set_failed (GError **error,
            int      gnutls_error)
{
  g_set_error (error, OK_EXPORT_ERROR, OK_EXPORT_ERROR_FAILED,
               /* Translators: %s is a technical reason from the crypto library */
               _("Could not write the PKCS #12 file: %s"), gnutls_strerror (gnutls_error));
}

/* ---- DER ------------------------------------------------------------------------------------ */

static void
der_append (GByteArray   *out,
            guint8        tag,
            const guint8 *data,
            gsize         length)
{
  guint8 header[6] = { tag };
  guint n = 1;

  if (length < 0x80)
    header[n++] = (guint8) length;
  else
    {
      guint bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;

      header[n++] = 0x80 | bytes;
      for (guint i = bytes; i > 0; i--)
        header[n++] = (guint8) (length >> (8 * (i - 1)));
    }

  g_byte_array_append (out, header, n);
  if (length > 0)
    g_byte_array_append (out, data, length);
}

/* Wraps @inner (consumed) in a SEQUENCE appended to @out. */
static void
der_append_sequence (GByteArray *out,
                     GByteArray *inner)
{
  der_append (out, TAG_SEQUENCE, inner->data, inner->len);
  g_byte_array_unref (inner);
}

static void
der_append_integer (GByteArray *out,
                    guint       value)
{
  guint8 bytes[5];
  guint n = 0;
  gboolean started = FALSE;

  for (int shift = 24; shift >= 0; shift -= 8)
    {
      guint8 byte = (guint8) (value >> shift);

      if (!started && byte == 0 && shift > 0)
        continue;
      /* A leading byte with its high bit set would make the INTEGER negative. */
      if (!started && (byte & 0x80))
        bytes[n++] = 0;
      started = TRUE;
      bytes[n++] = byte;
    }

  der_append (out, TAG_INTEGER, bytes, n);
}

/* AlgorithmIdentifier { oid, NULL } */
static void
der_append_algorithm_null (GByteArray   *out,
                           const guint8 *oid,
                           gsize         oid_length)
{
  GByteArray *algorithm = g_byte_array_new ();

  der_append (algorithm, TAG_OID, oid, oid_length);
  der_append (algorithm, TAG_NULL, NULL, 0);
  der_append_sequence (out, algorithm);
}

/* Reads one TLV at *@offset of @data (definite lengths only). */
static gboolean
der_read (const guint8  *data,
          gsize          size,
          gsize         *offset,
          guint8        *tag,
          const guint8 **contents,
          gsize         *length)
{
  gsize at = *offset;
  gsize value = 0;

  if (at + 2 > size)
    return FALSE;
  *tag = data[at++];
  if (data[at] < 0x80)
    value = data[at++];
  else
    {
      guint bytes = data[at++] & 0x7f;

      if (bytes == 0 || bytes > 4 || at + bytes > size)
        return FALSE;
      for (guint i = 0; i < bytes; i++)
        value = (value << 8) | data[at++];
    }

  if (value > size - at)
    return FALSE;

  *contents = data + at;
  *length = value;
  *offset = at + value;
  return TRUE;
}

/* ---- key derivation ------------------------------------------------------------------------- */

/* The password as the PKCS#12 derivation takes it: big-endian UTF-16 with a terminating NUL. */
static GByteArray *
bmp_password (const char *password)
{
  g_autofree gunichar2 *utf16 = NULL;
  glong count = 0;
  GByteArray *bmp = g_byte_array_new ();

  utf16 = g_utf8_to_utf16 (password, -1, NULL, &count, NULL);
  for (glong i = 0; utf16 != NULL && i <= count; i++)
    {
      guint8 pair[2] = { utf16[i] >> 8, utf16[i] & 0xff };

      g_byte_array_append (bmp, pair, 2);
    }

  return bmp;
}

/* RFC 7292, appendix B.2. */
static gboolean
pkcs12_derive (gnutls_digest_algorithm_t  digest,
               guint8                     purpose,
               const char                *password,
               const guint8              *salt,
               gsize                      salt_length,
               guint                      iterations,
               guint8                    *output,
               gsize                      output_length)
{
  const gsize u = gnutls_hash_get_len (digest);
  const gsize v = 64;   /* the block size of SHA-1 and SHA-256 */
  g_autoptr(GByteArray) bmp = bmp_password (password);
  gsize s_length = v * ((salt_length + v - 1) / v);
  gsize p_length = v * ((bmp->len + v - 1) / v);
  g_autofree guint8 *block = g_malloc (v + s_length + p_length);
  guint8 *d = block;
  guint8 *i_block = block + v;
  guint8 a[64];
  guint8 b[64];
  gsize done = 0;

  memset (d, purpose, v);
  for (gsize k = 0; k < s_length; k++)
    i_block[k] = salt[k % salt_length];
  for (gsize k = 0; k < p_length; k++)
    i_block[s_length + k] = bmp->data[k % bmp->len];

  while (done < output_length)
    {
      gsize take;

      if (gnutls_hash_fast (digest, block, v + s_length + p_length, a) < 0)
        return FALSE;
      for (guint r = 1; r < iterations; r++)
        if (gnutls_hash_fast (digest, a, u, a) < 0)
          return FALSE;

      take = MIN (u, output_length - done);
      memcpy (output + done, a, take);
      done += take;
      if (done == output_length)
        break;

      /* I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block of I. */
      for (gsize k = 0; k < v; k++)
        b[k] = a[k % u];
      for (gsize j = 0; j < s_length + p_length; j += v)
        {
          guint carry = 1;

          for (gssize k = v - 1; k >= 0; k--)
            {
              carry += i_block[j + k] + b[k];
              i_block[j + k] = (guint8) carry;
              carry >>= 8;
            }
        }
    }

  explicit_bzero (a, sizeof a);
  explicit_bzero (block, v + s_length + p_length);
  return TRUE;
}

/* ---- the key bag ---------------------------------------------------------------------------- */

static GBytes *
cbc_encrypt (gnutls_cipher_algorithm_t  algorithm,
             guint8                    *key,
             gsize                      key_length,
             guint8                    *iv,
             gsize                      iv_length,
             GBytes                    *plain,
             int                       *gnutls_error)
{
  gnutls_cipher_hd_t cipher = NULL;
  gnutls_datum_t key_datum = { key, key_length };
  gnutls_datum_t iv_datum = { iv, iv_length };
  gsize block = gnutls_cipher_get_block_size (algorithm);
  gsize size;
  const guint8 *data = g_bytes_get_data (plain, &size);
  gsize padded_size = (size / block + 1) * block;
  guint8 *buffer = g_malloc (padded_size);
  int ret;

  /* PKCS#7 padding: always at least one byte. */
  memcpy (buffer, data, size);
  memset (buffer + size, (int) (padded_size - size), padded_size - size);

  if ((ret = gnutls_cipher_init (&cipher, algorithm, &key_datum, &iv_datum)) < 0 ||
      (ret = gnutls_cipher_encrypt (cipher, buffer, padded_size)) < 0)
    {
      if (cipher != NULL)
        gnutls_cipher_deinit (cipher);
      explicit_bzero (buffer, padded_size);
      g_free (buffer);
      *gnutls_error = ret;
      return NULL;
    }

  gnutls_cipher_deinit (cipher);
  return g_bytes_new_take (buffer, padded_size);
}

/**
 * ok_pkcs12_encrypt_private_key:
 * @private_key_info: the key as an unencrypted PKCS#8 PrivateKeyInfo, DER
 * @legacy: %FALSE for PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC); %TRUE for
 *   pbeWithSHAAnd3-KeyTripleDES-CBC
 *
 * Returns: (transfer full): an EncryptedPrivateKeyInfo, DER: the contents of a shrouded key bag
 */
GBytes *
ok_pkcs12_encrypt_private_key (GBytes      *private_key_info,
                               const char  *password,
                               gboolean     legacy,
                               guint        iterations,
                               GError     **error)
{
  g_autoptr(GBytes) encrypted = NULL;
  GByteArray *algorithm = g_byte_array_new ();
  GByteArray *parameters = g_byte_array_new ();
  GByteArray *info = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  guint8 salt[16];
  guint8 key[32];
  guint8 iv[16];
  int ret = 0;

  g_return_val_if_fail (private_key_info != NULL && password != NULL && iterations > 0, NULL);

  if ((ret = gnutls_rnd (GNUTLS_RND_RANDOM, salt, sizeof salt)) < 0 ||
      (!legacy && (ret = gnutls_rnd (GNUTLS_RND_NONCE, iv, sizeof iv)) < 0))
    goto failed;

  if (legacy)
    {
      /* 8 bytes of salt, as Windows and OpenSSL write; a 3DES key and IV both from it. */
      if (!pkcs12_derive (GNUTLS_DIG_SHA1, PURPOSE_KEY, password, salt, 8, iterations, key, 24) ||
          !pkcs12_derive (GNUTLS_DIG_SHA1, PURPOSE_IV, password, salt, 8, iterations, iv, 8))
        {
          ret = GNUTLS_E_INTERNAL_ERROR;
          goto failed;
        }
      encrypted = cbc_encrypt (GNUTLS_CIPHER_3DES_CBC, key, 24, iv, 8, private_key_info, &ret);

      der_append (parameters, TAG_OCTET_STRING, salt, 8);
      der_append_integer (parameters, iterations);
      der_append (algorithm, TAG_OID, OID_PBE_SHA1_3DES, sizeof OID_PBE_SHA1_3DES);
      der_append_sequence (algorithm, g_steal_pointer (&parameters));
    }
  else
    {
      GByteArray *kdf = g_byte_array_new ();
      GByteArray *kdf_parameters = g_byte_array_new ();
      GByteArray *scheme = g_byte_array_new ();
      gnutls_datum_t password_datum = { (unsigned char *) password, strlen (password) };
      gnutls_datum_t salt_datum = { salt, sizeof salt };

      if ((ret = gnutls_pbkdf2 (GNUTLS_MAC_SHA256, &password_datum, &salt_datum, iterations, key, 32)) >= 0)
        encrypted = cbc_encrypt (GNUTLS_CIPHER_AES_256_CBC, key, 32, iv, 16, private_key_info, &ret);

      der_append (kdf_parameters, TAG_OCTET_STRING, salt, sizeof salt);
      der_append_integer (kdf_parameters, iterations);
      der_append_algorithm_null (kdf_parameters, OID_HMAC_SHA256, sizeof OID_HMAC_SHA256);
      der_append (kdf, TAG_OID, OID_PBKDF2, sizeof OID_PBKDF2);
      der_append_sequence (kdf, kdf_parameters);
      der_append (scheme, TAG_OID, OID_AES256_CBC, sizeof OID_AES256_CBC);
      der_append (scheme, TAG_OCTET_STRING, iv, 16);
      der_append_sequence (parameters, kdf);
      der_append_sequence (parameters, scheme);
      der_append (algorithm, TAG_OID, OID_PBES2, sizeof OID_PBES2);
      der_append_sequence (algorithm, g_steal_pointer (&parameters));
    }

  explicit_bzero (key, sizeof key);
  if (encrypted == NULL)
    goto failed;

  der_append_sequence (info, g_steal_pointer (&algorithm));
  der_append (info, TAG_OCTET_STRING, g_bytes_get_data (encrypted, NULL), g_bytes_get_size (encrypted));
  der_append_sequence (out, info);
  return g_byte_array_free_to_bytes (out);

failed:
  explicit_bzero (key, sizeof key);
  g_clear_pointer (&algorithm, g_byte_array_unref);
  g_clear_pointer (&parameters, g_byte_array_unref);
  g_byte_array_unref (info);
  g_byte_array_unref (out);
  set_failed (error, ret != 0 ? ret : GNUTLS_E_INTERNAL_ERROR);
  return NULL;
}

/* ---- the MAC -------------------------------------------------------------------------------- */

/**
 * ok_pkcs12_replace_mac:
 * @pfx: a PFX, DER, with or without a MAC
 * @legacy: %FALSE for HMAC-SHA-256, %TRUE for HMAC-SHA-1
 *
 * Returns: (transfer full): the same PFX with a new MAC of @iterations
 */
GBytes *
ok_pkcs12_replace_mac (GBytes      *pfx,
                       const char  *password,
                       gboolean     legacy,
                       guint        iterations,
                       GError     **error)
{
  gnutls_digest_algorithm_t digest = legacy ? GNUTLS_DIG_SHA1 : GNUTLS_DIG_SHA256;
  gnutls_mac_algorithm_t mac = legacy ? GNUTLS_MAC_SHA1 : GNUTLS_MAC_SHA256;
  gsize digest_length = gnutls_hash_get_len (digest);
  gsize salt_length = legacy ? 8 : 16;
  gsize size;
  const guint8 *data = g_bytes_get_data (pfx, &size);
  const guint8 *contents, *version, *content_info, *inner, *auth_safe;
  gsize length, version_length, content_info_length, inner_length, auth_safe_length;
  gsize offset = 0, at = 0;
  guint8 tag;
  guint8 salt[16];
  guint8 key[32];
  guint8 digest_value[32];
  GByteArray *body;
  GByteArray *mac_data;
  GByteArray *digest_info;
  GByteArray *out;
  int ret;

  g_return_val_if_fail (pfx != NULL && password != NULL && iterations > 0, NULL);

  /* PFX ::= SEQUENCE { version, authSafe ContentInfo, macData OPTIONAL }, and the ContentInfo
   * is { id-data, [0] EXPLICIT OCTET STRING }: the MAC covers that OCTET STRING's contents. */
  if (!der_read (data, size, &offset, &tag, &contents, &length) || tag != TAG_SEQUENCE ||
      !der_read (contents, length, &at, &tag, &version, &version_length) || tag != TAG_INTEGER ||
      !der_read (contents, length, &at, &tag, &content_info, &content_info_length) || tag != TAG_SEQUENCE)
    goto malformed;
  {
    gsize ci_at = 0, explicit_at = 0;
    const guint8 *oid, *explicit;
    gsize oid_length, explicit_length;

    if (!der_read (content_info, content_info_length, &ci_at, &tag, &oid, &oid_length) || tag != TAG_OID ||
        !der_read (content_info, content_info_length, &ci_at, &tag, &explicit, &explicit_length) || tag != 0xa0 ||
        !der_read (explicit, explicit_length, &explicit_at, &tag, &inner, &inner_length) || tag != TAG_OCTET_STRING)
      goto malformed;
    auth_safe = inner;
    auth_safe_length = inner_length;
  }

  if ((ret = gnutls_rnd (GNUTLS_RND_RANDOM, salt, sizeof salt)) < 0)
    {
      set_failed (error, ret);
      return NULL;
    }
  /* 8 bytes of salt for the legacy MAC, as old Windows itself writes. */
  if (!pkcs12_derive (digest, PURPOSE_MAC, password, salt, salt_length, iterations, key, digest_length) ||
      (ret = gnutls_hmac_fast (mac, key, digest_length, auth_safe, auth_safe_length, digest_value)) < 0)
    {
      explicit_bzero (key, sizeof key);
      set_failed (error, GNUTLS_E_INTERNAL_ERROR);
      return NULL;
    }
  explicit_bzero (key, sizeof key);

  digest_info = g_byte_array_new ();
  if (legacy)
    der_append_algorithm_null (digest_info, OID_SHA1, sizeof OID_SHA1);
  else
    der_append_algorithm_null (digest_info, OID_SHA256, sizeof OID_SHA256);
  der_append (digest_info, TAG_OCTET_STRING, digest_value, digest_length);

  mac_data = g_byte_array_new ();
  der_append_sequence (mac_data, digest_info);
  der_append (mac_data, TAG_OCTET_STRING, salt, salt_length);
  der_append_integer (mac_data, iterations);

  body = g_byte_array_new ();
  der_append (body, TAG_INTEGER, version, version_length);
  der_append (body, TAG_SEQUENCE, content_info, content_info_length);
  der_append_sequence (body, mac_data);

  out = g_byte_array_new ();
  der_append_sequence (out, body);
  return g_byte_array_free_to_bytes (out);

malformed:
  set_failed (error, GNUTLS_E_ASN1_DER_ERROR);
  return NULL;
}
