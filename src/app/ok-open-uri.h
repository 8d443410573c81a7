/* ok-open-uri.h — hands a URI (mailto:, https:) to the desktop: the portal inside Flatpak, the
 * default application outside it
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     ok_open_uri_async  (GtkWindow            *parent,
                             const char           *uri,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data);
gboolean ok_open_uri_finish (GAsyncResult         *result,
                             GError              **error);

G_END_DECLS
