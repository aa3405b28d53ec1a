/* store/file-sink.c — an incoming MSRP file streamed to a temp file, hashed, checked and renamed
 * into place. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "store/file-sink.h"
#include "store/file-name.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha1.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hex-id.h"

#include "store/range-set.h"
#include "store/temp-file.h"

/* Prefix-extending chunks (often 2 KiB) are gathered here before one pwrite. */
#define COALESCE_SIZE (128 * 1024)
/* A run at least this large goes straight from the caller's bytes, still in the cache from
 * the read: with many files at once, their coalesce buffers together outgrow the cache and
 * the kernel's copy out of them ran at less than half the speed (100 files at 64 KiB). */
#define DIRECT_MIN (64 * 1024)
/* Block size for reading back what a filled gap made contiguous. */
#define READ_BLOCK (64 * 1024)

struct _SipPushFileSink
{
  gchar *directory;
  int dir_fd;
  int fd;
  gchar *temp_name; /* in directory; NULL once renamed or removed */
  gchar *name;      /* the offered name, sanitised (also what the logs show) */

  SipPushHeadFunc head_fn;
  gpointer head_data;
  gboolean head_known;
  guint64 head_len;
  guint64 head_probed; /* prefix length head_fn last saw */
  /* The normal case: the head was found while only the prefix had arrived, so message
   * offset o is stored at file offset o − head_len. Otherwise offsets stay raw and the head
   * is cut at commit. */
  gboolean shifted;

  SipPushRangeSet *ranges; /* message offsets received */
  gboolean total_known;
  guint64 total;

  guint8 *buf; /* message bytes [buf_off, buf_off + buf_len), received, not yet written */
  guint64 buf_off;
  gsize buf_len;

  struct sha1_ctx sha1; /* over the unwrapped content [head_len, hashed) */
  guint64 hashed;
  gboolean no_hash; /* set_hashing (FALSE): nobody needs the digest */

  GError *fatal; /* set once; every later call fails with it */
  gboolean finished;
};

GQuark
sippush_file_sink_error_quark (void)
{
  /* Looked up once, as G_DEFINE_QUARK does: the lookup takes a lock. */
  static GQuark quark;
  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("sippush-file-sink-error-quark");
  return quark;
}

static gboolean
set_io_error (GError **error, int err, const char *what, const char *name)
{
  g_set_error (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_IO, "%s %s: %s", what, name,
               g_strerror (err));
  return FALSE;
}

/* Makes @local the sink's fatal error and hands a copy to the caller. */
static gboolean
fail (SipPushFileSink *sink, GError *local, GError **error)
{
  g_debug ("MSRP file %s: %s", sink->name, local->message);
  if (sink->fatal == NULL)
    sink->fatal = g_error_copy (local);
  g_propagate_error (error, local);
  return FALSE;
}

static gboolean
pwrite_all (int fd, const guint8 *data, gsize len, guint64 offset, GError **error)
{
  while (len > 0)
    {
      ssize_t n = pwrite (fd, data, len, (off_t) offset);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return set_io_error (error, n < 0 ? errno : EIO, "cannot write", "temp file");
      data += n;
      len -= (gsize) n;
      offset += (guint64) n;
    }
  return TRUE;
}

static gboolean
pread_all (int fd, guint8 *data, gsize len, guint64 offset, GError **error)
{
  while (len > 0)
    {
      ssize_t n = pread (fd, data, len, (off_t) offset);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return set_io_error (error, n < 0 ? errno : EIO, "cannot read", "temp file");
      data += n;
      len -= (gsize) n;
      offset += (guint64) n;
    }
  return TRUE;
}

static guint64
file_offset (SipPushFileSink *sink, guint64 offset)
{
  g_assert (!sink->shifted || offset >= sink->head_len);
  return sink->shifted ? offset - sink->head_len : offset;
}

/* Hashes what the buffer adds to the hashed prefix while it is still in memory. */
static void
hash_buffer (SipPushFileSink *sink)
{
  guint64 buf_end = sink->buf_off + sink->buf_len;
  if (sink->no_hash || !sink->head_known || sink->hashed < sink->buf_off || sink->hashed >= buf_end)
    return;
  sha1_update (&sink->sha1, (gsize) (buf_end - sink->hashed),
               sink->buf + (sink->hashed - sink->buf_off));
  sink->hashed = buf_end;
}

