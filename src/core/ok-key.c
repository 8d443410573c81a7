/* ok-key.c — OkKey: an RSA private key held in memory, its CSR, its sealed form for the store
 * (ok-key-seal.c) and its password-protected PKCS#8 form for exports
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gnutls/gnutls.h>

#include "ok-key.h"
#include "ok-key-seal.h"

struct _OkKey
{
  GObject parent_instance;

  gnutls_x509_privkey_t privkey;
};

G_DEFINE_FINAL_TYPE (OkKey, ok_key, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (ok-key-error-quark, ok_key_error)

static void
ok_key_finalize (GObject *object)
{
  OkKey *self = OK_KEY (object);

  /* gnutls_x509_privkey_deinit clears the key material before freeing it. */
  g_clear_pointer (&self->privkey, gnutls_x509_privkey_deinit);

  G_OBJECT_CLASS (ok_key_parent_class)->finalize (object);
}

static void
ok_key_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  OkKey *self = OK_KEY (object);

  switch (prop_id)
    {
    case PROP_BITS:
      g_value_set_uint (value, ok_key_get_bits (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_key_class_init (OkKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ok_key_finalize;
  object_class->get_property = ok_key_get_property;

  properties[PROP_BITS] =
    g_param_spec_uint ("bits", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ok_key_init (OkKey *self)
{
}

/**
 * ok_key_new_for_x509_privkey:
 * @privkey: (transfer full): an imported GnuTLS private key
 *
 * Wraps a key that another module (PKCS#12 import) already parsed. The key is
 * owned by the new object from then on.
 */
OkKey *
ok_key_new_for_x509_privkey (gnutls_x509_privkey_t privkey)
{
  OkKey *self;

  g_return_val_if_fail (privkey != NULL, NULL);

  self = g_object_new (OK_TYPE_KEY, NULL);
  self->privkey = privkey;

  return self;
}

OkKey *
ok_key_generate (guint          bits,
                 GCancellable  *cancellable,
                 GError       **error)
{
  gnutls_x509_privkey_t privkey = NULL;
  int ret;

  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (bits != OK_KEY_DEFAULT_BITS && bits != 4096)
    {
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_UNSUPPORTED_SIZE,
                   /* Translators: %u is a number of bits, like 2048 */
                   _("A %u-bit key is not supported. OCES certificates use 3072- or 4096-bit RSA keys."),
                   bits);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* GnuTLS offers no way to stop a key generation once it has started, so a cancel that
   * arrives meanwhile only takes effect when it returns (a few seconds at most). */
  if ((ret = gnutls_x509_privkey_init (&privkey)) < 0 ||
      (ret = gnutls_x509_privkey_generate2 (privkey, GNUTLS_PK_RSA, bits, 0, NULL, 0)) < 0)
    {
      g_clear_pointer (&privkey, gnutls_x509_privkey_deinit);
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_GENERATION_FAILED,
                   /* Translators: %s is a technical reason from the crypto library */
                   _("Could not generate a key: %s"), gnutls_strerror (ret));
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      gnutls_x509_privkey_deinit (privkey);
      return NULL;
    }

  return ok_key_new_for_x509_privkey (privkey);
}

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  guint bits = GPOINTER_TO_UINT (task_data);
  GError *error = NULL;
  OkKey *key;

  key = ok_key_generate (bits, cancellable, &error);
  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, g_object_unref);
}

void
ok_key_generate_async (guint                bits,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_key_generate_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (bits), NULL);
  g_task_run_in_thread (task, generate_thread);
}

OkKey *
ok_key_generate_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_key_generate_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
pem_is_encrypted (const char *data,
                  gsize       length)
{
  return g_strstr_len (data, length, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL ||
         g_strstr_len (data, length, "Proc-Type: 4,ENCRYPTED") != NULL;
}

static OkKey *
import_privkey (const gnutls_datum_t  *datum,
                gnutls_x509_crt_fmt_t  format,
                const char            *passphrase,
                gboolean               encrypted,
                GError               **error)
{
  gnutls_x509_privkey_t privkey = NULL;
  int ret;

  if ((ret = gnutls_x509_privkey_init (&privkey)) < 0)
    {
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_FAILED,
                   _("Could not read the key: %s"), gnutls_strerror (ret));
      return NULL;
    }

  ret = gnutls_x509_privkey_import2 (privkey, datum, format, passphrase, 0);
  if (ret < 0)
    {
      gnutls_x509_privkey_deinit (privkey);

      /* A wrong passphrase on an encrypted key mostly shows as a decryption (padding) failure,
       * but old PBES1 ciphers can also decrypt to garbage that fails to parse afterwards. */
      if (encrypted || ret == GNUTLS_E_DECRYPTION_FAILED)
        {
          if (passphrase == NULL)
            g_set_error_literal (error, OK_KEY_ERROR, OK_KEY_ERROR_NEEDS_PASSPHRASE,
                                 _("The key is encrypted and needs its passphrase."));
          else
            g_set_error_literal (error, OK_KEY_ERROR, OK_KEY_ERROR_WRONG_PASSPHRASE,
                                 _("The passphrase for the key is wrong."));
        }
      else
        {
          g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_INVALID,
                       /* Translators: %s is a technical reason from the crypto library */
                       _("This is not a private key OCES Keeper understands: %s"),
                       gnutls_strerror (ret));
        }
      return NULL;
    }

  return ok_key_new_for_x509_privkey (privkey);
}

