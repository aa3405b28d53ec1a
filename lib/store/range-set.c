/* store/range-set.c — coalescing interval set over a balanced tree. SPDX-License-Identifier:
 * LGPL-2.1-or-later */
#include "store/range-set.h"

/* A GTree (AVL) keyed by interval start keeps every operation O(log n) even with
 * SIPPUSH_RANGE_SET_MAX intervals; a sorted array would move O(n) entries per insert. */
typedef struct
{
  guint64 start;
  guint64 end; /* exclusive */
} Interval;

struct _SipPushRangeSet
{
  GTree *tree; /* Interval* (owned) → NULL */
  guint64 covered;
};

GQuark
sippush_range_set_error_quark (void)
{
  /* Looked up once, as G_DEFINE_QUARK does: the lookup takes a lock. */
  static GQuark quark;
  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("sippush-range-set-error-quark");
  return quark;
}

static gint
interval_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  guint64 sa = ((const Interval *) a)->start, sb = ((const Interval *) b)->start;
  return sa < sb ? -1 : sa > sb;
}

SipPushRangeSet *
sippush_range_set_new (void)
{
  SipPushRangeSet *set = g_new0 (SipPushRangeSet, 1);
  set->tree = g_tree_new_full (interval_compare, NULL, g_free, NULL);
  return set;
}

void
sippush_range_set_free (SipPushRangeSet *set)
{
  if (set == NULL)
    return;
  g_tree_destroy (set->tree);
  g_free (set);
}

/* The interval with the greatest start ≤ @offset, or NULL. */
static GTreeNode *
floor_node (SipPushRangeSet *set, guint64 offset)
{
  Interval probe = { offset, offset };
  GTreeNode *above = g_tree_upper_bound (set->tree, &probe);
  return above != NULL ? g_tree_node_previous (above) : g_tree_node_last (set->tree);
}

static Interval *
node_interval (GTreeNode *node)
{
  return node != NULL ? g_tree_node_key (node) : NULL;
}

/* Whether [start, end] (touching counts) meets an existing interval. */
static gboolean
touches_any (SipPushRangeSet *set, guint64 start, guint64 end)
{
  GTreeNode *floor = floor_node (set, start);
  Interval *before = node_interval (floor);
  if (before != NULL && before->end >= start)
    return TRUE;
  Interval *after
      = node_interval (floor != NULL ? g_tree_node_next (floor) : g_tree_node_first (set->tree));
  return after != NULL && after->start <= end;
}

gboolean
sippush_range_set_can_add (SipPushRangeSet *set, guint64 start, guint64 end_excl)
{
  g_return_val_if_fail (start <= end_excl, FALSE);
  return start == end_excl || (guint) g_tree_nnodes (set->tree) < SIPPUSH_RANGE_SET_MAX
         || touches_any (set, start, end_excl);
}

gboolean
sippush_range_set_add (SipPushRangeSet *set, guint64 start, guint64 end_excl, GError **error)
{
  g_return_val_if_fail (start <= end_excl, FALSE);
  if (start == end_excl)
    return TRUE;
  /* Bytes in order (the rule): they extend the one interval from 0 (it is the only one
   * when it covers all that is covered), no search. */
  if (start == set->covered && start > 0)
    {
      Interval *first = node_interval (g_tree_node_first (set->tree));
      if (first->start == 0 && first->end == start)
        {
          first->end = end_excl;
          set->covered = end_excl;
          return TRUE;
        }
    }

  GTreeNode *floor = floor_node (set, start);
  Interval *absorb = node_interval (floor);
  if (absorb == NULL || absorb->end < start)
    {
      /* Not joined to its predecessor: it grows the interval after it (moving that start
       * down keeps the order, the predecessor ends before @start) or stands alone. */
      Interval *after = node_interval (floor != NULL ? g_tree_node_next (floor)
                                                     : g_tree_node_first (set->tree));
      if (after != NULL && after->start <= end_excl)
        {
          absorb = after;
          set->covered -= absorb->end - absorb->start;
          absorb->start = start;
        }
      else
        {
          if ((guint) g_tree_nnodes (set->tree) >= SIPPUSH_RANGE_SET_MAX)
            {
              g_set_error (error, SIPPUSH_RANGE_SET_ERROR, SIPPUSH_RANGE_SET_ERROR_FRAGMENTED,
                           "more than %d separate byte ranges", SIPPUSH_RANGE_SET_MAX);
              return FALSE;
            }
          absorb = g_new (Interval, 1);
          absorb->start = start;
          absorb->end = end_excl;
          g_tree_insert (set->tree, absorb, NULL);
          set->covered += end_excl - start;
          return TRUE;
        }
    }
  else
    {
      if (absorb->end >= end_excl)
        return TRUE; /* already covered */
      set->covered -= absorb->end - absorb->start;
    }
  absorb->end = MAX (absorb->end, end_excl);

  /* Swallow the followers that now overlap or touch; each removal is paid for by the add
   * that created the interval. The node is looked up again after a removal, which may
   * rebalance the tree. */
  for (;;)
    {
      GTreeNode *next = g_tree_node_next (g_tree_lookup_node (set->tree, absorb));
      Interval *follower = node_interval (next);
      if (follower == NULL || follower->start > absorb->end)
        break;
      absorb->end = MAX (absorb->end, follower->end);
      set->covered -= follower->end - follower->start;
      g_tree_remove (set->tree, follower);
    }
  set->covered += absorb->end - absorb->start;
  return TRUE;
}

guint64
sippush_range_set_contiguous_prefix (SipPushRangeSet *set)
{
  Interval *first = node_interval (g_tree_node_first (set->tree));
  return first != NULL && first->start == 0 ? first->end : 0;
}

guint64
sippush_range_set_covered (SipPushRangeSet *set)
{
  return set->covered;
}

guint64
sippush_range_set_end (SipPushRangeSet *set)
{
  Interval *last = node_interval (g_tree_node_last (set->tree));
  return last != NULL ? last->end : 0;
}

guint
sippush_range_set_get_n_intervals (SipPushRangeSet *set)
{
  return (guint) g_tree_nnodes (set->tree);
}

gboolean
sippush_range_set_covers (SipPushRangeSet *set, guint64 start, guint64 end_excl)
{
  if (start >= end_excl)
    return TRUE;
  Interval *iv = node_interval (floor_node (set, start));
  return iv != NULL && iv->end >= end_excl;
}

gboolean
sippush_range_set_first_gap (SipPushRangeSet *set, guint64 from, guint64 to, guint64 *gap_start,
                             guint64 *gap_end)
{
  if (from >= to)
    return FALSE;
  GTreeNode *floor = floor_node (set, from);
  Interval *iv = node_interval (floor);
  if (iv != NULL && iv->end > from)
    {
      /* Coalesced intervals never touch: the byte at iv->end is uncovered. */
      from = iv->end;
      if (from >= to)
        return FALSE;
    }
  Interval *after
      = node_interval (floor != NULL ? g_tree_node_next (floor) : g_tree_node_first (set->tree));
  *gap_start = from;
  *gap_end = after != NULL ? MIN (after->start, to) : to;
  return TRUE;
}
