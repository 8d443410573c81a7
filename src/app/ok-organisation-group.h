/* ok-organisation-group.h — which organisation an IdM light e-mail is for: the distinct CVR
 * numbers among the store's certificates, or one typed in
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OK_TYPE_ORGANISATION_GROUP (ok_organisation_group_get_type ())

G_DECLARE_FINAL_TYPE (OkOrganisationGroup, ok_organisation_group, OK, ORGANISATION_GROUP, AdwPreferencesGroup)

GListModel *ok_organisation_group_get_store        (OkOrganisationGroup *self);
void        ok_organisation_group_set_store        (OkOrganisationGroup *self,
                                                    GListModel          *store);
const char *ok_organisation_group_get_cvr          (OkOrganisationGroup *self);
const char *ok_organisation_group_get_organisation (OkOrganisationGroup *self);
void        ok_organisation_group_select_cvr       (OkOrganisationGroup *self,
                                                    const char          *cvr);

G_END_DECLS
