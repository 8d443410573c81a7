/* test-app.c — the GTK app in the session's X server: main window and empty state, About,
 * Keyboard Shortcuts, Preferences bound to GSettings, the import and issue wiring, the frame
 * pool, the remembered window size, screenshots, and quitting
 *
 * The tests run inside the application's own main loop (from an idle after the first
 * activation), so every window is the real one the app creates. With `--language da` the
 * program runs the Danish checks instead.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ok-application.h"
#include "ok-certificate-page.h"
#include "ok-endpoints.h"
#include "ok-guide-window.h"
#include "ok-preferences-window.h"
#include "ok-window.h"

#define WAIT_TIMEOUT_SECONDS 15

static OkApplication *app;
static int test_status = 1;
static gboolean shutdown_seen;

typedef gboolean (*Condition) (gpointer data);

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds; a timeout keeps a broken window from hanging the
 * suite. */
static gboolean
wait_until (Condition condition,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_SECONDS * G_TIME_SPAN_SECOND;
  guint tick = g_timeout_add (20, keep_waking, NULL);
  gboolean reached;

  while (!(reached = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return reached;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
pointer_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
widget_is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

static gboolean
widget_is_insensitive (gpointer data)
{
  return !gtk_widget_get_sensitive (GTK_WIDGET (data));
}

static void
set_flag (GdkFrameClock *clock,
          gpointer       data)
{
  *(gboolean *) data = TRUE;
}

/* Waits until @widget is on screen and one full frame has been painted. */
static void
wait_for_frame (GtkWidget *widget)
{
  gboolean painted = FALSE;
  GdkFrameClock *clock;
  gulong handler;

  g_assert_true (wait_until (widget_is_mapped, widget));
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (set_flag), &painted);
  gtk_widget_queue_draw (widget);
  g_assert_true (wait_until (flag_is_set, &painted));
  g_signal_handler_disconnect (clock, handler);
}

static void
destroy_and_wait (GtkWindow *window)
{
  gpointer pointer = window;

  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  gtk_window_destroy (window);
  g_assert_true (wait_until (pointer_is_null, &pointer));
}

typedef struct {
  GType      type;
  GtkWindow *found;
} ToplevelSearch;

static gboolean
find_visible_toplevel (gpointer data)
{
  ToplevelSearch *search = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, search->type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          search->found = window;
          return TRUE;
        }
    }
  return FALSE;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  ToplevelSearch search = { type, NULL };

  g_assert_true (wait_until (find_visible_toplevel, &search));
  return search.found;
}

static OkWindow *
main_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_nonnull (window);
  g_assert_true (OK_IS_WINDOW (window));
  return OK_WINDOW (window);
}

static gpointer
template_child (gpointer     widget,
                GType        type,
                const char  *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static char *
run_and_capture (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return g_steal_pointer (&out);
}

/* Renders @window as it is on screen, saves it as a PNG in the meson log folder, checks the
 * file with ImageMagick's `identify`, and returns the mean luminance (0–255). */
static double
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *logdir = g_getenv ("OK_TEST_LOGDIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  g_autofree char *geometry = NULL;
  g_autofree char *expected = NULL;
  g_autofree guchar *pixels = NULL;
  GtkSnapshot *snapshot;
  GStatBuf info;
  int width, height;
  double luminance = 0;

  g_assert_nonnull (logdir);
  g_assert_cmpint (g_mkdir_with_parents (logdir, 0755), ==, 0);
  path = g_build_filename (logdir, name, NULL);

  wait_for_frame (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);

  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_size, >, 10 * 1024);
  geometry = run_and_capture ((const char *[]) { "identify", "-format", "%m %w %h", path, NULL });
  expected = g_strdup_printf ("PNG %d %d", width, height);
  g_assert_cmpstr (geometry, ==, expected);

  /* The default memory format is premultiplied B, G, R, A bytes on little-endian machines and
   * A, R, G, B on big-endian ones; an opaque window makes premultiplication moot. */
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      const guchar *p = pixels + i * 4;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      luminance += 0.0722 * p[0] + 0.7152 * p[1] + 0.2126 * p[2];
#else
      luminance += 0.2126 * p[1] + 0.7152 * p[2] + 0.0722 * p[3];
#endif
    }
  g_test_message ("%s: %d×%d, mean luminance %.0f", path, width, height, luminance / ((double) width * height));

  return luminance / ((double) width * height);
}

