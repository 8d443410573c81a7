/* ok-organisation-group.c — which organisation an IdM light e-mail is for: the distinct CVR
 * numbers among the store's certificates, or one typed in
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-certificate.h"
#include "ok-format.h"
#include "ok-idm-light.h"
#include "ok-organisation-group.h"

struct _OkOrganisationGroup
{
  AdwPreferencesGroup  parent_instance;

  GListModel          *store;

  /* Parallel to the combo row's items; the last item, "another organisation", has no entry. */
  GPtrArray           *choice_cvrs;
  GPtrArray           *choice_organisations;
  char                *wanted_cvr;
  char                *cvr;
  char                *organisation;
  gboolean             rebuilding;

  AdwComboRow         *organisation_row;
  AdwEntryRow         *cvr_row;
};

G_DEFINE_FINAL_TYPE (OkOrganisationGroup, ok_organisation_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CVR,
  PROP_ORGANISATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_choice (OkOrganisationGroup *self,
            const char          *cvr,
            const char          *organisation)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (g_strcmp0 (self->organisation, organisation) != 0)
    {
      g_free (self->organisation);
      self->organisation = g_strdup (organisation);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANISATION]);
    }

  if (g_strcmp0 (self->cvr, cvr) != 0)
    {
      g_free (self->cvr);
      self->cvr = g_strdup (cvr);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CVR]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/* The organisation's name for @cvr when the store knows it. */
static const char *
known_organisation (OkOrganisationGroup *self,
                    const char          *cvr)
{
  for (guint i = 0; i < self->choice_cvrs->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->choice_cvrs, i), cvr))
        return g_ptr_array_index (self->choice_organisations, i);
    }
  return NULL;
}

static gboolean
typing_cvr (OkOrganisationGroup *self)
{
  return adw_combo_row_get_selected (self->organisation_row) >= self->choice_cvrs->len;
}

static void
take_typed_cvr (OkOrganisationGroup *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->cvr_row))));
  gboolean valid = ok_idm_light_is_valid_cvr (text);

  if (valid || *text == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->cvr_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->cvr_row), "error");

  if (valid)
    set_choice (self, text, known_organisation (self, text));
  else
    set_choice (self, NULL, NULL);
}

static void
apply_selection (OkOrganisationGroup *self)
{
  guint selected = adw_combo_row_get_selected (self->organisation_row);
  gboolean typing = typing_cvr (self);

  gtk_widget_set_visible (GTK_WIDGET (self->organisation_row), self->choice_cvrs->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->cvr_row), typing);

  if (typing)
    take_typed_cvr (self);
  else
    set_choice (self, g_ptr_array_index (self->choice_cvrs, selected),
                g_ptr_array_index (self->choice_organisations, selected));
}

static void
organisation_selected_cb (OkOrganisationGroup *self)
{
  if (self->rebuilding)
    return;

  /* The user chose: a late store load must no longer override it. */
  g_clear_pointer (&self->wanted_cvr, g_free);
  apply_selection (self);
}

static void
cvr_changed_cb (OkOrganisationGroup *self)
{
  if (self->rebuilding || !typing_cvr (self))
    return;

  g_clear_pointer (&self->wanted_cvr, g_free);
  take_typed_cvr (self);
}

/* Selects @position without taking it for the user's choice. */
static void
select_quietly (OkOrganisationGroup *self,
                guint                position,
                const char          *typed)
{
  self->rebuilding = TRUE;
  adw_combo_row_set_selected (self->organisation_row, position);
  if (typed != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->cvr_row), typed);
  self->rebuilding = FALSE;

  apply_selection (self);
}

/* Selects @cvr among the choices, or "another organisation" with @cvr typed in. */
static void
select_cvr_now (OkOrganisationGroup *self,
                const char          *cvr)
{
  for (guint i = 0; i < self->choice_cvrs->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->choice_cvrs, i), cvr))
        {
          select_quietly (self, i, NULL);
          return;
        }
    }

  select_quietly (self, self->choice_cvrs->len, cvr);
}

