/* test-reversed-list.c — the event log's back-to-front model, and the changes it announces when
 * it is pointed at a new read of the same log
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "ok-reversed-list.h"

typedef struct
{
  guint calls;
  guint position;
  guint removed;
  guint added;
} Change;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->calls++;
  change->position = position;
  change->removed = removed;
  change->added = added;
}

static gboolean
same_string (gconstpointer a,
             gconstpointer b)
{
  return g_str_equal (gtk_string_object_get_string ((GtkStringObject *) a),
                      gtk_string_object_get_string ((GtkStringObject *) b));
}

/* A new model each time, as each reload of the store makes new objects. */
static GListModel *
log_of (const char *const *entries)
{
  return G_LIST_MODEL (gtk_string_list_new (entries));
}

static char *
shown (OkReversedList *list)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", gtk_string_object_get_string (item));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_change (Change *change,
               guint   position,
               guint   removed,
               guint   added)
{
  g_assert_cmpuint (change->calls, ==, 1);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  *change = (Change) { 0 };
}

static void
test_reads_of_a_log (void)
{
  const char *first[] = { "issued", "exported", NULL };
  const char *renewed[] = { "issued", "exported", "renewed", NULL };
  const char *trimmed[] = { "trimmed", "renewed", NULL };
  g_autoptr(OkReversedList) list = ok_reversed_list_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr(GListModel) model = NULL;
  Change change = { 0 };
  char *text;

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &change);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == GTK_TYPE_STRING_OBJECT);

  model = log_of (first);
  ok_reversed_list_set_model (list, model, same_string);
  assert_change (&change, 0, 0, 2);
  g_assert_cmpstr ((text = shown (list)), ==, "exported issued");
  g_free (text);

  /* Read again with nothing new: nothing to announce. */
  g_set_object (&model, log_of (first));
  ok_reversed_list_set_model (list, model, same_string);
  g_assert_cmpuint (change.calls, ==, 0);

  /* A renewal: one entry at the top, the rows below stay. */
  g_set_object (&model, log_of (renewed));
  ok_reversed_list_set_model (list, model, same_string);
  assert_change (&change, 0, 0, 1);
  g_assert_cmpstr ((text = shown (list)), ==, "renewed exported issued");
  g_free (text);

  /* The log shortened: the oldest entries go, a note takes their place at the bottom. */
  g_set_object (&model, log_of (trimmed));
  ok_reversed_list_set_model (list, model, same_string);
  assert_change (&change, 1, 2, 1);
  g_assert_cmpstr ((text = shown (list)), ==, "renewed trimmed");
  g_free (text);

  /* The model's own changes are mirrored too. */
  gtk_string_list_append (GTK_STRING_LIST (model), "exported");
  assert_change (&change, 0, 0, 1);
  g_assert_cmpstr ((text = shown (list)), ==, "exported renewed trimmed");
  g_free (text);

  /* No certificate shown: all rows go. */
  ok_reversed_list_set_model (list, NULL, same_string);
  assert_change (&change, 0, 3, 0);
  g_assert_null (ok_reversed_list_get_model (list));
  gtk_string_list_append (GTK_STRING_LIST (model), "ignored");
  g_assert_cmpuint (change.calls, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reversed-list/reads-of-a-log", test_reads_of_a_log);

  return g_test_run ();
}
