/* ok-monitor.c — OkMonitor: when the next reminder or renewal is due, one timer until then,
 * and the events that call for a fresh look sooner
 *
 * The monitor sleeps on a single timer set for the next instant anything is due (capped at a
 * day, which only matters when the wall clock jumps without telling anyone). It looks again
 * at once when the machine resumes from suspend (logind's PrepareForSleep(false)), when the
 * network comes back, when the reminder settings change, and when another process writes the
 * store (its change stamp). Each look is one pass, made in this process over an OkStore
 * (ok-monitor-pass.c) or by a worker process (ok-monitor-worker.c).
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-monitor-private.h"
#include "ok-state.h"

#define MAX_SLEEP_SECONDS (24 * 60 * 60)
/* Writes come in bursts (a renewal is several); one pass after the burst is enough. */
#define STAMP_DEBOUNCE_MS 300
/* After a pass failed (the store could not be read), try again after this. */
#define RETRY_SECONDS (60 * 60)

G_DEFINE_FINAL_TYPE (OkMonitor, ok_monitor, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_APPLICATION,
  PROP_NEXT_DUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  NOTICE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gint64
ok_monitor_now (OkMonitor *self)
{
  return self->clock (self->clock_data);
}

/* ---- passes and the timer ------------------------------------------------------------------ */

static void
start_pass (OkMonitor *self)
{
  GPtrArray *tasks = g_ptr_array_new_with_free_func (g_object_unref);

  /* Callers waiting now are answered by this pass, which starts after they asked. */
  g_ptr_array_extend_and_steal (tasks, g_steal_pointer (&self->waiting));
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);

  self->running = TRUE;
  self->pass_requested = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->runner->run (self, self->runner_data, tasks);
}

static void
request_pass (OkMonitor *self)
{
  if (self->running)
    self->pass_requested = TRUE;
  else
    start_pass (self);
}

static gboolean
timer_fired (gpointer user_data)
{
  OkMonitor *self = user_data;

  self->timer_id = 0;
  request_pass (self);

  return G_SOURCE_REMOVE;
}

static void
arm_timer (OkMonitor *self)
{
  gint64 delay;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (!self->started || self->next_due == OK_STATE_NEVER)
    return;

  delay = CLAMP (self->next_due - ok_monitor_now (self), 1, MAX_SLEEP_SECONDS);
  self->timer_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, (guint) delay, timer_fired, self, NULL);
  g_source_set_name_by_id (self->timer_id, "[oces-keeper] monitor timer");
}

static void stamp_changed (GFileMonitor      *monitor,
                           GFile             *file,
                           GFile             *other_file,
                           GFileMonitorEvent  event,
                           gpointer           user_data);

/* Only once the first pass has made the store's folder: watching a file in a folder that does
 * not exist yet makes GLib poll for the folder every few seconds. */
static void
watch_stamp (OkMonitor *self)
{
  g_autoptr(GFile) stamp = NULL;
  g_autoptr(GError) error = NULL;

  if (!self->started || self->stamp_monitor != NULL)
    return;

  stamp = g_file_new_for_path (self->stamp_path);
  self->stamp_monitor = g_file_monitor_file (stamp, G_FILE_MONITOR_NONE, self->cancellable, &error);
  if (self->stamp_monitor != NULL)
    g_signal_connect_object (self->stamp_monitor, "changed", G_CALLBACK (stamp_changed), self, 0);
  else
    g_warning ("Changes made by other programs will be noticed late: %s", error->message);
}

