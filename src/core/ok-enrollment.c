/* ok-enrollment.c — issuing and renewing, end to end
 *
 * making key → contacting the CA → verifying → saving → deploying (the certificate's deploy
 * actions, ok-deploy.h, when it has any). Every failure is logged (ISSUE_ERROR
 * under the reference number until a certificate exists, RENEW_ERROR on the certificate) with
 * the CA's detailed error, and leaves the stored certificate and key exactly as they were.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-deploy.h"
#include "ok-enrollment.h"
#include "ok-import.h"
#include "ok-revocation-watch.h"
#include "ok-secrets.h"
#include "ok-tls-preload.h"
#include "ok-verification.h"

struct _OkEnrollment
{
  GObject           parent_instance;

  OkStore          *store;
  OkIssuer         *issuer;
  GPtrArray        *anchors;
  guint             key_bits;
  OkEnrollmentStep  step;
};

G_DEFINE_FINAL_TYPE (OkEnrollment, ok_enrollment, G_TYPE_OBJECT)

G_DEFINE_QUARK (ok-enrollment-error-quark, ok_enrollment_error)

enum {
  PROP_0,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GEnumValue step_values[] = {
  { OK_ENROLLMENT_STEP_IDLE, "OK_ENROLLMENT_STEP_IDLE", "idle" },
  { OK_ENROLLMENT_STEP_MAKING_KEY, "OK_ENROLLMENT_STEP_MAKING_KEY", "making-key" },
  { OK_ENROLLMENT_STEP_CONTACTING, "OK_ENROLLMENT_STEP_CONTACTING", "contacting" },
  { OK_ENROLLMENT_STEP_VERIFYING, "OK_ENROLLMENT_STEP_VERIFYING", "verifying" },
  { OK_ENROLLMENT_STEP_SAVING, "OK_ENROLLMENT_STEP_SAVING", "saving" },
  { OK_ENROLLMENT_STEP_DEPLOYING, "OK_ENROLLMENT_STEP_DEPLOYING", "deploying" },
  { OK_ENROLLMENT_STEP_DONE, "OK_ENROLLMENT_STEP_DONE", "done" },
  { 0, NULL, NULL }
};

GType
ok_enrollment_step_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("OkEnrollmentStep"), step_values));

  return type;
}

const char *
ok_enrollment_step_get_description (OkEnrollmentStep step)
{
  switch (step)
    {
    case OK_ENROLLMENT_STEP_MAKING_KEY:
      return _("Making a new key…");
    case OK_ENROLLMENT_STEP_CONTACTING:
      return _("Contacting MitID Erhverv…");
    case OK_ENROLLMENT_STEP_VERIFYING:
      return _("Verifying the certificate…");
    case OK_ENROLLMENT_STEP_SAVING:
      return _("Saving…");
    case OK_ENROLLMENT_STEP_DEPLOYING:
      return _("Running the deploy actions…");
    case OK_ENROLLMENT_STEP_DONE:
      return _("Done");
    case OK_ENROLLMENT_STEP_IDLE:
    default:
      return "";
    }
}

static void
set_step (OkEnrollment     *self,
          OkEnrollmentStep  step)
{
  if (self->step == step)
    return;

  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
ok_enrollment_dispose (GObject *object)
{
  OkEnrollment *self = OK_ENROLLMENT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->issuer);
  g_clear_pointer (&self->anchors, g_ptr_array_unref);

  G_OBJECT_CLASS (ok_enrollment_parent_class)->dispose (object);
}

static void
ok_enrollment_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OkEnrollment *self = OK_ENROLLMENT (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_enrollment_class_init (OkEnrollmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ok_enrollment_dispose;
  object_class->get_property = ok_enrollment_get_property;

  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL,
                       OK_TYPE_ENROLLMENT_STEP, OK_ENROLLMENT_STEP_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ok_enrollment_init (OkEnrollment *self)
{
  self->key_bits = OK_KEY_DEFAULT_BITS;
}

OkEnrollment *
ok_enrollment_new (OkStore  *store,
                   OkIssuer *issuer)
{
  OkEnrollment *self;

  g_return_val_if_fail (OK_IS_STORE (store), NULL);
  g_return_val_if_fail (OK_IS_ISSUER (issuer), NULL);

  self = g_object_new (OK_TYPE_ENROLLMENT, NULL);
  self->store = g_object_ref (store);
  self->issuer = g_object_ref (issuer);

  return self;
}

/**
 * ok_enrollment_set_trust_anchors:
 * @anchors: (element-type OkCertificate) (nullable): roots to trust for Test certificates
 *   besides the pinned OCES3 Test root, e.g. the reference CA's; Prod certificates must chain
 *   to the pinned Prod root
 */
