/* test-automation-data.c — the systemd user units, checked by systemd-analyze, and the bash
 * completion, sourced in a real bash and asked as bash asks it
 *
 * Arguments after the GTest ones: the built oces-keeper-renew.service, the timer, the
 * completion script and the configured bindir.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ok-automation-test-util.h"

static const char *service_path;
static const char *timer_path;
static const char *completion_path;
static const char *bindir;

static void
fixture_set_up (OkaFixture    *fixture,
                gconstpointer  data)
{
  oka_fixture_set_up (fixture, NULL);
}

static void
fixture_tear_down (OkaFixture    *fixture,
                   gconstpointer  data)
{
  oka_fixture_tear_down (fixture);
}

/* ---- systemd ------------------------------------------------------------------------------ */

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* systemd-analyze verify checks that ExecStart can run; the installed path does not exist in a
 * build tree, so the copy points at the built program instead. */
static OktResult *
verify_units (OkaFixture *fixture,
              const char *service_text,
              const char *timer_text)
{
  g_autofree char *dir = g_build_filename (fixture->work, "units", NULL);
  g_autofree char *service = g_build_filename (dir, "oces-keeper-renew.service", NULL);
  g_autofree char *timer = g_build_filename (dir, "oces-keeper-renew.timer", NULL);
  g_autofree char *runtime = g_build_filename (fixture->work, "runtime", NULL);
  const char *argv[] = { "systemd-analyze", "verify", "--user", service, timer, NULL };
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  const char *env[] = { "XDG_RUNTIME_DIR", runtime_dir, "SYSTEMD_LOG_COLOR", "0", NULL };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  okt_write_text (service, service_text);
  okt_write_text (timer, timer_text);

  /* The user manager that verify sets up needs a runtime folder; the session has one. */
  if (runtime_dir == NULL || !g_file_test (runtime_dir, G_FILE_TEST_IS_DIR))
    {
      g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
      env[1] = runtime;
    }

  return okt_run (NULL, env, NULL, argv);
}

