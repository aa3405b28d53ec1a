/* msrp-sink-framed.c — the MSRP benchmark's floor: a minimal MSRP receiver that does the
 * job the CLI does for one file and nothing else.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: msrp-sink-framed --dir DIR [--sha1 HEX]
 *
 * Listens on 127.0.0.1 (ephemeral port, printed as `port N`), accepts one connection and
 * reads it into ONE 256 KiB buffer. It parses MSRP framing (start line, headers up to the
 * blank line, the body up to `-------tid` and its flag), takes Byte-Range, and writes every
 * body byte straight from the read buffer with pwritev (all the body pieces of one read in
 * one call); Nettle's sha1_update over each piece. Each SEND chunk gets a 200 (gathered per
 * read, one send). After the last chunk (`$`, last byte == total): fsync, rename, directory
 * fsync, the SHA-1 compared with --sha1, then `REPORT` 000 200 OK (RFC 4975 §7.1.2) to the
 * From-Path. Then prints `end_ns`, `bytes`, `sha1`, `cpu_ms`, `vmhwm_kb` and waits for the
 * peer to close. Trusting input: a floor for a benchmark, not a receiver (chunks in order,
 * one message, well-formed framing; an error just exits 1). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <nettle/sha1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "bench-util.h"

#define BUFFER_SIZE (256 * 1024)
#define MAX_IOV 1024

static uint8_t buffer[BUFFER_SIZE];
static char out[256 * 1024];
static size_t out_len;

static void
die (const char *what)
{
  fprintf (stderr, "msrp-sink-framed: %s\n", what);
  exit (1);
}

static void
send_all (int fd, const char *p, size_t n)
{
  while (n > 0)
    {
      ssize_t w = send (fd, p, n, MSG_NOSIGNAL);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        die ("send");
      p += w;
      n -= (size_t) w;
    }
}

/* The value of header @name in [@h, @end), up to its CRLF, as (ptr, len). */
static const char *
header (const char *h, const char *end, const char *name, size_t *len)
{
  size_t nl = strlen (name);
  for (const char *p = h; p < end;)
    {
      const char *eol = memchr (p, '\n', (size_t) (end - p));
      if (eol == NULL)
        break;
      if ((size_t) (eol - p) > nl && strncasecmp (p, name, nl) == 0)
        {
          const char *v = p + nl;
          while (*v == ' ')
            v++;
          *len = (size_t) (eol - v) - (eol[-1] == '\r');
          return v;
        }
      p = eol + 1;
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  const char *dir = NULL, *want = NULL;
  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--dir") == 0)
        dir = argv[i + 1];
      else if (strcmp (argv[i], "--sha1") == 0)
        want = argv[i + 1];
    }
  if (dir == NULL)
    {
      fprintf (stderr, "usage: msrp-sink-framed --dir DIR [--sha1 HEX]\n");
      return 2;
    }
  int lfd = bench_listen ();
  if (lfd < 0)
    die ("listen");
  int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int fd
      = dfd < 0 ? -1 : openat (dfd, ".framed.part", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    die ("temp file");
  int cfd = accept4 (lfd, NULL, NULL, SOCK_CLOEXEC);
  if (cfd < 0)
    die ("accept");

  struct sha1_ctx ctx;
  sha1_init (&ctx);
  size_t have = 0; /* bytes in buffer */
  int in_body = 0, done = 0;
  char tid[64], to_path[512], from_path[512], message_id[128];
  size_t tid_len = 0;
  uint64_t offset = 0, total = 0, bytes = 0; /* offset: next body byte's file offset */
  char endline[80];
  size_t endline_len = 0;
  while (!done)
    {
      ssize_t n = read (cfd, buffer + have, BUFFER_SIZE - have);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        die ("connection closed before the last chunk");
      have += (size_t) n;
      struct iovec iov[MAX_IOV];
      int iovcnt = 0;
      uint64_t write_at = offset;
      size_t pos = 0;
      for (;;)
        {
          if (!in_body)
            {
              uint8_t *h = buffer + pos;
              uint8_t *blank = memmem (h, have - pos, "\r\n\r\n", 4);
              if (blank == NULL)
                break;
              const char *hs = (const char *) h, *he = (const char *) blank + 2;
              if (strncmp (hs, "MSRP ", 5) != 0)
                die ("not MSRP");
              const char *sp = memchr (hs + 5, ' ', (size_t) (he - hs - 5));
              if (sp == NULL || (size_t) (sp - hs - 5) >= sizeof tid)
                die ("start line");
              tid_len = (size_t) (sp - hs - 5);
              memcpy (tid, hs + 5, tid_len);
              tid[tid_len] = '\0';
              size_t l1 = 0, l2 = 0, l3 = 0, l4 = 0;
              const char *tp = header (hs, he, "To-Path:", &l1);
              const char *fp = header (hs, he, "From-Path:", &l2);
              const char *mi = header (hs, he, "Message-ID:", &l3);
              const char *br = header (hs, he, "Byte-Range:", &l4);
              if (!tp || !fp || !mi || !br || l1 >= sizeof to_path || l2 >= sizeof from_path
                  || l3 >= sizeof message_id)
                die ("headers");
              memcpy (to_path, tp, l1);
              to_path[l1] = '\0';
              memcpy (from_path, fp, l2);
              from_path[l2] = '\0';
              memcpy (message_id, mi, l3);
              message_id[l3] = '\0';
              uint64_t first = strtoull (br, NULL, 10);
              const char *slash = memchr (br, '/', l4);
              if (first == 0 || slash == NULL)
                die ("Byte-Range");
              total = strtoull (slash + 1, NULL, 10);
              if (first - 1 != bytes)
                die ("chunks out of order");
              endline_len = (size_t) snprintf (endline, sizeof endline, "\r\n-------%.*s",
                                               (int) tid_len, tid);
              in_body = 1;
              pos = (size_t) (blank + 4 - buffer);
            }
          /* The body runs to the end-line; bytes that could be its start are kept. */
          uint8_t *b = buffer + pos;
          size_t avail = have - pos;
          uint8_t *e = memmem (b, avail, endline, endline_len);
          size_t body = e                         ? (size_t) (e - b)
                        : avail > endline_len + 2 ? avail - endline_len - 2
                                                  : 0;
          if (body > 0)
            {
              if (iovcnt == MAX_IOV)
                die ("too many pieces");
              iov[iovcnt].iov_base = b;
              iov[iovcnt].iov_len = body;
              iovcnt++;
              sha1_update (&ctx, body, b);
              bytes += body;
              pos += body;
            }
          if (e == NULL || have - pos < endline_len + 3)
            break;
          char flag = (char) buffer[pos + endline_len];
          pos += endline_len + 3;
          in_body = 0;
          out_len += (size_t) snprintf (out + out_len, sizeof out - out_len,
                                        "MSRP %.*s 200 OK\r\nTo-Path: %s\r\nFrom-Path: %s\r\n"
                                        "-------%.*s$\r\n",
                                        (int) tid_len, tid, from_path, to_path, (int) tid_len, tid);
          if (out_len > sizeof out - 2048)
            {
              send_all (cfd, out, out_len);
              out_len = 0;
            }
          if (flag == '$' && bytes == total)
            done = 1;
        }
      for (int i = 0; i < iovcnt;)
        {
          /* pwritev takes up to IOV_MAX; the pieces are contiguous in the file. */
          ssize_t w = pwritev (fd, iov + i, iovcnt - i, (off_t) write_at);
          if (w < 0 && errno == EINTR)
            continue;
          if (w <= 0)
            die ("pwritev");
          write_at += (uint64_t) w;
          while (i < iovcnt && (size_t) w >= iov[i].iov_len)
            w -= (ssize_t) iov[i++].iov_len;
          if (i < iovcnt)
            {
              iov[i].iov_base = (uint8_t *) iov[i].iov_base + w;
              iov[i].iov_len -= (size_t) w;
            }
        }
      offset = write_at;
      if (out_len)
        send_all (cfd, out, out_len);
      out_len = 0;
      memmove (buffer, buffer + pos, have - pos);
      have -= pos;
    }

  uint8_t d[SHA1_DIGEST_SIZE];
  char hex[2 * SHA1_DIGEST_SIZE + 1];
  sha1_digest (&ctx, sizeof d, d);
  for (int i = 0; i < SHA1_DIGEST_SIZE; i++)
    snprintf (hex + 2 * i, 3, "%02x", d[i]);
  if (want && strcasecmp (want, hex) != 0)
    die ("sha-1 mismatch");
  if (fsync (fd) != 0 || renameat (dfd, ".framed.part", dfd, "framed.bin") != 0 || fsync (dfd) != 0)
    die ("commit");
  close (fd);
  int rl
      = snprintf (out, sizeof out,
                  "MSRP r%s REPORT\r\nTo-Path: %s\r\nFrom-Path: %s\r\nMessage-ID: %s\r\n"
                  "Byte-Range: 1-%" PRIu64 "/%" PRIu64 "\r\nStatus: 000 200 OK\r\n-------r%s$\r\n",
                  tid, from_path, to_path, message_id, total, total, tid);
  send_all (cfd, out, (size_t) rl);
  printf ("end_ns %" PRIu64 "\nbytes %" PRIu64 "\nsha1 %s\n", bench_now_ns (), bytes, hex);
  bench_print_usage ();
  while (read (cfd, buffer, BUFFER_SIZE) > 0)
    ;
  close (cfd);
  return 0;
}
