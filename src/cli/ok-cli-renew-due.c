/* ok-cli-renew-due.c — renew --due: every certificate inside its renewal window, for timers
 * and cron on hosts without a desktop
 *
 * Several renewals run at once, up to the number of processors ($OK_RENEW_JOBS overrides it):
 * most of a renewal is making its RSA key, which runs in GTask's thread pool, so the machine's
 * cores work side by side while the CA exchanges of the others wait on the network. The lines
 * are printed in the store's order all the same, each once its renewal has ended.
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

/* One certificate's lines, held back until those before it are printed. */
typedef struct
{
  OkCertificate *certificate;
  GString       *out;
  GString       *err;
  gboolean       done;
} Slot;

typedef struct
{
  OkStore    *store;
  GHashTable *enrollments;   /* OkEnvironment → OkEnrollment */
  GPtrArray  *slots;         /* Slot, in the store's order */
  GQueue      due;           /* Slot, waiting to be renewed */
  guint       next_to_print;
  guint       running;
  guint       max_running;
  Tally       tally;
} Run;

static void
slot_free (Slot *slot)
{
  g_clear_object (&slot->certificate);
  g_string_free (slot->out, TRUE);
  g_string_free (slot->err, TRUE);
  g_free (slot);
}

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
print_line (Slot          *slot,
            const char    *status,
            OkCertificate *certificate,
            const char    *detail)
{
  g_string_append_printf (slot->out, "%-9s %s  %s  %s\n", status, ok_certificate_get_id (certificate),
                          ok_certificate_get_name (certificate), detail);
}

