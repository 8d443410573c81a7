/* test-grouped-model.c — the headings the certificate list puts between its groups, and the
 * changes it announces to the list view
 *
 * The certificates are made by openssl here; the model must announce only the run of items that
 * changed, or the view would rebuild every row and jump back to the top on each re-sort.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-certificate.h"
#include "ok-certificate-sorter.h"
#include "ok-group-header.h"
#include "ok-grouped-model.h"
#include "ok-test-util.h"

static char *workdir;
static char *pem_firma;     /* O=Firma A/S, CVR 12345678 */
static char *pem_anden;     /* O=Anden ApS, CVR 87654321 */
static char *pem_lone;      /* O=Lone Sole Trader, no CVR */
static char *pem_other;     /* O=Other Sole Trader, no CVR */

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

static char *
make_certificate (const char *name,
                  const char *subject)
{
  g_autofree char *key = g_build_filename (workdir, "key.pem", NULL);
  g_autofree char *path = g_strdup_printf ("%s/%s.pem", workdir, name);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                         "-nodes", "-keyout", key, "-out", path, "-days", "30", "-subj", subject, NULL };
  g_autofree char *output = ok_test_run_ok (argv, NULL);

  return ok_test_read_text (path);
}

static OkCertificate *
certificate (const char    *pem,
             const char    *id,
             OkEnvironment  environment)
{
  g_autoptr(GError) error = NULL;
  OkCertificate *certificate = ok_certificate_new_from_pem (pem, strlen (pem), &error);

  g_assert_no_error (error);
  ok_certificate_set_id (certificate, id);
  ok_certificate_set_environment_override (certificate, environment);
  return certificate;
}

/* "H:title" for a heading, the id for a certificate, joined by spaces. */
static char *
describe (GListModel *model)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (text, ' ');
      if (OK_IS_GROUP_HEADER (item))
        g_string_append_printf (text, "[%s]", ok_group_header_get_title (OK_GROUP_HEADER (item)));
      else
        g_string_append (text, ok_certificate_get_id (OK_CERTIFICATE (item)));
    }

  return g_string_free (text, FALSE);
}

static void
assert_items (GListModel *model,
              const char *expected)
{
  g_autofree char *described = describe (model);

  g_assert_cmpstr (described, ==, expected);
}

static void
assert_one_change (GArray *changes,
                   guint   position,
                   guint   removed,
                   guint   added)
{
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, position);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, removed);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, added);
  g_array_set_size (changes, 0);
}

static void
test_headings_and_changes (void)
{
  g_autoptr(GListStore) store = g_list_store_new (OK_TYPE_CERTIFICATE);
  g_autoptr(OkCertificate) a1 = certificate (pem_firma, "a1", OK_ENVIRONMENT_TEST);
  g_autoptr(OkCertificate) a2 = certificate (pem_firma, "a2", OK_ENVIRONMENT_TEST);
  g_autoptr(OkCertificate) a3 = certificate (pem_firma, "a3", OK_ENVIRONMENT_PROD);
  g_autoptr(OkCertificate) b1 = certificate (pem_anden, "b1", OK_ENVIRONMENT_TEST);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(OkGroupedModel) grouped = NULL;
  GListModel *model;
  g_autoptr(GObject) firma_test = NULL;
  g_autoptr(GObject) firma_test_later = NULL;
  gpointer initial[] = { a1, a2, b1 };
  gpointer resorted[] = { b1, a1, a2, a3 };

  g_list_store_splice (store, 0, 0, initial, G_N_ELEMENTS (initial));
  grouped = ok_grouped_model_new (G_LIST_MODEL (store));
  model = G_LIST_MODEL (grouped);
  g_signal_connect (grouped, "items-changed", G_CALLBACK (record_change), changes);

  assert_items (model, "[Firma A/S · CVR 12345678 · Test] a1 a2 [Anden ApS · CVR 87654321 · Test] b1");
  g_assert_cmpuint (ok_grouped_model_find (grouped, "b1"), ==, 4);
  g_assert_cmpuint (ok_grouped_model_find (grouped, "nothing"), ==, G_MAXUINT);
  g_assert_cmpuint (ok_grouped_model_find (grouped, NULL), ==, G_MAXUINT);
  firma_test = g_list_model_get_item (model, 0);

  /* A new group at the end: its heading and its certificate, nothing else. */
  g_list_store_append (store, a3);
  assert_items (model, "[Firma A/S · CVR 12345678 · Test] a1 a2 [Anden ApS · CVR 87654321 · Test] b1 "
                       "[Firma A/S · CVR 12345678 · Production] a3");
  assert_one_change (changes, 5, 0, 2);

  /* A re-sort that moves one group to the top: the items behind it stay as they were. */
  g_list_store_splice (store, 0, 4, resorted, G_N_ELEMENTS (resorted));
  assert_items (model, "[Anden ApS · CVR 87654321 · Test] b1 [Firma A/S · CVR 12345678 · Test] a1 a2 "
                       "[Firma A/S · CVR 12345678 · Production] a3");
  assert_one_change (changes, 0, 5, 5);
  g_assert_cmpuint (ok_grouped_model_find (grouped, "a2"), ==, 4);
  /* …and the heading of a group that stayed is the same object, so its row is kept. */
  firma_test_later = g_list_model_get_item (model, 2);
  g_assert_true (firma_test_later == firma_test);

  /* A change within a group that moves nothing announces nothing. */
  ok_certificate_set_name (a1, "Renamed");
  ok_grouped_model_regroup (grouped);
  g_assert_cmpuint (changes->len, ==, 0);

  /* The last certificate of a group takes its heading along. */
  g_list_store_remove (store, 0);
  assert_items (model, "[Firma A/S · CVR 12345678 · Test] a1 a2 [Firma A/S · CVR 12345678 · Production] a3");
  assert_one_change (changes, 0, 2, 0);

  g_list_store_remove_all (store);
  assert_items (model, "");
  assert_one_change (changes, 0, 5, 0);
}