static void
test_empty_state (void)
{
  OkWindow *window = main_window ();
  GtkStack *stack = template_child (window, OK_TYPE_WINDOW, "stack");
  AdwStatusPage *empty_page = template_child (window, OK_TYPE_WINDOW, "empty_page");
  GtkButton *issue_button = template_child (window, OK_TYPE_WINDOW, "issue_button");
  GtkButton *import_button = template_child (window, OK_TYPE_WINDOW, "import_button");
  GtkIconTheme *icons = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));

  wait_for_frame (GTK_WIDGET (window));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "OCES Keeper");
  /* The store loads asynchronously; the window is blank ("loading") until it has. */
  g_assert_true (wait_until (widget_is_mapped, empty_page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (empty_page), gtk_stack_get_visible_child (stack)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty_page)));
  g_assert_cmpstr (adw_status_page_get_title (empty_page), ==, "No certificates yet");
  g_assert_cmpstr (gtk_button_get_label (issue_button), ==, "_Issue Certificate…");
  g_assert_cmpstr (gtk_button_get_label (import_button), ==, "I_mport…");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (issue_button), "suggested-action"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (issue_button), "pill"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (import_button), "pill"));
  g_assert_nonnull (gtk_stack_get_child_by_name (stack, "certificates"));

  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "issue"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "import"));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (issue_button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (import_button)));

  g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (window), "devel"), ==, DEVELOPMENT_BUILD);

  /* The icons come from the app's resources, so they work before anything is installed. */
  g_assert_true (gtk_icon_theme_has_icon (icons, "io.github.oceskeeper.OcesKeeper-symbolic"));
  g_assert_true (gtk_icon_theme_has_icon (icons, APP_ID));
}

static void
test_screenshots (void)
{
  OkWindow *window = main_window ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  double light, dark;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  light = save_screenshot (GTK_WIDGET (window), "main-window.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  dark = save_screenshot (GTK_WIDGET (window), "main-window-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* Mostly the window background: #fafafa in light style, #242424 in dark. */
  g_assert_cmpfloat (light, >, 200);
  g_assert_cmpfloat (dark, <, 80);
}

static void
test_about (void)
{
  OkWindow *window = main_window ();
  AdwAboutWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = ADW_ABOUT_WINDOW (wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW));
  wait_for_frame (GTK_WIDGET (about));

  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "OCES Keeper");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "The OCES Keeper authors");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://github.com/oceskeeper/oces-keeper");
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==, "https://github.com/oceskeeper/oces-keeper/issues");
  g_assert_cmpstr (adw_about_window_get_translator_credits (about), ==, "translator-credits");

  destroy_and_wait (GTK_WINDOW (about));
}

static void
collect_accelerators (GtkWidget  *widget,
                      GHashTable *accelerators)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;

      g_object_get (widget, "accelerator", &accelerator, "title", &title, NULL);
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      g_hash_table_insert (accelerators, g_steal_pointer (&accelerator), g_steal_pointer (&title));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_accelerators (child, accelerators);
}

