/* delivery.c — SipPushDelivery: push content plus its one-shot answer.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "delivery-private.h"

struct _SipPushDelivery
{
  GObject parent_instance;

  SipPushMethod method;
  gchar *ari;
  gchar *app_id;
  gchar *sender;
  gchar *content_type;
  gchar *service_id;
  GBytes *body;
  GFile *file;
  gchar *file_name;
  gchar *sha1;
  guint64 size;
  gboolean hash_verified;
  SipPushFileOffer *file_offer;

  SipPushDeliveryDoneFunc done;
  gpointer done_data;
  gboolean completed;
};

G_DEFINE_FINAL_TYPE (SipPushDelivery, sippush_delivery, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SipPushMethod, sippush_method,
                    G_DEFINE_ENUM_VALUE (SIPPUSH_METHOD_MESSAGE, "message"),
                    G_DEFINE_ENUM_VALUE (SIPPUSH_METHOD_NOTIFY, "notify"),
                    G_DEFINE_ENUM_VALUE (SIPPUSH_METHOD_MSRP, "msrp"),
                    G_DEFINE_ENUM_VALUE (SIPPUSH_METHOD_INVITE, "invite"),
                    G_DEFINE_ENUM_VALUE (SIPPUSH_METHOD_REFER, "refer"))

const gchar *
sippush_method_to_string (SipPushMethod method)
{
  switch (method)
    {
    case SIPPUSH_METHOD_MESSAGE:
      return "MESSAGE";
    case SIPPUSH_METHOD_NOTIFY:
      return "NOTIFY";
    case SIPPUSH_METHOD_MSRP:
      return "MSRP";
    case SIPPUSH_METHOD_INVITE:
      return "INVITE";
    case SIPPUSH_METHOD_REFER:
      return "REFER";
    }
  return "UNKNOWN";
}

static void
sippush_delivery_finalize (GObject *object)
{
  SipPushDelivery *self = SIPPUSH_DELIVERY (object);

  /* The SIP side always completes before it drops its reference; an application
   * holding the last one just frees. */
  if (self->ari != self->app_id)
    g_free (self->ari);
  g_free (self->app_id);
  g_free (self->sender);
  g_free (self->content_type);
  g_free (self->service_id);
  g_bytes_unref (self->body);
  g_clear_object (&self->file);
  g_free (self->file_name);
  g_free (self->sha1);
  g_clear_object (&self->file_offer);
  G_OBJECT_CLASS (sippush_delivery_parent_class)->finalize (object);
}

static void
sippush_delivery_class_init (SipPushDeliveryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sippush_delivery_finalize;
}

static void
sippush_delivery_init (SipPushDelivery *self)
{
}

SipPushDelivery *
sippush_delivery_new (const SipPushDeliveryInfo *info, SipPushDeliveryDoneFunc done,
                      gpointer done_data)
{
  SipPushDelivery *self = g_object_new (SIPPUSH_TYPE_DELIVERY, NULL);
  self->method = info->method;
  self->app_id = g_strdup (info->app_id);
  /* A push routed by its ARI names the app's own: one string serves both. */
  self->ari
      = info->ari && g_strcmp0 (info->ari, info->app_id) == 0 ? self->app_id : g_strdup (info->ari);
  self->sender = info->sender;
  self->content_type = info->content_type;
  self->service_id = info->service_id;
  self->body = info->body ? g_bytes_ref (info->body) : g_bytes_new_static ("", 0);
  self->file = info->file ? g_object_ref (info->file) : NULL;
  self->file_name = g_strdup (info->file_name);
  self->sha1 = g_strdup (info->sha1);
  self->size = info->file ? info->file_size : g_bytes_get_size (self->body);
  self->hash_verified = info->hash_verified;
  self->file_offer = info->file_offer ? g_object_ref (info->file_offer) : NULL;
  self->done = done;
  self->done_data = done_data;
  return self;
}

gboolean
sippush_delivery_complete (SipPushDelivery *self, guint status, const char *reason)
{
  if (self->completed)
    return FALSE;
  self->completed = TRUE;
  if (self->done)
    self->done (self, status, reason, self->done_data);
  return TRUE;
}

static gboolean
already_completed (GError **error)
{
  g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_ALREADY_COMPLETED,
                       "the delivery was already answered or timed out");
  return FALSE;
}

gboolean
sippush_delivery_accept (SipPushDelivery *self, GError **error)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), FALSE);
  return sippush_delivery_complete (self, 200, NULL) || already_completed (error);
}

gboolean
sippush_delivery_reject (SipPushDelivery *self, guint status, const gchar *reason, GError **error)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), FALSE);
  if (status < 300 || status > 699)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                   "%u is not a final failure status (300–699)", status);
      return FALSE;
    }
  return sippush_delivery_complete (self, status, reason) || already_completed (error);
}

gboolean
sippush_delivery_is_completed (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), TRUE);
  return self->completed;
}

SipPushMethod
sippush_delivery_get_method (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), SIPPUSH_METHOD_MESSAGE);
  return self->method;
}

const gchar *
sippush_delivery_get_ari (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), NULL);
  return self->ari;
}

const gchar *
sippush_delivery_get_app_id (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), NULL);
  return self->app_id;
}

const gchar *
sippush_delivery_get_sender (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), NULL);
  return self->sender;
}

const gchar *
sippush_delivery_get_content_type (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), NULL);
  return self->content_type;
}

GBytes *
sippush_delivery_get_body (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), NULL);
  return self->body;
}

const gchar *
sippush_delivery_get_service_id (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), NULL);
  return self->service_id;
}

guint64
sippush_delivery_get_size (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), 0);
  return self->size;
}

GFile *
sippush_delivery_get_file (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), NULL);
  return self->file;
}

const gchar *
sippush_delivery_get_file_name (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), NULL);
  return self->file_name;
}

const gchar *
sippush_delivery_get_sha1 (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), NULL);
  return self->sha1;
}

gboolean
sippush_delivery_get_hash_verified (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), FALSE);
  return self->hash_verified;
}

SipPushFileOffer *
sippush_delivery_get_file_offer (SipPushDelivery *self)
{
  g_return_val_if_fail (SIPPUSH_IS_DELIVERY (self), NULL);
  return self->file_offer;
}
