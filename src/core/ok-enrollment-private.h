/* ok-enrollment-private.h — what the issuance and renewal flows share (ok-enrollment.c,
 * ok-enrollment-issue.c, ok-enrollment-renew.c)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-enrollment.h"
#include "ok-issuance.h"

G_BEGIN_DECLS

struct _OkEnrollment
{
  GObject           parent_instance;

  OkStore          *store;
  OkIssuer         *issuer;
  GPtrArray        *anchors;
  guint             key_bits;
  OkEnrollmentStep  step;
};

typedef struct
{
  OkEnvironment   environment;
  char           *reference;
  char           *one_time_code;
  char           *name;
  OkCertificate  *certificate;     /* renewal: the certificate being replaced */
  OkKey          *key;             /* the key the answer must be for */
  char           *csr;
  GBytes         *answer;          /* the issued certificate, DER */
  GPtrArray      *answer_chain;    /* GBytes */
  GError         *failure;         /* kept while the failure is logged */
  OkCertificate  *result;          /* kept while the deploy actions run */
  gboolean        holds_lease;     /* renewal: this process has the entry's lease */
  char           *journal_id;      /* where the new key and the answer are kept (ok_store_journal_*) */
  gboolean        journaled;       /* the key is the journal's: save from it */
  gboolean        resumed;         /* an interrupted attempt's request is being sent again */
  gboolean        key_from_ca;     /* the CA answered with a PKCS#12 holding a key of its own */
} Attempt;

void      _ok_enrollment_set_step             (OkEnrollment     *self,
                                               OkEnrollmentStep  step);
void      _ok_enrollment_attempt_free         (Attempt          *attempt);
void      _ok_enrollment_fail                 (GTask            *task,
                                               GError           *error);
char     *_ok_enrollment_describe_certificate (GBytes           *der);
void      _ok_enrollment_deploy_and_return    (GTask            *task,
                                               OkCertificate    *certificate);
void      _ok_enrollment_take_up_or_start     (GTask            *task);

/* ok-enrollment-issue.c */
void      _ok_enrollment_finish_issued        (GTask            *task,
                                               OkCertificate    *certificate);
void      _ok_enrollment_issue_verified       (GObject          *object,
                                               GAsyncResult     *result,
                                               gpointer          user_data);

/* ok-enrollment-renew.c */
void      _ok_enrollment_renew_verified       (GObject          *object,
                                               GAsyncResult     *result,
                                               gpointer          user_data);

G_END_DECLS
