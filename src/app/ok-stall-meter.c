/* ok-stall-meter.c — a 1 ms timeout on the main loop that remembers how late it ever ran
 *
 * A main loop that is free dispatches the timeout about every millisecond; whatever makes it late
 * (key generation, a synchronous read, a heavy layout) held the loop for that long. The benchmark
 * reads the `max-stall-ms: N` line on stderr.
 *
 * OK_BENCH_STALLS=2 also prints when the meter started and every stall longer than a frame with
 * when it ended, to match against a profiler's timeline (`perf record -k CLOCK_MONOTONIC`).
 * With OK_BENCH_STALLS=3 a watchdog thread also names what held the loop: when the timeout has
 * not run for more than WATCHDOG_MS it interrupts the main thread with SIGPROF, whose handler
 * writes the main thread's stack to stderr (`stall-sample:` and the frames), again every
 * WATCHDOG_MS while the stall lasts. Frames of static functions are printed as `file(+offset)`:
 * `addr2line -f -e FILE OFFSET` names them.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "ok-stall-meter.h"

#define TICK_MS     1
#define WATCHDOG_MS 8
#define MAX_FRAMES  128

struct _OkStallMeter
{
  guint  source;
  atomic_llong last_tick;   /* monotonic µs; the watchdog reads it */
  gint64 max_stall;   /* µs */
  gboolean verbose;

  /* OK_BENCH_STALLS=3 only */
  GThread    *watchdog;
  atomic_bool stopping;
  pthread_t   main_thread;
};

static gboolean
on_tick (gpointer user_data)
{
  OkStallMeter *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - atomic_load (&self->last_tick) - TICK_MS * 1000;

  if (late > self->max_stall)
    self->max_stall = late;
  if (self->verbose && late > 16 * 1000)
    fprintf (stderr, "stall-ms: %" G_GINT64_FORMAT " ended-at-us: %" G_GINT64_FORMAT "\n", late / 1000, now);
  atomic_store (&self->last_tick, now);

  return G_SOURCE_CONTINUE;
}

/* Runs on the main thread, interrupted in whatever holds the loop. backtrace() and
 * backtrace_symbols_fd() do not allocate once backtrace() has run once (see watchdog_start). */
static void
on_sample_signal (int signum)
{
  void *frames[MAX_FRAMES];
  int saved_errno = errno;
  int n = backtrace (frames, MAX_FRAMES);
  ssize_t written;

  /* The first two frames are this handler and the signal trampoline. */
  if (n > 2)
    backtrace_symbols_fd (frames + 2, n - 2, STDERR_FILENO);
  /* Nothing to do in a signal handler if it fails; a (void) cast alone does not quiet glibc's
   * warn_unused_result. */
  written = write (STDERR_FILENO, "stall-sample-end\n", 17);
  (void) written;
  errno = saved_errno;
}

static gpointer
watchdog_run (gpointer user_data)
{
  OkStallMeter *self = user_data;
  gint64 last_sample = 0;

  while (!atomic_load (&self->stopping))
    {
      gint64 now = g_get_monotonic_time ();
      gint64 last_tick = atomic_load (&self->last_tick);
      gint64 held = now - last_tick;

      if (held > WATCHDOG_MS * 1000 && now - MAX (last_sample, last_tick) > WATCHDOG_MS * 1000)
        {
          fprintf (stderr, "stall-sample: held-ms: %" G_GINT64_FORMAT " at-us: %" G_GINT64_FORMAT "\n",
                   held / 1000, now);
          fflush (stderr);
          last_sample = now;
          pthread_kill (self->main_thread, SIGPROF);
        }
      g_usleep (1000);
    }

  return NULL;
}

static void
watchdog_start (OkStallMeter *self)
{
  struct sigaction action = { 0 };
  void *warm_up[2];

  /* backtrace() loads libgcc's unwinder on its first call, which allocates: not in a handler. */
  backtrace (warm_up, G_N_ELEMENTS (warm_up));

  action.sa_handler = on_sample_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset (&action.sa_mask);
  sigaction (SIGPROF, &action, NULL);

  self->main_thread = pthread_self ();
  self->watchdog = g_thread_new ("ok-stall-watchdog", watchdog_run, self);
}

/**
 * ok_stall_meter_start_if_requested:
 *
 * Returns: (transfer full) (nullable): a running meter when the environment has
 *   OK_BENCH_STALLS=1 (2 also prints each stall, 3 also samples what held the loop), else
 *   %NULL
 */
OkStallMeter *
ok_stall_meter_start_if_requested (void)
{
  OkStallMeter *self;

  const char *stalls = g_getenv ("OK_BENCH_STALLS");

  if (g_strcmp0 (stalls, "1") != 0 && g_strcmp0 (stalls, "2") != 0 && g_strcmp0 (stalls, "3") != 0)
    return NULL;

  self = g_new0 (OkStallMeter, 1);
  self->verbose = !g_str_equal (stalls, "1");
  atomic_store (&self->last_tick, g_get_monotonic_time ());
  if (self->verbose)
    fprintf (stderr, "stall-meter-started-at-us: %" G_GINT64_FORMAT "\n", (gint64) atomic_load (&self->last_tick));
  self->source = g_timeout_add (TICK_MS, on_tick, self);
  g_source_set_name_by_id (self->source, "[oces-keeper] stall meter");
  if (g_str_equal (stalls, "3"))
    watchdog_start (self);

  return self;
}

gint64
ok_stall_meter_get_max_stall_ms (OkStallMeter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  /* The stall still going on right now counts too. */
  on_tick (self);
  return (self->max_stall + 999) / 1000;
}

/**
 * ok_stall_meter_finish:
 *
 * Stops the meter, prints `max-stall-ms: N` on stderr and frees it.
 */
void
ok_stall_meter_finish (OkStallMeter *self)
{
  gint64 max_ms;

  if (self == NULL)
    return;

  max_ms = ok_stall_meter_get_max_stall_ms (self);
  g_clear_handle_id (&self->source, g_source_remove);
  if (self->watchdog != NULL)
    {
      atomic_store (&self->stopping, TRUE);
      g_thread_join (g_steal_pointer (&self->watchdog));
      /* A sample signalled just before the join may still be pending. */
      signal (SIGPROF, SIG_IGN);
    }
  fprintf (stderr, "max-stall-ms: %" G_GINT64_FORMAT "\n", max_ms);
  fflush (stderr);
  g_free (self);
}
