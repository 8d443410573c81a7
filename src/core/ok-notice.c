/* ok-notice.c — OkNotice: one thing the background monitor tells the user, as a desktop
 * notification and as JSON
 *
 * The words are made once (ok-notice-texts.c), so that a desktop notification and what
 * `oces-keeper-cli monitor --once` prints say the same thing. The JSON form carries a notice
 * from the pass that made it (`monitor --once --json`) to the background monitor that sends
 * it; this file therefore needs no certificate code, which keeps the monitor process small.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-notice.h"

struct _OkNotice
{
  GObject                parent_instance;

  OkNoticeKind           kind;
  char                  *certificate_id;
  char                  *title;
  char                  *body;
  GNotificationPriority  priority;
  int                    threshold_days;
  gboolean               can_renew;
  char                  *idm_light_cvr;
};

G_DEFINE_FINAL_TYPE (OkNotice, ok_notice, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_CERTIFICATE_ID,
  PROP_TITLE,
  PROP_BODY,
  PROP_PRIORITY,
  PROP_THRESHOLD_DAYS,
  PROP_CAN_RENEW,
  PROP_IDM_LIGHT_CVR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GEnumValue kind_values[] = {
  { OK_NOTICE_EXPIRING, "OK_NOTICE_EXPIRING", "expiring" },
  { OK_NOTICE_EXPIRED, "OK_NOTICE_EXPIRED", "expired" },
  { OK_NOTICE_RENEWED, "OK_NOTICE_RENEWED", "renewed" },
  { OK_NOTICE_RENEWAL_FAILED, "OK_NOTICE_RENEWAL_FAILED", "renewal-failed" },
  { OK_NOTICE_REVOKED, "OK_NOTICE_REVOKED", "revoked" },
  { 0, NULL, NULL }
};

GType
ok_notice_kind_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("OkNoticeKind"), kind_values));

  return type;
}

const char *
ok_notice_kind_to_string (OkNoticeKind kind)
{
  g_return_val_if_fail (kind <= OK_NOTICE_REVOKED, NULL);

  return kind_values[kind].value_nick;
}

static void
ok_notice_finalize (GObject *object)
{
  OkNotice *self = OK_NOTICE (object);

  g_free (self->certificate_id);
  g_free (self->title);
  g_free (self->body);
  g_free (self->idm_light_cvr);

  G_OBJECT_CLASS (ok_notice_parent_class)->finalize (object);
}

static void
ok_notice_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  OkNotice *self = OK_NOTICE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_CERTIFICATE_ID:
      g_value_set_string (value, self->certificate_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;
    case PROP_PRIORITY:
      g_value_set_enum (value, self->priority);
      break;
    case PROP_THRESHOLD_DAYS:
      g_value_set_int (value, self->threshold_days);
      break;
    case PROP_CAN_RENEW:
      g_value_set_boolean (value, self->can_renew);
      break;
    case PROP_IDM_LIGHT_CVR:
      g_value_set_string (value, self->idm_light_cvr);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_notice_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  OkNotice *self = OK_NOTICE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_CERTIFICATE_ID:
      g_free (self->certificate_id);
      self->certificate_id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;
    case PROP_BODY:
      g_free (self->body);
      self->body = g_value_dup_string (value);
      break;
    case PROP_PRIORITY:
      self->priority = g_value_get_enum (value);
      break;
    case PROP_THRESHOLD_DAYS:
      self->threshold_days = g_value_get_int (value);
      break;
    case PROP_CAN_RENEW:
      self->can_renew = g_value_get_boolean (value);
      break;
    case PROP_IDM_LIGHT_CVR:
      g_free (self->idm_light_cvr);
      self->idm_light_cvr = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_notice_class_init (OkNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ok_notice_finalize;
  object_class->get_property = ok_notice_get_property;
  object_class->set_property = ok_notice_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, OK_TYPE_NOTICE_KIND, OK_NOTICE_EXPIRING, flags);
  properties[PROP_CERTIFICATE_ID] =
    g_param_spec_string ("certificate-id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL, flags);
  properties[PROP_PRIORITY] =
    g_param_spec_enum ("priority", NULL, NULL, G_TYPE_NOTIFICATION_PRIORITY,
                       G_NOTIFICATION_PRIORITY_NORMAL, flags);
  properties[PROP_THRESHOLD_DAYS] =
    g_param_spec_int ("threshold-days", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_CAN_RENEW] =
    g_param_spec_boolean ("can-renew", NULL, NULL, FALSE, flags);
  /* The CVR whose organisation must ask for renewal in IdM light (RenewalNotEnabled). */
  properties[PROP_IDM_LIGHT_CVR] =
    g_param_spec_string ("idm-light-cvr", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ok_notice_init (OkNotice *self)
{
  self->threshold_days = -1;
}

static const char *
priority_to_string (GNotificationPriority priority)
{
  switch (priority)
    {
    case G_NOTIFICATION_PRIORITY_LOW:
      return "low";
    case G_NOTIFICATION_PRIORITY_HIGH:
      return "high";
    case G_NOTIFICATION_PRIORITY_URGENT:
      return "urgent";
    case G_NOTIFICATION_PRIORITY_NORMAL:
    default:
      return "normal";
    }
}

static GNotificationPriority
priority_from_string (const char *text)
{
  if (g_strcmp0 (text, "low") == 0)
    return G_NOTIFICATION_PRIORITY_LOW;
  if (g_strcmp0 (text, "high") == 0)
    return G_NOTIFICATION_PRIORITY_HIGH;
  if (g_strcmp0 (text, "urgent") == 0)
    return G_NOTIFICATION_PRIORITY_URGENT;

  return G_NOTIFICATION_PRIORITY_NORMAL;
}

/**
 * ok_notice_to_json:
 *
 * Returns: (transfer full): the notice as a JSON object, the form `oces-keeper-cli monitor
 *   --once --json` prints
 */
JsonNode *
ok_notice_to_json (OkNotice *self)
{
  JsonObject *object;

  g_return_val_if_fail (OK_IS_NOTICE (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "kind", ok_notice_kind_to_string (self->kind));
  json_object_set_string_member (object, "certificate_id", self->certificate_id);
  json_object_set_string_member (object, "title", self->title);
  json_object_set_string_member (object, "body", self->body);
  json_object_set_string_member (object, "priority", priority_to_string (self->priority));
  if (self->threshold_days >= 0)
    json_object_set_int_member (object, "threshold_days", self->threshold_days);
  else
    json_object_set_null_member (object, "threshold_days");
  json_object_set_boolean_member (object, "can_renew", self->can_renew);
  if (self->idm_light_cvr != NULL)
    json_object_set_string_member (object, "idm_light_cvr", self->idm_light_cvr);

  return json_node_init_object (json_node_alloc (), object);
}

/**
 * ok_notice_new_from_json:
 *
 * Returns: (transfer full) (nullable): the notice ok_notice_to_json() made @node from
 */
OkNotice *
ok_notice_new_from_json (JsonNode  *node,
                         GError   **error)
{
  JsonObject *object;
  const char *kind_text;
  const char *id;
  const char *title;
  OkNoticeKind kind = OK_NOTICE_EXPIRING;
  gboolean known_kind = FALSE;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("A notice is not a JSON object."));
      return NULL;
    }

  object = json_node_get_object (node);
  kind_text = json_object_get_string_member_with_default (object, "kind", NULL);
  id = json_object_get_string_member_with_default (object, "certificate_id", NULL);
  title = json_object_get_string_member_with_default (object, "title", NULL);
  for (guint i = 0; kind_values[i].value_nick != NULL && !known_kind; i++)
    if (g_strcmp0 (kind_values[i].value_nick, kind_text) == 0)
      {
        kind = kind_values[i].value;
        known_kind = TRUE;
      }

  if (!known_kind || id == NULL || title == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("A notice lacks its kind, certificate id or title."));
      return NULL;
    }

  return g_object_new (OK_TYPE_NOTICE,
                       "kind", kind,
                       "certificate-id", id,
                       "title", title,
                       "body", json_object_get_string_member_with_default (object, "body", ""),
                       "priority", priority_from_string (json_object_get_string_member_with_default (object, "priority", NULL)),
                       "threshold-days", (int) json_object_get_int_member_with_default (object, "threshold_days", -1),
                       "can-renew", json_object_get_boolean_member_with_default (object, "can_renew", FALSE),
                       "idm-light-cvr", json_object_get_string_member_with_default (object, "idm_light_cvr", NULL),
                       NULL);
}

