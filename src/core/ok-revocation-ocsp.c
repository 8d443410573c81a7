/* ok-revocation-ocsp.c — one OCSP exchange (RFC 6960): the request for a certificate, and the
 * judgement of the answer against the certificate's issuer
 *
 * An answer counts only when it is a successful basic response signed by the issuer itself or
 * by a responder certificate the issuer signed for OCSP signing (GnuTLS checks both in
 * gnutls_ocsp_resp_verify_direct), speaks of this very certificate, is current, and repeats our
 * nonce if it carries one. Responders that answer from pre-signed responses leave the nonce
 * out, which RFC 5019 allows; their freshness then rests on thisUpdate and nextUpdate.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/ocsp.h>
#include <string.h>

#include "ok-revocation-private.h"

/* RFC 8954: a nonce of 1 to 32 octets. */
#define NONCE_SIZE 32

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_ocsp_req_t, gnutls_ocsp_req_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_ocsp_resp_t, gnutls_ocsp_resp_deinit, NULL)

static void
free_datum (gnutls_datum_t *datum)
{
  g_clear_pointer (&datum->data, gnutls_free);
  datum->size = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (gnutls_datum_t, free_datum)

static gboolean
check (int          ret,
       const char  *what,
       GError     **error)
{
  if (ret >= 0)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", what, gnutls_strerror (ret));
  return FALSE;
}

/* The RFC 5280 name of a CRLReason code, or NULL for one outside it. */
const char *
ok_revocation_reason_from_code (int code)
{
  static const char *names[] = {
    [GNUTLS_X509_CRLREASON_UNSPECIFIED] = "unspecified",
    [GNUTLS_X509_CRLREASON_KEYCOMPROMISE] = "keyCompromise",
    [GNUTLS_X509_CRLREASON_CACOMPROMISE] = "cACompromise",
    [GNUTLS_X509_CRLREASON_AFFILIATIONCHANGED] = "affiliationChanged",
    [GNUTLS_X509_CRLREASON_SUPERSEDED] = "superseded",
    [GNUTLS_X509_CRLREASON_CESSATIONOFOPERATION] = "cessationOfOperation",
    [GNUTLS_X509_CRLREASON_CERTIFICATEHOLD] = "certificateHold",
    [GNUTLS_X509_CRLREASON_REMOVEFROMCRL] = "removeFromCRL",
    [GNUTLS_X509_CRLREASON_PRIVILEGEWITHDRAWN] = "privilegeWithdrawn",
    [GNUTLS_X509_CRLREASON_AACOMPROMISE] = "aACompromise",
  };

  if (code < 0 || code >= (int) G_N_ELEMENTS (names))
    return NULL;

  return names[code];
}

/**
 * ok_revocation_ocsp_make_request:
 * @nonce: (out): the nonce the answer should repeat
 *
 * Returns: (transfer full): the DER of an OCSP request for @certificate (a SHA-1 CertID, as
 *   every responder understands) with a random nonce
 */
GBytes *
ok_revocation_ocsp_make_request (gnutls_x509_crt_t   certificate,
                                 gnutls_x509_crt_t   issuer,
                                 GBytes            **nonce,
                                 GError            **error)
{
  g_auto(gnutls_ocsp_req_t) request = NULL;
  g_auto(gnutls_datum_t) der = { NULL, 0 };
  guint8 random[NONCE_SIZE];
  gnutls_datum_t nonce_datum = { random, sizeof random };

  if (!check (gnutls_ocsp_req_init (&request), "OCSP request", error) ||
      !check (gnutls_ocsp_req_add_cert (request, GNUTLS_DIG_SHA1, issuer, certificate), "OCSP request", error) ||
      !check (gnutls_rnd (GNUTLS_RND_NONCE, random, sizeof random), "OCSP nonce", error) ||
      !check (gnutls_ocsp_req_set_nonce (request, 0, &nonce_datum), "OCSP nonce", error) ||
      !check (gnutls_ocsp_req_export (request, &der), "OCSP request", error))
    return NULL;

  *nonce = g_bytes_new (random, sizeof random);
  return g_bytes_new (der.data, der.size);
}

static const char *
describe_verify_failure (unsigned int verify)
{
  if (verify & GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND)
    return "the signer is not the issuer nor a responder it certified";
  if (verify & GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR)
    return "the responder certificate is not for OCSP signing";
  if (verify & GNUTLS_OCSP_VERIFY_UNTRUSTED_SIGNER)
    return "the responder certificate is not signed by the issuer";
  if (verify & GNUTLS_OCSP_VERIFY_INSECURE_ALGORITHM)
    return "the signature uses an insecure algorithm";
  if (verify & GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE)
    return "the signature does not verify";
  if (verify & GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED)
    return "the responder certificate is not yet valid";
  if (verify & GNUTLS_OCSP_VERIFY_CERT_EXPIRED)
    return "the responder certificate has expired";

  return "the signature is not acceptable";
}

static gboolean
invalid (GError     **error,
         const char  *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "OCSP response: %s", why);
  return FALSE;
}

