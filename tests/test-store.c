/* test-store.c — the store's database against the real keyring, with SQLite and openssl as
 * independent readers of what it wrote
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ok-import.h"
#include "ok-keys-test-util.h"
#include "ok-secrets.h"
#include "ok-store.h"
#include "ok-store-test-util.h"

typedef struct
{
  OktPki *pki;
  char   *dir;
} Fixture;

/* One PKI for the whole program: openssl's key generation is the slow part. */
static OktPki *shared_pki;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->pki = shared_pki;
  fixture->dir = okt_make_tmpdir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  okt_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
wait_timed_out (gpointer data)
{
  g_error ("a store operation did not answer within 30 s (a keyring prompt?)");
  return G_SOURCE_REMOVE;
}

/* Every wait is bounded, so a keyring prompt can never hang the suite. */
static GAsyncResult *
wait_for (GAsyncResult **result)
{
  guint timeout = g_timeout_add_seconds (30, wait_timed_out, NULL);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  return *result;
}

static void
ready (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static OkStore *
load_store (const char *dir)
{
  g_autoptr(OkStore) store = ok_store_new (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ok_store_load_async (store, NULL, ready, &result);
  g_assert_true (ok_store_load_finish (store, wait_for (&result), &error));
  g_assert_no_error (error);

  return g_steal_pointer (&store);
}

static OkImported *
import_pki (OktPki   *pki,
            gboolean  with_key)
{
  g_autoptr(GString) pem = g_string_new (NULL);
  g_autofree char *leaf = NULL;
  g_autofree char *chain = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  OkImported *imported;

  g_assert_true (g_file_get_contents (pki->leaf_pem, &leaf, NULL, NULL));
  g_assert_true (g_file_get_contents (pki->chain_pem, &chain, NULL, NULL));
  g_string_append (pem, leaf);
  g_string_append (pem, chain);
  if (with_key)
    {
      g_assert_true (g_file_get_contents (pki->leaf_key, &key, NULL, NULL));
      g_string_append (pem, key);
    }

  bytes = g_bytes_new (pem->str, pem->len);
  imported = ok_import_parse (bytes, NULL, &error);
  g_assert_no_error (error);

  return imported;
}

static OkCertificate *
add (OkStore    *store,
     OkImported *imported,
     GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (events, ok_event_new (OK_EVENT_TYPE_IMPORTED, "Imported by the test.", NULL));
  ok_store_add_async (store, ok_imported_get_certificate (imported), ok_imported_get_chain (imported),
                      ok_imported_get_key (imported), NULL, OK_ENVIRONMENT_UNKNOWN, events, NULL, ready, &result);
  return ok_store_add_finish (store, wait_for (&result), error);
}

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static gboolean
contains (GBytes     *bytes,
          const char *text)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  gsize n = strlen (text);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, text, n) == 0)
      return TRUE;

  return FALSE;
}

/* Lets the main loop run meanwhile: some keyring work finishes after the operation returns. */
static void
wait_for_keyring (const char *secret_id,
                  gboolean    present)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *found = okt_keyring_lookup (secret_id);

      if ((found != NULL) == present)
        return;
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (50000);
    }
}

static char *
key_secret_of (Fixture       *fixture,
               OkCertificate *certificate)
{
  g_autoptr(sqlite3) db = okt_db_open (fixture->dir);
  g_autofree char *sql = g_strdup_printf ("SELECT g.key_secret FROM entries e JOIN generations g ON g.id = e.current"
                                          " WHERE e.id = '%s'", ok_certificate_get_id (certificate));

  return okt_db_text (db, sql);
}

static OkKey *
load_key (OkStore       *store,
          OkCertificate *certificate,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ok_store_load_key_async (store, certificate, NULL, ready, &result);
  return ok_store_load_key_finish (store, wait_for (&result), error);
}

