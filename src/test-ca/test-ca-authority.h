/* test-ca-authority.h — the reference CA's hierarchy: root, issuing CA, TLS server certificate,
 * and the impostor CA behind the untrusted-chain fault
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "test-ca-leaf.h"

G_BEGIN_DECLS

#define TEST_CA_TYPE_AUTHORITY (test_ca_authority_get_type ())

G_DECLARE_FINAL_TYPE (TestCaAuthority, test_ca_authority, TEST_CA, AUTHORITY, GObject)

/* Which of our CAs signs a leaf. */
typedef enum {
  TEST_CA_SIGNER_ISSUING,        /* the issuing CA: the real thing */
  TEST_CA_SIGNER_IMPOSTOR,       /* a self-signed CA with the issuing CA's very name */
  TEST_CA_SIGNER_PROD_LOOKALIKE, /* a CA under our root named like a production issuer */
} TestCaSigner;

typedef enum {
  TEST_CA_CLIENT_TRUSTED,
  TEST_CA_CLIENT_UNTRUSTED,
  TEST_CA_CLIENT_EXPIRED,
} TestCaClientStatus;

TestCaAuthority    *test_ca_authority_new                    (const char        *state_dir,
                                                              GError           **error);
const char         *test_ca_authority_get_root_pem           (TestCaAuthority   *self);
const char         *test_ca_authority_get_issuing_pem        (TestCaAuthority   *self);
GTlsCertificate    *test_ca_authority_get_server_certificate (TestCaAuthority   *self);
gnutls_x509_crt_t   test_ca_authority_get_issuing            (TestCaAuthority   *self);
gnutls_privkey_t    test_ca_authority_get_issuing_key        (TestCaAuthority   *self);
gnutls_privkey_t    test_ca_authority_get_impostor_key       (TestCaAuthority   *self,
                                                              GError           **error);
void                test_ca_authority_set_revocation_url     (TestCaAuthority   *self,
                                                              const char        *base_url);
gnutls_x509_crt_t   test_ca_authority_issue                  (TestCaAuthority   *self,
                                                              gnutls_pubkey_t    key,
                                                              const TestCaSubject *subject,
                                                              GDateTime         *not_before,
                                                              GDateTime         *not_after,
                                                              TestCaSigner       signer,
                                                              TestCaLeafFlaws    flaws,
                                                              GError           **error);
const char         *test_ca_authority_get_signer_pem         (TestCaAuthority   *self,
                                                              TestCaSigner       signer);
gnutls_pubkey_t     test_ca_authority_get_stray_key          (TestCaAuthority   *self,
                                                              GError           **error);
TestCaClientStatus  test_ca_authority_check_client           (TestCaAuthority   *self,
                                                              gnutls_x509_crt_t  client);

G_END_DECLS
