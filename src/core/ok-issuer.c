/* ok-issuer.c — the interface to a certificate authority that issues and renews certificates,
 * and the errors it reports
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-issuer.h"

/* The error domain is an extended one so that the HTTP status, the server's reason code, the
 * retry delay and the detailed error travel inside the GError itself: every caller that gets
 * the error also gets the facts, through GTask, g_propagate_error and g_error_copy alike. */
typedef struct {
  guint http_status;
  char *reason_code;
  guint retry_after;
  char *detailed_error;
} OkIssuerErrorPrivate;

static void
ok_issuer_error_private_init (OkIssuerErrorPrivate *priv)
{
  g_assert (priv != NULL);
  priv->http_status = 0;
  priv->reason_code = NULL;
  priv->retry_after = 0;
  priv->detailed_error = NULL;
}

static void
ok_issuer_error_private_copy (const OkIssuerErrorPrivate *src,
                              OkIssuerErrorPrivate       *dest)
{
  g_assert (src != NULL && dest != NULL);
  dest->http_status = src->http_status;
  dest->reason_code = g_strdup (src->reason_code);
  dest->retry_after = src->retry_after;
  dest->detailed_error = g_strdup (src->detailed_error);
}

static void
ok_issuer_error_private_clear (OkIssuerErrorPrivate *priv)
{
  g_assert (priv != NULL);
  g_clear_pointer (&priv->reason_code, g_free);
  g_clear_pointer (&priv->detailed_error, g_free);
}

G_DEFINE_EXTENDED_ERROR (OkIssuerError, ok_issuer_error)

/* The details of @error, or NULL for errors of other domains (cancellation). */
static OkIssuerErrorPrivate *
get_details (const GError *error)
{
  return error->domain == OK_ISSUER_ERROR ? ok_issuer_error_get_private (error) : NULL;
}

G_DEFINE_INTERFACE (OkIssuer, ok_issuer, G_TYPE_OBJECT)

static void
ok_issuer_default_init (OkIssuerInterface *iface)
{
}

/**
 * ok_issuer_error_new:
 * @code: the error code
 * @http_status: the HTTP status of the answer, or 0 when there was none
 * @reason_code: (nullable): the server's `errorReasonCode`
 * @retry_after_seconds: how long the server asked us to wait, or 0
 * @detailed_error: (nullable): the text for the event log's detailed error
 * @message: the translated message shown to the user
 *
 * Returns: (transfer full): a new error in %OK_ISSUER_ERROR carrying the details
 */
GError *
ok_issuer_error_new (OkIssuerError  code,
                     guint          http_status,
                     const char    *reason_code,
                     guint          retry_after_seconds,
                     const char    *detailed_error,
                     const char    *message)
{
  GError *error;
  OkIssuerErrorPrivate *priv;

  g_return_val_if_fail (message != NULL, NULL);

  error = g_error_new_literal (OK_ISSUER_ERROR, code, message);
  priv = ok_issuer_error_get_private (error);
  g_assert (priv != NULL);
  priv->http_status = http_status;
  priv->reason_code = g_strdup (reason_code);
  priv->retry_after = retry_after_seconds;
  priv->detailed_error = g_strdup (detailed_error);

  return error;
}

/**
 * ok_issuer_error_get_guidance:
 * @error: an error from an #OkIssuer
 *
 * Returns: (nullable): translated advice on what the user can do about @error, or %NULL for
 *   errors outside %OK_ISSUER_ERROR (cancellation needs no advice)
 */
