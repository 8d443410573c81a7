/* ok-bench-operations.c — the benchmark's stall measurements for renewing, exporting and
 * importing (ok-bench-hooks.c runs them; issuing is measured by the issue dialog itself)
 *
 * Each is driven the way a person does it, through the window's actions and the dialogs'
 * template children, and measured by a stall meter (ok-stall-meter.c) that runs from the click
 * that starts the work until it has ended and the window has had 300 ms to show the outcome.
 * Opening a dialog is not part of the work: the click waits until the dialog has painted.
 *
 *   OK_BENCH_RENEW=1         show the store's first certificate, then win.renew (Renew Now)
 *   OK_BENCH_EXPORT=FILE     show the store's first certificate, open its export dialog, choose
 *                            FILE, the first format (PKCS#12) and the password in
 *                            OK_BENCH_PASSWORD, then Export
 *   OK_BENCH_IMPORT=FILE     import FILE (a password-protected PKCS#12) as a dropped file; the
 *                            password prompt gets OK_BENCH_PASSWORD, and the meter starts when
 *                            it is submitted
 *
 * Each prints `OPERATION-result: done` or `OPERATION-result: failed: MESSAGE` and, with
 * OK_BENCH_STALLS=1, `max-stall-ms: N`.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "ok-bench-operations.h"
#include "ok-export-dialog.h"
#include "ok-password-dialog.h"
#include "ok-stall-meter.h"

#define SETTLE_MS    300
#define PAINT_WAIT_MS 250
#define GIVE_UP_S    120

typedef enum {
  OPERATION_NONE,
  OPERATION_RENEW,
  OPERATION_EXPORT,
  OPERATION_IMPORT,
} Operation;

typedef struct
{
  Operation      operation;
  const char    *name;
  OkApplication *application;
  GtkWidget     *window;
  GCallback      done;
  OkStallMeter  *meter;
  char          *certificate_id;
  GtkWidget     *dialog;
  guint          n_before;
  gboolean       finished;
  char          *failure;
} BenchOperation;

static BenchOperation op;

static Operation
requested (void)
{
  if (g_getenv ("OK_BENCH_RENEW") != NULL)
    return OPERATION_RENEW;
  if (g_getenv ("OK_BENCH_EXPORT") != NULL)
    return OPERATION_EXPORT;
  if (g_getenv ("OK_BENCH_IMPORT") != NULL)
    return OPERATION_IMPORT;
  return OPERATION_NONE;
}

gboolean
ok_bench_operations_requested (void)
{
  return requested () != OPERATION_NONE;
}

static void
report_and_quit (void)
{
  g_clear_pointer (&op.meter, ok_stall_meter_finish);
  if (op.failure != NULL)
    fprintf (stderr, "%s-result: failed: %s\n", op.name, op.failure);
  else
    fprintf (stderr, "%s-result: done\n", op.name);
  fflush (stderr);
  ((void (*) (void)) op.done) ();
}

/* The work has ended; the meter keeps running while the window shows the outcome. */
static void
finished (const char *failure)
{
  if (op.finished)
    return;

  op.finished = TRUE;
  op.failure = g_strdup (failure);
  g_timeout_add_once (SETTLE_MS, (GSourceOnceFunc) report_and_quit, NULL);
}

static void
give_up (void)
{
  finished ("no outcome in time");
}

static void
start_meter (void)
{
  op.meter = ok_stall_meter_start_if_requested ();
  g_timeout_add_once (GIVE_UP_S * 1000, (GSourceOnceFunc) give_up, NULL);
}

static void
on_painted (GdkFrameClock *clock,
            gpointer       then)
{
  g_signal_handlers_disconnect_by_func (clock, on_painted, then);
  g_timeout_add_once (PAINT_WAIT_MS, (GSourceOnceFunc) then, NULL);
}

/* Runs @then once @widget has painted and a moment has passed, as a person would click. */
static void
after_painted (GtkWidget       *widget,
               GSourceOnceFunc  then)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock == NULL)
    g_timeout_add_once (PAINT_WAIT_MS, then, NULL);
  else
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_painted), then);
}

static GtkWidget *
template_child (GtkWidget  *widget,
                GType       type,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (widget, type, name));
}

/* ---- renew ------------------------------------------------------------------------------------ */

static void
on_renewal_running (OkRenewal *renewal)
{
  const GError *error;

  if (ok_renewal_get_running (renewal))
    return;

  error = ok_renewal_get_error (renewal);
  finished (error != NULL ? error->message : NULL);
}

static void
click_renew (void)
{
  OkRenewal *renewal = ok_application_get_renewal (op.application, op.certificate_id);

  g_signal_connect (renewal, "notify::running", G_CALLBACK (on_renewal_running), NULL);
  start_meter ();
  g_action_group_activate_action (G_ACTION_GROUP (op.window), "renew", NULL);
  if (!ok_renewal_get_running (renewal))
    finished ("Renew Now did not start a renewal");
}

/* ---- export ----------------------------------------------------------------------------------- */

static void
on_export_dialog_destroyed (void)
{
  /* The dialog closes itself once the file is written. */
  finished (NULL);
}

