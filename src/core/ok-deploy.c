/* ok-deploy.c — running a certificate's deploy actions
 *
 * A run writes every export first (atomically, 0600; the private key only ever encrypted with
 * the export password from the keyring), then runs the commands in order, each seeing every
 * exported file in OCES_*_FILE variables. When an export fails the commands are not run: a
 * service reloaded onto a half-written set of files is worse than one left as it was.
 *
 * Each run ends in one event: DEPLOYED, or DEPLOY_ERROR naming what failed, with each
 * command's exit status and the end of its output in the detailed text. A failed run never
 * touches the certificate itself; the renewal it followed stands.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ok-deploy.h"
#include "ok-deploy-command.h"
#include "ok-export.h"
#include "ok-file.h"
#include "ok-secrets.h"

G_DEFINE_QUARK (ok-deploy-error-quark, ok_deploy_error)

gboolean
ok_deploy_actions_need_password (GPtrArray *actions)
{
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    if (ok_deploy_action_needs_password (g_ptr_array_index (actions, i)))
      return TRUE;

  return FALSE;
}

static void
add_variable (GStrvBuilder *builder,
              const char   *name,
              const char   *value)
{
  g_autofree char *entry = NULL;

  if (value == NULL)
    return;

  entry = g_strconcat (name, "=", value, NULL);
  g_strv_builder_add (builder, entry);
}

/**
 * ok_deploy_dup_variables:
 * @actions: (element-type OkDeployAction): the list whose exports the commands will see
 *
 * Returns: (transfer full): the OCES_* variables a command of @actions gets, as "NAME=VALUE";
 *   facts the certificate lacks (a CVR, a UUID) are left out rather than set empty
 */
char **
ok_deploy_dup_variables (OkCertificate *certificate,
                         GPtrArray     *actions)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GDateTime) not_after = NULL;
  g_autofree char *not_after_text = NULL;
  guint seen = 0;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  not_after = ok_certificate_dup_not_after (certificate);
  not_after_text = not_after != NULL ? g_date_time_format (not_after, "%Y-%m-%dT%H:%M:%SZ") : NULL;

  add_variable (builder, "OCES_ID", ok_certificate_get_id (certificate));
  add_variable (builder, "OCES_NAME", ok_certificate_get_name (certificate));
  add_variable (builder, "OCES_CVR", ok_certificate_get_cvr (certificate));
  add_variable (builder, "OCES_UUID", ok_certificate_get_uuid (certificate));
  add_variable (builder, "OCES_ENVIRONMENT", ok_environment_to_string (ok_certificate_get_environment (certificate)));
  add_variable (builder, "OCES_KIND", ok_certificate_kind_to_string (ok_certificate_get_kind (certificate)));
  add_variable (builder, "OCES_SERIAL", ok_certificate_get_serial (certificate));
  add_variable (builder, "OCES_NOT_AFTER", not_after_text);

  /* One variable per format, naming that format's first export: a second export of the same
   * format (a copy elsewhere) would otherwise repeat the variable with another value. */
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      OkDeployAction *action = g_ptr_array_index (actions, i);
      OkDeployFormat format;

      if (ok_deploy_action_get_kind (action) != OK_DEPLOY_ACTION_EXPORT)
        continue;

      format = ok_deploy_action_get_format (action);
      if (seen & (1u << format))
        continue;
      seen |= 1u << format;

      add_variable (builder, ok_deploy_format_get_variable (format), ok_deploy_action_get_path (action));
      /* The name hooks written before OCES_PEM_FILE existed read. */
      if (format == OK_DEPLOY_FORMAT_CERTIFICATE)
        add_variable (builder, "OCES_CERTIFICATE_FILE", ok_deploy_action_get_path (action));
    }

  return g_strv_builder_end (builder);
}

