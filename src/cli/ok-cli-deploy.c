/* ok-cli-deploy.c — deploy: a certificate's deploy actions, listed, edited, run or rehearsed
 *
 * `--command` takes the rest of the command line as the hook's argv, so that a hook's own
 * options are never mistaken for ours.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ok-cli-commands.h"
#include "ok-cli-util.h"
#include "ok-deploy.h"
#include "ok-secrets.h"

typedef struct
{
  char     **exports;
  char     **command;
  int        timeout;
  int        remove;
  gboolean   list;
  gboolean   json;
  gboolean   clear;
  gboolean   password;
  gboolean   run;
  gboolean   dry_run;
} Request;

static void
print_actions (GPtrArray *actions)
{
  if (actions->len == 0)
    {
      g_print ("%s\n", _("No deploy actions."));
      return;
    }

  for (guint i = 0; i < actions->len; i++)
    {
      g_autofree char *described = ok_deploy_action_describe (g_ptr_array_index (actions, i));
      g_print ("%2u  %s\n", i + 1, described);
    }
}

static gboolean
save (OkStore        *store,
      OkCertificate  *certificate,
      GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ok_store_update_async (store, certificate, OK_STORE_FIELD_DEPLOY_ACTIONS, NULL, NULL, ok_cli_async_ready, &result);
  return ok_store_update_finish (store, ok_cli_wait (&result), error);
}

/* The export password is asked for once, when the first action that needs it is added; the
 * same password then protects every export of this certificate. */
static gboolean
ensure_password (OkCertificate  *certificate,
                 gboolean        replace,
                 GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  char *password;
  gboolean stored;

  if (!replace)
    {
      char *kept;

      ok_secrets_lookup_async (OK_SECRET_KIND_EXPORT_PASSWORD, ok_certificate_get_id (certificate), NULL,
                               ok_cli_async_ready, &result);
      kept = ok_secrets_lookup_finish (ok_cli_wait (&result), error);
      if (kept != NULL)
        {
          ok_secrets_free (kept);
          return TRUE;
        }
      if (error != NULL && *error != NULL)
        return FALSE;
      g_clear_object (&result);
    }

  password = ok_cli_read_secret (_("Export password (protects exported keys and PKCS#12 files): "), TRUE, error);
  if (password == NULL)
    return FALSE;

  ok_deploy_store_password_async (certificate, password, NULL, ok_cli_async_ready, &result);
  ok_secrets_free (password);
  stored = ok_deploy_store_password_finish (ok_cli_wait (&result), error);
  return stored;
}

static int
add_actions (OkStore       *store,
             OkCertificate *certificate,
             Request       *request)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *current = ok_certificate_get_deploy_actions (certificate);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; request->exports != NULL && request->exports[i] != NULL; i++)
    {
      g_autofree char *absolute = NULL;
      g_autofree char *spec = NULL;
      const char *colon = strchr (request->exports[i], ':');
      OkDeployAction *action;

      /* Relative paths are taken from where the command is typed, and stored absolute. */
      if (colon != NULL && colon[1] != '\0' && !g_path_is_absolute (colon + 1))
        {
          g_autofree char *format = g_strndup (request->exports[i], colon - request->exports[i]);

          absolute = g_canonicalize_filename (colon + 1, NULL);
          spec = g_strconcat (format, ":", absolute, NULL);
        }

      action = ok_deploy_action_parse_export (spec != NULL ? spec : request->exports[i], &error);
      if (action == NULL)
        return ok_cli_fail (error);
      g_ptr_array_add (added, action);
    }

  if (request->command != NULL)
    {
      OkDeployAction *action;

      /* "./hook" would depend on where the renewal happens to run; a bare name is looked up
       * in PATH then, as documented. */
      if (strchr (request->command[0], '/') != NULL && !g_path_is_absolute (request->command[0]))
        {
          char *absolute = g_canonicalize_filename (request->command[0], NULL);

          g_free (request->command[0]);
          request->command[0] = absolute;
        }

      action = ok_deploy_action_new_command ((const char * const *) request->command,
                                             (guint) MAX (request->timeout, 0), &error);
      if (action == NULL)
        return ok_cli_fail (error);
      g_ptr_array_add (added, action);
    }

  for (guint i = 0; i < current->len; i++)
    g_ptr_array_add (actions, g_object_ref (g_ptr_array_index (current, i)));
  for (guint i = 0; i < added->len; i++)
    g_ptr_array_add (actions, g_object_ref (g_ptr_array_index (added, i)));

  if (request->dry_run)
    {
      g_print ("%s\n", _("Dry run: nothing is saved. The deploy actions would be:"));
      print_actions (actions);
      return OK_CLI_EXIT_OK;
    }

  if (ok_deploy_actions_need_password (added) && !ensure_password (certificate, FALSE, &error))
    return ok_cli_fail (error);

  ok_certificate_set_deploy_actions (certificate, actions);
  if (!save (store, certificate, &error))
    return ok_cli_fail (error);

  print_actions (actions);
  return OK_CLI_EXIT_OK;
}