static OkCertificate *
renew (Fixture       *fixture,
       OkStore       *store,
       OkCertificate *certificate,
       const char    *name,
       GBytes       **new_der,
       GError       **error)
{
  g_autoptr(OkKey) new_key = NULL;
  g_autoptr(GPtrArray) chain = okt_pki_dup_chain (fixture->pki);
  g_autoptr(OkEvent) event = ok_event_new (OK_EVENT_TYPE_RENEWED, "Renewed by the test.", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *csr = NULL;
  g_autofree char *stranger = NULL;
  gsize stranger_length = 0;

  /* The renewal's new key: openssl made it, so no slow key generation here. */
  g_assert_true (g_file_get_contents (fixture->pki->stranger_key, &stranger, &stranger_length, NULL));
  new_key = ok_key_new_from_pem (stranger, stranger_length, NULL, &local_error);
  g_assert_no_error (local_error);
  csr = ok_key_make_csr_pem (new_key, "Renewed", &local_error);
  g_assert_no_error (local_error);
  *new_der = okt_pki_sign_csr (fixture->pki, csr, name);

  ok_store_replace_async (store, certificate, *new_der, chain, new_key, event, NULL, ready, &result);
  return ok_store_replace_finish (store, wait_for (&result), error);
}

static void
test_add_with_key (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkStore) reloaded = NULL;
  g_autoptr(OkImported) imported = import_pki (fixture->pki, TRUE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(OkCertificate) again = NULL;
  g_autoptr(OkKey) key = NULL;
  g_autoptr(OkKey) wrong = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *database = g_build_filename (fixture->dir, "store.sqlite3", NULL);
  g_autofree char *secret_id = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *sql = NULL;
  OkCertificate *loaded;

  added = add (store, imported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (ok_certificate_get_has_private_key (added));
  g_assert_true (ok_certificate_get_auto_renew (added));
  g_assert_cmpuint (strlen (ok_certificate_get_id (added)), ==, 12);

  /* Private from the first byte: the folder 0700, the database 0600, no key file beside it. */
  assert_mode (fixture->dir, 0700);
  assert_mode (database, 0600);
  g_assert_false (g_file_test (g_build_filename (fixture->dir, "certificates", NULL), G_FILE_TEST_EXISTS));

  /* The key is in its row, encrypted; its keyring item has an id of its own. */
  secret_id = key_secret_of (fixture, added);
  g_assert_nonnull (secret_id);
  g_assert_true (g_str_has_prefix (secret_id, "key-"));
  g_assert_cmpuint (strlen (secret_id), >, 40);
  passphrase = okt_keyring_lookup (secret_id);
  g_assert_nonnull (passphrase);
  g_assert_cmpuint (strlen (passphrase), >=, 32);
  db = okt_db_open (fixture->dir);
  sql = g_strdup_printf ("SELECT key FROM generations WHERE key_secret = '%s'", secret_id);
  blob = okt_db_blob (db, sql);
  g_assert_nonnull (blob);
  g_assert_false (contains (blob, "-----BEGIN PRIVATE KEY-----"));
  g_assert_false (contains (blob, "-----BEGIN RSA PRIVATE KEY-----"));
  g_assert_true (contains (blob, "-----BEGIN OCES KEEPER ENCRYPTED PRIVATE KEY-----"));
  /* An implementation of the sealed format that shares no code with ours opens it with the
   * keyring's passphrase, and openssl says it is the certificate's key. */
  {
    g_autofree char *sealed_path = g_build_filename (fixture->dir, "sealed-key.pem", NULL);
    g_autoptr(GBytes) opened = NULL;
    g_autoptr(GBytes) refused = NULL;
    g_autoptr(GBytes) expected = okt_openssl_public_key (fixture->pki->leaf_pem, TRUE);

    okt_write_file (sealed_path, blob);
    opened = okt_open_sealed_key_public (sealed_path, passphrase);
    refused = okt_open_sealed_key_public (sealed_path, "not-the-passphrase");
    g_assert_nonnull (opened);
    g_assert_true (g_bytes_equal (opened, expected));
    g_assert_null (refused);
    g_assert_cmpint (g_unlink (sealed_path), ==, 0);
  }
  key = ok_key_new_from_pem (g_bytes_get_data (blob, NULL), g_bytes_get_size (blob), passphrase, &error);
  g_assert_no_error (error);
  g_assert_true (ok_key_matches_certificate (key, ok_certificate_get_der (added)));
  wrong = ok_key_new_from_pem (g_bytes_get_data (blob, NULL), g_bytes_get_size (blob), "not-the-passphrase", &error);
  g_assert_null (wrong);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_object (&key);

  /* The same certificate again makes no second entry, and no second keyring item stays. */
  again = add (store, imported, &error);
  g_assert_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE);
  g_assert_null (again);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  /* Another store object (another process) that does not know of it yet: the database
   * decides, and the loser leaves nothing behind. */
  {
    g_autoptr(OkStore) other = load_store (fixture->dir);
    g_autoptr(OkStore) fresh = ok_store_new (fixture->dir);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(OkCertificate) lost = NULL;
    g_autoptr(sqlite3) db_now = okt_db_open (fixture->dir);
    g_autofree char *store_id = okt_db_text (db_now, "SELECT value FROM meta WHERE name = 'store-id'");
    g_autofree char *prefix = g_strdup_printf ("key-%s-", store_id);

    /* A store that has not loaded does not know the entry. */
    ok_store_add_async (fresh, ok_imported_get_certificate (imported), ok_imported_get_chain (imported),
                        ok_imported_get_key (imported), NULL, OK_ENVIRONMENT_UNKNOWN,
                        g_ptr_array_new_with_free_func (g_object_unref), NULL, ready, &result);
    lost = ok_store_add_finish (fresh, wait_for (&result), &error);
    g_assert_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE);
    g_clear_error (&error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 1);
    /* The loser's item goes once its removal is through; the winner's stays. */
    for (guint i = 0; i < 50; i++)
      {
        g_auto(GStrv) ids = okt_keyring_ids (prefix);

        if (g_strv_length (ids) == 1)
          break;
        while (g_main_context_iteration (NULL, FALSE))
          ;
        g_usleep (100000);
      }
    {
      g_auto(GStrv) ids = okt_keyring_ids (prefix);

      g_assert_cmpuint (g_strv_length (ids), ==, 1);
      g_assert_cmpstr (ids[0], ==, secret_id);
    }
  }

  /* A fresh store sees the same entry, and the key comes back through the keyring. */
  reloaded = load_store (fixture->dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);
  loaded = ok_store_lookup (reloaded, ok_certificate_get_id (added), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok_certificate_get_name (loaded), ==, ok_certificate_get_name (added));
  g_assert_cmpstr (ok_certificate_get_sha256_fingerprint (loaded), ==, ok_certificate_get_sha256_fingerprint (added));
  g_assert_cmpuint (ok_certificate_get_chain (loaded)->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ok_certificate_get_events (loaded)), ==, 1);

  key = load_key (reloaded, loaded, &error);
  g_assert_no_error (error);
  g_assert_true (ok_key_matches_certificate (key, ok_certificate_get_der (loaded)));
}