void
ok_monitor_pass_done (OkMonitor *self,
                      GPtrArray *tasks,
                      gint64     next_due,
                      GError    *error)
{
  g_autoptr(GPtrArray) answered = tasks;

  self->running = FALSE;

  if (error != NULL)
    {
      /* A message, not a warning: the monitor carries on and tries again shortly. */
      g_message ("The monitor could not look at the store: %s", error->message);
      next_due = ok_monitor_now (self) + RETRY_SECONDS;
    }

  if (self->next_due != next_due)
    {
      self->next_due = next_due;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_DUE]);
    }
  arm_timer (self);
  if (error == NULL)
    watch_stamp (self);

  for (guint i = 0; i < answered->len; i++)
    {
      GTask *task = g_ptr_array_index (answered, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_clear_error (&error);

  if (self->pass_requested)
    start_pass (self);
}

/**
 * ok_monitor_set_renews:
 * @renews: %FALSE to only send reminders
 *
 * The open window sends the reminders that are due whether or not the background monitor
 * runs, but leaves renewals to the monitor and to Renew Now.
 */
void
ok_monitor_set_renews (OkMonitor *self,
                       gboolean   renews)
{
  g_return_if_fail (OK_IS_MONITOR (self));

  self->renews = !!renews;
}

void
ok_monitor_emit_notice (OkMonitor *self,
                        OkNotice  *notice)
{
  g_signal_emit (self, signals[NOTICE], 0, notice);

  /* An unregistered application, or one without a session bus, has nowhere to send to. */
  if (self->application != NULL && g_application_get_is_registered (self->application) &&
      g_application_get_dbus_connection (self->application) != NULL)
    {
      g_autoptr(GNotification) notification = ok_notice_to_notification (notice);
      g_autofree char *id = ok_notice_dup_notification_id (notice);

      g_application_send_notification (self->application, id, notification);
    }
}

/* ---- what calls for a fresh look ------------------------------------------------------------ */

static gboolean
debounce_done (gpointer user_data)
{
  OkMonitor *self = user_data;

  self->debounce_id = 0;
  request_pass (self);

  return G_SOURCE_REMOVE;
}

static void
stamp_changed (GFileMonitor      *monitor,
               GFile             *file,
               GFile             *other_file,
               GFileMonitorEvent  event,
               gpointer           user_data)
{
  OkMonitor *self = user_data;

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || self->debounce_id != 0)
    return;

  self->debounce_id = g_timeout_add (STAMP_DEBOUNCE_MS, debounce_done, self);
}

static void
network_changed (GNetworkMonitor *monitor,
                 gboolean         available,
                 gpointer         user_data)
{
  OkMonitor *self = user_data;
  gboolean came_back = available && !self->network_available;

  self->network_available = available;
  if (came_back)
    request_pass (self);
}

static void
prepare_for_sleep (GDBusConnection *connection,
                   const char      *sender_name,
                   const char      *object_path,
                   const char      *interface_name,
                   const char      *signal_name,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  OkMonitor *self = user_data;
  gboolean going_to_sleep = TRUE;

  /* The timer runs on the monotonic clock, which stands still while the machine sleeps. */
  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &going_to_sleep);
  if (!going_to_sleep)
    request_pass (self);
}

static void
system_bus_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);
  OkMonitor *self;

  if (bus == NULL)
    {
      /* Containers and minimal hosts have no system bus; resume is then only noticed by the
       * daily look. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No system bus, so no resume notifications: %s", error->message);
      return;
    }

  self = user_data;
  self->system_bus = bus;
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (bus, "org.freedesktop.login1", "org.freedesktop.login1.Manager",
                                        "PrepareForSleep", "/org/freedesktop/login1", NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, prepare_for_sleep, self, NULL);
}

static void
settings_changed (GSettings  *settings,
                  const char *key,
                  gpointer    user_data)
{
  OkMonitor *self = user_data;

  if (g_str_equal (key, "notification-thresholds") || g_str_equal (key, "default-renewal-window-days"))
    request_pass (self);
}

/* The app's settings where the schema is installed. (ok_endpoints_dup_settings() does the same,
 * but would pull the CA client into the monitor process.) */
static GSettings *
dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)))
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/**
 * ok_monitor_start:
 *
 * Makes a first pass now, then keeps watching: the timer, suspend and resume, the network,
 * the settings and changes to the store by other processes.
 */
void
ok_monitor_start (OkMonitor *self)
{
  g_return_if_fail (OK_IS_MONITOR (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  g_signal_connect_object (self->network, "network-changed", G_CALLBACK (network_changed), self, 0);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_ready, self);

  request_pass (self);
}

/* ---- object ------------------------------------------------------------------------------- */

static void
ok_monitor_dispose (GObject *object)
{
  OkMonitor *self = OK_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);
  g_clear_object (&self->stamp_monitor);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (ok_monitor_parent_class)->dispose (object);
}

