/* ok-cli-revocation.c — the revocation watch on the command line
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-cli-revocation.h"
#include "ok-cli-util.h"
#include "ok-revocation-watch.h"
#include "ok-state.h"

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Asks the CA about a certificate just imported; bounded by OK_REVOCATION_DEADLINE_SECONDS and
 * silent when there is no answer. A revocation shows in the state printed next. */
void
ok_cli_check_revocation (OkStore       *store,
                         OkCertificate *certificate)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OkRevocationResult) found = NULL;

  ok_revocation_watch_async (store, certificate, OK_REVOCATION_WATCH_NOW, now_seconds (), NULL,
                             ok_cli_async_ready, &result);
  found = ok_revocation_watch_finish (ok_cli_wait (&result), NULL);
  if (found != NULL && found->status == OK_REVOCATION_UNKNOWN)
    g_debug ("No revocation answer for %s: %s", ok_certificate_get_id (certificate), found->failure);
}

static const char *
describe_source (const char *source)
{
  if (g_strcmp0 (source, "crl") == 0)
    return _("the CRL");

  return _("OCSP");
}

void
ok_cli_print_revocation (OkStore       *store,
                         OkCertificate *certificate)
{
  JsonObject *state = ok_store_get_monitor_state (store, certificate);
  JsonObject *record = ok_revocation_watch_get_record (state, certificate);
  const char *status = record != NULL ? json_object_get_string_member_with_default (record, "status", NULL) : NULL;
  g_autofree char *text = NULL;

  if (ok_state_is_revoked (certificate) || g_strcmp0 (status, "revoked") == 0)
    {
      gint64 when = record != NULL ? json_object_get_int_member_with_default (record, "revoked_at", 0) : 0;
      const char *reason = ok_revocation_reason_get_display_name (record != NULL ? json_object_get_string_member_with_default (record, "reason", NULL) : NULL);
      g_autofree char *date = when > 0 ? ok_cli_format_time (when) : NULL;

      if (date != NULL && reason != NULL)
        /* Translators: "Revocation: revoked on <date>: <reason>" */
        text = g_strdup_printf (_("revoked on %s: %s"), date, reason);
      else if (date != NULL)
        /* Translators: "Revocation: revoked on <date>" */
        text = g_strdup_printf (_("revoked on %s"), date);
      else
        text = g_strdup (_("revoked"));
    }
  else if (g_strcmp0 (status, "good") == 0)
    {
      g_autofree char *date = ok_cli_format_time (json_object_get_int_member_with_default (record, "checked", 0));

      /* Translators: the first %s is a date and time, the second "OCSP" or "the CRL" */
      text = g_strdup_printf (_("not revoked (checked %s with %s)"), date,
                              describe_source (json_object_get_string_member_with_default (record, "source", NULL)));
    }
  else
    text = g_strdup (_("not known yet (no answer from the CA)"));

  g_print ("%-22s %s\n", _("Revocation:"), text);
}

/* Adds "revocation" (ok_revocation_watch_report()) to a `show --json` report. */
void
ok_cli_add_revocation (OkStore       *store,
                       OkCertificate *certificate,
                       JsonNode      *report)
{
  JsonObject *state = ok_store_get_monitor_state (store, certificate);

  json_object_set_member (json_node_get_object (report), "revocation",
                          ok_revocation_watch_report (state, certificate, now_seconds ()));
}
