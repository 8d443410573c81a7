/* ok-certificate-facts.c — reading a certificate's facts with GnuTLS
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gnutls/x509-ext.h>

#include "ok-certificate-private.h"

/* ASN.1 universal tags of the string types a DN attribute may use (X.520). */
#define TAG_TELETEX_STRING   20
#define TAG_UNIVERSAL_STRING 28
#define TAG_BMP_STRING       30

#define OID_COMMON_NAME       "2.5.4.3"
#define OID_SERIAL_NUMBER     "2.5.4.5"
#define OID_ORGANISATION      "2.5.4.10"
#define OID_ORGANISATION_UNIT "2.5.4.11"
#define OID_ORGANIZATION_ID   "2.5.4.97"
#define OID_EMAIL_ADDRESS     "1.2.840.113549.1.9.1"
#define OID_EXT_SAN           "2.5.29.17"
#define OID_EXT_CRL_DP        "2.5.29.31"
#define OID_EXT_AIA           "1.3.6.1.5.5.7.1.1"

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_subject_alt_names_t, gnutls_subject_alt_names_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_aia_t, gnutls_x509_aia_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crl_dist_points_t, gnutls_x509_crl_dist_points_deinit, NULL)

static void
clear_datum (gnutls_datum_t *datum)
{
  gnutls_free (datum->data);
  datum->data = NULL;
  datum->size = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (gnutls_datum_t, clear_datum)

/* g_strv_builder_take() needs GLib 2.80. */
static void
builder_take (GStrvBuilder *builder,
              char         *value)
{
  g_strv_builder_add (builder, value);
  g_free (value);
}

void
ok_facts_clear (OkCertificateFacts *facts)
{
  g_free (facts->subject);
  g_free (facts->subject_cn);
  g_free (facts->organisation);
  g_free (facts->cvr);
  g_free (facts->uuid);
  g_free (facts->email);
  g_free (facts->issuer);
  g_free (facts->issuer_cn);
  g_free (facts->serial);
  g_free (facts->key_algorithm);
  g_free (facts->signature_algorithm);
  g_free (facts->sha1_fingerprint);
  g_free (facts->sha256_fingerprint);
  g_strfreev (facts->key_usage);
  g_strfreev (facts->policies);
  g_strfreev (facts->aia_urls);
  g_strfreev (facts->ocsp_urls);
  g_strfreev (facts->crl_urls);
  memset (facts, 0, sizeof *facts);
}

static char *
hex_string (const guint8 *data,
            gsize         length,
            gboolean      colons)
{
  GString *hex = g_string_sized_new (length * 3);

  for (gsize i = 0; i < length; i++)
    {
      if (colons && i > 0)
        g_string_append_c (hex, ':');
      g_string_append_printf (hex, "%02X", data[i]);
    }

  return g_string_free (hex, FALSE);
}

char *
ok_certificate_fingerprint (GBytes                    *der,
                            gnutls_digest_algorithm_t  algorithm)
{
  gsize size;
  gnutls_datum_t datum;
  guint8 digest[64];
  size_t digest_size = sizeof digest;

  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = size;
  if (gnutls_fingerprint (algorithm, &datum, digest, &digest_size) < 0)
    return NULL;

  return hex_string (digest, digest_size, TRUE);
}

gnutls_x509_crt_t
ok_certificate_import_der (GBytes  *der,
                           GError **error)
{
  g_auto (gnutls_x509_crt_t) crt = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (der, &size);
  gnutls_datum_t datum = { (unsigned char *) data, size };
  int ret;

  /* Every X.509 certificate is a DER SEQUENCE; anything else is some other kind of file
   * and deserves a different message than a damaged certificate. */
  if (size < 2 || data[0] != 0x30)
    {
      g_set_error_literal (error, OK_CERTIFICATE_ERROR, OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE,
                           _("The data is not an X.509 certificate"));
      return NULL;
    }

  if (size > G_MAXUINT)
    {
      g_set_error_literal (error, OK_CERTIFICATE_ERROR, OK_CERTIFICATE_ERROR_INVALID,
                           _("The certificate is too large"));
      return NULL;
    }

  gnutls_x509_crt_init (&crt);
  ret = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER);
  /* A tag error means well-formed DER of another structure: a request, a key, a PKCS #12
   * file. Broken or cut-off DER gives a DER error instead. */
  if (ret == GNUTLS_E_ASN1_TAG_ERROR)
    {
      g_set_error_literal (error, OK_CERTIFICATE_ERROR, OK_CERTIFICATE_ERROR_NOT_A_CERTIFICATE,
                           _("The data is not an X.509 certificate"));
      return NULL;
    }
  if (ret < 0)
    {
      g_set_error (error, OK_CERTIFICATE_ERROR, OK_CERTIFICATE_ERROR_INVALID,
                   /* Translators: %s is the reason GnuTLS gives */
                   _("The certificate is damaged or incomplete: %s"), gnutls_strerror (ret));
      return NULL;
    }

  return g_steal_pointer (&crt);
}

