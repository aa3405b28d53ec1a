/* Unit tests for the MSRP file sink: chunk orders, wrapper heads, checks, durable rename,
 * name sanitising (R-DSP-2, R-DSP-3, R-MSRP-2, R-MSRP-5, R-MSRP-6). */
#include "check-main.h"
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "store/file-name.h"
#include "store/file-sink.h"
#include "store/range-set.h"

#define BIG_SIZE (3 * 1024 * 1024 + 7)

typedef struct
{
  guint64 offset;
  gsize len;
} Chunk;

static gchar *test_dir;

static void
setup (void)
{
  test_dir = g_dir_make_tmp ("sippush-file-sink-XXXXXX", NULL);
  ck_assert_ptr_nonnull (test_dir);
}

static void
teardown (void)
{
  GDir *dir = g_dir_open (test_dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree gchar *path = g_build_filename (test_dir, name, NULL);
      g_unlink (path);
    }
  g_dir_close (dir);
  g_rmdir (test_dir);
  g_clear_pointer (&test_dir, g_free);
}

static guint
dir_entries (void)
{
  GDir *dir = g_dir_open (test_dir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

/* The size of the single temp dot-file, or -1 when there is none. */
static gint64
part_size (void)
{
  GDir *dir = g_dir_open (test_dir, 0, NULL);
  const char *name;
  gint64 size = -1;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, ".sippush-") && g_str_has_suffix (name, ".tmp"))
      {
        g_autofree gchar *path = g_build_filename (test_dir, name, NULL);
        struct stat st;
        ck_assert_int_eq (g_stat (path, &st), 0);
        ck_assert_int_eq (st.st_mode & 0777, 0644);
        size = st.st_size;
      }
  g_dir_close (dir);
  return size;
}

static guint8 *
random_bytes (gsize len, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (len);
  for (gsize i = 0; i < len; i += 4)
    {
      guint32 r = g_rand_int (rand);
      memcpy (data + i, &r, MIN (len - i, sizeof r));
    }
  g_rand_free (rand);
  return data;
}

static void
sha1_of (const guint8 *data, gsize len, guint8 out[20])
{
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA1);
  gsize out_len = 20;
  g_checksum_update (sum, data, len);
  g_checksum_get_digest (sum, out, &out_len);
  g_checksum_free (sum);
}

static void
assert_file_is (const char *path, const guint8 *data, gsize len)
{
  g_autofree gchar *contents = NULL;
  gsize got = 0;
  ck_assert (g_file_get_contents (path, &contents, &got, NULL));
  ck_assert_uint_eq (got, len);
  ck_assert (memcmp (contents, data, len) == 0);
}

/* Fixed-size chunks covering [0, total). */
static GArray *
make_chunks (guint64 total, gsize size)
{
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  for (guint64 o = 0; o < total; o += size)
    {
      Chunk c = { o, (gsize) MIN ((guint64) size, total - o) };
      g_array_append_val (chunks, c);
    }
  return chunks;
}

static void
shuffle (GArray *chunks, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  for (guint i = chunks->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      Chunk t = g_array_index (chunks, Chunk, i - 1);
      g_array_index (chunks, Chunk, i - 1) = g_array_index (chunks, Chunk, j);
      g_array_index (chunks, Chunk, j) = t;
    }
  g_rand_free (rand);
}

static void
write_chunks (SipPushFileSink *sink, const guint8 *msg, GArray *chunks)
{
  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *c = &g_array_index (chunks, Chunk, i);
      GError *error = NULL;
      ck_assert_msg (sippush_file_sink_write (sink, c->offset, msg + c->offset, c->len, &error),
                     "chunk %u: %s", i, error ? error->message : "");
    }
}

/* Commits with the right size and hash of @content and checks the stored file. */
static gchar *
commit_ok (SipPushFileSink *sink, const guint8 *content, gsize len)
{
  guint8 expect[20], got[20];
  gchar *path = NULL;
  guint64 size = 0;
  GError *error = NULL;
  sha1_of (content, len, expect);
  ck_assert_msg (sippush_file_sink_commit (sink, TRUE, len, expect, &path, &size, got, &error),
                 "%s", error ? error->message : "");
  ck_assert_uint_eq (size, len);
  ck_assert (memcmp (got, expect, 20) == 0);
  assert_file_is (path, content, len);
  ck_assert_int_eq (part_size (), -1); /* no temp file left */
  return path;
}

