/* ok-cli-util.h — what every oces-keeper-cli command shares
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "ok-store.h"

G_BEGIN_DECLS

/* Exit codes, documented in the README and in --help (ok_cli_print_exit_codes) for scripts. */
typedef enum
{
  OK_CLI_EXIT_OK              = 0,
  OK_CLI_EXIT_FAILED          = 1,
  OK_CLI_EXIT_USAGE           = 2,
  OK_CLI_EXIT_RENEWAL_FAILED  = 3,
  OK_CLI_EXIT_EXPIRED         = 4,
  OK_CLI_EXIT_DEPLOY_FAILED   = 5,   /* the certificate is fine, but a deploy action failed */
} OkCliExit;

GAsyncResult *ok_cli_wait               (GAsyncResult **result);
void          ok_cli_async_ready        (GObject       *object,
                                         GAsyncResult  *result,
                                         gpointer       user_data);
OkStore      *ok_cli_open_store         (GError       **error);
void          ok_cli_keep_until_exit    (OkStore        *store);
void          ok_cli_sweep_secrets      (OkStore        *store);
char         *ok_cli_read_secret        (const char    *prompt,
                                         gboolean       confirm,
                                         GError       **error);
int           ok_cli_fail               (const GError  *error);
int           ok_cli_usage_error        (GOptionContext *context,
                                         const char    *message);
gboolean      ok_cli_parse              (GOptionContext *context,
                                         int           *argc,
                                         char        ***argv,
                                         GError       **error);
void          ok_cli_print_json         (JsonNode      *node);
void          ok_cli_print_json_array   (GPtrArray      *certificates,
                                         gint64          now);
char         *ok_cli_format_time        (gint64         unix_time);
void          ok_cli_print_exit_codes   (FILE          *out);
int           ok_cli_exit_for_expired   (OkStore       *store,
                                         gint64         now);

G_END_DECLS