typedef struct
{
  const char *cvr;
  const char *organisation;
} Choice;

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  const Choice *left = a;
  const Choice *right = b;
  int by_name = g_utf8_collate (left->organisation != NULL ? left->organisation : "",
                                right->organisation != NULL ? right->organisation : "");

  return by_name != 0 ? by_name : strcmp (left->cvr, right->cvr);
}

/* The distinct CVR numbers of @store (several certificates often share one), each with the
 * first organisation name seen for it, sorted by name. Points into @names. */
static GArray *
collect_choices (GListModel *store,
                 GHashTable *names)
{
  guint n = store != NULL ? g_list_model_get_n_items (store) : 0;
  GArray *choices = g_array_new (FALSE, FALSE, sizeof (Choice));
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OkCertificate) certificate = g_list_model_get_item (store, i);
      const char *cvr = ok_certificate_get_cvr (certificate);
      const char *organisation = ok_certificate_get_organisation (certificate);
      gboolean named = organisation != NULL && *organisation != '\0';

      if (!ok_idm_light_is_valid_cvr (cvr))
        continue;
      if (!g_hash_table_contains (names, cvr) || (g_hash_table_lookup (names, cvr) == NULL && named))
        /* The choice shows the CVR beside the name, so an OCES2 name need not carry it too. */
        g_hash_table_insert (names, g_strdup (cvr), named ? ok_format_organisation_name (organisation, cvr) : NULL);
    }

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Choice choice = { key, value };

      g_array_append_val (choices, choice);
    }
  g_array_sort (choices, compare_choices);

  return choices;
}

static void
rebuild_choices (OkOrganisationGroup *self)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GArray) choices = collect_choices (self->store, names);
  g_autofree char *keep = g_strdup (self->wanted_cvr != NULL ? self->wanted_cvr : self->cvr);
  gboolean was_typing = self->choice_cvrs->len > 0 && typing_cvr (self);

  g_ptr_array_set_size (self->choice_cvrs, 0);
  g_ptr_array_set_size (self->choice_organisations, 0);
  for (guint i = 0; i < choices->len; i++)
    {
      const Choice *choice = &g_array_index (choices, Choice, i);
      g_autofree char *label = NULL;

      g_ptr_array_add (self->choice_cvrs, g_strdup (choice->cvr));
      g_ptr_array_add (self->choice_organisations, g_strdup (choice->organisation));
      if (choice->organisation != NULL)
        /* Translators: an organisation in a list; the first %s is its name, the second its CVR number */
        label = g_strdup_printf (C_("idm-light", "%s (CVR %s)"), choice->organisation, choice->cvr);
      else
        /* Translators: an organisation without a known name; %s is its CVR number */
        label = g_strdup_printf (C_("idm-light", "CVR %s"), choice->cvr);
      gtk_string_list_append (labels, label);
    }
  gtk_string_list_append (labels, _("Another Organisation"));

  self->rebuilding = TRUE;
  adw_combo_row_set_model (self->organisation_row, G_LIST_MODEL (labels));
  self->rebuilding = FALSE;

  /* Keep what was chosen, half-typed numbers included, as the store loads or changes. */
  if (keep != NULL)
    select_cvr_now (self, keep);
  else
    select_quietly (self, was_typing ? self->choice_cvrs->len : 0, NULL);
}

static void
store_items_changed_cb (OkOrganisationGroup *self)
{
  rebuild_choices (self);
}

GListModel *
ok_organisation_group_get_store (OkOrganisationGroup *self)
{
  g_return_val_if_fail (OK_IS_ORGANISATION_GROUP (self), NULL);

  return self->store;
}

/**
 * ok_organisation_group_set_store:
 * @store: (nullable): a #GListModel of #OkCertificate, normally the application's #OkStore
 *
 * The organisations offered are the distinct CVR numbers in @store; they follow the store as
 * it loads and changes.
 */
