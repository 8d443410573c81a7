/* ok-window-private.h — what ok-window.c and ok-window-actions.c share
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-certificate-list.h"
#include "ok-certificate-page.h"
#include "ok-removal-queue.h"
#include "ok-window.h"

G_BEGIN_DECLS

struct _OkWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GtkFileChooserNative *import_chooser;
  OkStore              *store;
  OkRemovalQueue       *removals;
  GHashTable           *watched_renewals;   /* OkRenewal set */
  char                 *pending_show_id;    /* asked for before the store was loaded */
  gboolean              pending_renew;
  guint                 refresh_timeout;
  gint64                clock_read_at;      /* wall clock, seconds: when list and page last read it */

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *unusable_page;
  AdwLeaflet           *leaflet;
  AdwBin               *list_bin;
  AdwHeaderBar         *list_header;
  GtkDropDown          *filter_dropdown;
  GtkToggleButton      *search_button;
  GtkMenuButton        *empty_menu_button;
  GtkMenuButton        *list_menu_button;
  GMenuModel           *primary_menu;
  OkCertificateList    *list;
  OkCertificatePage    *page;
};

OkCertificate *_ok_window_lookup       (OkWindow   *self,
                                        const char *id);
void           _ok_window_add_toast    (OkWindow   *self,
                                        const char *text);
OkRenewal     *_ok_window_get_renewal  (OkWindow   *self,
                                        const char *id);
void           _ok_window_show         (OkWindow   *self,
                                        const char *id,
                                        gboolean    navigate);
void           _ok_window_actions_init (OkWindow   *self);

G_END_DECLS
