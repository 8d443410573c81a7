/* ok-dialog-test-util.c — helpers for the GTK tests of the issue, import and export dialogs
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ok-dialog-test-util.h"
#include "ok-group-heading.h"
#include "ok-keys-test-util.h"

static OkApplication *app;
static int test_status = 1;

OkApplication *
okd_app (void)
{
  return app;
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
okd_wait_until (OkdCondition condition,
                gpointer     data,
                guint        seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_TIME_SPAN_SECOND;
  guint tick = g_timeout_add (20, keep_waking, NULL);
  gboolean reached;

  while (!(reached = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return reached;
}

static gboolean
deadline_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

void
okd_iterate (guint milliseconds)
{
  gint64 deadline = g_get_monotonic_time () + milliseconds * 1000;

  okd_wait_until (deadline_passed, &deadline, milliseconds / 1000 + 1);
}

static gboolean
store_is_loaded (gpointer data)
{
  return ok_application_get_store_loaded (app);
}

OkStore *
okd_store (void)
{
  g_assert_true (okd_wait_until (store_is_loaded, NULL, OKD_WAIT_SECONDS));
  return ok_application_get_store (app);
}

GtkWindow *
okd_main_window (void)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* The most recently focused window comes first; the main window is the application window. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_APPLICATION_WINDOW (l->data))
      return l->data;

  g_assert_not_reached ();
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
set_flag (GdkFrameClock *clock,
          gpointer       data)
{
  *(gboolean *) data = TRUE;
}

void
okd_wait_for_frame (GtkWidget *widget)
{
  gboolean painted = FALSE;
  GdkFrameClock *clock;
  gulong handler;

  g_assert_true (okd_wait_until (widget_is_mapped, widget, OKD_WAIT_SECONDS));
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (set_flag), &painted);
  gtk_widget_queue_draw (widget);
  g_assert_true (okd_wait_until (flag_is_set, &painted, OKD_WAIT_SECONDS));
  g_signal_handler_disconnect (clock, handler);
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

GtkWindow *
okd_find_toplevel (GType type)
{
  ToplevelSearch search = { type, NULL };

  find_visible_toplevel (&search);
  return search.found;
}

GtkWindow *
okd_wait_for_toplevel (GType type)
{
  ToplevelSearch search = { type, NULL };

  if (!okd_wait_until (find_visible_toplevel, &search, OKD_WAIT_SECONDS))
    g_error ("no visible %s appeared within %d s", g_type_name (type), OKD_WAIT_SECONDS);
  return search.found;
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

struct _OkdWatch
{
  gpointer object;
};

/* Starts watching @object before whatever may finalize it at once (a click that closes a
 * dialog); okd_wait_finalized() then waits for it to be gone. */
OkdWatch *
okd_watch (gpointer object)
{
  OkdWatch *watch = g_new0 (OkdWatch, 1);

  watch->object = object;
  g_object_add_weak_pointer (G_OBJECT (object), &watch->object);
  return watch;
}

void
okd_wait_finalized (OkdWatch *watch)
{
  if (!okd_wait_until (pointer_is_null, &watch->object, OKD_WAIT_SECONDS))
    g_error ("a %s was still alive after %d s", G_OBJECT_TYPE_NAME (watch->object), OKD_WAIT_SECONDS);
  g_free (watch);
}

void
okd_destroy_and_wait (GtkWindow *window)
{
  gpointer pointer = window;

  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  gtk_window_destroy (window);
  g_assert_true (okd_wait_until (pointer_is_null, &pointer, OKD_WAIT_SECONDS));
}

gpointer
okd_template_child (gpointer    widget,
                    GType       type,
                    const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (child == NULL)
    g_error ("%s has no template child “%s”", G_OBJECT_TYPE_NAME (widget), name);
  return child;
}

