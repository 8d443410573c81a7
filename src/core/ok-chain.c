/* ok-chain.c — certificate chain verification against the pinned Danish state roots
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-certificate-private.h"
#include "ok-chain.h"

/* Longer than any real chain; stops a loop of certificates that name each other. */
#define MAX_CHAIN_LENGTH 8

/* Time is judged separately (OkValidity), and revocation is not ours to check here. */
#define VERIFY_FLAGS (GNUTLS_VERIFY_DISABLE_TIME_CHECKS \
                      | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS \
                      | GNUTLS_VERIFY_DISABLE_CRL_CHECKS)

/* Frees the trust list together with the anchor certificates it took over. */
static void
trust_list_free (gnutls_x509_trust_list_t list)
{
  gnutls_x509_trust_list_deinit (list, 1);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_trust_list_t, trust_list_free, NULL)

static const GEnumValue trust_values[] = {
  { OK_TRUST_UNKNOWN, "OK_TRUST_UNKNOWN", "unknown" },
  { OK_TRUST_INCOMPLETE, "OK_TRUST_INCOMPLETE", "incomplete" },
  { OK_TRUST_UNTRUSTED, "OK_TRUST_UNTRUSTED", "untrusted" },
  { OK_TRUST_INVALID, "OK_TRUST_INVALID", "invalid" },
  { OK_TRUST_OCES3_TEST, "OK_TRUST_OCES3_TEST", "oces3-test" },
  { OK_TRUST_OCES3_PROD, "OK_TRUST_OCES3_PROD", "oces3-prod" },
  { OK_TRUST_ANCHOR, "OK_TRUST_ANCHOR", "anchor" },
  { 0, NULL, NULL },
};

static const GEnumValue validity_values[] = {
  { OK_VALIDITY_VALID, "OK_VALIDITY_VALID", "valid" },
  { OK_VALIDITY_NOT_YET_VALID, "OK_VALIDITY_NOT_YET_VALID", "not-yet-valid" },
  { OK_VALIDITY_EXPIRED, "OK_VALIDITY_EXPIRED", "expired" },
  { 0, NULL, NULL },
};

GType
ok_trust_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("OkTrust", trust_values));

  return type_id;
}

const char *
ok_trust_to_string (OkTrust trust)
{
  if ((guint) trust < G_N_ELEMENTS (trust_values) - 1)
    return trust_values[trust].value_nick;

  return "unknown";
}

gboolean
ok_trust_from_string (const char *string,
                      OkTrust    *trust)
{
  g_return_val_if_fail (trust != NULL, FALSE);

  for (guint i = 0; string != NULL && trust_values[i].value_nick != NULL; i++)
    {
      if (g_str_equal (string, trust_values[i].value_nick))
        {
          *trust = trust_values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
ok_trust_get_description (OkTrust trust)
{
  switch (trust)
    {
    case OK_TRUST_INCOMPLETE:
      return _("Incomplete chain");
    case OK_TRUST_UNTRUSTED:
      return _("Chain to an unrecognised root");
    case OK_TRUST_INVALID:
      return _("Invalid chain");
    case OK_TRUST_OCES3_TEST:
      return _("Trusted OCES3 chain (Test)");
    case OK_TRUST_OCES3_PROD:
      return _("Trusted OCES3 chain (Prod)");
    case OK_TRUST_ANCHOR:
      return _("Trusted chain to a supplied CA");
    case OK_TRUST_UNKNOWN:
    default:
      return _("Chain not checked");
    }
}

gboolean
ok_trust_is_trusted (OkTrust trust)
{
  return trust == OK_TRUST_OCES3_TEST || trust == OK_TRUST_OCES3_PROD || trust == OK_TRUST_ANCHOR;
}

GType
ok_validity_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("OkValidity", validity_values));

  return type_id;
}

const char *
ok_validity_to_string (OkValidity validity)
{
  if ((guint) validity < G_N_ELEMENTS (validity_values) - 1)
    return validity_values[validity].value_nick;

  return "expired";
}

const char *
ok_validity_get_description (OkValidity validity)
{
  switch (validity)
    {
    case OK_VALIDITY_VALID:
      return C_("validity", "Valid");
    case OK_VALIDITY_NOT_YET_VALID:
      return C_("validity", "Not yet valid");
    case OK_VALIDITY_EXPIRED:
    default:
      return C_("validity", "Expired");
    }
}

typedef struct
{
  OkCertificate *certificate;
  gnutls_x509_crt_t crt;
  gboolean anchor;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_clear_object (&candidate->certificate);
  g_clear_pointer (&candidate->crt, gnutls_x509_crt_deinit);
  g_free (candidate);
}

static const char *
display_name (OkCertificate *certificate)
{
  const char *cn = ok_certificate_get_subject_cn (certificate);

  return cn != NULL ? cn : ok_certificate_get_subject (certificate);
}

static gboolean
add_candidate (GPtrArray      *pool,
               OkCertificate  *certificate,
               gboolean        anchor,
               GError        **error)
{
  Candidate *candidate;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), FALSE);

  /* A CA that is both in the chain and an anchor counts as an anchor. */
  for (guint i = 0; i < pool->len; i++)
    {
      Candidate *existing = g_ptr_array_index (pool, i);

      if (ok_certificate_equal_der (existing->certificate, certificate))
        {
          existing->anchor |= anchor;
          return TRUE;
        }
    }

  candidate = g_new0 (Candidate, 1);
  candidate->certificate = g_object_ref (certificate);
  candidate->anchor = anchor;
  candidate->crt = ok_certificate_dup_crt (certificate, error);
  g_ptr_array_add (pool, candidate);

  return candidate->crt != NULL;
}

