/* test-ca-crypto.h — GnuTLS helpers of the reference CA, and its error domain
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

G_BEGIN_DECLS

#define TEST_CA_ERROR (test_ca_error_quark ())

typedef enum {
  TEST_CA_ERROR_FAILED,
  TEST_CA_ERROR_INVALID_CSR,
  TEST_CA_ERROR_SCENARIO,
} TestCaError;

GQuark            test_ca_error_quark                (void);

gboolean          test_ca_crypto_check               (int                 ret,
                                                      const char         *what,
                                                      GError            **error);
gnutls_privkey_t  test_ca_crypto_load_or_generate_key (const char        *path,
                                                      unsigned int        bits,
                                                      GError            **error);
gnutls_x509_crt_t test_ca_crypto_load_certificate    (const char         *path,
                                                      GError            **error);
char             *test_ca_crypto_key_to_pem          (gnutls_privkey_t    key,
                                                      GError            **error);
char             *test_ca_crypto_certificate_to_pem  (gnutls_x509_crt_t   certificate,
                                                      GError            **error);
gboolean          test_ca_crypto_write_private_file  (const char         *path,
                                                      const char         *contents,
                                                      GError            **error);
gboolean          test_ca_crypto_add_name            (gnutls_x509_crt_t   certificate,
                                                      const char         *oid,
                                                      const char         *value,
                                                      gboolean            printable,
                                                      GError            **error);
char             *test_ca_crypto_set_random_serial   (gnutls_x509_crt_t   certificate,
                                                      GError            **error);
gnutls_x509_crt_t test_ca_crypto_reread             (gnutls_x509_crt_t   certificate,
                                                      GError            **error);
char             *test_ca_crypto_get_serial_hex      (gnutls_x509_crt_t   certificate);
gboolean          test_ca_crypto_set_key_ids         (gnutls_x509_crt_t   certificate,
                                                      gnutls_x509_crt_t   issuer,
                                                      GError            **error);
gboolean          test_ca_crypto_sign                (gnutls_x509_crt_t   certificate,
                                                      gnutls_x509_crt_t   issuer,
                                                      gnutls_privkey_t    issuer_key,
                                                      GError            **error);

/* The GnuTLS handles are pointers already: g_auto (gnutls_x509_crt_t) frees one. */
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crq_t, gnutls_x509_crq_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_privkey_t, gnutls_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pubkey_t, gnutls_pubkey_deinit, NULL)

G_END_DECLS
