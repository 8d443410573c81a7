/* test-import-match.c — importing the key of a monitored certificate and certificates renewed
 * elsewhere, through oces-keeper-cli, with openssl making the certificates and judging the keys
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ok-test-cli.h"

#define UUID "11111111-2222-3333-4444-555555555555"
#define OTHER_UUID "99999999-2222-3333-4444-555555555555"

typedef struct
{
  char *store;
  char *work;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = okt_make_tmpdir ();
  fixture->work = okt_make_tmpdir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  okt_remove_tree (fixture->store);
  okt_remove_tree (fixture->work);
  g_free (fixture->store);
  g_free (fixture->work);
}

#define cli(fixture, input, ...) ok_test_cli ((fixture)->store, (input), NULL, __VA_ARGS__)

static gboolean
printed (OktResult  *result,
         const char *text)
{
  g_autofree char *out = okt_bytes_to_text (result->out);

  return strstr (out, text) != NULL;
}

static const char *pass_env[] = { OKT_PASS_VARIABLE, OKT_OCES3_PASSWORD, NULL };

static void
make_certificate (Fixture    *fixture,
                  const char *name,
                  const char *uuid,
                  const char *days)
{
  okt_make_oces3_certificate (fixture->work, name, uuid, days);
}

static char *
work_path (Fixture    *fixture,
           const char *name)
{
  return g_build_filename (fixture->work, name, NULL);
}

static OktResult *
import (Fixture    *fixture,
        const char *file,
        const char *first_option,
        const char *second_option)
{
  g_autofree char *path = work_path (fixture, file);

  /* The password is only read when the file is a PKCS#12 or an encrypted key. */
  return cli (fixture, OKT_OCES3_PASSWORD "\n", "import", path, first_option, second_option, NULL);
}

static void
import_ok (Fixture    *fixture,
           const char *file,
           const char *first_option,
           const char *second_option)
{
  g_autoptr(OktResult) result = import (fixture, file, first_option, second_option);

  if (result->exit_status != 0)
    g_error ("import %s failed: %s", file, result->err);
}

static guint
count_entries (Fixture *fixture)
{
  g_autoptr(JsonNode) list = ok_test_cli_list (fixture->store);

  return json_array_get_length (json_node_get_array (list));
}

static char *
only_id (Fixture *fixture)
{
  g_autoptr(JsonNode) list = ok_test_cli_list (fixture->store);

  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), 0), "id"));
}

static JsonNode *
show (Fixture    *fixture,
      const char *id)
{
  g_autoptr(OktResult) result = cli (fixture, NULL, "show", id, "--json", NULL);

  return ok_test_cli_json (result);
}

static char *
serial_of (Fixture    *fixture,
           const char *id)
{
  g_autoptr(JsonNode) report = show (fixture, id);
  JsonObject *certificate = json_object_get_object_member (json_node_get_object (report), "certificate");

  return g_strdup (json_object_get_string_member (certificate, "serial"));
}

static gboolean
has_key (Fixture    *fixture,
         const char *id)
{
  g_autoptr(JsonNode) report = show (fixture, id);

  return json_object_get_boolean_member (json_node_get_object (report), "has_private_key");
}

static char *
openssl_serial (Fixture    *fixture,
                const char *file)
{
  g_autofree char *path = work_path (fixture, file);

  return okt_openssl_serial (path);
}

/* The event types of the log, oldest first, joined by commas. */
static char *
log_types (Fixture    *fixture,
           const char *id,
           char      **last_message)
{
  g_autoptr(OktResult) result = cli (fixture, NULL, "log", id, "--json", NULL);
  g_autoptr(JsonNode) log = ok_test_cli_json (result);
  JsonArray *events = json_node_get_array (log);
  g_autoptr(GString) types = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      g_string_append_printf (types, "%s%s", i > 0 ? "," : "", json_object_get_string_member (event, "type"));
      if (last_message != NULL && i + 1 == json_array_get_length (events))
        *last_message = g_strdup (json_object_get_string_member (event, "message"));
    }

  return g_string_free (g_steal_pointer (&types), FALSE);
}

