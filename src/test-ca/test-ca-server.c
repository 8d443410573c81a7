/* test-ca-server.c — the reference CA's HTTP(S) server: the issuance protocol of
 * docs/protocol.md on 127.0.0.1
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "test-ca-issuance.h"
#include "test-ca-server.h"

#define ISSUE_PATH "/v1/certificates"
#define RENEW_PATH "/v1/certificates/renewal"

struct _TestCaServer
{
  GObject parent_instance;

  TestCaContext context;
  TestCaServerFlags flags;
  SoupServer *server;
  FILE *request_log;   /* one line per request as it arrives: "issue|renew IN-FLIGHT" */
  guint in_flight;     /* arrived and not answered yet */
};

G_DEFINE_FINAL_TYPE (TestCaServer, test_ca_server, G_TYPE_OBJECT)

/* A request held back by a delay fault. */
typedef struct {
  TestCaServer *self;
  SoupServerMessage *message;
  TestCaRequest *request;
} Pending;

static void
pending_free (Pending *pending)
{
  g_clear_object (&pending->self);
  g_clear_object (&pending->message);
  g_clear_pointer (&pending->request, test_ca_request_free);
  g_free (pending);
}

static void
test_ca_server_finalize (GObject *object)
{
  TestCaServer *self = TEST_CA_SERVER (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->request_log, fclose);
  g_clear_object (&self->context.authority);
  g_clear_object (&self->context.scenario);
  g_clear_object (&self->context.registry);

  G_OBJECT_CLASS (test_ca_server_parent_class)->finalize (object);
}

static void
test_ca_server_class_init (TestCaServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_ca_server_finalize;
}

static void
test_ca_server_init (TestCaServer *self)
{
}

static void
answer (TestCaServer      *self,
        SoupServerMessage *message,
        TestCaRequest     *request)
{
  self->in_flight--;

  /* The scenario may have changed while a delay held the request back. */
  test_ca_scenario_refresh (self->context.scenario);
  test_ca_request_find_profile (request, &self->context);

  if (test_ca_faults_answer (&request->faults, message))
    return;

  test_ca_issuance_answer (&self->context, request, message);
}

static gboolean
on_delay_over (gpointer user_data)
{
  Pending *pending = user_data;

  answer (pending->self, pending->message, pending->request);
  soup_server_message_unpause (pending->message);
  return G_SOURCE_REMOVE;
}

/* The client certificate of a renewal: from the TLS handshake, or — only when told to trust a
 * TLS-terminating proxy in front of us — from its X-Client-Cert header. */
static void
read_client_certificate (TestCaServer      *self,
                         SoupServerMessage *message,
                         TestCaRequest     *request)
{
  GTlsCertificate *peer = soup_server_message_get_tls_peer_certificate (message);

  if (peer != NULL)
    {
      g_autoptr(GByteArray) der = NULL;

      g_object_get (peer, "certificate", &der, NULL);
      if (der != NULL)
        test_ca_request_set_client (request, &self->context, der->data, der->len, NULL);
      return;
    }

  if (self->flags & TEST_CA_SERVER_TRUST_PROXY_HEADER)
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
      const char *escaped = soup_message_headers_get_one (headers, "X-Client-Cert");
      g_autofree char *pem = escaped != NULL ? g_uri_unescape_string (escaped, NULL) : NULL;

      test_ca_request_set_client (request, &self->context, NULL, 0, pem);
    }
}