OkNoticeKind
ok_notice_get_kind (OkNotice *self)
{
  g_return_val_if_fail (OK_IS_NOTICE (self), OK_NOTICE_EXPIRING);

  return self->kind;
}

const char *
ok_notice_get_certificate_id (OkNotice *self)
{
  g_return_val_if_fail (OK_IS_NOTICE (self), NULL);

  return self->certificate_id;
}

const char *
ok_notice_get_title (OkNotice *self)
{
  g_return_val_if_fail (OK_IS_NOTICE (self), NULL);

  return self->title;
}

const char *
ok_notice_get_body (OkNotice *self)
{
  g_return_val_if_fail (OK_IS_NOTICE (self), NULL);

  return self->body;
}

GNotificationPriority
ok_notice_get_priority (OkNotice *self)
{
  g_return_val_if_fail (OK_IS_NOTICE (self), G_NOTIFICATION_PRIORITY_NORMAL);

  return self->priority;
}

int
ok_notice_get_threshold_days (OkNotice *self)
{
  g_return_val_if_fail (OK_IS_NOTICE (self), -1);

  return self->threshold_days;
}

const char *
ok_notice_get_idm_light_cvr (OkNotice *self)
{
  g_return_val_if_fail (OK_IS_NOTICE (self), NULL);

  return self->idm_light_cvr;
}

