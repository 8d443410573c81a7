/* ok-bench-exec.c — runs a program with OK_BENCH_T0 set to the moment just before it is exec'd
 * (CLOCK_MONOTONIC, µs, the clock of g_get_monotonic_time()), so that the program can tell how
 * long it took to get to something, counted from its exec
 *
 *   ok-bench-exec PROGRAM [ARGUMENTS…]
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
main (int   argc,
      char *argv[])
{
  struct timespec now;
  char value[32];

  if (argc < 2)
    {
      fprintf (stderr, "Usage: ok-bench-exec PROGRAM [ARGUMENTS…]\n");
      return 2;
    }

  clock_gettime (CLOCK_MONOTONIC, &now);
  snprintf (value, sizeof value, "%" PRId64, (int64_t) now.tv_sec * 1000000 + now.tv_nsec / 1000);
  setenv ("OK_BENCH_T0", value, 1);
  execvp (argv[1], argv + 1);
  fprintf (stderr, "ok-bench-exec: %s: %s\n", argv[1], strerror (errno));
  return 127;
}
