/* ok-application.h — the AdwApplication of the GUI
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-renewal.h"
#include "ok-store.h"

G_BEGIN_DECLS

#define OK_TYPE_APPLICATION (ok_application_get_type ())

G_DECLARE_FINAL_TYPE (OkApplication, ok_application, OK, APPLICATION, AdwApplication)

OkApplication *ok_application_new              (void);
void           ok_application_setup_gettext    (void);
OkStore       *ok_application_get_store        (OkApplication *self);
gboolean       ok_application_get_store_loaded (OkApplication *self);
const char    *ok_application_get_store_error  (OkApplication *self);
OkRenewal     *ok_application_get_renewal      (OkApplication *self,
                                                const char    *certificate_id);
void           ok_application_begin_work       (OkApplication *self);
void           ok_application_end_work         (OkApplication *self);

G_END_DECLS
