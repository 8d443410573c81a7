/* test-ca-issuance.c — the reference CA's decisions: which answer an issue or renewal request
 * gets, and the certificate it signs
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/crypto.h>
#include <json-glib/json-glib.h>

#include "test-ca-issuance.h"

/* A CA-made key is a real leaf key: OCES3 size. */
#define PKCS12_KEY_BITS 3072
#define PKCS12_PASSWORD_BYTES 18

static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

/**
 * test_ca_request_new:
 * @body: the request body; a body that is not a JSON object leaves every field %NULL
 */
TestCaRequest *
test_ca_request_new (gboolean  renewal,
                     GBytes   *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  TestCaRequest *request = g_new0 (TestCaRequest, 1);
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  JsonNode *root;

  request->renewal = renewal;
  if (data == NULL || size == 0 || !json_parser_load_from_data (parser, data, size, NULL))
    return request;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return request;

  request->reference_number = dup_member (json_node_get_object (root), "referenceNumber");
  request->one_time_code = dup_member (json_node_get_object (root), "oneTimeCode");
  request->csr = dup_member (json_node_get_object (root), "csr");
  return request;
}

void
test_ca_request_free (TestCaRequest *request)
{
  if (request->one_time_code != NULL)
    gnutls_memset (request->one_time_code, 0, strlen (request->one_time_code));
  g_free (request->one_time_code);
  g_free (request->reference_number);
  g_free (request->csr);
  g_clear_pointer (&request->client, gnutls_x509_crt_deinit);
  g_clear_pointer (&request->profile, test_ca_profile_unref);
  g_free (request);
}

/**
 * test_ca_request_set_client:
 * @der: (nullable): the TLS peer certificate
 * @pem: (nullable): the certificate a trusted proxy forwarded
 *
 * Records that the client presented a certificate; one that cannot be read counts as
 * untrusted.
 */
void
test_ca_request_set_client (TestCaRequest       *request,
                            const TestCaContext *context,
                            const guint8        *der,
                            gsize                der_size,
                            const char          *pem)
{
  gnutls_datum_t datum;
  int ret;

  if (der == NULL && (pem == NULL || *pem == '\0'))
    return;

  request->has_client = TRUE;
  if (gnutls_x509_crt_init (&request->client) < 0)
    return;

  if (der != NULL)
    {
      datum.data = (unsigned char *) der;
      datum.size = (unsigned int) der_size;
      ret = gnutls_x509_crt_import (request->client, &datum, GNUTLS_X509_FMT_DER);
    }
  else
    {
      datum.data = (unsigned char *) pem;
      datum.size = (unsigned int) strlen (pem);
      ret = gnutls_x509_crt_import (request->client, &datum, GNUTLS_X509_FMT_PEM);
    }

  if (ret < 0)
    g_clear_pointer (&request->client, gnutls_x509_crt_deinit);
}

/* The profile decides the faults, so it is found before anything is judged: by reference
 * number for an issue, by the client certificate (its UUID, else its serial in the registry)
 * for a renewal. */
void
test_ca_request_find_profile (TestCaRequest       *request,
                              const TestCaContext *context)
{
  g_auto(TestCaSubject) subject = { NULL, };
  g_autofree char *serial = NULL;
  const char *reference_number;

  g_clear_pointer (&request->profile, test_ca_profile_unref);

  if (!request->renewal)
    {
      request->profile = test_ca_scenario_find_by_reference (context->scenario,
                                                             request->reference_number);
      return;
    }

  if (request->client == NULL ||
      test_ca_authority_check_client (context->authority, request->client) == TEST_CA_CLIENT_UNTRUSTED ||
      !test_ca_subject_read (&subject, request->client, NULL))
    return;

  request->profile = test_ca_scenario_find_by_uuid (context->scenario, subject.uuid);
  if (request->profile != NULL)
    return;

  serial = test_ca_crypto_get_serial_hex (request->client);
  reference_number = test_ca_registry_lookup_reference (context->registry, serial);
  request->profile = test_ca_scenario_find_by_reference (context->scenario, reference_number);
}

