/* test-ca-scenario.c — the certificate profiles the reference CA knows, read from a JSON
 * scenario file and re-read whenever that file changes
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "test-ca-scenario.h"

struct _TestCaScenario
{
  GObject parent_instance;

  char *path;
  GPtrArray *profiles;
  GHashTable *revoked;

  /* What the file looked like when read: compared at every request, so a test that rewrites
   * the file sees the change at its very next request, with no watcher to race. */
  gint64 mtime_sec;
  gint64 mtime_nsec;
  gint64 size;
  guint64 inode;
};

G_DEFINE_FINAL_TYPE (TestCaScenario, test_ca_scenario, G_TYPE_OBJECT)

static void
profile_clear (TestCaProfile *profile)
{
  g_free (profile->reference_number);
  g_free (profile->one_time_code);
  g_free (profile->cvr);
  g_free (profile->organisation);
  g_free (profile->common_name);
  g_free (profile->email);
  g_free (profile->uuid);
}

TestCaProfile *
test_ca_profile_ref (TestCaProfile *profile)
{
  return g_atomic_rc_box_acquire (profile);
}

void
test_ca_profile_unref (TestCaProfile *profile)
{
  g_atomic_rc_box_release_full (profile, (GDestroyNotify) profile_clear);
}

static void
test_ca_scenario_finalize (GObject *object)
{
  TestCaScenario *self = TEST_CA_SCENARIO (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->revoked, g_hash_table_unref);

  G_OBJECT_CLASS (test_ca_scenario_parent_class)->finalize (object);
}

static void
test_ca_scenario_class_init (TestCaScenarioClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_ca_scenario_finalize;
}

static void
test_ca_scenario_init (TestCaScenario *self)
{
  self->profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) test_ca_profile_unref);
  self->revoked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static gpointer
invalid_profile (GError     **error,
                 guint        index,
                 const char  *what)
{
  g_set_error (error, TEST_CA_ERROR, TEST_CA_ERROR_SCENARIO, "profile %u: %s", index, what);
  return NULL;
}

static char *
dup_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

static gboolean
read_bool (JsonObject *object,
           const char *name,
           gboolean    fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;

  return json_node_get_boolean (node);
}

static gboolean
is_cvr (const char *text)
{
  if (text == NULL || strlen (text) != 8)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

/* Three years minus a second, as OCES3 leaves have it, unless the profile says otherwise. */
static GTimeSpan
read_validity (JsonObject *object)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_years (now, 3);

  if (json_object_has_member (object, "validitySeconds"))
    return json_object_get_int_member (object, "validitySeconds") * G_TIME_SPAN_SECOND;

  if (json_object_has_member (object, "validityDays"))
    return json_object_get_int_member (object, "validityDays") * G_TIME_SPAN_DAY - G_TIME_SPAN_SECOND;

  return g_date_time_difference (later, now) - G_TIME_SPAN_SECOND;
}