static int
remove_action (OkStore       *store,
               OkCertificate *certificate,
               Request       *request)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *current = ok_certificate_get_deploy_actions (certificate);
  g_autoptr(GError) error = NULL;

  if (request->remove < 1 || (guint) request->remove > current->len)
    {
      /* Translators: %d is the number the user gave */
      g_printerr (_("There is no deploy action %d; see “--list”.\n"), request->remove);
      return OK_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < current->len; i++)
    if (i + 1 != (guint) request->remove)
      g_ptr_array_add (actions, g_object_ref (g_ptr_array_index (current, i)));

  if (request->dry_run)
    {
      g_print ("%s\n", _("Dry run: nothing is saved. The deploy actions would be:"));
      print_actions (actions);
      return OK_CLI_EXIT_OK;
    }

  ok_certificate_set_deploy_actions (certificate, actions);
  if (!save (store, certificate, &error))
    return ok_cli_fail (error);

  print_actions (actions);
  return OK_CLI_EXIT_OK;
}

static int
clear_actions (OkStore       *store,
               OkCertificate *certificate,
               Request       *request)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (request->dry_run)
    {
      g_print ("%s\n", _("Dry run: nothing is saved. All deploy actions and the export password would be removed."));
      return OK_CLI_EXIT_OK;
    }

  ok_certificate_set_deploy_actions (certificate, NULL);
  if (!save (store, certificate, &error))
    return ok_cli_fail (error);

  /* Without a keyring there is no password to forget either; the actions are gone already. */
  ok_secrets_clear_async (OK_SECRET_KIND_EXPORT_PASSWORD, ok_certificate_get_id (certificate), NULL,
                          ok_cli_async_ready, &result);
  if (!ok_secrets_clear_finish (ok_cli_wait (&result), &error))
    g_printerr (_("Warning: the export password could not be removed from the keyring: %s\n"), error->message);

  g_print ("%s\n", _("No deploy actions."));
  return OK_CLI_EXIT_OK;
}

static int
run_actions (OkStore       *store,
             OkCertificate *certificate,
             Request       *request)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OkEvent) failure = NULL;
  g_auto(GStrv) steps = NULL;

  if (ok_certificate_get_deploy_actions (certificate)->len == 0)
    {
      g_print ("%s\n", _("No deploy actions."));
      return OK_CLI_EXIT_OK;
    }

  if (request->dry_run)
    {
      steps = ok_deploy_describe (certificate);
      g_print ("%s\n", _("Dry run: nothing is written or run. A run would:"));
      for (guint i = 0; steps[i] != NULL; i++)
        g_print ("  %s\n", steps[i]);
      return OK_CLI_EXIT_OK;
    }

  ok_deploy_run_async (store, certificate, NULL, NULL, ok_cli_async_ready, &result);
  if (!ok_deploy_run_finish (store, ok_cli_wait (&result), &error))
    {
      g_printerr (_("Error: %s\n"), error->message);
      failure = ok_deploy_dup_last_failure (certificate);
      if (failure != NULL && ok_event_get_detailed_error (failure) != NULL)
        g_printerr ("\n%s", ok_event_get_detailed_error (failure));
      return OK_CLI_EXIT_DEPLOY_FAILED;
    }

  {
    GListModel *events = ok_certificate_get_events (certificate);
    g_autoptr(OkEvent) last = g_list_model_get_item (events, g_list_model_get_n_items (events) - 1);

    g_print ("%s\n", ok_event_get_message (last));
  }
  return OK_CLI_EXIT_OK;
}

/* Everything after --command (and an optional "--") is the hook's argv. */
static char **
split_command (int    *argc,
               char  **argv)
{
  for (int i = 1; i < *argc; i++)
    {
      if (g_str_equal (argv[i], "--command"))
        {
          int first = i + 1;

          if (first < *argc && g_str_equal (argv[first], "--"))
            first++;
          *argc = i;
          return g_strdupv (argv + first);
        }
    }

  return NULL;
}

