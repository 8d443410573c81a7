/* test-revocation.c — the revocation watch through oces-keeper-cli against the reference CA's
 * OCSP responder and CRL (good, revoked, responder down, CRL fallback, a forged answer, the
 * cache), and the checker against `openssl ocsp` as an independent responder
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>

#include "ok-automation-test-util.h"
#include "ok-certificate.h"
#include "ok-revocation.h"

#define DAY (24 * 60 * 60)

static const char scenario[] = OKA_SCENARIO (
  OKA_PROFILE ("REF-REV-GOOD", "4000-0001", "40000001", "Revocation good", "") ","
  OKA_PROFILE ("REF-REV-REVOKED", "4000-0002", "40000002", "Revocation revoked",
               ",\"validityDays\":10,\"revoked\":true") ","
  OKA_PROFILE ("REF-REV-LATER", "4000-0003", "40000003", "Revocation later", "") ","
  OKA_PROFILE ("REF-REV-DOWN", "4000-0004", "40000004", "Revocation down", "") ","
  OKA_PROFILE ("REF-REV-CRL", "4000-0005", "40000005", "Revocation CRL", ",\"revoked\":true") ","
  OKA_PROFILE ("REF-REV-CRL-GOOD", "4000-0006", "40000006", "Revocation CRL good", "") ","
  OKA_PROFILE ("REF-REV-FORGED", "4000-0007", "40000007", "Revocation forged", "") ","
  OKA_PROFILE ("REF-REV-CACHE", "4000-0008", "40000008", "Revocation cache", ""));

static void
fixture_set_up (OkaFixture    *fixture,
                gconstpointer  with_ca)
{
  oka_fixture_set_up (fixture, with_ca != NULL ? scenario : NULL);
}

static void
fixture_tear_down (OkaFixture    *fixture,
                   gconstpointer  data)
{
  oka_fixture_tear_down (fixture);
}

/* ---- the reference CA's admin path ------------------------------------------------------- */

static JsonObject *
admin (OkaFixture *fixture,
       const char *path,
       const char *json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (fixture->ca->revocation_url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (json != NULL ? SOUP_METHOD_POST : SOUP_METHOD_GET, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (json != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (json, strlen (json));
      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
set_responders (OkaFixture *fixture,
                const char *json)
{
  g_autoptr(JsonObject) answer = admin (fixture, "/test/revocation", json);
}

static gint64
requests (OkaFixture *fixture,
          const char *which)
{
  g_autoptr(JsonObject) stats = admin (fixture, "/test/revocation", NULL);

  return json_object_get_int_member (stats, which);
}

/* ---- the CLI -------------------------------------------------------------------------------- */

/* `oces-keeper-cli ARGS…` with the clock of the whole process @offset seconds ahead. */
static OktResult *
cli_later (OkaFixture *fixture,
           gint64      offset,
           const char *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) env = g_ptr_array_new ();
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC + offset);
  va_list args;

  g_ptr_array_add (argv, g_strdup ("faketime"));
  g_ptr_array_add (argv, g_strdup ("-f"));
  g_ptr_array_add (argv, g_date_time_format (when, "@%Y-%m-%d %H:%M:%S"));
  g_ptr_array_add (argv, g_strdup (g_getenv ("OK_CLI")));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  for (const char **pair = (const char *[]) { "OK_DATA_DIR", fixture->store, "LC_ALL", "C.UTF-8", "TZ", "UTC",
                                              "FAKETIME_DONT_FAKE_MONOTONIC", "1", NULL };
       *pair != NULL; pair += 2)
    {
      g_ptr_array_add (env, (gpointer) pair[0]);
      g_ptr_array_add (env, (gpointer) pair[1]);
    }
  for (guint i = 0; fixture->env[i] != NULL; i++)
    g_ptr_array_add (env, fixture->env[i]);
  g_ptr_array_add (env, NULL);

  return okt_run (NULL, (const char * const *) env->pdata, NULL, (const char * const *) argv->pdata);
}

static JsonObject *
revocation_of (JsonNode *shown)
{
  return json_object_get_object_member (json_node_get_object (shown), "revocation");
}

static const char *
state_of (JsonNode *shown)
{
  return json_object_get_string_member (json_node_get_object (shown), "state");
}

/* The notices a `monitor --once --json` printed (an array of ok_notice_to_json() objects). */
static JsonArray *
notices_of (JsonNode *report)
{
  JsonObject *object = json_node_get_object (report);

  return json_object_get_array_member (object, "notices");
}

static guint
count_notices (JsonNode   *report,
               const char *kind,
               const char *id)
{
  JsonArray *notices = notices_of (report);
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (notices); i++)
    {
      JsonObject *notice = json_array_get_object_element (notices, i);

      if (g_str_equal (json_object_get_string_member (notice, "kind"), kind) &&
          g_str_equal (json_object_get_string_member (notice, "certificate_id"), id))
        count++;
    }

  return count;
}

static JsonNode *
monitor_once (OkaFixture *fixture,
              gint64      offset)
{
  g_autoptr(OktResult) run = offset != 0 ? cli_later (fixture, offset, "monitor", "--once", "--json", NULL)
                                         : oka_cli (fixture, NULL, "monitor", "--once", "--json", NULL);

  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *report;

  /* 4 while a certificate is revoked, as for an expired one. */
  if (run->exit_status != 0 && run->exit_status != 4)
    g_error ("monitor --once failed (%d): %s", run->exit_status, run->err);
  /* Quiet: a revocation answer that did not come is nobody's business on the terminal. */
  g_assert_cmpstr (run->err, ==, "");
  out = ok_test_cli_stdout (run);
  report = json_from_string (out, &error);
  g_assert_no_error (error);
  return report;
}

static gboolean
log_has (OkaFixture *fixture,
         const char *id,
         const char *type)
{
  g_autoptr(JsonNode) log = oka_log (fixture, id);
  JsonArray *events = json_node_get_array (log);

  for (guint i = 0; i < json_array_get_length (events); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (events, i), "type"), type))
      return TRUE;

  return FALSE;
}

