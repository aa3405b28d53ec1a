/* sip/uri.c — configuration URI checks. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/uri.h"

#include <gio/gio.h>
#include <string.h>
#include <sofia-sip/su_alloc.h>
#include <sofia-sip/url.h>

#include <sippush/sippush.h>

#define DEFAULT_SIP_PORT 5060
#define DEFAULT_SIPS_PORT 5061

static gboolean
url_is_tls (const url_t *url)
{
  if (url->url_type == url_sips)
    return TRUE;
  char transport[16] = "";
  return url->url_params
         && url_param (url->url_params, "transport", transport, sizeof transport) > 0
         && g_ascii_strcasecmp (transport, "tls") == 0;
}

gboolean
sippush_sip_uri_is_tls (const char *uri)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  url_t *url = uri ? url_make (home, uri) : NULL;
  gboolean tls = url && (url->url_type == url_sip || url->url_type == url_sips) && url_is_tls (url);
  su_home_deinit (home);
  return tls;
}

gboolean
sippush_sip_uri_check (const char *uri, const char *what, GError **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  url_t *url = uri ? url_make (home, uri) : NULL;
  gboolean ok = url && (url->url_type == url_sip || url->url_type == url_sips) && url->url_host
                && *url->url_host;
  su_home_deinit (home);
  if (!ok)
    g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_URI,
                 "%s \"%s\" is not a sip: or sips: URI", what, uri ? uri : "(null)");
  return ok;
}

guint
sippush_sip_uri_port (const char *uri)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  url_t *url = uri ? url_make (home, uri) : NULL;
  guint64 port = 0;
  if (url && (url->url_port == NULL || *url->url_port == '\0'))
    port = url_is_tls (url) ? DEFAULT_SIPS_PORT : DEFAULT_SIP_PORT;
  else if (url && !g_ascii_string_to_unsigned (url->url_port, 10, 1, 65535, &port, NULL))
    port = 0;
  su_home_deinit (home);
  return (guint) port;
}

/* The numeric address of @uri's host (IPv6 brackets removed), or NULL for a name. */
static GInetAddress *
numeric_host (const char *uri)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  url_t *url = url_make (home, uri);
  GInetAddress *addr = NULL;
  if (url && url->url_host)
    {
      const char *h = url->url_host;
      size_t len = strlen (h);
      if (len >= 2 && h[0] == '[' && h[len - 1] == ']')
        h++, len -= 2;
      g_autofree gchar *host = g_strndup (h, len);
      addr = g_inet_address_new_from_string (host);
    }
  su_home_deinit (home);
  return addr;
}

/* Whether @port of @addr can be bound now for each of @types. */
static gboolean
probe_bind (GInetAddress *addr, guint port, const GSocketType *types, gsize n_types,
            const char *uri, GError **error)
{
  for (gsize i = 0; i < n_types; i++)
    {
      g_autoptr (GError) local = NULL;
      g_autoptr (GSocket) sock
          = g_socket_new (g_inet_address_get_family (addr), types[i], 0, &local);
      g_autoptr (GSocketAddress) sa = g_inet_socket_address_new (addr, (guint16) port);
      if (sock == NULL || !g_socket_bind (sock, sa, TRUE, &local))
        {
          g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_BIND,
                       "cannot listen on %s (%s port %u): %s", uri,
                       types[i] == G_SOCKET_TYPE_DATAGRAM ? "UDP" : "TCP", port, local->message);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
sippush_bind_uri_check (const char *uri, guint tls_port, GError **error)
{
  if (!sippush_sip_uri_check (uri, "bind URI", error))
    return FALSE;
  guint port = sippush_sip_uri_port (uri);
  if (port == 0)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_URI,
                   "bind URI \"%s\" needs a port from 1 to 65535", uri);
      return FALSE;
    }

  g_autoptr (GInetAddress) addr = numeric_host (uri);
  if (addr == NULL)
    return TRUE; /* a name: sofia resolves and reports it */
  static const GSocketType both[] = { G_SOCKET_TYPE_DATAGRAM, G_SOCKET_TYPE_STREAM };
  static const GSocketType stream[] = { G_SOCKET_TYPE_STREAM };
  /* A TLS bind listens for TLS only (TCP); a plain one for UDP and TCP, and for TLS on
   * @tls_port when there is one. */
  if (sippush_sip_uri_is_tls (uri))
    return probe_bind (addr, port, stream, 1, uri, error);
  return probe_bind (addr, port, both, 2, uri, error)
         && (tls_port == 0 || probe_bind (addr, tls_port, stream, 1, uri, error));
}

gchar *
sippush_bind_uri_contact (const char *uri)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  url_t *url = url_make (home, uri);
  gchar *contact = NULL;
  if (url && url->url_host)
    contact = g_strdup_printf ("%s:%s:%u", url_is_tls (url) ? "sips" : "sip", url->url_host,
                               sippush_sip_uri_port (uri));
  su_home_deinit (home);
  return contact;
}

gchar *
sippush_sip_uri_host (const char *uri)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  url_t *url = url_make (home, uri);
  gchar *host = NULL;
  if (url && url->url_host)
    {
      /* An IPv6 reference comes bracketed: the socket API wants it bare. */
      const char *h = url->url_host;
      gsize len = strlen (h);
      host
          = h[0] == '[' && len > 2 && h[len - 1] == ']' ? g_strndup (h + 1, len - 2) : g_strdup (h);
    }
  su_home_deinit (home);
  return host;
}