static void
transfer (GArray *chunks, gboolean total_first)
{
  g_autofree guint8 *msg = random_bytes (BIG_SIZE, 7);
  GError *error = NULL;
  SipPushFileSink *sink = sippush_file_sink_new (test_dir, "report.pdf", NULL, NULL, &error);
  ck_assert_ptr_nonnull (sink);
  if (total_first)
    sippush_file_sink_set_total (sink, BIG_SIZE);
  write_chunks (sink, msg, chunks);
  ck_assert_uint_eq (sippush_file_sink_get_received (sink), BIG_SIZE);
  ck_assert (sippush_file_sink_is_complete (sink) == total_first);
  if (!total_first)
    sippush_file_sink_set_total (sink, BIG_SIZE);
  ck_assert (sippush_file_sink_is_complete (sink));
  g_autofree gchar *path = commit_ok (sink, msg, BIG_SIZE);
  g_autofree gchar *expect = g_build_filename (test_dir, "report.pdf", NULL);
  ck_assert_str_eq (path, expect);
  ck_assert_uint_eq (dir_entries (), 1);
  sippush_file_sink_free (sink);
  ck_assert_uint_eq (dir_entries (), 1); /* free after commit keeps the file */
  g_array_unref (chunks);
}

/* R-DSP-2, R-MSRP-2 */
START_TEST (test_file_sink_in_order)
{
  transfer (make_chunks (BIG_SIZE, 2048), TRUE);
}
END_TEST

/* Hashing off (no hash announced, nobody needs it): the file is stored all the same,
 * out of order too, and the digest is left zero rather than computed. */
START_TEST (test_file_sink_no_hash)
{
  g_autofree guint8 *msg = random_bytes (BIG_SIZE, 11);
  GError *error = NULL;
  g_autoptr (SipPushFileSink) sink
      = sippush_file_sink_new (test_dir, "nohash.bin", NULL, NULL, &error);
  ck_assert_ptr_nonnull (sink);
  sippush_file_sink_set_hashing (sink, FALSE);
  GArray *chunks = make_chunks (BIG_SIZE, 4096);
  shuffle (chunks, 3);
  sippush_file_sink_set_total (sink, BIG_SIZE);
  write_chunks (sink, msg, chunks);
  g_array_unref (chunks);
  guint8 got[20], zero[20] = { 0 };
  gchar *path = NULL;
  guint64 size = 0;
  ck_assert_msg (sippush_file_sink_commit (sink, TRUE, BIG_SIZE, NULL, &path, &size, got, &error),
                 "%s", error ? error->message : "");
  ck_assert_uint_eq (size, BIG_SIZE);
  ck_assert (memcmp (got, zero, 20) == 0);
  assert_file_is (path, msg, BIG_SIZE);
  g_free (path);
}
END_TEST

START_TEST (test_file_sink_reverse_order)
{
  GArray *chunks = make_chunks (BIG_SIZE, 2048);
  for (guint i = 0; i < chunks->len / 2; i++)
    {
      Chunk t = g_array_index (chunks, Chunk, i);
      g_array_index (chunks, Chunk, i) = g_array_index (chunks, Chunk, chunks->len - 1 - i);
      g_array_index (chunks, Chunk, chunks->len - 1 - i) = t;
    }
  transfer (chunks, FALSE);
}
END_TEST

START_TEST (test_file_sink_random_order)
{
  /* Uneven sizes, shuffled in runs so that gaps open and close at many points. */
  GRand *rand = g_rand_new_with_seed (4242 + (guint32) _i);
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  for (guint64 o = 0; o < BIG_SIZE;)
    {
      guint64 draw = (guint64) g_rand_int_range (rand, 1, 40000); /* MIN evaluates twice */
      gsize len = (gsize) MIN (draw, BIG_SIZE - o);
      Chunk c = { o, len };
      g_array_append_val (chunks, c);
      o += len;
    }
  g_rand_free (rand);
  shuffle (chunks, 99 + (guint32) _i);
  transfer (chunks, _i % 2 == 0);
}
END_TEST

/* Runs of 64 KiB and more go straight to the file, hashed on the way, small ones through
 * the buffer, in any mix: in order (_i 0, 1) and with gaps that open and close (_i 2, 3),
 * the file and its SHA-1 come out right (R-DSP-2, R-MSRP-5). */