static TestCaProfile *
read_profile (JsonNode  *node,
              guint      index,
              GError   **error)
{
  g_autoptr(TestCaProfile) profile = g_atomic_rc_box_new0 (TestCaProfile);
  g_autofree char *kind = NULL;
  JsonObject *object;
  JsonNode *faults;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid_profile (error, index, "not an object");
  object = json_node_get_object (node);

  profile->reference_number = dup_string (object, "referenceNumber");
  profile->one_time_code = dup_string (object, "oneTimeCode");
  profile->cvr = dup_string (object, "cvr");
  profile->organisation = dup_string (object, "organisation");
  profile->common_name = dup_string (object, "commonName");
  profile->email = dup_string (object, "email");
  profile->uuid = dup_string (object, "uuid");
  kind = dup_string (object, "kind");

  if (profile->reference_number == NULL || profile->one_time_code == NULL)
    return invalid_profile (error, index, "referenceNumber and oneTimeCode are required");
  if (!is_cvr (profile->cvr))
    return invalid_profile (error, index, "cvr must be 8 digits");
  if (profile->organisation == NULL || profile->common_name == NULL)
    return invalid_profile (error, index, "organisation and commonName are required");
  if (profile->uuid != NULL && !g_uuid_string_is_valid (profile->uuid))
    return invalid_profile (error, index, "uuid is not a UUID");

  if (kind == NULL || g_str_equal (kind, "system"))
    profile->kind = TEST_CA_KIND_SYSTEM;
  else if (g_str_equal (kind, "organisation"))
    profile->kind = TEST_CA_KIND_ORGANISATION;
  else
    return invalid_profile (error, index, "kind must be system or organisation");

  profile->email_validated = read_bool (object, "emailValidated", TRUE);
  profile->renewal_enabled = read_bool (object, "renewalEnabled", TRUE);
  profile->one_time_code_expired = read_bool (object, "oneTimeCodeExpired", FALSE);
  profile->answer_pkcs12 = read_bool (object, "answerPkcs12", FALSE);
  profile->revoked = read_bool (object, "revoked", FALSE);
  profile->validity = read_validity (object);

  faults = json_object_get_member (object, "faults");
  if (faults != NULL && JSON_NODE_HOLDS_ARRAY (faults))
    {
      JsonArray *array = json_node_get_array (faults);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *spec = json_array_get_string_element (array, i);

          if (spec == NULL)
            return invalid_profile (error, index, "faults must be strings");
          if (!test_ca_faults_add (&profile->faults, spec, error))
            {
              g_prefix_error (error, "profile %u: ", index);
              return NULL;
            }
        }
    }

  return g_steal_pointer (&profile);
}

static gboolean
read_file (TestCaScenario  *self,
           GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) test_ca_profile_unref);
  g_autoptr(GHashTable) revoked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonNode *root, *list;
  JsonArray *array;

  if (!json_parser_load_from_file (parser, self->path, error))
    return FALSE;

  /* Either a bare list of profiles or {"profiles": [...], "revoked": [...]}; a revoked entry is
   * a serial (hex) or UUID, or {"id": <that>, "reason": "<RFC 5280 name>"}. */
  root = json_parser_get_root (parser);
  list = root;
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *revoked_node = json_object_get_member (object, "revoked");

      list = json_object_get_member (object, "profiles");
      if (revoked_node != NULL && JSON_NODE_HOLDS_ARRAY (revoked_node))
        {
          JsonArray *revoked_array = json_node_get_array (revoked_node);

          for (guint i = 0; i < json_array_get_length (revoked_array); i++)
            {
              JsonNode *entry = json_array_get_element (revoked_array, i);
              const char *id = NULL;
              const char *reason = NULL;

              if (JSON_NODE_HOLDS_VALUE (entry) && json_node_get_value_type (entry) == G_TYPE_STRING)
                id = json_node_get_string (entry);
              else if (JSON_NODE_HOLDS_OBJECT (entry))
                {
                  id = json_object_get_string_member_with_default (json_node_get_object (entry), "id", NULL);
                  reason = json_object_get_string_member_with_default (json_node_get_object (entry), "reason", NULL);
                }

              if (id != NULL)
                g_hash_table_insert (revoked, g_ascii_strdown (id, -1), g_strdup (reason));
            }
        }
    }

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, TEST_CA_ERROR, TEST_CA_ERROR_SCENARIO,
                   "%s: expected a list of profiles", self->path);
      return FALSE;
    }

  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      TestCaProfile *profile = read_profile (json_array_get_element (array, i), i, error);

      if (profile == NULL)
        {
          g_prefix_error (error, "%s: ", self->path);
          return FALSE;
        }
      g_ptr_array_add (profiles, profile);
    }

  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  self->profiles = g_steal_pointer (&profiles);
  g_clear_pointer (&self->revoked, g_hash_table_unref);
  self->revoked = g_steal_pointer (&revoked);
  return TRUE;
}

static gboolean
stat_changed (TestCaScenario *self,
              gboolean        remember)
{
  GStatBuf info;
  gboolean changed;

  if (g_stat (self->path, &info) != 0)
    return FALSE;

  changed = info.st_mtim.tv_sec != self->mtime_sec || info.st_mtim.tv_nsec != self->mtime_nsec ||
            info.st_size != self->size || info.st_ino != self->inode;
  if (remember)
    {
      self->mtime_sec = info.st_mtim.tv_sec;
      self->mtime_nsec = info.st_mtim.tv_nsec;
      self->size = info.st_size;
      self->inode = info.st_ino;
    }

  return changed;
}