static void
test_help_overlay (void)
{
  static const char *expected[] = {
    "<Control>n", "<Control>o", "<Control>f", "<Control>r",
    "<Control>comma", "<Control>question", "<Control>q",
  };
  OkWindow *window = main_window ();
  g_autoptr(GHashTable) accelerators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) overlay_accels = NULL;
  GtkShortcutsWindow *overlay;

  /* Made when first asked for, not with the window. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  wait_for_frame (GTK_WIDGET (overlay));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));

  collect_accelerators (GTK_WIDGET (overlay), accelerators);
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("looking for %s in the Keyboard Shortcuts window", expected[i]);
      g_assert_true (g_hash_table_contains (accelerators, expected[i]));
    }
  g_assert_cmpuint (g_hash_table_size (accelerators), ==, G_N_ELEMENTS (expected));

  overlay_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) overlay_accels, "<Control>question"));

  gtk_window_close (GTK_WINDOW (overlay));
  g_assert_true (wait_until (widget_is_hidden, overlay));

  /* Asked for again, the same window comes back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == overlay);
  wait_for_frame (GTK_WIDGET (overlay));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_close (GTK_WINDOW (overlay));
  g_assert_true (wait_until (widget_is_hidden, overlay));
}

static void
test_accelerators (void)
{
  static const struct {
    const char *accel;
    const char *action;
  } expected[] = {
    { "<Control>q", "app.quit" },
    { "<Control>comma", "app.preferences" },
    { "<Control>n", "win.issue" },
    { "<Control>o", "win.import" },
    { "<Control>question", "win.show-help-overlay" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), expected[i].accel);

      g_test_message ("%s → %s", expected[i].accel, expected[i].action);
      g_assert_nonnull (actions);
      g_assert_true (g_strv_contains ((const char * const *) actions, expected[i].action));
    }
}

static void
test_preferences (void)
{
  OkWindow *window = main_window ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) thresholds = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GError) error = NULL;
  OkPreferencesWindow *preferences;
  GtkEditable *name_row, *email_row, *thresholds_row;
  GtkSpinButton *renewal_spin;
  GtkSwitch *background_switch;
  AdwActionRow *ca_row;
  AdwActionRow *roots_row;
  GtkWidget *ca_clear;
  AdwEntryRow *endpoint_row;
  AdwActionRow *effective_row;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = OK_PREFERENCES_WINDOW (wait_for_toplevel (OK_TYPE_PREFERENCES_WINDOW));
  wait_for_frame (GTK_WIDGET (preferences));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));

  name_row = template_child (preferences, OK_TYPE_PREFERENCES_WINDOW, "contact_name_row");
  email_row = template_child (preferences, OK_TYPE_PREFERENCES_WINDOW, "contact_email_row");
  thresholds_row = template_child (preferences, OK_TYPE_PREFERENCES_WINDOW, "thresholds_row");
  renewal_spin = template_child (preferences, OK_TYPE_PREFERENCES_WINDOW, "renewal_window_spin");
  background_switch = template_child (preferences, OK_TYPE_PREFERENCES_WINDOW, "background_switch");
  ca_row = template_child (preferences, OK_TYPE_PREFERENCES_WINDOW, "test_ca_file_row");
  ca_clear = template_child (preferences, OK_TYPE_PREFERENCES_WINDOW, "test_ca_file_clear_button");
  endpoint_row = template_child (preferences, OK_TYPE_PREFERENCES_WINDOW, "prod_endpoint_row");
  effective_row = template_child (preferences, OK_TYPE_PREFERENCES_WINDOW, "prod_effective_row");

  /* Settings → widgets */
  g_assert_cmpfloat (gtk_spin_button_get_value (renewal_spin), ==, 30);
  g_assert_false (gtk_switch_get_active (background_switch));
  g_assert_cmpstr (gtk_editable_get_text (thresholds_row), ==, "60, 30, 14, 7, 3, 1, 0");
  g_settings_set_string (settings, "contact-name", "Jens Hansen");
  g_assert_cmpstr (gtk_editable_get_text (name_row), ==, "Jens Hansen");

  /* Widgets → settings */
  gtk_editable_set_text (email_row, "it@example.dk");
  g_assert_cmpstr (g_settings_get_string (settings, "contact-email"), ==, "it@example.dk");
  gtk_spin_button_set_value (renewal_spin, 45);
  g_assert_cmpint (g_settings_get_int (settings, "default-renewal-window-days"), ==, 45);
  gtk_spin_button_set_value (renewal_spin, 400);
  g_assert_cmpint (g_settings_get_int (settings, "default-renewal-window-days"), ==, 90);
  gtk_switch_set_active (background_switch, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_cmpstr (adw_action_row_get_subtitle (effective_row), ==,
                   "None: none is built in, so set one to issue and renew certificates");
  gtk_editable_set_text (GTK_EDITABLE (endpoint_row), "https://ca.example.invalid/oces");
  g_assert_cmpstr (g_settings_get_string (settings, "prod-endpoint"), ==, "https://ca.example.invalid/oces");
  g_assert_cmpstr (adw_action_row_get_subtitle (effective_row), ==, "https://ca.example.invalid/oces — from the field above");
  /* …which is where the issuance code looks for it. */
  g_assert_true (ok_endpoints_lookup (OK_ENVIRONMENT_PROD, &base_url, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (base_url, ==, "https://ca.example.invalid/oces");

  /* Reminder days: saved only when valid, sorted */
  gtk_editable_set_text (thresholds_row, "30, x, 7");
  g_signal_emit_by_name (thresholds_row, "apply");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (thresholds_row), "error"));
  thresholds = g_settings_get_value (settings, "notification-thresholds");
  g_assert_cmpuint (g_variant_n_children (thresholds), ==, 7);
  g_clear_pointer (&thresholds, g_variant_unref);

  gtk_editable_set_text (thresholds_row, "7, 30,1,");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (thresholds_row), "error"));
  g_signal_emit_by_name (thresholds_row, "apply");
  thresholds = g_settings_get_value (settings, "notification-thresholds");
  printed = g_variant_print (thresholds, FALSE);
  g_assert_cmpstr (printed, ==, "[30, 7, 1]");
  g_assert_cmpstr (gtk_editable_get_text (thresholds_row), ==, "30, 7, 1");

  /* CA file row shows the path and offers to forget it */
  g_assert_false (gtk_widget_get_sensitive (ca_clear));
  g_settings_set_string (settings, "test-ca-file", "/etc/ssl/certs/extra-ca.pem");
  g_assert_cmpstr (adw_action_row_get_subtitle (ca_row), ==, "/etc/ssl/certs/extra-ca.pem");
  g_assert_true (gtk_widget_get_sensitive (ca_clear));
  /* A button activated from the keyboard emits ::clicked after a short press animation, and
   * only when it is on screen. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "advanced");
  wait_for_frame (ca_clear);
  gtk_widget_activate (ca_clear);
  g_assert_true (wait_until (widget_is_insensitive, ca_clear));
  g_assert_cmpstr (g_settings_get_string (settings, "test-ca-file"), ==, "");

  /* The test roots have a row of their own: trust for issued certificates is not the CA file's. */
  roots_row = template_child (preferences, OK_TYPE_PREFERENCES_WINDOW, "test_roots_row");
  g_settings_set_string (settings, "test-roots-file", "/etc/oces-keeper/reference-root.pem");
  g_assert_cmpstr (adw_action_row_get_subtitle (roots_row), ==, "/etc/oces-keeper/reference-root.pem");
  g_settings_reset (settings, "test-roots-file");
  g_assert_cmpstr (adw_action_row_get_subtitle (roots_row), !=, "/etc/oces-keeper/reference-root.pem");

  /* The address field spans the row, wide enough for a long URL (it was a ~175 px entry). */
  wait_for_frame (GTK_WIDGET (endpoint_row));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (endpoint_row)), >=,
                   gtk_widget_get_width (GTK_WIDGET (preferences)) / 2);

  /* An environment override wins over the field, and the row says so (as in the demo). */
  g_setenv ("OK_PROD_ENDPOINT", "https://override.example.invalid/a/long/path/to/the/issuance/api", TRUE);
  g_settings_set_string (settings, "prod-endpoint", "https://ca.example.invalid/other");
  g_assert_cmpstr (adw_action_row_get_subtitle (effective_row), ==,
                   "https://override.example.invalid/a/long/path/to/the/issuance/api — from the environment "
                   "variable OK_PROD_ENDPOINT, which overrides the field above");
  g_clear_pointer (&base_url, g_free);
  g_assert_true (ok_endpoints_lookup (OK_ENVIRONMENT_PROD, &base_url, NULL, &error));
  g_assert_cmpstr (base_url, ==, "https://override.example.invalid/a/long/path/to/the/issuance/api");
  g_unsetenv ("OK_PROD_ENDPOINT");


  destroy_and_wait (GTK_WINDOW (preferences));

  /* app.preferences-page opens on the page named (the demo's screenshot of Advanced uses it). */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences-page", g_variant_new_string ("advanced"));
  preferences = OK_PREFERENCES_WINDOW (wait_for_toplevel (OK_TYPE_PREFERENCES_WINDOW));
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (preferences)), ==, "advanced");
  destroy_and_wait (GTK_WINDOW (preferences));

  for (const char * const *key = (const char *[]) { "contact-name", "contact-email", "default-renewal-window-days",
                                                    "run-in-background", "prod-endpoint", "notification-thresholds", NULL };
       *key != NULL; key++)
    g_settings_reset (settings, *key);
}