START_TEST (test_file_sink_large_runs)
{
  GRand *rand = g_rand_new_with_seed (777 + (guint32) _i);
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  for (guint64 o = 0; o < BIG_SIZE;)
    {
      /* 1 byte to ~300 KiB, and now and then exactly 128 KiB (the buffer's size), 64 KiB
       * (the least that goes straight to the file) or one byte less */
      static const guint64 edges[] = { 128 * 1024, 64 * 1024, 64 * 1024 - 1 };
      guint pick = (guint) g_rand_int_range (rand, 0, 12);
      guint64 draw = pick < G_N_ELEMENTS (edges) ? edges[pick]
                                                 : (guint64) g_rand_int_range (rand, 1, 300 * 1024);
      gsize len = (gsize) MIN (draw, BIG_SIZE - o);
      Chunk c = { o, len };
      g_array_append_val (chunks, c);
      o += len;
    }
  g_rand_free (rand);
  if (_i >= 2)
    shuffle (chunks, 55 + (guint32) _i);
  transfer (chunks, _i % 2 == 0);
}
END_TEST

/* Retransmitted and overlapping chunks; bytes already received keep their first value,
 * the one the hash covered. */
START_TEST (test_file_sink_overlaps)
{
  g_autofree guint8 *msg = random_bytes (BIG_SIZE, 8);
  g_autofree guint8 *junk = random_bytes (BIG_SIZE, 9);
  GError *error = NULL;
  g_autoptr (SipPushFileSink) sink = sippush_file_sink_new (test_dir, "x.bin", NULL, NULL, &error);
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  for (guint64 o = 0; o < BIG_SIZE; o += 3000)
    {
      Chunk c = { o, (gsize) MIN ((guint64) 5000, BIG_SIZE - o) };
      g_array_append_val (chunks, c);
    }
  shuffle (chunks, 5);
  sippush_file_sink_set_total (sink, BIG_SIZE);
  write_chunks (sink, msg, chunks);
  /* A rewrite of received bytes with different data changes nothing. */
  ck_assert (sippush_file_sink_write (sink, 1000, junk, 200000, &error));
  ck_assert (sippush_file_sink_write (sink, 0, msg, BIG_SIZE, &error));
  ck_assert_uint_eq (sippush_file_sink_get_received (sink), BIG_SIZE);
  g_free (commit_ok (sink, msg, BIG_SIZE));
  g_array_unref (chunks);
}
END_TEST

/* A tiny stand-in for the CPIM head parser: the head ends at the first blank line. */
static guint head_calls;

static SipPushParseResult
blank_line_head (const guint8 *data, gsize len, gsize *head_len, gpointer user_data)
{
  head_calls++;
  ck_assert_uint_le (len, SIPPUSH_FILE_SINK_MAX_HEAD);
  if (len > 0 && data[0] == 'X')
    return SIPPUSH_PARSE_MALFORMED;
  for (gsize i = 0; i + 4 <= len; i++)
    if (memcmp (data + i, "\r\n\r\n", 4) == 0)
      {
        *head_len = i + 4;
        return SIPPUSH_PARSE_OK;
      }
  return SIPPUSH_PARSE_NEED_MORE;
}

static const char cpim_head[] = "From: <sip:a@example.org>\r\n"
                                "To: <sip:b@example.org>\r\n"
                                "DateTime: 2026-11-25T12:00:00Z\r\n"
                                "\r\n"
                                "Content-Type: application/pdf\r\n"
                                "\r\n";

/* The wrapped message and where its content starts (after the second blank line). */
static guint8 *
make_wrapped (gsize content_len, gsize *total, gsize *head_len, const guint8 **content)
{
  gsize h = strlen (cpim_head);
  guint8 *msg = g_malloc (h + content_len);
  g_autofree guint8 *body = random_bytes (content_len, 11);
  memcpy (msg, cpim_head, h);
  memcpy (msg + h, body, content_len);
  *total = h + content_len;
  /* The test head parser stops at the first blank line: the rest of the CPIM head is
   * "content" for it. */
  *head_len = strstr (cpim_head, "\r\n\r\n") - cpim_head + 4;
  *content = msg + *head_len;
  return msg;
}

/* R-MSRP-4, R-MSRP-5: the head arrives first (the normal case): content is stored at file
 * offset 0 as it comes, never with the head in front. */
START_TEST (test_file_sink_cpim_in_order)
{
  gsize total, head_len;
  const guint8 *content;
  g_autofree guint8 *msg = make_wrapped (1000000, &total, &head_len, &content);
  GError *error = NULL;
  g_autoptr (SipPushFileSink) sink
      = sippush_file_sink_new (test_dir, "w.pdf", blank_line_head, NULL, &error);
  GArray *chunks = make_chunks (total, 2048);
  sippush_file_sink_set_total (sink, total);
  head_calls = 0;
  write_chunks (sink, msg, chunks);
  ck_assert_uint_eq (head_calls, 1);
  /* Stored shifted: the temp file never holds more than the content. */
  ck_assert_int_le (part_size (), (gint64) (total - head_len));
  ck_assert_int_ge (part_size (), (gint64) (total - head_len) - 128 * 1024);
  g_free (commit_ok (sink, content, total - head_len));
  g_array_unref (chunks);
}
END_TEST

