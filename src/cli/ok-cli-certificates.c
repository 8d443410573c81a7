/* ok-cli-certificates.c — import, list, show, log, export and remove
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ok-cli-commands.h"
#include "ok-cli-revocation.h"
#include "ok-cli-util.h"
#include "ok-export.h"
#include "ok-file.h"
#include "ok-import.h"
#include "ok-import-match.h"
#include "ok-report.h"
#include "ok-state.h"
#include "ok-text.h"

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* ---- import ----------------------------------------------------------------------------- */

static void
print_import_outcome (OkImportMatch  outcome,
                      OkCertificate *saved)
{
  switch (outcome)
    {
    case OK_IMPORT_MATCH_KEY_ADDED:
      /* Translators: %s is a certificate name */
      g_print (_("The private key was added to “%s”.\n"), ok_certificate_get_name (saved));
      break;
    case OK_IMPORT_MATCH_RENEWED_ELSEWHERE:
      /* Translators: %s is a certificate name */
      g_print (_("This is a renewal of “%s” made outside OCES Keeper; it is now its current certificate.\n"),
               ok_certificate_get_name (saved));
      if (!ok_certificate_get_has_private_key (saved))
        g_print ("%s\n", _("The file held no private key, so the certificate is monitored only. Import the PKCS#12 file with its key from whoever renewed it to renew it here."));
      break;
    case OK_IMPORT_MATCH_NEW:
    case OK_IMPORT_MATCH_DUPLICATE:
    case OK_IMPORT_MATCH_AMBIGUOUS:
    case OK_IMPORT_MATCH_OLDER:
    case OK_IMPORT_MATCH_KEY_UNMATCHED:
    case OK_IMPORT_MATCH_KEY_AMBIGUOUS:
    default:
      break;
    }
}

