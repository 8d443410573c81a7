/* ok-certificate-metadata.c — what the store keeps about an OkCertificate beside its facts:
 * id, name, environment override, whether it holds the key, chain, trust, renewal settings,
 * deploy actions and event log
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-certificate-private.h"
#include "ok-text.h"

static void
notify (OkCertificate         *self,
        OkCertificateProperty  property)
{
  g_object_notify_by_pspec (G_OBJECT (self), ok_certificate_properties[property]);
}

/* g_set_str() needs GLib 2.76. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

const char *
ok_certificate_get_id (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  return self->id;
}

void
ok_certificate_set_id (OkCertificate *self,
                       const char    *id)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));

  if (set_string (&self->id, id))
    notify (self, OK_CERTIFICATE_PROP_ID);
}

/**
 * ok_certificate_get_name:
 *
 * Returns: the name the user gave, or the subject CN when none was given (or, for a
 *   certificate without a CN, the subject DN)
 */
const char *
ok_certificate_get_name (OkCertificate *self)
{
  const char *subject_cn;

  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  if (self->name != NULL)
    return self->name;

  subject_cn = ok_certificate_get_subject_cn (self);
  if (subject_cn != NULL)
    return subject_cn;

  return ok_certificate_get_subject (self);
}

/**
 * ok_certificate_set_name:
 * @name: (nullable): the new name; %NULL or "" returns to the default
 */
void
ok_certificate_set_name (OkCertificate *self,
                         const char    *name)
{
  g_autofree char *before = NULL;
  g_autofree char *cleaned = NULL;

  g_return_if_fail (OK_IS_CERTIFICATE (self));

  /* Where people type names, ok_text_check_name() refuses control characters with an error;
   * a name from elsewhere (an older store) is still never shown with one. */
  if (!ok_text_check_name (name, NULL))
    name = cleaned = g_strdelimit (ok_text_strip_controls (name), "\n\t", ' ');

  if (name != NULL && *name == '\0')
    name = NULL;

  before = g_strdup (ok_certificate_get_name (self));
  set_string (&self->name, name);
  if (g_strcmp0 (before, ok_certificate_get_name (self)) != 0)
    notify (self, OK_CERTIFICATE_PROP_NAME);
}

OkEnvironment
ok_certificate_get_environment_override (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), OK_ENVIRONMENT_UNKNOWN);

  return self->environment_override;
}

void
ok_certificate_set_environment_override (OkCertificate *self,
                                         OkEnvironment  environment)
{
  OkEnvironment before;

  g_return_if_fail (OK_IS_CERTIFICATE (self));
  g_return_if_fail (environment <= OK_ENVIRONMENT_PROD);

  if (self->environment_override == environment)
    return;

  before = ok_certificate_get_environment (self);
  self->environment_override = environment;
  notify (self, OK_CERTIFICATE_PROP_ENVIRONMENT_OVERRIDE);
  if (before != ok_certificate_get_environment (self))
    notify (self, OK_CERTIFICATE_PROP_ENVIRONMENT);
}

/**
 * ok_certificate_get_environment:
 *
 * Returns: the environment override when one is set, else the detected environment
 */
OkEnvironment
ok_certificate_get_environment (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), OK_ENVIRONMENT_UNKNOWN);

  if (self->environment_override != OK_ENVIRONMENT_UNKNOWN)
    return self->environment_override;

  return ok_certificate_get_detected_environment (self);
}

gboolean
ok_certificate_get_has_private_key (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), FALSE);

  return self->has_private_key;
}

void
ok_certificate_set_has_private_key (OkCertificate *self,
                                    gboolean       has_private_key)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));

  has_private_key = !!has_private_key;
  if (self->has_private_key == has_private_key)
    return;

  self->has_private_key = has_private_key;
  notify (self, OK_CERTIFICATE_PROP_HAS_PRIVATE_KEY);
}

/**
 * ok_certificate_get_chain:
 *
 * The issuing CA certificates kept with this one, nearest issuer first as far as the source
 * ordered them. Never %NULL; empty when there is no chain.
 *
 * Returns: (transfer none) (element-type OkCertificate): the chain
 */
GPtrArray *
ok_certificate_get_chain (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  return self->chain;
}

