/* ok-revocation-crl.c — a certificate looked up in its issuer's CRL (RFC 5280)
 *
 * The fallback when no OCSP responder answers. The CRL counts only when the issuer signed it
 * and it is current; the certificate is then revoked if its serial is listed, good if not.
 * GnuTLS does not read the reason code of a CRL entry, so a revocation found here has none.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-revocation-private.h"

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crl_t, gnutls_x509_crl_deinit, NULL)

static gboolean
invalid (GError     **error,
         const char  *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "CRL: %s", why);
  return FALSE;
}

/* Serial numbers as their magnitude: a leading zero octet (added to keep a DER INTEGER
 * positive) does not make a different serial. */
static gboolean
same_serial (const guint8 *a,
             gsize         a_size,
             const guint8 *b,
             gsize         b_size)
{
  while (a_size > 1 && a[0] == 0)
    a++, a_size--;
  while (b_size > 1 && b[0] == 0)
    b++, b_size--;

  return a_size == b_size && memcmp (a, b, a_size) == 0;
}

/* Whether @crl lists @serial; -1 when the list cannot be read. */
static int
find_serial (gnutls_x509_crl_t  crl,
             const guint8      *serial,
             gsize              serial_size,
             gint64            *revoked_at)
{
  gnutls_x509_crl_iter_t iter = NULL;
  int found = 0;

  for (;;)
    {
      guint8 listed[64];
      size_t listed_size = sizeof listed;
      time_t when = 0;
      int ret = gnutls_x509_crl_iter_crt_serial (crl, &iter, listed, &listed_size, &when);

      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (ret < 0)
        {
          found = -1;
          break;
        }
      if (same_serial (listed, listed_size, serial, serial_size))
        {
          *revoked_at = when;
          found = 1;
          break;
        }
    }

  gnutls_x509_crl_iter_deinit (iter);
  return found;
}

static gboolean
import (gnutls_x509_crl_t  crl,
        GBytes            *data)
{
  gnutls_datum_t datum;
  gsize size;

  datum.data = (unsigned char *) g_bytes_get_data (data, &size);
  datum.size = (unsigned int) size;

  /* Distribution points serve DER; a PEM one is accepted all the same. */
  return gnutls_x509_crl_import (crl, &datum, GNUTLS_X509_FMT_DER) >= 0 ||
         gnutls_x509_crl_import (crl, &datum, GNUTLS_X509_FMT_PEM) >= 0;
}

/**
 * ok_revocation_crl_read:
 * @crl: the CRL as fetched (DER, or PEM)
 * @now: unix seconds to judge freshness at
 *
 * Returns: (transfer full) (nullable): GOOD or REVOKED according to the CRL; %NULL with
 *   @error set when the CRL is not one to trust
 */
OkRevocationResult *
ok_revocation_crl_read (GBytes             *crl_data,
                        gnutls_x509_crt_t   certificate,
                        gnutls_x509_crt_t   issuer,
                        gint64              now,
                        GError            **error)
{
  g_auto(gnutls_x509_crl_t) crl = NULL;
  OkRevocationResult *result;
  guint8 serial[64];
  size_t serial_size = sizeof serial;
  unsigned int verify = 0;
  gint64 this_update, next_update, revoked_at = 0;
  int found;

  if (gnutls_x509_crl_init (&crl) < 0 || !import (crl, crl_data))
    {
      invalid (error, "it is not an X.509 CRL");
      return NULL;
    }

  if (!gnutls_x509_crl_check_issuer (crl, issuer))
    {
      invalid (error, "it is not the issuer's");
      return NULL;
    }

  if (gnutls_x509_crl_verify (crl, &issuer, 1, 0, &verify) < 0 || verify != 0)
    {
      invalid (error, "the issuer's signature does not verify");
      return NULL;
    }

  this_update = gnutls_x509_crl_get_this_update (crl);
  next_update = gnutls_x509_crl_get_next_update (crl);
  if (next_update == (time_t) -1)
    next_update = 0;
  if (this_update > now + OK_REVOCATION_CLOCK_SKEW)
    {
      invalid (error, "its thisUpdate lies in the future");
      return NULL;
    }
  if (next_update > 0 && next_update < now - OK_REVOCATION_CLOCK_SKEW)
    {
      invalid (error, "its nextUpdate has passed (a stale CRL)");
      return NULL;
    }
  if (next_update <= 0 && this_update < now - OK_REVOCATION_MAX_AGE)
    {
      invalid (error, "it is older than a day and names no nextUpdate");
      return NULL;
    }

  if (gnutls_x509_crt_get_serial (certificate, serial, &serial_size) < 0)
    {
      invalid (error, "the certificate's serial cannot be read");
      return NULL;
    }

  found = find_serial (crl, serial, serial_size, &revoked_at);
  if (found < 0)
    {
      invalid (error, "its entries cannot be read");
      return NULL;
    }

  result = ok_revocation_result_new_unknown (NULL);
  result->status = found ? OK_REVOCATION_REVOKED : OK_REVOCATION_GOOD;
  result->source = OK_REVOCATION_SOURCE_CRL;
  result->this_update = this_update;
  result->next_update = next_update;
  result->revoked_at = found ? revoked_at : 0;

  return result;
}
