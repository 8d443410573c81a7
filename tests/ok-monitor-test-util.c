/* ok-monitor-test-util.c — certificates with a chosen lifetime for the monitor's tests, made by
 * openssl, a store filled through the real CLI, and the fixture of the tests that run the
 * monitor's processes
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

void
okm_fixture_set_up (OkmFixture *fixture,
                    const char *ca_scenario)
{
  fixture->store = okt_make_tmpdir ();
  fixture->work = okt_make_tmpdir ();
  fixture->watch = ok_test_notifications_start ();
  if (ca_scenario != NULL)
    {
      fixture->ca = ok_test_ca_start (ca_scenario);
      fixture->env[0] = "OK_TEST_ENDPOINT";
      fixture->env[1] = fixture->ca->url;
      fixture->env[2] = "OK_TEST_CA_FILE";
      fixture->env[3] = fixture->ca->ca_file;
      fixture->env[4] = "OK_TEST_ROOTS";
      fixture->env[5] = fixture->ca->ca_file;
    }
}

void
okm_fixture_tear_down (OkmFixture *fixture)
{
  g_clear_pointer (&fixture->watch, ok_test_notifications_stop);
  g_clear_pointer (&fixture->ca, ok_test_ca_stop);
  okt_remove_tree (fixture->store);
  okt_remove_tree (fixture->work);
  g_free (fixture->store);
  g_free (fixture->work);
}

JsonObject *
okm_only_entry (const char *store,
                JsonNode  **holder)
{
  JsonArray *list;

  *holder = ok_test_cli_list (store);
  list = json_node_get_array (*holder);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);

  return json_array_get_object_element (list, 0);
}

char *
okm_only_serial (const char *store)
{
  g_autoptr(JsonNode) list = NULL;
  JsonObject *certificate = json_object_get_object_member (okm_only_entry (store, &list), "certificate");

  return g_strdup (json_object_get_string_member (certificate, "serial"));
}

char *
okm_issue (OkmFixture *fixture,
           const char *reference,
           const char *code,
           const char *name)
{
  g_autofree char *input = g_strconcat (code, "\n", NULL);
  g_autoptr(OktResult) issued = ok_test_cli (fixture->store, input, (const char * const *) fixture->env,
                                             "issue", "--environment", "test", "--reference", reference,
                                             "--name", name, NULL);
  g_autoptr(JsonNode) list = NULL;

  if (issued->exit_status != 0)
    g_error ("issue failed: %s", issued->err);

  return g_strdup (json_object_get_string_member (okm_only_entry (fixture->store, &list), "id"));
}

GArray *
okm_event_times (const char *store,
                 const char *id,
                 const char *type)
{
  g_autoptr(OktResult) log = ok_test_cli (store, NULL, NULL, "log", id, "--json", NULL);
  g_autoptr(JsonNode) root = ok_test_cli_json (log);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  JsonArray *events = json_node_get_array (root);
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_str_equal (json_object_get_string_member (event, "type"), type))
        {
          g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (json_object_get_string_member (event, "time"), utc);
          gint64 unix_time;

          g_assert_nonnull (time);
          unix_time = g_date_time_to_unix (time);
          g_array_append_val (times, unix_time);
        }
    }

  return times;
}
