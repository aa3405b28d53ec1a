/* core/dispatch.c — application registry and routing. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/dispatch.h"

#include <string.h>

#include "core/ari.h"

struct _SipPushDispatch
{
  GHashTable *by_ari; /* canonical ARI → SipPushApp (ref) */
  GPtrArray *order;   /* ARIs (owned by the apps) in the order added: the Contact tag */
  SipPushApp *catch_all;
  SipPushApp *default_app; /* one of by_ari's (no reference of its own), or NULL */
};

/* Compares the media type of @content_type (up to ';', blanks trimmed) to @pattern. */
gboolean
sippush_content_type_matches (const char *pattern, const char *content_type)
{
  if (strcmp (pattern, "*") == 0 || strcmp (pattern, "*/*") == 0)
    return TRUE;
  if (content_type == NULL)
    return FALSE;
  const char *end = strchr (content_type, ';');
  size_t len = end ? (size_t) (end - content_type) : strlen (content_type);
  while (len > 0 && g_ascii_isspace (content_type[len - 1]))
    len--;
  size_t plen = strlen (pattern);
  if (plen >= 2 && pattern[plen - 1] == '*' && pattern[plen - 2] == '/')
    return len > plen - 1 && g_ascii_strncasecmp (pattern, content_type, plen - 1) == 0;
  return len == plen && g_ascii_strncasecmp (pattern, content_type, len) == 0;
}

gboolean
sippush_app_accepts (const SipPushApp *app, const char *content_type)
{
  if (app->accept_types == NULL)
    return TRUE;
  for (gchar **t = app->accept_types; *t; t++)
    if (sippush_content_type_matches (*t, content_type))
      return TRUE;
  return FALSE;
}

SipPushDispatch *
sippush_dispatch_new (void)
{
  SipPushDispatch *d = g_new0 (SipPushDispatch, 1);
  d->by_ari = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  d->order = g_ptr_array_new ();
  return d;
}

void
sippush_dispatch_free (SipPushDispatch *d)
{
  if (d == NULL)
    return;
  g_ptr_array_free (d->order, TRUE);
  g_hash_table_destroy (d->by_ari);
  g_clear_object (&d->catch_all);
  g_free (d);
}

static SipPushApp *
lookup (SipPushDispatch *d, const char *ari)
{
  return ari ? g_hash_table_lookup (d->by_ari, ari) : d->catch_all;
}

SipPushApp *
sippush_dispatch_lookup (SipPushDispatch *d, const char *ari)
{
  return lookup (d, ari);
}

/* Whether @app is one of @d's applications: a removed one, or one of another receiver,
 * is not, even when an application with its ARI is. */
static gboolean
owns (SipPushDispatch *d, SipPushApp *app, GError **error)
{
  if (app && lookup (d, app->ari) == app)
    return TRUE;
  g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_NO_SUCH_APP,
               "application %s%s%s is not added to this receiver", app && app->ari ? "\"" : "",
               app && app->ari ? app->ari : "(catch-all)", app && app->ari ? "\"" : "");
  return FALSE;
}

SipPushApp *
sippush_dispatch_add (SipPushDispatch *d, const char *ari, SipPushAppFunc callback,
                      gpointer user_data, GDestroyNotify destroy, GError **error)
{
  g_return_val_if_fail (callback != NULL, NULL);
  if (lookup (d, ari))
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_APP_EXISTS,
                   "application %s is already registered", ari ? ari : "(catch-all)");
      return NULL;
    }
  /* The REGISTER must be able to carry the new list (R-REG-1). A backslash is an ARI
   * character but would need quoted-pair escaping in the feature tag. */
  if (ari && strchr (ari, '\\'))
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID,
                   "ARI \"%s\" cannot be carried in a feature tag", ari);
      return NULL;
    }
  if (ari && d->order->len >= SIPPUSH_ARI_LIST_MAX)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID,
                   "too many applications (at most %d)", SIPPUSH_ARI_LIST_MAX);
      return NULL;
    }
  SipPushApp *app = sippush_app_new (ari, callback, user_data, destroy);
  if (ari == NULL)
    d->catch_all = app;
  else
    {
      g_hash_table_insert (d->by_ari, app->ari, app);
      g_ptr_array_add (d->order, app->ari);
    }
  return app;
}

