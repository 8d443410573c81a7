/* ok-cli.c — oces-keeper-cli, the headless face of the core
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "ok-paths.h"

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: oces-keeper-cli [--version] [--help] COMMAND [ARGUMENTS…]"));
  fprintf (out, "%s\n", _("Keeps OCES3 certificates from the MitID Erhverv CA alive."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage (stdout);
      return argc < 2 ? 2 : 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("oces-keeper-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Translators: %s is the command the user typed */
  fprintf (stderr, _("Unknown command “%s”. See “oces-keeper-cli --help”.\n"), argv[1]);
  return 2;
}
