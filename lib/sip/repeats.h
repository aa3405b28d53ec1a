/* sip/repeats.h — late retransmissions of pushes already answered 2xx.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sofia-sip/nua.h>
#include <sofia-sip/sip.h>

#include <glib.h>

/* Under load sofia forgets a server transaction 2 s after its response
 * (sip-transaction-lifetime, sip/overload.c), but a UDP client that lost the 200 keeps
 * retransmitting for 32 s: such a retransmission reaches the NUA callback as a new
 * request. This remembers the requests whose push was acknowledged (Call-ID, From tag,
 * CSeq, method and the top Via branch, RFC 3261 §17.2.3) for 32 s, so the copy is
 * answered again without a second delivery. Keys are a keyed PRF of those fields
 * (AES-CMAC, RFC 4493, under a random key of the receiver's), so a sender cannot forge a
 * collision with another's push. */
typedef struct _SipPushRepeats SipPushRepeats;

SipPushRepeats *sippush_repeats_new (void);
void sippush_repeats_free (SipPushRepeats *self);

/* Whether the request the NUA callback is handling can have late copies (it came over UDP):
 * only then are its key and the check worth computing. */
gboolean sippush_repeats_wanted (nua_t *nua);
/* The request's identity; 0 when it has none to match on (no Call-ID or CSeq). */
guint64 sippush_repeats_key (SipPushRepeats *self, const sip_t *sip);
/* The push of @key was acknowledged. */
void sippush_repeats_note (SipPushRepeats *self, guint64 key);
gboolean sippush_repeats_seen (SipPushRepeats *self, guint64 key);
