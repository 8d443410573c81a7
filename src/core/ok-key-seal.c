/* ok-key-seal.c — the sealed form of a stored key
 *
 * A stored key's passphrase is 32 random bytes from the keyring, not something a person chose:
 * there is nothing to guess, so stretching it (PBES2 with 600,000 PBKDF2 iterations, GnuTLS's
 * default) only cost every renewal two PBKDF2 runs and bought nothing. Keys are therefore sealed
 * with an authenticated cipher under a key derived by HKDF, which is meant for full-entropy
 * input. Files people protect with their own passwords keep strong stretching
 * (ok_key_export_pkcs8_pem()).
 *
 * The PEM block `OCES KEEPER ENCRYPTED PRIVATE KEY` holds, in base64:
 *
 *   offset  size  what
 *        0     4  magic "OKPK"
 *        4     1  format version, 1
 *        5    32  salt, random for each file
 *       37    12  nonce, random for each file
 *       49     n  AES-256-GCM ciphertext of the clear PKCS#8 DER (RFC 5208/5958)
 *     49+n    16  GCM tag
 *
 * The cipher key is HKDF-SHA256 (RFC 5869) with the secret's UTF-8 bytes as input keying
 * material, the salt, and the info string below; the 49 header bytes are the additional
 * authenticated data, so no byte of the file can change unnoticed.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "ok-key.h"
#include "ok-key-seal.h"

#define MAGIC       "OKPK"
#define MAGIC_SIZE  4
#define VERSION     1
#define SALT_SIZE   32
#define NONCE_SIZE  12
#define TAG_SIZE    16
#define KEY_SIZE    32
#define HEADER_SIZE (MAGIC_SIZE + 1 + SALT_SIZE + NONCE_SIZE)
#define INFO        "OCES Keeper stored key v1 AES-256-GCM"

#define PEM_BEGIN   "-----BEGIN " OK_KEY_SEAL_PEM_LABEL "-----"

gboolean
ok_key_seal_is_sealed_pem (const char *data,
                           gsize       length)
{
  g_return_val_if_fail (data != NULL, FALSE);

  return g_strstr_len (data, length, PEM_BEGIN) != NULL;
}

static void
wipe_and_free (gpointer data,
               gsize    size)
{
  explicit_bzero (data, size);
  g_free (data);
}

static void
wipe_and_free_bytes (gpointer data)
{
  /* The size travels in front of the buffer (see new_wiped_bytes). */
  gsize *start = (gsize *) data - 1;

  wipe_and_free (start, *start + sizeof (gsize));
}

/* A buffer of @size bytes for a GBytes that wipes it when the last reference goes
 * (wipe_and_free_bytes). */
static guint8 *
new_wiped_buffer (gsize size)
{
  gsize *start = g_malloc0 (size + sizeof (gsize));

  *start = size;
  return (guint8 *) (start + 1);
}

static gboolean
derive_key (const char    *secret,
            const guint8  *salt,
            guint8         key[KEY_SIZE],
            GError       **error)
{
  guint8 prk[32];
  gnutls_datum_t ikm = { (unsigned char *) secret, strlen (secret) };
  gnutls_datum_t salt_datum = { (unsigned char *) salt, SALT_SIZE };
  gnutls_datum_t prk_datum = { prk, sizeof prk };
  gnutls_datum_t info = { (unsigned char *) INFO, strlen (INFO) };
  int ret;

  if ((ret = gnutls_hkdf_extract (GNUTLS_MAC_SHA256, &ikm, &salt_datum, prk)) < 0 ||
      (ret = gnutls_hkdf_expand (GNUTLS_MAC_SHA256, &prk_datum, &info, key, KEY_SIZE)) < 0)
    {
      explicit_bzero (prk, sizeof prk);
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_FAILED,
                   /* Translators: %s is a technical reason from the crypto library */
                   _("Could not encrypt the key: %s"), gnutls_strerror (ret));
      return FALSE;
    }

  explicit_bzero (prk, sizeof prk);
  return TRUE;
}

static gnutls_aead_cipher_hd_t
new_cipher (const char    *secret,
            const guint8  *salt,
            GError       **error)
{
  gnutls_aead_cipher_hd_t cipher = NULL;
  guint8 key[KEY_SIZE];
  gnutls_datum_t key_datum = { key, KEY_SIZE };
  int ret;

  if (!derive_key (secret, salt, key, error))
    return NULL;

  ret = gnutls_aead_cipher_init (&cipher, GNUTLS_CIPHER_AES_256_GCM, &key_datum);
  explicit_bzero (key, sizeof key);
  if (ret < 0)
    {
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_FAILED,
                   _("Could not encrypt the key: %s"), gnutls_strerror (ret));
      return NULL;
    }

  return cipher;
}

/**
 * ok_key_seal_pem:
 * @clear_der: the key as clear PKCS#8 DER
 * @secret: a full-entropy secret (the keyring's random passphrase); never a person's password
 *
 * Returns: (transfer full): the sealed key as PEM text
 */
