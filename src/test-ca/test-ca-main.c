/* test-ca-main.c — oces-keeper-test-ca, the reference CA server for tests and the demo
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "test-ca-revocation.h"
#include "test-ca-server.h"

static const char description[] =
  "A TEST certificate authority that speaks OCES Keeper's issuance protocol\n"
  "(docs/protocol.md) on 127.0.0.1. Its certificates are OCES3-shaped and carry\n"
  "OU=Test - cti in the issuer, so they count as Test; they are worth nothing.\n"
  "Its keys are stored UNENCRYPTED (0600) in the state folder.\n"
  "\n"
  "When ready it prints one JSON line on stdout: {\"port\": N, \"url\": \"https://127.0.0.1:N\",\n"
  "\"revocationUrl\": \"http://127.0.0.1:M\"}.\n"
  "\n"
  "Endpoints:\n"
  "  POST /v1/certificates          {referenceNumber, oneTimeCode, csr}\n"
  "  POST /v1/certificates/renewal  {csr}, over mutual TLS with the current certificate\n"
  "  → 201 {certificate, chain: [issuing CA]} or {pkcs12, pkcs12Password};\n"
  "    errors: {errorReasonCode, message} with a 4xx/5xx status.\n"
  "\n"
  "Revocation, over plain HTTP on the revocationUrl port (the URLs every leaf carries):\n"
  "  POST /ocsp                               OCSP (RFC 6960), signed by the issuing CA\n"
  "  GET  /oces/issuing/1/crl/issuing.crl     the CRL;  GET /oces/issuing/1/cacert/issuing.cer\n"
  "  POST /test/revoke      {\"id\": \"<serial hex or UUID>\", \"reason\": \"keyCompromise\"}\n"
  "  POST /test/revocation  {\"ocsp\": \"up|down|try-later|wrong-signer|unknown\", \"crl\": \"up|down\",\n"
  "                          \"nextUpdateSeconds\": N};  GET /test/revocation: request counts\n"
  "\n"
  "Scenario file (JSON; re-read when it changes, and on SIGHUP): a list of profiles, or\n"
  "{\"profiles\": [...], \"revoked\": [\"<serial hex or UUID>\" or {\"id\": …, \"reason\": …}, ...]}.\n"
  "A profile:\n"
  "  referenceNumber, oneTimeCode  required; the code works once, five wrong codes lock it\n"
  "  cvr (8 digits), organisation, commonName  required\n"
  "  kind            \"system\" (default) or \"organisation\" (adds nonRepudiation)\n"
  "  email           optional, put in the subjectAltName\n"
  "  uuid            optional; random per issuance otherwise\n"
  "  emailValidated  default true;  false → 400 CertificateEmailNotValidated\n"
  "  renewalEnabled  default true;  false → 403 RenewalNotEnabled (IdM light not done)\n"
  "  oneTimeCodeExpired  default false; true → 400 OneTimeCodeExpired\n"
  "  revoked         default false; true → renewals answer 403 CertificateRevoked, OCSP and\n"
  "                  the CRL say revoked\n"
  "  answerPkcs12    default false; true → the CA makes the key and answers a PKCS#12\n"
  "  validityDays / validitySeconds  default 3 years minus 1 second\n"
  "  faults          a list of the faults below, applied to every request of the profile\n"
  "\n"
  "Faults (per profile, or per request in an X-Test-Fault header, comma-separated, only with\n"
  "--allow-fault-header):\n"
  "  delay:<ms>  close-mid-body  trickle  status:<400-599> (503: Retry-After 120, 429: Retry-After 30,\n"
  "  502: an HTML body)  non-json-body  truncated-json  oversized-body (2 MiB, chunked)\n"
  "  wrong-key  wrong-cvr  expired-certificate  untrusted-chain\n"
  "  ca-leaf (CA:TRUE)  wrong-key-usage (keyCertSign, cRLSign)  wrong-extended-key-usage\n"
  "  (codeSigning)  no-oces3-policy  prod-environment (issued by a CA under our root named\n"
  "  like a production issuer: O=Den Danske Stat, no Test OU)\n"
  "The status and body faults answer before anything is judged, so they use up no code.";

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_hangup (gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!test_ca_scenario_reload (user_data, &error))
    g_warning ("keeping the previous scenario: %s", error->message);

  return G_SOURCE_CONTINUE;
}

static gboolean
write_public_file (const char  *path,
                   const char  *contents,
                   GError     **error)
{
  return path == NULL || g_file_set_contents (path, contents, -1, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TestCaAuthority) authority = NULL;
  g_autoptr(TestCaScenario) scenario = NULL;
  g_autoptr(TestCaRegistry) registry = NULL;
  g_autoptr(TestCaServer) server = NULL;
  g_autoptr(TestCaRevocation) revocation = NULL;
  g_autofree char *revocation_url = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *scenario_path = NULL;
  g_autofree char *state_dir = NULL;
  g_autofree char *ca_path = NULL;
  g_autofree char *chain_path = NULL;
  g_autofree char *request_log = NULL;
  g_autofree char *url = NULL;
  g_autofree char *chain = NULL;
  int port = 0;
  int revocation_port = 0;
  gboolean plain_http = FALSE;
  gboolean trust_proxy_header = FALSE;
  gboolean allow_fault_header = FALSE;
  TestCaServerFlags flags = 0;
  const GOptionEntry entries[] = {
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_path, "The scenario file (JSON)", "FILE" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The port on 127.0.0.1; 0 picks a free one", "N" },
    { "revocation-port", 0, 0, G_OPTION_ARG_INT, &revocation_port,
      "The plain-HTTP port of the OCSP responder and the CRL; 0 picks a free one", "N" },
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &state_dir,
      "Keep the CA keys, certificates and issued-certificate registry here between runs "
      "(default: in memory only)", "DIR" },
    { "write-ca", 0, 0, G_OPTION_ARG_FILENAME, &ca_path,
      "Write the root CA certificate (PEM), the trust anchor for clients", "FILE" },
    { "write-chain", 0, 0, G_OPTION_ARG_FILENAME, &chain_path,
      "Write the issuing CA and the root (PEM), to verify client certificates with", "FILE" },
    { "plain-http", 0, 0, G_OPTION_ARG_NONE, &plain_http,
      "Listen for plain HTTP, behind a TLS-terminating proxy", NULL },
    { "trust-proxy-header", 0, 0, G_OPTION_ARG_NONE, &trust_proxy_header,
      "Take the renewal's client certificate from the X-Client-Cert header (URL-escaped PEM, "
      "as nginx's $ssl_client_escaped_cert); needs --plain-http", NULL },
    { "allow-fault-header", 0, 0, G_OPTION_ARG_NONE, &allow_fault_header,
      "Obey X-Test-Fault request headers", NULL },
    { "request-log", 0, 0, G_OPTION_ARG_FILENAME, &request_log,
      "Append a line for every request as it arrives: issue|renew and how many are in flight", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  options = g_option_context_new (NULL);
  g_option_context_set_summary (options, "The OCES Keeper reference CA (a test CA).");
  g_option_context_set_description (options, description);
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (trust_proxy_header && !plain_http)
    {
      g_printerr ("--trust-proxy-header needs --plain-http\n");
      return 2;
    }
  if (port < 0 || port > 65535 || revocation_port < 0 || revocation_port > 65535)
    {
      g_printerr ("--port and --revocation-port must be between 0 and 65535\n");
      return 2;
    }

  if (plain_http)
    flags |= TEST_CA_SERVER_PLAIN_HTTP;
  if (trust_proxy_header)
    flags |= TEST_CA_SERVER_TRUST_PROXY_HEADER;
  if (allow_fault_header)
    flags |= TEST_CA_SERVER_ALLOW_FAULT_HEADER;

  authority = test_ca_authority_new (state_dir, &error);
  if (authority == NULL)
    {
      g_printerr ("cannot set up the CA: %s\n", error->message);
      return 1;
    }

  chain = g_strconcat (test_ca_authority_get_issuing_pem (authority),
                       test_ca_authority_get_root_pem (authority), NULL);
  if (!write_public_file (ca_path, test_ca_authority_get_root_pem (authority), &error) ||
      !write_public_file (chain_path, chain, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  scenario = test_ca_scenario_new (scenario_path, &error);
  registry = scenario != NULL ? test_ca_registry_new (state_dir, &error) : NULL;
  if (scenario == NULL || registry == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* First: every leaf carries its address. */
  revocation = test_ca_revocation_new (authority, scenario, registry);
  if (!test_ca_revocation_listen (revocation, (guint) revocation_port, &error))
    {
      g_printerr ("cannot listen for revocation requests: %s\n", error->message);
      return 1;
    }
  revocation_url = test_ca_revocation_dup_url (revocation);
  test_ca_authority_set_revocation_url (authority, revocation_url);

  server = test_ca_server_new (authority, scenario, registry, flags);
  if (request_log != NULL && !test_ca_server_set_request_log (server, request_log, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (!test_ca_server_listen (server, (guint) port, &error))
    {
      g_printerr ("cannot listen: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  g_unix_signal_add (SIGHUP, on_hangup, scenario);

  url = test_ca_server_dup_url (server);
  g_print ("{\"port\": %u, \"url\": \"%s\", \"revocationUrl\": \"%s\"}\n",
           test_ca_server_get_port (server), url, revocation_url);
  fflush (stdout);

  g_main_loop_run (loop);
  return 0;
}