static void
test_key_added (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *types = NULL;
  g_autofree char *exported_key = work_path (fixture, "exported.key");
  g_autofree char *crt = work_path (fixture, "a.crt");
  g_autofree char *deployed = work_path (fixture, "deployed.pem");
  g_autofree char *export_spec = g_strconcat ("pem:", deployed, NULL);
  g_autofree char *certificate_key = NULL;
  g_autofree char *stored_key = NULL;
  g_autoptr(OktResult) added = NULL;
  g_autoptr(OktResult) again = NULL;
  g_autoptr(OktResult) deploy = NULL;
  g_autoptr(OktResult) actions = NULL;
  g_autoptr(OktResult) exported = NULL;
  g_autoptr(JsonNode) report = NULL;

  make_certificate (fixture, "a", UUID, "30");
  import_ok (fixture, "a.crt", "--name=Skat", NULL);
  id = only_id (fixture);
  g_assert_false (has_key (fixture, id));
  deploy = cli (fixture, NULL, "deploy", id, "--export", export_spec, NULL);
  g_assert_cmpint (deploy->exit_status, ==, 0);

  /* The PKCS#12 of the same certificate gives the entry its key, and nothing else changes. */
  added = import (fixture, "a.p12", NULL, NULL);
  g_assert_cmpint (added->exit_status, ==, 0);
  g_assert_true (printed (added, "private key was added"));
  g_assert_cmpstr (only_id (fixture), ==, id);
  report = show (fixture, id);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (report), "has_private_key"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (report), "name"), ==, "Skat");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (json_node_get_object (report), "renewal"),
                                                 "automatic"));
  types = log_types (fixture, id, NULL);
  g_assert_cmpstr (types, ==, "IMPORTED,KEY_ADDED");
  actions = cli (fixture, NULL, "deploy", id, "--list", "--json", NULL);
  g_assert_cmpint (actions->exit_status, ==, 0);
  g_assert_true (printed (actions, deployed));

  /* openssl judges: the key OCES Keeper now holds is the certificate's. */
  exported = cli (fixture, OKT_OCES3_PASSWORD "\n", "export", id, "--format", "key", "--output", exported_key, NULL);
  g_assert_cmpint (exported->exit_status, ==, 0);
  certificate_key = okt_run_ok (NULL, NULL, NULL, (const char *[]) { "openssl", "x509", "-in", crt, "-noout", "-pubkey", NULL });
  stored_key = okt_run_ok (NULL, pass_env, NULL, (const char *[]) {
    "openssl", "pkey", "-in", exported_key, "-passin", "env:" OKT_PASS_VARIABLE, "-pubout", NULL });
  g_assert_cmpstr (stored_key, ==, certificate_key);

  /* Once it has its key, the same file is a plain duplicate. */
  again = import (fixture, "a.p12", NULL, NULL);
  g_assert_cmpint (again->exit_status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already in OCES Keeper"));
  g_assert_cmpuint (count_entries (fixture), ==, 1);
}

/* The public key of @file (a certificate, or a key protected by the test password), by openssl. */
static char *
openssl_public_key (Fixture    *fixture,
                    const char *file,
                    gboolean    certificate)
{
  g_autofree char *path = work_path (fixture, file);

  if (certificate)
    return okt_run_ok (NULL, NULL, NULL, (const char *[]) { "openssl", "x509", "-in", path, "-noout", "-pubkey", NULL });
  return okt_run_ok (NULL, pass_env, NULL, (const char *[]) {
    "openssl", "pkey", "-in", path, "-passin", "env:" OKT_PASS_VARIABLE, "-pubout", NULL });
}

/* A key file alone ("pem": clear PKCS#8, "encrypted": PKCS#8 with the password read from standard
 * input, "der": clear DER) gives the monitored-only entry of its certificate its key; a stranger's
 * key and a second import are refused with the store unchanged. */
