/* ok-bench-hooks.c — measurement hooks for build-aux/bench
 *
 * Nothing here runs unless one of these is in the environment:
 *
 *   OK_BENCH_FIRST_FRAME=1   print on stderr, in µs since OK_BENCH_T0 (CLOCK_MONOTONIC µs, which
 *                            the bench sets right before it execs the app; without it, since
 *                            the hooks were installed at the start of main()), then quit:
 *                              first-frame-us: N    the main window's first frame was painted
 *                              store-loaded-us: N   the certificates were loaded
 *                              content-frame-us: N  the first frame painted after that
 *                            OK_BENCH_FIRST_FRAME=exit does the same but ends the process right
 *                            there (_exit), so that a profiler counts only what comes before.
 *   OK_BENCH_ISSUE=REF:CODE  once the certificates are shown, open the issue dialog, fill in
 *                            REF and CODE for the Test environment and issue; then print
 *                            `issue-result: issued` or `issue-result: failed: MESSAGE` and quit.
 *                            With OK_BENCH_STALLS=1 as well, the dialog's stall meter
 *                            (ok-stall-meter.c) prints `max-stall-ms: N` for the issuance.
 *   OK_BENCH_RSS=1           once the certificates are shown, wait 2 s and print the resident
 *                            memory, `rss-kb: N` (VmRSS), then quit.
 *   OK_BENCH_LIVE=NAME       once the certificates are shown and the start has settled (the
 *                            window's reminder pass and the reload its commit brings), print
 *                            `live-ready-us: N` (CLOCK_MONOTONIC µs); then, once a certificate
 *                            called NAME that another process added is in the list and a frame
 *                            has been painted after it, `live-seen-us: N`, and quit (after 30 s
 *                            without it too).
 *   OK_BENCH_RENEW, OK_BENCH_EXPORT, OK_BENCH_IMPORT
 *                            once the certificates are shown, renew, export or import and
 *                            measure the stalls meanwhile (ok-bench-operations.c), then quit.
 *
 * The dialog is driven through its template children and its `issue.issue` action, exactly as
 * a click would, so the figure is that of the real dialog.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ok-bench-hooks.h"
#include "ok-bench-operations.h"
#include "ok-issue-dialog.h"
#include "ok-window.h"

typedef struct
{
  OkApplication *application;
  GtkWidget     *window;
  GdkFrameClock *clock;
  gint64         t0;
  gboolean       report_frames;
  gboolean       exit_at_frame;
  gboolean       report_rss;
  char          *live_name;
  char          *issue_reference;
  char          *issue_code;
  gboolean       painted;
  gboolean       issue_running;
  gboolean       dialog_destroyed;
  GtkWidget     *dialog;
} BenchHooks;

static BenchHooks hooks;

static void
report (const char *what,
        gint64      value)
{
  fprintf (stderr, "%s: %" G_GINT64_FORMAT "\n", what, value);
  fflush (stderr);
}

static void
quit (void)
{
  g_action_group_activate_action (G_ACTION_GROUP (hooks.application), "quit", NULL);
}

static void
issue_finished (void)
{
  if (hooks.dialog_destroyed)
    {
      fprintf (stderr, "issue-result: issued\n");
    }
  else
    {
      GtkLabel *message = GTK_LABEL (gtk_widget_get_template_child (hooks.dialog, OK_TYPE_ISSUE_DIALOG,
                                                                    "failure_message"));

      fprintf (stderr, "issue-result: failed: %s\n", gtk_label_get_text (message));
    }
  fflush (stderr);
  quit ();
}

/* The dialog goes back to its form when an attempt ends, and destroys itself right after that
 * when it succeeded; the verdict waits for an idle so that the destruction is seen. */
static void
on_dialog_page_changed (GtkStack   *stack,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  const char *page = gtk_stack_get_visible_child_name (stack);

  if (g_strcmp0 (page, "progress") == 0)
    hooks.issue_running = TRUE;
  else if (hooks.issue_running)
    {
      hooks.issue_running = FALSE;
      g_idle_add_once ((GSourceOnceFunc) issue_finished, NULL);
    }
}

