/* ok-application.c — the AdwApplication: command-line options, app-wide actions, the About and
 * Preferences windows, the one OkStore every window shows, and the renewals started from them
 *
 * The store is loaded asynchronously from the start; windows show a blank page until
 * #OkApplication:store-loaded. app.show-certificate and app.renew-certificate are what the
 * monitor's notifications activate (see src/core/ok-monitor.h): D-Bus may start the app just for
 * them, without an activate, so they make the window themselves.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

#include "ok-application.h"
#include "ok-certificate-sorter.h"
#include "ok-endpoints.h"
#include "ok-monitor.h"
#include "ok-preferences-window.h"
#include "ok-window.h"

struct _OkApplication
{
  AdwApplication  parent_instance;

  OkStore        *store;
  gboolean        store_loaded;
  char           *store_error;    /* why the store could not be loaded, translated */
  GHashTable     *renewals;       /* certificate id → OkRenewal */
  guint           work;           /* renewals and removals under way */
  gboolean        quitting;
  OkMonitor      *reminders;      /* sends due reminders while the app runs */
  guint           reminders_source;
};

G_DEFINE_FINAL_TYPE (OkApplication, ok_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  { "background", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Start without opening a window"), NULL },
  { NULL }
};

/* Tests and uninstalled runs set OK_LOCALEDIR to the build tree's po folder, where Meson puts
 * the freshly compiled .mo files. */
void
ok_application_setup_gettext (void)
{
  const char *localedir = g_getenv ("OK_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static void store_loaded (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

/* The certificates are read in a worker from before GTK and libadwaita start (about a tenth of
 * a second), so that they are there when the window is; a second instance that only hands its
 * activation to the first one exits without waiting for it. */
static void
start_loading (OkApplication *self)
{
  if (self->store != NULL)
    return;

  self->store = ok_store_new (NULL);
  /* Sorted in the loading thread, the certificates cost the list's sort one comparison each. */
  ok_store_set_load_order (self->store, ok_certificate_sorter_sort_now,
                           GUINT_TO_POINTER (ok_endpoints_get_default_renewal_window ()));
  ok_store_load_async (self->store, NULL, store_loaded, g_object_ref (self));
}

static int
ok_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_contains (options, "background"))
    {
      g_autoptr(GError) error = NULL;

      /* Handled here rather than in activate: a remote activation would make an already
       * running instance open a window, which a login-time start must never do. */
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      return EXIT_SUCCESS;
    }

  start_loading (OK_APPLICATION (app));
  return G_APPLICATION_CLASS (ok_application_parent_class)->handle_local_options (app, options);
}

static OkWindow *
ensure_window (OkApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!OK_IS_WINDOW (window))
    {
      window = NULL;
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
        if (OK_IS_WINDOW (l->data))
          {
            window = l->data;
            break;
          }
    }

  if (window == NULL)
    window = GTK_WINDOW (ok_window_new (self));

  gtk_window_present (window);
  return OK_WINDOW (window);
}

static void
ok_application_activate (GApplication *app)
{
  ensure_window (OK_APPLICATION (app));
}

/* Due reminders are sent while the app runs, whether or not the background monitor does: the
 * same passes, reminder record and lock as the monitor (ok-monitor-pass.c), so a reminder is
 * sent once whoever is first. Renewals stay with the monitor and Renew Now. The app tests
 * set OK_TEST_NO_WINDOW_REMINDERS so that their fixtures' reminders do not fill the session. */
static void
start_reminders (OkApplication *self)
{
  g_clear_handle_id (&self->reminders_source, g_source_remove);
  if (self->reminders != NULL || g_getenv ("OK_TEST_NO_WINDOW_REMINDERS") != NULL)
    return;

  self->reminders = ok_monitor_new (self->store);
  ok_monitor_set_renews (self->reminders, FALSE);
  ok_monitor_set_application (self->reminders, G_APPLICATION (self));
  ok_monitor_start (self->reminders);
}

#define REMINDERS_AT_THE_LATEST_SECONDS 3

static gboolean
start_reminders_once (gpointer user_data)
{
  OkApplication *self = user_data;

  self->reminders_source = 0;
  start_reminders (self);
  return G_SOURCE_REMOVE;
}

static void
start_reminders_after_paint (GdkFrameClock *clock,
                             OkApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, start_reminders_after_paint, self);
  g_clear_handle_id (&self->reminders_source, g_source_remove);
  self->reminders_source = g_idle_add_full (G_PRIORITY_LOW, start_reminders_once, self, NULL);
}

