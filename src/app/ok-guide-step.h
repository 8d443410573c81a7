/* ok-guide-step.h — one numbered step of a guide: a row with the step's number, a short title
 * and the detail below it
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OK_TYPE_GUIDE_STEP (ok_guide_step_get_type ())

G_DECLARE_FINAL_TYPE (OkGuideStep, ok_guide_step, OK, GUIDE_STEP, AdwActionRow)

guint ok_guide_step_get_number (OkGuideStep *self);
void  ok_guide_step_set_number (OkGuideStep *self,
                                guint        number);

G_END_DECLS