static gboolean
signature_verifies (gnutls_x509_crt_t subject,
                    gnutls_x509_crt_t issuer)
{
  unsigned int status = 0;

  return gnutls_x509_crt_verify (subject, &issuer, 1, VERIFY_FLAGS, &status) >= 0 && status == 0;
}

/* The issuer of current among the unused candidates. A candidate qualifies by name (GnuTLS
 * also compares key identifiers, so a re-keyed CA may only match by name); when several
 * qualify, the one whose key verifies the signature wins, and a look-alike that only carries
 * the name is still returned so the verification reports it as invalid. */
static Candidate *
find_issuer (GPtrArray *pool,
             GPtrArray *path,
             Candidate *current)
{
  const char *issuer_name = ok_certificate_get_issuer (current->certificate);
  Candidate *name_match = NULL;

  for (guint i = 0; i < pool->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (pool, i);

      if (g_ptr_array_find (path, candidate, NULL))
        continue;
      if (!gnutls_x509_crt_check_issuer (current->crt, candidate->crt)
          && g_strcmp0 (issuer_name, ok_certificate_get_subject (candidate->certificate)) != 0)
        continue;

      if (signature_verifies (current->crt, candidate->crt))
        return candidate;
      if (name_match == NULL)
        name_match = candidate;
    }

  return name_match;
}

static char *
verify_path (GPtrArray *path)
{
  g_auto (gnutls_x509_trust_list_t) trust_list = NULL;
  g_autofree gnutls_x509_crt_t *crts = NULL;
  Candidate *top = g_ptr_array_index (path, path->len - 1);
  gnutls_x509_crt_t anchor;
  gnutls_datum_t status_text = { NULL, 0 };
  unsigned int status = 0;
  char *reason;
  int ret;

  anchor = ok_certificate_dup_crt (top->certificate, NULL);
  gnutls_x509_trust_list_init (&trust_list, 0);
  if (anchor == NULL || gnutls_x509_trust_list_add_cas (trust_list, &anchor, 1, 0) != 1)
    {
      g_clear_pointer (&anchor, gnutls_x509_crt_deinit);
      return g_strdup (_("The top certificate cannot be used as a trust anchor"));
    }

  crts = g_new (gnutls_x509_crt_t, path->len - 1);
  for (guint i = 0; i + 1 < path->len; i++)
    crts[i] = ((Candidate *) g_ptr_array_index (path, i))->crt;

  ret = gnutls_x509_trust_list_verify_crt2 (trust_list, crts, path->len - 1, NULL, 0,
                                            VERIFY_FLAGS, &status, NULL);
  if (ret < 0)
    return g_strdup (gnutls_strerror (ret));
  if (status == 0)
    return NULL;

  gnutls_certificate_verification_status_print (status, GNUTLS_CRT_X509, &status_text, 0);
  reason = g_strndup ((const char *) status_text.data, status_text.size);
  gnutls_free (status_text.data);
  return g_strstrip (reason);
}

