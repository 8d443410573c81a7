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
#include "ok-enrollment-private.h"
#include "ok-import.h"
#include "ok-revocation-watch.h"
#include "ok-secrets.h"
#include "ok-tls-preload.h"
#include "ok-verification.h"


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

void
_ok_enrollment_set_step (OkEnrollment     *self,
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


void
_ok_enrollment_attempt_free (Attempt *attempt)
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

  _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_IDLE);
  g_task_return_error (task, g_steal_pointer (&attempt->failure));
}

/* Logs @error (taken) on the certificate or under the reference, then fails @task with it.
 * Cancellation is the user's choice, not a failure, and is not logged. */
void
_ok_enrollment_fail (GTask  *task,
      GError *error)
{
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(OkEvent) event = NULL;
  g_autofree char *detailed = NULL;
  gboolean renewal = g_task_get_source_tag (task) == ok_enrollment_renew_async;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_IDLE);
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

  _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_VERIFYING);
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

  _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_MAKING_KEY);
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
      _ok_enrollment_fail (task, error);
      return FALSE;
    }

  return TRUE;
}

char *
_ok_enrollment_describe_certificate (GBytes *der)
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

  _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_DONE);
  g_task_return_pointer (task, g_steal_pointer (&attempt->result), g_object_unref);
}

static void
revocation_checked (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(OkRevocationResult) found = ok_revocation_watch_finish (result, NULL);

  /* Whatever it found is in the store; it never undoes the issuance or renewal. */
  _ok_enrollment_deploy_and_return (task, g_object_steal_data (G_OBJECT (task), "ok-enrollment-checking"));
}

/* The one place after every successful issuance and renewal, whoever asked for it. */
void
_ok_enrollment_deploy_and_return (GTask         *task,
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
      _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_DONE);
      g_task_return_pointer (task, certificate, g_object_unref);
      return;
    }

  attempt->result = certificate;
  _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_DEPLOYING);
  ok_deploy_run_async (self->store, certificate, attempt->key, NULL, deployed, g_object_ref (task));
}

/* ---- the journal: the new key before the request leaves, the answer when it arrives ---------- */


static gboolean
is_renewal (GTask *task)
{
  return g_task_get_source_tag (task) == ok_enrollment_renew_async;
}

static void keep_answer (GTask *task);

/* The CA's answer to an issuance or a renewal alike: kept in the journal before anything else. */
static void
answered (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(OkIssuance) issuance = NULL;
  GError *error = NULL;

  if (is_renewal (task))
    issuance = ok_issuer_renew_finish (OK_ISSUER (object), result, &error);
  else
    issuance = ok_issuer_issue_finish (OK_ISSUER (object), result, &error);
  if (issuance == NULL || !take_answer (attempt, issuance, &error))
    {
      _ok_enrollment_fail (task, error);
      return;
    }

  keep_answer (task);
}

static void
contact_ca (GTask *task)
{
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_CONTACTING);
  if (is_renewal (task))
    {
      g_autoptr(GTlsCertificate) client = g_object_steal_data (G_OBJECT (task), "ok-enrollment-client");

      ok_issuer_renew_async (self->issuer, client, attempt->csr, g_task_get_cancellable (task),
                             answered, g_object_ref (task));
    }
  else
    ok_issuer_issue_async (self->issuer, attempt->reference, attempt->one_time_code, attempt->csr,
                           g_task_get_cancellable (task), answered, g_object_ref (task));
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
      _ok_enrollment_fail (task, error);
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
      _ok_enrollment_fail (task, error);
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
          _ok_enrollment_finish_issued (task, issued);
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
      start_verifying (task, is_renewal (task) ? _ok_enrollment_renew_verified : _ok_enrollment_issue_verified);
      return;
    }

  attempt->resumed = TRUE;
  contact_ca (task);
}

void
_ok_enrollment_take_up_or_start (GTask *task)
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

/* An answer the journal could not keep is saved with the key in memory instead of the
 * record's: the record may be gone, or (a PKCS#12 answer) still hold the key made for the
 * request. Only the crash safety of this one attempt is lost, never the certificate. */
static void
answer_not_kept (GTask        *task,
                 const GError *error)
{
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  g_message ("Could not keep the CA's answer in the journal: %s", error->message);
  ok_store_journal_discard_async (self->store, attempt->journal_id, NULL, NULL, NULL);
  attempt->journaled = FALSE;
}

static void
answer_kept (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!ok_store_journal_answer_finish (OK_STORE (object), result, &error))
    answer_not_kept (task, error);

  start_verifying (task, is_renewal (task) ? _ok_enrollment_renew_verified : _ok_enrollment_issue_verified);
}

static void
answer_with_key_kept (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!ok_store_journal_answer_with_key_finish (OK_STORE (object), result, &error))
    answer_not_kept (task, error);

  start_verifying (task, is_renewal (task) ? _ok_enrollment_renew_verified : _ok_enrollment_issue_verified);
}

/* The answer goes into the journal the moment it arrives; a PKCS#12 answer brings a key of its
 * own, which replaces the journal's in the same write. */
static void
keep_answer (GTask *task)
{
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  if (!attempt->journaled)
    start_verifying (task, is_renewal (task) ? _ok_enrollment_renew_verified : _ok_enrollment_issue_verified);
  else if (attempt->key_from_ca)
    ok_store_journal_answer_with_key_async (self->store, attempt->journal_id, attempt->key, attempt->csr,
                                            attempt->answer, attempt->answer_chain, NULL,
                                            answer_with_key_kept, g_object_ref (task));
  else
    ok_store_journal_answer_async (self->store, attempt->journal_id, attempt->answer, attempt->answer_chain, NULL,
                                   answer_kept, g_object_ref (task));
}

