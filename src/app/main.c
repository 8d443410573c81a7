/* main.c — entry point of the oces-keeper GUI
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-application.h"
#include "ok-background.h"
#include "ok-bench-hooks.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OkApplication) app = NULL;

  ok_application_setup_gettext ();

  /* Before GTK starts, so that the monitor that waits all day carries no toolkit. */
  if (argc == 2 && g_str_equal (argv[1], "--background"))
    ok_background_exec_monitor ();

  app = ok_application_new ();
  /* Off unless build-aux/bench asks for it through the environment. */
  ok_bench_hooks_install (app);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
