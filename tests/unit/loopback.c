/* loopback.c — see loopback.h.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "loopback.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

/* Longest single poll: the deadline is rechecked at least this often. */
#define POLL_SLICE_MS 50

static gboolean
bindable (GInetAddress *lo, guint16 port, GSocketType type, GSocketProtocol protocol)
{
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, type, protocol, NULL);
  GSocketAddress *address = g_inet_socket_address_new (lo, port);
  gboolean ok = s && g_socket_bind (s, address, FALSE, NULL);
  g_object_unref (address);
  g_clear_object (&s);
  return ok;
}

/* Drawn below the kernel's ephemeral range, so that no outgoing connection of a test
 * running alongside takes it between this check and the bind, and reserved against those
 * tests with a lock on the per-port file the integration harness uses too (peers.py's
 * PortBlock); the lock is held until the process exits. */
guint16
sippush_test_free_port (void)
{
  g_autofree gchar *dir
      = g_strdup_printf ("%s/sippush-it-ports-%u", g_get_tmp_dir (), (guint) getuid ());
  g_mkdir_with_parents (dir, 0777);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  for (int attempt = 0; attempt < 500; attempt++)
    {
      guint16 port = (guint16) g_random_int_range (20000, 32000);
      g_autofree gchar *path = g_strdup_printf ("%s/%u.lock", dir, port);
      int fd = open (path, O_CREAT | O_RDWR | O_CLOEXEC, 0666);
      if (fd < 0)
        continue;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0
          && bindable (lo, port, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP)
          && bindable (lo, port, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP))
        {
          g_object_unref (lo);
          return port; /* fd stays open: the reservation */
        }
      close (fd);
    }
  g_object_unref (lo);
  ck_abort_msg ("no free port");
  return 0;
}

GSocket *
sippush_test_udp_client (guint16 port)
{
  GSocket *client
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *any = g_inet_socket_address_new (lo, 0);
  ck_assert (g_socket_bind (client, any, FALSE, NULL));
  g_socket_set_blocking (client, FALSE);
  GSocketAddress *server = g_inet_socket_address_new (lo, port);
  ck_assert (g_socket_connect (client, server, NULL, NULL));
  g_object_unref (server);
  g_object_unref (any);
  g_object_unref (lo);
  return client;
}

guint16
sippush_test_local_port (GSocket *socket)
{
  GSocketAddress *local = g_socket_get_local_address (socket, NULL);
  ck_assert_ptr_nonnull (local);
  guint16 port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_object_unref (local);
  return port;
}

gint64
sippush_test_deadline (guint ms)
{
  return g_get_monotonic_time () + (gint64) ms * 1000;
}

static GMainContext *
current_context (void)
{
  GMainContext *context = g_main_context_get_thread_default ();
  return context ? context : g_main_context_default ();
}

/* Milliseconds to @deadline, at least 0, at most @cap. */
static gint
ms_left (gint64 deadline, gint cap)
{
  gint64 left = (deadline - g_get_monotonic_time () + 999) / 1000;
  return (gint) CLAMP (left, 0, cap);
}

/* The context's descriptors after prepare (): appended to @fds; returns their number. */
static guint
query_context (GMainContext *context, gint *max_priority, gint *timeout, GArray *fds)
{
  g_main_context_prepare (context, max_priority);
  gint n = 16;
  for (;;)
    {
      g_array_set_size (fds, (guint) n);
      gint need = g_main_context_query (context, *max_priority, timeout,
                                        (GPollFD *) (void *) fds->data, n);
      if (need <= n)
        {
          g_array_set_size (fds, (guint) need);
          return (guint) need;
        }
      n = need;
    }
}

void
sippush_test_iterate (GPollFD *extra, guint n_extra, gint64 deadline)
{
  GMainContext *context = current_context ();
  ck_assert_msg (g_main_context_acquire (context), "the main context belongs to another thread");
  g_autoptr (GArray) fds = g_array_new (FALSE, TRUE, sizeof (GPollFD));
  gint max_priority = 0, timeout = -1;
  guint n = query_context (context, &max_priority, &timeout, fds);
  if (extra && n_extra)
    g_array_append_vals (fds, extra, n_extra);
  gint left = ms_left (deadline, POLL_SLICE_MS);
  if (timeout < 0 || timeout > left)
    timeout = left;
  GPollFD *all = (GPollFD *) (void *) fds->data;
  g_poll (all, n + n_extra, timeout);
  for (guint i = 0; i < n_extra; i++)
    extra[i].revents = all[n + i].revents;
  if (g_main_context_check (context, max_priority, all, (gint) n))
    g_main_context_dispatch (context);
  g_main_context_release (context);
}

