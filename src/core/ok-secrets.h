/* ok-secrets.h — PINs, passwords and key passphrases in the Secret Service (libsecret)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define OK_SECRETS_ERROR (ok_secrets_error_quark ())

typedef enum {
  OK_SECRETS_ERROR_NO_SERVICE,
  OK_SECRETS_ERROR_LOCKED,
  OK_SECRETS_ERROR_FAILED,
} OkSecretsError;

typedef enum {
  OK_SECRET_KIND_PIN,
  OK_SECRET_KIND_P12_PASSWORD,
  OK_SECRET_KIND_KEY_PASSPHRASE,
  OK_SECRET_KIND_EXPORT_PASSWORD,
} OkSecretKind;

GQuark              ok_secrets_error_quark          (void);

const SecretSchema *ok_secrets_get_schema           (void);
const char         *ok_secret_kind_to_string        (OkSecretKind          kind);

void                ok_secrets_store_async          (OkSecretKind          kind,
                                                     const char           *certificate_id,
                                                     const char           *environment,
                                                     const char           *label,
                                                     const char           *secret,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean            ok_secrets_store_finish         (GAsyncResult         *result,
                                                     GError              **error);

void                ok_secrets_lookup_async         (OkSecretKind          kind,
                                                     const char           *certificate_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char               *ok_secrets_lookup_finish        (GAsyncResult         *result,
                                                     GError              **error);

void                ok_secrets_clear_async          (OkSecretKind          kind,
                                                     const char           *certificate_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean            ok_secrets_clear_finish         (GAsyncResult         *result,
                                                     GError              **error);

void                ok_secrets_clear_certificate_async  (const char       *certificate_id,
                                                         GCancellable     *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer          user_data);
gboolean            ok_secrets_clear_certificate_finish (GAsyncResult     *result,
                                                         GError          **error);

void                ok_secrets_list_async           (OkSecretKind          kind,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char              **ok_secrets_list_finish          (GAsyncResult         *result,
                                                     GError              **error);

char               *ok_secrets_generate_passphrase  (void);
void                ok_secrets_set_interactive      (gboolean              may_prompt);
void                ok_secrets_free                 (char                 *secret);

G_END_DECLS
