/* ok-idm-light.c — the e-mail that asks MitID Erhverv to enable IdM light (automatic renewal) for
 * an organisation: its text, its mailto: URI, and the memory of when it was drafted per CVR
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ok-file.h"
#include "ok-idm-light.h"
#include "ok-paths.h"

G_DEFINE_QUARK (ok-idm-light-error-quark, ok_idm_light_error)

/* Read-modify-write of the memory file happens in worker threads; two drafts in quick
 * succession must not lose one another. */
static GMutex memory_lock;

/**
 * ok_idm_light_is_valid_cvr:
 * @cvr: (nullable): a candidate CVR number
 *
 * Returns: whether @cvr is exactly eight ASCII digits, the form of a Danish CVR number
 */
gboolean
ok_idm_light_is_valid_cvr (const char *cvr)
{
  if (cvr == NULL || strlen (cvr) != 8)
    return FALSE;

  for (const char *p = cvr; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_given (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Keeps a field on one line: a stray newline pasted into a settings field would otherwise let
 * it add lines of its own to the e-mail. */
static char *
one_line (const char *text)
{
  g_autofree char *copy = g_strdup (text != NULL ? text : "");

  g_strdelimit (copy, "\r\n\t", ' ');
  return g_strdup (g_strstrip (copy));
}

/**
 * ok_idm_light_build_body:
 * @cvr: the organisation's CVR number, eight digits
 * @organisation: (nullable): the organisation's name as its certificates carry it
 * @contact_name: (nullable): who MitID Erhverv should answer
 * @contact_email: (nullable): their e-mail address
 * @contact_phone: (nullable): their phone number
 *
 * The body follows the user interface language: Danish staff at the agency read both, and the
 * sender can check and edit a text in their own language before sending it. Lines for fields
 * that are empty are left out.
 *
 * Returns: (transfer full): the body, lines separated by "\n"
 */
char *
ok_idm_light_build_body (const char *cvr,
                         const char *organisation,
                         const char *contact_name,
                         const char *contact_email,
                         const char *contact_phone)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *org = one_line (organisation);
  g_autofree char *name = one_line (contact_name);
  g_autofree char *email = one_line (contact_email);
  g_autofree char *phone = one_line (contact_phone);

  g_return_val_if_fail (cvr != NULL, NULL);

  g_string_append (body, C_("IdM light e-mail", "Hello,"));
  g_string_append (body, "\n\n");
  g_string_append (body, C_("IdM light e-mail", "We would like IdM light to be enabled for our organisation, so that "
                           "our organisation and system certificates can be renewed automatically "
                           "through the MitID Erhverv issuance service."));
  g_string_append (body, "\n\n");

  if (is_given (org))
    {
      /* Translators: %s is the organisation's name */
      g_string_append_printf (body, C_("IdM light e-mail", "Organisation: %s"), org);
      g_string_append_c (body, '\n');
    }
  /* Translators: %s is the eight-digit CVR number */
  g_string_append_printf (body, C_("IdM light e-mail", "CVR number: %s"), cvr);
  g_string_append (body, "\n\n");

  if (is_given (name) || is_given (email) || is_given (phone))
    {
      g_string_append (body, C_("IdM light e-mail", "Contact person:"));
      g_string_append_c (body, '\n');
      if (is_given (name))
        {
          /* Translators: %s is the contact person's name */
          g_string_append_printf (body, C_("IdM light e-mail", "Name: %s"), name);
          g_string_append_c (body, '\n');
        }
      if (is_given (email))
        {
          /* Translators: %s is the contact person's e-mail address */
          g_string_append_printf (body, C_("IdM light e-mail", "E-mail: %s"), email);
          g_string_append_c (body, '\n');
        }
      if (is_given (phone))
        {
          /* Translators: %s is the contact person's phone number */
          g_string_append_printf (body, C_("IdM light e-mail", "Phone: %s"), phone);
          g_string_append_c (body, '\n');
        }
      g_string_append_c (body, '\n');
    }

  g_string_append (body, C_("IdM light e-mail", "Kind regards"));
  if (is_given (name))
    {
      g_string_append_c (body, '\n');
      g_string_append (body, name);
    }
  if (is_given (org))
    {
      g_string_append_c (body, '\n');
      g_string_append (body, org);
    }
  g_string_append_c (body, '\n');

  return g_string_free (g_steal_pointer (&body), FALSE);
}

/**
 * ok_idm_light_build_message_text:
 *
 * The whole e-mail as plain text, for pasting into a web mail client: recipient and subject
 * lines, a blank line, then the body of ok_idm_light_build_body().
 *
 * Returns: (transfer full): the text
 */
char *
ok_idm_light_build_message_text (const char *cvr,
                                 const char *organisation,
                                 const char *contact_name,
                                 const char *contact_email,
                                 const char *contact_phone)
{
  g_autofree char *body = NULL;
  g_autofree char *to = NULL;
  g_autofree char *subject = NULL;

  g_return_val_if_fail (cvr != NULL, NULL);

  body = ok_idm_light_build_body (cvr, organisation, contact_name, contact_email, contact_phone);
  /* Translators: the recipient line of an e-mail; %s is the address */
  to = g_strdup_printf (C_("IdM light e-mail", "To: %s"), OK_IDM_LIGHT_RECIPIENT);
  /* Translators: the subject line of an e-mail; %s is the subject, which stays in English */
  subject = g_strdup_printf (C_("IdM light e-mail", "Subject: %s"), OK_IDM_LIGHT_SUBJECT);

  return g_strdup_printf ("%s\n%s\n\n%s", to, subject, body);
}

/* RFC 6068 §5: line breaks in a body are CRLF, written %0D%0A. Escaping everything outside
 * RFC 3986's unreserved set is stricter than the RFC needs, and exactly what keeps '&', '?',
 * '#', '+' and '=' from being read as URI syntax (or '+' as a space) by mail clients. */
static char *
escape_hfvalue (const char *text)
{
  g_autoptr(GString) crlf = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        continue;
      if (*p == '\n')
        g_string_append (crlf, "\r\n");
      else
        g_string_append_c (crlf, *p);
    }

  return g_uri_escape_string (crlf->str, NULL, FALSE);
}

/**
 * ok_idm_light_build_mailto_uri:
 *
 * The RFC 6068 URI that opens the e-mail of ok_idm_light_build_body() in the user's mail
 * client: `mailto:mitiderhverv@digst.dk?subject=IdM%20light&body=…`. Non-ASCII text is
 * percent-encoded UTF-8.
 *
 * Returns: (transfer full): the URI
 */
char *
ok_idm_light_build_mailto_uri (const char *cvr,
                               const char *organisation,
                               const char *contact_name,
                               const char *contact_email,
                               const char *contact_phone)
{
  g_autofree char *body = NULL;
  g_autofree char *escaped_subject = NULL;
  g_autofree char *escaped_body = NULL;

  g_return_val_if_fail (cvr != NULL, NULL);

  body = ok_idm_light_build_body (cvr, organisation, contact_name, contact_email, contact_phone);
  escaped_subject = escape_hfvalue (OK_IDM_LIGHT_SUBJECT);
  escaped_body = escape_hfvalue (body);

  return g_strdup_printf ("mailto:%s?subject=%s&body=%s", OK_IDM_LIGHT_RECIPIENT, escaped_subject, escaped_body);
}

/**
 * ok_idm_light_get_memory_path:
 *
 * Returns: (transfer full): where the drafted dates live, `idm-light.json` in the data folder
 */
char *
ok_idm_light_get_memory_path (void)
{
  return g_build_filename (ok_paths_get_data_dir (), OK_IDM_LIGHT_FILE_NAME, NULL);
}

/* The file is a JSON object mapping CVR numbers to ISO 8601 UTC times. A missing file is an
 * empty map. Call with memory_lock held. */
static JsonObject *
read_memory (const char  *path,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  JsonNode *root;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return json_object_new ();
      g_set_error (error, OK_IDM_LIGHT_ERROR, OK_IDM_LIGHT_ERROR_FAILED,
                   _("Could not read the dates of drafted e-mails in “%s”: %s"), path, local_error->message);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, contents, length, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))))
    {
      g_set_error (error, OK_IDM_LIGHT_ERROR, OK_IDM_LIGHT_ERROR_DAMAGED,
                   _("The dates of drafted e-mails in “%s” are damaged"), path);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

typedef struct
{
  char      *cvr;
  GDateTime *when;
} MemoryJob;

static void
memory_job_free (MemoryJob *job)
{
  g_free (job->cvr);
  g_clear_pointer (&job->when, g_date_time_unref);
  g_free (job);
}

static void
remember_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  MemoryJob *job = task_data;
  g_autofree char *path = ok_idm_light_get_memory_path ();
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&memory_lock);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (job->when);
  g_autoptr(JsonObject) memory = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  memory = read_memory (path, &read_error);
  if (memory == NULL && g_error_matches (read_error, OK_IDM_LIGHT_ERROR, OK_IDM_LIGHT_ERROR_DAMAGED))
    {
      /* The file holds only reminders for the user; a damaged one must not keep a new draft
       * from being remembered. */
      g_debug ("Replacing %s: %s", path, read_error->message);
      memory = json_object_new ();
    }
  else if (memory == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&read_error));
      return;
    }

  iso = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  json_object_set_string_member (memory, job->cvr, iso);
  root = json_node_init_object (json_node_alloc (), memory);
  text = json_to_string (root, TRUE);

  if (!ok_file_make_private_dir (ok_paths_get_data_dir (), &error) ||
      !ok_file_write_atomic (path, text, strlen (text), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ok_idm_light_remember_drafted_async:
 * @cvr: the CVR number the e-mail was drafted for
 * @when: when it was drafted
 *
 * Records @when for @cvr in `idm-light.json`, replacing an earlier date for the same CVR.
 */
void
ok_idm_light_remember_drafted_async (const char          *cvr,
                                     GDateTime           *when,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MemoryJob *job;

  g_return_if_fail (when != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_idm_light_remember_drafted_async);

  if (!ok_idm_light_is_valid_cvr (cvr))
    {
      g_task_return_new_error (task, OK_IDM_LIGHT_ERROR, OK_IDM_LIGHT_ERROR_INVALID_CVR,
                               _("A CVR number has eight digits"));
      return;
    }

  job = g_new0 (MemoryJob, 1);
  job->cvr = g_strdup (cvr);
  job->when = g_date_time_ref (when);
  g_task_set_task_data (task, job, (GDestroyNotify) memory_job_free);
  g_task_run_in_thread (task, remember_thread);
}

gboolean
ok_idm_light_remember_drafted_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_idm_light_remember_drafted_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  MemoryJob *job = task_data;
  g_autofree char *path = ok_idm_light_get_memory_path ();
  g_autoptr(JsonObject) memory = NULL;
  g_autoptr(GDateTime) when = NULL;
  const char *iso;
  GError *error = NULL;

  g_mutex_lock (&memory_lock);
  memory = read_memory (path, &error);
  g_mutex_unlock (&memory_lock);

  if (memory == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  iso = json_object_has_member (memory, job->cvr) ? json_object_get_string_member_with_default (memory, job->cvr, NULL) : NULL;
  if (iso != NULL)
    when = g_date_time_new_from_iso8601 (iso, NULL);

  if (iso != NULL && when == NULL)
    {
      g_task_return_new_error (task, OK_IDM_LIGHT_ERROR, OK_IDM_LIGHT_ERROR_DAMAGED,
                               _("The dates of drafted e-mails in “%s” are damaged"), path);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&when), (GDestroyNotify) g_date_time_unref);
}

/**
 * ok_idm_light_lookup_drafted_async:
 * @cvr: a CVR number
 *
 * Looks up when the e-mail was last drafted for @cvr.
 */
void
ok_idm_light_lookup_drafted_async (const char          *cvr,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MemoryJob *job;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ok_idm_light_lookup_drafted_async);

  if (!ok_idm_light_is_valid_cvr (cvr))
    {
      g_task_return_new_error (task, OK_IDM_LIGHT_ERROR, OK_IDM_LIGHT_ERROR_INVALID_CVR,
                               _("A CVR number has eight digits"));
      return;
    }

  job = g_new0 (MemoryJob, 1);
  job->cvr = g_strdup (cvr);
  g_task_set_task_data (task, job, (GDestroyNotify) memory_job_free);
  g_task_run_in_thread (task, lookup_thread);
}

/**
 * ok_idm_light_lookup_drafted_finish:
 *
 * Returns: (transfer full) (nullable): when the e-mail was drafted for the CVR, in UTC; %NULL
 *   without an error when it never was
 */
GDateTime *
ok_idm_light_lookup_drafted_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_idm_light_lookup_drafted_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
