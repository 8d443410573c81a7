/* ok-window-actions.c — the main window's actions, through which every part of the app reaches
 * the others without knowing them:
 *
 *   win.issue                  the issue dialog (via OkWindow::issue-certificate)
 *   win.import                 a file chooser, then the import flow (via OkWindow::import-file)
 *   win.export (s: id)         the export dialog
 *   win.show-guide (s: guide)  the guides window: "portal-setup", "idm-light[:CVR]",
 *                              "validate-email", "expired"
 *   win.show-certificate (s)   select a certificate and show its detail page
 *   win.show-list              back to the list when the window is narrow
 *   win.renew                  Renew Now for the certificate shown (Ctrl+R)
 *   win.search                 the search bar (Ctrl+F)
 *   win.copy (s: text)         put text on the clipboard and say "Copied"
 *   win.toast (s: text)        show a message
 *   win.remove-certificate (s) take it out of view, delete it once its undo toast is gone
 *   win.undo-remove (s)        the toast's Undo
 *   win.show-help-overlay      the Keyboard Shortcuts window (Ctrl+?), made when first shown
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-export-dialog.h"
#include "ok-guide-window.h"
#include "ok-window-private.h"

static void
remove_certificate_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  OkWindow *self = OK_WINDOW (user_data);
  OkCertificate *certificate = _ok_window_lookup (self, g_variant_get_string (parameter, NULL));

  if (certificate != NULL)
    ok_removal_queue_add (self->removals, certificate);
}

static void
undo_remove_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  OkWindow *self = OK_WINDOW (user_data);

  ok_removal_queue_undo (self->removals, g_variant_get_string (parameter, NULL));
}

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

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  OkWindow *self = OK_WINDOW (user_data);
  OkCertificate *certificate = _ok_window_lookup (self, g_variant_get_string (parameter, NULL));

  if (certificate != NULL)
    ok_export_dialog_present (GTK_WINDOW (self), self->store, certificate);
}

static void
show_guide_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  ok_guide_window_present (GTK_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

static void
show_certificate_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  ok_window_show_certificate (OK_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

static void
show_list_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  OkWindow *self = OK_WINDOW (user_data);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

static void
renew_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  OkWindow *self = OK_WINDOW (user_data);
  const char *id = ok_certificate_page_get_certificate_id (self->page);

  if (id != NULL && ok_certificate_page_get_can_renew (self->page))
    ok_renewal_start (_ok_window_get_renewal (self, id));
}

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  OkWindow *self = OK_WINDOW (user_data);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "certificates"))
    return;

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  ok_certificate_list_start_search (self->list);
}

static void
copy_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  OkWindow *self = OK_WINDOW (user_data);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), g_variant_get_string (parameter, NULL));
  _ok_window_add_toast (self, _("Copied"));
}

static void
toast_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  _ok_window_add_toast (OK_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

/* GtkApplication would build the shortcuts window for every window it adds, before the window's
 * first frame; made here on first use instead. Once set as the help overlay, GtkApplicationWindow
 * finds this action in place and keeps it. */
static void
show_help_overlay_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  GtkApplicationWindow *self = GTK_APPLICATION_WINDOW (user_data);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (self);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (APP_PATH "/ok-help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (self, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static const GActionEntry win_actions[] = {
  { "issue", ok_window_issue_action },
  { "import", ok_window_import_action },
  { "export", export_action, "s" },
  { "show-guide", show_guide_action, "s" },
  { "show-certificate", show_certificate_action, "s" },
  { "show-list", show_list_action },
  { "renew", renew_action },
  { "search", search_action },
  { "copy", copy_action, "s" },
  { "toast", toast_action, "s" },
  { "remove-certificate", remove_certificate_action, "s" },
  { "undo-remove", undo_remove_action, "s" },
  { "show-help-overlay", show_help_overlay_action },
};

void
_ok_window_actions_init (OkWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
}
