/* fuzz-certificate.c — libFuzzer target: a certificate's facts and chain, from DER and PEM
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "ok-certificate.h"
#include "ok-chain.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) der = g_bytes_new (data, size);
  g_autoptr(OkCertificate) certificate = ok_certificate_new_from_der (der, NULL);
  g_autoptr(GPtrArray) chain = ok_certificate_list_from_pem ((const char *) data, size, NULL);

  if (certificate != NULL)
    {
      g_autoptr(JsonNode) facts = ok_certificate_facts_to_json (certificate);
      g_autofree char *detail = NULL;

      ok_chain_verify (certificate, NULL, NULL, 1800000000, &detail);
    }

  /* The first certificate of a PEM bundle, judged with the rest as its chain. */
  if (chain != NULL && chain->len > 0)
    {
      OkCertificate *leaf = g_ptr_array_index (chain, 0);
      g_autoptr(JsonNode) facts = ok_certificate_facts_to_json (leaf);
      g_autofree char *detail = NULL;

      ok_chain_verify (leaf, chain, chain, 1800000000, &detail);
    }

  return 0;
}
