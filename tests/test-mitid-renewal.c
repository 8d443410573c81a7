/* test-mitid-renewal.c — renewal over mutual TLS against the real reference CA, directly and
 * behind nginx checking the client certificate
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>

#include "ok-issuance-test-util.h"
#include "ok-keys-test-util.h"
#include "ok-mitid-issuer.h"

#define UUID_RENEW "6a1f2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b"
#define UUID_LISTED "7b2e3c4d-5e6f-4a70-9b8c-0d1e2f3a4b5c"
#define NGINX "/usr/sbin/nginx"

static char *state_dir;
static char *work_dir;

static const char scenario_json[] =
  "{\"profiles\": ["
  " {\"referenceNumber\": \"RENEW-0001\", \"oneTimeCode\": \"C1\", \"cvr\": \"11223344\","
  "  \"organisation\": \"Fornyelse A/S\", \"commonName\": \"Fornyelse - signing\","
  "  \"kind\": \"organisation\", \"email\": \"pki@fornyelse.example\", \"uuid\": \"" UUID_RENEW "\"},"
  " {\"referenceNumber\": \"NOT-ENABLED-0002\", \"oneTimeCode\": \"C2\", \"cvr\": \"11223344\","
  "  \"organisation\": \"Fornyelse A/S\", \"commonName\": \"No IdM light\", \"renewalEnabled\": false},"
  " {\"referenceNumber\": \"REVOKED-0003\", \"oneTimeCode\": \"C3\", \"cvr\": \"11223344\","
  "  \"organisation\": \"Fornyelse A/S\", \"commonName\": \"Revoked\", \"revoked\": true},"
  " {\"referenceNumber\": \"EXPIRED-0004\", \"oneTimeCode\": \"C4\", \"cvr\": \"11223344\","
  "  \"organisation\": \"Fornyelse A/S\", \"commonName\": \"Expired\","
  "  \"faults\": [\"expired-certificate\"]},"
  " {\"referenceNumber\": \"LISTED-0005\", \"oneTimeCode\": \"C5\", \"cvr\": \"11223344\","
  "  \"organisation\": \"Fornyelse A/S\", \"commonName\": \"Listed\", \"uuid\": \"" UUID_LISTED "\"},"
  " {\"referenceNumber\": \"EMAIL-0006\", \"oneTimeCode\": \"C6\", \"cvr\": \"11223344\","
  "  \"organisation\": \"Fornyelse A/S\", \"commonName\": \"E-mail\", \"emailValidated\": %s},"
  " {\"referenceNumber\": \"IMPOSTOR-0007\", \"oneTimeCode\": \"C7\", \"cvr\": \"11223344\","
  "  \"organisation\": \"Fornyelse A/S\", \"commonName\": \"Impostor\","
  "  \"faults\": [\"untrusted-chain\"]}"
  "], \"revoked\": [\"" UUID_LISTED "\"]}";

static char *
make_scenario (gboolean email_validated)
{
  return g_strdup_printf (scenario_json, email_validated ? "true" : "false");
}

static OkIssuer *
make_issuer (const char *url,
             const char *ca_file)
{
  g_autoptr(GError) error = NULL;
  OkMitidIssuer *issuer = ok_mitid_issuer_new (url, ca_file, &error);

  g_assert_no_error (error);
  return OK_ISSUER (issuer);
}

/* Issues for @reference with a fresh openssl key and returns the certificate with that key,
 * as the client certificate of a renewal; @pem_path gets the certificate's file. */
static GTlsCertificate *
issue_client (OkIssuer    *issuer,
              const char  *reference,
              const char  *code,
              char       **pem_path)
{
  g_autofree char *csr = oki_make_csr (work_dir, reference, 2048);
  g_autofree char *key = g_strdup_printf ("%s/%s.key", work_dir, reference);
  g_autofree char *name = g_strconcat (reference, ".pem", NULL);
  g_autoptr(OkIssuance) issuance = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GTlsCertificate *certificate;

  issuance = oki_issue (issuer, reference, code, csr, NULL, &error);
  g_assert_no_error (error);

  path = oki_write_pem (work_dir, name, ok_issuance_get_certificate (issuance));
  certificate = g_tls_certificate_new_from_files (path, key, &error);
  g_assert_no_error (error);

  if (pem_path != NULL)
    *pem_path = g_steal_pointer (&path);
  return certificate;
}

