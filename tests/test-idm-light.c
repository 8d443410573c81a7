/* test-idm-light.c — the IdM light e-mail: CVR validation, its body and exact mailto: URI
 * (RFC 6068 percent-encoding, decoded back independently), the Danish body, and the memory of
 * when it was drafted per CVR, on disk
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "ok-idm-light.h"
#include "ok-paths.h"

#define SPECIAL_ORGANISATION "Bøgh & Søn #2? A/S"

/* Written by hand from RFC 6068 (and cross-checked with Python's urllib.parse.quote, safe=''):
 * CRLF line breaks, UTF-8 percent-encoded, and '&', '?', '#', '+', '/', ',', ':', '@' escaped. */
static const char expected_full_uri[] =
  "mailto:mitiderhverv@digst.dk?subject=IdM%20light&body="
  "Hello%2C%0D%0A%0D%0A"
  "We%20would%20like%20IdM%20light%20to%20be%20enabled%20for%20our%20organisation%2C%20so%20"
  "that%20our%20organisation%20and%20system%20certificates%20can%20be%20renewed%20"
  "automatically%20through%20the%20MitID%20Erhverv%20issuance%20service.%0D%0A%0D%0A"
  "Organisation%3A%20B%C3%B8gh%20%26%20S%C3%B8n%20%232%3F%20A%2FS%0D%0A"
  "CVR%20number%3A%2012345678%0D%0A%0D%0A"
  "Contact%20person%3A%0D%0A"
  "Name%3A%20%C3%85se%20%C3%86r%C3%B8%0D%0A"
  "E-mail%3A%20aase%2Bidm%40example.dk%0D%0A"
  "Phone%3A%20%2B45%2012%2034%2056%2078%0D%0A%0D%0A"
  "Kind%20regards%0D%0A"
  "%C3%85se%20%C3%86r%C3%B8%0D%0A"
  "B%C3%B8gh%20%26%20S%C3%B8n%20%232%3F%20A%2FS%0D%0A";

static const char expected_full_body[] =
  "Hello,\n\n"
  "We would like IdM light to be enabled for our organisation, so that our organisation and "
  "system certificates can be renewed automatically through the MitID Erhverv issuance service.\n\n"
  "Organisation: " SPECIAL_ORGANISATION "\n"
  "CVR number: 12345678\n\n"
  "Contact person:\n"
  "Name: Åse Ærø\n"
  "E-mail: aase+idm@example.dk\n"
  "Phone: +45 12 34 56 78\n\n"
  "Kind regards\n"
  "Åse Ærø\n"
  SPECIAL_ORGANISATION "\n";

static void
test_cvr (void)
{
  static const char *valid[] = { "12345678", "00000000", "19552101" };
  static const char *invalid[] = { "", "1234567", "123456789", "1234567a", " 12345678", "12345678 ",
                                   "1234 5678", "１２３４５６７８", "DK12345678", "-1234567" };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_test_message ("valid: “%s”", valid[i]);
      g_assert_true (ok_idm_light_is_valid_cvr (valid[i]));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("invalid: “%s”", invalid[i]);
      g_assert_false (ok_idm_light_is_valid_cvr (invalid[i]));
    }
  g_assert_false (ok_idm_light_is_valid_cvr (NULL));
}

static void
test_body (void)
{
  g_autofree char *body = ok_idm_light_build_body ("12345678", SPECIAL_ORGANISATION, "Åse Ærø",
                                                   "aase+idm@example.dk", "+45 12 34 56 78");
  g_autofree char *minimal = ok_idm_light_build_body ("87654321", NULL, "", NULL, "");
  g_autofree char *pasted = ok_idm_light_build_body ("12345678", "  Org\nA/S ", "Åse\r\nÆrø", NULL, NULL);

  g_assert_cmpstr (body, ==, expected_full_body);
  g_assert_cmpstr (minimal, ==,
                   "Hello,\n\n"
                   "We would like IdM light to be enabled for our organisation, so that our organisation and "
                   "system certificates can be renewed automatically through the MitID Erhverv issuance service.\n\n"
                   "CVR number: 87654321\n\n"
                   "Kind regards\n");

  /* A line break pasted into a field cannot add lines of its own. */
  g_assert_nonnull (strstr (pasted, "\nOrganisation: Org A/S\nCVR number: 12345678\n"));
  g_assert_nonnull (strstr (pasted, "\nContact person:\nName: Åse  Ærø\n\n"));
}

