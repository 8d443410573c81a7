/* test-enrollment.c — issuing and renewing with oces-keeper-cli against the reference CA over
 * real TLS, and every failure leaving the store as it was with a precise event-log entry
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ok-store-test-util.h"
#include "ok-test-ca.h"
#include "ok-test-cli.h"

typedef struct
{
  OkTestCa *ca;
  char     *store;
  char     *env[7];
} Fixture;

#define TEST_PROFILE(ref, code, extra) \
  "{\"referenceNumber\":\"" ref "\",\"oneTimeCode\":\"" code "\",\"cvr\":\"12345678\"," \
  "\"organisation\":\"Firma A/S\",\"commonName\":\"Firma integration\",\"validityDays\":20" extra "}"

#define P12 ",\"answerPkcs12\":true"

#define SCENARIO(...) "{\"profiles\":[" __VA_ARGS__ "]}"

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  scenario)
{
  fixture->ca = ok_test_ca_start (scenario);
  fixture->store = okt_make_tmpdir ();
  fixture->env[0] = "OK_TEST_ENDPOINT";
  fixture->env[1] = fixture->ca->url;
  fixture->env[2] = "OK_TEST_CA_FILE";
  fixture->env[3] = fixture->ca->ca_file;
  fixture->env[4] = "OK_TEST_ROOTS";
  fixture->env[5] = fixture->ca->ca_file;
  fixture->env[6] = NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ok_test_ca_stop (fixture->ca);
  okt_remove_tree (fixture->store);
  g_free (fixture->store);
}

static OktResult *
issue (Fixture    *fixture,
       const char *reference,
       const char *code)
{
  g_autofree char *input = code != NULL ? g_strconcat (code, "\n", NULL) : NULL;

  if (code == NULL)
    return ok_test_cli (fixture->store, NULL, (const char * const *) fixture->env,
                        "issue", "--environment", "test", "--reference", reference, "--retry", NULL);

  return ok_test_cli (fixture->store, input, (const char * const *) fixture->env,
                      "issue", "--environment", "test", "--reference", reference, "--name", "Integration", NULL);
}

static OktResult *
renew (Fixture    *fixture,
       const char *id)
{
  return ok_test_cli (fixture->store, NULL, (const char * const *) fixture->env, "renew", id, NULL);
}

/* `renew ID` with @extra (pairs) added to the fixture's environment. */
static OktResult *
renew_with (Fixture            *fixture,
            const char         *id,
            const char * const *extra)
{
  g_autoptr(GPtrArray) env = g_ptr_array_new ();

  for (guint i = 0; fixture->env[i] != NULL; i++)
    g_ptr_array_add (env, fixture->env[i]);
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (env, (gpointer) extra[i]);
  g_ptr_array_add (env, NULL);

  return ok_test_cli (fixture->store, NULL, (const char * const *) env->pdata, "renew", id, NULL);
}

static JsonObject *
only_entry (Fixture   *fixture,
            JsonNode **holder)
{
  JsonArray *list;

  *holder = ok_test_cli_list (fixture->store);
  list = json_node_get_array (*holder);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);

  return json_array_get_object_element (list, 0);
}

static JsonArray *
events_of (Fixture    *fixture,
           const char *id,
           JsonNode  **holder)
{
  g_autoptr(OktResult) log = ok_test_cli (fixture->store, NULL, NULL, "log", id, "--json", NULL);

  *holder = ok_test_cli_json (log);
  return json_node_get_array (*holder);
}

static char *
keyring_lookup (const char *id,
                const char *kind)
{
  const char *argv[] = { "secret-tool", "lookup", "certificate-id", id, "kind", kind, NULL };
  g_autoptr(OktResult) result = okt_run (NULL, NULL, NULL, argv);

  return result->exit_status == 0 ? g_strndup (g_bytes_get_data (result->out, NULL), g_bytes_get_size (result->out)) : NULL;
}

