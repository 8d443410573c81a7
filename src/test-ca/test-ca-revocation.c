/* test-ca-revocation.c — the reference CA's OCSP responder (RFC 6960) and CRL distribution
 * point (RFC 5280), on a plain-HTTP port of their own
 *
 *   POST /ocsp                              an OCSP request → a basic response signed by the
 *                                           issuing CA itself, echoing the request's nonce
 *   GET  /oces/issuing/1/crl/issuing.crl    the issuing CA's CRL (DER)
 *   GET  /oces/issuing/1/cacert/issuing.cer the issuing CA certificate (DER)
 *   POST /test/revoke      {"id": "<serial hex or UUID>", "reason": "keyCompromise"}
 *   POST /test/revocation  {"ocsp": "up"|"down"|"try-later"|"wrong-signer"|"unknown",
 *                           "crl": "up"|"down", "nextUpdateSeconds": N}
 *   GET  /test/revocation  {"ocspRequests": N, "crlRequests": N, "ocsp": …, "crl": …}
 *
 * A certificate is revoked when the admin path revoked it, the scenario's "revoked" list names
 * it, or its profile says "revoked": true; it is good if this CA issued it (the registry), and
 * unknown otherwise. "down" answers 503, as a responder behind a failing proxy does.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/ocsp.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "test-ca-der.h"
#include "test-ca-revocation.h"

#define PATH_OCSP "/ocsp"
#define PATH_CRL "/oces/issuing/1/crl/issuing.crl"
#define PATH_CA_ISSUERS "/oces/issuing/1/cacert/issuing.cer"
#define PATH_REVOKE "/test/revoke"
#define PATH_ADMIN "/test/revocation"

#define OID_OCSP_BASIC "1.3.6.1.5.5.7.48.1.1"
#define OID_OCSP_NONCE "1.3.6.1.5.5.7.48.1.2"
#define OID_SHA256_WITH_RSA "1.2.840.113549.1.1.11"

/* OCSPResponseStatus */
#define OCSP_SUCCESSFUL 0
#define OCSP_MALFORMED_REQUEST 1
#define OCSP_TRY_LATER 3

typedef struct
{
  int    reason;   /* CRLReason, -1 for none */
  gint64 time;
} Revocation;

struct _TestCaRevocation
{
  GObject parent_instance;

  TestCaAuthority *authority;
  TestCaScenario  *scenario;
  TestCaRegistry  *registry;
  SoupServer      *server;

  GHashTable      *revoked;     /* serial hex or UUID (lower case) → Revocation, at run time */
  GHashTable      *first_seen;  /* serial hex → unix time it was first answered as revoked */
  char            *ocsp_mode;
  char            *crl_mode;
  gint64           next_update_seconds;
  guint            ocsp_requests;
  guint            crl_requests;
};

G_DEFINE_FINAL_TYPE (TestCaRevocation, test_ca_revocation, G_TYPE_OBJECT)

static const char *reason_names[] = {
  "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
  "cessationOfOperation", "certificateHold", NULL, "removeFromCRL", "privilegeWithdrawn",
  "aACompromise",
};

static int
reason_from_name (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (reason_names); i++)
    if (reason_names[i] != NULL && g_str_equal (name, reason_names[i]))
      return (int) i;

  return -1;
}

static void
test_ca_revocation_finalize (GObject *object)
{
  TestCaRevocation *self = TEST_CA_REVOCATION (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->authority);
  g_clear_object (&self->scenario);
  g_clear_object (&self->registry);
  g_clear_pointer (&self->revoked, g_hash_table_unref);
  g_clear_pointer (&self->first_seen, g_hash_table_unref);
  g_free (self->ocsp_mode);
  g_free (self->crl_mode);

  G_OBJECT_CLASS (test_ca_revocation_parent_class)->finalize (object);
}

static void
test_ca_revocation_class_init (TestCaRevocationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_ca_revocation_finalize;
}

