/* test-ca-authority.c — the reference CA's hierarchy: root, issuing CA, TLS server certificate,
 * and the impostor CA behind the untrusted-chain fault
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <time.h>

#include "test-ca-authority.h"

/* Key sizes as OCES3 has them: an RSA-4096 root, an RSA-3072 issuing CA. The TLS server key
 * and the throwaway keys of faults are 2048 bits: they only need to work, and fast. */
#define ROOT_BITS 4096
#define ISSUING_BITS 3072
#define SERVER_BITS 2048
#define THROWAWAY_BITS 2048

#define ROOT_YEARS 25
#define ISSUING_YEARS 12
#define SERVER_DAYS 365

#define ROOT_NAME "OCES Keeper Reference CA – Root"
#define ISSUING_NAME "OCES Keeper Reference CA – Issuing 1"
#define SERVER_NAME "OCES Keeper Reference CA – TLS"
#define PROD_LOOKALIKE_NAME "OCES Keeper Reference CA – Production look-alike"

struct _TestCaAuthority
{
  GObject parent_instance;

  gnutls_privkey_t root_key;
  gnutls_x509_crt_t root;
  gnutls_privkey_t issuing_key;
  gnutls_x509_crt_t issuing;
  char *root_pem;
  char *issuing_pem;
  GTlsCertificate *server_certificate;

  /* Made on first use: they exist only for faults. */
  gnutls_privkey_t impostor_key;
  gnutls_x509_crt_t impostor;
  char *impostor_pem;
  gnutls_privkey_t lookalike_key;
  gnutls_x509_crt_t lookalike;
  char *lookalike_pem;
  gnutls_pubkey_t stray_key;

  /* Where the revocation server listens: put in the AIA and CDP of every leaf. */
  char *revocation_url;
};

G_DEFINE_FINAL_TYPE (TestCaAuthority, test_ca_authority, G_TYPE_OBJECT)

static void
test_ca_authority_finalize (GObject *object)
{
  TestCaAuthority *self = TEST_CA_AUTHORITY (object);

  g_clear_pointer (&self->root_key, gnutls_privkey_deinit);
  g_clear_pointer (&self->root, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->issuing_key, gnutls_privkey_deinit);
  g_clear_pointer (&self->issuing, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->root_pem, g_free);
  g_clear_pointer (&self->issuing_pem, g_free);
  g_clear_object (&self->server_certificate);
  g_clear_pointer (&self->impostor_key, gnutls_privkey_deinit);
  g_clear_pointer (&self->impostor, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->impostor_pem, g_free);
  g_clear_pointer (&self->lookalike_key, gnutls_privkey_deinit);
  g_clear_pointer (&self->lookalike, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->lookalike_pem, g_free);
  g_clear_pointer (&self->stray_key, gnutls_pubkey_deinit);
  g_clear_pointer (&self->revocation_url, g_free);

  G_OBJECT_CLASS (test_ca_authority_parent_class)->finalize (object);
}

static void
test_ca_authority_class_init (TestCaAuthorityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_ca_authority_finalize;
}

static void
test_ca_authority_init (TestCaAuthority *self)
{
}

static char *
state_path (const char *state_dir,
            const char *name)
{
  return state_dir != NULL ? g_build_filename (state_dir, name, NULL) : NULL;
}

/* The name of one of our CAs, encoded like the Danish state's: CN, OU, O, C. The OU marks
 * every certificate under it as Test (the rule the certificate model applies). */
static gboolean
add_ca_name (gnutls_x509_crt_t   certificate,
             const char         *common_name,
             GError            **error)
{
  return test_ca_crypto_add_name (certificate, "2.5.4.3", common_name, FALSE, error) &&
         test_ca_crypto_add_name (certificate, "2.5.4.11", "Test - cti", FALSE, error) &&
         test_ca_crypto_add_name (certificate, "2.5.4.10", "OCES Keeper Reference", FALSE, error) &&
         test_ca_crypto_add_name (certificate, "2.5.4.6", "DK", TRUE, error);
}