void
ok_enrollment_set_trust_anchors (OkEnrollment *self,
                                 GPtrArray    *anchors)
{
  g_return_if_fail (OK_IS_ENROLLMENT (self));

  g_clear_pointer (&self->anchors, g_ptr_array_unref);
  if (anchors != NULL)
    self->anchors = g_ptr_array_ref (anchors);
}

void
ok_enrollment_set_key_bits (OkEnrollment *self,
                            guint         bits)
{
  g_return_if_fail (OK_IS_ENROLLMENT (self));

  self->key_bits = bits;
}

OkEnrollmentStep
ok_enrollment_get_step (OkEnrollment *self)
{
  g_return_val_if_fail (OK_IS_ENROLLMENT (self), OK_ENROLLMENT_STEP_IDLE);

  return self->step;
}

/* ---- shared by both flows ------------------------------------------------------------------ */

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

static void
attempt_free (Attempt *attempt)
{
  g_free (attempt->reference);
  g_clear_pointer (&attempt->one_time_code, ok_secrets_free);
  g_free (attempt->name);
  g_clear_object (&attempt->certificate);
  g_clear_object (&attempt->key);
  g_free (attempt->csr);
  g_clear_pointer (&attempt->answer, g_bytes_unref);
  g_clear_pointer (&attempt->answer_chain, g_ptr_array_unref);
  g_clear_error (&attempt->failure);
  g_clear_object (&attempt->result);
  g_free (attempt->journal_id);
  g_free (attempt);
}

static char *
detailed_error_for (const GError *error)
{
  if (error->domain == OK_ISSUER_ERROR)
    {
      char *detailed = ok_issuer_error_dup_detailed_error (error);

      if (detailed != NULL)
        return detailed;
    }

  return g_strdup (error->message);
}

static void
failure_logged (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) log_error = NULL;
  gboolean logged;

  if (g_task_get_source_tag (task) == ok_enrollment_renew_async)
    logged = ok_store_log_finish (OK_STORE (object), result, &log_error);
  else
    logged = ok_store_log_pending_finish (OK_STORE (object), result, &log_error);

  if (!logged)
    g_warning ("Could not log a failed attempt: %s", log_error->message);

  set_step (self, OK_ENROLLMENT_STEP_IDLE);
  g_task_return_error (task, g_steal_pointer (&attempt->failure));
}

/* Logs @error (taken) on the certificate or under the reference, then fails @task with it.
 * Cancellation is the user's choice, not a failure, and is not logged. */
static void
fail (GTask  *task,
      GError *error)
{
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(OkEvent) event = NULL;
  g_autofree char *detailed = NULL;
  gboolean renewal = g_task_get_source_tag (task) == ok_enrollment_renew_async;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_step (self, OK_ENROLLMENT_STEP_IDLE);
      g_task_return_error (task, error);
      return;
    }

  /* A successful renewal ends the lease in its own transaction; a failed one here. */
  if (attempt->holds_lease)
    {
      attempt->holds_lease = FALSE;
      ok_store_release_lease_async (self->store, attempt->certificate, NULL, NULL, NULL);
    }

  /* An answer that failed verification is not kept for a retry; the next attempt starts afresh.
   * Nor is an interrupted attempt whose code the CA no longer takes: its answer is lost. */
  if (attempt->journal_id != NULL &&
      (error->domain == OK_ENROLLMENT_ERROR ||
       (attempt->resumed && g_error_matches (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_INVALID_ONE_TIME_CODE))))
    ok_store_journal_discard_async (self->store, attempt->journal_id, NULL, NULL, NULL);

  if (attempt->resumed && g_error_matches (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_INVALID_ONE_TIME_CODE))
    {
      g_autofree char *detailed_first = detailed_error_for (error);
      g_autofree char *message = g_strdup_printf (_("The one-time code was not accepted. An earlier attempt with reference number %s was interrupted after its request was sent, so that attempt may have used the code. Order a new one-time code in the MitID Erhverv portal and issue again."),
                                                  attempt->reference);
      GError *explained = ok_issuer_error_new (OK_ISSUER_ERROR_INVALID_ONE_TIME_CODE,
                                               ok_issuer_error_get_http_status (error),
                                               ok_issuer_error_get_reason_code (error), 0, detailed_first, message);

      g_error_free (error);
      error = explained;
    }

  attempt->failure = error;
  detailed = detailed_error_for (error);
  event = ok_event_new (renewal ? OK_EVENT_TYPE_RENEW_ERROR : OK_EVENT_TYPE_ISSUE_ERROR,
                        error->message, detailed);

  /* The log write must happen even when the user has cancelled meanwhile. */
  if (renewal)
    ok_store_log_async (self->store, attempt->certificate, event, NULL, failure_logged, g_object_ref (task));
  else
    ok_store_log_pending_async (self->store, attempt->reference, event, NULL, failure_logged, g_object_ref (task));
}