static OkTrust
pinned_root (OkCertificate *certificate)
{
  const char *fingerprint = ok_certificate_get_sha256_fingerprint (certificate);

  if (g_strcmp0 (fingerprint, OK_CHAIN_OCES3_PROD_ROOT_SHA256) == 0)
    return OK_TRUST_OCES3_PROD;
  if (g_strcmp0 (fingerprint, OK_CHAIN_OCES3_TEST_ROOT_SHA256) == 0)
    return OK_TRUST_OCES3_TEST;

  return OK_TRUST_UNKNOWN;
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr (GDateTime) date_time = g_date_time_new_from_unix_utc (unix_time);

  return date_time != NULL ? g_date_time_format (date_time, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
}

/* The worst validity along the path: an expired CA makes the chain as unusable as an
 * expired leaf. */
static OkValidity
path_validity (GPtrArray *path,
               gint64     at_time,
               GString   *detail)
{
  OkValidity worst = OK_VALIDITY_VALID;

  for (guint i = 0; i < path->len; i++)
    {
      OkCertificate *certificate = ((Candidate *) g_ptr_array_index (path, i))->certificate;
      OkValidity validity = ok_certificate_get_validity_at (certificate, at_time);

      if (validity == OK_VALIDITY_EXPIRED)
        {
          g_autofree char *date = format_date (ok_certificate_get_not_after (certificate));

          /* Translators: %s is a certificate name, then a date */
          g_string_append_printf (detail, _("“%s” expired on %s."), display_name (certificate), date);
          g_string_append_c (detail, '\n');
          worst = OK_VALIDITY_EXPIRED;
        }
      else if (validity == OK_VALIDITY_NOT_YET_VALID)
        {
          g_autofree char *date = format_date (ok_certificate_get_not_before (certificate));

          /* Translators: %s is a certificate name, then a date */
          g_string_append_printf (detail, _("“%s” is not valid until %s."), display_name (certificate), date);
          g_string_append_c (detail, '\n');
          if (worst == OK_VALIDITY_VALID)
            worst = OK_VALIDITY_NOT_YET_VALID;
        }
    }

  return worst;
}

static OkTrust
judge_path (GPtrArray *path,
            GString   *detail)
{
  Candidate *leaf = g_ptr_array_index (path, 0);
  Candidate *top = g_ptr_array_index (path, path->len - 1);
  gboolean top_is_root = gnutls_x509_crt_check_issuer (top->crt, top->crt) != 0;
  g_autofree char *failure = NULL;
  g_autofree char *issuer_cn = NULL;
  OkTrust pinned;

  if (!top_is_root && !top->anchor)
    {
      issuer_cn = g_strdup (ok_certificate_get_issuer_cn (top->certificate));
      if (issuer_cn == NULL)
        issuer_cn = g_strdup (ok_certificate_get_issuer (top->certificate));
    }

  if (path->len == 1 && !top_is_root && !top->anchor)
    {
      /* Translators: %s is the name of a CA */
      g_string_append_printf (detail, _("The certificate of its issuer “%s” is not available."),
                              issuer_cn);
      return OK_TRUST_UNKNOWN;
    }

  if (path->len > 1 && (failure = verify_path (path)) != NULL)
    {
      /* Translators: the first %s is a certificate name, the second the reason from GnuTLS */
      g_string_append_printf (detail, _("The chain of “%s” does not verify: %s"),
                              display_name (leaf->certificate), failure);
      return OK_TRUST_INVALID;
    }

  if (!top_is_root && !top->anchor)
    {
      /* Translators: the first %s is a certificate name, the second the name of its issuer */
      g_string_append_printf (detail, _("The chain ends at “%s”; the certificate of its issuer “%s” is missing."),
                              display_name (top->certificate), issuer_cn);
      return OK_TRUST_INCOMPLETE;
    }

  pinned = top_is_root ? pinned_root (top->certificate) : OK_TRUST_UNKNOWN;
  if (pinned == OK_TRUST_OCES3_TEST)
    {
      g_string_append (detail, _("The chain ends at the OCES3 Test root of the Danish state."));
      return OK_TRUST_OCES3_TEST;
    }
  if (pinned == OK_TRUST_OCES3_PROD)
    {
      g_string_append (detail, _("The chain ends at the OCES3 production root of the Danish state."));
      return OK_TRUST_OCES3_PROD;
    }
  if (top->anchor)
    {
      /* Translators: %s is the name of a CA */
      g_string_append_printf (detail, _("The chain ends at the supplied CA “%s”."),
                              display_name (top->certificate));
      return OK_TRUST_ANCHOR;
    }

  /* Translators: %s is the name of a CA */
  g_string_append_printf (detail, _("The chain ends at the root “%s”, which is not an OCES3 root."),
                          display_name (top->certificate));
  return OK_TRUST_UNTRUSTED;
}

/**
 * ok_chain_verify_full:
 * @leaf: the certificate to judge
 * @chain: (nullable) (element-type OkCertificate): CA certificates, in any order; extra
 *   certificates are ignored
 * @extra_anchors: (nullable) (element-type OkCertificate): CAs to trust besides the pinned
 *   OCES3 roots (e.g. the reference CA); an anchor need not be a root
 * @at_time: the moment (unix seconds) at which validity is judged
 * @validity: (out) (optional): the worst validity along the path found, at @at_time
 * @path: (out) (optional) (transfer full) (element-type OkCertificate): the path found,
 *   @leaf first
 * @detail: (out) (optional) (transfer full): a translated explanation, one sentence a line
 *
 * Builds the issuer path from @leaf through @chain and @extra_anchors and verifies its
 * signatures with GnuTLS. Signatures and CA constraints are checked without regard to time,
 * so the trust of a genuine but expired chain is still OCES3; @validity tells the rest.
 *
 * Returns: the trust of the path
 */
OkTrust
ok_chain_verify_full (OkCertificate  *leaf,
                      GPtrArray      *chain,
                      GPtrArray      *extra_anchors,
                      gint64          at_time,
                      OkValidity     *validity,
                      GPtrArray     **path,
                      char          **detail)
{
  g_autoptr (GPtrArray) pool = NULL;
  g_autoptr (GPtrArray) candidates_path = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  Candidate *current;
  OkValidity path_valid;
  OkTrust trust;

  g_return_val_if_fail (OK_IS_CERTIFICATE (leaf), OK_TRUST_UNKNOWN);

  pool = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  candidates_path = g_ptr_array_new ();

  /* The leaf goes first so the loop below never picks it as its own issuer's issuer. */
  if (add_candidate (pool, leaf, FALSE, &error))
    for (guint i = 0; extra_anchors != NULL && i < extra_anchors->len; i++)
      if (!add_candidate (pool, g_ptr_array_index (extra_anchors, i), TRUE, &error))
        break;
  if (error == NULL)
    for (guint i = 0; chain != NULL && i < chain->len; i++)
      if (!add_candidate (pool, g_ptr_array_index (chain, i), FALSE, &error))
        break;

  current = g_ptr_array_index (pool, 0);
  g_ptr_array_add (candidates_path, current);

  if (error != NULL)
    {
      /* Translators: %s is the reason a certificate could not be read */
      g_string_append_printf (text, _("A certificate in the chain cannot be read: %s"),
                              error->message);
      trust = OK_TRUST_INVALID;
    }
  else
    {
      while (candidates_path->len < MAX_CHAIN_LENGTH
             && !current->anchor
             && !gnutls_x509_crt_check_issuer (current->crt, current->crt))
        {
          Candidate *issuer = find_issuer (pool, candidates_path, current);

          if (issuer == NULL)
            break;
          g_ptr_array_add (candidates_path, issuer);
          current = issuer;
        }

      trust = judge_path (candidates_path, text);
    }

  g_string_append_c (text, '\n');
  path_valid = path_validity (candidates_path, at_time, text);

  if (validity != NULL)
    *validity = path_valid;
  if (path != NULL)
    {
      *path = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < candidates_path->len; i++)
        g_ptr_array_add (*path, g_object_ref (((Candidate *) g_ptr_array_index (candidates_path, i))->certificate));
    }
  if (detail != NULL)
    {
      while (text->len > 0 && text->str[text->len - 1] == '\n')
        g_string_truncate (text, text->len - 1);
      *detail = g_string_free (g_steal_pointer (&text), FALSE);
    }

  return trust;
}

/**
 * ok_chain_verify:
 *
 * ok_chain_verify_full() for callers that need only the trust and the explanation.
 *
 * Returns: the trust of @leaf's chain
 */
OkTrust
ok_chain_verify (OkCertificate  *leaf,
                 GPtrArray      *chain,
                 GPtrArray      *extra_anchors,
                 gint64          at_time,
                 char          **detail)
{
  return ok_chain_verify_full (leaf, chain, extra_anchors, at_time, NULL, NULL, detail);
}
