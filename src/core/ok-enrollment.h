/* ok-enrollment.h — issuing and renewing, end to end: key, CA, verification, store, event log
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-issuer.h"
#include "ok-store.h"

G_BEGIN_DECLS

#define OK_ENROLLMENT_ERROR (ok_enrollment_error_quark ())

typedef enum
{
  OK_ENROLLMENT_ERROR_NO_ONE_TIME_CODE,   /* a retry, but no one-time code is kept for it */
  OK_ENROLLMENT_ERROR_WRONG_KEY,          /* the certificate is not for the key we made */
  OK_ENROLLMENT_ERROR_NOT_VALID,          /* the certificate is not valid now */
  OK_ENROLLMENT_ERROR_UNTRUSTED_CHAIN,    /* its chain does not reach a trusted root */
  OK_ENROLLMENT_ERROR_IDENTITY_CHANGED,   /* a renewal came back for another CVR or UUID */
  OK_ENROLLMENT_ERROR_EXPIRED,            /* renewal after expiry is impossible */
  OK_ENROLLMENT_ERROR_NOT_END_ENTITY,     /* the answer is a CA certificate (CA:TRUE) */
  OK_ENROLLMENT_ERROR_WRONG_KEY_USAGE,    /* its (extended) key usage does not fit */
  OK_ENROLLMENT_ERROR_NOT_OCES3,          /* it has no OCES3 certificate policy */
  OK_ENROLLMENT_ERROR_WRONG_ENVIRONMENT,  /* it is of another environment than asked for */
} OkEnrollmentError;

typedef enum
{
  OK_ENROLLMENT_STEP_IDLE,
  OK_ENROLLMENT_STEP_MAKING_KEY,
  OK_ENROLLMENT_STEP_CONTACTING,
  OK_ENROLLMENT_STEP_VERIFYING,
  OK_ENROLLMENT_STEP_SAVING,
  OK_ENROLLMENT_STEP_DEPLOYING,     /* only when the certificate has deploy actions */
  OK_ENROLLMENT_STEP_DONE,
} OkEnrollmentStep;

#define OK_TYPE_ENROLLMENT_STEP (ok_enrollment_step_get_type ())
#define OK_TYPE_ENROLLMENT (ok_enrollment_get_type ())

G_DECLARE_FINAL_TYPE (OkEnrollment, ok_enrollment, OK, ENROLLMENT, GObject)

GQuark            ok_enrollment_error_quark            (void);
GType             ok_enrollment_step_get_type          (void) G_GNUC_CONST;
const char       *ok_enrollment_step_get_description   (OkEnrollmentStep   step);

OkEnrollment     *ok_enrollment_new                    (OkStore           *store,
                                                        OkIssuer          *issuer);
void              ok_enrollment_set_trust_anchors      (OkEnrollment      *self,
                                                        GPtrArray         *anchors);
void              ok_enrollment_set_key_bits           (OkEnrollment      *self,
                                                        guint              bits);
OkEnrollmentStep  ok_enrollment_get_step               (OkEnrollment      *self);

void              ok_enrollment_issue_async            (OkEnrollment      *self,
                                                        OkEnvironment      environment,
                                                        const char        *reference,
                                                        const char        *one_time_code,
                                                        const char        *name,
                                                        GCancellable      *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer           user_data);
OkCertificate    *ok_enrollment_issue_finish           (OkEnrollment      *self,
                                                        GAsyncResult      *result,
                                                        GError           **error);

void              ok_enrollment_renew_async            (OkEnrollment      *self,
                                                        OkCertificate     *certificate,
                                                        GCancellable      *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer           user_data);
OkCertificate    *ok_enrollment_renew_finish           (OkEnrollment      *self,
                                                        GAsyncResult      *result,
                                                        GError           **error);

G_END_DECLS
