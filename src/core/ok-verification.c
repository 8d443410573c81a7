/* ok-verification.c — what a CA's answer must prove before anything is stored
 *
 * A certificate we did not ask for must never replace one that works: the answer must be for
 * our key, valid now, chain to a root we trust, and a renewal must keep the CVR and UUID.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-chain.h"
#include "ok-enrollment.h"
#include "ok-verification.h"

/**
 * ok_verification_check:
 * @key: (nullable): the key the certificate must be for; %NULL when the CA made the key
 * @replaces: (nullable): the certificate a renewal replaces
 * @anchors: (element-type OkCertificate) (nullable): roots trusted besides the OCES3 ones
 */
gboolean
ok_verification_check (GBytes         *certificate_der,
                       GPtrArray      *chain_der,
                       OkKey          *key,
                       OkCertificate  *replaces,
                       GPtrArray      *anchors,
                       gint64          now,
                       GError        **error)
{
  g_autoptr(OkCertificate) certificate = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autofree char *detail = NULL;
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

  if (!ok_certificate_is_valid_at (certificate, now))
    {
      g_set_error_literal (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_NOT_VALID,
                           _("The CA answered with a certificate that is not valid now. It was not saved."));
      return FALSE;
    }

  trust = ok_chain_verify (certificate, chain, anchors, now, &detail);
  if (!ok_trust_is_trusted (trust))
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