const char *
ok_issuer_error_get_guidance (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != OK_ISSUER_ERROR)
    return NULL;

  switch ((OkIssuerError) error->code)
    {
    case OK_ISSUER_ERROR_INVALID_ONE_TIME_CODE:
      return _("Check the one-time code you got when the certificate was ordered and type it again. "
               "After five wrong tries the code is locked and the certificate must be ordered again "
               "in the MitID Erhverv portal.");
    case OK_ISSUER_ERROR_ONE_TIME_CODE_EXPIRED:
      return _("The one-time code can no longer be used. Log in to the MitID Erhverv portal, order "
               "the certificate again and use the new reference number and one-time code.");
    case OK_ISSUER_ERROR_REFERENCE_NUMBER_NOT_FOUND:
      return _("Check the reference number, or paste the issuance link from the e-mail again. If it "
               "is right, the order may have been cancelled in the MitID Erhverv portal.");
    case OK_ISSUER_ERROR_CERTIFICATE_EMAIL_NOT_VALIDATED:
      return _("Log in to the MitID Erhverv portal, select the certificate profile, start a renewal "
               "there, open the e-mail sent to the profile's address, follow its link and click "
               "Verify. Then come back and press Retry.");
    case OK_ISSUER_ERROR_RENEWAL_NOT_ENABLED:
      return _("Automatic renewal is not enabled for this certificate. Ask MitID Erhverv to enable "
               "it: send an e-mail to mitiderhverv@digst.dk with the subject “IdM light” and name "
               "the certificate's CVR number and UUID. Press Retry once they confirm.");
    case OK_ISSUER_ERROR_CERTIFICATE_EXPIRED:
      return _("An expired certificate cannot be renewed. Order a new certificate in the MitID "
               "Erhverv portal and add it with its reference number and one-time code.");
    case OK_ISSUER_ERROR_CERTIFICATE_REVOKED:
      return _("A revoked certificate cannot be renewed. Order a new certificate in the MitID "
               "Erhverv portal and add it with its reference number and one-time code.");
    case OK_ISSUER_ERROR_INVALID_CSR:
      return _("MitID Erhverv did not accept the certificate request made on this computer. Try "
               "again; if it keeps failing, report the problem to the OCES Keeper authors.");
    case OK_ISSUER_ERROR_UNKNOWN_REASON:
      return _("MitID Erhverv refused the request for a reason OCES Keeper does not know. Read its "
               "message; if it does not help, contact MitID Erhverv support.");
    case OK_ISSUER_ERROR_SERVER_BUSY:
      return _("MitID Erhverv is busy. OCES Keeper tries again later; you can also press Retry "
               "yourself.");
    case OK_ISSUER_ERROR_SERVER_ERROR:
      return _("MitID Erhverv had an internal error. Try again later; if it persists, check the "
               "operating status of MitID Erhverv.");
    case OK_ISSUER_ERROR_BAD_RESPONSE:
      return _("The answer from MitID Erhverv could not be read. Check that the endpoint in "
               "Preferences is right, then try again.");
    case OK_ISSUER_ERROR_NETWORK:
      return _("OCES Keeper could not talk securely to MitID Erhverv. Check the network connection "
               "and the endpoint in Preferences, then try again.");
    case OK_ISSUER_ERROR_TIMEOUT:
      return _("MitID Erhverv did not answer in time. Check the network connection and try again.");
    default:
      return NULL;
    }
}

/**
 * ok_issuer_error_dup_detailed_error:
 * @error: an error from an #OkIssuer
 *
 * The text for the event log's `detailed_error`: for an HTTP answer it keeps the status and the
 * server's body verbatim (`Error requesting client certificate response: BODY - STATUS`); for
 * other failures it says what failed. Errors from other domains (cancellation) give their
 * message.
 *
 * Returns: (transfer full): the detailed error
 */
char *
ok_issuer_error_dup_detailed_error (const GError *error)
{
  OkIssuerErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = get_details (error);
  if (priv != NULL && priv->detailed_error != NULL)
    return g_strdup (priv->detailed_error);

  return g_strdup (error->message);
}

/**
 * ok_issuer_error_get_retry_after:
 * @error: an error from an #OkIssuer
 *
 * Returns: the seconds the server asked us to wait before retrying (`Retry-After`), or 0 when
 *   it did not say; the caller schedules the retry, nothing here sleeps
 */
guint
ok_issuer_error_get_retry_after (const GError *error)
{
  OkIssuerErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, 0);

  priv = get_details (error);
  return priv != NULL ? priv->retry_after : 0;
}

/**
 * ok_issuer_error_get_http_status:
 * @error: an error from an #OkIssuer
 *
 * Returns: the HTTP status of the answer that failed, or 0 when no answer came
 */
