/* test-store-migrate.c — a store in the folder layout of version 0.1 becomes the database:
 * keys, event logs, settings, deploy actions, reminder records and pending issuances included,
 * the old folders kept as a dated backup, and a crash at any step losing nothing
 *
 * The old layout is written here the way version 0.1's ok-store-entry.c wrote it (the same
 * members of metadata.json, the same files), with keys encrypted by the key module and their
 * passphrases in the real keyring under the entry's id.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ok-import.h"
#include "ok-keys-test-util.h"
#include "ok-secrets.h"
#include "ok-store.h"
#include "ok-store-test-util.h"
#include "ok-test-cli.h"

typedef struct
{
  OktPki *pki;
  char   *dir;
  char   *keyed_id;
  char   *monitored_id;
  char   *old_serial;
  char   *new_serial;
} Fixture;

static OktPki *shared_pki;

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static void
ready (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
pem_of (GBytes *der)
{
  g_autoptr(OkCertificate) certificate = ok_certificate_new_from_der (der, NULL);

  return ok_certificate_to_pem (certificate);
}

static void
write_generation (const char *entry,
                  const char *serial,
                  GBytes     *der,
                  const char *chain_pem,
                  GBytes     *encrypted_key)
{
  g_autofree char *folder = g_build_filename (entry, serial, NULL);
  g_autofree char *certificate = g_build_filename (folder, "certificate.pem", NULL);
  g_autofree char *chain = g_build_filename (folder, "chain.pem", NULL);
  g_autofree char *pem = pem_of (der);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  okt_write_text (certificate, pem);
  okt_write_text (chain, chain_pem);
  if (encrypted_key != NULL)
    {
      g_autofree char *key = g_build_filename (folder, "key.p8", NULL);
      okt_write_file (key, encrypted_key);
    }
}

/* metadata.json as version 0.1 wrote it (its facts and trust caches are optional: without
 * them the certificate is parsed). */
static void
write_metadata (const char  *entry,
                const char  *id,
                const char  *name,
                gboolean     has_key,
                gboolean     auto_renew,
                guint        window,
                const char  *current,
                const char  *history,
                const char  *events,
                const char  *deploy,
                const char  *state)
{
  g_autofree char *path = g_build_filename (entry, "metadata.json", NULL);
  g_autofree char *text = g_strdup_printf (
    "{\n  \"format\" : 1,\n  \"id\" : \"%s\",\n  \"name\" : \"%s\",\n  \"environment_override\" : null,\n"
    "  \"has_private_key\" : %s,\n  \"settings\" : { \"auto_renew\" : %s, \"renewal_window_days\" : %u },\n"
    "  \"deploy\" : %s,\n  \"current\" : \"%s\",\n  \"history\" : [ %s ],\n  \"events\" : %s,\n  \"state\" : %s\n}\n",
    id, name, has_key ? "true" : "false", auto_renew ? "true" : "false", window, deploy, current,
    history, events, state);

  okt_write_text (path, text);
}

static void
store_passphrase (const char *id,
                  const char *passphrase)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ok_secrets_store_async (OK_SECRET_KIND_KEY_PASSPHRASE, id, "test", "OCES Keeper 0.1 key passphrase", passphrase,
                          NULL, ready, &result);
  g_assert_true (ok_secrets_store_finish (wait_for (&result), &error));
  g_assert_no_error (error);
}

static GBytes *
renewed_certificate (OktPki  *pki,
                     OkKey  **key)
{
  g_autofree char *stranger = NULL;
  g_autofree char *csr = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (pki->stranger_key, &stranger, &length, NULL));
  *key = ok_key_new_from_pem (stranger, length, NULL, &error);
  g_assert_no_error (error);
  csr = ok_key_make_csr_pem (*key, "Renewed", &error);
  g_assert_no_error (error);

  return okt_pki_sign_csr (pki, csr, "renewed-before-migration");
}