/* The index of the single response about @certificate, or -1. */
static int
find_single (gnutls_ocsp_resp_t resp,
             gnutls_x509_crt_t  certificate)
{
  for (unsigned int i = 0; ; i++)
    {
      int ret = gnutls_ocsp_resp_get_single (resp, i, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

      if (ret < 0)
        return -1;
      if (gnutls_ocsp_resp_check_crt (resp, i, certificate) == 0)
        return (int) i;
    }
}

static gboolean
check_nonce (gnutls_ocsp_resp_t   resp,
             GBytes              *nonce,
             GError             **error)
{
  g_auto(gnutls_datum_t) answered = { NULL, 0 };
  int ret;

  if (nonce == NULL)
    return TRUE;

  ret = gnutls_ocsp_resp_get_nonce (resp, NULL, &answered);
  if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
    return TRUE;
  if (ret < 0)
    return invalid (error, "its nonce cannot be read");

  if (answered.size != g_bytes_get_size (nonce) ||
      memcmp (answered.data, g_bytes_get_data (nonce, NULL), answered.size) != 0)
    return invalid (error, "it does not repeat our nonce (a replayed answer?)");

  return TRUE;
}

static gboolean
check_times (gint64   this_update,
             gint64   next_update,
             gint64   now,
             GError **error)
{
  if (this_update > now + OK_REVOCATION_CLOCK_SKEW)
    return invalid (error, "its thisUpdate lies in the future");
  if (next_update > 0 && next_update < now - OK_REVOCATION_CLOCK_SKEW)
    return invalid (error, "its nextUpdate has passed (a stale answer)");
  if (next_update <= 0 && this_update < now - OK_REVOCATION_MAX_AGE)
    return invalid (error, "it is older than a day and names no nextUpdate");

  return TRUE;
}

/**
 * ok_revocation_ocsp_read_response:
 * @nonce: (nullable): the nonce the request carried
 * @now: unix seconds to judge freshness at
 *
 * Returns: (transfer full) (nullable): the status the responder vouches for, with source,
 *   times and reason (UNKNOWN when the responder does not know the certificate); %NULL with
 *   @error set when the answer is not one to trust
 */
OkRevocationResult *
ok_revocation_ocsp_read_response (GBytes             *response,
                                  gnutls_x509_crt_t   certificate,
                                  gnutls_x509_crt_t   issuer,
                                  GBytes             *nonce,
                                  gint64              now,
                                  GError            **error)
{
  g_auto(gnutls_ocsp_resp_t) resp = NULL;
  g_autoptr(OkRevocationResult) result = NULL;
  gnutls_datum_t datum;
  gsize size;
  unsigned int verify = 0;
  unsigned int cert_status = 0;
  unsigned int reason = 0;
  time_t this_update = 0, next_update = 0, revocation_time = 0;
  int status, index;

  datum.data = (unsigned char *) g_bytes_get_data (response, &size);
  datum.size = (unsigned int) size;

  if (!check (gnutls_ocsp_resp_init (&resp), "OCSP response", error))
    return NULL;
  if (gnutls_ocsp_resp_import (resp, &datum) < 0)
    {
      invalid (error, "it is not DER-encoded OCSP");
      return NULL;
    }

  status = gnutls_ocsp_resp_get_status (resp);
  if (status != GNUTLS_OCSP_RESP_SUCCESSFUL)
    {
      g_autofree char *why = g_strdup_printf ("the responder answered status %d (tryLater is 3)", status);
      invalid (error, why);
      return NULL;
    }

  if (gnutls_ocsp_resp_verify_direct (resp, issuer, &verify, 0) < 0)
    {
      invalid (error, "its signature cannot be checked");
      return NULL;
    }
  if (verify != 0)
    {
      invalid (error, describe_verify_failure (verify));
      return NULL;
    }

  index = find_single (resp, certificate);
  if (index < 0)
    {
      invalid (error, "it says nothing about this certificate");
      return NULL;
    }

  if (!check_nonce (resp, nonce, error) ||
      !check (gnutls_ocsp_resp_get_single (resp, (unsigned int) index, NULL, NULL, NULL, NULL, &cert_status,
                                           &this_update, &next_update, &revocation_time, &reason),
              "OCSP response", error) ||
      !check_times (this_update, next_update == (time_t) -1 ? 0 : next_update, now, error))
    return NULL;

  result = ok_revocation_result_new_unknown (NULL);
  result->source = OK_REVOCATION_SOURCE_OCSP;
  result->this_update = this_update;
  result->next_update = next_update == (time_t) -1 ? 0 : next_update;

  switch (cert_status)
    {
    case GNUTLS_OCSP_CERT_GOOD:
      result->status = OK_REVOCATION_GOOD;
      break;
    case GNUTLS_OCSP_CERT_REVOKED:
      result->status = OK_REVOCATION_REVOKED;
      result->revoked_at = revocation_time == (time_t) -1 ? 0 : revocation_time;
      /* gnutls gives GNUTLS_X509_CRLREASON_UNSPECIFIED when the responder named none. */
      result->reason = g_strdup (ok_revocation_reason_from_code ((int) reason));
      break;
    case GNUTLS_OCSP_CERT_UNKNOWN:
    default:
      result->status = OK_REVOCATION_UNKNOWN;
      result->failure = g_strdup ("the responder does not know this certificate");
      break;
    }

  return g_steal_pointer (&result);
}