static char *
subject_of (const char *path)
{
  const char *argv[] = { "openssl", "x509", "-in", path, "-noout", "-subject", "-ext",
                         "subjectAltName", NULL };

  return okt_run_ok (NULL, NULL, NULL, argv);
}

static char *
serial_of (const char *path)
{
  const char *argv[] = { "openssl", "x509", "-in", path, "-noout", "-serial", NULL };

  return okt_run_ok (NULL, NULL, NULL, argv);
}

static char *
public_key_of (const char *path,
               gboolean    is_request)
{
  const char *argv[] = { "openssl", is_request ? "req" : "x509", "-in", path, "-pubkey", "-noout",
                         NULL };

  return okt_run_ok (NULL, NULL, NULL, argv);
}

/* Renews @client and checks the answer keeps who the certificate is for, with the new key. */
static char *
renew_and_check (OkIssuer        *issuer,
                 GTlsCertificate *client,
                 const char      *client_path,
                 const char      *name)
{
  g_autofree char *csr = oki_make_csr (work_dir, name, 2048);
  g_autofree char *csr_path = g_strdup_printf ("%s/%s.csr", work_dir, name);
  g_autofree char *file = g_strconcat (name, ".pem", NULL);
  g_autoptr(OkIssuance) renewed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *renewed_path = NULL;
  g_autofree char *old_subject = NULL;
  g_autofree char *new_subject = NULL;
  g_autofree char *old_serial = NULL;
  g_autofree char *new_serial = NULL;
  g_autofree char *csr_key = NULL;
  g_autofree char *new_key = NULL;

  renewed = oki_renew (issuer, client, csr, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (ok_issuance_is_pkcs12 (renewed));

  renewed_path = oki_write_pem (work_dir, file, ok_issuance_get_certificate (renewed));
  old_subject = subject_of (client_path);
  new_subject = subject_of (renewed_path);
  g_assert_cmpstr (new_subject, ==, old_subject);
  g_assert_nonnull (strstr (new_subject, "serialNumber = UI:DK-O:G:" UUID_RENEW));
  g_assert_nonnull (strstr (new_subject, "organizationIdentifier = NTRDK-11223344"));
  g_assert_nonnull (strstr (new_subject, "email:pki@fornyelse.example"));

  old_serial = serial_of (client_path);
  new_serial = serial_of (renewed_path);
  g_assert_cmpstr (new_serial, !=, old_serial);

  csr_key = public_key_of (csr_path, TRUE);
  new_key = public_key_of (renewed_path, FALSE);
  g_assert_cmpstr (new_key, ==, csr_key);

  return g_steal_pointer (&renewed_path);
}

static GError *
renew_fails (OkIssuer        *issuer,
             GTlsCertificate *client)
{
  g_autofree char *csr = oki_make_csr (work_dir, "failing-renewal", 2048);
  g_autoptr(OkIssuance) issuance = NULL;
  GError *error = NULL;

  issuance = oki_renew (issuer, client, csr, NULL, &error);
  g_assert_null (issuance);
  g_assert_nonnull (error);
  return error;
}

static void
test_renew_success (void)
{
  g_autofree char *scenario = make_scenario (TRUE);
  g_autoptr(OkiCa) ca = oki_ca_start (state_dir, scenario, NULL);
  g_autoptr(OkIssuer) issuer = make_issuer (ca->url, ca->ca_file);
  g_autofree char *client_path = NULL;
  g_autoptr(GTlsCertificate) client = issue_client (issuer, "RENEW-0001", "C1", &client_path);
  g_autofree char *renewed_path = renew_and_check (issuer, client, client_path, "renewed-1");
  g_autofree char *renewed_key = g_strdup_printf ("%s/renewed-1.key", work_dir);
  g_autoptr(GTlsCertificate) renewed = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;

  /* The renewed certificate renews in turn: the chain of renewals keeps the UUID. */
  renewed = g_tls_certificate_new_from_files (renewed_path, renewed_key, &error);
  g_assert_no_error (error);
  again = renew_and_check (issuer, renewed, renewed_path, "renewed-2");
}

static void
test_renew_refused (void)
{
  g_autofree char *scenario = make_scenario (TRUE);
  g_autoptr(OkiCa) ca = oki_ca_start (state_dir, scenario, NULL);
  g_autoptr(OkIssuer) issuer = make_issuer (ca->url, ca->ca_file);
  g_autoptr(GTlsCertificate) not_enabled = issue_client (issuer, "NOT-ENABLED-0002", "C2", NULL);
  g_autoptr(GTlsCertificate) revoked = issue_client (issuer, "REVOKED-0003", "C3", NULL);
  g_autoptr(GTlsCertificate) expired = issue_client (issuer, "EXPIRED-0004", "C4", NULL);
  g_autoptr(GTlsCertificate) listed = issue_client (issuer, "LISTED-0005", "C5", NULL);
  g_autoptr(GTlsCertificate) impostor = issue_client (issuer, "IMPOSTOR-0007", "C7", NULL);
  g_autoptr(GTlsCertificate) foreign = NULL;
  g_autofree char *foreign_key = g_build_filename (work_dir, "foreign.key", NULL);
  g_autofree char *foreign_cert = g_build_filename (work_dir, "foreign.pem", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-keyout", foreign_key, "-out", foreign_cert, "-days", "2",
                         "-subj", "/CN=Foreign/serialNumber=UI:DK-O:G:" UUID_RENEW "/O=Fornyelse A/S/C=DK",
                         NULL };

  error = renew_fails (issuer, not_enabled);
  oki_assert_issuer_error (error, OK_ISSUER_ERROR_RENEWAL_NOT_ENABLED, 403);
  g_clear_error (&error);

  error = renew_fails (issuer, revoked);
  oki_assert_issuer_error (error, OK_ISSUER_ERROR_CERTIFICATE_REVOKED, 403);
  g_clear_error (&error);

  error = renew_fails (issuer, listed);
  oki_assert_issuer_error (error, OK_ISSUER_ERROR_CERTIFICATE_REVOKED, 403);
  g_clear_error (&error);

  error = renew_fails (issuer, expired);
  oki_assert_issuer_error (error, OK_ISSUER_ERROR_CERTIFICATE_EXPIRED, 403);
  g_clear_error (&error);

  /* No client certificate at all: the CA's own reason, shown with its message. */
  error = renew_fails (issuer, NULL);
  oki_assert_issuer_error (error, OK_ISSUER_ERROR_UNKNOWN_REASON, 401);
  g_assert_cmpstr (ok_issuer_error_get_reason_code (error), ==, "ClientCertificateRequired");
  g_clear_error (&error);

  /* A stranger's certificate, and one signed by a CA that only has our issuing CA's name. */
  out = okt_run_ok (NULL, NULL, NULL, argv);
  foreign = g_tls_certificate_new_from_files (foreign_cert, foreign_key, &error);
  g_assert_no_error (error);
  error = renew_fails (issuer, foreign);
  oki_assert_issuer_error (error, OK_ISSUER_ERROR_UNKNOWN_REASON, 403);
  g_assert_cmpstr (ok_issuer_error_get_reason_code (error), ==, "ClientCertificateNotTrusted");
  g_clear_error (&error);

  error = renew_fails (issuer, impostor);
  oki_assert_issuer_error (error, OK_ISSUER_ERROR_UNKNOWN_REASON, 403);
  g_assert_cmpstr (ok_issuer_error_get_reason_code (error), ==, "ClientCertificateNotTrusted");
}

static void
test_renew_email_not_validated (void)
{
  g_autofree char *validated = make_scenario (TRUE);
  g_autofree char *unvalidated = make_scenario (FALSE);
  g_autoptr(OkiCa) ca = oki_ca_start (state_dir, validated, NULL);
  g_autoptr(OkIssuer) issuer = make_issuer (ca->url, ca->ca_file);
  g_autoptr(GTlsCertificate) client = issue_client (issuer, "EMAIL-0006", "C6", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OkIssuance) renewed = NULL;
  g_autofree char *csr = NULL;

  oki_ca_set_scenario (ca, unvalidated);
  error = renew_fails (issuer, client);
  oki_assert_issuer_error (error, OK_ISSUER_ERROR_CERTIFICATE_EMAIL_NOT_VALIDATED, 400);
  g_clear_error (&error);

  /* The profile is found through the registry (no UUID in the scenario) and renews once the
   * e-mail is validated again. */
  oki_ca_set_scenario (ca, validated);
  csr = oki_make_csr (work_dir, "email-renewal", 2048);
  renewed = oki_renew (issuer, client, csr, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (renewed);
}

/* nginx as a real TLS terminator: it checks the client certificate against our CA and hands
 * it to the reference CA in X-Client-Cert. */
typedef struct {
  GSubprocess *process;
  char *dir;
  char *server_certificate;
  char *url;
} Nginx;

static void
nginx_stop (Nginx *nginx)
{
  if (nginx->process != NULL)
    {
      g_subprocess_send_signal (nginx->process, SIGTERM);
      g_subprocess_wait (nginx->process, NULL, NULL);
      g_clear_object (&nginx->process);
    }
  okt_remove_tree (nginx->dir);
  g_free (nginx->dir);
  g_free (nginx->server_certificate);
  g_free (nginx->url);
  g_free (nginx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Nginx, nginx_stop)

static guint
free_port (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static Nginx *
nginx_start (guint       backend_port,
             const char *client_ca_file)
{
  Nginx *nginx = g_new0 (Nginx, 1);
  g_autofree char *key = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *error_log = NULL;
  g_autofree char *global = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  guint port = free_port ();
  gboolean up = FALSE;

  oki_launcher_tie_to_parent (launcher);
  nginx->dir = okt_make_tmpdir ();
  nginx->server_certificate = g_build_filename (nginx->dir, "server.pem", NULL);
  key = g_build_filename (nginx->dir, "server.key", NULL);
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", key, "-out", nginx->server_certificate, "-days", "2",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                           NULL };

    out = okt_run_ok (NULL, NULL, NULL, argv);
  }

  /* One process (no workers that would switch to another user when we run as root), every
   * path inside our folder. */
  config = g_strdup_printf ("master_process off;\n"
                            "events { worker_connections 32; }\n"
                            "http {\n"
                            "  access_log %1$s/access.log;\n"
                            "  client_body_temp_path %1$s/body;\n"
                            "  proxy_temp_path %1$s/proxy;\n"
                            "  fastcgi_temp_path %1$s/fastcgi;\n"
                            "  uwsgi_temp_path %1$s/uwsgi;\n"
                            "  scgi_temp_path %1$s/scgi;\n"
                            "  server {\n"
                            "    listen 127.0.0.1:%2$u ssl;\n"
                            "    ssl_certificate %3$s;\n"
                            "    ssl_certificate_key %4$s;\n"
                            "    ssl_verify_client on;\n"
                            "    ssl_client_certificate %5$s;\n"
                            "    ssl_verify_depth 2;\n"
                            "    location / {\n"
                            "      proxy_pass http://127.0.0.1:%6$u;\n"
                            "      proxy_set_header X-Client-Cert $ssl_client_escaped_cert;\n"
                            "    }\n"
                            "  }\n"
                            "}\n",
                            nginx->dir, port, nginx->server_certificate, key, client_ca_file,
                            backend_port);
  config_path = g_build_filename (nginx->dir, "nginx.conf", NULL);
  okt_write_text (config_path, config);
  error_log = g_build_filename (nginx->dir, "error.log", NULL);
  global = g_strdup_printf ("daemon off; pid %s/nginx.pid; error_log %s;", nginx->dir, error_log);

  nginx->process = g_subprocess_launcher_spawn (launcher, &error, NGINX, "-p", nginx->dir,
                                                "-c", config_path, "-e", error_log, "-g", global,
                                                NULL);
  g_assert_no_error (error);

  for (guint i = 0; i < 100 && !up; i++)
    {
      g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                                                 (guint16) port,
                                                                                 NULL, NULL);
      up = connection != NULL;
      if (!up)
        g_usleep (50 * 1000);
    }
  g_assert_true (up);

  nginx->url = g_strdup_printf ("https://127.0.0.1:%u", port);
  return nginx;
}

static void
test_renew_behind_nginx (void)
{
  const char *behind_proxy[] = { "--plain-http", "--trust-proxy-header", "--port", "0", NULL };
  g_autofree char *scenario = make_scenario (TRUE);
  g_autoptr(OkiCa) direct = NULL;
  g_autoptr(OkiCa) backend = NULL;
  g_autoptr(Nginx) nginx = NULL;
  g_autoptr(OkIssuer) issuer = NULL;
  g_autoptr(OkIssuer) proxied = NULL;
  g_autoptr(GTlsCertificate) client = NULL;
  g_autofree char *client_path = NULL;
  g_autofree char *renewed_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detailed = NULL;

  if (!g_file_test (NGINX, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("nginx is not installed (" NGINX "; Debian package nginx-light)");
      return;
    }

  /* Issue over the CA's own TLS, then renew through nginx to a second instance of the same CA
   * (same state folder) that listens for plain HTTP behind it. */
  direct = oki_ca_start (state_dir, scenario, NULL);
  issuer = make_issuer (direct->url, direct->ca_file);
  client = issue_client (issuer, "RENEW-0001", "C1", &client_path);

  backend = oki_ca_start (state_dir, scenario, behind_proxy);
  g_assert_true (g_str_has_prefix (backend->url, "http://"));
  nginx = nginx_start (backend->port, backend->chain_file);
  proxied = make_issuer (nginx->url, nginx->server_certificate);

  renewed_path = renew_and_check (proxied, client, client_path, "renewed-nginx");

  /* Without a client certificate nginx itself refuses, in HTML. */
  error = renew_fails (proxied, NULL);
  oki_assert_issuer_error (error, OK_ISSUER_ERROR_BAD_RESPONSE, 400);
  detailed = ok_issuer_error_dup_detailed_error (error);
  g_assert_nonnull (strstr (detailed, "No required SSL certificate was sent"));
}

/* The proxy header is believed only when asked for: a plain-HTTP CA without
 * --trust-proxy-header treats it as absent. */
static void
test_proxy_header_ignored (void)
{
  const char *plain[] = { "--plain-http", NULL };
  const char *trust_without_plain[] = { "--trust-proxy-header", NULL };
  g_autofree char *scenario = make_scenario (TRUE);
  g_autoptr(OkiCa) backend = oki_ca_start (state_dir, scenario, plain);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (backend->url, "/v1/certificates/renewal", NULL);
  g_autofree char *text = NULL;
  g_autoptr(OktResult) refused = NULL;
  g_autofree char *chain = NULL;
  g_autofree char *escaped = NULL;
  const char *server = g_getenv ("OK_TEST_CA");
  const char *argv[] = { server, "--port", "0", trust_without_plain[0], NULL };

  g_file_get_contents (backend->chain_file, &chain, NULL, &error);
  g_assert_no_error (error);
  escaped = g_uri_escape_string (chain, NULL, FALSE);

  message = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_headers_replace (soup_message_get_request_headers (message), "X-Client-Cert", escaped);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 401);
  text = okt_bytes_to_text (body);
  g_assert_nonnull (strstr (text, "ClientCertificateRequired"));

  /* And the option is refused where no proxy can stand in front. */
  refused = okt_run (NULL, NULL, NULL, argv);
  g_assert_cmpint (refused->exit_status, !=, 0);
  g_assert_nonnull (strstr (refused->err, "--plain-http"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!oki_have_test_ca ())
    {
      g_test_skip ("OK_TEST_CA does not name the oces-keeper-test-ca program");
      return g_test_run ();
    }

  state_dir = okt_make_tmpdir ();
  work_dir = okt_make_tmpdir ();

  g_test_add_func ("/mitid-renewal/success", test_renew_success);
  g_test_add_func ("/mitid-renewal/refused", test_renew_refused);
  g_test_add_func ("/mitid-renewal/email-not-validated", test_renew_email_not_validated);
  g_test_add_func ("/mitid-renewal/nginx", test_renew_behind_nginx);
  g_test_add_func ("/mitid-renewal/proxy-header-ignored", test_proxy_header_ignored);

  status = g_test_run ();

  okt_remove_tree (work_dir);
  okt_remove_tree (state_dir);
  g_free (work_dir);
  g_free (state_dir);
  return status;
}
