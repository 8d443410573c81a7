/* ok-file.c — crash-safe, private file writes
 *
 * Every file OCES Keeper writes goes through here: written to a temporary sibling, fsync'd,
 * renamed over the target and the folder fsync'd, so a crash at any instant leaves either the
 * old or the new file, never a torn one. Files are 0600 and folders 0700 from the first byte.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ok-file.h"

#define TMP_MARKER ".tmp-"

/* Fault injection for the crash-safety tests: with OK_TEST_CRASH_AT=N in the environment the
 * process kills itself with SIGKILL at the N-th step of any multi-step write, which lets a test
 * walk a crash through every instant of an import, renewal or removal. */
void
ok_file_crash_point (void)
{
  static gsize initialized;
  static int crash_at;
  static int reached;

  if (g_once_init_enter (&initialized))
    {
      const char *value = g_getenv ("OK_TEST_CRASH_AT");

      crash_at = value != NULL ? atoi (value) : 0;
      g_once_init_leave (&initialized, 1);
    }

  if (crash_at > 0 && g_atomic_int_add (&reached, 1) + 1 == crash_at)
    kill (getpid (), SIGKILL);
}

/* A macro so that the translated format reaches g_set_error() as a literal: it has two %s,
 * the path and the system's reason. */
#define set_error_from_errno(error, saved_errno, format, path) \
  (g_set_error ((error), G_IO_ERROR, g_io_error_from_errno (saved_errno), \
                (format), (path), g_strerror (saved_errno)), FALSE)

gboolean
ok_file_sync_dir (const char  *path,
                  GError     **error)
{
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0)
    return set_error_from_errno (error, errno, _("Could not open folder “%s”: %s"), path);

  if (fsync (fd) != 0)
    {
      int saved_errno = errno;
      close (fd);
      return set_error_from_errno (error, saved_errno, _("Could not write folder “%s” to disk: %s"), path);
    }

  close (fd);
  return TRUE;
}

gboolean
ok_file_write_atomic (const char  *path,
                      const void  *data,
                      gsize        length,
                      GError     **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *dir = NULL;
  const char *p = data;
  gsize written = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  tmp_path = g_strconcat (path, TMP_MARKER "XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_error_from_errno (error, errno, _("Could not create “%s”: %s"), path);

  ok_file_crash_point ();

  while (written < length)
    {
      gssize n = write (fd, p + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          close (fd);
          g_unlink (tmp_path);
          return set_error_from_errno (error, saved_errno, _("Could not write “%s”: %s"), path);
        }
      written += n;
    }

  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int saved_errno = errno;
      g_unlink (tmp_path);
      return set_error_from_errno (error, saved_errno, _("Could not write “%s” to disk: %s"), path);
    }

  ok_file_crash_point ();

  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;
      g_unlink (tmp_path);
      return set_error_from_errno (error, saved_errno, _("Could not replace “%s”: %s"), path);
    }

  ok_file_crash_point ();

  dir = g_path_get_dirname (path);
  return ok_file_sync_dir (dir, error);
}

gboolean
ok_file_write_atomic_bytes (const char  *path,
                            GBytes      *bytes,
                            GError     **error)
{
  gsize length = 0;
  const void *data = g_bytes_get_data (bytes, &length);

  return ok_file_write_atomic (path, data != NULL ? data : "", length, error);
}

gboolean
ok_file_make_private_dir (const char  *path,
                          GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_mkdir_with_parents (path, 0700) != 0)
    return set_error_from_errno (error, errno, _("Could not create folder “%s”: %s"), path);

  /* An existing folder may have been made by something else with a laxer mode. */
  if (g_chmod (path, 0700) != 0)
    return set_error_from_errno (error, errno, _("Could not protect folder “%s”: %s"), path);

  return TRUE;
}

gboolean
ok_file_rename_synced (const char  *from,
                       const char  *to,
                       GError     **error)
{
  g_autofree char *from_dir = g_path_get_dirname (from);
  g_autofree char *to_dir = g_path_get_dirname (to);

  ok_file_crash_point ();

  if (g_rename (from, to) != 0)
    return set_error_from_errno (error, errno, _("Could not move “%s”: %s"), from);

  ok_file_crash_point ();

  if (!ok_file_sync_dir (to_dir, error))
    return FALSE;

  return g_str_equal (from_dir, to_dir) || ok_file_sync_dir (from_dir, error);
}

gboolean
ok_file_remove_tree (const char  *path,
                     GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        return set_error_from_errno (error, errno, _("Could not remove “%s”: %s"), path);
      return TRUE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        {
          if (!ok_file_remove_tree (child, error))
            return FALSE;
        }
      else if (g_unlink (child) != 0 && errno != ENOENT)
        return set_error_from_errno (error, errno, _("Could not remove “%s”: %s"), child);

      ok_file_crash_point ();
    }

  if (g_rmdir (path) != 0 && errno != ENOENT)
    return set_error_from_errno (error, errno, _("Could not remove “%s”: %s"), path);

  return TRUE;
}

/* Temporary files left by a crash between create and rename. */
gboolean
ok_file_is_leftover (const char *basename)
{
  return strstr (basename, TMP_MARKER) != NULL;
}