static void
verify_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  OkEnrollment *self = source_object;
  Attempt *attempt = task_data;
  GError *error = NULL;

  if (ok_verification_check (attempt->answer, attempt->answer_chain, attempt->key, attempt->certificate,
                             attempt->environment, self->anchors, g_get_real_time () / G_USEC_PER_SEC,
                             &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The CA answered either with a certificate for our CSR, or with a PKCS#12 holding a key it
 * made itself; both end up as certificate + chain + key. */
static gboolean
take_answer (Attempt     *attempt,
             OkIssuance  *issuance,
             GError     **error)
{
  if (ok_issuance_is_pkcs12 (issuance))
    {
      g_autoptr(OkImported) imported = ok_import_parse (ok_issuance_get_pkcs12 (issuance),
                                                        ok_issuance_get_pkcs12_password (issuance), error);

      if (imported == NULL || ok_imported_get_key (imported) == NULL)
        {
          if (imported != NULL)
            g_set_error_literal (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_BAD_RESPONSE,
                                 _("The CA's PKCS#12 answer holds no private key."));
          return FALSE;
        }

      g_set_object (&attempt->key, ok_imported_get_key (imported));
      attempt->key_from_ca = TRUE;
      attempt->answer = g_bytes_ref (ok_imported_get_certificate (imported));
      attempt->answer_chain = g_ptr_array_ref (ok_imported_get_chain (imported));
      return TRUE;
    }

  attempt->answer = g_bytes_ref (ok_issuance_get_certificate (issuance));
  attempt->answer_chain = g_ptr_array_ref (ok_issuance_get_chain (issuance));
  return TRUE;
}

static void
start_verifying (GTask               *task,
                 GAsyncReadyCallback  verified)
{
  OkEnrollment *self = g_task_get_source_object (task);
  g_autoptr(GTask) check = g_task_new (self, g_task_get_cancellable (task), verified, g_object_ref (task));

  set_step (self, OK_ENROLLMENT_STEP_VERIFYING);
  g_task_set_task_data (check, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (check, verify_in_thread);
}

/* Everything before the CA is contacted that costs processor time runs here, off the main
 * loop: the TLS backend and system trust store libsoup will ask for (ok-tls-preload.c), the
 * new key and the CSR's signature. */
static void
prepare_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OkEnrollment *self = source_object;
  Attempt *attempt = task_data;
  GError *error = NULL;

  ok_tls_preload ();
  if (!(attempt->key = ok_key_generate (self->key_bits, cancellable, &error)) ||
      !(attempt->csr = ok_key_make_csr_pem (attempt->key, NULL, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
make_key_and_csr (GTask               *task,
                  GAsyncReadyCallback  key_ready)
{
  OkEnrollment *self = g_task_get_source_object (task);
  g_autoptr(GTask) prepare = g_task_new (self, g_task_get_cancellable (task), key_ready, g_object_ref (task));

  set_step (self, OK_ENROLLMENT_STEP_MAKING_KEY);
  g_task_set_task_data (prepare, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (prepare, prepare_in_thread);
}

static gboolean
finish_key (GTask        *task,
            GAsyncResult *result)
{
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fail (task, error);
      return FALSE;
    }

  return TRUE;
}

static char *
describe_certificate (GBytes *der)
{
  g_autoptr(OkCertificate) certificate = ok_certificate_new_from_der (der, NULL);
  g_autoptr(GDateTime) not_after = NULL;
  g_autofree char *until = NULL;

  if (certificate == NULL)
    return g_strdup ("");

  not_after = ok_certificate_dup_not_after (certificate);
  until = g_date_time_format (not_after, "%Y-%m-%d");
  /* Translators: the first %s is a serial number, the second a date */
  return g_strdup_printf (_("serial %s, valid until %s"), ok_certificate_get_serial (certificate), until);
}

static void
deployed (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A failed deploy action is logged on the certificate (DEPLOY_ERROR) and never undoes the
   * issuance or renewal it followed. */
  if (!ok_deploy_run_finish (OK_STORE (object), result, &error))
    g_debug ("Deploying %s: %s", ok_certificate_get_id (attempt->result), error->message);

  set_step (self, OK_ENROLLMENT_STEP_DONE);
  g_task_return_pointer (task, g_steal_pointer (&attempt->result), g_object_unref);
}

static void deploy_and_return (GTask *task, OkCertificate *certificate);

static void
revocation_checked (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(OkRevocationResult) found = ok_revocation_watch_finish (result, NULL);

  /* Whatever it found is in the store; it never undoes the issuance or renewal. */
  deploy_and_return (task, g_object_steal_data (G_OBJECT (task), "ok-enrollment-checking"));
}

/* The one place after every successful issuance and renewal, whoever asked for it. */
static void
deploy_and_return (GTask         *task,
                   OkCertificate *certificate)
{
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  /* First the revocation watch takes a look at the new certificate (ok-revocation-watch.c). */
  if (g_object_get_data (G_OBJECT (task), "ok-enrollment-checked") == NULL)
    {
      g_object_set_data (G_OBJECT (task), "ok-enrollment-checked", GINT_TO_POINTER (TRUE));
      g_object_set_data_full (G_OBJECT (task), "ok-enrollment-checking", certificate, g_object_unref);
      ok_revocation_watch_async (self->store, certificate, OK_REVOCATION_WATCH_NOW, g_get_real_time () / G_USEC_PER_SEC,
                                 NULL, revocation_checked, g_object_ref (task));
      return;
    }

  if (ok_certificate_get_deploy_actions (certificate)->len == 0)
    {
      set_step (self, OK_ENROLLMENT_STEP_DONE);
      g_task_return_pointer (task, certificate, g_object_unref);
      return;
    }

  attempt->result = certificate;
  set_step (self, OK_ENROLLMENT_STEP_DEPLOYING);
  ok_deploy_run_async (self->store, certificate, attempt->key, NULL, deployed, g_object_ref (task));
}

/* ---- the journal: the new key before the request leaves, the answer when it arrives ---------- */

static void issue_answered (GObject *object, GAsyncResult *result, gpointer user_data);
static void issue_verified (GObject *object, GAsyncResult *result, gpointer user_data);
static void renew_answered (GObject *object, GAsyncResult *result, gpointer user_data);
static void renew_verified (GObject *object, GAsyncResult *result, gpointer user_data);
static void finish_issued (GTask *task, OkCertificate *certificate);

static gboolean
is_renewal (GTask *task)
{
  return g_task_get_source_tag (task) == ok_enrollment_renew_async;
}

static void
contact_ca (GTask *task)
{
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  set_step (self, OK_ENROLLMENT_STEP_CONTACTING);
  if (is_renewal (task))
    {
      g_autoptr(GTlsCertificate) client = g_object_steal_data (G_OBJECT (task), "ok-enrollment-client");

      ok_issuer_renew_async (self->issuer, client, attempt->csr, g_task_get_cancellable (task),
                             renew_answered, g_object_ref (task));
    }
  else
    ok_issuer_issue_async (self->issuer, attempt->reference, attempt->one_time_code, attempt->csr,
                           g_task_get_cancellable (task), issue_answered, g_object_ref (task));
}

static void
journal_begun (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ok_store_journal_begin_finish (OK_STORE (object), result, &error))
    {
      fail (task, error);
      return;
    }

  attempt->journaled = TRUE;
  contact_ca (task);
}

static void
new_key_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  if (!finish_key (task, result))
    return;

  /* In the store before the request leaves: a crash from here on loses neither the key nor,
   * once it arrives, the certificate. */
  ok_store_journal_begin_async (self->store, attempt->journal_id, attempt->key, attempt->csr, NULL,
                                journal_begun, g_object_ref (task));
}

static void
journal_found (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(OkStoreJournal) journal = NULL;
  GError *error = NULL;

  journal = ok_store_journal_find_finish (OK_STORE (object), result, &error);
  if (error != NULL)
    {
      fail (task, error);
      return;
    }

  if (journal == NULL)
    {
      make_key_and_csr (task, new_key_ready);
      return;
    }

  /* Saved before a crash that came before the tidying up: finish that, ask the CA nothing. */
  if (journal->entry_id != NULL)
    {
      OkEnrollment *self = g_task_get_source_object (task);
      OkCertificate *issued = ok_store_lookup (self->store, journal->entry_id, NULL);

      if (issued != NULL && !is_renewal (task))
        {
          finish_issued (task, issued);
          return;
        }

      ok_store_journal_discard_async (self->store, attempt->journal_id, NULL, NULL, NULL);
      make_key_and_csr (task, new_key_ready);
      return;
    }

  /* An attempt that was interrupted: its key and request again, and its answer if the CA gave
   * one, so that the one-time code is not spent twice. */
  g_set_object (&attempt->key, journal->key);
  attempt->csr = g_strdup (journal->csr);
  attempt->journaled = TRUE;
  if (journal->answer != NULL)
    {
      attempt->answer = g_bytes_ref (journal->answer);
      attempt->answer_chain = g_ptr_array_ref (journal->answer_chain);
      start_verifying (task, is_renewal (task) ? renew_verified : issue_verified);
      return;
    }

  attempt->resumed = TRUE;
  contact_ca (task);
}

static void
take_up_or_start (GTask *task)
{
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  if (is_renewal (task))
    attempt->journal_id = g_strconcat ("renew:", ok_certificate_get_id (attempt->certificate), NULL);
  else
    attempt->journal_id = g_strdup_printf ("issue:%s:%s", ok_environment_to_string (attempt->environment),
                                           attempt->reference);

  ok_store_journal_find_async (self->store, attempt->journal_id, g_task_get_cancellable (task), journal_found,
                               g_object_ref (task));
}

/* Not keeping the answer only loses the crash safety of this one attempt, never the
 * certificate. */
static void
answer_kept (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!ok_store_journal_answer_finish (OK_STORE (object), result, &error))
    g_message ("Could not keep the CA's answer in the journal: %s", error->message);

  start_verifying (task, is_renewal (task) ? renew_verified : issue_verified);
}

static void
answer_with_key_kept (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* The record still holds the key made for the request, which must not be saved with the
   * CA's certificate: the certificate is saved with the CA's key directly instead. */
  if (!ok_store_journal_answer_with_key_finish (OK_STORE (object), result, &error))
    {
      OkEnrollment *self = g_task_get_source_object (task);
      Attempt *attempt = g_task_get_task_data (task);

      g_message ("Could not keep the CA's answer in the journal: %s", error->message);
      ok_store_journal_discard_async (self->store, attempt->journal_id, NULL, NULL, NULL);
      attempt->journaled = FALSE;
    }

  start_verifying (task, is_renewal (task) ? renew_verified : issue_verified);
}

/* The answer goes into the journal the moment it arrives; a PKCS#12 answer brings a key of its
 * own, which replaces the journal's in the same write. */
static void
keep_answer (GTask *task)
{
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  if (!attempt->journaled)
    start_verifying (task, is_renewal (task) ? renew_verified : issue_verified);
  else if (attempt->key_from_ca)
    ok_store_journal_answer_with_key_async (self->store, attempt->journal_id, attempt->key, attempt->csr,
                                            attempt->answer, attempt->answer_chain, NULL,
                                            answer_with_key_kept, g_object_ref (task));
  else
    ok_store_journal_answer_async (self->store, attempt->journal_id, attempt->answer, attempt->answer_chain, NULL,
                                   answer_kept, g_object_ref (task));
}

/* ---- issue -------------------------------------------------------------------------------- */

/* Issued: the one-time code is spent, and the pending log now lives on the certificate. Both
 * are tidied before the issuance reports success, so a caller that exits right after (the
 * CLI) leaves nothing behind. */
static void
journal_ended (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!ok_store_journal_discard_finish (OK_STORE (object), result, &error))
    g_message ("Could not end the issuance's journal record: %s", error->message);

  deploy_and_return (task, g_object_steal_data (G_OBJECT (task), "ok-enrollment-issued"));
}

static void
pending_cleared (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ok_store_clear_pending_finish (OK_STORE (object), result, &error))
    g_warning ("Could not clear the pending issuance log: %s", error->message);

  if (attempt->journal_id == NULL)
    {
      deploy_and_return (task, g_object_steal_data (G_OBJECT (task), "ok-enrollment-issued"));
      return;
    }

  ok_store_journal_discard_async (OK_STORE (object), attempt->journal_id, NULL, journal_ended, g_object_ref (task));
}

static void
code_cleared (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ok_secrets_clear_finish (result, &error))
    g_warning ("Could not remove a used one-time code from the keyring: %s", error->message);

  ok_store_clear_pending_async (self->store, attempt->reference, NULL, pending_cleared, g_object_ref (task));
}

