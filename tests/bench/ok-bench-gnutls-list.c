/* ok-bench-gnutls-list.c — the library floor for listing a store: read every stored certificate
 * file, import it with GnuTLS and read its not-after and subject, nothing else
 *
 *   ok-bench-gnutls-list STORE_DIR
 *
 * Walks STORE_DIR/certificates/<id>/<generation>/certificate.pem. Prints how many certificates
 * it read and the earliest expiry, so that the work cannot be skipped.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>

static gboolean
read_certificate (const char *path,
                  time_t     *not_after,
                  gsize      *subject_bytes)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gnutls_x509_crt_t crt;
  gnutls_datum_t datum;
  gnutls_datum_t subject = { NULL, 0 };
  gboolean ok;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  datum.data = (unsigned char *) contents;
  datum.size = length;
  if (gnutls_x509_crt_init (&crt) < 0)
    return FALSE;
  ok = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_PEM) >= 0 &&
       gnutls_x509_crt_get_dn3 (crt, &subject, 0) >= 0;
  if (ok)
    {
      *not_after = gnutls_x509_crt_get_expiration_time (crt);
      *subject_bytes += subject.size;
    }
  gnutls_free (subject.data);
  gnutls_x509_crt_deinit (crt);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *certificates = NULL;
  g_autoptr(GDir) entries = NULL;
  const char *entry;
  time_t earliest = G_MAXINT64;
  gsize subject_bytes = 0;
  guint count = 0;

  if (argc != 2)
    {
      g_printerr ("Usage: ok-bench-gnutls-list STORE_DIR\n");
      return 2;
    }

  certificates = g_build_filename (argv[1], "certificates", NULL);
  entries = g_dir_open (certificates, 0, NULL);
  while (entries != NULL && (entry = g_dir_read_name (entries)) != NULL)
    {
      g_autofree char *entry_path = g_build_filename (certificates, entry, NULL);
      g_autoptr(GDir) generations = g_dir_open (entry_path, 0, NULL);
      const char *generation;

      while (generations != NULL && (generation = g_dir_read_name (generations)) != NULL)
        {
          g_autofree char *path = g_build_filename (entry_path, generation, "certificate.pem", NULL);
          time_t not_after = 0;

          if (read_certificate (path, &not_after, &subject_bytes))
            {
              count++;
              earliest = MIN (earliest, not_after);
            }
        }
    }

  printf ("%u certificates, earliest expiry %" G_GINT64_FORMAT ", %" G_GSIZE_FORMAT " subject bytes\n",
          count, (gint64) earliest, subject_bytes);
  return count > 0 ? 0 : 1;
}
