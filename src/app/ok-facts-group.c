/* ok-facts-group.c — what a certificate says about itself, and its chain with how far it is
 * trusted
 *
 * Every fact is a row whose title names it and whose subtitle holds the value; the rows are
 * made once and refilled when the page shows another certificate (or the renewed one). Values
 * that people paste elsewhere — CVR, UUID, serial, fingerprints — get a copy button that goes
 * through win.copy, which puts the text on the clipboard and says so.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-facts-group.h"
#include "ok-grid-row.h"
#include "ok-format.h"

typedef enum
{
  FACT_CVR,
  FACT_UUID,
  FACT_ORGANISATION,
  FACT_COMMON_NAME,
  FACT_EMAIL,
  FACT_KIND,
  FACT_ENVIRONMENT,
  FACT_ISSUER,
  FACT_SERIAL,
  FACT_NOT_BEFORE,
  FACT_NOT_AFTER,
  FACT_KEY,
  FACT_SIGNATURE_ALGORITHM,
  FACT_SHA256,
  FACT_SHA1,
  N_FACTS
} Fact;

typedef struct
{
  const char *name;      /* the row's widget name, for tests and for ok_facts_group_get_row() */
  const char *title;
  const char *copy_label;  /* the copy button's accessible name, NULL for no button */
} FactInfo;

static const FactInfo fact_info[N_FACTS] = {
  [FACT_CVR] = { "cvr", N_("CVR Number"), N_("Copy CVR number") },
  [FACT_UUID] = { "uuid", N_("UUID"), N_("Copy UUID") },
  [FACT_ORGANISATION] = { "organisation", N_("Organisation"), NULL },
  [FACT_COMMON_NAME] = { "common-name", N_("Common Name"), NULL },
  [FACT_EMAIL] = { "email", N_("E-mail"), NULL },
  [FACT_KIND] = { "kind", N_("Kind"), NULL },
  [FACT_ENVIRONMENT] = { "environment", N_("Environment"), NULL },
  [FACT_ISSUER] = { "issuer", N_("Issuer"), NULL },
  [FACT_SERIAL] = { "serial", N_("Serial Number"), N_("Copy serial number") },
  [FACT_NOT_BEFORE] = { "not-before", N_("Valid From"), NULL },
  [FACT_NOT_AFTER] = { "not-after", N_("Valid Until"), NULL },
  [FACT_KEY] = { "key", N_("Key"), NULL },
  [FACT_SIGNATURE_ALGORITHM] = { "signature-algorithm", N_("Signature Algorithm"), NULL },
  [FACT_SHA256] = { "sha256", N_("SHA-256 Fingerprint"), N_("Copy SHA-256 fingerprint") },
  [FACT_SHA1] = { "sha1", N_("SHA-1 Fingerprint"), N_("Copy SHA-1 fingerprint") },
};

struct _OkFactsGroup
{
  AdwBin               parent_instance;

  AdwPreferencesGroup *facts_group;
  AdwPreferencesGroup *chain_group;
  OkGridRow           *rows[N_FACTS];
  GtkWidget           *copy_buttons[N_FACTS];
  OkGridRow           *trust_row;
  GtkWidget           *trust_icon;
  GPtrArray           *chain_rows;

  /* What is shown, so that refreshing the page for an unrelated change (a new event, a
   * setting) rebuilds nothing: remaking the chain rows and measuring every label again
   * took a whole frame. */
  OkCertificate       *shown;
  OkTrust              shown_trust;
  OkEnvironment        shown_environment;
  GPtrArray           *shown_chain;
  guint                idle_source;
};

G_DEFINE_FINAL_TYPE (OkFactsGroup, ok_facts_group, ADW_TYPE_BIN)

static OkGridRow *
make_row (const char *name,
          const char *title)
{
  OkGridRow *row = ok_grid_row_new_fact (title);

  if (name != NULL)
    gtk_widget_set_name (GTK_WIDGET (row), name);

  return row;
}

static void
set_fact (OkFactsGroup *self,
          Fact          fact,
          const char   *value)
{
  gboolean known = value != NULL && *value != '\0';

  gtk_widget_set_visible (GTK_WIDGET (self->rows[fact]), known);
  ok_grid_row_set_subtitle (self->rows[fact], known ? value : "");

  if (self->copy_buttons[fact] != NULL && known)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->copy_buttons[fact]), g_variant_new_string (value));
}

static void
set_date_fact (OkFactsGroup *self,
               Fact          fact,
               gint64        unix_time)
{
  g_autofree char *text = ok_format_date_time (unix_time);

  set_fact (self, fact, text);
}

static void
clear_chain_rows (OkFactsGroup *self)
{
  for (guint i = 0; i < self->chain_rows->len; i++)
    adw_preferences_group_remove (self->chain_group, g_ptr_array_index (self->chain_rows, i));
  g_ptr_array_set_size (self->chain_rows, 0);
}