static void
print_ready (Run *run)
{
  while (run->next_to_print < run->slots->len)
    {
      Slot *slot = g_ptr_array_index (run->slots, run->next_to_print);

      if (!slot->done)
        return;
      g_print ("%s", slot->out->str);
      if (slot->err->len > 0)
        g_printerr ("%s", slot->err->str);
      run->next_to_print++;
    }
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

static void start_renewals (Run *run);

static void
renewal_ended (Run            *run,
               Slot           *slot,
               OkCertificate  *renewed,
               const GError   *error)
{
  g_autoptr(OkEvent) deploy_failure = NULL;
  g_autofree char *until = NULL;
  g_autofree char *detail = NULL;

  if (renewed == NULL)
    {
      run->tally.failed++;
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (slot, C_("renew-due", "failed"), slot->certificate, error->message);
    }
  else
    {
      run->tally.renewed++;
      until = format_date (ok_certificate_get_not_after (renewed));
      /* Translators: %s is a date */
      detail = g_strdup_printf (_("valid until %s"), until);
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (slot, C_("renew-due", "renewed"), renewed, detail);

      /* The renewal ran the deploy actions; only a run that just happened is judged. */
      if (ok_certificate_get_deploy_actions (renewed)->len > 0 &&
          (deploy_failure = ok_deploy_dup_last_failure (renewed)) != NULL)
        {
          run->tally.deploy_failed++;
          g_string_append_printf (slot->err, "%s: %s\n", ok_certificate_get_id (renewed),
                                  ok_event_get_message (deploy_failure));
        }
    }

  slot->done = TRUE;
  print_ready (run);
}

typedef struct
{
  Run  *run;
  Slot *slot;
} Renewal;

static void
renewed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autofree Renewal *renewal = user_data;
  g_autoptr(OkCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  certificate = ok_enrollment_renew_finish (OK_ENROLLMENT (object), result, &error);
  renewal->run->running--;
  renewal_ended (renewal->run, renewal->slot, certificate, error);
  start_renewals (renewal->run);
}

static void
start_renewals (Run *run)
{
  while (run->running < run->max_running && !g_queue_is_empty (&run->due))
    {
      Slot *slot = g_queue_pop_head (&run->due);
      g_autoptr(GError) error = NULL;
      OkEnrollment *enrollment;
      Renewal *renewal;

      enrollment = enrollment_for (run->enrollments, run->store,
                                   ok_certificate_get_environment (slot->certificate), &error);
      if (enrollment == NULL)
        {
          renewal_ended (run, slot, NULL, error);
          continue;
        }

      renewal = g_new0 (Renewal, 1);
      renewal->run = run;
      renewal->slot = slot;
      run->running++;
      ok_enrollment_renew_async (enrollment, slot->certificate, NULL, renewed, renewal);
    }
}

/* Due means: we hold the key, automatic renewal is on, and the window has opened. Backoff
 * after failures is the monitor's business; a daily timer simply tries again. */
static void
consider (Run      *run,
          Slot     *slot,
          gboolean  dry_run,
          gint64    now,
          guint     window)
{
  OkCertificate *certificate = slot->certificate;
  gint64 start = ok_state_get_renewal_start (certificate, window);
  g_autofree char *date = NULL;
  g_autofree char *detail = NULL;

  slot->done = TRUE;

  if (now >= ok_certificate_get_not_after (certificate))
    {
      run->tally.expired++;
      date = format_date (ok_certificate_get_not_after (certificate));
      /* Translators: %s is a date */
      detail = g_strdup_printf (_("expired on %s; order a new certificate in the MitID Erhverv portal"), date);
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (slot, C_("renew-due", "expired"), certificate, detail);
      return;
    }

  if (ok_state_get_renewal_refusal (certificate) != NULL)
    {
      run->tally.manual++;
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (slot, C_("renew-due", "manual"), certificate,
                  ok_state_is_revoked (certificate)
                    ? _("revoked by the CA; order a new certificate in the MitID Erhverv portal")
                    : _("an OCES2 certificate cannot be renewed; replace it with an OCES3 certificate"));
      return;
    }

  if (now < start)
    {
      run->tally.not_due++;
      date = format_date (start);
      /* Translators: %s is a date */
      detail = g_strdup_printf (_("renewal window opens %s"), date);
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (slot, C_("renew-due", "not due"), certificate, detail);
      return;
    }

  if (!ok_certificate_get_has_private_key (certificate) || !ok_certificate_get_auto_renew (certificate))
    {
      run->tally.manual++;
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (slot, C_("renew-due", "manual"), certificate,
                  ok_certificate_get_has_private_key (certificate)
                    ? _("inside its renewal window, but automatic renewal is off")
                    : _("inside its renewal window, but OCES Keeper does not hold its key"));
      return;
    }

  if (dry_run)
    {
      g_auto(GStrv) steps = ok_deploy_describe (certificate);

      run->tally.renewed++;
      date = format_date (ok_certificate_get_not_after (certificate));
      /* Translators: %s is a date */
      detail = g_strdup_printf (_("would be renewed (expires %s)"), date);
      /* Translators: a status column of "renew --due"; keep it at most 9 characters */
      print_line (slot, C_("renew-due", "due"), certificate, detail);
      for (guint i = 0; steps[i] != NULL; i++)
        /* Translators: %s is one deploy step, e.g. "export p12 to /etc/app/oces.p12" */
        g_string_append_printf (slot->out, _("          then %s\n"), steps[i]);
      return;
    }

  slot->done = FALSE;
  g_queue_push_tail (&run->due, slot);
}

static guint
max_renewals_at_once (void)
{
  const char *jobs = g_getenv ("OK_RENEW_JOBS");
  guint64 value;

  if (jobs != NULL && g_ascii_string_to_unsigned (jobs, 10, 1, 256, &value, NULL))
    return (guint) value;
  return MAX (1, g_get_num_processors ());
}

int
ok_cli_renew_due (gboolean dry_run)
{
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) enrollments = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) slot_free);
  gint64 now = now_seconds ();
  guint window = ok_endpoints_get_default_renewal_window ();
  Run run = { 0 };

  if (!(store = ok_cli_open_store (&error)))
    return ok_cli_fail (error);
  ok_cli_sweep_secrets (store);

  /* A snapshot: renewing replaces items of the store while we walk it. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      Slot *slot = g_new0 (Slot, 1);

      slot->certificate = g_list_model_get_item (G_LIST_MODEL (store), i);
      slot->out = g_string_new (NULL);
      slot->err = g_string_new (NULL);
      g_ptr_array_add (slots, slot);
    }

  run.store = store;
  run.enrollments = enrollments;
  run.slots = slots;
  run.max_running = max_renewals_at_once ();
  g_queue_init (&run.due);

  if (dry_run)
    g_print ("%s\n", _("Dry run: nothing is renewed, written or run."));

  for (guint i = 0; i < slots->len; i++)
    consider (&run, g_ptr_array_index (slots, i), dry_run, now, window);

  print_ready (&run);
  start_renewals (&run);
  while (run.running > 0)
    g_main_context_iteration (NULL, TRUE);

  g_print ("\n");
  if (dry_run)
    /* Translators: a summary; every %u is a number of certificates */
    g_print (_("Would renew %u; expired %u, not due %u, need a person %u.\n"),
             run.tally.renewed, run.tally.expired, run.tally.not_due, run.tally.manual);
  else
    /* Translators: a summary; every %u is a number of certificates */
    g_print (_("Renewed %u, failed %u, expired %u, not due %u, need a person %u.\n"),
             run.tally.renewed, run.tally.failed, run.tally.expired, run.tally.not_due, run.tally.manual);

  if (run.tally.expired > 0)
    return OK_CLI_EXIT_EXPIRED;
  if (run.tally.failed > 0)
    return OK_CLI_EXIT_RENEWAL_FAILED;
  if (run.tally.deploy_failed > 0)
    return OK_CLI_EXIT_DEPLOY_FAILED;
  return OK_CLI_EXIT_OK;
}