/* The certificate and its issuing CA as PEM files, exported by the CLI. */
static void
export_pem (OkaFixture  *fixture,
            const char  *id,
            char       **leaf,
            char       **issuer)
{
  g_autoptr(OktResult) exported_leaf = NULL;
  g_autoptr(OktResult) exported_chain = NULL;

  *leaf = g_strdup_printf ("%s/%s-leaf.pem", fixture->work, id);
  *issuer = g_strdup_printf ("%s/%s-chain.pem", fixture->work, id);
  exported_leaf = oka_cli (fixture, NULL, "export", id, "--format", "pem", "--output", *leaf, NULL);
  exported_chain = oka_cli (fixture, NULL, "export", id, "--format", "chain", "--output", *issuer, NULL);
  g_assert_cmpint (exported_leaf->exit_status, ==, 0);
  g_assert_cmpint (exported_chain->exit_status, ==, 0);
}

/* What `openssl ocsp` as a client makes of the reference CA's responder: an independent check
 * of the DER it answers with and of its signature. */
static char *
openssl_asks (OkaFixture *fixture,
              const char *id)
{
  g_autofree char *leaf = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *url = g_strconcat (fixture->ca->revocation_url, "/ocsp", NULL);
  g_autoptr(OktResult) asked = NULL;

  export_pem (fixture, id, &leaf, &issuer);
  asked = okt_run (NULL, NULL, NULL, (const char *[]) { "openssl", "ocsp", "-issuer", issuer, "-cert", leaf,
                                                         "-url", url, "-CAfile", fixture->ca->ca_file,
                                                         "-VAfile", issuer, NULL });
  g_assert_cmpint (asked->exit_status, ==, 0);
  g_assert_nonnull (strstr (asked->err, "Response verify OK"));

  return okt_bytes_to_text (asked->out);
}

/* ---- tests: the reference CA ----------------------------------------------------------------- */