static char *
pending_secret_id (const char *reference)
{
  return g_strconcat ("reference:", reference, NULL);
}

/* Issued and saved: the one-time code, the pending events and the journal's marker go. */
static void
finish_issued (GTask         *task,
               OkCertificate *certificate)
{
  Attempt *attempt = g_task_get_task_data (task);
  g_autofree char *secret_id = pending_secret_id (attempt->reference);

  g_object_set_data_full (G_OBJECT (task), "ok-enrollment-issued", g_object_ref (certificate), g_object_unref);
  ok_secrets_clear_async (OK_SECRET_KIND_PIN, secret_id, NULL, code_cleared, g_object_ref (task));
}

static void
issue_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkCertificate *certificate;
  GError *error = NULL;

  certificate = ok_store_add_finish (OK_STORE (object), result, &error);
  if (certificate == NULL)
    {
      fail (task, error);
      return;
    }

  finish_issued (task, certificate);
  g_object_unref (certificate);
}

static void
issue_pending_read (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *described = describe_certificate (attempt->answer);
  g_autofree char *message = NULL;
  GError *error = NULL;

  events = ok_store_take_pending_finish (OK_STORE (object), result, &error);
  if (events == NULL)
    {
      fail (task, error);
      return;
    }

  /* Translators: %s describes the certificate: its serial number and expiry */
  message = g_strdup_printf (_("Issued from reference number %s: %s."), attempt->reference, described);
  g_ptr_array_add (events, ok_event_new (OK_EVENT_TYPE_ISSUED, message, NULL));

  /* Saving is not cancellable: a certificate the CA has issued must not be thrown away. */
  if (attempt->journaled)
    ok_store_add_from_journal_async (self->store, attempt->journal_id, attempt->answer, attempt->answer_chain,
                                     attempt->name, attempt->environment, events, NULL, issue_saved, g_object_ref (task));
  else
    ok_store_add_async (self->store, attempt->answer, attempt->answer_chain, attempt->key, attempt->name,
                        attempt->environment, events, NULL, issue_saved, g_object_ref (task));
}