/* Until the next refresh re-ranks them, a group's members may be sorted apart: each run gets a
 * heading of its own rather than a row under the wrong heading. */
static void
test_group_split_in_two (void)
{
  g_autoptr(GListStore) store = g_list_store_new (OK_TYPE_CERTIFICATE);
  g_autoptr(OkCertificate) a1 = certificate (pem_firma, "a1", OK_ENVIRONMENT_TEST);
  g_autoptr(OkCertificate) a2 = certificate (pem_firma, "a2", OK_ENVIRONMENT_TEST);
  g_autoptr(OkCertificate) b1 = certificate (pem_anden, "b1", OK_ENVIRONMENT_TEST);
  g_autoptr(OkGroupedModel) grouped = NULL;
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) second = NULL;
  gpointer items[] = { a1, b1, a2 };

  g_list_store_splice (store, 0, 0, items, G_N_ELEMENTS (items));
  grouped = ok_grouped_model_new (G_LIST_MODEL (store));

  assert_items (G_LIST_MODEL (grouped), "[Firma A/S · CVR 12345678 · Test] a1 [Anden ApS · CVR 87654321 · Test] b1 "
                                        "[Firma A/S · CVR 12345678 · Test] a2");
  first = g_list_model_get_item (G_LIST_MODEL (grouped), 0);
  second = g_list_model_get_item (G_LIST_MODEL (grouped), 4);
  g_assert_true (first != second);
  g_assert_cmpuint (ok_grouped_model_find (grouped, "a2"), ==, 5);

  /* Together again: one heading. */
  g_list_store_remove (store, 1);
  assert_items (G_LIST_MODEL (grouped), "[Firma A/S · CVR 12345678 · Test] a1 a2");
}

/* Before the list view has its height, the model shows its first items only; the rest come in
 * one change at the end, and what is held back cannot be found or selected meanwhile. */
