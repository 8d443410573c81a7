/* ok-cli-renew-due.c — renew --due: every certificate inside its renewal window, for timers
 * and cron on hosts without a desktop
 *
 * Exit codes (docs/automation.md): 0 nothing to do or all renewed; 3 a renewal failed;
 * 4 a certificate has expired (wins over 3: it is already an outage); 5 all renewals
 * succeeded but a deploy action failed.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-cli-commands.h"
#include "ok-cli-util.h"
#include "ok-deploy.h"
#include "ok-endpoints.h"
#include "ok-enrollment.h"
#include "ok-state.h"

typedef struct
{
  guint renewed;
  guint failed;
  guint expired;
  guint not_due;
  guint manual;
  guint deploy_failed;
} Tally;

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);

  return utc != NULL ? g_date_time_format (utc, "%Y-%m-%d") : g_strdup ("?");
}

static void
print_line (const char    *status,
            OkCertificate *certificate,
            const char    *detail)
{
  g_print ("%-9s %s  %s  %s\n", status, ok_certificate_get_id (certificate),
           ok_certificate_get_name (certificate), detail);
}

/* One issuer per environment: its TLS session and trust anchors are shared by the renewals. */
static OkEnrollment *
enrollment_for (GHashTable     *enrollments,
                OkStore        *store,
                OkEnvironment   environment,
                GError        **error)
{
  OkEnrollment *enrollment = g_hash_table_lookup (enrollments, GINT_TO_POINTER (environment));
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(OkIssuer) issuer = NULL;

  if (enrollment != NULL)
    return enrollment;

  issuer = ok_endpoints_make_issuer (environment, &anchors, error);
  if (issuer == NULL)
    return NULL;

  enrollment = ok_enrollment_new (store, issuer);
  ok_enrollment_set_trust_anchors (enrollment, anchors);
  g_hash_table_insert (enrollments, GINT_TO_POINTER (environment), enrollment);
  return enrollment;
}

static void
renew_one (OkStore       *store,
           GHashTable    *enrollments,
           OkCertificate *certificate,
           Tally         *tally)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OkCertificate) renewed = NULL;
  g_autoptr(OkEvent) deploy_failure = NULL;
  g_autofree char *until = NULL;
  g_autofree char *detail = NULL;
  OkEnrollment *enrollment;

  enrollment = enrollment_for (enrollments, store, ok_certificate_get_environment (certificate), &error);
  if (enrollment != NULL)
    {
      ok_enrollment_renew_async (enrollment, certificate, NULL, ok_cli_async_ready, &result);
      renewed = ok_enrollment_renew_finish (enrollment, ok_cli_wait (&result), &error);
    }

  if (renewed == NULL)
    {
      tally->failed++;
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (C_("renew-due", "failed"), certificate, error->message);
      return;
    }

  tally->renewed++;
  until = format_date (ok_certificate_get_not_after (renewed));
  /* Translators: %s is a date */
  detail = g_strdup_printf (_("valid until %s"), until);
  /* Translators: a status column of "renew --due"; keep it at most 9 characters */
  print_line (C_("renew-due", "renewed"), renewed, detail);

  /* The renewal ran the deploy actions; only a run that just happened is judged. */
  if (ok_certificate_get_deploy_actions (renewed)->len > 0 &&
      (deploy_failure = ok_deploy_dup_last_failure (renewed)) != NULL)
    {
      tally->deploy_failed++;
      g_printerr ("%s: %s\n", ok_certificate_get_id (renewed), ok_event_get_message (deploy_failure));
    }
}

/* Due means: we hold the key, automatic renewal is on, and the window has opened. Backoff
 * after failures is the monitor's business; a daily timer simply tries again. */