/* Our environment without any OCES_* of our own, plus @variables. */
static char **
command_environment (char **variables)
{
  char **environment = g_get_environ ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; environment[i] != NULL; i++)
    if (!g_str_has_prefix (environment[i], "OCES_"))
      g_strv_builder_add (builder, environment[i]);
  g_strfreev (environment);

  g_strv_builder_addv (builder, (const char **) variables);
  return g_strv_builder_end (builder);
}

/**
 * ok_deploy_describe:
 *
 * Returns: (transfer full): what a run would do, one translated line per step, in order —
 *   for dry runs and previews
 */
char **
ok_deploy_describe (OkCertificate *certificate)
{
  GPtrArray *actions;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) variables = NULL;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  actions = ok_certificate_get_deploy_actions (certificate);
  variables = ok_deploy_dup_variables (certificate, actions);
  joined = g_strjoinv (" ", variables);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < actions->len; i++)
      {
        OkDeployAction *action = g_ptr_array_index (actions, i);
        g_autofree char *described = ok_deploy_action_describe (action);
        g_autofree char *line = NULL;

        if ((pass == 0) != (ok_deploy_action_get_kind (action) == OK_DEPLOY_ACTION_EXPORT))
          continue;

        if (pass == 0)
          line = ok_deploy_action_needs_password (action)
                   /* Translators: %s describes an export, e.g. "export p12 to /etc/app/oces.p12" */
                   ? g_strdup_printf (_("%s (0600, protected with the export password from the keyring)"), described)
                   /* Translators: %s describes an export, e.g. "export pem to /etc/app/oces.pem" */
                   : g_strdup_printf (_("%s (0600)"), described);
        else
          /* Translators: the first %s describes a command, the second lists environment variables */
          line = g_strdup_printf (_("%s with %s"), described, joined);
        g_strv_builder_add (builder, line);
      }

  return g_strv_builder_end (builder);
}

/**
 * ok_deploy_dup_last_failure:
 *
 * For the monitor's notification and the app's detail page.
 *
 * Returns: (transfer full) (nullable): the DEPLOY_ERROR event of the latest deploy run, or
 *   %NULL when that run succeeded or there never was one
 */
OkEvent *
ok_deploy_dup_last_failure (OkCertificate *certificate)
{
  GListModel *events;

  g_return_val_if_fail (OK_IS_CERTIFICATE (certificate), NULL);

  events = ok_certificate_get_events (certificate);
  for (guint i = g_list_model_get_n_items (events); i > 0; i--)
    {
      g_autoptr(OkEvent) event = g_list_model_get_item (events, i - 1);
      OkEventType type = ok_event_get_event_type (event);

      if (type == OK_EVENT_TYPE_DEPLOY_ERROR)
        return g_steal_pointer (&event);
      if (type == OK_EVENT_TYPE_DEPLOYED)
        return NULL;
    }

  return NULL;
}

/* ---- the export password ------------------------------------------------------------------ */