/**
 * ok_key_new_from_pem:
 * @data: PEM text: a sealed key as the store writes it (ok_key_export_encrypted_pem()),
 *   encrypted PKCS#8 (which older versions stored), clear PKCS#8, or PKCS#1 (also the old
 *   OpenSSL `Proc-Type: 4,ENCRYPTED` form)
 * @length: length of @data, or -1 if it is nul-terminated
 * @passphrase: (nullable): the passphrase for an encrypted key
 */
OkKey *
ok_key_new_from_pem (const char  *data,
                     gsize        length,
                     const char  *passphrase,
                     GError     **error)
{
  gnutls_datum_t datum;
  gboolean encrypted;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length == (gsize) -1)
    length = strlen (data);

  if (ok_key_seal_is_sealed_pem (data, length))
    {
      g_autoptr(GBytes) clear = ok_key_seal_open_pem (data, length, passphrase, error);

      return clear != NULL ? ok_key_new_from_der (clear, NULL, error) : NULL;
    }

  if (g_strstr_len (data, length, "PRIVATE KEY-----") == NULL)
    {
      g_set_error_literal (error, OK_KEY_ERROR, OK_KEY_ERROR_INVALID,
                           _("This is not a private key OCES Keeper understands."));
      return NULL;
    }

  encrypted = pem_is_encrypted (data, length);
  if (encrypted && passphrase == NULL)
    {
      g_set_error_literal (error, OK_KEY_ERROR, OK_KEY_ERROR_NEEDS_PASSPHRASE,
                           _("The key is encrypted and needs its passphrase."));
      return NULL;
    }

  datum.data = (unsigned char *) data;
  datum.size = length;

  return import_privkey (&datum, GNUTLS_X509_FMT_PEM, passphrase, encrypted, error);
}

/**
 * ok_key_new_from_der:
 * @der: a PKCS#8 (clear or encrypted) or PKCS#1 key in DER
 * @passphrase: (nullable): the passphrase for an encrypted key
 */
OkKey *
ok_key_new_from_der (GBytes      *der,
                     const char  *passphrase,
                     GError     **error)
{
  gnutls_datum_t datum;
  gsize size;

  g_return_val_if_fail (der != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = size;

  return import_privkey (&datum, GNUTLS_X509_FMT_DER, passphrase, FALSE, error);
}

guint
ok_key_get_bits (OkKey *self)
{
  unsigned int bits = 0;

  g_return_val_if_fail (OK_IS_KEY (self), 0);

  gnutls_x509_privkey_get_pk_algorithm2 (self->privkey, &bits);

  return bits;
}

/**
 * ok_key_dup_public_key_id:
 *
 * Returns: (transfer full): the SHA-256 key identifier of the public half, the
 *   same value gnutls_x509_crt_get_key_id() gives for a certificate of this key
 */
GBytes *
ok_key_dup_public_key_id (OkKey *self)
{
  guchar id[64];
  size_t id_size = sizeof id;

  g_return_val_if_fail (OK_IS_KEY (self), NULL);

  if (gnutls_x509_privkey_get_key_id (self->privkey, GNUTLS_KEYID_USE_SHA256, id, &id_size) < 0)
    return NULL;

  return g_bytes_new (id, id_size);
}

static gnutls_x509_crt_t
import_certificate (GBytes  *certificate_der,
                    GError **error)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  gsize size;
  int ret;

  datum.data = (unsigned char *) g_bytes_get_data (certificate_der, &size);
  datum.size = size;

  if ((ret = gnutls_x509_crt_init (&crt)) < 0 ||
      (ret = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER)) < 0)
    {
      g_clear_pointer (&crt, gnutls_x509_crt_deinit);
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_INVALID_CERTIFICATE,
                   _("The certificate cannot be read: %s"), gnutls_strerror (ret));
      return NULL;
    }

  return crt;
}