void
test_ca_issuance_respond_error (SoupServerMessage *message,
                                guint              status,
                                const char        *reason,
                                const char        *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *body;
  gsize length = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errorReasonCode");
  json_builder_add_string_value (builder, reason);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, &length);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE, body, length);
}

static void
respond_json (SoupServerMessage *message,
              JsonBuilder       *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length = 0;
  char *body;

  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, &length);
  soup_server_message_set_status (message, SOUP_STATUS_CREATED, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE, body, length);
}

static gboolean
respond_pkcs12 (const TestCaContext  *context,
                SoupServerMessage    *message,
                gnutls_x509_crt_t     leaf,
                gnutls_privkey_t      key,
                GError              **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) pkcs12 = NULL;
  g_autofree char *password = NULL;
  g_autofree char *encoded = NULL;
  guint8 random[PKCS12_PASSWORD_BYTES];

  if (!test_ca_crypto_check (gnutls_rnd (GNUTLS_RND_KEY, random, sizeof random), "password", error))
    return FALSE;

  password = g_base64_encode (random, sizeof random);
  pkcs12 = test_ca_leaf_make_pkcs12 (leaf, test_ca_authority_get_issuing (context->authority), key,
                                     password, error);
  if (pkcs12 == NULL)
    return FALSE;

  encoded = g_base64_encode (g_bytes_get_data (pkcs12, NULL), g_bytes_get_size (pkcs12));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pkcs12");
  json_builder_add_string_value (builder, encoded);
  json_builder_set_member_name (builder, "pkcs12Password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  respond_json (message, builder);
  return TRUE;
}