void
sippush_test_iterate_until (gint64 deadline)
{
  sippush_test_iterate (NULL, 0, deadline);
}

void
sippush_test_iterate_ms (guint ms)
{
  gint64 end = sippush_test_deadline (ms);
  while (g_get_monotonic_time () < end)
    sippush_test_iterate_until (end);
}

/* ---- probes that dispatch nothing --------------------------------------------------- */

struct _SippushTestProbe
{
  GArray *fds;          /* GPollFD: the context's descriptors at begin () */
  GArray *ready_before; /* gboolean per descriptor */
};

static gboolean
is_ready (const GPollFD *fd)
{
  return (fd->revents & (fd->events | G_IO_HUP | G_IO_ERR)) != 0;
}

SippushTestProbe *
sippush_test_probe_begin (void)
{
  GMainContext *context = current_context ();
  /* First let the receiver take what is already pending (the ACK of an INVITE, say): a
   * descriptor ready now could not tell a new event apart. */
  for (guint turns = 0; turns < 1000 && g_main_context_pending (context); turns++)
    g_main_context_iteration (context, FALSE);
  ck_assert (g_main_context_acquire (context));
  SippushTestProbe *probe = g_new0 (SippushTestProbe, 1);
  probe->fds = g_array_new (FALSE, TRUE, sizeof (GPollFD));
  /* Every descriptor of every priority; no prepare (), so nothing is checked or dispatched. */
  gint timeout = -1, n = 16;
  for (;;)
    {
      g_array_set_size (probe->fds, (guint) n);
      gint need = g_main_context_query (context, G_MAXINT, &timeout,
                                        (GPollFD *) (void *) probe->fds->data, n);
      g_array_set_size (probe->fds, (guint) MIN (need, n));
      if (need <= n)
        break;
      n = need;
    }
  g_main_context_release (context);
  GPollFD *fds = (GPollFD *) (void *) probe->fds->data;
  g_poll (fds, probe->fds->len, 0);
  probe->ready_before = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), probe->fds->len);
  for (guint i = 0; i < probe->fds->len; i++)
    {
      gboolean ready = is_ready (&fds[i]);
      g_array_append_val (probe->ready_before, ready);
    }
  return probe;
}

void
sippush_test_probe_wait (SippushTestProbe *probe, guint n, guint timeout_ms)
{
  gint64 end = sippush_test_deadline (timeout_ms);
  guint total = probe->fds->len;
  g_autofree GPollFD *waiting = g_new0 (GPollFD, total ? total : 1);
  g_autofree gboolean *ready = g_new0 (gboolean, total ? total : 1);
  guint n_ready = 0;
  for (;;)
    {
      /* Poll only what is not ready yet (level-triggered: what is ready stays so). */
      guint n_waiting = 0;
      for (guint i = 0; i < total; i++)
        if (!ready[i] && !g_array_index (probe->ready_before, gboolean, i))
          {
            waiting[n_waiting] = g_array_index (probe->fds, GPollFD, i);
            waiting[n_waiting].revents = 0;
            n_waiting++;
          }
      if (n_ready >= n)
        break;
      gint left = ms_left (end, POLL_SLICE_MS);
      ck_assert_msg (n_waiting > 0 && g_get_monotonic_time () < end,
                     "timed out after %u ms: %u of %u descriptors became ready", timeout_ms,
                     n_ready, n);
      g_poll (waiting, n_waiting, left);
      for (guint i = 0, w = 0; i < total; i++)
        if (!ready[i] && !g_array_index (probe->ready_before, gboolean, i))
          {
            if (is_ready (&waiting[w]))
              {
                ready[i] = TRUE;
                n_ready++;
              }
            w++;
          }
    }
  g_array_unref (probe->fds);
  g_array_unref (probe->ready_before);
  g_free (probe);
}

gboolean
sippush_test_socket_wait_readable (GSocket *socket, guint timeout_ms)
{
  gint64 end = sippush_test_deadline (timeout_ms);
  GPollFD fd = { g_socket_get_fd (socket), G_IO_IN | G_IO_HUP | G_IO_ERR, 0 };
  for (;;)
    {
      sippush_test_iterate (&fd, 1, end);
      if (fd.revents)
        return TRUE;
      if (g_get_monotonic_time () >= end)
        return FALSE;
    }
}