static gboolean
flush (SipPushFileSink *sink, GError **error)
{
  if (sink->buf_len == 0)
    return TRUE;
  hash_buffer (sink);
  if (!pwrite_all (sink->fd, sink->buf, sink->buf_len, file_offset (sink, sink->buf_off), error))
    return FALSE;
  sink->buf_off += sink->buf_len;
  sink->buf_len = 0;
  return TRUE;
}

static int
create_temp (int dir_fd, gchar **name, GError **error)
{
  int err = 0;
  int fd = sippush_temp_file_create (dir_fd, name, &err);
  if (fd < 0)
    set_io_error (error, err, "cannot create", "a temp file");
  return fd;
}

SipPushFileSink *
sippush_file_sink_new (const char *directory, const char *offered_name, SipPushHeadFunc head_fn,
                       gpointer head_data, GError **error)
{
  g_return_val_if_fail (directory != NULL, NULL);

  /* R-SEC-5: what an earlier process left here goes before we write here. */
  sippush_temp_file_sweep_once (directory);
  int dir_fd = open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    {
      set_io_error (error, errno, "cannot open", directory);
      return NULL;
    }
  gchar *temp_name = NULL;
  int fd = create_temp (dir_fd, &temp_name, error);
  if (fd < 0)
    {
      close (dir_fd);
      return NULL;
    }

  SipPushFileSink *sink = g_new0 (SipPushFileSink, 1);
  sink->directory = g_strdup (directory);
  sink->dir_fd = dir_fd;
  sink->fd = fd;
  sink->temp_name = temp_name;
  sink->name = sippush_file_name_sanitize (offered_name);
  sink->head_fn = head_fn;
  sink->head_data = head_data;
  /* Without a wrapper the content starts at 0: the identity mapping is "shifted" by 0. */
  sink->head_known = head_fn == NULL;
  sink->shifted = head_fn == NULL;
  sink->ranges = sippush_range_set_new ();
  sink->buf = g_malloc (COALESCE_SIZE);
  sha1_init (&sink->sha1);
  return sink;
}

static void
remove_temp (SipPushFileSink *sink)
{
  if (sink->fd >= 0)
    close (sink->fd);
  sink->fd = -1;
  if (sink->temp_name != NULL)
    unlinkat (sink->dir_fd, sink->temp_name, 0);
  g_clear_pointer (&sink->temp_name, g_free);
}

void
sippush_file_sink_free (SipPushFileSink *sink)
{
  if (sink == NULL)
    return;
  remove_temp (sink);
  close (sink->dir_fd);
  sippush_range_set_free (sink->ranges);
  g_clear_error (&sink->fatal);
  g_free (sink->buf);
  g_free (sink->name);
  g_free (sink->directory);
  g_free (sink);
}

/* Copies received message bytes [offset, offset + len) out of the buffer or the file. */
static gboolean
read_message (SipPushFileSink *sink, guint64 offset, guint8 *out, gsize len, GError **error)
{
  guint64 buf_end = sink->buf_off + sink->buf_len;
  while (len > 0)
    {
      gsize n;
      if (sink->buf_len > 0 && offset >= sink->buf_off && offset < buf_end)
        {
          n = (gsize) MIN ((guint64) len, buf_end - offset);
          memcpy (out, sink->buf + (offset - sink->buf_off), n);
        }
      else
        {
          n = len;
          if (sink->buf_len > 0 && offset < sink->buf_off)
            n = (gsize) MIN ((guint64) n, sink->buf_off - offset);
          if (!pread_all (sink->fd, out, n, file_offset (sink, offset), error))
            return FALSE;
        }
      offset += n;
      out += n;
      len -= n;
    }
  return TRUE;
}

/* The head was found. In the normal case (@only_prefix: nothing received beyond the
 * prefix, and the prefix small) the content is moved to the start of the file now,
 * through the buffer; otherwise offsets stay raw and the head is cut at commit. */