/* DN attribute values arrive as the raw string contents; UTF8String, PrintableString and
 * IA5String are already UTF-8, the wide and Teletex types need converting. */
static char *
ava_to_utf8 (const gnutls_x509_ava_st *ava)
{
  const char *data = (const char *) ava->value.data;
  gsize size = ava->value.size;
  char *converted = NULL;

  switch (ava->value_tag)
    {
    case TAG_BMP_STRING:
      converted = g_convert (data, size, "UTF-8", "UTF-16BE", NULL, NULL, NULL);
      break;
    case TAG_UNIVERSAL_STRING:
      converted = g_convert (data, size, "UTF-8", "UTF-32BE", NULL, NULL, NULL);
      break;
    case TAG_TELETEX_STRING:
      if (!g_utf8_validate_len (data, size, NULL))
        converted = g_convert (data, size, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      break;
    default:
      break;
    }

  return converted != NULL ? converted : g_utf8_make_valid (data, size);
}

/* GnuTLS counts the terminating NUL in the OID's size. */
static gboolean
oid_equal (const gnutls_datum_t *datum,
           const char           *oid)
{
  gsize length = strlen (oid);

  return datum->size >= length
         && memcmp (datum->data, oid, length) == 0
         && (datum->size == length || datum->data[length] == '\0');
}

/* All values of one attribute type, in encoding order, multi-valued RDNs included. */
static GStrv
dn_values (gnutls_x509_dn_t  dn,
           const char       *oid)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (int rdn = 0; ; rdn++)
    {
      int ava_index;

      for (ava_index = 0; ; ava_index++)
        {
          gnutls_x509_ava_st ava;

          if (gnutls_x509_dn_get_rdn_ava (dn, rdn, ava_index, &ava) < 0)
            break;
          if (oid_equal (&ava.oid, oid))
            builder_take (builder, ava_to_utf8 (&ava));
        }

      if (ava_index == 0)
        break;
    }

  return g_strv_builder_end (builder);
}

static char *
dn_first_value (gnutls_x509_dn_t  dn,
                const char       *oid)
{
  g_auto (GStrv) values = dn_values (dn, oid);

  return values[0] != NULL ? g_strdup (values[0]) : NULL;
}

static char *
datum_to_string (const gnutls_datum_t *datum)
{
  return g_utf8_make_valid ((const char *) datum->data, datum->size);
}

static gboolean
get_extension (gnutls_x509_crt_t  crt,
               const char        *oid,
               gnutls_datum_t    *extension)
{
  unsigned int critical;

  return gnutls_x509_crt_get_extension_by_oid2 (crt, oid, 0, extension, &critical) >= 0;
}

static char *
read_san_email (gnutls_x509_crt_t crt)
{
  g_auto (gnutls_datum_t) extension = { NULL, 0 };
  g_auto (gnutls_subject_alt_names_t) names = NULL;

  if (!get_extension (crt, OID_EXT_SAN, &extension))
    return NULL;

  gnutls_subject_alt_names_init (&names);
  if (gnutls_x509_ext_import_subject_alt_names (&extension, names, 0) < 0)
    return NULL;

  for (unsigned int i = 0; ; i++)
    {
      unsigned int type;
      gnutls_datum_t name, othername_oid;

      if (gnutls_subject_alt_names_get (names, i, &type, &name, &othername_oid) < 0)
        break;
      if (type == GNUTLS_SAN_RFC822NAME)
        return datum_to_string (&name);
    }

  return NULL;
}