void
ok_organisation_group_set_store (OkOrganisationGroup *self,
                                 GListModel          *store)
{
  g_return_if_fail (OK_IS_ORGANISATION_GROUP (self));
  g_return_if_fail (store == NULL || G_IS_LIST_MODEL (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_items_changed_cb, self);
  g_set_object (&self->store, store);
  if (self->store != NULL)
    g_signal_connect_object (self->store, "items-changed", G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);

  rebuild_choices (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * ok_organisation_group_get_cvr:
 *
 * Returns: (nullable): the chosen CVR number, or %NULL while none is chosen or the typed one is
 *   not eight digits
 */
const char *
ok_organisation_group_get_cvr (OkOrganisationGroup *self)
{
  g_return_val_if_fail (OK_IS_ORGANISATION_GROUP (self), NULL);

  return self->cvr;
}

/**
 * ok_organisation_group_get_organisation:
 *
 * Returns: (nullable): the chosen organisation's name, when its certificates carry one
 */
const char *
ok_organisation_group_get_organisation (OkOrganisationGroup *self)
{
  g_return_val_if_fail (OK_IS_ORGANISATION_GROUP (self), NULL);

  return self->organisation;
}

/**
 * ok_organisation_group_select_cvr:
 * @cvr: a CVR number, as a failed renewal names it
 *
 * Chooses @cvr: its organisation when the store has it, otherwise typed in. This holds also
 * once the store has finished loading, unless the user has chosen something else by then.
 */
void
ok_organisation_group_select_cvr (OkOrganisationGroup *self,
                                  const char          *cvr)
{
  g_return_if_fail (OK_IS_ORGANISATION_GROUP (self));
  g_return_if_fail (cvr != NULL);

  g_free (self->wanted_cvr);
  self->wanted_cvr = g_strdup (cvr);
  select_cvr_now (self, cvr);
}

static void
ok_organisation_group_dispose (GObject *object)
{
  OkOrganisationGroup *self = OK_ORGANISATION_GROUP (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_items_changed_cb, self);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), OK_TYPE_ORGANISATION_GROUP);

  G_OBJECT_CLASS (ok_organisation_group_parent_class)->dispose (object);
}

static void
ok_organisation_group_finalize (GObject *object)
{
  OkOrganisationGroup *self = OK_ORGANISATION_GROUP (object);

  g_clear_pointer (&self->choice_cvrs, g_ptr_array_unref);
  g_clear_pointer (&self->choice_organisations, g_ptr_array_unref);
  g_clear_pointer (&self->wanted_cvr, g_free);
  g_clear_pointer (&self->cvr, g_free);
  g_clear_pointer (&self->organisation, g_free);

  G_OBJECT_CLASS (ok_organisation_group_parent_class)->finalize (object);
}

static void
ok_organisation_group_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  OkOrganisationGroup *self = OK_ORGANISATION_GROUP (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CVR:
      g_value_set_string (value, self->cvr);
      break;
    case PROP_ORGANISATION:
      g_value_set_string (value, self->organisation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_organisation_group_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  OkOrganisationGroup *self = OK_ORGANISATION_GROUP (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ok_organisation_group_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_organisation_group_class_init (OkOrganisationGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ok_organisation_group_dispose;
  object_class->finalize = ok_organisation_group_finalize;
  object_class->get_property = ok_organisation_group_get_property;
  object_class->set_property = ok_organisation_group_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CVR] =
    g_param_spec_string ("cvr", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGANISATION] =
    g_param_spec_string ("organisation", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/oceskeeper/OcesKeeper/ok-organisation-group.ui");
  gtk_widget_class_bind_template_child (widget_class, OkOrganisationGroup, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, OkOrganisationGroup, cvr_row);
  gtk_widget_class_bind_template_callback (widget_class, organisation_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, cvr_changed_cb);
}

static void
ok_organisation_group_init (OkOrganisationGroup *self)
{
  self->choice_cvrs = g_ptr_array_new_with_free_func (g_free);
  self->choice_organisations = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  rebuild_choices (self);
}