static void
test_message_text (void)
{
  g_autofree char *text = ok_idm_light_build_message_text ("12345678", SPECIAL_ORGANISATION, "Åse Ærø",
                                                           "aase+idm@example.dk", "+45 12 34 56 78");
  g_autofree char *expected = g_strconcat ("To: mitiderhverv@digst.dk\nSubject: IdM light\n\n", expected_full_body, NULL);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_mailto_exact (void)
{
  g_autofree char *uri = ok_idm_light_build_mailto_uri ("12345678", SPECIAL_ORGANISATION, "Åse Ærø",
                                                       "aase+idm@example.dk", "+45 12 34 56 78");
  g_autofree char *minimal = ok_idm_light_build_mailto_uri ("87654321", NULL, NULL, NULL, NULL);

  g_assert_cmpstr (uri, ==, expected_full_uri);
  g_assert_cmpstr (minimal, ==,
                   "mailto:mitiderhverv@digst.dk?subject=IdM%20light&body="
                   "Hello%2C%0D%0A%0D%0A"
                   "We%20would%20like%20IdM%20light%20to%20be%20enabled%20for%20our%20organisation%2C%20so%20"
                   "that%20our%20organisation%20and%20system%20certificates%20can%20be%20renewed%20"
                   "automatically%20through%20the%20MitID%20Erhverv%20issuance%20service.%0D%0A%0D%0A"
                   "CVR%20number%3A%2087654321%0D%0A%0D%0A"
                   "Kind%20regards%0D%0A");
}

/* Decodes the URI the way a mail client does — GUri splits it, the query is split on '&' and
 * each value unescaped — and compares with the plain body. */
static void
test_mailto_round_trip (void)
{
  static const struct {
    const char *organisation;
    const char *name;
    const char *email;
    const char *phone;
  } cases[] = {
    { SPECIAL_ORGANISATION, "Åse Ærø", "aase+idm@example.dk", "+45 12 34 56 78" },
    { "A=B; C&D?E#F %20 100% ~_.-!*'()[]", "Zoë \"Z\" <z@x>", "q?a=1&b=2#frag@example.dk", "+45/12:34" },
    { "Ærø Å/S", NULL, NULL, "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = ok_idm_light_build_mailto_uri ("19552101", cases[i].organisation, cases[i].name,
                                                           cases[i].email, cases[i].phone);
      g_autofree char *body = ok_idm_light_build_body ("19552101", cases[i].organisation, cases[i].name,
                                                       cases[i].email, cases[i].phone);
      g_autofree char *body_crlf = NULL;
      g_autofree char *decoded_body = NULL;
      g_autofree char *decoded_subject = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) parsed = NULL;
      g_autoptr(GHashTable) params = NULL;
      g_auto(GStrv) lines = NULL;
      const char *query;
      const char *raw_body;

      g_test_message ("%s", uri);

      parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (g_uri_get_scheme (parsed), ==, "mailto");
      g_assert_cmpstr (g_uri_get_path (parsed), ==, "mitiderhverv@digst.dk");
      g_assert_null (g_uri_get_fragment (parsed));

      query = g_uri_get_query (parsed);
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_hash_table_size (params), ==, 2);
      g_assert_cmpstr (g_hash_table_lookup (params, "subject"), ==, "IdM light");

      /* Nothing but unreserved characters and escapes: no raw '&', '?', '#', '+', '=' or space. */
      raw_body = strstr (query, "body=") + strlen ("body=");
      for (const char *p = raw_body; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p) || strchr ("%-._~", *p) != NULL);

      decoded_body = g_uri_unescape_string (raw_body, NULL);
      g_assert_nonnull (decoded_body);
      g_assert_true (g_utf8_validate (decoded_body, -1, NULL));
      g_assert_cmpstr (g_hash_table_lookup (params, "body"), ==, decoded_body);
      decoded_subject = g_uri_unescape_string ("IdM%20light", NULL);
      g_assert_cmpstr (decoded_subject, ==, OK_IDM_LIGHT_SUBJECT);

      /* Every line break is CRLF, and none is left bare. */
      lines = g_strsplit (body, "\n", -1);
      body_crlf = g_strjoinv ("\r\n", lines);
      g_assert_cmpstr (decoded_body, ==, body_crlf);
      g_assert_nonnull (strstr (decoded_body, "CVR number: 19552101\r\n"));
      if (cases[i].organisation != NULL)
        g_assert_nonnull (strstr (decoded_body, cases[i].organisation));
      if (cases[i].email != NULL)
        g_assert_nonnull (strstr (decoded_body, cases[i].email));
    }
}

