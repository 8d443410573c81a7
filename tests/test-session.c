/* test-session.c — the desktop services the app relies on are really there in the test
 * session: the Secret Service (gnome-keyring) and a notification server (dunst)
 *
 * Secrets are cross-checked with `secret-tool`; notifications are watched on the bus through
 * a D-Bus monitor connection (BecomeMonitor), so the test sees the very Notify call GLib sends
 * and the server's reply to it.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libsecret/secret.h>
#include <unistd.h>

#define TIMEOUT_SECONDS 20

static const SecretSchema test_schema = {
  "io.github.oceskeeper.OcesKeeper.SessionTest", SECRET_SCHEMA_NONE,
  {
    { "test-case", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "token", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* Items made by secret-tool carry no xdg:schema attribute, so they are found by attributes
 * alone. */
static const SecretSchema attributes_only_schema = {
  "io.github.oceskeeper.OcesKeeper.SessionTest", SECRET_SCHEMA_DONT_MATCH_NAME,
  {
    { "test-case", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "token", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} AsyncWait;

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static gboolean
cancel_on_timeout (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

/* Each keyring call runs under a cancellable that fires after TIMEOUT_SECONDS: if the keyring
 * ever wanted to show a prompt, the test fails instead of hanging. */
typedef struct {
  AsyncWait     wait;
  GCancellable *cancellable;
  guint         timeout_id;
} BoundedCall;

static void
bounded_call_begin (BoundedCall *call)
{
  call->wait.loop = g_main_loop_new (NULL, FALSE);
  call->wait.result = NULL;
  call->cancellable = g_cancellable_new ();
  call->timeout_id = g_timeout_add_seconds (TIMEOUT_SECONDS, cancel_on_timeout, call->cancellable);
}

static GAsyncResult *
bounded_call_finish (BoundedCall *call)
{
  g_main_loop_run (call->wait.loop);
  g_source_remove (call->timeout_id);
  g_clear_pointer (&call->wait.loop, g_main_loop_unref);
  g_clear_object (&call->cancellable);
  return call->wait.result;
}

static void
store_secret (const SecretSchema *schema,
              const char         *test_case,
              const char         *token,
              const char         *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BoundedCall call;

  bounded_call_begin (&call);
  secret_password_store (schema, SECRET_COLLECTION_DEFAULT, "OCES Keeper session test", secret,
                         call.cancellable, store_result, &call.wait,
                         "test-case", test_case, "token", token, NULL);
  result = bounded_call_finish (&call);
  g_assert_true (secret_password_store_finish (result, &error));
  g_assert_no_error (error);
}

static char *
lookup_secret (const SecretSchema *schema,
               const char         *test_case,
               const char         *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;
  BoundedCall call;

  bounded_call_begin (&call);
  secret_password_lookup (schema, call.cancellable, store_result, &call.wait,
                          "test-case", test_case, "token", token, NULL);
  result = bounded_call_finish (&call);
  secret = secret_password_lookup_finish (result, &error);
  g_assert_no_error (error);
  return secret;
}

static gboolean
clear_secret (const SecretSchema *schema,
              const char         *test_case,
              const char         *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean removed;
  BoundedCall call;

  bounded_call_begin (&call);
  secret_password_clear (schema, call.cancellable, store_result, &call.wait,
                         "test-case", test_case, "token", token, NULL);
  result = bounded_call_finish (&call);
  removed = secret_password_clear_finish (result, &error);
  g_assert_no_error (error);
  return removed;
}

/* Runs secret-tool with the secret (if any) on stdin, never in argv; returns its stdout. */
static char *
run_secret_tool (const char * const *argv,
                 const char         *input,
                 int                *exit_status)
{
  g_autoptr(GPtrArray) full_argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *out = NULL;
  guint timeout_id;

  g_ptr_array_add (full_argv, (gpointer) "secret-tool");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full_argv, (gpointer) argv[i]);
  g_ptr_array_add (full_argv, NULL);

  process = g_subprocess_newv ((const char * const *) full_argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  timeout_id = g_timeout_add_seconds (TIMEOUT_SECONDS, cancel_on_timeout, cancellable);
  g_subprocess_communicate_utf8 (process, input, cancellable, &out, NULL, &error);
  g_source_remove (timeout_id);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  *exit_status = g_subprocess_get_exit_status (process);
  return g_steal_pointer (&out);
}

static void
test_secret_store_lookup (void)
{
  g_autofree char *token = g_uuid_string_random ();
  g_autofree char *nonce = g_uuid_string_random ();
  g_autofree char *secret = g_strdup_printf ("throwaway-%s", nonce);
  g_autofree char *looked_up = NULL;
  g_autofree char *tool_out = NULL;
  int status;

  store_secret (&test_schema, "store-lookup", token, secret);

  looked_up = lookup_secret (&test_schema, "store-lookup", token);
  g_assert_cmpstr (looked_up, ==, secret);

  /* An independent client of the same keyring daemon sees the same item. */
  tool_out = run_secret_tool ((const char *[]) { "lookup", "test-case", "store-lookup", "token", token, NULL },
                              NULL, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (g_strchomp (tool_out), ==, secret);

  g_assert_true (clear_secret (&test_schema, "store-lookup", token));
  g_clear_pointer (&looked_up, g_free);
  looked_up = lookup_secret (&test_schema, "store-lookup", token);
  g_assert_null (looked_up);

  g_clear_pointer (&tool_out, g_free);
  tool_out = run_secret_tool ((const char *[]) { "lookup", "test-case", "store-lookup", "token", token, NULL },
                              NULL, &status);
  g_assert_cmpint (status, !=, 0);
  g_assert_cmpstr (tool_out, ==, "");
}

static void
test_secret_from_secret_tool (void)
{
  g_autofree char *token = g_uuid_string_random ();
  g_autofree char *nonce = g_uuid_string_random ();
  g_autofree char *secret = g_strdup_printf ("throwaway-%s", nonce);
  g_autofree char *tool_out = NULL;
  g_autofree char *looked_up = NULL;
  int status;

  tool_out = run_secret_tool ((const char *[]) { "store", "--label=OCES Keeper session test",
                                                 "test-case", "from-secret-tool", "token", token, NULL },
                              secret, &status);
  g_assert_cmpint (status, ==, 0);

  looked_up = lookup_secret (&attributes_only_schema, "from-secret-tool", token);
  g_assert_cmpstr (looked_up, ==, secret);
  g_assert_true (clear_secret (&attributes_only_schema, "from-secret-tool", token));
}

/* Messages seen by the monitor connection, handed from GDBus' worker thread to the test. */
static GAsyncQueue *monitored;

static GDBusMessage *
monitor_filter (GDBusConnection *connection,
                GDBusMessage    *message,
                gboolean         incoming,
                gpointer         user_data)
{
  const char *own_name = g_dbus_connection_get_unique_name (connection);

  /* Replies to our own calls (BecomeMonitor) must reach GDBus; everything else is a monitored
   * copy and is dropped here, because a monitor connection that answers a method call is
   * thrown off the bus. */
  if (!incoming || own_name == NULL || g_strcmp0 (g_dbus_message_get_destination (message), own_name) == 0)
    return message;

  g_async_queue_push (monitored, g_object_ref (message));
  g_object_unref (message);
  return NULL;
}

static GDBusConnection *
start_monitor (const char *notification_server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GDBusConnection) monitor = NULL;
  g_autofree char *reply_rule = NULL;
  g_autoptr(GVariant) reply = NULL;

  g_assert_no_error (error);
  monitor = g_dbus_connection_new_for_address_sync (address,
                                                    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                    NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (monitor, monitor_filter, NULL, NULL);

  reply_rule = g_strdup_printf ("type='method_return',sender='%s'", notification_server);
  reply = g_dbus_connection_call_sync (monitor, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus.Monitoring", "BecomeMonitor",
                                       g_variant_new ("(^asu)", (const char *[]) {
                                         "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
                                         reply_rule,
                                         NULL }, 0),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, TIMEOUT_SECONDS * 1000, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&monitor);
}

static char *
notification_server_name (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  char *owner = NULL;

  g_assert_nonnull (bus);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetNameOwner",
                                       g_variant_new ("(s)", "org.freedesktop.Notifications"),
                                       G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, TIMEOUT_SECONDS * 1000,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(s)", &owner);
  return owner;
}

/* Waits for the Notify call whose summary is @title, then for the server's reply to it.
 * Returns the call; *id is the notification id the server handed back. */
static GDBusMessage *
wait_for_notify (const char *title,
                 guint32    *id)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_TIME_SPAN_SECOND;
  g_autoptr(GDBusMessage) call = NULL;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GDBusMessage) message = NULL;

      /* GLib sends Notify asynchronously from this thread's main context. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      message = g_async_queue_timeout_pop (monitored, 50 * G_TIME_SPAN_MILLISECOND);
      if (message == NULL)
        continue;

      if (call == NULL && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
        {
          GVariant *body = g_dbus_message_get_body (message);
          const char *summary = NULL;

          g_assert_nonnull (body);
          g_assert_cmpstr (g_variant_get_type_string (body), ==, "(susssasa{sv}i)");
          g_variant_get_child (body, 3, "&s", &summary);
          if (g_strcmp0 (summary, title) == 0)
            call = g_steal_pointer (&message);
        }
      else if (call != NULL &&
               g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_RETURN &&
               g_dbus_message_get_reply_serial (message) == g_dbus_message_get_serial (call))
        {
          GVariant *body = g_dbus_message_get_body (message);

          g_assert_nonnull (body);
          g_assert_cmpstr (g_variant_get_type_string (body), ==, "(u)");
          g_variant_get (body, "(u)", id);
          return g_steal_pointer (&call);
        }
    }

  g_test_message ("no Notify call with summary “%s” and reply within %d s", title, TIMEOUT_SECONDS);
  g_assert_not_reached ();
}

static void
assert_notification (GNotificationPriority priority,
                     guchar                urgency)
{
  g_autofree char *app_id = g_strdup_printf ("io.github.oceskeeper.OcesKeeper.SessionTest.Pid%d", (int) getpid ());
  g_autoptr(GApplication) application = g_application_new (app_id, G_APPLICATION_DEFAULT_FLAGS);
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GDBusConnection) monitor = NULL;
  g_autoptr(GDBusMessage) call = NULL;
  g_autoptr(GVariant) hints = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = notification_server_name ();
  g_autofree char *nonce = g_uuid_string_random ();
  g_autofree char *title = g_strdup_printf ("Certificate expires soon (%s)", nonce);
  const char *body_text = "“Acme ApS – system” expires in 7 days.";
  const char *summary, *body;
  guchar sent_urgency;
  guint32 id = 0;

  monitored = g_async_queue_new_full (g_object_unref);
  monitor = start_monitor (server);

  g_assert_true (g_application_register (application, NULL, &error));
  g_assert_no_error (error);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body_text);
  g_notification_set_priority (notification, priority);
  g_application_send_notification (application, "expiry", notification);

  call = wait_for_notify (title, &id);
  g_assert_cmpuint (id, >, 0);
  g_assert_cmpstr (g_dbus_message_get_destination (call), ==, "org.freedesktop.Notifications");
  g_assert_cmpstr (g_dbus_message_get_path (call), ==, "/org/freedesktop/Notifications");
  g_variant_get (g_dbus_message_get_body (call), "(&su&s&s&s^a&s@a{sv}i)",
                 NULL, NULL, NULL, &summary, &body, NULL, &hints, NULL);
  g_assert_cmpstr (summary, ==, title);
  g_assert_cmpstr (body, ==, body_text);
  g_assert_true (g_variant_lookup (hints, "urgency", "y", &sent_urgency));
  g_assert_cmpuint (sent_urgency, ==, urgency);

  g_application_withdraw_notification (application, "expiry");
  g_dbus_connection_close_sync (monitor, NULL, NULL);
  g_clear_pointer (&monitored, g_async_queue_unref);
}

static void
test_notification_urgent (void)
{
  assert_notification (G_NOTIFICATION_PRIORITY_URGENT, 2);
}

static void
test_notification_normal (void)
{
  assert_notification (G_NOTIFICATION_PRIORITY_NORMAL, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/secret/store-lookup", test_secret_store_lookup);
  g_test_add_func ("/session/secret/from-secret-tool", test_secret_from_secret_tool);
  g_test_add_func ("/session/notification/urgent", test_notification_urgent);
  g_test_add_func ("/session/notification/normal", test_notification_normal);

  return g_test_run ();
}
