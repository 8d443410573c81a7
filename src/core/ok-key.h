/* ok-key.h — OkKey: an RSA private key held in memory, its CSR, its sealed form for the store
 * and its password-protected PKCS#8 form for exports
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gnutls/x509.h>

G_BEGIN_DECLS

/* The size OCES3 leaves use; 4096 is the only other size accepted for generation. */
#define OK_KEY_DEFAULT_BITS 3072

#define OK_KEY_ERROR (ok_key_error_quark ())

typedef enum {
  OK_KEY_ERROR_UNSUPPORTED_SIZE,
  OK_KEY_ERROR_GENERATION_FAILED,
  OK_KEY_ERROR_INVALID,
  OK_KEY_ERROR_NEEDS_PASSPHRASE,
  OK_KEY_ERROR_WRONG_PASSPHRASE,
  OK_KEY_ERROR_EMPTY_PASSPHRASE,
  OK_KEY_ERROR_INVALID_CERTIFICATE,
  OK_KEY_ERROR_CERTIFICATE_MISMATCH,
  OK_KEY_ERROR_FAILED,
} OkKeyError;

GQuark ok_key_error_quark (void);

#define OK_TYPE_KEY (ok_key_get_type ())

G_DECLARE_FINAL_TYPE (OkKey, ok_key, OK, KEY, GObject)

OkKey                 *ok_key_generate                (guint                 bits,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
void                   ok_key_generate_async          (guint                 bits,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
OkKey                 *ok_key_generate_finish         (GAsyncResult         *result,
                                                       GError              **error);

OkKey                 *ok_key_new_from_pem            (const char           *data,
                                                       gsize                 length,
                                                       const char           *passphrase,
                                                       GError              **error);
OkKey                 *ok_key_new_from_der            (GBytes               *der,
                                                       const char           *passphrase,
                                                       GError              **error);
OkKey                 *ok_key_new_for_x509_privkey    (gnutls_x509_privkey_t privkey);

guint                  ok_key_get_bits                (OkKey                *self);
GBytes                *ok_key_dup_public_key_id       (OkKey                *self);
gboolean               ok_key_matches_certificate     (OkKey                *self,
                                                       GBytes               *certificate_der);
gnutls_x509_privkey_t  ok_key_get_x509_privkey        (OkKey                *self);

char                  *ok_key_make_csr_pem            (OkKey                *self,
                                                       const char           *common_name,
                                                       GError              **error);
GBytes                *ok_key_export_encrypted_pem    (OkKey                *self,
                                                       const char           *passphrase,
                                                       GError              **error);
GBytes                *ok_key_export_pkcs8_pem        (OkKey                *self,
                                                       const char           *password,
                                                       GError              **error);
GTlsCertificate       *ok_key_make_tls_certificate    (OkKey                *self,
                                                       GBytes               *certificate_der,
                                                       GPtrArray            *chain_der,
                                                       GError              **error);

G_END_DECLS