gboolean
ok_key_matches_certificate (OkKey  *self,
                            GBytes *certificate_der)
{
  gnutls_x509_crt_t crt;
  g_autoptr(GBytes) key_id = NULL;
  guchar crt_id[64];
  size_t crt_id_size = sizeof crt_id;
  int ret;

  g_return_val_if_fail (OK_IS_KEY (self), FALSE);
  g_return_val_if_fail (certificate_der != NULL, FALSE);

  if ((crt = import_certificate (certificate_der, NULL)) == NULL)
    return FALSE;

  ret = gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA256, crt_id, &crt_id_size);
  gnutls_x509_crt_deinit (crt);
  if (ret < 0)
    return FALSE;

  key_id = ok_key_dup_public_key_id (self);
  return key_id != NULL &&
         g_bytes_get_size (key_id) == crt_id_size &&
         memcmp (g_bytes_get_data (key_id, NULL), crt_id, crt_id_size) == 0;
}

/**
 * ok_key_get_x509_privkey:
 *
 * Returns: (transfer none): the GnuTLS key, for PKCS#12 export
 */
gnutls_x509_privkey_t
ok_key_get_x509_privkey (OkKey *self)
{
  g_return_val_if_fail (OK_IS_KEY (self), NULL);

  return self->privkey;
}

/**
 * ok_key_make_csr_pem:
 * @common_name: (nullable): the CN of the request's subject; the CA's own
 *   enrolment data usually decides the real subject, so it may be left out
 *
 * Returns: a PKCS#10 request signed with SHA-256 by this key, in PEM
 */
char *
ok_key_make_csr_pem (OkKey       *self,
                     const char  *common_name,
                     GError     **error)
{
  gnutls_x509_crq_t crq = NULL;
  gnutls_datum_t out = { NULL, 0 };
  char *pem;
  int ret;

  g_return_val_if_fail (OK_IS_KEY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((ret = gnutls_x509_crq_init (&crq)) < 0 ||
      (ret = gnutls_x509_crq_set_version (crq, 1)) < 0 ||
      (common_name != NULL &&
       (ret = gnutls_x509_crq_set_dn_by_oid (crq, GNUTLS_OID_X520_COMMON_NAME, 0,
                                             common_name, strlen (common_name))) < 0) ||
      (ret = gnutls_x509_crq_set_key (crq, self->privkey)) < 0 ||
      (ret = gnutls_x509_crq_sign2 (crq, self->privkey, GNUTLS_DIG_SHA256, 0)) < 0 ||
      (ret = gnutls_x509_crq_export2 (crq, GNUTLS_X509_FMT_PEM, &out)) < 0)
    {
      g_clear_pointer (&crq, gnutls_x509_crq_deinit);
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_FAILED,
                   /* Translators: %s is a technical reason from the crypto library */
                   _("Could not make a certificate request: %s"), gnutls_strerror (ret));
      return NULL;
    }

  pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  gnutls_x509_crq_deinit (crq);

  return pem;
}