static void
remember_file (OkWindow *window,
               GFile    *file,
               gpointer  data)
{
  g_set_object ((GFile **) data, file);
  /* Only the wiring is checked here; the import flow has tests of its own. */
  g_signal_stop_emission_by_name (window, "import-file");
}

static gboolean
chooser_has_file (gpointer data)
{
  GtkFileChooser *chooser = data;
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);
  GFile *wanted = g_object_get_data (G_OBJECT (chooser), "test-wanted-file");

  return chosen != NULL && g_file_equal (chosen, wanted);
}

static gboolean
filter_accepts (GtkFileFilter *filter,
                const char    *name)
{
  g_autoptr(GFileInfo) info = g_file_info_new ();

  g_file_info_set_display_name (info, name);
  return gtk_filter_match (GTK_FILTER (filter), info);
}

static void
test_import (void)
{
  OkWindow *window = main_window ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("ok-test-app-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) received = NULL;
  GtkFileChooser *chooser;
  GtkFileFilter *filter;
  gulong handler;

  g_assert_no_error (error);
  path = g_build_filename (folder, "company.p12", NULL);
  g_file_set_contents (path, "not a real PKCS#12, only the picked file", -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);

  handler = g_signal_connect (window, "import-file", G_CALLBACK (remember_file), &received);
  g_action_group_activate_action (G_ACTION_GROUP (window), "import", NULL);

  /* Outside a sandbox GtkFileChooserNative falls back to a GtkFileChooserDialog. */
  chooser = GTK_FILE_CHOOSER (wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  wait_for_frame (GTK_WIDGET (chooser));
  filter = gtk_file_chooser_get_filter (chooser);
  g_assert_nonnull (filter);
  g_assert_cmpstr (gtk_file_filter_get_name (filter), ==, "Certificates and PKCS#12 Files");
  for (const char * const *name = (const char *[]) { "a.p12", "B.PFX", "c.pem", "d.cer", "e.crt", "f.der", NULL }; *name; name++)
    g_assert_true (filter_accepts (filter, *name));
  g_assert_false (filter_accepts (filter, "notes.txt"));

  gtk_file_chooser_set_file (chooser, file, &error);
  g_assert_no_error (error);
  g_object_set_data (G_OBJECT (chooser), "test-wanted-file", file);
  g_assert_true (wait_until (chooser_has_file, chooser));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  g_assert_true (wait_until (pointer_is_set, &received));
  g_assert_true (g_file_equal (received, file));

  g_signal_handler_disconnect (window, handler);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

static void
count_call (OkWindow *window,
            gpointer  data)
{
  (*(guint *) data)++;
  /* Only the wiring is checked here; the issue dialog has tests of its own. */
  g_signal_stop_emission_by_name (window, "issue-certificate");
}

static gboolean
called_twice (gpointer data)
{
  return *(guint *) data >= 2;
}

static void
test_issue (void)
{
  OkWindow *window = main_window ();
  guint calls = 0;
  gulong handler = g_signal_connect (window, "issue-certificate", G_CALLBACK (count_call), &calls);
  GtkWidget *issue_button = template_child (window, OK_TYPE_WINDOW, "issue_button");

  g_action_group_activate_action (G_ACTION_GROUP (window), "issue", NULL);
  g_assert_cmpuint (calls, ==, 1);
  gtk_widget_activate (issue_button);
  g_assert_true (wait_until (called_twice, &calls));
  g_assert_cmpuint (calls, ==, 2);

  g_signal_handler_disconnect (window, handler);
}

/* The X window's size; the default size covers the whole surface, client-side decorations
 * included, which the window widget's own allocation does not. */
static int
surface_width (OkWindow *window)
{
  return gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window)));
}