static void
test_good (OkaFixture    *fixture,
           gconstpointer  data)
{
  g_autofree char *id = oka_issue (fixture, "REF-REV-GOOD", "4000-0001", NULL);
  g_autoptr(JsonNode) shown = oka_show (fixture, id);
  JsonObject *revocation = revocation_of (shown);
  g_autofree char *independent = NULL;
  g_autoptr(OktResult) text = oka_cli (fixture, NULL, "show", id, NULL);
  g_autofree char *show_text = ok_test_cli_stdout (text);

  /* Asked right after the issuance, by OCSP, and the answer kept until its nextUpdate. */
  g_assert_cmpstr (json_object_get_string_member (revocation, "status"), ==, "good");
  g_assert_cmpstr (json_object_get_string_member (revocation, "source"), ==, "ocsp");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (revocation, "url"), fixture->ca->revocation_url));
  g_assert_nonnull (json_object_get_string_member (revocation, "checked"));
  g_assert_nonnull (json_object_get_string_member (revocation, "next_update"));
  g_assert_true (json_object_get_null_member (revocation, "failure"));
  g_assert_cmpstr (state_of (shown), ==, "valid");
  g_assert_cmpint (requests (fixture, "ocspRequests"), ==, 1);
  g_assert_cmpint (requests (fixture, "crlRequests"), ==, 0);
  independent = openssl_asks (fixture, id);
  g_assert_nonnull (strstr (independent, ": good"));
  g_assert_nonnull (strstr (show_text, "not revoked"));

  /* A pass right after has nothing to ask. */
  {
    g_autoptr(JsonNode) report = monitor_once (fixture, 0);
    g_assert_cmpuint (json_array_get_length (notices_of (report)), ==, 0);
    g_assert_cmpint (requests (fixture, "ocspRequests"), ==, 2);   /* ours and openssl's */
  }
}

/* Revoked when issued (the profile): found right after the issuance, Revoked everywhere, one
 * urgent notice, never sent for renewal though inside its renewal window. */
static void
test_revoked (OkaFixture    *fixture,
              gconstpointer  data)
{
  g_autofree char *id = oka_issue (fixture, "REF-REV-REVOKED", "4000-0002", NULL);
  g_autoptr(JsonNode) shown = oka_show (fixture, id);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autofree char *independent = openssl_asks (fixture, id);
  JsonObject *revocation = revocation_of (shown);
  JsonObject *renewal = json_object_get_object_member (json_node_get_object (shown), "renewal");

  g_assert_cmpstr (state_of (shown), ==, "revoked");
  g_assert_cmpstr (json_object_get_string_member (revocation, "status"), ==, "revoked");
  g_assert_nonnull (json_object_get_string_member (revocation, "revoked_at"));
  g_assert_false (json_object_get_boolean_member (renewal, "automatic"));
  g_assert_nonnull (json_object_get_string_member (renewal, "refusal"));
  g_assert_true (json_object_get_null_member (renewal, "next_attempt"));
  g_assert_true (log_has (fixture, id, "REVOKED"));
  g_assert_nonnull (strstr (independent, ": revoked"));

  first = monitor_once (fixture, 0);
  g_assert_cmpuint (count_notices (first, "revoked", id), ==, 1);
  {
    JsonObject *notice = json_array_get_object_element (notices_of (first), 0);
    g_assert_cmpstr (json_object_get_string_member (notice, "priority"), ==, "urgent");
    g_assert_false (json_object_get_boolean_member (notice, "can_renew"));
  }
  /* Once per serial; and a revoked certificate is never asked about again. */
  second = monitor_once (fixture, 0);
  g_assert_cmpuint (json_array_get_length (notices_of (second)), ==, 0);
  g_assert_cmpint (requests (fixture, "ocspRequests"), ==, 2);   /* ours and openssl's */

  /* Inside its renewal window, and yet: no renewal attempt by the monitor or renew --due. */
  {
    g_autoptr(OktResult) due = oka_cli (fixture, NULL, "renew", "--due", NULL);
    g_autofree char *due_text = ok_test_cli_stdout (due);
    g_autoptr(OktResult) renew = oka_cli (fixture, NULL, "renew", id, NULL);

    g_assert_nonnull (strstr (due_text, "revoked"));
    g_assert_cmpint (renew->exit_status, ==, 4);
    g_assert_false (log_has (fixture, id, "RENEWED"));
    g_assert_false (log_has (fixture, id, "RENEW_ERROR"));
  }

  /* Shown as Revoked wherever states are shown. */
  {
    g_autoptr(OktResult) list = oka_cli (fixture, NULL, "list", NULL);
    g_autoptr(OktResult) show = oka_cli (fixture, NULL, "show", id, NULL);
    g_autoptr(OktResult) status = oka_cli (fixture, NULL, "status", NULL);
    g_autoptr(OktResult) status_json = oka_cli (fixture, NULL, "status", "--json", NULL);
    g_autoptr(OktResult) metrics = oka_cli (fixture, NULL, "status", "--format=prometheus", NULL);
    g_autofree char *status_json_text = ok_test_cli_stdout (status_json);
    g_autoptr(JsonNode) statuses = json_from_string (status_json_text, NULL);
    g_autofree char *list_text = ok_test_cli_stdout (list);
    g_autofree char *show_text = ok_test_cli_stdout (show);
    g_autofree char *status_text = ok_test_cli_stdout (status);
    g_autofree char *metrics_text = ok_test_cli_stdout (metrics);
    g_autofree char *sample = g_strdup_printf ("oces_certificate_revoked{id=\"%s\",", id);
    const char *promtool[] = { "promtool", "check", "metrics", NULL };
    g_autoptr(OktResult) checked = okt_run (NULL, NULL, metrics->out, promtool);
    const char *line;

    listed = ok_test_cli_list (fixture->store);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (listed), 0), "state"),
                     ==, "revoked");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (statuses), 0), "state"),
                     ==, "revoked");
    g_assert_nonnull (strstr (list_text, "Revoked"));
    g_assert_nonnull (strstr (show_text, "State:                 Revoked"));
    g_assert_nonnull (strstr (show_text, "MitID Erhverv"));
    g_assert_nonnull (strstr (status_text, "Revoked"));
    /* Like an expired one, it can no longer be used: status says so in its exit code. */
    g_assert_cmpint (status->exit_status, ==, 4);
    g_assert_cmpint (status_json->exit_status, ==, 4);
    if (checked->exit_status != 0)
      g_error ("promtool check metrics: %s", checked->err);
    line = strstr (metrics_text, sample);
    g_assert_nonnull (line);
    g_assert_true (g_str_has_prefix (strchr (line, '}'), "} 1\n"));
  }
}

