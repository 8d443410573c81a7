/* ok-error-details.h — the facts of a CA's refusal that support asks for: its reason code, with
 * a copy button, and the e-mail address it names, when it names one
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OK_TYPE_ERROR_DETAILS (ok_error_details_get_type ())

G_DECLARE_FINAL_TYPE (OkErrorDetails, ok_error_details, OK, ERROR_DETAILS, GtkBox)

GtkWidget  *ok_error_details_new             (void);
void        ok_error_details_set_error       (OkErrorDetails *self,
                                              const GError   *error);
const char *ok_error_details_get_code        (OkErrorDetails *self);
GtkButton  *ok_error_details_get_copy_button (OkErrorDetails *self);
GtkLabel   *ok_error_details_get_email_label (OkErrorDetails *self);

G_END_DECLS
