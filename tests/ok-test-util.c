/* ok-test-util.c — small helpers for tests: running openssl/certtool as independent
 * producers and checkers, temporary folders, the public OCES3 samples
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ok-test-util.h"

char *
ok_test_run_with_env (const char *const  *argv,
                      const char *const  *env,
                      const char         *stdin_text,
                      GError            **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (env[i], "=", 2);

      g_assert_nonnull (pair[1]);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    return NULL;

  if (!g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, &err, error))
    return NULL;

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_autofree char *command = g_strjoinv (" ", (char **) argv);

      g_set_error (error, G_SPAWN_EXIT_ERROR, g_subprocess_get_status (process),
                   "“%s” failed: %s", command, err != NULL ? err : "");
      return NULL;
    }

  return g_steal_pointer (&out);
}

char *
ok_test_run (const char *const  *argv,
             const char         *stdin_text,
             GError            **error)
{
  return ok_test_run_with_env (argv, NULL, stdin_text, error);
}

char *
ok_test_run_ok (const char *const *argv,
                const char        *stdin_text)
{
  g_autoptr (GError) error = NULL;
  char *out = ok_test_run (argv, stdin_text, &error);

  g_assert_no_error (error);
  return out;
}

char *
ok_test_make_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *path = g_dir_make_tmp ("ok-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

void
ok_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        ok_test_remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }

  g_assert_cmpint (g_rmdir (path), ==, 0);
}

GBytes *
ok_test_read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

char *
ok_test_read_text (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

void
ok_test_write_text (const char *path,
                    const char *text)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

const char *
ok_test_samples_dir (void)
{
  const char *dir = g_getenv ("OK_SAMPLES_DIR");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;

  return dir;
}

char *
ok_test_sample_path (const char *name)
{
  const char *dir = ok_test_samples_dir ();
  g_autofree char *path = NULL;

  if (dir == NULL)
    {
      g_test_skip ("The OCES3 samples are not available: set OK_SAMPLES_DIR to their folder");
      return NULL;
    }

  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *message = g_strdup_printf ("The OCES3 sample %s is missing from %s", name, dir);

      g_test_skip (message);
      return NULL;
    }

  return g_steal_pointer (&path);
}
