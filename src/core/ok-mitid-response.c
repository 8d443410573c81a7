/* ok-mitid-response.c — reading the answers of the issuance protocol (docs/protocol.md) into an
 * OkIssuance or an OK_ISSUER_ERROR
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/x509.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ok-mitid-response.h"

#define DETAILED_PREFIX "Error requesting client certificate response: "

/* A day: a Retry-After beyond that is a broken server, and the caller still wants a bound. */
#define MAX_RETRY_AFTER (24 * 60 * 60)

/* libsoup 3.2 names no constant for it (RFC 6585). */
#define STATUS_TOO_MANY_REQUESTS 429

/* How much of an oversized body the detailed error keeps. */
#define OVERSIZED_HEAD 1024

static const struct {
  const char *reason_code;
  OkIssuerError code;
} known_reasons[] = {
  { "InvalidOneTimeCode", OK_ISSUER_ERROR_INVALID_ONE_TIME_CODE },
  { "OneTimeCodeExpired", OK_ISSUER_ERROR_ONE_TIME_CODE_EXPIRED },
  { "ReferenceNumberNotFound", OK_ISSUER_ERROR_REFERENCE_NUMBER_NOT_FOUND },
  { "CertificateEmailNotValidated", OK_ISSUER_ERROR_CERTIFICATE_EMAIL_NOT_VALIDATED },
  { "RenewalNotEnabled", OK_ISSUER_ERROR_RENEWAL_NOT_ENABLED },
  { "CertificateExpired", OK_ISSUER_ERROR_CERTIFICATE_EXPIRED },
  { "CertificateRevoked", OK_ISSUER_ERROR_CERTIFICATE_REVOKED },
  { "InvalidCsr", OK_ISSUER_ERROR_INVALID_CSR },
};

static const char *
message_for_code (OkIssuerError code)
{
  switch (code)
    {
    case OK_ISSUER_ERROR_INVALID_ONE_TIME_CODE:
      return _("The one-time code is wrong");
    case OK_ISSUER_ERROR_ONE_TIME_CODE_EXPIRED:
      return _("The one-time code has expired or is locked");
    case OK_ISSUER_ERROR_REFERENCE_NUMBER_NOT_FOUND:
      return _("MitID Erhverv does not know this reference number");
    case OK_ISSUER_ERROR_CERTIFICATE_EMAIL_NOT_VALIDATED:
      return _("The e-mail address of the certificate is not validated");
    case OK_ISSUER_ERROR_RENEWAL_NOT_ENABLED:
      return _("Renewal is not enabled for this certificate");
    case OK_ISSUER_ERROR_CERTIFICATE_EXPIRED:
      return _("The certificate has expired");
    case OK_ISSUER_ERROR_CERTIFICATE_REVOKED:
      return _("The certificate has been revoked");
    case OK_ISSUER_ERROR_INVALID_CSR:
      return _("MitID Erhverv rejected the certificate request");
    case OK_ISSUER_ERROR_UNKNOWN_REASON:
    case OK_ISSUER_ERROR_SERVER_BUSY:
    case OK_ISSUER_ERROR_SERVER_ERROR:
    case OK_ISSUER_ERROR_BAD_RESPONSE:
    case OK_ISSUER_ERROR_NETWORK:
    case OK_ISSUER_ERROR_TIMEOUT:
    default:
      g_assert_not_reached ();
    }
}

/* The event log stores text: a body that is not UTF-8 is kept with its bad bytes replaced. */
static char *
format_detailed (GBytes *body,
                 guint   status)
{
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  g_autofree char *text = g_utf8_make_valid (data != NULL ? data : "", size);

  return g_strdup_printf (DETAILED_PREFIX "%s - %u", text, status);
}

static GError *
bad_response (guint       status,
              GBytes     *body,
              const char *message)
{
  g_autofree char *detailed = format_detailed (body, status);

  return ok_issuer_error_new (OK_ISSUER_ERROR_BAD_RESPONSE, status, NULL, 0, detailed, message);
}