GBytes *
ok_key_seal_pem (const guint8  *clear_der,
                 gsize          clear_length,
                 const char    *secret,
                 GError       **error)
{
  g_autofree guint8 *sealed = NULL;
  gnutls_aead_cipher_hd_t cipher;
  gnutls_datum_t sealed_datum;
  gnutls_datum_t pem = { NULL, 0 };
  gsize sealed_size = HEADER_SIZE + clear_length + TAG_SIZE;
  size_t ciphertext_size = clear_length + TAG_SIZE;
  guint8 *salt, *nonce;
  GBytes *bytes;
  int ret;

  g_return_val_if_fail (clear_der != NULL, NULL);
  g_return_val_if_fail (secret != NULL && *secret != '\0', NULL);

  sealed = g_malloc (sealed_size);
  memcpy (sealed, MAGIC, MAGIC_SIZE);
  sealed[MAGIC_SIZE] = VERSION;
  salt = sealed + MAGIC_SIZE + 1;
  nonce = salt + SALT_SIZE;
  if ((ret = gnutls_rnd (GNUTLS_RND_RANDOM, salt, SALT_SIZE + NONCE_SIZE)) < 0)
    {
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_FAILED,
                   _("Could not encrypt the key: %s"), gnutls_strerror (ret));
      return NULL;
    }

  if ((cipher = new_cipher (secret, salt, error)) == NULL)
    return NULL;
  ret = gnutls_aead_cipher_encrypt (cipher, nonce, NONCE_SIZE, sealed, HEADER_SIZE, TAG_SIZE,
                                    clear_der, clear_length, sealed + HEADER_SIZE, &ciphertext_size);
  gnutls_aead_cipher_deinit (cipher);
  if (ret < 0 || ciphertext_size != clear_length + TAG_SIZE)
    {
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_FAILED,
                   _("Could not encrypt the key: %s"), gnutls_strerror (ret));
      return NULL;
    }

  sealed_datum.data = sealed;
  sealed_datum.size = sealed_size;
  if ((ret = gnutls_pem_base64_encode2 (OK_KEY_SEAL_PEM_LABEL, &sealed_datum, &pem)) < 0)
    {
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_FAILED,
                   _("Could not encrypt the key: %s"), gnutls_strerror (ret));
      return NULL;
    }

  bytes = g_bytes_new (pem.data, pem.size);
  gnutls_free (pem.data);
  return bytes;
}

/**
 * ok_key_seal_open_pem:
 * @data: PEM text with a sealed key (ok_key_seal_is_sealed_pem())
 * @secret: the secret it was sealed with
 *
 * A wrong secret and a changed file look alike to an authenticated cipher; both are
 * %OK_KEY_ERROR_WRONG_PASSPHRASE.
 *
 * Returns: (transfer full): the clear PKCS#8 DER, wiped from memory when freed
 */
GBytes *
ok_key_seal_open_pem (const char  *data,
                      gsize        length,
                      const char  *secret,
                      GError     **error)
{
  gnutls_datum_t pem = { (unsigned char *) data, length };
  gnutls_datum_t sealed = { NULL, 0 };
  gnutls_aead_cipher_hd_t cipher;
  size_t clear_size;
  guint8 *clear;
  int ret;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (secret == NULL || *secret == '\0')
    {
      g_set_error_literal (error, OK_KEY_ERROR, OK_KEY_ERROR_NEEDS_PASSPHRASE,
                           _("The key is encrypted and needs its passphrase."));
      return NULL;
    }

  ret = gnutls_pem_base64_decode2 (OK_KEY_SEAL_PEM_LABEL, &pem, &sealed);
  if (ret < 0 || sealed.size < HEADER_SIZE + TAG_SIZE ||
      memcmp (sealed.data, MAGIC, MAGIC_SIZE) != 0)
    {
      gnutls_free (sealed.data);
      g_set_error_literal (error, OK_KEY_ERROR, OK_KEY_ERROR_INVALID,
                           _("This is not a private key OCES Keeper understands."));
      return NULL;
    }
  if (sealed.data[MAGIC_SIZE] != VERSION)
    {
      gnutls_free (sealed.data);
      g_set_error_literal (error, OK_KEY_ERROR, OK_KEY_ERROR_INVALID,
                           _("The key was saved by a newer version of OCES Keeper."));
      return NULL;
    }

  if ((cipher = new_cipher (secret, sealed.data + MAGIC_SIZE + 1, error)) == NULL)
    {
      gnutls_free (sealed.data);
      return NULL;
    }

  clear_size = sealed.size - HEADER_SIZE - TAG_SIZE;
  clear = new_wiped_buffer (clear_size);
  ret = gnutls_aead_cipher_decrypt (cipher, sealed.data + MAGIC_SIZE + 1 + SALT_SIZE, NONCE_SIZE,
                                    sealed.data, HEADER_SIZE, TAG_SIZE,
                                    sealed.data + HEADER_SIZE, sealed.size - HEADER_SIZE,
                                    clear, &clear_size);
  gnutls_aead_cipher_deinit (cipher);
  gnutls_free (sealed.data);
  if (ret < 0)
    {
      wipe_and_free_bytes (clear);
      g_set_error_literal (error, OK_KEY_ERROR, OK_KEY_ERROR_WRONG_PASSPHRASE,
                           _("The key cannot be opened: its passphrase is wrong or the key file was changed."));
      return NULL;
    }

  return g_bytes_new_with_free_func (clear, clear_size, wipe_and_free_bytes, clear);
}
