/* sip/overload.c — see overload.h. SPDX-License-Identifier: LGPL-2.1-or-later */
#define SU_TIMER_ARG_T struct _SipPushOverload
#include "sip/overload.h"

#include <sofia-sip/nta_tag.h>
#include <sofia-sip/su_tag.h>

#define NORMAL_LIFETIME_MS 32000 /* 64 × T1, RFC 3261 */
/* Below this, transactions kept 32 s cost at most ~35 MB (100/s × 32 s × ~11 KB). */
#define LOADED_REQUESTS_PER_S 100
#define QUIET_SECONDS 40 /* under the threshold this long: back to 32 s */
/* A kept UDP transaction holds its request and response: about 11 KB of heap (massif: 95 %
 * of it sofia's messages), 16-20 KB of RSS with what the heap keeps around them. Under load
 * the lifetime is what keeps at most KEPT_BUDGET of them at the rate requests come: 2 s
 * (sip-transaction-lifetime) up to 500/s, 200 ms at 5000/s, never below 100 ms. The rate is
 * measured over each RATE_WINDOW requests, so a flood is met within a few milliseconds;
 * sofia re-times the kept transactions at each change to end at most the new lifetime from
 * now, which is why the lifetime is only shortened until the load is over. A late
 * retransmission of an acknowledged push is caught by sip/repeats.c. */
#define KEPT_BUDGET 1000
#define RATE_WINDOW 128
#define MIN_LOADED_LIFETIME_MS 100

struct _SipPushOverload
{
  nua_t *nua;
  guint loaded_lifetime_ms;
  guint lifetime_ms; /* in force now */
  guint in_window;   /* requests since window_start_us */
  gint64 window_start_us;
  gboolean loaded;
  /* While loaded only. A timer of sofia's root, whose GSource every loop turn walks
   * anyway: a GSource of its own would cost every turn ~300 instructions more. It repeats
   * (su_timer_run(); su_timer_set_interval() would fire once) until the load is over. */
  su_timer_t *tick; /* each second */
  guint requests;   /* since the last tick */
  guint quiet_s;    /* seconds under the threshold */
};

static void
set_lifetime (SipPushOverload *self, guint lifetime_ms)
{
  if (lifetime_ms == self->lifetime_ms)
    return;
  self->lifetime_ms = lifetime_ms;
  if (self->nua)
    nua_set_params (self->nua, NTATAG_SIP_T1X64 (lifetime_ms), TAG_END ());
  g_info ("SIP load %s: transactions kept %u ms", self->loaded ? "high" : "normal", lifetime_ms);
}

/* The lifetime that keeps KEPT_BUDGET transactions at @rate requests a second. */
static guint
budget_lifetime_ms (SipPushOverload *self, double rate)
{
  double ms = KEPT_BUDGET * 1000.0 / rate;
  guint floor_ms = MIN (MIN_LOADED_LIFETIME_MS, self->loaded_lifetime_ms);
  return ms >= self->loaded_lifetime_ms ? self->loaded_lifetime_ms
         : ms <= floor_ms               ? floor_ms
                                        : (guint) ms;
}

static void
on_tick (su_root_magic_t *magic, su_timer_t *timer, su_timer_arg_t *data)
{
  SipPushOverload *self = data;
  gboolean busy = self->requests > LOADED_REQUESTS_PER_S;
  self->requests = 0;
  self->quiet_s = busy ? 0 : self->quiet_s + 1;
  if (self->quiet_s < QUIET_SECONDS)
    return;
  self->loaded = FALSE;
  set_lifetime (self, NORMAL_LIFETIME_MS);
  su_timer_reset (self->tick);
}

SipPushOverload *
sippush_overload_new (su_root_t *root, nua_t *nua, guint loaded_lifetime_ms)
{
  SipPushOverload *self = g_new0 (SipPushOverload, 1);
  self->nua = nua;
  self->tick = root ? su_timer_create (su_root_task (root), 1000) : NULL;
  self->loaded_lifetime_ms = MIN (loaded_lifetime_ms, NORMAL_LIFETIME_MS);
  self->lifetime_ms = NORMAL_LIFETIME_MS;
  self->window_start_us = g_get_monotonic_time ();
  return self;
}

void
sippush_overload_count (SipPushOverload *self)
{
  sippush_overload_count_at (self, 0);
}

void
sippush_overload_count_at (SipPushOverload *self, gint64 now_us)
{
  /* The rate of each window of requests is measured as it ends: above
   * LOADED_REQUESTS_PER_S the receiver is loaded, and the rate sets the lifetime at once
   * rather than at the next tick. */
  self->requests++;
  if (++self->in_window < RATE_WINDOW)
    return;
  gint64 now = now_us ? now_us : g_get_monotonic_time ();
  gint64 elapsed_us = MAX (now - self->window_start_us, 1);
  double rate = self->in_window * (double) G_USEC_PER_SEC / (double) elapsed_us;
  self->in_window = 0;
  self->window_start_us = now;
  if (!self->loaded)
    {
      if (rate <= LOADED_REQUESTS_PER_S)
        return;
      self->loaded = TRUE;
      self->quiet_s = 0;
      self->requests = 0;
      if (self->tick)
        su_timer_run (self->tick, on_tick, self); /* every second, until reset */
    }
  set_lifetime (self, MIN (self->lifetime_ms, budget_lifetime_ms (self, rate)));
}

guint
sippush_overload_get_lifetime_ms (SipPushOverload *self)
{
  return self->lifetime_ms;
}

gboolean
sippush_overload_is_loaded (SipPushOverload *self)
{
  return self->loaded;
}

guint
sippush_overload_get_quiet_seconds (SipPushOverload *self)
{
  return self->quiet_s;
}

void
sippush_overload_free (SipPushOverload *self)
{
  if (self == NULL)
    return;
  if (self->tick)
    su_timer_destroy (self->tick);
  g_free (self);
}
