/* test-ca-leaf.c — OCES3-shaped leaf certificates: the subject, the extensions, the CSR check
 * and the PKCS#12 a CA may answer with
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/pkcs12.h>

#include "test-ca-leaf.h"

#define OID_COMMON_NAME "2.5.4.3"
#define OID_SERIAL_NUMBER "2.5.4.5"
#define OID_ORGANISATION "2.5.4.10"
#define OID_ORGANISATION_IDENTIFIER "2.5.4.97"
#define OID_COUNTRY "2.5.4.6"

#define UUID_PREFIX "UI:DK-O:G:"
#define CVR_PREFIX "NTRDK-"

#define POLICY_QCP "0.4.0.2042.1.1"
#define POLICY_OCES_ORGANISATION "1.2.208.169.1.1.1.3.7"

/* Without a revocation server, URLs under a reserved name (RFC 2606) that nothing serves. The
 * paths are those of the real CA (ca1.gov.dk), below the revocation server's address. */
#define URL_UNSERVED "http://ca.oces-keeper.example"
#define PATH_CA_ISSUERS "/oces/issuing/1/cacert/issuing.cer"
#define PATH_OCSP "/ocsp"
#define PATH_CRL "/oces/issuing/1/crl/issuing.crl"

#define MIN_RSA_BITS 2048

void
test_ca_subject_clear (TestCaSubject *subject)
{
  g_clear_pointer (&subject->common_name, g_free);
  g_clear_pointer (&subject->uuid, g_free);
  g_clear_pointer (&subject->organisation, g_free);
  g_clear_pointer (&subject->cvr, g_free);
  g_clear_pointer (&subject->email, g_free);
}

/* The string inside a DER-encoded directory string (any string type). */
static char *
read_name (gnutls_x509_crt_t  certificate,
           const char        *oid)
{
  guint8 buffer[1024];
  size_t size = sizeof buffer;
  gsize length, offset;

  if (gnutls_x509_crt_get_dn_by_oid (certificate, oid, 0, 1, buffer, &size) < 0 || size < 2)
    return NULL;

  if (buffer[1] < 0x80)
    {
      length = buffer[1];
      offset = 2;
    }
  else if (buffer[1] == 0x81 && size >= 3)
    {
      length = buffer[2];
      offset = 3;
    }
  else if (buffer[1] == 0x82 && size >= 4)
    {
      length = ((gsize) buffer[2] << 8) | buffer[3];
      offset = 4;
    }
  else
    return NULL;

  if (offset + length > size)
    return NULL;

  return g_strndup ((const char *) buffer + offset, length);
}

static char *
read_email (gnutls_x509_crt_t certificate)
{
  for (unsigned int i = 0; ; i++)
    {
      char buffer[512];
      size_t size = sizeof buffer - 1;
      int type = gnutls_x509_crt_get_subject_alt_name (certificate, i, buffer, &size, NULL);

      if (type < 0)
        return NULL;
      if (type == GNUTLS_SAN_RFC822NAME)
        return g_strndup (buffer, size);
    }
}

gboolean
test_ca_subject_read (TestCaSubject      *subject,
                      gnutls_x509_crt_t   certificate,
                      GError            **error)
{
  g_autofree char *serial_number = read_name (certificate, OID_SERIAL_NUMBER);
  g_autofree char *identifier = read_name (certificate, OID_ORGANISATION_IDENTIFIER);
  unsigned int usage = 0;

  if (serial_number == NULL || !g_str_has_prefix (serial_number, UUID_PREFIX) ||
      identifier == NULL || !g_str_has_prefix (identifier, CVR_PREFIX))
    {
      g_set_error_literal (error, TEST_CA_ERROR, TEST_CA_ERROR_FAILED,
                           "the certificate has no OCES3 organisation subject");
      return FALSE;
    }

  subject->uuid = g_strdup (serial_number + strlen (UUID_PREFIX));
  subject->cvr = g_strdup (identifier + strlen (CVR_PREFIX));
  subject->common_name = read_name (certificate, OID_COMMON_NAME);
  subject->organisation = read_name (certificate, OID_ORGANISATION);
  subject->email = read_email (certificate);
  gnutls_x509_crt_get_key_usage (certificate, &usage, NULL);
  subject->kind = (usage & GNUTLS_KEY_NON_REPUDIATION) ? TEST_CA_KIND_ORGANISATION
                                                       : TEST_CA_KIND_SYSTEM;
  return TRUE;
}

