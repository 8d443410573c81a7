/* ok-paths.c — where OCES Keeper keeps its files
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-paths.h"

/* The development profile gets its own folder so a Devel build never touches the real store.
 * OK_DATA_DIR overrides it for tests, benchmarks and headless hosts. */
const char *
ok_paths_get_data_dir (void)
{
  static char *data_dir;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      const char *override = g_getenv ("OK_DATA_DIR");

      if (override != NULL && *override != '\0')
        data_dir = g_strdup (override);
      else
        data_dir = g_build_filename (g_get_user_data_dir (), DATA_FOLDER, NULL);

      g_once_init_leave (&initialized, 1);
    }

  return data_dir;
}