static void
test_key_file (Fixture       *fixture,
               gconstpointer  data)
{
  const char *form = data;
  const char *key_file = g_str_equal (form, "pem") ? "a.key" : g_str_equal (form, "der") ? "a-key.der" : "a-encrypted.key";
  g_autofree char *id = NULL;
  g_autofree char *types = NULL;
  g_autofree char *message = NULL;
  g_autofree char *certificate_key = NULL;
  g_autofree char *stored_key = NULL;
  g_autofree char *p12_key = NULL;
  g_autofree char *out = NULL;
  g_autofree char *deployed = work_path (fixture, "deployed.pem");
  g_autofree char *export_spec = g_strconcat ("pem:", deployed, NULL);
  g_autofree char *exported_key = work_path (fixture, "exported.key");
  g_autofree char *exported_p12 = work_path (fixture, "exported.p12");
  g_autoptr(OktResult) deploy = NULL;
  g_autoptr(OktResult) stranger = NULL;
  g_autoptr(OktResult) wrong = NULL;
  g_autoptr(OktResult) added = NULL;
  g_autoptr(OktResult) again = NULL;
  g_autoptr(OktResult) actions = NULL;
  g_autoptr(OktResult) exported = NULL;
  g_autoptr(JsonNode) report = NULL;

  make_certificate (fixture, "a", UUID, "30");
  make_certificate (fixture, "b", OTHER_UUID, "30");
  out = okt_run_ok (fixture->work, NULL, NULL, (const char *[]) {
    "openssl", "pkey", "-in", "a.key", "-outform", "DER", "-out", "a-key.der", NULL });
  g_clear_pointer (&out, g_free);
  out = okt_run_ok (fixture->work, pass_env, NULL, (const char *[]) {
    "openssl", "pkcs8", "-topk8", "-in", "a.key", "-v2", "aes-256-cbc",
    "-passout", "env:" OKT_PASS_VARIABLE, "-out", "a-encrypted.key", NULL });

  import_ok (fixture, "a.crt", "--name=Skat", NULL);
  id = only_id (fixture);
  deploy = cli (fixture, NULL, "deploy", id, "--export", export_spec, NULL);
  g_assert_cmpint (deploy->exit_status, ==, 0);

  /* A key of no certificate in the store: refused, nothing stored. */
  stranger = import (fixture, "b.key", NULL, NULL);
  g_assert_cmpint (stranger->exit_status, ==, 1);
  g_assert_nonnull (strstr (stranger->err, "This key belongs to no certificate in OCES Keeper."));
  g_assert_cmpuint (count_entries (fixture), ==, 1);
  g_assert_false (has_key (fixture, id));
  types = log_types (fixture, id, NULL);
  g_assert_cmpstr (types, ==, "IMPORTED");
  g_clear_pointer (&types, g_free);

  if (g_str_equal (form, "encrypted"))
    {
      g_autofree char *path = work_path (fixture, key_file);

      wrong = cli (fixture, "not-the-password\n", "import", path, NULL);
      g_assert_cmpint (wrong->exit_status, ==, 1);
      g_assert_nonnull (strstr (wrong->err, "The password is wrong."));
      g_assert_false (has_key (fixture, id));
    }

  /* The key file gives the entry its key; name, log and deploy actions stay. */
  added = import (fixture, key_file, NULL, NULL);
  if (added->exit_status != 0)
    g_error ("import %s failed: %s", key_file, added->err);
  g_assert_true (printed (added, "private key was added"));
  g_assert_cmpstr (only_id (fixture), ==, id);
  report = show (fixture, id);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (report), "has_private_key"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (report), "name"), ==, "Skat");
  types = log_types (fixture, id, &message);
  g_assert_cmpstr (types, ==, "IMPORTED,KEY_ADDED");
  g_assert_nonnull (strstr (message, key_file));
  actions = cli (fixture, NULL, "deploy", id, "--list", "--json", NULL);
  g_assert_cmpint (actions->exit_status, ==, 0);
  g_assert_true (printed (actions, deployed));

  /* openssl judges: the exported key and the exported PKCS#12's key are the certificate's. */
  certificate_key = openssl_public_key (fixture, "a.crt", TRUE);
  exported = cli (fixture, OKT_OCES3_PASSWORD "\n", "export", id, "--format", "key", "--output", exported_key, NULL);
  g_assert_cmpint (exported->exit_status, ==, 0);
  stored_key = openssl_public_key (fixture, "exported.key", FALSE);
  g_assert_cmpstr (stored_key, ==, certificate_key);
  g_clear_pointer (&exported, okt_result_free);
  exported = cli (fixture, OKT_OCES3_PASSWORD "\n", "export", id, "--format", "p12", "--output", exported_p12, NULL);
  g_assert_cmpint (exported->exit_status, ==, 0);
  g_clear_pointer (&out, g_free);
  out = okt_run_ok (NULL, pass_env, NULL, (const char *[]) {
    "openssl", "pkcs12", "-in", exported_p12, "-passin", "env:" OKT_PASS_VARIABLE, "-nocerts", "-noenc",
    "-out", exported_key, NULL });
  p12_key = okt_run_ok (NULL, NULL, NULL, (const char *[]) { "openssl", "pkey", "-in", exported_key, "-pubout", NULL });
  g_assert_cmpstr (p12_key, ==, certificate_key);

  /* The entry has its key now: the same key again is a duplicate, and nothing changes. */
  again = import (fixture, key_file, NULL, NULL);
  g_assert_cmpint (again->exit_status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already in OCES Keeper"));
  g_assert_cmpuint (count_entries (fixture), ==, 1);
  g_clear_pointer (&types, g_free);
  types = log_types (fixture, id, NULL);
  g_assert_cmpstr (types, ==, "IMPORTED,KEY_ADDED,EXPORTED,EXPORTED");
}