/* The name of a production issuing CA: no Test OU, the Danish state's organisation — which is
 * what makes the certificate model call what it issues Prod. */
static gboolean
add_prod_lookalike_name (gnutls_x509_crt_t   certificate,
                         const char         *common_name,
                         GError            **error)
{
  return test_ca_crypto_add_name (certificate, "2.5.4.3", common_name, FALSE, error) &&
         test_ca_crypto_add_name (certificate, "2.5.4.10", "Den Danske Stat", FALSE, error) &&
         test_ca_crypto_add_name (certificate, "2.5.4.6", "DK", TRUE, error);
}

/* A CA or server certificate for @key, signed by @issuer (NULL: self-signed). */
static gnutls_x509_crt_t
make_certificate_named (gnutls_privkey_t    key,
                        gboolean            prod_lookalike,
                        const char         *common_name,
                  gboolean            is_ca,
                  int                 path_length,
                  GTimeSpan           lifetime,
                  gnutls_x509_crt_t   issuer,
                  gnutls_privkey_t    issuer_key,
                  GError            **error)
{
  g_auto(gnutls_x509_crt_t) certificate = NULL;
  g_auto(gnutls_pubkey_t) public_key = NULL;
  g_autofree char *serial = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  unsigned int usage;

  if (!test_ca_crypto_check (gnutls_x509_crt_init (&certificate), "certificate", error) ||
      !test_ca_crypto_check (gnutls_pubkey_init (&public_key), "key", error) ||
      !test_ca_crypto_check (gnutls_pubkey_import_privkey (public_key, key, 0, 0), "key", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_version (certificate, 3), "version", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_pubkey (certificate, public_key), "key", error) ||
      !(prod_lookalike ? add_prod_lookalike_name (certificate, common_name, error)
                       : add_ca_name (certificate, common_name, error)) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_activation_time (certificate, now - 60), "validity",
                             error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_expiration_time (certificate,
                                                                  now + lifetime / G_TIME_SPAN_SECOND),
                             "validity", error) ||
      !test_ca_crypto_check (gnutls_x509_crt_set_basic_constraints (certificate, is_ca, path_length),
                             "basic constraints", error))
    return NULL;

  if (is_ca)
    {
      usage = GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN;
    }
  else
    {
      usage = GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT;
      if (!test_ca_crypto_check (gnutls_x509_crt_set_key_purpose_oid (certificate,
                                                                      GNUTLS_KP_TLS_WWW_SERVER, 0),
                                 "extended key usage", error) ||
          !test_ca_crypto_check (gnutls_x509_crt_set_subject_alt_name (certificate,
                                                                       GNUTLS_SAN_DNSNAME,
                                                                       "localhost", 9,
                                                                       GNUTLS_FSAN_APPEND),
                                 "subject alternative name", error) ||
          !test_ca_crypto_check (gnutls_x509_crt_set_subject_alt_name (certificate,
                                                                       GNUTLS_SAN_IPADDRESS,
                                                                       "\x7f\x00\x00\x01", 4,
                                                                       GNUTLS_FSAN_APPEND),
                                 "subject alternative name", error))
        return NULL;
    }

  serial = test_ca_crypto_set_random_serial (certificate, error);
  if (serial == NULL ||
      !test_ca_crypto_check (gnutls_x509_crt_set_key_usage (certificate, usage), "key usage", error) ||
      !test_ca_crypto_set_key_ids (certificate, issuer != NULL ? issuer : certificate, error) ||
      !test_ca_crypto_sign (certificate, issuer != NULL ? issuer : certificate,
                            issuer_key != NULL ? issuer_key : key, error))
    return NULL;

  return test_ca_crypto_reread (certificate, error);
}

static gnutls_x509_crt_t
make_certificate (gnutls_privkey_t    key,
                  const char         *common_name,
                  gboolean            is_ca,
                  int                 path_length,
                  GTimeSpan           lifetime,
                  gnutls_x509_crt_t   issuer,
                  gnutls_privkey_t    issuer_key,
                  GError            **error)
{
  return make_certificate_named (key, FALSE, common_name, is_ca, path_length, lifetime, issuer,
                                 issuer_key, error);
}

