/* test-store-load.c — loading a store fast without cutting corners: the trust cache in the
 * database, chains shared between entries, and big stores, with the public OCES3 samples
 * checked by openssl as the independent judge
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ok-chain.h"
#include "ok-store.h"
#include "ok-store-test-util.h"
#include "ok-test-util.h"

#define MANY_ENTRIES 600

typedef struct
{
  char *dir;
  char *leaf;
  char *issuing;
  char *root;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = ok_test_make_tmpdir ();
  fixture->leaf = ok_test_sample_path ("system-test.pem");
  fixture->issuing = fixture->leaf != NULL ? ok_test_sample_path ("test-issuing-ca.pem") : NULL;
  fixture->root = fixture->issuing != NULL ? ok_test_sample_path ("test-root-ca.pem") : NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ok_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->leaf);
  g_free (fixture->issuing);
  g_free (fixture->root);
}

static gboolean
wait_timed_out (gpointer data)
{
  g_error ("a store operation did not answer within 60 s");
  return G_SOURCE_REMOVE;
}

static void
ready (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  guint timeout = g_timeout_add_seconds (60, wait_timed_out, NULL);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  return *result;
}

static void
count_change (GListModel *model,
              guint       position,
              guint       removed,
              guint       added,
              guint      *changes)
{
  (*changes)++;
}

static OkStore *
load_store_in_order (const char       *dir,
                     OkStoreOrderFunc  order,
                     gpointer          order_data)
{
  g_autoptr(OkStore) store = ok_store_new (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  ok_store_set_load_order (store, order, order_data);
  g_signal_connect (store, "items-changed", G_CALLBACK (count_change), &changes);
  ok_store_load_async (store, NULL, ready, &result);
  g_assert_true (ok_store_load_finish (store, wait_for (&result), &error));
  g_assert_no_error (error);
  /* A first load is one change however many entries it brings: the window re-sorts once. */
  g_assert_cmpuint (changes, ==, g_list_model_get_n_items (G_LIST_MODEL (store)) > 0 ? 1 : 0);
  g_signal_handlers_disconnect_by_data (store, &changes);

  return g_steal_pointer (&store);
}

static OkStore *
load_store (const char *dir)
{
  return load_store_in_order (dir, NULL, NULL);
}

/* openssl makes the DER, so the store sees the samples the way another tool reads them. */
static GBytes *
der_of (const char *pem_path)
{
  g_autofree char *tmp = ok_test_make_tmpdir ();
  g_autofree char *der_path = g_build_filename (tmp, "certificate.der", NULL);
  const char *argv[] = { "openssl", "x509", "-in", pem_path, "-outform", "DER", "-out", der_path, NULL };
  g_autofree char *ignored = ok_test_run_ok (argv, NULL);
  GBytes *der = ok_test_read_file (der_path);

  ok_test_remove_tree (tmp);
  return der;
}

/* The sample system certificate with its issuing CA and root, monitor-only (no keyring). */
static OkCertificate *
add_sample (OkStore *store,
            Fixture *fixture)
{
  g_autoptr(GBytes) leaf = der_of (fixture->leaf);
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OkCertificate *certificate;

  g_ptr_array_add (chain, der_of (fixture->issuing));
  g_ptr_array_add (chain, der_of (fixture->root));
  g_ptr_array_add (events, ok_event_new (OK_EVENT_TYPE_IMPORTED, "Imported by the test.", NULL));
  ok_store_add_async (store, leaf, chain, NULL, "Sample", OK_ENVIRONMENT_UNKNOWN, events, NULL, ready, &result);
  certificate = ok_store_add_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificate);

  return certificate;
}

/* Runs @sql on the store's database, as another program would. */
static void
db_exec (const char    *store_dir,
         const char    *sql)
{
  g_autoptr(sqlite3) db = okt_db_open (store_dir);

  okt_db_exec (db, sql);
}

static OkTrust
trust_after_load (const char *dir)
{
  g_autoptr(OkStore) store = load_store (dir);
  g_autoptr(OkCertificate) certificate = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  certificate = g_list_model_get_item (G_LIST_MODEL (store), 0);
  return ok_certificate_get_trust (certificate);
}

