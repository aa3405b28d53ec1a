/* msrp-send.c — the MSRP benchmark's sender: pushes a generated file over loopback TCP,
 * framed as MSRP SEND chunks (for the library) or as the bare bytes (for the references).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage:
 *   msrp-send --port P --mode msrp|raw --size BYTES [--chunk BYTES] [--sessions N]
 *   msrp-send --size BYTES --print-sha1
 *
 * The content is a 1 MiB pseudo-random block (fixed seed) repeated up to --size, so no
 * file has to be read; --print-sha1 prints its SHA-1 (40 hex) and exits.
 *
 * --mode msrp: N connections (one per session), each carrying one MSRP message with the
 * whole content in SEND chunks of --chunk bytes to session id `bench%04u` (i), with
 * Byte-Range and total, `+` on every chunk but the last (`$`). The responses are read and
 * counted (200 / other); the sender exits when the receiver closes the connections.
 * --mode raw: N connections, each carrying the bare content; then shutdown(SHUT_WR), and
 * exit when the receiver closes.
 * --to-path URI [--from-path URI] (one session, --mode msrp): the chunks go to that To-Path
 * (its host must be 127.0.0.1; the port is taken from it), e.g. the a=path of an SDP answer,
 * with `Success-Report: yes`; the sender closes as soon as the success REPORT is in and
 * prints `report_ns <CLOCK_MONOTONIC ns>` and `report_status <code>` (the end-to-end time
 * is report_ns − start_ns, with the first byte sent right after start_ns).
 *
 * Writes are batched with writev() into about 256 KiB per call in both modes, so the
 * sender's syscall pattern does not depend on the chunk size. Prints
 * `start_ns <CLOCK_MONOTONIC ns>` (taken just before connecting) on stdout, and
 * `sent <bytes> responses_200 <n> responses_other <n>` at the end. */
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nettle/sha1.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define BLOCK_SIZE (1024 * 1024)
#define BATCH_BYTES (256 * 1024)
#define BATCH_IOV 512
#define MAX_CONNECTIONS 256
#define HEADER_MAX 512

static uint8_t block[BLOCK_SIZE];

typedef struct
{
  int fd;
  unsigned index;
  uint64_t offset; /* content bytes framed so far */
  /* the batch being written */
  struct iovec iov[BATCH_IOV];
  int iov_count;
  int iov_first;
  char headers[BATCH_IOV / 3 + 1][HEADER_MAX];
  char endlines[BATCH_IOV / 3 + 1][64];
  int done_sending;
  int eof;
  uint64_t sent;
  /* response line assembly */
  char line[256];
  size_t line_len;
  uint64_t ok, other;
  int in_report;
  int report_status;
  uint64_t report_ns;
} Conn;

static const char *to_path_arg, *from_path_arg;
static int want_report;

static void
fill_block (void)
{
  uint64_t x = 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i < BLOCK_SIZE; i += 8)
    {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      memcpy (block + i, &x, 8);
    }
}

static uint64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

/* Adds content [offset, offset + len) as iovecs pointing into the block. */
static void
add_content (Conn *c, uint64_t offset, uint64_t len)
{
  while (len > 0)
    {
      size_t at = (size_t) (offset % BLOCK_SIZE);
      size_t n = BLOCK_SIZE - at;
      if (n > len)
        n = (size_t) len;
      c->iov[c->iov_count].iov_base = block + at;
      c->iov[c->iov_count].iov_len = n;
      c->iov_count++;
      offset += n;
      len -= n;
    }
}

