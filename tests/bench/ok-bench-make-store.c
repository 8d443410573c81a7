/* ok-bench-make-store.c — fills a store with monitor-only, OCES3-shaped certificates for
 * build-aux/bench
 *
 * The entries go in through the core's own OkStore, so the layout, the facts and trust caches
 * and the event log are exactly what the app writes. The leaves are OCES3-shaped (subject, key
 * usage, policy, CRL point) and share one RSA-3072 key (a monitor-only entry never needs its
 * own); one issuing CA under one root signs them and chain.pem holds both CAs. The CAs sign
 * with ECDSA P-256 rather than OCES3's RSA-3072 PSS: 10,000 RSA-3072 signatures take minutes on
 * a small machine, and a store with its trust cached never verifies them on load anyway.
 * Signing is spread over every processor.
 *
 *   ok-bench-make-store STORE_DIR COUNT
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ok-store.h"

#define LEAF_BITS 3072
#define DAY (24 * 60 * 60)
#define BENCH_CVR "12345678"

typedef struct
{
  gnutls_x509_crt_t      issuer;
  gnutls_x509_privkey_t  issuer_key;
  gnutls_x509_privkey_t  leaf_key;
  GBytes               **leaves;
  guint                  count;
  gint64                 now;
} Batch;

typedef struct
{
  Batch *batch;
  guint  first;
  guint  last;
} Slice;

static void
check (int         ret,
       const char *what)
{
  if (ret < 0)
    {
      g_printerr ("ok-bench-make-store: %s: %s\n", what, gnutls_strerror (ret));
      exit (1);
    }
}

/* A DirectoryString attribute, DER-encoded by hand so that serialNumber and C can be
 * PrintableString and the rest UTF8String, as in real OCES3 subjects. */
static void
add_name (gnutls_x509_crt_t  crt,
          const char        *oid,
          const char        *value,
          gboolean           printable,
          gboolean           issuer)
{
  gsize length = strlen (value);
  g_autofree guint8 *der = g_malloc (length + 2);

  g_assert (length < 0x80);
  der[0] = printable ? 0x13 : 0x0c;
  der[1] = (guint8) length;
  memcpy (der + 2, value, length);
  if (issuer)
    check (gnutls_x509_crt_set_issuer_dn_by_oid (crt, oid, 1, der, length + 2), oid);
  else
    check (gnutls_x509_crt_set_dn_by_oid (crt, oid, 1, der, length + 2), oid);
}

static void
set_serial (gnutls_x509_crt_t crt)
{
  guint8 serial[20];

  check (gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial), "serial");
  serial[0] = (serial[0] & 0x7f) | 0x01;
  check (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "serial");
}

static void
set_key_ids (gnutls_x509_crt_t crt,
             gnutls_x509_crt_t issuer)
{
  guint8 id[64];
  size_t size = sizeof id;

  check (gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA1, id, &size), "key id");
  check (gnutls_x509_crt_set_subject_key_id (crt, id, size), "subject key id");
  size = sizeof id;
  check (gnutls_x509_crt_get_key_id (issuer, GNUTLS_KEYID_USE_SHA1, id, &size), "issuer key id");
  check (gnutls_x509_crt_set_authority_key_id (crt, id, size), "authority key id");
}

static void
sign (gnutls_x509_crt_t     crt,
      gnutls_x509_crt_t     issuer,
      gnutls_x509_privkey_t issuer_key)
{
  gnutls_privkey_t key;

  check (gnutls_privkey_init (&key), "private key");
  check (gnutls_privkey_import_x509 (key, issuer_key, 0), "private key");
  check (gnutls_x509_crt_privkey_sign (crt, issuer, key, GNUTLS_DIG_SHA256, 0), "sign");
  gnutls_privkey_deinit (key);
}

static GBytes *
export_der (gnutls_x509_crt_t crt)
{
  gnutls_datum_t der = { NULL, 0 };
  GBytes *bytes;

  check (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der), "export");
  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  return bytes;
}

