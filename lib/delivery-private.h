/* delivery-private.h — how the SIP side creates and completes deliveries.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>
#include <gio/gio.h>

/* Called exactly once, when the delivery gets its answer (accept → 200). */
typedef void (*SipPushDeliveryDoneFunc) (SipPushDelivery *delivery, guint status,
                                         const char *reason, gpointer data);

/* What a delivery carries. The strings marked "taken" move into the delivery (saves a
 * copy per push on the hot path); the others are copied. */
typedef struct
{
  SipPushMethod method;
  const char *ari;    /* as the push named it, or NULL (copied; shared when = app_id) */
  const char *app_id; /* the application it goes to, or NULL (catch-all) (copied) */
  char *sender;       /* taken */
  char *content_type; /* taken, or NULL */
  char *service_id;   /* taken, or NULL */
  GBytes *body;       /* referenced, or NULL for none */
  /* MSRP only */
  GFile *file;           /* referenced */
  const char *file_name; /* the offered name (copied) */
  const char *sha1;      /* 40 lower-case hex (copied) */
  guint64 file_size;
  gboolean hash_verified;
  SipPushFileOffer *file_offer; /* referenced */
} SipPushDeliveryInfo;

SipPushDelivery *sippush_delivery_new (const SipPushDeliveryInfo *info,
                                       SipPushDeliveryDoneFunc done, gpointer done_data);

/* Completes the delivery on the library's side (timeout, shutdown): @done runs, and a
 * later accept/reject by the application fails with SIPPUSH_ERROR_ALREADY_COMPLETED.
 * Returns FALSE when it was already complete. */
gboolean sippush_delivery_complete (SipPushDelivery *delivery, guint status, const char *reason);