static gboolean
invalid_csr (GError     **error,
             const char  *why)
{
  g_set_error (error, TEST_CA_ERROR, TEST_CA_ERROR_INVALID_CSR,
               "The certificate signing request is not valid: %s", why);
  return FALSE;
}

gnutls_pubkey_t
test_ca_leaf_read_csr (const char  *pem,
                       GError     **error)
{
  g_auto(gnutls_x509_crq_t) request = NULL;
  g_auto(gnutls_pubkey_t) key = NULL;
  gnutls_datum_t datum;
  unsigned int bits = 0;
  int algorithm;

  if (pem == NULL)
    {
      invalid_csr (error, "it is missing");
      return NULL;
    }

  datum.data = (unsigned char *) pem;
  datum.size = (unsigned int) strlen (pem);
  if (gnutls_x509_crq_init (&request) < 0 ||
      gnutls_x509_crq_import (request, &datum, GNUTLS_X509_FMT_PEM) < 0)
    {
      invalid_csr (error, "it is not a PEM PKCS#10 request");
      return NULL;
    }

  if (gnutls_x509_crq_verify (request, 0) < 0)
    {
      invalid_csr (error, "its signature does not verify");
      return NULL;
    }

  algorithm = gnutls_x509_crq_get_pk_algorithm (request, &bits);
  if ((algorithm != GNUTLS_PK_RSA && algorithm != GNUTLS_PK_RSA_PSS) || bits < MIN_RSA_BITS)
    {
      invalid_csr (error, "the key must be RSA of at least 2048 bits");
      return NULL;
    }

  if (gnutls_pubkey_init (&key) < 0 || gnutls_pubkey_import_x509_crq (key, request, 0) < 0)
    {
      invalid_csr (error, "its public key cannot be read");
      return NULL;
    }

  return g_steal_pointer (&key);
}

static gboolean
add_extensions (gnutls_x509_crt_t     certificate,
                const TestCaSubject  *subject,
                const char           *revocation_url,
                TestCaLeafFlaws       flaws,
                GError              **error)
{
  const char *policies[] = { POLICY_QCP, POLICY_OCES_ORGANISATION };
  guint n_policies = (flaws & TEST_CA_LEAF_FLAW_NO_OCES3_POLICY) ? 1 : G_N_ELEMENTS (policies);
  unsigned int usage = GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT;
  const char *base = revocation_url != NULL ? revocation_url : URL_UNSERVED;
  g_autofree char *ca_issuers_url = g_strconcat (base, PATH_CA_ISSUERS, NULL);
  g_autofree char *ocsp_url = g_strconcat (base, PATH_OCSP, NULL);
  g_autofree char *crl_url = g_strconcat (base, PATH_CRL, NULL);
  gnutls_datum_t ca_issuers = { (unsigned char *) ca_issuers_url, (unsigned int) strlen (ca_issuers_url) };
  gnutls_datum_t ocsp = { (unsigned char *) ocsp_url, (unsigned int) strlen (ocsp_url) };

  if (subject->kind == TEST_CA_KIND_ORGANISATION)
    usage |= GNUTLS_KEY_NON_REPUDIATION;
  if (flaws & TEST_CA_LEAF_FLAW_KEY_USAGE)
    usage = GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN;

  if ((flaws & TEST_CA_LEAF_FLAW_EXTENDED_KEY_USAGE) &&
      !test_ca_crypto_check (gnutls_x509_crt_set_key_purpose_oid (certificate, GNUTLS_KP_CODE_SIGNING, 0),
                             "extended key usage", error))
    return FALSE;

  if (!test_ca_crypto_check (gnutls_x509_crt_set_basic_constraints (certificate,
                                                                    (flaws & TEST_CA_LEAF_FLAW_CA) != 0, -1),
                             "basic constraints", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_key_usage (certificate, usage), "key usage", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_authority_info_access (certificate,
                                                                        GNUTLS_IA_CAISSUERS_URI,
                                                                        &ca_issuers),
                             "authority information access", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_authority_info_access (certificate,
                                                                        GNUTLS_IA_OCSP_URI, &ocsp),
                             "authority information access", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_crl_dist_points (certificate, GNUTLS_SAN_URI,
                                                                  crl_url, 0),
                             "CRL distribution points", error))
    return FALSE;

  for (guint i = 0; i < n_policies; i++)
    {
      struct gnutls_x509_policy_st policy = { .oid = (char *) policies[i], .qualifiers = 0 };

      if (!test_ca_crypto_check (gnutls_x509_crt_set_policy (certificate, &policy, 0),
                                 "certificate policies", error))
        return FALSE;
    }

  if (subject->email != NULL && *subject->email != '\0' &&
      !test_ca_crypto_check (gnutls_x509_crt_set_subject_alt_name (certificate,
                                                                   GNUTLS_SAN_RFC822NAME,
                                                                   subject->email,
                                                                   (unsigned int) strlen (subject->email),
                                                                   GNUTLS_FSAN_SET),
                             "subject alternative name", error))
    return FALSE;

  return TRUE;
}

