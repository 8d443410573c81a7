/* ok-import-match.c — what an imported file is to the store, and saving it as that
 *
 * A certificate renewed in the portal or by a colleague arrives as a new file. Added as an
 * entry of its own, the old entry would keep sending expiry reminders; so a newer certificate
 * of the same holder (OCES3 UUID, CVR, environment) becomes the old entry's next generation.
 * A file with the key of a monitored-only certificate, or that key alone, gives the entry its key.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-deploy.h"
#include "ok-import.h"
#include "ok-import-match.h"

typedef struct
{
  OkImported    *imported;
  OkCertificate *certificate;   /* the imported certificate, parsed */
  OkCertificate *entry;         /* the entry it adds a key to or renews */
  OkCertificate *saved;
  char          *source;
  char          *name;
  OkEnvironment  environment_override;
  OkImportMatch  outcome;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->imported);
  g_clear_object (&job->certificate);
  g_clear_object (&job->entry);
  g_clear_object (&job->saved);
  g_free (job->source);
  g_free (job->name);
  g_free (job);
}

/* The same OCES3 holder: UUID and CVR, in the same environment where both are known. */
static gboolean
same_holder (OkCertificate *entry,
             OkCertificate *imported)
{
  OkEnvironment entry_environment = ok_certificate_get_environment (entry);
  OkEnvironment imported_environment = ok_certificate_get_environment (imported);

  return ok_certificate_get_uuid (entry) != NULL &&
         g_strcmp0 (ok_certificate_get_uuid (entry), ok_certificate_get_uuid (imported)) == 0 &&
         g_strcmp0 (ok_certificate_get_cvr (entry), ok_certificate_get_cvr (imported)) == 0 &&
         (entry_environment == OK_ENVIRONMENT_UNKNOWN || imported_environment == OK_ENVIRONMENT_UNKNOWN ||
          entry_environment == imported_environment);
}

/**
 * ok_import_match_renews:
 *
 * Whether @newer is a later certificate of @entry's holder: same UUID, CVR and environment,
 * and valid from a later time (or, from the same time, until a later one).
 */
gboolean
ok_import_match_renews (OkCertificate *entry,
                        OkCertificate *newer)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE (entry), FALSE);
  g_return_val_if_fail (OK_IS_CERTIFICATE (newer), FALSE);

  if (!same_holder (entry, newer))
    return FALSE;

  if (ok_certificate_get_not_before (newer) != ok_certificate_get_not_before (entry))
    return ok_certificate_get_not_before (newer) > ok_certificate_get_not_before (entry);
  return ok_certificate_get_not_after (newer) > ok_certificate_get_not_after (entry);
}

static OkImportMatch
match (OkStore        *store,
       OkImported     *imported,
       OkCertificate  *certificate,
       GPtrArray      *entries)
{
  OkCertificate *duplicate = ok_store_find_duplicate (store, ok_imported_get_certificate (imported));
  g_autoptr(OkCertificate) newer_entry = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  if (duplicate != NULL)
    {
      g_ptr_array_add (entries, g_object_ref (duplicate));
      return !ok_certificate_get_has_private_key (duplicate) && ok_imported_get_key (imported) != NULL
             ? OK_IMPORT_MATCH_KEY_ADDED : OK_IMPORT_MATCH_DUPLICATE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkCertificate) entry = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (ok_import_match_renews (entry, certificate))
        g_ptr_array_add (entries, g_steal_pointer (&entry));
      else if (newer_entry == NULL && same_holder (entry, certificate))
        newer_entry = g_steal_pointer (&entry);
    }

  if (entries->len == 1)
    return OK_IMPORT_MATCH_RENEWED_ELSEWHERE;
  if (entries->len > 1)
    return OK_IMPORT_MATCH_AMBIGUOUS;
  if (newer_entry != NULL)
    {
      g_ptr_array_add (entries, g_steal_pointer (&newer_entry));
      return OK_IMPORT_MATCH_OLDER;
    }
  return OK_IMPORT_MATCH_NEW;
}

/* A key file alone: whose current certificate is it the key of? Only an entry without a key can
 * take it; the entries that have it already make it a duplicate. */