static char *
current_key_text (Fixture    *fixture,
                  JsonObject *entry)
{
  g_autoptr(sqlite3) db = okt_db_open (fixture->store);
  g_autofree char *sql = g_strdup_printf ("SELECT hex (g.key) FROM entries e JOIN generations g ON g.id = e.current"
                                          " WHERE e.id = '%s'", json_object_get_string_member (entry, "id"));
  char *text = okt_db_text (db, sql);

  g_assert_nonnull (text);
  return text;
}

static void
test_issue_and_renew (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OktResult) issued = issue (fixture, "REF-ISSUE-0001", "1111-2222");
  g_autoptr(OktResult) renewed = NULL;
  g_autoptr(OktResult) again = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) log = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *id = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *uuid = NULL;
  JsonObject *entry;
  JsonObject *facts;
  JsonArray *events;

  if (issued->exit_status != 0)
    g_error ("issue failed: %s", issued->err);
  g_assert_nonnull (strstr (issued->err, "Contacting MitID Erhverv"));

  entry = only_entry (fixture, &before);
  facts = json_object_get_object_member (entry, "certificate");
  id = g_strdup (json_object_get_string_member (entry, "id"));
  serial = g_strdup (json_object_get_string_member (facts, "serial"));
  uuid = g_strdup (json_object_get_string_member (facts, "uuid"));
  g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, "Integration");
  g_assert_cmpstr (json_object_get_string_member (facts, "cvr"), ==, "12345678");
  g_assert_cmpstr (json_object_get_string_member (entry, "environment"), ==, "test");
  g_assert_true (json_object_get_boolean_member (entry, "has_private_key"));
  g_assert_cmpstr (json_object_get_string_member (facts, "signature_algorithm"), ==, "RSASSA-PSS (SHA-256)");
  g_assert_cmpint (json_object_get_int_member (facts, "key_bits"), ==, 3072);

  /* The one-time code is spent: gone from the keyring. */
  {
    g_autofree char *secret_id = g_strdup ("reference:REF-ISSUE-0001");
    pin = keyring_lookup (secret_id, "pin");
    g_assert_null (pin);
  }

  /* Single use: the same code again is refused by the CA. */
  again = issue (fixture, "REF-ISSUE-0001", "1111-2222");
  g_assert_cmpint (again->exit_status, ==, 3);
  g_assert_nonnull (strstr (again->err, "Error:"));

  renewed = renew (fixture, id);
  if (renewed->exit_status != 0)
    g_error ("renew failed: %s", renewed->err);

  g_clear_pointer (&after, json_node_unref);
  entry = only_entry (fixture, &after);
  facts = json_object_get_object_member (entry, "certificate");
  g_assert_cmpstr (json_object_get_string_member (entry, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (facts, "serial"), !=, serial);
  g_assert_cmpstr (json_object_get_string_member (facts, "uuid"), ==, uuid);
  g_assert_cmpstr (json_object_get_string_member (facts, "cvr"), ==, "12345678");

  events = events_of (fixture, id, &log);
  g_assert_cmpuint (json_array_get_length (events), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "type"), ==, "ISSUED");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1), "type"), ==, "RENEWED");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (events, 1), "message"), serial));
}

