/* test-paths.c — where the store lives
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-paths.h"

static void
test_paths_override (void)
{
  g_assert_cmpstr (ok_paths_get_data_dir (), ==, "/tmp/ok-paths-test");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("OK_DATA_DIR", "/tmp/ok-paths-test", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/paths/override", test_paths_override);
  return g_test_run ();
}