/* The head is split over chunks that arrive out of order but before anything beyond the
 * prefix: the content is still moved to offset 0 right away. */
START_TEST (test_file_sink_cpim_gap_filled_before_head)
{
  gsize total, head_len;
  const guint8 *content;
  g_autofree guint8 *msg = make_wrapped (300000, &total, &head_len, &content);
  GError *error = NULL;
  g_autoptr (SipPushFileSink) sink
      = sippush_file_sink_new (test_dir, "w.pdf", blank_line_head, NULL, &error);
  ck_assert (sippush_file_sink_write (sink, 10, msg + 10, 2000, &error));
  ck_assert (sippush_file_sink_write (sink, 5, msg + 5, 5, &error));
  ck_assert_int_eq (part_size (), 2010); /* raw offsets so far */
  ck_assert (sippush_file_sink_write (sink, 0, msg, 5, &error));
  ck_assert_int_eq (part_size (), 0); /* moved into the buffer, shifted */
  GArray *chunks = make_chunks (total, 4096);
  write_chunks (sink, msg, chunks);
  sippush_file_sink_set_total (sink, total);
  g_free (commit_ok (sink, content, total - head_len));
  g_array_unref (chunks);
}
END_TEST

/* Data beyond the prefix arrived before the head: raw offsets, the head is cut at commit
 * (the copy path). */
START_TEST (test_file_sink_cpim_out_of_order)
{
  gsize total, head_len;
  const guint8 *content;
  g_autofree guint8 *msg = make_wrapped (700000, &total, &head_len, &content);
  GError *error = NULL;
  g_autoptr (SipPushFileSink) sink
      = sippush_file_sink_new (test_dir, "w.pdf", blank_line_head, NULL, &error);
  GArray *chunks = make_chunks (total, 2048);
  shuffle (chunks, 77);
  sippush_file_sink_set_total (sink, total);
  ck_assert (sippush_file_sink_write (sink, total - 100, msg + total - 100, 100, &error));
  write_chunks (sink, msg, chunks);
  ck_assert_int_eq (part_size (), (gint64) total); /* the head is still in the file */
  g_free (commit_ok (sink, content, total - head_len));
  g_array_unref (chunks);
}
END_TEST

/* Chunks larger than the coalescing buffer: the head is found before the buffer goes to
 * disk. Loop 0: the whole message in one write (normal path); loop 1: the tail first, then
 * the rest in one write (copy path). */
START_TEST (test_file_sink_cpim_one_big_chunk)
{
  gsize total, head_len;
  const guint8 *content;
  g_autofree guint8 *msg = make_wrapped (900000, &total, &head_len, &content);
  GError *error = NULL;
  g_autoptr (SipPushFileSink) sink
      = sippush_file_sink_new (test_dir, "w.pdf", blank_line_head, NULL, &error);
  gsize split = _i == 0 ? total : total - 1000;
  if (_i == 1)
    ck_assert (sippush_file_sink_write (sink, split, msg + split, total - split, &error));
  head_calls = 0;
  ck_assert (sippush_file_sink_write (sink, 0, msg, split, &error));
  ck_assert_uint_eq (head_calls, 1);
  if (_i == 0)
    ck_assert_int_le (part_size (), (gint64) (total - head_len));
  else
    ck_assert_int_eq (part_size (), (gint64) total);
  sippush_file_sink_set_total (sink, total);
  g_free (commit_ok (sink, content, total - head_len));
}
END_TEST

/* Many small random transfers, seeded: wrapped or not, chunk sizes from 1 byte to more
 * than the buffer, orders from in-order to shuffled, duplicates, total early or late. The
 * stored file is always exactly the content. */
