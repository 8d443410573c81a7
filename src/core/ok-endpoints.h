/* ok-endpoints.h — where each environment's CA is, and whom to trust there
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-issuer.h"
#include "ok-oces.h"

G_BEGIN_DECLS

#define OK_ENDPOINTS_ERROR (ok_endpoints_error_quark ())

typedef enum
{
  OK_ENDPOINTS_ERROR_NOT_CONFIGURED,
  OK_ENDPOINTS_ERROR_BAD_CA_FILE,
} OkEndpointsError;

/* Where the issuance address in effect comes from. None is built in: the API is not public. */
typedef enum
{
  OK_ENDPOINT_SOURCE_NONE,
  OK_ENDPOINT_SOURCE_ENVIRONMENT,  /* OK_TEST_ENDPOINT / OK_PROD_ENDPOINT, which win */
  OK_ENDPOINT_SOURCE_SETTING,
} OkEndpointSource;

GQuark     ok_endpoints_error_quark      (void);

GSettings *ok_endpoints_dup_settings     (void);
guint      ok_endpoints_get_default_renewal_window (void);
gboolean   ok_endpoints_lookup           (OkEnvironment   environment,
                                          char          **base_url,
                                          char          **ca_file,
                                          GError        **error);
char      *ok_endpoints_dup_address      (OkEnvironment     environment,
                                          OkEndpointSource *source,
                                          char            **variable);
OkIssuer  *ok_endpoints_make_issuer      (OkEnvironment   environment,
                                          GPtrArray     **anchors,
                                          GError        **error);

G_END_DECLS