gboolean
sippush_dispatch_remove (SipPushDispatch *d, SipPushApp *app, GError **error)
{
  if (!owns (d, app, error))
    return FALSE;
  if (app->ari == NULL)
    {
      g_clear_object (&d->catch_all);
      return TRUE;
    }
  if (d->default_app == app)
    d->default_app = NULL;
  g_ptr_array_remove (d->order, app->ari);
  g_hash_table_remove (d->by_ari, app->ari); /* may finalize @app: last */
  return TRUE;
}

gboolean
sippush_dispatch_set_default (SipPushDispatch *d, SipPushApp *app, GError **error)
{
  if (app && !owns (d, app, error))
    return FALSE;
  d->default_app = app && app->ari ? app : NULL;
  return TRUE;
}

gchar **
sippush_dispatch_dup_aris (SipPushDispatch *d)
{
  gchar **out = g_new0 (gchar *, d->order->len + 1);
  for (guint i = 0; i < d->order->len; i++)
    out[i] = g_strdup (g_ptr_array_index (d->order, i));
  return out;
}

gchar *
sippush_dispatch_dup_feature_tag (SipPushDispatch *d)
{
  if (d->order->len == 0)
    return NULL;
  g_autoptr (GPtrArray) aris = g_ptr_array_copy (d->order, NULL, NULL);
  g_ptr_array_add (aris, NULL);
  g_autofree gchar *list = sippush_ari_list_format ((const gchar *const *) aris->pdata, NULL);
  /* Every ARI was validated when added, so formatting cannot fail. */
  g_return_val_if_fail (list != NULL, NULL);
  return g_strconcat ("+g.oma.pusheventappp=", list, NULL);
}

SipPushRoute
sippush_dispatch_route (SipPushDispatch *d, const gchar *const *aris, SipPushApp **app,
                        const char **ari)
{
  SipPushApp *found = NULL;
  *ari = NULL;
  if (aris && *aris)
    {
      for (const gchar *const *a = aris; *a && !found; a++)
        if ((found = g_hash_table_lookup (d->by_ari, *a)))
          *ari = *a;
      if (!found)
        return SIPPUSH_ROUTE_UNSERVED; /* R-MSG-3 */
    }
  else
    {
      /* R-MSG-2 */
      found = d->default_app ? d->default_app : d->catch_all;
      if (!found)
        return SIPPUSH_ROUTE_NO_DEFAULT;
    }
  *app = g_object_ref (found);
  return SIPPUSH_ROUTE_FOUND;
}

gchar *
sippush_dispatch_dup_accept (SipPushDispatch *d)
{
  g_autoptr (GPtrArray) types = g_ptr_array_new ();
  gboolean any = FALSE;
  guint n_apps = d->order->len + (d->catch_all ? 1 : 0);
  for (guint i = 0; i < n_apps; i++)
    {
      const SipPushApp *app = i < d->order->len
                                  ? g_hash_table_lookup (d->by_ari, g_ptr_array_index (d->order, i))
                                  : d->catch_all;
      if (app->accept_types == NULL)
        any = TRUE;
      for (gchar **t = app->accept_types; t && *t; t++)
        if (strcmp (*t, "*") == 0 || strcmp (*t, "*/*") == 0)
          any = TRUE;
        else if (!g_ptr_array_find_with_equal_func (types, *t, g_str_equal, NULL))
          g_ptr_array_add (types, *t);
    }
  if (n_apps == 0)
    return NULL;
  if (any)
    g_ptr_array_add (types, "*/*");
  g_ptr_array_add (types, NULL);
  return g_strjoinv (", ", (gchar **) types->pdata);
}

gboolean
sippush_dispatch_route_by_type (SipPushDispatch *d, const char *content_type, SipPushApp **app)
{
  for (guint i = 0; i < d->order->len; i++)
    {
      SipPushApp *a = g_hash_table_lookup (d->by_ari, g_ptr_array_index (d->order, i));
      if (a->accept_types && sippush_app_accepts (a, content_type))
        {
          *app = g_object_ref (a);
          return TRUE;
        }
    }
  return FALSE;
}