static void
password_stored (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (ok_secrets_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ok_deploy_store_password_async:
 *
 * Keeps @password in the keyring (kind export-password) as the password of @certificate's
 * exported PKCS#12 files and keys, replacing any earlier one.
 */
void
ok_deploy_store_password_async (OkCertificate       *certificate,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_deploy_store_password_async);

  if (*password == '\0')
    {
      g_task_return_new_error (task, OK_DEPLOY_ERROR, OK_DEPLOY_ERROR_NO_PASSWORD,
                               _("An empty password would leave the exported private key unprotected; choose one."));
      return;
    }

  /* Translators: %s is the certificate's name */
  label = g_strdup_printf (_("OCES Keeper export password for “%s”"), ok_certificate_get_name (certificate));
  ok_secrets_store_async (OK_SECRET_KIND_EXPORT_PASSWORD, ok_certificate_get_id (certificate),
                          ok_environment_to_string (ok_certificate_get_environment (certificate)),
                          label, password, cancellable, password_stored, g_object_ref (task));
}

gboolean
ok_deploy_store_password_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- a run -------------------------------------------------------------------------------- */

typedef struct
{
  OkCertificate *certificate;
  OkKey         *key;
  GPtrArray     *actions;        /* a snapshot: edits during a run apply to the next one */
  GPtrArray     *chain;          /* GBytes */
  char          *password;
  GError        *key_problem;    /* why exports of the key cannot be written */
  GPtrArray     *done;           /* one line per action that succeeded */
  GPtrArray     *failed;         /* one line per action that failed or was skipped */
  guint          skipped;        /* of those, commands not run because an export failed */
  GString       *details;
  guint          next;           /* the next action to look at */
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->certificate);
  g_clear_object (&run->key);
  g_clear_pointer (&run->actions, g_ptr_array_unref);
  g_clear_pointer (&run->chain, g_ptr_array_unref);
  g_clear_pointer (&run->password, ok_secrets_free);
  g_clear_error (&run->key_problem);
  g_clear_pointer (&run->done, g_ptr_array_unref);
  g_clear_pointer (&run->failed, g_ptr_array_unref);
  if (run->details != NULL)
    g_string_free (run->details, TRUE);
  g_free (run);
}

static void
record (Run            *run,
        OkDeployAction *action,
        const char     *problem,
        const char     *outcome)
{
  g_autofree char *described = ok_deploy_action_describe (action);
  char *line;

  /* The details list every failure and every command's outcome, each followed by the
   * command's output; plain successful exports need no more than the summary. */
  if (problem != NULL)
    {
      line = g_strdup_printf ("%s: %s", described, problem);
      g_ptr_array_add (run->failed, line);
      g_string_append_printf (run->details, "%s\n", line);
    }
  else if (outcome != NULL)
    {
      line = g_strdup_printf ("%s (%s)", described, outcome);
      g_ptr_array_add (run->done, line);
      g_string_append_printf (run->details, "%s\n", line);
    }
  else
    g_ptr_array_add (run->done, g_steal_pointer (&described));
}

