/* ok-tls-preload.c — load the TLS backend and the system trust store off the main thread
 *
 * libsoup asks glib-networking for the default TLS database when it makes its first
 * connection, on the thread that sends the request: the main thread. glib-networking then loads
 * its GIO module and reads and parses the system's CA bundle, 50–250 ms during which a window
 * would not draw. The backend keeps the database once made (behind a mutex), so loading it once
 * in a worker makes the main thread's later request a look-up.
 *
 * The database is not all: the first TLS connection in a process also initialises
 * glib-networking's connection classes and GnuTLS priorities (about 27 ms on an idle machine),
 * on the thread that makes it. A connection made here, over streams that never carry a byte,
 * pays that here. Each connection still loads the system trust store into credentials of its
 * own (glib-networking 2.74), which is why OkMitidIssuer makes its connections in a thread.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-tls-preload.h"

static gsize connection_ready;

/* Makes, and drops, a client connection that is never handshaken: the first one made in a
 * process is what initialises the connection classes and priorities. */
static void
preload_connection_setup (void)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new ();
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) stream = g_simple_io_stream_new (input, output);
  g_autoptr(GIOStream) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_tls_client_connection_new (stream, NULL, &error);
  if (connection == NULL)
    g_debug ("Could not set up a TLS connection ahead of time: %s", error->message);
}

/**
 * ok_tls_preload:
 *
 * Loads the TLS backend, its default database (the system trust store), the one-time set-up
 * of its connections and the default proxy resolver, blocking until they are there. Call it
 * in a worker thread; after the first call it returns at once. A second caller while the
 * first still loads waits for the same load.
 */
void
ok_tls_preload (void)
{
  GTlsBackend *backend = g_tls_backend_get_default ();
  g_autoptr(GTlsDatabase) database = g_tls_backend_get_default_database (backend);

  /* libsoup asks for it at the same moment; it may load a GIO module of its own. */
  (void) g_proxy_resolver_get_default ();

  /* Every connection loads the trust store again: one is all the set-up needs. */
  if (g_once_init_enter (&connection_ready))
    {
      preload_connection_setup ();
      g_once_init_leave (&connection_ready, 1);
    }
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
