/* ok-secrets.c — PINs, passwords and key passphrases in the Secret Service (libsecret)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "ok-secrets.h"

/* The schema is part of the on-disk contract (docs/architecture.md) and is read by
 * `secret-tool` in the tests, so its name and attributes never change:
 *
 *   schema name    io.github.oceskeeper.OcesKeeper (the same for the Devel profile)
 *   certificate-id the store's id of the certificate the secret belongs to
 *   kind           "pin", "p12-password", "key-passphrase" or "export-password"
 *   environment    "test" or "production" when known; absent otherwise
 *
 * e.g. `secret-tool lookup certificate-id <id> kind key-passphrase`.
 * Items go to the default collection so a locked keyring is unlocked through the
 * Secret Service's own prompt. There is deliberately no fallback to a file. */
static const SecretSchema schema = {
  "io.github.oceskeeper.OcesKeeper", SECRET_SCHEMA_NONE,
  {
    { "certificate-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "environment", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

G_DEFINE_QUARK (ok-secrets-error-quark, ok_secrets_error)

/* The app may show the keyring's unlock prompt; the CLI and the monitor's worker run where
 * nobody answers one (a timer, SSH), so they ask first whether the keyring is locked. */
static gboolean interactive = TRUE;

/**
 * ok_secrets_set_interactive:
 * @may_prompt: whether operations may wait for the keyring's unlock prompt
 *
 * Without prompts, an operation on a locked keyring fails at once with
 * %OK_SECRETS_ERROR_LOCKED instead of waiting for a prompt nobody answers.
 */
void
ok_secrets_set_interactive (gboolean may_prompt)
{
  interactive = may_prompt;
}

typedef enum {
  OPERATION_STORE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
  OPERATION_LIST,
} Operation;

typedef struct {
  Operation        operation;
  GHashTable      *attributes;
  char            *label;
  char            *secret;
  guint            attempts;   /* tries again when an item vanished under it */
  guint            alias_attempts;
  GDBusConnection *bus;
  GPtrArray       *paths;      /* listing: the items found, read one by one */
  guint            next_path;
  GStrvBuilder    *ids;
} Request;

static void
request_free (Request *request)
{
  g_clear_pointer (&request->attributes, g_hash_table_unref);
  g_clear_pointer (&request->label, g_free);
  g_clear_pointer (&request->secret, ok_secrets_free);
  g_clear_object (&request->bus);
  g_clear_pointer (&request->paths, g_ptr_array_unref);
  g_clear_pointer (&request->ids, g_strv_builder_unref);
  g_free (request);
}

const SecretSchema *
ok_secrets_get_schema (void)
{
  return &schema;
}

const char *
ok_secret_kind_to_string (OkSecretKind kind)
{
  switch (kind)
    {
    case OK_SECRET_KIND_PIN:
      return "pin";
    case OK_SECRET_KIND_P12_PASSWORD:
      return "p12-password";
    case OK_SECRET_KIND_KEY_PASSPHRASE:
      return "key-passphrase";
    case OK_SECRET_KIND_EXPORT_PASSWORD:
      return "export-password";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ok_secrets_free:
 * @secret: (nullable): a secret returned by this module
 *
 * Overwrites the secret before freeing it.
 */
void
ok_secrets_free (char *secret)
{
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
set_no_service_error (GError **error)
{
  g_set_error_literal (error, OK_SECRETS_ERROR, OK_SECRETS_ERROR_NO_SERVICE,
                       _("No keyring (Secret Service) is available. OCES Keeper keeps PINs, "
                         "passwords and key passphrases only in the keyring, so it cannot continue."));
}

static gboolean
is_no_service_error (const GError *error)
{
  if (error->domain != G_DBUS_ERROR)
    return FALSE;

  switch (error->code)
    {
    case G_DBUS_ERROR_SERVICE_UNKNOWN:
    case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
    case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
    case G_DBUS_ERROR_SPAWN_FORK_FAILED:
    case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
    case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
    case G_DBUS_ERROR_SPAWN_FAILED:
    case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
    case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
    case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
    case G_DBUS_ERROR_SPAWN_FILE_INVALID:
    case G_DBUS_ERROR_SPAWN_NO_MEMORY:
      return TRUE;
    default:
      return FALSE;
    }
}

static void run_operation (GTask *owned_task);

/* Another program (a CLI renewal, a sweep) removed an item between libsecret's search and its
 * use of what it found: the keyring changed under us, and a second look sees it as it is now. */
static gboolean
item_vanished (const GError *error)
{
  return g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD);
}

/* A libsecret/GDBus error as ours; takes @error. */
static GError *
translate_error (GError *error)
{
  GError *ours = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  if (is_no_service_error (error))
    set_no_service_error (&ours);
  else if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    g_set_error_literal (&ours, OK_SECRETS_ERROR, OK_SECRETS_ERROR_LOCKED,
                         _("The keyring is locked. Unlock it and try again."));
  else
    g_set_error (&ours, OK_SECRETS_ERROR, OK_SECRETS_ERROR_FAILED,
                 /* Translators: %s is a technical reason from the keyring */
                 _("The keyring could not be used: %s"), error->message);

  g_debug ("Secret Service: %s", error->message);
  g_error_free (error);
  return ours;
}

/* Returns @error, as ours, on @task; or tries again when an item vanished (see above). */
static void
return_error (GTask  *task,
              GError *error)
{
  Request *request = g_task_get_task_data (task);

  if (item_vanished (error) && request->attempts < 3)
    {
      g_debug ("Secret Service: %s; trying again", error->message);
      g_error_free (error);
      request->attempts++;
      run_operation (g_object_ref (task));
      return;
    }

  g_task_return_error (task, translate_error (error));
}

/* libsecret opens its session with the Secret Service by a Diffie-Hellman exchange, and
 * encrypts or decrypts each secret, on the thread that runs its callbacks: for the app, the
 * window's main loop, right when Issue is pressed. Its blocking calls in a worker keep that
 * off the caller's thread. */
static void
store_or_lookup_in_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  Request *request = task_data;

  for (;;)
    {
      GError *error = NULL;

      if (request->operation == OPERATION_STORE)
        {
          if (secret_password_storev_sync (&schema, request->attributes, SECRET_COLLECTION_DEFAULT,
                                           request->label, request->secret, cancellable, &error))
            {
              g_task_return_boolean (task, TRUE);
              return;
            }
        }
      else
        {
          char *secret = secret_password_lookupv_sync (&schema, request->attributes, cancellable, &error);

          if (error == NULL)
            {
              /* libsecret may hand out its own non-pageable memory, which must go back through
               * secret_password_free(); callers get an ordinary string they wipe with
               * ok_secrets_free(). */
              char *copy = g_strdup (secret);

              secret_password_free (secret);
              g_task_return_pointer (task, copy, (GDestroyNotify) ok_secrets_free);
              return;
            }
        }

      if (!item_vanished (error) || request->attempts >= 3)
        {
          g_task_return_error (task, translate_error (error));
          return;
        }
      g_debug ("Secret Service: %s; trying again", error->message);
      g_error_free (error);
      request->attempts++;
    }
}

static void read_next_item (GTask *owned_task);

static void
item_attributes_ready (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = NULL;

  /* An item removed meanwhile is simply not listed. */
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply != NULL)
    {
      g_variant_get (reply, "(v)", &value);
      if (g_variant_is_of_type (value, G_VARIANT_TYPE ("a{ss}")) &&
          g_variant_lookup (value, "certificate-id", "&s", &id))
        g_strv_builder_add (request->ids, id);
    }

  read_next_item (g_steal_pointer (&task));
}

static void
read_next_item (GTask *owned_task)
{
  g_autoptr(GTask) task = owned_task;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable;
  const char *path;

  if (request->next_path >= request->paths->len)
    {
      g_task_return_pointer (task, g_strv_builder_end (request->ids), (GDestroyNotify) g_strfreev);
      return;
    }

  path = g_ptr_array_index (request->paths, request->next_path++);
  cancellable = g_task_get_cancellable (task);
  g_dbus_connection_call (request->bus, "org.freedesktop.secrets", path, "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", "org.freedesktop.Secret.Item", "Attributes"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                          item_attributes_ready, g_steal_pointer (&task));
}

static void delete_next_item (GTask *owned_task);

static void
item_deleted (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  /* Gone already (another program removed it) is as good as removed. */
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL && !item_vanished (error))
    g_debug ("Secret Service: could not remove an item: %s", error->message);

  delete_next_item (g_steal_pointer (&task));
}

/* Items are removed one by one over D-Bus: libsecret's own clear returns its task twice when an
 * item it found vanishes before it removes it (another process clearing the same items). */
static void
delete_next_item (GTask *owned_task)
{
  g_autoptr(GTask) task = owned_task;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable;
  const char *path;

  if (request->next_path >= request->paths->len)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  path = g_ptr_array_index (request->paths, request->next_path++);
  cancellable = g_task_get_cancellable (task);
  g_dbus_connection_call (request->bus, "org.freedesktop.secrets", path, "org.freedesktop.Secret.Item", "Delete",
                          NULL, G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                          item_deleted, g_steal_pointer (&task));
}

static void
list_ready (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) unlocked = NULL;
  g_autoptr(GVariantIter) locked = NULL;
  GError *error = NULL;
  const char *path;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      return_error (task, error);
      return;
    }

  g_clear_pointer (&request->paths, g_ptr_array_unref);
  g_clear_pointer (&request->ids, g_strv_builder_unref);
  request->paths = g_ptr_array_new_with_free_func (g_free);
  request->ids = g_strv_builder_new ();
  request->next_path = 0;
  g_variant_get (reply, "(aoao)", &unlocked, &locked);
  while (g_variant_iter_next (unlocked, "&o", &path))
    g_ptr_array_add (request->paths, g_strdup (path));
  while (g_variant_iter_next (locked, "&o", &path))
    g_ptr_array_add (request->paths, g_strdup (path));

  if (request->operation == OPERATION_CLEAR)
    delete_next_item (g_steal_pointer (&task));
  else
    read_next_item (g_steal_pointer (&task));
}

