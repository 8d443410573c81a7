/* ok-deploy-action.c — OkDeployAction: one thing to do with a certificate after it is issued
 * or renewed
 *
 * An action never changes once made (its properties are construct-only): editing a
 * certificate's actions means giving it a new list. In metadata.json an action is
 *   {"type": "export", "format": "p12", "path": "/etc/app/oces.p12"}  or
 *   {"type": "command", "argv": ["/usr/local/bin/reload"], "timeout_seconds": 60}
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ok-deploy-action.h"

struct _OkDeployAction
{
  GObject             parent_instance;

  OkDeployActionKind  kind;
  OkDeployFormat      format;
  char               *path;
  GStrv               argv;
  guint               timeout;
};

G_DEFINE_FINAL_TYPE (OkDeployAction, ok_deploy_action, G_TYPE_OBJECT)

G_DEFINE_QUARK (ok-deploy-action-error-quark, ok_deploy_action_error)

enum {
  PROP_0,
  PROP_KIND,
  PROP_FORMAT,
  PROP_PATH,
  PROP_ARGV,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GEnumValue kind_values[] = {
  { OK_DEPLOY_ACTION_EXPORT, "OK_DEPLOY_ACTION_EXPORT", "export" },
  { OK_DEPLOY_ACTION_COMMAND, "OK_DEPLOY_ACTION_COMMAND", "command" },
  { 0, NULL, NULL }
};

/* The nicks are the names in metadata.json and on the command line; they never change. */
static const GEnumValue format_values[] = {
  { OK_DEPLOY_FORMAT_P12, "OK_DEPLOY_FORMAT_P12", "p12" },
  { OK_DEPLOY_FORMAT_P12_LEGACY, "OK_DEPLOY_FORMAT_P12_LEGACY", "p12-legacy" },
  { OK_DEPLOY_FORMAT_CERTIFICATE, "OK_DEPLOY_FORMAT_CERTIFICATE", "pem" },
  { OK_DEPLOY_FORMAT_CHAIN, "OK_DEPLOY_FORMAT_CHAIN", "chain" },
  { OK_DEPLOY_FORMAT_FULLCHAIN, "OK_DEPLOY_FORMAT_FULLCHAIN", "fullchain" },
  { OK_DEPLOY_FORMAT_KEY, "OK_DEPLOY_FORMAT_KEY", "key" },
  { 0, NULL, NULL }
};

static const char * const format_variables[] = {
  [OK_DEPLOY_FORMAT_P12] = "OCES_P12_FILE",
  [OK_DEPLOY_FORMAT_P12_LEGACY] = "OCES_P12_LEGACY_FILE",
  [OK_DEPLOY_FORMAT_CERTIFICATE] = "OCES_PEM_FILE",
  [OK_DEPLOY_FORMAT_CHAIN] = "OCES_CHAIN_FILE",
  [OK_DEPLOY_FORMAT_FULLCHAIN] = "OCES_FULLCHAIN_FILE",
  [OK_DEPLOY_FORMAT_KEY] = "OCES_KEY_FILE",
};

GType
ok_deploy_action_kind_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("OkDeployActionKind"), kind_values));

  return type;
}

GType
ok_deploy_format_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("OkDeployFormat"), format_values));

  return type;
}

const char *
ok_deploy_format_to_string (OkDeployFormat format)
{
  g_return_val_if_fail (format <= OK_DEPLOY_FORMAT_KEY, NULL);

  return format_values[format].value_nick;
}