gboolean
ok_notice_get_can_renew (OkNotice *self)
{
  g_return_val_if_fail (OK_IS_NOTICE (self), FALSE);

  return self->can_renew;
}

/* One slot per certificate and topic: a newer reminder replaces the older one on screen. */
char *
ok_notice_dup_notification_id (OkNotice *self)
{
  g_return_val_if_fail (OK_IS_NOTICE (self), NULL);

  if (self->kind == OK_NOTICE_EXPIRING || self->kind == OK_NOTICE_EXPIRED)
    return g_strconcat ("expiry-", self->certificate_id, NULL);
  if (self->kind == OK_NOTICE_REVOKED)
    return g_strconcat ("revocation-", self->certificate_id, NULL);

  return g_strconcat ("renewal-", self->certificate_id, NULL);
}

static gboolean
name_has_owner (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

static gboolean
server_reads_markup (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree const char **capabilities = NULL;

  /* In a sandbox the portal delivers, and GNOME Shell's own protocol is used when it owns
   * org.gtk.Notifications; GLib hands the body to org.freedesktop.Notifications unchanged
   * only otherwise. */
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
      !(bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL)) ||
      name_has_owner (bus, "org.gtk.Notifications"))
    return FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                       "org.freedesktop.Notifications", "GetCapabilities", NULL,
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply == NULL)
    return FALSE;

  g_variant_get (reply, "(^a&s)", &capabilities);
  return g_strv_contains (capabilities, "body-markup");
}

/* A server with body markup would read a CA's "&" or "<b>" as markup, mangling or styling the
 * text; what we send is plain text, so it is escaped for such a server. Asked once. */
static char *
body_for_server (const char *body)
{
  static gsize reads_markup = 0;

  if (g_once_init_enter (&reads_markup))
    g_once_init_leave (&reads_markup, server_reads_markup () ? 2 : 1);

  return reads_markup == 2 ? g_markup_escape_text (body, -1) : g_strdup (body);
}

/**
 * ok_notice_to_notification:
 *
 * Returns: (transfer full): the notification: clicking it opens the certificate, with an
 *   "Open" button and, where a renewal is possible, a "Renew Now" button
 */
GNotification *
ok_notice_to_notification (OkNotice *self)
{
  return ok_notice_to_notification_full (self, TRUE);
}

/**
 * ok_notice_to_notification_full:
 * @with_buttons: %FALSE for a sender that exits right away (`monitor --once` without a
 *   running monitor): on org.freedesktop.Notifications servers a click goes to the sending
 *   process only, so its buttons would do nothing
 *
 * Returns: (transfer full): the notification
 */
GNotification *
ok_notice_to_notification_full (OkNotice *self,
                                gboolean  with_buttons)
{
  g_autoptr(GIcon) icon = NULL;
  g_autofree char *body = NULL;
  GNotification *notification;

  g_return_val_if_fail (OK_IS_NOTICE (self), NULL);

  notification = g_notification_new (self->title);
  body = body_for_server (self->body);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, self->priority);
  icon = g_themed_icon_new (APP_ID);
  g_notification_set_icon (notification, icon);

  g_notification_set_default_action_and_target (notification, "app." OK_NOTICE_ACTION_SHOW,
                                                "s", self->certificate_id);
  if (!with_buttons)
    return notification;
  /* Renewal is not enabled for the organisation: renewing again can only fail again; what
   * helps is the e-mail that asks for it. */
  if (self->idm_light_cvr != NULL)
    g_notification_add_button_with_target (notification, _("Draft IdM Light E-mail"), "app." OK_NOTICE_ACTION_DRAFT_IDM_LIGHT,
                                           "s", self->idm_light_cvr);
  else if (self->can_renew)
    g_notification_add_button_with_target (notification, _("Renew Now"), "app." OK_NOTICE_ACTION_RENEW,
                                           "s", self->certificate_id);
  g_notification_add_button_with_target (notification, _("Open"), "app." OK_NOTICE_ACTION_SHOW,
                                         "s", self->certificate_id);

  return notification;
}

static gboolean
name_is_activatable (GDBusConnection *bus,
                     const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  g_autofree const char **names = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply == NULL)
    return FALSE;

  g_variant_get (reply, "(^a&s)", &names);
  return g_strv_contains (names, name);
}

/**
 * ok_notice_server_available:
 *
 * Whether a desktop notification sent on @session_bus would be shown: something owns (or
 * can be started for) org.gtk.Notifications or org.freedesktop.Notifications.
 */
gboolean
ok_notice_server_available (GDBusConnection *session_bus)
{
  static const char *servers[] = { "org.gtk.Notifications", "org.freedesktop.Notifications" };

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (session_bus), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    if (name_has_owner (session_bus, servers[i]) || name_is_activatable (session_bus, servers[i]))
      return TRUE;

  return FALSE;
}
