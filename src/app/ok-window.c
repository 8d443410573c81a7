/* ok-window.c — the main window: the empty state, the page the certificate list goes into, and
 * the window actions that start issuing and importing
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-window.h"

struct _OkWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GtkFileChooserNative *import_chooser;

  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkWidget            *certificates_page;
};

G_DEFINE_FINAL_TYPE (OkWindow, ok_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  SIGNAL_ISSUE_CERTIFICATE,
  SIGNAL_IMPORT_FILE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ok_window_import_response (GtkNativeDialog *chooser,
                           int              response,
                           gpointer         user_data)
{
  OkWindow *self = OK_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ok_window_import_file (self, file);
    }

  g_clear_object (&self->import_chooser);
}

static void
ok_window_import_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  OkWindow *self = OK_WINDOW (user_data);
  g_autoptr(GtkFileFilter) certificates = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_files = gtk_file_filter_new ();
  static const char *suffixes[] = { "p12", "pfx", "pem", "cer", "crt", "der" };

  if (self->import_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->import_chooser));
      return;
    }

  gtk_file_filter_set_name (certificates, _("Certificates and PKCS#12 Files"));
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    gtk_file_filter_add_suffix (certificates, suffixes[i]);
  gtk_file_filter_set_name (all_files, _("All Files"));
  gtk_file_filter_add_pattern (all_files, "*");

  self->import_chooser = gtk_file_chooser_native_new (_("Import Certificate"),
                                                      GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_OPEN,
                                                      _("_Import"),
                                                      _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->import_chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->import_chooser), certificates);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->import_chooser), all_files);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->import_chooser), certificates);
  g_signal_connect (self->import_chooser, "response", G_CALLBACK (ok_window_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->import_chooser));
}

static void
ok_window_issue_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  ok_window_issue_certificate (OK_WINDOW (user_data));
}

static const GActionEntry win_actions[] = {
  { "issue", ok_window_issue_action },
  { "import", ok_window_import_action },
};

static void
ok_window_dispose (GObject *object)
{
  OkWindow *self = OK_WINDOW (object);

  if (self->import_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->import_chooser));
  g_clear_object (&self->import_chooser);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_WINDOW);

  G_OBJECT_CLASS (ok_window_parent_class)->dispose (object);
}

static void
ok_window_class_init (OkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ok_window_dispose;

  /**
   * OkWindow::issue-certificate:
   *
   * Emitted when the user asks for a new certificate (`win.issue`). The issuing flow connects
   * here.
   */
  signals[SIGNAL_ISSUE_CERTIFICATE] =
    g_signal_new ("issue-certificate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * OkWindow::import-file:
   * @file: the file the user picked
   *
   * Emitted when the user has picked a certificate or PKCS#12 file to import (`win.import`).
   * The import flow connects here.
   */
  signals[SIGNAL_IMPORT_FILE] =
    g_signal_new ("import-file",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ok-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, OkWindow, certificates_page);
  /* Not needed in a field, but reachable through gtk_widget_get_template_child() for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "issue_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "import_button", FALSE, 0);
}

static void
ok_window_init (OkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

OkWindow *
ok_window_new (OkApplication *application)
{
  g_return_val_if_fail (OK_IS_APPLICATION (application), NULL);

  return g_object_new (OK_TYPE_WINDOW, "application", application, NULL);
}

/**
 * ok_window_issue_certificate:
 * @self: the window
 *
 * Starts issuing a new certificate by emitting #OkWindow::issue-certificate.
 */
void
ok_window_issue_certificate (OkWindow *self)
{
  g_return_if_fail (OK_IS_WINDOW (self));

  g_signal_emit (self, signals[SIGNAL_ISSUE_CERTIFICATE], 0);
}

/**
 * ok_window_import_file:
 * @self: the window
 * @file: a certificate, chain or PKCS#12 file
 *
 * Starts importing @file by emitting #OkWindow::import-file.
 */
void
ok_window_import_file (OkWindow *self,
                       GFile    *file)
{
  g_return_if_fail (OK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_signal_emit (self, signals[SIGNAL_IMPORT_FILE], 0, file);
}
