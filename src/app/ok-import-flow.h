/* ok-import-flow.h — importing a certificate file into the store from the GUI: password prompts,
 * remembering the password, duplicates and errors
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-store.h"

G_BEGIN_DECLS

void ok_import_flow_run (GtkWindow *parent,
                         OkStore   *store,
                         GFile     *file);

G_END_DECLS
