/* fuzz-ca-response.c — libFuzzer target: a CA's answer (the first byte picks the HTTP status)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "ok-mitid-response.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint statuses[] = { 200, 201, 400, 401, 403, 404, 409, 429, 500, 502, 503 };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(OkIssuance) issuance = NULL;
  g_autoptr(GError) error = NULL;

  if (size == 0)
    return 0;

  body = g_bytes_new (data + 1, size - 1);
  issuance = ok_mitid_response_parse (statuses[data[0] % G_N_ELEMENTS (statuses)], data[0] & 0x80 ? "120" : NULL,
                                      body, &error);
  g_assert ((issuance == NULL) == (error != NULL));
  return 0;
}
