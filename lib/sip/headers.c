/* sip/headers.c — reading push routing data out of SIP requests.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/headers.h"

#include <string.h>
#include <sofia-sip/sip_extra.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/su_alloc.h>
#include <sofia-sip/url.h>

#include "core/ari.h"
#include <sippush/sippush.h>

/* The value of header parameter @name (`name=value`) in @params, or NULL. Feature tag
 * names compare case-insensitively (RFC 3840 §9). */
static const char *
param_value (msg_param_t const *params, const char *lower_name)
{
  for (; params && *params; params++)
    {
      /* Inline rather than g_ascii_strncasecmp(), which is called per push and per
       * parameter: a third of the instructions. Stops at the parameter's NUL, which
       * never equals a byte of the name. */
      const char *p = *params;
      gsize i = 0;
      while (lower_name[i] && (p[i] >= 'A' && p[i] <= 'Z' ? p[i] | 0x20 : p[i]) == lower_name[i])
        i++;
      if (lower_name[i] == '\0' && p[i] == '=')
        return p + i + 1;
    }
  return NULL;
}

/* Joins two NULL-terminated lists; takes both. */
static gchar **
concat_lists (gchar **a, gchar **b)
{
  guint na = g_strv_length (a), nb = g_strv_length (b);
  gchar **out = g_new (gchar *, na + nb + 1);
  memcpy (out, a, na * sizeof *out);
  memcpy (out + na, b, (nb + 1) * sizeof *out);
  g_free (a);
  g_free (b);
  return out;
}

gchar **
sippush_sip_dup_aris (const sip_t *sip, GError **error)
{
  /* Usually one header with one tag: its parsed list is returned as it is. */
  g_auto (GStrv) all = NULL;
  for (const sip_accept_contact_t *ac = sip->sip_accept_contact; ac; ac = ac->cp_next)
    for (int iari = 0; iari <= 1; iari++)
      {
        const char *v = param_value (ac->cp_params, iari ? SIPPUSH_IARI_TAG : SIPPUSH_FEATURE_TAG);
        if (v == NULL)
          continue;
        gchar **list = NULL;
        if (iari)
          sippush_ari_list_parse_iari (v, strlen (v), &list, error);
        else
          sippush_ari_list_parse (v, strlen (v), &list, error);
        if (list == NULL)
          return NULL;
        all = all ? concat_lists (g_steal_pointer (&all), list) : list;
        if (g_strv_length (all) > SIPPUSH_ARI_LIST_MAX)
          {
            sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE,
                                "more than %d ARIs in Accept-Contact", SIPPUSH_ARI_LIST_MAX);
            return NULL;
          }
      }
  return g_steal_pointer (&all);
}

gboolean
sippush_sip_came_over_tcp (const sip_t *sip)
{
  const sip_via_t *via = sip->sip_via;
  return via && via->v_protocol && g_ascii_strcasecmp (via->v_protocol, "SIP/2.0/TCP") == 0;
}

gchar *
sippush_sip_dup_service_id (const sip_t *sip)
{
  for (const sip_accept_contact_t *ac = sip->sip_accept_contact; ac; ac = ac->cp_next)
    {
      const char *icsi = param_value (ac->cp_params, SIPPUSH_ICSI_TAG);
      if (icsi)
        return g_strdup (icsi);
    }
  for (const sip_unknown_t *un = sip->sip_unknown; un; un = un->un_next)
    if (un->un_name && g_ascii_strcasecmp (un->un_name, "P-Preferred-Service") == 0 && un->un_value)
      return g_strdup (un->un_value);
  return NULL;
}

static gchar *
url_to_string (const url_t *url)
{
  char buf[1024];
  issize_t n = url_e (buf, sizeof buf, url);
  if (n < 0 || (size_t) n >= sizeof buf)
    return NULL;
  return g_strndup (buf, (gsize) n);
}

const url_t *
sippush_sip_sender_url (const sip_t *sip)
{
  /* sip_p_asserted_identity() needs the extended parser class (sofia-glue.c). */
  const sip_p_asserted_identity_t *paid = sip_p_asserted_identity (sip);
  if (paid && paid->paid_url->url_type != url_invalid)
    return paid->paid_url;
  return sip->sip_from ? sip->sip_from->a_url : NULL;
}

gchar *
sippush_url_dup (const url_t *url)
{
  return url ? url_to_string (url) : NULL;
}

gboolean
sippush_sip_sender_trusted (GHashTable *trusted, const sip_t *sip)
{
  if (g_hash_table_size (trusted) == 0)
    return TRUE; /* no allow-list configured */
  /* The key comes straight from the parsed URL, not from the printed sender. */
  g_autofree gchar *key = sippush_url_key (sippush_sip_sender_url (sip));
  return key && g_hash_table_contains (trusted, key);
}

gchar *
sippush_sip_dup_sender (const sip_t *sip)
{
  const url_t *url = sippush_sip_sender_url (sip);
  return url ? url_to_string (url) : NULL;
}

gchar *
sippush_sip_dup_content_type (const sip_t *sip)
{
  const sip_content_type_t *ct = sip->sip_content_type;
  if (ct == NULL || ct->c_type == NULL)
    return NULL;
  if (ct->c_params == NULL || ct->c_params[0] == NULL)
    return g_strdup (ct->c_type); /* the common case, without a GString */
  GString *s = g_string_new (ct->c_type);
  for (msg_param_t const *p = ct->c_params; p && *p; p++)
    g_string_append_printf (s, ";%s", *p);
  return g_string_free (s, FALSE);
}

gchar *
sippush_url_key (const url_t *url)
{
  const char *scheme = url->url_scheme ? url->url_scheme : "";
  const char *port = url->url_port;
  if (port == NULL || *port == '\0')
    port = url->url_type == url_sips ? "5061" : url->url_type == url_sip ? "5060" : "";
  g_autofree gchar *scheme_lc = g_ascii_strdown (scheme, -1);
  g_autofree gchar *host_lc = g_ascii_strdown (url->url_host ? url->url_host : "", -1);
  return g_strdup_printf ("%s:%s%s%s%s%s", scheme_lc, url->url_user ? url->url_user : "",
                          url->url_user ? "@" : "", host_lc, *port ? ":" : "", port);
}

gchar *
sippush_uri_key (const char *uri)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  gchar *key = NULL;
  url_t *url = uri ? url_make (home, uri) : NULL;
  /* sofia puts a tel: number in url_user and leaves the host empty. */
  gboolean sip = url && (url->url_type == url_sip || url->url_type == url_sips);
  gboolean tel = url && url->url_type == url_tel;
  if ((sip && url->url_host && *url->url_host) || (tel && url->url_user && *url->url_user))
    key = sippush_url_key (url);
  su_home_deinit (home);
  return key;
}
