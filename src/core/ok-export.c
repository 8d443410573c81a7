/* ok-export.c — writing PKCS#12 (modern and legacy) and PEM
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>

#include "ok-export.h"
#include "ok-pkcs12-crypto.h"

G_DEFINE_QUARK (ok-export-error-quark, ok_export_error)

static void
set_failed_error (GError **error,
                  int      gnutls_error)
{
  g_set_error (error, OK_EXPORT_ERROR, OK_EXPORT_ERROR_FAILED,
               /* Translators: %s is a technical reason from the crypto library */
               _("Could not write the PKCS #12 file: %s"), gnutls_strerror (gnutls_error));
}

static gnutls_x509_crt_t
import_certificate (GBytes  *der,
                    GError **error)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  gsize size;
  int ret;

  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = size;

  if ((ret = gnutls_x509_crt_init (&crt)) < 0 ||
      (ret = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER)) < 0)
    {
      g_clear_pointer (&crt, gnutls_x509_crt_deinit);
      g_set_error (error, OK_EXPORT_ERROR, OK_EXPORT_ERROR_INVALID_CERTIFICATE,
                   _("The certificate cannot be read: %s"), gnutls_strerror (ret));
      return NULL;
    }

  return crt;
}

/* The certificates go into one bag: the leaf first, marked with the local key id and friendly
 * name that tie it to the key bag, then the chain. The bag is not encrypted: certificates are
 * public, and one key derivation less keeps the file inside .NET's limits (see
 * docs/architecture.md). */
static gboolean
add_certificate_bag (gnutls_pkcs12_t        p12,
                     gnutls_x509_crt_t      leaf,
                     GPtrArray             *chain_der,
                     const gnutls_datum_t  *local_key_id,
                     const char            *friendly_name,
                     GError               **error)
{
  gnutls_pkcs12_bag_t bag = NULL;
  int index;
  int ret;

  if ((ret = gnutls_pkcs12_bag_init (&bag)) < 0 ||
      (ret = index = gnutls_pkcs12_bag_set_crt (bag, leaf)) < 0 ||
      (local_key_id != NULL &&
       (ret = gnutls_pkcs12_bag_set_key_id (bag, index, local_key_id)) < 0) ||
      (friendly_name != NULL &&
       (ret = gnutls_pkcs12_bag_set_friendly_name (bag, index, friendly_name)) < 0))
    {
      g_clear_pointer (&bag, gnutls_pkcs12_bag_deinit);
      set_failed_error (error, ret);
      return FALSE;
    }

  for (guint i = 0; chain_der != NULL && i < chain_der->len; i++)
    {
      gnutls_x509_crt_t crt = import_certificate (g_ptr_array_index (chain_der, i), error);

      if (crt == NULL)
        {
          gnutls_pkcs12_bag_deinit (bag);
          return FALSE;
        }

      ret = gnutls_pkcs12_bag_set_crt (bag, crt);
      gnutls_x509_crt_deinit (crt);
      if (ret < 0)
        {
          gnutls_pkcs12_bag_deinit (bag);
          set_failed_error (error, ret);
          return FALSE;
        }
    }

  if ((ret = gnutls_pkcs12_set_bag (p12, bag)) < 0)
    {
      gnutls_pkcs12_bag_deinit (bag);
      set_failed_error (error, ret);
      return FALSE;
    }

  gnutls_pkcs12_bag_deinit (bag);
  return TRUE;
}

/* The key travels as a shrouded (PKCS#8-encrypted) key bag, encrypted by ok-pkcs12-crypto with
 * our iteration count. */