static gboolean
check_passphrase (const char  *passphrase,
                  GError     **error)
{
  if (*passphrase == '\0')
    {
      g_set_error_literal (error, OK_KEY_ERROR, OK_KEY_ERROR_EMPTY_PASSPHRASE,
                           _("A key cannot be saved without a passphrase."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ok_key_export_encrypted_pem:
 * @passphrase: a non-empty, full-entropy secret: the random passphrase the
 *   keyring holds for a stored key. Never a password a person chose; for those
 *   use ok_key_export_pkcs8_pem().
 *
 * The form in which the store keeps a key: sealed with AES-256-GCM under a key
 * derived by HKDF-SHA256 from @passphrase (ok-key-seal.c has the layout and the
 * reasons). ok_key_new_from_pem() reads it back.
 *
 * Returns: (transfer full): `-----BEGIN OCES KEEPER ENCRYPTED PRIVATE KEY-----` PEM
 */
GBytes *
ok_key_export_encrypted_pem (OkKey       *self,
                             const char  *passphrase,
                             GError     **error)
{
  gnutls_datum_t clear = { NULL, 0 };
  GBytes *bytes;
  int ret;

  g_return_val_if_fail (OK_IS_KEY (self), NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_passphrase (passphrase, error))
    return NULL;

  ret = gnutls_x509_privkey_export2_pkcs8 (self->privkey, GNUTLS_X509_FMT_DER, NULL,
                                           GNUTLS_PKCS_PLAIN, &clear);
  if (ret < 0)
    {
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_FAILED,
                   /* Translators: %s is a technical reason from the crypto library */
                   _("Could not encrypt the key: %s"), gnutls_strerror (ret));
      return NULL;
    }

  bytes = ok_key_seal_pem (clear.data, clear.size, passphrase, error);
  gnutls_memset (clear.data, 0, clear.size);
  gnutls_free (clear.data);

  return bytes;
}

/**
 * ok_key_export_pkcs8_pem:
 * @password: a non-empty password a person chose
 *
 * The form for a key file people protect with their own password: PKCS#8
 * encrypted with PBES2 (PBKDF2-HMAC-SHA256 with GnuTLS's default iteration count,
 * 600,000; AES-256-CBC), readable by every PKCS#8 tool. The stretching is what
 * slows down guessing a human password; it takes a while, so call it in a thread.
 *
 * Returns: (transfer full): `-----BEGIN ENCRYPTED PRIVATE KEY-----` PEM
 */
GBytes *
ok_key_export_pkcs8_pem (OkKey       *self,
                         const char  *password,
                         GError     **error)
{
  gnutls_datum_t out = { NULL, 0 };
  GBytes *bytes;
  int ret;

  g_return_val_if_fail (OK_IS_KEY (self), NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_passphrase (password, error))
    return NULL;

  ret = gnutls_x509_privkey_export2_pkcs8 (self->privkey, GNUTLS_X509_FMT_PEM, password,
                                           GNUTLS_PKCS_PBES2_AES_256, &out);
  if (ret < 0)
    {
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_FAILED,
                   /* Translators: %s is a technical reason from the crypto library */
                   _("Could not encrypt the key: %s"), gnutls_strerror (ret));
      return NULL;
    }

  bytes = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);

  return bytes;
}

static GTlsCertificate *
new_tls_certificate (GBytes           *certificate_der,
                     GByteArray       *private_key_der,
                     GTlsCertificate  *issuer,
                     GError          **error)
{
  g_autoptr(GByteArray) certificate = g_byte_array_new ();
  gsize size;
  const guint8 *data = g_bytes_get_data (certificate_der, &size);

  g_byte_array_append (certificate, data, size);

  return g_initable_new (g_tls_backend_get_certificate_type (g_tls_backend_get_default ()),
                         NULL, error,
                         "certificate", certificate,
                         "private-key", private_key_der,
                         "issuer", issuer,
                         NULL);
}

/**
 * ok_key_make_tls_certificate:
 * @certificate_der: the leaf certificate of this key, DER
 * @chain_der: (nullable) (element-type GBytes): issuing CA(s), DER, issuing CA
 *   first; sent to the server after the leaf
 *
 * Builds the client identity for mutual TLS (libsoup) entirely in memory; the
 * clear key never touches disk. It goes to the TLS backend as one PKCS#8 DER
 * buffer of exactly the right size, which is wiped with explicit_bzero() as soon
 * as the backend has imported it. (The PEM route, g_tls_certificate_new_from_pem(),
 * would leave GLib's own unwiped copies of the PEM text behind in freed memory,
 * because GIO copies the key PEM into a string and into a GValue.)
 *
 * Returns: (transfer full): a #GTlsCertificate with the private key and issuer chain
 */
GTlsCertificate *
ok_key_make_tls_certificate (OkKey      *self,
                             GBytes     *certificate_der,
                             GPtrArray  *chain_der,
                             GError    **error)
{
  g_autoptr(GTlsCertificate) issuer = NULL;
  gnutls_datum_t clear = { NULL, 0 };
  GByteArray *private_key;
  GTlsCertificate *certificate;
  int ret;

  g_return_val_if_fail (OK_IS_KEY (self), NULL);
  g_return_val_if_fail (certificate_der != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ok_key_matches_certificate (self, certificate_der))
    {
      g_set_error_literal (error, OK_KEY_ERROR, OK_KEY_ERROR_CERTIFICATE_MISMATCH,
                           _("The key does not belong to this certificate."));
      return NULL;
    }

  /* Built from the top so that each certificate can name its issuer. */
  for (guint i = chain_der != NULL ? chain_der->len : 0; i > 0; i--)
    {
      GTlsCertificate *next = new_tls_certificate (g_ptr_array_index (chain_der, i - 1),
                                                   NULL, issuer, error);

      if (next == NULL)
        return NULL;
      g_set_object (&issuer, next);
      g_object_unref (next);
    }

  ret = gnutls_x509_privkey_export2_pkcs8 (self->privkey, GNUTLS_X509_FMT_DER, NULL,
                                           GNUTLS_PKCS_PLAIN, &clear);
  if (ret < 0)
    {
      g_set_error (error, OK_KEY_ERROR, OK_KEY_ERROR_FAILED,
                   _("Could not prepare the key for a secure connection: %s"),
                   gnutls_strerror (ret));
      return NULL;
    }

  private_key = g_byte_array_sized_new (clear.size);
  g_byte_array_append (private_key, clear.data, clear.size);
  gnutls_memset (clear.data, 0, clear.size);
  gnutls_free (clear.data);

  certificate = new_tls_certificate (certificate_der, private_key, issuer, error);

  explicit_bzero (private_key->data, private_key->len);
  g_byte_array_unref (private_key);

  return certificate;
}
