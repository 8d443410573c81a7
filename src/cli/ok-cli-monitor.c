/* ok-cli-monitor.c — status (what is next due) and monitor --once (one pass of the background
 * monitor, for a systemd timer or cron on a host without a desktop session)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-cli-commands.h"
#include "ok-cli-util.h"
#include "ok-endpoints.h"
#include "ok-monitor.h"
#include "ok-schedule.h"
#include "ok-state.h"

/* ---- status ------------------------------------------------------------------------------- */

typedef struct
{
  OkCertificate *certificate;
  OkState        state;
  gint64         next_reminder;
  int            reminder_days;
  gint64         next_renewal;
} StatusRow;

static void
status_row_clear (StatusRow *row)
{
  g_clear_object (&row->certificate);
}

static gint64
next_of (const StatusRow *row)
{
  return MIN (row->next_reminder, row->next_renewal);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  gint64 first = next_of (a);
  gint64 second = next_of (b);

  return (first > second) - (first < second);
}

static void
set_time (JsonObject *object,
          const char *member,
          gint64      unix_time)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (unix_time == OK_STATE_NEVER || !(time = g_date_time_new_from_unix_utc (unix_time)))
    {
      json_object_set_null_member (object, member);
      return;
    }

  text = g_date_time_format_iso8601 (time);
  json_object_set_string_member (object, member, text);
}

static JsonNode *
row_to_json (const StatusRow *row,
             gint64           now)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", ok_certificate_get_id (row->certificate));
  json_object_set_string_member (object, "name", ok_certificate_get_name (row->certificate));
  json_object_set_string_member (object, "state", ok_state_to_string (row->state));
  json_object_set_int_member (object, "days_left", ok_state_get_days_left (row->certificate, now));
  set_time (object, "expires", ok_certificate_get_not_after (row->certificate));

  if (row->next_reminder == OK_STATE_NEVER)
    json_object_set_null_member (object, "next_reminder");
  else
    {
      JsonObject *reminder = json_object_new ();

      json_object_set_int_member (reminder, "days_before_expiry", row->reminder_days);
      set_time (reminder, "at", row->next_reminder);
      json_object_set_boolean_member (reminder, "due", row->next_reminder <= now);
      json_object_set_object_member (object, "next_reminder", reminder);
    }

  set_time (object, "next_renewal_attempt", row->next_renewal);

  return json_node_init_object (json_node_alloc (), object);
}

static char *
describe_time (gint64 unix_time,
               gint64 now)
{
  if (unix_time == OK_STATE_NEVER)
    return g_strdup ("—");
  if (unix_time <= now)
    return g_strdup (_("now"));

  return ok_cli_format_time (unix_time);
}

/* Built in one buffer and printed once: g_print() strips control characters from all it is
 * given, and 10,000 certificates are 40,000 lines. */
static void
print_rows (GArray *rows,
            gint64  now)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      const StatusRow *row = &g_array_index (rows, StatusRow, i);
      g_autofree char *reminder = describe_time (row->next_reminder, now);
      g_autofree char *renewal = describe_time (row->next_renewal, now);
      g_autofree char *expires = ok_cli_format_time (ok_certificate_get_not_after (row->certificate));
      gint64 days_left = ok_state_get_days_left (row->certificate, now);

      g_string_append_printf (text, "%s  %s\n", ok_certificate_get_id (row->certificate),
                              ok_certificate_get_name (row->certificate));
      /* Translators: the first %s is a state such as "Renewal due", the second a date, %d the
       * number of days left (negative once expired) */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "    state: %s; expires %s (%d day left)\n",
                                                 "    state: %s; expires %s (%d days left)\n", (gulong) ABS (days_left)),
                              ok_state_get_display_name (row->state), expires, (int) days_left);
      if (row->next_reminder != OK_STATE_NEVER)
        /* Translators: %s is a date or "now", %d a number of days before expiry */
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "    next reminder: %s (%d day before expiry)\n",
                                                   "    next reminder: %s (%d days before expiry)\n",
                                                   (gulong) row->reminder_days),
                                reminder, row->reminder_days);
      else
        /* Translators: %s is "—": no reminder is coming */
        g_string_append_printf (text, _("    next reminder: %s\n"), reminder);
      /* Translators: %s is a date, "now" or "—" */
      g_string_append_printf (text, _("    next renewal attempt: %s\n"), renewal);

      if (text->len > 64 * 1024)
        {
          g_print ("%s", text->str);
          g_string_truncate (text, 0);
        }
    }

  g_print ("%s", text->str);
}

