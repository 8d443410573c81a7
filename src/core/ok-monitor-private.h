/* ok-monitor-private.h — what OkMonitor (ok-monitor.c: the timer and the events that call for
 * a fresh look) shares with the two ways of making a pass: in this process over an OkStore
 * (ok-monitor-pass.c) or in a worker process (ok-monitor-worker.c)
 *
 * ok-monitor.c must not call into the store, the certificates or the CA client: the monitor
 * process links only what it calls, and that is what keeps it small while it waits.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-monitor.h"

G_BEGIN_DECLS

typedef struct
{
  /* Makes one pass and ends it with ok_monitor_pass_done (self, tasks, …). */
  void (*run)  (OkMonitor *self,
                gpointer   data,
                GPtrArray *tasks);
  void (*free) (gpointer   data);
} OkMonitorRunner;

struct _OkMonitor
{
  GObject                parent_instance;

  const OkMonitorRunner *runner;
  gpointer               runner_data;
  char                  *stamp_path;
  GApplication          *application;
  GSettings             *settings;           /* NULL where the schema is not installed */
  OkMonitorClock         clock;
  gpointer               clock_data;

  gboolean               renews;             /* FALSE: reminders only (the open window) */
  gboolean               started;
  gboolean               running;            /* a pass is under way */
  gboolean               pass_requested;     /* another pass must follow it */
  GPtrArray             *waiting;            /* GTasks of ok_monitor_run_once_async() */
  gint64                 next_due;
  guint                  timer_id;
  guint                  debounce_id;

  GCancellable          *cancellable;
  GFileMonitor          *stamp_monitor;
  GNetworkMonitor       *network;
  gboolean               network_available;
  GDBusConnection       *system_bus;
  guint                  sleep_subscription;
};

OkMonitor *ok_monitor_new_with_runner (const OkMonitorRunner *runner,
                                       gpointer               data,
                                       const char            *stamp_path);
gint64     ok_monitor_now             (OkMonitor             *self);
void       ok_monitor_emit_notice     (OkMonitor             *self,
                                       OkNotice              *notice);
void       ok_monitor_pass_done       (OkMonitor             *self,
                                       GPtrArray             *tasks,
                                       gint64                 next_due,
                                       GError                *error);

G_END_DECLS