/* Loads @name from the state folder, or makes it and stores it there. */
static gnutls_x509_crt_t
load_or_make_ca (const char         *state_dir,
                 const char         *name,
                 gnutls_privkey_t    key,
                 const char         *common_name,
                 int                 path_length,
                 GTimeSpan           lifetime,
                 gnutls_x509_crt_t   issuer,
                 gnutls_privkey_t    issuer_key,
                 gboolean            made_key,
                 GError            **error)
{
  g_autofree char *path = state_path (state_dir, name);
  g_auto(gnutls_x509_crt_t) certificate = NULL;
  g_autofree char *pem = NULL;

  if (path != NULL && !made_key && g_file_test (path, G_FILE_TEST_EXISTS))
    return test_ca_crypto_load_certificate (path, error);

  certificate = make_certificate (key, common_name, TRUE, path_length, lifetime, issuer,
                                  issuer_key, error);
  if (certificate == NULL)
    return NULL;

  if (path != NULL &&
      ((pem = test_ca_crypto_certificate_to_pem (certificate, error)) == NULL ||
       !test_ca_crypto_write_private_file (path, pem, error)))
    return NULL;

  return g_steal_pointer (&certificate);
}

static gboolean
key_is_new (const char *state_dir,
            const char *name)
{
  g_autofree char *path = state_path (state_dir, name);

  return path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS);
}

static GTlsCertificate *
make_server_certificate (TestCaAuthority  *self,
                         const char       *state_dir,
                         GError          **error)
{
  g_autofree char *key_path = state_path (state_dir, "server-key.pem");
  g_auto(gnutls_privkey_t) key = NULL;
  g_auto(gnutls_x509_crt_t) certificate = NULL;
  g_autofree char *certificate_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *bundle = NULL;

  /* A fresh certificate at every start: it then always matches the root of this state. */
  key = test_ca_crypto_load_or_generate_key (key_path, SERVER_BITS, error);
  if (key == NULL)
    return NULL;

  certificate = make_certificate (key, SERVER_NAME, FALSE, -1, SERVER_DAYS * G_TIME_SPAN_DAY,
                                  self->root, self->root_key, error);
  if (certificate == NULL ||
      (certificate_pem = test_ca_crypto_certificate_to_pem (certificate, error)) == NULL ||
      (key_pem = test_ca_crypto_key_to_pem (key, error)) == NULL)
    return NULL;

  bundle = g_strconcat (certificate_pem, key_pem, NULL);
  return g_tls_certificate_new_from_pem (bundle, -1, error);
}

/**
 * test_ca_authority_new:
 * @state_dir: (nullable): where keys and certificates are kept between runs; %NULL keeps them
 *   in memory only
 */
TestCaAuthority *
test_ca_authority_new (const char  *state_dir,
                       GError     **error)
{
  g_autoptr(TestCaAuthority) self = g_object_new (TEST_CA_TYPE_AUTHORITY, NULL);
  g_autofree char *root_key_path = state_path (state_dir, "root-key.pem");
  g_autofree char *issuing_key_path = state_path (state_dir, "issuing-key.pem");
  gboolean new_root_key = key_is_new (state_dir, "root-key.pem");
  gboolean new_issuing_key = key_is_new (state_dir, "issuing-key.pem");

  if (state_dir != NULL && g_mkdir_with_parents (state_dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot make %s: %s", state_dir, g_strerror (errno));
      return NULL;
    }

  self->root_key = test_ca_crypto_load_or_generate_key (root_key_path, ROOT_BITS, error);
  if (self->root_key == NULL)
    return NULL;
  self->root = load_or_make_ca (state_dir, "root.pem", self->root_key, ROOT_NAME, -1,
                                ROOT_YEARS * 365 * G_TIME_SPAN_DAY, NULL, NULL, new_root_key,
                                error);
  if (self->root == NULL)
    return NULL;

  self->issuing_key = test_ca_crypto_load_or_generate_key (issuing_key_path, ISSUING_BITS, error);
  if (self->issuing_key == NULL)
    return NULL;
  self->issuing = load_or_make_ca (state_dir, "issuing.pem", self->issuing_key, ISSUING_NAME, 0,
                                   ISSUING_YEARS * 365 * G_TIME_SPAN_DAY, self->root,
                                   self->root_key, new_root_key || new_issuing_key, error);
  if (self->issuing == NULL)
    return NULL;

  self->root_pem = test_ca_crypto_certificate_to_pem (self->root, error);
  self->issuing_pem = test_ca_crypto_certificate_to_pem (self->issuing, error);
  if (self->root_pem == NULL || self->issuing_pem == NULL)
    return NULL;

  self->server_certificate = make_server_certificate (self, state_dir, error);
  if (self->server_certificate == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
test_ca_authority_get_root_pem (TestCaAuthority *self)
{
  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (self), NULL);

  return self->root_pem;
}

const char *
test_ca_authority_get_issuing_pem (TestCaAuthority *self)
{
  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (self), NULL);

  return self->issuing_pem;
}

GTlsCertificate *
test_ca_authority_get_server_certificate (TestCaAuthority *self)
{
  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (self), NULL);

  return self->server_certificate;
}

