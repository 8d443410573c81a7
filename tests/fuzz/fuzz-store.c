/* fuzz-store.c — libFuzzer target: a store database file, as a process opening the store
 * reads it (schema check, migration, every row)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>

#include "ok-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
loaded (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *dir = g_dir_make_tmp ("ok-fuzz-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.sqlite3", NULL);
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert (dir != NULL);
  g_assert (g_file_set_contents_full (path, (const char *) data, size, G_FILE_SET_CONTENTS_NONE, 0600, NULL));

  store = ok_store_new (dir);
  ok_store_load_async (store, NULL, loaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok_store_load_finish (store, result, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (G_LIST_MODEL (store), i);

      (void) ok_certificate_get_events (certificate);
      (void) ok_store_get_monitor_state (store, certificate);
    }

  g_clear_object (&store);
  remove_tree (dir);
  return 0;
}
