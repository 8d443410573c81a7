/* ok-imported.c — OkImported: what an imported file held (leaf, chain, optional key), or a key alone
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-imported.h"

struct _OkImported
{
  GObject parent_instance;

  GBytes         *certificate;
  GPtrArray      *chain;
  OkKey          *key;
  OkImportFormat  format;
};

G_DEFINE_FINAL_TYPE (OkImported, ok_imported, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (OkImportFormat, ok_import_format,
                    G_DEFINE_ENUM_VALUE (OK_IMPORT_FORMAT_PKCS12, "pkcs12"),
                    G_DEFINE_ENUM_VALUE (OK_IMPORT_FORMAT_PEM, "pem"),
                    G_DEFINE_ENUM_VALUE (OK_IMPORT_FORMAT_DER, "der"))

enum {
  PROP_0,
  PROP_CERTIFICATE,
  PROP_CHAIN,
  PROP_KEY,
  PROP_FORMAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ok_imported_finalize (GObject *object)
{
  OkImported *self = OK_IMPORTED (object);

  g_clear_pointer (&self->certificate, g_bytes_unref);
  g_clear_pointer (&self->chain, g_ptr_array_unref);
  g_clear_object (&self->key);

  G_OBJECT_CLASS (ok_imported_parent_class)->finalize (object);
}

static void
ok_imported_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OkImported *self = OK_IMPORTED (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATE:
      g_value_set_boxed (value, self->certificate);
      break;

    case PROP_CHAIN:
      g_value_set_boxed (value, self->chain);
      break;

    case PROP_KEY:
      g_value_set_object (value, self->key);
      break;

    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_imported_class_init (OkImportedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ok_imported_finalize;
  object_class->get_property = ok_imported_get_property;

  properties[PROP_CERTIFICATE] =
    g_param_spec_boxed ("certificate", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHAIN] =
    g_param_spec_boxed ("chain", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_object ("key", NULL, NULL, OK_TYPE_KEY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL, OK_TYPE_IMPORT_FORMAT, OK_IMPORT_FORMAT_PKCS12,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ok_imported_init (OkImported *self)
{
}

/**
 * ok_imported_get_certificate:
 *
 * Returns: (transfer none) (nullable): the leaf certificate, DER: the one that matches the key,
 *   or without a key the one no other certificate in the file was issued by; %NULL for a file
 *   that held only a key (ok_imported_new_for_key())
 */
GBytes *
ok_imported_get_certificate (OkImported *self)
{
  g_return_val_if_fail (OK_IS_IMPORTED (self), NULL);

  return self->certificate;
}

/**
 * ok_imported_get_chain:
 *
 * Returns: (transfer none) (element-type GBytes): the issuers found in the file, DER,
 *   the issuing CA first and the root last when the file has it; may be empty
 */
GPtrArray *
ok_imported_get_chain (OkImported *self)
{
  g_return_val_if_fail (OK_IS_IMPORTED (self), NULL);

  return self->chain;
}

/**
 * ok_imported_get_key:
 *
 * Returns: (transfer none) (nullable): the private key; %NULL means the certificate
 *   can only be monitored
 */
OkKey *
ok_imported_get_key (OkImported *self)
{
  g_return_val_if_fail (OK_IS_IMPORTED (self), NULL);

  return self->key;
}

OkImportFormat
ok_imported_get_format (OkImported *self)
{
  g_return_val_if_fail (OK_IS_IMPORTED (self), OK_IMPORT_FORMAT_PKCS12);

  return self->format;
}

/**
 * ok_imported_new:
 * @certificate: the leaf, DER
 * @chain: (element-type GBytes): its issuers, DER, issuing CA first; referenced
 * @key: (nullable): the leaf's key
 */
OkImported *
ok_imported_new (GBytes         *certificate,
                 GPtrArray      *chain,
                 OkKey          *key,
                 OkImportFormat  format)
{
  OkImported *self;

  g_return_val_if_fail (certificate != NULL, NULL);
  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (key == NULL || OK_IS_KEY (key), NULL);

  self = g_object_new (OK_TYPE_IMPORTED, NULL);
  self->certificate = g_bytes_ref (certificate);
  self->chain = g_ptr_array_ref (chain);
  self->key = key != NULL ? g_object_ref (key) : NULL;
  self->format = format;

  return self;
}

/**
 * ok_imported_new_for_key:
 * @key: the key a key file held
 *
 * A key file without its certificate: it can only become the key of an entry whose current
 * certificate it belongs to (ok_import_match_find()). The certificate is %NULL, the chain empty.
 */
OkImported *
ok_imported_new_for_key (OkKey          *key,
                         OkImportFormat  format)
{
  OkImported *self;

  g_return_val_if_fail (OK_IS_KEY (key), NULL);

  self = g_object_new (OK_TYPE_IMPORTED, NULL);
  self->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->key = g_object_ref (key);
  self->format = format;

  return self;
}