gnutls_x509_crt_t
test_ca_authority_get_issuing (TestCaAuthority *self)
{
  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (self), NULL);

  return self->issuing;
}

/* The impostor carries the issuing CA's very name, so only a signature check tells it apart. */
static gboolean
ensure_impostor (TestCaAuthority  *self,
                 GError          **error)
{
  if (self->impostor != NULL)
    return TRUE;

  self->impostor_key = test_ca_crypto_load_or_generate_key (NULL, THROWAWAY_BITS, error);
  if (self->impostor_key == NULL)
    return FALSE;

  self->impostor = make_certificate (self->impostor_key, ISSUING_NAME, TRUE, 0,
                                     ISSUING_YEARS * 365 * G_TIME_SPAN_DAY, NULL, NULL, error);
  return self->impostor != NULL &&
         (self->impostor_pem = test_ca_crypto_certificate_to_pem (self->impostor, error)) != NULL;
}

/* Signed by our root, so its chain is as trusted as the issuing CA's; only its name says Prod. */
static gboolean
ensure_lookalike (TestCaAuthority  *self,
                  GError          **error)
{
  if (self->lookalike != NULL)
    return TRUE;

  self->lookalike_key = test_ca_crypto_load_or_generate_key (NULL, THROWAWAY_BITS, error);
  if (self->lookalike_key == NULL)
    return FALSE;

  self->lookalike = make_certificate_named (self->lookalike_key, TRUE, PROD_LOOKALIKE_NAME, TRUE, 0,
                                            ISSUING_YEARS * 365 * G_TIME_SPAN_DAY, self->root,
                                            self->root_key, error);
  return self->lookalike != NULL &&
         (self->lookalike_pem = test_ca_crypto_certificate_to_pem (self->lookalike, error)) != NULL;
}

/**
 * test_ca_authority_get_signer_pem:
 *
 * Returns: the PEM of the CA that @signer names, for an answer's chain; %NULL for a CA not
 *   made yet
 */
const char *
test_ca_authority_get_signer_pem (TestCaAuthority *self,
                                  TestCaSigner     signer)
{
  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (self), NULL);

  switch (signer)
    {
    case TEST_CA_SIGNER_PROD_LOOKALIKE:
      return self->lookalike_pem;
    case TEST_CA_SIGNER_IMPOSTOR:
    case TEST_CA_SIGNER_ISSUING:
    default:
      /* The impostor's answer carries the real issuing CA: the wrong chain, which is the point. */
      return self->issuing_pem;
    }
}

/**
 * test_ca_authority_issue:
 * @signer: which of our CAs signs
 * @flaws: what to get wrong in the leaf
 *
 * Returns: (transfer full): the signed leaf
 */