static void
fill_chain (OkFactsGroup  *self,
            OkCertificate *certificate)
{
  GPtrArray *chain = ok_certificate_get_chain (certificate);
  OkTrust trust = ok_certificate_get_trust (certificate);
  gboolean trusted = ok_trust_is_trusted (trust);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->trust_row), ok_trust_get_description (trust));
  gtk_image_set_from_icon_name (GTK_IMAGE (self->trust_icon), trusted ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (self->trust_icon, trusted ? "warning" : "success");
  gtk_widget_add_css_class (self->trust_icon, trusted ? "success" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->trust_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, trusted ? _("Trusted") : _("Not trusted"),
                                  -1);

  clear_chain_rows (self);
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    {
      OkCertificate *link = g_ptr_array_index (chain, i);
      g_autofree char *name = g_strdup_printf ("chain-%u", i);
      g_autofree char *until = ok_format_date (ok_certificate_get_not_after (link));
      g_autofree char *subtitle = g_strdup_printf (_("Valid until %s"), until);
      OkGridRow *row = make_row (name, ok_certificate_get_subject (link));

      ok_grid_row_set_subtitle (row, subtitle);
      adw_preferences_group_add (self->chain_group, GTK_WIDGET (row));
      g_ptr_array_add (self->chain_rows, row);
    }

  if (self->chain_rows->len == 0)
    {
      OkGridRow *row = make_row ("chain-none", _("No issuing certificates are stored with it"));

      adw_preferences_group_add (self->chain_group, GTK_WIDGET (row));
      g_ptr_array_add (self->chain_rows, row);
    }
}

static void
fill (OkFactsGroup  *self,
      OkCertificate *certificate)
{
  g_autofree char *key = NULL;
  const char *issuer;

  issuer = ok_certificate_get_issuer_cn (certificate);
  if (issuer == NULL || *issuer == '\0')
    issuer = ok_certificate_get_issuer (certificate);
  key = ok_format_key (certificate);

  set_fact (self, FACT_CVR, ok_certificate_get_cvr (certificate));
  set_fact (self, FACT_UUID, ok_certificate_get_uuid (certificate));
  set_fact (self, FACT_ORGANISATION, ok_certificate_get_organisation (certificate));
  set_fact (self, FACT_COMMON_NAME, ok_certificate_get_subject_cn (certificate));
  set_fact (self, FACT_EMAIL, ok_certificate_get_email (certificate));
  set_fact (self, FACT_KIND, ok_certificate_kind_get_display_name (ok_certificate_get_kind (certificate)));
  set_fact (self, FACT_ENVIRONMENT, ok_environment_get_display_name (ok_certificate_get_environment (certificate)));
  set_fact (self, FACT_ISSUER, issuer);
  set_fact (self, FACT_SERIAL, ok_certificate_get_serial (certificate));
  set_date_fact (self, FACT_NOT_BEFORE, ok_certificate_get_not_before (certificate));
  set_date_fact (self, FACT_NOT_AFTER, ok_certificate_get_not_after (certificate));
  set_fact (self, FACT_KEY, key);
  set_fact (self, FACT_SIGNATURE_ALGORITHM, ok_certificate_get_signature_algorithm (certificate));
  set_fact (self, FACT_SHA256, ok_certificate_get_sha256_fingerprint (certificate));
  set_fact (self, FACT_SHA1, ok_certificate_get_sha1_fingerprint (certificate));

  fill_chain (self, certificate);
}

static void
ok_facts_group_dispose (GObject *object)
{
  OkFactsGroup *self = OK_FACTS_GROUP (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_pointer (&self->chain_rows, g_ptr_array_unref);
  g_clear_object (&self->shown);
  g_clear_pointer (&self->shown_chain, g_ptr_array_unref);

  G_OBJECT_CLASS (ok_facts_group_parent_class)->dispose (object);
}

/* The rows: building the sixteen of them with the window put 8 million instructions before its
 * first frame. They are made once the window is idle after it (build_when_idle), or when the
 * group is first shown or asked for a row, whichever comes first. The page shows its facts a
 * frame after the rest (ok-certificate-page.c); made in that frame, they lengthened it by as
 * much, in the frame after an issuance or import that the stall meter watches. */
static void
ensure_rows (OkFactsGroup *self)
{
  GtkWidget *box;

  if (self->facts_group != NULL)
    return;

  /* Made by a map or a row asked for first, the idle has nothing left to do. */
  g_clear_handle_id (&self->idle_source, g_source_remove);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  self->facts_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->facts_group, _("Certificate"));
  for (Fact fact = 0; fact < N_FACTS; fact++)
    {
      const FactInfo *info = &fact_info[fact];

      self->rows[fact] = make_row (info->name, _(info->title));
      if (info->copy_label != NULL)
        {
          GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, _("Copy"));
          gtk_widget_add_css_class (button, "flat");
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _(info->copy_label), -1);
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (""));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.copy");
          ok_grid_row_add_suffix (self->rows[fact], button);
          self->copy_buttons[fact] = button;
        }
      adw_preferences_group_add (self->facts_group, GTK_WIDGET (self->rows[fact]));
    }

  self->chain_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->chain_group, _("Chain and Trust"));
  self->trust_row = make_row ("trust", "");
  self->trust_icon = gtk_image_new ();
  ok_grid_row_add_prefix (self->trust_row, self->trust_icon);
  adw_preferences_group_add (self->chain_group, GTK_WIDGET (self->trust_row));

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->facts_group));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->chain_group));
  adw_bin_set_child (ADW_BIN (self), box);

  if (self->shown != NULL)
    fill (self, self->shown);
}