static gnutls_x509_privkey_t
generate_key (gnutls_pk_algorithm_t algorithm,
              unsigned int          bits)
{
  gnutls_x509_privkey_t key;

  check (gnutls_x509_privkey_init (&key), "key");
  check (gnutls_x509_privkey_generate2 (key, algorithm, bits, 0, NULL, 0), "key generation");
  return key;
}

static gnutls_x509_crt_t
make_ca (const char            *common_name,
         gnutls_x509_privkey_t  key,
         gnutls_x509_crt_t      parent,
         gnutls_x509_privkey_t  parent_key,
         gint64                 now)
{
  gnutls_x509_crt_t crt;

  check (gnutls_x509_crt_init (&crt), "certificate");
  check (gnutls_x509_crt_set_version (crt, 3), "version");
  set_serial (crt);
  add_name (crt, GNUTLS_OID_X520_COMMON_NAME, common_name, FALSE, FALSE);
  add_name (crt, GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, "Test - cti", FALSE, FALSE);
  add_name (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, "OCES Keeper Benchmark", FALSE, FALSE);
  add_name (crt, GNUTLS_OID_X520_COUNTRY_NAME, "DK", TRUE, FALSE);
  check (gnutls_x509_crt_set_key (crt, key), "key");
  check (gnutls_x509_crt_set_activation_time (crt, now - DAY), "validity");
  check (gnutls_x509_crt_set_expiration_time (crt, now + 20 * 365 * (gint64) DAY), "validity");
  check (gnutls_x509_crt_set_basic_constraints (crt, 1, parent == NULL ? -1 : 0), "basic constraints");
  check (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN), "key usage");
  set_key_ids (crt, parent != NULL ? parent : crt);
  sign (crt, parent != NULL ? parent : crt, parent != NULL ? parent_key : key);
  return crt;
}

static GBytes *
make_leaf (Batch *batch,
           guint  index)
{
  gnutls_x509_crt_t crt;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *serial_number = g_strdup_printf ("UI:DK-O:G:%s", uuid);
  g_autofree char *common_name = g_strdup_printf ("Bench system %05u", index + 1);
  gnutls_x509_policy_st policy = { .oid = (char *) "1.2.208.169.1.1.1.3.7", .qualifiers = 0 };
  /* Spread over 100 days to three years, so that nothing is due while the benchmark runs. */
  gint64 not_after = batch->now + (100 + (gint64) index % 1000) * DAY;
  GBytes *der;

  check (gnutls_x509_crt_init (&crt), "certificate");
  check (gnutls_x509_crt_set_version (crt, 3), "version");
  set_serial (crt);
  add_name (crt, GNUTLS_OID_X520_COMMON_NAME, common_name, FALSE, FALSE);
  add_name (crt, "2.5.4.5", serial_number, TRUE, FALSE);
  add_name (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, "Bench Bageriet ApS", FALSE, FALSE);
  add_name (crt, "2.5.4.97", "NTRDK-" BENCH_CVR, FALSE, FALSE);
  add_name (crt, GNUTLS_OID_X520_COUNTRY_NAME, "DK", TRUE, FALSE);
  check (gnutls_x509_crt_set_key (crt, batch->leaf_key), "key");
  check (gnutls_x509_crt_set_activation_time (crt, not_after - 3 * 365 * (gint64) DAY), "validity");
  check (gnutls_x509_crt_set_expiration_time (crt, not_after), "validity");
  check (gnutls_x509_crt_set_basic_constraints (crt, 0, -1), "basic constraints");
  check (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT), "key usage");
  check (gnutls_x509_crt_set_policy (crt, &policy, 0), "policy");
  check (gnutls_x509_crt_set_crl_dist_points (crt, GNUTLS_SAN_URI, "http://ca.oces-keeper.example/bench.crl", 0),
         "CRL distribution point");
  set_key_ids (crt, batch->issuer);
  sign (crt, batch->issuer, batch->issuer_key);

  der = export_der (crt);
  gnutls_x509_crt_deinit (crt);
  return der;
}