/* Revoked at run time after a good answer: the daily look finds it (and the answer comes from
 * a responder whose nextUpdate covers the faked day). */
static void
test_revoked_later (OkaFixture    *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = oka_issue (fixture, "REF-REV-LATER", "4000-0003", NULL);
  g_autoptr(JsonNode) shown = oka_show (fixture, id);
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) after = NULL;
  const char *serial = json_object_get_string_member (json_object_get_object_member (json_node_get_object (shown), "certificate"),
                                                      "serial");
  g_autofree char *revoke = NULL;
  g_autofree char *hex = g_strdelimit (g_ascii_strdown (serial, -1), ":", ' ');
  g_autoptr(GString) compact = g_string_new (NULL);

  for (const char *p = hex; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (compact, *p);
  revoke = g_strdup_printf ("{\"id\": \"%s\", \"reason\": \"keyCompromise\"}", compact->str);
  g_assert_cmpstr (json_object_get_string_member (revocation_of (shown), "status"), ==, "good");

  g_clear_pointer (&shown, json_node_unref);
  {
    g_autoptr(JsonObject) answer = admin (fixture, "/test/revoke", revoke);
  }
  set_responders (fixture, "{\"nextUpdateSeconds\": 864000}");

  /* Within the day, the cached answer stands. */
  report = monitor_once (fixture, 0);
  g_assert_cmpuint (json_array_get_length (notices_of (report)), ==, 0);
  g_clear_pointer (&report, json_node_unref);

  report = monitor_once (fixture, DAY + 3600);
  g_assert_cmpuint (count_notices (report, "revoked", id), ==, 1);
  after = oka_show (fixture, id);
  g_assert_cmpstr (state_of (after), ==, "revoked");
  g_assert_cmpstr (json_object_get_string_member (revocation_of (after), "reason"), ==, "keyCompromise");
  g_assert_true (log_has (fixture, id, "REVOKED"));
}