static int
surface_height (OkWindow *window)
{
  return gdk_surface_get_height (gtk_native_get_surface (GTK_NATIVE (window)));
}

/* The System V shared memory segments this process has attached, as /proc/self/maps shows
 * them: one line per mapping, named "/SYSV<key>" with the segment's ID as its inode. */
static char *
attached_segments (void)
{
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (strstr (lines[i], "/SYSV") == NULL)
        continue;
      fields = g_strsplit_set (lines[i], " ", -1);
      /* address, permissions, offset, device, inode: the segment's ID */
      g_string_append_printf (ids, "%s ", fields[4]);
    }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* Five frames that each paint the whole window again (its content fades a little, or back)
 * leave the process with the shared memory segments of @segments. */
static void
assert_repaints_keep_segments (OkWindow   *window,
                               const char *segments)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));

  for (int frame = 0; frame < 5; frame++)
    {
      g_autofree char *now = NULL;

      gtk_widget_set_opacity (content, frame % 2 == 0 ? 0.9 : 1.0);
      wait_for_frame (GTK_WIDGET (window));
      now = attached_segments ();
      g_assert_cmpstr (now, ==, segments);
    }
  gtk_widget_set_opacity (content, 1.0);
}

/* Without GL on X11, cairo copies each frame to the window through a shared memory segment;
 * the window keeps the one pool of them (ok-frame-pool.c) instead of making a segment for
 * every frame. */
