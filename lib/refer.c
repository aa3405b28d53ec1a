/* refer.c — SipPushRefer: a REFER asking the device to subscribe, and the decision.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "refer-private.h"

struct _SipPushRefer
{
  GObject parent_instance;

  gchar *target;
  gchar *sender;
  gboolean accepted;
};

enum
{
  PROP_0,
  PROP_TARGET,
  PROP_SENDER,
  PROP_ACCEPTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SipPushRefer, sippush_refer, G_TYPE_OBJECT)

static void
sippush_refer_finalize (GObject *object)
{
  SipPushRefer *self = SIPPUSH_REFER (object);
  g_free (self->target);
  g_free (self->sender);
  G_OBJECT_CLASS (sippush_refer_parent_class)->finalize (object);
}

static void
sippush_refer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SipPushRefer *self = SIPPUSH_REFER (object);
  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case PROP_SENDER:
      g_value_set_string (value, self->sender);
      break;
    case PROP_ACCEPTED:
      g_value_set_boolean (value, self->accepted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sippush_refer_class_init (SipPushReferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->finalize = sippush_refer_finalize;
  object_class->get_property = sippush_refer_get_property;

  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  /**
   * SipPushRefer:target: (getter get_target)
   *
   * The Refer-To URI without `method=` and the embedded headers.
   */
  properties[PROP_TARGET] = g_param_spec_string ("target", NULL, "Refer-To URI", NULL, flags);
  /**
   * SipPushRefer:sender: (getter get_sender)
   *
   * The REFER's sender as a bare URI.
   */
  properties[PROP_SENDER] = g_param_spec_string ("sender", NULL, "Sender", NULL, flags);
  /**
   * SipPushRefer:accepted: (getter get_accepted)
   *
   * Whether the REFER was accepted; %FALSE while undecided.
   */
  properties[PROP_ACCEPTED] = g_param_spec_boolean ("accepted", NULL, "Accepted", FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sippush_refer_init (SipPushRefer *self)
{
}

SipPushRefer *
sippush_refer_new (const char *target, const char *sender)
{
  g_return_val_if_fail (target != NULL, NULL);
  SipPushRefer *self = g_object_new (SIPPUSH_TYPE_REFER, NULL);
  self->target = g_strdup (target);
  self->sender = g_strdup (sender);
  return self;
}

void
sippush_refer_set_accepted (SipPushRefer *self, gboolean accepted)
{
  accepted = !!accepted;
  if (self->accepted == accepted)
    return;
  self->accepted = accepted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTED]);
}

const gchar *
sippush_refer_get_target (SipPushRefer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_REFER (self), NULL);
  return self->target;
}

const gchar *
sippush_refer_get_sender (SipPushRefer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_REFER (self), NULL);
  return self->sender;
}

gboolean
sippush_refer_get_accepted (SipPushRefer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_REFER (self), FALSE);
  return self->accepted;
}
