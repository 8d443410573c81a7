/* ok-guide-step.c — one numbered step of a guide: a row with the step's number, a short title
 * and the detail below it
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-guide-step.h"

struct _OkGuideStep
{
  AdwActionRow  parent_instance;

  GtkLabel     *number_label;
  guint         number;
};

G_DEFINE_FINAL_TYPE (OkGuideStep, ok_guide_step, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_NUMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

guint
ok_guide_step_get_number (OkGuideStep *self)
{
  g_return_val_if_fail (OK_IS_GUIDE_STEP (self), 0);

  return self->number;
}

void
ok_guide_step_set_number (OkGuideStep *self,
                          guint        number)
{
  g_autofree char *text = NULL;

  g_return_if_fail (OK_IS_GUIDE_STEP (self));

  if (self->number == number)
    return;

  self->number = number;
  text = g_strdup_printf ("%u", number);
  gtk_label_set_label (self->number_label, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMBER]);
}

static void
ok_guide_step_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OkGuideStep *self = OK_GUIDE_STEP (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_guide_step_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OkGuideStep *self = OK_GUIDE_STEP (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      ok_guide_step_set_number (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_guide_step_class_init (OkGuideStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ok_guide_step_get_property;
  object_class->set_property = ok_guide_step_set_property;

  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ok_guide_step_init (OkGuideStep *self)
{
  /* Guide text quotes portal labels and company names; none of it is markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self), FALSE);

  self->number_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->number_label), GTK_ALIGN_CENTER);
  gtk_label_set_width_chars (self->number_label, 2);
  gtk_widget_add_css_class (GTK_WIDGET (self->number_label), "title-2");
  gtk_widget_add_css_class (GTK_WIDGET (self->number_label), "accent");
  gtk_widget_add_css_class (GTK_WIDGET (self->number_label), "numeric");
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), GTK_WIDGET (self->number_label));
}