static void
write_old_store (Fixture *fixture)
{
  g_autofree char *certificates = g_build_filename (fixture->dir, "certificates", NULL);
  g_autofree char *pending = g_build_filename (fixture->dir, "pending", NULL);
  g_autofree char *chain_pem = NULL;
  g_autofree char *passphrase = ok_secrets_generate_passphrase ();
  g_autoptr(GBytes) encrypted = NULL;
  g_autoptr(GBytes) renewed = NULL;
  g_autoptr(OkKey) key = NULL;
  g_autoptr(OkCertificate) first = ok_certificate_new_from_der (fixture->pki->leaf_der, NULL);
  g_autoptr(OkCertificate) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keyed = NULL;
  g_autofree char *monitored = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *leftover = NULL;
  g_autofree char *history = NULL;
  g_autofree char *state = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, fixture->pki->leaf_der);

  g_assert_true (g_file_get_contents (fixture->pki->chain_pem, &chain_pem, NULL, NULL));
  renewed = renewed_certificate (fixture->pki, &key);
  second = ok_certificate_new_from_der (renewed, NULL);
  encrypted = ok_key_export_encrypted_pem (key, passphrase, &error);
  g_assert_no_error (error);

  /* Renewed once: the first certificate is history, the second current with its key. */
  fixture->keyed_id = g_strndup (sha, 12);
  fixture->old_serial = g_strdup (ok_certificate_get_serial (first));
  fixture->new_serial = g_strdup (ok_certificate_get_serial (second));
  keyed = g_build_filename (certificates, fixture->keyed_id, NULL);
  write_generation (keyed, fixture->old_serial, fixture->pki->leaf_der, chain_pem, NULL);
  write_generation (keyed, fixture->new_serial, renewed, chain_pem, encrypted);
  history = g_strdup_printf ("\"%s\"", fixture->old_serial);
  state = g_strdup_printf ("{ \"reminders\" : { \"serial\" : \"%s\", \"sent\" : [ 60, 30 ] } }", fixture->new_serial);
  write_metadata (keyed, fixture->keyed_id, "Skat integration", TRUE, FALSE, 45, fixture->new_serial, history,
                  "[ { \"time\" : \"2026-01-01T10:00:00Z\", \"type\" : \"IMPORTED\", \"message\" : \"Imported.\" },"
                  "  { \"time\" : \"2026-06-01T10:00:00Z\", \"type\" : \"RENEW_ERROR\", \"message\" : \"Renewal failed.\","
                  "    \"detailed_error\" : \"{\\\"errorReasonCode\\\":\\\"RenewalNotEnabled\\\"} - 400\" },"
                  "  { \"time\" : \"2026-07-01T10:00:00Z\", \"type\" : \"RENEWED\", \"message\" : \"Renewed.\" } ]",
                  "[ { \"type\" : \"command\", \"argv\" : [ \"/bin/true\" ] } ]", state);
  store_passphrase (fixture->keyed_id, passphrase);

  /* A monitor-only entry (the stranger's certificate is not at hand: the CA's own will do). */
  fixture->monitored_id = g_strdup ("0badc0ffee00");
  monitored = g_build_filename (certificates, fixture->monitored_id, NULL);
  write_generation (monitored, "01", fixture->pki->ca_der, "", NULL);
  write_metadata (monitored, fixture->monitored_id, "Issuing CA", FALSE, FALSE, 0, "01", "",
                  "[ { \"time\" : \"2026-02-01T10:00:00Z\", \"type\" : \"IMPORTED\", \"message\" : \"Imported.\" } ]",
                  "[]", "{}");

  /* A damaged entry stays in the backup; an interrupted import was never an entry. */
  damaged = g_build_filename (certificates, "0123456789ab", NULL);
  g_assert_cmpint (g_mkdir_with_parents (damaged, 0700), ==, 0);
  okt_write_text (g_build_filename (damaged, "metadata.json", NULL), "{ \"format\": 1, \"current\": ");
  leftover = g_build_filename (certificates, ".new-fedcba987654", NULL);
  g_assert_cmpint (g_mkdir_with_parents (leftover, 0700), ==, 0);

  g_assert_cmpint (g_mkdir_with_parents (pending, 0700), ==, 0);
  okt_write_text (g_build_filename (pending, "REF-0001.json", NULL),
                  "[ { \"time\" : \"2026-03-01T10:00:00Z\", \"type\" : \"ISSUE_ERROR\", \"message\" : \"Wrong code.\" },"
                  "  { \"time\" : \"2026-03-02T10:00:00Z\", \"type\" : \"ISSUE_ERROR\", \"message\" : \"Wrong again.\" } ]");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->pki = shared_pki;
  fixture->dir = okt_make_tmpdir ();
  g_assert_cmpint (g_chmod (fixture->dir, 0700), ==, 0);
  write_old_store (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  okt_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->keyed_id);
  g_free (fixture->monitored_id);
  g_free (fixture->old_serial);
  g_free (fixture->new_serial);
}

static char *
backup_dir (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "store-backup-"))
      return g_build_filename (fixture->dir, name, NULL);

  return NULL;
}

