/* test-store-load.c — loading a store fast without cutting corners: the trust cache in
 * metadata.json, chains shared between entries, and the parallel read of big stores, with the
 * public OCES3 samples checked by openssl as the independent judge
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ok-chain.h"
#include "ok-store.h"
#include "ok-test-util.h"

/* Above the store's threshold for reading with more than one thread. */
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

static JsonObject *
read_metadata (const char *entry_dir)
{
  g_autofree char *path = g_build_filename (entry_dir, "metadata.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
write_metadata (const char *entry_dir,
                JsonObject *metadata)
{
  g_autofree char *path = g_build_filename (entry_dir, "metadata.json", NULL);
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), metadata);
  g_autofree char *text = json_to_string (root, TRUE);

  ok_test_write_text (path, text);
}

static char *
entry_dir (const char    *store_dir,
           OkCertificate *certificate)
{
  return g_build_filename (store_dir, "certificates", ok_certificate_get_id (certificate), NULL);
}

static char *
generation_file (const char    *store_dir,
                 OkCertificate *certificate,
                 const char    *name)
{
  return g_build_filename (store_dir, "certificates", ok_certificate_get_id (certificate),
                           ok_certificate_get_serial (certificate), name, NULL);
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
  g_autoptr(JsonObject) metadata = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *chain_path = NULL;
  g_autofree char *issuing_only = NULL;
  g_autofree char *verified = NULL;
  const char *verify[] = { "openssl", "verify", "-CAfile", fixture->root, "-untrusted", fixture->issuing,
                           fixture->leaf, NULL };
  const char *key;

  if (fixture->root == NULL)
    return;

  /* The independent judge: the samples form a genuine chain to the OCES3 Test root. */
  verified = ok_test_run_ok (verify, NULL);
  g_assert_true (g_str_has_suffix (g_strstrip (verified), ": OK"));

  store = ok_store_new (fixture->dir);
  certificate = add_sample (store, fixture);
  g_assert_cmpint (ok_certificate_get_trust (certificate), ==, OK_TRUST_OCES3_TEST);

  entry = entry_dir (fixture->dir, certificate);
  metadata = read_metadata (entry);
  key = json_object_get_string_member_with_default (metadata, "trust_sha256", NULL);
  g_assert_nonnull (key);
  g_assert_cmpuint (strlen (key), ==, 64);
  g_assert_cmpstr (json_object_get_string_member_with_default (metadata, "trust", NULL), ==,
                   ok_trust_to_string (OK_TRUST_OCES3_TEST));
  g_assert_cmpint (trust_after_load (fixture->dir), ==, OK_TRUST_OCES3_TEST);

  /* The cache is what a load uses while it matches: it is as trustworthy as the store's own
   * 0700 folder, like the facts cache beside it. */
  json_object_set_string_member (metadata, "trust", ok_trust_to_string (OK_TRUST_INVALID));
  write_metadata (entry, metadata);
  g_assert_cmpint (trust_after_load (fixture->dir), ==, OK_TRUST_INVALID);

  /* A chain file that changed is verified again: without the root the path is incomplete. */
  chain_path = generation_file (fixture->dir, certificate, "chain.pem");
  issuing_only = ok_test_read_text (fixture->issuing);
  ok_test_write_text (chain_path, issuing_only);
  g_assert_cmpint (trust_after_load (fixture->dir), ==, OK_TRUST_INCOMPLETE);

  /* So is an entry whose cache key does not match (an older version wrote it, say). */
  ok_test_write_text (chain_path, "");
  g_clear_pointer (&metadata, json_object_unref);
  metadata = read_metadata (entry);
  json_object_set_string_member (metadata, "trust_sha256", "0000");
  json_object_set_string_member (metadata, "trust", ok_trust_to_string (OK_TRUST_OCES3_PROD));
  write_metadata (entry, metadata);
  g_assert_cmpint (trust_after_load (fixture->dir), ==, OK_TRUST_UNKNOWN);
}

/* Copies @from (an entry folder) to @to under another id. */
static void
clone_entry (const char *from,
             const char *to,
             const char *id,
             const char *generation)
{
  g_autofree char *from_generation = g_build_filename (from, generation, NULL);
  g_autofree char *to_generation = g_build_filename (to, generation, NULL);
  g_autoptr(JsonObject) metadata = read_metadata (from);
  const char *files[] = { "certificate.pem", "chain.pem" };

  g_assert_cmpint (g_mkdir_with_parents (to_generation, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *source = g_build_filename (from_generation, files[i], NULL);
      g_autofree char *target = g_build_filename (to_generation, files[i], NULL);
      g_autofree char *text = ok_test_read_text (source);

      ok_test_write_text (target, text);
    }

  json_object_set_string_member (metadata, "id", id);
  write_metadata (to, metadata);
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
  g_autofree char *sample_dir = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *damaged_metadata = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(GHashTable) roots = g_hash_table_new (NULL, NULL);

  if (fixture->root == NULL)
    return;

  store = ok_store_new (fixture->dir);
  sample = add_sample (store, fixture);
  sample_dir = entry_dir (fixture->dir, sample);
  g_ptr_array_add (ids, g_strdup (ok_certificate_get_id (sample)));

  for (guint i = 0; i < MANY_ENTRIES; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%011u", i);
      g_autofree char *dir = g_build_filename (fixture->dir, "certificates", id, NULL);

      clone_entry (sample_dir, dir, id, ok_certificate_get_serial (sample));
      g_ptr_array_add (ids, g_steal_pointer (&id));
    }

  /* One damaged entry in the middle is reported and skipped; the others keep their order. */
  damaged = g_ptr_array_steal_index (ids, MANY_ENTRIES / 2);
  damaged_metadata = g_build_filename (fixture->dir, "certificates", damaged, "metadata.json", NULL);
  ok_test_write_text (damaged_metadata, "{ not json");
  g_ptr_array_sort (ids, compare_ids);

  loaded = load_store (fixture->dir);
  problems = ok_store_dup_problems (loaded);
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], damaged));
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

  /* The identical chain files were parsed once per reading thread, not once per entry. */
  g_assert_cmpuint (g_hash_table_size (roots), <=, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-load/trust-cache", Fixture, NULL, fixture_set_up, test_trust_cache, fixture_tear_down);
  g_test_add ("/store-load/many-entries", Fixture, NULL, fixture_set_up, test_many_entries, fixture_tear_down);

  return g_test_run ();
}
