/* ok-import.c — reading PKCS#12, PEM and DER files into certificate + chain + optional key,
 * or a key file alone
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>

#include "ok-import.h"
#include "ok-import-private.h"

G_DEFINE_QUARK (ok-import-error-quark, ok_import_error)

static void
contents_clear (OkImportContents *contents)
{
  g_clear_pointer (&contents->certificates, g_ptr_array_unref);
  g_clear_pointer (&contents->crts, g_ptr_array_unref);
  g_clear_pointer (&contents->keys, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OkImportContents, contents_clear)

static void
contents_init (OkImportContents *contents)
{
  contents->certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  contents->crts = g_ptr_array_new_with_free_func ((GDestroyNotify) gnutls_x509_crt_deinit);
  contents->keys = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
set_invalid_error (GError **error)
{
  g_set_error_literal (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_INVALID,
                       _("This is not a certificate file OCES Keeper understands."));
}

static void
set_truncated_error (GError **error)
{
  g_set_error_literal (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_TRUNCATED,
                       _("The file is incomplete. It may have been cut off while it was copied "
                         "or downloaded."));
}

void
ok_import_set_needs_password_error (GError **error)
{
  g_set_error_literal (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NEEDS_PASSWORD,
                       _("The file is protected by a password."));
}

void
ok_import_set_wrong_password_error (GError **error)
{
  g_set_error_literal (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_WRONG_PASSWORD,
                       _("The password is wrong."));
}

void
ok_import_set_unreadable_error (GError **error,
                                int      gnutls_error)
{
  g_set_error (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_INVALID,
               /* Translators: %s is a technical reason from the crypto library */
               _("This is not a certificate file OCES Keeper understands: %s"),
               gnutls_strerror (gnutls_error));
}

gboolean
ok_import_contents_add_certificate (OkImportContents       *contents,
                                    const gnutls_datum_t   *datum,
                                    gnutls_x509_crt_fmt_t   format,
                                    GError                **error)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t der = { NULL, 0 };
  g_autoptr(GBytes) bytes = NULL;
  int ret;

  if ((ret = gnutls_x509_crt_init (&crt)) < 0 ||
      (ret = gnutls_x509_crt_import (crt, datum, format)) < 0 ||
      (ret = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der)) < 0)
    {
      g_clear_pointer (&crt, gnutls_x509_crt_deinit);
      ok_import_set_unreadable_error (error, ret);
      return FALSE;
    }

  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);

  for (guint i = 0; i < contents->certificates->len; i++)
    if (g_bytes_equal (g_ptr_array_index (contents->certificates, i), bytes))
      {
        gnutls_x509_crt_deinit (crt);
        return TRUE;
      }

  g_ptr_array_add (contents->certificates, g_steal_pointer (&bytes));
  g_ptr_array_add (contents->crts, crt);
  return TRUE;
}

/* The outer DER length says how long the whole structure must be, which tells a file cut
 * short apart from one that is simply not ASN.1. */
static gboolean
der_is_truncated (const guchar *data,
                  gsize         size)
{
  gsize length = 0;
  gsize header;

  if (size < 2 || data[0] != 0x30)
    return FALSE;

  if (data[1] < 0x80)
    {
      length = data[1];
      header = 2;
    }
  else
    {
      guint octets = data[1] & 0x7f;

      if (octets == 0 || octets > 4)
        return FALSE;
      if (size < 2 + octets)
        return TRUE;
      for (guint i = 0; i < octets; i++)
        length = (length << 8) | data[2 + i];
      header = 2 + octets;
    }

  return header + length > size;
}

static gboolean
read_pem_key (OkImportContents  *contents,
              const char        *block,
              gsize              length,
              const char        *password,
              GError           **error)
{
  g_autoptr(GError) key_error = NULL;
  OkKey *key;

  key = ok_key_new_from_pem (block, length, password, &key_error);
  if (key == NULL)
    {
      if (g_error_matches (key_error, OK_KEY_ERROR, OK_KEY_ERROR_NEEDS_PASSPHRASE))
        ok_import_set_needs_password_error (error);
      else if (g_error_matches (key_error, OK_KEY_ERROR, OK_KEY_ERROR_WRONG_PASSPHRASE))
        ok_import_set_wrong_password_error (error);
      else
        set_invalid_error (error);
      return FALSE;
    }

  g_ptr_array_add (contents->keys, key);
  return TRUE;
}