static void
test_trust_cache (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OkStore) store = NULL;
  g_autoptr(OkCertificate) certificate = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *key = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *issuing_only = NULL;
  g_autofree char *verified = NULL;
  const char *verify[] = { "openssl", "verify", "-CAfile", fixture->root, "-untrusted", fixture->issuing,
                           fixture->leaf, NULL };

  if (fixture->root == NULL)
    return;

  /* The independent judge: the samples form a genuine chain to the OCES3 Test root. */
  verified = ok_test_run_ok (verify, NULL);
  g_assert_true (g_str_has_suffix (g_strstrip (verified), ": OK"));

  store = ok_store_new (fixture->dir);
  certificate = add_sample (store, fixture);
  g_assert_cmpint (ok_certificate_get_trust (certificate), ==, OK_TRUST_OCES3_TEST);

  db = okt_db_open (fixture->dir);
  key = okt_db_text (db, "SELECT trust_key FROM generations");
  g_assert_nonnull (key);
  /* Its formula is fixed: stores written by earlier versions must keep hitting the cache. */
  {
    g_autofree char *sha256 = okt_db_text (db, "SELECT sha256 FROM generations");
    g_autofree char *chain = okt_db_text (db, "SELECT chain_pem FROM generations");
    g_autofree char *chain_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, chain, -1);
    g_autofree char *text = g_strconcat ("ok-trust-1\n", OK_CHAIN_OCES3_PROD_ROOT_SHA256 "\n",
                                         OK_CHAIN_OCES3_TEST_ROOT_SHA256 "\n", sha256, "\n", chain_sha256, NULL);
    g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

    g_assert_cmpstr (key, ==, expected);
  }
  cached = okt_db_text (db, "SELECT trust FROM generations");
  g_assert_cmpstr (cached, ==, ok_trust_to_string (OK_TRUST_OCES3_TEST));
  g_assert_cmpint (trust_after_load (fixture->dir), ==, OK_TRUST_OCES3_TEST);

  /* The cache is what a load uses while it matches: it is as trustworthy as the store's own
   * 0600 database, like the facts cache beside it. */
  db_exec (fixture->dir, "UPDATE generations SET trust = 'invalid'");
  g_assert_cmpint (trust_after_load (fixture->dir), ==, OK_TRUST_INVALID);

  /* A chain that changed is verified again: without the root the path is incomplete. */
  issuing_only = ok_test_read_text (fixture->issuing);
  {
    sqlite3_stmt *statement = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE generations SET chain_pem = ?", -1, &statement, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (statement, 1, issuing_only, -1, SQLITE_TRANSIENT);
    g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_DONE);
    sqlite3_finalize (statement);
  }
  g_assert_cmpint (trust_after_load (fixture->dir), ==, OK_TRUST_INCOMPLETE);

  /* So is an entry whose cache key does not match (an older version wrote it, say). */
  db_exec (fixture->dir, "UPDATE generations SET chain_pem = '', trust_key = '0000', trust = 'oces3-prod'");
  g_assert_cmpint (trust_after_load (fixture->dir), ==, OK_TRUST_UNKNOWN);
}

/* Copies the sample's rows under another id (and a made-up fingerprint, which is UNIQUE). */
static void
clone_entry (sqlite3    *db,
             const char *from,
             const char *id)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO generations (entry_id, sha256, serial, der, chain_pem, facts, trust, trust_key, subject_cn,"
    "  organisation, cvr, uuid, kind, environment, not_before, not_after, added)"
    " SELECT '%s', '%s' || sha256, serial, der, chain_pem, facts, trust, trust_key, subject_cn, organisation, cvr,"
    "  uuid, kind, environment, not_before, not_after, added FROM generations WHERE entry_id = '%s';"
    "INSERT INTO entries (id, name, environment_override, auto_renew, renewal_window_days, monitor_state, current,"
    "  created)"
    " SELECT '%s', name, environment_override, auto_renew, renewal_window_days, monitor_state, last_insert_rowid(),"
    "  created FROM entries WHERE id = '%s';"
    "INSERT INTO events (entry_id, time, type, json) SELECT '%s', time, type, json FROM events WHERE entry_id = '%s';",
    id, id, from, id, from, id, from);

  okt_db_exec (db, sql);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_many_entries (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OkStore) store = NULL;
  g_autoptr(OkStore) loaded = NULL;
  g_autoptr(OkCertificate) sample = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *damage = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(GHashTable) roots = g_hash_table_new (NULL, NULL);

  if (fixture->root == NULL)
    return;

  store = ok_store_new (fixture->dir);
  sample = add_sample (store, fixture);
  g_ptr_array_add (ids, g_strdup (ok_certificate_get_id (sample)));

  db = okt_db_open (fixture->dir);
  okt_db_exec (db, "BEGIN");
  for (guint i = 0; i < MANY_ENTRIES; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%011u", i);

      clone_entry (db, ok_certificate_get_id (sample), id);
      g_ptr_array_add (ids, g_steal_pointer (&id));
    }
  okt_db_exec (db, "COMMIT");

  /* One damaged entry in the middle is reported and skipped; the others keep their order. */
  damaged = g_ptr_array_steal_index (ids, MANY_ENTRIES / 2);
  damage = g_strdup_printf ("UPDATE entries SET name = 'Damaged' WHERE id = '%s';"
                            "UPDATE generations SET chain_pem = '-----BEGIN CERTIFICATE-----' || char(10) || 'no' || char(10)"
                            " WHERE entry_id = '%s'", damaged, damaged);
  okt_db_exec (db, damage);
  g_ptr_array_sort (ids, compare_ids);

  loaded = load_store (fixture->dir);
  problems = ok_store_dup_problems (loaded);
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], "Damaged"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded)), ==, ids->len);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (G_LIST_MODEL (loaded), i);
      GPtrArray *chain = ok_certificate_get_chain (certificate);

      g_assert_cmpstr (ok_certificate_get_id (certificate), ==, g_ptr_array_index (ids, i));
      g_assert_cmpint (ok_certificate_get_trust (certificate), ==, OK_TRUST_OCES3_TEST);
      g_assert_cmpstr (ok_certificate_get_cvr (certificate), ==, "19552101");
      g_assert_cmpuint (chain->len, ==, 2);
      g_assert_cmpstr (ok_certificate_get_sha256_fingerprint (g_ptr_array_index (chain, 1)), ==,
                       ok_certificate_get_sha256_fingerprint (g_ptr_array_index (ok_certificate_get_chain (sample), 1)));
      g_hash_table_add (roots, g_ptr_array_index (chain, 1));
    }

  /* The identical chains were parsed once, not once per entry. */
  g_assert_cmpuint (g_hash_table_size (roots), ==, 1);
}