static void
read_aia (gnutls_x509_crt_t  crt,
          GStrv             *ca_issuers,
          GStrv             *ocsp)
{
  g_autoptr (GStrvBuilder) issuers_builder = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) ocsp_builder = g_strv_builder_new ();
  g_auto (gnutls_datum_t) extension = { NULL, 0 };
  g_auto (gnutls_x509_aia_t) aia = NULL;

  gnutls_x509_aia_init (&aia);
  if (get_extension (crt, OID_EXT_AIA, &extension)
      && gnutls_x509_ext_import_aia (&extension, aia, 0) >= 0)
    {
      for (unsigned int i = 0; ; i++)
        {
          gnutls_datum_t method, location;
          unsigned int type;

          if (gnutls_x509_aia_get (aia, i, &method, &type, &location) < 0)
            break;
          if (type != GNUTLS_SAN_URI)
            continue;
          if (oid_equal (&method, GNUTLS_OID_AD_CAISSUERS))
            builder_take (issuers_builder, datum_to_string (&location));
          else if (oid_equal (&method, GNUTLS_OID_AD_OCSP))
            builder_take (ocsp_builder, datum_to_string (&location));
        }
    }

  *ca_issuers = g_strv_builder_end (issuers_builder);
  *ocsp = g_strv_builder_end (ocsp_builder);
}

static GStrv
read_crl_urls (gnutls_x509_crt_t crt)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (gnutls_datum_t) extension = { NULL, 0 };
  g_auto (gnutls_x509_crl_dist_points_t) points = NULL;

  gnutls_x509_crl_dist_points_init (&points);
  if (get_extension (crt, OID_EXT_CRL_DP, &extension)
      && gnutls_x509_ext_import_crl_dist_points (&extension, points, 0) >= 0)
    {
      for (unsigned int i = 0; ; i++)
        {
          gnutls_datum_t location;
          unsigned int type, reasons;

          if (gnutls_x509_crl_dist_points_get (points, i, &type, &location, &reasons) < 0)
            break;
          if (type == GNUTLS_SAN_URI)
            builder_take (builder, datum_to_string (&location));
        }
    }

  return g_strv_builder_end (builder);
}

static GStrv
read_policies (gnutls_x509_crt_t crt)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (unsigned int i = 0; ; i++)
    {
      struct gnutls_x509_policy_st policy;
      unsigned int critical;

      if (gnutls_x509_crt_get_policy (crt, i, &policy, &critical) < 0)
        break;
      g_strv_builder_add (builder, policy.oid);
      gnutls_x509_policy_release (&policy);
    }

  return g_strv_builder_end (builder);
}

/* Names as RFC 5280 spells the KeyUsage bits, in bit order. */
static GStrv
read_key_usage (gnutls_x509_crt_t  crt,
                gboolean          *non_repudiation)
{
  static const struct { unsigned int bit; const char *name; } bits[] = {
    { GNUTLS_KEY_DIGITAL_SIGNATURE, "digitalSignature" },
    { GNUTLS_KEY_NON_REPUDIATION, "nonRepudiation" },
    { GNUTLS_KEY_KEY_ENCIPHERMENT, "keyEncipherment" },
    { GNUTLS_KEY_DATA_ENCIPHERMENT, "dataEncipherment" },
    { GNUTLS_KEY_KEY_AGREEMENT, "keyAgreement" },
    { GNUTLS_KEY_KEY_CERT_SIGN, "keyCertSign" },
    { GNUTLS_KEY_CRL_SIGN, "cRLSign" },
    { GNUTLS_KEY_ENCIPHER_ONLY, "encipherOnly" },
    { GNUTLS_KEY_DECIPHER_ONLY, "decipherOnly" },
  };
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  unsigned int usage = 0, critical;

  if (gnutls_x509_crt_get_key_usage (crt, &usage, &critical) < 0)
    usage = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bits); i++)
    if (usage & bits[i].bit)
      g_strv_builder_add (builder, bits[i].name);

  *non_repudiation = (usage & GNUTLS_KEY_NON_REPUDIATION) != 0;
  return g_strv_builder_end (builder);
}

static const char *
digest_display_name (gnutls_digest_algorithm_t digest)
{
  switch (digest)
    {
    case GNUTLS_DIG_SHA1: return "SHA-1";
    case GNUTLS_DIG_SHA224: return "SHA-224";
    case GNUTLS_DIG_SHA256: return "SHA-256";
    case GNUTLS_DIG_SHA384: return "SHA-384";
    case GNUTLS_DIG_SHA512: return "SHA-512";
    case GNUTLS_DIG_SHA3_256: return "SHA3-256";
    case GNUTLS_DIG_SHA3_384: return "SHA3-384";
    case GNUTLS_DIG_SHA3_512: return "SHA3-512";
    default: return gnutls_digest_get_name (digest);
    }
}