static void
test_add_monitor_only (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkImported) imported = import_pki (fixture->pki, FALSE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(OkKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;

  added = add (store, imported, &error);
  g_assert_no_error (error);
  g_assert_false (ok_certificate_get_has_private_key (added));
  g_assert_false (ok_certificate_get_auto_renew (added));
  db = okt_db_open (fixture->dir);
  g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM generations WHERE key IS NOT NULL OR key_secret IS NOT NULL"), ==, 0);

  key = load_key (store, added, &error);
  g_assert_error (error, OK_STORE_ERROR, OK_STORE_ERROR_NO_KEY);
  g_assert_null (key);
}

/* The facts views need are columns: what `list` shows is in the row, no parse needed. */
static void
test_columns (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkImported) imported = import_pki (fixture->pki, FALSE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *expected_sha256 = NULL;

  added = add (store, imported, &error);
  g_assert_no_error (error);

  db = okt_db_open (fixture->dir);
  serial = okt_db_text (db, "SELECT serial FROM generations");
  cn = okt_db_text (db, "SELECT subject_cn FROM generations");
  sha256 = okt_db_text (db, "SELECT sha256 FROM generations");
  expected_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, ok_certificate_get_der (added));
  g_assert_cmpstr (serial, ==, ok_certificate_get_serial (added));
  g_assert_cmpstr (cn, ==, ok_certificate_get_subject_cn (added));
  g_assert_cmpstr (sha256, ==, expected_sha256);
  g_assert_cmpint (okt_db_int (db, "SELECT not_after FROM generations"), ==, ok_certificate_get_not_after (added));
  g_assert_cmpint (okt_db_int (db, "SELECT not_before FROM generations"), ==, ok_certificate_get_not_before (added));
}

static void
test_damaged_row_skipped (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkStore) reloaded = NULL;
  g_autoptr(OkImported) imported = import_pki (fixture->pki, FALSE);
  g_autoptr(OkImported) other = import_pki (fixture->pki, TRUE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *sql = NULL;
  g_auto(GStrv) problems = NULL;

  added = add (store, imported, &error);
  g_assert_no_error (error);

  /* A neighbour whose chain a bad disk sector ruined: the others still load. */
  db = okt_db_open (fixture->dir);
  okt_db_exec (db, "PRAGMA foreign_keys = OFF");
  okt_db_exec (db, "INSERT INTO generations (entry_id, sha256, serial, der, chain_pem, facts, not_before, not_after, added)"
                   " SELECT '0123456789ab', 'ff', serial, der, '-----BEGIN CERTIFICATE-----\nbroken\n', '{}',"
                   "        not_before, not_after, added FROM generations");
  sql = g_strdup_printf ("INSERT INTO entries (id, name, auto_renew, current, created)"
                         " VALUES ('0123456789ab', 'Broken', 0, %" G_GINT64_FORMAT ", 0)",
                         okt_db_int (db, "SELECT max(id) FROM generations"));
  okt_db_exec (db, sql);

  reloaded = load_store (fixture->dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);
  problems = ok_store_dup_problems (reloaded);
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], "Broken"));
}