static void
test_email_not_validated_then_retry (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(OktResult) failed = issue (fixture, "REF-EMAIL-0002", "3333-4444");
  g_autoptr(OktResult) retried = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) log = NULL;
  g_autofree char *pin = NULL;
  JsonObject *entry;
  JsonArray *events;
  const char *detailed;

  /* The CA's reason, with the way out, and nothing stored. */
  g_assert_cmpint (failed->exit_status, ==, 3);
  g_assert_nonnull (strstr (failed->err, "Verify"));
  list = ok_test_cli_list (fixture->store);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);
  g_clear_pointer (&list, json_node_unref);

  /* The code waits in the keyring for the retry. */
  pin = keyring_lookup ("reference:REF-EMAIL-0002", "pin");
  g_assert_cmpstr (pin, ==, "3333-4444");
  g_clear_pointer (&pin, g_free);

  ok_test_ca_set_scenario (fixture->ca,
                           SCENARIO (TEST_PROFILE ("REF-EMAIL-0002", "3333-4444", ",\"email\":\"it@firma.example\",\"emailValidated\":true")));
  retried = issue (fixture, "REF-EMAIL-0002", NULL);
  if (retried->exit_status != 0)
    g_error ("retry failed: %s", retried->err);

  entry = only_entry (fixture, &list);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "certificate"), "email"), ==,
                   "it@firma.example");
  events = events_of (fixture, json_object_get_string_member (entry, "id"), &log);
  g_assert_cmpuint (json_array_get_length (events), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "type"), ==, "ISSUE_ERROR");
  detailed = json_object_get_string_member (json_array_get_object_element (events, 0), "detailed_error");
  g_assert_nonnull (strstr (detailed, "\"errorReasonCode\":\"CertificateEmailNotValidated\""));
  g_assert_true (g_str_has_suffix (detailed, " - 400"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1), "type"), ==, "ISSUED");

  pin = keyring_lookup ("reference:REF-EMAIL-0002", "pin");
  g_assert_null (pin);
}

typedef struct
{
  const char *profile_extra;
  const char *expected_in_detail;
} RenewalFailure;

/* Each answer the CA can give that must not replace a working certificate. */
static const RenewalFailure renewal_failures[] = {
  { ",\"renewalEnabled\":false", "RenewalNotEnabled" },
  { ",\"revoked\":true", "CertificateRevoked" },
  { ",\"faults\":[\"status:503\"]", "503" },
  { ",\"faults\":[\"status:500\"]", "500" },
  { ",\"faults\":[\"non-json-body\"]", NULL },
  { ",\"faults\":[\"truncated-json\"]", NULL },
  { ",\"faults\":[\"oversized-body\"]", NULL },
  { ",\"faults\":[\"close-mid-body\"]", NULL },
  { ",\"faults\":[\"wrong-key\"]", NULL },
  { ",\"faults\":[\"wrong-cvr\"]", "CVR" },
  { ",\"faults\":[\"expired-certificate\"]", NULL },
  { ",\"faults\":[\"trickle\"]", "within 3 seconds" },
};

/* The answer checks (ok-verification.c): each a reference-CA fault, refused at issuance and
 * at renewal alike. */
static const RenewalFailure answer_checks[] = {
  { ",\"faults\":[\"untrusted-chain\"]", "not trusted" },
  { ",\"faults\":[\"ca-leaf\"]", "CA:TRUE" },
  { ",\"faults\":[\"wrong-key-usage\"]", "key usage does not fit" },
  { ",\"faults\":[\"wrong-extended-key-usage\"]", "extended key usage does not allow TLS client authentication" },
  { ",\"faults\":[\"no-oces3-policy\"]", "without an OCES3 certificate policy" },
  { ",\"faults\":[\"prod-environment\"]", "of the Production environment, but it was asked for one of the Test environment" },
};