static GtkWidget *
find_first (GtkWidget *root,
            gboolean (*matches) (GtkWidget *widget, gconstpointer data),
            gconstpointer data)
{
  if (matches (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, matches, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_of_type (GtkWidget    *widget,
            gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_named (GtkWidget    *widget,
          gconstpointer name)
{
  return g_str_equal (gtk_widget_get_name (widget), name);
}

GtkWidget *
okd_find_descendant (GtkWidget *root,
                     GType      type)
{
  return find_first (root, is_of_type, GSIZE_TO_POINTER (type));
}

GtkWidget *
okd_find_named (GtkWidget  *root,
                const char *name)
{
  return find_first (root, is_named, name);
}

GPtrArray *
okd_list_rows (OkCertificateList *list)
{
  GtkWidget *view = okd_template_child (list, OK_TYPE_CERTIFICATE_LIST, "list_view");
  GPtrArray *rows = g_ptr_array_new ();

  /* The view keeps its item widgets in the order of the items. */
  for (GtkWidget *item = gtk_widget_get_first_child (view); item != NULL; item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *child = gtk_widget_get_first_child (item);

      if (OK_IS_CERTIFICATE_ROW (child) && ok_certificate_row_get_certificate (OK_CERTIFICATE_ROW (child)) != NULL &&
          gtk_widget_get_child_visible (item))
        g_ptr_array_add (rows, child);
    }

  return rows;
}

const char *
okd_row_heading (OkCertificateRow *row)
{
  GtkWidget *before = gtk_widget_get_prev_sibling (gtk_widget_get_parent (GTK_WIDGET (row)));
  GtkWidget *child = before != NULL ? gtk_widget_get_first_child (before) : NULL;

  return OK_IS_GROUP_HEADING (child) ? ok_group_heading_get_title (OK_GROUP_HEADING (child)) : NULL;
}

GtkLabel *
okd_find_label (GtkWidget  *root,
                const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = okd_find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
okd_find_button (GtkWidget  *root,
                 const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = okd_find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *text;
  GtkLabel   *found;
} LabelSearch;

static gboolean
label_is_there (gpointer data)
{
  LabelSearch *search = data;

  search->found = okd_find_label (search->root, search->text);
  return search->found != NULL;
}

GtkWidget *
okd_wait_for_label (GtkWidget  *root,
                    const char *text)
{
  LabelSearch search = { root, text, NULL };

  if (!okd_wait_until (label_is_there, &search, OKD_WAIT_SECONDS))
    g_error ("no label with “%s” appeared in %s within %d s", text, G_OBJECT_TYPE_NAME (root), OKD_WAIT_SECONDS);
  return GTK_WIDGET (search.found);
}

void
okd_save_screenshot (GtkWidget  *window,
                     const char *name)
{
  const char *logdir = g_getenv ("OK_TEST_LOGDIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  g_autofree char *geometry = NULL;
  g_autofree char *expected = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  g_assert_nonnull (logdir);
  g_assert_cmpint (g_mkdir_with_parents (logdir, 0755), ==, 0);
  path = g_build_filename (logdir, name, NULL);

  /* Two frames: what a frame's end made visible (the certificate page's lower part, shown one
   * frame after the rest) is laid out in the next. */
  okd_wait_for_frame (window);
  okd_wait_for_frame (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);

  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));

  geometry = okt_run_ok (NULL, NULL, NULL, (const char *[]) { "identify", "-format", "%m %w %h", path, NULL });
  expected = g_strdup_printf ("PNG %d %d", width, height);
  g_assert_cmpstr (geometry, ==, expected);
  g_test_message ("screenshot %s (%d×%d)", path, width, height);
}

static char *
window_xid (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  return g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
}

static void
run_xdotool (const char * const *argv)
{
  g_autofree char *out = okt_run_ok (NULL, NULL, NULL, (const char **) argv);

  /* The X server has the events; let GTK read and handle them. */
  okd_iterate (200);
}

/* A person scrolls to a button before clicking it. */
static void
scroll_into_view (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t top;

  if (scrolled == NULL)
    return;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_compute_point (widget, scrolled, &GRAPHENE_POINT_INIT (0, 0), &top));
  if (top.y >= 0 && top.y + gtk_widget_get_height (widget) <= gtk_widget_get_height (scrolled))
    return;

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + top.y -
                                        (gtk_widget_get_height (scrolled) - gtk_widget_get_height (widget)) / 2.0);
  okd_wait_for_frame (widget);
}

void
okd_x11_click (GtkWidget *widget)
{
  g_autofree char *xid = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  GtkNative *native;
  graphene_point_t centre;
  double dx, dy;

  okd_wait_for_frame (widget);
  scroll_into_view (widget);
  native = gtk_widget_get_native (widget);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &centre));
  /* Window coordinates also count the client-side decoration's margin. */
  gtk_native_get_surface_transform (native, &dx, &dy);
  xid = window_xid (widget);
  x = g_strdup_printf ("%d", (int) (centre.x + dx));
  y = g_strdup_printf ("%d", (int) (centre.y + dy));
  /* Moved first and given time to arrive, so GTK knows where the pointer is before the press
   * (xdotool's --sync would wait forever when the pointer is already there). */
  run_xdotool ((const char *[]) { "xdotool", "mousemove", "--window", xid, x, y, NULL });
  run_xdotool ((const char *[]) { "xdotool", "click", "1", NULL });
}

