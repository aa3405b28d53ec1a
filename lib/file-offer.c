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