gnutls_x509_crt_t
test_ca_authority_issue (TestCaAuthority      *self,
                         gnutls_pubkey_t       key,
                         const TestCaSubject  *subject,
                         GDateTime            *not_before,
                         GDateTime            *not_after,
                         TestCaSigner          signer,
                         TestCaLeafFlaws       flaws,
                         GError              **error)
{
  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (self), NULL);

  switch (signer)
    {
    case TEST_CA_SIGNER_IMPOSTOR:
      if (!ensure_impostor (self, error))
        return NULL;
      return test_ca_leaf_build (self->impostor, self->impostor_key, key, subject, not_before,
                                 not_after, self->revocation_url, flaws, error);
    case TEST_CA_SIGNER_PROD_LOOKALIKE:
      if (!ensure_lookalike (self, error))
        return NULL;
      return test_ca_leaf_build (self->lookalike, self->lookalike_key, key, subject, not_before,
                                 not_after, self->revocation_url, flaws, error);
    case TEST_CA_SIGNER_ISSUING:
    default:
      return test_ca_leaf_build (self->issuing, self->issuing_key, key, subject, not_before,
                                 not_after, self->revocation_url, flaws, error);
    }
}

gnutls_privkey_t
test_ca_authority_get_issuing_key (TestCaAuthority *self)
{
  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (self), NULL);

  return self->issuing_key;
}

/**
 * test_ca_authority_get_impostor_key:
 *
 * Returns: (transfer none): the key of the impostor CA, which has the issuing CA's name
 */
gnutls_privkey_t
test_ca_authority_get_impostor_key (TestCaAuthority  *self,
                                    GError          **error)
{
  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (self), NULL);

  return ensure_impostor (self, error) ? self->impostor_key : NULL;
}

/**
 * test_ca_authority_set_revocation_url:
 * @base_url: (nullable): "http://127.0.0.1:N" of the revocation server; %NULL for URLs under
 *   a reserved name that nothing serves
 */
void
test_ca_authority_set_revocation_url (TestCaAuthority *self,
                                      const char      *base_url)
{
  g_return_if_fail (TEST_CA_IS_AUTHORITY (self));

  g_free (self->revocation_url);
  self->revocation_url = g_strdup (base_url);
}

/**
 * test_ca_authority_get_stray_key:
 *
 * Returns: (transfer none): a public key no CSR ever carried, for the wrong-key fault
 */
gnutls_pubkey_t
test_ca_authority_get_stray_key (TestCaAuthority  *self,
                                 GError          **error)
{
  g_auto(gnutls_privkey_t) key = NULL;
  g_auto(gnutls_pubkey_t) public_key = NULL;

  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (self), NULL);

  if (self->stray_key != NULL)
    return self->stray_key;

  key = test_ca_crypto_load_or_generate_key (NULL, THROWAWAY_BITS, error);
  if (key == NULL ||
      !test_ca_crypto_check (gnutls_pubkey_init (&public_key), "key", error) ||
      !test_ca_crypto_check (gnutls_pubkey_import_privkey (public_key, key, 0, 0), "key", error))
    return NULL;

  self->stray_key = g_steal_pointer (&public_key);
  return self->stray_key;
}

/* Whether @client chains to our issuing CA and root. Time is judged apart, so an expired
 * certificate of ours is told from a foreign one. */
TestCaClientStatus
test_ca_authority_check_client (TestCaAuthority   *self,
                                gnutls_x509_crt_t  client)
{
  gnutls_x509_crt_t chain[2] = { client, self->issuing };
  unsigned int status = 0;
  time_t now = time (NULL);

  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (self), TEST_CA_CLIENT_UNTRUSTED);

  if (gnutls_x509_crt_list_verify (chain, G_N_ELEMENTS (chain), &self->root, 1, NULL, 0,
                                   GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                                   GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
                                   &status) < 0 ||
      status != 0)
    return TEST_CA_CLIENT_UNTRUSTED;

  if (gnutls_x509_crt_get_expiration_time (client) < now ||
      gnutls_x509_crt_get_activation_time (client) > now)
    return TEST_CA_CLIENT_EXPIRED;

  return TEST_CA_CLIENT_TRUSTED;
}