/* A pass looks at every certificate (its revocation sources too), on this thread: with a
 * thousand certificates that would hold back the window's first frame with the list, so it
 * waits until that frame has been painted, or a few seconds at most: a window that is not
 * drawn (minimised, on Wayland) gets no frames. */
static void
start_reminders_soon (OkApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GdkFrameClock *clock = window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window))
                         ? gtk_widget_get_frame_clock (GTK_WIDGET (window)) : NULL;

  if (clock == NULL)
    {
      start_reminders (self);
      return;
    }

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (start_reminders_after_paint), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  self->reminders_source = g_timeout_add_seconds_full (G_PRIORITY_LOW, REMINDERS_AT_THE_LATEST_SECONDS,
                                                       start_reminders_once, self, NULL);
}

static void
store_loaded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OkApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A store that cannot be read at all (its folder unreadable) still leaves an empty, working
   * window; the damaged entries of a readable one are listed by ok_store_dup_problems(). */
  if (!ok_store_load_finish (OK_STORE (object), result, &error))
    {
      g_message ("Could not load the certificates: %s", error->message);
      g_free (self->store_error);
      self->store_error = g_strdup (error->message);
    }
  else
    {
      ok_store_sweep_secrets_async (self->store, NULL, NULL, NULL);
      start_reminders_soon (self);
    }

  self->store_loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE_LOADED]);
}

static void
ok_application_show_certificate_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  OkWindow *window = ensure_window (OK_APPLICATION (user_data));

  ok_window_show_certificate (window, g_variant_get_string (parameter, NULL));
}

static void
ok_application_renew_certificate_action (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data)
{
  OkWindow *window = ensure_window (OK_APPLICATION (user_data));

  ok_window_renew_certificate (window, g_variant_get_string (parameter, NULL));
}

/* From a RenewalNotEnabled notification: the e-mail that asks for renewal, for that CVR. */
static void
ok_application_draft_idm_light_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  OkWindow *window = ensure_window (OK_APPLICATION (user_data));
  g_autofree char *guide = g_strconcat ("idm-light:", g_variant_get_string (parameter, NULL), NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-guide", "s", guide);
}

static void
ok_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows;

  /* A window may outlive its gtk_window_destroy() — Ctrl+Q in the Guides window runs inside
   * that window's key event, which holds a reference — and GTK 4.8 then leaves it pointing at
   * its finalized transient parent, which it disconnects from when it finally goes (a use
   * after free). No window points at another once they are all going. */
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    gtk_window_set_transient_for (GTK_WINDOW (l->data), NULL);

  /* Destroying the windows first lets each one save its state and tear down cleanly before
   * the main loop stops. */
  while ((windows = gtk_application_get_windows (app)) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));

  /* A renewal or removal that has started finishes first: stopping half-way could lose a new
   * key, or leave a certificate the user was told is gone. */
  OK_APPLICATION (app)->quitting = TRUE;
  if (OK_APPLICATION (app)->work == 0)
    g_application_quit (G_APPLICATION (app));
}

static void
present_preferences (OkApplication *self,
                     const char    *page_name)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  OkPreferencesWindow *preferences = ok_preferences_window_new (parent);

  if (page_name != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), page_name);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
ok_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  present_preferences (user_data, NULL);
}

/* Preferences on a named page ("general", "contact", "advanced"): for links into them, and for
 * the demo's screenshot of the Advanced page. */
static void
ok_application_preferences_page_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  present_preferences (user_data, g_variant_get_string (parameter, NULL));
}

