/* file-offer-private.h — how the INVITE side creates a file offer and reads the decision.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

typedef struct
{
  const char *name;         /* NULL when the offer named none */
  const char *content_type; /* NULL when none */
  gint64 size;              /* -1 when unknown */
  const char *sha1;         /* 40 lower-case hex, or NULL */
  const char *ari;
  const char *app_id;
  const char *sender;
  /* RFC 5547 metadata (R-INV-8), each NULL when absent */
  const char *description;
  const char *disposition;
  GDateTime *creation_date; /* referenced */
  GDateTime *modification_date;
  GDateTime *read_date;
  const char *file_transfer_id;
  const char *icon_type;
  GBytes *icon; /* referenced */
} SipPushFileOfferInfo;

/* Everything is copied. @default_directory is used by accept(NULL). */
SipPushFileOffer *sippush_file_offer_new (const SipPushFileOfferInfo *info,
                                          const char *default_directory);

/* The directory the application accepted the file into, or NULL when refused or
 * undecided. Closes the offer: later accept/refuse calls are ignored. */
const char *sippush_file_offer_close (SipPushFileOffer *offer);
