/* test-ca-der.h — the little DER writer the reference CA's OCSP responder needs: GnuTLS reads
 * OCSP responses but does not make them
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TEST_CA_DER_INTEGER      0x02
#define TEST_CA_DER_BIT_STRING   0x03
#define TEST_CA_DER_OCTET_STRING 0x04
#define TEST_CA_DER_NULL         0x05
#define TEST_CA_DER_ENUMERATED   0x0a
#define TEST_CA_DER_SEQUENCE     0x30
/* A context-specific tag: [n] IMPLICIT primitive, or [n] EXPLICIT / constructed. */
#define TEST_CA_DER_CONTEXT(n)            (0x80 | (n))
#define TEST_CA_DER_CONTEXT_CONSTRUCTED(n) (0xa0 | (n))

void test_ca_der_add        (GByteArray   *out,
                             guint8        tag,
                             const guint8 *content,
                             gsize         length);
void test_ca_der_add_array  (GByteArray   *out,
                             guint8        tag,
                             GByteArray   *content);
void test_ca_der_add_raw    (GByteArray   *out,
                             const guint8 *der,
                             gsize         length);
void test_ca_der_add_oid    (GByteArray   *out,
                             const char   *dotted);
void test_ca_der_add_time   (GByteArray   *out,
                             gint64        unix_time);
void test_ca_der_add_small  (GByteArray   *out,
                             guint8        tag,
                             guint8        value);

G_END_DECLS