gboolean
ok_deploy_format_from_string (const char     *string,
                              OkDeployFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; string != NULL && format_values[i].value_nick != NULL; i++)
    {
      if (g_str_equal (string, format_values[i].value_nick))
        {
          *format = format_values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

/* The environment variable that names the exported file for the commands of the same list. */
const char *
ok_deploy_format_get_variable (OkDeployFormat format)
{
  g_return_val_if_fail (format <= OK_DEPLOY_FORMAT_KEY, NULL);

  return format_variables[format];
}

gboolean
ok_deploy_format_needs_key (OkDeployFormat format)
{
  return format == OK_DEPLOY_FORMAT_P12 || format == OK_DEPLOY_FORMAT_P12_LEGACY ||
         format == OK_DEPLOY_FORMAT_KEY;
}

static void
ok_deploy_action_finalize (GObject *object)
{
  OkDeployAction *self = OK_DEPLOY_ACTION (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->argv, g_strfreev);

  G_OBJECT_CLASS (ok_deploy_action_parent_class)->finalize (object);
}

static void
ok_deploy_action_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OkDeployAction *self = OK_DEPLOY_ACTION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_ARGV:
      g_value_set_boxed (value, self->argv);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_deploy_action_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OkDeployAction *self = OK_DEPLOY_ACTION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_FORMAT:
      self->format = g_value_get_enum (value);
      break;
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_ARGV:
      self->argv = g_value_dup_boxed (value);
      break;
    case PROP_TIMEOUT:
      self->timeout = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_deploy_action_class_init (OkDeployActionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                      G_PARAM_STATIC_STRINGS;

  object_class->finalize = ok_deploy_action_finalize;
  object_class->get_property = ok_deploy_action_get_property;
  object_class->set_property = ok_deploy_action_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, OK_TYPE_DEPLOY_ACTION_KIND, OK_DEPLOY_ACTION_EXPORT, flags);
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL, OK_TYPE_DEPLOY_FORMAT, OK_DEPLOY_FORMAT_P12, flags);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_ARGV] =
    g_param_spec_boxed ("argv", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, OK_DEPLOY_MAX_TIMEOUT_SECONDS,
                       OK_DEPLOY_DEFAULT_TIMEOUT_SECONDS, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ok_deploy_action_init (OkDeployAction *self)
{
  self->timeout = OK_DEPLOY_DEFAULT_TIMEOUT_SECONDS;
}

/**
 * ok_deploy_action_new_export:
 * @path: an absolute path; the file is replaced atomically and is 0600
 */
OkDeployAction *
ok_deploy_action_new_export (OkDeployFormat   format,
                             const char      *path,
                             GError         **error)
{
  g_return_val_if_fail (format <= OK_DEPLOY_FORMAT_KEY, NULL);

  /* A relative path would depend on where the monitor or a timer happens to run. */
  if (path == NULL || !g_path_is_absolute (path) || g_str_has_suffix (path, "/"))
    {
      g_set_error (error, OK_DEPLOY_ACTION_ERROR, OK_DEPLOY_ACTION_ERROR_INVALID,
                   _("An export path must be an absolute file name, not “%s”."), path != NULL ? path : "");
      return NULL;
    }

  return g_object_new (OK_TYPE_DEPLOY_ACTION,
                       "kind", OK_DEPLOY_ACTION_EXPORT,
                       "format", format,
                       "path", path,
                       NULL);
}

/**
 * ok_deploy_action_new_command:
 * @argv: the program and its arguments, passed as they are (no shell, no placeholders)
 * @timeout_seconds: how long it may run before it is stopped; 0 for the default
 */
OkDeployAction *
ok_deploy_action_new_command (const char * const  *argv,
                              guint                timeout_seconds,
                              GError             **error)
{
  if (argv == NULL || argv[0] == NULL || *argv[0] == '\0')
    {
      g_set_error_literal (error, OK_DEPLOY_ACTION_ERROR, OK_DEPLOY_ACTION_ERROR_INVALID,
                           _("A command needs at least a program to run."));
      return NULL;
    }

  if (timeout_seconds > OK_DEPLOY_MAX_TIMEOUT_SECONDS)
    {
      g_set_error (error, OK_DEPLOY_ACTION_ERROR, OK_DEPLOY_ACTION_ERROR_INVALID,
                   _("A command's timeout can be at most %u seconds."), OK_DEPLOY_MAX_TIMEOUT_SECONDS);
      return NULL;
    }

  return g_object_new (OK_TYPE_DEPLOY_ACTION,
                       "kind", OK_DEPLOY_ACTION_COMMAND,
                       "argv", argv,
                       "timeout", timeout_seconds != 0 ? timeout_seconds : OK_DEPLOY_DEFAULT_TIMEOUT_SECONDS,
                       NULL);
}

/**
 * ok_deploy_action_parse_export:
 * @spec: "FORMAT:PATH", as typed after `oces-keeper-cli deploy --export`
 */
OkDeployAction *
ok_deploy_action_parse_export (const char  *spec,
                               GError     **error)
{
  const char *colon;
  g_autofree char *name = NULL;
  OkDeployFormat format;

  g_return_val_if_fail (spec != NULL, NULL);

  colon = strchr (spec, ':');
  name = colon != NULL ? g_strndup (spec, colon - spec) : NULL;
  if (name == NULL || !ok_deploy_format_from_string (name, &format))
    {
      g_set_error (error, OK_DEPLOY_ACTION_ERROR, OK_DEPLOY_ACTION_ERROR_INVALID,
                   _("“%s” is not FORMAT:PATH with a format of p12, p12-legacy, pem, chain, fullchain or key."),
                   spec);
      return NULL;
    }

  return ok_deploy_action_new_export (format, colon + 1, error);
}

static GError *
invalid_json (void)
{
  return g_error_new_literal (OK_DEPLOY_ACTION_ERROR, OK_DEPLOY_ACTION_ERROR_INVALID,
                              _("A deploy action is not one this version of OCES Keeper understands."));
}

/* The string in @node, or %NULL for anything else: what the store reads back may be damaged. */
static const char *
node_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

OkDeployAction *
ok_deploy_action_new_from_json (JsonNode  *node,
                                GError   **error)
{
  JsonObject *object;
  const char *type;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_propagate_error (error, invalid_json ());
      return NULL;
    }

  object = json_node_get_object (node);
  type = node_string (json_object_get_member (object, "type"));

  if (g_strcmp0 (type, "export") == 0)
    {
      OkDeployFormat format;

      if (!ok_deploy_format_from_string (node_string (json_object_get_member (object, "format")), &format))
        {
          g_propagate_error (error, invalid_json ());
          return NULL;
        }

      return ok_deploy_action_new_export (format, node_string (json_object_get_member (object, "path")), error);
    }

  if (g_strcmp0 (type, "command") == 0 && json_object_has_member (object, "argv") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "argv")))
    {
      JsonArray *array = json_object_get_array_member (object, "argv");
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) argv = NULL;
      JsonNode *timeout_node = json_object_get_member (object, "timeout_seconds");
      gint64 timeout = timeout_node != NULL && JSON_NODE_HOLDS_VALUE (timeout_node) &&
                       json_node_get_value_type (timeout_node) == G_TYPE_INT64
                         ? json_node_get_int (timeout_node) : OK_DEPLOY_DEFAULT_TIMEOUT_SECONDS;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *arg = node_string (json_array_get_element (array, i));

          if (arg == NULL)
            {
              g_propagate_error (error, invalid_json ());
              return NULL;
            }
          g_strv_builder_add (builder, arg);
        }

      if (timeout < 1 || timeout > OK_DEPLOY_MAX_TIMEOUT_SECONDS)
        timeout = OK_DEPLOY_DEFAULT_TIMEOUT_SECONDS;

      argv = g_strv_builder_end (builder);
      return ok_deploy_action_new_command ((const char * const *) argv, (guint) timeout, error);
    }

  g_propagate_error (error, invalid_json ());
  return NULL;
}

