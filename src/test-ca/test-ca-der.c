/* test-ca-der.c — the little DER writer the reference CA's OCSP responder needs
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "test-ca-der.h"

static void
add_length (GByteArray *out,
            gsize       length)
{
  guint8 bytes[5];
  guint n = 0;

  if (length < 0x80)
    {
      guint8 short_form = (guint8) length;

      g_byte_array_append (out, &short_form, 1);
      return;
    }

  for (gsize rest = length; rest > 0; rest >>= 8)
    n++;
  bytes[0] = (guint8) (0x80 | n);
  for (guint i = 0; i < n; i++)
    bytes[n - i] = (guint8) (length >> (8 * i));
  g_byte_array_append (out, bytes, n + 1);
}

void
test_ca_der_add (GByteArray   *out,
                 guint8        tag,
                 const guint8 *content,
                 gsize         length)
{
  g_byte_array_append (out, &tag, 1);
  add_length (out, length);
  if (length > 0)
    g_byte_array_append (out, content, (guint) length);
}

void
test_ca_der_add_array (GByteArray *out,
                       guint8      tag,
                       GByteArray *content)
{
  test_ca_der_add (out, tag, content->data, content->len);
}

/* Already-encoded DER (a name, a certificate) as it is. */
void
test_ca_der_add_raw (GByteArray   *out,
                     const guint8 *der,
                     gsize         length)
{
  g_byte_array_append (out, der, (guint) length);
}

static void
add_base128 (GByteArray *out,
             guint64     value)
{
  guint8 bytes[10];
  guint n = 0;

  do
    {
      bytes[n++] = value & 0x7f;
      value >>= 7;
    }
  while (value > 0);

  for (guint i = n; i > 0; i--)
    {
      guint8 byte = bytes[i - 1] | (i > 1 ? 0x80 : 0);
      g_byte_array_append (out, &byte, 1);
    }
}

void
test_ca_der_add_oid (GByteArray *out,
                     const char *dotted)
{
  g_auto(GStrv) arcs = g_strsplit (dotted, ".", -1);
  g_autoptr(GByteArray) content = g_byte_array_new ();
  guint n = g_strv_length (arcs);

  g_return_if_fail (n >= 2);

  add_base128 (content, g_ascii_strtoull (arcs[0], NULL, 10) * 40 + g_ascii_strtoull (arcs[1], NULL, 10));
  for (guint i = 2; i < n; i++)
    add_base128 (content, g_ascii_strtoull (arcs[i], NULL, 10));

  test_ca_der_add_array (out, 0x06, content);
}

/* A GeneralizedTime, as OCSP wants its times (RFC 6960 4.2.2.1). */
void
test_ca_der_add_time (GByteArray *out,
                      gint64      unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);
  g_autofree char *text = g_date_time_format (time, "%Y%m%d%H%M%SZ");

  test_ca_der_add (out, 0x18, (const guint8 *) text, strlen (text));
}

/* An INTEGER or ENUMERATED below 128. */
void
test_ca_der_add_small (GByteArray *out,
                       guint8      tag,
                       guint8      value)
{
  g_return_if_fail (value < 0x80);

  test_ca_der_add (out, tag, &value, 1);
}
