/* ok-issuance.c — what a certificate authority answered: a certificate and its chain, or a
 * PKCS#12 it made itself
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/gnutls.h>

#include "ok-issuance.h"

struct _OkIssuance
{
  GObject parent_instance;

  GBytes *certificate;
  GPtrArray *chain;
  GBytes *pkcs12;
  char *pkcs12_password;
};

G_DEFINE_FINAL_TYPE (OkIssuance, ok_issuance, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CERTIFICATE,
  PROP_CHAIN,
  PROP_PKCS12,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ok_issuance_finalize (GObject *object)
{
  OkIssuance *self = OK_ISSUANCE (object);

  /* The password opens a private key: it lives only as long as this object and leaves no
   * copy in freed memory. */
  if (self->pkcs12_password != NULL)
    gnutls_memset (self->pkcs12_password, 0, strlen (self->pkcs12_password));
  g_clear_pointer (&self->pkcs12_password, g_free);
  g_clear_pointer (&self->certificate, g_bytes_unref);
  g_clear_pointer (&self->chain, g_ptr_array_unref);
  g_clear_pointer (&self->pkcs12, g_bytes_unref);

  G_OBJECT_CLASS (ok_issuance_parent_class)->finalize (object);
}

static void
ok_issuance_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OkIssuance *self = OK_ISSUANCE (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATE:
      g_value_set_boxed (value, self->certificate);
      break;
    case PROP_CHAIN:
      g_value_set_boxed (value, self->chain);
      break;
    case PROP_PKCS12:
      g_value_set_boxed (value, self->pkcs12);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_issuance_class_init (OkIssuanceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ok_issuance_finalize;
  object_class->get_property = ok_issuance_get_property;

  properties[PROP_CERTIFICATE] =
    g_param_spec_boxed ("certificate", NULL, NULL,
                        G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHAIN] =
    g_param_spec_boxed ("chain", NULL, NULL,
                        G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PKCS12] =
    g_param_spec_boxed ("pkcs12", NULL, NULL,
                        G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ok_issuance_init (OkIssuance *self)
{
  self->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

/**
 * ok_issuance_new_certificate:
 * @certificate: the issued certificate, DER
 * @chain: (nullable) (element-type GBytes): the issuing CA certificates, DER, nearest first
 *
 * Returns: (transfer full): an issuance holding a certificate the caller pairs with its own key
 */
OkIssuance *
ok_issuance_new_certificate (GBytes    *certificate,
                             GPtrArray *chain)
{
  OkIssuance *self;

  g_return_val_if_fail (certificate != NULL, NULL);

  self = g_object_new (OK_TYPE_ISSUANCE, NULL);
  self->certificate = g_bytes_ref (certificate);
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    g_ptr_array_add (self->chain, g_bytes_ref (g_ptr_array_index (chain, i)));

  return self;
}

/**
 * ok_issuance_new_pkcs12:
 * @pkcs12: a PKCS#12 the CA generated, key included
 * @password: the password that opens @pkcs12
 *
 * Returns: (transfer full): an issuance the caller imports as a PKCS#12
 */
OkIssuance *
ok_issuance_new_pkcs12 (GBytes     *pkcs12,
                        const char *password)
{
  OkIssuance *self;

  g_return_val_if_fail (pkcs12 != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  self = g_object_new (OK_TYPE_ISSUANCE, NULL);
  self->pkcs12 = g_bytes_ref (pkcs12);
  self->pkcs12_password = g_strdup (password);

  return self;
}

gboolean
ok_issuance_is_pkcs12 (OkIssuance *self)
{
  g_return_val_if_fail (OK_IS_ISSUANCE (self), FALSE);

  return self->pkcs12 != NULL;
}

/**
 * ok_issuance_get_certificate:
 *
 * Returns: (transfer none) (nullable): the certificate (DER), %NULL for a PKCS#12 answer
 */
GBytes *
ok_issuance_get_certificate (OkIssuance *self)
{
  g_return_val_if_fail (OK_IS_ISSUANCE (self), NULL);

  return self->certificate;
}

/**
 * ok_issuance_get_chain:
 *
 * Returns: (transfer none) (element-type GBytes): the issuing CA certificates (DER), nearest
 *   first; empty when the CA sent none or answered with a PKCS#12
 */
GPtrArray *
ok_issuance_get_chain (OkIssuance *self)
{
  g_return_val_if_fail (OK_IS_ISSUANCE (self), NULL);

  return self->chain;
}

/**
 * ok_issuance_get_pkcs12:
 *
 * Returns: (transfer none) (nullable): the PKCS#12 the CA made, or %NULL
 */
GBytes *
ok_issuance_get_pkcs12 (OkIssuance *self)
{
  g_return_val_if_fail (OK_IS_ISSUANCE (self), NULL);

  return self->pkcs12;
}

/**
 * ok_issuance_get_pkcs12_password:
 *
 * Returns: (nullable): the password of the PKCS#12, valid while @self lives; never store it
 *   outside the Secret Service
 */
const char *
ok_issuance_get_pkcs12_password (OkIssuance *self)
{
  g_return_val_if_fail (OK_IS_ISSUANCE (self), NULL);

  return self->pkcs12_password;
}