static void
assert_migrated (Fixture  *fixture,
                 gboolean  first_open)
{
  g_autoptr(OkStore) store = ok_store_new (fixture->dir);
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) key_result = NULL;
  g_autoptr(GAsyncResult) pending_result = NULL;
  g_autoptr(OkKey) key = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) history = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *old_metadata = NULL;
  OkCertificate *keyed;
  OkCertificate *monitored;
  GListModel *events;
  JsonObject *state;

  ok_store_load_async (store, NULL, ready, &loaded);
  g_assert_true (ok_store_load_finish (store, wait_for (&loaded), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  if (first_open)
    {
      g_auto(GStrv) problems = ok_store_dup_problems (store);

      /* The damaged old entry is told, with where it is kept. */
      g_assert_cmpuint (g_strv_length (problems), ==, 1);
      g_assert_nonnull (strstr (problems[0], "0123456789ab"));
      g_assert_nonnull (strstr (problems[0], "store-backup-"));
    }

  keyed = ok_store_lookup (store, fixture->keyed_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok_certificate_get_name (keyed), ==, "Skat integration");
  g_assert_cmpstr (ok_certificate_get_serial (keyed), ==, fixture->new_serial);
  g_assert_true (ok_certificate_get_has_private_key (keyed));
  g_assert_false (ok_certificate_get_auto_renew (keyed));
  g_assert_cmpuint (ok_certificate_get_renewal_window_days (keyed), ==, 45);
  g_assert_cmpuint (ok_certificate_get_deploy_actions (keyed)->len, ==, 1);
  g_assert_cmpuint (ok_certificate_get_chain (keyed)->len, ==, 2);
  events = ok_certificate_get_events (keyed);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 3);
  {
    g_autoptr(OkEvent) failure = g_list_model_get_item (events, 1);

    g_assert_cmpint (ok_event_get_event_type (failure), ==, OK_EVENT_TYPE_RENEW_ERROR);
    g_assert_cmpstr (ok_event_get_detailed_error (failure), ==, "{\"errorReasonCode\":\"RenewalNotEnabled\"} - 400");
  }
  history = ok_store_dup_history (store, keyed);
  g_assert_cmpuint (g_strv_length (history), ==, 1);
  g_assert_cmpstr (history[0], ==, fixture->old_serial);
  state = ok_store_get_monitor_state (store, keyed);
  g_assert_true (json_object_has_member (state, "reminders"));

  /* The key opens with its passphrase from the keyring, as before. */
  ok_store_load_key_async (store, keyed, NULL, ready, &key_result);
  key = ok_store_load_key_finish (store, wait_for (&key_result), &error);
  g_assert_no_error (error);
  g_assert_true (ok_key_matches_certificate (key, ok_certificate_get_der (keyed)));

  monitored = ok_store_lookup (store, fixture->monitored_id, &error);
  g_assert_no_error (error);
  g_assert_false (ok_certificate_get_has_private_key (monitored));
  g_assert_cmpuint (g_list_model_get_n_items (ok_certificate_get_events (monitored)), ==, 1);

  ok_store_take_pending_async (store, "REF-0001", NULL, ready, &pending_result);
  pending = ok_store_take_pending_finish (store, wait_for (&pending_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 2);

  /* The old folders are kept, whole, in a dated backup; none is left in the way. */
  g_assert_false (g_file_test (g_build_filename (fixture->dir, "certificates", NULL), G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (g_build_filename (fixture->dir, "pending", NULL), G_FILE_TEST_EXISTS));
  backup = backup_dir (fixture);
  g_assert_nonnull (backup);
  old_metadata = g_build_filename (backup, "certificates", fixture->keyed_id, "metadata.json", NULL);
  g_assert_true (g_file_test (old_metadata, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (g_build_filename (backup, "certificates", "0123456789ab", NULL), G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (g_build_filename (backup, "pending", "REF-0001.json", NULL), G_FILE_TEST_IS_REGULAR));
}

static void
test_migrate (Fixture       *fixture,
              gconstpointer  data)
{
  assert_migrated (fixture, TRUE);
  /* Once: the next open finds nothing to convert and changes nothing. */
  assert_migrated (fixture, FALSE);
}

/* A SIGKILL at every step of the conversion (OK_TEST_CRASH_AT in `oces-keeper-cli list`,
 * which opens the store): the next open always ends with the whole store converted. */
static void
test_migrate_crash (Fixture       *fixture,
                    gconstpointer  data)
{
  guint crashes = 0;

  for (guint step = 1; step < 20; step++)
    {
      g_autofree char *crash_at = g_strdup_printf ("%u", step);
      const char *env[] = { "OK_TEST_CRASH_AT", crash_at, NULL };
      g_autoptr(OktResult) attempt = ok_test_cli (fixture->dir, NULL, env, "list", NULL);

      if (attempt->exit_status == 0)
        break;
      crashes++;

      /* Either nothing happened yet or all of it did; never a half of either. */
      g_assert_true (g_file_test (g_build_filename (fixture->dir, "certificates", NULL), G_FILE_TEST_IS_DIR) ||
                     backup_dir (fixture) != NULL);
    }

  g_assert_cmpuint (crashes, >=, 2);
  assert_migrated (fixture, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OktPki) pki = NULL;

  g_test_init (&argc, &argv, NULL);
  shared_pki = pki = okt_pki_new ();

  g_test_add ("/store-migrate/converts-everything", Fixture, NULL, fixture_set_up, test_migrate, fixture_tear_down);
  g_test_add ("/store-migrate/crash-at-every-step", Fixture, NULL, fixture_set_up, test_migrate_crash, fixture_tear_down);

  return g_test_run ();
}
