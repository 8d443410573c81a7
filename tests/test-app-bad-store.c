/* test-app-bad-store.c — the app started on a database it cannot use (damaged, or from a newer
 * version): it starts, says what is wrong, and leaves the file as it was
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ok-dialog-test-util.h"
#include "ok-keys-test-util.h"

static char *store_dir;
static char *database;
static char *checksum_before;

static char *
checksum (void)
{
  g_autoptr(GBytes) bytes = okt_read_file (database);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static gboolean
says_what_is_wrong (gpointer data)
{
  return okd_find_label (GTK_WIDGET (okd_main_window ()), "Your Certificates Cannot Be Shown") != NULL &&
         okd_find_label (GTK_WIDGET (okd_main_window ()), "is damaged") != NULL &&
         okd_find_label (GTK_WIDGET (okd_main_window ()), "restore it from a backup") != NULL;
}

static void
test_damaged_database (void)
{
  g_autofree char *after = NULL;

  g_assert_nonnull (okd_main_window ());
  g_assert_true (okd_wait_until (says_what_is_wrong, NULL, OKD_WAIT_SECONDS));
  /* No offer to add certificates to a store that cannot take them. */
  g_assert_null (okd_find_button (GTK_WIDGET (okd_main_window ()), "Import…"));
  okd_save_screenshot (GTK_WIDGET (okd_main_window ()), "bad-store.png");

  /* Nothing was written over it. */
  after = checksum ();
  g_assert_cmpstr (after, ==, checksum_before);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  store_dir = okt_make_tmpdir ();
  database = g_build_filename (store_dir, "store.sqlite3", NULL);
  okt_write_text (database, "Not a database: what a failing disk or a wrong copy leaves behind. "
                            "It is long enough to look like a header to SQLite.");
  g_assert_cmpint (g_chmod (database, 0600), ==, 0);
  checksum_before = checksum ();
  g_setenv ("OK_DATA_DIR", store_dir, TRUE);

  g_test_add_func ("/app-bad-store/damaged-database", test_damaged_database);
  status = okd_run_tests ();

  okt_remove_tree (store_dir);
  g_free (store_dir);
  g_free (database);
  g_free (checksum_before);
  return status;
}