int
ok_cli_import (int    argc,
               char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *environment = NULL;
  g_autofree char *replaces = NULL;
  gboolean new_entry = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The name to show for the certificate"), N_("NAME") },
    { "environment", 0, 0, G_OPTION_ARG_STRING, &environment, N_("Override the detected environment: test or prod"), N_("ENV") },
    { "replaces", 0, 0, G_OPTION_ARG_STRING, &replaces, N_("The certificate that this one renews, when several match"), N_("ID") },
    { "new-entry", 0, 0, G_OPTION_ARG_NONE, &new_entry, N_("Add the certificate as a new entry even if it renews one"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — import a PKCS#12, PEM or DER certificate"));
  g_autoptr(OkStore) store = NULL;
  g_autoptr(OkImported) imported = NULL;
  g_autoptr(OkCertificate) saved = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;
  OkCertificate *renews = NULL;
  OkEnvironment override = OK_ENVIRONMENT_UNKNOWN;
  OkImportMatch outcome = OK_IMPORT_MATCH_NEW;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("If the file is protected, the password is read from the terminal, or from the first line of standard input.\n"
                                      "A file with the private key of a monitored-only certificate, or that key file alone (PEM or DER), gives it its key. A newer certificate of a monitored one (same UUID, CVR and environment, renewed in the portal or by someone else) becomes its current certificate, and its deploy actions run."));
  if (!ok_cli_parse (context, &argc, &argv, &error))
    return ok_cli_usage_error (context, error->message);
  if (argc != 2)
    return ok_cli_usage_error (context, _("Name exactly one file to import."));
  if (environment != NULL && (!ok_environment_from_string (environment, &override) || override == OK_ENVIRONMENT_UNKNOWN))
    return ok_cli_usage_error (context, _("The environment must be “test” or “prod”."));
  if (!ok_text_check_name (name, &error))
    return ok_cli_usage_error (context, error->message);
  if (replaces != NULL && new_entry)
    return ok_cli_usage_error (context, _("Use either --replaces or --new-entry, not both."));

  file = g_file_new_for_commandline_arg (argv[1]);
  imported = ok_import_file (file, NULL, NULL, &error);
  if (g_error_matches (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NEEDS_PASSWORD))
    {
      g_autofree char *prompt = NULL;
      char *password;

      g_clear_error (&error);
      basename = g_file_get_basename (file);
      prompt = g_strdup_printf (_("Password for %s: "), basename);
      password = ok_cli_read_secret (prompt, FALSE, &error);
      if (password == NULL)
        return ok_cli_fail (error);
      imported = ok_import_file (file, password, NULL, &error);
      explicit_bzero (password, strlen (password));
      g_free (password);
    }
  if (imported == NULL)
    return ok_cli_fail (error);

  if (!(store = ok_cli_open_store (&error)))
    return ok_cli_fail (error);
  ok_cli_sweep_secrets (store);
  if (replaces != NULL && !(renews = ok_store_lookup (store, replaces, &error)))
    return ok_cli_fail (error);

  g_clear_pointer (&basename, g_free);
  basename = g_file_get_basename (file);
  ok_import_match_save_async (store, imported, basename, name, override, renews, new_entry,
                              NULL, ok_cli_async_ready, &result);
  saved = ok_import_match_save_finish (store, ok_cli_wait (&result), &outcome, &error);
  if (g_error_matches (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_AMBIGUOUS))
    {
      g_printerr (_("Error: %s\n"), error->message);
      g_printerr ("%s\n", _("Run the import again with --replaces ID, or with --new-entry to keep it separately."));
      return OK_CLI_EXIT_FAILED;
    }
  if (g_error_matches (error, OK_IMPORT_ERROR, OK_IMPORT_ERROR_OLDER))
    {
      g_printerr (_("Error: %s\n"), error->message);
      g_printerr ("%s\n", _("Run the import again with --new-entry to monitor it separately anyway."));
      return OK_CLI_EXIT_FAILED;
    }
  if (saved == NULL)
    return ok_cli_fail (error);

  ok_cli_check_revocation (store, saved);
  print_import_outcome (outcome, saved);
  ok_cli_print_certificate (saved);
  return OK_CLI_EXIT_OK;
}

/* ---- list ------------------------------------------------------------------------------- */

/* The state of each certificate is worked out once, not in every comparison. */
typedef struct
{
  OkCertificate *certificate;
  int            urgency;
  gint64         not_after;
} Ranked;

static int
compare_urgency (gconstpointer a,
                 gconstpointer b)
{
  const Ranked *first = a;
  const Ranked *second = b;

  if (first->urgency != second->urgency)
    return second->urgency - first->urgency;

  return (first->not_after > second->not_after) - (first->not_after < second->not_after);
}

static GPtrArray *
sorted_certificates (OkStore *store)
{
  GPtrArray *certificates = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GArray) ranked = g_array_sized_new (FALSE, FALSE, sizeof (Ranked), n);
  gint64 now = now_seconds ();

  for (guint i = 0; i < n; i++)
    {
      OkCertificate *certificate = g_list_model_get_item (G_LIST_MODEL (store), i);
      Ranked entry = { certificate, ok_state_get_urgency (ok_state_compute (certificate, now, 0)),
                       ok_certificate_get_not_after (certificate) };

      g_array_append_val (ranked, entry);
    }
  g_array_sort (ranked, compare_urgency);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (certificates, g_array_index (ranked, Ranked, i).certificate);

  return certificates;
}

static void
print_padded (const char *text,
              guint       width)
{
  glong length = g_utf8_strlen (text, -1);

  g_print ("%s", text);
  for (glong i = length; i < (glong) width + 2; i++)
    g_print (" ");
}

