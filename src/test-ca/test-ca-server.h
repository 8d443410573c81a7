/* test-ca-server.h — the reference CA's HTTP(S) server: the issuance protocol of
 * docs/protocol.md on 127.0.0.1
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "test-ca-authority.h"
#include "test-ca-registry.h"
#include "test-ca-scenario.h"

G_BEGIN_DECLS

typedef enum {
  TEST_CA_SERVER_PLAIN_HTTP = 1 << 0,
  TEST_CA_SERVER_TRUST_PROXY_HEADER = 1 << 1,
  TEST_CA_SERVER_ALLOW_FAULT_HEADER = 1 << 2,
} TestCaServerFlags;

#define TEST_CA_TYPE_SERVER (test_ca_server_get_type ())

G_DECLARE_FINAL_TYPE (TestCaServer, test_ca_server, TEST_CA, SERVER, GObject)

TestCaServer *test_ca_server_new     (TestCaAuthority    *authority,
                                      TestCaScenario     *scenario,
                                      TestCaRegistry     *registry,
                                      TestCaServerFlags   flags);
gboolean      test_ca_server_listen  (TestCaServer       *self,
                                      guint               port,
                                      GError            **error);
char         *test_ca_server_dup_url (TestCaServer       *self);
guint         test_ca_server_get_port (TestCaServer      *self);
gboolean      test_ca_server_set_request_log (TestCaServer *self,
                                              const char   *path,
                                              GError      **error);

G_END_DECLS
