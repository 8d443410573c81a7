/* ok-bench-floor-window.c — the toolkit's floors: the least an app with a window can do (an
 * AdwApplication on the session bus, an AdwApplicationWindow of the app's default size with a
 * header bar and a status page)
 *
 *   ok-bench-floor-window           run through ok-bench-exec, which sets OK_BENCH_T0; prints
 *                                   `first-frame-us: N` on stderr after the window's first
 *                                   frame, then quits
 *   ok-bench-floor-window --stall   after the first frame, makes one RSA-3072 key in a worker
 *                                   thread and nothing else, with the same 1 ms meter as the
 *                                   app's OK_BENCH_STALLS; prints `max-stall-ms: N` and quits.
 *                                   That is as responsive as a window can be while a key is
 *                                   made beside it on this machine, at this load.
 *   ok-bench-floor-window --rss     2 s after the first frame, prints the resident memory,
 *                                   `rss-kb: N` (VmRSS), and quits: the floor for the app's.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <string.h>

#define TICK_MS 1

static gint64 t0;
static gboolean stall_mode;
static gboolean rss_mode;
static gint64 last_tick;
static gint64 max_stall;

static gboolean
on_tick (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  max_stall = MAX (max_stall, now - last_tick - TICK_MS * 1000);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
generate_key (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  gnutls_x509_privkey_t key;

  gnutls_x509_privkey_init (&key);
  gnutls_x509_privkey_generate2 (key, GNUTLS_PK_RSA, 3072, 0, NULL, 0);
  gnutls_x509_privkey_deinit (key);
  g_task_return_boolean (task, TRUE);
}

static void
key_generated (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  on_tick (NULL);
  fprintf (stderr, "max-stall-ms: %" G_GINT64_FORMAT "\n", (max_stall + 999) / 1000);
  fflush (stderr);
  g_application_quit (G_APPLICATION (object));
}

static void
measure_stalls (GApplication *application)
{
  g_autoptr(GTask) task = g_task_new (application, NULL, key_generated, NULL);

  last_tick = g_get_monotonic_time ();
  g_timeout_add (TICK_MS, on_tick, NULL);
  g_task_run_in_thread (task, generate_key);
}

static void
report_rss (gpointer application)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "\nVmRSS:")) != NULL)
    fprintf (stderr, "rss-kb: %" G_GINT64_FORMAT "\n", g_ascii_strtoll (line + strlen ("\nVmRSS:"), NULL, 10));
  fflush (stderr);
  g_application_quit (application);
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  GApplication *application = user_data;

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, user_data);
  fprintf (stderr, "first-frame-us: %" G_GINT64_FORMAT "\n", g_get_monotonic_time () - t0);
  fflush (stderr);
  if (stall_mode)
    measure_stalls (application);
  else if (rss_mode)
    g_timeout_add_once (2000, report_rss, application);
  else
    g_idle_add_once ((GSourceOnceFunc) g_application_quit, application);
}

static void
on_realize (GtkWidget *window,
            gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), user_data);
}

static void
on_activate (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Floor");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "security-high-symbolic");
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Floor");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), application);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = NULL;
  const char *start = g_getenv ("OK_BENCH_T0");

  t0 = start != NULL ? g_ascii_strtoll (start, NULL, 10) : g_get_monotonic_time ();
  if (argc == 2 && g_str_equal (argv[1], "--stall"))
    {
      stall_mode = TRUE;
      argc = 1;
    }
  else if (argc == 2 && g_str_equal (argv[1], "--rss"))
    {
      rss_mode = TRUE;
      argc = 1;
    }
  application = adw_application_new ("io.github.oceskeeper.BenchFloor", G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
