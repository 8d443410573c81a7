/* ok-automation-test-util.h — a store, a work folder and the reference CA for the automation
 * tests (deploy hooks, renew --due, metrics), driven through oces-keeper-cli
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ok-test-ca.h"
#include "ok-test-cli.h"

G_BEGIN_DECLS

typedef struct
{
  OkTestCa *ca;
  char     *store;    /* OK_DATA_DIR of every command */
  char     *work;     /* hooks, exports and their traces */
  char     *env[7];   /* OK_TEST_ENDPOINT, OK_TEST_CA_FILE and OK_TEST_ROOTS naming the CA */
} OkaFixture;

/* One OCES3-shaped profile of the reference CA; @extra starts with a comma or is "". Profiles
 * are joined with "," inside OKA_SCENARIO. */
#define OKA_PROFILE(ref, code, cvr, name, extra) \
  "{\"referenceNumber\":\"" ref "\",\"oneTimeCode\":\"" code "\",\"cvr\":\"" cvr "\"," \
  "\"organisation\":\"Automation A/S\",\"commonName\":\"" name "\"" extra "}"
#define OKA_SCENARIO(profiles) "{\"profiles\":[" profiles "]}"

void        oka_fixture_set_up      (OkaFixture  *fixture,
                                     const char  *scenario);
void        oka_fixture_tear_down   (OkaFixture  *fixture);

/* oces-keeper-cli with the fixture's store and CA; @input (nullable) on stdin. */
#define oka_cli(fixture, input, ...) \
  ok_test_cli ((fixture)->store, (input), (const char * const *) (fixture)->env, __VA_ARGS__)

char       *oka_issue               (OkaFixture  *fixture,
                                     const char  *reference,
                                     const char  *code,
                                     const char  *name);
char       *oka_import_expired      (OkaFixture  *fixture,
                                     const char  *name);
char       *oka_import_not_yet_valid (OkaFixture *fixture,
                                     const char  *name);
char       *oka_import_oces2        (OkaFixture  *fixture,
                                     const char  *name);
JsonNode   *oka_show                (OkaFixture  *fixture,
                                     const char  *id);
JsonNode   *oka_log                 (OkaFixture  *fixture,
                                     const char  *id);
char       *oka_write_script        (OkaFixture  *fixture,
                                     const char  *name,
                                     const char  *body);
char       *oka_secret_tool_lookup  (const char  *id,
                                     const char  *kind);
gint64      oka_parse_time          (const char  *iso8601);
guint       oka_file_mode           (const char  *path);

G_END_DECLS