static void
test_ca_revocation_init (TestCaRevocation *self)
{
  self->revoked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->first_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->ocsp_mode = g_strdup ("up");
  self->crl_mode = g_strdup ("up");
  self->next_update_seconds = TEST_CA_REVOCATION_NEXT_UPDATE_SECONDS;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Whether @serial_hex is revoked, and since when and why. */
static gboolean
find_revocation (TestCaRevocation *self,
                 const char       *serial_hex,
                 Revocation       *found)
{
  const char *uuid = test_ca_registry_lookup_uuid (self->registry, serial_hex);
  const char *reference = test_ca_registry_lookup_reference (self->registry, serial_hex);
  g_autofree char *uuid_lower = uuid != NULL ? g_ascii_strdown (uuid, -1) : NULL;
  g_autoptr(TestCaProfile) profile = NULL;
  const char *reason = NULL;
  Revocation *at_run_time;
  gint64 *seen;

  at_run_time = g_hash_table_lookup (self->revoked, serial_hex);
  if (at_run_time == NULL && uuid_lower != NULL)
    at_run_time = g_hash_table_lookup (self->revoked, uuid_lower);
  if (at_run_time != NULL)
    {
      *found = *at_run_time;
      return TRUE;
    }

  test_ca_scenario_refresh (self->scenario);
  profile = reference != NULL ? test_ca_scenario_find_by_reference (self->scenario, reference) : NULL;
  if (!test_ca_scenario_find_revocation (self->scenario, serial_hex, uuid, &reason) &&
      (profile == NULL || !profile->revoked))
    return FALSE;

  /* The scenario gives no time: the moment we first told anyone, the same ever after. */
  seen = g_hash_table_lookup (self->first_seen, serial_hex);
  if (seen == NULL)
    {
      seen = g_new (gint64, 1);
      *seen = now_seconds ();
      g_hash_table_insert (self->first_seen, g_strdup (serial_hex), seen);
    }
  found->time = *seen;
  found->reason = reason_from_name (reason);
  return TRUE;
}

static char *
to_hex (const gnutls_datum_t *datum)
{
  GString *hex = g_string_new (NULL);

  for (unsigned int i = 0; i < datum->size; i++)
    g_string_append_printf (hex, "%02x", datum->data[i]);

  return g_string_free (hex, FALSE);
}

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *content_type,
         GByteArray        *body)
{
  soup_server_message_set_status (message, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, (const char *) body->data, body->len);
}

static void
respond_ocsp_status (SoupServerMessage *message,
                     guint8             status)
{
  g_autoptr(GByteArray) content = g_byte_array_new ();
  g_autoptr(GByteArray) response = g_byte_array_new ();

  test_ca_der_add_small (content, TEST_CA_DER_ENUMERATED, status);
  test_ca_der_add_array (response, TEST_CA_DER_SEQUENCE, content);
  respond (message, SOUP_STATUS_OK, "application/ocsp-response", response);
}

static const char *
digest_oid (gnutls_digest_algorithm_t digest)
{
  switch (digest)
    {
    case GNUTLS_DIG_SHA1:
      return "1.3.14.3.2.26";
    case GNUTLS_DIG_SHA256:
      return "2.16.840.1.101.3.4.2.1";
    default:
      return NULL;
    }
}

static void
add_algorithm (GByteArray *out,
               const char *oid)
{
  g_autoptr(GByteArray) content = g_byte_array_new ();

  test_ca_der_add_oid (content, oid);
  test_ca_der_add (content, TEST_CA_DER_NULL, NULL, 0);
  test_ca_der_add_array (out, TEST_CA_DER_SEQUENCE, content);
}

/* One SingleResponse for the CertID at @index of @request: 1 when added, 0 when the request has
 * no more, -1 for one we cannot read. */
