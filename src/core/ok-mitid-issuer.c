/* ok-mitid-issuer.c — the OkIssuer that speaks the issuance protocol (docs/protocol.md) over
 * HTTPS to MitID Erhverv or the reference CA
 *
 * The exchanges run in a thread of the issuer's own, on a main context that only its
 * SoupSession uses: glib-networking (2.74) loads the system trust store into every TLS
 * connection it makes (the CA bundle parsed again, 6 ms and more each), on the thread that
 * makes the connection, which for a session on the caller's context would be the GUI's main
 * loop. The callers' tasks still complete on their own context.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ok-mitid-issuer.h"
#include "ok-mitid-response.h"

#define ISSUE_PATH "/v1/certificates"
#define RENEW_PATH "/v1/certificates/renewal"
#define READ_CHUNK (64 * 1024)

struct _OkMitidIssuer
{
  GObject parent_instance;

  char *base_url;
  char *ca_file;
  GList *anchors;
  /* Made, used and freed in the network thread, which owns them; only the session's timeout
   * is read and set from outside. */
  SoupSession *session;
  GMainContext *network_context;
  GMainLoop *network_loop;
  GThread *network_thread;
  guint deadline;   /* seconds for a whole exchange: connect, send, every byte of the answer */
};

static void ok_mitid_issuer_iface_init (OkIssuerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OkMitidIssuer, ok_mitid_issuer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (OK_TYPE_ISSUER, ok_mitid_issuer_iface_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_CA_FILE,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  SoupMessage *message;
  GInputStream *stream;
  GByteArray *body;
  /* The exchange's own cancellable: the caller's cancels it, and so does the deadline. */
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong caller_handler;
  GSource *deadline;
  guint deadline_seconds;
  gboolean timed_out;
} Request;

/* What the network thread owns; it frees it when its loop ends. */
typedef struct {
  GMainContext *context;
  GMainLoop *loop;
  SoupSession *session;
} Network;

static gpointer
network_run (gpointer data)
{
  Network *network = data;

  g_main_context_push_thread_default (network->context);
  g_main_loop_run (network->loop);
  /* The session's idle connections and their sources belong to this context: they go here. */
  g_clear_object (&network->session);
  while (g_main_context_iteration (network->context, FALSE))
    ;
  g_main_context_pop_thread_default (network->context);

  g_main_loop_unref (network->loop);
  g_main_context_unref (network->context);
  g_free (network);
  return NULL;
}

static gboolean
network_quit (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
request_free (Request *request)
{
  if (request->caller_handler != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  g_clear_object (&request->caller_cancellable);
  if (request->deadline != NULL)
    g_source_destroy (request->deadline);
  g_clear_pointer (&request->deadline, g_source_unref);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request);
}

/* Lets go of libsoup's objects in the network thread, where they live, before the task goes
 * back to the caller's thread and may be freed there. */
static void
request_release (Request *request)
{
  if (request->deadline != NULL)
    g_source_destroy (request->deadline);
  g_clear_pointer (&request->deadline, g_source_unref);
  g_clear_object (&request->stream);
  g_clear_object (&request->message);
}

static void
return_error (GTask  *task,
              GError *error)
{
  request_release (g_task_get_task_data (task));
  g_task_return_error (task, error);
}

static gboolean
deadline_reached (gpointer data)
{
  Request *request = data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled (GCancellable *caller,
                  gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

/* What went wrong with the transport, as the caller should hear it: a cancellation that the
 * deadline caused is a timeout, whatever libsoup was doing at that moment. */
static GError *
transport_error (Request      *request,
                 const GError *error)
{
  if (request->timed_out)
    {
      g_autoptr(GError) timed_out = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                 "No complete answer within %u seconds",
                                                 request->deadline_seconds);

      return ok_mitid_response_error_transport (timed_out);
    }

  return ok_mitid_response_error_transport (error);
}

/* The request body holds the one-time code; wipe it when libsoup lets go of it. */
static void
wipe_and_free (gpointer data)
{
  gnutls_memset (data, 0, strlen (data));
  g_free (data);
}

static GBytes *
build_body (const char *reference_number,
            const char *one_time_code,
            const char *csr_pem)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  if (reference_number != NULL)
    {
      json_builder_set_member_name (builder, "referenceNumber");
      json_builder_add_string_value (builder, reference_number);
    }
  if (one_time_code != NULL)
    {
      json_builder_set_member_name (builder, "oneTimeCode");
      json_builder_add_string_value (builder, one_time_code);
    }
  json_builder_set_member_name (builder, "csr");
  json_builder_add_string_value (builder, csr_pem);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  /* The builder's own copy of the code goes with its nodes; this one we control. */
  return g_bytes_new_with_free_func (text, strlen (text), wipe_and_free, text);
}

/* A configured CA file adds trust anchors to the system's: libsoup has checked the server
 * against the system trust and failed, so accept only a chain that one of our anchors vouches
 * for, for the host we asked for. */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *peer_certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  OkMitidIssuer *self = user_data;
  GUri *uri = soup_message_get_uri (message);
  g_autoptr(GSocketConnectable) identity = NULL;
  int port = g_uri_get_port (uri);

  identity = g_network_address_new (g_uri_get_host (uri), port > 0 ? port : 443);

  for (GList *l = self->anchors; l != NULL; l = l->next)
    {
      if (g_tls_certificate_verify (peer_certificate, identity, l->data) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Without a client certificate we go on without one; the server decides whether that is
 * enough, and says so in its answer. */
static gboolean
on_request_certificate (SoupMessage          *message,
                        GTlsClientConnection *connection,
                        gpointer              user_data)
{
  soup_message_set_tls_client_certificate (message, NULL);
  return TRUE;
}

static void
finish_request (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  guint status = soup_message_get_status (request->message);
  GError *error = NULL;
  OkIssuance *issuance;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) != (goffset) g_bytes_get_size (body))
    {
      return_error (task,
                    ok_mitid_response_error_truncated (status, body,
                                                       soup_message_headers_get_content_length (headers)));
      return;
    }

  issuance = ok_mitid_response_parse (status,
                                      soup_message_headers_get_one (headers, "Retry-After"),
                                      body, &error);
  request_release (request);
  if (issuance == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, issuance, g_object_unref);
}

static void read_next (GTask *task);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      return_error (task, transport_error (request, error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      finish_request (task);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (request->body->len > OK_MITID_RESPONSE_MAX_BODY)
    {
      g_autoptr(GBytes) head = g_bytes_new (request->body->data, request->body->len);

      return_error (task,
                    ok_mitid_response_error_oversized (soup_message_get_status (request->message),
                                                       head));
      return;
    }

  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, on_read, task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      return_error (task, transport_error (request, error));
      return;
    }

  headers = soup_message_get_response_headers (request->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > OK_MITID_RESPONSE_MAX_BODY)
    {
      return_error (task,
                    ok_mitid_response_error_oversized (soup_message_get_status (request->message),
                                                       NULL));
      return;
    }

  request->body = g_byte_array_new ();
  read_next (g_steal_pointer (&task));
}

/* Runs in the network thread; takes over the caller's reference to @data, the task, which
 * completes on the caller's context whichever thread returns it. */
static gboolean
start_in_network_thread (gpointer data)
{
  GTask *task = data;
  OkMitidIssuer *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  request->deadline = g_timeout_source_new (request->deadline_seconds * 1000);
  g_source_set_callback (request->deadline, deadline_reached, request, NULL);
  g_source_attach (request->deadline, self->network_context);

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT, request->cancellable,
                           on_sent, task);
  return G_SOURCE_REMOVE;
}

static void
send_request (OkMitidIssuer       *self,
              const char          *path,
              GBytes              *body,
              gboolean             renewal,
              GTlsCertificate     *client_certificate,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  Request *request;
  SoupMessageHeaders *headers;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  url = g_strconcat (self->base_url, path, NULL);
  request = g_new0 (Request, 1);
  request->message = soup_message_new (SOUP_METHOD_POST, url);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  /* A redirect would replay the one-time code or the client certificate elsewhere. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (request->message, "application/json", body);

  if (renewal)
    {
      /* The client certificate is bound to the TLS handshake: a pooled connection may have
       * been made with another certificate, or none. */
      soup_message_add_flags (request->message, SOUP_MESSAGE_NEW_CONNECTION);
      soup_message_set_tls_client_certificate (request->message, client_certificate);
    }

  g_signal_connect (request->message, "accept-certificate",
                    G_CALLBACK (on_accept_certificate), self);
  g_signal_connect (request->message, "request-certificate",
                    G_CALLBACK (on_request_certificate), NULL);

  /* libsoup's timeout is per read: a CA that sends one byte a second would never time out.
   * The deadline bounds the whole exchange, so that nothing waits on a CA without end. */
  request->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled),
                                                       g_object_ref (request->cancellable), g_object_unref);
    }
  request->deadline_seconds = self->deadline;

  g_main_context_invoke (self->network_context, start_in_network_thread, g_steal_pointer (&task));
}

