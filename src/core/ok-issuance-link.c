/* ok-issuance-link.c — the reference number from what the user pastes: a bare reference number
 * or the issuance link from the MitID Erhverv portal's e-mail
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-issuance-link.h"

G_DEFINE_QUARK (ok-issuance-link-error-quark, ok_issuance_link_error)

/**
 * ok_issuance_link_is_reference_number:
 * @text: a candidate, already trimmed
 *
 * The rule (docs/protocol.md): 6 to 64 ASCII letters, digits and dashes, starting and ending
 * with a letter or digit.
 *
 * Returns: whether @text looks like a reference number
 */
gboolean
ok_issuance_link_is_reference_number (const char *text)
{
  gsize length;

  g_return_val_if_fail (text != NULL, FALSE);

  length = strlen (text);
  if (length < OK_REFERENCE_NUMBER_MIN_LENGTH || length > OK_REFERENCE_NUMBER_MAX_LENGTH)
    return FALSE;

  if (!g_ascii_isalnum (text[0]) || !g_ascii_isalnum (text[length - 1]))
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
    }

  return TRUE;
}

/* Records @candidate as the link's reference, or fails when the link holds two different ones. */
static gboolean
take_candidate (char       **found,
                const char  *candidate,
                GError     **error)
{
  if (candidate == NULL)
    return TRUE;

  if (*found != NULL && !g_str_equal (*found, candidate))
    {
      g_set_error_literal (error, OK_ISSUANCE_LINK_ERROR, OK_ISSUANCE_LINK_ERROR_AMBIGUOUS,
                           _("The link holds two different reference numbers"));
      return FALSE;
    }

  if (*found == NULL)
    *found = g_strdup (candidate);

  return TRUE;
}

static gboolean
take_from_params (char       **found,
                  const char  *params,
                  gboolean     is_fragment,
                  GError     **error)
{
  g_autoptr(GHashTable) table = NULL;

  if (params == NULL || *params == '\0')
    return TRUE;

  /* The fragment of a single-page portal may carry its own route before the parameters. */
  if (is_fragment && strchr (params, '?') != NULL)
    params = strchr (params, '?') + 1;

  table = g_uri_parse_params (params, -1, "&;", G_URI_PARAMS_CASE_INSENSITIVE, NULL);
  if (table == NULL)
    return TRUE;

  return take_candidate (found, g_hash_table_lookup (table, "referenceNumber"), error) &&
         take_candidate (found, g_hash_table_lookup (table, "reference"), error);
}

static gboolean
take_from_path (char       **found,
                const char  *path,
                GError     **error)
{
  g_auto(GStrv) segments = NULL;

  if (path == NULL)
    return TRUE;

  segments = g_strsplit (path, "/", -1);
  for (guint i = 0; segments[i] != NULL && segments[i + 1] != NULL; i++)
    {
      if (g_ascii_strcasecmp (segments[i], "reference") == 0 && *segments[i + 1] != '\0')
        return take_candidate (found, segments[i + 1], error);
    }

  return TRUE;
}

/* GUri takes almost anything as a host; a link from an e-mail has a plain DNS name. */
static gboolean
is_host_name (const char *host)
{
  if (host == NULL || *host == '\0')
    return FALSE;

  for (const char *p = host; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
        return FALSE;
    }

  return TRUE;
}

static char *
reference_from_link (const char  *link,
                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *found = NULL;
  const char *scheme = g_uri_peek_scheme (link);

  /* Only the portal's own kind of link: a mailto: or javascript: link can carry a
   * “reference” too, and we never want to act on one. */
  if (scheme != NULL && !g_str_equal (scheme, "https"))
    {
      g_set_error_literal (error, OK_ISSUANCE_LINK_ERROR, OK_ISSUANCE_LINK_ERROR_UNSUPPORTED_LINK,
                           _("Only https:// issuance links from the MitID Erhverv e-mail can be "
                             "used"));
      return NULL;
    }

  uri = g_uri_parse (link, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_ENCODED_FRAGMENT, NULL);
  if (uri == NULL)
    {
      g_set_error_literal (error, OK_ISSUANCE_LINK_ERROR, OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE,
                           _("This is neither a reference number nor an issuance link"));
      return NULL;
    }

  if (!is_host_name (g_uri_get_host (uri)))
    {
      g_set_error_literal (error, OK_ISSUANCE_LINK_ERROR, OK_ISSUANCE_LINK_ERROR_UNSUPPORTED_LINK,
                           _("Only https:// issuance links from the MitID Erhverv e-mail can be "
                             "used"));
      return NULL;
    }

  if (!take_from_params (&found, g_uri_get_query (uri), FALSE, error) ||
      !take_from_path (&found, g_uri_get_path (uri), error) ||
      !take_from_params (&found, g_uri_get_fragment (uri), TRUE, error))
    return NULL;

  if (found == NULL)
    {
      g_set_error_literal (error, OK_ISSUANCE_LINK_ERROR, OK_ISSUANCE_LINK_ERROR_NO_REFERENCE,
                           _("The link holds no reference number"));
      return NULL;
    }

  g_strstrip (found);
  if (!ok_issuance_link_is_reference_number (found))
    {
      g_set_error_literal (error, OK_ISSUANCE_LINK_ERROR, OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE,
                           _("The reference number in the link is not valid"));
      return NULL;
    }

  return g_steal_pointer (&found);
}

/**
 * ok_issuance_link_parse_reference:
 * @text: what the user pasted or typed
 * @error: return location for an %OK_ISSUANCE_LINK_ERROR
 *
 * Accepts a bare reference number or an `https://` link that carries one in a
 * `referenceNumber=` or `reference=` parameter (query or fragment) or after a `/reference/`
 * path segment. Surrounding whitespace and the angle brackets mail programs put around links
 * are ignored.
 *
 * Returns: (transfer full): the reference number, or %NULL with @error set
 */
char *
ok_issuance_link_parse_reference (const char  *text,
                                  GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strlen (text) > OK_ISSUANCE_LINK_MAX_LENGTH)
    {
      g_set_error_literal (error, OK_ISSUANCE_LINK_ERROR, OK_ISSUANCE_LINK_ERROR_TOO_LONG,
                           _("The text is too long to be a reference number or an issuance link"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (text));
  if (g_str_has_prefix (trimmed, "<") && g_str_has_suffix (trimmed, ">"))
    {
      trimmed[strlen (trimmed) - 1] = '\0';
      memmove (trimmed, trimmed + 1, strlen (trimmed));
      g_strstrip (trimmed);
    }

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, OK_ISSUANCE_LINK_ERROR, OK_ISSUANCE_LINK_ERROR_EMPTY,
                           _("Enter a reference number or paste the issuance link"));
      return NULL;
    }

  if (strchr (trimmed, ':') != NULL || strchr (trimmed, '/') != NULL)
    return reference_from_link (trimmed, error);

  if (!ok_issuance_link_is_reference_number (trimmed))
    {
      /* Translators: %d and %d are the shortest and longest length of a reference number */
      g_set_error (error, OK_ISSUANCE_LINK_ERROR, OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE,
                   _("A reference number has %d to %d letters, digits and dashes"),
                   OK_REFERENCE_NUMBER_MIN_LENGTH, OK_REFERENCE_NUMBER_MAX_LENGTH);
      return NULL;
    }

  return g_steal_pointer (&trimmed);
}