static int
add_single_response (TestCaRevocation *self,
                     GByteArray       *out,
                     gnutls_ocsp_req_t request,
                     unsigned int      index,
                     gint64            now)
{
  g_autoptr(GByteArray) cert_id = g_byte_array_new ();
  g_autoptr(GByteArray) single = g_byte_array_new ();
  gnutls_datum_t name_hash = { NULL, 0 }, key_hash = { NULL, 0 }, serial = { NULL, 0 };
  gnutls_digest_algorithm_t digest;
  g_autofree char *serial_hex = NULL;
  const char *oid;
  Revocation revocation = { -1, 0 };

  int ret = gnutls_ocsp_req_get_cert_id (request, index, &digest, &name_hash, &key_hash, &serial);

  if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
    return 0;
  if (ret < 0)
    return -1;

  oid = digest_oid (digest);
  if (oid != NULL)
    {
      add_algorithm (cert_id, oid);
      test_ca_der_add (cert_id, TEST_CA_DER_OCTET_STRING, name_hash.data, name_hash.size);
      test_ca_der_add (cert_id, TEST_CA_DER_OCTET_STRING, key_hash.data, key_hash.size);
      test_ca_der_add (cert_id, TEST_CA_DER_INTEGER, serial.data, serial.size);
      serial_hex = to_hex (&serial);
    }
  gnutls_free (name_hash.data);
  gnutls_free (key_hash.data);
  gnutls_free (serial.data);
  if (oid == NULL)
    return -1;

  test_ca_der_add_array (single, TEST_CA_DER_SEQUENCE, cert_id);
  if (g_str_equal (self->ocsp_mode, "unknown") || test_ca_registry_lookup_reference (self->registry, serial_hex) == NULL)
    test_ca_der_add (single, TEST_CA_DER_CONTEXT (2), NULL, 0);
  else if (find_revocation (self, serial_hex, &revocation))
    {
      g_autoptr(GByteArray) info = g_byte_array_new ();

      test_ca_der_add_time (info, revocation.time);
      if (revocation.reason >= 0)
        {
          g_autoptr(GByteArray) reason = g_byte_array_new ();

          test_ca_der_add_small (reason, TEST_CA_DER_ENUMERATED, (guint8) revocation.reason);
          test_ca_der_add_array (info, TEST_CA_DER_CONTEXT_CONSTRUCTED (0), reason);
        }
      test_ca_der_add_array (single, TEST_CA_DER_CONTEXT_CONSTRUCTED (1), info);
    }
  else
    test_ca_der_add (single, TEST_CA_DER_CONTEXT (0), NULL, 0);

  test_ca_der_add_time (single, now);
  {
    g_autoptr(GByteArray) next = g_byte_array_new ();

    test_ca_der_add_time (next, now + self->next_update_seconds);
    test_ca_der_add_array (single, TEST_CA_DER_CONTEXT_CONSTRUCTED (0), next);
  }

  test_ca_der_add_array (out, TEST_CA_DER_SEQUENCE, single);
  return 1;
}

static void
add_nonce (GByteArray           *out,
           const gnutls_datum_t *nonce)
{
  g_autoptr(GByteArray) value = g_byte_array_new ();
  g_autoptr(GByteArray) extension = g_byte_array_new ();
  g_autoptr(GByteArray) extensions = g_byte_array_new ();

  test_ca_der_add (value, TEST_CA_DER_OCTET_STRING, nonce->data, nonce->size);
  test_ca_der_add_oid (extension, OID_OCSP_NONCE);
  test_ca_der_add_array (extension, TEST_CA_DER_OCTET_STRING, value);
  test_ca_der_add_array (extensions, TEST_CA_DER_SEQUENCE, extension);
  {
    g_autoptr(GByteArray) list = g_byte_array_new ();

    test_ca_der_add_array (list, TEST_CA_DER_SEQUENCE, extensions);
    test_ca_der_add_array (out, TEST_CA_DER_CONTEXT_CONSTRUCTED (1), list);
  }
}

