/* ok-enrollment-renew.c — renewing: a new certificate for a stored one, authenticated with it
 * (the flow: ok-enrollment.c)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-enrollment-private.h"

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
      _ok_enrollment_fail (task, error);
      return;
    }

  _ok_enrollment_deploy_and_return (task, renewed);
}

void
_ok_enrollment_renew_verified (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkEnrollment *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(OkEvent) event = NULL;
  g_autofree char *described = _ok_enrollment_describe_certificate (attempt->answer);
  g_autofree char *message = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _ok_enrollment_fail (task, error);
      return;
    }

  _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_SAVING);
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
      _ok_enrollment_fail (task, error);
      return;
    }

  /* The renewal is authenticated with the current certificate and key, held in memory only. */
  chain = ok_certificate_dup_chain_der (attempt->certificate);
  client = ok_key_make_tls_certificate (current, ok_certificate_get_der (attempt->certificate), chain, &error);
  if (client == NULL)
    {
      _ok_enrollment_fail (task, error);
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "ok-enrollment-client", client, g_object_unref);
  _ok_enrollment_take_up_or_start (task);
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

  _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_IDLE);
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

  _ok_enrollment_set_step (self, OK_ENROLLMENT_STEP_IDLE);
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
  g_task_set_task_data (task, attempt, (GDestroyNotify) _ok_enrollment_attempt_free);

  if (!ok_certificate_is_valid_at (certificate, g_get_real_time () / G_USEC_PER_SEC) &&
      ok_certificate_get_not_after (certificate) <= g_get_real_time () / G_USEC_PER_SEC)
    {
      _ok_enrollment_fail (task, g_error_new_literal (OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_EXPIRED,
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