/* The body as a JSON object, or NULL when it is empty, not JSON, truncated or not an object. */
static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (size == 0 || !json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

guint
ok_mitid_response_parse_retry_after (const char *value,
                                     GDateTime  *now)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *trimmed = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;

  trimmed = g_strstrip (g_strdup (value));
  if (g_ascii_isdigit (*trimmed))
    {
      if (!g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT64, &seconds, NULL))
        return 0;
      return (guint) MIN (seconds, MAX_RETRY_AFTER);
    }

  date = soup_date_time_new_from_http_string (trimmed);
  if (date == NULL || now == NULL)
    return 0;

  if (g_date_time_compare (date, now) <= 0)
    return 0;

  return (guint) MIN (g_date_time_difference (date, now) / G_TIME_SPAN_SECOND, MAX_RETRY_AFTER);
}

static GError *
error_from_answer (guint       status,
                   const char *retry_after,
                   GBytes     *body)
{
  g_autoptr(JsonObject) object = parse_object (body);
  g_autofree char *detailed = format_detailed (body, status);
  const char *reason = object != NULL ? get_string_member (object, "errorReasonCode") : NULL;
  const char *server_message = object != NULL ? get_string_member (object, "message") : NULL;
  g_autofree char *message = NULL;

  if (status == STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      guint seconds = ok_mitid_response_parse_retry_after (retry_after, now);

      if (seconds > 0)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "MitID Erhverv is busy; try again in %u second",
                                                "MitID Erhverv is busy; try again in %u seconds",
                                                seconds),
                                   seconds);
      else
        message = g_strdup (_("MitID Erhverv is busy; try again later"));

      return ok_issuer_error_new (OK_ISSUER_ERROR_SERVER_BUSY, status, reason, seconds, detailed,
                                  message);
    }

  for (guint i = 0; reason != NULL && i < G_N_ELEMENTS (known_reasons); i++)
    {
      if (g_str_equal (reason, known_reasons[i].reason_code))
        return ok_issuer_error_new (known_reasons[i].code, status, reason, 0, detailed,
                                    message_for_code (known_reasons[i].code));
    }

  if (status >= 500)
    {
      /* Translators: %u is an HTTP status code such as 500 */
      message = g_strdup_printf (_("MitID Erhverv had an internal error (HTTP %u)"), status);
      return ok_issuer_error_new (OK_ISSUER_ERROR_SERVER_ERROR, status, reason, 0, detailed, message);
    }

  if (reason != NULL)
    {
      /* Translators: %s is the reason MitID Erhverv gave, in its own words (often English) */
      message = g_strdup_printf (_("MitID Erhverv refused the request: %s"),
                                 server_message != NULL && *server_message != '\0' ? server_message
                                                                                    : reason);
      return ok_issuer_error_new (OK_ISSUER_ERROR_UNKNOWN_REASON, status, reason, 0, detailed,
                                  message);
    }

  /* Translators: %u is an HTTP status code such as 400 */
  message = g_strdup_printf (_("MitID Erhverv refused the request (HTTP %u) without a reason "
                               "OCES Keeper can read"), status);
  return ok_issuer_error_new (OK_ISSUER_ERROR_BAD_RESPONSE, status, NULL, 0, detailed, message);
}

/* Every certificate in one PEM string, as DER, appended to @out. */
static gboolean
append_pem_certificates (const char *pem,
                         GPtrArray  *out)
{
  gnutls_datum_t datum = { (unsigned char *) pem, (unsigned int) strlen (pem) };
  gnutls_x509_crt_t *certificates = NULL;
  unsigned int n_certificates = 0;
  gboolean ok = TRUE;

  if (gnutls_x509_crt_list_import2 (&certificates, &n_certificates, &datum,
                                    GNUTLS_X509_FMT_PEM, 0) < 0)
    return FALSE;

  for (unsigned int i = 0; i < n_certificates; i++)
    {
      gnutls_datum_t der = { NULL, 0 };

      if (ok && gnutls_x509_crt_export2 (certificates[i], GNUTLS_X509_FMT_DER, &der) >= 0)
        g_ptr_array_add (out, g_bytes_new (der.data, der.size));
      else
        ok = FALSE;
      gnutls_free (der.data);
      gnutls_x509_crt_deinit (certificates[i]);
    }
  gnutls_free (certificates);

  return ok && n_certificates > 0;
}