gnutls_x509_crt_t
test_ca_leaf_build (gnutls_x509_crt_t     issuer,
                    gnutls_privkey_t      issuer_key,
                    gnutls_pubkey_t       key,
                    const TestCaSubject  *subject,
                    GDateTime            *not_before,
                    GDateTime            *not_after,
                    const char           *revocation_url,
                    TestCaLeafFlaws       flaws,
                    GError              **error)
{
  g_auto(gnutls_x509_crt_t) certificate = NULL;
  g_autofree char *serial_number = g_strconcat (UUID_PREFIX, subject->uuid, NULL);
  g_autofree char *identifier = g_strconcat (CVR_PREFIX, subject->cvr, NULL);
  g_autofree char *serial = NULL;

  if (!test_ca_crypto_check (gnutls_x509_crt_init (&certificate), "certificate", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_version (certificate, 3), "version", error) ||
      !test_ca_crypto_add_name (certificate, OID_COMMON_NAME, subject->common_name, FALSE, error) ||
      !test_ca_crypto_add_name (certificate, OID_SERIAL_NUMBER, serial_number, TRUE, error) ||
      !test_ca_crypto_add_name (certificate, OID_ORGANISATION, subject->organisation, FALSE, error) ||
      !test_ca_crypto_add_name (certificate, OID_ORGANISATION_IDENTIFIER, identifier, FALSE, error) ||
      !test_ca_crypto_add_name (certificate, OID_COUNTRY, "DK", TRUE, error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_pubkey (certificate, key), "public key", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_activation_time (certificate,
                                                                  g_date_time_to_unix (not_before)),
                             "validity", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_expiration_time (certificate,
                                                                  g_date_time_to_unix (not_after)),
                             "validity", error))
    return NULL;

  serial = test_ca_crypto_set_random_serial (certificate, error);
  if (serial == NULL ||
      !add_extensions (certificate, subject, revocation_url, flaws, error) ||
      !test_ca_crypto_set_key_ids (certificate, issuer, error) ||
      !test_ca_crypto_sign (certificate, issuer, issuer_key, error))
    return NULL;

  return g_steal_pointer (&certificate);
}

static gboolean
add_certificate_to_bag (gnutls_pkcs12_bag_t   bag,
                        gnutls_x509_crt_t     certificate,
                        const gnutls_datum_t *key_id,
                        const char           *friendly_name,
                        GError              **error)
{
  int index = gnutls_pkcs12_bag_set_crt (bag, certificate);

  if (!test_ca_crypto_check (index, "PKCS#12 certificate", error))
    return FALSE;

  if (key_id != NULL &&
      (!test_ca_crypto_check (gnutls_pkcs12_bag_set_key_id (bag, index, key_id), "key id", error) ||
       !test_ca_crypto_check (gnutls_pkcs12_bag_set_friendly_name (bag, index, friendly_name),
                              "friendly name", error)))
    return FALSE;

  return TRUE;
}

