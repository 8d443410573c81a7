/* ok-facts-group.h — what a certificate says about itself: identity, validity, key,
 * fingerprints, and its chain with how far it is trusted
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ok-certificate.h"
#include "ok-grid-row.h"

G_BEGIN_DECLS

#define OK_TYPE_FACTS_GROUP (ok_facts_group_get_type ())

G_DECLARE_FINAL_TYPE (OkFactsGroup, ok_facts_group, OK, FACTS_GROUP, AdwBin)

GtkWidget *ok_facts_group_new             (void);
void       ok_facts_group_set_certificate (OkFactsGroup  *self,
                                           OkCertificate *certificate);
OkGridRow *ok_facts_group_get_row         (OkFactsGroup  *self,
                                           const char    *fact);

G_END_DECLS