START_TEST (test_file_sink_random_scenarios)
{
  GRand *rand = g_rand_new_with_seed (31337);
  for (int round = 0; round < 150; round++)
    {
      gboolean wrapped = g_rand_boolean (rand);
      gsize content_len = (gsize) g_rand_int_range (rand, 0, round % 10 == 0 ? 400000 : 20000);
      gsize total, head_len = 0;
      const guint8 *content;
      g_autofree guint8 *msg = NULL;
      if (wrapped)
        msg = make_wrapped (content_len, &total, &head_len, &content);
      else
        {
          msg = random_bytes (content_len, (guint32) round);
          total = content_len;
          content = msg;
        }

      GArray *chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
      gint32 max_chunk = (gint32[]){ 2, 300, 5000, 200000 }[g_rand_int_range (rand, 0, 4)];
      for (gsize o = 0; o < total;)
        {
          gsize len = (gsize) g_rand_int_range (rand, 1, max_chunk + 1);
          len = MIN (len, total - o);
          Chunk c = { o, len };
          g_array_append_val (chunks, c);
          if (g_rand_int_range (rand, 0, 8) == 0) /* an overlapping retransmit */
            {
              Chunk r = { o / 2, (gsize) MIN ((guint64) len * 2, total - o / 2) };
              g_array_append_val (chunks, r);
            }
          o += len;
        }
      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          break; /* in order */
        case 1:
          if (chunks->len < SIPPUSH_RANGE_SET_MAX) /* more would fragment, legitimately */
            shuffle (chunks, g_rand_int (rand));
          break;
        default: /* in order but for a few swaps */
          for (int k = 0; k < 3 && chunks->len > 1; k++)
            {
              guint i = (guint) g_rand_int_range (rand, 0, (gint32) chunks->len - 1);
              Chunk t = g_array_index (chunks, Chunk, i);
              g_array_index (chunks, Chunk, i) = g_array_index (chunks, Chunk, i + 1);
              g_array_index (chunks, Chunk, i + 1) = t;
            }
        }

      GError *error = NULL;
      SipPushFileSink *sink = sippush_file_sink_new (
          test_dir, "r.bin", wrapped ? blank_line_head : NULL, NULL, &error);
      gboolean total_first = g_rand_boolean (rand);
      if (total_first)
        sippush_file_sink_set_total (sink, total);
      write_chunks (sink, msg, chunks);
      if (!total_first)
        sippush_file_sink_set_total (sink, total);
      ck_assert (sippush_file_sink_is_complete (sink));
      g_autofree gchar *path = commit_ok (sink, content, total - head_len);
      sippush_file_sink_free (sink);
      ck_assert_int_eq (g_unlink (path), 0);
      g_array_unref (chunks);
    }
  g_rand_free (rand);
}
END_TEST

/* A head parser that answers -1, or never finds the end within 16 KiB: HEAD, and the sink
 * is dead. */
START_TEST (test_file_sink_head_errors)
{
  g_autofree guint8 *msg = random_bytes (40000, 3);
  GError *error = NULL;
  for (gsize i = 0; i < 40000; i++)
    if (msg[i] == '\r' || msg[i] == 'X')
      msg[i] = 'a';

  g_autoptr (SipPushFileSink) sink
      = sippush_file_sink_new (test_dir, "h", blank_line_head, NULL, &error);
  ck_assert (sippush_file_sink_write (sink, 0, msg, 10000, &error));
  ck_assert (!sippush_file_sink_write (sink, 10000, msg + 10000, 10000, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_HEAD));
  g_clear_error (&error);
  ck_assert (!sippush_file_sink_write (sink, 20000, msg + 20000, 10, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_HEAD));
  g_clear_error (&error);
  ck_assert (!sippush_file_sink_commit (sink, FALSE, 0, NULL, NULL, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_HEAD));
  g_clear_error (&error);
  ck_assert_uint_eq (dir_entries (), 0);

  SipPushFileSink *bad = sippush_file_sink_new (test_dir, "h", blank_line_head, NULL, &error);
  ck_assert (!sippush_file_sink_write (bad, 0, (const guint8 *) "Xyz", 3, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_HEAD));
  g_clear_error (&error);
  sippush_file_sink_free (bad);

  /* The whole message is shorter than its head. */
  bad = sippush_file_sink_new (test_dir, "h", blank_line_head, NULL, &error);
  sippush_file_sink_set_total (bad, 100);
  ck_assert (!sippush_file_sink_write (bad, 0, msg, 100, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_HEAD));
  g_clear_error (&error);
  ck_assert (!sippush_file_sink_is_complete (bad));
  sippush_file_sink_free (bad);
  ck_assert_uint_eq (dir_entries (), 0);
}
END_TEST

