/* ok-event.c — OkEvent: one entry of a certificate's event log
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ok-event.h"

/* An event never changes once written to the log, so its properties are construct-only. */
struct _OkEvent
{
  GObject parent_instance;

  gint64 time;
  OkEventType type;
  char *message;
  char *detailed_error;
};

G_DEFINE_FINAL_TYPE (OkEvent, ok_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIME,
  PROP_TYPE,
  PROP_MESSAGE,
  PROP_DETAILED_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (ok-event-error-quark, ok_event_error)

/* g_set_str() needs GLib 2.76. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* The nicks are the names written to metadata.json; they must never change. */
static const GEnumValue event_type_values[] = {
  { OK_EVENT_TYPE_IMPORTED, "OK_EVENT_TYPE_IMPORTED", "IMPORTED" },
  { OK_EVENT_TYPE_ISSUED, "OK_EVENT_TYPE_ISSUED", "ISSUED" },
  { OK_EVENT_TYPE_RENEWED, "OK_EVENT_TYPE_RENEWED", "RENEWED" },
  { OK_EVENT_TYPE_ISSUE_ERROR, "OK_EVENT_TYPE_ISSUE_ERROR", "ISSUE_ERROR" },
  { OK_EVENT_TYPE_RENEW_ERROR, "OK_EVENT_TYPE_RENEW_ERROR", "RENEW_ERROR" },
  { OK_EVENT_TYPE_EXPORTED, "OK_EVENT_TYPE_EXPORTED", "EXPORTED" },
  { OK_EVENT_TYPE_EXPIRY_NOTICE, "OK_EVENT_TYPE_EXPIRY_NOTICE", "EXPIRY_NOTICE" },
  { OK_EVENT_TYPE_RENAMED, "OK_EVENT_TYPE_RENAMED", "RENAMED" },
  { OK_EVENT_TYPE_REMOVED, "OK_EVENT_TYPE_REMOVED", "REMOVED" },
  { OK_EVENT_TYPE_DEPLOYED, "OK_EVENT_TYPE_DEPLOYED", "DEPLOYED" },
  { OK_EVENT_TYPE_DEPLOY_ERROR, "OK_EVENT_TYPE_DEPLOY_ERROR", "DEPLOY_ERROR" },
  { OK_EVENT_TYPE_NOTIFIED, "OK_EVENT_TYPE_NOTIFIED", "NOTIFIED" },
  { OK_EVENT_TYPE_REVOKED, "OK_EVENT_TYPE_REVOKED", "REVOKED" },
  { OK_EVENT_TYPE_KEY_ADDED, "OK_EVENT_TYPE_KEY_ADDED", "KEY_ADDED" },
  { OK_EVENT_TYPE_RENEWED_ELSEWHERE, "OK_EVENT_TYPE_RENEWED_ELSEWHERE", "RENEWED_ELSEWHERE" },
  { OK_EVENT_TYPE_LOG_TRIMMED, "OK_EVENT_TYPE_LOG_TRIMMED", "LOG_TRIMMED" },
  { 0, NULL, NULL },
};

GType
ok_event_type_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("OkEventType", event_type_values));

  return type_id;
}

const char *
ok_event_type_to_string (OkEventType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (event_type_values) - 1, NULL);

  return event_type_values[type].value_nick;
}