guint
ok_issuer_error_get_http_status (const GError *error)
{
  OkIssuerErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, 0);

  priv = get_details (error);
  return priv != NULL ? priv->http_status : 0;
}

/**
 * ok_issuer_error_get_reason_code:
 * @error: an error from an #OkIssuer
 *
 * Returns: (nullable): the server's `errorReasonCode`, or %NULL
 */
const char *
ok_issuer_error_get_reason_code (const GError *error)
{
  OkIssuerErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = get_details (error);
  return priv != NULL ? priv->reason_code : NULL;
}

/**
 * ok_issuer_error_dup_email:
 * @error: an error from an #OkIssuer
 *
 * The e-mail address the CA's answer names, if it names one: its `email` member, or an address
 * inside its `message` (MitID Erhverv's CertificateEmailNotValidated has been seen without
 * either, so callers must do without it).
 *
 * Returns: (transfer full) (nullable): the address, or %NULL
 */
char *
ok_issuer_error_dup_email (const GError *error)
{
  static GRegex *address;
  OkIssuerErrorPrivate *priv;
  g_autoptr(GMatchInfo) match = NULL;
  const char *body;

  g_return_val_if_fail (error != NULL, NULL);

  priv = get_details (error);
  if (priv == NULL || priv->detailed_error == NULL)
    return NULL;

  if (g_once_init_enter (&address))
    g_once_init_leave (&address, g_regex_new ("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}",
                                              G_REGEX_OPTIMIZE, 0, NULL));

  /* The detailed error keeps the server's body verbatim: "…response: BODY - STATUS". */
  body = strchr (priv->detailed_error, '{');
  if (body == NULL || !g_regex_match (address, body, 0, &match))
    return NULL;

  return g_match_info_fetch (match, 0);
}

/**
 * ok_issuer_issue_async:
 * @reference_number: the order's reference number (see ok_issuance_link_parse_reference())
 * @one_time_code: the order's one-time code
 * @csr_pem: a PEM PKCS#10 request for a key made on this computer
 *
 * Asks the CA to issue the certificate of an order. The answer is not judged here: the caller
 * verifies that it fits the key, CVR and UUID it expects.
 */
void
ok_issuer_issue_async (OkIssuer            *self,
                       const char          *reference_number,
                       const char          *one_time_code,
                       const char          *csr_pem,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (OK_IS_ISSUER (self));
  g_return_if_fail (reference_number != NULL);
  g_return_if_fail (one_time_code != NULL);
  g_return_if_fail (csr_pem != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  OK_ISSUER_GET_IFACE (self)->issue_async (self, reference_number, one_time_code, csr_pem,
                                           cancellable, callback, user_data);
}

/**
 * ok_issuer_issue_finish:
 *
 * Returns: (transfer full): the issued certificate, or %NULL with @error set
 */
OkIssuance *
ok_issuer_issue_finish (OkIssuer      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (OK_IS_ISSUER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return OK_ISSUER_GET_IFACE (self)->issue_finish (self, result, error);
}

/**
 * ok_issuer_renew_async:
 * @client_certificate: (nullable): the current certificate with its private key, presented as
 *   TLS client certificate; %NULL only to see a server refuse a renewal without one
 * @csr_pem: a PEM PKCS#10 request for a new key pair
 *
 * Asks the CA to renew the certificate before it expires.
 */
void
ok_issuer_renew_async (OkIssuer            *self,
                       GTlsCertificate     *client_certificate,
                       const char          *csr_pem,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (OK_IS_ISSUER (self));
  g_return_if_fail (client_certificate == NULL || G_IS_TLS_CERTIFICATE (client_certificate));
  g_return_if_fail (csr_pem != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  OK_ISSUER_GET_IFACE (self)->renew_async (self, client_certificate, csr_pem,
                                           cancellable, callback, user_data);
}

/**
 * ok_issuer_renew_finish:
 *
 * Returns: (transfer full): the renewed certificate, or %NULL with @error set
 */
OkIssuance *
ok_issuer_renew_finish (OkIssuer      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (OK_IS_ISSUER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return OK_ISSUER_GET_IFACE (self)->renew_finish (self, result, error);
}
