/* ok-preferences-window.c — the Preferences window: every row is bound to a GSettings key; the
 * reminder days are checked before they are saved
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-background.h"
#include "ok-endpoints.h"
#include "ok-preferences-window.h"
#include "ok-thresholds.h"

struct _OkPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkFileChooserNative *ca_file_chooser;

  GtkSwitch            *background_switch;
  GtkSpinButton        *renewal_window_spin;
  AdwEntryRow          *thresholds_row;
  AdwEntryRow          *contact_name_row;
  AdwEntryRow          *contact_email_row;
  AdwEntryRow          *contact_phone_row;
  AdwEntryRow          *test_endpoint_row;
  AdwActionRow         *test_effective_row;
  AdwActionRow         *test_ca_file_row;
  GtkWidget            *test_ca_file_clear_button;
  AdwActionRow         *test_roots_row;
  GtkWidget            *test_roots_clear_button;
  AdwEntryRow          *prod_endpoint_row;
  AdwActionRow         *prod_effective_row;
  AdwActionRow         *prod_ca_file_row;
  GtkWidget            *prod_ca_file_clear_button;
};

G_DEFINE_FINAL_TYPE (OkPreferencesWindow, ok_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_thresholds_row (OkPreferencesWindow *self)
{
  g_autoptr(GVariant) thresholds = g_settings_get_value (self->settings, "notification-thresholds");
  g_autofree char *text = ok_thresholds_format (thresholds);

  gtk_editable_set_text (GTK_EDITABLE (self->thresholds_row), text);
}

/* The address the issuance code will use and where it comes from: an environment variable wins
 * over the field above it, which then does nothing (the demo and headless hosts use one). */
static void
update_effective_row (AdwActionRow  *row,
                      OkEnvironment  environment)
{
  g_autofree char *variable = NULL;
  g_autofree char *address = NULL;
  g_autofree char *subtitle = NULL;
  OkEndpointSource source;

  address = ok_endpoints_dup_address (environment, &source, &variable);
  switch (source)
    {
    case OK_ENDPOINT_SOURCE_ENVIRONMENT:
      /* Translators: %s is an address, then the name of an environment variable */
      subtitle = g_strdup_printf (_("%s — from the environment variable %s, which overrides the field above"),
                                  address, variable);
      break;
    case OK_ENDPOINT_SOURCE_SETTING:
      /* Translators: %s is an address */
      subtitle = g_strdup_printf (_("%s — from the field above"), address);
      break;
    case OK_ENDPOINT_SOURCE_NONE:
    default:
      subtitle = g_strdup (_("None: none is built in, so set one to issue and renew certificates"));
      break;
    }
  adw_action_row_set_subtitle (row, subtitle);
}

static void
update_effective_rows (OkPreferencesWindow *self)
{
  update_effective_row (self->test_effective_row, OK_ENVIRONMENT_TEST);
  update_effective_row (self->prod_effective_row, OK_ENVIRONMENT_PROD);
}

static void
endpoint_changed_in_settings (OkPreferencesWindow *self)
{
  update_effective_rows (self);
}

static void
thresholds_changed_in_settings (OkPreferencesWindow *self)
{
  update_thresholds_row (self);
}

static void
thresholds_row_changed_cb (OkPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->thresholds_row), "error");
}

static void
thresholds_row_apply_cb (OkPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->thresholds_row));
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) thresholds = ok_thresholds_parse (text, &error);

  if (thresholds == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->thresholds_row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }

  g_settings_set_value (self->settings, "notification-thresholds", thresholds);
  /* The key may already hold these days in another order, then no change signal comes; show
   * the sorted form in any case. */
  update_thresholds_row (self);
}

static gboolean
ca_file_to_subtitle (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  const char *path = g_variant_get_string (variant, NULL);

  if (*path == '\0')
    g_value_set_string (value, _("None; only the system’s trusted authorities are used"));
  else
    g_value_set_string (value, path);
  return TRUE;
}

static gboolean
roots_file_to_subtitle (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  const char *path = g_variant_get_string (variant, NULL);

  if (*path == '\0')
    g_value_set_string (value, _("None; issued certificates must chain to the OCES3 test root"));
  else
    g_value_set_string (value, path);
  return TRUE;
}

static gboolean
string_is_set (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  g_value_set_boolean (value, *g_variant_get_string (variant, NULL) != '\0');
  return TRUE;
}

static void
ca_file_chooser_response (GtkNativeDialog *chooser,
                          int              response,
                          gpointer         user_data)
{
  OkPreferencesWindow *self = OK_PREFERENCES_WINDOW (user_data);
  const char *key = g_object_get_data (G_OBJECT (chooser), "ok-settings-key");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, key, path);
      else
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                          adw_toast_new (_("Only files on this computer can be used")));
    }

  g_clear_object (&self->ca_file_chooser);
}