static gboolean
add_key_bag (gnutls_pkcs12_t        p12,
             OkKey                 *key,
             const gnutls_datum_t  *local_key_id,
             const char            *friendly_name,
             const char            *password,
             gboolean               legacy,
             GError               **error)
{
  gnutls_pkcs12_bag_t bag = NULL;
  gnutls_datum_t plain = { NULL, 0 };
  gnutls_datum_t encrypted_datum;
  g_autoptr(GBytes) plain_bytes = NULL;
  g_autoptr(GBytes) encrypted = NULL;
  int index;
  int ret;

  if ((ret = gnutls_x509_privkey_export2_pkcs8 (ok_key_get_x509_privkey (key), GNUTLS_X509_FMT_DER,
                                                NULL, GNUTLS_PKCS_PLAIN, &plain)) < 0)
    {
      set_failed_error (error, ret);
      return FALSE;
    }
  plain_bytes = g_bytes_new (plain.data, plain.size);
  explicit_bzero (plain.data, plain.size);
  gnutls_free (plain.data);

  encrypted = ok_pkcs12_encrypt_private_key (plain_bytes, password, legacy, OK_PKCS12_KEY_ITERATIONS, error);
  if (encrypted == NULL)
    return FALSE;
  encrypted_datum.data = (unsigned char *) g_bytes_get_data (encrypted, NULL);
  encrypted_datum.size = g_bytes_get_size (encrypted);

  if ((ret = gnutls_pkcs12_bag_init (&bag)) < 0 ||
      (ret = index = gnutls_pkcs12_bag_set_data (bag, GNUTLS_BAG_PKCS8_ENCRYPTED_KEY, &encrypted_datum)) < 0 ||
      (ret = gnutls_pkcs12_bag_set_key_id (bag, index, local_key_id)) < 0 ||
      (friendly_name != NULL &&
       (ret = gnutls_pkcs12_bag_set_friendly_name (bag, index, friendly_name)) < 0) ||
      (ret = gnutls_pkcs12_set_bag (p12, bag)) < 0)
    {
      g_clear_pointer (&bag, gnutls_pkcs12_bag_deinit);
      set_failed_error (error, ret);
      return FALSE;
    }

  gnutls_pkcs12_bag_deinit (bag);
  return TRUE;
}

/**
 * ok_export_pkcs12:
 * @certificate_der: the leaf certificate, DER
 * @chain_der: (nullable) (element-type GBytes): issuing CA(s), DER, included after the leaf
 * @key: (nullable): the leaf's private key; %NULL writes the certificates only
 * @friendly_name: (nullable): the name Windows and browsers show for the identity
 * @password: a non-empty password protecting bags and MAC
 * @legacy: %FALSE for a PBES2/AES-256-CBC key bag and an HMAC-SHA-256 MAC (OpenSSL 3,
 *   Windows 10 1709+, Java 12+, .NET); %TRUE for a PKCS#12 3DES key bag and a SHA-1 MAC,
 *   for older Windows and Java that know nothing else
 *
 * The certificates are not encrypted; the key derivation and the MAC use
 * %OK_PKCS12_KEY_ITERATIONS and %OK_PKCS12_MAC_ITERATIONS.
 *
 * Returns: (transfer full): the PKCS#12 file, DER
 */
