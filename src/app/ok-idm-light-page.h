/* ok-idm-light-page.h — the help panel that drafts the IdM light e-mail: organisation (CVR)
 * from the store or typed, contact from settings, a live preview, open in the e-mail app or copy
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OK_TYPE_IDM_LIGHT_PAGE (ok_idm_light_page_get_type ())

G_DECLARE_FINAL_TYPE (OkIdmLightPage, ok_idm_light_page, OK, IDM_LIGHT_PAGE, AdwBin)

GListModel *ok_idm_light_page_get_store    (OkIdmLightPage *self);
void        ok_idm_light_page_set_store    (OkIdmLightPage *self,
                                            GListModel     *store);
const char *ok_idm_light_page_get_cvr      (OkIdmLightPage *self);
void        ok_idm_light_page_select_cvr   (OkIdmLightPage *self,
                                            const char     *cvr);

G_END_DECLS
