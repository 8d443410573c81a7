/* test-store.c — the crash-safe store against the real keyring and real files
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "ok-import.h"
#include "ok-keys-test-util.h"
#include "ok-secrets.h"
#include "ok-store.h"

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

static char *
entry_path (Fixture       *fixture,
            OkCertificate *certificate,
            const char    *generation,
            const char    *file)
{
  return g_build_filename (fixture->dir, "certificates", ok_certificate_get_id (certificate),
                           generation, file, NULL);
}

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static char *
keyring_passphrase (OkCertificate *certificate)
{
  const char *argv[] = { "secret-tool", "lookup", "certificate-id", ok_certificate_get_id (certificate),
                         "kind", "key-passphrase", NULL };
  g_autoptr(OktResult) result = okt_run (NULL, NULL, NULL, argv);

  if (result->exit_status != 0)
    return NULL;

  return g_strndup (g_bytes_get_data (result->out, NULL), g_bytes_get_size (result->out));
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
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *certificates = g_build_filename (fixture->dir, "certificates", NULL);
  g_autofree char *entry = NULL;
  g_autofree char *metadata = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *env_pass = NULL;
  OkCertificate *loaded;

  added = add (store, imported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (ok_certificate_get_has_private_key (added));
  g_assert_true (ok_certificate_get_auto_renew (added));
  g_assert_cmpuint (strlen (ok_certificate_get_id (added)), ==, 12);

  /* Private from the first byte: folders 0700, files 0600, the key encrypted. */
  entry = g_build_filename (certificates, ok_certificate_get_id (added), NULL);
  assert_mode (fixture->dir, 0700);
  assert_mode (certificates, 0700);
  assert_mode (entry, 0700);
  key_path = entry_path (fixture, added, ok_certificate_get_serial (added), "key.p8");
  assert_mode (key_path, 0600);
  metadata = g_build_filename (entry, "metadata.json", NULL);
  assert_mode (metadata, 0600);
  g_assert_true (g_file_get_contents (key_path, &key_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (key_text, "-----BEGIN ENCRYPTED PRIVATE KEY-----"));

  /* The passphrase is in the real keyring, and only it opens the key (openssl as judge). */
  passphrase = keyring_passphrase (added);
  g_assert_nonnull (passphrase);
  g_assert_cmpuint (strlen (passphrase), >=, 32);
  env_pass = g_strconcat (passphrase, NULL);
  {
    const char *env[] = { OKT_PASS_VARIABLE, env_pass, NULL };
    const char *wrong_env[] = { OKT_PASS_VARIABLE, "not-the-passphrase", NULL };
    const char *argv[] = { "openssl", "pkey", "-in", key_path, "-passin", "env:" OKT_PASS_VARIABLE, "-noout", NULL };

    g_assert_true (okt_run_succeeds (NULL, env, NULL, argv));
    g_assert_false (okt_run_succeeds (NULL, wrong_env, NULL, argv));
  }

  /* The same certificate again makes no second entry. */
  again = add (store, imported, &error);
  g_assert_error (error, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE);
  g_assert_null (again);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  /* A fresh store sees the same entry, and the key comes back through the keyring. */
  reloaded = load_store (fixture->dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);
  loaded = ok_store_lookup (reloaded, ok_certificate_get_id (added), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok_certificate_get_name (loaded), ==, ok_certificate_get_name (added));
  g_assert_cmpstr (ok_certificate_get_sha256_fingerprint (loaded), ==, ok_certificate_get_sha256_fingerprint (added));
  g_assert_cmpuint (ok_certificate_get_chain (loaded)->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ok_certificate_get_events (loaded)), ==, 1);

  ok_store_load_key_async (reloaded, loaded, NULL, ready, &result);
  key = ok_store_load_key_finish (reloaded, wait_for (&result), &error);
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
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = NULL;

  added = add (store, imported, &error);
  g_assert_no_error (error);
  g_assert_false (ok_certificate_get_has_private_key (added));
  g_assert_false (ok_certificate_get_auto_renew (added));
  key_path = entry_path (fixture, added, ok_certificate_get_serial (added), "key.p8");
  g_assert_false (g_file_test (key_path, G_FILE_TEST_EXISTS));

  ok_store_load_key_async (store, added, NULL, ready, &result);
  key = ok_store_load_key_finish (store, wait_for (&result), &error);
  g_assert_error (error, OK_STORE_ERROR, OK_STORE_ERROR_NO_KEY);
  g_assert_null (key);
}

