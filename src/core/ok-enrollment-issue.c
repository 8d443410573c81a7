/* ok-enrollment-issue.c — issuing: a certificate from the reference number and one-time code
 * that the MitID Erhverv portal gives for a certificate profile (the flow: ok-enrollment.c)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-enrollment-private.h"
#include "ok-secrets.h"

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

  _ok_enrollment_deploy_and_return (task, g_object_steal_data (G_OBJECT (task), "ok-enrollment-issued"));
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
      _ok_enrollment_deploy_and_return (task, g_object_steal_data (G_OBJECT (task), "ok-enrollment-issued"));
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
void
_ok_enrollment_finish_issued (GTask         *task,
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
      _ok_enrollment_fail (task, error);
      return;
    }

  _ok_enrollment_finish_issued (task, certificate);
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
  g_autofree char *described = _ok_enrollment_describe_certificate (attempt->answer);
  g_autofree char *message = NULL;
  GError *error = NULL;

  events = ok_store_take_pending_finish (OK_STORE (object), result, &error);
  if (events == NULL)
    {
      _ok_enrollment_fail (task, error);
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

void
_ok_enrollment_issue_verified (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _ok_enrollment_fail (task, error);
      return;
    }

  _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_SAVING);
  ok_store_take_pending_async (self->store, attempt->reference, NULL, issue_pending_read, g_object_ref (task));
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
      _ok_enrollment_fail (task, error);
      return;
    }

  _ok_enrollment_take_up_or_start (task);
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
      _ok_enrollment_fail (task, error);
      return;
    }

  if (attempt->one_time_code == NULL)
    {
      _ok_enrollment_fail (task, g_error_new (OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_NO_ONE_TIME_CODE,
                               _("No one-time code is kept for reference number %s. Enter the one-time code from the MitID Erhverv portal."),
                               attempt->reference));
      return;
    }

  _ok_enrollment_take_up_or_start (task);
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
  g_task_set_task_data (task, attempt, (GDestroyNotify) _ok_enrollment_attempt_free);

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