/* The responder and the CRL down, then the CA gone: unknown, quietly; nothing changes. */
static void
test_responder_down (OkaFixture    *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) report = NULL;
  JsonObject *revocation;

  set_responders (fixture, "{\"ocsp\": \"down\", \"crl\": \"down\"}");
  id = oka_issue (fixture, "REF-REV-DOWN", "4000-0004", NULL);
  shown = oka_show (fixture, id);
  revocation = revocation_of (shown);
  g_assert_cmpstr (state_of (shown), ==, "valid");
  g_assert_cmpstr (json_object_get_string_member (revocation, "status"), ==, "unknown");
  g_assert_nonnull (strstr (json_object_get_string_member (revocation, "failure"), "HTTP 503"));
  g_assert_cmpint (requests (fixture, "ocspRequests"), ==, 1);
  g_assert_cmpint (requests (fixture, "crlRequests"), ==, 1);

  /* The CA is gone altogether; an hour later the pass tries again, says nothing, changes nothing. */
  g_clear_pointer (&fixture->ca, ok_test_ca_stop);
  report = monitor_once (fixture, 2 * 3600);
  g_assert_cmpuint (json_array_get_length (notices_of (report)), ==, 0);
  g_clear_pointer (&shown, json_node_unref);
  shown = oka_show (fixture, id);
  g_assert_cmpstr (state_of (shown), ==, "valid");
  g_assert_cmpstr (json_object_get_string_member (revocation_of (shown), "status"), ==, "unknown");
  g_assert_false (log_has (fixture, id, "REVOKED"));
}

/* No OCSP answer: the CRL decides, both ways. */
static void
test_crl_fallback (OkaFixture    *fixture,
                   gconstpointer  data)
{
  g_autofree char *revoked = NULL;
  g_autofree char *good = NULL;
  g_autoptr(JsonNode) revoked_shown = NULL;
  g_autoptr(JsonNode) good_shown = NULL;

  set_responders (fixture, "{\"ocsp\": \"try-later\"}");
  revoked = oka_issue (fixture, "REF-REV-CRL", "4000-0005", NULL);
  good = oka_issue (fixture, "REF-REV-CRL-GOOD", "4000-0006", NULL);
  revoked_shown = oka_show (fixture, revoked);
  good_shown = oka_show (fixture, good);

  g_assert_cmpstr (state_of (revoked_shown), ==, "revoked");
  g_assert_cmpstr (json_object_get_string_member (revocation_of (revoked_shown), "source"), ==, "crl");
  g_assert_cmpstr (state_of (good_shown), ==, "valid");
  g_assert_cmpstr (json_object_get_string_member (revocation_of (good_shown), "status"), ==, "good");
  g_assert_cmpstr (json_object_get_string_member (revocation_of (good_shown), "source"), ==, "crl");
  g_assert_cmpint (requests (fixture, "ocspRequests"), ==, 2);
  g_assert_cmpint (requests (fixture, "crlRequests"), ==, 2);
}

/* An answer signed by someone else is no answer: not good, not revoked. */
static void
test_forged_answer (OkaFixture    *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) shown = NULL;

  set_responders (fixture, "{\"ocsp\": \"wrong-signer\", \"crl\": \"down\"}");
  id = oka_issue (fixture, "REF-REV-FORGED", "4000-0007", NULL);
  shown = oka_show (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (revocation_of (shown), "status"), ==, "unknown");
  g_assert_nonnull (strstr (json_object_get_string_member (revocation_of (shown), "failure"), "signature"));
  g_assert_cmpstr (state_of (shown), ==, "valid");
}

