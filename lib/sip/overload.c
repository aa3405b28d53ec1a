/* sip/overload.c — see overload.h. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/overload.h"

#include <sofia-sip/nta_tag.h>
#include <sofia-sip/su_tag.h>

#define NORMAL_LIFETIME_MS 32000 /* 64 × T1, RFC 3261 */
/* Below this, transactions kept 32 s cost at most ~10 MB (100/s × 32 s × ~3 KB). */
#define LOADED_REQUESTS_PER_S 100
#define QUIET_SECONDS 40 /* under the threshold this long: back to 32 s */

struct _SipPushOverload
{
  nua_t *nua;
  guint loaded_lifetime_ms;
  guint requests; /* in the current second */
  guint quiet_s;  /* seconds under the threshold while loaded */
  gboolean loaded;
  GSource *tick;
};

static void
set_lifetime (SipPushOverload *self, gboolean loaded)
{
  self->loaded = loaded;
  self->quiet_s = 0;
  nua_set_params (self->nua,
                  NTATAG_SIP_T1X64 (loaded ? self->loaded_lifetime_ms : NORMAL_LIFETIME_MS),
                  TAG_END ());
  g_info ("SIP load %s: transactions kept %u ms", loaded ? "high" : "normal",
          loaded ? self->loaded_lifetime_ms : NORMAL_LIFETIME_MS);
}

static gboolean
on_tick (gpointer data)
{
  SipPushOverload *self = data;
  gboolean busy = self->requests > LOADED_REQUESTS_PER_S;
  self->requests = 0;
  if (busy && !self->loaded)
    set_lifetime (self, TRUE);
  else if (busy)
    self->quiet_s = 0;
  else if (self->loaded && ++self->quiet_s >= QUIET_SECONDS)
    set_lifetime (self, FALSE);
  return G_SOURCE_CONTINUE;
}

SipPushOverload *
sippush_overload_new (GMainContext *context, nua_t *nua, guint loaded_lifetime_ms)
{
  SipPushOverload *self = g_new0 (SipPushOverload, 1);
  self->nua = nua;
  self->loaded_lifetime_ms = MIN (loaded_lifetime_ms, NORMAL_LIFETIME_MS);
  self->tick = g_timeout_source_new_seconds (1);
  g_source_set_callback (self->tick, on_tick, self, NULL);
  g_source_attach (self->tick, context);
  return self;
}

void
sippush_overload_count (SipPushOverload *self)
{
  /* The second's count is checked by the tick; a flood turns the short lifetime on at
   * once rather than a second later. */
  if (++self->requests == LOADED_REQUESTS_PER_S + 1 && !self->loaded)
    set_lifetime (self, TRUE);
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