static void
test_update_fields (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkStore) stale = NULL;
  g_autoptr(OkStore) reloaded = NULL;
  g_autoptr(OkImported) imported = import_pki (fixture->pki, TRUE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(OkCertificate) renewed = NULL;
  g_autoptr(OkEvent) event = NULL;
  g_autoptr(OkEvent) last = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) toggled = NULL;
  g_autoptr(GAsyncResult) logged = NULL;
  g_autoptr(GBytes) new_der = NULL;
  g_autoptr(OkKey) key = NULL;
  g_autoptr(GError) error = NULL;
  OkCertificate *stale_view;
  OkCertificate *loaded;
  GListModel *events;

  added = add (store, imported, &error);
  g_assert_no_error (error);
  /* Another process's view of the same entry, read now and then left alone. */
  stale = load_store (fixture->dir);
  stale_view = ok_store_lookup (stale, ok_certificate_get_id (added), &error);
  g_assert_no_error (error);

  ok_certificate_set_name (added, "Skat integration");
  ok_certificate_set_environment_override (added, OK_ENVIRONMENT_PROD);
  ok_certificate_set_renewal_window_days (added, 45);
  ok_store_update_async (store, added, OK_STORE_FIELD_NAME | OK_STORE_FIELD_ENVIRONMENT | OK_STORE_FIELD_RENEWAL_WINDOW,
                         NULL, NULL, ready, &saved);
  g_assert_true (ok_store_update_finish (store, wait_for (&saved), &error));
  g_assert_no_error (error);

  /* This process renews; the stale one then turns automatic renewal off and logs. */
  renewed = renew (fixture, store, added, "renewed", &new_der, &error);
  g_assert_no_error (error);

  ok_certificate_set_auto_renew (stale_view, FALSE);
  ok_store_update_async (stale, stale_view, OK_STORE_FIELD_AUTO_RENEW, NULL, NULL, ready, &toggled);
  g_assert_true (ok_store_update_finish (stale, wait_for (&toggled), &error));
  g_assert_no_error (error);
  event = ok_event_new (OK_EVENT_TYPE_RENEW_ERROR, "Renewal failed.",
                        "Error requesting client certificate response: {\"errorReasonCode\":\"RenewalNotEnabled\"} - 400");
  ok_store_log_async (stale, stale_view, event, NULL, ready, &logged);
  g_assert_true (ok_store_log_finish (stale, wait_for (&logged), &error));
  g_assert_no_error (error);

  /* Each change kept, none undone: the renewal, its key, the name and the toggle. */
  reloaded = load_store (fixture->dir);
  loaded = ok_store_lookup (reloaded, ok_certificate_get_id (added), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok_certificate_get_serial (loaded), ==, ok_certificate_get_serial (renewed));
  g_assert_cmpstr (ok_certificate_get_name (loaded), ==, "Skat integration");
  g_assert_cmpint (ok_certificate_get_environment (loaded), ==, OK_ENVIRONMENT_PROD);
  g_assert_cmpuint (ok_certificate_get_renewal_window_days (loaded), ==, 45);
  g_assert_false (ok_certificate_get_auto_renew (loaded));
  events = ok_certificate_get_events (loaded);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 3);
  last = g_list_model_get_item (events, 2);
  g_assert_cmpint (ok_event_get_event_type (last), ==, OK_EVENT_TYPE_RENEW_ERROR);
  g_assert_cmpstr (ok_event_get_detailed_error (last), ==,
                   "Error requesting client certificate response: {\"errorReasonCode\":\"RenewalNotEnabled\"} - 400");
  key = load_key (reloaded, loaded, &error);
  g_assert_no_error (error);
  g_assert_true (ok_key_matches_certificate (key, new_der));
}

/* The monitor's reminders and the revocation watch's record are written by different
 * processes from their own copies; neither write may undo the other. */
static void
test_monitor_state_members (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkStore) other = NULL;
  g_autoptr(OkStore) reloaded = NULL;
  g_autoptr(OkImported) imported = import_pki (fixture->pki, FALSE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(JsonObject) reminders = json_object_new ();
  g_autoptr(JsonObject) revocation = json_object_new ();
  g_autoptr(GError) error = NULL;
  OkCertificate *other_view;
  JsonObject *state;

  added = add (store, imported, &error);
  g_assert_no_error (error);
  other = load_store (fixture->dir);
  other_view = ok_store_lookup (other, ok_certificate_get_id (added), &error);
  g_assert_no_error (error);

  json_object_set_string_member (reminders, "serial", ok_certificate_get_serial (added));
  json_object_set_object_member (ok_store_get_monitor_state (store, added), "reminders",
                                 json_object_ref (reminders));
  ok_store_update_monitor_state_async (store, added, "reminders", NULL, NULL, ready, &first);
  g_assert_true (ok_store_update_finish (store, wait_for (&first), &error));
  g_assert_no_error (error);

  json_object_set_string_member (revocation, "status", "good");
  json_object_set_object_member (ok_store_get_monitor_state (other, other_view), "revocation",
                                 json_object_ref (revocation));
  ok_store_update_monitor_state_async (other, other_view, "revocation", NULL, NULL, ready, &second);
  g_assert_true (ok_store_update_finish (other, wait_for (&second), &error));
  g_assert_no_error (error);

  reloaded = load_store (fixture->dir);
  state = ok_store_get_monitor_state (reloaded, ok_store_lookup (reloaded, ok_certificate_get_id (added), NULL));
  g_assert_nonnull (state);
  g_assert_true (json_object_has_member (state, "reminders"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (state, "reminders"), "serial"), ==,
                   ok_certificate_get_serial (added));
  g_assert_true (json_object_has_member (state, "revocation"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (state, "revocation"), "status"), ==,
                   "good");
}