static GBytes *
export_bytes (Run             *run,
              OkDeployAction  *action,
              GError         **error)
{
  OkCertificate *certificate = run->certificate;
  OkDeployFormat format = ok_deploy_action_get_format (action);
  char *pem = NULL;

  if (ok_deploy_format_needs_key (format) && run->key_problem != NULL)
    {
      g_propagate_error (error, g_error_copy (run->key_problem));
      return NULL;
    }

  switch (format)
    {
    case OK_DEPLOY_FORMAT_P12:
    case OK_DEPLOY_FORMAT_P12_LEGACY:
      return ok_export_pkcs12 (ok_certificate_get_der (certificate), run->chain, run->key,
                               ok_certificate_get_name (certificate), run->password,
                               format == OK_DEPLOY_FORMAT_P12_LEGACY, error);
    case OK_DEPLOY_FORMAT_KEY:
      return ok_key_export_pkcs8_pem (run->key, run->password, error);
    case OK_DEPLOY_FORMAT_CERTIFICATE:
      pem = ok_export_pem_certificate (ok_certificate_get_der (certificate));
      break;
    case OK_DEPLOY_FORMAT_CHAIN:
      pem = ok_export_pem_chain (run->chain);
      break;
    case OK_DEPLOY_FORMAT_FULLCHAIN:
      {
        g_autofree char *leaf = ok_export_pem_certificate (ok_certificate_get_der (certificate));
        g_autofree char *chain = ok_export_pem_chain (run->chain);

        pem = g_strconcat (leaf, chain, NULL);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  return g_bytes_new_take (pem, strlen (pem));
}

/* Exports are CPU work (PKCS#12 key derivation) and disk syncs: done in a worker. */
static void
export_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Run *run = task_data;

  for (guint i = 0; i < run->actions->len; i++)
    {
      OkDeployAction *action = g_ptr_array_index (run->actions, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      if (ok_deploy_action_get_kind (action) != OK_DEPLOY_ACTION_EXPORT)
        continue;

      if (!(bytes = export_bytes (run, action, &error)) ||
          !ok_file_write_atomic_bytes (ok_deploy_action_get_path (action), bytes, &error))
        record (run, action, error->message, NULL);
      else
        record (run, action, NULL, NULL);
    }

  g_task_return_boolean (task, TRUE);
}

static void run_next_command (GTask *task);

static void
event_logged (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint failures;

  if (!ok_store_log_finish (OK_STORE (object), result, &error))
    g_warning ("Could not log a deploy run: %s", error->message);

  /* Commands skipped after a failed export are in the event, but did not fail themselves. */
  failures = run->failed->len - run->skipped;
  if (run->failed->len == 0)
    g_task_return_boolean (task, TRUE);
  else if (failures <= 1)
    g_task_return_new_error (task, OK_DEPLOY_ERROR, OK_DEPLOY_ERROR_FAILED,
                             _("A deploy action failed: %s"), (char *) g_ptr_array_index (run->failed, 0));
  else
    g_task_return_new_error (task, OK_DEPLOY_ERROR, OK_DEPLOY_ERROR_FAILED,
                             _("%u deploy actions failed; the first: %s"), failures,
                             (char *) g_ptr_array_index (run->failed, 0));
}

static void
finish_run (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  OkStore *store = g_task_get_source_object (task);
  g_autoptr(OkEvent) event = NULL;
  g_autofree char *message = NULL;
  g_autofree char *summary = NULL;
  const char *details = run->details->len > 0 ? run->details->str : NULL;

  if (run->failed->len == 0)
    {
      g_ptr_array_add (run->done, NULL);
      summary = g_strjoinv ("; ", (char **) run->done->pdata);
      /* Translators: %s lists what was done, e.g. "export p12 to /etc/app/oces.p12; run …" */
      message = g_strdup_printf (_("Deployed: %s."), summary);
      event = ok_event_new (OK_EVENT_TYPE_DEPLOYED, message, details);
    }
  else
    {
      g_ptr_array_add (run->failed, NULL);
      summary = g_strjoinv ("; ", (char **) run->failed->pdata);
      g_ptr_array_remove_index (run->failed, run->failed->len - 1);
      /* Translators: %s lists the failed actions and why they failed */
      message = g_strdup_printf (_("Deploy failed: %s."), summary);
      event = ok_event_new (OK_EVENT_TYPE_DEPLOY_ERROR, message, details);
    }

  /* The log write happens even when the caller has cancelled meanwhile. */
  ok_store_log_async (store, run->certificate, event, NULL, event_logged, g_object_ref (task));
}

static void
command_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  OkDeployAction *action = g_ptr_array_index (run->actions, run->next);
  g_autoptr(OkDeployCommandOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  outcome = ok_deploy_command_run_finish (result, &error);
  if (outcome == NULL)
    {
      /* Translators: %s is the reason from the system, e.g. "No such file or directory" */
      g_autofree char *problem = g_strdup_printf (_("could not start: %s"), error->message);
      record (run, action, problem, NULL);
    }
  else
    {
      described = ok_deploy_command_outcome_describe (outcome);
      record (run, action, ok_deploy_command_outcome_succeeded (outcome) ? NULL : described, described);
      if (*outcome->output != '\0')
        g_string_append_printf (run->details, "%s%s%s", outcome->truncated ? "[…]\n" : "", outcome->output,
                                g_str_has_suffix (outcome->output, "\n") ? "" : "\n");
    }

  run->next++;
  run_next_command (task);
}

static void
run_next_command (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_auto(GStrv) variables = NULL;
  g_auto(GStrv) environment = NULL;

  while (run->next < run->actions->len &&
         ok_deploy_action_get_kind (g_ptr_array_index (run->actions, run->next)) != OK_DEPLOY_ACTION_COMMAND)
    run->next++;

  if (run->next >= run->actions->len)
    {
      finish_run (task);
      return;
    }

  if (run->failed->len > 0)
    {
      record (run, g_ptr_array_index (run->actions, run->next), _("not run, because an export failed"), NULL);
      run->skipped++;
      run->next++;
      run_next_command (task);
      return;
    }

  variables = ok_deploy_dup_variables (run->certificate, run->actions);
  environment = command_environment (variables);
  ok_deploy_command_run_async (ok_deploy_action_get_argv (g_ptr_array_index (run->actions, run->next)),
                               (const char * const *) environment,
                               ok_deploy_action_get_timeout (g_ptr_array_index (run->actions, run->next)),
                               NULL, command_done, g_object_ref (task));
}

static void
exports_written (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  g_task_propagate_boolean (G_TASK (result), NULL);
  run_next_command (task);
}

static void
start_exports (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GTask) worker = g_task_new (NULL, NULL, exports_written, g_object_ref (task));

  g_task_set_task_data (worker, run, NULL);
  g_task_run_in_thread (worker, export_in_thread);
}

static void
key_loaded (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);

  run->key = ok_store_load_key_finish (OK_STORE (object), result, &run->key_problem);
  start_exports (task);
}

