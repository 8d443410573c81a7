/* ok-verification.c — what a CA's answer must prove before anything is stored
 *
 * A certificate we did not ask for must never replace one that works: the answer must be for
 * our key, be an OCES3 end-entity certificate fit for what OCES Keeper does with it (a TLS
 * client certificate that renews itself), be valid now, belong to the environment it was
 * asked from, chain to a root trusted for that environment, and a renewal must keep the CVR
 * and UUID.
 *
 * Trust for the answer is the pinned OCES3 root of its environment, plus — for Test only — the
 * configured test roots (ok-endpoints.c): never the CA file that is trusted to reach the
 * endpoint, which may be a TLS-inspecting proxy's root.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-certificate-private.h"
#include "ok-chain.h"
#include "ok-enrollment.h"
#include "ok-verification.h"

#define OID_CLIENT_AUTH "1.3.6.1.5.5.7.3.2"
#define OID_ANY_EXTENDED_KEY_USAGE "2.5.29.37.0"

/* Whether the extended key usages, if there are any, allow TLS client authentication: the
 * certificate authenticates its own renewal. OCES3 leaves have none. */
static gboolean
allows_client_auth (gnutls_x509_crt_t crt)
{
  gboolean any = FALSE;

  for (unsigned int i = 0; ; i++)
    {
      char oid[128];
      size_t size = sizeof oid;
      int ret = gnutls_x509_crt_get_key_purpose_oid (crt, i, oid, &size, NULL);

      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        return !any;
      if (ret < 0)
        return FALSE;

      any = TRUE;
      if (g_str_equal (oid, OID_CLIENT_AUTH) || g_str_equal (oid, OID_ANY_EXTENDED_KEY_USAGE))
        return TRUE;
    }
}

/* An end-entity OCES3 certificate that can sign (TLS client authentication, signatures) and
 * cannot issue certificates. */
static gboolean
check_shape (OkCertificate  *certificate,
             GError        **error)
{
  g_auto(gnutls_x509_crt_t) crt = ok_certificate_dup_crt (certificate, error);
  unsigned int critical = 0, ca = 0, usage = 0;
  int path_length = -1;
  OkCertificateKind kind;

  if (crt == NULL)
    return FALSE;

  if (gnutls_x509_crt_get_basic_constraints (crt, &critical, &ca, &path_length) >= 0 && ca)
    {
      g_set_error_literal (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_NOT_END_ENTITY,
                           _("The CA answered with a CA certificate (basic constraints CA:TRUE) instead of a certificate for you. It was not saved."));
      return FALSE;
    }

  if (gnutls_x509_crt_get_key_usage (crt, &usage, &critical) < 0 ||
      !(usage & GNUTLS_KEY_DIGITAL_SIGNATURE) ||
      (usage & (GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN)))
    {
      g_set_error_literal (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_WRONG_KEY_USAGE,
                           _("The CA answered with a certificate whose key usage does not fit an OCES3 certificate (it must allow digital signatures and must not allow signing certificates). It was not saved."));
      return FALSE;
    }

  if (!allows_client_auth (crt))
    {
      g_set_error_literal (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_WRONG_KEY_USAGE,
                           _("The CA answered with a certificate whose extended key usage does not allow TLS client authentication, which renewal needs. It was not saved."));
      return FALSE;
    }

  /* The kind comes from the certificate policies first; these three only from an OCES3 one. */
  kind = ok_certificate_get_kind (certificate);
  if (kind != OK_CERTIFICATE_KIND_SYSTEM && kind != OK_CERTIFICATE_KIND_ORGANISATION &&
      kind != OK_CERTIFICATE_KIND_EMPLOYEE)
    {
      g_set_error_literal (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_NOT_OCES3,
                           _("The CA answered with a certificate without an OCES3 certificate policy. It was not saved."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
trust_fits (OkTrust       trust,
            OkEnvironment environment)
{
  if (environment == OK_ENVIRONMENT_PROD)
    return trust == OK_TRUST_OCES3_PROD;

  return trust == OK_TRUST_OCES3_TEST || trust == OK_TRUST_ANCHOR;
}

/**
 * ok_verification_check:
 * @key: (nullable): the key the certificate must be for; %NULL when the CA made the key
 * @replaces: (nullable): the certificate a renewal replaces
 * @environment: the environment the certificate was asked from (Test or Prod)
 * @test_roots: (element-type OkCertificate) (nullable): roots trusted for Test certificates
 *   besides the pinned OCES3 Test root; ignored for Prod
 */
gboolean
ok_verification_check (GBytes         *certificate_der,
                       GPtrArray      *chain_der,
                       OkKey          *key,
                       OkCertificate  *replaces,
                       OkEnvironment   environment,
                       GPtrArray      *test_roots,
                       gint64          now,
                       GError        **error)
{
  g_autoptr(OkCertificate) certificate = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autofree char *detail = NULL;
  OkEnvironment detected;
  OkTrust trust;

  if (!(certificate = ok_certificate_new_from_der (certificate_der, error)) ||
      !(chain = ok_certificate_list_from_der (chain_der, error)))
    return FALSE;

  if (key != NULL && !ok_key_matches_certificate (key, certificate_der))
    {
      g_set_error_literal (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_WRONG_KEY,
                           _("The CA answered with a certificate for a different key than the one OCES Keeper made. It was not saved."));
      return FALSE;
    }

  if (!check_shape (certificate, error))
    return FALSE;

  if (!ok_certificate_is_valid_at (certificate, now))
    {
      g_set_error_literal (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_NOT_VALID,
                           _("The CA answered with a certificate that is not valid now. It was not saved."));
      return FALSE;
    }

  /* Told apart before the chain, so the user hears the real reason: a Test certificate is
   * no use in Prod even when its chain is fine. */
  detected = ok_certificate_get_detected_environment (certificate);
  if (detected != environment)
    {
      g_set_error (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_WRONG_ENVIRONMENT,
                   /* Translators: both %s are environments: Test, Production or Unknown */
                   _("The CA answered with a certificate of the %s environment, but it was asked for one of the %s environment. It was not saved."),
                   ok_environment_get_display_name (detected), ok_environment_get_display_name (environment));
      return FALSE;
    }

  trust = ok_chain_verify (certificate, chain, environment == OK_ENVIRONMENT_TEST ? test_roots : NULL,
                           now, &detail);
  if (!trust_fits (trust, environment))
    {
      g_set_error (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_UNTRUSTED_CHAIN,
                   _("The CA answered with a certificate whose chain is not trusted (%s). It was not saved."),
                   detail != NULL ? detail : ok_trust_get_description (trust));
      return FALSE;
    }

  if (replaces != NULL &&
      (g_strcmp0 (ok_certificate_get_cvr (certificate), ok_certificate_get_cvr (replaces)) != 0 ||
       g_strcmp0 (ok_certificate_get_uuid (certificate), ok_certificate_get_uuid (replaces)) != 0))
    {
      g_set_error (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_IDENTITY_CHANGED,
                   _("The renewed certificate is for CVR %s, UUID %s, but the one it replaces is for CVR %s, UUID %s. It was not saved."),
                   ok_certificate_get_cvr (certificate) ? ok_certificate_get_cvr (certificate) : "—",
                   ok_certificate_get_uuid (certificate) ? ok_certificate_get_uuid (certificate) : "—",
                   ok_certificate_get_cvr (replaces) ? ok_certificate_get_cvr (replaces) : "—",
                   ok_certificate_get_uuid (replaces) ? ok_certificate_get_uuid (replaces) : "—");
      return FALSE;
    }

  return TRUE;
}