static void
test_replace_keeps_history (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkStore) stale = NULL;
  g_autoptr(OkStore) reloaded = NULL;
  g_autoptr(OkImported) imported = import_pki (fixture->pki, TRUE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(OkCertificate) renewed = NULL;
  g_autoptr(OkCertificate) second = NULL;
  g_autoptr(OkKey) loaded_key = NULL;
  g_autoptr(GBytes) new_der = NULL;
  g_autoptr(GBytes) other_der = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *old_secret = NULL;
  g_autofree char *new_secret = NULL;
  g_auto(GStrv) history = NULL;
  OkCertificate *loaded;

  added = add (store, imported, &error);
  g_assert_no_error (error);
  old_secret = key_secret_of (fixture, added);
  stale = load_store (fixture->dir);

  renewed = renew (fixture, store, added, "renewed", &new_der, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok_certificate_get_id (renewed), ==, ok_certificate_get_id (added));
  g_assert_cmpstr (ok_certificate_get_name (renewed), ==, ok_certificate_get_name (added));
  g_assert_cmpstr (ok_certificate_get_serial (renewed), !=, ok_certificate_get_serial (added));
  g_assert_cmpuint (g_list_model_get_n_items (ok_certificate_get_events (renewed)), ==, 2);

  /* The old certificate stays as history; its key and keyring item are gone. */
  db = okt_db_open (fixture->dir);
  g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM generations"), ==, 2);
  g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM generations WHERE key IS NOT NULL"), ==, 1);
  new_secret = key_secret_of (fixture, renewed);
  g_assert_cmpstr (new_secret, !=, old_secret);
  wait_for_keyring (old_secret, FALSE);
  g_assert_null (okt_keyring_lookup (old_secret));
  g_assert_nonnull (okt_keyring_lookup (new_secret));

  /* A process that still sees the old certificate cannot renew it a second time. */
  {
    OkCertificate *stale_view = ok_store_lookup (stale, ok_certificate_get_id (added), &error);

    g_assert_no_error (error);
    second = renew (fixture, stale, stale_view, "second", &other_der, &error);
    g_assert_error (error, OK_STORE_ERROR, OK_STORE_ERROR_CHANGED);
    g_assert_null (second);
    g_clear_error (&error);
    g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM generations"), ==, 2);
  }

  reloaded = load_store (fixture->dir);
  loaded = ok_store_lookup (reloaded, ok_certificate_get_id (added), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok_certificate_get_serial (loaded), ==, ok_certificate_get_serial (renewed));
  history = ok_store_dup_history (reloaded, loaded);
  g_assert_cmpuint (g_strv_length (history), ==, 1);
  g_assert_cmpstr (history[0], ==, ok_certificate_get_serial (added));

  loaded_key = load_key (reloaded, loaded, &error);
  g_assert_no_error (error);
  g_assert_true (ok_key_matches_certificate (loaded_key, new_der));
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkImported) imported = import_pki (fixture->pki, TRUE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *secret_id = NULL;

  added = add (store, imported, &error);
  g_assert_no_error (error);
  secret_id = key_secret_of (fixture, added);
  g_assert_nonnull (okt_keyring_lookup (secret_id));

  ok_store_remove_async (store, added, NULL, ready, &result);
  g_assert_true (ok_store_remove_finish (store, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  db = okt_db_open (fixture->dir);
  g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM entries"), ==, 0);
  g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM generations"), ==, 0);
  g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM events"), ==, 0);
  g_assert_null (okt_keyring_lookup (secret_id));
}

static void
test_lease (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkStore) other = NULL;
  g_autoptr(OkImported) imported = import_pki (fixture->pki, TRUE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  OkCertificate *other_view;

  added = add (store, imported, &error);
  g_assert_no_error (error);
  other = load_store (fixture->dir);
  other_view = ok_store_lookup (other, ok_certificate_get_id (added), &error);
  g_assert_no_error (error);

#define ACQUIRE(s, c, e) G_STMT_START { \
    g_autoptr(GAsyncResult) r = NULL; \
    ok_store_acquire_lease_async (s, c, "renew", NULL, ready, &r); \
    ok_store_acquire_lease_finish (s, wait_for (&r), e); \
  } G_STMT_END

  ACQUIRE (store, added, &error);
  g_assert_no_error (error);

  /* While one holds it, nobody else gets it: not another store, not this one again. */
  ACQUIRE (other, other_view, &error);
  g_assert_error (error, OK_STORE_ERROR, OK_STORE_ERROR_BUSY);
  g_clear_error (&error);
  ACQUIRE (store, added, &error);
  g_assert_error (error, OK_STORE_ERROR, OK_STORE_ERROR_BUSY);
  g_clear_error (&error);

  {
    g_autoptr(GAsyncResult) r = NULL;

    ok_store_release_lease_async (store, added, NULL, ready, &r);
    g_assert_true (ok_store_release_lease_finish (store, wait_for (&r), &error));
  }
  ACQUIRE (other, other_view, &error);
  g_assert_no_error (error);

  /* A lease whose process has gone is taken over. */
  db = okt_db_open (fixture->dir);
  {
    const char *argv[] = { "true", NULL };
    GPid pid;
    g_autofree char *sql = NULL;

    g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                  NULL, NULL, &pid, NULL));
    waitpid (pid, NULL, 0);
    sql = g_strdup_printf ("UPDATE leases SET pid = %d, token = 'gone'", (int) pid);
    okt_db_exec (db, sql);
  }
  ACQUIRE (store, added, &error);
  g_assert_no_error (error);
#undef ACQUIRE
}

