/* ok-certificate-row.c — one certificate in the list: name, state badge and days left
 *
 * A row lives only as long as its certificate object: the store replaces the object on renewal,
 * and the list then makes a new row. The state depends on the clock, so the list refreshes its
 * rows with one "now" for all of them.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-certificate-row.h"
#include "ok-format.h"
#include "ok-status-badge.h"

struct _OkCertificateRow
{
  GtkListBoxRow  parent_instance;

  OkCertificate *certificate;
  OkState        state;

  GtkLabel      *name_label;
  GtkLabel      *expiry_label;
  OkStatusBadge *badge;
};

G_DEFINE_FINAL_TYPE (OkCertificateRow, ok_certificate_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Anything about the certificate may move it in the list: its name, its settings, a new
 * event-log entry (a failed renewal). The list coalesces these into one refresh. */
static void
certificate_changed (OkCertificateRow *self)
{
  gtk_label_set_text (self->name_label, ok_certificate_get_name (self->certificate));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
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
      self->certificate = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_certificate_row_constructed (GObject *object)
{
  OkCertificateRow *self = OK_CERTIFICATE_ROW (object);

  G_OBJECT_CLASS (ok_certificate_row_parent_class)->constructed (object);

  g_return_if_fail (OK_IS_CERTIFICATE (self->certificate));

  gtk_label_set_text (self->name_label, ok_certificate_get_name (self->certificate));
  g_signal_connect_object (self->certificate, "notify", G_CALLBACK (certificate_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ok_certificate_get_events (self->certificate), "items-changed",
                           G_CALLBACK (certificate_changed), self, G_CONNECT_SWAPPED);
}

static void
ok_certificate_row_dispose (GObject *object)
{
  OkCertificateRow *self = OK_CERTIFICATE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_CERTIFICATE_ROW);
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
  object_class->constructed = ok_certificate_row_constructed;
  object_class->dispose = ok_certificate_row_dispose;

  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL,
                         OK_TYPE_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OkCertificateRow::changed:
   *
   * The certificate changed in a way that may change its state or its place in the list.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (OK_TYPE_STATUS_BADGE);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ok-certificate-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OkCertificateRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, OkCertificateRow, expiry_label);
  gtk_widget_class_bind_template_child (widget_class, OkCertificateRow, badge);
}

static void
ok_certificate_row_init (OkCertificateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ok_certificate_row_new (OkCertificate *certificate)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  return g_object_new (OK_TYPE_CERTIFICATE_ROW, "certificate", certificate, NULL);
}

OkCertificate *
ok_certificate_row_get_certificate (OkCertificateRow *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE_ROW (self), NULL);

  return self->certificate;
}

OkState
ok_certificate_row_get_state (OkCertificateRow *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE_ROW (self), OK_STATE_VALID);

  return self->state;
}

void
ok_certificate_row_refresh (OkCertificateRow *self,
                            gint64            now,
                            guint             default_window_days)
{
  g_autofree char *expiry = NULL;

  g_return_if_fail (OK_IS_CERTIFICATE_ROW (self));

  self->state = ok_state_compute (self->certificate, now, default_window_days);
  expiry = ok_format_expiry (self->certificate, now);

  gtk_label_set_text (self->name_label, ok_certificate_get_name (self->certificate));
  gtk_label_set_text (self->expiry_label, expiry);
  ok_status_badge_set_state (self->badge, self->state);
}