static gboolean
head_found (SipPushFileSink *sink, gsize head_len, guint64 prefix, gboolean only_prefix,
            GError **error)
{
  sink->head_known = TRUE;
  sink->head_len = head_len;
  sink->hashed = head_len;
  if (!only_prefix || prefix - head_len > COALESCE_SIZE)
    {
      g_debug ("MSRP file %s: wrapper head of %" G_GSIZE_FORMAT " bytes cut at commit", sink->name,
               head_len);
      return TRUE;
    }
  gsize content = (gsize) (prefix - head_len);
  if (sink->buf_len > 0 && sink->buf_off == 0 && sink->buf_len == prefix)
    memmove (sink->buf, sink->buf + head_len, content);
  else if (!flush (sink, error) || !pread_all (sink->fd, sink->buf, content, head_len, error))
    return FALSE;
  sink->buf_off = head_len;
  sink->buf_len = content;
  if (ftruncate (sink->fd, 0) != 0)
    return set_io_error (error, errno, "cannot truncate", "temp file");
  sink->shifted = TRUE;
  return TRUE;
}

/* Asks the head parser about @data, the first MIN (@prefix, MAX_HEAD) bytes of the
 * message (message/cpim, R-MSRP-4). */
static gboolean
run_head_fn (SipPushFileSink *sink, const guint8 *data, guint64 prefix, gboolean only_prefix,
             GError **error)
{
  gsize len = (gsize) MIN (prefix, (guint64) SIPPUSH_FILE_SINK_MAX_HEAD);
  gsize head_len = 0;
  sink->head_probed = prefix;
  SipPushParseResult verdict = sink->head_fn (data, len, &head_len, sink->head_data);
  if ((verdict != SIPPUSH_PARSE_OK && verdict != SIPPUSH_PARSE_NEED_MORE)
      || (verdict == SIPPUSH_PARSE_OK && head_len > len))
    {
      g_set_error (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_HEAD,
                   "invalid wrapper head");
      return FALSE;
    }
  if (verdict == SIPPUSH_PARSE_OK)
    return head_found (sink, head_len, prefix, only_prefix, error);
  if (sink->total_known && prefix >= sink->total)
    {
      g_set_error (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_HEAD,
                   "the message ends inside its wrapper head");
      return FALSE;
    }
  if (prefix >= SIPPUSH_FILE_SINK_MAX_HEAD)
    {
      g_set_error (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_HEAD,
                   "wrapper head longer than %d bytes", SIPPUSH_FILE_SINK_MAX_HEAD);
      return FALSE;
    }
  return TRUE;
}

/* Runs the head parser on the prefix when it grew and the head is still unknown. */
static gboolean
probe_head (SipPushFileSink *sink, guint64 prefix, GError **error)
{
  if (sink->head_known || prefix <= sink->head_probed)
    return TRUE;

  gsize len = (gsize) MIN (prefix, (guint64) SIPPUSH_FILE_SINK_MAX_HEAD);
  g_autofree guint8 *copy = NULL;
  const guint8 *data = sink->buf;
  if (!(sink->buf_len >= len && sink->buf_off == 0))
    {
      data = copy = g_malloc (len);
      if (!read_message (sink, 0, copy, len, error))
        return FALSE;
    }
  return run_head_fn (sink, data, prefix, sippush_range_set_covered (sink->ranges) == prefix,
                      error);
}

/* Feeds SHA-1 the content that became contiguous: from the buffer when it is there
 * (the in-order case), else read back from the file. */
static gboolean
hash_prefix (SipPushFileSink *sink, guint64 prefix, GError **error)
{
  if (!sink->head_known || sink->no_hash)
    return TRUE;
  g_autofree guint8 *block = NULL;
  guint64 buf_end = sink->buf_off + sink->buf_len;
  while (sink->hashed < prefix)
    {
      guint64 at = sink->hashed;
      gsize n;
      if (sink->buf_len > 0 && at >= sink->buf_off && at < buf_end)
        {
          n = (gsize) (MIN (prefix, buf_end) - at);
          sha1_update (&sink->sha1, n, sink->buf + (at - sink->buf_off));
        }
      else
        {
          guint64 limit = prefix;
          if (sink->buf_len > 0 && at < sink->buf_off)
            limit = MIN (limit, sink->buf_off);
          n = (gsize) MIN (limit - at, (guint64) READ_BLOCK);
          if (block == NULL)
            block = g_malloc (READ_BLOCK);
          if (!pread_all (sink->fd, block, n, file_offset (sink, at), error))
            return FALSE;
          sha1_update (&sink->sha1, n, block);
        }
      sink->hashed += n;
    }
  return TRUE;
}

