/* notify.c — the sd_notify datagram (systemd's sd_notify(3), "NOTIFY_SOCKET").
 *
 * The protocol is one datagram of newline-separated assignments to a Unix socket, a
 * stable interface systemd documents for implementations without libsystemd. Writing it
 * here keeps the daemon free of a libsystemd dependency (and runnable where there is no
 * systemd) for two messages: READY=1 and STOPPING=1.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define G_LOG_DOMAIN "sippushd"
#include "notify.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

gboolean
notify_send (const char *state)
{
  const char *path = g_getenv ("NOTIFY_SOCKET");
  if (path == NULL || path[0] == '\0')
    return FALSE;
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  size_t len = strlen (path);
  if ((path[0] != '/' && path[0] != '@') || len >= sizeof addr.sun_path)
    {
      g_warning ("NOTIFY_SOCKET=%s: not a socket path", path);
      return FALSE;
    }
  memcpy (addr.sun_path, path, len);
  if (addr.sun_path[0] == '@')
    addr.sun_path[0] = '\0'; /* abstract namespace: no NUL at the end, the length says */
  socklen_t addr_len = (socklen_t) (offsetof (struct sockaddr_un, sun_path) + len);
  if (path[0] == '/')
    addr_len++; /* the path's NUL */

  int fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    {
      g_warning ("sd_notify: socket: %s", g_strerror (errno));
      return FALSE;
    }
  ssize_t n = sendto (fd, state, strlen (state), MSG_NOSIGNAL, (struct sockaddr *) &addr, addr_len);
  int err = errno;
  close (fd);
  if (n < 0)
    {
      g_warning ("sd_notify %s: %s", path, g_strerror (err));
      return FALSE;
    }
  return TRUE;
}
