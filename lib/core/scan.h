/* core/scan.h — the bounded scanners every parser in lib/ uses: character classes, tokens,
 * blanks, overflow-checked decimal and hex numbers, hex pairs and percent-escapes.
 *
 * Every scanner reads (s, len) from the cursor *@i and never past @len; @s need not be
 * NUL-terminated (a NUL is never in a class). A scanner that fails leaves *@i where it
 * was. Pure: no allocation, no state.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* A piece of memory the scanner or parser does not own; not NUL-terminated. */
typedef struct
{
  const char *p;
  gsize len;
} SipPushSlice;

typedef enum
{
  SIPPUSH_CHARS_DIGIT,      /* 0-9 */
  SIPPUSH_CHARS_HEX,        /* 0-9 a-f A-F */
  SIPPUSH_CHARS_BLANK,      /* SP / HTAB */
  SIPPUSH_CHARS_SIP_TOKEN,  /* RFC 3261 token: alphanum / "-.!%*_+`'~" */
  SIPPUSH_CHARS_MIME_TOKEN, /* RFC 2045 token: visible ASCII except tspecials */
  SIPPUSH_CHARS_SDP_TOKEN,  /* RFC 4566 token: alphanum / "!#$%&'*+-.^_`{|}~" */
} SipPushCharClass;

/* Whether @c is in @cls. */
gboolean sippush_scan_is (SipPushCharClass cls, char c);

/* Advances *@i over the characters of @cls; returns how many there were. */
gsize sippush_scan_span (const char *s, gsize len, gsize *i, SipPushCharClass cls);

/* An RFC 3261 token: advances *@i past it and returns its length (0: none here). */
gsize sippush_scan_token (const char *s, gsize len, gsize *i);

/* Skips SP and HTAB. */
void sippush_scan_skip_blanks (const char *s, gsize len, gsize *i);

/* The end of s[@start..@end) without its trailing SP and HTAB. */
gsize sippush_scan_trim_blanks_end (const char *s, gsize start, gsize end);

/* An unsigned decimal number at *@i: 1 to @max_digits digits (0: any number of digits) whose
 * value is at most @max, checked digit by digit (no overflow, ever). FALSE when there is no
 * digit, more than @max_digits of them, or the value is over @max; on success *@i is past
 * the digits and *@value set. */
gboolean sippush_scan_decimal (const char *s, gsize len, gsize *i, guint max_digits, guint64 max,
                               guint64 *value);

/* The whole of (s, len) as such a decimal number. */
gboolean sippush_scan_decimal_all (const char *s, gsize len, guint max_digits, guint64 max,
                                   guint64 *value);

/* The same for hex digits (either case). */
gboolean sippush_scan_hex (const char *s, gsize len, gsize *i, guint max_digits, guint64 max,
                           guint64 *value);

/* Two hex digits at @s[@i] and @s[@i + 1] (both before @len) as one byte. */
gboolean sippush_scan_hex_byte (const char *s, gsize len, gsize i, guint8 *byte);

/* A percent-escape `%XX` at *@i (RFC 3986 §2.1): its byte, *@i moved past it. FALSE when
 * @s[*@i] is not '%' or two hex digits do not follow within @len. */
gboolean sippush_scan_percent (const char *s, gsize len, gsize *i, guint8 *byte);

/* Whether (s, len) is @name, ignoring ASCII case. */
gboolean sippush_scan_name_is (const char *s, gsize len, const char *name);

/* Whether (s, len) starts with @prefix, ignoring ASCII case. */
gboolean sippush_scan_has_prefix_nocase (const char *s, gsize len, const char *prefix);
