/* msrp/writer.c — MSRP responses, REPORTs and the opening SEND, byte for byte.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "msrp/writer.h"

#include <string.h>

#include "core/hex-id.h"

/* Transaction ids of requests we start: 16 hex digits, random. */
#define TID_BYTES 8

static void
put (GByteArray *out, const char *data, gsize len)
{
  g_byte_array_append (out, (const guint8 *) data, (guint) len);
}

static void
put_str (GByteArray *out, const char *s)
{
  put (out, s, strlen (s));
}

/* A fresh transaction id; @fallback when the kernel gives no randomness (a transaction id
 * need not be unguessable). */
static gchar *
new_tid (const char *fallback)
{
  gchar *tid = sippush_random_hex_id (TID_BYTES);
  return tid ? tid : g_strdup (fallback);
}

void
sippush_msrp_write_response (GByteArray *out, SipPushSlice tid, guint status, const char *phrase,
                             SipPushSlice to_path, SipPushSlice from_path)
{
  /* One response per chunk: assembled without printf. */
  gchar code[16];
  gsize code_len;
  if (status >= 100 && status <= 999)
    {
      code[0] = (gchar) ('0' + status / 100);
      code[1] = (gchar) ('0' + status / 10 % 10);
      code[2] = (gchar) ('0' + status % 10);
      code_len = 3;
    }
  else
    code_len = (gsize) g_snprintf (code, sizeof code, "%u", status);
  /* Sized once, then copied in: no append (and growth check) per piece. */
  struct
  {
    const char *p;
    gsize len;
  } pieces[] = {
    { "MSRP ", 5 },
    { tid.p, tid.len },
    { " ", 1 },
    { code, code_len },
    { " ", 1 },
    { phrase, strlen (phrase) },
    { "\r\nTo-Path: ", 11 },
    { to_path.p, to_path.len },
    { "\r\nFrom-Path: ", 13 },
    { from_path.p, from_path.len },
    { "\r\n-------", 9 },
    { tid.p, tid.len },
    { "$\r\n", 3 },
  };
  gsize total = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (pieces); i++)
    total += pieces[i].len;
  guint at = out->len;
  g_byte_array_set_size (out, (guint) (at + total));
  for (gsize i = 0; i < G_N_ELEMENTS (pieces); i++)
    {
      memcpy (out->data + at, pieces[i].p, pieces[i].len);
      at += (guint) pieces[i].len;
    }
}

void
sippush_msrp_write_report (GByteArray *out, const char *to_path, const char *from_path,
                           const char *message_id, guint64 total, guint status, const char *phrase)
{
  g_autofree gchar *tid = new_tid ("report00");
  /* The Byte-Range counts the MSRP message as sent, wrapper included (R-MSRP-2). */
  g_autofree gchar *report
      = g_strdup_printf ("MSRP %s REPORT\r\n"
                         "To-Path: %s\r\n"
                         "From-Path: %s\r\n"
                         "Message-ID: %s\r\n"
                         "Byte-Range: 1-%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "\r\n"
                         "Status: 000 %u %s\r\n"
                         "-------%s$\r\n",
                         tid, to_path, from_path, message_id, total, total, status, phrase, tid);
  put_str (out, report);
}

void
sippush_msrp_write_bodiless_send (GByteArray *out, const char *to_path, const char *from_path)
{
  g_autofree gchar *tid = new_tid ("opening0");
  g_autofree gchar *send = g_strdup_printf ("MSRP %s SEND\r\nTo-Path: %s\r\nFrom-Path: %s\r\n"
                                            "Message-ID: %s\r\nByte-Range: 1-0/0\r\n"
                                            "-------%s$\r\n",
                                            tid, to_path, from_path, tid, tid);
  put_str (out, send);
}

void
sippush_msrp_write_auth (GByteArray *out, const char *tid, const char *relay_uri,
                         const char *from_uri, const char *authorization)
{
  g_autofree gchar *auth
      = g_strdup_printf ("MSRP %s AUTH\r\nTo-Path: %s\r\nFrom-Path: %s\r\n%s%s%s-------%s$\r\n",
                         tid, relay_uri, from_uri, authorization ? "Authorization: " : "",
                         authorization ? authorization : "", authorization ? "\r\n" : "", tid);
  put_str (out, auth);
}