static void
test_damaged_entry_skipped (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkStore) reloaded = NULL;
  g_autoptr(OkImported) imported = import_pki (fixture->pki, FALSE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged = g_build_filename (fixture->dir, "certificates", "0123456789ab", NULL);
  g_autofree char *metadata = g_build_filename (damaged, "metadata.json", NULL);
  g_autofree char *leftover_dir = g_build_filename (fixture->dir, "certificates", ".new-fedcba987654", NULL);
  g_autofree char *leftover_file = NULL;
  g_auto(GStrv) problems = NULL;

  added = add (store, imported, &error);
  g_assert_no_error (error);

  /* A damaged neighbour and the remains of an interrupted import. */
  g_assert_cmpint (g_mkdir_with_parents (damaged, 0700), ==, 0);
  okt_write_text (metadata, "{ \"format\": 1, \"current\": ");
  g_assert_cmpint (g_mkdir_with_parents (leftover_dir, 0700), ==, 0);
  leftover_file = g_build_filename (fixture->dir, "certificates", ok_certificate_get_id (added),
                                    "metadata.json.tmp-AbCdEf", NULL);
  okt_write_text (leftover_file, "half");

  reloaded = load_store (fixture->dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);
  problems = ok_store_dup_problems (reloaded);
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], "0123456789ab"));
  g_assert_false (g_file_test (leftover_dir, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (leftover_file, G_FILE_TEST_EXISTS));
}

static void
test_save_and_log (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkStore) reloaded = NULL;
  g_autoptr(OkImported) imported = import_pki (fixture->pki, FALSE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(OkEvent) event = NULL;
  g_autoptr(OkEvent) last = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) logged = NULL;
  g_autoptr(GError) error = NULL;
  OkCertificate *loaded;
  GListModel *events;

  added = add (store, imported, &error);
  g_assert_no_error (error);

  ok_certificate_set_name (added, "Skat integration");
  ok_certificate_set_environment_override (added, OK_ENVIRONMENT_PROD);
  ok_certificate_set_renewal_window_days (added, 45);
  ok_store_save_async (store, added, NULL, ready, &saved);
  g_assert_true (ok_store_save_finish (store, wait_for (&saved), &error));
  g_assert_no_error (error);

  event = ok_event_new (OK_EVENT_TYPE_RENEW_ERROR, "Renewal failed.",
                        "Error requesting client certificate response: {\"errorReasonCode\":\"RenewalNotEnabled\"} - 400");
  ok_store_log_async (store, added, event, NULL, ready, &logged);
  g_assert_true (ok_store_log_finish (store, wait_for (&logged), &error));
  g_assert_no_error (error);

  reloaded = load_store (fixture->dir);
  loaded = ok_store_lookup (reloaded, ok_certificate_get_id (added), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok_certificate_get_name (loaded), ==, "Skat integration");
  g_assert_cmpint (ok_certificate_get_environment (loaded), ==, OK_ENVIRONMENT_PROD);
  g_assert_cmpuint (ok_certificate_get_renewal_window_days (loaded), ==, 45);
  events = ok_certificate_get_events (loaded);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 2);
  last = g_list_model_get_item (events, 1);
  g_assert_cmpint (ok_event_get_event_type (last), ==, OK_EVENT_TYPE_RENEW_ERROR);
  g_assert_cmpstr (ok_event_get_detailed_error (last), ==,
                   "Error requesting client certificate response: {\"errorReasonCode\":\"RenewalNotEnabled\"} - 400");
}

