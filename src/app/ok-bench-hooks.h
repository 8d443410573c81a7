/* ok-bench-hooks.h — measurement hooks for build-aux/bench, off unless their environment
 * variables are set (see ok-bench-hooks.c)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-application.h"

G_BEGIN_DECLS

void ok_bench_hooks_install (OkApplication *application);

G_END_DECLS
