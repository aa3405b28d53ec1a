/* msrp-sink-raw.c — the MSRP benchmark's references: loopback TCP into a file with the
 * least work that does the same durable job as the library, optionally with its SHA-1.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: msrp-sink-raw --dir DIR [--sha1]
 *
 * Listens on 127.0.0.1 (ephemeral port, printed as `port N`), accepts one connection,
 * reads it into a 64 KiB buffer (the library's read size) and write()s each read to a temp
 * file in DIR (with --sha1, Nettle's sha1_update over each read too: the library's hash
 * function); at EOF: fsync, rename to its final name, fsync the directory, as the
 * library's commit does. Then prints `end_ns`, `bytes`, `sha1` (with --sha1), `cpu_ms`
 * and `vmhwm_kb` (peak RSS, from /proc/self/status), and exits. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <nettle/sha1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"

#define READ_SIZE (64 * 1024)

static uint8_t buffer[READ_SIZE];

int
main (int argc, char **argv)
{
  const char *dir = NULL;
  int hash = 0;
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--sha1") == 0)
        hash = 1;
      else if (strcmp (argv[i], "--dir") == 0 && i + 1 < argc)
        dir = argv[++i];
      else
        {
          fprintf (stderr, "usage: msrp-sink-raw --dir DIR [--sha1]\n");
          return 2;
        }
    }
  if (dir == NULL)
    {
      fprintf (stderr, "usage: msrp-sink-raw --dir DIR [--sha1]\n");
      return 2;
    }

  int lfd = bench_listen ();
  if (lfd < 0)
    {
      perror ("msrp-sink-raw: listen");
      return 1;
    }

  int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int fd = dfd < 0 ? -1 : openat (dfd, ".raw.part", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      perror ("msrp-sink-raw: temp file");
      return 1;
    }
  int cfd = accept4 (lfd, NULL, NULL, SOCK_CLOEXEC);
  if (cfd < 0)
    {
      perror ("msrp-sink-raw: accept");
      return 1;
    }
  struct sha1_ctx ctx;
  sha1_init (&ctx);
  uint64_t bytes = 0;
  for (;;)
    {
      ssize_t n = read (cfd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          perror ("msrp-sink-raw: read");
          return 1;
        }
      if (n == 0)
        break;
      if (hash)
        sha1_update (&ctx, (size_t) n, buffer);
      for (ssize_t off = 0; off < n;)
        {
          ssize_t w = write (fd, buffer + off, (size_t) (n - off));
          if (w < 0 && errno == EINTR)
            continue;
          if (w <= 0)
            {
              perror ("msrp-sink-raw: write");
              return 1;
            }
          off += w;
        }
      bytes += (uint64_t) n;
    }
  if (fsync (fd) != 0 || renameat (dfd, ".raw.part", dfd, "raw.bin") != 0 || fsync (dfd) != 0)
    {
      perror ("msrp-sink-raw: commit");
      return 1;
    }
  close (fd);
  uint64_t end = bench_now_ns ();
  printf ("end_ns %" PRIu64 "\nbytes %" PRIu64 "\n", end, bytes);
  if (hash)
    {
      uint8_t d[SHA1_DIGEST_SIZE];
      sha1_digest (&ctx, sizeof d, d);
      printf ("sha1 ");
      for (int i = 0; i < SHA1_DIGEST_SIZE; i++)
        printf ("%02x", d[i]);
      printf ("\n");
    }
  bench_print_usage ();
  close (cfd);
  return 0;
}