static void
test_renewed_elsewhere (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *types = NULL;
  g_autofree char *message = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *new_serial = NULL;
  g_autofree char *deployed_serial = NULL;
  g_autofree char *export_spec = NULL;
  g_autoptr(OktResult) deploy = NULL;
  g_autoptr(OktResult) renewed = NULL;
  g_autoptr(JsonNode) report = NULL;

  make_certificate (fixture, "a", UUID, "30");
  make_certificate (fixture, "b", UUID, "1095");
  import_ok (fixture, "a.pem", "--name=Skat", NULL);
  id = only_id (fixture);
  export_spec = g_strconcat ("pem:", fixture->work, "/deployed.pem", NULL);
  deploy = cli (fixture, NULL, "deploy", id, "--export", export_spec, NULL);
  g_assert_cmpint (deploy->exit_status, ==, 0);

  /* The portal's renewal, imported: the same entry, now on the new certificate. */
  renewed = import (fixture, "b.pem", NULL, NULL);
  g_assert_cmpint (renewed->exit_status, ==, 0);
  g_assert_true (printed (renewed, "renewal of “Skat”"));
  g_assert_cmpstr (only_id (fixture), ==, id);
  serial = serial_of (fixture, id);
  new_serial = openssl_serial (fixture, "b.crt");
  g_assert_cmpstr (serial, ==, new_serial);
  g_assert_true (has_key (fixture, id));
  report = show (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (report), "state"), ==, "valid");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (report), "name"), ==, "Skat");
  types = log_types (fixture, id, &message);
  g_assert_cmpstr (types, ==, "IMPORTED,RENEWED_ELSEWHERE,DEPLOYED");

  /* Its deploy action ran with the new certificate. */
  deployed_serial = openssl_serial (fixture, "deployed.pem");
  g_assert_cmpstr (deployed_serial, ==, new_serial);
}

static void
test_renewed_elsewhere_without_key (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *types = NULL;
  g_autofree char *message = NULL;
  g_autoptr(OktResult) renewed = NULL;

  make_certificate (fixture, "a", UUID, "30");
  make_certificate (fixture, "b", UUID, "1095");
  import_ok (fixture, "a.pem", NULL, NULL);
  id = only_id (fixture);

  renewed = import (fixture, "b.crt", NULL, NULL);
  g_assert_cmpint (renewed->exit_status, ==, 0);
  g_assert_true (printed (renewed, "monitored only"));
  g_assert_cmpstr (only_id (fixture), ==, id);
  g_assert_false (has_key (fixture, id));
  types = log_types (fixture, id, &message);
  g_assert_cmpstr (types, ==, "IMPORTED,RENEWED_ELSEWHERE");
  g_assert_nonnull (strstr (message, "without its private key"));

  /* The colleague's PKCS#12 then completes it. */
  import_ok (fixture, "b.p12", NULL, NULL);
  g_assert_true (has_key (fixture, id));
  g_clear_pointer (&types, g_free);
  types = log_types (fixture, id, NULL);
  g_assert_cmpstr (types, ==, "IMPORTED,RENEWED_ELSEWHERE,KEY_ADDED");
}

/* An older certificate is refused unless asked for; a renewal of two entries is refused until
 * the user says which; another system's certificate is an entry of its own. */