static void
test_sweep (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkImported) imported = import_pki (fixture->pki, TRUE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *store_id = NULL;
  g_autofree char *orphan = NULL;
  g_autofree char *in_flight = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *answered = NULL;
  g_autofree char *recent = NULL;
  gint64 month_ago = g_get_real_time () / G_USEC_PER_SEC - 31 * 24 * 60 * 60;
  guint swept;

  added = add (store, imported, &error);
  g_assert_no_error (error);
  secret_id = key_secret_of (fixture, added);

  /* What a process killed mid-import leaves: an item no row names, reserved by nobody alive;
   * and one that a running process is about to name. */
  db = okt_db_open (fixture->dir);
  store_id = okt_db_text (db, "SELECT value FROM meta WHERE name = 'store-id'");
  orphan = g_strdup_printf ("key-%s-orphan-of-a-crash", store_id);
  in_flight = g_strdup_printf ("key-%s-in-flight", store_id);
  okt_keyring_store (orphan, "orphaned-test-passphrase");
  okt_keyring_store (in_flight, "in-flight-test-passphrase");
  /* Another store's orphan is not this store's business. */
  okt_keyring_store ("key-another-store-orphan", "another-test-passphrase");
  sql = g_strdup_printf ("INSERT INTO secret_reservations (secret_id, pid, created) VALUES ('%s', %d, 0)",
                         in_flight, (int) getpid ());
  okt_db_exec (db, sql);

  /* Interrupted attempts: one a month and a day old without an answer (its key is swept with
   * the record), one as old with the CA's answer and one of today (both kept). */
  stale = g_strdup_printf ("key-%s-stale-attempt", store_id);
  answered = g_strdup_printf ("key-%s-answered-attempt", store_id);
  recent = g_strdup_printf ("key-%s-recent-attempt", store_id);
  okt_keyring_store (stale, "stale-test-passphrase");
  okt_keyring_store (answered, "answered-test-passphrase");
  okt_keyring_store (recent, "recent-test-passphrase");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO journal (id, key, key_secret, csr, answer, created) VALUES"
                         " ('issue:test:REF-STALE', x'00', '%s', 'csr', NULL, %" G_GINT64_FORMAT "),"
                         " ('issue:test:REF-ANSWERED', x'00', '%s', 'csr', x'01', %" G_GINT64_FORMAT "),"
                         " ('renew:recent', x'00', '%s', 'csr', NULL, %" G_GINT64_FORMAT ")",
                         stale, month_ago, answered, month_ago, recent, g_get_real_time () / G_USEC_PER_SEC);
  okt_db_exec (db, sql);

  ok_store_sweep_secrets_async (store, NULL, ready, &result);
  swept = ok_store_sweep_secrets_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (swept, ==, 2);
  g_assert_null (okt_keyring_lookup (orphan));
  g_assert_null (okt_keyring_lookup (stale));
  g_assert_nonnull (okt_keyring_lookup (answered));
  g_assert_nonnull (okt_keyring_lookup (recent));
  g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM journal WHERE id = 'issue:test:REF-STALE'"), ==, 0);
  g_assert_cmpint (okt_db_int (db, "SELECT count(*) FROM journal"), ==, 2);
  g_assert_nonnull (okt_keyring_lookup (in_flight));
  g_assert_nonnull (okt_keyring_lookup ("key-another-store-orphan"));
  g_assert_nonnull (okt_keyring_lookup (secret_id));
}

/* A log that a failing renewal or an export script keeps growing is trimmed back: the oldest
 * events give way to one summary that reads first, and the last renewal failure, however old,
 * stays with the CA's detail. */
static void
test_events_capped (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkStore) reloaded = NULL;
  g_autoptr(OkImported) imported = import_pki (fixture->pki, FALSE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(OkEvent) event = NULL;
  g_autoptr(OkEvent) first = NULL;
  g_autoptr(GAsyncResult) logged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(GString) sql = g_string_new ("BEGIN;");
  g_autofree char *kept_detail = NULL;
  OkCertificate *loaded;
  GListModel *events;
  gint64 now = g_get_real_time ();
  gint64 failures;

  added = add (store, imported, &error);
  g_assert_no_error (error);

  /* 1,000 exports after one early renewal failure, written straight into the database. */
  g_string_append_printf (sql, "INSERT INTO events (entry_id, time, type, json) VALUES ('%s', %" G_GINT64_FORMAT ", "
                          "'RENEW_ERROR', '{\"time\":\"2026-01-01T00:00:00Z\",\"type\":\"RENEW_ERROR\","
                          "\"message\":\"Renewal failed.\",\"detailed_error\":\"RenewalNotEnabled - 400\"}');",
                          ok_certificate_get_id (added), now - 1000);
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (sql, "INSERT INTO events (entry_id, time, type, json) VALUES ('%s', %" G_GINT64_FORMAT ", "
                            "'EXPORTED', '{\"time\":\"2026-01-01T00:00:00Z\",\"type\":\"EXPORTED\","
                            "\"message\":\"Exported.\",\"detailed_error\":null}');",
                            ok_certificate_get_id (added), now - 999 + i);
  g_string_append (sql, "COMMIT;");
  db = okt_db_open (fixture->dir);
  okt_db_exec (db, sql->str);

  event = ok_event_new (OK_EVENT_TYPE_EXPORTED, "Exported once more.", NULL);
  ok_store_log_async (store, added, event, NULL, ready, &logged);
  g_assert_true (ok_store_log_finish (store, wait_for (&logged), &error));
  g_assert_no_error (error);

  /* 800 kept: the summary, the failure and the newest 798 events. */
  g_assert_cmpint (okt_db_int (db, "SELECT COUNT(*) FROM events"), ==, 800);
  failures = okt_db_int (db, "SELECT COUNT(*) FROM events WHERE type = 'RENEW_ERROR'");
  g_assert_cmpint (failures, ==, 1);
  kept_detail = okt_db_text (db, "SELECT json FROM events WHERE type = 'RENEW_ERROR'");
  g_assert_nonnull (strstr (kept_detail, "RenewalNotEnabled"));

  reloaded = load_store (fixture->dir);
  loaded = ok_store_lookup (reloaded, ok_certificate_get_id (added), &error);
  g_assert_no_error (error);
  events = ok_certificate_get_events (loaded);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 800);
  first = g_list_model_get_item (events, 0);
  g_assert_cmpint (ok_event_get_event_type (first), ==, OK_EVENT_TYPE_LOG_TRIMMED);
  g_assert_nonnull (strstr (ok_event_get_message (first), "204 older events"));
  {
    g_autoptr(OkEvent) last = g_list_model_get_item (events, 799);

    g_assert_cmpstr (ok_event_get_message (last), ==, "Exported once more.");
  }
}