static void
handle (SoupServer        *server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  TestCaServer *self = user_data;
  g_autoptr(TestCaRequest) request = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gboolean renewal = g_str_equal (path, RENEW_PATH);

  if (!renewal && !g_str_equal (path, ISSUE_PATH))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (soup_server_message_get_method (message) != SOUP_METHOD_POST)
    {
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  self->in_flight++;
  if (self->request_log != NULL)
    {
      fprintf (self->request_log, "%s %u\n", renewal ? "renew" : "issue", self->in_flight);
      fflush (self->request_log);
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  request = test_ca_request_new (renewal, body);
  if (renewal)
    read_client_certificate (self, message, request);

  test_ca_scenario_refresh (self->context.scenario);
  test_ca_request_find_profile (request, &self->context);
  if (request->profile != NULL)
    request->faults = request->profile->faults;

  if (self->flags & TEST_CA_SERVER_ALLOW_FAULT_HEADER)
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
      const char *spec = soup_message_headers_get_one (headers, "X-Test-Fault");

      if (spec != NULL && !test_ca_faults_add (&request->faults, spec, &error))
        {
          test_ca_issuance_respond_error (message, SOUP_STATUS_BAD_REQUEST, "UnknownTestFault",
                                          error->message);
          self->in_flight--;
          return;
        }
    }

  if (request->faults.delay_ms > 0)
    {
      Pending *pending = g_new0 (Pending, 1);

      pending->self = g_object_ref (self);
      pending->message = g_object_ref (message);
      pending->request = g_steal_pointer (&request);
      soup_server_message_pause (message);
      g_timeout_add_full (G_PRIORITY_DEFAULT, pending->request->faults.delay_ms, on_delay_over,
                          pending, (GDestroyNotify) pending_free);
      return;
    }

  answer (self, message, request);
}

/* Every client certificate passes the handshake: which ones are good enough is the renewal's
 * judgement, answered in JSON, not a TLS alert the client cannot explain. */
static gboolean
on_accept_certificate (SoupServerMessage    *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return TRUE;
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *message,
                    gpointer           user_data)
{
  g_signal_connect (message, "accept-certificate", G_CALLBACK (on_accept_certificate), NULL);
}

TestCaServer *
test_ca_server_new (TestCaAuthority   *authority,
                    TestCaScenario    *scenario,
                    TestCaRegistry    *registry,
                    TestCaServerFlags  flags)
{
  TestCaServer *self;

  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (authority), NULL);
  g_return_val_if_fail (TEST_CA_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (TEST_CA_IS_REGISTRY (registry), NULL);

  self = g_object_new (TEST_CA_TYPE_SERVER, NULL);
  self->context.authority = g_object_ref (authority);
  self->context.scenario = g_object_ref (scenario);
  self->context.registry = g_object_ref (registry);
  self->flags = flags;

  self->server = soup_server_new ("server-header", "oces-keeper-test-ca", NULL);
  if (!(flags & TEST_CA_SERVER_PLAIN_HTTP))
    {
      soup_server_set_tls_certificate (self->server,
                                       test_ca_authority_get_server_certificate (authority));
      soup_server_set_tls_auth_mode (self->server, G_TLS_AUTHENTICATION_REQUESTED);
      g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started), NULL);
    }

  soup_server_add_handler (self->server, ISSUE_PATH, handle, self, NULL);
  soup_server_add_handler (self->server, RENEW_PATH, handle, self, NULL);

  return self;
}

gboolean
test_ca_server_listen (TestCaServer  *self,
                       guint          port,
                       GError       **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (TEST_CA_IS_SERVER (self), FALSE);

  if (!(self->flags & TEST_CA_SERVER_PLAIN_HTTP))
    options |= SOUP_SERVER_LISTEN_HTTPS;

  return soup_server_listen (self->server, address, options, error);
}

guint
test_ca_server_get_port (TestCaServer *self)
{
  g_autoslist(GUri) uris = NULL;

  g_return_val_if_fail (TEST_CA_IS_SERVER (self), 0);

  uris = soup_server_get_uris (self->server);
  return uris != NULL ? (guint) g_uri_get_port (uris->data) : 0;
}

char *
test_ca_server_dup_url (TestCaServer *self)
{
  g_return_val_if_fail (TEST_CA_IS_SERVER (self), NULL);

  return g_strdup_printf ("%s://127.0.0.1:%u",
                          (self->flags & TEST_CA_SERVER_PLAIN_HTTP) ? "http" : "https",
                          test_ca_server_get_port (self));
}

/**
 * test_ca_server_set_request_log:
 * @path: a file to append a line to for every issue or renewal request as it arrives:
 *   `issue N` or `renew N`, N the requests in flight (arrived, not yet answered) with it;
 *   shows a client's concurrency
 */
gboolean
test_ca_server_set_request_log (TestCaServer  *self,
                                const char    *path,
                                GError       **error)
{
  g_return_val_if_fail (TEST_CA_IS_SERVER (self), FALSE);

  g_clear_pointer (&self->request_log, fclose);
  self->request_log = fopen (path, "a");
  if (self->request_log == NULL)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot open %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}
