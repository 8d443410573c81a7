/* ok-lazy-menu.c — menu buttons that make their popover menu when first opened
 *
 * Given a menu model, GtkMenuButton builds its GtkPopoverMenu, a widget for every item, at once:
 * for the window's two main menus and the certificate menu that was 12 million instructions
 * (about 3 ms) before the window's first frame, for menus that most starts never open. Attached
 * here, a button gets its model only when it is first opened, through GTK's create-popup
 * function; from then on it is an ordinary menu button.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-lazy-menu.h"

static void
create_popup (GtkMenuButton *button,
              gpointer       user_data)
{
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (user_data));
  /* An ordinary menu button from now on; this drops the reference that attaching took. */
  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
}

/**
 * ok_lazy_menu_attach:
 * @button: a menu button without a popover
 * @model: the menu it opens
 *
 * Makes @button open @model, building the menu when it is first opened instead of now.
 */
void
ok_lazy_menu_attach (GtkMenuButton *button,
                     GMenuModel    *model)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (model));

  gtk_menu_button_set_create_popup_func (button, create_popup, g_object_ref (model), g_object_unref);
}
