/* Unit tests for RFC 5547 file-selector values and SHA-1 texts (R-INV-4, R-MSRP-5). */
#include "check-main.h"
#include <string.h>

#include "sdp/file-selector.h"

static const guint8 d5_sha1[20] = { 0x72, 0x24, 0x5F, 0xE8, 0x65, 0x3D, 0xDA, 0xF3, 0x71, 0x36,
                                    0x2F, 0x86, 0xD4, 0x71, 0x91, 0x3E, 0xE4, 0xA2, 0xCE, 0x2E };

static gboolean
parse (const char *text, SipPushFileSelector *fs)
{
  GError *error = NULL;
  /* Copied without a NUL terminator so that ASan catches a read past the end. */
  gsize len = strlen (text);
  char *copy = g_memdup2 (text, len ? len : 1);
  gboolean ok = sippush_file_selector_parse (copy, len, fs, &error) == SIPPUSH_PARSE_OK;

  ck_assert (ok == (error == NULL));
  ck_assert (ok || g_error_matches (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_MALFORMED));
  g_clear_error (&error);
  g_free (copy);
  return ok;
}

/* R-MSRP-5: the D.5 selector (bare hex hash) and the RFC 5547 colon form. */
START_TEST (test_file_selector_d5)
{
  SipPushFileSelector fs;

  ck_assert (parse ("name:\"My cool picture.jpg\" type:image/jpeg size:4092 "
                    "hash:sha-1:72245FE8653DDAF371362F86D471913EE4A2CE2E",
                    &fs));
  ck_assert_str_eq (fs.name, "My cool picture.jpg");
  ck_assert_str_eq (fs.type, "image/jpeg");
  ck_assert (fs.has_size);
  ck_assert_uint_eq (fs.size, 4092);
  ck_assert (fs.has_sha1);
  ck_assert_mem_eq (fs.sha1, d5_sha1, 20);
  sippush_file_selector_clear (&fs);
  ck_assert_ptr_null (fs.name);

  ck_assert (parse ("hash:SHA-1:72:24:5F:E8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2E   "
                    "size:0   name:\"a\"",
                    &fs));
  ck_assert (fs.has_sha1);
  ck_assert_mem_eq (fs.sha1, d5_sha1, 20);
  ck_assert (fs.has_size);
  ck_assert_uint_eq (fs.size, 0);
  ck_assert_str_eq (fs.name, "a");
  ck_assert_ptr_null (fs.type);
  sippush_file_selector_clear (&fs);
}
END_TEST

/* Names are percent-decoded and kept raw; only a NUL is refused. */
START_TEST (test_file_selector_names)
{
  static const struct
  {
    const char *in;
    const char *name;
  } rows[] = {
    { "name:\"a%20b\"", "a b" },
    { "name:\"%2e%2E/etc/passwd\"", "../etc/passwd" },
    { "name:\"100%25\"", "100%" },
    { "name:\"q%22uote\"", "q\"uote" },
    { "name:\"line%0D%0Abreak\"", "line\r\nbreak" },
    { "name:\"\xc3\xa9t\xc3\xa9\"", "\xc3\xa9t\xc3\xa9" },
    { "name:\"\xff\x01\"", "\xff\x01" },
    { "name:\"  spaced  \"", "  spaced  " },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      SipPushFileSelector fs;
      ck_assert_msg (parse (rows[i].in, &fs), "%s", rows[i].in);
      ck_assert_str_eq (fs.name, rows[i].name);
      sippush_file_selector_clear (&fs);
    }
}
END_TEST

START_TEST (test_file_selector_types_and_unknown)
{
  SipPushFileSelector fs;

  ck_assert (parse ("type:text/plain;charset=utf-8 x-foo:\"a b\" bare hash:md5:00:11", &fs));
  ck_assert_str_eq (fs.type, "text/plain;charset=utf-8");
  /* An unknown algorithm means no sha-1 known. */
  ck_assert (!fs.has_sha1);
  ck_assert_ptr_null (fs.name);
  sippush_file_selector_clear (&fs);

  ck_assert (parse ("type:text/plain;name=\"x y\"", &fs));
  ck_assert_str_eq (fs.type, "text/plain;name=\"x y\"");
  sippush_file_selector_clear (&fs);

  /* An empty value selects nothing, which is allowed. */
  ck_assert (parse ("", &fs));
  ck_assert (!fs.has_size && !fs.has_sha1 && fs.name == NULL && fs.type == NULL);
  ck_assert (parse ("   ", &fs));

  ck_assert (parse ("size:18446744073709551615", &fs));
  ck_assert_uint_eq (fs.size, G_MAXUINT64);
  ck_assert (parse ("hash:sha-256:00 hash:sha-1:72245fe8653ddaf371362f86d471913ee4a2ce2e "
                    "hash:sha-256:11",
                    &fs));
  ck_assert (fs.has_sha1);
  ck_assert_mem_eq (fs.sha1, d5_sha1, 20);
}
END_TEST

