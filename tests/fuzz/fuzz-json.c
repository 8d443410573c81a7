/* fuzz-json.c — libFuzzer target: the JSON OCES Keeper reads back — events, deploy actions
 * and the notices the monitor's worker hands on
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "ok-deploy-action.h"
#include "ok-event.h"
#include "ok-notice.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, (const char *) data, size, NULL))
    return 0;

  root = json_parser_get_root (parser);
  {
    g_autoptr(OkEvent) event = ok_event_new_from_json (root, NULL);
    g_autoptr(OkDeployAction) action = ok_deploy_action_new_from_json (root, NULL);
    g_autoptr(OkNotice) notice = ok_notice_new_from_json (root, NULL);

    if (event != NULL)
      json_node_unref (ok_event_to_json (event));
    if (action != NULL)
      json_node_unref (ok_deploy_action_to_json (action));
  }

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      g_autoptr(GPtrArray) actions = ok_deploy_actions_from_json (json_node_get_array (root), NULL);
    }

  return 0;
}