static void
ok_facts_group_map (GtkWidget *widget)
{
  ensure_rows (OK_FACTS_GROUP (widget));
  GTK_WIDGET_CLASS (ok_facts_group_parent_class)->map (widget);
}

static gboolean
build_when_idle (gpointer user_data)
{
  OkFactsGroup *self = user_data;

  self->idle_source = 0;
  ensure_rows (self);
  return G_SOURCE_REMOVE;
}

/* Below the redraw's priority, so after the first frame that the window paints. */
static void
ok_facts_group_root (GtkWidget *widget)
{
  OkFactsGroup *self = OK_FACTS_GROUP (widget);

  GTK_WIDGET_CLASS (ok_facts_group_parent_class)->root (widget);
  if (self->facts_group == NULL && self->idle_source == 0)
    self->idle_source = g_idle_add_full (G_PRIORITY_LOW, build_when_idle, self, NULL);
}

static void
ok_facts_group_unroot (GtkWidget *widget)
{
  OkFactsGroup *self = OK_FACTS_GROUP (widget);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  GTK_WIDGET_CLASS (ok_facts_group_parent_class)->unroot (widget);
}

static void
ok_facts_group_class_init (OkFactsGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ok_facts_group_dispose;
  GTK_WIDGET_CLASS (klass)->map = ok_facts_group_map;
  GTK_WIDGET_CLASS (klass)->root = ok_facts_group_root;
  GTK_WIDGET_CLASS (klass)->unroot = ok_facts_group_unroot;
}

static void
ok_facts_group_init (OkFactsGroup *self)
{
  self->chain_rows = g_ptr_array_new ();
}

GtkWidget *
ok_facts_group_new (void)
{
  return g_object_new (OK_TYPE_FACTS_GROUP, NULL);
}

void
ok_facts_group_set_certificate (OkFactsGroup  *self,
                                OkCertificate *certificate)
{
  g_return_if_fail (OK_IS_FACTS_GROUP (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  /* The facts come from the certificate's DER and never change; its trust, environment and
   * chain are set by the store and may. */
  if (self->shown == certificate &&
      self->shown_trust == ok_certificate_get_trust (certificate) &&
      self->shown_environment == ok_certificate_get_environment (certificate) &&
      self->shown_chain == ok_certificate_get_chain (certificate))
    return;
  g_set_object (&self->shown, certificate);
  self->shown_trust = ok_certificate_get_trust (certificate);
  self->shown_environment = ok_certificate_get_environment (certificate);
  g_clear_pointer (&self->shown_chain, g_ptr_array_unref);
  if (ok_certificate_get_chain (certificate) != NULL)
    self->shown_chain = g_ptr_array_ref (ok_certificate_get_chain (certificate));

  /* Unbuilt, the rows are filled when made. */
  if (self->facts_group != NULL)
    fill (self, certificate);
}

/**
 * ok_facts_group_get_row:
 * @fact: a row name: "cvr", "uuid", "serial", "sha256", "trust", "chain-0", …
 *
 * Returns: (transfer none) (nullable): the row
 */
OkGridRow *
ok_facts_group_get_row (OkFactsGroup *self,
                        const char   *fact)
{
  g_return_val_if_fail (OK_IS_FACTS_GROUP (self), NULL);
  g_return_val_if_fail (fact != NULL, NULL);

  ensure_rows (self);
  for (Fact i = 0; i < N_FACTS; i++)
    if (g_str_equal (fact_info[i].name, fact))
      return self->rows[i];

  if (g_str_equal (fact, "trust"))
    return self->trust_row;

  for (guint i = 0; i < self->chain_rows->len; i++)
    if (g_str_equal (gtk_widget_get_name (g_ptr_array_index (self->chain_rows, i)), fact))
      return g_ptr_array_index (self->chain_rows, i);

  return NULL;
}