static gboolean
respond_certificate (const TestCaContext  *context,
                     SoupServerMessage    *message,
                     gnutls_x509_crt_t     leaf,
                     TestCaSigner          signer,
                     GError              **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *pem = test_ca_crypto_certificate_to_pem (leaf, error);

  if (pem == NULL)
    return FALSE;

  /* The chain is the CA that signed, except under the untrusted-chain fault: there it is the
   * issuing CA, the wrong chain for the leaf, which is the point. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "certificate");
  json_builder_add_string_value (builder, pem);
  json_builder_set_member_name (builder, "chain");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, test_ca_authority_get_signer_pem (context->authority, signer));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  respond_json (message, builder);
  return TRUE;
}

/* Signs a leaf for @subject and answers with it; the one-time code is used up only here, once
 * everything has succeeded. */
static void
sign_and_respond (const TestCaContext *context,
                  TestCaRequest       *request,
                  SoupServerMessage   *message,
                  TestCaSubject       *subject)
{
  const TestCaProfile *profile = request->profile;
  const TestCaFaults *faults = &request->faults;
  g_autoptr(GError) error = NULL;
  g_auto(gnutls_pubkey_t) requested_key = NULL;
  g_auto(gnutls_privkey_t) made_key = NULL;
  g_auto(gnutls_pubkey_t) made_public_key = NULL;
  g_auto(gnutls_x509_crt_t) leaf = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autofree char *serial = NULL;
  gnutls_pubkey_t key;
  TestCaSigner signer = faults->untrusted_chain ? TEST_CA_SIGNER_IMPOSTOR
                        : faults->prod_environment ? TEST_CA_SIGNER_PROD_LOOKALIKE
                        : TEST_CA_SIGNER_ISSUING;
  gboolean answered;

  requested_key = test_ca_leaf_read_csr (request->csr, &error);
  if (requested_key == NULL)
    {
      test_ca_issuance_respond_error (message, SOUP_STATUS_BAD_REQUEST, "InvalidCsr", error->message);
      return;
    }
  key = requested_key;

  if (profile->answer_pkcs12)
    {
      made_key = test_ca_crypto_load_or_generate_key (NULL, PKCS12_KEY_BITS, &error);
      if (made_key == NULL ||
          !test_ca_crypto_check (gnutls_pubkey_init (&made_public_key), "key", &error) ||
          !test_ca_crypto_check (gnutls_pubkey_import_privkey (made_public_key, made_key, 0, 0),
                                 "key", &error))
        goto failed;
      key = made_public_key;
    }
  else if (faults->wrong_key)
    {
      key = test_ca_authority_get_stray_key (context->authority, &error);
      if (key == NULL)
        goto failed;
    }

  if (faults->wrong_cvr)
    {
      g_free (subject->cvr);
      subject->cvr = g_strdup (g_str_equal (profile->cvr, "12345678") ? "87654321" : "12345678");
    }

  if (faults->expired_certificate)
    {
      not_after = g_date_time_add_days (now, -1);
      not_before = g_date_time_add (not_after, -profile->validity);
    }
  else
    {
      not_before = g_date_time_ref (now);
      not_after = g_date_time_add (now, profile->validity);
    }

  leaf = test_ca_authority_issue (context->authority, key, subject, not_before, not_after,
                                  signer, faults->leaf_flaws, &error);
  if (leaf == NULL)
    goto failed;

  answered = made_key != NULL ? respond_pkcs12 (context, message, leaf, made_key, &error)
                              : respond_certificate (context, message, leaf, signer, &error);
  if (!answered)
    goto failed;

  serial = test_ca_crypto_get_serial_hex (leaf);
  test_ca_registry_record (context->registry, serial, subject->uuid, profile->reference_number);
  if (!request->renewal)
    test_ca_registry_use_code (context->registry, profile->reference_number);

  g_message ("%s certificate %s (UUID %s) for %s", request->renewal ? "renewed" : "issued",
             serial, subject->uuid, profile->reference_number);
  return;

failed:
  g_warning ("cannot sign for %s: %s", profile->reference_number, error->message);
  test_ca_issuance_respond_error (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, "InternalServerError",
                                  "The CA could not sign the certificate");
}

static void
answer_issue (const TestCaContext *context,
              TestCaRequest       *request,
              SoupServerMessage   *message)
{
  const TestCaProfile *profile = request->profile;
  g_auto(TestCaSubject) subject = { NULL, };

  if (request->reference_number == NULL || request->one_time_code == NULL)
    {
      test_ca_issuance_respond_error (message, SOUP_STATUS_BAD_REQUEST, "InvalidRequest",
                                      "referenceNumber, oneTimeCode and csr are required");
      return;
    }

  if (profile == NULL)
    {
      test_ca_issuance_respond_error (message, SOUP_STATUS_NOT_FOUND, "ReferenceNumberNotFound",
                                      "The reference number was not found");
      return;
    }

  if (profile->one_time_code_expired)
    {
      test_ca_issuance_respond_error (message, SOUP_STATUS_BAD_REQUEST, "OneTimeCodeExpired",
                                      "The one-time code has expired");
      return;
    }

  switch (test_ca_registry_check_code (context->registry, profile->reference_number,
                                       profile->one_time_code, request->one_time_code))
    {
    case TEST_CA_CODE_WRONG:
      g_message ("one-time code rejected for %s", profile->reference_number);
      test_ca_issuance_respond_error (message, SOUP_STATUS_BAD_REQUEST, "InvalidOneTimeCode",
                                      "The one-time code is not valid");
      return;
    case TEST_CA_CODE_LOCKED:
      g_message ("one-time code rejected for %s (locked)", profile->reference_number);
      test_ca_issuance_respond_error (message, SOUP_STATUS_BAD_REQUEST, "OneTimeCodeExpired",
                                      "Too many wrong one-time codes; the code is locked");
      return;
    case TEST_CA_CODE_USED:
      g_message ("one-time code rejected for %s (already used)", profile->reference_number);
      test_ca_issuance_respond_error (message, SOUP_STATUS_BAD_REQUEST, "InvalidOneTimeCode",
                                      "The one-time code has already been used");
      return;
    case TEST_CA_CODE_ACCEPTED:
    default:
      break;
    }

  if (!profile->email_validated)
    {
      test_ca_issuance_respond_error (message, SOUP_STATUS_BAD_REQUEST,
                                      "CertificateEmailNotValidated",
                                      "Email used for the certificate is not validated!");
      return;
    }

  subject.common_name = g_strdup (profile->common_name);
  subject.uuid = profile->uuid != NULL ? g_strdup (profile->uuid) : g_uuid_string_random ();
  subject.organisation = g_strdup (profile->organisation);
  subject.cvr = g_strdup (profile->cvr);
  subject.email = g_strdup (profile->email);
  subject.kind = profile->kind;
  sign_and_respond (context, request, message, &subject);
}

static void
answer_renewal (const TestCaContext *context,
                TestCaRequest       *request,
                SoupServerMessage   *message)
{
  const TestCaProfile *profile = request->profile;
  g_auto(TestCaSubject) subject = { NULL, };
  g_autofree char *serial = NULL;

  if (!request->has_client)
    {
      test_ca_issuance_respond_error (message, SOUP_STATUS_UNAUTHORIZED, "ClientCertificateRequired",
                                      "Renewal requires the current certificate as TLS client "
                                      "certificate");
      return;
    }

  if (request->client == NULL)
    {
      test_ca_issuance_respond_error (message, SOUP_STATUS_FORBIDDEN, "ClientCertificateNotTrusted",
                                      "The client certificate was not issued by this CA");
      return;
    }

  switch (test_ca_authority_check_client (context->authority, request->client))
    {
    case TEST_CA_CLIENT_UNTRUSTED:
      test_ca_issuance_respond_error (message, SOUP_STATUS_FORBIDDEN, "ClientCertificateNotTrusted",
                                      "The client certificate was not issued by this CA");
      return;
    case TEST_CA_CLIENT_EXPIRED:
      test_ca_issuance_respond_error (message, SOUP_STATUS_FORBIDDEN, "CertificateExpired",
                                      "The certificate has expired and cannot be renewed");
      return;
    case TEST_CA_CLIENT_TRUSTED:
    default:
      break;
    }

  serial = test_ca_crypto_get_serial_hex (request->client);
  if (!test_ca_subject_read (&subject, request->client, NULL) || profile == NULL)
    {
      test_ca_issuance_respond_error (message, SOUP_STATUS_NOT_FOUND, "CertificateProfileNotFound",
                                      "No certificate profile matches the client certificate");
      return;
    }

  if (profile->revoked || test_ca_scenario_is_revoked (context->scenario, serial, subject.uuid))
    {
      test_ca_issuance_respond_error (message, SOUP_STATUS_FORBIDDEN, "CertificateRevoked",
                                      "The certificate has been revoked");
      return;
    }

  if (!profile->renewal_enabled)
    {
      test_ca_issuance_respond_error (message, SOUP_STATUS_FORBIDDEN, "RenewalNotEnabled",
                                      "Renewal is not enabled for this certificate");
      return;
    }

  if (!profile->email_validated)
    {
      test_ca_issuance_respond_error (message, SOUP_STATUS_BAD_REQUEST,
                                      "CertificateEmailNotValidated",
                                      "Email used for the certificate is not validated!");
      return;
    }

  /* A renewal keeps who the certificate is for; the profile only decides its kind and life. */
  subject.kind = profile->kind;
  sign_and_respond (context, request, message, &subject);
}

/**
 * test_ca_issuance_answer:
 *
 * Answers @message for @request, whose faults of the transport kind have been dealt with.
 */
void
test_ca_issuance_answer (const TestCaContext *context,
                         TestCaRequest       *request,
                         SoupServerMessage   *message)
{
  if (request->renewal)
    answer_renewal (context, request, message);
  else
    answer_issue (context, request, message);
}