static void
ok_monitor_finalize (GObject *object)
{
  OkMonitor *self = OK_MONITOR (object);

  if (self->runner != NULL && self->runner->free != NULL)
    self->runner->free (self->runner_data);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_free (self->stamp_path);

  G_OBJECT_CLASS (ok_monitor_parent_class)->finalize (object);
}

static void
ok_monitor_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  OkMonitor *self = OK_MONITOR (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    case PROP_NEXT_DUE:
      g_value_set_int64 (value, self->next_due);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_monitor_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  OkMonitor *self = OK_MONITOR (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      ok_monitor_set_application (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_monitor_class_init (OkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ok_monitor_dispose;
  object_class->finalize = ok_monitor_finalize;
  object_class->get_property = ok_monitor_get_property;
  object_class->set_property = ok_monitor_set_property;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL, G_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_DUE] =
    g_param_spec_int64 ("next-due", NULL, NULL, 0, G_MAXINT64, OK_STATE_NEVER,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OkMonitor::notice:
   * @notice: what the user is told
   *
   * Emitted for every reminder and renewal outcome, before it is sent as a notification
   * through #OkMonitor:application (when that is set and registered).
   */
  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, OK_TYPE_NOTICE);
}

static void
ok_monitor_init (OkMonitor *self)
{
  self->clock = real_clock;
  self->next_due = OK_STATE_NEVER;
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->network = g_network_monitor_get_default ();
  self->network_available = g_network_monitor_get_network_available (self->network);
  self->settings = dup_settings ();

  if (self->settings != NULL)
    g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed), self);
}

OkMonitor *
ok_monitor_new_with_runner (const OkMonitorRunner *runner,
                            gpointer               data,
                            const char            *stamp_path)
{
  OkMonitor *self = g_object_new (OK_TYPE_MONITOR, NULL);

  self->runner = runner;
  self->runner_data = data;
  self->stamp_path = g_strdup (stamp_path);
  self->renews = TRUE;

  return self;
}

GApplication *
ok_monitor_get_application (OkMonitor *self)
{
  g_return_val_if_fail (OK_IS_MONITOR (self), NULL);

  return self->application;
}

/**
 * ok_monitor_set_application:
 * @application: (nullable): a registered application whose id is the APP_ID, to send the
 *   notifications from; %NULL to only emit #OkMonitor::notice
 */
void
ok_monitor_set_application (OkMonitor    *self,
                            GApplication *application)
{
  g_return_if_fail (OK_IS_MONITOR (self));
  g_return_if_fail (application == NULL || G_IS_APPLICATION (application));

  if (g_set_object (&self->application, application))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATION]);
}

/**
 * ok_monitor_set_clock:
 * @clock: (nullable): the time source, or %NULL for the real time
 */
void
ok_monitor_set_clock (OkMonitor      *self,
                      OkMonitorClock  clock,
                      gpointer        user_data)
{
  g_return_if_fail (OK_IS_MONITOR (self));

  self->clock = clock != NULL ? clock : real_clock;
  self->clock_data = clock != NULL ? user_data : NULL;
}

/**
 * ok_monitor_get_next_due:
 *
 * Returns: when the latest pass found that anything is next due (unix seconds), or
 *   %OK_STATE_NEVER
 */
gint64
ok_monitor_get_next_due (OkMonitor *self)
{
  g_return_val_if_fail (OK_IS_MONITOR (self), OK_STATE_NEVER);

  return self->next_due;
}

/**
 * ok_monitor_run_once_async:
 *
 * Makes one pass now: reloads the store, renews what is due and sends the reminders that are
 * due. A pass already under way is followed by a fresh one for this call.
 */
void
ok_monitor_run_once_async (OkMonitor           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OK_IS_MONITOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_monitor_run_once_async);
  g_ptr_array_add (self->waiting, g_object_ref (task));
  request_pass (self);
}

gboolean
ok_monitor_run_once_finish (OkMonitor     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