void
okd_x11_key (GtkWindow  *window,
             const char *key)
{
  g_autofree char *xid = NULL;

  okd_wait_for_frame (GTK_WIDGET (window));
  xid = window_xid (GTK_WIDGET (window));
  /* No window manager runs under Xvfb: give the window the input focus, then type. */
  run_xdotool ((const char *[]) { "xdotool", "windowfocus", "--sync", xid, "key", key, NULL });
}

static int saved_stderr = -1;
static char *captured_path;

void
okd_capture_stderr_begin (void)
{
  g_autoptr(GError) error = NULL;
  int fd;

  g_assert_cmpint (saved_stderr, ==, -1);
  fd = g_file_open_tmp ("ok-test-stderr-XXXXXX", &captured_path, &error);
  g_assert_no_error (error);

  fflush (stderr);
  saved_stderr = dup (STDERR_FILENO);
  g_assert_cmpint (dup2 (fd, STDERR_FILENO), ==, STDERR_FILENO);
  close (fd);
}

char *
okd_capture_stderr_end (void)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_cmpint (saved_stderr, !=, -1);
  fflush (stderr);
  g_assert_cmpint (dup2 (saved_stderr, STDERR_FILENO), ==, STDERR_FILENO);
  close (saved_stderr);
  saved_stderr = -1;

  g_file_get_contents (captured_path, &text, NULL, &error);
  g_assert_no_error (error);
  g_unlink (captured_path);
  g_clear_pointer (&captured_path, g_free);

  /* What the code under test wrote stays visible in the test log. */
  g_printerr ("%s", text);
  return text;
}

char *
okd_keyring_lookup (const char *certificate_id,
                    const char *kind)
{
  const char *argv[] = { "timeout", "10", "secret-tool", "lookup", "certificate-id", certificate_id, "kind", kind, NULL };
  g_autoptr(OktResult) result = okt_run (NULL, NULL, NULL, argv);

  if (result->exit_status != 0)
    return NULL;

  return okt_bytes_to_text (result->out);
}

static gboolean
run_tests (gpointer data)
{
  /* Screenshots show the end of every transition, not a frame halfway through it. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  test_status = g_test_run ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
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

int
okd_run_tests (void)
{
  g_autofree char *app_id = NULL;
  char *run_argv[] = { (char *) g_get_prgname (), NULL };

  ok_application_setup_gettext ();

  /* Its own ID per process: several test programs share the session bus. */
  app_id = g_strdup_printf ("io.github.oceskeeper.OcesKeeper.Test.Pid%d", (int) getpid ());
  app = g_object_new (OK_TYPE_APPLICATION, "application-id", app_id, NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);

  g_application_run (G_APPLICATION (app), 1, run_argv);

  /* Windows left open are closed with the application; the main loop must have ended. */
  g_clear_object (&app);
  return test_status;
}