static void
ok_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  static const char *developers[] = { "The OCES Keeper authors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "destroy-with-parent", TRUE,
                        "application-name", _("OCES Keeper"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", "The OCES Keeper authors",
                        "developers", developers,
                        "copyright", "© 2026 The OCES Keeper authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/oceskeeper/oces-keeper",
                        "issue-url", "https://github.com/oceskeeper/oces-keeper/issues",
                        /* Translators: your name(s) and e-mail address(es), one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);

  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", ok_application_quit_action },
  { "preferences", ok_application_preferences_action },
  { "preferences-page", ok_application_preferences_page_action, "s" },
  { "about", ok_application_about_action },
  { "show-certificate", ok_application_show_certificate_action, "s" },
  { "renew-certificate", ok_application_renew_certificate_action, "s" },
  { "draft-idm-light", ok_application_draft_idm_light_action, "s" },
};

static void
ok_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.issue", { "<Control>n", NULL } },
    { "win.import", { "<Control>o", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.renew", { "<Control>r", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };
  OkApplication *self = OK_APPLICATION (app);

  G_APPLICATION_CLASS (ok_application_parent_class)->startup (app);

  start_loading (self);
  /* The CLI, a timer and the monitor's worker change the store while the window is open. */
  ok_store_watch (self->store);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (gsize i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
ok_application_constructed (GObject *object)
{
  G_OBJECT_CLASS (ok_application_parent_class)->constructed (object);

  /* GApplication derives the path from the application ID while it is constructed; set it
   * afterwards so that tests running under their own ID still find the help overlay, icons and
   * templates. */
  g_application_set_resource_base_path (G_APPLICATION (object), APP_PATH);
}

static void
ok_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OkApplication *self = OK_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE_LOADED:
      g_value_set_boolean (value, self->store_loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_application_dispose (GObject *object)
{
  OkApplication *self = OK_APPLICATION (object);

  g_clear_pointer (&self->renewals, g_hash_table_unref);
  g_clear_handle_id (&self->reminders_source, g_source_remove);
  g_clear_object (&self->reminders);
  g_clear_object (&self->store);
  g_clear_pointer (&self->store_error, g_free);

  G_OBJECT_CLASS (ok_application_parent_class)->dispose (object);
}

static void
ok_application_class_init (OkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->constructed = ok_application_constructed;
  object_class->get_property = ok_application_get_property;
  object_class->dispose = ok_application_dispose;

  properties[PROP_STORE_LOADED] =
    g_param_spec_boolean ("store-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  app_class->handle_local_options = ok_application_handle_local_options;
  app_class->activate = ok_application_activate;
  app_class->startup = ok_application_startup;
}

static void
ok_application_init (OkApplication *self)
{
  self->renewals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

OkApplication *
ok_application_new (void)
{
  return g_object_new (OK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * ok_application_get_store:
 *
 * Returns: (transfer none): the certificates every window shows; empty until
 *   #OkApplication:store-loaded
 */
OkStore *
ok_application_get_store (OkApplication *self)
{
  g_return_val_if_fail (OK_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (self->store != NULL, NULL);

  return self->store;
}

/**
 * ok_application_get_store_error:
 *
 * Returns: (nullable): why the certificates could not be loaded, once the store is loaded
 */
const char *
ok_application_get_store_error (OkApplication *self)
{
  g_return_val_if_fail (OK_IS_APPLICATION (self), NULL);

  return self->store_error;
}

gboolean
ok_application_get_store_loaded (OkApplication *self)
{
  g_return_val_if_fail (OK_IS_APPLICATION (self), FALSE);

  return self->store_loaded;
}

/**
 * ok_application_get_renewal:
 * @certificate_id: a certificate id
 *
 * Returns: (transfer none): the certificate's renewal, made on first use; it keeps the progress
 *   and the last error of "Renew Now" for as long as the application runs
 */
OkRenewal *
ok_application_get_renewal (OkApplication *self,
                            const char    *certificate_id)
{
  OkRenewal *renewal;

  g_return_val_if_fail (OK_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (certificate_id != NULL, NULL);

  renewal = g_hash_table_lookup (self->renewals, certificate_id);
  if (renewal == NULL)
    {
      renewal = ok_renewal_new (ok_application_get_store (self), certificate_id);
      g_hash_table_insert (self->renewals, g_strdup (certificate_id), renewal);
    }

  return renewal;
}

/**
 * ok_application_begin_work:
 *
 * Keeps the application running until the matching ok_application_end_work(), also through
 * app.quit: for work that must not stop half-way, such as saving a renewed certificate.
 */
void
ok_application_begin_work (OkApplication *self)
{
  g_return_if_fail (OK_IS_APPLICATION (self));

  self->work++;
  g_application_hold (G_APPLICATION (self));
}

void
ok_application_end_work (OkApplication *self)
{
  g_return_if_fail (OK_IS_APPLICATION (self));
  g_return_if_fail (self->work > 0);

  self->work--;
  g_application_release (G_APPLICATION (self));
  if (self->work == 0 && self->quitting)
    g_application_quit (G_APPLICATION (self));
}
