/* ok-cli-util.c — what every oces-keeper-cli command shares
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ok-cli-util.h"
#include "ok-json-text.h"
#include "ok-report.h"
#include "ok-state.h"

/* The core is asynchronous; a command simply spins the default main context until its one
 * operation answers. */
void
ok_cli_async_ready (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

GAsyncResult *
ok_cli_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

OkStore *
ok_cli_open_store (GError **error)
{
  g_autoptr(OkStore) store = ok_store_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) problems = NULL;

  ok_store_load_async (store, NULL, ok_cli_async_ready, &result);
  if (!ok_store_load_finish (store, ok_cli_wait (&result), error))
    return NULL;

  /* A damaged entry never stops the others from loading, but the user must hear about it. */
  problems = ok_store_dup_problems (store);
  for (guint i = 0; problems[i] != NULL; i++)
    g_printerr (_("Warning: skipped a damaged entry: %s\n"), problems[i]);

  return g_steal_pointer (&store);
}

/* A reading command's store is freed by the exit itself: finalizing thousands of entries one
 * by one only keeps the prompt waiting. It stays reachable, so leak checkers say nothing. */
static OkStore *kept_store;

void
ok_cli_keep_until_exit (OkStore *store)
{
  g_set_object (&kept_store, store);
}

/* Removes keyring items that a killed process left (ok_store_sweep_secrets_async()); run by
 * the commands that make keys. Without a keyring there is nothing to sweep, and nothing to
 * say: the command itself reports a missing keyring when it needs one. */
void
ok_cli_sweep_secrets (OkStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ok_store_sweep_secrets_async (store, NULL, ok_cli_async_ready, &result);
  ok_store_sweep_secrets_finish (store, ok_cli_wait (&result), &error);
  if (error != NULL)
    g_debug ("No keyring items swept: %s", error->message);
}

static char *
read_line (FILE *in)
{
  GString *line = g_string_new (NULL);
  int c;

  while ((c = fgetc (in)) != EOF && c != '\n')
    g_string_append_c (line, (char) c);

  if (c == EOF && line->len == 0)
    {
      g_string_free (line, TRUE);
      return NULL;
    }

  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  return g_string_free (line, FALSE);
}

static char *
prompt_hidden (const char *prompt)
{
  struct termios saved, hidden;
  char *line;

  g_printerr ("%s", prompt);
  tcgetattr (STDIN_FILENO, &saved);
  hidden = saved;
  hidden.c_lflag &= ~ECHO;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &hidden);
  line = read_line (stdin);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");

  return line;
}

static void
wipe (char *secret)
{
  if (secret != NULL)
    {
      explicit_bzero (secret, strlen (secret));
      g_free (secret);
    }
}

/* Secrets come from the terminal with echo off, or as the first line of standard input when
 * that is not a terminal — never from the command line, where every user could read them. */
char *
ok_cli_read_secret (const char  *prompt,
                    gboolean     confirm,
                    GError     **error)
{
  char *secret;

  if (!isatty (STDIN_FILENO))
    {
      secret = read_line (stdin);
      if (secret == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("Expected the secret on standard input, but it was empty."));
      return secret;
    }

  secret = prompt_hidden (prompt);
  if (secret == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("No secret was entered."));
      return NULL;
    }

  if (confirm)
    {
      char *again = prompt_hidden (_("Repeat to confirm: "));
      gboolean same = again != NULL && g_str_equal (again, secret);

      wipe (again);
      if (!same)
        {
          wipe (secret);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The two entries differ."));
          return NULL;
        }
    }

  return secret;
}

int
ok_cli_fail (const GError *error)
{
  g_printerr (_("Error: %s\n"), error->message);
  return OK_CLI_EXIT_FAILED;
}

int
ok_cli_usage_error (GOptionContext *context,
                    const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("%s\n\n%s", message, help);
  return OK_CLI_EXIT_USAGE;
}

gboolean
ok_cli_parse (GOptionContext   *context,
              int              *argc,
              char           ***argv,
              GError          **error)
{
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error);
}

void
ok_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length = 0;

  /* Straight to standard output: JSON escapes control characters itself, so the terminal
   * filter of g_print() has nothing to do here but cost time on big lists. */
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  fwrite (text, 1, length, stdout);
  fputc ('\n', stdout);
}

/**
 * ok_cli_print_json_array:
 * @certificates: (element-type OkCertificate)
 *
 * Prints the JSON report of each certificate as one array, laid out as ok_cli_print_json()
 * would, one element at a time and without JSON trees: a list of 10,000 is never one tree or
 * one string in memory, and the stored facts are written as they are.
 */
void
ok_cli_print_json_array (GPtrArray *certificates,
                         gint64     now)
{
  g_autoptr(GHashTable) chain_texts = ok_report_new_chain_texts ();
  g_autoptr(GString) text = g_string_new (NULL);

  fputs (certificates->len > 0 ? "[\n" : "[", stdout);
  for (guint i = 0; i < certificates->len; i++)
    {
      OkJsonWriter writer;

      g_string_append (text, "  ");
      ok_json_writer_init (&writer, text, TRUE, 1);
      ok_report_write_certificate (&writer, g_ptr_array_index (certificates, i), now, 0, chain_texts);
      g_string_append (text, i + 1 < certificates->len ? ",\n" : "\n");
      if (text->len > 256 * 1024 || i + 1 == certificates->len)
        {
          fwrite (text->str, 1, text->len, stdout);
          g_string_truncate (text, 0);
        }
    }
  fputs ("]\n", stdout);
}

/* The local time, as minutes: localtime_r() looks the zone up once per process, and a
 * `status` over thousands of certificates formats three dates each. */
char *
ok_cli_format_time (gint64 unix_time)
{
  time_t seconds = (time_t) unix_time;
  struct tm local;
  char text[64];

  if ((gint64) seconds != unix_time || localtime_r (&seconds, &local) == NULL ||
      strftime (text, sizeof text, "%Y-%m-%d %H:%M", &local) == 0)
    return g_strdup ("?");

  return g_strdup (text);
}

/* The one table of exit codes; README.md repeats it word for word. */
void
ok_cli_print_exit_codes (FILE *out)
{
  static const struct { OkCliExit code; const char *meaning; } codes[] = {
    { OK_CLI_EXIT_OK, N_("success; nothing has expired or been revoked") },
    { OK_CLI_EXIT_FAILED, N_("failure (for example the store cannot be read, or no such certificate)") },
    { OK_CLI_EXIT_USAGE, N_("wrong usage") },
    { OK_CLI_EXIT_RENEWAL_FAILED, N_("an issuance or renewal failed") },
    { OK_CLI_EXIT_EXPIRED, N_("a certificate has expired or been revoked (status, renew): order a new one") },
    { OK_CLI_EXIT_DEPLOY_FAILED, N_("the certificate is fine, but a deploy action failed") },
  };

  fprintf (out, "%s\n", _("Exit codes:"));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    fprintf (out, "  %d  %s\n", codes[i].code, _(codes[i].meaning));
}

/* status reports an expired or revoked certificate in its exit code, whatever it printed:
 * either way the certificate can no longer be used and only a new one helps. */
int
ok_cli_exit_for_expired (OkStore *store,
                         gint64   now)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (ok_certificate_get_not_after (certificate) <= now || ok_state_is_revoked (certificate))
        return OK_CLI_EXIT_EXPIRED;
    }

  return OK_CLI_EXIT_OK;
}