static char *
key_algorithm_name (gnutls_pk_algorithm_t algorithm)
{
  switch (algorithm)
    {
    case GNUTLS_PK_RSA: return g_strdup ("RSA");
    case GNUTLS_PK_RSA_PSS: return g_strdup ("RSA-PSS");
    case GNUTLS_PK_ECDSA: return g_strdup ("EC");
    case GNUTLS_PK_EDDSA_ED25519: return g_strdup ("Ed25519");
    case GNUTLS_PK_EDDSA_ED448: return g_strdup ("Ed448");
    case GNUTLS_PK_DSA: return g_strdup ("DSA");
    default: return g_strdup (gnutls_pk_get_name (algorithm));
    }
}

/* "RSASSA-PSS (SHA-256)" rather than GnuTLS's "RSA-PSS-SHA256": the form the CA's documents
 * and other certificate viewers use. */
static char *
signature_algorithm_name (gnutls_x509_crt_t crt)
{
  int sign = gnutls_x509_crt_get_signature_algorithm (crt);
  gnutls_pk_algorithm_t pk = gnutls_sign_get_pk_algorithm (sign);
  const char *digest = digest_display_name (gnutls_sign_get_hash_algorithm (sign));
  char oid[128];
  size_t oid_size = sizeof oid;

  if (sign > GNUTLS_SIGN_UNKNOWN && digest != NULL)
    {
      switch (pk)
        {
        case GNUTLS_PK_RSA_PSS: return g_strdup_printf ("RSASSA-PSS (%s)", digest);
        case GNUTLS_PK_RSA: return g_strdup_printf ("RSA PKCS#1 v1.5 (%s)", digest);
        case GNUTLS_PK_ECDSA: return g_strdup_printf ("ECDSA (%s)", digest);
        case GNUTLS_PK_DSA: return g_strdup_printf ("DSA (%s)", digest);
        default: break;
        }
    }

  if (pk == GNUTLS_PK_EDDSA_ED25519)
    return g_strdup ("Ed25519");
  if (pk == GNUTLS_PK_EDDSA_ED448)
    return g_strdup ("Ed448");
  if (sign > GNUTLS_SIGN_UNKNOWN && gnutls_sign_get_name (sign) != NULL)
    return g_strdup (gnutls_sign_get_name (sign));
  if (gnutls_x509_crt_get_signature_oid (crt, oid, &oid_size) >= 0)
    return g_strdup (oid);

  return g_strdup ("unknown");
}

/* The text of a "#<hex DER>" value when it is a string type, escaped as RFC 4514 wants. */
static char *
decode_hex_string_value (const char *hex,
                         gsize       length)
{
  g_autofree guint8 *der = NULL;
  gsize size = length / 2;
  GString *text;

  if (length % 2 != 0 || size < 2)
    return NULL;

  der = g_malloc (size);
  for (gsize i = 0; i < size; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return NULL;
      der[i] = (guint8) (high << 4 | low);
    }

  /* UTF8String or PrintableString, short definite length, nothing after it. */
  if ((der[0] != 0x0c && der[0] != 0x13) || der[1] >= 0x80 || (gsize) der[1] + 2 != size ||
      !g_utf8_validate ((const char *) der + 2, der[1], NULL))
    return NULL;

  text = g_string_new (NULL);
  for (gsize i = 2; i < size; i++)
    {
      char c = (char) der[i];

      if (strchr (",+\"\\<>;", c) != NULL || (i == 2 && (c == '#' || c == ' ')) || (i == size - 1 && c == ' '))
        g_string_append_c (text, '\\');
      g_string_append_c (text, c);
    }

  return g_string_free (text, FALSE);
}

/* GnuTLS prints attributes it has no name for as "OID=#<hex DER>"; OCES3 subjects carry
 * organizationIdentifier (2.5.4.97), which openssl and keytool show by name and as text. */
static char *
name_organization_identifier (const char *dn)
{
  static const char marker[] = "2.5.4.97=#";
  GString *named = g_string_new (NULL);
  const char *rest = dn;
  const char *at;

  while ((at = strstr (rest, marker)) != NULL)
    {
      const char *hex = at + strlen (marker);
      gsize hex_length = strspn (hex, "0123456789abcdefABCDEF");
      g_autofree char *text = NULL;

      /* Only a whole attribute: at the start or after a separator. */
      if (at == dn || at[-1] == ',' || at[-1] == '+')
        text = decode_hex_string_value (hex, hex_length);

      g_string_append_len (named, rest, at - rest);
      if (text != NULL)
        {
          g_string_append_printf (named, "organizationIdentifier=%s", text);
          rest = hex + hex_length;
        }
      else
        {
          g_string_append (named, marker);
          rest = hex;
        }
    }
  g_string_append (named, rest);

  return g_string_free (named, FALSE);
}

