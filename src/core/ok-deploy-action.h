/* ok-deploy-action.h — OkDeployAction: one thing to do with a certificate after it is issued
 * or renewed (export it to a path, or run a command)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define OK_DEPLOY_ACTION_ERROR (ok_deploy_action_error_quark ())

typedef enum
{
  OK_DEPLOY_ACTION_ERROR_INVALID,   /* not a deploy action this version understands */
} OkDeployActionError;

typedef enum
{
  OK_DEPLOY_ACTION_EXPORT,
  OK_DEPLOY_ACTION_COMMAND,
} OkDeployActionKind;

/* The names (ok_deploy_format_to_string) are written to metadata.json and typed on the
 * command line; they never change. */
typedef enum
{
  OK_DEPLOY_FORMAT_P12,          /* "p12": PKCS#12, AES-256, with the export password */
  OK_DEPLOY_FORMAT_P12_LEGACY,   /* "p12-legacy": PKCS#12 with 3DES and a SHA-1 MAC */
  OK_DEPLOY_FORMAT_CERTIFICATE,  /* "pem": the certificate, PEM */
  OK_DEPLOY_FORMAT_CHAIN,        /* "chain": the issuing CA certificates, PEM */
  OK_DEPLOY_FORMAT_FULLCHAIN,    /* "fullchain": the certificate followed by its chain, PEM */
  OK_DEPLOY_FORMAT_KEY,          /* "key": the private key, encrypted PKCS#8 PEM */
} OkDeployFormat;

#define OK_DEPLOY_DEFAULT_TIMEOUT_SECONDS 60
#define OK_DEPLOY_MAX_TIMEOUT_SECONDS     (24 * 60 * 60)

#define OK_TYPE_DEPLOY_ACTION_KIND (ok_deploy_action_kind_get_type ())
#define OK_TYPE_DEPLOY_FORMAT (ok_deploy_format_get_type ())
#define OK_TYPE_DEPLOY_ACTION (ok_deploy_action_get_type ())

G_DECLARE_FINAL_TYPE (OkDeployAction, ok_deploy_action, OK, DEPLOY_ACTION, GObject)

GQuark              ok_deploy_action_error_quark     (void);
GType               ok_deploy_action_kind_get_type   (void) G_GNUC_CONST;
GType               ok_deploy_format_get_type        (void) G_GNUC_CONST;

const char         *ok_deploy_format_to_string       (OkDeployFormat       format);
gboolean            ok_deploy_format_from_string     (const char          *string,
                                                      OkDeployFormat      *format);
const char         *ok_deploy_format_get_variable    (OkDeployFormat       format);
gboolean            ok_deploy_format_needs_key       (OkDeployFormat       format);

OkDeployAction     *ok_deploy_action_new_export      (OkDeployFormat       format,
                                                      const char          *path,
                                                      GError             **error);
OkDeployAction     *ok_deploy_action_new_command     (const char * const  *argv,
                                                      guint                timeout_seconds,
                                                      GError             **error);
OkDeployAction     *ok_deploy_action_parse_export    (const char          *spec,
                                                      GError             **error);
OkDeployAction     *ok_deploy_action_new_from_json   (JsonNode            *node,
                                                      GError             **error);
JsonNode           *ok_deploy_action_to_json         (OkDeployAction      *self);

OkDeployActionKind  ok_deploy_action_get_kind        (OkDeployAction      *self);
OkDeployFormat      ok_deploy_action_get_format      (OkDeployAction      *self);
const char         *ok_deploy_action_get_path        (OkDeployAction      *self);
const char * const *ok_deploy_action_get_argv        (OkDeployAction      *self);
guint               ok_deploy_action_get_timeout     (OkDeployAction      *self);
gboolean            ok_deploy_action_needs_password  (OkDeployAction      *self);
char               *ok_deploy_action_describe        (OkDeployAction      *self);

GPtrArray          *ok_deploy_actions_from_json      (JsonArray           *array,
                                                      GError             **error);
JsonArray          *ok_deploy_actions_to_json        (GPtrArray           *actions);

G_END_DECLS
