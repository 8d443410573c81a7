/* test-issuance-link.c — reference numbers from what users paste: bare numbers and the
 * issuance links of the MitID Erhverv e-mail
 *
 * Copyright 2026 The OCES Keeper authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ok-issuance-link.h"

typedef struct {
  const char *text;
  const char *reference;
} Accepted;

typedef struct {
  const char *text;
  OkIssuanceLinkError code;
} Rejected;

static void
test_accepted (void)
{
  static const Accepted cases[] = {
    { "ABC123", "ABC123" },
    { "123456", "123456" },
    { "  7f3a9c21-5d4e-4b8a-9c0d-112233445566\n", "7f3a9c21-5d4e-4b8a-9c0d-112233445566" },
    { "\tREF-2026-000042 ", "REF-2026-000042" },
    { "https://erhvervsadministration.nemlog-in.dk/certificates/issue?referenceNumber=REF-42A7",
      "REF-42A7" },
    { "https://portal.example/issue?reference=ABC-123456", "ABC-123456" },
    { "https://portal.example/issue?ReferenceNumber=ABC123&lang=da", "ABC123" },
    { "https://portal.example/issue?lang=da;referencenumber=ABC123", "ABC123" },
    { "https://portal.example/certificates/reference/XYZ-98765", "XYZ-98765" },
    { "https://portal.example/certificates/Reference/XYZ-98765/", "XYZ-98765" },
    { "https://portal.example/#/issue?referenceNumber=HASH-12345", "HASH-12345" },
    { "https://portal.example/issue?referenceNumber=%52EF123", "REF123" },
    { "HTTPS://PORTAL.EXAMPLE/issue?referenceNumber=UPPER1", "UPPER1" },
    { "<https://portal.example/issue?referenceNumber=ANGLE1>", "ANGLE1" },
    { "https://portal.example/issue?referenceNumber=SAME12&reference=SAME12", "SAME12" },
    { "A23456789012345678901234567890123456789012345678901234567890ABCD",
      "A23456789012345678901234567890123456789012345678901234567890ABCD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *reference = ok_issuance_link_parse_reference (cases[i].text, &error);

      g_test_message ("accepts “%s”", cases[i].text);
      g_assert_no_error (error);
      g_assert_cmpstr (reference, ==, cases[i].reference);
    }
}

static void
test_rejected (void)
{
  g_autofree char *long_text = g_strnfill (OK_ISSUANCE_LINK_MAX_LENGTH + 1, 'A');
  g_autofree char *long_link = g_strconcat ("https://portal.example/issue?referenceNumber=",
                                            long_text, NULL);
  const Rejected cases[] = {
    { "", OK_ISSUANCE_LINK_ERROR_EMPTY },
    { "   \n\t ", OK_ISSUANCE_LINK_ERROR_EMPTY },
    { "<>", OK_ISSUANCE_LINK_ERROR_EMPTY },
    { long_text, OK_ISSUANCE_LINK_ERROR_TOO_LONG },
    { long_link, OK_ISSUANCE_LINK_ERROR_TOO_LONG },
    { "ABC12", OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "A234567890123456789012345678901234567890123456789012345678901234X",
      OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "-ABC123", OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "ABC123-", OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "ABC 123", OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "ÆBLE123", OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "ABC_123", OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "DROP TABLE;--", OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "mailto:mitiderhverv@digst.dk?subject=referenceNumber=ABC123",
      OK_ISSUANCE_LINK_ERROR_UNSUPPORTED_LINK },
    { "javascript:alert('referenceNumber=ABC123')", OK_ISSUANCE_LINK_ERROR_UNSUPPORTED_LINK },
    { "http://portal.example/issue?referenceNumber=ABC123", OK_ISSUANCE_LINK_ERROR_UNSUPPORTED_LINK },
    { "file:///etc/passwd?referenceNumber=ABC123", OK_ISSUANCE_LINK_ERROR_UNSUPPORTED_LINK },
    { "https:///issue?referenceNumber=ABC123", OK_ISSUANCE_LINK_ERROR_UNSUPPORTED_LINK },
    { "https://portal.example/issue", OK_ISSUANCE_LINK_ERROR_NO_REFERENCE },
    { "https://portal.example/issue?lang=da", OK_ISSUANCE_LINK_ERROR_NO_REFERENCE },
    { "https://portal.example/reference/", OK_ISSUANCE_LINK_ERROR_NO_REFERENCE },
    { "https://portal.example/issue?referenceNumber=", OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "https://portal.example/issue?referenceNumber=AB%20C123",
      OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "https://portal.example/issue?referenceNumber=<script>", OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "https://portal.example/issue?referenceNumber=ABC123&reference=XYZ789",
      OK_ISSUANCE_LINK_ERROR_AMBIGUOUS },
    { "https://portal.example/reference/ABC123?referenceNumber=XYZ789",
      OK_ISSUANCE_LINK_ERROR_AMBIGUOUS },
    { "portal.example/issue?referenceNumber=ABC123", OK_ISSUANCE_LINK_ERROR_INVALID_REFERENCE },
    { "https://por tal.example/?referenceNumber=ABC123", OK_ISSUANCE_LINK_ERROR_UNSUPPORTED_LINK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *reference = ok_issuance_link_parse_reference (cases[i].text, &error);

      g_test_message ("rejects “%s”", cases[i].text);
      g_assert_null (reference);
      g_assert_error (error, OK_ISSUANCE_LINK_ERROR, (gint) cases[i].code);
      g_assert_cmpuint (strlen (error->message), >, 0);
    }
}

static void
test_reference_rule (void)
{
  g_assert_true (ok_issuance_link_is_reference_number ("A1B2C3"));
  g_assert_true (ok_issuance_link_is_reference_number ("a-b-c-1"));
  g_assert_false (ok_issuance_link_is_reference_number ("A1B2C"));
  g_assert_false (ok_issuance_link_is_reference_number ("------"));
  g_assert_false (ok_issuance_link_is_reference_number (" A1B2C3"));
  g_assert_false (ok_issuance_link_is_reference_number ("A1B2C3\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/issuance-link/accepted", test_accepted);
  g_test_add_func ("/issuance-link/rejected", test_rejected);
  g_test_add_func ("/issuance-link/reference-rule", test_reference_rule);

  return g_test_run ();
}
