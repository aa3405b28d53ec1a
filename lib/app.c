/* app.c — SipPushApp: one push application, its content types and its callbacks.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "app-private.h"

enum
{
  PROP_0,
  PROP_ID,
  PROP_ACCEPT_TYPES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SipPushApp, sippush_app, G_TYPE_OBJECT)

static void
sippush_app_finalize (GObject *object)
{
  SipPushApp *self = SIPPUSH_APP (object);
  if (self->destroy)
    self->destroy (self->user_data);
  if (self->file_offer_destroy)
    self->file_offer_destroy (self->file_offer_data);
  g_free (self->ari);
  g_strfreev (self->accept_types);
  G_OBJECT_CLASS (sippush_app_parent_class)->finalize (object);
}

static void
sippush_app_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SipPushApp *self = SIPPUSH_APP (object);
  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->ari);
      break;
    case PROP_ACCEPT_TYPES:
      g_value_set_boxed (value, self->accept_types);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sippush_app_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SipPushApp *self = SIPPUSH_APP (object);
  switch (prop_id)
    {
    case PROP_ACCEPT_TYPES:
      sippush_app_set_accept_types (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sippush_app_class_init (SipPushAppClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->finalize = sippush_app_finalize;
  object_class->get_property = sippush_app_get_property;
  object_class->set_property = sippush_app_set_property;

  /**
   * SipPushApp:id: (getter get_id)
   *
   * The application's canonical ARI, or %NULL for the catch-all application.
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, "Canonical ARI", NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * SipPushApp:accept-types: (setter set_accept_types) (getter get_accept_types)
   *
   * The content types the application takes, or %NULL for any (see
   * sippush_app_set_accept_types()).
   */
  properties[PROP_ACCEPT_TYPES]
      = g_param_spec_boxed ("accept-types", NULL, "Content types taken", G_TYPE_STRV,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sippush_app_init (SipPushApp *self)
{
}

SipPushApp *
sippush_app_new (const char *ari, SipPushAppFunc callback, gpointer user_data,
                 GDestroyNotify destroy)
{
  SipPushApp *self = g_object_new (SIPPUSH_TYPE_APP, NULL);
  self->ari = g_strdup (ari);
  self->callback = callback;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

const gchar *
sippush_app_get_id (SipPushApp *self)
{
  g_return_val_if_fail (SIPPUSH_IS_APP (self), NULL);
  return self->ari;
}

void
sippush_app_set_accept_types (SipPushApp *self, const gchar *const *types)
{
  g_return_if_fail (SIPPUSH_IS_APP (self));
  if (self->accept_types == NULL && types == NULL)
    return;
  if (self->accept_types && types
      && g_strv_equal ((const gchar *const *) self->accept_types, types))
    return;
  g_strfreev (self->accept_types);
  self->accept_types = types ? g_strdupv ((gchar **) types) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPT_TYPES]);
}

const gchar *const *
sippush_app_get_accept_types (SipPushApp *self)
{
  g_return_val_if_fail (SIPPUSH_IS_APP (self), NULL);
  return (const gchar *const *) self->accept_types;
}

void
sippush_app_set_file_offer_func (SipPushApp *self, SipPushFileOfferFunc func, gpointer user_data,
                                 GDestroyNotify destroy)
{
  g_return_if_fail (SIPPUSH_IS_APP (self));
  GDestroyNotify old_destroy = self->file_offer_destroy;
  gpointer old_data = self->file_offer_data;
  self->file_offer = func;
  self->file_offer_data = user_data;
  self->file_offer_destroy = destroy;
  /* Last, so that a destroy notify that looks at the application sees the new handler. */
  if (old_destroy)
    old_destroy (old_data);
}
