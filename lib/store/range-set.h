/* store/range-set.h — which bytes of an MSRP message have arrived: sorted, disjoint, coalesced
 * half-open intervals (R-MSRP-2, R-MSRP-6). SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A peer that sends every other byte would make the set grow with the file: past this
 * many intervals an add is refused (hostile fragmentation). */
#define SIPPUSH_RANGE_SET_MAX 4096

#define SIPPUSH_RANGE_SET_ERROR (sippush_range_set_error_quark ())

typedef enum
{
  SIPPUSH_RANGE_SET_ERROR_FRAGMENTED, /* the add would exceed SIPPUSH_RANGE_SET_MAX intervals */
} SipPushRangeSetError;

GQuark sippush_range_set_error_quark (void);

typedef struct _SipPushRangeSet SipPushRangeSet;

SipPushRangeSet *sippush_range_set_new (void);
void sippush_range_set_free (SipPushRangeSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipPushRangeSet, sippush_range_set_free)

/* Adds [@start, @end_excl), merging with every interval it overlaps or touches. O(log n)
 * plus the intervals it swallows. On error the set is unchanged. An empty range is a no-op. */
gboolean sippush_range_set_add (SipPushRangeSet *set, guint64 start, guint64 end_excl,
                                GError **error);

/* Whether sippush_range_set_add() of [@start, @end_excl) would succeed. */
gboolean sippush_range_set_can_add (SipPushRangeSet *set, guint64 start, guint64 end_excl);

/* The end of the interval that starts at 0, else 0. */
guint64 sippush_range_set_contiguous_prefix (SipPushRangeSet *set);

/* The total number of bytes covered. */
guint64 sippush_range_set_covered (SipPushRangeSet *set);

/* The end of the last interval (0 when empty). */
guint64 sippush_range_set_end (SipPushRangeSet *set);

guint sippush_range_set_get_n_intervals (SipPushRangeSet *set);

/* Whether every byte of [@start, @end_excl) is covered (TRUE for an empty range). */
gboolean sippush_range_set_covers (SipPushRangeSet *set, guint64 start, guint64 end_excl);

/* The first uncovered run [*gap_start, *gap_end) inside [@from, @to), or FALSE when
 * [@from, @to) is fully covered. */
gboolean sippush_range_set_first_gap (SipPushRangeSet *set, guint64 from, guint64 to,
                                      guint64 *gap_start, guint64 *gap_end);

G_END_DECLS