/* Stores one run of bytes nobody sent before. A run that extends the contiguous prefix
 * goes through the buffer; any other goes straight to its place. */
static gboolean
store (SipPushFileSink *sink, guint64 offset, const guint8 *data, gsize len, guint64 prefix,
       GError **error)
{
  if (offset != prefix)
    return pwrite_all (sink->fd, data, len, file_offset (sink, offset), error);
  if (sink->buf_len == 0 && len >= DIRECT_MIN && sink->head_known)
    {
      /* A run as large as the buffer goes straight from the caller's bytes (hashed on the
       * way: nothing is read back), rather than through one more copy. */
      if (!sink->no_hash && sink->hashed == offset)
        {
          sha1_update (&sink->sha1, len, data);
          sink->hashed += len;
        }
      return pwrite_all (sink->fd, data, len, file_offset (sink, offset), error);
    }
  while (len > 0)
    {
      if (sink->buf_len > 0 && sink->buf_off + sink->buf_len != offset && !flush (sink, error))
        return FALSE;
      if (sink->buf_len == 0)
        sink->buf_off = offset;
      gsize n = MIN (len, COALESCE_SIZE - sink->buf_len);
      memcpy (sink->buf + sink->buf_len, data, n);
      sink->buf_len += n;
      offset += n;
      data += n;
      len -= n;
      if (sink->buf_len < COALESCE_SIZE)
        continue;
      /* A first chunk larger than the buffer: look for the head before the buffer goes
       * to disk, so that the normal case stays the normal case. The set does not hold
       * this write yet: it holds at most the prefix when it covers no more than that. */
      if (!sink->head_known && sink->buf_off == 0)
        {
          guint64 covered = sippush_range_set_covered (sink->ranges);
          gboolean only_prefix = covered == sippush_range_set_contiguous_prefix (sink->ranges);
          if (!run_head_fn (sink, sink->buf, sink->buf_len, only_prefix, error))
            return FALSE;
          if (sink->buf_len < COALESCE_SIZE)
            continue; /* shifted: the buffer has room again */
        }
      if (!flush (sink, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
sippush_file_sink_write (SipPushFileSink *sink, guint64 offset, const guint8 *data, gsize len,
                         GError **error)
{
  g_return_val_if_fail (sink != NULL && !sink->finished, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (sink->fatal != NULL)
    {
      g_propagate_error (error, g_error_copy (sink->fatal));
      return FALSE;
    }
  if (len == 0)
    return TRUE;
  if (offset > G_MAXUINT64 - len || (sink->total_known && offset + len > sink->total))
    {
      g_set_error (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_RANGE,
                   "%" G_GSIZE_FORMAT " bytes at %" G_GUINT64_FORMAT
                   " go beyond the message total (%" G_GUINT64_FORMAT ")",
                   len, offset, sink->total_known ? sink->total : G_MAXUINT64);
      return FALSE;
    }
  guint64 end = offset + len;
  if (!sippush_range_set_can_add (sink->ranges, offset, end))
    {
      g_set_error (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_FRAGMENTED,
                   "more than %d separate byte ranges", SIPPUSH_RANGE_SET_MAX);
      return FALSE;
    }

  /* Bytes already received stay as they were first received (and hashed). */
  GError *local = NULL;
  guint64 prefix = sippush_range_set_contiguous_prefix (sink->ranges);
  if (offset == prefix && sippush_range_set_covered (sink->ranges) == prefix)
    {
      /* In order (the rule): all of it is new and extends the prefix, no gaps to find. */
      if (!store (sink, offset, data, len, prefix, &local))
        return fail (sink, local, error);
      if (!sippush_range_set_add (sink->ranges, offset, end, &local))
        g_assert_not_reached ();
      prefix = end;
    }
  else
    {
      guint64 gap_start, gap_end, from = offset;
      while (sippush_range_set_first_gap (sink->ranges, from, end, &gap_start, &gap_end))
        {
          if (!store (sink, gap_start, data + (gap_start - offset), (gsize) (gap_end - gap_start),
                      prefix, &local))
            return fail (sink, local, error);
          from = gap_end;
        }
      if (!sippush_range_set_add (sink->ranges, offset, end, &local))
        g_assert_not_reached ();
      prefix = sippush_range_set_contiguous_prefix (sink->ranges);
    }
  if (!probe_head (sink, prefix, &local) || !hash_prefix (sink, prefix, &local))
    return fail (sink, local, error);
  return TRUE;
}

void
sippush_file_sink_set_hashing (SipPushFileSink *sink, gboolean hashing)
{
  g_return_if_fail (sippush_range_set_covered (sink->ranges) == 0);
  sink->no_hash = !hashing;
}

void
sippush_file_sink_set_total (SipPushFileSink *sink, guint64 total)
{
  g_return_if_fail (sink != NULL && !sink->finished);
  if (sink->fatal != NULL)
    return;
  GError *local = NULL;
  if (sink->total_known && sink->total != total)
    g_set_error (&local, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_RANGE,
                 "total changed from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT, sink->total,
                 total);
  else if (sippush_range_set_end (sink->ranges) > total)
    g_set_error (&local, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_RANGE,
                 "bytes received up to %" G_GUINT64_FORMAT
                 " beyond the total of %" G_GUINT64_FORMAT,
                 sippush_range_set_end (sink->ranges), total);
  sink->total_known = TRUE;
  sink->total = total;
  if (local != NULL)
    fail (sink, local, NULL);
}

gboolean
sippush_file_sink_is_complete (SipPushFileSink *sink)
{
  g_return_val_if_fail (sink != NULL, FALSE);
  return sink->fatal == NULL && sink->total_known
         && sippush_range_set_covers (sink->ranges, 0, sink->total);
}

guint64
sippush_file_sink_get_received (SipPushFileSink *sink)
{
  g_return_val_if_fail (sink != NULL, 0);
  return sippush_range_set_covered (sink->ranges);
}

/* The raw-offset case: the file starts with the wrapper head, so the content is copied
 * into a second temp file (in the kernel where the file system can). */
static gboolean
strip_head (SipPushFileSink *sink, guint64 size, GError **error)
{
  gchar *name = NULL;
  int fd = create_temp (sink->dir_fd, &name, error);
  if (fd < 0)
    return FALSE;
  loff_t in = (loff_t) sink->head_len, out = 0;
  guint64 left = size;
  gboolean in_kernel = TRUE;
  g_autofree guint8 *block = NULL;
  while (left > 0)
    {
      gsize want = (gsize) MIN (left, (guint64) (1 << 30));
      if (in_kernel)
        {
          ssize_t n = copy_file_range (sink->fd, &in, fd, &out, want, 0);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0
              && (errno == ENOSYS || errno == EXDEV || errno == EINVAL || errno == EOPNOTSUPP))
            {
              in_kernel = FALSE; /* not here: copy by hand from where it stopped */
              continue;
            }
          if (n <= 0)
            {
              set_io_error (error, n < 0 ? errno : EIO, "cannot copy to", name);
              break;
            }
          left -= (guint64) n; /* copy_file_range moved in and out */
          continue;
        }
      want = MIN (want, (gsize) READ_BLOCK);
      if (block == NULL)
        block = g_malloc (READ_BLOCK);
      if (!pread_all (sink->fd, block, want, (guint64) in, error)
          || !pwrite_all (fd, block, want, (guint64) out, error))
        break;
      in += (loff_t) want;
      out += (loff_t) want;
      left -= want;
    }
  if (left > 0)
    {
      close (fd);
      unlinkat (sink->dir_fd, name, 0);
      g_free (name);
      return FALSE;
    }
  remove_temp (sink);
  sink->fd = fd;
  sink->temp_name = name;
  return TRUE;
}

/* Moves the temp file to a free name without ever replacing a file. */
static gchar *
rename_into_place (SipPushFileSink *sink, GError **error)
{
  int err = 0;
  gchar *name = sippush_temp_file_rename (sink->dir_fd, sink->temp_name, sink->name, &err);
  if (name != NULL)
    {
      g_clear_pointer (&sink->temp_name, g_free);
      return name;
    }
  if (err == EEXIST)
    g_set_error (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_IO,
                 "no free name for %s in %s", sink->name, sink->directory);
  else
    set_io_error (error, err, "cannot rename", sink->temp_name);
  return NULL;
}

static gboolean
check_and_store (SipPushFileSink *sink, gboolean has_size, guint64 expected_size,
                 const guint8 *expected_sha1, gchar **path, guint64 *size, guint8 sha1[20],
                 GError **error)
{
  if (sink->fatal != NULL)
    {
      g_propagate_error (error, g_error_copy (sink->fatal));
      return FALSE;
    }
  /* R-MSRP-6: nothing partial is stored as complete. */
  if (!sippush_file_sink_is_complete (sink))
    {
      g_set_error (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_RANGE,
                   "incomplete: %" G_GUINT64_FORMAT " bytes received, total %s",
                   sippush_range_set_covered (sink->ranges),
                   sink->total_known ? "known" : "unknown");
      return FALSE;
    }
  if (!sink->head_known)
    {
      g_set_error (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_HEAD,
                   "the message ends inside its wrapper head");
      return FALSE;
    }
  if (!flush (sink, error) || !hash_prefix (sink, sink->total, error))
    return FALSE;

  /* R-MSRP-5: the file-selector describes the unwrapped content. */
  guint64 content_size = sink->total - sink->head_len;
  if (has_size && content_size != expected_size)
    {
      g_set_error (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_SIZE,
                   "size mismatch: announced %" G_GUINT64_FORMAT
                   " bytes, received %" G_GUINT64_FORMAT,
                   expected_size, content_size);
      return FALSE;
    }
  guint8 digest[SHA1_DIGEST_SIZE] = { 0 };
  if (!sink->no_hash)
    sha1_digest (&sink->sha1, SHA1_DIGEST_SIZE, digest);
  if (expected_sha1 != NULL && memcmp (digest, expected_sha1, SHA1_DIGEST_SIZE) != 0)
    {
      gchar announced[2 * SHA1_DIGEST_SIZE + 1], received[2 * SHA1_DIGEST_SIZE + 1];
      sippush_hex_encode (expected_sha1, SHA1_DIGEST_SIZE, announced);
      sippush_hex_encode (digest, SHA1_DIGEST_SIZE, received);
      g_set_error (error, SIPPUSH_FILE_SINK_ERROR, SIPPUSH_FILE_SINK_ERROR_HASH,
                   "sha-1 mismatch: announced %s, received %s", announced, received);
      return FALSE;
    }

  if (!sink->shifted && sink->head_len > 0 && !strip_head (sink, content_size, error))
    return FALSE;
  /* R-MSRP-2: the data, then the name, are durable before anyone hears of the file. */
  if (ftruncate (sink->fd, (off_t) content_size) != 0 || fsync (sink->fd) != 0)
    return set_io_error (error, errno, "cannot sync", sink->temp_name);
  g_autofree gchar *name = rename_into_place (sink, error);
  if (name == NULL)
    return FALSE;
  if (fsync (sink->dir_fd) != 0)
    {
      /* The rename may not survive a crash: treat the file as not stored. */
      int err = errno;
      unlinkat (sink->dir_fd, name, 0);
      return set_io_error (error, err, "cannot sync", sink->directory);
    }
  g_debug ("MSRP file stored as %s (%" G_GUINT64_FORMAT " bytes)", name, content_size);
  if (path != NULL)
    *path = g_build_filename (sink->directory, name, NULL);
  if (size != NULL)
    *size = content_size;
  if (sha1 != NULL)
    memcpy (sha1, digest, SHA1_DIGEST_SIZE);
  return TRUE;
}

gboolean
sippush_file_sink_commit (SipPushFileSink *sink, gboolean has_size, guint64 expected_size,
                          const guint8 *expected_sha1, gchar **path, guint64 *size, guint8 sha1[20],
                          GError **error)
{
  g_return_val_if_fail (sink != NULL && !sink->finished, FALSE);
  sink->finished = TRUE;
  GError *local = NULL;
  if (check_and_store (sink, has_size, expected_size, expected_sha1, path, size, sha1, &local))
    {
      close (sink->fd);
      sink->fd = -1;
      return TRUE;
    }
  g_debug ("MSRP file %s not stored: %s", sink->name, local->message);
  g_propagate_error (error, local);
  remove_temp (sink);
  return FALSE;
}
