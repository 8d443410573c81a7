/* ok-cli.c — oces-keeper-cli, the headless face of the core
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>

#include "ok-cli-commands.h"
#include "ok-secrets.h"
#include "ok-cli-util.h"
#include "ok-text.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} OkCliCommand;

static const OkCliCommand commands[] = {
  { "import", ok_cli_import, N_("Import a PKCS#12, PEM or DER certificate") },
  { "list", ok_cli_list, N_("List the certificates, most urgent first") },
  { "show", ok_cli_show, N_("Show everything about one certificate") },
  { "log", ok_cli_log, N_("Show a certificate's event log") },
  { "export", ok_cli_export, N_("Export a certificate, its chain or its key") },
  { "remove", ok_cli_remove, N_("Remove a certificate and its key") },
  { "issue", ok_cli_issue, N_("Issue a certificate from a one-time code and reference number") },
  { "renew", ok_cli_renew, N_("Renew a certificate now") },
  { "status", ok_cli_status, N_("Show each certificate's state and when anything is next due") },
  { "monitor", ok_cli_monitor, N_("Run one pass of the background monitor (--once)") },
  { "deploy", ok_cli_deploy, N_("What to do after each issuance or renewal: exports and commands") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: oces-keeper-cli [--version] [--help] COMMAND [ARGUMENTS…]"));
  fprintf (out, "%s\n\n", _("Keeps OCES3 certificates from the MitID Erhverv CA alive."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n");
  ok_cli_print_exit_codes (out);
  fprintf (out, "\n%s\n", _("Run “oces-keeper-cli COMMAND --help” for a command's options."));
}

/* Whatever the CLI prints may carry text from a CA or a hook: no escape sequence of theirs
 * reaches the terminal. (JSON output escapes control characters itself.) */
static void
print_stripped (FILE       *out,
                const char *text)
{
  g_autofree char *stripped = ok_text_strip_controls (text);

  /* Standard output stays buffered (a list of 10,000 rows is one write, not 10,000); what is
   * said on standard error shows at once. */
  fputs (stripped, out);
  if (out == stderr)
    fflush (out);
}

static void
print_to_stdout (const char *text)
{
  print_stripped (stdout, text);
}

static void
print_to_stderr (const char *text)
{
  print_stripped (stderr, text);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OK_LOCALEDIR");

  /* The store's load runs in a worker thread: with one arena its memory comes from the main
   * heap in large steps, instead of a thread heap grown page by page (a tenth of `list` over
   * 10,000 certificates). `renew --due`'s parallel key generations compute far more than they
   * allocate, so they do not contend for it. */
  mallopt (M_ARENA_MAX, 1);
  mallopt (M_TOP_PAD, 16 * 1024 * 1024);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_print_handler (print_to_stdout);
  g_set_printerr_handler (print_to_stderr);
  /* Run by hand, by a timer or by the monitor: nobody may be there to answer an unlock prompt. */
  ok_secrets_set_interactive (FALSE);

  if (argc < 2)
    {
      print_usage (stderr);
      return OK_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return OK_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("oces-keeper-cli %s\n", PACKAGE_VERSION);
      return OK_CLI_EXIT_OK;
    }

  /* For the bash completion (data/completions/oces-keeper-cli); deliberately not listed. */
  if (g_str_equal (argv[1], "__complete-ids"))
    return ok_cli_complete_ids (argc - 1, argv + 1);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("oces-keeper-cli %s", commands[i].name);

          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  /* Translators: %s is the command the user typed */
  fprintf (stderr, _("Unknown command “%s”. See “oces-keeper-cli --help”.\n"), argv[1]);
  return OK_CLI_EXIT_USAGE;
}