static void
on_dialog_destroyed (void)
{
  hooks.dialog_destroyed = TRUE;
}

static void
select_test_environment (AdwComboRow *row)
{
  GListModel *names = adw_combo_row_get_model (row);
  const char *test = ok_environment_get_display_name (OK_ENVIRONMENT_TEST);

  for (guint i = 0; names != NULL && i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), test) == 0)
      adw_combo_row_set_selected (row, i);
}

static GtkWidget *
find_issue_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (OK_IS_ISSUE_DIALOG (window))
        return window;
    }

  return NULL;
}

static void
click_issue (void)
{
  if (hooks.dialog_destroyed)
    return;

  if (!gtk_widget_activate_action (hooks.dialog, "issue.issue", NULL) || !hooks.issue_running)
    {
      fprintf (stderr, "issue-result: failed: the form did not start an issuance\n");
      quit ();
    }
}

/* A person clicks Issue on a dialog that is already on screen: its first frame is not part of
 * the issuance, so the click waits for it and a moment more. */
static void
on_dialog_painted (GdkFrameClock *clock)
{
  g_signal_handlers_disconnect_by_func (clock, on_dialog_painted, NULL);
  g_timeout_add_once (250, (GSourceOnceFunc) click_issue, NULL);
}

static void
start_issue (void)
{
  GObject *stack;
  GdkFrameClock *clock;

  ok_issue_dialog_present (GTK_WINDOW (hooks.window), ok_application_get_store (hooks.application));
  hooks.dialog = find_issue_dialog ();
  if (hooks.dialog == NULL)
    {
      fprintf (stderr, "issue-result: failed: no issue dialog\n");
      quit ();
      return;
    }

  select_test_environment (ADW_COMBO_ROW (gtk_widget_get_template_child (hooks.dialog, OK_TYPE_ISSUE_DIALOG,
                                                                         "environment_row")));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (hooks.dialog, OK_TYPE_ISSUE_DIALOG,
                                                                      "reference_row")),
                         hooks.issue_reference);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (hooks.dialog, OK_TYPE_ISSUE_DIALOG,
                                                                      "code_row")),
                         hooks.issue_code);

  stack = gtk_widget_get_template_child (hooks.dialog, OK_TYPE_ISSUE_DIALOG, "stack");
  g_signal_connect (stack, "notify::visible-child-name", G_CALLBACK (on_dialog_page_changed), NULL);
  g_signal_connect (hooks.dialog, "destroy", G_CALLBACK (on_dialog_destroyed), NULL);

  clock = gtk_widget_get_frame_clock (hooks.dialog);
  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_dialog_painted), NULL);
  else
    g_timeout_add_once (250, (GSourceOnceFunc) click_issue, NULL);
}

/* Long enough for the idle work after the first frame (row widgets, icons) to have run. */
#define RSS_SETTLE_MS 2000
/* A reload still pending from the start would take the other process's change along early. */
#define LIVE_SETTLE_MS 1000

static void
report_rss (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "\nVmRSS:")) != NULL)
    report ("rss-kb", g_ascii_strtoll (line + strlen ("\nVmRSS:"), NULL, 10));
  quit ();
}

static void
on_live_painted (GdkFrameClock *clock)
{
  g_signal_handlers_disconnect_by_func (clock, on_live_painted, NULL);
  report ("live-seen-us", g_get_monotonic_time ());
  quit ();
}

static void
on_live_items_changed (GListModel *store,
                       guint       position,
                       guint       removed,
                       guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (store, i);

      if (g_strcmp0 (ok_certificate_get_name (certificate), hooks.live_name) != 0)
        continue;

      g_signal_handlers_disconnect_by_func (store, on_live_items_changed, NULL);
      g_signal_connect (hooks.clock, "after-paint", G_CALLBACK (on_live_painted), NULL);
      gtk_widget_queue_draw (hooks.window);
      return;
    }
}

