/* ok-store-writes.h — what the writes that make keyring items share: a key job, and the steps
 * reserve → keyring → transaction (ok-store-writes.c)
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ok-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  OkCertificate *certificate;     /* what to insert: a new entry, or the renewed certificate */
  char          *entry_id;
  char          *expected_sha256; /* renewal: the entry's current certificate it replaces */
  OkKey         *key;
  char          *secret_id;
  char          *passphrase;
  char          *environment;
  OkEvent       *event;
  char          *old_secret;      /* renewal: the replaced key's item, to remove after commit */
  char          *journal_id;      /* the key comes from (or, with @csr, goes to) this journal record */
  char          *csr;
  GBytes        *answer;          /* journal: the CA's answer, when it brought this key (PKCS#12) */
  char          *answer_chain;    /* journal: its chain, as PEM */
  OkCertificate *result;          /* the entry as committed */
  OkStoreRecord *record;
} OkStoreKeyJob;

typedef void (*OkStoreWriteStep) (GTask *task);

OkStoreKeyJob *_ok_store_key_job_new       (OkCertificate   *certificate,
                                            const char      *entry_id,
                                            OkKey           *key);
void           _ok_store_key_job_free      (OkStoreKeyJob   *job);
void           _ok_store_start_write       (OkStore         *self,
                                            GTask           *task,
                                            OkStoreKeyJob   *job,
                                            OkStoreWriteStep step);
gboolean       _ok_store_exec_text         (OkStoreDb       *db,
                                            const char      *sql,
                                            const char      *first,
                                            const char      *second,
                                            GError         **error);
GBytes        *_ok_store_encrypt_key       (OkStoreKeyJob   *job,
                                            GError         **error);
char          *_ok_store_chain_to_pem      (GPtrArray       *chain);
gboolean       _ok_store_read_back         (OkStoreDb       *db,
                                            OkStoreKeyJob   *job,
                                            GError         **error);
gboolean       _ok_store_take_journal_key  (OkStoreDb       *db,
                                            OkStoreKeyJob   *job,
                                            GBytes         **encrypted_key,
                                            GError         **error);

G_END_DECLS
