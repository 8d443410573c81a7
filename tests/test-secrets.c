/* test-secrets.c — the keyring: store, look up and clear against the session's real
 * gnome-keyring, read back with secret-tool, and the error without any Secret Service
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "ok-secrets.h"
#include "ok-keys-test-util.h"

/* No keyring call may wait longer than this: a prompt nobody answers must fail the test,
 * not hang it. */
#define KEYRING_TIMEOUT_SECONDS 15

static const char no_service_message[] =
  "No keyring (Secret Service) is available. OCES Keeper keeps PINs, passwords and key "
  "passphrases only in the keyring, so it cannot continue.";

typedef struct {
  GCancellable *cancellable;
  guint         timeout_id;
} Bound;

static gboolean
bound_expired (gpointer user_data)
{
  Bound *bound = user_data;

  g_printerr ("keyring call timed out\n");
  bound->timeout_id = 0;
  g_cancellable_cancel (bound->cancellable);
  return G_SOURCE_REMOVE;
}

static void
bound_start (Bound *bound)
{
  bound->cancellable = g_cancellable_new ();
  bound->timeout_id = g_timeout_add_seconds (KEYRING_TIMEOUT_SECONDS, bound_expired, bound);
}

static void
bound_finish (Bound *bound)
{
  g_clear_handle_id (&bound->timeout_id, g_source_remove);
  g_clear_object (&bound->cancellable);
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
store (OkSecretKind   kind,
       const char    *certificate_id,
       const char    *environment,
       const char    *secret,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Bound bound;
  gboolean ok;

  bound_start (&bound);
  ok_secrets_store_async (kind, certificate_id, environment, "OCES Keeper test secret", secret,
                          bound.cancellable, store_result, &result);
  ok = ok_secrets_store_finish (wait_for_result (&result), error);
  bound_finish (&bound);

  return ok;
}

static char *
lookup (OkSecretKind   kind,
        const char    *certificate_id,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Bound bound;
  char *secret;

  bound_start (&bound);
  ok_secrets_lookup_async (kind, certificate_id, bound.cancellable, store_result, &result);
  secret = ok_secrets_lookup_finish (wait_for_result (&result), error);
  bound_finish (&bound);

  return secret;
}

static gboolean
clear (OkSecretKind   kind,
       const char    *certificate_id,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Bound bound;
  gboolean ok;

  bound_start (&bound);
  ok_secrets_clear_async (kind, certificate_id, bound.cancellable, store_result, &result);
  ok = ok_secrets_clear_finish (wait_for_result (&result), error);
  bound_finish (&bound);

  return ok;
}

static gboolean
clear_certificate (const char  *certificate_id,
                   GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Bound bound;
  gboolean ok;

  bound_start (&bound);
  ok_secrets_clear_certificate_async (certificate_id, bound.cancellable, store_result, &result);
  ok = ok_secrets_clear_certificate_finish (wait_for_result (&result), error);
  bound_finish (&bound);

  return ok;
}

/* What secret-tool — libsecret's own command line, not our code — finds. NULL if nothing. */
static char *
secret_tool_lookup (const char *certificate_id,
                    const char *kind)
{
  g_autoptr(OktResult) result = NULL;
  gsize length;
  const char *out;

  result = okt_run (NULL, NULL, NULL, (const char *[]) {
    "timeout", G_STRINGIFY (KEYRING_TIMEOUT_SECONDS), "secret-tool", "lookup",
    "certificate-id", certificate_id, "kind", kind, NULL });
  out = g_bytes_get_data (result->out, &length);
  if (result->exit_status != 0 || length == 0)
    return NULL;

  if (out[length - 1] == '\n')
    length--;
  return g_strndup (out, length);
}

static char *
secret_tool_search (const char *certificate_id)
{
  g_autoptr(OktResult) result = okt_run (NULL, NULL, NULL, (const char *[]) {
    "timeout", G_STRINGIFY (KEYRING_TIMEOUT_SECONDS), "secret-tool", "search", "--all",
    "--unlock", "certificate-id", certificate_id, NULL });
  g_autofree char *out = okt_bytes_to_text (result->out);

  /* secret-tool splits an item's details between stdout and stderr. */
  return g_strconcat (out, result->err, NULL);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint count = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    count++;
  return count;
}

static void
test_kind_to_string (void)
{
  g_assert_cmpstr (ok_secret_kind_to_string (OK_SECRET_KIND_PIN), ==, "pin");
  g_assert_cmpstr (ok_secret_kind_to_string (OK_SECRET_KIND_P12_PASSWORD), ==, "p12-password");
  g_assert_cmpstr (ok_secret_kind_to_string (OK_SECRET_KIND_KEY_PASSPHRASE), ==, "key-passphrase");
  g_assert_cmpstr (ok_secret_kind_to_string (OK_SECRET_KIND_EXPORT_PASSWORD), ==, "export-password");
  g_assert_cmpstr (ok_secrets_get_schema ()->name, ==, "io.github.oceskeeper.OcesKeeper");
}

static void
test_generate_passphrase (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 64; i++)
    {
      char *passphrase = ok_secrets_generate_passphrase ();
      g_autofree char *standard = g_strdup (passphrase);
      g_autofree guchar *decoded = NULL;
      gsize decoded_length = 0;

      g_assert_cmpuint (strlen (passphrase), ==, 43);
      for (const char *p = passphrase; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');

      /* base64url is base64 with two letters swapped and no padding. */
      g_strdelimit (standard, "-", '+');
      g_strdelimit (standard, "_", '/');
      standard = g_realloc (standard, 45);
      standard[43] = '=';
      standard[44] = '\0';
      decoded = g_base64_decode (standard, &decoded_length);
      g_assert_cmpuint (decoded_length, ==, 32);

      g_assert_false (g_hash_table_contains (seen, passphrase));
      g_hash_table_add (seen, passphrase);
    }
}

static void
test_store_lookup_clear (void)
{
  g_autofree char *id = g_uuid_string_random ();
  char *passphrase = ok_secrets_generate_passphrase ();
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *listing = NULL;
  char *found;

  g_assert_true (store (OK_SECRET_KIND_KEY_PASSPHRASE, id, "test", passphrase, &error));
  g_assert_no_error (error);
  g_assert_true (store (OK_SECRET_KIND_PIN, id, "test", "123456", &error));
  g_assert_no_error (error);

  found = lookup (OK_SECRET_KIND_KEY_PASSPHRASE, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, passphrase);
  ok_secrets_free (found);

  found = lookup (OK_SECRET_KIND_PIN, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "123456");
  ok_secrets_free (found);

  /* The schema is readable by anyone with the keyring, as documented. */
  seen = secret_tool_lookup (id, "key-passphrase");
  g_assert_cmpstr (seen, ==, passphrase);
  g_clear_pointer (&seen, g_free);
  seen = secret_tool_lookup (id, "pin");
  g_assert_cmpstr (seen, ==, "123456");
  g_clear_pointer (&seen, g_free);

  listing = secret_tool_search (id);
  g_assert_nonnull (strstr (listing, "attribute.environment = test"));
  g_assert_nonnull (strstr (listing, "schema = io.github.oceskeeper.OcesKeeper"));
  g_assert_cmpuint (count_occurrences (listing, "attribute.certificate-id = "), ==, 2);

  /* Clearing one kind leaves the other. */
  g_assert_true (clear (OK_SECRET_KIND_KEY_PASSPHRASE, id, &error));
  g_assert_no_error (error);
  found = lookup (OK_SECRET_KIND_KEY_PASSPHRASE, id, &error);
  g_assert_no_error (error);
  g_assert_null (found);
  g_assert_null (secret_tool_lookup (id, "key-passphrase"));
  seen = secret_tool_lookup (id, "pin");
  g_assert_cmpstr (seen, ==, "123456");

  /* Clearing what is not there is fine. */
  g_assert_true (clear (OK_SECRET_KIND_KEY_PASSPHRASE, id, &error));
  g_assert_no_error (error);

  g_assert_true (clear_certificate (id, &error));
  g_assert_no_error (error);
  g_assert_null (secret_tool_lookup (id, "pin"));
  g_clear_pointer (&listing, g_free);
  listing = secret_tool_search (id);
  g_assert_null (strstr (listing, id));

  ok_secrets_free (passphrase);
}

static void
test_replace (void)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  char *found;

  g_assert_true (store (OK_SECRET_KIND_P12_PASSWORD, id, NULL, "first", &error));
  g_assert_no_error (error);
  g_assert_true (store (OK_SECRET_KIND_P12_PASSWORD, id, NULL, "second", &error));
  g_assert_no_error (error);

  found = lookup (OK_SECRET_KIND_P12_PASSWORD, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "second");
  ok_secrets_free (found);

  listing = secret_tool_search (id);
  g_assert_cmpuint (count_occurrences (listing, "attribute.certificate-id = "), ==, 1);
  g_assert_null (strstr (listing, "attribute.environment"));

  g_assert_true (clear_certificate (id, &error));
  g_assert_no_error (error);
  g_assert_null (secret_tool_lookup (id, "p12-password"));
}

