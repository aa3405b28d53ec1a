/* fuzz-range-set.c — libFuzzer target for the received-bytes interval set (R-MSRP-2,
 * R-SEC-1): random adds checked against a bitmap of the same bytes.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/range-set.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Small enough for a full model check, large enough for more than SIPPUSH_RANGE_SET_MAX
 * separate intervals. */
#define UNIVERSE 8256
#define MAX_OPS 2048

static void
require_model (SipPushRangeSet *set, const uint8_t *bits)
{
  guint64 covered = 0, runs = 0, prefix = 0, end = 0;

  for (guint64 b = 0; b < UNIVERSE; b++)
    if (bits[b])
      {
        covered++;
        runs += b == 0 || !bits[b - 1];
        end = b + 1;
      }
  while (prefix < UNIVERSE && bits[prefix])
    prefix++;
  if (sippush_range_set_covered (set) != covered || sippush_range_set_get_n_intervals (set) != runs
      || sippush_range_set_contiguous_prefix (set) != prefix || sippush_range_set_end (set) != end)
    abort ();

  /* The gaps, walked from 0, are exactly the zero runs. */
  guint64 at = 0, gs, ge;
  while (sippush_range_set_first_gap (set, at, UNIVERSE, &gs, &ge))
    {
      if (gs < at || ge <= gs || ge > UNIVERSE)
        abort ();
      for (guint64 b = at; b < gs; b++)
        if (!bits[b])
          abort ();
      for (guint64 b = gs; b < ge; b++)
        if (bits[b])
          abort ();
      if (ge < UNIVERSE && !bits[ge])
        abort ();
      at = ge;
    }
  for (guint64 b = at; b < UNIVERSE; b++)
    if (!bits[b])
      abort ();
}

/* Adds @start, @end to both, checking the limit is the only reason for a refusal. */
static void
add (SipPushRangeSet *set, uint8_t *bits, guint64 start, guint64 end)
{
  GError *error = NULL;
  gboolean can = sippush_range_set_can_add (set, start, end);
  gboolean added = sippush_range_set_add (set, start, end, &error);

  if (can != added || added != (error == NULL))
    abort ();
  if (added)
    memset (bits + start, 1, (size_t) (end - start));
  else if (sippush_range_set_get_n_intervals (set) != SIPPUSH_RANGE_SET_MAX)
    abort ();
  g_clear_error (&error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  SipPushRangeSet *set = sippush_range_set_new ();
  uint8_t *bits = calloc (UNIVERSE, 1);
  size_t ops = 0, combs = 0;

  /* Each op: 2 bytes start, 1 byte length (×64 with the top bit), 1 byte query offset;
   * length 0 with query 0xff is a comb. */
  for (size_t i = 0; i + 4 <= size && ops < MAX_OPS; i += 4, ops++)
    {
      guint64 start = ((guint64) data[i] << 8 | data[i + 1]) % UNIVERSE;
      guint64 len = data[i + 2] & 0x80 ? (guint64) (data[i + 2] & 0x7f) * 64 : data[i + 2];
      guint64 end = MIN (start + len, (guint64) UNIVERSE);
      if (len == 0 && data[i + 3] == 0xff && combs++ < 4)
        {
          /* A comb of 1-byte ranges from @start: reaches the fragmentation limit. */
          for (guint64 b = start; b < UNIVERSE; b += 2)
            add (set, bits, b, b + 1);
          continue;
        }
      add (set, bits, start, end);

      /* A cheap query every op, the full model now and then. */
      guint64 q = (start + data[i + 3]) % UNIVERSE,
              qend = MIN (q + data[i + 3], (guint64) UNIVERSE);
      gboolean all = TRUE;
      for (guint64 b = q; b < qend; b++)
        all = all && bits[b];
      if (sippush_range_set_covers (set, q, qend) != all)
        abort ();
      if (ops % 64 == 0)
        require_model (set, bits);
    }
  require_model (set, bits);
  free (bits);
  sippush_range_set_free (set);
  return 0;
}