static void
locked_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  GError *error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      return_error (task, error);
      return;
    }

  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) || g_variant_get_boolean (value))
    {
      g_task_return_new_error (task, OK_SECRETS_ERROR, OK_SECRETS_ERROR_LOCKED,
                               _("The keyring is locked, and nobody is here to unlock it. Unlock the login keyring (for example by logging in to the desktop) and try again."));
      return;
    }

  run_operation (g_steal_pointer (&task));
}

/* gnome-keyring once answered "/" here for a moment, between two CLI runs that stored secrets
 * (in CI; presumably while it re-read its keyring file): "no login keyring" is asked again
 * before it is believed. */
#define ALIAS_ATTEMPTS 3
#define ALIAS_RETRY_MS 200

static void alias_ready (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data);

static void
read_default_alias (GTask *owned_task)
{
  Request *request = g_task_get_task_data (owned_task);

  g_dbus_connection_call (request->bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                          "org.freedesktop.Secret.Service", "ReadAlias", g_variant_new ("(s)", "default"),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (owned_task),
                          alias_ready, owned_task);
}

static gboolean
read_alias_again (gpointer task)
{
  read_default_alias (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static void
alias_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  GCancellable *cancellable;
  const char *path = NULL;
  GError *error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      return_error (task, error);
      return;
    }

  g_variant_get (reply, "(&o)", &path);
  if (g_str_equal (path, "/") && request->alias_attempts < ALIAS_ATTEMPTS)
    {
      g_autoptr(GSource) again = g_timeout_source_new (ALIAS_RETRY_MS);
      GMainContext *context = g_task_get_context (task);

      request->alias_attempts++;
      g_source_set_callback (again, read_alias_again, g_steal_pointer (&task), g_object_unref);
      g_source_attach (again, context);
      return;
    }
  if (g_str_equal (path, "/"))
    {
      g_task_return_new_error (task, OK_SECRETS_ERROR, OK_SECRETS_ERROR_NO_SERVICE,
                               _("The keyring has no login keyring to keep secrets in, and nobody is here to make one. Log in to the desktop once, or set up the login keyring as docs/automation.md describes."));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_dbus_connection_call (request->bus, "org.freedesktop.secrets", path, "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", "org.freedesktop.Secret.Collection", "Locked"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                          locked_ready, g_steal_pointer (&task));
}

/* Without a session bus at all libsecret would fail with a generic I/O error, so the bus is
 * fetched first; that tells "no keyring" apart from a keyring that failed. */
static void
bus_ready (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDBusConnection) bus = NULL;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      g_debug ("No session bus: %s", error->message);
      g_clear_error (&error);
      set_no_service_error (&error);
      g_task_return_error (task, error);
      return;
    }

  request->bus = g_object_ref (bus);
  if (!interactive && request->operation != OPERATION_LIST)
    {
      /* Every item of ours is in the default collection (the login keyring): is it there, and
       * unlocked? Asked over D-Bus, which never prompts. */
      read_default_alias (g_steal_pointer (&task));
      return;
    }

  run_operation (g_steal_pointer (&task));
}

