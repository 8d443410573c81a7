/* ok-dialog-test-util.h — helpers for the GTK tests of the issue, import and export dialogs:
 * running the tests inside the real application's main loop, waiting for conditions and frames,
 * finding windows and widgets, screenshots, capturing stderr
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-application.h"
#include "ok-certificate-list.h"
#include "ok-certificate-row.h"

G_BEGIN_DECLS

#define OKD_WAIT_SECONDS 20

typedef gboolean (*OkdCondition) (gpointer data);

/* Creates the application with an ID of its own (tests share the session bus), runs it, and runs
 * the registered GTests from an idle once it is activated. Returns the test status. */
int          okd_run_tests          (void);
OkApplication *okd_app              (void);
GtkWindow   *okd_main_window        (void);
/* The application's store, once it has been loaded. */
OkStore     *okd_store              (void);

gboolean     okd_wait_until         (OkdCondition  condition,
                                     gpointer      data,
                                     guint         seconds);
void         okd_iterate            (guint         milliseconds);
void         okd_wait_for_frame     (GtkWidget    *widget);
GtkWindow   *okd_find_toplevel      (GType         type);
GtkWindow   *okd_wait_for_toplevel  (GType         type);
void         okd_destroy_and_wait   (GtkWindow    *window);
typedef struct _OkdWatch OkdWatch;
OkdWatch    *okd_watch              (gpointer      object);
void         okd_wait_finalized     (OkdWatch     *watch);

gpointer     okd_template_child     (gpointer      widget,
                                     GType         type,
                                     const char   *name);
GtkWidget   *okd_find_descendant    (GtkWidget    *root,
                                     GType         type);
/* @root or the first widget below it named @name (gtk_widget_set_name()), or NULL. */
GtkWidget   *okd_find_named         (GtkWidget    *root,
                                     const char   *name);
/* The first mapped GtkLabel below @root whose text contains @text, or NULL. */
GtkLabel    *okd_find_label         (GtkWidget    *root,
                                     const char   *text);
GtkWidget   *okd_wait_for_label     (GtkWidget    *root,
                                     const char   *text);
/* The first mapped button below @root labelled exactly @label (mnemonic included), or NULL. */
GtkWidget   *okd_find_button        (GtkWidget    *root,
                                     const char   *label);

/* The certificate rows the list view of @list has made, top to bottom: those in sight and a
 * few around them. */
GPtrArray   *okd_list_rows          (OkCertificateList *list);
/* The group heading drawn right above @row, or NULL when it continues a group. */
const char  *okd_row_heading        (OkCertificateRow  *row);

/* Real X input through the X server (xdotool, XTEST), as a person's mouse and keyboard give it:
 * a click in the middle of @widget, and @key (an xdotool key name, e.g. "Escape") typed into
 * @window after giving it the input focus. GTK's modal grabs apply to these as to any input. */
void         okd_x11_click          (GtkWidget    *widget);
void         okd_x11_key            (GtkWindow    *window,
                                     const char   *key);

/* Saves @widget's window as it is on screen as a PNG in $OK_TEST_LOGDIR, checked by ImageMagick. */
void         okd_save_screenshot    (GtkWidget    *window,
                                     const char   *name);

/* Sends stderr to a temporary file until okd_capture_stderr_end(), which returns what came. */
void         okd_capture_stderr_begin (void);
char        *okd_capture_stderr_end   (void);

/* secret-tool lookup certificate-id ID kind KIND, or NULL when there is no such item. */
char        *okd_keyring_lookup     (const char   *certificate_id,
                                     const char   *kind);

G_END_DECLS
