/* ok-bench-idle-service.c — the floor for the monitor's footprint: a GApplication registered on
 * the session bus that holds itself and waits, doing nothing else
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

static void
on_startup (GApplication *application)
{
  g_application_hold (application);
}

/* Nothing to show: an empty handler keeps GLib from warning that activation is unhandled. */
static void
on_activate (GApplication *application)
{
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GApplication) application = g_application_new ("io.github.oceskeeper.BenchIdle",
                                                           G_APPLICATION_NON_UNIQUE);

  g_signal_connect (application, "startup", G_CALLBACK (on_startup), NULL);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (application, argc, argv);
}