static OkIssuance *
issuance_from_pkcs12 (guint        status,
                      GBytes      *body,
                      const char  *base64,
                      const char  *password,
                      GError     **error)
{
  g_autofree char *compact = g_strdup (base64);
  g_autofree guchar *der = NULL;
  g_autoptr(GBytes) pkcs12 = NULL;
  gsize length = 0;

  if (password == NULL)
    {
      g_propagate_error (error, bad_response (status, body,
                                              _("The answer from MitID Erhverv holds a PKCS#12 "
                                                "without its password")));
      return NULL;
    }

  /* g_base64_decode() skips what it does not understand; check the alphabet first so that
   * garbage is an error and not a silently shorter file. */
  g_strdelimit (compact, " \t\r\n", ' ');
  g_strstrip (compact);
  for (const char *p = compact; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=' && *p != ' ')
        {
          g_clear_pointer (&compact, g_free);
          break;
        }
    }
  if (compact != NULL && *compact != '\0')
    der = g_base64_decode (compact, &length);

  if (der == NULL || length < 2 || der[0] != 0x30)
    {
      g_propagate_error (error, bad_response (status, body,
                                              _("The answer from MitID Erhverv holds a PKCS#12 "
                                                "that cannot be read")));
      return NULL;
    }

  pkcs12 = g_bytes_new_take (g_steal_pointer (&der), length);
  return ok_issuance_new_pkcs12 (pkcs12, password);
}

static OkIssuance *
issuance_from_answer (guint    status,
                      GBytes  *body,
                      GError **error)
{
  g_autoptr(JsonObject) object = parse_object (body);
  g_autoptr(GPtrArray) leaf = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const char *certificate;
  JsonNode *chain_node;

  if (object == NULL)
    {
      g_propagate_error (error, bad_response (status, body,
                                              g_bytes_get_size (body) == 0
                                              ? _("The answer from MitID Erhverv is empty")
                                              : _("The answer from MitID Erhverv is not valid JSON")));
      return NULL;
    }

  if (json_object_has_member (object, "pkcs12"))
    {
      const char *base64 = get_string_member (object, "pkcs12");

      if (base64 == NULL)
        {
          g_propagate_error (error, bad_response (status, body,
                                                  _("The answer from MitID Erhverv holds a PKCS#12 "
                                                    "that cannot be read")));
          return NULL;
        }

      return issuance_from_pkcs12 (status, body, base64,
                                   get_string_member (object, "pkcs12Password"), error);
    }

  certificate = get_string_member (object, "certificate");
  if (certificate == NULL)
    {
      g_propagate_error (error, bad_response (status, body,
                                              _("The answer from MitID Erhverv lacks the "
                                                "certificate")));
      return NULL;
    }

  if (!append_pem_certificates (certificate, leaf) || leaf->len != 1)
    {
      g_propagate_error (error, bad_response (status, body,
                                              _("The answer from MitID Erhverv holds a "
                                                "certificate that cannot be read")));
      return NULL;
    }

  chain_node = json_object_get_member (object, "chain");
  if (chain_node != NULL && !JSON_NODE_HOLDS_NULL (chain_node))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (chain_node) ? json_node_get_array (chain_node) : NULL;
      guint n = array != NULL ? json_array_get_length (array) : 0;
      gboolean ok = array != NULL;

      for (guint i = 0; ok && i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          ok = json_node_get_value_type (element) == G_TYPE_STRING &&
               append_pem_certificates (json_node_get_string (element), chain);
        }

      if (!ok)
        {
          g_propagate_error (error, bad_response (status, body,
                                                  _("The answer from MitID Erhverv holds a chain "
                                                    "that cannot be read")));
          return NULL;
        }
    }

  return ok_issuance_new_certificate (g_ptr_array_index (leaf, 0), chain);
}