static void
test_renewal_failures_keep_store (Fixture       *fixture,
                                  gconstpointer  data)
{
  /* For the trickle: the whole table need not wait two minutes. */
  const char *deadline[] = { "OK_CA_DEADLINE_SECONDS", "3", NULL };

  g_autoptr(OktResult) issued = issue (fixture, "REF-RENEW-0003", "5555-6666");
  g_autoptr(JsonNode) before = NULL;
  g_autofree char *id = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *key_before = NULL;
  JsonObject *entry;

  if (issued->exit_status != 0)
    g_error ("issue failed: %s", issued->err);

  entry = only_entry (fixture, &before);
  id = g_strdup (json_object_get_string_member (entry, "id"));
  serial = g_strdup (json_object_get_string_member (json_object_get_object_member (entry, "certificate"), "serial"));
  key_before = current_key_text (fixture, entry);

  for (guint i = 0; i < G_N_ELEMENTS (renewal_failures) + G_N_ELEMENTS (answer_checks); i++)
    {
      const RenewalFailure *failure = i < G_N_ELEMENTS (renewal_failures)
                                        ? &renewal_failures[i]
                                        : &answer_checks[i - G_N_ELEMENTS (renewal_failures)];
      g_autofree char *profile = g_strdup_printf (TEST_PROFILE ("REF-RENEW-0003", "5555-6666", "%s"), failure->profile_extra);
      g_autofree char *scenario = g_strdup_printf (SCENARIO ("%s"), profile);
      g_autoptr(OktResult) attempt = NULL;
      g_autoptr(JsonNode) now = NULL;
      g_autoptr(JsonNode) log = NULL;
      g_autofree char *key_now = NULL;
      JsonArray *events;
      JsonObject *last;

      g_test_message ("renewal failure: %s", failure->profile_extra);
      ok_test_ca_set_scenario (fixture->ca, scenario);
      attempt = renew_with (fixture, id, strstr (failure->profile_extra, "trickle") != NULL ? deadline
                                                                                         : (const char *[]) { NULL });
      g_test_message ("→ %s", attempt->err);
      g_assert_cmpint (attempt->exit_status, ==, 3);
      g_assert_nonnull (strstr (attempt->err, "Error:"));

      /* The working certificate and its key are exactly as they were. */
      entry = only_entry (fixture, &now);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "certificate"), "serial"), ==, serial);
      key_now = current_key_text (fixture, entry);
      g_assert_cmpstr (key_now, ==, key_before);
      g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "renewal-failing");

      /* And the log says what happened. */
      events = events_of (fixture, id, &log);
      g_assert_cmpuint (json_array_get_length (events), ==, 2 + i);
      last = json_array_get_object_element (events, json_array_get_length (events) - 1);
      g_assert_cmpstr (json_object_get_string_member (last, "type"), ==, "RENEW_ERROR");
      g_assert_nonnull (json_object_get_string_member (last, "detailed_error"));
      if (failure->expected_in_detail != NULL)
        g_assert_nonnull (strstr (json_object_get_string_member (last, "detailed_error"), failure->expected_in_detail));
    }
}

/* A bad answer to an issuance stores nothing, leaves no attempt to finish and is logged for
 * its reference, with the reason. */
static void
test_issuance_answer_checks (Fixture       *fixture,
                             gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (answer_checks); i++)
    {
      const RenewalFailure *check = &answer_checks[i];
      g_autofree char *reference = g_strdup_printf ("REF-CHECK-%04u", i);
      g_autofree char *profile = g_strdup_printf (TEST_PROFILE ("%s", "2468-1357", "%s"), reference, check->profile_extra);
      g_autofree char *scenario = g_strdup_printf (SCENARIO ("%s"), profile);
      g_autofree char *logged = g_strdup_printf ("SELECT count(*) FROM pending_events WHERE reference = '%s'"
                                                 " AND json LIKE '%%ISSUE_ERROR%%'", reference);
      g_autoptr(OktResult) refused = NULL;
      g_autoptr(JsonNode) list = NULL;
      g_autoptr(sqlite3) db = NULL;

      g_test_message ("issuance answer check: %s", check->profile_extra);
      ok_test_ca_set_scenario (fixture->ca, scenario);
      refused = issue (fixture, reference, "2468-1357");
      g_test_message ("→ %s", refused->err);
      g_assert_cmpint (refused->exit_status, ==, 3);
      g_assert_nonnull (strstr (refused->err, check->expected_in_detail));
      g_assert_nonnull (strstr (refused->err, "It was not saved"));

      list = ok_test_cli_list (fixture->store);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);
      db = okt_db_open (fixture->store);
      g_assert_cmpint (okt_db_int (db, logged), ==, 1);
      g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM journal"), ==, 0);
    }
}

/* Every key in the store opens and belongs to its certificate, by openssl's judgement, and the
 * keyring holds exactly the store's keys. */
