/* file-offer.c — SipPushFileOffer: one offered file and the application's decision.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-offer-private.h"

struct _SipPushFileOffer
{
  GObject parent_instance;

  gchar *name;
  gchar *content_type;
  gint64 size;
  gchar *sha1;
  gchar *ari;
  gchar *app_id;
  gchar *sender;
  gchar *default_directory;
  gchar *description;
  gchar *disposition;
  GDateTime *creation_date;
  GDateTime *modification_date;
  GDateTime *read_date;
  gchar *file_transfer_id;
  gchar *icon_type;
  GBytes *icon;

  gchar *directory; /* the decision: NULL = refused */
  gboolean closed;
};

G_DEFINE_FINAL_TYPE (SipPushFileOffer, sippush_file_offer, G_TYPE_OBJECT)

static void
sippush_file_offer_finalize (GObject *object)
{
  SipPushFileOffer *self = SIPPUSH_FILE_OFFER (object);
  g_free (self->name);
  g_free (self->content_type);
  g_free (self->sha1);
  g_free (self->ari);
  g_free (self->app_id);
  g_free (self->sender);
  g_free (self->default_directory);
  g_free (self->directory);
  g_free (self->description);
  g_free (self->disposition);
  g_clear_pointer (&self->creation_date, g_date_time_unref);
  g_clear_pointer (&self->modification_date, g_date_time_unref);
  g_clear_pointer (&self->read_date, g_date_time_unref);
  g_free (self->file_transfer_id);
  g_free (self->icon_type);
  g_clear_pointer (&self->icon, g_bytes_unref);
  G_OBJECT_CLASS (sippush_file_offer_parent_class)->finalize (object);
}

static void
sippush_file_offer_class_init (SipPushFileOfferClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sippush_file_offer_finalize;
}

static void
sippush_file_offer_init (SipPushFileOffer *self)
{
}

SipPushFileOffer *
sippush_file_offer_new (const SipPushFileOfferInfo *info, const char *default_directory)
{
  SipPushFileOffer *self = g_object_new (SIPPUSH_TYPE_FILE_OFFER, NULL);
  self->name = g_strdup (info->name);
  self->content_type = g_strdup (info->content_type);
  self->size = info->size;
  self->sha1 = g_strdup (info->sha1);
  self->ari = g_strdup (info->ari);
  self->app_id = g_strdup (info->app_id);
  self->sender = g_strdup (info->sender);
  self->default_directory = g_strdup (default_directory);
  self->description = g_strdup (info->description);
  self->disposition = g_strdup (info->disposition);
  self->creation_date = info->creation_date ? g_date_time_ref (info->creation_date) : NULL;
  self->modification_date
      = info->modification_date ? g_date_time_ref (info->modification_date) : NULL;
  self->read_date = info->read_date ? g_date_time_ref (info->read_date) : NULL;
  self->file_transfer_id = g_strdup (info->file_transfer_id);
  if (info->icon != NULL)
    {
      self->icon_type = g_strdup (info->icon_type);
      self->icon = g_bytes_ref (info->icon);
    }
  return self;
}

const char *
sippush_file_offer_close (SipPushFileOffer *self)
{
  self->closed = TRUE;
  return self->directory;
}

const gchar *
sippush_file_offer_get_name (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->name;
}

const gchar *
sippush_file_offer_get_content_type (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->content_type;
}

gint64
sippush_file_offer_get_size (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), -1);
  return self->size;
}

const gchar *
sippush_file_offer_get_sha1 (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->sha1;
}

const gchar *
sippush_file_offer_get_ari (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->ari;
}

const gchar *
sippush_file_offer_get_app_id (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->app_id;
}

const gchar *
sippush_file_offer_get_sender (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->sender;
}

void
sippush_file_offer_accept (SipPushFileOffer *self, const gchar *directory)
{
  g_return_if_fail (SIPPUSH_IS_FILE_OFFER (self));
  if (self->closed)
    {
      g_warning ("file offer %s: accepted after its callback returned; ignored",
                 self->name ? self->name : "(unnamed)");
      return;
    }
  g_free (self->directory);
  self->directory = g_strdup (directory ? directory : self->default_directory);
}

void
sippush_file_offer_refuse (SipPushFileOffer *self)
{
  g_return_if_fail (SIPPUSH_IS_FILE_OFFER (self));
  if (!self->closed)
    g_clear_pointer (&self->directory, g_free);
}

const gchar *
sippush_file_offer_get_description (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->description;
}

const gchar *
sippush_file_offer_get_disposition (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->disposition;
}

GDateTime *
sippush_file_offer_get_creation_date (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->creation_date;
}

GDateTime *
sippush_file_offer_get_modification_date (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->modification_date;
}

GDateTime *
sippush_file_offer_get_read_date (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->read_date;
}

const gchar *
sippush_file_offer_get_file_transfer_id (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->file_transfer_id;
}

const gchar *
sippush_file_offer_get_icon_type (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->icon_type;
}

GBytes *
sippush_file_offer_get_icon (SipPushFileOffer *self)
{
  g_return_val_if_fail (SIPPUSH_IS_FILE_OFFER (self), NULL);
  return self->icon;
}
