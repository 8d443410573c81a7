/* ok-revocation.c — whether the CA has revoked a certificate
 *
 * OCSP first, at each responder the certificate's AIA names, in order; the CRLs of its CRL
 * distribution points only when no responder gives an answer we can trust. Both are judged
 * against the issuer found in the certificate's chain, so nothing here decides trust anew.
 *
 * A check never fails for want of an answer: offline, a responder that is down, a CRL that
 * does not verify or a deadline that passes all end in UNKNOWN with the reasons in `failure`
 * (English, for logs and `show --json`), so that callers stay quiet about it. Only a
 * cancellation by the caller is an error.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "ok-revocation-private.h"

/* CRLs of a national CA reach megabytes; nothing legitimate is this large. */
#define MAX_BODY_SIZE (32 * 1024 * 1024)

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)

static const char *status_names[] = { "unknown", "good", "revoked" };
static const char *source_names[] = { NULL, "ocsp", "crl" };

const char *
ok_revocation_status_to_string (OkRevocationStatus status)
{
  g_return_val_if_fail (status <= OK_REVOCATION_REVOKED, NULL);

  return status_names[status];
}

gboolean
ok_revocation_status_from_string (const char         *text,
                                  OkRevocationStatus *status)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (text, status_names[i]))
      {
        *status = (OkRevocationStatus) i;
        return TRUE;
      }

  return FALSE;
}

const char *
ok_revocation_source_to_string (OkRevocationSource source)
{
  g_return_val_if_fail (source <= OK_REVOCATION_SOURCE_CRL, NULL);

  return source_names[source];
}

OkRevocationSource
ok_revocation_source_from_string (const char *text)
{
  for (guint i = 1; text != NULL && i < G_N_ELEMENTS (source_names); i++)
    if (g_str_equal (text, source_names[i]))
      return (OkRevocationSource) i;

  return OK_REVOCATION_SOURCE_NONE;
}

/**
 * ok_revocation_reason_get_display_name:
 * @reason: (nullable): an RFC 5280 reason name
 *
 * Returns: the reason in words, or %NULL for none or an unknown one
 */
const char *
ok_revocation_reason_get_display_name (const char *reason)
{
  static const struct { const char *name; const char *words; } reasons[] = {
    { "unspecified", N_("no reason given") },
    { "keyCompromise", N_("the private key was compromised") },
    { "cACompromise", N_("the CA was compromised") },
    { "affiliationChanged", N_("the holder's affiliation changed") },
    { "superseded", N_("it was superseded") },
    { "cessationOfOperation", N_("it is no longer used") },
    { "certificateHold", N_("it is on hold") },
    { "privilegeWithdrawn", N_("the privilege was withdrawn") },
    { "aACompromise", N_("the attribute authority was compromised") },
  };

  for (guint i = 0; reason != NULL && i < G_N_ELEMENTS (reasons); i++)
    if (g_str_equal (reason, reasons[i].name))
      return _(reasons[i].words);

  return NULL;
}

OkRevocationResult *
ok_revocation_result_new_unknown (const char *failure)
{
  OkRevocationResult *result = g_new0 (OkRevocationResult, 1);

  result->status = OK_REVOCATION_UNKNOWN;
  result->failure = g_strdup (failure);
  return result;
}

void
ok_revocation_result_free (OkRevocationResult *result)
{
  if (result == NULL)
    return;

  g_free (result->url);
  g_free (result->reason);
  g_free (result->failure);
  g_free (result);
}

/* ---- one check ------------------------------------------------------------------------------ */

typedef struct
{
  gnutls_x509_crt_t  certificate;
  gnutls_x509_crt_t  issuer;
  GStrv              ocsp_urls;
  GStrv              crl_urls;
  guint              next_ocsp;
  guint              next_crl;
  SoupSession       *session;
  GCancellable      *cancellable;     /* ours: the caller's or the deadline cancels it */
  GCancellable      *caller;
  gulong             caller_handler;
  GSource           *deadline;
  gboolean           timed_out;
  GBytes            *nonce;           /* of the OCSP request in flight */
  char              *url;             /* in flight */
  GString           *failures;
} Check;

static void
check_free (Check *check)
{
  if (check->caller != NULL)
    g_cancellable_disconnect (check->caller, check->caller_handler);
  g_clear_object (&check->caller);
  if (check->deadline != NULL)
    g_source_destroy (check->deadline);
  g_clear_pointer (&check->deadline, g_source_unref);
  g_clear_pointer (&check->certificate, gnutls_x509_crt_deinit);
  g_clear_pointer (&check->issuer, gnutls_x509_crt_deinit);
  g_clear_pointer (&check->ocsp_urls, g_strfreev);
  g_clear_pointer (&check->crl_urls, g_strfreev);
  g_clear_object (&check->session);
  g_clear_object (&check->cancellable);
  g_clear_pointer (&check->nonce, g_bytes_unref);
  g_free (check->url);
  g_string_free (check->failures, TRUE);
  g_free (check);
}

