/* main.c — entry point of the oces-keeper GUI
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>

#include "ok-application.h"
#include "ok-background.h"
#include "ok-bench-hooks.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OkApplication) app = NULL;

  /* Without GL, GTK paints each frame into window-sized images (two more for each cross-fade)
   * and frees them at its end. With glibc's defaults such images are mapped afresh, or trimmed
   * off the heap's top, every frame, and each of their pages faults in again: a few
   * milliseconds of every frame in which much of the window changes. Kept on the heap, a frame
   * reuses the pages of the one before. */
  mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);

  ok_application_setup_gettext ();

  /* Before GTK starts, so that the monitor that waits all day carries no toolkit. */
  if (argc == 2 && g_str_equal (argv[1], "--background"))
    ok_background_exec_monitor ();

  app = ok_application_new ();
  /* Off unless build-aux/bench asks for it through the environment. */
  ok_bench_hooks_install (app);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
