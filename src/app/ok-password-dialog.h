/* ok-password-dialog.h — asks for the password of a protected file, optionally offering to
 * remember it in the keyring
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OK_TYPE_PASSWORD_DIALOG (ok_password_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OkPasswordDialog, ok_password_dialog, OK, PASSWORD_DIALOG, AdwMessageDialog)

OkPasswordDialog *ok_password_dialog_new          (GtkWindow        *parent,
                                                   const char       *file_name);
const char       *ok_password_dialog_get_password (OkPasswordDialog *self);
gboolean          ok_password_dialog_get_remember (OkPasswordDialog *self);
void              ok_password_dialog_set_remember (OkPasswordDialog *self,
                                                   gboolean          remember);
void              ok_password_dialog_set_error    (OkPasswordDialog *self,
                                                   const char       *error);

G_END_DECLS