static void
add_failure (Check      *check,
             const char *url,
             const char *why)
{
  if (check->failures->len > 0)
    g_string_append (check->failures, "; ");
  if (url != NULL)
    g_string_append_printf (check->failures, "%s: %s", url, why);
  else
    g_string_append (check->failures, why);
}

static void
return_unknown (GTask *task)
{
  Check *check = g_task_get_task_data (task);

  g_task_return_pointer (task, ok_revocation_result_new_unknown (check->failures->str),
                         (GDestroyNotify) ok_revocation_result_free);
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Whether @url is worth asking now; if not, @why says why. Offline, a responder elsewhere is
 * not even looked up, so a laptop on a train checks nothing and says nothing. The test suite
 * reaches 127.0.0.1 only: it imports real certificates whose responders are on the Internet. */
static gboolean
reachable (const char  *url,
           const char **why)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (scheme == NULL || host == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      *why = "not an HTTP URL";
      return FALSE;
    }

  if (is_loopback (host))
    return TRUE;

  if (g_getenv ("OK_TEST_REVOCATION_LOOPBACK_ONLY") != NULL)
    {
      *why = "not contacted: tests reach 127.0.0.1 only";
      return FALSE;
    }

  if (!g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    {
      *why = "offline";
      return FALSE;
    }

  return TRUE;
}

static void try_next (GTask *task);

/* The body of an answer, or NULL with the reason added to the failures. */
static GBytes *
read_body (GTask        *task,
           SoupMessage  *message,
           GAsyncResult *result,
           gboolean     *stop)
{
  Check *check = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  *stop = FALSE;
  body = soup_session_send_and_read_finish (check->session, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !check->timed_out)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          *stop = TRUE;
          return NULL;
        }
      add_failure (check, check->url, check->timed_out ? "no answer before the deadline" : error->message);
      return NULL;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_autofree char *why = g_strdup_printf ("HTTP %u", soup_message_get_status (message));
      add_failure (check, check->url, why);
      return NULL;
    }

  if (g_bytes_get_size (body) > MAX_BODY_SIZE)
    {
      add_failure (check, check->url, "the answer is too large");
      return NULL;
    }

  return g_steal_pointer (&body);
}

static void
answered (GTask              *task,
          OkRevocationResult *result,
          GError             *error)
{
  Check *check = g_task_get_task_data (task);

  if (result != NULL && result->status != OK_REVOCATION_UNKNOWN)
    {
      result->url = g_strdup (check->url);
      g_task_return_pointer (task, result, (GDestroyNotify) ok_revocation_result_free);
      return;
    }

  add_failure (check, check->url, error != NULL ? error->message : result->failure);
  ok_revocation_result_free (result);
  try_next (task);
}

static void
ocsp_answered (GObject      *object,
               GAsyncResult *async_result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), async_result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  OkRevocationResult *result;
  gboolean stop;

  body = read_body (task, message, async_result, &stop);
  if (stop)
    return;
  if (body == NULL)
    {
      try_next (task);
      return;
    }

  result = ok_revocation_ocsp_read_response (body, check->certificate, check->issuer, check->nonce,
                                             g_get_real_time () / G_USEC_PER_SEC, &error);
  answered (task, result, error);
}

static void
crl_answered (GObject      *object,
              GAsyncResult *async_result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), async_result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  OkRevocationResult *result;
  gboolean stop;

  body = read_body (task, message, async_result, &stop);
  if (stop)
    return;
  if (body == NULL)
    {
      try_next (task);
      return;
    }

  result = ok_revocation_crl_read (body, check->certificate, check->issuer,
                                   g_get_real_time () / G_USEC_PER_SEC, &error);
  answered (task, result, error);
}

static void
ask_ocsp (GTask      *task,
          const char *url)
{
  Check *check = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&check->nonce, g_bytes_unref);
  request = ok_revocation_ocsp_make_request (check->certificate, check->issuer, &check->nonce, &error);
  message = request != NULL ? soup_message_new (SOUP_METHOD_POST, url) : NULL;
  if (message == NULL)
    {
      add_failure (check, url, error != NULL ? error->message : "not a valid URL");
      try_next (task);
      return;
    }

  soup_message_set_request_body_from_bytes (message, "application/ocsp-request", request);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/ocsp-response");
  soup_session_send_and_read_async (check->session, message, G_PRIORITY_DEFAULT, check->cancellable,
                                    ocsp_answered, g_object_ref (task));
}

static void
ask_crl (GTask      *task,
         const char *url)
{
  Check *check = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);

  if (message == NULL)
    {
      add_failure (check, url, "not a valid URL");
      try_next (task);
      return;
    }

  soup_session_send_and_read_async (check->session, message, G_PRIORITY_DEFAULT, check->cancellable,
                                    crl_answered, g_object_ref (task));
}

