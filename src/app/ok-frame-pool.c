/* ok-frame-pool.c — keeps cairo's shared-memory pool for frames alive on X11 without GL
 *
 * Where GTK draws with its cairo renderer on X11 (no GL: virtual machines without 3D, remote and
 * virtual displays), every frame is painted into an image and then copied to the window through
 * a MIT-SHM segment that cairo-xlib takes from a pool of its own. cairo sizes a new pool at eight
 * times the first image it holds and destroys a pool as soon as it is empty, and the window's
 * image is freed at the end of each frame: so each frame made, attached to the X server, faulted
 * in page by page and destroyed a 32 MB segment for a 900 × 640 window. That was most of the
 * copy's cost, and the copy most of a frame in which the whole window changes (a dialog closing,
 * a page appearing): the export's longest stall went from 19–20 ms to 8 ms with the pool kept.
 *
 * Holding one small image from a pool made for the largest window keeps that pool, and the pages
 * frames have touched, for the life of the display. cairo finishes the image when the display
 * closes. It has to be made before the first frame: made after it (from the first frame's
 * after-paint, an idle or a timeout) the pool was kept too, yet frames still copied each image
 * into shared memory and faulted its pages in (`perf`: pixman_blt in end_frame), and the longest
 * stall while importing stayed at 24–32 ms instead of 13–15; made at realize, the frames'
 * uploads all but vanish from the profile.
 *
 * Its price is paid at start-up, in clearing the image that sizes the pool. cairo makes a pool
 * eight times the image's size rounded up to a power of two, so an image of half the screen
 * makes a pool of at least four screens (32 MB for 1280 × 900), which the frames of a window as
 * large as the screen share (/app/frame-pool; from a quarter of the screen they did not). An
 * image of the whole screen made a pool twice that, and clearing it took 19–21 ms before the
 * first frame instead of 9–12.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-frame-pool.h"

#ifdef HAVE_X11
#include <cairo-xlib.h>
#include <gdk/x11/gdkx.h>
#endif

#define KEPT_KEY "ok-frame-pool-kept"

#ifdef HAVE_X11
/* A pool that a frame of the largest window, the display's default screen, fits in with room
 * to spare. */
static cairo_surface_t *
keep_pool (Display *xdisplay)
{
  Screen *screen = DefaultScreenOfDisplay (xdisplay);
  cairo_surface_t *root;
  cairo_surface_t *sizing;
  cairo_surface_t *kept;

  root = cairo_xlib_surface_create (xdisplay, RootWindowOfScreen (screen), DefaultVisualOfScreen (screen),
                                    WidthOfScreen (screen), HeightOfScreen (screen));
  /* The first image makes the pool, eight times its size or more; the second, small enough to
   * share it (and above cairo's 4 KB minimum for shared memory), keeps it once the first is
   * gone. */
  sizing = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32,
                                               WidthOfScreen (screen), HeightOfScreen (screen) / 2 + 1);
  kept = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32, 64, 64);
  cairo_surface_destroy (sizing);
  cairo_surface_destroy (root);

  return kept;
}
#endif

/**
 * ok_frame_pool_keep:
 * @native: a realized window
 *
 * Keeps cairo's pool of shared memory for frames for the life of @native's display, when
 * @native is drawn by GTK's cairo renderer on X11; does nothing otherwise, or again.
 */
void
ok_frame_pool_keep (GtkNative *native)
{
#ifdef HAVE_X11
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (native));
  GskRenderer *renderer = gtk_native_get_renderer (native);

  if (!GDK_IS_X11_DISPLAY (display) || !GSK_IS_CAIRO_RENDERER (renderer))
    return;
  if (g_object_get_data (G_OBJECT (display), KEPT_KEY) != NULL)
    return;

  g_object_set_data_full (G_OBJECT (display), KEPT_KEY,
                          keep_pool (gdk_x11_display_get_xdisplay (display)),
                          (GDestroyNotify) cairo_surface_destroy);
#else
  (void) native;
#endif
}
