/* test-ca-leaf.h — OCES3-shaped leaf certificates: the subject, the extensions, the CSR check
 * and the PKCS#12 a CA may answer with
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "test-ca-crypto.h"

G_BEGIN_DECLS

typedef enum {
  TEST_CA_KIND_SYSTEM,
  TEST_CA_KIND_ORGANISATION,
} TestCaKind;

/* What a faulty CA gets wrong in a leaf (faults of the same names, test-ca-faults.c). */
typedef enum {
  TEST_CA_LEAF_FLAW_NONE                    = 0,
  TEST_CA_LEAF_FLAW_CA                      = 1 << 0,   /* basic constraints CA:TRUE */
  TEST_CA_LEAF_FLAW_KEY_USAGE               = 1 << 1,   /* keyCertSign + cRLSign only */
  TEST_CA_LEAF_FLAW_EXTENDED_KEY_USAGE      = 1 << 2,   /* an EKU of codeSigning only */
  TEST_CA_LEAF_FLAW_NO_OCES3_POLICY         = 1 << 3,   /* only the QCP policy */
} TestCaLeafFlaws;

typedef struct {
  char *common_name;
  char *uuid;
  char *organisation;
  char *cvr;
  char *email;
  TestCaKind kind;
} TestCaSubject;

void              test_ca_subject_clear      (TestCaSubject       *subject);
gboolean          test_ca_subject_read       (TestCaSubject       *subject,
                                              gnutls_x509_crt_t    certificate,
                                              GError             **error);

gnutls_pubkey_t   test_ca_leaf_read_csr      (const char          *pem,
                                              GError             **error);
gnutls_x509_crt_t test_ca_leaf_build         (gnutls_x509_crt_t    issuer,
                                              gnutls_privkey_t     issuer_key,
                                              gnutls_pubkey_t      key,
                                              const TestCaSubject *subject,
                                              GDateTime           *not_before,
                                              GDateTime           *not_after,
                                              const char          *revocation_url,
                                              TestCaLeafFlaws      flaws,
                                              GError             **error);
GBytes           *test_ca_leaf_make_pkcs12   (gnutls_x509_crt_t    leaf,
                                              gnutls_x509_crt_t    issuing,
                                              gnutls_privkey_t     key,
                                              const char          *password,
                                              GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestCaSubject, test_ca_subject_clear)

G_END_DECLS