/* A good answer is kept until its nextUpdate even past the daily look, and asked for after. */
static void
test_cache (OkaFixture    *fixture,
            gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) shown = NULL;

  set_responders (fixture, "{\"nextUpdateSeconds\": 259200}");   /* three days */
  id = oka_issue (fixture, "REF-REV-CACHE", "4000-0008", NULL);
  g_assert_cmpint (requests (fixture, "ocspRequests"), ==, 1);

  report = monitor_once (fixture, 2 * DAY);
  g_assert_cmpint (requests (fixture, "ocspRequests"), ==, 1);
  g_clear_pointer (&report, json_node_unref);

  /* Past nextUpdate: asked again (and answered for long enough to count at the faked time). */
  set_responders (fixture, "{\"nextUpdateSeconds\": 864000}");
  report = monitor_once (fixture, 3 * DAY + 3600);
  g_assert_cmpint (requests (fixture, "ocspRequests"), ==, 2);
  shown = oka_show (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (revocation_of (shown), "status"), ==, "good");
  g_assert_true (json_object_get_null_member (revocation_of (shown), "failure"));
}

/* A real OCES3 certificate: its responder is on the Internet, which tests never reach. */
static void
test_real_sample_quiet (OkaFixture    *fixture,
                        gconstpointer  data)
{
  const char *samples = okt_samples_dir ();
  g_autofree char *leaf = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *leaf_text = NULL;
  g_autofree char *issuer_text = NULL;
  g_autofree char *bundle_text = NULL;
  g_autofree char *bundle = g_build_filename (fixture->work, "sample.pem", NULL);
  g_autoptr(OktResult) imported = NULL;
  g_autoptr(JsonNode) listed = NULL;
  JsonObject *entry;
  g_autoptr(JsonNode) shown = NULL;

  if (samples == NULL)
    {
      g_test_skip ("no OCES3 samples");
      return;
    }

  leaf = g_build_filename (samples, "system-test.pem", NULL);
  issuer = g_build_filename (samples, "test-issuing-ca.pem", NULL);
  g_assert_true (g_file_get_contents (leaf, &leaf_text, NULL, NULL));
  g_assert_true (g_file_get_contents (issuer, &issuer_text, NULL, NULL));
  bundle_text = g_strconcat (leaf_text, issuer_text, NULL);
  okt_write_text (bundle, bundle_text);

  imported = oka_cli (fixture, NULL, "import", bundle, NULL);
  g_assert_cmpint (imported->exit_status, ==, 0);
  g_assert_cmpstr (imported->err, ==, "");

  listed = ok_test_cli_list (fixture->store);
  entry = json_array_get_object_element (json_node_get_array (listed), 0);
  shown = oka_show (fixture, json_object_get_string_member (entry, "id"));
  g_assert_cmpstr (state_of (shown), !=, "revoked");
  g_assert_cmpstr (json_object_get_string_member (revocation_of (shown), "status"), ==, "unknown");
  g_assert_nonnull (strstr (json_object_get_string_member (revocation_of (shown), "failure"), "ca1.cti-gov.dk"));
}

/* ---- tests: openssl ocsp as the responder -------------------------------------------------- */

typedef struct
{
  char        *dir;
  char        *ca;
  char        *ca_key;
  char        *responder;
  char        *responder_key;
  char        *stranger;
  char        *stranger_key;
  char        *leaf;
  char        *index;
  guint16      port;
  GSubprocess *server;
} Openssl;