static void
issue_verified (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fail (task, error);
      return;
    }

  set_step (self, OK_ENROLLMENT_STEP_SAVING);
  ok_store_take_pending_async (self->store, attempt->reference, NULL, issue_pending_read, g_object_ref (task));
}

static void
issue_answered (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(OkIssuance) issuance = NULL;
  GError *error = NULL;

  issuance = ok_issuer_issue_finish (OK_ISSUER (object), result, &error);
  if (issuance == NULL || !take_answer (attempt, issuance, &error))
    {
      fail (task, error);
      return;
    }

  keep_answer (task);
}

static void
code_stored (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ok_secrets_store_finish (result, &error))
    {
      fail (task, error);
      return;
    }

  take_up_or_start (task);
}

static void
code_found (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  GError *error = NULL;

  attempt->one_time_code = ok_secrets_lookup_finish (result, &error);
  if (error != NULL)
    {
      fail (task, error);
      return;
    }

  if (attempt->one_time_code == NULL)
    {
      fail (task, g_error_new (OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_NO_ONE_TIME_CODE,
                               _("No one-time code is kept for reference number %s. Enter the one-time code from the MitID Erhverv portal."),
                               attempt->reference));
      return;
    }

  take_up_or_start (task);
}

/**
 * ok_enrollment_issue_async:
 * @reference: the reference number (already extracted from an issuance link)
 * @one_time_code: (nullable): the one-time code; %NULL retries with the one kept in the
 *   keyring for @reference
 * @name: (nullable): the name to show for the new certificate
 *
 * The one-time code is kept in the keyring until the issuance succeeds, so a failed attempt
 * (an unvalidated e-mail, say) can be retried without typing it again.
 */
