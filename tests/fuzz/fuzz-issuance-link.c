/* fuzz-issuance-link.c — libFuzzer target: a pasted reference number or issuance link
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "ok-issuance-link.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = ok_issuance_link_parse_reference (text, &error);

  /* Whatever is accepted is a reference number by the parser's own rule. */
  g_assert (reference == NULL || ok_issuance_link_is_reference_number (reference));
  g_assert ((reference == NULL) == (error != NULL));
  return 0;
}