static void
assert_keys_whole (Fixture    *fixture,
                   const char *id)
{
  g_autofree char *key = g_build_filename (fixture->store, "check.key", NULL);
  g_autofree char *pem = g_build_filename (fixture->store, "check.pem", NULL);
  g_autoptr(OktResult) exported_key = ok_test_cli (fixture->store, "check-password\n", NULL, "export", id, "--format",
                                                   "key", "--output", key, NULL);
  g_autoptr(OktResult) exported_pem = ok_test_cli (fixture->store, NULL, NULL, "export", id, "--format", "pem",
                                                   "--output", pem, NULL);
  const char *env[] = { OKT_PASS_VARIABLE, "check-password", NULL };
  const char *key_argv[] = { "openssl", "pkey", "-in", key, "-passin", "env:" OKT_PASS_VARIABLE, "-pubout", NULL };
  const char *pem_argv[] = { "openssl", "x509", "-in", pem, "-noout", "-pubkey", NULL };
  g_autofree char *from_key = NULL;
  g_autofree char *from_certificate = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *store_id = NULL;
  g_autofree char *prefix = NULL;
  g_auto(GStrv) items = NULL;

  g_assert_cmpint (exported_key->exit_status, ==, 0);
  g_assert_cmpint (exported_pem->exit_status, ==, 0);
  from_key = okt_run_ok (NULL, env, NULL, key_argv);
  from_certificate = okt_run_ok (NULL, NULL, NULL, pem_argv);
  g_assert_cmpstr (from_key, ==, from_certificate);
  g_unlink (key);
  g_unlink (pem);

  db = okt_db_open (fixture->store);
  store_id = okt_db_text (db, "SELECT value FROM meta WHERE name = 'store-id'");
  prefix = g_strdup_printf ("key-%s-", store_id);
  items = okt_keyring_ids (prefix);
  g_assert_cmpint (g_strv_length (items), ==,
                   okt_db_int (db, "SELECT (SELECT count(*) FROM generations WHERE key IS NOT NULL) +"
                                   " (SELECT count(*) FROM journal WHERE key IS NOT NULL)"));
  g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM journal"), ==, 0);
}

static guint
count_type (Fixture    *fixture,
            const char *id,
            const char *type)
{
  g_autoptr(JsonNode) log = NULL;
  JsonArray *events = events_of (fixture, id, &log);
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (events, i), "type"), type))
      count++;

  return count;
}

#define CRASH_STEPS 8

static gboolean
entry_named (Fixture    *fixture,
             const char *name)
{
  g_autoptr(JsonNode) list = ok_test_cli_list (fixture->store);
  JsonArray *entries = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (entries, i), "name"), name))
      return TRUE;

  return FALSE;
}

/* Issues REF-CRASH-0001… with a SIGKILL at step 1… (OK_TEST_CRASH_AT) and retries each;
 * returns the last entry's id. With @code_can_be_lost, a kill between the CA's answer and
 * keeping it may spend the one-time code: the retry must then say so, and keep nothing. */
