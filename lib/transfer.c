/* transfer.c — SipPushTransfer: one file coming in over MSRP, as the transfer signals
 * report it. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "transfer-private.h"

struct _SipPushTransfer
{
  GObject parent_instance;

  gchar *app_id;
  gchar *file_name;
  guint64 size;
  guint64 received;
  gchar *reason;
};

enum
{
  PROP_0,
  PROP_APP_ID,
  PROP_FILE_NAME,
  PROP_SIZE,
  PROP_RECEIVED,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SipPushTransfer, sippush_transfer, G_TYPE_OBJECT)

static void
sippush_transfer_finalize (GObject *object)
{
  SipPushTransfer *self = SIPPUSH_TRANSFER (object);
  g_free (self->app_id);
  g_free (self->file_name);
  g_free (self->reason);
  G_OBJECT_CLASS (sippush_transfer_parent_class)->finalize (object);
}

static void
sippush_transfer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SipPushTransfer *self = SIPPUSH_TRANSFER (object);
  switch (prop_id)
    {
    case PROP_APP_ID:
      g_value_set_string (value, self->app_id);
      break;
    case PROP_FILE_NAME:
      g_value_set_string (value, self->file_name);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case PROP_RECEIVED:
      g_value_set_uint64 (value, self->received);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sippush_transfer_class_init (SipPushTransferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->finalize = sippush_transfer_finalize;
  object_class->get_property = sippush_transfer_get_property;

  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  /**
   * SipPushTransfer:app-id: (getter get_app_id)
   *
   * The ARI of the application the file is for, or %NULL for the catch-all application.
   */
  properties[PROP_APP_ID] = g_param_spec_string ("app-id", NULL, "Application", NULL, flags);
  /**
   * SipPushTransfer:file-name: (getter get_file_name)
   *
   * The file name as offered (unsanitised), or %NULL.
   */
  properties[PROP_FILE_NAME]
      = g_param_spec_string ("file-name", NULL, "Offered file name", NULL, flags);
  /**
   * SipPushTransfer:size: (getter get_size)
   *
   * The file's size in bytes, or 0 while unknown.
   */
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, "Size", 0, G_MAXUINT64, 0, flags);
  /**
   * SipPushTransfer:received: (getter get_received)
   *
   * The bytes received so far.
   */
  properties[PROP_RECEIVED]
      = g_param_spec_uint64 ("received", NULL, "Bytes received", 0, G_MAXUINT64, 0, flags);
  /**
   * SipPushTransfer:reason: (getter get_reason)
   *
   * Why the transfer failed, or %NULL while it has not.
   */
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, "Failure reason", NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sippush_transfer_init (SipPushTransfer *self)
{
}

SipPushTransfer *
sippush_transfer_new (const char *app_id, const char *file_name, guint64 size)
{
  SipPushTransfer *self = g_object_new (SIPPUSH_TYPE_TRANSFER, NULL);
  self->app_id = g_strdup (app_id);
  self->file_name = g_strdup (file_name);
  self->size = size;
  return self;
}

void
sippush_transfer_set_size (SipPushTransfer *self, guint64 size)
{
  if (self->size == size)
    return;
  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

void
sippush_transfer_set_received (SipPushTransfer *self, guint64 received)
{
  if (self->received == received)
    return;
  self->received = received;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVED]);
}

void
sippush_transfer_set_failed (SipPushTransfer *self, const char *reason)
{
  g_return_if_fail (reason != NULL);
  if (g_strcmp0 (self->reason, reason) == 0)
    return;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
}

const gchar *
sippush_transfer_get_app_id (SipPushTransfer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_TRANSFER (self), NULL);
  return self->app_id;
}

const gchar *
sippush_transfer_get_file_name (SipPushTransfer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_TRANSFER (self), NULL);
  return self->file_name;
}

guint64
sippush_transfer_get_size (SipPushTransfer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_TRANSFER (self), 0);
  return self->size;
}

guint64
sippush_transfer_get_received (SipPushTransfer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_TRANSFER (self), 0);
  return self->received;
}

const gchar *
sippush_transfer_get_reason (SipPushTransfer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_TRANSFER (self), NULL);
  return self->reason;
}