JsonNode *
ok_deploy_action_to_json (OkDeployAction *self)
{
  JsonObject *object;

  g_return_val_if_fail (OK_IS_DEPLOY_ACTION (self), NULL);

  object = json_object_new ();
  if (self->kind == OK_DEPLOY_ACTION_EXPORT)
    {
      json_object_set_string_member (object, "type", "export");
      json_object_set_string_member (object, "format", ok_deploy_format_to_string (self->format));
      json_object_set_string_member (object, "path", self->path);
    }
  else
    {
      JsonArray *argv = json_array_new ();

      for (guint i = 0; self->argv[i] != NULL; i++)
        json_array_add_string_element (argv, self->argv[i]);
      json_object_set_string_member (object, "type", "command");
      json_object_set_array_member (object, "argv", argv);
      json_object_set_int_member (object, "timeout_seconds", self->timeout);
    }

  return json_node_init_object (json_node_alloc (), object);
}

OkDeployActionKind
ok_deploy_action_get_kind (OkDeployAction *self)
{
  g_return_val_if_fail (OK_IS_DEPLOY_ACTION (self), OK_DEPLOY_ACTION_EXPORT);

  return self->kind;
}

OkDeployFormat
ok_deploy_action_get_format (OkDeployAction *self)
{
  g_return_val_if_fail (OK_IS_DEPLOY_ACTION (self), OK_DEPLOY_FORMAT_P12);

  return self->format;
}

