/* bench-util.h — small helpers shared by the MSRP benchmark's receivers: the clock and
 * the process's CPU time and peak RSS. SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

/* CLOCK_MONOTONIC is one clock for every process on the machine: the sender's start and
 * a receiver's end can be subtracted. */
static inline uint64_t
bench_now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

/* Prints `cpu_ms` (user + system) and `vmhwm_kb` (peak RSS) of this process. */
static inline void
bench_print_usage (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  uint64_t cpu_us = (uint64_t) ru.ru_utime.tv_sec * 1000000u + (uint64_t) ru.ru_utime.tv_usec
                    + (uint64_t) ru.ru_stime.tv_sec * 1000000u + (uint64_t) ru.ru_stime.tv_usec;
  uint64_t user_us = (uint64_t) ru.ru_utime.tv_sec * 1000000u + (uint64_t) ru.ru_utime.tv_usec;
  printf ("cpu_ms %" PRIu64 "\nuser_ms %" PRIu64 "\n", cpu_us / 1000, user_us / 1000);
  long hwm = -1;
  FILE *f = fopen ("/proc/self/status", "r");
  if (f)
    {
      char line[256];
      while (fgets (line, sizeof line, f))
        if (strncmp (line, "VmHWM:", 6) == 0)
          hwm = strtol (line + 6, NULL, 10);
      fclose (f);
    }
  printf ("vmhwm_kb %ld\n", hwm);
  fflush (stdout);
}

/* A TCP listener on 127.0.0.1, ephemeral port, announced as `port N` on stdout (what
 * bench/msrp-run.py waits for); -1 on failure. */
static inline int
bench_listen (void)
{
  int lfd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in sa = { .sin_family = AF_INET };
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  socklen_t sl = sizeof sa;
  if (lfd < 0 || bind (lfd, (struct sockaddr *) &sa, sizeof sa) != 0 || listen (lfd, 8) != 0
      || getsockname (lfd, (struct sockaddr *) &sa, &sl) != 0)
    return -1;
  printf ("port %u\n", ntohs (sa.sin_port));
  fflush (stdout);
  return lfd;
}
