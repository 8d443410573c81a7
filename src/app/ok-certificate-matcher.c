/* ok-certificate-matcher.c — which certificates the list shows: the filter, the search and
 * removals waiting for their undo toast
 *
 * "Needs attention" depends on the clock, so it is judged at one "now", set by the list at
 * each refresh.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ok-certificate.h"
#include "ok-certificate-matcher.h"
#include "ok-state.h"

struct _OkCertificateMatcher
{
  GtkFilter            parent_instance;

  OkCertificateFilter  kind;
  char                *search_text;   /* case-folded, NULL when not searching */
  GHashTable          *hidden;        /* ids removed from view, awaiting removal */
  gint64               now;
  guint                default_window_days;
};

G_DEFINE_FINAL_TYPE (OkCertificateMatcher, ok_certificate_matcher, GTK_TYPE_FILTER)

static const GEnumValue filter_values[] = {
  { OK_CERTIFICATE_FILTER_ALL, "OK_CERTIFICATE_FILTER_ALL", "all" },
  { OK_CERTIFICATE_FILTER_ATTENTION, "OK_CERTIFICATE_FILTER_ATTENTION", "attention" },
  { OK_CERTIFICATE_FILTER_TEST, "OK_CERTIFICATE_FILTER_TEST", "test" },
  { OK_CERTIFICATE_FILTER_PROD, "OK_CERTIFICATE_FILTER_PROD", "prod" },
  { 0, NULL, NULL }
};

GType
ok_certificate_filter_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("OkCertificateFilter"), filter_values));

  return type;
}

static gboolean
field_matches (const char *field,
               const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (field == NULL)
    return FALSE;

  folded = g_utf8_casefold (field, -1);
  return strstr (folded, folded_needle) != NULL;
}

static gboolean
ok_certificate_matcher_match (GtkFilter *filter,
                              gpointer   item)
{
  OkCertificateMatcher *self = OK_CERTIFICATE_MATCHER (filter);
  OkCertificate *certificate = item;

  if (g_hash_table_contains (self->hidden, ok_certificate_get_id (certificate)))
    return FALSE;

  switch (self->kind)
    {
    case OK_CERTIFICATE_FILTER_ATTENTION:
      /* What needs a person: a renewal that is due but will happen by itself does not. */
      if (ok_state_get_urgency (ok_state_compute (certificate, self->now, self->default_window_days)) <
          ok_state_get_urgency (OK_STATE_EXPIRING_SOON))
        return FALSE;
      break;
    case OK_CERTIFICATE_FILTER_TEST:
      if (ok_certificate_get_environment (certificate) != OK_ENVIRONMENT_TEST)
        return FALSE;
      break;
    case OK_CERTIFICATE_FILTER_PROD:
      if (ok_certificate_get_environment (certificate) != OK_ENVIRONMENT_PROD)
        return FALSE;
      break;
    case OK_CERTIFICATE_FILTER_ALL:
    default:
      break;
    }

  if (self->search_text == NULL)
    return TRUE;

  return field_matches (ok_certificate_get_name (certificate), self->search_text) ||
         field_matches (ok_certificate_get_cvr (certificate), self->search_text) ||
         field_matches (ok_certificate_get_uuid (certificate), self->search_text) ||
         field_matches (ok_certificate_get_organisation (certificate), self->search_text);
}

static GtkFilterMatch
ok_certificate_matcher_get_strictness (GtkFilter *filter)
{
  return GTK_FILTER_MATCH_SOME;
}

static void
ok_certificate_matcher_finalize (GObject *object)
{
  OkCertificateMatcher *self = OK_CERTIFICATE_MATCHER (object);

  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_free (self->search_text);

  G_OBJECT_CLASS (ok_certificate_matcher_parent_class)->finalize (object);
}

static void
ok_certificate_matcher_class_init (OkCertificateMatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = ok_certificate_matcher_finalize;
  filter_class->match = ok_certificate_matcher_match;
  filter_class->get_strictness = ok_certificate_matcher_get_strictness;
}

static void
ok_certificate_matcher_init (OkCertificateMatcher *self)
{
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->now = g_get_real_time () / G_USEC_PER_SEC;
  self->default_window_days = OK_STATE_DEFAULT_RENEWAL_WINDOW_DAYS;
}

OkCertificateMatcher *
ok_certificate_matcher_new (void)
{
  return g_object_new (OK_TYPE_CERTIFICATE_MATCHER, NULL);
}

OkCertificateFilter
ok_certificate_matcher_get_kind (OkCertificateMatcher *self)
{
  g_return_val_if_fail (OK_IS_CERTIFICATE_MATCHER (self), OK_CERTIFICATE_FILTER_ALL);

  return self->kind;
}

void
ok_certificate_matcher_set_kind (OkCertificateMatcher *self,
                                 OkCertificateFilter   kind)
{
  g_return_if_fail (OK_IS_CERTIFICATE_MATCHER (self));
  g_return_if_fail (kind <= OK_CERTIFICATE_FILTER_PROD);

  if (self->kind == kind)
    return;

  self->kind = kind;
  gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * ok_certificate_matcher_set_search:
 * @text: (nullable): what the user typed; name, CVR, UUID and organisation are searched
 */
void
ok_certificate_matcher_set_search (OkCertificateMatcher *self,
                                   const char           *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  g_return_if_fail (OK_IS_CERTIFICATE_MATCHER (self));

  g_clear_pointer (&self->search_text, g_free);
  if (*stripped != '\0')
    self->search_text = g_utf8_casefold (stripped, -1);

  gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * ok_certificate_matcher_set_hidden:
 * @id: a certificate id
 * @hidden: whether to leave it out (a removal waiting for its undo toast)
 */
void
ok_certificate_matcher_set_hidden (OkCertificateMatcher *self,
                                   const char           *id,
                                   gboolean              hidden)
{
  g_return_if_fail (OK_IS_CERTIFICATE_MATCHER (self));
  g_return_if_fail (id != NULL);

  if (hidden == g_hash_table_contains (self->hidden, id))
    return;

  if (hidden)
    g_hash_table_add (self->hidden, g_strdup (id));
  else
    g_hash_table_remove (self->hidden, id);

  gtk_filter_changed (GTK_FILTER (self), hidden ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
}

/**
 * ok_certificate_matcher_set_clock:
 * @now: the moment states are judged at (Unix seconds)
 * @default_window_days: the renewal window of certificates without one of their own
 *
 * Call gtk_filter_changed() next.
 */
void
ok_certificate_matcher_set_clock (OkCertificateMatcher *self,
                                  gint64                now,
                                  guint                 default_window_days)
{
  g_return_if_fail (OK_IS_CERTIFICATE_MATCHER (self));

  self->now = now;
  self->default_window_days = default_window_days;
}
