/* app-private.h — the SipPushApp instance, read by the dispatch and the SIP modules that
 * hand pushes and file offers to an application.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

struct _SipPushApp
{
  GObject parent_instance;

  gchar *ari; /* canonical ARI, NULL for the catch-all application */
  SipPushAppFunc callback;
  gpointer user_data;
  GDestroyNotify destroy;
  gchar **accept_types;            /* NULL = any */
  SipPushFileOfferFunc file_offer; /* NULL: files go to the receiver's file-directory */
  gpointer file_offer_data;
  GDestroyNotify file_offer_destroy;
};

/* @ari is canonical (or NULL for the catch-all). @destroy runs with @user_data when the
 * application is finalized. */
SipPushApp *sippush_app_new (const char *ari, SipPushAppFunc callback, gpointer user_data,
                             GDestroyNotify destroy);