static void
run_operation (GTask *owned_task)
{
  g_autoptr(GTask) task = owned_task;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (request->operation)
    {
    case OPERATION_STORE:
    case OPERATION_LOOKUP:
      g_task_run_in_thread (task, store_or_lookup_in_thread);
      break;

    case OPERATION_CLEAR:
    case OPERATION_LIST:
      {
        /* Straight over D-Bus, attributes only: never a prompt, and an item that another
         * program removes meanwhile is one fewer in the list, not a failure. */
        g_autoptr(GVariantBuilder) attributes = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
        GHashTableIter iter;
        gpointer name, value;

        g_variant_builder_add (attributes, "{ss}", "xdg:schema", schema.name);
        g_hash_table_iter_init (&iter, request->attributes);
        while (g_hash_table_iter_next (&iter, &name, &value))
          g_variant_builder_add (attributes, "{ss}", (const char *) name, (const char *) value);
        g_dbus_connection_call (request->bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                "org.freedesktop.Secret.Service", "SearchItems",
                                g_variant_new ("(a{ss})", attributes), G_VARIANT_TYPE ("(aoao)"),
                                G_DBUS_CALL_FLAGS_NONE, -1, cancellable, list_ready, g_steal_pointer (&task));
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static GHashTable *
new_attributes (const char *certificate_id)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "certificate-id", g_strdup (certificate_id));

  return attributes;
}

static void
start (Request             *request,
       gpointer             source_tag,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  GTask *task;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_ready, task);
}