/* The body follows the user interface language; the subject and recipient never change. */
static void
test_danish (void)
{
  const char *localedir = g_getenv ("OK_LOCALEDIR");
  g_autofree char *mo = NULL;
  g_autofree char *body = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *decoded = NULL;

  if (localedir == NULL)
    {
      g_test_skip ("OK_LOCALEDIR is not set: run through meson test to check the Danish body");
      return;
    }
  mo = g_build_filename (localedir, "da", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf ("%s is missing: build the translations first", mo);

      g_test_skip (message);
      return;
    }

  g_setenv ("LANGUAGE", "da", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  body = ok_idm_light_build_body ("12345678", SPECIAL_ORGANISATION, "Åse Ærø", "aase@example.dk", "12345678");
  g_test_message ("%s", body);
  g_assert_true (g_str_has_prefix (body, "Hej\n\n"));
  g_assert_nonnull (strstr (body, "IdM light"));
  g_assert_nonnull (strstr (body, "\nOrganisation: " SPECIAL_ORGANISATION "\nCVR-nummer: 12345678\n\n"));
  g_assert_nonnull (strstr (body, "\nKontaktperson:\nNavn: Åse Ærø\nE-mail: aase@example.dk\nTelefon: 12345678\n\n"));
  g_assert_true (g_str_has_suffix (body, "Med venlig hilsen\nÅse Ærø\n" SPECIAL_ORGANISATION "\n"));

  uri = ok_idm_light_build_mailto_uri ("12345678", SPECIAL_ORGANISATION, "Åse Ærø", "aase@example.dk", "12345678");
  g_assert_true (g_str_has_prefix (uri, "mailto:mitiderhverv@digst.dk?subject=IdM%20light&body=Hej%0D%0A%0D%0A"));
  decoded = g_uri_unescape_string (strstr (uri, "&body=") + strlen ("&body="), NULL);
  g_assert_nonnull (strstr (decoded, "CVR-nummer: 12345678\r\n"));

  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C");
}

/* Memory of drafted e-mails */

static gboolean
async_done (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (!async_done (result) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*result);
  return *result;
}

static void
remember (const char  *cvr,
          GDateTime   *when,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ok_idm_light_remember_drafted_async (cvr, when, NULL, store_result, &result);
  ok_idm_light_remember_drafted_finish (wait_for (&result), error);
}

static GDateTime *
lookup (const char  *cvr,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ok_idm_light_lookup_drafted_async (cvr, NULL, store_result, &result);
  return ok_idm_light_lookup_drafted_finish (wait_for (&result), error);
}

static JsonObject *
read_memory_file (void)
{
  g_autofree char *path = ok_idm_light_get_memory_path ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_same_time (GDateTime *actual,
                  GDateTime *expected)
{
  g_assert_nonnull (actual);
  g_assert_cmpint (g_date_time_to_unix (actual), ==, g_date_time_to_unix (expected));
}

static void
test_memory_round_trip (void)
{
  g_autofree char *path = ok_idm_light_get_memory_path ();
  g_autofree char *expected_path = g_build_filename (g_getenv ("OK_DATA_DIR"), "idm-light.json", NULL);
  g_autoptr(GTimeZone) copenhagen = g_time_zone_new_identifier ("+01:00");
  g_autoptr(GDateTime) first = g_date_time_new_utc (2026, 3, 1, 10, 15, 0);
  g_autoptr(GDateTime) second = g_date_time_new (copenhagen, 2026, 3, 2, 9, 30, 0);
  g_autoptr(GDateTime) third = g_date_time_new_utc (2026, 4, 7, 23, 59, 59);
  g_autoptr(GDateTime) found = NULL;
  g_autoptr(JsonObject) memory = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf info;

  g_assert_cmpstr (path, ==, expected_path);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Never drafted: no date and no error, also without a file. */
  found = lookup ("12345678", &error);
  g_assert_no_error (error);
  g_assert_null (found);

  remember ("12345678", first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  remember ("87654321", second, &error);
  g_assert_no_error (error);

  /* On disk: a plain map of CVR → ISO 8601 time in UTC. */
  memory = read_memory_file ();
  g_assert_cmpuint (json_object_get_size (memory), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (memory, "12345678"), ==, "2026-03-01T10:15:00Z");
  g_assert_cmpstr (json_object_get_string_member (memory, "87654321"), ==, "2026-03-02T08:30:00Z");
  g_clear_pointer (&memory, json_object_unref);

  found = lookup ("12345678", &error);
  g_assert_no_error (error);
  assert_same_time (found, first);
  g_clear_pointer (&found, g_date_time_unref);

  found = lookup ("87654321", &error);
  g_assert_no_error (error);
  assert_same_time (found, second);
  g_clear_pointer (&found, g_date_time_unref);

  found = lookup ("11111111", &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* A new draft for the same CVR replaces the date; the other CVR keeps its own. */
  remember ("12345678", third, &error);
  g_assert_no_error (error);
  found = lookup ("12345678", &error);
  g_assert_no_error (error);
  assert_same_time (found, third);
  g_clear_pointer (&found, g_date_time_unref);
  found = lookup ("87654321", &error);
  g_assert_no_error (error);
  assert_same_time (found, second);
  g_clear_pointer (&found, g_date_time_unref);

  memory = read_memory_file ();
  g_assert_cmpuint (json_object_get_size (memory), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (memory, "12345678"), ==, "2026-04-07T23:59:59Z");

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_memory_invalid_cvr (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ok_idm_light_get_memory_path ();

  remember ("1234", now, &error);
  g_assert_error (error, OK_IDM_LIGHT_ERROR, OK_IDM_LIGHT_ERROR_INVALID_CVR);
  g_clear_error (&error);

  found = lookup ("../../etc", &error);
  g_assert_error (error, OK_IDM_LIGHT_ERROR, OK_IDM_LIGHT_ERROR_INVALID_CVR);
  g_assert_null (found);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_memory_damaged (void)
{
  g_autofree char *path = ok_idm_light_get_memory_path ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 5, 5, 12, 0, 0);
  g_autoptr(GDateTime) found = NULL;
  g_autoptr(JsonObject) memory = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "{ \"12345678\": ", -1, &error);
  g_assert_no_error (error);

  found = lookup ("12345678", &error);
  g_assert_error (error, OK_IDM_LIGHT_ERROR, OK_IDM_LIGHT_ERROR_DAMAGED);
  g_assert_null (found);
  g_clear_error (&error);

  g_file_set_contents (path, "{ \"12345678\": \"yesterday\" }", -1, &error);
  g_assert_no_error (error);
  found = lookup ("12345678", &error);
  g_assert_error (error, OK_IDM_LIGHT_ERROR, OK_IDM_LIGHT_ERROR_DAMAGED);
  g_clear_error (&error);

  /* A new draft replaces the damaged file rather than failing. */
  remember ("12345678", when, &error);
  g_assert_no_error (error);
  memory = read_memory_file ();
  g_assert_cmpuint (json_object_get_size (memory), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (memory, "12345678"), ==, "2026-05-05T12:00:00Z");

  g_assert_cmpint (g_unlink (path), ==, 0);
}

/* Drafts started together must not overwrite one another's entries. */
static void
test_memory_concurrent (void)
{
  g_autofree char *path = ok_idm_light_get_memory_path ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 6, 1, 8, 0, 0);
  GAsyncResult *results[24] = { NULL };
  g_autoptr(JsonObject) memory = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autofree char *cvr = g_strdup_printf ("%08u", 10000000 + i);

      ok_idm_light_remember_drafted_async (cvr, when, NULL, store_result, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GError) error = NULL;

      ok_idm_light_remember_drafted_finish (wait_for (&results[i]), &error);
      g_assert_no_error (error);
      g_clear_object (&results[i]);
    }

  memory = read_memory_file ();
  g_assert_cmpuint (json_object_get_size (memory), ==, G_N_ELEMENTS (results));
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autofree char *cvr = g_strdup_printf ("%08u", 10000000 + i);

      g_assert_cmpstr (json_object_get_string_member_with_default (memory, cvr, NULL), ==, "2026-06-01T08:00:00Z");
    }

  g_assert_cmpint (g_unlink (path), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *store = NULL;
  int status;

  /* The data folder is read once per process, so it must point at a scratch folder before
   * anything asks for it. A subfolder that does not exist yet checks that it gets made. */
  data_dir = g_dir_make_tmp ("ok-test-idm-light-XXXXXX", &error);
  g_assert_no_error (error);
  store = g_build_filename (data_dir, "store", NULL);
  g_setenv ("OK_DATA_DIR", store, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/idm-light/cvr", test_cvr);
  g_test_add_func ("/idm-light/body", test_body);
  g_test_add_func ("/idm-light/message-text", test_message_text);
  g_test_add_func ("/idm-light/mailto/exact", test_mailto_exact);
  g_test_add_func ("/idm-light/mailto/round-trip", test_mailto_round_trip);
  g_test_add_func ("/idm-light/memory/round-trip", test_memory_round_trip);
  g_test_add_func ("/idm-light/memory/invalid-cvr", test_memory_invalid_cvr);
  g_test_add_func ("/idm-light/memory/damaged", test_memory_damaged);
  g_test_add_func ("/idm-light/memory/concurrent", test_memory_concurrent);
  g_test_add_func ("/idm-light/danish", test_danish);
  status = g_test_run ();

  g_rmdir (store);
  g_rmdir (data_dir);
  return status;
}