int
ok_cli_list (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the certificates, most urgent first"));
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GPtrArray) certificates = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = now_seconds ();
  enum { ID, NAME, CVR, ENVIRONMENT, STATE, EXPIRES, DAYS, N_COLUMNS };
  const char *headings[N_COLUMNS] = { _("ID"), _("NAME"), _("CVR"), _("ENV"), _("STATE"), _("EXPIRES"), _("DAYS") };
  guint widths[N_COLUMNS];
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ok_cli_parse (context, &argc, &argv, &error))
    return ok_cli_usage_error (context, error->message);
  if (argc != 1)
    return ok_cli_usage_error (context, _("“list” takes no arguments."));

  if (!(store = ok_cli_open_store (&error)))
    return ok_cli_fail (error);
  ok_cli_keep_until_exit (store);
  certificates = sorted_certificates (store);

  if (json)
    {
      ok_cli_print_json_array (certificates, now);
      return OK_CLI_EXIT_OK;
    }

  if (certificates->len == 0)
    {
      g_print ("%s\n", _("No certificates yet. Add one with “oces-keeper-cli import FILE” or “oces-keeper-cli issue”."));
      return OK_CLI_EXIT_OK;
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    widths[c] = g_utf8_strlen (headings[c], -1);

  for (guint i = 0; i < certificates->len; i++)
    {
      OkCertificate *certificate = g_ptr_array_index (certificates, i);
      char **row = g_new0 (char *, N_COLUMNS + 1);
      g_autoptr(GDateTime) expires = ok_certificate_dup_not_after (certificate);
      g_autoptr(GDateTime) local = g_date_time_to_local (expires);

      row[ID] = g_strdup (ok_certificate_get_id (certificate));
      row[NAME] = g_strdup (ok_certificate_get_name (certificate));
      row[CVR] = g_strdup (ok_certificate_get_cvr (certificate) != NULL ? ok_certificate_get_cvr (certificate) : "—");
      row[ENVIRONMENT] = g_strdup (ok_environment_get_display_name (ok_certificate_get_environment (certificate)));
      row[STATE] = g_strdup (ok_state_get_display_name (ok_state_compute (certificate, now, 0)));
      row[EXPIRES] = g_date_time_format (local, "%Y-%m-%d");
      row[DAYS] = g_strdup_printf ("%" G_GINT64_FORMAT, ok_state_get_days_left (certificate, now));

      for (guint c = 0; c < N_COLUMNS; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
      g_ptr_array_add (rows, row);
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    print_padded (headings[c], widths[c]);
  g_print ("\n");
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      for (guint c = 0; c < N_COLUMNS; c++)
        print_padded (row[c], widths[c]);
      g_print ("\n");
    }

  return OK_CLI_EXIT_OK;
}

/* ---- show and log ----------------------------------------------------------------------- */

static void
print_field (const char *label,
             const char *value)
{
  g_print ("%-22s %s\n", label, value != NULL && *value != '\0' ? value : "—");
}

void
ok_cli_print_certificate (OkCertificate *certificate)
{
  gint64 now = now_seconds ();
  OkState state = ok_state_compute (certificate, now, 0);
  g_autofree char *not_before = ok_cli_format_time (ok_certificate_get_not_before (certificate));
  g_autofree char *not_after = ok_cli_format_time (ok_certificate_get_not_after (certificate));
  g_autofree char *days = g_strdup_printf ("%" G_GINT64_FORMAT, ok_state_get_days_left (certificate, now));
  g_autofree char *key = g_strdup_printf ("%s %u", ok_certificate_get_key_algorithm (certificate),
                                          ok_certificate_get_key_bits (certificate));
  g_autofree char *policies = g_strjoinv (", ", (char **) ok_certificate_get_policies (certificate));
  g_autofree char *key_usage = g_strjoinv (", ", (char **) ok_certificate_get_key_usage (certificate));
  GPtrArray *chain = ok_certificate_get_chain (certificate);
  OkRenewalHistory history;

  print_field (_("ID:"), ok_certificate_get_id (certificate));
  print_field (_("Name:"), ok_certificate_get_name (certificate));
  print_field (_("State:"), ok_state_get_display_name (state));
  print_field (_("Organisation:"), ok_certificate_get_organisation (certificate));
  print_field (_("CVR:"), ok_certificate_get_cvr (certificate));
  print_field (_("UUID:"), ok_certificate_get_uuid (certificate));
  print_field (_("E-mail:"), ok_certificate_get_email (certificate));
  print_field (_("Kind:"), ok_certificate_kind_get_display_name (ok_certificate_get_kind (certificate)));
  print_field (_("Environment:"), ok_environment_get_display_name (ok_certificate_get_environment (certificate)));
  print_field (_("Subject:"), ok_certificate_get_subject (certificate));
  print_field (_("Issuer:"), ok_certificate_get_issuer (certificate));
  print_field (_("Serial:"), ok_certificate_get_serial (certificate));
  print_field (_("Valid from:"), not_before);
  print_field (_("Valid until:"), not_after);
  print_field (_("Days left:"), days);
  print_field (_("Key:"), key);
  print_field (_("Signature:"), ok_certificate_get_signature_algorithm (certificate));
  print_field (_("Key usage:"), key_usage);
  print_field (_("Policies:"), policies);
  print_field (_("SHA-256:"), ok_certificate_get_sha256_fingerprint (certificate));
  print_field (_("SHA-1:"), ok_certificate_get_sha1_fingerprint (certificate));
  print_field (_("Private key:"), ok_certificate_get_has_private_key (certificate)
                                    ? _("held by OCES Keeper (encrypted)")
                                    : _("not held — monitored only"));
  print_field (_("Chain:"), ok_trust_get_description (ok_certificate_get_trust (certificate)));
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    print_field ("", ok_certificate_get_subject (g_ptr_array_index (chain, i)));

  ok_state_get_renewal_history (certificate, &history);
  print_field (_("Automatic renewal:"), ok_state_renews_automatically (certificate) ? _("on") : _("off"));
  if (ok_state_get_renewal_refusal (certificate) != NULL)
    print_field ("", ok_state_get_renewal_refusal (certificate));
  if (history.last_error != NULL)
    print_field (_("Last renewal error:"), history.last_error);
}

static OkStore *
open_store_and_lookup (const char     *id,
                       OkCertificate **certificate,
                       GError        **error)
{
  g_autoptr(OkStore) store = ok_cli_open_store (error);

  if (store == NULL || !(*certificate = ok_store_lookup (store, id, error)))
    return NULL;

  return g_steal_pointer (&store);
}

int
ok_cli_show (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — show everything about one certificate"));
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  OkCertificate *certificate = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ok_cli_parse (context, &argc, &argv, &error))
    return ok_cli_usage_error (context, error->message);
  if (argc != 2)
    return ok_cli_usage_error (context, _("Name exactly one certificate id."));

  if (!(store = open_store_and_lookup (argv[1], &certificate, &error)))
    return ok_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) node = ok_report_certificate (certificate, now_seconds (), 0);
      ok_cli_add_revocation (store, certificate, node);
      ok_cli_print_json (node);
    }
  else
    {
      ok_cli_print_certificate (certificate);
      ok_cli_print_revocation (store, certificate);
    }

  return OK_CLI_EXIT_OK;
}

