/* rejection.c — SipPushRejection: a refused push, as push-rejected reports it.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "rejection-private.h"

struct _SipPushRejection
{
  GObject parent_instance;

  SipPushMethod method;
  guint status;
  gchar *reason;
  gchar *sender;
  gchar *ari;
};

enum
{
  PROP_0,
  PROP_METHOD,
  PROP_STATUS,
  PROP_REASON,
  PROP_SENDER,
  PROP_ARI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SipPushRejection, sippush_rejection, G_TYPE_OBJECT)

static void
sippush_rejection_finalize (GObject *object)
{
  SipPushRejection *self = SIPPUSH_REJECTION (object);
  g_free (self->reason);
  g_free (self->sender);
  g_free (self->ari);
  G_OBJECT_CLASS (sippush_rejection_parent_class)->finalize (object);
}

static void
sippush_rejection_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SipPushRejection *self = SIPPUSH_REJECTION (object);
  switch (prop_id)
    {
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_STATUS:
      g_value_set_uint (value, self->status);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_SENDER:
      g_value_set_string (value, self->sender);
      break;
    case PROP_ARI:
      g_value_set_string (value, self->ari);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sippush_rejection_class_init (SipPushRejectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->finalize = sippush_rejection_finalize;
  object_class->get_property = sippush_rejection_get_property;

  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  /**
   * SipPushRejection:method: (getter get_method)
   *
   * How the refused request came.
   */
  properties[PROP_METHOD] = g_param_spec_enum ("method", NULL, "Method", SIPPUSH_TYPE_METHOD,
                                               SIPPUSH_METHOD_MESSAGE, flags);
  /**
   * SipPushRejection:status: (getter get_status)
   *
   * The final status sent on the wire.
   */
  properties[PROP_STATUS] = g_param_spec_uint ("status", NULL, "Status", 0, 699, 0, flags);
  /**
   * SipPushRejection:reason: (getter get_reason)
   *
   * Why, in words, or %NULL.
   */
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, "Reason", NULL, flags);
  /**
   * SipPushRejection:sender: (getter get_sender)
   *
   * The sender's bare URI, or %NULL when unknown.
   */
  properties[PROP_SENDER] = g_param_spec_string ("sender", NULL, "Sender", NULL, flags);
  /**
   * SipPushRejection:ari: (getter get_ari)
   *
   * The ARI the request named, or %NULL.
   */
  properties[PROP_ARI] = g_param_spec_string ("ari", NULL, "ARI", NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sippush_rejection_init (SipPushRejection *self)
{
}

SipPushRejection *
sippush_rejection_new (SipPushMethod method, guint status, const char *reason, const char *sender,
                       const char *ari)
{
  SipPushRejection *self = g_object_new (SIPPUSH_TYPE_REJECTION, NULL);
  self->method = method;
  self->status = status;
  self->reason = g_strdup (reason);
  self->sender = g_strdup (sender);
  self->ari = g_strdup (ari);
  return self;
}

SipPushMethod
sippush_rejection_get_method (SipPushRejection *self)
{
  g_return_val_if_fail (SIPPUSH_IS_REJECTION (self), SIPPUSH_METHOD_MESSAGE);
  return self->method;
}

guint
sippush_rejection_get_status (SipPushRejection *self)
{
  g_return_val_if_fail (SIPPUSH_IS_REJECTION (self), 0);
  return self->status;
}

const gchar *
sippush_rejection_get_reason (SipPushRejection *self)
{
  g_return_val_if_fail (SIPPUSH_IS_REJECTION (self), NULL);
  return self->reason;
}

const gchar *
sippush_rejection_get_sender (SipPushRejection *self)
{
  g_return_val_if_fail (SIPPUSH_IS_REJECTION (self), NULL);
  return self->sender;
}

const gchar *
sippush_rejection_get_ari (SipPushRejection *self)
{
  g_return_val_if_fail (SIPPUSH_IS_REJECTION (self), NULL);
  return self->ari;
}