static OkImportMatch
match_key (OkStore    *store,
           OkKey      *key,
           GPtrArray  *entries)
{
  g_autoptr(GPtrArray) with_key = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) without_key = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  GPtrArray *found;
  OkImportMatch outcome;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkCertificate) entry = g_list_model_get_item (G_LIST_MODEL (store), i);
      GPtrArray *group;

      if (!ok_key_matches_certificate (key, ok_certificate_get_der (entry)))
        continue;
      group = ok_certificate_get_has_private_key (entry) ? with_key : without_key;
      g_ptr_array_add (group, g_steal_pointer (&entry));
    }

  if (without_key->len == 1)
    found = without_key, outcome = OK_IMPORT_MATCH_KEY_ADDED;
  else if (without_key->len > 1)
    found = without_key, outcome = OK_IMPORT_MATCH_KEY_AMBIGUOUS;
  else if (with_key->len > 0)
    found = with_key, outcome = OK_IMPORT_MATCH_DUPLICATE;
  else
    return OK_IMPORT_MATCH_KEY_UNMATCHED;

  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (entries, g_object_ref (g_ptr_array_index (found, i)));
  return outcome;
}

/**
 * ok_import_match_find:
 * @entries: (out) (optional) (element-type OkCertificate) (transfer container): the entries the
 *   outcome is about: the duplicate, the one renewed, the candidates, or the newer one
 *
 * Says what saving @imported would do, from this process's view of @store.
 */
OkImportMatch
ok_import_match_find (OkStore     *store,
                      OkImported  *imported,
                      GPtrArray  **entries)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OkCertificate) certificate = NULL;
  OkImportMatch outcome = OK_IMPORT_MATCH_NEW;

  g_return_val_if_fail (OK_IS_STORE (store), OK_IMPORT_MATCH_NEW);
  g_return_val_if_fail (OK_IS_IMPORTED (imported), OK_IMPORT_MATCH_NEW);

  if (ok_imported_get_certificate (imported) == NULL)
    outcome = match_key (store, ok_imported_get_key (imported), found);
  else if ((certificate = ok_certificate_new_from_der (ok_imported_get_certificate (imported), NULL)) != NULL)
    outcome = match (store, imported, certificate, found);

  if (entries != NULL)
    *entries = g_steal_pointer (&found);
  return outcome;
}

static char *
join_names (GPtrArray *entries)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      OkCertificate *entry = g_ptr_array_index (entries, i);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append_printf (names, "“%s” (%s)", ok_certificate_get_name (entry), ok_certificate_get_id (entry));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
deployed (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A failed deploy action is in the log and the notification; the import itself stands. */
  if (!ok_deploy_run_finish (OK_STORE (object), result, &error))
    g_debug ("Deploy actions after an import: %s", error->message);
  g_task_return_pointer (task, g_object_ref (job->saved), g_object_unref);
}

static void
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OkStore *store = OK_STORE (object);
  SaveJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->saved = job->outcome == OK_IMPORT_MATCH_NEW ? ok_store_add_finish (store, result, &error)
                                                   : ok_store_replace_finish (store, result, &error);
  if (job->saved == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->outcome != OK_IMPORT_MATCH_RENEWED_ELSEWHERE)
    {
      g_task_return_pointer (task, g_object_ref (job->saved), g_object_unref);
      return;
    }

  /* The same as after a renewal here: the consumers get the new certificate. */
  ok_deploy_run_async (store, job->saved, ok_imported_get_key (job->imported), g_task_get_cancellable (task),
                       deployed, g_object_ref (task));
}

static OkEvent *
make_event (SaveJob *job)
{
  g_autofree char *message = NULL;
  OkEventType type;

  switch (job->outcome)
    {
    case OK_IMPORT_MATCH_KEY_ADDED:
      type = OK_EVENT_TYPE_KEY_ADDED;
      /* Translators: %s is a file name */
      message = g_strdup_printf (_("Private key added from %s; automatic renewal is on."), job->source);
      break;
    case OK_IMPORT_MATCH_RENEWED_ELSEWHERE:
      type = OK_EVENT_TYPE_RENEWED_ELSEWHERE;
      message = ok_imported_get_key (job->imported) != NULL
        /* Translators: the first %s is a serial number, the second a file name */
        ? g_strdup_printf (_("Renewed outside OCES Keeper: the newer certificate (serial %s) was imported from %s with its private key."),
                           ok_certificate_get_serial (job->certificate), job->source)
        /* Translators: the first %s is a serial number, the second a file name */
        : g_strdup_printf (_("Renewed outside OCES Keeper: the newer certificate (serial %s) was imported from %s without its private key, so it is monitored only. To renew it here, import the PKCS#12 file with its key from whoever renewed it."),
                           ok_certificate_get_serial (job->certificate), job->source);
      break;
    case OK_IMPORT_MATCH_NEW:
    case OK_IMPORT_MATCH_DUPLICATE:
    case OK_IMPORT_MATCH_AMBIGUOUS:
    case OK_IMPORT_MATCH_OLDER:
    case OK_IMPORT_MATCH_KEY_UNMATCHED:
    case OK_IMPORT_MATCH_KEY_AMBIGUOUS:
    default:
      type = OK_EVENT_TYPE_IMPORTED;
      message = g_strdup_printf (ok_imported_get_key (job->imported) != NULL
                                   ? _("Imported from %s with its private key.")
                                   : _("Imported from %s without a private key; monitored only."),
                                 job->source);
      break;
    }

  return ok_event_new (type, message, NULL);
}

