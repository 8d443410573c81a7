/* ok-issue-progress.c — the issuance steps as a boxed list
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-grid-row.h"
#include "ok-issue-progress.h"

/* The steps shown, in order; deploying only happens for certificates that already have deploy
 * actions, which a new one never has. */
static const OkEnrollmentStep shown_steps[] = {
  OK_ENROLLMENT_STEP_MAKING_KEY,
  OK_ENROLLMENT_STEP_CONTACTING,
  OK_ENROLLMENT_STEP_VERIFYING,
  OK_ENROLLMENT_STEP_SAVING,
};

#define N_SHOWN_STEPS G_N_ELEMENTS (shown_steps)

typedef struct
{
  OkGridRow    *row;
  GtkStack     *indicator;
  GtkSpinner   *spinner;
} StepRow;

struct _OkIssueProgress
{
  AdwBin            parent_instance;

  OkEnrollmentStep  step;
  StepRow           rows[N_SHOWN_STEPS];
};

G_DEFINE_FINAL_TYPE (OkIssueProgress, ok_issue_progress, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
index_of (OkEnrollmentStep step)
{
  for (guint i = 0; i < N_SHOWN_STEPS; i++)
    if (shown_steps[i] == step)
      return (int) i;

  return -1;
}

/* Where @step stands relative to the current one: -1 still to come, 0 running, 1 done. */
static int
progress_of (OkIssueProgress  *self,
             OkEnrollmentStep  step)
{
  if (self->step == OK_ENROLLMENT_STEP_IDLE)
    return -1;
  if (self->step == OK_ENROLLMENT_STEP_DONE || self->step == OK_ENROLLMENT_STEP_DEPLOYING)
    return 1;

  if (index_of (step) < index_of (self->step))
    return 1;
  return index_of (step) == index_of (self->step) ? 0 : -1;
}

static void
update_rows (OkIssueProgress *self)
{
  for (guint i = 0; i < N_SHOWN_STEPS; i++)
    {
      StepRow *step_row = &self->rows[i];
      int progress = progress_of (self, shown_steps[i]);
      const char *state;

      if (progress == 0)
        state = "running";
      else if (progress > 0)
        state = "done";
      else
        state = "waiting";

      gtk_stack_set_visible_child_name (step_row->indicator, state);
      gtk_spinner_set_spinning (step_row->spinner, progress == 0);
      gtk_widget_set_sensitive (GTK_WIDGET (step_row->row), progress >= 0);
      gtk_accessible_update_state (GTK_ACCESSIBLE (step_row->row),
                                   GTK_ACCESSIBLE_STATE_BUSY, progress == 0,
                                   -1);
    }
}

static GtkWidget *
make_indicator (StepRow *step_row)
{
  GtkStack *stack = GTK_STACK (gtk_stack_new ());
  GtkWidget *waiting = gtk_image_new_from_icon_name ("radio-symbolic");
  GtkWidget *done = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_widget_add_css_class (waiting, "dim-label");
  gtk_widget_add_css_class (done, "success");
  gtk_accessible_update_property (GTK_ACCESSIBLE (waiting), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Waiting"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (done), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Done"), -1);

  step_row->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_stack_add_named (stack, waiting, "waiting");
  gtk_stack_add_named (stack, GTK_WIDGET (step_row->spinner), "running");
  gtk_stack_add_named (stack, done, "done");
  gtk_widget_set_valign (GTK_WIDGET (stack), GTK_ALIGN_CENTER);

  step_row->indicator = stack;
  return GTK_WIDGET (stack);
}

static void
ok_issue_progress_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OkIssueProgress *self = OK_ISSUE_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_issue_progress_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OkIssueProgress *self = OK_ISSUE_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_STEP:
      ok_issue_progress_set_step (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ok_issue_progress_class_init (OkIssueProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ok_issue_progress_get_property;
  object_class->set_property = ok_issue_progress_set_property;

  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL,
                       OK_TYPE_ENROLLMENT_STEP, OK_ENROLLMENT_STEP_IDLE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ok_issue_progress_init (OkIssueProgress *self)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_valign (list, GTK_ALIGN_START);

  for (guint i = 0; i < N_SHOWN_STEPS; i++)
    {
      StepRow *step_row = &self->rows[i];

      /* Laid out by a grid (see ok-grid-row.c): as AdwActionRows, these four were most of the
       * layout in the frame that shows this page when Issue is pressed. */
      step_row->row = ok_grid_row_new (ok_enrollment_step_get_description (shown_steps[i]));
      ok_grid_row_add_prefix (step_row->row, make_indicator (step_row));
      gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (step_row->row));
    }

  adw_bin_set_child (ADW_BIN (self), list);
  update_rows (self);
}

OkEnrollmentStep
ok_issue_progress_get_step (OkIssueProgress *self)
{
  g_return_val_if_fail (OK_IS_ISSUE_PROGRESS (self), OK_ENROLLMENT_STEP_IDLE);

  return self->step;
}

void
ok_issue_progress_set_step (OkIssueProgress  *self,
                            OkEnrollmentStep  step)
{
  g_return_if_fail (OK_IS_ISSUE_PROGRESS (self));

  if (self->step == step)
    return;

  self->step = step;
  update_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

/**
 * ok_issue_progress_get_step_row:
 *
 * Returns: (transfer none) (nullable): the row that shows @step, if it is one of the shown steps
 */
GtkWidget *
ok_issue_progress_get_step_row (OkIssueProgress  *self,
                                OkEnrollmentStep  step)
{
  int index;

  g_return_val_if_fail (OK_IS_ISSUE_PROGRESS (self), NULL);

  index = index_of (step);
  return index >= 0 ? GTK_WIDGET (self->rows[index].row) : NULL;
}

gboolean
ok_issue_progress_step_is_done (OkIssueProgress  *self,
                                OkEnrollmentStep  step)
{
  g_return_val_if_fail (OK_IS_ISSUE_PROGRESS (self), FALSE);
  g_return_val_if_fail (index_of (step) >= 0, FALSE);

  return progress_of (self, step) > 0;
}
