/* core/conn-policy.c — which SIP stream connections stay open (R-SEC-4).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/conn-policy.h"

static gboolean
is_partial (const SipPushConnState *c)
{
  return c->partial_since_ms >= 0;
}

static gboolean
is_kept (const SipPushConnState *c)
{
  return c->verdict == SIPPUSH_CONN_KEEP;
}

/* Idle connections first, the longest idle first; then the rest, newest last. */
static gint
by_eviction_order (gconstpointer a, gconstpointer b)
{
  const SipPushConnState *x = *(SipPushConnState *const *) a, *y = *(SipPushConnState *const *) b;
  if (is_partial (x) != is_partial (y))
    return is_partial (x) ? 1 : -1;
  if (x->last_active_ms != y->last_active_ms)
    return x->last_active_ms < y->last_active_ms ? -1 : 1;
  return x->opened_ms < y->opened_ms ? -1 : x->opened_ms > y->opened_ms;
}

/* The newest first. */
static gint
by_age_newest_first (gconstpointer a, gconstpointer b)
{
  const SipPushConnState *x = *(SipPushConnState *const *) a, *y = *(SipPushConnState *const *) b;
  return x->opened_ms > y->opened_ms ? -1 : x->opened_ms < y->opened_ms;
}

static gint
by_buffered_largest_first (gconstpointer a, gconstpointer b)
{
  const SipPushConnState *x = *(SipPushConnState *const *) a, *y = *(SipPushConnState *const *) b;
  if (x->buffered != y->buffered)
    return x->buffered > y->buffered ? -1 : 1;
  return x->partial_since_ms < y->partial_since_ms ? -1 : x->partial_since_ms > y->partial_since_ms;
}

static gint
by_partial_oldest_first (gconstpointer a, gconstpointer b)
{
  const SipPushConnState *x = *(SipPushConnState *const *) a, *y = *(SipPushConnState *const *) b;
  gint64 px = is_partial (x) ? x->partial_since_ms : G_MAXINT64;
  gint64 py = is_partial (y) ? y->partial_since_ms : G_MAXINT64;
  return px < py ? -1 : px > py;
}

/* An idle connection that may make room: kept, no begun message, idle long enough. */
static gboolean
evictable (const SipPushConnState *c, const SipPushConnLimits *limits, gint64 now_ms)
{
  return is_kept (c) && !is_partial (c) && now_ms - c->last_active_ms >= limits->evict_grace_ms;
}

/* Over @cap among @set (kept ones counted): each newcomer beyond the cap is kept by
 * evicting the oldest idle one of the set, or refused with @refusal. */
static void
enforce_cap (GPtrArray *set, guint cap, SipPushConnVerdict refusal, const SipPushConnLimits *limits,
             gint64 now_ms)
{
  guint kept = 0;
  for (guint i = 0; i < set->len; i++)
    kept += is_kept (g_ptr_array_index (set, i));
  if (kept <= cap)
    return;
  g_ptr_array_sort (set, by_eviction_order);
  guint next_evictable = 0;
  /* The newcomers in question are the newest ones; walk them newest first. */
  g_autoptr (GPtrArray) newest = g_ptr_array_copy (set, NULL, NULL);
  g_ptr_array_sort (newest, by_age_newest_first);
  for (guint i = 0; i < newest->len && kept > cap; i++)
    {
      SipPushConnState *newcomer = g_ptr_array_index (newest, i);
      if (!is_kept (newcomer))
        continue;
      SipPushConnState *victim = NULL;
      for (; next_evictable < set->len && victim == NULL; next_evictable++)
        {
          SipPushConnState *c = g_ptr_array_index (set, next_evictable);
          if (c != newcomer && evictable (c, limits, now_ms))
            victim = c;
        }
      if (victim)
        victim->verdict = SIPPUSH_CONN_EVICTED;
      else
        newcomer->verdict = refusal;
      kept--;
    }
}

