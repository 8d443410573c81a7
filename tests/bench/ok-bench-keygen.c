/* ok-bench-keygen.c — the floor for renewals: N RSA key generations with GnuTLS, one after
 * another, as the renewals make them
 *
 *   ok-bench-keygen N [BITS]     (BITS defaults to 3072, the OCES3 leaf size)
 *
 * Prints `keygen-seconds: S` for all N, then what protecting one such key costs the way the
 * store does it (encrypted PKCS#8, PBES2 AES-256 with GnuTLS's default PBKDF2 iterations):
 * `pkcs8-encrypt-seconds: S` and `pkcs8-decrypt-seconds: S`. A renewal decrypts the current
 * key (for the TLS client certificate) and encrypts the new one.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>

static double
seconds_since (gint64 started)
{
  return (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
}

/* The passphrase is throwaway: the key is made here and never leaves the process. */
#define PASSPHRASE "ok-bench-throwaway-passphrase"

static int
time_protection (gnutls_x509_privkey_t key)
{
  gnutls_x509_privkey_t back;
  gnutls_datum_t pem = { NULL, 0 };
  gint64 started = g_get_monotonic_time ();
  int ret;

  if ((ret = gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, PASSPHRASE,
                                                GNUTLS_PKCS_PBES2_AES_256, &pem)) < 0)
    return ret;
  printf ("pkcs8-encrypt-seconds: %.3f\n", seconds_since (started));

  started = g_get_monotonic_time ();
  if ((ret = gnutls_x509_privkey_init (&back)) >= 0 &&
      (ret = gnutls_x509_privkey_import_pkcs8 (back, &pem, GNUTLS_X509_FMT_PEM, PASSPHRASE, 0)) >= 0)
    printf ("pkcs8-decrypt-seconds: %.3f\n", seconds_since (started));
  gnutls_x509_privkey_deinit (back);
  gnutls_free (pem.data);
  return ret;
}

int
main (int   argc,
      char *argv[])
{
  guint count;
  guint bits = 3072;
  gnutls_x509_privkey_t last = NULL;
  gint64 started;

  if (argc < 2 || argc > 3)
    {
      g_printerr ("Usage: ok-bench-keygen N [BITS]\n");
      return 2;
    }
  count = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  if (argc == 3)
    bits = (guint) g_ascii_strtoull (argv[2], NULL, 10);

  started = g_get_monotonic_time ();
  for (guint i = 0; i < count; i++)
    {
      int ret;

      if (last != NULL)
        gnutls_x509_privkey_deinit (last);
      if ((ret = gnutls_x509_privkey_init (&last)) < 0 ||
          (ret = gnutls_x509_privkey_generate2 (last, GNUTLS_PK_RSA, bits, 0, NULL, 0)) < 0)
        {
          g_printerr ("ok-bench-keygen: %s\n", gnutls_strerror (ret));
          return 1;
        }
    }
  printf ("keygen-seconds: %.3f\n", seconds_since (started));

  if (last != NULL)
    {
      int ret = time_protection (last);

      gnutls_x509_privkey_deinit (last);
      if (ret < 0)
        {
          g_printerr ("ok-bench-keygen: %s\n", gnutls_strerror (ret));
          return 1;
        }
    }
  return 0;
}
