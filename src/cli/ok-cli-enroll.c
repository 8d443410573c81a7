/* ok-cli-enroll.c — issue and renew
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ok-cli-commands.h"
#include "ok-cli-util.h"
#include "ok-endpoints.h"
#include "ok-enrollment.h"
#include "ok-issuance-link.h"
#include "ok-state.h"
#include "ok-text.h"

static void
print_step (OkEnrollment *enrollment,
            GParamSpec   *pspec,
            gpointer      user_data)
{
  OkEnrollmentStep step = ok_enrollment_get_step (enrollment);

  if (step != OK_ENROLLMENT_STEP_IDLE && step != OK_ENROLLMENT_STEP_DONE)
    g_printerr ("%s\n", ok_enrollment_step_get_description (step));
}

/* The error, and what to do about it when the CA told us why. */
static int
report_failure (const GError *error)
{
  const char *guidance = error->domain == OK_ISSUER_ERROR ? ok_issuer_error_get_guidance (error) : NULL;

  g_printerr (_("Error: %s\n"), error->message);
  if (guidance != NULL && *guidance != '\0')
    g_printerr ("\n%s\n", guidance);

  if (g_error_matches (error, OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_EXPIRED) ||
      g_error_matches (error, OK_ISSUER_ERROR, OK_ISSUER_ERROR_CERTIFICATE_EXPIRED))
    return OK_CLI_EXIT_EXPIRED;

  return OK_CLI_EXIT_RENEWAL_FAILED;
}

static OkEnrollment *
make_enrollment (OkStore        *store,
                 OkEnvironment   environment,
                 GError        **error)
{
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(OkIssuer) issuer = ok_endpoints_make_issuer (environment, &anchors, error);
  OkEnrollment *enrollment;

  if (issuer == NULL)
    return NULL;

  enrollment = ok_enrollment_new (store, issuer);
  ok_enrollment_set_trust_anchors (enrollment, anchors);
  g_signal_connect (enrollment, "notify::step", G_CALLBACK (print_step), NULL);

  return enrollment;
}

int
ok_cli_issue (int    argc,
              char **argv)
{
  g_autofree char *environment = NULL;
  g_autofree char *reference_text = NULL;
  g_autofree char *name = NULL;
  gboolean retry = FALSE;
  GOptionEntry entries[] = {
    { "environment", 0, 0, G_OPTION_ARG_STRING, &environment, N_("test or prod"), N_("ENV") },
    { "reference", 0, 0, G_OPTION_ARG_STRING, &reference_text, N_("The reference number, or the issuance link from the e-mail"), N_("REF-OR-LINK") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The name to show for the certificate"), N_("NAME") },
    { "retry", 0, 0, G_OPTION_ARG_NONE, &retry, N_("Retry with the one-time code kept from the last attempt"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— issue a certificate from a one-time code and reference number"));
  g_autoptr(OkStore) store = NULL;
  g_autoptr(OkEnrollment) enrollment = NULL;
  g_autoptr(OkCertificate) issued = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  char *code = NULL;
  OkEnvironment env = OK_ENVIRONMENT_UNKNOWN;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("The one-time code is read from the terminal, or from the first line of standard input. It is kept in the keyring until the certificate is issued, so a failed attempt can be repeated with --retry."));
  if (!ok_cli_parse (context, &argc, &argv, &error))
    return ok_cli_usage_error (context, error->message);
  if (argc != 1)
    return ok_cli_usage_error (context, _("“issue” takes options only."));
  if (environment == NULL || !ok_environment_from_string (environment, &env) || env == OK_ENVIRONMENT_UNKNOWN)
    return ok_cli_usage_error (context, _("Choose --environment test or prod."));
  if (reference_text == NULL)
    return ok_cli_usage_error (context, _("Give the reference number or issuance link with --reference."));
  if (!ok_text_check_name (name, &error))
    return ok_cli_usage_error (context, error->message);

  reference = ok_issuance_link_parse_reference (reference_text, &error);
  if (reference == NULL)
    return ok_cli_fail (error);

  if (!(store = ok_cli_open_store (&error)) ||
      !(enrollment = make_enrollment (store, env, &error)))
    return ok_cli_fail (error);
  ok_cli_sweep_secrets (store);

  if (!retry && !(code = ok_cli_read_secret (_("One-time code: "), FALSE, &error)))
    return ok_cli_fail (error);

  ok_enrollment_issue_async (enrollment, env, reference, code, name, NULL, ok_cli_async_ready, &result);
  if (code != NULL)
    {
      explicit_bzero (code, strlen (code));
      g_free (code);
    }
  issued = ok_enrollment_issue_finish (enrollment, ok_cli_wait (&result), &error);
  if (issued == NULL)
    return report_failure (error);

  ok_cli_print_certificate (issued);
  return OK_CLI_EXIT_OK;
}

int
ok_cli_renew (int    argc,
              char **argv)
{
  gboolean due = FALSE;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "due", 0, 0, G_OPTION_ARG_NONE, &due, N_("Instead of one certificate, renew every one inside its renewal window (for timers; see docs/automation.md)"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("With --due: only show what would be renewed"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — renew a certificate now, with a new key"));
  g_autoptr(OkStore) store = NULL;
  g_autoptr(OkEnrollment) enrollment = NULL;
  g_autoptr(OkCertificate) renewed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OkCertificate *certificate;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ok_cli_parse (context, &argc, &argv, &error))
    return ok_cli_usage_error (context, error->message);
  if (due && argc != 1)
    return ok_cli_usage_error (context, _("--due renews every certificate that is due; name none."));
  if (due)
    return ok_cli_renew_due (dry_run);
  if (dry_run)
    return ok_cli_usage_error (context, _("--dry-run only applies to --due."));
  if (argc != 2)
    return ok_cli_usage_error (context, _("Name exactly one certificate id."));

  if (!(store = ok_cli_open_store (&error)) ||
      !(certificate = ok_store_lookup (store, argv[1], &error)))
    return ok_cli_fail (error);

  /* Before looking for a CA: an expired certificate (maybe of no known environment) has only
   * one answer, and its exit code says so. */
  if (ok_certificate_get_not_after (certificate) <= g_get_real_time () / G_USEC_PER_SEC)
    {
      g_autoptr(GError) expired = g_error_new_literal (OK_ENROLLMENT_ERROR, OK_ENROLLMENT_ERROR_EXPIRED,
                                                       _("This certificate has expired, and an expired certificate cannot be renewed. Order a new certificate in the MitID Erhverv portal and issue it here."));
      return report_failure (expired);
    }

  /* Never into the OCES3 renewal flow, whatever the environment says. */
  if (ok_state_get_renewal_refusal (certificate) != NULL)
    {
      g_printerr (_("Error: %s\n"), ok_state_get_renewal_refusal (certificate));
      /* A revoked certificate, like an expired one, can only be replaced by a new one. */
      return ok_state_is_revoked (certificate) ? OK_CLI_EXIT_EXPIRED : OK_CLI_EXIT_RENEWAL_FAILED;
    }

  if (!(enrollment = make_enrollment (store, ok_certificate_get_environment (certificate), &error)))
    return ok_cli_fail (error);
  ok_cli_sweep_secrets (store);

  ok_enrollment_renew_async (enrollment, certificate, NULL, ok_cli_async_ready, &result);
  renewed = ok_enrollment_renew_finish (enrollment, ok_cli_wait (&result), &error);
  if (renewed == NULL)
    return report_failure (error);

  ok_cli_print_certificate (renewed);
  return OK_CLI_EXIT_OK;
}