/* A store that watches shows what another store object — standing in for another process
 * here; tests/test-store-processes.c does it with real ones — commits, in place. */
static void
test_watch_reloads_in_place (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkStore) writer = NULL;
  g_autoptr(OkImported) first = import_pki (fixture->pki, TRUE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(OkCertificate) renewed = NULL;
  g_autoptr(OkCertificate) watched = NULL;
  g_autoptr(GBytes) new_der = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  added = add (store, first, &error);
  g_assert_no_error (error);
  ok_store_watch (store);
  watched = g_list_model_get_item (G_LIST_MODEL (store), 0);

  writer = load_store (fixture->dir);
  renewed = renew (fixture, writer, ok_store_lookup (writer, ok_certificate_get_id (added), NULL), "renewed",
                   &new_der, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(OkCertificate) now = g_list_model_get_item (G_LIST_MODEL (store), 0);

      if (g_strcmp0 (ok_certificate_get_serial (now), ok_certificate_get_serial (renewed)) == 0)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }

  {
    g_autoptr(OkCertificate) now = g_list_model_get_item (G_LIST_MODEL (store), 0);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
    g_assert_cmpstr (ok_certificate_get_serial (now), ==, ok_certificate_get_serial (renewed));
    g_assert_cmpuint (g_list_model_get_n_items (ok_certificate_get_events (now)), ==, 2);
  }
}

/* Failed issuance attempts wait under their reference; a script retrying without end keeps
 * only the newest 50. */
static void
test_pending_capped (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(GAsyncResult) taken = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *message = g_strdup_printf ("Attempt %u failed.", i);
      g_autoptr(OkEvent) event = ok_event_new (OK_EVENT_TYPE_ISSUE_ERROR, message, NULL);

      ok_store_log_pending_async (store, "REF-PENDING-1", event, NULL, ready, &result);
      g_assert_true (ok_store_log_pending_finish (store, wait_for (&result), &error));
      g_assert_no_error (error);
    }

  ok_store_take_pending_async (store, "REF-PENDING-1", NULL, ready, &taken);
  events = ok_store_take_pending_finish (store, wait_for (&taken), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 50);
  g_assert_cmpstr (ok_event_get_message (g_ptr_array_index (events, 0)), ==, "Attempt 10 failed.");
  g_assert_cmpstr (ok_event_get_message (g_ptr_array_index (events, 49)), ==, "Attempt 59 failed.");
}