static void
ok_mitid_issuer_issue_async (OkIssuer            *issuer,
                             const char          *reference_number,
                             const char          *one_time_code,
                             const char          *csr_pem,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GBytes) body = build_body (reference_number, one_time_code, csr_pem);

  send_request (OK_MITID_ISSUER (issuer), ISSUE_PATH, body, FALSE, NULL,
                cancellable, callback, user_data, ok_mitid_issuer_issue_async);
}

static OkIssuance *
ok_mitid_issuer_issue_finish (OkIssuer      *issuer,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, issuer), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_mitid_issuer_issue_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ok_mitid_issuer_renew_async (OkIssuer            *issuer,
                             GTlsCertificate     *client_certificate,
                             const char          *csr_pem,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GBytes) body = build_body (NULL, NULL, csr_pem);

  send_request (OK_MITID_ISSUER (issuer), RENEW_PATH, body, TRUE, client_certificate,
                cancellable, callback, user_data, ok_mitid_issuer_renew_async);
}

static OkIssuance *
ok_mitid_issuer_renew_finish (OkIssuer      *issuer,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, issuer), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_mitid_issuer_renew_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ok_mitid_issuer_iface_init (OkIssuerInterface *iface)
{
  iface->issue_async = ok_mitid_issuer_issue_async;
  iface->issue_finish = ok_mitid_issuer_issue_finish;
  iface->renew_async = ok_mitid_issuer_renew_async;
  iface->renew_finish = ok_mitid_issuer_renew_finish;
}