int
ok_cli_log (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — show a certificate's event log, oldest first"));
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  OkCertificate *certificate = NULL;
  GListModel *events;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ok_cli_parse (context, &argc, &argv, &error))
    return ok_cli_usage_error (context, error->message);
  if (argc != 2)
    return ok_cli_usage_error (context, _("Name exactly one certificate id."));

  if (!(store = open_store_and_lookup (argv[1], &certificate, &error)))
    return ok_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) node = ok_report_events (certificate);
      ok_cli_print_json (node);
      return OK_CLI_EXIT_OK;
    }

  events = ok_certificate_get_events (certificate);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(OkEvent) event = g_list_model_get_item (events, i);
      g_autofree char *when = ok_cli_format_time (ok_event_get_time (event) / G_USEC_PER_SEC);

      g_print ("%s  %-13s %s\n", when, ok_event_type_to_string (ok_event_get_event_type (event)),
               ok_event_get_message (event));
      if (ok_event_get_detailed_error (event) != NULL)
        g_print ("%*s%s\n", 32, "", ok_event_get_detailed_error (event));
    }

  return OK_CLI_EXIT_OK;
}

/* ---- export ------------------------------------------------------------------------------ */

static OkKey *
load_key (OkStore        *store,
          OkCertificate  *certificate,
          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ok_store_load_key_async (store, certificate, NULL, ok_cli_async_ready, &result);
  return ok_store_load_key_finish (store, ok_cli_wait (&result), error);
}

static GBytes *
export_bytes (OkStore        *store,
              OkCertificate  *certificate,
              const char     *format,
              gboolean        legacy,
              GError        **error)
{
  g_autoptr(GPtrArray) chain = ok_certificate_dup_chain_der (certificate);
  g_autoptr(OkKey) key = NULL;
  char *secret;
  GBytes *bytes = NULL;

  if (g_str_equal (format, "pem") || g_str_equal (format, "chain") || g_str_equal (format, "fullchain"))
    {
      g_autofree char *leaf = NULL;
      g_autofree char *issuers = NULL;
      char *pem;

      /* fullchain is the leaf and then its chain, as the deploy action of that name writes it. */
      if (!g_str_equal (format, "chain"))
        leaf = ok_export_pem_certificate (ok_certificate_get_der (certificate));
      if (!g_str_equal (format, "pem"))
        issuers = ok_export_pem_chain (chain);
      pem = g_strconcat (leaf != NULL ? leaf : "", issuers != NULL ? issuers : "", NULL);
      return g_bytes_new_take (pem, strlen (pem));
    }

  if (!(key = load_key (store, certificate, error)))
    return NULL;

  secret = ok_cli_read_secret (g_str_equal (format, "p12") ? _("Password for the PKCS#12 file: ")
                                                           : _("Passphrase for the private key: "),
                               TRUE, error);
  if (secret == NULL)
    return NULL;

  if (*secret == '\0')
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("An empty password would leave the private key unprotected; choose one."));
  else if (g_str_equal (format, "p12"))
    bytes = ok_export_pkcs12 (ok_certificate_get_der (certificate), chain, key,
                              ok_certificate_get_name (certificate), secret, legacy, error);
  else
    bytes = ok_key_export_pkcs8_pem (key, secret, error);

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
  return bytes;
}

