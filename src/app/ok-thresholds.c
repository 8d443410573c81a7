/* ok-thresholds.c — reading and writing the reminder days ("60, 30, 14") the user types
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-thresholds.h"

G_DEFINE_QUARK (ok-thresholds-error-quark, ok_thresholds_error)

static int
compare_descending (gconstpointer a,
                    gconstpointer b)
{
  gint32 x = *(const gint32 *) a;
  gint32 y = *(const gint32 *) b;

  return (x < y) - (x > y);
}

/**
 * ok_thresholds_parse:
 * @text: comma-separated whole numbers of days, e.g. "30, 14, 7"
 * @error: return location for an #OkThresholdsError
 *
 * Empty items (a trailing comma) are ignored; the result is sorted with the largest number
 * first, which is the order reminders are sent in.
 *
 * Returns: (transfer full): an `ai` variant, or %NULL with @error set
 */
GVariant *
ok_thresholds_parse (const char  *text,
                     GError     **error)
{
  g_auto(GStrv) items = NULL;
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint32));

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = g_strstrip (items[i]);
      g_autoptr(GError) number_error = NULL;
      guint64 value;
      gint32 value32;

      if (*item == '\0')
        continue;

      if (!g_ascii_string_to_unsigned (item, 10, 0, OK_THRESHOLDS_MAX_DAYS, &value, &number_error))
        {
          if (g_error_matches (number_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
            g_set_error (error, OK_THRESHOLDS_ERROR, OK_THRESHOLDS_ERROR_OUT_OF_RANGE,
                         /* Translators: %s is what the user typed, %d the largest allowed number */
                         _("“%s” is not between 0 and %d days"), item, OK_THRESHOLDS_MAX_DAYS);
          else
            g_set_error (error, OK_THRESHOLDS_ERROR, OK_THRESHOLDS_ERROR_NOT_A_NUMBER,
                         /* Translators: %s is what the user typed */
                         _("“%s” is not a whole number of days"), item);
          return NULL;
        }

      value32 = (gint32) value;
      for (guint j = 0; j < days->len; j++)
        if (g_array_index (days, gint32, j) == value32)
          {
            g_set_error (error, OK_THRESHOLDS_ERROR, OK_THRESHOLDS_ERROR_DUPLICATE,
                         /* Translators: %s is a number of days the user typed twice */
                         _("“%s” is in the list more than once"), item);
            return NULL;
          }
      g_array_append_val (days, value32);
    }

  if (days->len == 0)
    {
      g_set_error_literal (error, OK_THRESHOLDS_ERROR, OK_THRESHOLDS_ERROR_EMPTY,
                           _("Enter at least one number of days"));
      return NULL;
    }

  g_array_sort (days, compare_descending);

  return g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, days->data,
                                                        days->len, sizeof (gint32)));
}

/**
 * ok_thresholds_format:
 * @thresholds: an `ai` variant
 *
 * Returns: (transfer full): the days as the user would type them, e.g. "30, 14, 7"
 */
char *
ok_thresholds_format (GVariant *thresholds)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const gint32 *days;
  gsize n_days;

  g_return_val_if_fail (thresholds != NULL, NULL);
  g_return_val_if_fail (g_variant_is_of_type (thresholds, G_VARIANT_TYPE ("ai")), NULL);

  days = g_variant_get_fixed_array (thresholds, &n_days, sizeof (gint32));
  for (gsize i = 0; i < n_days; i++)
    g_string_append_printf (text, "%s%d", i > 0 ? ", " : "", days[i]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
