/* sip/overload.c — see overload.h. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/overload.h"

#include <sofia-sip/nta_tag.h>
#include <sofia-sip/su_tag.h>

#define NORMAL_LIFETIME_MS 32000 /* 64 × T1, RFC 3261 */
/* Below this, transactions kept 32 s cost at most ~10 MB (100/s × 32 s × ~3 KB). */
#define LOADED_REQUESTS_PER_S 100
#define QUIET_SECONDS 40 /* under the threshold this long: back to 32 s */
/* A kept UDP transaction holds its request and response, about 11 KB (massif, the CLI at
 * 800/s: 95 % of the heap is sofia's messages), so even 2 s of a 5000/s flood is 110 MB.
 * Past HEAVY_REQUESTS_PER_S within a second the loaded lifetime is halved, past twice that
 * halved again, past three times once more (not below 250 ms), at once rather than at the next
 * tick, and not lengthened again until the load is over: sofia re-times the kept transactions at
 * each change. A late retransmission of an acknowledged push is caught by sip/repeats.c. */
#define HEAVY_REQUESTS_PER_S 1500
#define MIN_LOADED_LIFETIME_MS 250

struct _SipPushOverload
{
  nua_t *nua;
  guint loaded_lifetime_ms;
  guint lifetime_ms; /* in force now */
  guint requests;    /* in the current second */
  guint quiet_s;     /* seconds under the threshold while loaded */
  gboolean loaded;
  GSource *tick;
};

static void
set_lifetime (SipPushOverload *self, guint lifetime_ms)
{
  if (lifetime_ms == self->lifetime_ms)
    return;
  self->lifetime_ms = lifetime_ms;
  nua_set_params (self->nua, NTATAG_SIP_T1X64 (lifetime_ms), TAG_END ());
  g_info ("SIP load %s: transactions kept %u ms", self->loaded ? "high" : "normal", lifetime_ms);
}

/* The loaded lifetime once @rate requests came within a second: only ever shortened. */
static guint
loaded_lifetime_for (SipPushOverload *self, guint rate)
{
  guint ms = self->loaded_lifetime_ms;
  if (rate > HEAVY_REQUESTS_PER_S)
    ms /= 2;
  if (rate > 2 * HEAVY_REQUESTS_PER_S)
    ms /= 2;
  if (rate > 3 * HEAVY_REQUESTS_PER_S)
    ms /= 2;
  ms = MAX (ms, MIN (MIN_LOADED_LIFETIME_MS, self->loaded_lifetime_ms));
  return self->loaded ? MIN (ms, self->lifetime_ms) : ms;
}

static gboolean
on_tick (gpointer data)
{
  SipPushOverload *self = data;
  gboolean busy = self->requests > LOADED_REQUESTS_PER_S;
  self->requests = 0;
  if (busy)
    self->quiet_s = 0;
  else if (self->loaded && ++self->quiet_s >= QUIET_SECONDS)
    {
      self->loaded = FALSE;
      set_lifetime (self, NORMAL_LIFETIME_MS);
    }
  return G_SOURCE_CONTINUE;
}

SipPushOverload *
sippush_overload_new (GMainContext *context, nua_t *nua, guint loaded_lifetime_ms)
{
  SipPushOverload *self = g_new0 (SipPushOverload, 1);
  self->nua = nua;
  self->loaded_lifetime_ms = MIN (loaded_lifetime_ms, NORMAL_LIFETIME_MS);
  self->lifetime_ms = NORMAL_LIFETIME_MS;
  self->tick = g_timeout_source_new_seconds (1);
  g_source_set_callback (self->tick, on_tick, self, NULL);
  g_source_attach (self->tick, context);
  return self;
}

void
sippush_overload_count (SipPushOverload *self)
{
  /* Checked as the requests come, not at the tick: a flood shortens the lifetime at once
   * rather than after a second of keeping everything. */
  guint n = ++self->requests;
  if (n != LOADED_REQUESTS_PER_S + 1 && n != HEAVY_REQUESTS_PER_S + 1
      && n != 2 * HEAVY_REQUESTS_PER_S + 1 && n != 3 * HEAVY_REQUESTS_PER_S + 1)
    return;
  guint ms = loaded_lifetime_for (self, n);
  self->loaded = TRUE;
  set_lifetime (self, ms);
}

gboolean
sippush_overload_is_loaded (SipPushOverload *self)
{
  return self->loaded;
}

void
sippush_overload_free (SipPushOverload *self)
{
  if (self == NULL)
    return;
  g_source_destroy (self->tick);
  g_source_unref (self->tick);
  g_free (self);
}
