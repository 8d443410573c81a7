/* ok-monitor-test-util.c — certificates with a chosen lifetime for the monitor's tests, made by
 * openssl, and a store filled through the real CLI
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-keys-test-util.h"
#include "ok-monitor-test-util.h"
#include "ok-test-cli.h"

char *
okm_make_certificate (const char *dir,
                      const char *file,
                      const char *common_name,
                      guint       days,
                      gboolean    with_key)
{
  g_autofree char *name = g_strconcat (file, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (file, "-key.pem", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *key_path = g_build_filename (dir, key_name, NULL);
  g_autofree char *days_text = g_strdup_printf ("%u", days);
  g_autofree char *subject = g_strdup_printf ("/C=DK/O=Monitor Test ApS/CN=%s", common_name);
  g_autofree char *out = NULL;
  g_autofree char *certificate = NULL;
  g_autofree char *key = NULL;
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key_path,
                         "-out", path, "-days", days_text, "-subj", subject, NULL };

  out = okt_run_ok (NULL, NULL, NULL, argv);
  if (with_key)
    {
      g_assert_true (g_file_get_contents (path, &certificate, NULL, NULL));
      g_assert_true (g_file_get_contents (key_path, &key, NULL, NULL));
      g_clear_pointer (&out, g_free);
      out = g_strconcat (certificate, key, NULL);
      okt_write_text (path, out);
    }

  return g_steal_pointer (&path);
}

char *
okm_make_certificate_ending (const char *dir,
                             const char *file,
                             const char *common_name,
                             gint64      not_after)
{
  g_autofree char *name = g_strconcat (file, ".pem", NULL);
  g_autofree char *key_path = g_build_filename (dir, "ending-key.pem", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *subject = g_strdup_printf ("/C=DK/O=Monitor Test ApS/CN=%s", common_name);
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (not_after - 24 * 60 * 60);
  g_autofree char *when = g_date_time_format (start, "@%Y-%m-%d %H:%M:%S");
  g_autofree char *out = NULL;
  const char *env[] = { "TZ", "UTC", "FAKETIME_DONT_FAKE_MONOTONIC", "1", NULL };
  const char *argv[] = { "faketime", "-f", when, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-keyout", key_path, "-out", path, "-days", "1", "-subj", subject, NULL };

  out = okt_run_ok (NULL, env, NULL, argv);
  return g_steal_pointer (&path);
}

OkCertificate *
okm_read_certificate (const char *path)
{
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  OkCertificate *certificate;

  g_assert_true (g_file_get_contents (path, &pem, &length, NULL));
  certificate = ok_certificate_new_from_pem (pem, length, &error);
  g_assert_no_error (error);

  return certificate;
}

char *
okm_import (const char *store,
            const char *path,
            const char *name)
{
  g_autoptr(OktResult) result = ok_test_cli (store, NULL, NULL, "import", path, "--name", name, NULL);
  g_autoptr(JsonNode) list = NULL;
  JsonArray *entries;

  if (result->exit_status != 0)
    g_error ("import failed (%d): %s", result->exit_status, result->err);

  list = ok_test_cli_list (store);
  entries = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "name"), name) == 0)
        return g_strdup (json_object_get_string_member (entry, "id"));
    }

  g_assert_not_reached ();
}

static void
store_loaded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

OkStore *
okm_load_store (const char *dir)
{
  g_autoptr(OkStore) store = ok_store_new (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ok_store_load_async (store, NULL, store_loaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ok_store_load_finish (store, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&store);
}