gboolean
ok_event_type_from_string (const char  *string,
                           OkEventType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; string != NULL && event_type_values[i].value_nick != NULL; i++)
    {
      if (g_str_equal (string, event_type_values[i].value_nick))
        {
          *type = event_type_values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
ok_event_type_is_error (OkEventType type)
{
  return type == OK_EVENT_TYPE_ISSUE_ERROR
         || type == OK_EVENT_TYPE_RENEW_ERROR
         || type == OK_EVENT_TYPE_DEPLOY_ERROR
         || type == OK_EVENT_TYPE_REVOKED;
}

static void
ok_event_finalize (GObject *object)
{
  OkEvent *self = OK_EVENT (object);

  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->detailed_error, g_free);

  G_OBJECT_CLASS (ok_event_parent_class)->finalize (object);
}

static void
ok_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  OkEvent *self = OK_EVENT (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;
    case PROP_TYPE:
      g_value_set_enum (value, self->type);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_DETAILED_ERROR:
      g_value_set_string (value, self->detailed_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A CA's message or body can be a megabyte of anything; the log keeps the start, which says
 * what happened, marked as cut, and never splits a UTF-8 character. */
static char *
cap_text (const char *text,
          gsize       max)
{
  g_autofree char *head = NULL;
  const char *end;

  if (text == NULL || strlen (text) <= max)
    return g_strdup (text);

  end = g_utf8_find_prev_char (text, text + max + 1);
  head = g_strndup (text, end != NULL ? (gsize) (end - text) : 0);
  return g_strconcat (head, " […]", NULL);
}

static void
ok_event_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  OkEvent *self = OK_EVENT (object);

  switch (prop_id)
    {
    case PROP_TIME:
      self->time = g_value_get_int64 (value);
      break;
    case PROP_TYPE:
      self->type = g_value_get_enum (value);
      break;
    case PROP_MESSAGE:
      {
        g_autofree char *capped = cap_text (g_value_get_string (value), OK_EVENT_MAX_MESSAGE);
        set_string (&self->message, capped);
      }
      break;
    case PROP_DETAILED_ERROR:
      {
        g_autofree char *capped = cap_text (g_value_get_string (value), OK_EVENT_MAX_DETAILED_ERROR);
        set_string (&self->detailed_error, capped);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_event_class_init (OkEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ok_event_finalize;
  object_class->get_property = ok_event_get_property;
  object_class->set_property = ok_event_set_property;

  /* Microseconds since the Unix epoch, UTC, as g_get_real_time() counts them. */
  properties[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_TYPE] =
    g_param_spec_enum ("type", NULL, NULL, OK_TYPE_EVENT_TYPE, OK_EVENT_TYPE_IMPORTED, flags);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, "", flags);
  properties[PROP_DETAILED_ERROR] =
    g_param_spec_string ("detailed-error", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ok_event_init (OkEvent *self)
{
}

/**
 * ok_event_new_at:
 * @time: microseconds since the Unix epoch
 * @type: what happened
 * @message: a translated sentence for the user
 * @detailed_error: (nullable): the server's or library's own words, verbatim
 *
 * Returns: (transfer full): a new event
 */
OkEvent *
ok_event_new_at (gint64       time,
                 OkEventType  type,
                 const char  *message,
                 const char  *detailed_error)
{
  OkEvent *self;

  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (event_type_values) - 1, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  /* Fields set directly, with the same caps as the properties: a store load makes thousands. */
  self = g_object_new (OK_TYPE_EVENT, NULL);
  self->time = time;
  self->type = type;
  self->message = cap_text (message, OK_EVENT_MAX_MESSAGE);
  self->detailed_error = cap_text (detailed_error, OK_EVENT_MAX_DETAILED_ERROR);

  return self;
}

/**
 * ok_event_new:
 *
 * ok_event_new_at() with the current time.
 *
 * Returns: (transfer full): a new event
 */
OkEvent *
ok_event_new (OkEventType  type,
              const char  *message,
              const char  *detailed_error)
{
  return ok_event_new_at (g_get_real_time (), type, message, detailed_error);
}

gint64
ok_event_get_time (OkEvent *self)
{
  g_return_val_if_fail (OK_IS_EVENT (self), 0);

  return self->time;
}

/**
 * ok_event_dup_date_time:
 *
 * Returns: (transfer full): the time of the event in UTC
 */
GDateTime *
ok_event_dup_date_time (OkEvent *self)
{
  g_autoptr (GDateTime) seconds = NULL;
  gint64 whole, micro;

  g_return_val_if_fail (OK_IS_EVENT (self), NULL);

  /* Floor division, so times before 1970 keep a positive microsecond part. */
  whole = self->time / G_USEC_PER_SEC;
  micro = self->time % G_USEC_PER_SEC;
  if (micro < 0)
    {
      whole -= 1;
      micro += G_USEC_PER_SEC;
    }

  seconds = g_date_time_new_from_unix_utc (whole);
  return seconds != NULL ? g_date_time_add (seconds, micro) : NULL;
}

OkEventType
ok_event_get_event_type (OkEvent *self)
{
  g_return_val_if_fail (OK_IS_EVENT (self), OK_EVENT_TYPE_IMPORTED);

  return self->type;
}

const char *
ok_event_get_message (OkEvent *self)
{
  g_return_val_if_fail (OK_IS_EVENT (self), NULL);

  return self->message;
}

/**
 * ok_event_get_detailed_error:
 *
 * Returns: (nullable): the verbatim error text, if the event carries one
 */
const char *
ok_event_get_detailed_error (OkEvent *self)
{
  g_return_val_if_fail (OK_IS_EVENT (self), NULL);

  return self->detailed_error;
}

/**
 * ok_event_equal:
 * @a: (type OkEvent): an event
 * @b: (type OkEvent): another
 *
 * Returns: whether @a and @b record the same thing: the same time, type, message and error text,
 *   as two reads of one log entry do
 */
gboolean
ok_event_equal (gconstpointer a,
                gconstpointer b)
{
  const OkEvent *event_a = a;
  const OkEvent *event_b = b;

  g_return_val_if_fail (OK_IS_EVENT ((gpointer) a) && OK_IS_EVENT ((gpointer) b), FALSE);

  return event_a->time == event_b->time &&
         event_a->type == event_b->type &&
         g_strcmp0 (event_a->message, event_b->message) == 0 &&
         g_strcmp0 (event_a->detailed_error, event_b->detailed_error) == 0;
}

/**
 * ok_event_to_json:
 *
 * An object with `time` (ISO 8601, UTC, microseconds: "2026-11-25T13:52:07.123456Z"),
 * `type` (ok_event_type_to_string()), `message` and `detailed_error` (null when absent).
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
ok_event_to_json (OkEvent *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GDateTime) date_time = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (OK_IS_EVENT (self), NULL);

  date_time = ok_event_dup_date_time (self);
  time = date_time != NULL ? g_date_time_format (date_time, "%Y-%m-%dT%H:%M:%S.%fZ") : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, ok_event_type_to_string (self->type));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, self->message);
  json_builder_set_member_name (builder, "detailed_error");
  if (self->detailed_error != NULL)
    json_builder_add_string_value (builder, self->detailed_error);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
member_string (JsonObject *object,
               const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
parse_time (const char *text,
            gint64     *time)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) date_time = NULL;

  /* Without a zone in the text, UTC is meant; that is how the log is written. */
  if (text == NULL || (date_time = g_date_time_new_from_iso8601 (text, utc)) == NULL)
    return FALSE;

  *time = g_date_time_to_unix (date_time) * G_USEC_PER_SEC + g_date_time_get_microsecond (date_time);
  return TRUE;
}

/**
 * ok_event_new_from_json:
 * @node: an object as written by ok_event_to_json(); times with or without fractions of a
 *   second are accepted
 *
 * Returns: (transfer full): the event, or %NULL with @error set (%OK_EVENT_ERROR_UNKNOWN_TYPE
 *   when the type is not one this version knows)
 */
OkEvent *
ok_event_new_from_json (JsonNode  *node,
                        GError   **error)
{
  JsonObject *object;
  JsonNode *detailed_node;
  const char *type_name, *message, *detailed_error = NULL;
  OkEventType type;
  gint64 time;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, OK_EVENT_ERROR, OK_EVENT_ERROR_INVALID,
                           _("An event in the log is not a JSON object"));
      return NULL;
    }

  object = json_node_get_object (node);
  if (!parse_time (member_string (object, "time"), &time))
    {
      g_set_error_literal (error, OK_EVENT_ERROR, OK_EVENT_ERROR_INVALID,
                           _("An event in the log has no valid time"));
      return NULL;
    }

  type_name = member_string (object, "type");
  if (type_name == NULL)
    {
      g_set_error_literal (error, OK_EVENT_ERROR, OK_EVENT_ERROR_INVALID,
                           _("An event in the log has no type"));
      return NULL;
    }
  if (!ok_event_type_from_string (type_name, &type))
    {
      g_set_error (error, OK_EVENT_ERROR, OK_EVENT_ERROR_UNKNOWN_TYPE,
                   /* Translators: %s is the event type found in the log */
                   _("Unknown event type “%s”"), type_name);
      return NULL;
    }

  message = member_string (object, "message");
  if (message == NULL)
    {
      g_set_error_literal (error, OK_EVENT_ERROR, OK_EVENT_ERROR_INVALID,
                           _("An event in the log has no message"));
      return NULL;
    }

  detailed_node = json_object_get_member (object, "detailed_error");
  if (detailed_node != NULL && !JSON_NODE_HOLDS_NULL (detailed_node))
    {
      detailed_error = member_string (object, "detailed_error");
      if (detailed_error == NULL)
        {
          g_set_error_literal (error, OK_EVENT_ERROR, OK_EVENT_ERROR_INVALID,
                               _("An event in the log has a malformed error text"));
          return NULL;
        }
    }

  return ok_event_new_at (time, type, message, detailed_error);
}