static void
openssl_stop (Openssl *pki)
{
  if (pki->server != NULL)
    {
      g_subprocess_force_exit (pki->server);
      g_subprocess_wait (pki->server, NULL, NULL);
      g_clear_object (&pki->server);
    }
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
run_openssl (Openssl            *pki,
             const char * const *argv)
{
  g_free (okt_run_ok (pki->dir, NULL, NULL, argv));
}

/* A CA, a delegated OCSP responder it certifies, a stranger, and a leaf whose AIA names the
 * responder on @pki->port. */
static void
openssl_make_pki (Openssl *pki)
{
  g_autofree char *leaf_ext = g_build_filename (pki->dir, "leaf.ext", NULL);
  g_autofree char *responder_ext = g_build_filename (pki->dir, "responder.ext", NULL);
  g_autofree char *ext = g_strdup_printf ("authorityInfoAccess = OCSP;URI:http://127.0.0.1:%u/ocsp\n"
                                          "keyUsage = critical, digitalSignature, keyEncipherment\n", pki->port);

  okt_write_text (leaf_ext, ext);
  okt_write_text (responder_ext, "extendedKeyUsage = OCSPSigning\nkeyUsage = critical, digitalSignature\n");
  run_openssl (pki, (const char *[]) { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
                                       "-out", "ca.pem", "-days", "30", "-subj", "/CN=Revocation Test CA/O=Test/C=DK",
                                       "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL });
  run_openssl (pki, (const char *[]) { "openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "responder.key",
                                       "-out", "responder.csr", "-subj", "/CN=Revocation Test OCSP/C=DK", NULL });
  run_openssl (pki, (const char *[]) { "openssl", "x509", "-req", "-in", "responder.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                                       "-days", "30", "-extfile", "responder.ext", "-out", "responder.pem", NULL });
  run_openssl (pki, (const char *[]) { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "stranger.key",
                                       "-out", "stranger.pem", "-days", "30", "-subj", "/CN=Revocation Test CA/O=Test/C=DK",
                                       "-addext", "extendedKeyUsage=OCSPSigning", NULL });
  run_openssl (pki, (const char *[]) { "openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key",
                                       "-out", "leaf.csr", "-subj", "/CN=Revocation Test Leaf/O=Test/C=DK", NULL });
  run_openssl (pki, (const char *[]) { "openssl", "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                                       "-set_serial", "0x4B1D", "-days", "20", "-extfile", "leaf.ext", "-out", "leaf.pem",
                                       NULL });
}

/* index.txt as `openssl ca` keeps it: V (valid) or R (revoked, with time and reason). */
static void
openssl_write_index (Openssl    *pki,
                     const char *revoked)
{
  g_autofree char *subject = NULL;
  g_autofree char *line = NULL;
  char *newline;

  subject = okt_run_ok (pki->dir, NULL, NULL,
                        (const char *[]) { "openssl", "x509", "-in", "leaf.pem", "-noout", "-subject", "-nameopt", "compat", NULL });
  g_strstrip (subject);
  newline = strchr (subject, '\n');
  if (newline != NULL)
    *newline = '\0';
  line = g_strdup_printf ("%s\t301231235959Z\t%s\t4B1D\tunknown\t%s\n", revoked != NULL ? "R" : "V",
                          revoked != NULL ? revoked : "", subject + strlen ("subject="));
  okt_write_text (pki->index, line);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
openssl_serve (Openssl    *pki,
               const char *signer,
               const char *signer_key)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *port = g_strdup_printf ("%u", pki->port);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  openssl_stop (pki);
  g_subprocess_launcher_set_cwd (launcher, pki->dir);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* OpenSSL 3.0 takes a port only here ("host:port" came later); we ask it on 127.0.0.1. */
  pki->server = g_subprocess_launcher_spawn (launcher, &error, "openssl", "ocsp", "-index", "index.txt",
                                             "-CA", "ca.pem", "-rsigner", signer, "-rkey", signer_key,
                                             "-port", port, "-nmin", "60", NULL);
  g_assert_no_error (error);

  /* Ready once it says where it accepts. (A probing connection would hang its one-at-a-time
   * server.) */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (pki->server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "ACCEPT"));
}

static void
result_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static OkRevocationResult *
check (OkCertificate *certificate)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OkRevocationResult *found;

  ok_revocation_check_async (certificate, NULL, result_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = ok_revocation_check_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_test_message ("%s from %s; %s", ok_revocation_status_to_string (found->status), found->url,
                  found->failure != NULL ? found->failure : "");
  return found;
}

static OkCertificate *
load_leaf (Openssl *pki)
{
  g_autofree char *leaf_text = NULL;
  g_autofree char *ca_text = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;
  OkCertificate *leaf;

  g_assert_true (g_file_get_contents (pki->leaf, &leaf_text, NULL, NULL));
  g_assert_true (g_file_get_contents (pki->ca, &ca_text, NULL, NULL));
  leaf = ok_certificate_new_from_pem (leaf_text, strlen (leaf_text), &error);
  g_assert_no_error (error);
  chain = ok_certificate_list_from_pem (ca_text, strlen (ca_text), &error);
  g_assert_no_error (error);
  ok_certificate_set_chain (leaf, chain);
  return leaf;
}

static void
test_openssl_responder (void)
{
  Openssl pki = { 0 };
  g_autoptr(OkCertificate) leaf = NULL;
  g_autoptr(GDateTime) revoked_at = g_date_time_new_utc (2026, 11, 2, 10, 30, 0);

  pki.dir = okt_make_tmpdir ();
  pki.ca = g_build_filename (pki.dir, "ca.pem", NULL);
  pki.leaf = g_build_filename (pki.dir, "leaf.pem", NULL);
  pki.index = g_build_filename (pki.dir, "index.txt", NULL);
  pki.port = free_port ();
  openssl_make_pki (&pki);
  leaf = load_leaf (&pki);
  g_assert_cmpstr (ok_certificate_get_ocsp_urls (leaf)[0], !=, NULL);

  /* Good, from a delegated responder the CA certified for OCSP signing. */
  openssl_write_index (&pki, NULL);
  openssl_serve (&pki, "responder.pem", "responder.key");
  {
    g_autoptr(OkRevocationResult) found = check (leaf);

    g_assert_cmpint (found->status, ==, OK_REVOCATION_GOOD);
    g_assert_cmpint (found->source, ==, OK_REVOCATION_SOURCE_OCSP);
    /* -nmin 60: an hour from thisUpdate. */
    g_assert_cmpint (found->next_update - found->this_update, ==, 3600);
  }

  /* Revoked, with the time and reason of the index. */
  openssl_write_index (&pki, "261102103000Z,keyCompromise");
  openssl_serve (&pki, "responder.pem", "responder.key");
  {
    g_autoptr(OkRevocationResult) found = check (leaf);

    g_assert_cmpint (found->status, ==, OK_REVOCATION_REVOKED);
    g_assert_cmpint (found->revoked_at, ==, g_date_time_to_unix (revoked_at));
    g_assert_cmpstr (found->reason, ==, "keyCompromise");
  }

  /* Signed by a stranger with the CA's very name: not to be believed. */
  openssl_serve (&pki, "stranger.pem", "stranger.key");
  {
    g_autoptr(OkRevocationResult) found = check (leaf);

    g_assert_cmpint (found->status, ==, OK_REVOCATION_UNKNOWN);
    g_assert_nonnull (found->failure);
  }

  /* And nobody listening: unknown, with the reason. */
  openssl_stop (&pki);
  {
    g_autoptr(OkRevocationResult) found = check (leaf);

    g_assert_cmpint (found->status, ==, OK_REVOCATION_UNKNOWN);
    g_assert_nonnull (strstr (found->failure, "127.0.0.1"));
  }

  okt_remove_tree (pki.dir);
  g_free (pki.dir);
  g_free (pki.ca);
  g_free (pki.leaf);
  g_free (pki.index);
}

int
main (int   argc,
      char *argv[])
{
  static const int with_ca = 1;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/revocation/good", OkaFixture, &with_ca, fixture_set_up, test_good, fixture_tear_down);
  g_test_add ("/revocation/revoked", OkaFixture, &with_ca, fixture_set_up, test_revoked, fixture_tear_down);
  g_test_add ("/revocation/revoked-later", OkaFixture, &with_ca, fixture_set_up, test_revoked_later, fixture_tear_down);
  g_test_add ("/revocation/responder-down", OkaFixture, &with_ca, fixture_set_up, test_responder_down, fixture_tear_down);
  g_test_add ("/revocation/crl-fallback", OkaFixture, &with_ca, fixture_set_up, test_crl_fallback, fixture_tear_down);
  g_test_add ("/revocation/forged-answer", OkaFixture, &with_ca, fixture_set_up, test_forged_answer, fixture_tear_down);
  g_test_add ("/revocation/cache", OkaFixture, &with_ca, fixture_set_up, test_cache, fixture_tear_down);
  g_test_add ("/revocation/real-sample-quiet", OkaFixture, NULL, fixture_set_up, test_real_sample_quiet, fixture_tear_down);
  g_test_add_func ("/revocation/openssl-responder", test_openssl_responder);

  return g_test_run ();
}