static char *
issue_with_crashes (Fixture  *fixture,
                    gboolean  code_can_be_lost)
{
  g_autofree char *id = NULL;
  guint crashes = 0;
  guint saved = 0;

  for (guint step = 1; step <= CRASH_STEPS; step++)
    {
      g_autofree char *reference = g_strdup_printf ("REF-CRASH-%04u", step);
      g_autofree char *code = g_strdup_printf ("9000-%04u\n", step);
      g_autofree char *crash_at = g_strdup_printf ("%u", step);
      g_autofree char *name = g_strdup_printf ("Crash %u", step);
      const char *env[] = { "OK_TEST_ENDPOINT", fixture->ca->url, "OK_TEST_CA_FILE", fixture->ca->ca_file,
                            "OK_TEST_ROOTS", fixture->ca->ca_file, "OK_TEST_CRASH_AT", crash_at, NULL };
      g_autoptr(OktResult) attempt = ok_test_cli (fixture->store, code, env, "issue", "--environment", "test",
                                                  "--reference", reference, "--name", name, NULL);
      g_autoptr(OktResult) retry = NULL;
      g_autoptr(JsonNode) list = NULL;
      g_autoptr(sqlite3) db = NULL;
      JsonArray *entries;

      g_test_message ("issue with a crash at step %u: exit %d", step, attempt->exit_status);
      if (attempt->exit_status != 0)
        {
          crashes++;
          retry = ok_test_cli (fixture->store, NULL, (const char * const *) fixture->env, "issue", "--environment", "test",
                               "--reference", reference, "--name", name, "--retry", NULL);
          /* A crash in the revocation check after the issuance was saved and its one-time code
           * removed leaves nothing to retry; the checks below see that it is whole. */
          if (retry->exit_status != 0 && !entry_named (fixture, name))
            {
              if (!code_can_be_lost || strstr (retry->err, "may have used the code") == NULL)
                g_error ("retrying after a crash at step %u failed: %s", step, retry->err);
              g_test_message ("the answer was lost with the process: %s", retry->err);
              list = ok_test_cli_list (fixture->store);
              g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, saved);
              db = okt_db_open (fixture->store);
              g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM journal"), ==, 0);
              continue;
            }
        }

      /* One entry for the reference, whole. */
      list = ok_test_cli_list (fixture->store);
      entries = json_node_get_array (list);
      g_assert_cmpuint (json_array_get_length (entries), ==, ++saved);
      g_clear_pointer (&id, g_free);
      for (guint i = 0; i < json_array_get_length (entries); i++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (entries, i), "name"), name))
          id = g_strdup (json_object_get_string_member (json_array_get_object_element (entries, i), "id"));
      g_assert_nonnull (id);
      g_assert_cmpuint (count_type (fixture, id, "ISSUED"), ==, 1);
      assert_keys_whole (fixture, id);
    }
  g_assert_cmpuint (crashes, >=, 3);
  g_assert_cmpuint (saved, >=, CRASH_STEPS - 2);

  return g_steal_pointer (&id);
}

/* A SIGKILL at every step of an issuance and of a renewal: the retry finishes the attempt, a
 * one-time code is never needed twice, and nothing is left over. */
static void
test_crash_at_every_step (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *id = issue_with_crashes (fixture, FALSE);
  guint crashes = 0;
  guint renewals = 0;

  /* The last one is renewed, with a crash at every step of that too. */
  for (guint step = 1; step <= CRASH_STEPS; step++)
    {
      g_autofree char *crash_at = g_strdup_printf ("%u", step);
      const char *env[] = { "OK_TEST_ENDPOINT", fixture->ca->url, "OK_TEST_CA_FILE", fixture->ca->ca_file,
                            "OK_TEST_ROOTS", fixture->ca->ca_file, "OK_TEST_CRASH_AT", crash_at, NULL };
      g_autoptr(OktResult) attempt = ok_test_cli (fixture->store, NULL, env, "renew", id, NULL);
      g_autoptr(OktResult) retry = NULL;

      g_test_message ("renew with a crash at step %u: exit %d", step, attempt->exit_status);
      if (attempt->exit_status == 0)
        renewals++;
      else
        crashes++;

      /* A crash after the commit was a renewal all the same; the next one renews again. */
      retry = renew (fixture, id);
      if (retry->exit_status != 0)
        g_error ("renewing after a crash at step %u failed: %s", step, retry->err);
      renewals++;
      g_assert_cmpuint (count_type (fixture, id, "RENEWED"), >=, renewals);
      g_assert_cmpuint (count_type (fixture, id, "RENEWED"), <=, renewals + crashes);
      assert_keys_whole (fixture, id);
    }
  g_assert_cmpuint (crashes, >=, 3);
}

/* The same when the CA answers with a PKCS#12 holding a key it made: the key kept after a
 * crash is the CA's, never the one this attempt made for its CSR. */
static void
test_crash_with_pkcs12_answer (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *id = issue_with_crashes (fixture, TRUE);

  g_assert_nonnull (id);
}