int
ok_cli_status (int    argc,
               char **argv)
{
  gboolean json = FALSE;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("text (the default), json (every certificate in full) or prometheus (node_exporter textfile format)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("With --format json or prometheus: replace this file atomically instead of printing"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— what each certificate needs and when anything is next due"));
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GSettings) settings = ok_endpoints_dup_settings ();
  g_autoptr(GArray) thresholds = ok_schedule_dup_thresholds (settings);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (StatusRow));
  g_autoptr(GError) error = NULL;
  guint window = ok_endpoints_get_default_renewal_window ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ok_cli_parse (context, &argc, &argv, &error))
    return ok_cli_usage_error (context, error->message);
  if (argc != 1)
    return ok_cli_usage_error (context, _("“status” takes no arguments."));
  /* For monitoring systems: ok-cli-status-format.c. */
  if ((format != NULL && !g_str_equal (format, "text")) || output != NULL)
    return ok_cli_status_format (context, format, output, json);

  if (!(store = ok_cli_open_store (&error)))
    return ok_cli_fail (error);
  ok_cli_keep_until_exit (store);

  g_array_set_clear_func (rows, (GDestroyNotify) status_row_clear);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      StatusRow row = { g_list_model_get_item (G_LIST_MODEL (store), i), 0, 0, 0, 0 };

      row.state = ok_state_compute (row.certificate, now, window);
      row.next_reminder = ok_schedule_next_notice (row.certificate, thresholds,
                                                   ok_store_get_monitor_state (store, row.certificate),
                                                   now, &row.reminder_days);
      row.next_renewal = ok_state_next_renewal_attempt (row.certificate, now, window);
      g_array_append_val (rows, row);
    }
  g_array_sort (rows, compare_rows);

  if (json)
    {
      g_autoptr(JsonNode) root = json_node_init_array (json_node_alloc (), json_array_new ());

      for (guint i = 0; i < rows->len; i++)
        json_array_add_element (json_node_get_array (root), row_to_json (&g_array_index (rows, StatusRow, i), now));
      ok_cli_print_json (root);
      return ok_cli_exit_for_expired (store, now);
    }

  if (rows->len == 0)
    g_print ("%s\n", _("No certificates yet. Add one with “oces-keeper-cli import FILE” or “oces-keeper-cli issue”."));
  else
    print_rows (rows, now);

  return ok_cli_exit_for_expired (store, now);
}

/* ---- monitor --once ------------------------------------------------------------------------- */

typedef struct
{
  GApplication    *sender;     /* sends the notices itself, without buttons */
  GDBusConnection *monitor;    /* hands them to the running monitor instead */
  gboolean         renewal_failed;
  JsonArray       *report;     /* --json: the notices, printed at the end */
  gboolean         lines;      /* --json-lines: each notice printed as it comes */
} OnceRun;

static char *
object_path_for (const char *application_id)
{
  char *path = g_strconcat ("/", application_id, NULL);

  g_strdelimit (path, ".", '/');
  g_strdelimit (path, "-", '_');
  return path;
}

/* This process exits at once, and org.freedesktop.Notifications servers send a click to the
 * process that sent the notification: a running monitor sends it instead and forwards its
 * clicks to the GUI (docs/architecture.md, "Notifications from monitor --once"). */
static gboolean
hand_to_monitor (GDBusConnection *bus,
                 OkNotice        *notice)
{
  g_autofree char *name = ok_monitor_dup_bus_name ();
  g_autofree char *path = object_path_for (APP_ID);
  g_autoptr(JsonNode) json = ok_notice_to_json (notice);
  g_autofree char *text = json_to_string (json, FALSE);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder parameters;
  GVariantBuilder platform_data;

  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&parameters, "v", g_variant_new_string (text));
  g_variant_builder_init (&platform_data, G_VARIANT_TYPE_VARDICT);
  reply = g_dbus_connection_call_sync (bus, name, path, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", OK_NOTICE_ACTION_SEND, &parameters, &platform_data),
                                       NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 10 * 1000, NULL, &error);
  if (reply == NULL)
    g_debug ("The running monitor did not take the notice: %s", error->message);

  return reply != NULL;
}

static gboolean
monitor_is_running (GDBusConnection *bus)
{
  g_autofree char *name = ok_monitor_dup_bus_name ();
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

static void
send_notice (OnceRun  *run,
             OkNotice *notice)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  if (run->monitor != NULL && hand_to_monitor (run->monitor, notice))
    return;

  notification = ok_notice_to_notification_full (notice, FALSE);
  id = ok_notice_dup_notification_id (notice);
  g_application_send_notification (run->sender, id, notification);
}

/* One JSON object on one line, flushed at once: the background monitor reads each line as it
 * comes (ok-monitor-worker.c), however long the rest of the pass takes. */
