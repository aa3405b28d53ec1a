/* receiver-config.c — see receiver-config.h.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "receiver-config.h"

#include <gio/gio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

/* The host of a sip:/sips: URI: after the scheme and any user@, up to the port or the
 * parameters, without the brackets of an IPv6 reference; NULL when there is none. */
static gchar *
uri_host (const char *uri)
{
  const char *p = strchr (uri, ':');
  if (p == NULL)
    return NULL;
  p++;
  const char *at = strchr (p, '@');
  if (at)
    p = at + 1;
  if (*p == '[')
    {
      const char *end = strchr (p, ']');
      return end ? g_strndup (p + 1, (gsize) (end - p - 1)) : NULL;
    }
  gsize n = strcspn (p, ":;?>");
  return n ? g_strndup (p, n) : NULL;
}

/* Unset, the library listens for MSRP on the --bind host, which must be an IP address:
 * for a host name (sip:localhost:5070) the CLI resolves it and listens on its first IPv4
 * address (else the first one), on a free port. *msrp_bind stays NULL for an IP. */
static gboolean
msrp_bind_for_host (const char *bind_uri, gchar **msrp_bind, GError **error)
{
  g_autofree gchar *host = uri_host (bind_uri);
  if (host == NULL || g_hostname_is_ip_address (host))
    return TRUE;
  g_autoptr (GResolver) resolver = g_resolver_get_default ();
  GList *addresses = g_resolver_lookup_by_name (resolver, host, NULL, error);
  if (addresses == NULL)
    {
      g_prefix_error (error, "--bind host %s: ", host);
      return FALSE;
    }
  GInetAddress *pick = addresses->data;
  for (GList *l = addresses; l; l = l->next)
    if (g_inet_address_get_family (l->data) == G_SOCKET_FAMILY_IPV4)
      {
        pick = l->data;
        break;
      }
  g_autofree gchar *text = g_inet_address_to_string (pick);
  *msrp_bind = g_strdup_printf (
      g_inet_address_get_family (pick) == G_SOCKET_FAMILY_IPV6 ? "[%s]:0" : "%s:0", text);
  g_resolver_free_addresses (addresses);
  return TRUE;
}

/* One application: the push callback, --accept-type (MESSAGE and MSRP alike) and files
 * into its inbox folder. */
SipPushReceiver *
receiver_config_new (const Options *o, GError **error)
{
  g_autoptr (SipPushReceiver) receiver = sippush_receiver_new (o->aor, error);
  if (receiver == NULL)
    return NULL;
  g_object_set (receiver, "bind-uri", o->bind, "registrar", o->registrar, "proxy", o->proxy,
                "username", o->username, "password", o->password, "expires", (guint) o->expires,
                "max-file-size", (guint64) o->max_size, "subscribe", o->subscribe, "subscribe-uri",
                o->subscribe_uri, "accept-refers", o->accept_refers, NULL);
  if (o->idle_timeout > 0)
    g_object_set (receiver, "idle-timeout", (guint) o->idle_timeout, NULL);
  g_object_set (receiver, "tls-certificate", o->tls_cert, "tls-key", o->tls_key, "tls-ca",
                o->tls_ca, "tls-verify", !o->tls_no_verify, NULL);
  if (o->tls_no_verify)
    g_printerr ("%s: WARNING: --tls-no-verify: TLS peers are NOT verified; anyone can "
                "impersonate the registrar, proxy or an MSRP sender. Tests only.\n",
                g_get_prgname ());
  /* Unset, the library listens for MSRP on the --bind host, on a free port. */
  g_autofree gchar *msrp_bind = g_strdup (o->msrp_bind);
  if (msrp_bind == NULL && !msrp_bind_for_host (o->bind, &msrp_bind, error))
    return NULL;
  g_object_set (receiver, "msrp-bind", msrp_bind, "msrp-relay", o->msrp_relay, NULL);
  if (o->max_icon_size >= 0)
    g_object_set (receiver, "max-icon-size", (guint) o->max_icon_size, NULL);
  for (gchar **t = o->trusted_senders; t && *t; t++)
    if (!sippush_receiver_add_trusted_sender (receiver, *t, error))
      return NULL;
  return g_steal_pointer (&receiver);
}

void
receiver_config_tune_malloc (void)
{
#ifdef __GLIBC__
  /* Large freed buffers (sofia's stream buffers, up to max-message-size) go back to the
   * system at once: glibc's dynamic mmap threshold would move them onto the heap after
   * the first one is freed, where a flood of unfinished messages leaves RSS 30 MiB
   * higher (doc/SECURITY.md). */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
#endif
}
