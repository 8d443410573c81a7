/* ok-endpoints.c — where each environment's CA is, and whom to trust there
 *
 * MitID Erhverv's issuance API is not public, so OCES Keeper ships no built-in address for
 * it: each environment's base URL (and optionally a CA file) is configured in the settings,
 * or for headless hosts and tests in OK_TEST_ENDPOINT / OK_PROD_ENDPOINT and
 * OK_TEST_CA_FILE / OK_PROD_CA_FILE, which win over the settings.
 *
 * Two kinds of trust are kept apart. The CA file is trusted only to reach the endpoint over
 * TLS (it may be a TLS-inspecting proxy's root). What the CA issues must chain to the pinned
 * OCES3 root of its environment; for Test only, the test roots file (`test-roots-file`,
 * OK_TEST_ROOTS) adds roots, e.g. the reference CA's. Prod has no such file.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-certificate.h"
#include "ok-endpoints.h"
#include "ok-mitid-issuer.h"
#include "ok-state.h"

G_DEFINE_QUARK (ok-endpoints-error-quark, ok_endpoints_error)

/**
 * ok_endpoints_dup_settings:
 *
 * Returns: (transfer full) (nullable): the app's settings, or %NULL where the schema is not
 *   installed (a headless host that only has the CLI)
 */
GSettings *
ok_endpoints_dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)))
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

guint
ok_endpoints_get_default_renewal_window (void)
{
  g_autoptr(GSettings) settings = ok_endpoints_dup_settings ();

  if (settings == NULL)
    return OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS;

  return MAX (1, g_settings_get_int (settings, "default-renewal-window-days"));
}

static char *
variable_name (OkEnvironment  environment,
               const char    *what)
{
  return g_strdup_printf ("OK_%s_%s", environment == OK_ENVIRONMENT_PROD ? "PROD" : "TEST",
                          g_str_equal (what, "endpoint") ? "ENDPOINT"
                          : g_str_equal (what, "ca-file") ? "CA_FILE" : "ROOTS");
}

static char *
setting_with_source (OkEnvironment     environment,
                     const char       *what,
                     OkEndpointSource *source)
{
  const char *prefix = environment == OK_ENVIRONMENT_PROD ? "prod" : "test";
  g_autofree char *variable = variable_name (environment, what);
  g_autofree char *key = g_strdup_printf ("%s-%s", prefix, what);
  g_autoptr(GSettings) settings = NULL;
  const char *value = g_getenv (variable);
  char *stored;

  *source = OK_ENDPOINT_SOURCE_NONE;
  if (value != NULL && *value != '\0')
    {
      *source = OK_ENDPOINT_SOURCE_ENVIRONMENT;
      return g_strdup (value);
    }

  if (!(settings = ok_endpoints_dup_settings ()))
    return NULL;

  stored = g_settings_get_string (settings, key);
  if (*stored == '\0')
    g_clear_pointer (&stored, g_free);
  else
    *source = OK_ENDPOINT_SOURCE_SETTING;

  return stored;
}

static char *
setting (OkEnvironment  environment,
         const char    *what)
{
  OkEndpointSource source;

  return setting_with_source (environment, what, &source);
}

/**
 * ok_endpoints_dup_address:
 * @source: (out): where the address comes from
 * @variable: (out) (optional) (transfer full): the environment variable that overrides the
 *   setting (named whether or not it is set, so the UI can say how to override)
 *
 * The issuance address in effect, as ok_endpoints_lookup() finds it, and where it comes from:
 * Preferences shows it, because an environment override wins over what its field says.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL when none is set (none is built in)
 */
char *
ok_endpoints_dup_address (OkEnvironment     environment,
                          OkEndpointSource *source,
                          char            **variable)
{
  g_return_val_if_fail (source != NULL, NULL);

  if (variable != NULL)
    *variable = variable_name (environment, "endpoint");

  return setting_with_source (environment, "endpoint", source);
}

/**
 * ok_endpoints_lookup:
 * @ca_file: (out) (optional) (nullable): a PEM file of CAs to trust for this environment
 */
gboolean
ok_endpoints_lookup (OkEnvironment   environment,
                     char          **base_url,
                     char          **ca_file,
                     GError        **error)
{
  g_autofree char *url = NULL;

  if (environment != OK_ENVIRONMENT_TEST && environment != OK_ENVIRONMENT_PROD)
    {
      g_set_error_literal (error, OK_ENDPOINTS_ERROR, OK_ENDPOINTS_ERROR_NOT_CONFIGURED,
                           _("Choose the Test or the Prod environment."));
      return FALSE;
    }

  url = setting (environment, "endpoint");
  if (url == NULL)
    {
      g_set_error (error, OK_ENDPOINTS_ERROR, OK_ENDPOINTS_ERROR_NOT_CONFIGURED,
                   _("No issuance address is set for the %s environment. MitID Erhverv's issuance API is not public, so OCES Keeper has none built in: set the address in Preferences → Advanced."),
                   ok_environment_get_display_name (environment));
      return FALSE;
    }

  *base_url = g_steal_pointer (&url);
  if (ca_file != NULL)
    *ca_file = setting (environment, "ca-file");

  return TRUE;
}

/* The Test environment's extra roots for issued certificates; none for Prod. */
static GPtrArray *
read_test_roots (OkEnvironment   environment,
                 GError        **error)
{
  g_autofree char *file = environment == OK_ENVIRONMENT_TEST ? setting (environment, "roots-file") : NULL;
  g_autofree char *pem = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *roots;
  gsize length = 0;

  if (file == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);

  if (!g_file_get_contents (file, &pem, &length, &local_error) ||
      !(roots = ok_certificate_list_from_pem (pem, length, &local_error)))
    {
      g_set_error (error, OK_ENDPOINTS_ERROR, OK_ENDPOINTS_ERROR_BAD_CA_FILE,
                   _("The test roots file “%s” cannot be used: %s"), file, local_error->message);
      return NULL;
    }

  return roots;
}

/**
 * ok_endpoints_make_issuer:
 * @anchors: (out) (transfer full) (element-type OkCertificate): roots trusted for the
 *   certificates issued in @environment besides its pinned OCES3 root: the test roots for
 *   Test, none for Prod. The CA file is never among them: it is trusted for TLS only.
 */
OkIssuer *
ok_endpoints_make_issuer (OkEnvironment   environment,
                          GPtrArray     **anchors,
                          GError        **error)
{
  g_autofree char *base_url = NULL;
  g_autofree char *ca_file = NULL;
  g_autoptr(GPtrArray) trusted = NULL;
  OkMitidIssuer *issuer;

  if (!ok_endpoints_lookup (environment, &base_url, &ca_file, error))
    return NULL;

  if (!(trusted = read_test_roots (environment, error)))
    return NULL;

  issuer = ok_mitid_issuer_new (base_url, ca_file, error);
  if (issuer == NULL)
    return NULL;

  /* For tests of slow CAs, and for links so slow that two minutes are not enough. */
  {
    const char *deadline = g_getenv ("OK_CA_DEADLINE_SECONDS");
    guint64 seconds;

    if (deadline != NULL && g_ascii_string_to_unsigned (deadline, 10, 1, 24 * 60 * 60, &seconds, NULL))
      ok_mitid_issuer_set_deadline (issuer, (guint) seconds);
  }

  if (anchors != NULL)
    *anchors = g_steal_pointer (&trusted);

  return OK_ISSUER (issuer);
}