static void
test_lookup_missing (void)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  char *found;

  found = lookup (OK_SECRET_KIND_EXPORT_PASSWORD, id, &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *found;

  g_cancellable_cancel (cancellable);
  ok_secrets_lookup_async (OK_SECRET_KIND_PIN, "any", cancellable, store_result, &result);
  found = ok_secrets_lookup_finish (wait_for_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
}

/* Runs in a child whose session bus has no Secret Service: prints one line per call. */
static int
no_service_helper (void)
{
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(GError) store_error = NULL;
  gint64 start;
  char *found;

  start = g_get_monotonic_time ();
  found = lookup (OK_SECRET_KIND_PIN, "no-service", &lookup_error);
  g_print ("lookup %s %d %" G_GINT64_FORMAT " %s\n",
           lookup_error != NULL ? g_quark_to_string (lookup_error->domain) : "none",
           lookup_error != NULL ? lookup_error->code : -1,
           (g_get_monotonic_time () - start) / 1000,
           lookup_error != NULL ? lookup_error->message : "");
  ok_secrets_free (found);

  start = g_get_monotonic_time ();
  store (OK_SECRET_KIND_PIN, "no-service", NULL, "123456", &store_error);
  g_print ("store %s %d %" G_GINT64_FORMAT " %s\n",
           store_error != NULL ? g_quark_to_string (store_error->domain) : "none",
           store_error != NULL ? store_error->code : -1,
           (g_get_monotonic_time () - start) / 1000,
           store_error != NULL ? store_error->message : "");

  return 0;
}

static void
assert_helper_saw_no_service (const char *bus_address)
{
  const char * const env[] = { "DBUS_SESSION_BUS_ADDRESS", bus_address, NULL };
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  out = okt_run_ok (NULL, env, NULL, (const char *[]) { self, "--no-service-helper", NULL });
  g_test_message ("helper said: %s", out);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);

  for (guint i = 0; i < 2; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", 5);

      g_assert_cmpuint (g_strv_length (fields), ==, 5);
      g_assert_cmpstr (fields[0], ==, i == 0 ? "lookup" : "store");
      g_assert_cmpstr (fields[1], ==, g_quark_to_string (OK_SECRETS_ERROR));
      g_assert_cmpint (atoi (fields[2]), ==, OK_SECRETS_ERROR_NO_SERVICE);
      /* Quickly: no waiting for a daemon that never comes. */
      g_assert_cmpint (atoi (fields[3]), <, 3000);
      g_assert_cmpstr (fields[4], ==, no_service_message);
    }
}