/* Prepares the next batch: up to BATCH_BYTES of content (raw) or of whole chunks. */
static void
build_batch (Conn *c, int msrp, uint64_t total, uint64_t chunk, unsigned port)
{
  c->iov_count = 0;
  c->iov_first = 0;
  uint64_t batch = 0;
  int slot = 0;
  if (!msrp)
    {
      uint64_t n = total - c->offset;
      if (n > BATCH_BYTES)
        n = BATCH_BYTES;
      add_content (c, c->offset, n);
      c->offset += n;
      return;
    }
  /* At least one chunk, then more while they fit in the batch (a chunk needs at most
   * 3 + 1 iovecs: header, up to two content pieces across the block's end, end-line). */
  while (c->offset < total && c->iov_count + 4 <= BATCH_IOV && slot <= BATCH_IOV / 3
         && (batch == 0 || batch + chunk <= BATCH_BYTES))
    {
      uint64_t n = total - c->offset;
      if (n > chunk)
        n = chunk;
      uint64_t tid = (uint64_t) c->index << 40 | c->offset / chunk;
      int last = c->offset + n == total;
      int hl;
      if (to_path_arg)
        hl = snprintf (c->headers[slot], HEADER_MAX,
                       "MSRP t%011" PRIx64 " SEND\r\n"
                       "To-Path: %s\r\n"
                       "From-Path: %s\r\n"
                       "Message-ID: m%04u\r\n"
                       "Success-Report: yes\r\n"
                       "Byte-Range: %" PRIu64 "-%" PRIu64 "/%" PRIu64 "\r\n"
                       "Content-Type: application/octet-stream\r\n"
                       "\r\n",
                       tid, to_path_arg, from_path_arg, c->index, c->offset + 1, c->offset + n,
                       total);
      else
        hl = snprintf (c->headers[slot], HEADER_MAX,
                       "MSRP t%011" PRIx64 " SEND\r\n"
                       "To-Path: msrp://127.0.0.1:%u/bench%04u;tcp\r\n"
                       "From-Path: msrp://127.0.0.1:9/sender%04u;tcp\r\n"
                       "Message-ID: m%04u\r\n"
                       "Byte-Range: %" PRIu64 "-%" PRIu64 "/%" PRIu64 "\r\n"
                       "Content-Type: application/octet-stream\r\n"
                       "\r\n",
                       tid, port, c->index, c->index, c->index, c->offset + 1, c->offset + n,
                       total);
      int el = snprintf (c->endlines[slot], 64, "\r\n-------t%011" PRIx64 "%c\r\n", tid,
                         last ? '$' : '+');
      c->iov[c->iov_count].iov_base = c->headers[slot];
      c->iov[c->iov_count].iov_len = (size_t) hl;
      c->iov_count++;
      add_content (c, c->offset, n);
      c->iov[c->iov_count].iov_base = c->endlines[slot];
      c->iov[c->iov_count].iov_len = (size_t) el;
      c->iov_count++;
      c->offset += n;
      batch += n;
      slot++;
    }
}

/* Counts the status of each response line (`MSRP tid NNN ...`). */
static void
take_responses (Conn *c, const char *data, size_t len)
{
  for (size_t i = 0; i < len; i++)
    {
      char ch = data[i];
      if (ch != '\n')
        {
          if (c->line_len < sizeof c->line - 1)
            c->line[c->line_len++] = ch;
          continue;
        }
      c->line[c->line_len] = '\0';
      if (c->in_report && strncmp (c->line, "Status:", 7) == 0)
        c->report_status = atoi (c->line + 11); /* "Status: 000 200 OK" */
      else if (c->in_report && strncmp (c->line, "-------", 7) == 0)
        {
          c->in_report = 0;
          c->report_ns = now_ns ();
        }
      else if (strncmp (c->line, "MSRP ", 5) == 0)
        {
          const char *sp = strchr (c->line + 5, ' ');
          if (sp && strncmp (sp + 1, "REPORT", 6) == 0)
            c->in_report = 1;
          else if (sp && strncmp (sp + 1, "200 ", 4) == 0)
            c->ok++;
          else if (sp && sp[1] >= '0' && sp[1] <= '9')
            c->other++;
        }
      c->line_len = 0;
    }
}

static int
connect_to (unsigned port)
{
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *) &sa, sizeof sa) != 0 && errno != EINPROGRESS)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static void
usage (void)
{
  fprintf (stderr, "usage: msrp-send --port P --mode msrp|raw --size BYTES [--chunk BYTES] "
                   "[--sessions N]\n       msrp-send --size BYTES --print-sha1\n");
  exit (2);
}