static void
clear_datum (gnutls_datum_t *datum)
{
  if (datum->data != NULL)
    gnutls_memset (datum->data, 0, datum->size);
  g_clear_pointer (&datum->data, gnutls_free);
  datum->size = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (gnutls_datum_t, clear_datum)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pkcs12_t, gnutls_pkcs12_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pkcs12_bag_t, gnutls_pkcs12_bag_deinit, NULL)

/* A modern PKCS#12: PBES2 with AES-256 for both bags, an HMAC-SHA-256 MAC. */
GBytes *
test_ca_leaf_make_pkcs12 (gnutls_x509_crt_t   leaf,
                          gnutls_x509_crt_t   issuing,
                          gnutls_privkey_t    key,
                          const char         *password,
                          GError            **error)
{
  g_auto(gnutls_pkcs12_t) pkcs12 = NULL;
  g_auto(gnutls_pkcs12_bag_t) certificates = NULL;
  g_auto(gnutls_pkcs12_bag_t) keys = NULL;
  g_auto(gnutls_x509_privkey_t) x509_key = NULL;
  g_auto(gnutls_datum_t) encrypted = { NULL, 0 };
  g_auto(gnutls_datum_t) out = { NULL, 0 };
  guint8 id[64];
  size_t id_size = sizeof id;
  gnutls_datum_t key_id;
  int index;

  if (!test_ca_crypto_check (gnutls_x509_crt_get_key_id (leaf, GNUTLS_KEYID_USE_SHA1, id, &id_size),
                             "key id", error) ||
      !test_ca_crypto_check (gnutls_privkey_export_x509 (key, &x509_key), "export key", error) ||
      !test_ca_crypto_check (gnutls_x509_privkey_export2_pkcs8 (x509_key, GNUTLS_X509_FMT_DER,
                                                                password, GNUTLS_PKCS_PBES2_AES_256,
                                                                &encrypted),
                             "encrypt key", error))
    return NULL;

  key_id.data = id;
  key_id.size = (unsigned int) id_size;

  if (!test_ca_crypto_check (gnutls_pkcs12_init (&pkcs12), "PKCS#12", error) ||
      !test_ca_crypto_check (gnutls_pkcs12_bag_init (&certificates), "PKCS#12", error) ||
      !test_ca_crypto_check (gnutls_pkcs12_bag_init (&keys), "PKCS#12", error) ||
      !add_certificate_to_bag (certificates, leaf, &key_id, "OCES Keeper reference certificate",
                               error) ||
      !add_certificate_to_bag (certificates, issuing, NULL, NULL, error) ||
      !test_ca_crypto_check (gnutls_pkcs12_bag_encrypt (certificates, password,
                                                        GNUTLS_PKCS_PBES2_AES_256),
                             "PKCS#12 encryption", error))
    return NULL;

  index = gnutls_pkcs12_bag_set_data (keys, GNUTLS_BAG_PKCS8_ENCRYPTED_KEY, &encrypted);
  if (!test_ca_crypto_check (index, "PKCS#12 key", error) ||
      !test_ca_crypto_check (gnutls_pkcs12_bag_set_key_id (keys, index, &key_id), "key id", error) ||
      !test_ca_crypto_check (gnutls_pkcs12_bag_set_friendly_name (keys, index,
                                                                  "OCES Keeper reference certificate"),
                             "friendly name", error) ||
      !test_ca_crypto_check (gnutls_pkcs12_set_bag (pkcs12, certificates), "PKCS#12", error) ||
      !test_ca_crypto_check (gnutls_pkcs12_set_bag (pkcs12, keys), "PKCS#12", error) ||
      !test_ca_crypto_check (gnutls_pkcs12_generate_mac2 (pkcs12, GNUTLS_MAC_SHA256, password),
                             "PKCS#12 MAC", error) ||
      !test_ca_crypto_check (gnutls_pkcs12_export2 (pkcs12, GNUTLS_X509_FMT_DER, &out),
                             "PKCS#12 export", error))
    return NULL;

  return g_bytes_new (out.data, out.size);
}