static gboolean
chains_equal (GPtrArray *a,
              GPtrArray *b)
{
  guint length_b = b != NULL ? b->len : 0;

  if (a->len != length_b)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (!ok_certificate_equal_der (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;

  return TRUE;
}

/**
 * ok_certificate_set_chain:
 * @chain: (nullable) (element-type OkCertificate): the issuing CA certificates
 *
 * Copies @chain (taking references to its certificates), so the caller keeps its array.
 */
void
ok_certificate_set_chain (OkCertificate *self,
                          GPtrArray     *chain)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));

  if (chains_equal (self->chain, chain))
    return;

  for (guint i = 0; chain != NULL && i < chain->len; i++)
    g_return_if_fail (OK_IS_CERTIFICATE (g_ptr_array_index (chain, i)));

  g_ptr_array_set_size (self->chain, 0);
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    g_ptr_array_add (self->chain, g_object_ref (g_ptr_array_index (chain, i)));

  notify (self, OK_CERTIFICATE_PROP_CHAIN);
}

OkTrust
ok_certificate_get_trust (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), OK_TRUST_UNKNOWN);

  return self->trust;
}

void
ok_certificate_set_trust (OkCertificate *self,
                          OkTrust        trust)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));
  g_return_if_fail (trust <= OK_TRUST_ANCHOR);

  if (self->trust == trust)
    return;

  self->trust = trust;
  notify (self, OK_CERTIFICATE_PROP_TRUST);
}

gboolean
ok_certificate_get_auto_renew (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), FALSE);

  return self->auto_renew;
}

void
ok_certificate_set_auto_renew (OkCertificate *self,
                               gboolean       auto_renew)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));

  auto_renew = !!auto_renew;
  if (self->auto_renew == auto_renew)
    return;

  self->auto_renew = auto_renew;
  notify (self, OK_CERTIFICATE_PROP_AUTO_RENEW);
}

guint
ok_certificate_get_renewal_window_days (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), 0);

  return self->renewal_window_days;
}

void
ok_certificate_set_renewal_window_days (OkCertificate *self,
                                        guint          days)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));

  if (self->renewal_window_days == days)
    return;

  self->renewal_window_days = days;
  notify (self, OK_CERTIFICATE_PROP_RENEWAL_WINDOW_DAYS);
}

/**
 * ok_certificate_get_deploy_actions:
 *
 * Returns: (transfer none) (element-type OkDeployAction): the deploy actions, in the order
 *   they were configured; empty when there are none
 */
GPtrArray *
ok_certificate_get_deploy_actions (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  return self->deploy_actions;
}

/**
 * ok_certificate_set_deploy_actions:
 * @actions: (nullable) (element-type OkDeployAction): the new list; %NULL for none
 *
 * Copies @actions (taking references), so the caller keeps its array. Actions are immutable,
 * so an unchanged list is recognised by identity.
 */
void
ok_certificate_set_deploy_actions (OkCertificate *self,
                                   GPtrArray     *actions)
{
  guint length = actions != NULL ? actions->len : 0;
  gboolean same;

  g_return_if_fail (OK_IS_CERTIFICATE (self));

  same = self->deploy_actions->len == length;

  for (guint i = 0; i < length; i++)
    {
      g_return_if_fail (OK_IS_DEPLOY_ACTION (g_ptr_array_index (actions, i)));
      same = same && g_ptr_array_index (self->deploy_actions, i) == g_ptr_array_index (actions, i);
    }

  if (same)
    return;

  g_ptr_array_set_size (self->deploy_actions, 0);
  for (guint i = 0; i < length; i++)
    g_ptr_array_add (self->deploy_actions, g_object_ref (g_ptr_array_index (actions, i)));

  notify (self, OK_CERTIFICATE_PROP_DEPLOY_ACTIONS);
}

/**
 * ok_certificate_get_events:
 *
 * Returns: (transfer none): the event log, a #GListModel of #OkEvent, oldest first
 */
GListModel *
ok_certificate_get_events (OkCertificate *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  if (self->events == NULL)
    self->events = g_list_store_new (OK_TYPE_EVENT);

  return G_LIST_MODEL (self->events);
}

void
ok_certificate_append_event (OkCertificate *self,
                             OkEvent       *event)
{
  g_return_if_fail (OK_IS_CERTIFICATE (self));
  g_return_if_fail (OK_IS_EVENT (event));

  g_list_store_append (G_LIST_STORE (ok_certificate_get_events (self)), event);
}

/**
 * ok_certificate_dup_chain_der:
 *
 * Returns: (transfer container) (element-type GBytes): the chain as DER, issuing CA first —
 *   the form the import, export and TLS functions take
 */
GPtrArray *
ok_certificate_dup_chain_der (OkCertificate *self)
{
  GPtrArray *chain;
  GPtrArray *der = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_return_val_if_fail (OK_IS_CERTIFICATE (self), der);

  chain = ok_certificate_get_chain (self);
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    g_ptr_array_add (der, g_bytes_ref (ok_certificate_get_der (g_ptr_array_index (chain, i))));

  return der;
}
