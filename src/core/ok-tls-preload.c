/* ok-tls-preload.c — load the TLS backend and the system trust store off the main thread
 *
 * libsoup asks glib-networking for the default TLS database when it makes its first
 * connection, on the thread that sends the request: the main thread. glib-networking then loads
 * its GIO module and reads and parses the system's CA bundle, 50–250 ms during which a window
 * would not draw. The backend keeps the database once made (behind a mutex), so loading it once
 * in a worker makes the main thread's later request a look-up.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-tls-preload.h"

/**
 * ok_tls_preload:
 *
 * Loads the TLS backend, its default database (the system trust store) and the default proxy
 * resolver, blocking until they are there. Call it in a worker thread; after the first call it
 * returns at once. A second caller while the first still loads waits for the same load.
 */
void
ok_tls_preload (void)
{
  GTlsBackend *backend = g_tls_backend_get_default ();
  g_autoptr(GTlsDatabase) database = g_tls_backend_get_default_database (backend);

  /* libsoup asks for it at the same moment; it may load a GIO module of its own. */
  (void) g_proxy_resolver_get_default ();
}

static void
preload_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ok_tls_preload ();
  g_task_return_boolean (task, TRUE);
}

/**
 * ok_tls_preload_in_background:
 *
 * Starts ok_tls_preload() in a worker thread and returns at once; for a window that will soon
 * make a TLS connection (the issue dialog).
 */
void
ok_tls_preload_in_background (void)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_source_tag (task, ok_tls_preload_in_background);
  g_task_run_in_thread (task, preload_thread);
}
