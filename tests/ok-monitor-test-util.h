/* ok-monitor-test-util.h — certificates with a chosen lifetime for the monitor's tests, made by
 * openssl, a store filled through the real CLI, and the fixture of the tests that run the
 * monitor's processes: a store, a work folder, the reference CA and a notification watch
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ok-certificate.h"
#include "ok-store.h"
#include "ok-test-ca.h"
#include "ok-test-dbus.h"

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

typedef struct
{
  char                *store;  /* OK_DATA_DIR of every command */
  char                *work;   /* certificates made for import, exports */
  OkTestCa            *ca;     /* NULL when set up without a scenario */
  char                *env[7]; /* OK_TEST_ENDPOINT, OK_TEST_CA_FILE and OK_TEST_ROOTS naming the CA */
  OkTestNotifications *watch;  /* what reaches the session's notification server */
} OkmFixture;

/* With the reference CA playing @ca_scenario (JSON), or without a CA when it is NULL. */
void           okm_fixture_set_up     (OkmFixture *fixture,
                                       const char *ca_scenario);
void           okm_fixture_tear_down  (OkmFixture *fixture);

/* `oces-keeper-cli issue` of @reference from the fixture's CA under @name, into a store that
 * had no entry; returns the new entry's id. */
char          *okm_issue              (OkmFixture *fixture,
                                       const char *reference,
                                       const char *code,
                                       const char *name);
/* The times (unix seconds) of @id's events of @type, oldest first, from `log --json`. */
GArray        *okm_event_times        (const char *store,
                                       const char *id,
                                       const char *type);
/* The only entry of `list --json` of @store; @holder keeps the list. */
JsonObject    *okm_only_entry         (const char *store,
                                       JsonNode  **holder);
/* The serial number of that entry's certificate. */
char          *okm_only_serial        (const char *store);

G_END_DECLS
