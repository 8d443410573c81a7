/* ok-oces.c — the OCES3/OCES2 naming rules: CVR, UUID, environment and certificate kind
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ok-oces.h"

#define OCES3_ISSUER_ORGANISATION "Den Danske Stat"
#define OCES3_TEST_UNIT           "Test - cti"
#define OCES2_ISSUER_ORGANISATION "TRUST2408"

static const GEnumValue environment_values[] = {
  { OK_ENVIRONMENT_UNKNOWN, "OK_ENVIRONMENT_UNKNOWN", "unknown" },
  { OK_ENVIRONMENT_TEST, "OK_ENVIRONMENT_TEST", "test" },
  { OK_ENVIRONMENT_PROD, "OK_ENVIRONMENT_PROD", "prod" },
  { 0, NULL, NULL },
};

static const GEnumValue kind_values[] = {
  { OK_CERTIFICATE_KIND_OTHER, "OK_CERTIFICATE_KIND_OTHER", "other" },
  { OK_CERTIFICATE_KIND_ORGANISATION, "OK_CERTIFICATE_KIND_ORGANISATION", "organisation" },
  { OK_CERTIFICATE_KIND_SYSTEM, "OK_CERTIFICATE_KIND_SYSTEM", "system" },
  { OK_CERTIFICATE_KIND_EMPLOYEE, "OK_CERTIFICATE_KIND_EMPLOYEE", "employee" },
  { OK_CERTIFICATE_KIND_OCES2, "OK_CERTIFICATE_KIND_OCES2", "oces2" },
  { 0, NULL, NULL },
};

/* The GEnumValue nicks double as the stable string ids written to disk and JSON. */
static const char *
enum_value_to_nick (const GEnumValue *values,
                    int               value)
{
  for (guint i = 0; values[i].value_nick != NULL; i++)
    if (values[i].value == value)
      return values[i].value_nick;

  return NULL;
}

static gboolean
enum_value_from_nick (const GEnumValue *values,
                      const char       *nick,
                      int              *value)
{
  if (nick == NULL)
    return FALSE;

  for (guint i = 0; values[i].value_nick != NULL; i++)
    {
      if (g_str_equal (values[i].value_nick, nick))
        {
          *value = values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

GType
ok_environment_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("OkEnvironment", environment_values));

  return type_id;
}

const char *
ok_environment_to_string (OkEnvironment environment)
{
  const char *nick = enum_value_to_nick (environment_values, environment);

  return nick != NULL ? nick : "unknown";
}

gboolean
ok_environment_from_string (const char    *string,
                            OkEnvironment *environment)
{
  int value;

  g_return_val_if_fail (environment != NULL, FALSE);

  if (!enum_value_from_nick (environment_values, string, &value))
    return FALSE;

  *environment = value;
  return TRUE;
}

const char *
ok_environment_get_display_name (OkEnvironment environment)
{
  switch (environment)
    {
    case OK_ENVIRONMENT_TEST:
      /* Translators: the OCES test environment of the Danish state CA */
      return C_("environment", "Test");
    case OK_ENVIRONMENT_PROD:
      /* Translators: the OCES production environment of the Danish state CA */
      return C_("environment", "Production");
    case OK_ENVIRONMENT_UNKNOWN:
    default:
      /* Translators: the CA environment a certificate belongs to is not known */
      return C_("environment", "Unknown");
    }
}

GType
ok_certificate_kind_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("OkCertificateKind", kind_values));

  return type_id;
}

const char *
ok_certificate_kind_to_string (OkCertificateKind kind)
{
  const char *nick = enum_value_to_nick (kind_values, kind);

  return nick != NULL ? nick : "other";
}

gboolean
ok_certificate_kind_from_string (const char        *string,
                                 OkCertificateKind *kind)
{
  int value;

  g_return_val_if_fail (kind != NULL, FALSE);

  if (!enum_value_from_nick (kind_values, string, &value))
    return FALSE;

  *kind = value;
  return TRUE;
}

const char *
ok_certificate_kind_get_display_name (OkCertificateKind kind)
{
  switch (kind)
    {
    case OK_CERTIFICATE_KIND_ORGANISATION:
      return _("Organisation certificate");
    case OK_CERTIFICATE_KIND_SYSTEM:
      return _("System certificate");
    case OK_CERTIFICATE_KIND_EMPLOYEE:
      return _("Employee certificate");
    case OK_CERTIFICATE_KIND_OCES2:
      return _("OCES2 certificate");
    case OK_CERTIFICATE_KIND_OTHER:
    default:
      return _("Other certificate");
    }
}

