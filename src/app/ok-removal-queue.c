/* ok-removal-queue.c — removals that wait for their undo toast
 *
 * A certificate to remove gets a toast with Undo and is reported as pending at once, so the
 * window can take it out of view; the store deletes it only when the toast goes away without
 * Undo (it timed out or was closed) or when ok_removal_queue_commit_all() runs as the window
 * closes. The application is held while a deletion runs, so closing the last window does not
 * cut it short.
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ok-application.h"

#include "ok-removal-queue.h"

struct _OkRemovalQueue
{
  GObject          parent_instance;

  OkStore         *store;
  AdwToastOverlay *overlay;        /* weak: it belongs to the window */
  char            *undo_action;
  GHashTable      *pending;        /* id → AdwToast */
};

G_DEFINE_FINAL_TYPE (OkRemovalQueue, ok_removal_queue, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ok_store_lookup() also accepts a prefix, which an id we were given never is. */
static OkCertificate *
lookup_exact (OkStore    *store,
              const char *id)
{
  OkCertificate *certificate = ok_store_lookup (store, id, NULL);

  return certificate != NULL && g_str_equal (ok_certificate_get_id (certificate), id) ? certificate : NULL;
}

typedef struct
{
  OkRemovalQueue *queue;
  char           *id;
} Removal;

static void
removed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Removal *removal = user_data;
  g_autoptr(GError) error = NULL;
  GApplication *application = g_application_get_default ();

  if (!ok_store_remove_finish (OK_STORE (object), result, &error))
    {
      g_warning ("Could not remove a certificate: %s", error->message);
      g_signal_emit (removal->queue, signals[SIGNAL_FAILED], 0, removal->id, error->message);
    }

  g_object_unref (removal->queue);
  g_free (removal->id);
  g_free (removal);
  if (OK_IS_APPLICATION (application))
    ok_application_end_work (OK_APPLICATION (application));
}

static void
commit (OkRemovalQueue *self,
        const char     *id)
{
  OkCertificate *certificate = lookup_exact (self->store, id);
  GApplication *application = g_application_get_default ();
  Removal *removal;

  if (certificate == NULL)
    return;

  removal = g_new0 (Removal, 1);
  removal->queue = g_object_ref (self);
  removal->id = g_strdup (id);
  if (OK_IS_APPLICATION (application))
    ok_application_begin_work (OK_APPLICATION (application));
  ok_store_remove_async (self->store, certificate, NULL, removed, removal);
}

static void
toast_dismissed (AdwToast       *toast,
                 OkRemovalQueue *self)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "ok-certificate-id");

  /* Undo has taken the id out of the table before the toast went away. */
  if (!g_hash_table_remove (self->pending, id))
    return;

  commit (self, id);
}

static void
ok_removal_queue_dispose (GObject *object)
{
  OkRemovalQueue *self = OK_REMOVAL_QUEUE (object);

  ok_removal_queue_commit_all (self);
  g_clear_weak_pointer (&self->overlay);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ok_removal_queue_parent_class)->dispose (object);
}

static void
ok_removal_queue_finalize (GObject *object)
{
  OkRemovalQueue *self = OK_REMOVAL_QUEUE (object);

  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_free (self->undo_action);

  G_OBJECT_CLASS (ok_removal_queue_parent_class)->finalize (object);
}

static void
ok_removal_queue_class_init (OkRemovalQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ok_removal_queue_dispose;
  object_class->finalize = ok_removal_queue_finalize;

  /**
   * OkRemovalQueue::changed:
   * @id: a certificate id
   * @pending: whether it now waits for removal (%FALSE after Undo)
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  /**
   * OkRemovalQueue::failed:
   * @id: the certificate that could not be removed; it is still in the store
   * @message: why
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
ok_removal_queue_init (OkRemovalQueue *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * ok_removal_queue_new:
 * @overlay: where the toasts go
 * @undo_action: the action their Undo button activates with the id as target, which should
 *   call ok_removal_queue_undo()
 */
OkRemovalQueue *
ok_removal_queue_new (OkStore         *store,
                      AdwToastOverlay *overlay,
                      const char      *undo_action)
{
  OkRemovalQueue *self;

  g_return_val_if_fail (OK_IS_STORE (store), NULL);
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), NULL);
  g_return_val_if_fail (undo_action != NULL, NULL);

  self = g_object_new (OK_TYPE_REMOVAL_QUEUE, NULL);
  self->store = g_object_ref (store);
  g_set_weak_pointer (&self->overlay, overlay);
  self->undo_action = g_strdup (undo_action);

  return self;
}

void
ok_removal_queue_add (OkRemovalQueue *self,
                      OkCertificate  *certificate)
{
  const char *id;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (OK_IS_REMOVAL_QUEUE (self));
  g_return_if_fail (OK_IS_CERTIFICATE (certificate));

  id = ok_certificate_get_id (certificate);
  if (g_hash_table_contains (self->pending, id))
    return;

  /* A toast's title is markup in libadwaita 1.2; the name is not. */
  title = g_strdup_printf (_("Removed “%s”"), ok_certificate_get_name (certificate));
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, self->undo_action);
  adw_toast_set_action_target_value (toast, g_variant_new_string (id));
  g_object_set_data_full (G_OBJECT (toast), "ok-certificate-id", g_strdup (id), g_free);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed), self, 0);

  g_hash_table_insert (self->pending, g_strdup (id), g_object_ref (toast));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, id, TRUE);

  if (self->overlay != NULL)
    adw_toast_overlay_add_toast (self->overlay, toast);
  else
    g_object_unref (toast);
}

/**
 * ok_removal_queue_undo:
 *
 * Returns: %TRUE if @certificate_id was waiting for removal and now stays
 */
gboolean
ok_removal_queue_undo (OkRemovalQueue *self,
                       const char     *certificate_id)
{
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (OK_IS_REMOVAL_QUEUE (self), FALSE);
  g_return_val_if_fail (certificate_id != NULL, FALSE);

  if (!g_hash_table_steal_extended (self->pending, certificate_id, (gpointer *) &key, (gpointer *) &toast))
    return FALSE;

  adw_toast_dismiss (toast);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, certificate_id, FALSE);
  return TRUE;
}

gboolean
ok_removal_queue_contains (OkRemovalQueue *self,
                           const char     *certificate_id)
{
  g_return_val_if_fail (OK_IS_REMOVAL_QUEUE (self), FALSE);

  return certificate_id != NULL && g_hash_table_contains (self->pending, certificate_id);
}

/**
 * ok_removal_queue_commit_all:
 *
 * Removes every pending certificate now, without waiting for the toasts.
 */
void
ok_removal_queue_commit_all (OkRemovalQueue *self)
{
  GList *keys;
  GList *ids;

  g_return_if_fail (OK_IS_REMOVAL_QUEUE (self));

  keys = g_hash_table_get_keys (self->pending);
  ids = g_list_copy_deep (keys, (GCopyFunc) (void (*) (void)) g_strdup, NULL);
  g_list_free (keys);
  /* The toasts may still be dismissed later; with the table empty that does nothing. */
  g_hash_table_remove_all (self->pending);

  for (GList *l = ids; l != NULL; l = l->next)
    commit (self, l->data);
  g_list_free_full (ids, g_free);
}
