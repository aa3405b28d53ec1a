/* fuzz-sip-stream.c — libFuzzer target for sofia's SIP stream framing as its TCP transport
 * uses it (tport_recv_stream / tport_parse, R-SEC-1, R-SEC-2): the bytes of one or more SIP
 * messages arrive in pieces cut at points the input picks; each piece goes through
 * msg_recv_iovec() / msg_recv_commit(), then msg_extract() and msg_next() take out every
 * complete message, with sippush's parser class.
 *
 * Input: byte 0 flags (bit 0: MSG_DO_EXTRACT_COPY, bit 1: a small maxsize run too), bytes
 * 1..4 the cut pattern (piece lengths), then the stream.
 *
 * Checked: a message extracted without error is whole (its body is exactly Content-Length
 * bytes); with the flags the receiver runs with (0) the messages taken out (kind, CSeq,
 * body, errors) are the same whether the stream comes whole, in the input's pieces or byte
 * by byte (short streams); with a small maxsize nothing crashes or leaks and a refused
 * message stops the stream.
 *
 * MSG_DO_EXTRACT_COPY (what tport uses when TPORT_LOG is set, as the CLI's -v does) is only
 * run, not compared: with it, CRLF after a message in the same read makes the next message
 * an error (seen by this target; sofia 1.12.11, see tests/fuzz/README.md).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/msg_addr.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_protos.h>

#include <glib.h>

#include "sip/sofia-glue.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Byte by byte only below this: the parser rescans an incomplete head on every piece. */
#define BYTEWISE_MAX 2048

typedef struct
{
  int flags;
  usize_t maxsize;
  msg_t *cur;
  GString *trace;
  gboolean stalled; /* tport stops reading after an error or a too large message */
} Stream;

static void
record (Stream *s, msg_t *msg, int n, gboolean complete)
{
  unsigned errs = msg_get_flags (msg, MSG_FLG_ERROR | MSG_FLG_TOOLARGE | MSG_FLG_TRUNC);
  sip_t *sip = sip_object (msg);
  g_string_append_printf (s->trace, "n=%d e=%x", n, errs);
  if (n > 0 && !errs && sip)
    {
      /* Whole: the body is exactly Content-Length bytes (none without the header: sofia
       * takes a stream message without it as bodiless). At the end of the stream sofia's parser
       * hands out a message whose body was cut short with no error flag: recorded (the
       * stack above answers it 400, checked against the CLI; tests/fuzz/README.md). */
      usize_t cl = sip->sip_content_length ? sip->sip_content_length->l_length : 0;
      usize_t pl = sip->sip_payload ? sip->sip_payload->pl_len : 0;
      if (cl != pl && !complete)
        abort ();
      if (cl != pl)
        g_string_append (s->trace, " truncated");
      g_string_append_printf (s->trace, " %s %d cseq=%u pl=%u",
                              sip->sip_request ? sip->sip_request->rq_method_name : "R",
                              sip->sip_status ? sip->sip_status->st_status : 0,
                              sip->sip_cseq ? sip->sip_cseq->cs_seq : 0, (unsigned) pl);
      if (pl)
        g_string_append_len (s->trace, sip->sip_payload->pl_data, (gssize) pl);
    }
  g_string_append_c (s->trace, '\n');
}

/* Destroys @msg and the message sofia may have chained to it for bytes beyond its body
 * (msg_recv_iovec() makes one when a read spans two messages): msg_destroy() leaves that
 * one alone, and tport, which drops a failed message without msg_next(), leaks it (sofia
 * 1.12.11; tests/fuzz/README.md). Here it is taken with msg_next() and destroyed too. */
static void
drop (msg_t *msg)
{
  msg_t *next = msg_next (msg);
  msg_destroy (msg);
  if (next)
    msg_destroy (next);
}

/* tport_parse(): takes out every complete message. */
static void
parse (Stream *s, gboolean complete)
{
  msg_t *next = NULL;
  for (msg_t *msg = s->cur; msg; msg = next)
    {
      int n = msg_extract (msg);
      if (n == 0)
        {
          if (!complete)
            break;
          msg_mark_as_complete (msg, MSG_FLG_ERROR);
          n = -1;
        }
      if (msg_get_flags (msg, MSG_FLG_TOOLARGE | MSG_FLG_ERROR))
        s->stalled = TRUE;
      next = n == -1 ? NULL : msg_next (msg);
      record (s, msg, n, complete);
      drop (msg);
      s->cur = next;
      if (s->stalled)
        {
          if (next)
            drop (next);
          s->cur = NULL;
          return;
        }
    }
}