static char *
dn_string (int (*get) (gnutls_x509_crt_t, gnutls_datum_t *, unsigned),
           gnutls_x509_crt_t crt)
{
  g_auto (gnutls_datum_t) dn = { NULL, 0 };
  g_autofree char *text = NULL;

  if (get (crt, &dn, 0) < 0)
    return g_strdup ("");

  text = datum_to_string (&dn);
  return name_organization_identifier (text);
}

void
ok_facts_parse (OkCertificateFacts *facts,
                gnutls_x509_crt_t   crt,
                GBytes             *der)
{
  gnutls_x509_dn_t subject = NULL, issuer = NULL;
  g_auto (GStrv) issuer_units = NULL;
  g_autofree char *organization_identifier = NULL;
  g_autofree char *serial_number = NULL;
  g_autofree char *issuer_organisation = NULL;
  guint8 serial[64];
  size_t serial_size = sizeof serial;
  gboolean non_repudiation;
  unsigned int bits = 0;
  int pk;

  ok_facts_clear (facts);

  /* Both DN handles belong to crt and need no freeing. */
  gnutls_x509_crt_get_subject (crt, &subject);
  gnutls_x509_crt_get_issuer (crt, &issuer);

  facts->subject = dn_string (gnutls_x509_crt_get_dn3, crt);
  facts->issuer = dn_string (gnutls_x509_crt_get_issuer_dn3, crt);
  facts->subject_cn = dn_first_value (subject, OID_COMMON_NAME);
  facts->organisation = dn_first_value (subject, OID_ORGANISATION);
  facts->issuer_cn = dn_first_value (issuer, OID_COMMON_NAME);
  organization_identifier = dn_first_value (subject, OID_ORGANIZATION_ID);
  serial_number = dn_first_value (subject, OID_SERIAL_NUMBER);
  issuer_organisation = dn_first_value (issuer, OID_ORGANISATION);
  issuer_units = dn_values (issuer, OID_ORGANISATION_UNIT);

  facts->email = read_san_email (crt);
  if (facts->email == NULL)
    facts->email = dn_first_value (subject, OID_EMAIL_ADDRESS);

  facts->key_usage = read_key_usage (crt, &non_repudiation);
  facts->policies = read_policies (crt);
  read_aia (crt, &facts->aia_urls, &facts->ocsp_urls);
  facts->crl_urls = read_crl_urls (crt);

  facts->cvr = ok_oces_parse_cvr (organization_identifier, facts->organisation, serial_number);
  facts->uuid = ok_oces_parse_uuid (serial_number);
  facts->environment = ok_oces_detect_environment (issuer_organisation,
                                                   (const char *const *) issuer_units, facts->issuer_cn);
  facts->kind = ok_oces_detect_kind ((const char *const *) facts->policies, non_repudiation,
                                     facts->organisation, serial_number, issuer_organisation);

  /* The serial is shown byte for byte as encoded, so a leading zero byte stays visible
   * and the string matches what the CA's own records print. */
  if (gnutls_x509_crt_get_serial (crt, serial, &serial_size) >= 0)
    facts->serial = hex_string (serial, serial_size, FALSE);
  else
    facts->serial = g_strdup ("");

  facts->not_before = gnutls_x509_crt_get_activation_time (crt);
  facts->not_after = gnutls_x509_crt_get_expiration_time (crt);

  pk = gnutls_x509_crt_get_pk_algorithm (crt, &bits);
  facts->key_algorithm = key_algorithm_name (pk);
  facts->key_bits = bits;
  facts->signature_algorithm = signature_algorithm_name (crt);

  facts->sha1_fingerprint = ok_certificate_fingerprint (der, GNUTLS_DIG_SHA1);
  facts->sha256_fingerprint = ok_certificate_fingerprint (der, GNUTLS_DIG_SHA256);

  /* Self-issued (subject equals issuer); whether its signature holds is ok-chain's business. */
  facts->is_self_signed = gnutls_x509_crt_check_issuer (crt, crt) != 0;
}