/* Another process ends the attempt's journal record while its request is at the CA (the sweep
 * of a month-old attempt does that): the answer cannot be kept there, and the certificate is
 * saved with the key this process holds, whole. */
static void
test_record_ended_while_at_ca (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) issuing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;
  g_autoptr(OktResult) renewed = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *entries;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gboolean ended = FALSE;

  for (guint i = 0; fixture->env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, fixture->env[i], fixture->env[i + 1], TRUE);
  g_subprocess_launcher_setenv (launcher, "OK_DATA_DIR", fixture->store, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  issuing = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OK_CLI"), "issue", "--environment", "test",
                                         "--reference", "REF-ENDED-0006", "--name", "Integration", NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (issuing), "1212-3434\n", 10, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (g_subprocess_get_stdin_pipe (issuing), NULL, NULL);

  /* The record is in before the request leaves; the CA holds its answer back for seconds. */
  while (!ended && g_get_monotonic_time () < deadline)
    {
      g_usleep (50 * 1000);
      g_autofree char *path = g_build_filename (fixture->store, "store.sqlite3", NULL);

      g_clear_pointer (&db, sqlite3_close);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      db = okt_db_open (fixture->store);
      if (okt_db_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'journal'") == 1 &&
          okt_db_int (db, "SELECT count(*) FROM journal WHERE id = 'issue:test:REF-ENDED-0006'") == 1)
        {
          okt_db_exec (db, "DELETE FROM journal WHERE id = 'issue:test:REF-ENDED-0006'");
          ended = TRUE;
        }
    }
  g_assert_true (ended);

  g_subprocess_communicate_utf8 (issuing, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_test_message ("→ %s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (issuing), ==, 0);

  list = ok_test_cli_list (fixture->store);
  entries = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  id = g_strdup (json_object_get_string_member (json_array_get_object_element (entries, 0), "id"));

  /* The ended record's keyring item is the sweep's (here: the renewal's) to remove; the
   * certificate renews with the key it was saved with. */
  renewed = renew (fixture, id);
  g_assert_cmpint (renewed->exit_status, ==, 0);
  assert_keys_whole (fixture, id);
}

/* The CA file is trusted to reach the endpoint, never for what the CA issues: without the
 * test roots, the reference CA's certificate is refused, and nothing is stored. */
static void
test_ca_file_is_not_a_root (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *env[] = { "OK_TEST_ENDPOINT", fixture->ca->url, "OK_TEST_CA_FILE", fixture->ca->ca_file, NULL };
  g_autoptr(OktResult) refused = ok_test_cli (fixture->store, "7777-8888\n", env, "issue", "--environment", "test",
                                              "--reference", "REF-ROOTS-0004", "--name", "Integration", NULL);
  g_autoptr(JsonNode) list = NULL;

  g_test_message ("→ %s", refused->err);
  g_assert_cmpint (refused->exit_status, ==, 3);
  g_assert_nonnull (strstr (refused->err, "whose chain is not trusted"));
  list = ok_test_cli_list (fixture->store);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);
}

/* A Test certificate is never accepted for Prod, whatever the endpoint answers: here the
 * reference CA is configured as the production endpoint. */
static void
test_test_certificate_refused_for_prod (Fixture       *fixture,
                                        gconstpointer  data)
{
  const char *env[] = { "OK_PROD_ENDPOINT", fixture->ca->url, "OK_PROD_CA_FILE", fixture->ca->ca_file,
                        "OK_TEST_ROOTS", fixture->ca->ca_file, NULL };
  g_autoptr(OktResult) refused = ok_test_cli (fixture->store, "7777-8888\n", env, "issue", "--environment", "prod",
                                              "--reference", "REF-ROOTS-0004", "--name", "Integration", NULL);
  g_autoptr(JsonNode) list = NULL;

  g_test_message ("→ %s", refused->err);
  g_assert_cmpint (refused->exit_status, ==, 3);
  g_assert_nonnull (strstr (refused->err, "a certificate of the Test environment, but it was asked for one of the Production environment"));
  list = ok_test_cli_list (fixture->store);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/enrollment/issue-and-renew", Fixture,
              SCENARIO (TEST_PROFILE ("REF-ISSUE-0001", "1111-2222", "")),
              fixture_set_up, test_issue_and_renew, fixture_tear_down);
  g_test_add ("/enrollment/issue/email-not-validated-then-retry", Fixture,
              SCENARIO (TEST_PROFILE ("REF-EMAIL-0002", "3333-4444", ",\"email\":\"it@firma.example\",\"emailValidated\":false")),
              fixture_set_up, test_email_not_validated_then_retry, fixture_tear_down);
  g_test_add ("/enrollment/crash-at-every-step", Fixture,
              SCENARIO (TEST_PROFILE ("REF-CRASH-0001", "9000-0001", "") "," TEST_PROFILE ("REF-CRASH-0002", "9000-0002", "") ","
                        TEST_PROFILE ("REF-CRASH-0003", "9000-0003", "") "," TEST_PROFILE ("REF-CRASH-0004", "9000-0004", "") ","
                        TEST_PROFILE ("REF-CRASH-0005", "9000-0005", "") "," TEST_PROFILE ("REF-CRASH-0006", "9000-0006", "") ","
                        TEST_PROFILE ("REF-CRASH-0007", "9000-0007", "") "," TEST_PROFILE ("REF-CRASH-0008", "9000-0008", "")),
              fixture_set_up, test_crash_at_every_step, fixture_tear_down);
  g_test_add ("/enrollment/issue/record-ended-while-at-ca", Fixture,
              SCENARIO (TEST_PROFILE ("REF-ENDED-0006", "1212-3434", ",\"faults\":[\"delay:3000\"]")),
              fixture_set_up, test_record_ended_while_at_ca, fixture_tear_down);
  g_test_add ("/enrollment/crash-at-every-step/pkcs12-answer", Fixture,
              SCENARIO (TEST_PROFILE ("REF-CRASH-0001", "9000-0001", P12) "," TEST_PROFILE ("REF-CRASH-0002", "9000-0002", P12) ","
                        TEST_PROFILE ("REF-CRASH-0003", "9000-0003", P12) "," TEST_PROFILE ("REF-CRASH-0004", "9000-0004", P12) ","
                        TEST_PROFILE ("REF-CRASH-0005", "9000-0005", P12) "," TEST_PROFILE ("REF-CRASH-0006", "9000-0006", P12) ","
                        TEST_PROFILE ("REF-CRASH-0007", "9000-0007", P12) "," TEST_PROFILE ("REF-CRASH-0008", "9000-0008", P12)),
              fixture_set_up, test_crash_with_pkcs12_answer, fixture_tear_down);
  g_test_add ("/enrollment/renew/failures-keep-store", Fixture,
              SCENARIO (TEST_PROFILE ("REF-RENEW-0003", "5555-6666", "")),
              fixture_set_up, test_renewal_failures_keep_store, fixture_tear_down);
  g_test_add ("/enrollment/issue/answer-checks", Fixture,
              SCENARIO (TEST_PROFILE ("REF-CHECK-0000", "2468-1357", "")),
              fixture_set_up, test_issuance_answer_checks, fixture_tear_down);
  g_test_add ("/enrollment/trust/ca-file-is-not-a-root", Fixture,
              SCENARIO (TEST_PROFILE ("REF-ROOTS-0004", "7777-8888", "")),
              fixture_set_up, test_ca_file_is_not_a_root, fixture_tear_down);
  g_test_add ("/enrollment/trust/test-certificate-refused-for-prod", Fixture,
              SCENARIO (TEST_PROFILE ("REF-ROOTS-0004", "7777-8888", "")),
              fixture_set_up, test_test_certificate_refused_for_prod, fixture_tear_down);

  return g_test_run ();
}