static void
test_frame_pool (void)
{
  OkWindow *window = main_window ();
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  g_autofree char *first = NULL;
  GdkRectangle screen;

  wait_for_frame (GTK_WIDGET (window));
  if (!GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))) ||
      !g_str_equal (G_OBJECT_TYPE_NAME (display), "GdkX11Display"))
    {
      g_test_skip ("only where GTK draws with cairo on X11");
      return;
    }

  first = attached_segments ();
  g_assert_cmpstr (first, !=, "");
  assert_repaints_keep_segments (window, first);

  /* The pool holds the frames of a window as large as the screen too. */
  gdk_monitor_get_geometry (gdk_display_get_monitor_at_surface (display, gtk_native_get_surface (GTK_NATIVE (window))),
                            &screen);
  gtk_window_set_default_size (GTK_WINDOW (window), screen.width, screen.height);
  wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpint (surface_width (window), ==, screen.width);
  g_assert_cmpint (surface_height (window), ==, screen.height);
  assert_repaints_keep_segments (window, first);
}

static gboolean
has_child (gpointer bin)
{
  return adw_bin_get_child (ADW_BIN (bin)) != NULL;
}

/* The certificate page's facts are made once the window is idle after its first frame, though
 * nothing shows them yet (ok-facts-group.c): not before the first frame, and not in the frame
 * that first shows a certificate. */
static void
test_facts_made_when_idle (void)
{
  OkWindow *window = main_window ();
  GtkWidget *page = template_child (window, OK_TYPE_WINDOW, "page");
  GtkWidget *facts = template_child (page, OK_TYPE_CERTIFICATE_PAGE, "facts");

  wait_for_frame (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_mapped (facts));
  g_assert_true (wait_until (has_child, facts));
  g_assert_false (gtk_widget_get_mapped (facts));
}

/* The main menu is made when first opened (ok-lazy-menu.c), then kept: the same popover, with
 * the window's menu. */
static void
test_main_menu (void)
{
  OkWindow *window = main_window ();
  GtkMenuButton *button = template_child (window, OK_TYPE_WINDOW, "empty_menu_button");
  GMenuModel *menu = template_child (window, OK_TYPE_WINDOW, "primary_menu");
  GtkPopover *popover;

  wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (button)));
  g_assert_null (gtk_menu_button_get_popover (button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));

  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_true (gtk_menu_button_get_menu_model (button) == menu);
  g_assert_true (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)) == menu);
  wait_for_frame (GTK_WIDGET (popover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));

  gtk_menu_button_popdown (button);
  g_assert_true (wait_until (widget_is_hidden, popover));
  gtk_menu_button_popup (button);
  g_assert_true (gtk_menu_button_get_popover (button) == popover);
  wait_for_frame (GTK_WIDGET (popover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  gtk_menu_button_popdown (button);
  g_assert_true (wait_until (widget_is_hidden, popover));
}

static void
test_remembers_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  OkWindow *window = main_window ();
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpint (surface_width (window), ==, 1000);

  destroy_and_wait (GTK_WINDOW (window));
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  g_application_activate (G_APPLICATION (app));
  window = main_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpint (surface_width (window), ==, 1000);
  g_assert_cmpint (surface_height (window), ==, 700);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
}

