/* ok-idm-light.h — the e-mail that asks MitID Erhverv to enable IdM light (automatic renewal) for
 * an organisation: its text, its mailto: URI, and the memory of when it was drafted per CVR
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OK_IDM_LIGHT_RECIPIENT "mitiderhverv@digst.dk"
/* The agency sorts its mail by this subject, so it is never translated. */
#define OK_IDM_LIGHT_SUBJECT   "IdM light"
#define OK_IDM_LIGHT_FILE_NAME "idm-light.json"

#define OK_IDM_LIGHT_ERROR (ok_idm_light_error_quark ())

typedef enum
{
  OK_IDM_LIGHT_ERROR_INVALID_CVR,  /* not eight digits */
  OK_IDM_LIGHT_ERROR_DAMAGED,      /* idm-light.json cannot be read */
  OK_IDM_LIGHT_ERROR_FAILED,
} OkIdmLightError;

GQuark      ok_idm_light_error_quark             (void);

gboolean    ok_idm_light_is_valid_cvr            (const char           *cvr);

char       *ok_idm_light_build_body              (const char           *cvr,
                                                  const char           *organisation,
                                                  const char           *contact_name,
                                                  const char           *contact_email,
                                                  const char           *contact_phone);
char       *ok_idm_light_build_message_text      (const char           *cvr,
                                                  const char           *organisation,
                                                  const char           *contact_name,
                                                  const char           *contact_email,
                                                  const char           *contact_phone);
char       *ok_idm_light_build_mailto_uri        (const char           *cvr,
                                                  const char           *organisation,
                                                  const char           *contact_name,
                                                  const char           *contact_email,
                                                  const char           *contact_phone);

char       *ok_idm_light_get_memory_path         (void);

void        ok_idm_light_remember_drafted_async  (const char           *cvr,
                                                  GDateTime            *when,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ok_idm_light_remember_drafted_finish (GAsyncResult         *result,
                                                  GError              **error);

void        ok_idm_light_lookup_drafted_async    (const char           *cvr,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GDateTime  *ok_idm_light_lookup_drafted_finish   (GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