GBytes *
ok_export_pkcs12 (GBytes      *certificate_der,
                  GPtrArray   *chain_der,
                  OkKey       *key,
                  const char  *friendly_name,
                  const char  *password,
                  gboolean     legacy,
                  GError     **error)
{
  gnutls_x509_crt_t leaf = NULL;
  gnutls_pkcs12_t p12 = NULL;
  gnutls_datum_t out = { NULL, 0 };
  gnutls_datum_t local_key_id;
  guchar key_id[64];
  size_t key_id_size = sizeof key_id;
  g_autoptr(GBytes) without_mac = NULL;
  GBytes *bytes = NULL;
  int ret;

  g_return_val_if_fail (certificate_der != NULL, NULL);
  g_return_val_if_fail (key == NULL || OK_IS_KEY (key), NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*password == '\0')
    {
      g_set_error_literal (error, OK_EXPORT_ERROR, OK_EXPORT_ERROR_EMPTY_PASSWORD,
                           _("A PKCS #12 file needs a password."));
      return NULL;
    }

  if (key != NULL && !ok_key_matches_certificate (key, certificate_der))
    {
      g_set_error_literal (error, OK_EXPORT_ERROR, OK_EXPORT_ERROR_KEY_MISMATCH,
                           _("The key does not belong to this certificate."));
      return NULL;
    }

  if ((leaf = import_certificate (certificate_der, error)) == NULL)
    return NULL;

  /* The local key id only has to be equal on both bags; the SHA-1 key id is what
   * OpenSSL and Windows put there too. */
  if ((ret = gnutls_x509_crt_get_key_id (leaf, 0, key_id, &key_id_size)) < 0 ||
      (ret = gnutls_pkcs12_init (&p12)) < 0)
    {
      set_failed_error (error, ret);
      goto out;
    }
  local_key_id.data = key_id;
  local_key_id.size = key_id_size;

  if (!add_certificate_bag (p12, leaf, chain_der, key != NULL ? &local_key_id : NULL,
                            friendly_name, error))
    goto out;

  if (key != NULL &&
      !add_key_bag (p12, key, &local_key_id, friendly_name, password, legacy, error))
    goto out;

  /* GnuTLS lays out the bags, but exports nothing without a MAC of its own, whose count is
   * fixed (600,000): that MAC is replaced by one with our count. */
  if ((ret = gnutls_pkcs12_generate_mac2 (p12, legacy ? GNUTLS_MAC_SHA1 : GNUTLS_MAC_SHA256, password)) < 0 ||
      (ret = gnutls_pkcs12_export2 (p12, GNUTLS_X509_FMT_DER, &out)) < 0)
    {
      set_failed_error (error, ret);
      goto out;
    }

  without_mac = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
  bytes = ok_pkcs12_replace_mac (without_mac, password, legacy, OK_PKCS12_MAC_ITERATIONS, error);

out:
  g_clear_pointer (&p12, gnutls_pkcs12_deinit);
  g_clear_pointer (&leaf, gnutls_x509_crt_deinit);

  return bytes;
}

static void
append_pem (GString *pem,
            GBytes  *der)
{
  g_autofree char *base64 = NULL;
  gsize size;
  const guchar *data = g_bytes_get_data (der, &size);
  gsize length;

  base64 = g_base64_encode (data, size);
  length = strlen (base64);

  g_string_append (pem, "-----BEGIN CERTIFICATE-----\n");
  for (gsize offset = 0; offset < length; offset += 64)
    {
      g_string_append_len (pem, base64 + offset, MIN (64, length - offset));
      g_string_append_c (pem, '\n');
    }
  g_string_append (pem, "-----END CERTIFICATE-----\n");
}

/**
 * ok_export_pem_certificate:
 * @der: a certificate, DER
 *
 * Returns: (transfer full): the certificate as one PEM block
 */
char *
ok_export_pem_certificate (GBytes *der)
{
  GString *pem;

  g_return_val_if_fail (der != NULL, NULL);

  pem = g_string_new (NULL);
  append_pem (pem, der);

  return g_string_free (pem, FALSE);
}

/**
 * ok_export_pem_chain:
 * @chain_der: (element-type GBytes): the issuing CA(s), DER, issuing CA first
 *
 * The leaf is not part of it: this is `chain.pem` next to `certificate.pem`,
 * and what servers expect as the "CA bundle" or intermediate file.
 *
 * Returns: (transfer full): the PEM blocks in the same order; "" for an empty chain
 */
char *
ok_export_pem_chain (GPtrArray *chain_der)
{
  GString *pem;

  g_return_val_if_fail (chain_der != NULL, NULL);

  pem = g_string_new (NULL);
  for (guint i = 0; i < chain_der->len; i++)
    append_pem (pem, g_ptr_array_index (chain_der, i));

  return g_string_free (pem, FALSE);
}