void
ok_enrollment_issue_async (OkEnrollment        *self,
                           OkEnvironment        environment,
                           const char          *reference,
                           const char          *one_time_code,
                           const char          *name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *label = NULL;
  Attempt *attempt;

  g_return_if_fail (OK_IS_ENROLLMENT (self));
  g_return_if_fail (reference != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_enrollment_issue_async);

  attempt = g_new0 (Attempt, 1);
  attempt->environment = environment;
  attempt->reference = g_strdup (reference);
  attempt->one_time_code = g_strdup (one_time_code);
  attempt->name = g_strdup (name);
  g_task_set_task_data (task, attempt, (GDestroyNotify) attempt_free);

  secret_id = pending_secret_id (reference);
  if (one_time_code == NULL)
    {
      ok_secrets_lookup_async (OK_SECRET_KIND_PIN, secret_id, cancellable, code_found, g_object_ref (task));
      return;
    }

  label = g_strdup_printf (_("OCES Keeper one-time code for reference number %s"), reference);
  ok_secrets_store_async (OK_SECRET_KIND_PIN, secret_id, ok_environment_to_string (environment), label,
                          one_time_code, cancellable, code_stored, g_object_ref (task));
}

/**
 * ok_enrollment_issue_finish:
 *
 * Returns: (transfer full): the new certificate, already in the store
 */