static void
choose_ca_file (OkPreferencesWindow *self,
                const char          *key)
{
  g_autoptr(GtkFileFilter) pem_files = gtk_file_filter_new ();

  if (self->ca_file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_file_chooser));
  g_clear_object (&self->ca_file_chooser);

  gtk_file_filter_set_name (pem_files, _("PEM Certificates"));
  gtk_file_filter_add_suffix (pem_files, "pem");
  gtk_file_filter_add_suffix (pem_files, "crt");
  gtk_file_filter_add_suffix (pem_files, "cer");

  self->ca_file_chooser = gtk_file_chooser_native_new (_("Choose CA File"),
                                                       GTK_WINDOW (self),
                                                       GTK_FILE_CHOOSER_ACTION_OPEN,
                                                       _("_Choose"),
                                                       _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->ca_file_chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_file_chooser), pem_files);
  g_object_set_data_full (G_OBJECT (self->ca_file_chooser), "ok-settings-key", g_strdup (key), g_free);
  g_signal_connect (self->ca_file_chooser, "response", G_CALLBACK (ca_file_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->ca_file_chooser));
}

static void
test_ca_file_choose_cb (OkPreferencesWindow *self)
{
  choose_ca_file (self, "test-ca-file");
}

static void
test_roots_choose_cb (OkPreferencesWindow *self)
{
  choose_ca_file (self, "test-roots-file");
}

static void
test_roots_clear_cb (OkPreferencesWindow *self)
{
  g_settings_reset (self->settings, "test-roots-file");
}

static void
prod_ca_file_choose_cb (OkPreferencesWindow *self)
{
  choose_ca_file (self, "prod-ca-file");
}

static void
test_ca_file_clear_cb (OkPreferencesWindow *self)
{
  g_settings_reset (self->settings, "test-ca-file");
}

static void
prod_ca_file_clear_cb (OkPreferencesWindow *self)
{
  g_settings_reset (self->settings, "prod-ca-file");
}

static void
bind_ca_file (OkPreferencesWindow *self,
              const char          *key,
              AdwActionRow        *row,
              GtkWidget           *clear_button)
{
  g_settings_bind_with_mapping (self->settings, key, row, "subtitle", G_SETTINGS_BIND_GET,
                                ca_file_to_subtitle, NULL, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, key, clear_button, "sensitive", G_SETTINGS_BIND_GET,
                                string_is_set, NULL, NULL, NULL);
}

static void
ok_preferences_window_dispose (GObject *object)
{
  OkPreferencesWindow *self = OK_PREFERENCES_WINDOW (object);

  if (self->ca_file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_file_chooser));
  g_clear_object (&self->ca_file_chooser);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (ok_preferences_window_parent_class)->dispose (object);
}

static void
ok_preferences_window_class_init (OkPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ok_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ok-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, renewal_window_spin);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, thresholds_row);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, contact_name_row);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, contact_email_row);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, contact_phone_row);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, test_endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, test_effective_row);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, test_ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, test_ca_file_clear_button);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, test_roots_row);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, test_roots_clear_button);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, prod_endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, prod_effective_row);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, prod_ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, OkPreferencesWindow, prod_ca_file_clear_button);
  gtk_widget_class_bind_template_callback (widget_class, thresholds_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, thresholds_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_ca_file_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, prod_ca_file_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_ca_file_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, prod_ca_file_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_roots_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_roots_clear_cb);
}

static void
ok_preferences_window_init (OkPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "run-in-background", self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  ok_background_watch (self->settings, GTK_WINDOW (self));
  g_settings_bind (self->settings, "default-renewal-window-days", self->renewal_window_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "contact-name", self->contact_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "contact-email", self->contact_email_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "contact-phone", self->contact_phone_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "test-endpoint", self->test_endpoint_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "prod-endpoint", self->prod_endpoint_row, "text", G_SETTINGS_BIND_DEFAULT);
  update_effective_rows (self);
  g_signal_connect_object (self->settings, "changed::test-endpoint",
                           G_CALLBACK (endpoint_changed_in_settings), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::prod-endpoint",
                           G_CALLBACK (endpoint_changed_in_settings), self, G_CONNECT_SWAPPED);
  bind_ca_file (self, "test-ca-file", self->test_ca_file_row, self->test_ca_file_clear_button);
  bind_ca_file (self, "prod-ca-file", self->prod_ca_file_row, self->prod_ca_file_clear_button);
  g_settings_bind_with_mapping (self->settings, "test-roots-file", self->test_roots_row, "subtitle",
                                G_SETTINGS_BIND_GET, roots_file_to_subtitle, NULL, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "test-roots-file", self->test_roots_clear_button, "sensitive",
                                G_SETTINGS_BIND_GET, string_is_set, NULL, NULL, NULL);

  /* An `ai` key has no widget property to bind to: the row is filled here and saved only on
   * Apply, once the text has been checked. */
  update_thresholds_row (self);
  g_signal_connect_object (self->settings, "changed::notification-thresholds",
                           G_CALLBACK (thresholds_changed_in_settings), self, G_CONNECT_SWAPPED);
}

/**
 * ok_preferences_window_new:
 * @parent: (nullable): the window the preferences belong to
 *
 * Returns: (transfer floating): a new, not yet shown preferences window
 */
OkPreferencesWindow *
ok_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (OK_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}