static void
test_limit (void)
{
  g_autoptr(GListStore) store = g_list_store_new (OK_TYPE_CERTIFICATE);
  g_autoptr(OkCertificate) a1 = certificate (pem_firma, "a1", OK_ENVIRONMENT_TEST);
  g_autoptr(OkCertificate) a2 = certificate (pem_firma, "a2", OK_ENVIRONMENT_TEST);
  g_autoptr(OkCertificate) b1 = certificate (pem_anden, "b1", OK_ENVIRONMENT_TEST);
  g_autoptr(OkCertificate) b2 = certificate (pem_anden, "b2", OK_ENVIRONMENT_TEST);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(OkGroupedModel) grouped = ok_grouped_model_new (G_LIST_MODEL (store));
  GListModel *model = G_LIST_MODEL (grouped);
  gpointer items[] = { a1, a2, b1, b2 };

  ok_grouped_model_set_limit (grouped, 4);
  g_signal_connect (grouped, "items-changed", G_CALLBACK (record_change), changes);

  g_list_store_splice (store, 0, 0, items, G_N_ELEMENTS (items));
  assert_items (model, "[Firma A/S · CVR 12345678 · Test] a1 a2 [Anden ApS · CVR 87654321 · Test]");
  assert_one_change (changes, 0, 0, 4);
  g_assert_null (g_list_model_get_item (model, 4));
  g_assert_cmpuint (ok_grouped_model_find (grouped, "a2"), ==, 2);
  g_assert_cmpuint (ok_grouped_model_find (grouped, "b1"), ==, G_MAXUINT);

  /* A change behind the limit announces nothing. */
  g_list_store_remove (store, 3);
  g_assert_cmpuint (changes->len, ==, 0);

  ok_grouped_model_set_limit (grouped, G_MAXUINT);
  assert_items (model, "[Firma A/S · CVR 12345678 · Test] a1 a2 [Anden ApS · CVR 87654321 · Test] b1");
  assert_one_change (changes, 4, 0, 1);
  g_assert_cmpuint (ok_grouped_model_find (grouped, "b1"), ==, 4);
}

/* Without a CVR number, certificates are grouped by organisation (and environment). */
static void
test_without_cvr (void)
{
  g_autoptr(GListStore) store = g_list_store_new (OK_TYPE_CERTIFICATE);
  g_autoptr(OkCertificate) l1 = certificate (pem_lone, "l1", OK_ENVIRONMENT_TEST);
  g_autoptr(OkCertificate) l2 = certificate (pem_lone, "l2", OK_ENVIRONMENT_TEST);
  g_autoptr(OkCertificate) o1 = certificate (pem_other, "o1", OK_ENVIRONMENT_TEST);
  g_autoptr(OkCertificate) l3 = certificate (pem_lone, "l3", OK_ENVIRONMENT_PROD);
  g_autoptr(OkGroupedModel) grouped = NULL;
  gpointer items[] = { l1, l2, o1, l3 };

  g_assert_null (ok_certificate_get_cvr (l1));
  g_list_store_splice (store, 0, 0, items, G_N_ELEMENTS (items));
  grouped = ok_grouped_model_new (G_LIST_MODEL (store));

  assert_items (G_LIST_MODEL (grouped), "[Lone Sole Trader · Test] l1 l2 [Other Sole Trader · Test] o1 "
                                       "[Lone Sole Trader · Production] l3");
}

static int
collate_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/* Within a group, certificates as urgent as each other and expiring together are in the order
 * of their names as g_utf8_collate() has it in the test's locale. */
static void
test_sorter_names (void)
{
  const char *names[] = { "Foxtrot", "Éclair", "Delta", "bravo", "Alfa" };
  g_autoptr(GListStore) store = g_list_store_new (OK_TYPE_CERTIFICATE);
  g_autoptr(OkCertificateSorter) sorter = ok_certificate_sorter_new ();
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(OkCertificate) item = certificate (pem_firma, names[i], OK_ENVIRONMENT_TEST);

      ok_certificate_set_name (item, names[i]);
      g_list_store_append (store, item);
      g_ptr_array_add (expected, (gpointer) names[i]);
    }
  g_ptr_array_sort (expected, collate_names);
  g_assert_cmpstr (g_ptr_array_index (expected, 0), ==, "Alfa");

  ok_certificate_sorter_set_certificates (sorter, G_LIST_MODEL (store));
  ok_certificate_sorter_set_clock (sorter, g_get_real_time () / G_USEC_PER_SEC, 30);
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (store)), g_object_ref (GTK_SORTER (sorter)));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sorted)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(OkCertificate) item = g_list_model_get_item (G_LIST_MODEL (sorted), i);

      g_assert_cmpstr (ok_certificate_get_name (item), ==, g_ptr_array_index (expected, i));
    }
}