static void
answer_ocsp (TestCaRevocation  *self,
             SoupServerMessage *message)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  gnutls_ocsp_req_t request = NULL;
  gnutls_datum_t datum, nonce = { NULL, 0 }, dn = { NULL, 0 }, signature = { NULL, 0 };
  g_autoptr(GByteArray) tbs = g_byte_array_new ();
  g_autoptr(GByteArray) responses = g_byte_array_new ();
  g_autoptr(GByteArray) responder = g_byte_array_new ();
  g_autoptr(GByteArray) basic = g_byte_array_new ();
  g_autoptr(GByteArray) basic_sequence = g_byte_array_new ();
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GByteArray) bytes_sequence = g_byte_array_new ();
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autoptr(GByteArray) response_sequence = g_byte_array_new ();
  g_autoptr(GByteArray) tbs_sequence = g_byte_array_new ();
  gnutls_privkey_t key = test_ca_authority_get_issuing_key (self->authority);
  gint64 now = now_seconds ();
  gsize size;
  int added = 1;
  guint8 unused_bits = 0;

  self->ocsp_requests++;
  if (g_str_equal (self->ocsp_mode, "down"))
    {
      respond (message, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, NULL);
      return;
    }
  if (g_str_equal (self->ocsp_mode, "try-later"))
    {
      respond_ocsp_status (message, OCSP_TRY_LATER);
      return;
    }
  if (g_str_equal (self->ocsp_mode, "wrong-signer"))
    key = test_ca_authority_get_impostor_key (self->authority, NULL);

  datum.data = (unsigned char *) g_bytes_get_data (body, &size);
  datum.size = (unsigned int) size;
  if (gnutls_ocsp_req_init (&request) < 0 || gnutls_ocsp_req_import (request, &datum) < 0 || key == NULL)
    {
      gnutls_ocsp_req_deinit (request);
      respond_ocsp_status (message, OCSP_MALFORMED_REQUEST);
      return;
    }

  for (unsigned int i = 0; added > 0; i++)
    added = add_single_response (self, responses, request, i, now);
  if (added < 0 || responses->len == 0)
    {
      gnutls_ocsp_req_deinit (request);
      respond_ocsp_status (message, OCSP_MALFORMED_REQUEST);
      return;
    }

  /* ResponseData: responderID byName, producedAt, responses, the nonce extension. */
  gnutls_x509_crt_get_raw_dn (test_ca_authority_get_issuing (self->authority), &dn);
  test_ca_der_add_raw (responder, dn.data, dn.size);
  gnutls_free (dn.data);
  test_ca_der_add_array (tbs, TEST_CA_DER_CONTEXT_CONSTRUCTED (1), responder);
  test_ca_der_add_time (tbs, now);
  test_ca_der_add_array (tbs, TEST_CA_DER_SEQUENCE, responses);
  if (gnutls_ocsp_req_get_nonce (request, NULL, &nonce) >= 0)
    {
      add_nonce (tbs, &nonce);
      gnutls_free (nonce.data);
    }
  gnutls_ocsp_req_deinit (request);
  test_ca_der_add_array (tbs_sequence, TEST_CA_DER_SEQUENCE, tbs);

  datum.data = tbs_sequence->data;
  datum.size = tbs_sequence->len;
  if (gnutls_privkey_sign_data2 (key, GNUTLS_SIGN_RSA_SHA256, 0, &datum, &signature) < 0)
    {
      respond_ocsp_status (message, 2 /* internalError */);
      return;
    }

  /* BasicOCSPResponse, then OCSPResponse around it. */
  g_byte_array_append (basic, tbs_sequence->data, tbs_sequence->len);
  add_algorithm (basic, OID_SHA256_WITH_RSA);
  {
    g_autoptr(GByteArray) bits = g_byte_array_new ();

    g_byte_array_append (bits, &unused_bits, 1);
    g_byte_array_append (bits, signature.data, signature.size);
    test_ca_der_add_array (basic, TEST_CA_DER_BIT_STRING, bits);
  }
  gnutls_free (signature.data);
  test_ca_der_add_array (basic_sequence, TEST_CA_DER_SEQUENCE, basic);

  test_ca_der_add_oid (bytes, OID_OCSP_BASIC);
  test_ca_der_add_array (bytes, TEST_CA_DER_OCTET_STRING, basic_sequence);
  test_ca_der_add_array (bytes_sequence, TEST_CA_DER_SEQUENCE, bytes);

  test_ca_der_add_small (response, TEST_CA_DER_ENUMERATED, OCSP_SUCCESSFUL);
  test_ca_der_add_array (response, TEST_CA_DER_CONTEXT_CONSTRUCTED (0), bytes_sequence);
  test_ca_der_add_array (response_sequence, TEST_CA_DER_SEQUENCE, response);

  respond (message, SOUP_STATUS_OK, "application/ocsp-response", response_sequence);
}

static gboolean
serial_from_hex (const char *hex,
                 guint8     *serial,
                 gsize      *size)
{
  gsize length = strlen (hex);

  if (length % 2 != 0 || length / 2 > *size)
    return FALSE;

  for (gsize i = 0; i < length / 2; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      serial[i] = (guint8) (high * 16 + low);
    }
  *size = length / 2;
  return TRUE;
}