static char *
checksum_file (const char *path)
{
  g_autoptr(GBytes) bytes = okt_read_file (path);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
assert_load_fails (const char *dir,
                   int         code,
                   const char *words)
{
  g_autoptr(OkStore) store = ok_store_new (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ok_store_load_async (store, NULL, ready, &result);
  g_assert_false (ok_store_load_finish (store, wait_for (&result), &error));
  g_assert_error (error, OK_STORE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_bad_databases (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *database = g_build_filename (fixture->dir, "store.sqlite3", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* From a newer version: refused, untouched. */
  {
    g_autoptr(OkStore) store = load_store (fixture->dir);
    g_autoptr(sqlite3) db = okt_db_open (fixture->dir);

    okt_db_exec (db, "PRAGMA user_version = 99");
  }
  before = checksum_file (database);
  assert_load_fails (fixture->dir, OK_STORE_ERROR_NEWER_VERSION, "newer version");
  after = checksum_file (database);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);

  /* Not a database (a damaged disk, a wrong file): refused, untouched. */
  g_assert_cmpint (g_unlink (database), ==, 0);
  okt_write_text (database, "This is not an SQLite database, but it is long enough to look like a header. "
                            "This is not an SQLite database, but it is long enough to look like a header.");
  g_assert_cmpint (g_chmod (database, 0600), ==, 0);
  before = checksum_file (database);
  assert_load_fails (fixture->dir, OK_STORE_ERROR_DAMAGED, "damaged");
  after = checksum_file (database);
  g_assert_cmpstr (before, ==, after);
}

/* A full disk and a read-only folder: real ones, on small tmpfs mounts (root only). */
static gboolean
mount_tmpfs (const char *dir,
             const char *options)
{
  const char *argv[] = { "mount", "-t", "tmpfs", "-o", options, "ok-test", dir, NULL };

  return okt_run_succeeds (NULL, NULL, NULL, argv);
}

static void
unmount (const char *dir)
{
  const char *argv[] = { "umount", dir, NULL };
  const char *lazy[] = { "umount", "-l", dir, NULL };

  /* A moment's grace: the kernel may still count a file just closed as busy; then detach it. */
  for (guint attempt = 0; attempt < 10; attempt++)
    {
      g_autoptr(OktResult) result = okt_run (NULL, NULL, NULL, argv);

      if (result->exit_status == 0)
        return;
      g_usleep (100000);
    }
  g_assert_true (okt_run_succeeds (NULL, NULL, NULL, lazy));
}

static void
test_full_disk_and_read_only (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *full = g_build_filename (fixture->dir, "full", NULL);
  g_autofree char *read_only = g_build_filename (fixture->dir, "read-only", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (full, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (read_only, 0700), ==, 0);
  if (geteuid () != 0 || !mount_tmpfs (full, "size=160k,mode=0700"))
    {
      g_test_skip ("Mounting a small tmpfs needs root; not tested here.");
      return;
    }

  {
    g_autoptr(OkStore) store = load_store (full);
    g_autoptr(OkStore) reloaded = NULL;
    g_autoptr(OkImported) imported = import_pki (fixture->pki, FALSE);
    g_autoptr(OkCertificate) added = add (store, imported, &error);
    g_autofree char *filler = g_build_filename (full, "filler", NULL);
    const char *fill[] = { "dd", "if=/dev/zero", NULL, "bs=4k", NULL };
    g_autofree char *of = g_strconcat ("of=", filler, NULL);
    guint logged = 0;

    g_assert_no_error (error);
    fill[2] = of;
    okt_run (NULL, NULL, NULL, fill);

    /* Events until the disk refuses: a clear error, and all that was said to be saved is. */
    for (guint i = 0; i < 2000; i++)
      {
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(OkEvent) event = ok_event_new (OK_EVENT_TYPE_EXPORTED, "Exported by the full-disk test, "
                                                 "with a message long enough to fill pages quickly.", NULL);

        ok_store_log_async (store, added, event, NULL, ready, &result);
        if (!ok_store_log_finish (store, wait_for (&result), &error))
          break;
        logged++;
      }
    g_assert_error (error, OK_STORE_ERROR, OK_STORE_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "full"));
    g_clear_error (&error);

    g_unlink (filler);
    reloaded = load_store (full);
    g_assert_cmpuint (g_list_model_get_n_items (ok_certificate_get_events (g_list_model_get_item (G_LIST_MODEL (reloaded), 0))),
                      ==, logged + 1);
  }
  unmount (full);

  /* A read-only folder: the store cannot be made there, and says why. */
  g_assert_true (mount_tmpfs (read_only, "ro,mode=0700"));
  assert_load_fails (read_only, OK_STORE_ERROR_FAILED, "cannot be written");
  unmount (read_only);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OktPki) pki = NULL;

  g_test_init (&argc, &argv, NULL);
  shared_pki = pki = okt_pki_new ();

  g_test_add ("/store/add/with-key", Fixture, NULL, fixture_set_up, test_add_with_key, fixture_tear_down);
  g_test_add ("/store/add/monitor-only", Fixture, NULL, fixture_set_up, test_add_monitor_only, fixture_tear_down);
  g_test_add ("/store/add/columns", Fixture, NULL, fixture_set_up, test_columns, fixture_tear_down);
  g_test_add ("/store/load/damaged-row-skipped", Fixture, NULL, fixture_set_up, test_damaged_row_skipped, fixture_tear_down);
  g_test_add ("/store/update/fields-only", Fixture, NULL, fixture_set_up, test_update_fields, fixture_tear_down);
  g_test_add ("/store/update/monitor-state-members", Fixture, NULL, fixture_set_up, test_monitor_state_members, fixture_tear_down);
  g_test_add ("/store/replace/keeps-history", Fixture, NULL, fixture_set_up, test_replace_keeps_history, fixture_tear_down);
  g_test_add ("/store/remove", Fixture, NULL, fixture_set_up, test_remove, fixture_tear_down);
  g_test_add ("/store/lease", Fixture, NULL, fixture_set_up, test_lease, fixture_tear_down);
  g_test_add ("/store/sweep-secrets", Fixture, NULL, fixture_set_up, test_sweep, fixture_tear_down);
  g_test_add ("/store/watch/reloads-in-place", Fixture, NULL, fixture_set_up, test_watch_reloads_in_place, fixture_tear_down);
  g_test_add ("/store/events/capped", Fixture, NULL, fixture_set_up, test_events_capped, fixture_tear_down);
  g_test_add ("/store/pending/capped", Fixture, NULL, fixture_set_up, test_pending_capped, fixture_tear_down);
  g_test_add ("/store/bad/databases", Fixture, NULL, fixture_set_up, test_bad_databases, fixture_tear_down);
  g_test_add ("/store/bad/full-disk-and-read-only", Fixture, NULL, fixture_set_up, test_full_disk_and_read_only, fixture_tear_down);

  return g_test_run ();
}