static void
test_systemd_units (OkaFixture    *fixture,
                    gconstpointer  data)
{
  g_autofree char *service = read_text (service_path);
  g_autofree char *timer = read_text (timer_path);
  g_autofree char *installed = g_strdup_printf ("%s/oces-keeper-cli", bindir);
  g_autofree char *exec = g_strdup_printf ("ExecStart=%s renew --due\n", installed);
  g_autoptr(GString) testable = g_string_new (service);
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *calendar = NULL;
  g_autofree char *delay = NULL;
  g_autofree char *persistent = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *type = NULL;

  /* What is installed runs the installed program, renewing what is due. */
  g_assert_nonnull (strstr (service, exec));

  g_key_file_load_from_data (keys, timer, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  calendar = g_key_file_get_string (keys, "Timer", "OnCalendar", &error);
  g_assert_no_error (error);
  delay = g_key_file_get_string (keys, "Timer", "RandomizedDelaySec", &error);
  g_assert_no_error (error);
  persistent = g_key_file_get_string (keys, "Timer", "Persistent", &error);
  g_assert_no_error (error);
  wanted = g_key_file_get_string (keys, "Install", "WantedBy", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (calendar, ==, "daily");
  g_assert_cmpstr (delay, ==, "1h");
  g_assert_cmpstr (persistent, ==, "true");
  g_assert_cmpstr (wanted, ==, "timers.target");

  g_key_file_load_from_data (keys, service, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  type = g_key_file_get_string (keys, "Service", "Type", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (type, ==, "oneshot");

  g_string_replace (testable, installed, g_getenv ("OK_CLI"), 0);
  {
    g_autoptr(OktResult) verified = verify_units (fixture, testable->str, timer);

    if (verified->exit_status != 0 || *verified->err != '\0')
      g_error ("systemd-analyze verify (%d): %s", verified->exit_status, verified->err);
  }

  /* The same check rejects a broken unit, so its silence above means something. */
  {
    g_autoptr(GString) broken = g_string_new (timer);
    g_autoptr(OktResult) rejected = NULL;

    g_string_replace (broken, "OnCalendar=daily", "OnCalendar=every blue moon", 0);
    rejected = verify_units (fixture, testable->str, broken->str);
    g_assert_true (rejected->exit_status != 0 || *rejected->err != '\0');
  }
}

/* ---- bash completion ---------------------------------------------------------------------- */

/* COMPREPLY of the completion function for @words (the last one is being completed), run
 * in bash with the fixture's store, one entry per element. */
static GStrv
complete (OkaFixture         *fixture,
          const char * const *words)
{
  g_autoptr(GString) script = g_string_new (NULL);
  g_autoptr(OktResult) result = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GStrvBuilder) replies = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  guint n = g_strv_length ((char **) words);
  const char *env[] = { "OK_DATA_DIR", fixture->store, "LC_ALL", "C.UTF-8", NULL };
  const char *argv[] = { "bash", "--norc", "--noprofile", "-c", NULL, NULL };

  g_autofree char *quoted_path = g_shell_quote (completion_path);

  g_string_append_printf (script, "source %s || exit 90\n", quoted_path);
  g_string_append (script, "complete -p oces-keeper-cli >/dev/null || exit 91\n");
  g_string_append (script, "COMP_WORDS=(");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *quoted = g_shell_quote (i == 0 ? g_getenv ("OK_CLI") : words[i]);
      g_string_append_printf (script, "%s ", quoted);
    }
  g_string_append_printf (script, ")\nCOMP_CWORD=%u\nCOMPREPLY=()\n", n - 1);
  g_string_append (script, "_oces_keeper_cli || exit 92\n");
  g_string_append (script, "printf '%s\\n' \"${COMPREPLY[@]}\"\n");
  argv[4] = script->str;

  result = okt_run (fixture->work, env, NULL, argv);
  if (result->exit_status != 0)
    g_error ("completion failed (%d): %s", result->exit_status, result->err);

  out = okt_bytes_to_text (result->out);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_strv_builder_add (replies, lines[i]);

  return g_strv_builder_end (replies);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The same replies in any order. */
static void
assert_replies (GStrv               replies,
                const char * const *expected)
{
  g_auto(GStrv) sorted = g_strdupv (replies);
  g_auto(GStrv) wanted = g_strdupv ((char **) expected);

  qsort (sorted, g_strv_length (sorted), sizeof (char *), compare_strings);
  qsort (wanted, g_strv_length (wanted), sizeof (char *), compare_strings);
  g_assert_cmpstrv (sorted, wanted);
}

static void
test_completion (OkaFixture    *fixture,
                 gconstpointer  data)
{
  g_autofree char *first = oka_import_expired (fixture, "Completion one");
  g_autofree char *second = NULL;
  g_autofree char *exported = g_build_filename (fixture->work, "exported.p12", NULL);
  g_autofree char *prefix = NULL;
  g_autofree char *spec = NULL;

  /* A second, different certificate: the helper makes a new key each time. */
  second = oka_import_expired (fixture, "Completion two");
  okt_write_text (exported, "placeholder");

  {
    g_auto(GStrv) verbs = complete (fixture, (const char *[]) { "cli", "", NULL });

    for (const char *const *verb = (const char *[]) { "import", "list", "show", "log", "export", "remove", "issue",
                                                      "renew", "status", "deploy", NULL };
         *verb != NULL; verb++)
      g_assert_true (g_strv_contains ((const char * const *) verbs, *verb));
    g_assert_false (g_strv_contains ((const char * const *) verbs, "__complete-ids"));
  }
  {
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "dep", NULL });
    assert_replies (replies, (const char *[]) { "deploy", NULL });
  }
  {
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "show", "", NULL });
    assert_replies (replies, (const char *[]) { first, second, NULL });
  }
  {
    g_auto(GStrv) replies = NULL;

    prefix = g_strndup (first, 4);
    replies = complete (fixture, (const char *[]) { "cli", "deploy", prefix, NULL });
    g_assert_true (g_strv_contains ((const char * const *) replies, first));
  }
  {
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "show", first, "", NULL });
    assert_replies (replies, (const char *[]) { NULL });
  }
  {
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "renew", "--", NULL });
    g_assert_true (g_strv_contains ((const char * const *) replies, "--due"));
    g_assert_true (g_strv_contains ((const char * const *) replies, "--dry-run"));
  }
  {
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "deploy", first, "--r", NULL });
    assert_replies (replies, (const char *[]) { "--remove", "--run", NULL });
  }
  {
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "status", "--format", "", NULL });
    assert_replies (replies, (const char *[]) { "text", "json", "prometheus", NULL });
  }
  {
    /* bash splits "--format=p" at the "=". */
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "status", "--format", "=", "p", NULL });
    assert_replies (replies, (const char *[]) { "prometheus", NULL });
  }
  {
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "export", first, "--format", "", NULL });
    assert_replies (replies, (const char *[]) { "p12", "pem", "chain", "fullchain", "key", NULL });
  }
  {
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "deploy", first, "--export", "", NULL });
    assert_replies (replies, (const char *[]) { "p12:", "p12-legacy:", "pem:", "chain:", "fullchain:", "key:", NULL });
  }
  {
    g_auto(GStrv) replies = NULL;

    spec = g_strconcat ("p12:", fixture->work, "/expo", NULL);
    replies = complete (fixture, (const char *[]) { "cli", "deploy", first, "--export", spec, NULL });
    g_clear_pointer (&spec, g_free);
    spec = g_strconcat ("p12:", exported, NULL);
    assert_replies (replies, (const char *[]) { spec, NULL });
  }
  {
    /* bash splits "p12:/path" at the ":" too. */
    g_autofree char *partial = g_strconcat (fixture->work, "/expo", NULL);
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "deploy", first, "--export", "p12", ":", partial, NULL });
    assert_replies (replies, (const char *[]) { exported, NULL });
  }
  {
    /* After --command everything belongs to the hook: no deploy options offered. */
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "deploy", first, "--command", "/bin/echo", "--r", NULL });
    g_assert_false (g_strv_contains ((const char * const *) replies, "--run"));
  }
  {
    g_auto(GStrv) replies = complete (fixture, (const char *[]) { "cli", "issue", "--environment", "", NULL });
    assert_replies (replies, (const char *[]) { "test", "prod", NULL });
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc != 5)
    g_error ("usage: %s SERVICE TIMER COMPLETION BINDIR", argv[0]);
  service_path = argv[1];
  timer_path = argv[2];
  completion_path = argv[3];
  bindir = argv[4];

  g_test_add ("/automation/systemd-units", OkaFixture, NULL, fixture_set_up, test_systemd_units, fixture_tear_down);
  g_test_add ("/automation/bash-completion", OkaFixture, NULL, fixture_set_up, test_completion, fixture_tear_down);

  return g_test_run ();
}