static void
try_next (GTask *task)
{
  Check *check = g_task_get_task_data (task);
  gboolean ocsp;
  const char *why = NULL;

  for (;;)
    {
      const char *url;

      if (check->timed_out)
        {
          return_unknown (task);
          return;
        }

      ocsp = check->ocsp_urls[check->next_ocsp] != NULL;
      if (ocsp)
        url = check->ocsp_urls[check->next_ocsp++];
      else if (check->crl_urls[check->next_crl] != NULL)
        url = check->crl_urls[check->next_crl++];
      else
        {
          return_unknown (task);
          return;
        }

      if (reachable (url, &why))
        {
          g_free (check->url);
          check->url = g_strdup (url);
          break;
        }
      add_failure (check, url, why);
    }

  if (ocsp)
    ask_ocsp (task, check->url);
  else
    ask_crl (task, check->url);
}

static gboolean
deadline_passed (gpointer user_data)
{
  Check *check = user_data;

  check->timed_out = TRUE;
  g_cancellable_cancel (check->cancellable);
  g_clear_pointer (&check->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled (GCancellable *caller,
                  gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static gnutls_x509_crt_t
import_der (GBytes *der)
{
  g_auto(gnutls_x509_crt_t) certificate = NULL;
  gnutls_datum_t datum;
  gsize size;

  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = (unsigned int) size;
  if (gnutls_x509_crt_init (&certificate) < 0 ||
      gnutls_x509_crt_import (certificate, &datum, GNUTLS_X509_FMT_DER) < 0)
    return NULL;

  return g_steal_pointer (&certificate);
}

/* The issuer from the chain the certificate came with: the one whose name and key it names. */
static gnutls_x509_crt_t
find_issuer (OkCertificate     *certificate,
             gnutls_x509_crt_t  parsed)
{
  GPtrArray *chain = ok_certificate_get_chain (certificate);

  for (guint i = 0; chain != NULL && i < chain->len; i++)
    {
      g_auto(gnutls_x509_crt_t) candidate = import_der (ok_certificate_get_der (g_ptr_array_index (chain, i)));

      if (candidate != NULL && gnutls_x509_crt_check_issuer (parsed, candidate))
        return g_steal_pointer (&candidate);
    }

  return NULL;
}

/**
 * ok_revocation_can_check:
 *
 * Returns: whether there is anyone to ask about @certificate: it names an OCSP responder or a
 *   CRL, and its chain holds its issuer, against whom the answer is checked
 */
gboolean
ok_revocation_can_check (OkCertificate *certificate)
{
  const char *const *ocsp;
  const char *const *crl;
  g_auto(gnutls_x509_crt_t) parsed = NULL;
  g_auto(gnutls_x509_crt_t) issuer = NULL;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), FALSE);

  ocsp = ok_certificate_get_ocsp_urls (certificate);
  crl = ok_certificate_get_crl_urls (certificate);
  if ((ocsp == NULL || ocsp[0] == NULL) && (crl == NULL || crl[0] == NULL))
    return FALSE;

  parsed = import_der (ok_certificate_get_der (certificate));
  issuer = parsed != NULL ? find_issuer (certificate, parsed) : NULL;
  return issuer != NULL;
}

/**
 * ok_revocation_check_async:
 *
 * Asks the certificate's OCSP responders, then its CRLs, within %OK_REVOCATION_DEADLINE_SECONDS.
 */
void
ok_revocation_check_async (OkCertificate       *certificate,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Check *check;

  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_revocation_check_async);

  check = g_new0 (Check, 1);
  check->failures = g_string_new (NULL);
  check->ocsp_urls = g_strdupv ((char **) ok_certificate_get_ocsp_urls (certificate));
  check->crl_urls = g_strdupv ((char **) ok_certificate_get_crl_urls (certificate));
  if (check->ocsp_urls == NULL)
    check->ocsp_urls = g_new0 (char *, 1);
  if (check->crl_urls == NULL)
    check->crl_urls = g_new0 (char *, 1);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);

  check->certificate = import_der (ok_certificate_get_der (certificate));
  check->issuer = check->certificate != NULL ? find_issuer (certificate, check->certificate) : NULL;
  if (check->issuer == NULL)
    {
      add_failure (check, NULL, "the issuing CA certificate is not in the chain");
      return_unknown (task);
      return;
    }
  if (check->ocsp_urls[0] == NULL && check->crl_urls[0] == NULL)
    {
      add_failure (check, NULL, "the certificate names no OCSP responder and no CRL");
      return_unknown (task);
      return;
    }

  check->session = soup_session_new_with_options ("user-agent", "OCES-Keeper/" PACKAGE_VERSION,
                                                  "timeout", OK_REVOCATION_REQUEST_TIMEOUT_SECONDS,
                                                  "idle-timeout", OK_REVOCATION_REQUEST_TIMEOUT_SECONDS,
                                                  NULL);
  check->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      check->caller = g_object_ref (cancellable);
      check->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled),
                                                     g_object_ref (check->cancellable), g_object_unref);
    }
  check->deadline = g_timeout_source_new_seconds (OK_REVOCATION_DEADLINE_SECONDS);
  g_source_set_callback (check->deadline, deadline_passed, check, NULL);
  g_source_attach (check->deadline, g_main_context_get_thread_default ());

  try_next (task);
}

/**
 * ok_revocation_check_finish:
 *
 * Returns: (transfer full): what the check found; %NULL only when it was cancelled
 */
OkRevocationResult *
ok_revocation_check_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