int
ok_cli_deploy (int    argc,
               char **argv)
{
  Request request = { .timeout = 0 };
  g_auto(GStrv) exports = NULL;
  gboolean command_placeholder = FALSE;
  GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_NONE, &request.list, N_("List the deploy actions (the default)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &request.json, N_("With --list: print JSON for scripts"), NULL },
    { "export", 0, 0, G_OPTION_ARG_STRING_ARRAY, &exports,
      N_("Add an export: p12, p12-legacy, pem, chain, fullchain or key, and where to write it"), N_("FORMAT:PATH") },
    { "command", 0, 0, G_OPTION_ARG_NONE, &command_placeholder,
      N_("Add a command: everything after --command is the program and its arguments, run without a shell"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &request.timeout,
      N_("With --command: stop it after this many seconds (default 60)"), N_("SECONDS") },
    { "remove", 0, 0, G_OPTION_ARG_INT, &request.remove, N_("Remove the action with this number"), N_("N") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &request.clear, N_("Remove every action and the export password"), NULL },
    { "password", 0, 0, G_OPTION_ARG_NONE, &request.password, N_("Set a new export password"), NULL },
    { "run", 0, 0, G_OPTION_ARG_NONE, &request.run, N_("Run the actions now"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &request.dry_run, N_("Show what would happen, and change or run nothing"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — what to do after each issuance or renewal"));
  g_autoptr(OkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) command = NULL;
  OkCertificate *certificate = NULL;
  guint modes;

  /* "--command" is in the table only to show in --help; it is cut off before parsing. */
  command = split_command (&argc, argv);
  request.command = command;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("Exports are written first, atomically and readable only by you (0600); then the commands run, in order, with OCES_ID, OCES_NAME, OCES_CVR, OCES_UUID, OCES_ENVIRONMENT, OCES_KIND, OCES_SERIAL, OCES_NOT_AFTER and, for each export, OCES_P12_FILE, OCES_P12_LEGACY_FILE, OCES_PEM_FILE, OCES_CHAIN_FILE, OCES_FULLCHAIN_FILE or OCES_KEY_FILE in their environment. Keys and PKCS#12 files are protected with the export password, which is kept in the keyring and read from the terminal or standard input when first needed. See docs/automation.md."));
  if (!ok_cli_parse (context, &argc, &argv, &error))
    return ok_cli_usage_error (context, error->message);
  if (argc != 2)
    return ok_cli_usage_error (context, _("Name exactly one certificate id."));
  request.exports = exports;

  modes = (request.exports != NULL || command != NULL) + request.clear + (request.remove != 0) + request.run +
          request.password + request.list;
  if (modes > 1)
    return ok_cli_usage_error (context, _("Choose one of --list, --export/--command, --remove, --clear, --password or --run."));
  if (command != NULL && command[0] == NULL)
    return ok_cli_usage_error (context, _("--command needs the program to run."));
  if (request.timeout != 0 && command == NULL)
    return ok_cli_usage_error (context, _("--timeout only applies to --command."));
  if (request.json && modes > 0 && !request.list)
    return ok_cli_usage_error (context, _("--json only applies to --list."));

  if (!(store = ok_cli_open_store (&error)) ||
      !(certificate = ok_store_lookup (store, argv[1], &error)))
    return ok_cli_fail (error);

  if (request.exports != NULL || command != NULL)
    return add_actions (store, certificate, &request);
  if (request.remove != 0)
    return remove_action (store, certificate, &request);
  if (request.clear)
    return clear_actions (store, certificate, &request);
  if (request.run)
    return run_actions (store, certificate, &request);
  if (request.password)
    {
      if (request.dry_run)
        return OK_CLI_EXIT_OK;
      return ensure_password (certificate, TRUE, &error) ? OK_CLI_EXIT_OK : ok_cli_fail (error);
    }

  if (request.json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (),
                                                       ok_deploy_actions_to_json (ok_certificate_get_deploy_actions (certificate)));
      ok_cli_print_json (node);
      return OK_CLI_EXIT_OK;
    }

  print_actions (ok_certificate_get_deploy_actions (certificate));
  return OK_CLI_EXIT_OK;
}

/* For the bash completion (data/completions/oces-keeper-cli): the ids, one a line. Not
 * listed in --help; it never prints warnings, which would end up on the user's prompt. */
int
ok_cli_complete_ids (int    argc,
                     char **argv)
{
  g_autoptr(OkStore) store = ok_store_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  guint n;

  ok_store_load_async (store, NULL, ok_cli_async_ready, &result);
  if (!ok_store_load_finish (store, ok_cli_wait (&result), NULL))
    return OK_CLI_EXIT_FAILED;

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_print ("%s\n", ok_certificate_get_id (certificate));
    }

  return OK_CLI_EXIT_OK;
}
