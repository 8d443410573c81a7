/* ok-test-dbus.h — watching the desktop notifications that reach the session's notification
 * server, as a D-Bus monitor (BecomeMonitor) sees the Notify calls
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One org.freedesktop.Notifications.Notify call. */
typedef struct
{
  char   *sender;
  char   *app_name;
  char   *summary;
  char   *body;
  GStrv   actions;        /* pairs: action key, label */
  int     urgency;        /* the "urgency" hint, -1 without one */
  char   *desktop_entry;  /* the "desktop-entry" hint, or NULL */
} OkTestNotify;

void          ok_test_notify_free                (OkTestNotify  *notify);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkTestNotify, ok_test_notify_free)

typedef struct _OkTestNotifications OkTestNotifications;

OkTestNotifications *ok_test_notifications_start  (void);
void          ok_test_notifications_stop          (OkTestNotifications *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkTestNotifications, ok_test_notifications_stop)

/* The next Notify call whose summary contains @summary_part (any call when NULL), waiting up
 * to @timeout_seconds while the default main context runs; NULL when none came. Calls that do
 * not match are dropped. */
OkTestNotify *ok_test_notifications_wait          (OkTestNotifications *watch,
                                                   const char          *summary_part,
                                                   guint                timeout_seconds);
/* Every Notify call seen within the next @settle_ms (the main context runs meanwhile). */
GPtrArray    *ok_test_notifications_collect       (OkTestNotifications *watch,
                                                   guint                settle_ms);

gboolean      ok_test_notify_has_action           (OkTestNotify        *notify,
                                                   const char          *key,
                                                   const char          *label);

G_END_DECLS
