/* ok-revocation-watch.h — when a certificate's revocation is checked, and what the last check
 * found, kept in the store entry's monitor state
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-revocation.h"
#include "ok-store.h"

G_BEGIN_DECLS

/* A good answer is asked again after this at the soonest, or at its nextUpdate if later. */
#define OK_REVOCATION_RECHECK_SECONDS (24 * 60 * 60)
/* A check that got no answer (offline, responder down) is tried again after this. */
#define OK_REVOCATION_RETRY_SECONDS (60 * 60)

typedef enum
{
  OK_REVOCATION_WATCH_WHEN_DUE,   /* the monitor: only when the cached answer ran out */
  OK_REVOCATION_WATCH_NOW,        /* import, issuance, renewal: a new certificate */
} OkRevocationWatchMode;

JsonObject         *ok_revocation_watch_get_record       (JsonObject            *state,
                                                          OkCertificate         *certificate);
gint64              ok_revocation_watch_next_check       (JsonObject            *state,
                                                          OkCertificate         *certificate,
                                                          gint64                 now);
gboolean            ok_revocation_watch_needs_notice     (JsonObject            *state,
                                                          OkCertificate         *certificate);
void                ok_revocation_watch_mark_notified    (JsonObject            *state,
                                                          OkCertificate         *certificate);
JsonNode           *ok_revocation_watch_report           (JsonObject            *state,
                                                          OkCertificate         *certificate,
                                                          gint64                 now);

void                ok_revocation_watch_async            (OkStore               *store,
                                                          OkCertificate         *certificate,
                                                          OkRevocationWatchMode  mode,
                                                          gint64                 now,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
OkRevocationResult *ok_revocation_watch_finish           (GAsyncResult          *result,
                                                          GError               **error);

G_END_DECLS