/* The time from a change by another process (the CLI) to the window showing it. */
static void
watch_live (void)
{
  g_signal_connect (ok_application_get_store (hooks.application), "items-changed",
                    G_CALLBACK (on_live_items_changed), NULL);
  g_timeout_add_once (30 * 1000, (GSourceOnceFunc) quit, NULL);
  report ("live-ready-us", g_get_monotonic_time ());
}

static void
content_shown (void)
{
  if (hooks.live_name != NULL)
    g_timeout_add_once (LIVE_SETTLE_MS, (GSourceOnceFunc) watch_live, NULL);
  else if (hooks.issue_reference != NULL)
    start_issue ();
  else if (hooks.report_rss)
    g_timeout_add_once (RSS_SETTLE_MS, (GSourceOnceFunc) report_rss, NULL);
  else if (ok_bench_operations_requested ())
    ok_bench_operations_start (hooks.application, hooks.window, G_CALLBACK (quit));
  else
    quit ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  gint64 elapsed = g_get_monotonic_time () - hooks.t0;

  if (!hooks.painted && hooks.report_frames)
    report ("first-frame-us", elapsed);
  hooks.painted = TRUE;

  /* The phases of one frame run in a single dispatch, so a store loaded now was loaded before
   * this frame's layout: the frame shows it. */
  if (!ok_application_get_store_loaded (hooks.application))
    return;

  if (hooks.report_frames)
    {
      report ("content-frame-us", elapsed);
      /* For a profiler: nothing after the first frame is counted. */
      if (hooks.exit_at_frame)
        _exit (0);
    }
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, NULL);
  g_idle_add_once ((GSourceOnceFunc) content_shown, NULL);
}

static void
on_realize (GtkWidget *window)
{
  hooks.clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (hooks.clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window)
{
  if (hooks.window != NULL || !OK_IS_WINDOW (window))
    return;

  hooks.window = GTK_WIDGET (window);
  if (gtk_widget_get_realized (hooks.window))
    on_realize (hooks.window);
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
}

static void
on_store_loaded (OkApplication *application)
{
  if (!ok_application_get_store_loaded (application))
    return;

  if (hooks.report_frames)
    report ("store-loaded-us", g_get_monotonic_time () - hooks.t0);
  /* Make sure a frame follows, even if loading changed nothing visible. */
  if (hooks.window != NULL)
    gtk_widget_queue_draw (hooks.window);
}

/**
 * ok_bench_hooks_install:
 *
 * Installs the hooks that the environment asks for (see the top of this file); does nothing
 * otherwise. Call once, before the application runs.
 */
void
ok_bench_hooks_install (OkApplication *application)
{
  const char *first_frame = g_getenv ("OK_BENCH_FIRST_FRAME");
  const char *issue = g_getenv ("OK_BENCH_ISSUE");
  const char *t0 = g_getenv ("OK_BENCH_T0");
  const char *colon = issue != NULL ? strchr (issue, ':') : NULL;

  g_return_if_fail (OK_IS_APPLICATION (application));

  hooks.exit_at_frame = g_strcmp0 (first_frame, "exit") == 0;
  hooks.report_frames = g_strcmp0 (first_frame, "1") == 0 || hooks.exit_at_frame;
  hooks.report_rss = g_strcmp0 (g_getenv ("OK_BENCH_RSS"), "1") == 0;
  hooks.live_name = g_strdup (g_getenv ("OK_BENCH_LIVE"));
  if (colon != NULL)
    {
      hooks.issue_reference = g_strndup (issue, colon - issue);
      hooks.issue_code = g_strdup (colon + 1);
    }
  if (!hooks.report_frames && !hooks.report_rss && hooks.issue_reference == NULL &&
      hooks.live_name == NULL && !ok_bench_operations_requested ())
    return;

  hooks.application = application;
  hooks.t0 = t0 != NULL ? g_ascii_strtoll (t0, NULL, 10) : g_get_monotonic_time ();
  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), NULL);
  g_signal_connect (application, "notify::store-loaded", G_CALLBACK (on_store_loaded), NULL);
}