/**
 * test_ca_scenario_new:
 * @path: (nullable): the scenario file; %NULL for a CA that knows no profile
 */
TestCaScenario *
test_ca_scenario_new (const char  *path,
                      GError     **error)
{
  g_autoptr(TestCaScenario) self = g_object_new (TEST_CA_TYPE_SCENARIO, NULL);

  if (path == NULL)
    return g_steal_pointer (&self);

  self->path = g_strdup (path);
  if (!test_ca_scenario_reload (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Reads the file again; on error the profiles read before stay. */
gboolean
test_ca_scenario_reload (TestCaScenario  *self,
                         GError         **error)
{
  g_return_val_if_fail (TEST_CA_IS_SCENARIO (self), FALSE);

  if (self->path == NULL)
    return TRUE;

  stat_changed (self, TRUE);
  if (!read_file (self, error))
    return FALSE;

  g_message ("scenario %s: %u profiles", self->path, self->profiles->len);
  return TRUE;
}

void
test_ca_scenario_refresh (TestCaScenario *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TEST_CA_IS_SCENARIO (self));

  if (self->path == NULL || !stat_changed (self, FALSE))
    return;

  if (!test_ca_scenario_reload (self, &error))
    g_warning ("keeping the previous scenario: %s", error->message);
}

/**
 * test_ca_scenario_find_by_reference:
 *
 * Returns: (transfer full) (nullable): the profile, held even if the scenario changes
 */
TestCaProfile *
test_ca_scenario_find_by_reference (TestCaScenario *self,
                                    const char     *reference_number)
{
  g_return_val_if_fail (TEST_CA_IS_SCENARIO (self), NULL);

  for (guint i = 0; reference_number != NULL && i < self->profiles->len; i++)
    {
      TestCaProfile *profile = g_ptr_array_index (self->profiles, i);

      if (g_str_equal (profile->reference_number, reference_number))
        return test_ca_profile_ref (profile);
    }

  return NULL;
}

/**
 * test_ca_scenario_find_by_uuid:
 *
 * Returns: (transfer full) (nullable): the profile that names @uuid
 */
TestCaProfile *
test_ca_scenario_find_by_uuid (TestCaScenario *self,
                               const char     *uuid)
{
  g_return_val_if_fail (TEST_CA_IS_SCENARIO (self), NULL);

  for (guint i = 0; uuid != NULL && i < self->profiles->len; i++)
    {
      TestCaProfile *profile = g_ptr_array_index (self->profiles, i);

      if (profile->uuid != NULL && g_ascii_strcasecmp (profile->uuid, uuid) == 0)
        return test_ca_profile_ref (profile);
    }

  return NULL;
}

/**
 * test_ca_scenario_find_revocation:
 * @reason: (out) (optional) (nullable): the reason the scenario gives, if any
 *
 * Returns: whether the scenario's top-level "revoked" list names the serial (hex) or the UUID
 */
gboolean
test_ca_scenario_find_revocation (TestCaScenario  *self,
                                  const char      *serial_hex,
                                  const char      *uuid,
                                  const char     **reason)
{
  const char *keys[2] = { serial_hex, uuid };

  g_return_val_if_fail (TEST_CA_IS_SCENARIO (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *lower = keys[i] != NULL ? g_ascii_strdown (keys[i], -1) : NULL;
      gpointer value = NULL;

      if (lower != NULL && g_hash_table_lookup_extended (self->revoked, lower, NULL, &value))
        {
          if (reason != NULL)
            *reason = value;
          return TRUE;
        }
    }

  return FALSE;
}

/* Whether the scenario's top-level "revoked" list names the serial (hex) or the UUID. */
gboolean
test_ca_scenario_is_revoked (TestCaScenario *self,
                             const char     *serial_hex,
                             const char     *uuid)
{
  return test_ca_scenario_find_revocation (self, serial_hex, uuid, NULL);
}