static void
test_replace_keeps_history (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(OkStore) store = load_store (fixture->dir);
  g_autoptr(OkStore) reloaded = NULL;
  g_autoptr(OkImported) imported = import_pki (fixture->pki, TRUE);
  g_autoptr(OkCertificate) added = NULL;
  g_autoptr(OkCertificate) renewed = NULL;
  g_autoptr(OkKey) new_key = NULL;
  g_autoptr(OkKey) loaded_key = NULL;
  g_autoptr(GBytes) new_der = NULL;
  g_autoptr(GPtrArray) chain = okt_pki_dup_chain (fixture->pki);
  g_autoptr(OkEvent) event = ok_event_new (OK_EVENT_TYPE_RENEWED, "Renewed by the test.", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) key_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csr = NULL;
  g_autofree char *stranger = NULL;
  gsize stranger_length = 0;
  g_autofree char *old_key = NULL;
  g_autofree char *old_certificate = NULL;
  g_auto(GStrv) history = NULL;
  OkCertificate *loaded;

  added = add (store, imported, &error);
  g_assert_no_error (error);

  /* The renewal's new key: openssl made it, so no slow key generation here. */
  g_assert_true (g_file_get_contents (fixture->pki->stranger_key, &stranger, &stranger_length, NULL));
  new_key = ok_key_new_from_pem (stranger, stranger_length, NULL, &error);
  g_assert_no_error (error);
  csr = ok_key_make_csr_pem (new_key, "Renewed", &error);
  g_assert_no_error (error);
  new_der = okt_pki_sign_csr (fixture->pki, csr, "renewed");

  ok_store_replace_async (store, added, new_der, chain, new_key, event, NULL, ready, &result);
  renewed = ok_store_replace_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok_certificate_get_id (renewed), ==, ok_certificate_get_id (added));
  g_assert_cmpstr (ok_certificate_get_name (renewed), ==, ok_certificate_get_name (added));
  g_assert_cmpstr (ok_certificate_get_serial (renewed), !=, ok_certificate_get_serial (added));
  g_assert_cmpuint (g_list_model_get_n_items (ok_certificate_get_events (renewed)), ==, 2);

  /* The old certificate stays as history; its key is gone. */
  old_key = entry_path (fixture, added, ok_certificate_get_serial (added), "key.p8");
  old_certificate = entry_path (fixture, added, ok_certificate_get_serial (added), "certificate.pem");
  g_assert_false (g_file_test (old_key, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (old_certificate, G_FILE_TEST_EXISTS));

  reloaded = load_store (fixture->dir);
  loaded = ok_store_lookup (reloaded, ok_certificate_get_id (added), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok_certificate_get_serial (loaded), ==, ok_certificate_get_serial (renewed));
  history = ok_store_dup_history (reloaded, loaded);
  g_assert_cmpuint (g_strv_length (history), ==, 1);
  g_assert_cmpstr (history[0], ==, ok_certificate_get_serial (added));

  ok_store_load_key_async (reloaded, loaded, NULL, ready, &key_result);
  loaded_key = ok_store_load_key_finish (reloaded, wait_for (&key_result), &error);
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
  g_autofree char *entry = NULL;
  g_autofree char *passphrase = NULL;

  added = add (store, imported, &error);
  g_assert_no_error (error);
  passphrase = keyring_passphrase (added);
  g_assert_nonnull (passphrase);
  g_clear_pointer (&passphrase, g_free);

  ok_store_remove_async (store, added, NULL, ready, &result);
  g_assert_true (ok_store_remove_finish (store, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  entry = g_build_filename (fixture->dir, "certificates", ok_certificate_get_id (added), NULL);
  g_assert_false (g_file_test (entry, G_FILE_TEST_EXISTS));
  passphrase = keyring_passphrase (added);
  g_assert_null (passphrase);
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
  g_test_add ("/store/load/damaged-entry-skipped", Fixture, NULL, fixture_set_up, test_damaged_entry_skipped, fixture_tear_down);
  g_test_add ("/store/save-and-log", Fixture, NULL, fixture_set_up, test_save_and_log, fixture_tear_down);
  g_test_add ("/store/replace/keeps-history", Fixture, NULL, fixture_set_up, test_replace_keeps_history, fixture_tear_down);
  g_test_add ("/store/remove", Fixture, NULL, fixture_set_up, test_remove, fixture_tear_down);

  return g_test_run ();
}