static void
print_line (JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (root, FALSE);

  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static void
print_notice (OkMonitor *monitor,
              OkNotice  *notice,
              gpointer   user_data)
{
  OnceRun *run = user_data;

  if (ok_notice_get_kind (notice) == OK_NOTICE_RENEWAL_FAILED)
    run->renewal_failed = TRUE;

  if (run->lines)
    {
      JsonObject *line = json_object_new ();

      json_object_set_member (line, "notice", ok_notice_to_json (notice));
      print_line (line);
    }
  else if (run->report != NULL)
    json_array_add_element (run->report, ok_notice_to_json (notice));
  else if (run->sender != NULL)
    {
      send_notice (run, notice);
      /* Translators: %s is the title of a desktop notification that was just sent */
      g_print (_("Notified: %s\n"), ok_notice_get_title (notice));
    }
  else
    g_print ("%s\n    %s\n", ok_notice_get_title (notice), ok_notice_get_body (notice));
}

/* A registered application to send notifications from, when this process has a session bus
 * with a notification server; otherwise the notices are printed. */
static GApplication *
notification_sender (GDBusConnection **bus)
{
  g_autoptr(GApplication) application = NULL;
  g_autoptr(GError) error = NULL;

  *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (*bus == NULL || !ok_notice_server_available (*bus))
    return NULL;

  g_set_application_name (_("OCES Keeper"));
  application = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (application, NULL, &error))
    {
      g_printerr (_("Warning: cannot send notifications: %s\n"), error->message);
      return NULL;
    }

  return g_steal_pointer (&application);
}

static void
set_next_due (JsonObject *report,
              gint64      next_due)
{
  set_time (report, "next_due", next_due);
  if (next_due == OK_STATE_NEVER)
    json_object_set_null_member (report, "next_due_unix");
  else
    json_object_set_int_member (report, "next_due_unix", next_due);
}

/* --json: the notices and when anything is next due, for a script. */
static void
print_report (JsonArray *notices,
              gint64     next_due)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *report = json_node_get_object (root);

  json_object_set_array_member (report, "notices", json_array_ref (notices));
  set_next_due (report, next_due);

  ok_cli_print_json (root);
}

int
ok_cli_monitor (int    argc,
                char **argv)
{
  gboolean once = FALSE;
  gboolean json = FALSE;
  gboolean json_lines = FALSE;
  GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("Renew what is due, send the reminders that are due, and exit"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the reminders and when anything is next due as JSON instead of sending notifications"), NULL },
    { "json-lines", 0, 0, G_OPTION_ARG_NONE, &json_lines,
      N_("Like --json, but one JSON object a line: each notice as it comes, then when anything is next due"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("--once — one pass of the background monitor"));
  g_autoptr(OkStore) store = NULL;
  g_autoptr(OkMonitor) monitor = NULL;
  g_autoptr(GApplication) application = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) report = json_array_new ();
  OnceRun run = { NULL, NULL, FALSE, NULL, FALSE };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("For hosts without a desktop session, run this from a systemd timer or cron, e.g. every hour. Reminders go to the desktop's notification server when there is one, and to standard output otherwise; with --json they are printed for a script instead. The exit status is 3 when a renewal failed."));
  if (!ok_cli_parse (context, &argc, &argv, &error))
    return ok_cli_usage_error (context, error->message);
  if (argc != 1 || !once)
    return ok_cli_usage_error (context, _("Give --once; the monitor that keeps running is started with “oces-keeper --background”."));
  if (json && json_lines)
    return ok_cli_usage_error (context, _("Give either --json or --json-lines, not both."));

  if (!(store = ok_cli_open_store (&error)))
    return ok_cli_fail (error);
  ok_cli_sweep_secrets (store);

  monitor = ok_monitor_new (store);
  if (json)
    run.report = report;
  else if (json_lines)
    run.lines = TRUE;
  else
    application = notification_sender (&bus);
  run.sender = application;
  if (application != NULL && monitor_is_running (bus))
    run.monitor = bus;
  g_signal_connect (monitor, "notice", G_CALLBACK (print_notice), &run);

  ok_monitor_run_once_async (monitor, NULL, ok_cli_async_ready, &result);
  if (!ok_monitor_run_once_finish (monitor, ok_cli_wait (&result), &error))
    return ok_cli_fail (error);

  if (json)
    print_report (report, ok_monitor_get_next_due (monitor));
  else if (json_lines)
    {
      JsonObject *last = json_object_new ();

      set_next_due (last, ok_monitor_get_next_due (monitor));
      print_line (last);
    }

  /* The notifications are D-Bus calls still in the connection's queue. */
  if (bus != NULL && !g_dbus_connection_flush_sync (bus, NULL, &error))
    g_printerr (_("Warning: cannot send notifications: %s\n"), error->message);

  return run.renewal_failed ? OK_CLI_EXIT_RENEWAL_FAILED : OK_CLI_EXIT_OK;
}