/* A private session bus whose only service folder is empty, so D-Bus activation cannot
 * start gnome-keyring. */
static void
test_no_service_private_bus (void)
{
  g_autofree char *dir = okt_make_tmpdir ();
  g_autofree char *services = g_build_filename (dir, "services", NULL);
  g_autofree char *config_path = g_build_filename (dir, "bus.conf", NULL);
  g_autofree char *config = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GDataInputStream) daemon_out = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (services, 0700), ==, 0);
  config = g_strdup_printf ("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                            " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                            "<busconfig>\n"
                            "  <type>session</type>\n"
                            "  <listen>unix:dir=%s</listen>\n"
                            "  <servicedir>%s</servicedir>\n"
                            "  <policy context=\"default\">\n"
                            "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                            "    <allow eavesdrop=\"true\"/>\n"
                            "    <allow own=\"*\"/>\n"
                            "  </policy>\n"
                            "</busconfig>\n", dir, services);
  okt_write_text (config_path, config);

  daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             "dbus-daemon", "--config-file", config_path, "--nofork",
                             "--print-address=1", NULL);
  g_assert_no_error (error);
  daemon_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (daemon));
  address = g_data_input_stream_read_line (daemon_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);

  assert_helper_saw_no_service (address);

  g_subprocess_send_signal (daemon, SIGTERM);
  g_subprocess_wait (daemon, NULL, NULL);
  okt_remove_tree (dir);
}

static void
test_no_service_no_bus (void)
{
  g_autofree char *dir = okt_make_tmpdir ();
  g_autofree char *address = g_strdup_printf ("unix:path=%s/no-bus-here", dir);

  assert_helper_saw_no_service (address);
  okt_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "--no-service-helper"))
    return no_service_helper ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/kind-to-string", test_kind_to_string);
  g_test_add_func ("/secrets/generate-passphrase", test_generate_passphrase);
  g_test_add_func ("/secrets/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/secrets/replace", test_replace);
  g_test_add_func ("/secrets/lookup-missing", test_lookup_missing);
  g_test_add_func ("/secrets/cancelled", test_cancelled);
  g_test_add_func ("/secrets/no-service/private-bus", test_no_service_private_bus);
  g_test_add_func ("/secrets/no-service/no-bus", test_no_service_no_bus);

  return g_test_run ();
}