typedef struct
{
  GThread *thread;   /* where the order ran */
  guint    runs;
} OrderSeen;

static int
compare_names_descending (gconstpointer a,
                          gconstpointer b)
{
  return -strcmp (ok_certificate_get_name (*(OkCertificate **) a), ok_certificate_get_name (*(OkCertificate **) b));
}

static void
order_by_name_descending (GPtrArray *certificates,
                          gpointer   user_data)
{
  OrderSeen *seen = user_data;

  seen->thread = g_thread_self ();
  seen->runs++;
  g_ptr_array_sort (certificates, compare_names_descending);
}

/* A load hands its entries over in the order asked for, sorted in its own thread, each still
 * with its own record (here, the monitor's state that names the entry). */
static void
test_load_order (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *names[] = { "Bravo", "Echo", "Alfa", "Delta", "Charlie" };
  const char *expected[] = { "Sample", "Echo", "Delta", "Charlie", "Bravo", "Alfa" };
  g_autoptr(OkStore) store = NULL;
  g_autoptr(OkStore) loaded = NULL;
  g_autoptr(OkCertificate) sample = NULL;
  g_autoptr(sqlite3) db = NULL;
  OrderSeen seen = { NULL, 0 };

  if (fixture->root == NULL)
    return;

  store = ok_store_new (fixture->dir);
  sample = add_sample (store, fixture);
  db = okt_db_open (fixture->dir);
  okt_db_exec (db, "UPDATE entries SET name = 'Sample'");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      g_autofree char *sql = NULL;

      clone_entry (db, ok_certificate_get_id (sample), id);
      sql = g_strdup_printf ("UPDATE entries SET name = '%s', monitor_state = '{\"entry\":\"%s\"}' WHERE id = '%s'",
                             names[i], id, id);
      okt_db_exec (db, sql);
    }
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE entries SET monitor_state = '{\"entry\":\"%s\"}' WHERE id = '%s'",
                                            ok_certificate_get_id (sample), ok_certificate_get_id (sample));
    okt_db_exec (db, sql);
  }

  loaded = load_store_in_order (fixture->dir, order_by_name_descending, &seen);
  g_assert_cmpuint (seen.runs, ==, 1);
  g_assert_nonnull (seen.thread);
  g_assert_true (seen.thread != g_thread_self ());

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (G_LIST_MODEL (loaded), i);
      JsonObject *state = ok_store_get_monitor_state (loaded, certificate);

      g_assert_cmpstr (ok_certificate_get_name (certificate), ==, expected[i]);
      g_assert_nonnull (state);
      g_assert_cmpstr (json_object_get_string_member (state, "entry"), ==, ok_certificate_get_id (certificate));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-load/trust-cache", Fixture, NULL, fixture_set_up, test_trust_cache, fixture_tear_down);
  g_test_add ("/store-load/order", Fixture, NULL, fixture_set_up, test_load_order, fixture_tear_down);
  g_test_add ("/store-load/many-entries", Fixture, NULL, fixture_set_up, test_many_entries, fixture_tear_down);

  return g_test_run ();
}
