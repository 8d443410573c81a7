/* ok-test-util.h — small helpers for tests: running openssl/certtool as independent
 * producers and checkers, temporary folders, the public OCES3 samples
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Throwaway fixture passwords reach tools only through this variable (-passin env:…). */
#define OK_TEST_PASS_VARIABLE "OK_TEST_PASS"

/* Runs argv (argv[0] looked up in PATH), feeding stdin_text (nullable) on stdin. Returns
 * stdout as text; on a non-zero exit returns NULL with an error that quotes stderr. */
char       *ok_test_run             (const char *const  *argv,
                                     const char         *stdin_text,
                                     GError            **error);
/* The same with extra environment entries, "NAME=VALUE" strings (nullable). */
char       *ok_test_run_with_env    (const char *const  *argv,
                                     const char *const  *env,
                                     const char         *stdin_text,
                                     GError            **error);
/* ok_test_run() that fails the test when the command fails. */
char       *ok_test_run_ok          (const char *const  *argv,
                                     const char         *stdin_text);

char       *ok_test_make_tmpdir     (void);
void        ok_test_remove_tree     (const char         *path);
GBytes     *ok_test_read_file       (const char         *path);
char       *ok_test_read_text       (const char         *path);
void        ok_test_write_text      (const char         *path,
                                     const char         *text);

/* $OK_SAMPLES_DIR when it names an existing folder, else NULL. */
const char *ok_test_samples_dir     (void);
/* The path of one sample, or NULL after marking the test skipped with a clear message. */
char       *ok_test_sample_path     (const char         *name);

G_END_DECLS
