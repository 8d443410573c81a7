/* ok-monitor.h — OkMonitor: the background monitor's schedule of expiry reminders and
 * automatic renewals over an OkStore
 *
 * One OkMonitor sleeps on a single timer until anything is next due and then makes a pass:
 * it reloads the store, renews what is due, sends the reminders that are due and works out
 * the next due time. It also looks at once after resume from suspend, when the network comes
 * back, when the reminder settings change and when another process writes the store.
 *
 * A pass is made either in this process over an OkStore (ok_monitor_new(): the CLI's
 * `monitor --once`, tests), or by a worker process (ok_monitor_new_for_worker(): the
 * long-running oces-keeper-monitor runs `oces-keeper-cli monitor --once --json` and sends what
 * it reports). The latter keeps the process that waits for days free of the store, the TLS
 * and the CA client: about 6 MB instead of 16 MB resident with a thousand certificates.
 *
 * How a click on a notification reaches the GUI
 * ---------------------------------------------
 * The monitor process (oces-keeper-monitor) and `oces-keeper-cli monitor --once` send their
 * notifications from a GApplication whose id is the APP_ID itself, registered with
 * G_APPLICATION_NON_UNIQUE so that it never takes the GUI's bus name. The actions are
 *
 *   app.show-certificate   (OK_NOTICE_ACTION_SHOW,  target: the certificate id, "s")
 *       the default action and the "Open" button: show that certificate in the window
 *   app.renew-certificate  (OK_NOTICE_ACTION_RENEW, target: the certificate id, "s")
 *       the "Renew Now" button: renew that certificate now, showing the progress
 *
 * and the GUI (`oces-keeper`, D-Bus activatable through data/…service) implements both.
 * Which process a click lands in depends on GLib's notification backend:
 *
 * - org.gtk.Notifications (GNOME Shell) and the Flatpak portal look the app up by the id the
 *   notification was sent under, and activate the action on that id over D-Bus
 *   (org.freedesktop.Application.ActivateAction). Sending under APP_ID means the click goes
 *   straight to the GUI, which D-Bus starts when it is not running. (GNOME Shell refuses
 *   notifications from an id that has no .desktop file, so a separate "…Monitor" id would
 *   need one of its own just to be shown.)
 * - org.freedesktop.Notifications (dunst, KDE, XFCE, …) answers with an ActionInvoked signal
 *   that only the sending process hears, and GLib then activates the action on the sending
 *   GApplication. The monitor therefore installs the same two actions on its own
 *   GApplication and forwards them to the GUI with ActivateAction on APP_ID — which D-Bus
 *   activates — see src/monitor/. A one-shot `monitor --once` exits right away, so on such
 *   servers its notifications are informative only.
 *
 * A second monitor of the same store is kept out by the bus name the monitor process owns
 * while it runs: APP_ID ".Monitor" for the user's store (ok_monitor_dup_bus_name()).
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ok-notice.h"
#include "ok-store.h"

G_BEGIN_DECLS

#define OK_MONITOR_BUS_NAME_SUFFIX ".Monitor"

/* Unix seconds; the monitor reads the time only through this, so tests can move it. */
typedef gint64 (*OkMonitorClock) (gpointer user_data);

#define OK_TYPE_MONITOR (ok_monitor_get_type ())

G_DECLARE_FINAL_TYPE (OkMonitor, ok_monitor, OK, MONITOR, GObject)

OkMonitor    *ok_monitor_new              (OkStore             *store);
OkMonitor    *ok_monitor_new_for_worker   (const char * const  *worker_argv);
char         *ok_monitor_dup_bus_name     (void);
OkStore      *ok_monitor_get_store        (OkMonitor           *self);
GApplication *ok_monitor_get_application  (OkMonitor           *self);
void          ok_monitor_set_application  (OkMonitor           *self,
                                           GApplication        *application);
void          ok_monitor_set_clock        (OkMonitor           *self,
                                           OkMonitorClock       clock,
                                           gpointer             user_data);
GArray       *ok_monitor_get_thresholds   (OkMonitor           *self);
void          ok_monitor_set_thresholds   (OkMonitor           *self,
                                           GArray              *thresholds);
gint64        ok_monitor_get_next_due     (OkMonitor           *self);
void          ok_monitor_set_renews       (OkMonitor           *self,
                                           gboolean             renews);

void          ok_monitor_start            (OkMonitor           *self);

void          ok_monitor_run_once_async   (OkMonitor           *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      ok_monitor_run_once_finish  (OkMonitor           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