static void
assert_same_order (GListModel *model,
                   GPtrArray  *array)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, array->len);
  for (guint i = 0; i < array->len; i++)
    {
      g_autoptr(OkCertificate) item = g_list_model_get_item (model, i);

      g_assert_cmpstr (ok_certificate_get_id (item), ==, ok_certificate_get_id (g_ptr_array_index (array, i)));
    }
}

static gpointer
copy_object (gconstpointer object,
             gpointer      data)
{
  return g_object_ref ((gpointer) object);
}

/* The store's loading thread sorts with ok_certificate_sorter_sort() so that the list finds its
 * certificates in order: it must be the list's order exactly, at any clock. */
static void
test_sorter_sort_matches_the_list (void)
{
  const char *names[] = { "Foxtrot", "Éclair", "Delta", "bravo", "Alfa", "Golf", "Hotel", "India" };
  const char *pems[] = { pem_firma, pem_anden, pem_lone, pem_other };
  /* The last group is due first at the first clock: its rank, not its name, puts it on top. */
  guint windows[] = { 10, 10, 10, 60 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 clocks[] = { now, now + 25 * 24 * 3600, now + 45 * 24 * 3600 };
  g_autoptr(GListStore) store = g_list_store_new (OK_TYPE_CERTIFICATE);
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OkCertificateSorter) sorter = ok_certificate_sorter_new ();
  g_autoptr(GtkSortListModel) sorted = NULL;

  for (guint i = 0; i < 24; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%02u", i);
      OkCertificate *item = certificate (pems[i % G_N_ELEMENTS (pems)], id,
                                         i % 3 == 0 ? OK_ENVIRONMENT_PROD : OK_ENVIRONMENT_TEST);

      ok_certificate_set_name (item, names[i % G_N_ELEMENTS (names)]);
      ok_certificate_set_renewal_window_days (item, windows[i % G_N_ELEMENTS (pems)]);
      g_list_store_append (store, item);
      g_ptr_array_add (certificates, item);
    }

  ok_certificate_sorter_set_certificates (sorter, G_LIST_MODEL (store));
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (store)), g_object_ref (GTK_SORTER (sorter)));
  for (guint c = 0; c < G_N_ELEMENTS (clocks); c++)
    {
      g_autoptr(GPtrArray) array = g_ptr_array_copy (certificates, copy_object, NULL);
      g_autoptr(OkCertificate) first = NULL;

      ok_certificate_sorter_set_clock (sorter, clocks[c], 30);
      gtk_sorter_changed (GTK_SORTER (sorter), GTK_SORTER_CHANGE_DIFFERENT);
      ok_certificate_sorter_sort (array, clocks[c], 30);
      assert_same_order (G_LIST_MODEL (sorted), array);

      /* Not the order they were made in: there was something to sort. */
      first = g_list_model_get_item (G_LIST_MODEL (sorted), 0);
      g_assert_cmpstr (ok_certificate_get_id (first), !=, "c00");
      if (c == 0)
        g_assert_cmpstr (ok_certificate_get_organisation (first), ==, "Other Sole Trader");
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  workdir = ok_test_make_tmpdir ();
  pem_firma = make_certificate ("firma", "/CN=Firma system/O=Firma A\\/S/organizationIdentifier=NTRDK-12345678/C=DK");
  pem_anden = make_certificate ("anden", "/CN=Anden system/O=Anden ApS/organizationIdentifier=NTRDK-87654321/C=DK");
  pem_lone = make_certificate ("lone", "/CN=Lone system/O=Lone Sole Trader/C=DK");
  pem_other = make_certificate ("other", "/CN=Other system/O=Other Sole Trader/C=DK");

  g_test_add_func ("/grouped-model/headings-and-changes", test_headings_and_changes);
  g_test_add_func ("/grouped-model/group-split-in-two", test_group_split_in_two);
  g_test_add_func ("/grouped-model/limit", test_limit);
  g_test_add_func ("/grouped-model/without-cvr", test_without_cvr);
  g_test_add_func ("/certificate-sorter/names", test_sorter_names);
  g_test_add_func ("/certificate-sorter/sort-matches-the-list", test_sorter_sort_matches_the_list);

  status = g_test_run ();
  ok_test_remove_tree (workdir);
  g_free (pem_firma);
  g_free (pem_lone);
  g_free (pem_other);
  g_free (pem_anden);
  g_free (workdir);

  return status;
}
