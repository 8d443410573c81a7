/* ok-application.h
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OK_TYPE_APPLICATION (ok_application_get_type ())

G_DECLARE_FINAL_TYPE (OkApplication, ok_application, OK, APPLICATION, AdwApplication)

OkApplication *ok_application_new (void);

G_END_DECLS