guint
sippush_conn_policy_apply (SipPushConnState *conns, guint n, const SipPushConnLimits *limits,
                           gint64 now_ms, guint fd_room, gboolean accept_waiting)
{
  g_autoptr (GPtrArray) all = g_ptr_array_sized_new (n);
  guint64 total = 0;
  for (guint i = 0; i < n; i++)
    {
      SipPushConnState *c = &conns[i];
      c->verdict = SIPPUSH_CONN_KEEP;
      if (!is_partial (c) && now_ms - c->last_active_ms >= limits->idle_ms)
        c->verdict = SIPPUSH_CONN_IDLE;
      else if (is_partial (c) && now_ms - c->partial_since_ms >= limits->message_ms)
        c->verdict = SIPPUSH_CONN_SLOW;
      else if (is_partial (c) && c->buffered > limits->max_buffered)
        c->verdict = SIPPUSH_CONN_BUFFER;
      if (is_kept (c))
        {
          g_ptr_array_add (all, c);
          total += is_partial (c) ? c->buffered : 0;
        }
    }

  if (total > limits->max_total)
    {
      g_autoptr (GPtrArray) partial = g_ptr_array_copy (all, NULL, NULL);
      g_ptr_array_sort (partial, by_buffered_largest_first);
      for (guint i = 0; i < partial->len && total > limits->max_total; i++)
        {
          SipPushConnState *c = g_ptr_array_index (partial, i);
          if (!is_partial (c))
            break;
          c->verdict = SIPPUSH_CONN_TOTAL;
          total -= c->buffered;
        }
    }

  /* Per source: group the kept connections by their source. */
  g_autoptr (GHashTable) sources = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < all->len; i++)
    {
      SipPushConnState *c = g_ptr_array_index (all, i);
      if (!is_kept (c))
        continue;
      GPtrArray *set = g_hash_table_lookup (sources, &c->source);
      if (set == NULL)
        {
          set = g_ptr_array_new ();
          g_hash_table_insert (sources, &c->source, set);
        }
      g_ptr_array_add (set, c);
    }
  GHashTableIter it;
  gpointer set;
  g_hash_table_iter_init (&it, sources);
  while (g_hash_table_iter_next (&it, NULL, &set))
    enforce_cap (set, limits->max_per_source, SIPPUSH_CONN_PER_SOURCE, limits, now_ms);

  enforce_cap (all, limits->max_connections, SIPPUSH_CONN_OVER_CAP, limits, now_ms);

  guint kept = 0;
  guint64 buffered = 0;
  for (guint i = 0; i < all->len; i++)
    {
      SipPushConnState *c = g_ptr_array_index (all, i);
      if (is_kept (c))
        kept++, buffered += is_partial (c) ? c->buffered : 0;
    }
  guint room = kept < limits->max_connections ? limits->max_connections - kept : 0;
  room = MIN (room, fd_room);
  /* Each connection accepted before the next look may fill a whole message. */
  guint64 max_buffered = MAX (limits->max_buffered, 1);
  guint64 byte_room = buffered < limits->max_total ? limits->max_total - buffered : 0;
  guint by_bytes = (guint) MIN (byte_room / max_buffered, G_MAXUINT);

  if (room == 0 && accept_waiting)
    {
      /* Connections wait to be accepted and there is no room: the oldest idle go, a
       * batch at a time (R-SEC-4: at the cap the oldest idle connection goes first). */
      guint batch = MAX (1, MIN (limits->max_connections, kept) / 16);
      g_ptr_array_sort (all, by_eviction_order);
      for (guint i = 0; i < all->len && batch > 0; i++)
        {
          SipPushConnState *c = g_ptr_array_index (all, i);
          if (!evictable (c, limits, now_ms))
            continue;
          c->verdict = SIPPUSH_CONN_EVICTED;
          batch--;
        }
    }
  else if (room > 0 && by_bytes == 0 && accept_waiting)
    {
      /* The begun messages hold the buffer bound: the one begun longest ago goes, so
       * that a newcomer is not kept out until they all time out. */
      g_autoptr (GPtrArray) partial = g_ptr_array_copy (all, NULL, NULL);
      g_ptr_array_sort (partial, by_partial_oldest_first);
      for (guint i = 0; i < partial->len && byte_room < max_buffered; i++)
        {
          SipPushConnState *c = g_ptr_array_index (partial, i);
          if (!is_kept (c) || !is_partial (c)
              || now_ms - c->partial_since_ms < limits->evict_grace_ms)
            continue;
          c->verdict = SIPPUSH_CONN_TOTAL;
          byte_room += c->buffered;
        }
    }
  room = MIN (room, by_bytes);
  return room;
}

const char *
sippush_conn_verdict_describe (SipPushConnVerdict verdict)
{
  switch (verdict)
    {
    case SIPPUSH_CONN_KEEP:
      return "kept";
    case SIPPUSH_CONN_IDLE:
      return "idle";
    case SIPPUSH_CONN_SLOW:
      return "message not complete in time";
    case SIPPUSH_CONN_BUFFER:
      return "message too large";
    case SIPPUSH_CONN_TOTAL:
      return "buffered bytes over the total";
    case SIPPUSH_CONN_PER_SOURCE:
      return "too many connections from its source";
    case SIPPUSH_CONN_OVER_CAP:
      return "too many connections";
    case SIPPUSH_CONN_EVICTED:
      return "evicted, oldest idle at the cap";
    case SIPPUSH_CONN_N_VERDICTS:
    default:
      break;
    }
  return "?";
}