/* Where an export may go: a new file, a regular file it replaces, or standard output ("-").
 * A symbolic link is refused rather than followed or replaced: followed, it could send a key to
 * wherever the link points; replaced, the service reading the link's target would silently keep
 * the old file. A device, a folder or a pipe is no place for an atomic replace either. */
static gboolean
check_export_target (const char  *output,
                     const char  *format,
                     GError     **error)
{
  GStatBuf st;

  if (g_str_equal (output, "-"))
    {
      if (g_str_equal (format, "p12") && isatty (STDOUT_FILENO))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("A PKCS#12 file is binary and is not written to a terminal; redirect standard output to a file, or use --output FILE."));
          return FALSE;
        }
      return TRUE;
    }

  if (g_lstat (output, &st) != 0)
    return TRUE;

  if (S_ISLNK (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is a symbolic link. Exports replace only regular files; name the file the link points to."),
                   output);
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” exists and is not a regular file; nothing was written."), output);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_export (const char  *output,
              GBytes      *bytes,
              GError     **error)
{
  gsize length = 0;
  const void *data = g_bytes_get_data (bytes, &length);

  if (!g_str_equal (output, "-"))
    return ok_file_write_atomic_bytes (output, bytes, error);

  if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write to standard output."));
      return FALSE;
    }

  return TRUE;
}

int
ok_cli_export (int    argc,
               char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  gboolean legacy = FALSE;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("p12, pem (certificate), chain, fullchain (certificate and chain) or key (encrypted PEM)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write, or - for standard output"), N_("FILE") },
    { "legacy", 0, 0, G_OPTION_ARG_NONE, &legacy, N_("PKCS#12 with 3DES and a SHA-1 MAC, for old Windows and Java"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — export a certificate, its chain or its key"));
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OkEvent) event = NULL;
  g_autofree char *message = NULL;
  OkCertificate *certificate = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("Passwords are read from the terminal, or from the first line of standard input."));
  if (!ok_cli_parse (context, &argc, &argv, &error))
    return ok_cli_usage_error (context, error->message);
  if (argc != 2)
    return ok_cli_usage_error (context, _("Name exactly one certificate id."));
  if (format == NULL || !g_strv_contains ((const char *[]) { "p12", "pem", "chain", "fullchain", "key", NULL }, format))
    return ok_cli_usage_error (context, _("Choose --format p12, pem, chain, fullchain or key."));
  if (output == NULL)
    return ok_cli_usage_error (context, _("Choose where to write with --output FILE."));
  if (legacy && !g_str_equal (format, "p12"))
    return ok_cli_usage_error (context, _("--legacy only applies to --format p12."));

  if (!check_export_target (output, format, &error) ||
      !(store = open_store_and_lookup (argv[1], &certificate, &error)))
    return ok_cli_fail (error);

  if (!(bytes = export_bytes (store, certificate, format, legacy, &error)) ||
      !write_export (output, bytes, &error))
    return ok_cli_fail (error);

  message = g_str_equal (output, "-")
            ? g_strdup_printf (_("Exported as %s to standard output."), format)
            : g_strdup_printf (_("Exported as %s to %s."), format, output);
  event = ok_event_new (OK_EVENT_TYPE_EXPORTED, message, NULL);
  ok_store_log_async (store, certificate, event, NULL, ok_cli_async_ready, &result);
  if (!ok_store_log_finish (store, ok_cli_wait (&result), &error))
    return ok_cli_fail (error);

  return OK_CLI_EXIT_OK;
}

/* ---- remove ------------------------------------------------------------------------------ */

int
ok_cli_remove (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — remove a certificate, its key and its keyring items"));
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *name = NULL;
  OkCertificate *certificate = NULL;

  if (!ok_cli_parse (context, &argc, &argv, &error))
    return ok_cli_usage_error (context, error->message);
  if (argc != 2)
    return ok_cli_usage_error (context, _("Name exactly one certificate id."));

  if (!(store = open_store_and_lookup (argv[1], &certificate, &error)))
    return ok_cli_fail (error);

  name = g_strdup (ok_certificate_get_name (certificate));
  ok_store_remove_async (store, certificate, NULL, ok_cli_async_ready, &result);
  if (!ok_store_remove_finish (store, ok_cli_wait (&result), &error))
    return ok_cli_fail (error);

  g_print (_("Removed “%s”.\n"), name);
  return OK_CLI_EXIT_OK;
}
