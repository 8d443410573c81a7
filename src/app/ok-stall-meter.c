/* ok-stall-meter.c — a 1 ms timeout on the main loop that remembers how late it ever ran
 *
 * A main loop that is free dispatches the timeout about every millisecond; whatever makes it late
 * (key generation, a synchronous read, a heavy layout) held the loop for that long. The benchmark
 * reads the `max-stall-ms: N` line on stderr.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "ok-stall-meter.h"

#define TICK_MS 1

struct _OkStallMeter
{
  guint  source;
  gint64 last_tick;   /* monotonic µs */
  gint64 max_stall;   /* µs */
  gboolean verbose;
};

static gboolean
on_tick (gpointer user_data)
{
  OkStallMeter *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - self->last_tick - TICK_MS * 1000;

  if (late > self->max_stall)
    self->max_stall = late;
  /* OK_BENCH_STALLS=2 also names every stall longer than a frame and when it ended, to match
   * against a profiler's timeline (`perf record -k CLOCK_MONOTONIC`). */
  if (self->verbose && late > 16 * 1000)
    fprintf (stderr, "stall-ms: %" G_GINT64_FORMAT " ended-at-us: %" G_GINT64_FORMAT "\n", late / 1000, now);
  self->last_tick = now;

  return G_SOURCE_CONTINUE;
}

/**
 * ok_stall_meter_start_if_requested:
 *
 * Returns: (transfer full) (nullable): a running meter when the environment has
 *   OK_BENCH_STALLS=1 (or 2, which also prints each stall), else %NULL
 */
OkStallMeter *
ok_stall_meter_start_if_requested (void)
{
  OkStallMeter *self;

  const char *stalls = g_getenv ("OK_BENCH_STALLS");

  if (g_strcmp0 (stalls, "1") != 0 && g_strcmp0 (stalls, "2") != 0)
    return NULL;

  self = g_new0 (OkStallMeter, 1);
  self->verbose = g_str_equal (stalls, "2");
  self->last_tick = g_get_monotonic_time ();
  self->source = g_timeout_add (TICK_MS, on_tick, self);
  g_source_set_name_by_id (self->source, "[oces-keeper] stall meter");

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
  fprintf (stderr, "max-stall-ms: %" G_GINT64_FORMAT "\n", max_ms);
  fflush (stderr);
  g_free (self);
}