static gboolean
refuse (GTask         *task,
        OkImportMatch  outcome,
        GPtrArray     *entries)
{
  g_autofree char *names = join_names (entries);
  OkCertificate *first = entries->len > 0 ? g_ptr_array_index (entries, 0) : NULL;

  switch (outcome)
    {
    case OK_IMPORT_MATCH_DUPLICATE:
      g_task_return_new_error (task, OK_STORE_ERROR, OK_STORE_ERROR_DUPLICATE,
                               _("This certificate is already in OCES Keeper as “%s”."),
                               ok_certificate_get_name (first));
      return TRUE;
    case OK_IMPORT_MATCH_AMBIGUOUS:
      g_task_return_new_error (task, OK_IMPORT_ERROR, OK_IMPORT_ERROR_AMBIGUOUS,
                               /* Translators: %s lists certificate names and ids */
                               _("This certificate is a renewal of more than one certificate in OCES Keeper: %s. Say which one it replaces."),
                               names);
      return TRUE;
    case OK_IMPORT_MATCH_OLDER:
      g_task_return_new_error (task, OK_IMPORT_ERROR, OK_IMPORT_ERROR_OLDER,
                               /* Translators: %s is a certificate name and id */
                               _("OCES Keeper already monitors a newer certificate of the same system: %s. This one was not added."),
                               names);
      return TRUE;
    case OK_IMPORT_MATCH_KEY_UNMATCHED:
      g_task_return_new_error (task, OK_IMPORT_ERROR, OK_IMPORT_ERROR_KEY_UNMATCHED,
                               _("This key belongs to no certificate in OCES Keeper. Import the certificate first, or a PKCS#12 file with both."));
      return TRUE;
    case OK_IMPORT_MATCH_KEY_AMBIGUOUS:
      g_task_return_new_error (task, OK_IMPORT_ERROR, OK_IMPORT_ERROR_KEY_AMBIGUOUS,
                               /* Translators: %s lists certificate names and ids */
                               _("This key belongs to more than one certificate in OCES Keeper: %s. Import a PKCS#12 file with the certificate it is for and the key."),
                               names);
      return TRUE;
    case OK_IMPORT_MATCH_NEW:
    case OK_IMPORT_MATCH_KEY_ADDED:
    case OK_IMPORT_MATCH_RENEWED_ELSEWHERE:
    default:
      return FALSE;
    }
}

/**
 * ok_import_match_save_async:
 * @source: the file's name, for the log
 * @name: (nullable): the name of a new entry
 * @environment_override: for a new entry; %OK_ENVIRONMENT_UNKNOWN to use the detected one
 * @renews: (nullable): the entry the user says @imported renews (ok_import_match_renews() must
 *   hold), when ok_import_match_find() found several
 * @as_new_entry: add @imported as an entry of its own whatever it matches
 *
 * Saves @imported as what ok_import_match_find() says it is: a new entry, the key of a
 * monitored-only entry, or the next generation of the entry it renews (whose deploy actions
 * then run). A duplicate, an ambiguous renewal and an older certificate are refused. A key file
 * alone becomes the key of the one entry without a key whose current certificate it belongs to,
 * and is refused otherwise; @name, @environment_override, @renews and @as_new_entry do not apply.
 */
