/* ok-certificate-load.c — making OkCertificates from DER, PEM and the facts cache, and PEM
 * back out
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-certificate-private.h"

static OkCertificate *
certificate_new_from_crt (gnutls_x509_crt_t  crt,
                          GBytes            *der)
{
  OkCertificateFacts facts = { NULL };

  ok_facts_parse (&facts, crt, der);
  return ok_certificate_new_internal (der, &facts);
}

/**
 * ok_certificate_new_from_der:
 * @der: one DER-encoded X.509 certificate
 *
 * Returns: (transfer full): the certificate, or %NULL with @error set to
 *   %OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE or %OK_CERTIFICATE_ERROR_INVALID
 */
OkCertificate *
ok_certificate_new_from_der (GBytes  *der,
                             GError **error)
{
  g_auto (gnutls_x509_crt_t) crt = NULL;

  g_return_val_if_fail (der != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  crt = ok_certificate_import_der (der, error);
  if (crt == NULL)
    return NULL;

  return certificate_new_from_crt (crt, der);
}

/**
 * ok_certificate_list_from_pem:
 * @data: PEM text, possibly with several certificates and other blocks (keys are skipped)
 * @length: the length of @data in bytes
 *
 * Returns: (transfer full) (element-type OkCertificate): every certificate in @data, in order
 */
GPtrArray *
ok_certificate_list_from_pem (const char  *data,
                              gsize        length,
                              GError     **error)
{
  g_autoptr (GPtrArray) certificates = NULL;
  gnutls_x509_crt_t *crts = NULL;
  unsigned int n_crts = 0;
  gnutls_datum_t datum;
  int ret;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length == 0 || g_strstr_len (data, length, "-----BEGIN ") == NULL)
    {
      g_set_error_literal (error, OK_CERTIFICATE_ERROR, OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE,
                           _("The data holds no PEM certificate"));
      return NULL;
    }
  if (length > G_MAXUINT)
    {
      g_set_error_literal (error, OK_CERTIFICATE_ERROR, OK_CERTIFICATE_ERROR_INVALID,
                           _("The certificate is too large"));
      return NULL;
    }

  datum.data = (unsigned char *) data;
  datum.size = length;
  ret = gnutls_x509_crt_list_import2 (&crts, &n_crts, &datum, GNUTLS_X509_FMT_PEM, 0);
  if (ret == GNUTLS_E_NO_CERTIFICATE_FOUND)
    {
      g_set_error_literal (error, OK_CERTIFICATE_ERROR, OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE,
                           _("The data holds no PEM certificate"));
      return NULL;
    }
  if (ret < 0)
    {
      g_set_error (error, OK_CERTIFICATE_ERROR, OK_CERTIFICATE_ERROR_INVALID,
                   /* Translators: %s is the reason GnuTLS gives */
                   _("The certificate is damaged or incomplete: %s"), gnutls_strerror (ret));
      return NULL;
    }

  certificates = g_ptr_array_new_with_free_func (g_object_unref);
  for (unsigned int i = 0; i < n_crts; i++)
    {
      gnutls_datum_t der = { NULL, 0 };

      if (ret >= 0 && (ret = gnutls_x509_crt_export2 (crts[i], GNUTLS_X509_FMT_DER, &der)) >= 0)
        {
          g_autoptr (GBytes) bytes = g_bytes_new (der.data, der.size);

          g_ptr_array_add (certificates, certificate_new_from_crt (crts[i], bytes));
        }

      gnutls_free (der.data);
      gnutls_x509_crt_deinit (crts[i]);
    }
  gnutls_free (crts);

  if (ret < 0)
    {
      g_set_error (error, OK_CERTIFICATE_ERROR, OK_CERTIFICATE_ERROR_INVALID,
                   _("The certificate is damaged or incomplete: %s"), gnutls_strerror (ret));
      return NULL;
    }

  return g_steal_pointer (&certificates);
}

/**
 * ok_certificate_new_from_pem:
 * @data: PEM text
 * @length: the length of @data in bytes
 *
 * Returns: (transfer full): the first certificate in @data
 */
OkCertificate *
ok_certificate_new_from_pem (const char  *data,
                             gsize        length,
                             GError     **error)
{
  g_autoptr (GPtrArray) certificates = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  certificates = ok_certificate_list_from_pem (data, length, error);
  if (certificates == NULL)
    return NULL;

  return g_object_ref (g_ptr_array_index (certificates, 0));
}

/**
 * ok_certificate_new_from_cached_facts:
 * @facts: (nullable): an object written by ok_certificate_facts_to_json() for this @der
 * @der: the certificate
 *
 * Builds a certificate without parsing @der when @facts is complete, of the current
 * %OK_CERTIFICATE_FACTS_VERSION and carries @der's SHA-256 fingerprint; otherwise @der is
 * parsed the first time a fact is read, so the result is never worse than parsing.
 *
 * Returns: (transfer full): the certificate
 */
OkCertificate *
ok_certificate_new_from_cached_facts (JsonObject *facts,
                                      GBytes     *der)
{
  OkCertificateFacts cached = { NULL };

  g_return_val_if_fail (der != NULL, NULL);

  if (!ok_facts_from_json (&cached, facts, der))
    return ok_certificate_new_internal (der, NULL);

  return ok_certificate_new_internal (der, &cached);
}

char *
ok_certificate_to_pem (OkCertificate *self)
{
  gnutls_datum_t der, pem = { NULL, 0 };
  gsize size;
  char *text;

  g_return_val_if_fail (OK_IS_CERTIFICATE (self), NULL);

  der.data = (unsigned char *) g_bytes_get_data (ok_certificate_get_der (self), &size);
  der.size = size;
  if (gnutls_pem_base64_encode2 ("CERTIFICATE", &der, &pem) < 0)
    return NULL;

  text = g_strndup ((const char *) pem.data, pem.size);
  gnutls_free (pem.data);
  return text;
}
