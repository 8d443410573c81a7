/* ok-oces.h — the OCES3/OCES2 naming rules: CVR, UUID, environment and certificate kind
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Policy OIDs of the Danish state CA (OCES3) that decide a certificate's kind. */
#define OK_OCES_POLICY_ORGANISATION "1.2.208.169.1.1.1.3.7"
#define OK_OCES_POLICY_EMPLOYEE     "1.2.208.169.1.1.1.2.7"
#define OK_OCES_POLICY_ARC          "1.2.208.169.1.1.1"

typedef enum
{
  OK_ENVIRONMENT_UNKNOWN,
  OK_ENVIRONMENT_TEST,
  OK_ENVIRONMENT_PROD,
} OkEnvironment;

typedef enum
{
  OK_CERTIFICATE_KIND_OTHER,
  OK_CERTIFICATE_KIND_ORGANISATION,
  OK_CERTIFICATE_KIND_SYSTEM,
  OK_CERTIFICATE_KIND_EMPLOYEE,
  OK_CERTIFICATE_KIND_OCES2,
} OkCertificateKind;

#define OK_TYPE_ENVIRONMENT (ok_environment_get_type ())
#define OK_TYPE_CERTIFICATE_KIND (ok_certificate_kind_get_type ())

GType              ok_environment_get_type              (void) G_GNUC_CONST;
const char        *ok_environment_to_string             (OkEnvironment      environment);
gboolean           ok_environment_from_string           (const char        *string,
                                                         OkEnvironment     *environment);
const char        *ok_environment_get_display_name      (OkEnvironment      environment);

GType              ok_certificate_kind_get_type         (void) G_GNUC_CONST;
const char        *ok_certificate_kind_to_string        (OkCertificateKind  kind);
gboolean           ok_certificate_kind_from_string      (const char        *string,
                                                         OkCertificateKind *kind);
const char        *ok_certificate_kind_get_display_name (OkCertificateKind  kind);

char              *ok_oces_parse_cvr                    (const char        *organization_identifier,
                                                         const char        *organisation,
                                                         const char        *serial_number);
char              *ok_oces_parse_uuid                   (const char        *serial_number);
OkEnvironment      ok_oces_detect_environment           (const char        *issuer_organisation,
                                                         const char *const *issuer_units,
                                                         const char        *issuer_common_name);
OkCertificateKind  ok_oces_detect_kind                  (const char *const *policies,
                                                         gboolean           non_repudiation,
                                                         const char        *organisation,
                                                         const char        *serial_number,
                                                         const char        *issuer_organisation);

G_END_DECLS