int
main (int argc, char **argv)
{
  unsigned port = 0, sessions = 1;
  uint64_t total = 0, chunk = 65536;
  int msrp = -1, print_sha1 = 0;
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *v = i + 1 < argc ? argv[i + 1] : NULL;
      if (strcmp (a, "--print-sha1") == 0)
        {
          print_sha1 = 1;
          continue;
        }
      if (v == NULL)
        usage ();
      i++;
      if (strcmp (a, "--port") == 0)
        port = (unsigned) strtoul (v, NULL, 10);
      else if (strcmp (a, "--size") == 0)
        total = strtoull (v, NULL, 10);
      else if (strcmp (a, "--chunk") == 0)
        chunk = strtoull (v, NULL, 10);
      else if (strcmp (a, "--sessions") == 0)
        sessions = (unsigned) strtoul (v, NULL, 10);
      else if (strcmp (a, "--to-path") == 0)
        to_path_arg = v;
      else if (strcmp (a, "--from-path") == 0)
        from_path_arg = v;
      else if (strcmp (a, "--mode") == 0)
        msrp = strcmp (v, "msrp") == 0 ? 1 : strcmp (v, "raw") == 0 ? 0 : -1;
      else
        usage ();
    }
  fill_block ();
  if (print_sha1)
    {
      if (total == 0)
        usage ();
      struct sha1_ctx ctx;
      sha1_init (&ctx);
      for (uint64_t off = 0; off < total;)
        {
          uint64_t n = total - off < BLOCK_SIZE ? total - off : BLOCK_SIZE;
          sha1_update (&ctx, (size_t) n, block);
          off += n;
        }
      uint8_t d[SHA1_DIGEST_SIZE];
      sha1_digest (&ctx, sizeof d, d);
      for (int i = 0; i < SHA1_DIGEST_SIZE; i++)
        printf ("%02x", d[i]);
      printf ("\n");
      return 0;
    }
  if (to_path_arg)
    {
      /* msrp://127.0.0.1:PORT/... */
      const char *colon = strstr (to_path_arg, "127.0.0.1:");
      if (colon == NULL || msrp != 1 || sessions != 1)
        usage ();
      port = (unsigned) strtoul (colon + 10, NULL, 10);
      want_report = 1;
      if (from_path_arg == NULL)
        from_path_arg = "msrp://127.0.0.1:9/sender0000;tcp";
    }
  if (port == 0 || total == 0 || chunk == 0 || msrp < 0 || sessions == 0
      || sessions > MAX_CONNECTIONS)
    usage ();

  static Conn conns[MAX_CONNECTIONS];
  printf ("start_ns %" PRIu64 "\n", now_ns ());
  fflush (stdout);
  for (unsigned i = 0; i < sessions; i++)
    {
      conns[i].index = i;
      conns[i].fd = connect_to (port);
      if (conns[i].fd < 0)
        {
          perror ("msrp-send: connect");
          return 1;
        }
    }

  struct pollfd pfd[MAX_CONNECTIONS];
  unsigned open = sessions;
  while (open > 0)
    {
      for (unsigned i = 0; i < sessions; i++)
        {
          Conn *c = &conns[i];
          pfd[i].fd = c->eof ? -1 : c->fd;
          pfd[i].events = POLLIN | (c->done_sending ? 0 : POLLOUT);
          pfd[i].revents = 0;
        }
      if (poll (pfd, sessions, 60000) <= 0)
        {
          fprintf (stderr, "msrp-send: poll timed out or failed\n");
          return 1;
        }
      for (unsigned i = 0; i < sessions; i++)
        {
          Conn *c = &conns[i];
          if (c->eof)
            continue;
          if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
            {
              char buf[65536];
              ssize_t n = read (c->fd, buf, sizeof buf);
              if (n > 0)
                take_responses (c, buf, (size_t) n);
              if (n > 0 && want_report && c->report_ns)
                {
                  /* The success REPORT is the end of the transfer. */
                  c->eof = 1;
                  c->done_sending = 1;
                  close (c->fd);
                  open--;
                  continue;
                }
              if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
                {
                  if (!c->done_sending)
                    fprintf (stderr, "msrp-send: connection %u closed early (%s)\n", i,
                             n == 0 ? "EOF" : strerror (errno));
                  c->eof = 1;
                  c->done_sending = 1;
                  close (c->fd);
                  open--;
                  continue;
                }
            }
          if (!c->done_sending && (pfd[i].revents & POLLOUT))
            {
              /* Write until the socket is full. */
              for (;;)
                {
                  if (c->iov_first == c->iov_count)
                    {
                      if (c->offset == total)
                        {
                          c->done_sending = 1;
                          if (!msrp)
                            shutdown (c->fd, SHUT_WR);
                          break;
                        }
                      build_batch (c, msrp, total, chunk, port);
                    }
                  int cnt = c->iov_count - c->iov_first;
                  ssize_t n = writev (c->fd, c->iov + c->iov_first, cnt > 1024 ? 1024 : cnt);
                  if (n < 0)
                    {
                      if (errno == EINTR)
                        continue;
                      if (errno != EAGAIN)
                        {
                          perror ("msrp-send: writev");
                          return 1;
                        }
                      break;
                    }
                  c->sent += (uint64_t) n;
                  while (n > 0)
                    {
                      struct iovec *v = &c->iov[c->iov_first];
                      if ((size_t) n >= v->iov_len)
                        {
                          n -= (ssize_t) v->iov_len;
                          c->iov_first++;
                        }
                      else
                        {
                          v->iov_base = (char *) v->iov_base + n;
                          v->iov_len -= (size_t) n;
                          n = 0;
                        }
                    }
                }
            }
        }
    }
  uint64_t sent = 0, ok = 0, other = 0;
  for (unsigned i = 0; i < sessions; i++)
    {
      sent += conns[i].sent;
      ok += conns[i].ok;
      other += conns[i].other;
    }
  if (want_report)
    printf ("report_ns %" PRIu64 "\nreport_status %d\n", conns[0].report_ns,
            conns[0].report_status);
  printf ("sent %" PRIu64 " responses_200 %" PRIu64 " responses_other %" PRIu64 "\n", sent, ok,
          other);
  /* The sender's own CPU: with both ends on two shared cores it bounds the aggregate too. */
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  printf ("cpu_ms %" PRIu64 "\n",
          ((uint64_t) ru.ru_utime.tv_sec + (uint64_t) ru.ru_stime.tv_sec) * 1000u
              + ((uint64_t) ru.ru_utime.tv_usec + (uint64_t) ru.ru_stime.tv_usec) / 1000u);
  return 0;
}