/* tport_recv_stream() with @len bytes ready on the socket. */
static void
receive (Stream *s, const uint8_t *data, size_t len)
{
  while (len > 0 && !s->stalled)
    {
      gboolean fresh = s->cur == NULL;
      if (fresh)
        {
          s->cur = msg_create (sippush_sofia_mclass (), s->flags);
          msg_maxsize (s->cur, s->maxsize);
        }
      msg_iovec_t iov[msg_n_fragments];
      issize_t veclen = msg_recv_iovec (s->cur, iov, msg_n_fragments, (usize_t) len, 0);
      if (veclen < 0 && fresh && errno == ENOBUFS && msg_get_flags (s->cur, MSG_FLG_TOOLARGE))
        veclen = msg_recv_iovec (s->cur, iov, msg_n_fragments, 4096, 1);
      if (veclen < 0)
        {
          g_string_append (s->trace, "nobufs\n");
          drop (s->cur);
          s->cur = NULL;
          s->stalled = TRUE;
          return;
        }
      size_t copied = 0;
      for (issize_t i = 0; i < veclen && copied < len; i++)
        {
          size_t n = MIN (iov[i].mv_len, len - copied);
          memcpy (iov[i].mv_base, data + copied, n);
          copied += n;
        }
      if (copied == 0)
        abort (); /* no room and no error: the transport would spin */
      msg_recv_commit (s->cur, (usize_t) copied, 0);
      data += copied;
      len -= copied;
      parse (s, FALSE);
    }
}

typedef enum
{
  WHOLE,
  CUTS,
  BYTES,
} Mode;

static gchar *
run (int flags, usize_t maxsize, const uint8_t *data, size_t size, const uint8_t cuts[4], Mode mode)
{
  Stream s = { flags, maxsize, NULL, g_string_new (NULL), FALSE };
  size_t pos = 0;
  for (unsigned i = 0; pos < size && !s.stalled; i++)
    {
      size_t piece = mode == WHOLE ? size : mode == BYTES ? 1 : (size_t) cuts[i % 4] * 13 + 1;
      piece = MIN (piece, size - pos);
      receive (&s, data + pos, piece);
      pos += piece;
    }
  if (s.cur && !s.stalled)
    {
      /* End of stream. */
      msg_recv_commit (s.cur, 0, 1);
      parse (&s, TRUE);
    }
  if (s.cur)
    drop (s.cur);
  return g_string_free (s.trace, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 5 || size > (1 << 20))
    return 0;
  int flags = data[0] & 1 ? MSG_DO_EXTRACT_COPY : 0;
  gboolean small = (data[0] & 2) != 0;
  uint8_t cuts[4];
  memcpy (cuts, data + 1, 4);
  data += 5;
  size -= 5;

  /* No size limit here: a limit makes the framing depend on how much was read at once. */
  const usize_t unlimited = 64u << 20;
  if (flags)
    {
      g_free (run (flags, unlimited, data, size, cuts, CUTS));
      flags = 0;
    }
  gchar *whole = run (flags, unlimited, data, size, cuts, WHOLE);
  gchar *pieces = run (flags, unlimited, data, size, cuts, CUTS);
  if (strcmp (whole, pieces) != 0)
    abort ();
  if (size <= BYTEWISE_MAX)
    {
      gchar *bytes = run (flags, unlimited, data, size, cuts, BYTES);
      if (strcmp (whole, bytes) != 0)
        {
          if (getenv ("FUZZ_SIP_STREAM_DEBUG"))
            fprintf (stderr, "whole:\n%s\nbytes:\n%s\n", whole, bytes);
          abort ();
        }
      g_free (bytes);
    }
  if (small)
    g_free (run (flags, 1024, data, size, cuts, CUTS));
  g_free (whole);
  g_free (pieces);
  return 0;
}