static void
ok_mitid_issuer_finalize (GObject *object)
{
  OkMitidIssuer *self = OK_MITID_ISSUER (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_list_free_full (g_steal_pointer (&self->anchors), g_object_unref);

  /* Every exchange holds the issuer, so none is under way. The network thread frees the
   * session, loop and context once its loop ends, on its own: waiting for it here would hold
   * the caller's main loop while libsoup closes its connections. */
  g_main_context_invoke (self->network_context, network_quit, self->network_loop);
  g_thread_unref (g_steal_pointer (&self->network_thread));
  self->session = NULL;
  self->network_loop = NULL;
  self->network_context = NULL;

  G_OBJECT_CLASS (ok_mitid_issuer_parent_class)->finalize (object);
}

static void
ok_mitid_issuer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OkMitidIssuer *self = OK_MITID_ISSUER (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, ok_mitid_issuer_get_timeout (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_mitid_issuer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  OkMitidIssuer *self = OK_MITID_ISSUER (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      ok_mitid_issuer_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_mitid_issuer_class_init (OkMitidIssuerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ok_mitid_issuer_finalize;
  object_class->get_property = ok_mitid_issuer_get_property;
  object_class->set_property = ok_mitid_issuer_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, G_MAXUINT, OK_MITID_ISSUER_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ok_mitid_issuer_init (OkMitidIssuer *self)
{
  Network *network = g_new0 (Network, 1);

  self->deadline = OK_MITID_ISSUER_DEFAULT_DEADLINE;
  self->network_context = g_main_context_new ();
  self->network_loop = g_main_loop_new (self->network_context, FALSE);

  /* libsoup ties a session to the thread-default context it is made under. */
  g_main_context_push_thread_default (self->network_context);
  self->session = soup_session_new_with_options ("user-agent", "OCES-Keeper/" PACKAGE_VERSION,
                                                 "timeout", OK_MITID_ISSUER_DEFAULT_TIMEOUT,
                                                 NULL);
  g_main_context_pop_thread_default (self->network_context);

  network->context = self->network_context;
  network->loop = self->network_loop;
  network->session = self->session;
  self->network_thread = g_thread_new ("ok-issuer-network", network_run, network);
}

/**
 * ok_mitid_issuer_new:
 * @base_url: the endpoint of an environment, `https://host[:port][/path]`
 * @ca_file: (nullable): a PEM file of CA certificates trusted for this endpoint in addition
 *   to the system's trust store
 * @error: return location for an error
 *
 * Reads @ca_file now, so a missing or broken file is reported here and not at the first
 * request.
 *
 * Returns: (transfer full): a new issuer, or %NULL with @error set
 */
OkMitidIssuer *
ok_mitid_issuer_new (const char  *base_url,
                     const char  *ca_file,
                     GError     **error)
{
  g_autoptr(OkMitidIssuer) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    {
      /* Translators: %s is the endpoint URL from Preferences */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an HTTPS endpoint"), base_url);
      return NULL;
    }

  trimmed = g_strdup (base_url);
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';

  self = g_object_new (OK_TYPE_MITID_ISSUER, NULL);
  self->base_url = g_steal_pointer (&trimmed);

  if (ca_file != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      self->anchors = g_tls_certificate_list_new_from_file (ca_file, &local_error);
      if (self->anchors == NULL)
        {
          /* Translators: the first %s is a file name, the second what went wrong */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Cannot read CA certificates from “%s”: %s"), ca_file,
                       local_error != NULL ? local_error->message : _("the file holds none"));
          return NULL;
        }
      self->ca_file = g_strdup (ca_file);
    }

  return g_steal_pointer (&self);
}

const char *
ok_mitid_issuer_get_base_url (OkMitidIssuer *self)
{
  g_return_val_if_fail (OK_IS_MITID_ISSUER (self), NULL);

  return self->base_url;
}

/**
 * ok_mitid_issuer_get_ca_file:
 *
 * Returns: (nullable): the extra CA file, or %NULL when only the system trust is used
 */
const char *
ok_mitid_issuer_get_ca_file (OkMitidIssuer *self)
{
  g_return_val_if_fail (OK_IS_MITID_ISSUER (self), NULL);

  return self->ca_file;
}

guint
ok_mitid_issuer_get_timeout (OkMitidIssuer *self)
{
  g_return_val_if_fail (OK_IS_MITID_ISSUER (self), 0);

  return soup_session_get_timeout (self->session);
}

/**
 * ok_mitid_issuer_set_timeout:
 * @seconds: how long a connection may stay silent before the request fails with
 *   %OK_ISSUER_ERROR_TIMEOUT
 *
 * Applies to connections opened afterwards.
 */
void
ok_mitid_issuer_set_timeout (OkMitidIssuer *self,
                             guint          seconds)
{
  g_return_if_fail (OK_IS_MITID_ISSUER (self));
  g_return_if_fail (seconds > 0);

  if (soup_session_get_timeout (self->session) == seconds)
    return;

  soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * ok_mitid_issuer_set_deadline:
 * @seconds: how long one exchange with the CA may take in all (connecting, sending, reading
 *   the whole answer) before it fails with %OK_ISSUER_ERROR_TIMEOUT
 */
void
ok_mitid_issuer_set_deadline (OkMitidIssuer *self,
                              guint          seconds)
{
  g_return_if_fail (OK_IS_MITID_ISSUER (self));
  g_return_if_fail (seconds > 0);

  self->deadline = seconds;
}

guint
ok_mitid_issuer_get_deadline (OkMitidIssuer *self)
{
  g_return_val_if_fail (OK_IS_MITID_ISSUER (self), 0);

  return self->deadline;
}
