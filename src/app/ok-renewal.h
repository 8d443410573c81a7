/* ok-renewal.h — one certificate's "Renew Now": runs the renewal and keeps its progress and its
 * last error for whichever page shows that certificate
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-enrollment.h"
#include "ok-store.h"

G_BEGIN_DECLS

#define OK_TYPE_RENEWAL (ok_renewal_get_type ())

G_DECLARE_FINAL_TYPE (OkRenewal, ok_renewal, OK, RENEWAL, GObject)

OkRenewal        *ok_renewal_new                (OkStore    *store,
                                                 const char *certificate_id);
const char       *ok_renewal_get_certificate_id (OkRenewal  *self);
gboolean          ok_renewal_get_running        (OkRenewal  *self);
OkEnrollmentStep  ok_renewal_get_step           (OkRenewal  *self);
const GError     *ok_renewal_get_error          (OkRenewal  *self);
void              ok_renewal_start              (OkRenewal  *self);
void              ok_renewal_cancel             (OkRenewal  *self);

G_END_DECLS