OkCertificate *
ok_enrollment_issue_finish (OkEnrollment  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- renew -------------------------------------------------------------------------------- */

static void
renew_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkCertificate *renewed;
  GError *error = NULL;

  renewed = ok_store_replace_finish (OK_STORE (object), result, &error);
  if (renewed == NULL)
    {
      fail (task, error);
      return;
    }

  deploy_and_return (task, renewed);
}

static void
renew_verified (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(OkEvent) event = NULL;
  g_autofree char *described = describe_certificate (attempt->answer);
  g_autofree char *message = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fail (task, error);
      return;
    }

  set_step (self, OK_ENROLLMENT_STEP_SAVING);
  /* Translators: the first %s describes the new certificate, the second is the old serial */
  message = g_strdup_printf (_("Renewed: %s (replaces serial %s)."), described,
                             ok_certificate_get_serial (attempt->certificate));
  event = ok_event_new (OK_EVENT_TYPE_RENEWED, message, NULL);
  if (attempt->journaled)
    ok_store_replace_from_journal_async (self->store, attempt->certificate, attempt->journal_id, attempt->answer,
                                         attempt->answer_chain, event, NULL, renew_saved, g_object_ref (task));
  else
    ok_store_replace_async (self->store, attempt->certificate, attempt->answer, attempt->answer_chain,
                            attempt->key, event, NULL, renew_saved, g_object_ref (task));
}

static void
renew_answered (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(OkIssuance) issuance = NULL;
  GError *error = NULL;

  issuance = ok_issuer_renew_finish (OK_ISSUER (object), result, &error);
  if (issuance == NULL || !take_answer (attempt, issuance, &error))
    {
      fail (task, error);
      return;
    }

  keep_answer (task);
}