static void
password_found (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  OkStore *store = g_task_get_source_object (task);

  run->password = ok_secrets_lookup_finish (result, &run->key_problem);
  if (run->key_problem == NULL && run->password == NULL)
    run->key_problem = g_error_new_literal (OK_DEPLOY_ERROR, OK_DEPLOY_ERROR_NO_PASSWORD,
                                            _("no export password is kept in the keyring for this certificate; set one with “oces-keeper-cli deploy ID --password”"));

  if (run->key_problem == NULL && run->key == NULL)
    {
      ok_store_load_key_async (store, run->certificate, NULL, key_loaded, g_object_ref (task));
      return;
    }

  start_exports (task);
}

/**
 * ok_deploy_run_async:
 * @certificate: an entry of @store
 * @key: (nullable): its private key when the caller has it in memory (right after a
 *   renewal); otherwise it is loaded from the store when an export needs it
 *
 * Runs @certificate's deploy actions and logs the outcome (DEPLOYED or DEPLOY_ERROR). With no
 * actions it does nothing and logs nothing. Fails with %OK_DEPLOY_ERROR_FAILED when any
 * action failed.
 */
void
ok_deploy_run_async (OkStore             *store,
                     OkCertificate       *certificate,
                     OkKey               *key,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *actions;
  Run *run;

  g_return_if_fail (OK_IS_STORE (store));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));
  g_return_if_fail (key == NULL || OK_IS_KEY (key));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_deploy_run_async);
  /* Once started, a run finishes and is logged; cancelling only stops waiting for it. */
  g_task_set_check_cancellable (task, FALSE);

  actions = ok_certificate_get_deploy_actions (certificate);
  if (actions->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  run = g_new0 (Run, 1);
  run->certificate = g_object_ref (certificate);
  run->key = key != NULL ? g_object_ref (key) : NULL;
  run->actions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < actions->len; i++)
    g_ptr_array_add (run->actions, g_object_ref (g_ptr_array_index (actions, i)));
  run->chain = ok_certificate_dup_chain_der (certificate);
  run->done = g_ptr_array_new_with_free_func (g_free);
  run->failed = g_ptr_array_new_with_free_func (g_free);
  run->details = g_string_new (NULL);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  if (!ok_deploy_actions_need_password (run->actions))
    {
      start_exports (task);
      return;
    }

  ok_secrets_lookup_async (OK_SECRET_KIND_EXPORT_PASSWORD, ok_certificate_get_id (certificate), NULL,
                           password_found, g_object_ref (task));
}

gboolean
ok_deploy_run_finish (OkStore       *store,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
