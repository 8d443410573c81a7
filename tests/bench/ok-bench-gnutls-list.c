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
#include <sqlite3.h>
#include <stdio.h>

static gboolean
read_certificate (const void *der,
                  int         length,
                  time_t     *not_after,
                  gsize      *subject_bytes)
{
  gnutls_x509_crt_t crt;
  gnutls_datum_t datum = { (unsigned char *) der, (unsigned int) length };
  gnutls_datum_t subject = { NULL, 0 };
  gboolean ok;

  if (gnutls_x509_crt_init (&crt) < 0)
    return FALSE;
  ok = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) >= 0 &&
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
  g_autofree char *path = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  time_t earliest = G_MAXINT64;
  gsize subject_bytes = 0;
  guint count = 0;

  if (argc != 2)
    {
      g_printerr ("Usage: ok-bench-gnutls-list STORE_DIR\n");
      return 2;
    }

  /* Each current certificate, read from the store's database as the CLI reads it. */
  path = g_build_filename (argv[1], "store.sqlite3", NULL);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT g.der FROM entries e JOIN generations g ON g.id = e.current", -1,
                          &statement, NULL) != SQLITE_OK)
    {
      g_printerr ("Cannot read %s: %s\n", path, sqlite3_errmsg (db));
      return 1;
    }

  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      time_t not_after = 0;

      if (read_certificate (sqlite3_column_blob (statement, 0), sqlite3_column_bytes (statement, 0),
                            &not_after, &subject_bytes))
        {
          count++;
          earliest = MIN (earliest, not_after);
        }
    }
  sqlite3_finalize (statement);
  sqlite3_close (db);

  printf ("%u certificates, earliest expiry %" G_GINT64_FORMAT ", %" G_GSIZE_FORMAT " subject bytes\n",
          count, (gint64) earliest, subject_bytes);
  return count > 0 ? 0 : 1;
}