/* Returns: (nullable): the export's path; %NULL for a command */
const char *
ok_deploy_action_get_path (OkDeployAction *self)
{
  g_return_val_if_fail (OK_IS_DEPLOY_ACTION (self), NULL);

  return self->path;
}

/* Returns: (nullable): the command's argv; %NULL for an export */
const char * const *
ok_deploy_action_get_argv (OkDeployAction *self)
{
  g_return_val_if_fail (OK_IS_DEPLOY_ACTION (self), NULL);

  return (const char * const *) self->argv;
}

guint
ok_deploy_action_get_timeout (OkDeployAction *self)
{
  g_return_val_if_fail (OK_IS_DEPLOY_ACTION (self), OK_DEPLOY_DEFAULT_TIMEOUT_SECONDS);

  return self->timeout;
}

/* The export password (keyring kind export-password) protects the exported private key. */
gboolean
ok_deploy_action_needs_password (OkDeployAction *self)
{
  g_return_val_if_fail (OK_IS_DEPLOY_ACTION (self), FALSE);

  return self->kind == OK_DEPLOY_ACTION_EXPORT && ok_deploy_format_needs_key (self->format);
}

static char *
quote_argv (const char * const *argv)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_autofree char *quoted = g_shell_quote (argv[i]);

      if (i > 0)
        g_string_append_c (text, ' ');
      /* Plain words read better without quotes; anything else is shown shell-quoted. */
      if (argv[i][0] != '\0' && strspn (argv[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-=:,+@%") == strlen (argv[i]))
        g_string_append (text, argv[i]);
      else
        g_string_append (text, quoted);
    }

  return g_string_free (text, FALSE);
}

/* A one-line, translated description for lists and dry runs. */
char *
ok_deploy_action_describe (OkDeployAction *self)
{
  g_autofree char *command = NULL;

  g_return_val_if_fail (OK_IS_DEPLOY_ACTION (self), NULL);

  if (self->kind == OK_DEPLOY_ACTION_EXPORT)
    /* Translators: the first %s is a format name (p12, pem, chain…), the second a file */
    return g_strdup_printf (_("export %s to %s"), ok_deploy_format_to_string (self->format), self->path);

  command = quote_argv ((const char * const *) self->argv);
  /* Translators: %s is a command line, %u a number of seconds */
  return g_strdup_printf (_("run %s (timeout %u s)"), command, self->timeout);
}

/**
 * ok_deploy_actions_from_json:
 *
 * Returns: (transfer full) (element-type OkDeployAction): the actions, in order
 */
GPtrArray *
ok_deploy_actions_from_json (JsonArray  *array,
                             GError    **error)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      OkDeployAction *action = ok_deploy_action_new_from_json (json_array_get_element (array, i), error);

      if (action == NULL)
        return NULL;
      g_ptr_array_add (actions, action);
    }

  return g_steal_pointer (&actions);
}

JsonArray *
ok_deploy_actions_to_json (GPtrArray *actions)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    json_array_add_element (array, ok_deploy_action_to_json (g_ptr_array_index (actions, i)));

  return array;
}