static gboolean
read_pem (OkImportContents  *contents,
          const char        *data,
          gsize              size,
          const char        *password,
          GError           **error)
{
  const char *end = data + size;
  const char *position = data;
  const char *begin;
  gboolean found = FALSE;
  /* pairs of (start, end) of each key block */
  g_autoptr(GArray) key_blocks = g_array_new (FALSE, FALSE, sizeof (const char *));

  while ((begin = g_strstr_len (position, end - position, "-----BEGIN ")) != NULL)
    {
      const char *label_start = begin + strlen ("-----BEGIN ");
      const char *label_end = g_strstr_len (label_start, end - label_start, "-----");
      g_autofree char *label = NULL;
      g_autofree char *end_marker = NULL;
      const char *block_end;
      gsize block_length;

      if (label_end == NULL)
        {
          set_truncated_error (error);
          return FALSE;
        }

      label = g_strndup (label_start, label_end - label_start);
      end_marker = g_strdup_printf ("-----END %s-----", label);
      block_end = g_strstr_len (label_end, end - label_end, end_marker);
      if (block_end == NULL)
        {
          set_truncated_error (error);
          return FALSE;
        }
      block_length = (block_end + strlen (end_marker)) - begin;

      if (g_str_equal (label, "CERTIFICATE") || g_str_equal (label, "X509 CERTIFICATE"))
        {
          gnutls_datum_t datum = { (unsigned char *) begin, block_length };

          if (!ok_import_contents_add_certificate (contents, &datum, GNUTLS_X509_FMT_PEM, error))
            return FALSE;
          found = TRUE;
        }
      else if (g_str_has_suffix (label, "PRIVATE KEY"))
        {
          g_array_append_vals (key_blocks, (const char *[]) { begin, begin + block_length }, 2);
          found = TRUE;
        }
      /* Other blocks (CRLs, parameters) are ignored. */

      position = begin + block_length;
    }

  if (!found)
    {
      set_invalid_error (error);
      return FALSE;
    }

  for (guint i = 0; i + 1 < key_blocks->len; i += 2)
    {
      const char *key_begin = g_array_index (key_blocks, const char *, i);
      const char *key_end = g_array_index (key_blocks, const char *, i + 1);

      if (!read_pem_key (contents, key_begin, key_end - key_begin, password, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_der (OkImportContents  *contents,
          GBytes            *data,
          OkImportFormat    *format,
          const char        *password,
          GError           **error)
{
  gsize size;
  const guchar *bytes = g_bytes_get_data (data, &size);
  gnutls_datum_t datum = { (unsigned char *) bytes, size };
  gnutls_pkcs12_t p12 = NULL;
  g_autoptr(GError) key_error = NULL;
  g_autoptr(OkKey) key = NULL;
  gboolean ok;

  if (der_is_truncated (bytes, size))
    {
      set_truncated_error (error);
      return FALSE;
    }

  if (gnutls_pkcs12_init (&p12) >= 0 &&
      gnutls_pkcs12_import (p12, &datum, GNUTLS_X509_FMT_DER, 0) >= 0)
    {
      *format = OK_IMPORT_FORMAT_PKCS12;
      ok = ok_import_read_pkcs12 (contents, p12, password, error);
      gnutls_pkcs12_deinit (p12);
      return ok;
    }
  g_clear_pointer (&p12, gnutls_pkcs12_deinit);

  *format = OK_IMPORT_FORMAT_DER;
  if (ok_import_contents_add_certificate (contents, &datum, GNUTLS_X509_FMT_DER, NULL))
    return TRUE;

  /* A bare key, for an entry that has only its certificate. Tried without the password first:
   * a wrong password can decrypt to garbage that reads as "not a key" rather than as a
   * decryption failure, and only a key known to be encrypted makes that a wrong password. */
  key = ok_key_new_from_der (data, NULL, &key_error);
  if (key == NULL && g_error_matches (key_error, OK_KEY_ERROR, OK_KEY_ERROR_NEEDS_PASSPHRASE))
    {
      if (password == NULL)
        {
          ok_import_set_needs_password_error (error);
          return FALSE;
        }
      if ((key = ok_key_new_from_der (data, password, NULL)) == NULL)
        {
          ok_import_set_wrong_password_error (error);
          return FALSE;
        }
    }
  if (key == NULL)
    {
      set_invalid_error (error);
      return FALSE;
    }

  g_ptr_array_add (contents->keys, g_steal_pointer (&key));
  return TRUE;
}

static gboolean
is_issued_by (gnutls_x509_crt_t subject,
              gnutls_x509_crt_t issuer)
{
  guchar authority_id[64], subject_id[64];
  size_t authority_id_size = sizeof authority_id, subject_id_size = sizeof subject_id;
  unsigned int critical;

  if (!gnutls_x509_crt_check_issuer (subject, issuer))
    return FALSE;

  /* Two CA generations can share a name; their key identifiers tell them apart. */
  if (gnutls_x509_crt_get_authority_key_id (subject, authority_id, &authority_id_size, &critical) >= 0 &&
      gnutls_x509_crt_get_subject_key_id (issuer, subject_id, &subject_id_size, &critical) >= 0)
    return authority_id_size == subject_id_size &&
           memcmp (authority_id, subject_id, subject_id_size) == 0;

  return TRUE;
}

static gboolean
is_ca (gnutls_x509_crt_t crt)
{
  unsigned int ca = 0, critical;

  return gnutls_x509_crt_get_basic_constraints (crt, &critical, &ca, NULL) >= 0 && ca;
}

static int
find_leaf_without_key (OkImportContents *contents)
{
  int fallback = -1;

  for (guint i = 0; i < contents->crts->len; i++)
    {
      gboolean issues_another = FALSE;

      for (guint j = 0; j < contents->crts->len && !issues_another; j++)
        issues_another = i != j && is_issued_by (g_ptr_array_index (contents->crts, j),
                                                 g_ptr_array_index (contents->crts, i));
      if (issues_another)
        continue;

      if (!is_ca (g_ptr_array_index (contents->crts, i)))
        return i;
      if (fallback < 0)
        fallback = i;
    }

  return fallback >= 0 ? fallback : 0;
}

static OkImported *
assemble (OkImportContents  *contents,
          OkImportFormat     format,
          GError           **error)
{
  g_autoptr(GPtrArray) chain = NULL;
  g_autofree gboolean *used = NULL;
  OkKey *key = NULL;
  int leaf = -1;
  int current;

  /* A key file alone: the store decides whose key it is (ok_import_match_find()). The first key
   * stands for the file; key files hold one. A PKCS#12 file without a certificate is broken. */
  if (contents->certificates->len == 0 && contents->keys->len > 0 && format != OK_IMPORT_FORMAT_PKCS12)
    return ok_imported_new_for_key (g_ptr_array_index (contents->keys, 0), format);

  if (contents->certificates->len == 0)
    {
      g_set_error_literal (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NO_CERTIFICATE,
                           _("The file holds no certificate. Choose the file that contains the "
                             "certificate, not only the key."));
      return NULL;
    }

  for (guint k = 0; k < contents->keys->len && leaf < 0; k++)
    for (guint i = 0; i < contents->certificates->len && leaf < 0; i++)
      if (ok_key_matches_certificate (g_ptr_array_index (contents->keys, k),
                                      g_ptr_array_index (contents->certificates, i)))
        {
          key = g_ptr_array_index (contents->keys, k);
          leaf = i;
        }

  if (contents->keys->len > 0 && leaf < 0)
    {
      g_set_error_literal (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_KEY_MISMATCH,
                           _("The private key in the file does not belong to the certificate."));
      return NULL;
    }

  if (leaf < 0)
    leaf = find_leaf_without_key (contents);

  chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  /* Walk up from the leaf through the issuers the file carries; certificates that do not
   * belong to the leaf's chain are left out. */
  used = g_new0 (gboolean, contents->crts->len);
  used[leaf] = TRUE;
  current = leaf;
  for (;;)
    {
      gnutls_x509_crt_t crt = g_ptr_array_index (contents->crts, current);
      int next = -1;

      if (is_issued_by (crt, crt))
        break;

      for (guint i = 0; i < contents->crts->len && next < 0; i++)
        if (!used[i] && is_issued_by (crt, g_ptr_array_index (contents->crts, i)))
          next = i;
      if (next < 0)
        break;

      used[next] = TRUE;
      g_ptr_array_add (chain, g_bytes_ref (g_ptr_array_index (contents->certificates, next)));
      current = next;
    }

  return ok_imported_new (g_ptr_array_index (contents->certificates, leaf), chain, key, format);
}

/**
 * ok_import_parse:
 * @data: the whole file
 * @password: (nullable): the password of a PKCS#12 file or an encrypted key;
 *   %NULL first, then ask the user on %OK_IMPORT_ERROR_NEEDS_PASSWORD
 *
 * Returns: (transfer full): what the file holds; for a PEM or DER file with a key and no
 *   certificate, the key alone (ok_imported_get_certificate() is %NULL)
 */
OkImported *
ok_import_parse (GBytes      *data,
                 const char  *password,
                 GError     **error)
{
  g_auto(OkImportContents) contents = { NULL, NULL, NULL };
  OkImportFormat format = OK_IMPORT_FORMAT_PEM;
  const char *bytes;
  gsize size;
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_bytes_get_data (data, &size);
  if (size == 0)
    {
      g_set_error_literal (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_EMPTY,
                           _("The file is empty."));
      return NULL;
    }
  if (size > OK_IMPORT_MAX_SIZE)
    {
      g_set_error_literal (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_TOO_LARGE,
                           _("The file is too large to be a certificate file (more than 1 MiB)."));
      return NULL;
    }

  contents_init (&contents);

  if (g_strstr_len (bytes, size, "-----BEGIN ") != NULL)
    ok = read_pem (&contents, bytes, size, password, error);
  else
    ok = read_der (&contents, data, &format, password, error);

  if (!ok)
    return NULL;

  return assemble (&contents, format, error);
}

/**
 * ok_import_file:
 *
 * Reads and parses @file, blocking; for worker threads and the command line.
 * A file over %OK_IMPORT_MAX_SIZE is refused from its size, or after reading at
 * most one byte more than the limit when its size is not known in advance.
 */
OkImported *
ok_import_file (GFile         *file,
                const char    *password,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree guchar *buffer = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return NULL;

  if (g_file_info_get_size (info) > OK_IMPORT_MAX_SIZE)
    {
      g_set_error_literal (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_TOO_LARGE,
                           _("The file is too large to be a certificate file (more than 1 MiB)."));
      return NULL;
    }

  if ((stream = g_file_read (file, cancellable, error)) == NULL)
    return NULL;

  buffer = g_malloc (OK_IMPORT_MAX_SIZE + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, OK_IMPORT_MAX_SIZE + 1,
                                &length, cancellable, error))
    return NULL;

  data = g_bytes_new_take (g_steal_pointer (&buffer), length);

  return ok_import_parse (data, password, error);
}

typedef struct {
  GFile *file;
  char  *password;
} ImportData;

static void
import_data_free (ImportData *import_data)
{
  g_clear_object (&import_data->file);
  if (import_data->password != NULL)
    explicit_bzero (import_data->password, strlen (import_data->password));
  g_clear_pointer (&import_data->password, g_free);
  g_free (import_data);
}

static void
import_file_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ImportData *import_data = task_data;
  GError *error = NULL;
  OkImported *imported;

  imported = ok_import_file (import_data->file, import_data->password, cancellable, &error);
  if (imported == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, imported, g_object_unref);
}

void
ok_import_file_async (GFile               *file,
                      const char          *password,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *import_data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  import_data = g_new0 (ImportData, 1);
  import_data->file = g_object_ref (file);
  import_data->password = g_strdup (password);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_import_file_async);
  g_task_set_task_data (task, import_data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_file_thread);
}

OkImported *
ok_import_file_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_import_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
