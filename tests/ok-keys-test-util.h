/* ok-keys-test-util.h — helpers for the key, keyring, import and export tests: running
 * openssl/certtool/secret-tool with stdin and environment, temporary folders, a small PKI
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A throwaway password for fixtures, handed to tools only through this variable. */
#define OKT_PASS_VARIABLE "OK_TEST_PASS"

typedef struct {
  int     exit_status;  /* as g_spawn_check_wait_status() sees it: 0 on success */
  GBytes *out;
  char   *err;
} OktResult;

void       okt_result_free      (OktResult  *result);
char      *okt_bytes_to_text    (GBytes     *bytes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OktResult, okt_result_free)

/* Runs @argv in @cwd (nullable) with @env ("NAME", "VALUE", … NULL; nullable) added to the
 * environment and @input (nullable) on stdin. Never fails the test by itself. */
OktResult *okt_run              (const char         *cwd,
                                 const char * const *env,
                                 GBytes             *input,
                                 const char * const *argv);
/* Same, and asserts exit status 0 (printing stderr otherwise); returns stdout as text. */
char      *okt_run_ok           (const char         *cwd,
                                 const char * const *env,
                                 const char         *input,
                                 const char * const *argv);
gboolean   okt_run_succeeds     (const char         *cwd,
                                 const char * const *env,
                                 const char         *input,
                                 const char * const *argv);

char      *okt_make_tmpdir      (void);
void       okt_remove_tree      (const char         *path);
GBytes    *okt_read_file        (const char         *path);
void       okt_write_file       (const char         *path,
                                 GBytes             *contents);
void       okt_write_text       (const char         *path,
                                 const char         *text);
const char *okt_samples_dir     (void);

/* A three-level PKI made by openssl: root → issuing CA → leaf, each with SKI/AKI,
 * plus a "stranger" key that belongs to nothing. All files live in @dir. */
typedef struct {
  char   *dir;
  GBytes *root_der;
  GBytes *ca_der;
  GBytes *leaf_der;
  char   *root_pem;   /* paths */
  char   *ca_pem;
  char   *leaf_pem;
  char   *leaf_key;   /* clear PKCS#8 PEM */
  char   *ca_key;
  char   *stranger_key;
  char   *chain_pem;  /* ca + root */
} OktPki;

OktPki    *okt_pki_new          (void);
void       okt_pki_free         (OktPki             *pki);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OktPki, okt_pki_free)
/* Signs a PKCS#10 request with the PKI's issuing CA; returns the certificate, DER. */
GBytes    *okt_pki_sign_csr     (OktPki             *pki,
                                 const char         *csr_pem,
                                 const char         *name);
/* The chain as a GPtrArray of GBytes (ca, root). */
GPtrArray *okt_pki_dup_chain    (OktPki             *pki);
/* The SubjectPublicKeyInfo of a PEM/DER certificate or key file as openssl sees it, DER. */
GBytes    *okt_openssl_public_key (const char       *path,
                                   gboolean          is_certificate);
/* Opens a key the store sealed (ok_key_export_encrypted_pem()) independently of OCES Keeper's
 * code and returns its SubjectPublicKeyInfo as openssl prints it, DER; %NULL if it does not open
 * (wrong secret, changed file). */
GBytes    *okt_open_sealed_key_public (const char   *path,
                                       const char   *secret);

/* The throwaway password of okt_make_oces3_certificate()'s PKCS#12 files. */
#define OKT_OCES3_PASSWORD "fixture-password"

/* The serial openssl reads from a certificate file, as OCES Keeper shows it. */
char      *okt_openssl_serial         (const char   *path);
void       okt_make_oces3_certificate (const char   *dir,
                                       const char   *name,
                                       const char   *uuid,
                                       const char   *days);

G_END_DECLS
