/* ok-deploy.h — running a certificate's deploy actions after issuance or renewal, and what
 * the app, the CLI and the monitor need to show and edit them
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-deploy-action.h"
#include "ok-store.h"

G_BEGIN_DECLS

#define OK_DEPLOY_ERROR (ok_deploy_error_quark ())

typedef enum
{
  OK_DEPLOY_ERROR_FAILED,        /* an action failed; the DEPLOY_ERROR event says which and why */
  OK_DEPLOY_ERROR_NO_PASSWORD,   /* an export needs the export password, and none is kept */
} OkDeployError;

GQuark    ok_deploy_error_quark            (void);

gboolean  ok_deploy_actions_need_password  (GPtrArray            *actions);
char    **ok_deploy_dup_variables          (OkCertificate        *certificate,
                                            GPtrArray            *actions);
char    **ok_deploy_describe               (OkCertificate        *certificate);
OkEvent  *ok_deploy_dup_last_failure       (OkCertificate        *certificate);

void      ok_deploy_store_password_async   (OkCertificate        *certificate,
                                            const char           *password,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  ok_deploy_store_password_finish  (GAsyncResult         *result,
                                            GError              **error);

void      ok_deploy_run_async              (OkStore              *store,
                                            OkCertificate        *certificate,
                                            OkKey                *key,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  ok_deploy_run_finish             (OkStore              *store,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
