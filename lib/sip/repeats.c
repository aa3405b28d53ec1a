/* sip/repeats.c — see repeats.h. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/repeats.h"

#include <netinet/in.h>
#include <nettle/cmac.h>
#include <sofia-sip/msg_addr.h>
#include <sofia-sip/sip_header.h>
#include <string.h>

#include "core/recent-set.h"

#define WINDOW_MS 32000 /* Timer F, 64 × T1: how long a UDP client retransmits */
/* 5000 pushes/s fill a generation in 26 s; at most 4 MiB however fast they come. */
#define MAX_PER_GENERATION (1u << 17)

struct _SipPushRepeats
{
  /* Keyed once; each digest leaves it ready for the next request. AES-CMAC rather than
   * a salted SHA-1: the same protection for ~1.3 k instructions a push instead of ~4.8 k. */
  struct cmac_aes128_ctx mac;
  SipPushRecentSet *acknowledged;
};

SipPushRepeats *
sippush_repeats_new (void)
{
  SipPushRepeats *self = g_new0 (SipPushRepeats, 1);
  guint8 key[16];
  for (gsize i = 0; i < sizeof key; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (key + i, &r, 4);
    }
  cmac_aes128_set_key (&self->mac, key);
  self->acknowledged = sippush_recent_set_new (WINDOW_MS, MAX_PER_GENERATION);
  return self;
}

void
sippush_repeats_free (SipPushRepeats *self)
{
  if (self == NULL)
    return;
  sippush_recent_set_free (self->acknowledged);
  g_free (self);
}

/* Each field with its length, so that no two field lists hash the same bytes. */
static void
hash_field (struct cmac_aes128_ctx *mac, const char *s)
{
  guint32 len = s ? (guint32) strlen (s) : G_MAXUINT32;
  cmac_aes128_update (mac, sizeof len, (const guint8 *) &len);
  if (s)
    cmac_aes128_update (mac, len, (const guint8 *) s);
}

gboolean
sippush_repeats_wanted (nua_t *nua)
{
  /* Only a client sending over UDP retransmits a request (RFC 3261 §17.1.2.1, Timer E);
   * over TCP or TLS a copy of a push cannot come, so no key is computed there. A request
   * whose transport is unknown is treated as UDP. */
  msg_t *request = nua_current_request (nua);
  su_addrinfo_t *ai = request ? msg_addrinfo (request) : NULL;
  return ai == NULL || ai->ai_protocol == IPPROTO_UDP;
}

guint64
sippush_repeats_key (SipPushRepeats *self, const sip_t *sip)
{
  if (!sip || !sip->sip_call_id || !sip->sip_cseq || !sip->sip_call_id->i_id)
    return 0;
  /* The CSeq number as its fixed-size value: no formatting per request. */
  guint32 seq = sip->sip_cseq->cs_seq;
  cmac_aes128_update (&self->mac, sizeof seq, (const guint8 *) &seq);
  hash_field (&self->mac, sip->sip_call_id->i_id);
  hash_field (&self->mac, sip->sip_cseq->cs_method_name);
  hash_field (&self->mac, sip->sip_from ? sip->sip_from->a_tag : NULL);
  hash_field (&self->mac, sip->sip_via ? sip->sip_via->v_branch : NULL);
  guint8 digest[CMAC128_DIGEST_SIZE];
  cmac_aes128_digest (&self->mac, sizeof digest, digest);
  guint64 key;
  memcpy (&key, digest, sizeof key);
  return key ? key : 1; /* 0 means "none" */
}

void
sippush_repeats_note (SipPushRepeats *self, guint64 key)
{
  sippush_recent_set_add (self->acknowledged, key, g_get_monotonic_time () / 1000);
}

gboolean
sippush_repeats_seen (SipPushRepeats *self, guint64 key)
{
  return sippush_recent_set_contains (self->acknowledged, key, g_get_monotonic_time () / 1000);
}
