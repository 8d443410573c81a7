/* test-ca-faults.c — the faults the reference CA can inject, per profile or per request
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-ca-crypto.h"
#include "test-ca-faults.h"

#define MAX_DELAY_MS (10 * 60 * 1000)

/* The start of a real answer: enough to look right, never enough to be one. */
#define PARTIAL_ANSWER "{\"certificate\": \"-----BEGIN CERTIFICATE-----\\nMIIGxTCCBHmgAwIBAgIU"

static gboolean
parse_one (TestCaFaults  *faults,
           const char    *spec,
           GError       **error)
{
  guint64 number;

  if (g_str_has_prefix (spec, "delay:"))
    {
      if (!g_ascii_string_to_unsigned (spec + strlen ("delay:"), 10, 0, MAX_DELAY_MS, &number, NULL))
        goto invalid;
      faults->delay_ms = (guint) number;
    }
  else if (g_str_has_prefix (spec, "status:"))
    {
      if (!g_ascii_string_to_unsigned (spec + strlen ("status:"), 10, 400, 599, &number, NULL))
        goto invalid;
      faults->status = (guint) number;
    }
  else if (g_str_equal (spec, "close-mid-body"))
    faults->close_mid_body = TRUE;
  else if (g_str_equal (spec, "trickle"))
    faults->trickle = TRUE;
  else if (g_str_equal (spec, "non-json-body"))
    faults->non_json_body = TRUE;
  else if (g_str_equal (spec, "truncated-json"))
    faults->truncated_json = TRUE;
  else if (g_str_equal (spec, "oversized-body"))
    faults->oversized_body = TRUE;
  else if (g_str_equal (spec, "wrong-key"))
    faults->wrong_key = TRUE;
  else if (g_str_equal (spec, "wrong-cvr"))
    faults->wrong_cvr = TRUE;
  else if (g_str_equal (spec, "expired-certificate"))
    faults->expired_certificate = TRUE;
  else if (g_str_equal (spec, "untrusted-chain"))
    faults->untrusted_chain = TRUE;
  else if (g_str_equal (spec, "prod-environment"))
    faults->prod_environment = TRUE;
  else if (g_str_equal (spec, "ca-leaf"))
    faults->leaf_flaws |= TEST_CA_LEAF_FLAW_CA;
  else if (g_str_equal (spec, "wrong-key-usage"))
    faults->leaf_flaws |= TEST_CA_LEAF_FLAW_KEY_USAGE;
  else if (g_str_equal (spec, "wrong-extended-key-usage"))
    faults->leaf_flaws |= TEST_CA_LEAF_FLAW_EXTENDED_KEY_USAGE;
  else if (g_str_equal (spec, "no-oces3-policy"))
    faults->leaf_flaws |= TEST_CA_LEAF_FLAW_NO_OCES3_POLICY;
  else
    goto invalid;

  return TRUE;

invalid:
  g_set_error (error, TEST_CA_ERROR, TEST_CA_ERROR_SCENARIO, "unknown fault “%s”", spec);
  return FALSE;
}

/**
 * test_ca_faults_add:
 * @spec: one fault, or several separated by commas
 */
gboolean
test_ca_faults_add (TestCaFaults  *faults,
                    const char    *spec,
                    GError       **error)
{
  g_auto(GStrv) names = g_strsplit (spec, ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (*names[i] != '\0' && !parse_one (faults, names[i], error))
        return FALSE;
    }

  return TRUE;
}

static void
set_json (SoupServerMessage *message,
          guint              status,
          const char        *reason,
          const char        *text)
{
  char *body = g_strdup_printf ("{\"errorReasonCode\":\"%s\",\"message\":\"%s\"}",
                                reason, text);
  gsize length = strlen (body);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE, body, length);
}

static void
answer_status (SoupServerMessage *message,
               guint              status)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  switch (status)
    {
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      soup_message_headers_replace (headers, "Retry-After", G_STRINGIFY (TEST_CA_RETRY_AFTER_503));
      set_json (message, status, "ServiceUnavailable", "The service is down for maintenance");
      break;
    case TEST_CA_STATUS_TOO_MANY_REQUESTS:
      soup_message_headers_replace (headers, "Retry-After", G_STRINGIFY (TEST_CA_RETRY_AFTER_429));
      set_json (message, status, "TooManyRequests", "Too many requests");
      break;
    case SOUP_STATUS_BAD_GATEWAY:
      {
        /* What a reverse proxy in front of the CA sends: HTML, not the CA's JSON. */
        static const char html[] = "<html><head><title>502 Bad Gateway</title></head>"
                                   "<body><center><h1>502 Bad Gateway</h1></center></body></html>\n";

        soup_server_message_set_status (message, status, NULL);
        soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC,
                                          html, sizeof html - 1);
      }
      break;
    default:
      set_json (message, status, "InternalServerError", "Injected fault");
      break;
    }
}

