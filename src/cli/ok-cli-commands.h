/* ok-cli-commands.h — the verbs of oces-keeper-cli
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-certificate.h"

G_BEGIN_DECLS

int  ok_cli_import            (int            argc,
                               char         **argv);
int  ok_cli_list              (int            argc,
                               char         **argv);
int  ok_cli_show              (int            argc,
                               char         **argv);
int  ok_cli_log               (int            argc,
                               char         **argv);
int  ok_cli_export            (int            argc,
                               char         **argv);
int  ok_cli_remove            (int            argc,
                               char         **argv);
int  ok_cli_issue             (int            argc,
                               char         **argv);
int  ok_cli_renew             (int            argc,
                               char         **argv);
int  ok_cli_status            (int            argc,
                               char         **argv);
int  ok_cli_monitor           (int            argc,
                               char         **argv);
int  ok_cli_renew_due         (gboolean       dry_run);
int  ok_cli_status_format     (GOptionContext *context,
                               const char    *format,
                               const char    *output,
                               gboolean       json);
int  ok_cli_deploy            (int            argc,
                               char         **argv);
int  ok_cli_complete_ids      (int            argc,
                               char         **argv);

void ok_cli_print_certificate (OkCertificate *certificate);

G_END_DECLS