static SipPushFileSink *
complete_sink (const guint8 *msg, gsize len)
{
  GError *error = NULL;
  SipPushFileSink *sink = sippush_file_sink_new (test_dir, "a.txt", NULL, NULL, &error);
  sippush_file_sink_set_total (sink, len);
  ck_assert (sippush_file_sink_write (sink, 0, msg, len, &error));
  return sink;
}

/* R-MSRP-5: size and hash mismatches name both values and leave nothing behind. */
START_TEST (test_file_sink_size_mismatch)
{
  g_autofree guint8 *msg = random_bytes (300000, 4);
  GError *error = NULL;
  gchar *path = NULL;
  SipPushFileSink *sink = complete_sink (msg, 300000);
  ck_assert (!sippush_file_sink_commit (sink, TRUE, 299999, NULL, &path, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_SIZE));
  ck_assert_ptr_nonnull (strstr (error->message, "299999"));
  ck_assert_ptr_nonnull (strstr (error->message, "300000"));
  ck_assert_ptr_null (path);
  g_clear_error (&error);
  ck_assert_uint_eq (dir_entries (), 0);
  sippush_file_sink_free (sink);
}
END_TEST

START_TEST (test_file_sink_hash_mismatch)
{
  g_autofree guint8 *msg = random_bytes (300000, 4);
  guint8 wrong[20];
  GError *error = NULL;
  sha1_of (msg, 299999, wrong);
  SipPushFileSink *sink = complete_sink (msg, 300000);
  ck_assert (!sippush_file_sink_commit (sink, TRUE, 300000, wrong, NULL, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_HASH));
  gchar hex[41];
  for (int i = 0; i < 20; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", wrong[i]);
  ck_assert_ptr_nonnull (strstr (error->message, hex));
  g_clear_error (&error);
  ck_assert_uint_eq (dir_entries (), 0);
  sippush_file_sink_free (sink);
}
END_TEST

/* R-MSRP-6: an interrupted transfer is never stored. */
START_TEST (test_file_sink_incomplete)
{
  g_autofree guint8 *msg = random_bytes (300000, 4);
  GError *error = NULL;
  SipPushFileSink *sink = sippush_file_sink_new (test_dir, "a.txt", NULL, NULL, &error);
  ck_assert (sippush_file_sink_write (sink, 0, msg, 200000, &error));
  ck_assert (sippush_file_sink_write (sink, 200001, msg + 200001, 99999, &error));
  ck_assert (!sippush_file_sink_commit (sink, FALSE, 0, NULL, NULL, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_RANGE));
  g_clear_error (&error);
  sippush_file_sink_free (sink);

  sink = sippush_file_sink_new (test_dir, "a.txt", NULL, NULL, &error);
  sippush_file_sink_set_total (sink, 300000);
  ck_assert (sippush_file_sink_write (sink, 0, msg, 200000, &error));
  ck_assert (sippush_file_sink_write (sink, 200001, msg + 200001, 99999, &error));
  ck_assert (!sippush_file_sink_is_complete (sink));
  ck_assert (!sippush_file_sink_commit (sink, FALSE, 0, NULL, NULL, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_RANGE));
  g_clear_error (&error);
  ck_assert_uint_eq (dir_entries (), 0);
  sippush_file_sink_free (sink);
}
END_TEST

START_TEST (test_file_sink_beyond_total)
{
  g_autofree guint8 *msg = random_bytes (1000, 4);
  GError *error = NULL;
  g_autoptr (SipPushFileSink) sink = sippush_file_sink_new (test_dir, "a.txt", NULL, NULL, &error);
  sippush_file_sink_set_total (sink, 500);
  ck_assert (!sippush_file_sink_write (sink, 400, msg, 101, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_RANGE));
  g_clear_error (&error);
  ck_assert (!sippush_file_sink_write (sink, G_MAXUINT64 - 5, msg, 10, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_RANGE));
  g_clear_error (&error);
  /* A refused chunk does not kill the transfer. */
  ck_assert (sippush_file_sink_write (sink, 0, msg, 500, &error));
  ck_assert (sippush_file_sink_is_complete (sink));

  /* Bytes that arrived before a smaller total was known. */
  g_autoptr (SipPushFileSink) late = sippush_file_sink_new (test_dir, "b.txt", NULL, NULL, &error);
  ck_assert (sippush_file_sink_write (late, 0, msg, 1000, &error));
  sippush_file_sink_set_total (late, 999);
  ck_assert (!sippush_file_sink_is_complete (late));
  ck_assert (!sippush_file_sink_commit (late, FALSE, 0, NULL, NULL, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_RANGE));
  g_clear_error (&error);
}
END_TEST

/* Hostile fragmentation: the 4097th separate range is refused; the transfer can still
 * complete when the gaps are filled. */
START_TEST (test_file_sink_fragmented)
{
  enum
  {
    TOTAL = 2 * SIPPUSH_RANGE_SET_MAX + 10
  };
  g_autofree guint8 *msg = random_bytes (TOTAL, 5);
  GError *error = NULL;
  g_autoptr (SipPushFileSink) sink = sippush_file_sink_new (test_dir, "f.bin", NULL, NULL, &error);
  sippush_file_sink_set_total (sink, TOTAL);
  for (guint64 i = 0; i < SIPPUSH_RANGE_SET_MAX; i++)
    ck_assert (sippush_file_sink_write (sink, 2 * i + 1, msg + 2 * i + 1, 1, &error));
  ck_assert (!sippush_file_sink_write (sink, TOTAL - 2, msg + TOTAL - 2, 1, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_FRAGMENTED));
  g_clear_error (&error);
  ck_assert (sippush_file_sink_write (sink, 0, msg, TOTAL, &error));
  g_free (commit_ok (sink, msg, TOTAL));
}
END_TEST

/* R-MSRP-6: a sink freed without commit leaves the directory as it was. */
START_TEST (test_file_sink_free_removes_temp)
{
  g_autofree guint8 *msg = random_bytes (500000, 6);
  GError *error = NULL;
  SipPushFileSink *sink = sippush_file_sink_new (test_dir, "a.txt", NULL, NULL, &error);
  ck_assert_ptr_nonnull (sink);
  ck_assert_int_eq (part_size (), 0);
  ck_assert (sippush_file_sink_write (sink, 0, msg, 400000, &error));
  ck_assert (sippush_file_sink_write (sink, 450000, msg + 450000, 50000, &error));
  ck_assert_int_gt (part_size (), 0);
  sippush_file_sink_free (sink);
  ck_assert_uint_eq (dir_entries (), 0);

  /* A missing directory fails at creation. */
  g_autofree gchar *missing = g_build_filename (test_dir, "nope", NULL);
  ck_assert_ptr_null (sippush_file_sink_new (missing, "a", NULL, NULL, &error));
  ck_assert (g_error_matches (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_IO));
  g_clear_error (&error);
}
END_TEST

/* A clash never replaces a file: "a (1).txt", "a (2).txt". */
START_TEST (test_file_sink_name_clash)
{
  g_autofree gchar *existing = g_build_filename (test_dir, "a.txt", NULL);
  ck_assert (g_file_set_contents (existing, "old", 3, NULL));
  for (int i = 1; i <= 2; i++)
    {
      guint8 body[] = { 'n', 'e', 'w', (guint8) ('0' + i) };
      SipPushFileSink *sink = complete_sink (body, sizeof body);
      g_autofree gchar *path = commit_ok (sink, body, sizeof body);
      g_autofree gchar *base = g_path_get_basename (path);
      g_autofree gchar *expect = g_strdup_printf ("a (%d).txt", i);
      ck_assert_str_eq (base, expect);
      sippush_file_sink_free (sink);
    }
  assert_file_is (existing, (const guint8 *) "old", 3);
  ck_assert_uint_eq (dir_entries (), 3);
}
END_TEST

/* An empty file, and a wrapped message whose content is empty. */
START_TEST (test_file_sink_empty)
{
  GError *error = NULL;
  SipPushFileSink *sink = sippush_file_sink_new (test_dir, "", NULL, NULL, &error);
  sippush_file_sink_set_total (sink, 0);
  ck_assert (sippush_file_sink_is_complete (sink));
  g_autofree gchar *path = commit_ok (sink, (const guint8 *) "", 0);
  ck_assert (g_str_has_suffix (path, "/file"));
  sippush_file_sink_free (sink);

  sink = sippush_file_sink_new (test_dir, "e", blank_line_head, NULL, &error);
  sippush_file_sink_set_total (sink, 4);
  ck_assert (sippush_file_sink_write (sink, 0, (const guint8 *) "\r\n\r\n", 4, &error));
  g_free (commit_ok (sink, (const guint8 *) "", 0));
  sippush_file_sink_free (sink);
}
END_TEST

/* R-DSP-3 */
START_TEST (test_file_name_sanitize)
{
  static const struct
  {
    const char *in, *out;
  } rows[] = {
    { "report.pdf", "report.pdf" },
    { "../../etc/passwd", "passwd" },
    { "a/b", "b" },
    { "a\\b.txt", "b.txt" },
    { "C:\\Users\\x\\..\\y.doc", "y.doc" },
    { "dir/", "dir" },
    { "..", "file" },
    { ".", "file" },
    { "...", "file" },
    { "../..", "file" },
    { "/", "file" },
    { "", "file" },
    { NULL, "file" },
    { ".hidden", "_.hidden" },
    { "..hidden", "_..hidden" },
    { "a\tb\nc\x7f"
      "d\x01",
      "a_b_c_d_" },
    { "caf\xc3\xa9.txt", "caf\xc3\xa9.txt" },
    { "bad\xff\xfe.txt", "bad__.txt" },
    { "trunc\xc3", "trunc_" },
    { "overlong\xc0\xaf", "overlong__" },
    { "c1\xc2\x85", "c1_" },
    { "snow\xe2\x98\x83", "snow\xe2\x98\x83" },
    { ".part", "_.part" },
    { "a (1).txt", "a (1).txt" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree gchar *got = sippush_file_name_sanitize (rows[i].in);
      ck_assert_msg (strcmp (got, rows[i].out) == 0, "row %zu: \"%s\" → \"%s\"", i,
                     rows[i].in ? rows[i].in : "(null)", got);
    }
}
END_TEST

/* Long names are cut to 200 bytes on a character boundary, keeping a short extension. */
START_TEST (test_file_name_sanitize_long)
{
  GString *s = g_string_new (NULL);
  for (int i = 0; i < 500; i++)
    g_string_append (s, "\xc3\xa9"); /* 1000 bytes of é */
  g_string_append (s, ".jpeg");
  g_autofree gchar *got = sippush_file_name_sanitize (s->str);
  /* 195 bytes of stem would split an é: 194 are kept. */
  ck_assert_uint_eq (strlen (got), SIPPUSH_FILE_NAME_MAX - 1);
  ck_assert (g_utf8_validate (got, -1, NULL));
  ck_assert (g_str_has_suffix (got, "\xc3\xa9.jpeg"));
  ck_assert (g_str_has_prefix (got, "\xc3\xa9"));

  g_string_assign (s, "");
  for (int i = 0; i < 1000; i++)
    g_string_append_c (s, 'x');
  g_autofree gchar *plain = sippush_file_name_sanitize (s->str);
  ck_assert_uint_eq (strlen (plain), SIPPUSH_FILE_NAME_MAX);

  /* A long "extension" is not kept whole. */
  g_string_assign (s, "a.");
  for (int i = 0; i < 998; i++)
    g_string_append_c (s, 'e');
  g_autofree gchar *got2 = sippush_file_name_sanitize (s->str);
  ck_assert_uint_eq (strlen (got2), SIPPUSH_FILE_NAME_MAX);
  ck_assert (g_str_has_prefix (got2, "a.eee"));
  g_string_free (s, TRUE);

  /* Idempotent. */
  g_autofree gchar *again = sippush_file_name_sanitize (got);
  ck_assert_str_eq (again, got);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("file-sink");
  TCase *tc = tcase_create ("core");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_file_sink_in_order);
  tcase_add_test (tc, test_file_sink_reverse_order);
  tcase_add_loop_test (tc, test_file_sink_random_order, 0, 4);
  tcase_add_test (tc, test_file_sink_overlaps);
  tcase_add_loop_test (tc, test_file_sink_large_runs, 0, 4);
  tcase_add_test (tc, test_file_sink_no_hash);
  tcase_add_test (tc, test_file_sink_cpim_in_order);
  tcase_add_test (tc, test_file_sink_cpim_gap_filled_before_head);
  tcase_add_test (tc, test_file_sink_cpim_out_of_order);
  tcase_add_loop_test (tc, test_file_sink_cpim_one_big_chunk, 0, 2);
  tcase_add_test (tc, test_file_sink_random_scenarios);
  tcase_add_test (tc, test_file_sink_head_errors);
  tcase_add_test (tc, test_file_sink_size_mismatch);
  tcase_add_test (tc, test_file_sink_hash_mismatch);
  tcase_add_test (tc, test_file_sink_incomplete);
  tcase_add_test (tc, test_file_sink_beyond_total);
  tcase_add_test (tc, test_file_sink_fragmented);
  tcase_add_test (tc, test_file_sink_free_removes_temp);
  tcase_add_test (tc, test_file_sink_name_clash);
  tcase_add_test (tc, test_file_sink_empty);
  tcase_add_test (tc, test_file_name_sanitize);
  tcase_add_test (tc, test_file_name_sanitize_long);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