/* Sends the head and a part of the body of a 201, then closes the connection under libsoup's
 * feet, as a server that dies mid-answer does. */
static void
answer_close_mid_body (SoupServerMessage *message)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);
  static const char head[] = "HTTP/1.1 201 Created\r\n"
                             "Content-Type: application/json\r\n"
                             "Content-Length: 4096\r\n"
                             "Connection: close\r\n"
                             "\r\n"
                             PARTIAL_ANSWER;

  if (stream == NULL)
    return;

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, sizeof head - 1,
                             NULL, NULL, NULL);
  g_output_stream_flush (g_io_stream_get_output_stream (stream), NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* A CA that answers one byte a second: every read gets something, so a per-read timeout never
 * fires. It stops when the client goes away (or after ten minutes). */
typedef struct
{
  GIOStream *stream;
  guint      sent;
} Trickle;

static gboolean
trickle_one (gpointer data)
{
  Trickle *trickle = data;
  static const char body[] = PARTIAL_ANSWER;
  char byte = body[trickle->sent % (sizeof body - 1)];

  if (trickle->sent >= 600 ||
      !g_output_stream_write_all (g_io_stream_get_output_stream (trickle->stream), &byte, 1, NULL, NULL, NULL) ||
      !g_output_stream_flush (g_io_stream_get_output_stream (trickle->stream), NULL, NULL))
    {
      g_io_stream_close (trickle->stream, NULL, NULL);
      g_object_unref (trickle->stream);
      g_free (trickle);
      return G_SOURCE_REMOVE;
    }

  trickle->sent++;
  return G_SOURCE_CONTINUE;
}

static void
answer_trickle (SoupServerMessage *message)
{
  static const char head[] = "HTTP/1.1 201 Created\r\n"
                             "Content-Type: application/json\r\n"
                             "Content-Length: 4096\r\n"
                             "Connection: close\r\n"
                             "\r\n";
  GIOStream *stream = soup_server_message_steal_connection (message);
  Trickle *trickle;

  if (stream == NULL)
    return;

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, sizeof head - 1, NULL, NULL, NULL);
  g_output_stream_flush (g_io_stream_get_output_stream (stream), NULL, NULL);
  trickle = g_new0 (Trickle, 1);
  trickle->stream = stream;
  g_timeout_add_seconds (1, trickle_one, trickle);
}

static void
answer_oversized (SoupServerMessage *message)
{
  GString *body = g_string_sized_new (TEST_CA_OVERSIZED_BODY + 64);
  gsize length;

  g_string_append (body, "{\"certificate\": \"");
  while (body->len < TEST_CA_OVERSIZED_BODY)
    g_string_append (body, "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB");
  g_string_append (body, "\"}");

  /* Chunked, so the client meets the size only while reading, not in a Content-Length. */
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (message),
                                     SOUP_ENCODING_CHUNKED);
  soup_server_message_set_status (message, SOUP_STATUS_CREATED, NULL);
  length = body->len;
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), length);
  soup_message_body_complete (soup_server_message_get_response_body (message));
}

/**
 * test_ca_faults_answer:
 *
 * Answers @message in place of the CA when a fault of the transport kind (status, body shape,
 * broken connection) is set. Such faults come before any processing, so they never use up a
 * one-time code.
 *
 * Returns: whether @message has been answered
 */
gboolean
test_ca_faults_answer (const TestCaFaults *faults,
                       SoupServerMessage  *message)
{
  if (faults->close_mid_body)
    {
      answer_close_mid_body (message);
      return TRUE;
    }

  if (faults->trickle)
    {
      answer_trickle (message);
      return TRUE;
    }

  if (faults->status != 0)
    {
      answer_status (message, faults->status);
      return TRUE;
    }

  if (faults->non_json_body)
    {
      static const char text[] = "<html><body><h1>Welcome to the CA portal</h1></body></html>\n";

      soup_server_message_set_status (message, SOUP_STATUS_CREATED, NULL);
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC,
                                        text, sizeof text - 1);
      return TRUE;
    }

  if (faults->truncated_json)
    {
      static const char text[] = PARTIAL_ANSWER;

      soup_server_message_set_status (message, SOUP_STATUS_CREATED, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        text, sizeof text - 1);
      return TRUE;
    }

  if (faults->oversized_body)
    {
      answer_oversized (message);
      return TRUE;
    }

  return FALSE;
}
