/* ok-stall-meter.h — the benchmark hook that measures how long the main loop stalls while work
 * runs (enabled with OK_BENCH_STALLS=1)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _OkStallMeter OkStallMeter;

OkStallMeter *ok_stall_meter_start_if_requested (void);
gint64        ok_stall_meter_get_max_stall_ms   (OkStallMeter *self);
void          ok_stall_meter_finish             (OkStallMeter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkStallMeter, ok_stall_meter_finish)

G_END_DECLS
