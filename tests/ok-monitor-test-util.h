/* ok-monitor-test-util.h — certificates with a chosen lifetime for the monitor's tests, made by
 * openssl, and a store filled through the real CLI
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-certificate.h"
#include "ok-store.h"

G_BEGIN_DECLS

/* A self-signed certificate valid from now for @days, written to @dir as "<file>.pem" (with
 * its clear RSA key appended when @with_key); returns the file's path. */
char          *okm_make_certificate   (const char *dir,
                                       const char *file,
                                       const char *common_name,
                                       guint       days,
                                       gboolean    with_key);
/* The same, monitor-only, ending exactly at @not_after (unix seconds); made by openssl with
 * its clock moved by libfaketime, so it may not be valid yet. */
char          *okm_make_certificate_ending (const char *dir,
                                            const char *file,
                                            const char *common_name,
                                            gint64      not_after);
OkCertificate *okm_read_certificate   (const char *path);

/* `oces-keeper-cli import` of @path into @store under @name; returns the new entry's id. */
char          *okm_import             (const char *store,
                                       const char *path,
                                       const char *name);

/* ok_store_load_async() on a fresh OkStore of @dir, waited for. */
OkStore       *okm_load_store         (const char *dir);

G_END_DECLS