static void
sign_slice (gpointer data,
            gpointer user_data)
{
  Slice *slice = data;

  for (guint i = slice->first; i < slice->last; i++)
    slice->batch->leaves[i] = make_leaf (slice->batch, i);
}

typedef struct
{
  guint   pending;
  GError *error;
} Adding;

static void
added (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  Adding *adding = user_data;
  g_autoptr(OkCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  certificate = ok_store_add_finish (OK_STORE (object), result, &error);
  if (certificate == NULL && adding->error == NULL)
    adding->error = g_steal_pointer (&error);
  adding->pending--;
}

static void
add_all (OkStore   *store,
         Batch     *batch,
         GPtrArray *chain)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  Adding adding = { 0, NULL };

  g_ptr_array_add (events, ok_event_new (OK_EVENT_TYPE_IMPORTED, "Imported for the benchmark.", NULL));
  for (guint i = 0; i < batch->count; i++)
    {
      g_autofree char *name = g_strdup_printf ("Bench certificate %05u", i + 1);

      adding.pending++;
      ok_store_add_async (store, batch->leaves[i], chain, NULL, name, OK_ENVIRONMENT_UNKNOWN, events,
                          NULL, added, &adding);
      /* Keep the queue short: every queued add holds its metadata text. */
      while (adding.pending > 64)
        g_main_context_iteration (NULL, TRUE);
    }
  while (adding.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  if (adding.error != NULL)
    {
      g_printerr ("ok-bench-make-store: %s\n", adding.error->message);
      exit (1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GThreadPool *pool;
  g_autofree Slice *slices = NULL;
  gnutls_x509_privkey_t root_key;
  gnutls_x509_crt_t root;
  guint n_threads = MAX (1, g_get_num_processors ());
  Batch batch = { NULL };
  gint64 started = g_get_monotonic_time ();

  if (argc != 3)
    {
      g_printerr ("Usage: ok-bench-make-store STORE_DIR COUNT\n");
      return 2;
    }

  batch.count = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  batch.now = g_get_real_time () / G_USEC_PER_SEC;
  batch.leaves = g_new0 (GBytes *, MAX (batch.count, 1));

  root_key = generate_key (GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1));
  batch.issuer_key = generate_key (GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1));
  batch.leaf_key = generate_key (GNUTLS_PK_RSA, LEAF_BITS);
  root = make_ca ("OCES Keeper Benchmark Root", root_key, NULL, NULL, batch.now);
  batch.issuer = make_ca ("OCES Keeper Benchmark Issuing CA", batch.issuer_key, root, root_key, batch.now);
  g_ptr_array_add (chain, export_der (batch.issuer));
  g_ptr_array_add (chain, export_der (root));

  if (g_getenv ("OK_BENCH_VERBOSE") != NULL)
    g_printerr ("keys and CAs: %.1f s\n", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  slices = g_new0 (Slice, n_threads);
  pool = g_thread_pool_new (sign_slice, NULL, n_threads, TRUE, NULL);
  for (guint t = 0; t < n_threads; t++)
    {
      slices[t].batch = &batch;
      slices[t].first = batch.count * t / n_threads;
      slices[t].last = batch.count * (t + 1) / n_threads;
      g_thread_pool_push (pool, &slices[t], NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  if (g_getenv ("OK_BENCH_VERBOSE") != NULL)
    g_printerr ("signed: %.1f s\n", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  store = ok_store_new (argv[1]);
  add_all (store, &batch, chain);

  g_printerr ("ok-bench-make-store: %u certificates in %.1f s\n", batch.count,
              (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  for (guint i = 0; i < batch.count; i++)
    g_bytes_unref (batch.leaves[i]);
  g_free (batch.leaves);
  gnutls_x509_crt_deinit (batch.issuer);
  gnutls_x509_crt_deinit (root);
  gnutls_x509_privkey_deinit (batch.issuer_key);
  gnutls_x509_privkey_deinit (batch.leaf_key);
  gnutls_x509_privkey_deinit (root_key);
  return 0;
}