START_TEST (test_file_selector_bad)
{
  static const char *const rows[] = {
    "name:unquoted",
    "name:\"unterminated",
    "name:\"\"",
    "name:\"nul%00\"",
    "name:\"bad%2\"",
    "name:\"bad%zz\"",
    "name:\"x\"trailing",
    "name:\"a\" name:\"b\"",
    "type:image/jpeg type:image/png",
    "type:image",
    "type:/jpeg",
    "type:image/",
    "type:image/jpeg,png",
    "type:text/plain;a=\"open",
    "size:",
    "size:12a",
    "size:-1",
    "size:18446744073709551616",
    "size:99999999999999999999999",
    "size:1 size:1",
    "hash:sha-1:72245FE8653DDAF371362F86D471913EE4A2CE2",
    "hash:sha-1:72245FE8653DDAF371362F86D471913EE4A2CE2E00",
    "hash:sha-1:72-24:5F:E8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2E",
    "hash:sha-1:",
    "hash:sha1only",
    "hash::00",
    ("hash:sha-1:72245FE8653DDAF371362F86D471913EE4A2CE2E "
     "hash:sha-1:72245FE8653DDAF371362F86D471913EE4A2CE2E"), /* one selector twice */
    "x:\"unterminated quote",
    "name:\"a\r\"",
    "size:1\n",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      SipPushFileSelector fs;
      memset (&fs, 0xa5, sizeof fs);
      ck_assert_msg (!parse (rows[i], &fs), "accepted: %s", rows[i]);
      /* Left cleared on error. */
      ck_assert (fs.name == NULL && fs.type == NULL && !fs.has_size && !fs.has_sha1);
    }

  /* A raw NUL inside the given length. */
  SipPushFileSelector fs;
  GError *error = NULL;
  ck_assert_int_eq (sippush_file_selector_parse ("name:\"a\0b\"", 10, &fs, &error),
                    SIPPUSH_PARSE_MALFORMED);
  ck_assert_ptr_nonnull (error);
  g_clear_error (&error);
  /* The length bounds the value: the quote past it is not seen. */
  ck_assert_int_eq (sippush_file_selector_parse ("name:\"ab\"", 8, &fs, NULL),
                    SIPPUSH_PARSE_MALFORMED);
  ck_assert_int_eq (sippush_file_selector_parse ("size:12 x", 7, &fs, NULL), SIPPUSH_PARSE_OK);
  ck_assert_uint_eq (fs.size, 12);
}
END_TEST

/* R-MSRP-5: both hash spellings, any case; nothing else. */
START_TEST (test_sha1_text)
{
  guint8 out[20];
  static const char *const good[] = {
    "72245FE8653DDAF371362F86D471913EE4A2CE2E",
    "72245fe8653ddaf371362f86d471913ee4a2ce2e",
    "72:24:5F:E8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2E",
    "72:24:5f:e8:65:3d:da:f3:71:36:2f:86:d4:71:91:3e:e4:a2:ce:2e",
  };
  static const char *const bad[] = {
    "",
    "72245FE8653DDAF371362F86D471913EE4A2CE2",
    "72245FE8653DDAF371362F86D471913EE4A2CE2G",
    "72:24:5F:E8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2",
    "72:24:5F:E8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2E:",
    "72:245:FE8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2E",
    "72 24 5F E8 65 3D DA F3 71 36 2F 86 D4 71 91 3E E4 A2 CE 2E",
    "0x245FE8653DDAF371362F86D471913EE4A2CE2E",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      memset (out, 0, sizeof out);
      ck_assert_msg (sippush_sha1_text_parse (good[i], strlen (good[i]), out), "%s", good[i]);
      ck_assert_mem_eq (out, d5_sha1, 20);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      memset (out, 0x5a, sizeof out);
      ck_assert_msg (!sippush_sha1_text_parse (bad[i], strlen (bad[i]), out), "%s", bad[i]);
      ck_assert_uint_eq (out[0], 0x5a);
    }
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("file-selector");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_file_selector_d5);
  tcase_add_test (tc, test_file_selector_names);
  tcase_add_test (tc, test_file_selector_types_and_unknown);
  tcase_add_test (tc, test_file_selector_bad);
  tcase_add_test (tc, test_sha1_text);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