static void
answer_crl (TestCaRevocation  *self,
            SoupServerMessage *message)
{
  gnutls_x509_crl_t crl = NULL;
  gnutls_datum_t der = { NULL, 0 };
  g_autoptr(GList) serials = NULL;
  gint64 now = now_seconds ();
  guint8 id[64];
  size_t id_size = sizeof id;
  guint8 number[8];
  gboolean ok;

  self->crl_requests++;
  if (g_str_equal (self->crl_mode, "down"))
    {
      respond (message, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, NULL);
      return;
    }

  for (guint i = 0; i < sizeof number; i++)
    number[i] = (guint8) (now >> (8 * (sizeof number - 1 - i)));
  number[0] &= 0x7f;

  ok = gnutls_x509_crl_init (&crl) >= 0 &&
       gnutls_x509_crl_set_version (crl, 2) >= 0 &&
       gnutls_x509_crl_set_this_update (crl, now) >= 0 &&
       gnutls_x509_crl_set_next_update (crl, now + self->next_update_seconds) >= 0 &&
       gnutls_x509_crt_get_key_id (test_ca_authority_get_issuing (self->authority), GNUTLS_KEYID_USE_SHA1, id, &id_size) >= 0 &&
       gnutls_x509_crl_set_authority_key_id (crl, id, id_size) >= 0 &&
       gnutls_x509_crl_set_number (crl, number, sizeof number) >= 0;

  serials = test_ca_registry_list_serials (self->registry);
  for (GList *l = serials; ok && l != NULL; l = l->next)
    {
      Revocation revocation;
      guint8 serial[64];
      gsize serial_size = sizeof serial;

      if (find_revocation (self, l->data, &revocation) && serial_from_hex (l->data, serial, &serial_size))
        ok = gnutls_x509_crl_set_crt_serial (crl, serial, serial_size, revocation.time) >= 0;
    }

  ok = ok &&
       gnutls_x509_crl_privkey_sign (crl, test_ca_authority_get_issuing (self->authority),
                                     test_ca_authority_get_issuing_key (self->authority), GNUTLS_DIG_SHA256, 0) >= 0 &&
       gnutls_x509_crl_export2 (crl, GNUTLS_X509_FMT_DER, &der) >= 0;
  gnutls_x509_crl_deinit (crl);

  if (!ok)
    {
      respond (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, NULL);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/pkix-crl", SOUP_MEMORY_COPY, (const char *) der.data, der.size);
  gnutls_free (der.data);
}

static void
answer_ca_issuers (TestCaRevocation  *self,
                   SoupServerMessage *message)
{
  gnutls_datum_t der = { NULL, 0 };

  if (gnutls_x509_crt_export2 (test_ca_authority_get_issuing (self->authority), GNUTLS_X509_FMT_DER, &der) < 0)
    {
      respond (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, NULL);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/pkix-cert", SOUP_MEMORY_COPY, (const char *) der.data, der.size);
  gnutls_free (der.data);
}

static JsonObject *
read_json (SoupServerMessage *message)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) size, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static void
respond_text (SoupServerMessage *message,
              guint              status,
              const char        *text)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
answer_revoke (TestCaRevocation  *self,
               SoupServerMessage *message)
{
  g_autoptr(JsonObject) request = read_json (message);
  const char *id = request != NULL ? json_object_get_string_member_with_default (request, "id", NULL) : NULL;
  const char *reason = request != NULL ? json_object_get_string_member_with_default (request, "reason", NULL) : NULL;
  Revocation *revocation;

  if (id == NULL || (reason != NULL && reason_from_name (reason) < 0))
    {
      respond_text (message, SOUP_STATUS_BAD_REQUEST, "{\"error\":\"expected {\\\"id\\\": serial or UUID, \\\"reason\\\": RFC 5280 name}\"}");
      return;
    }

  revocation = g_new0 (Revocation, 1);
  revocation->reason = reason_from_name (reason);
  revocation->time = now_seconds ();
  g_hash_table_replace (self->revoked, g_ascii_strdown (id, -1), revocation);
  respond_text (message, SOUP_STATUS_OK, "{}");
}

static gboolean
set_mode (char       **mode,
          const char  *value,
          const char  *const *allowed)
{
  if (value == NULL)
    return TRUE;
  if (!g_strv_contains (allowed, value))
    return FALSE;

  g_free (*mode);
  *mode = g_strdup (value);
  return TRUE;
}

static void
answer_admin (TestCaRevocation  *self,
              SoupServerMessage *message)
{
  static const char *const ocsp_modes[] = { "up", "down", "try-later", "wrong-signer", "unknown", NULL };
  static const char *const crl_modes[] = { "up", "down", NULL };
  g_autoptr(JsonObject) request = NULL;
  g_autofree char *text = NULL;

  if (soup_server_message_get_method (message) == SOUP_METHOD_POST)
    {
      request = read_json (message);
      if (request == NULL ||
          !set_mode (&self->ocsp_mode, json_object_get_string_member_with_default (request, "ocsp", NULL), ocsp_modes) ||
          !set_mode (&self->crl_mode, json_object_get_string_member_with_default (request, "crl", NULL), crl_modes))
        {
          respond_text (message, SOUP_STATUS_BAD_REQUEST, "{\"error\":\"unknown mode\"}");
          return;
        }
      if (json_object_has_member (request, "nextUpdateSeconds"))
        self->next_update_seconds = MAX (1, json_object_get_int_member (request, "nextUpdateSeconds"));
    }

  text = g_strdup_printf ("{\"ocspRequests\": %u, \"crlRequests\": %u, \"ocsp\": \"%s\", \"crl\": \"%s\", "
                          "\"nextUpdateSeconds\": %" G_GINT64_FORMAT "}",
                          self->ocsp_requests, self->crl_requests, self->ocsp_mode, self->crl_mode,
                          self->next_update_seconds);
  respond_text (message, SOUP_STATUS_OK, text);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  TestCaRevocation *self = user_data;
  const char *method = soup_server_message_get_method (message);
  gboolean post = method == SOUP_METHOD_POST;
  gboolean get = method == SOUP_METHOD_GET;

  if (g_str_equal (path, PATH_OCSP) && post)
    answer_ocsp (self, message);
  else if (g_str_equal (path, PATH_CRL) && get)
    answer_crl (self, message);
  else if (g_str_equal (path, PATH_CA_ISSUERS) && get)
    answer_ca_issuers (self, message);
  else if (g_str_equal (path, PATH_REVOKE) && post)
    answer_revoke (self, message);
  else if (g_str_equal (path, PATH_ADMIN) && (get || post))
    answer_admin (self, message);
  else
    respond (message, SOUP_STATUS_NOT_FOUND, NULL, NULL);
}

TestCaRevocation *
test_ca_revocation_new (TestCaAuthority *authority,
                        TestCaScenario  *scenario,
                        TestCaRegistry  *registry)
{
  TestCaRevocation *self;

  g_return_val_if_fail (TEST_CA_IS_AUTHORITY (authority), NULL);
  g_return_val_if_fail (TEST_CA_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (TEST_CA_IS_REGISTRY (registry), NULL);

  self = g_object_new (TEST_CA_TYPE_REVOCATION, NULL);
  self->authority = g_object_ref (authority);
  self->scenario = g_object_ref (scenario);
  self->registry = g_object_ref (registry);
  self->server = soup_server_new ("server-header", "oces-keeper-test-ca", NULL);
  soup_server_add_handler (self->server, NULL, handle, self, NULL);

  return self;
}

gboolean
test_ca_revocation_listen (TestCaRevocation  *self,
                           guint              port,
                           GError           **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);

  g_return_val_if_fail (TEST_CA_IS_REVOCATION (self), FALSE);

  return soup_server_listen (self->server, address, 0, error);
}

/* "http://127.0.0.1:N", the base of the URLs leaves carry. */
char *
test_ca_revocation_dup_url (TestCaRevocation *self)
{
  g_autoslist(GUri) uris = NULL;

  g_return_val_if_fail (TEST_CA_IS_REVOCATION (self), NULL);

  uris = soup_server_get_uris (self->server);
  return g_strdup_printf ("http://127.0.0.1:%d", uris != NULL ? g_uri_get_port (uris->data) : 0);
}
