/* ok-status-badge.c — the coloured pill that names a certificate's state
 *
 * The colour only repeats what the text says, so the state reaches screen readers and
 * colour-blind users as words; style.css draws the pill from libadwaita's named colours so that
 * it follows the dark style.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-status-badge.h"

struct _OkStatusBadge
{
  GtkWidget  parent_instance;

  GtkWidget *label;
  OkState    state;
};

G_DEFINE_FINAL_TYPE (OkStatusBadge, ok_status_badge, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *colour_classes[] = { "success", "accent", "warning", "error", "dim-label" };

static const char *
colour_class_for (OkState state)
{
  switch (state)
    {
    case OK_STATE_VALID:
      return "success";
    case OK_STATE_RENEWAL_DUE:
      return "accent";
    case OK_STATE_EXPIRING_SOON:
    case OK_STATE_NOT_YET_VALID:
      return "warning";
    case OK_STATE_EXPIRED:
    case OK_STATE_RENEWAL_FAILING:
    case OK_STATE_REVOKED:
      return "error";
    case OK_STATE_MONITOR_ONLY:
    default:
      return "dim-label";
    }
}

static void
ok_status_badge_update (OkStatusBadge *self)
{
  const char *text = ok_state_get_display_name (self->state);
  g_autofree char *description = g_strdup_printf (_("Status: %s"), text);

  gtk_label_set_text (GTK_LABEL (self->label), text);
  for (gsize i = 0; i < G_N_ELEMENTS (colour_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), colour_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self), colour_class_for (self->state));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
ok_status_badge_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OkStatusBadge *self = OK_STATUS_BADGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_status_badge_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  OkStatusBadge *self = OK_STATUS_BADGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      ok_status_badge_set_state (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_status_badge_dispose (GObject *object)
{
  OkStatusBadge *self = OK_STATUS_BADGE (object);

  g_clear_pointer (&self->label, gtk_widget_unparent);

  G_OBJECT_CLASS (ok_status_badge_parent_class)->dispose (object);
}

static void
ok_status_badge_class_init (OkStatusBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ok_status_badge_get_property;
  object_class->set_property = ok_status_badge_set_property;
  object_class->dispose = ok_status_badge_dispose;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       OK_TYPE_STATE, OK_STATE_VALID,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statusbadge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
ok_status_badge_init (OkStatusBadge *self)
{
  self->state = OK_STATE_VALID;
  self->label = gtk_label_new (NULL);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  ok_status_badge_update (self);
}

GtkWidget *
ok_status_badge_new (void)
{
  return g_object_new (OK_TYPE_STATUS_BADGE, NULL);
}

OkState
ok_status_badge_get_state (OkStatusBadge *self)
{
  g_return_val_if_fail (OK_IS_STATUS_BADGE (self), OK_STATE_VALID);

  return self->state;
}

void
ok_status_badge_set_state (OkStatusBadge *self,
                           OkState        state)
{
  g_return_if_fail (OK_IS_STATUS_BADGE (self));

  if (self->state == state)
    return;

  self->state = state;
  ok_status_badge_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
ok_status_badge_get_text (OkStatusBadge *self)
{
  g_return_val_if_fail (OK_IS_STATUS_BADGE (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->label));
}