void
ok_import_match_save_async (OkStore             *store,
                            OkImported          *imported,
                            const char          *source,
                            const char          *name,
                            OkEnvironment        environment_override,
                            OkCertificate       *renews,
                            gboolean             as_new_entry,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OkEvent) event = NULL;
  GError *error = NULL;
  SaveJob *job;

  g_return_if_fail (OK_IS_STORE (store));
  g_return_if_fail (OK_IS_IMPORTED (imported));
  g_return_if_fail (source != NULL);
  g_return_if_fail (renews == NULL || OK_IS_CERTIFICATE (renews));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_import_match_save_async);
  job = g_new0 (SaveJob, 1);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  job->imported = g_object_ref (imported);
  job->source = g_strdup (source);
  job->name = g_strdup (name);
  job->environment_override = environment_override;

  /* A key file alone can only be the key of the entry it belongs to; there is no certificate to
   * add, rename or put in an environment, nor one that renews anything. */
  if (ok_imported_get_certificate (imported) == NULL)
    {
      job->outcome = match_key (store, ok_imported_get_key (imported), entries);
      if (refuse (task, job->outcome, entries))
        return;
      g_assert (job->outcome == OK_IMPORT_MATCH_KEY_ADDED);
      event = make_event (job);
      job->entry = g_object_ref (g_ptr_array_index (entries, 0));
      ok_store_add_key_async (store, job->entry, ok_imported_get_key (imported), event, cancellable,
                              saved, g_object_ref (task));
      return;
    }

  job->certificate = ok_certificate_new_from_der (ok_imported_get_certificate (imported), &error);
  if (job->certificate == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (environment_override != OK_ENVIRONMENT_UNKNOWN)
    ok_certificate_set_environment_override (job->certificate, environment_override);

  if (as_new_entry)
    job->outcome = OK_IMPORT_MATCH_NEW;
  else if (renews != NULL)
    {
      if (!ok_import_match_renews (renews, job->certificate))
        {
          g_task_return_new_error (task, OK_IMPORT_ERROR, OK_IMPORT_ERROR_NOT_RENEWAL,
                                   _("This certificate is not a newer certificate of “%s”: the UUID, CVR or environment differ, or it is not newer."),
                                   ok_certificate_get_name (renews));
          return;
        }
      job->outcome = OK_IMPORT_MATCH_RENEWED_ELSEWHERE;
      g_ptr_array_add (entries, g_object_ref (renews));
    }
  else
    job->outcome = match (store, imported, job->certificate, entries);

  if (refuse (task, job->outcome, entries))
    return;

  event = make_event (job);
  switch (job->outcome)
    {
    case OK_IMPORT_MATCH_KEY_ADDED:
      job->entry = g_object_ref (g_ptr_array_index (entries, 0));
      ok_store_add_key_async (store, job->entry, ok_imported_get_key (imported), event, cancellable,
                              saved, g_object_ref (task));
      break;
    case OK_IMPORT_MATCH_RENEWED_ELSEWHERE:
      job->entry = g_object_ref (g_ptr_array_index (entries, 0));
      ok_store_replace_async (store, job->entry, ok_imported_get_certificate (imported),
                              ok_imported_get_chain (imported), ok_imported_get_key (imported), event,
                              cancellable, saved, g_object_ref (task));
      break;
    case OK_IMPORT_MATCH_NEW:
    case OK_IMPORT_MATCH_DUPLICATE:
    case OK_IMPORT_MATCH_AMBIGUOUS:
    case OK_IMPORT_MATCH_OLDER:
    case OK_IMPORT_MATCH_KEY_UNMATCHED:
    case OK_IMPORT_MATCH_KEY_AMBIGUOUS:
    default:
      g_ptr_array_add (events, g_steal_pointer (&event));
      ok_store_add_async (store, ok_imported_get_certificate (imported), ok_imported_get_chain (imported),
                          ok_imported_get_key (imported), name, environment_override, events, cancellable,
                          saved, g_object_ref (task));
      break;
    }
}

/**
 * ok_import_match_save_finish:
 * @outcome: (out) (optional): what the import became
 *
 * Returns: (transfer full): the entry as saved
 */
OkCertificate *
ok_import_match_save_finish (OkStore        *store,
                             GAsyncResult   *result,
                             OkImportMatch  *outcome,
                             GError        **error)
{
  SaveJob *job;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  job = g_task_get_task_data (G_TASK (result));
  if (outcome != NULL)
    *outcome = job->outcome;
  return g_task_propagate_pointer (G_TASK (result), error);
}
