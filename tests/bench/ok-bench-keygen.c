/* ok-bench-keygen.c — the floor for renewals: N RSA key generations with GnuTLS, one after
 * another, and the same N spread over one thread per processor
 *
 *   ok-bench-keygen N [BITS]     (BITS defaults to 3072, the OCES3 leaf size)
 *
 * Prints `keygen-seconds: S` for the N one after another (the floor `renew --due` is measured
 * against), `keygen-parallel-seconds: S` and `keygen-threads: T` for the N made by T threads,
 * then what protecting one such key costs the way the store does it now (sealed, AES-256-GCM
 * with HKDF: `seal-seconds`, `open-seconds`) and did before (PBES2 with 600,000 PBKDF2
 * iterations: `pkcs8-encrypt-seconds`, `pkcs8-decrypt-seconds`). A renewal opens the current
 * key (for the TLS client certificate) and seals the new one.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>

#include "ok-key.h"

static double
seconds_since (gint64 started)
{
  return (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
}

/* The passphrase is throwaway: the key is made here and never leaves the process. */
#define PASSPHRASE "ok-bench-throwaway-passphrase"

static gboolean
time_protection (OkKey *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) pkcs8 = NULL;
  g_autoptr(OkKey) opened = NULL;
  g_autoptr(OkKey) decrypted = NULL;
  gint64 started = g_get_monotonic_time ();

  if (!(sealed = ok_key_export_encrypted_pem (key, PASSPHRASE, &error)))
    goto failed;
  printf ("seal-seconds: %.6f\n", seconds_since (started));
  started = g_get_monotonic_time ();
  if (!(opened = ok_key_new_from_pem (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed),
                                      PASSPHRASE, &error)))
    goto failed;
  printf ("open-seconds: %.6f\n", seconds_since (started));

  started = g_get_monotonic_time ();
  if (!(pkcs8 = ok_key_export_pkcs8_pem (key, PASSPHRASE, &error)))
    goto failed;
  printf ("pkcs8-encrypt-seconds: %.3f\n", seconds_since (started));
  started = g_get_monotonic_time ();
  if (!(decrypted = ok_key_new_from_pem (g_bytes_get_data (pkcs8, NULL), g_bytes_get_size (pkcs8),
                                         PASSPHRASE, &error)))
    goto failed;
  printf ("pkcs8-decrypt-seconds: %.3f\n", seconds_since (started));
  return TRUE;

failed:
  g_printerr ("ok-bench-keygen: %s\n", error->message);
  return FALSE;
}

static void
generate_one (gpointer data,
              gpointer user_data)
{
  guint bits = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(OkKey) key = ok_key_generate (bits, NULL, &error);

  if (key == NULL)
    g_error ("ok-bench-keygen: %s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OkKey) last = NULL;
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;
  guint count;
  guint bits = OK_KEY_DEFAULT_BITS;
  guint threads = MAX (1, g_get_num_processors ());
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
      g_clear_object (&last);
      if (!(last = ok_key_generate (bits, NULL, &error)))
        {
          g_printerr ("ok-bench-keygen: %s\n", error->message);
          return 1;
        }
    }
  printf ("keygen-seconds: %.3f\n", seconds_since (started));
  fflush (stdout);

  started = g_get_monotonic_time ();
  pool = g_thread_pool_new (generate_one, GUINT_TO_POINTER (bits), (gint) threads, TRUE, NULL);
  for (guint i = 0; i < count; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  printf ("keygen-parallel-seconds: %.3f\nkeygen-threads: %u\n", seconds_since (started), threads);

  if (last != NULL && !time_protection (last))
    return 1;
  return 0;
}