static void
test_danish (void)
{
  OkWindow *window = main_window ();
  AdwStatusPage *empty_page = template_child (window, OK_TYPE_WINDOW, "empty_page");
  GtkButton *issue_button = template_child (window, OK_TYPE_WINDOW, "issue_button");
  GtkButton *import_button = template_child (window, OK_TYPE_WINDOW, "import_button");

  wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "OCES Keeper");
  g_assert_cmpstr (adw_status_page_get_title (empty_page), ==, "Ingen certifikater endnu");
  g_assert_cmpstr (gtk_button_get_label (issue_button), ==, "_Udsted certifikat…");
  g_assert_cmpstr (gtk_button_get_label (import_button), ==, "_Importér…");

  save_screenshot (GTK_WIDGET (window), "main-window-da.png");
}

static void
test_quit (void)
{
  gpointer window = main_window ();
  gpointer guides;

  /* An open Guides window (with its IdM light drafter on the store) goes down with the rest,
   * without a critical (G_DEBUG=fatal-criticals would abort here). */
  ok_guide_window_present (GTK_WINDOW (window), "idm-light");
  guides = g_object_get_data (G_OBJECT (window), "ok-guide-window") != NULL
           ? g_weak_ref_get (g_object_get_data (G_OBJECT (window), "ok-guide-window")) : NULL;
  g_assert_nonnull (guides);
  g_assert_true (wait_until (widget_is_mapped, guides));
  g_object_add_weak_pointer (G_OBJECT (guides), &guides);

  /* Ctrl+Q pressed in the Guides window: its key event holds a reference to it while the quit
   * destroys every window, so the main window goes first and the guides outlive it. */
  g_object_add_weak_pointer (G_OBJECT (window), &window);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_true (wait_until (pointer_is_null, &window));
  g_assert_nonnull (guides);
  g_object_unref (guides);
  g_assert_null (guides);
}

static gboolean
run_tests (gpointer data)
{
  test_status = g_test_run ();
  g_application_release (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *application)
{
  static gboolean started;

  if (started)
    return;
  started = TRUE;
  g_application_hold (application);
  g_idle_add (run_tests, NULL);
}

static void
on_shutdown (GApplication *application)
{
  shutdown_seen = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *app_id = NULL;
  const char *language = NULL;
  char *run_argv[] = { argv[0], NULL };
  int run_status;
  int kept = 1;

  /* --language must take effect before gettext is set up, and g_test_init() must not see it. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--language") && i + 1 < argc)
        language = argv[++i];
      else
        argv[kept++] = argv[i];
    }
  argc = kept;
  argv[argc] = NULL;
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);

  ok_application_setup_gettext ();
  g_test_init (&argc, &argv, NULL);

  if (language != NULL && g_str_has_prefix (language, "da"))
    {
      g_test_add_func ("/app/da/empty-state", test_danish);
      g_test_add_func ("/app/da/quit", test_quit);
    }
  else
    {
      g_test_add_func ("/app/empty-state", test_empty_state);
      g_test_add_func ("/app/screenshots", test_screenshots);
      g_test_add_func ("/app/about", test_about);
      g_test_add_func ("/app/help-overlay", test_help_overlay);
      g_test_add_func ("/app/accelerators", test_accelerators);
      g_test_add_func ("/app/preferences", test_preferences);
      g_test_add_func ("/app/import", test_import);
      g_test_add_func ("/app/issue", test_issue);
      g_test_add_func ("/app/frame-pool", test_frame_pool);
      g_test_add_func ("/app/main-menu", test_main_menu);
      g_test_add_func ("/app/facts-made-when-idle", test_facts_made_when_idle);
      g_test_add_func ("/app/remembers-size", test_remembers_size);
      g_test_add_func ("/app/quit", test_quit);
    }

  /* Its own ID per process: the executable test and the Danish run share the session bus. */
  app_id = g_strdup_printf ("io.github.oceskeeper.OcesKeeper.Test.Pid%d", (int) getpid ());
  app = g_object_new (OK_TYPE_APPLICATION, "application-id", app_id, NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  g_signal_connect (app, "shutdown", G_CALLBACK (on_shutdown), NULL);

  run_status = g_application_run (G_APPLICATION (app), 1, run_argv);

  /* Quitting cleanly (asserted in /app/quit) means the main loop ended on its own. */
  if (test_status == 0 && (run_status != 0 || !shutdown_seen || gtk_application_get_windows (GTK_APPLICATION (app)) != NULL))
    {
      g_print ("Bail out! the application did not shut down cleanly (status %d)\n", run_status);
      test_status = 1;
    }

  g_clear_object (&app);
  return test_status;
}