static void
consider (OkStore       *store,
          GHashTable    *enrollments,
          OkCertificate *certificate,
          gboolean       dry_run,
          gint64         now,
          guint          window,
          Tally         *tally)
{
  gint64 start = ok_state_get_renewal_start (certificate, window);
  g_autofree char *date = NULL;
  g_autofree char *detail = NULL;

  if (now >= ok_certificate_get_not_after (certificate))
    {
      tally->expired++;
      date = format_date (ok_certificate_get_not_after (certificate));
      /* Translators: %s is a date */
      detail = g_strdup_printf (_("expired on %s; order a new certificate in the MitID Erhverv portal"), date);
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (C_("renew-due", "expired"), certificate, detail);
      return;
    }

  if (ok_state_get_renewal_refusal (certificate) != NULL)
    {
      tally->manual++;
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (C_("renew-due", "manual"), certificate,
                  ok_state_is_revoked (certificate)
                    ? _("revoked by the CA; order a new certificate in the MitID Erhverv portal")
                    : _("an OCES2 certificate cannot be renewed; replace it with an OCES3 certificate"));
      return;
    }

  if (now < start)
    {
      tally->not_due++;
      date = format_date (start);
      /* Translators: %s is a date */
      detail = g_strdup_printf (_("renewal window opens %s"), date);
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (C_("renew-due", "not due"), certificate, detail);
      return;
    }

  if (!ok_certificate_get_has_private_key (certificate) || !ok_certificate_get_auto_renew (certificate))
    {
      tally->manual++;
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (C_("renew-due", "manual"), certificate,
                  ok_certificate_get_has_private_key (certificate)
                    ? _("inside its renewal window, but automatic renewal is off")
                    : _("inside its renewal window, but OCES Keeper does not hold its key"));
      return;
    }

  if (dry_run)
    {
      g_auto(GStrv) steps = ok_deploy_describe (certificate);

      tally->renewed++;
      date = format_date (ok_certificate_get_not_after (certificate));
      /* Translators: %s is a date */
      detail = g_strdup_printf (_("would be renewed (expires %s)"), date);
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (C_("renew-due", "due"), certificate, detail);
      for (guint i = 0; steps[i] != NULL; i++)
        /* Translators: %s is one deploy step, e.g. "export p12 to /etc/app/oces.p12" */
        g_print (_("          then %s\n"), steps[i]);
      return;
    }

  renew_one (store, enrollments, certificate, tally);
}

int
ok_cli_renew_due (gboolean dry_run)
{
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) enrollments = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = now_seconds ();
  guint window = ok_endpoints_get_default_renewal_window ();
  Tally tally = { 0 };

  if (!(store = ok_cli_open_store (&error)))
    return ok_cli_fail (error);
  ok_cli_sweep_secrets (store);

  /* A snapshot: renewing replaces items of the store while we walk it. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    g_ptr_array_add (certificates, g_list_model_get_item (G_LIST_MODEL (store), i));

  if (dry_run)
    g_print ("%s\n", _("Dry run: nothing is renewed, written or run."));

  for (guint i = 0; i < certificates->len; i++)
    consider (store, enrollments, g_ptr_array_index (certificates, i), dry_run, now, window, &tally);

  g_print ("\n");
  if (dry_run)
    /* Translators: a summary; every %u is a number of certificates */
    g_print (_("Would renew %u; expired %u, not due %u, need a person %u.\n"),
             tally.renewed, tally.expired, tally.not_due, tally.manual);
  else
    /* Translators: a summary; every %u is a number of certificates */
    g_print (_("Renewed %u, failed %u, expired %u, not due %u, need a person %u.\n"),
             tally.renewed, tally.failed, tally.expired, tally.not_due, tally.manual);

  if (tally.expired > 0)
    return OK_CLI_EXIT_EXPIRED;
  if (tally.failed > 0)
    return OK_CLI_EXIT_RENEWAL_FAILED;
  if (tally.deploy_failed > 0)
    return OK_CLI_EXIT_DEPLOY_FAILED;
  return OK_CLI_EXIT_OK;
}
