/* ok-removal-queue.h — removals that wait for their undo toast
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-store.h"

G_BEGIN_DECLS

#define OK_TYPE_REMOVAL_QUEUE (ok_removal_queue_get_type ())

G_DECLARE_FINAL_TYPE (OkRemovalQueue, ok_removal_queue, OK, REMOVAL_QUEUE, GObject)

OkRemovalQueue *ok_removal_queue_new        (OkStore         *store,
                                             AdwToastOverlay *overlay,
                                             const char      *undo_action);
void            ok_removal_queue_add        (OkRemovalQueue  *self,
                                             OkCertificate   *certificate);
gboolean        ok_removal_queue_undo       (OkRemovalQueue  *self,
                                             const char      *certificate_id);
gboolean        ok_removal_queue_contains   (OkRemovalQueue  *self,
                                             const char      *certificate_id);
void            ok_removal_queue_commit_all (OkRemovalQueue  *self);

G_END_DECLS
