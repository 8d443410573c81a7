/* fuzz-import.c — libFuzzer target: a file to import (PEM, DER, PKCS#12), tried without a
 * password and with several
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "ok-import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *passwords[] = { NULL, "", "Test1234", "fuzz-password" };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);

  for (guint i = 0; i < G_N_ELEMENTS (passwords); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OkImported) imported = ok_import_parse (bytes, passwords[i], &error);

      g_assert ((imported == NULL) == (error != NULL));
      if (imported != NULL ||
          !(g_error_matches (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NEEDS_PASSWORD) ||
            g_error_matches (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_WRONG_PASSWORD)))
        break;
    }

  return 0;
}
