/* ok-certificate-row.c — one certificate in the list: name, state badge and days left
 *
 * The list view recycles rows: one row shows one certificate after another as the list
 * scrolls, so the certificate is set and unset rather than fixed at construction. The state
 * depends on the clock, so the list refreshes its rows with one "now" for all of them.
 *
 * A click opens the certificate (the list's `certificates.open` action) even when its row is
 * already selected, which the selection alone would not say: on a narrow window the list and
 * the page take turns. The list item's own gesture claims the click only on release, after the
 * row's has seen it.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-certificate-row.h"
#include "ok-format.h"
#include "ok-state.h"
#include "ok-status-badge.h"

struct _OkCertificateRow
{
  GtkWidget      parent_instance;

  OkCertificate *certificate;

  GtkLabel      *name_label;
  GtkLabel      *expiry_label;
  OkStatusBadge *badge;
};

G_DEFINE_FINAL_TYPE (OkCertificateRow, ok_certificate_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
released_cb (OkCertificateRow *self,
             int               n_press)
{
  if (n_press == 1 && self->certificate != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "certificates.open", "s", ok_certificate_get_id (self->certificate));
}

static void
ok_certificate_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OkCertificateRow *self = OK_CERTIFICATE_ROW (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_certificate_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OkCertificateRow *self = OK_CERTIFICATE_ROW (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATE:
      ok_certificate_row_set_certificate (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_certificate_row_dispose (GObject *object)
{
  OkCertificateRow *self = OK_CERTIFICATE_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_CERTIFICATE_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (ok_certificate_row_parent_class)->dispose (object);
}

static void
ok_certificate_row_class_init (OkCertificateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ok_certificate_row_get_property;
  object_class->set_property = ok_certificate_row_set_property;
  object_class->dispose = ok_certificate_row_dispose;

  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL,
                         OK_TYPE_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (OK_TYPE_STATUS_BADGE);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ok-certificate-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OkCertificateRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, OkCertificateRow, expiry_label);
  gtk_widget_class_bind_template_child (widget_class, OkCertificateRow, badge);
}

static void
ok_certificate_row_init (OkCertificateRow *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
ok_certificate_row_new (void)
{
  return g_object_new (OK_TYPE_CERTIFICATE_ROW, NULL);
}

/**
 * ok_certificate_row_get_certificate:
 *
 * Returns: (transfer none) (nullable): the certificate shown, %NULL while the row is not bound
 */
OkCertificate *
ok_certificate_row_get_certificate (OkCertificateRow *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE_ROW (self), NULL);

  return self->certificate;
}

/**
 * ok_certificate_row_set_certificate:
 * @certificate: (nullable): the certificate to show; call ok_certificate_row_refresh() next
 */
void
ok_certificate_row_set_certificate (OkCertificateRow *self,
                                    OkCertificate    *certificate)
{
  g_return_if_fail (OK_IS_CERTIFICATE_ROW (self));
  g_return_if_fail (certificate == NULL || OK_IS_CERTIFICATE (certificate));

  if (g_set_object (&self->certificate, certificate))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE]);
}

void
ok_certificate_row_refresh (OkCertificateRow *self,
                            gint64            now,
                            guint             default_window_days)
{
  g_autofree char *expiry = NULL;

  g_return_if_fail (OK_IS_CERTIFICATE_ROW (self));

  if (self->certificate == NULL)
    return;

  expiry = ok_format_expiry (self->certificate, now);

  gtk_label_set_text (self->name_label, ok_certificate_get_name (self->certificate));
  gtk_label_set_text (self->expiry_label, expiry);
  ok_status_badge_set_state (self->badge, ok_state_compute (self->certificate, now, default_window_days));
}