/**
 * ok_mitid_response_parse:
 * @status: the HTTP status
 * @retry_after: (nullable): the `Retry-After` header
 * @body: the whole body, at most %OK_MITID_RESPONSE_MAX_BODY bytes
 *
 * Returns: (transfer full): the issuance for a 2xx answer that holds one, else %NULL with an
 *   %OK_ISSUER_ERROR whose detailed error keeps @status and @body verbatim
 */
OkIssuance *
ok_mitid_response_parse (guint        status,
                         const char  *retry_after,
                         GBytes      *body,
                         GError     **error)
{
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_bytes_get_size (body) > OK_MITID_RESPONSE_MAX_BODY)
    {
      g_propagate_error (error, ok_mitid_response_error_oversized (status, body));
      return NULL;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_propagate_error (error, error_from_answer (status, retry_after, body));
      return NULL;
    }

  return issuance_from_answer (status, body, error);
}

/**
 * ok_mitid_response_error_oversized:
 * @status: the HTTP status
 * @head: (nullable): the start of the body, if any was read
 *
 * Returns: (transfer full): the error for an answer larger than %OK_MITID_RESPONSE_MAX_BODY;
 *   its detailed error keeps the first kilobyte
 */
GError *
ok_mitid_response_error_oversized (guint   status,
                                   GBytes *head)
{
  g_autofree char *detailed = NULL;
  g_autofree char *text = NULL;
  gsize size = 0;
  const char *data = head != NULL ? g_bytes_get_data (head, &size) : NULL;

  text = g_utf8_make_valid (data != NULL ? data : "", MIN (size, OVERSIZED_HEAD));
  detailed = g_strdup_printf (DETAILED_PREFIX "%s… [more than %d bytes, refused] - %u",
                              text, OK_MITID_RESPONSE_MAX_BODY, status);

  return ok_issuer_error_new (OK_ISSUER_ERROR_BAD_RESPONSE, status, NULL, 0, detailed,
                              _("The answer from MitID Erhverv is too large"));
}

/**
 * ok_mitid_response_error_transport:
 * @transport_error: what libsoup or GIO reported
 *
 * Returns: (transfer full): %TIMEOUT for a timeout, %NETWORK for any other connection or TLS
 *   failure, or a copy of @transport_error for a cancellation
 */
GError *
ok_mitid_response_error_transport (const GError *transport_error)
{
  g_autofree char *detailed = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (transport_error != NULL, NULL);

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (transport_error);

  detailed = g_strconcat (DETAILED_PREFIX, transport_error->message, NULL);

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return ok_issuer_error_new (OK_ISSUER_ERROR_TIMEOUT, 0, NULL, 0, detailed,
                                _("MitID Erhverv did not answer in time"));

  /* Translators: %s says what went wrong with the connection */
  message = g_strdup_printf (_("Could not talk to MitID Erhverv: %s"), transport_error->message);
  return ok_issuer_error_new (OK_ISSUER_ERROR_NETWORK, 0, NULL, 0, detailed, message);
}

/**
 * ok_mitid_response_error_truncated:
 * @status: the HTTP status
 * @body: what arrived
 * @expected: the Content-Length the server announced
 *
 * Returns: (transfer full): the %OK_ISSUER_ERROR_NETWORK error for an answer whose connection
 *   closed before the announced length arrived; some servers close cleanly there, so the
 *   transport alone does not notice
 */
GError *
ok_mitid_response_error_truncated (guint   status,
                                   GBytes *body,
                                   goffset expected)
{
  g_autofree char *detailed = NULL;
  g_autofree char *text = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  text = g_utf8_make_valid (data != NULL ? data : "", size);
  detailed = g_strdup_printf (DETAILED_PREFIX "%s… [connection closed after %" G_GSIZE_FORMAT
                              " of %" G_GOFFSET_FORMAT " bytes] - %u",
                              text, size, expected, status);

  return ok_issuer_error_new (OK_ISSUER_ERROR_NETWORK, status, NULL, 0, detailed,
                              _("The connection to MitID Erhverv broke off in the middle of the "
                                "answer"));
}