static void
test_older_ambiguous_and_other (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(OktResult) older = NULL;
  g_autoptr(OktResult) ambiguous = NULL;
  g_autoptr(OktResult) wrong_target = NULL;
  g_autofree char *newer_id = NULL;
  g_autofree char *older_id = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *b_serial = NULL;
  g_autofree char *a2_serial = NULL;
  g_autofree char *unchanged = NULL;
  JsonArray *entries;

  make_certificate (fixture, "a", UUID, "30");
  make_certificate (fixture, "a2", UUID, "60");
  make_certificate (fixture, "b", UUID, "1095");
  make_certificate (fixture, "other", OTHER_UUID, "30");

  import_ok (fixture, "a2.pem", NULL, NULL);
  newer_id = only_id (fixture);
  older = import (fixture, "a.pem", NULL, NULL);
  g_assert_cmpint (older->exit_status, ==, 1);
  g_assert_nonnull (strstr (older->err, "newer certificate"));
  g_assert_nonnull (strstr (older->err, "--new-entry"));
  g_assert_cmpuint (count_entries (fixture), ==, 1);

  import_ok (fixture, "a.pem", "--new-entry", NULL);
  list = ok_test_cli_list (fixture->store);
  entries = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  for (guint i = 0; i < 2; i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (entries, i), "id"), newer_id) != 0)
      older_id = g_strdup (json_object_get_string_member (json_array_get_object_element (entries, i), "id"));
  g_assert_nonnull (older_id);

  ambiguous = import (fixture, "b.pem", NULL, NULL);
  g_assert_cmpint (ambiguous->exit_status, ==, 1);
  g_assert_nonnull (strstr (ambiguous->err, "--replaces"));
  g_assert_nonnull (strstr (ambiguous->err, newer_id));
  g_assert_nonnull (strstr (ambiguous->err, older_id));
  g_assert_cmpuint (count_entries (fixture), ==, 2);

  /* Another system's certificate cannot be named as the one renewed. */
  wrong_target = import (fixture, "other.pem", "--replaces", older_id);
  g_assert_cmpint (wrong_target->exit_status, ==, 1);
  g_assert_nonnull (strstr (wrong_target->err, "not a newer certificate"));

  import_ok (fixture, "b.pem", "--replaces", older_id);
  serial = serial_of (fixture, older_id);
  b_serial = openssl_serial (fixture, "b.crt");
  g_assert_cmpstr (serial, ==, b_serial);
  unchanged = serial_of (fixture, newer_id);
  a2_serial = openssl_serial (fixture, "a2.crt");
  g_assert_cmpstr (unchanged, ==, a2_serial);

  import_ok (fixture, "other.pem", NULL, NULL);
  g_assert_cmpuint (count_entries (fixture), ==, 3);
}

/* One key in two monitored-only certificates (the same key certified twice): the key file
 * cannot tell which entry it is for, so it is refused, naming both, and neither changes. */
static void
test_key_file_ambiguous (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *subject = g_strdup_printf ("/CN=Skat integration/serialNumber=UI:DK-O:G:%s/O=Firma ApS"
                                              "/organizationIdentifier=NTRDK-12345678/C=DK", OTHER_UUID);
  g_autofree char *out = NULL;
  g_autoptr(OktResult) refused = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *entries;

  make_certificate (fixture, "a", UUID, "30");
  out = okt_run_ok (fixture->work, NULL, NULL, (const char *[]) {
    "openssl", "req", "-x509", "-key", "a.key", "-days", "60", "-subj", subject, "-out", "twin.crt", NULL });
  import_ok (fixture, "a.crt", "--name=First", NULL);
  import_ok (fixture, "twin.crt", "--name=Twin", NULL);
  g_assert_cmpuint (count_entries (fixture), ==, 2);

  refused = import (fixture, "a.key", NULL, NULL);
  g_assert_cmpint (refused->exit_status, ==, 1);
  g_assert_nonnull (strstr (refused->err, "This key belongs to more than one certificate in OCES Keeper"));
  g_assert_nonnull (strstr (refused->err, "First"));
  g_assert_nonnull (strstr (refused->err, "Twin"));

  list = ok_test_cli_list (fixture->store);
  entries = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_false (json_object_get_boolean_member (json_array_get_object_element (entries, i), "has_private_key"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/import-match/key-added", Fixture, NULL, fixture_set_up, test_key_added, fixture_tear_down);
  g_test_add ("/import-match/key-file/pem", Fixture, "pem", fixture_set_up, test_key_file, fixture_tear_down);
  g_test_add ("/import-match/key-file/encrypted", Fixture, "encrypted", fixture_set_up, test_key_file, fixture_tear_down);
  g_test_add ("/import-match/key-file/der", Fixture, "der", fixture_set_up, test_key_file, fixture_tear_down);
  g_test_add ("/import-match/key-file/ambiguous", Fixture, NULL, fixture_set_up, test_key_file_ambiguous,
              fixture_tear_down);
  g_test_add ("/import-match/renewed-elsewhere", Fixture, NULL, fixture_set_up, test_renewed_elsewhere, fixture_tear_down);
  g_test_add ("/import-match/renewed-elsewhere-without-key", Fixture, NULL, fixture_set_up,
              test_renewed_elsewhere_without_key, fixture_tear_down);
  g_test_add ("/import-match/older-ambiguous-and-other", Fixture, NULL, fixture_set_up,
              test_older_ambiguous_and_other, fixture_tear_down);

  return g_test_run ();
}