static gboolean
is_cvr (const char *text)
{
  if (text == NULL || strlen (text) != 8)
    return FALSE;

  for (guint i = 0; i < 8; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

/* Reads the eight digits that follow prefix in text (at its start when anchored, anywhere
 * otherwise) and insists the CVR ends there or at a separator, so "CVR:123456789" is refused. */
static char *
cvr_after (const char *text,
           const char *prefix,
           gboolean    anchored)
{
  const char *start;
  g_autofree char *digits = NULL;

  if (text == NULL)
    return NULL;

  start = anchored ? (g_str_has_prefix (text, prefix) ? text : NULL) : strstr (text, prefix);
  if (start == NULL)
    return NULL;

  start += strlen (prefix);
  digits = g_strndup (start, 8);
  if (!is_cvr (digits) || g_ascii_isalnum (start[8]))
    return NULL;

  return g_steal_pointer (&digits);
}

/* The OCES3 form comes first: organizationIdentifier "NTRDK-<cvr>" (ETSI EN 319 412-1, legal
 * person semantics). OCES2 had no such attribute and put the CVR into O ("Name // CVR:<cvr>")
 * and into serialNumber ("CVR:<cvr>-UID:…"). */
char *
ok_oces_parse_cvr (const char *organization_identifier,
                   const char *organisation,
                   const char *serial_number)
{
  char *cvr;

  if ((cvr = cvr_after (organization_identifier, "NTRDK-", TRUE)) != NULL)
    return cvr;
  if ((cvr = cvr_after (organisation, "// CVR:", FALSE)) != NULL)
    return cvr;
  if ((cvr = cvr_after (serial_number, "CVR:", TRUE)) != NULL)
    return cvr;

  return NULL;
}

/* serialNumber "UI:DK-O:G:<uuid>" for organisation and system certificates, "UI:DK-E:G:" or
 * "UI:DK-E:C:" for employees. The UUID is returned in lower case, the form MitID Erhverv uses. */
char *
ok_oces_parse_uuid (const char *serial_number)
{
  static const char *const prefixes[] = { "UI:DK-O:G:", "UI:DK-E:G:", "UI:DK-E:C:" };

  if (serial_number == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      const char *uuid;

      if (!g_str_has_prefix (serial_number, prefixes[i]))
        continue;

      uuid = serial_number + strlen (prefixes[i]);
      if (g_uuid_string_is_valid (uuid))
        return g_ascii_strdown (uuid, -1);
    }

  return NULL;
}

/* OCES3 marks Test with an OU in the issuer. OCES2's CA (TRUST2408) named its test CAs
 * "TRUST2408 Systemtest <n> CA" and its production ones "TRUST2408 OCES CA <n>". */
OkEnvironment
ok_oces_detect_environment (const char        *issuer_organisation,
                            const char *const *issuer_units,
                            const char        *issuer_common_name)
{
  if (issuer_units != NULL && g_strv_contains (issuer_units, OCES3_TEST_UNIT))
    return OK_ENVIRONMENT_TEST;

  if (g_strcmp0 (issuer_organisation, OCES3_ISSUER_ORGANISATION) == 0)
    return OK_ENVIRONMENT_PROD;

  if (g_strcmp0 (issuer_organisation, OCES2_ISSUER_ORGANISATION) == 0 && issuer_common_name != NULL)
    {
      if (g_str_has_prefix (issuer_common_name, OCES2_ISSUER_ORGANISATION " Systemtest "))
        return OK_ENVIRONMENT_TEST;
      if (g_str_has_prefix (issuer_common_name, OCES2_ISSUER_ORGANISATION " OCES "))
        return OK_ENVIRONMENT_PROD;
    }

  return OK_ENVIRONMENT_UNKNOWN;
}

/* A policy matches its OID and any OID below it: newer OCES3 certificates carry
 * 1.2.208.169.1.1.1.3.7.1 where older ones had 1.2.208.169.1.1.1.3.7. */
static gboolean
policy_is_under (const char *policy,
                 const char *arc)
{
  gsize arc_length = strlen (arc);

  return strncmp (policy, arc, arc_length) == 0
         && (policy[arc_length] == '\0' || policy[arc_length] == '.');
}

OkCertificateKind
ok_oces_detect_kind (const char *const *policies,
                     gboolean           non_repudiation,
                     const char        *organisation,
                     const char        *serial_number,
                     const char        *issuer_organisation)
{
  gboolean oces2_policy = FALSE;

  for (guint i = 0; policies != NULL && policies[i] != NULL; i++)
    {
      /* Organisation and system certificates share the policy; only the organisation
       * certificate may sign with legal effect, hence the nonRepudiation bit. */
      if (policy_is_under (policies[i], OK_OCES_POLICY_ORGANISATION))
        return non_repudiation ? OK_CERTIFICATE_KIND_ORGANISATION : OK_CERTIFICATE_KIND_SYSTEM;

      if (policy_is_under (policies[i], OK_OCES_POLICY_EMPLOYEE))
        return OK_CERTIFICATE_KIND_EMPLOYEE;

      if (policy_is_under (policies[i], OK_OCES_POLICY_ARC))
        oces2_policy = TRUE;
    }

  if (oces2_policy
      || (organisation != NULL && strstr (organisation, "// CVR:") != NULL)
      || (serial_number != NULL && g_str_has_prefix (serial_number, "CVR:"))
      || g_strcmp0 (issuer_organisation, OCES2_ISSUER_ORGANISATION) == 0)
    return OK_CERTIFICATE_KIND_OCES2;

  return OK_CERTIFICATE_KIND_OTHER;
}
