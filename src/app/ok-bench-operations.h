/* ok-bench-operations.h — the benchmark's stall measurements for renewing, exporting and
 * importing (OK_BENCH_RENEW, OK_BENCH_EXPORT, OK_BENCH_IMPORT; see ok-bench-operations.c)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-application.h"
#include "ok-window.h"

G_BEGIN_DECLS

gboolean ok_bench_operations_requested (void);
void     ok_bench_operations_start     (OkApplication *application,
                                        GtkWidget     *window,
                                        GCallback      done);

G_END_DECLS