static void
on_export_error_shown (GtkWidget *label)
{
  if (gtk_widget_get_visible (label))
    finished (gtk_label_get_text (GTK_LABEL (label)));
}

static void
click_export (void)
{
  const char *password = g_getenv ("OK_BENCH_PASSWORD");
  g_autoptr(GFile) destination = g_file_new_for_path (g_getenv ("OK_BENCH_EXPORT"));
  GtkWidget *error_label = template_child (op.dialog, OK_TYPE_EXPORT_DIALOG, "error_label");

  ok_export_dialog_set_destination (OK_EXPORT_DIALOG (op.dialog), destination);
  gtk_editable_set_text (GTK_EDITABLE (template_child (op.dialog, OK_TYPE_EXPORT_DIALOG, "password_row")),
                         password != NULL ? password : "");
  gtk_editable_set_text (GTK_EDITABLE (template_child (op.dialog, OK_TYPE_EXPORT_DIALOG, "confirm_row")),
                         password != NULL ? password : "");
  g_signal_connect (op.dialog, "destroy", G_CALLBACK (on_export_dialog_destroyed), NULL);
  g_signal_connect (error_label, "notify::visible", G_CALLBACK (on_export_error_shown), NULL);

  start_meter ();
  if (!gtk_widget_activate_action (op.dialog, "export.export", NULL))
    finished ("the export dialog has no export action");
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

static void
open_export_dialog (void)
{
  OkCertificate *certificate = ok_store_lookup (ok_application_get_store (op.application),
                                                op.certificate_id, NULL);

  ok_export_dialog_present (GTK_WINDOW (op.window), ok_application_get_store (op.application), certificate);
  op.dialog = find_toplevel (OK_TYPE_EXPORT_DIALOG);
  if (op.dialog == NULL)
    {
      op.finished = TRUE;
      op.failure = g_strdup ("no export dialog");
      report_and_quit ();
      return;
    }
  after_painted (op.dialog, (GSourceOnceFunc) click_export);
}

/* ---- import ----------------------------------------------------------------------------------- */

static void
on_store_changed (GListModel *store)
{
  if (g_list_model_get_n_items (store) > op.n_before)
    finished (NULL);
}

static void
submit_password (void)
{
  const char *password = g_getenv ("OK_BENCH_PASSWORD");

  gtk_editable_set_text (GTK_EDITABLE (template_child (op.dialog, OK_TYPE_PASSWORD_DIALOG, "password_row")),
                         password != NULL ? password : "");
  start_meter ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (op.dialog), "import");
}

/* The prompt for the file's password, or a message that the import failed. */
static void
on_toplevels_changed (GListModel *toplevels)
{
  GtkWidget *prompt = find_toplevel (OK_TYPE_PASSWORD_DIALOG);
  GtkWidget *message;

  if (prompt != NULL && prompt != op.dialog && op.meter == NULL)
    {
      op.dialog = prompt;
      after_painted (prompt, (GSourceOnceFunc) submit_password);
      return;
    }
  if (prompt != NULL && prompt != op.dialog)
    {
      finished ("the password was refused");
      return;
    }

  message = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  if (message != NULL && !OK_IS_PASSWORD_DIALOG (message))
    finished (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)));
}

static void
start_import (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("OK_BENCH_IMPORT"));
  GListModel *store = G_LIST_MODEL (ok_application_get_store (op.application));

  op.n_before = g_list_model_get_n_items (store);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_store_changed), NULL);
  g_signal_connect (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (on_toplevels_changed), NULL);
  ok_window_import_file (OK_WINDOW (op.window), file);
}

/* ---- start ------------------------------------------------------------------------------------ */

static void
certificate_shown (void)
{
  if (op.operation == OPERATION_RENEW)
    click_renew ();
  else
    open_export_dialog ();
}

/**
 * ok_bench_operations_start:
 * @window: the main window, its certificates shown
 * @done: called (without arguments) once the result is printed; it quits the application
 *
 * Runs the operation the environment asks for (see the top of this file).
 */
void
ok_bench_operations_start (OkApplication *application,
                           GtkWidget     *window,
                           GCallback      done)
{
  g_autoptr(OkCertificate) first = NULL;
  GListModel *store = G_LIST_MODEL (ok_application_get_store (application));

  op.operation = requested ();
  op.name = op.operation == OPERATION_RENEW ? "renew" : op.operation == OPERATION_EXPORT ? "export" : "import";
  op.application = application;
  op.window = window;
  op.done = done;

  if (op.operation == OPERATION_IMPORT)
    {
      start_import ();
      return;
    }

  first = g_list_model_get_n_items (store) > 0 ? g_list_model_get_item (store, 0) : NULL;
  if (first == NULL)
    {
      op.finished = TRUE;
      op.failure = g_strdup ("the store holds no certificate");
      report_and_quit ();
      return;
    }

  /* A person looks at the certificate before acting on it: its page is not part of the work. */
  op.certificate_id = g_strdup (ok_certificate_get_id (first));
  ok_window_show_certificate (OK_WINDOW (window), op.certificate_id);
  after_painted (window, (GSourceOnceFunc) certificate_shown);
}
