/* loopback.h — helpers for tests that drive a SipPushReceiver over loopback sockets: a port
 * free for both UDP and TCP, a connected UDP client, running the main context for a while.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <check.h>
#include <gio/gio.h>

/* A loopback port free for UDP and TCP both (sofia binds the two). */
static inline guint16
sippush_test_free_port (void)
{
  for (int attempt = 0; attempt < 50; attempt++)
    {
      GSocket *u = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                 G_SOCKET_PROTOCOL_UDP, NULL);
      GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      GSocketAddress *any = g_inet_socket_address_new (lo, 0);
      ck_assert (g_socket_bind (u, any, FALSE, NULL));
      GSocketAddress *bound = g_socket_get_local_address (u, NULL);
      guint16 port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      GSocket *t
          = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      GSocketAddress *same = g_inet_socket_address_new (lo, port);
      gboolean ok = g_socket_bind (t, same, FALSE, NULL);
      g_object_unref (same);
      g_object_unref (t);
      g_object_unref (bound);
      g_object_unref (any);
      g_object_unref (lo);
      g_object_unref (u);
      if (ok)
        return port;
    }
  ck_abort_msg ("no free port");
  return 0;
}

/* A non-blocking UDP socket bound to an ephemeral loopback port and connected to @port. */
static inline GSocket *
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

/* The local port @socket is bound to. */
static inline guint16
sippush_test_local_port (GSocket *socket)
{
  GSocketAddress *local = g_socket_get_local_address (socket, NULL);
  ck_assert_ptr_nonnull (local);
  guint16 port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_object_unref (local);
  return port;
}

/* Runs the thread-default main context for @ms milliseconds. */
static inline void
sippush_test_iterate_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}
