/* test-ca-registry.c — what the reference CA remembers: one-time code tries (for its lifetime)
 * and the certificates it issued (kept in the state folder)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "test-ca-crypto.h"
#include "test-ca-registry.h"

typedef struct {
  guint wrong_tries;
  gboolean used;
} CodeState;

struct _TestCaRegistry
{
  GObject parent_instance;

  char *path;
  GHashTable *codes;
  JsonObject *issued;
};

G_DEFINE_FINAL_TYPE (TestCaRegistry, test_ca_registry, G_TYPE_OBJECT)

static void
test_ca_registry_finalize (GObject *object)
{
  TestCaRegistry *self = TEST_CA_REGISTRY (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->issued, json_object_unref);

  G_OBJECT_CLASS (test_ca_registry_parent_class)->finalize (object);
}

static void
test_ca_registry_class_init (TestCaRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_ca_registry_finalize;
}

static void
test_ca_registry_init (TestCaRegistry *self)
{
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->issued = json_object_new ();
}

/**
 * test_ca_registry_new:
 * @state_dir: (nullable): where `issued.json` lives; %NULL keeps the registry in memory
 */
TestCaRegistry *
test_ca_registry_new (const char  *state_dir,
                      GError     **error)
{
  g_autoptr(TestCaRegistry) self = g_object_new (TEST_CA_TYPE_REGISTRY, NULL);
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (state_dir == NULL)
    return g_steal_pointer (&self);

  self->path = g_build_filename (state_dir, "issued.json", NULL);
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&self);

  parser = json_parser_new ();
  if (!json_parser_load_from_file (parser, self->path, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TEST_CA_ERROR, TEST_CA_ERROR_FAILED, "%s is not a JSON object", self->path);
      return NULL;
    }

  g_clear_pointer (&self->issued, json_object_unref);
  self->issued = json_object_ref (json_node_get_object (root));
  return g_steal_pointer (&self);
}

static CodeState *
code_state (TestCaRegistry *self,
            const char     *reference_number)
{
  CodeState *state = g_hash_table_lookup (self->codes, reference_number);

  if (state == NULL)
    {
      state = g_new0 (CodeState, 1);
      g_hash_table_insert (self->codes, g_strdup (reference_number), state);
    }

  return state;
}

/* Counts a wrong code; the fifth wrong one locks the reference number for good. A right code
 * is not used up here: the request may still fail later (e-mail not validated, bad CSR) and
 * then the user must be able to try again with the same code. */
TestCaCodeCheck
test_ca_registry_check_code (TestCaRegistry *self,
                             const char     *reference_number,
                             const char     *expected,
                             const char     *given)
{
  CodeState *state;

  g_return_val_if_fail (TEST_CA_IS_REGISTRY (self), TEST_CA_CODE_WRONG);

  state = code_state (self, reference_number);
  if (state->wrong_tries >= TEST_CA_MAX_CODE_TRIES)
    return TEST_CA_CODE_LOCKED;
  if (state->used)
    return TEST_CA_CODE_USED;
  if (given == NULL || g_strcmp0 (expected, given) != 0)
    {
      state->wrong_tries++;
      return TEST_CA_CODE_WRONG;
    }

  return TEST_CA_CODE_ACCEPTED;
}

void
test_ca_registry_use_code (TestCaRegistry *self,
                           const char     *reference_number)
{
  g_return_if_fail (TEST_CA_IS_REGISTRY (self));

  code_state (self, reference_number)->used = TRUE;
}

static void
save (TestCaRegistry *self)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->path == NULL)
    return;

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (root, self->issued);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  if (!test_ca_crypto_write_private_file (self->path, text, &error))
    g_warning ("cannot save the registry: %s", error->message);
}

void
test_ca_registry_record (TestCaRegistry *self,
                         const char     *serial_hex,
                         const char     *uuid,
                         const char     *reference_number)
{
  JsonObject *entry;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *issued_at = g_date_time_format_iso8601 (now);

  g_return_if_fail (TEST_CA_IS_REGISTRY (self));

  entry = json_object_new ();
  json_object_set_string_member (entry, "uuid", uuid);
  json_object_set_string_member (entry, "referenceNumber", reference_number);
  json_object_set_string_member (entry, "issuedAt", issued_at);
  json_object_set_object_member (self->issued, serial_hex, entry);

  save (self);
}

/**
 * test_ca_registry_lookup_reference:
 *
 * Returns: (nullable): the reference number the certificate with @serial_hex was issued for
 */
const char *
test_ca_registry_lookup_reference (TestCaRegistry *self,
                                   const char     *serial_hex)
{
  JsonObject *entry;

  g_return_val_if_fail (TEST_CA_IS_REGISTRY (self), NULL);

  if (serial_hex == NULL || !json_object_has_member (self->issued, serial_hex))
    return NULL;

  entry = json_object_get_object_member (self->issued, serial_hex);
  return entry != NULL && json_object_has_member (entry, "referenceNumber")
         ? json_object_get_string_member (entry, "referenceNumber")
         : NULL;
}

/**
 * test_ca_registry_lookup_uuid:
 *
 * Returns: (nullable): the UUID of the certificate with @serial_hex, if we issued it
 */
const char *
test_ca_registry_lookup_uuid (TestCaRegistry *self,
                              const char     *serial_hex)
{
  JsonObject *entry;

  g_return_val_if_fail (TEST_CA_IS_REGISTRY (self), NULL);

  if (serial_hex == NULL || !json_object_has_member (self->issued, serial_hex))
    return NULL;

  entry = json_object_get_object_member (self->issued, serial_hex);
  return entry != NULL ? json_object_get_string_member_with_default (entry, "uuid", NULL) : NULL;
}

/**
 * test_ca_registry_list_serials:
 *
 * Returns: (transfer container) (element-type utf8): the serials (hex) of every certificate
 *   issued, valid until the next issuance
 */
GList *
test_ca_registry_list_serials (TestCaRegistry *self)
{
  g_return_val_if_fail (TEST_CA_IS_REGISTRY (self), NULL);

  return json_object_get_members (self->issued);
}
