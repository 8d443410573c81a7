/* ok-test-dbus.c — watching the desktop notifications that reach the session's notification
 * server
 *
 * A second connection to the session bus turns itself into a monitor (BecomeMonitor) for
 * Notify calls, so the tests see exactly what the notification server (dunst in the test
 * session) is asked to show, from any process.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-test-dbus.h"

struct _OkTestNotifications
{
  GDBusConnection *connection;
  GAsyncQueue     *calls;       /* OkTestNotify, from GDBus' worker thread */
};

void
ok_test_notify_free (OkTestNotify *notify)
{
  if (notify == NULL)
    return;

  g_free (notify->sender);
  g_free (notify->app_name);
  g_free (notify->summary);
  g_free (notify->body);
  g_strfreev (notify->actions);
  g_free (notify->desktop_entry);
  g_free (notify);
}

static OkTestNotify *
parse_notify (GDBusMessage *message)
{
  GVariant *body = g_dbus_message_get_body (message);
  g_autoptr(GVariant) hints = NULL;
  OkTestNotify *notify;
  guchar urgency;

  if (body == NULL || !g_variant_is_of_type (body, G_VARIANT_TYPE ("(susssasa{sv}i)")))
    return NULL;

  notify = g_new0 (OkTestNotify, 1);
  notify->sender = g_strdup (g_dbus_message_get_sender (message));
  g_variant_get (body, "(su&s&s&s^as@a{sv}i)", &notify->app_name, NULL, NULL,
                 NULL, NULL, &notify->actions, &hints, NULL);
  g_variant_get_child (body, 3, "s", &notify->summary);
  g_variant_get_child (body, 4, "s", &notify->body);
  notify->urgency = g_variant_lookup (hints, "urgency", "y", &urgency) ? urgency : -1;
  g_variant_lookup (hints, "desktop-entry", "s", &notify->desktop_entry);

  return notify;
}

static GDBusMessage *
filter (GDBusConnection *connection,
        GDBusMessage    *message,
        gboolean         incoming,
        gpointer         user_data)
{
  OkTestNotifications *watch = user_data;
  const char *own_name = g_dbus_connection_get_unique_name (connection);
  OkTestNotify *notify;

  /* Replies to our own calls must reach GDBus. Everything else is a monitored copy and stops
   * here: a monitor connection that answered a call would be thrown off the bus. */
  if (!incoming || own_name == NULL || g_strcmp0 (g_dbus_message_get_destination (message), own_name) == 0)
    return message;

  if (g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
      g_strcmp0 (g_dbus_message_get_member (message), "Notify") == 0 &&
      (notify = parse_notify (message)) != NULL)
    g_async_queue_push (watch->calls, notify);

  g_object_unref (message);
  return NULL;
}

OkTestNotifications *
ok_test_notifications_start (void)
{
  OkTestNotifications *watch = g_new0 (OkTestNotifications, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) reply = NULL;

  g_assert_no_error (error);
  watch->calls = g_async_queue_new_full ((GDestroyNotify) ok_test_notify_free);
  watch->connection = g_dbus_connection_new_for_address_sync (address,
                                                              G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                              G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                              NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (watch->connection, filter, watch, NULL);

  reply = g_dbus_connection_call_sync (watch->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus.Monitoring", "BecomeMonitor",
                                       g_variant_new ("(^asu)", (const char *[]) {
                                         "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
                                         NULL }, 0),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 20000, NULL, &error);
  g_assert_no_error (error);

  return watch;
}

void
ok_test_notifications_stop (OkTestNotifications *watch)
{
  if (watch == NULL)
    return;

  g_dbus_connection_close_sync (watch->connection, NULL, NULL);
  g_clear_object (&watch->connection);
  g_clear_pointer (&watch->calls, g_async_queue_unref);
  g_free (watch);
}

OkTestNotify *
ok_test_notifications_wait (OkTestNotifications *watch,
                            const char          *summary_part,
                            guint                timeout_seconds)
{
  gint64 deadline = g_get_monotonic_time () + timeout_seconds * G_TIME_SPAN_SECOND;

  while (g_get_monotonic_time () < deadline)
    {
      OkTestNotify *notify;

      /* Notifications sent from this process go out from its main context. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      notify = g_async_queue_timeout_pop (watch->calls, 50 * G_TIME_SPAN_MILLISECOND);
      if (notify == NULL)
        continue;

      if (summary_part == NULL || strstr (notify->summary, summary_part) != NULL)
        return notify;

      g_test_message ("ignoring a notification: %s", notify->summary);
      ok_test_notify_free (notify);
    }

  return NULL;
}

GPtrArray *
ok_test_notifications_collect (OkTestNotifications *watch,
                               guint                settle_ms)
{
  GPtrArray *calls = g_ptr_array_new_with_free_func ((GDestroyNotify) ok_test_notify_free);
  gint64 deadline = g_get_monotonic_time () + settle_ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < deadline)
    {
      OkTestNotify *notify;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      notify = g_async_queue_timeout_pop (watch->calls, 20 * G_TIME_SPAN_MILLISECOND);
      if (notify != NULL)
        g_ptr_array_add (calls, notify);
    }

  return calls;
}

gboolean
ok_test_notify_has_action (OkTestNotify *notify,
                           const char   *key,
                           const char   *label)
{
  for (guint i = 0; notify->actions != NULL && notify->actions[i] != NULL && notify->actions[i + 1] != NULL; i += 2)
    if (g_str_equal (notify->actions[i], key) && g_str_equal (notify->actions[i + 1], label))
      return TRUE;

  return FALSE;
}