/**
 * ok_secrets_store_async:
 * @environment: (nullable): "test" or "production", kept as an attribute for people
 *   browsing their keyring
 * @label: what keyring managers (Seahorse) show for the item
 *
 * Stores @secret in the default collection. An item with the same kind, certificate
 * and environment is replaced.
 */
void
ok_secrets_store_async (OkSecretKind         kind,
                        const char          *certificate_id,
                        const char          *environment,
                        const char          *label,
                        const char          *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  Request *request;

  g_return_if_fail (ok_secret_kind_to_string (kind) != NULL);
  g_return_if_fail (certificate_id != NULL && *certificate_id != '\0');
  g_return_if_fail (label != NULL);
  g_return_if_fail (secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  request = g_new0 (Request, 1);
  request->operation = OPERATION_STORE;
  request->attributes = new_attributes (certificate_id);
  g_hash_table_insert (request->attributes, (gpointer) "kind",
                       g_strdup (ok_secret_kind_to_string (kind)));
  if (environment != NULL)
    g_hash_table_insert (request->attributes, (gpointer) "environment", g_strdup (environment));
  request->label = g_strdup (label);
  request->secret = g_strdup (secret);

  start (request, ok_secrets_store_async, cancellable, callback, user_data);
}

gboolean
ok_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ok_secrets_lookup_async (OkSecretKind         kind,
                         const char          *certificate_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Request *request;

  g_return_if_fail (ok_secret_kind_to_string (kind) != NULL);
  g_return_if_fail (certificate_id != NULL && *certificate_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  request = g_new0 (Request, 1);
  request->operation = OPERATION_LOOKUP;
  request->attributes = new_attributes (certificate_id);
  g_hash_table_insert (request->attributes, (gpointer) "kind",
                       g_strdup (ok_secret_kind_to_string (kind)));

  start (request, ok_secrets_lookup_async, cancellable, callback, user_data);
}

/**
 * ok_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the secret, to be freed with ok_secrets_free();
 *   %NULL without an error when the keyring holds none
 */
char *
ok_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ok_secrets_clear_async (OkSecretKind         kind,
                        const char          *certificate_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  Request *request;

  g_return_if_fail (ok_secret_kind_to_string (kind) != NULL);
  g_return_if_fail (certificate_id != NULL && *certificate_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  request = g_new0 (Request, 1);
  request->operation = OPERATION_CLEAR;
  request->attributes = new_attributes (certificate_id);
  g_hash_table_insert (request->attributes, (gpointer) "kind",
                       g_strdup (ok_secret_kind_to_string (kind)));

  start (request, ok_secrets_clear_async, cancellable, callback, user_data);
}

/**
 * ok_secrets_clear_finish:
 *
 * Returns: %TRUE when no such secret is left, whether or not there was one
 */
gboolean
ok_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_secrets_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ok_secrets_clear_certificate_async:
 *
 * Removes every secret of every kind that belongs to @certificate_id, for when the
 * certificate leaves the store.
 */
void
ok_secrets_clear_certificate_async (const char          *certificate_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Request *request;

  g_return_if_fail (certificate_id != NULL && *certificate_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  request = g_new0 (Request, 1);
  request->operation = OPERATION_CLEAR;
  request->attributes = new_attributes (certificate_id);

  start (request, ok_secrets_clear_certificate_async, cancellable, callback, user_data);
}

gboolean
ok_secrets_clear_certificate_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ok_secrets_clear_certificate_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ok_secrets_list_async:
 *
 * Lists the certificate ids of every item of @kind, locked ones too, without unlocking.
 */
void
ok_secrets_list_async (OkSecretKind         kind,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Request *request;

  g_return_if_fail (ok_secret_kind_to_string (kind) != NULL);

  request = g_new0 (Request, 1);
  request->operation = OPERATION_LIST;
  request->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (request->attributes, (gpointer) "kind", g_strdup (ok_secret_kind_to_string (kind)));

  start (request, ok_secrets_list_async, cancellable, callback, user_data);
}

/**
 * ok_secrets_list_finish:
 *
 * Returns: (transfer full): the certificate ids, or %NULL on error
 */
char **
ok_secrets_list_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ok_secrets_generate_passphrase:
 *
 * A passphrase for a key file: 32 bytes from GnuTLS's key-grade generator,
 * base64url without padding (43 characters, safe in any config or shell).
 *
 * Returns: (transfer full): the passphrase, to be freed with ok_secrets_free()
 */
char *
ok_secrets_generate_passphrase (void)
{
  guchar random[32];
  char *encoded;
  gsize length;
  int ret;

  /* GnuTLS only fails here when its generator is broken; carrying on would be worse. */
  if ((ret = gnutls_rnd (GNUTLS_RND_KEY, random, sizeof random)) != 0)
    g_error ("The random generator failed: %s", gnutls_strerror (ret));

  encoded = g_base64_encode (random, sizeof random);
  explicit_bzero (random, sizeof random);

  length = strlen (encoded);
  while (length > 0 && encoded[length - 1] == '=')
    encoded[--length] = '\0';
  for (char *p = encoded; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }

  return encoded;
}
