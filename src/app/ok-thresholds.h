/* ok-thresholds.h — reading and writing the reminder days ("60, 30, 14") the user types
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OK_THRESHOLDS_ERROR (ok_thresholds_error_quark ())
#define OK_THRESHOLDS_MAX_DAYS 365

typedef enum {
  OK_THRESHOLDS_ERROR_EMPTY,
  OK_THRESHOLDS_ERROR_NOT_A_NUMBER,
  OK_THRESHOLDS_ERROR_OUT_OF_RANGE,
  OK_THRESHOLDS_ERROR_DUPLICATE,
} OkThresholdsError;

GQuark    ok_thresholds_error_quark (void);
GVariant *ok_thresholds_parse       (const char  *text,
                                     GError     **error);
char     *ok_thresholds_format      (GVariant    *thresholds);

G_END_DECLS
