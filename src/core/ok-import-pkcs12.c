/* ok-import-pkcs12.c — the PKCS#12 reader of ok-import: MAC, encrypted bags, shrouded keys
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>

#include "ok-import.h"
#include "ok-import-private.h"

static gboolean
decrypt_bag (gnutls_pkcs12_bag_t   bag,
             const char           *password,
             GError              **error)
{
  int ret;

  if (password == NULL)
    {
      ok_import_set_needs_password_error (error);
      return FALSE;
    }

  ret = gnutls_pkcs12_bag_decrypt (bag, password);
  if (ret == GNUTLS_E_DECRYPTION_FAILED)
    {
      ok_import_set_wrong_password_error (error);
      return FALSE;
    }
  else if (ret < 0)
    {
      ok_import_set_unreadable_error (error, ret);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_key_bag (OkImportContents          *contents,
              gnutls_pkcs12_bag_type_t   type,
              const gnutls_datum_t      *datum,
              const char                *password,
              GError                   **error)
{
  gnutls_x509_privkey_t privkey = NULL;
  int ret;

  if (type == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY && password == NULL)
    {
      ok_import_set_needs_password_error (error);
      return FALSE;
    }

  if ((ret = gnutls_x509_privkey_init (&privkey)) < 0 ||
      (ret = gnutls_x509_privkey_import_pkcs8 (privkey, datum, GNUTLS_X509_FMT_DER,
                                               type == GNUTLS_BAG_PKCS8_KEY ? NULL : password,
                                               type == GNUTLS_BAG_PKCS8_KEY ? GNUTLS_PKCS_PLAIN : 0)) < 0)
    {
      g_clear_pointer (&privkey, gnutls_x509_privkey_deinit);
      if (ret == GNUTLS_E_DECRYPTION_FAILED)
        ok_import_set_wrong_password_error (error);
      else
        ok_import_set_unreadable_error (error, ret);
      return FALSE;
    }

  g_ptr_array_add (contents->keys, ok_key_new_for_x509_privkey (privkey));
  return TRUE;
}

gboolean
ok_import_read_pkcs12 (OkImportContents  *contents,
                       gnutls_pkcs12_t    p12,
                       const char        *password,
                       GError           **error)
{
  unsigned int mac, salt_size, iterations;
  guchar salt[64];
  char *mac_oid = NULL;
  gboolean has_mac;
  int ret;

  salt_size = sizeof salt;
  has_mac = gnutls_pkcs12_mac_info (p12, &mac, salt, &salt_size, &iterations, &mac_oid) >= 0;
  gnutls_free (mac_oid);

  if (has_mac)
    {
      /* Some tools export with an empty password; such files open without asking. */
      if (password == NULL && gnutls_pkcs12_verify_mac (p12, "") == 0)
        password = "";

      if (password == NULL)
        {
          ok_import_set_needs_password_error (error);
          return FALSE;
        }

      ret = gnutls_pkcs12_verify_mac (p12, password);
      if (ret == GNUTLS_E_MAC_VERIFY_FAILED)
        {
          ok_import_set_wrong_password_error (error);
          return FALSE;
        }
      else if (ret < 0)
        {
          ok_import_set_unreadable_error (error, ret);
          return FALSE;
        }
    }

  for (int i = 0; ; i++)
    {
      gnutls_pkcs12_bag_t bag = NULL;
      gboolean ok = TRUE;
      int count;

      if ((ret = gnutls_pkcs12_bag_init (&bag)) < 0)
        {
          ok_import_set_unreadable_error (error, ret);
          return FALSE;
        }

      ret = gnutls_pkcs12_get_bag (p12, i, bag);
      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        {
          gnutls_pkcs12_bag_deinit (bag);
          break;
        }
      if (ret < 0)
        {
          gnutls_pkcs12_bag_deinit (bag);
          ok_import_set_unreadable_error (error, ret);
          return FALSE;
        }

      if (gnutls_pkcs12_bag_get_type (bag, 0) == GNUTLS_BAG_ENCRYPTED)
        ok = decrypt_bag (bag, password, error);

      count = ok ? gnutls_pkcs12_bag_get_count (bag) : 0;
      for (int j = 0; ok && j < count; j++)
        {
          gnutls_pkcs12_bag_type_t type = gnutls_pkcs12_bag_get_type (bag, j);
          gnutls_datum_t datum;

          if (gnutls_pkcs12_bag_get_data (bag, j, &datum) < 0)
            continue;

          if (type == GNUTLS_BAG_CERTIFICATE)
            ok = ok_import_contents_add_certificate (contents, &datum, GNUTLS_X509_FMT_DER, error);
          else if (type == GNUTLS_BAG_PKCS8_KEY || type == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY)
            ok = read_key_bag (contents, type, &datum, password, error);
          /* CRLs and secret bags are not ours to keep. */
        }

      gnutls_pkcs12_bag_deinit (bag);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}