static void
current_key_loaded (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(OkKey) current = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  GTlsCertificate *client;
  GError *error = NULL;

  current = ok_store_load_key_finish (OK_STORE (object), result, &error);
  if (current == NULL)
    {
      fail (task, error);
      return;
    }

  /* The renewal is authenticated with the current certificate and key, held in memory only. */
  chain = ok_certificate_dup_chain_der (attempt->certificate);
  client = ok_key_make_tls_certificate (current, ok_certificate_get_der (attempt->certificate), chain, &error);
  if (client == NULL)
    {
      fail (task, error);
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "ok-enrollment-client", client, g_object_unref);
  take_up_or_start (task);
}

static void
lease_released (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ok_store_release_lease_finish (OK_STORE (object), result, &error))
    g_message ("Could not end the renewal's lease: %s", error->message);

  set_step (self, OK_ENROLLMENT_STEP_IDLE);
  g_task_return_error (task, g_steal_pointer (&attempt->failure));
}

/* Neither is a failed renewal: nothing is logged, the backoff is not touched. The caller hears
 * of it once the lease is given back: a command-line run exits right after. */
static void
give_up (GTask  *task,
         GError *error)
{
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  if (attempt->holds_lease)
    {
      attempt->holds_lease = FALSE;
      attempt->failure = error;
      ok_store_release_lease_async (self->store, attempt->certificate, NULL, lease_released, g_object_ref (task));
      return;
    }

  set_step (self, OK_ENROLLMENT_STEP_IDLE);
  g_task_return_error (task, error);
}

static void
entry_reread (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  OkCertificate *now;
  GError *error = NULL;

  if (!ok_store_load_finish (OK_STORE (object), result, &error))
    {
      give_up (task, error);
      return;
    }

  /* Another process renewed it between this view and the lease: its result stands, and the
   * CA is not asked a second time. */
  now = ok_store_lookup (self->store, ok_certificate_get_id (attempt->certificate), NULL);
  if (now == NULL || !ok_certificate_equal_der (now, attempt->certificate))
    {
      give_up (task, g_error_new (OK_STORE_ERROR, now == NULL ? OK_STORE_ERROR_NOT_FOUND : OK_STORE_ERROR_CHANGED,
                                  now == NULL ? _("“%s” is no longer in OCES Keeper.")
                                              : _("“%s” was renewed by another program meanwhile; its new certificate was kept."),
                                  ok_certificate_get_name (attempt->certificate)));
      return;
    }

  ok_store_load_key_async (self->store, attempt->certificate, g_task_get_cancellable (task),
                           current_key_loaded, g_object_ref (task));
}

static void
lease_acquired (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ok_store_acquire_lease_finish (OK_STORE (object), result, &error))
    {
      give_up (task, error);
      return;
    }

  attempt->holds_lease = TRUE;
  ok_store_load_async (OK_STORE (object), g_task_get_cancellable (task), entry_reread, g_object_ref (task));
}

/**
 * ok_enrollment_renew_async:
 *
 * Renews @certificate with a new key, authenticated with the current certificate and key.
 * After expiry nothing is sent: the CA refuses such renewals, and the answer is
 * %OK_ENROLLMENT_ERROR_EXPIRED with guidance to start again from the portal.
 */
void
ok_enrollment_renew_async (OkEnrollment        *self,
                           OkCertificate       *certificate,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Attempt *attempt;

  g_return_if_fail (OK_IS_ENROLLMENT (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_enrollment_renew_async);

  attempt = g_new0 (Attempt, 1);
  attempt->certificate = g_object_ref (certificate);
  attempt->environment = ok_certificate_get_environment (certificate);
  g_task_set_task_data (task, attempt, (GDestroyNotify) attempt_free);

  if (!ok_certificate_is_valid_at (certificate, g_get_real_time () / G_USEC_PER_SEC) &&
      ok_certificate_get_not_after (certificate) <= g_get_real_time () / G_USEC_PER_SEC)
    {
      fail (task, g_error_new_literal (OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_EXPIRED,
                                       _("This certificate has expired, and an expired certificate cannot be renewed. Order a new certificate in the MitID Erhverv portal and issue it here.")));
      return;
    }

  ok_store_acquire_lease_async (self->store, certificate, "renew", cancellable, lease_acquired, g_object_ref (task));
}

/**
 * ok_enrollment_renew_finish:
 *
 * Returns: (transfer full): the entry's renewed certificate
 */
OkCertificate *
ok_enrollment_renew_finish (OkEnrollment  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
