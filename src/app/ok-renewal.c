/* ok-renewal.c — one certificate's "Renew Now"
 *
 * The renewal outlives the page that started it: the user may look at another certificate or
 * close the window meanwhile. So the application keeps one OkRenewal per certificate id, the
 * detail page only shows its properties, and the application is held while a renewal runs so
 * that a new key is never lost half-way through saving.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-application.h"
#include "ok-endpoints.h"
#include "ok-renewal.h"

struct _OkRenewal
{
  GObject           parent_instance;

  OkStore          *store;
  char             *certificate_id;
  OkEnrollment     *enrollment;
  GCancellable     *cancellable;
  GError           *error;
  OkEnrollmentStep  step;
};

G_DEFINE_FINAL_TYPE (OkRenewal, ok_renewal, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CERTIFICATE_ID,
  PROP_RUNNING,
  PROP_STEP,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SUCCEEDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_step (OkRenewal        *self,
          OkEnrollmentStep  step)
{
  if (self->step == step)
    return;

  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
set_error (OkRenewal *self,
           GError    *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
step_changed (OkRenewal    *self,
              GParamSpec   *pspec,
              OkEnrollment *enrollment)
{
  set_step (self, ok_enrollment_get_step (enrollment));
}

static void
finish (OkRenewal *self)
{
  GApplication *application = g_application_get_default ();

  if (self->enrollment != NULL)
    g_signal_handlers_disconnect_by_data (self->enrollment, self);
  g_clear_object (&self->enrollment);
  g_clear_object (&self->cancellable);
  set_step (self, OK_ENROLLMENT_STEP_IDLE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (OK_IS_APPLICATION (application))
    ok_application_end_work (OK_APPLICATION (application));
}

static void
renewed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(OkRenewal) self = user_data;
  g_autoptr(OkCertificate) certificate = NULL;
  GError *error = NULL;

  certificate = ok_enrollment_renew_finish (OK_ENROLLMENT (object), result, &error);

  /* Cancelling is the user's choice, so it leaves no error behind. Another program that
   * renewed the certificate first did what was asked: the store shows its result. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_clear_error (&error);
  if (g_error_matches (error, OK_STORE_ERROR, OK_STORE_ERROR_CHANGED) && self->store != NULL)
    {
      g_clear_error (&error);
      certificate = ok_store_lookup (self->store, self->certificate_id, NULL);
      if (certificate != NULL)
        g_object_ref (certificate);
    }
  set_error (self, error);
  finish (self);

  if (certificate != NULL)
    g_signal_emit (self, signals[SIGNAL_SUCCEEDED], 0, certificate);
}

static void
ok_renewal_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  OkRenewal *self = OK_RENEWAL (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATE_ID:
      g_value_set_string (value, self->certificate_id);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, ok_renewal_get_running (self));
      break;
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_renewal_dispose (GObject *object)
{
  OkRenewal *self = OK_RENEWAL (object);

  g_clear_object (&self->enrollment);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ok_renewal_parent_class)->dispose (object);
}

static void
ok_renewal_finalize (GObject *object)
{
  OkRenewal *self = OK_RENEWAL (object);

  g_clear_error (&self->error);
  g_free (self->certificate_id);

  G_OBJECT_CLASS (ok_renewal_parent_class)->finalize (object);
}

static void
ok_renewal_class_init (OkRenewalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ok_renewal_get_property;
  object_class->dispose = ok_renewal_dispose;
  object_class->finalize = ok_renewal_finalize;

  properties[PROP_CERTIFICATE_ID] =
    g_param_spec_string ("certificate-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL,
                       OK_TYPE_ENROLLMENT_STEP, OK_ENROLLMENT_STEP_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OkRenewal::succeeded:
   * @certificate: the renewed certificate, which has replaced the old one in the store
   */
  signals[SIGNAL_SUCCEEDED] =
    g_signal_new ("succeeded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, OK_TYPE_CERTIFICATE);
}

static void
ok_renewal_init (OkRenewal *self)
{
}

OkRenewal *
ok_renewal_new (OkStore    *store,
                const char *certificate_id)
{
  OkRenewal *self;

  g_return_val_if_fail (OK_IS_STORE (store), NULL);
  g_return_val_if_fail (certificate_id != NULL, NULL);

  self = g_object_new (OK_TYPE_RENEWAL, NULL);
  self->store = g_object_ref (store);
  self->certificate_id = g_strdup (certificate_id);

  return self;
}

const char *
ok_renewal_get_certificate_id (OkRenewal *self)
{
  g_return_val_if_fail (OK_IS_RENEWAL (self), NULL);

  return self->certificate_id;
}

gboolean
ok_renewal_get_running (OkRenewal *self)
{
  g_return_val_if_fail (OK_IS_RENEWAL (self), FALSE);

  return self->cancellable != NULL;
}

OkEnrollmentStep
ok_renewal_get_step (OkRenewal *self)
{
  g_return_val_if_fail (OK_IS_RENEWAL (self), OK_ENROLLMENT_STEP_IDLE);

  return self->step;
}

/**
 * ok_renewal_get_error:
 *
 * Returns: (nullable): why the latest attempt failed; %NULL while one runs, after a success
 *   and after a cancellation
 */
const GError *
ok_renewal_get_error (OkRenewal *self)
{
  g_return_val_if_fail (OK_IS_RENEWAL (self), NULL);

  return self->error;
}

/**
 * ok_renewal_start:
 *
 * Renews the certificate now with the CA of its environment. Does nothing while an attempt
 * runs. The outcome arrives as #OkRenewal::succeeded or in #OkRenewal:error.
 */
void
ok_renewal_start (OkRenewal *self)
{
  g_autoptr(OkIssuer) issuer = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  GApplication *application = g_application_get_default ();
  OkCertificate *certificate;
  GError *error = NULL;

  g_return_if_fail (OK_IS_RENEWAL (self));

  if (ok_renewal_get_running (self))
    return;

  set_error (self, NULL);

  if (!(certificate = ok_store_lookup (self->store, self->certificate_id, &error)) ||
      !(issuer = ok_endpoints_make_issuer (ok_certificate_get_environment (certificate), &anchors, &error)))
    {
      set_error (self, error);
      return;
    }

  self->enrollment = ok_enrollment_new (self->store, issuer);
  ok_enrollment_set_trust_anchors (self->enrollment, anchors);
  g_signal_connect_object (self->enrollment, "notify::step", G_CALLBACK (step_changed), self, G_CONNECT_SWAPPED);
  self->cancellable = g_cancellable_new ();

  if (OK_IS_APPLICATION (application))
    ok_application_begin_work (OK_APPLICATION (application));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  ok_enrollment_renew_async (self->enrollment, certificate, self->cancellable, renewed, g_object_ref (self));
}

void
ok_renewal_cancel (OkRenewal *self)
{
  g_return_if_fail (OK_IS_RENEWAL (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}
