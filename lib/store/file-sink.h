/* store/file-sink.h — the disk side of an incoming MSRP file: chunks in any order to a temp
 * file, SHA-1 as the prefix grows, checks, durable rename under a safe name (R-DSP-2,
 * R-DSP-3, R-MSRP-2, R-MSRP-5, R-MSRP-6). No sockets, no main loop.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"

G_BEGIN_DECLS

/* The most of a message a wrapper head (message/cpim) may take. */
#define SIPPUSH_FILE_SINK_MAX_HEAD (16 * 1024)

#define SIPPUSH_FILE_SINK_ERROR (sippush_file_sink_error_quark ())

typedef enum
{
  SIPPUSH_FILE_SINK_ERROR_SIZE,       /* unwrapped size differs from the file-selector's */
  SIPPUSH_FILE_SINK_ERROR_HASH,       /* sha-1 differs from the file-selector's */
  SIPPUSH_FILE_SINK_ERROR_RANGE,      /* bytes beyond the total, or commit before complete */
  SIPPUSH_FILE_SINK_ERROR_FRAGMENTED, /* more than SIPPUSH_RANGE_SET_MAX separate ranges */
  SIPPUSH_FILE_SINK_ERROR_HEAD,       /* the wrapper head is invalid or too long */
  SIPPUSH_FILE_SINK_ERROR_IO,         /* the file system failed */
} SipPushFileSinkError;

GQuark sippush_file_sink_error_quark (void);

/* Head parser hook: called with the contiguous prefix of the message (at most
 * SIPPUSH_FILE_SINK_MAX_HEAD bytes); answers by the parse contract: NEED_MORE, OK
 * (*head_len set, at most @len), or MALFORMED / TOO_LARGE. */
typedef SipPushParseResult (*SipPushHeadFunc) (const guint8 *data, gsize len, gsize *head_len,
                                               gpointer user_data);

typedef struct _SipPushFileSink SipPushFileSink;

/* Creates a temp dot-file (store/temp-file.h: `.sippush-<random>.tmp`, locked while it
 * lives) in the existing @directory, after sweeping the directory of the temp files an
 * earlier process left when this process has not written there yet. @head_fn NULL = no wrapper.
 * Memory is fixed (about 128 KiB plus the range set) whatever the file size (R-DSP-2). */
SipPushFileSink *sippush_file_sink_new (const char *directory, const char *offered_name,
                                        SipPushHeadFunc head_fn, gpointer head_data,
                                        GError **error);

/* Before the first write: whether to compute the SHA-1 (default TRUE). Without it the
 * commit cannot check an expected SHA-1 (pass none) and its @sha1 is all zeros. */
void sippush_file_sink_set_hashing (SipPushFileSink *sink, gboolean hashing);

/* The message total (wrapper included) once known. Bytes already received beyond it make
 * the next write or the commit fail with SIPPUSH_FILE_SINK_ERROR_RANGE. */
void sippush_file_sink_set_total (SipPushFileSink *sink, guint64 total);

/* Stores @len bytes at the 0-based @offset of the MSRP message. Overlapping rewrites are
 * allowed; bytes already received are kept as first received (the hash covers them).
 * Errors: beyond the total (RANGE, the chunk is refused), too fragmented (FRAGMENTED, the
 * chunk is refused), head invalid (HEAD) or I/O (IO): after these two the sink is dead and
 * every later call fails the same way. */
gboolean sippush_file_sink_write (SipPushFileSink *sink, guint64 offset, const guint8 *data,
                                  gsize len, GError **error);

/* Total known, 0..total covered, and no fatal error. */
gboolean sippush_file_sink_is_complete (SipPushFileSink *sink);

/* Bytes of the message covered. */
guint64 sippush_file_sink_get_received (SipPushFileSink *sink);

/* Completes: checks the unwrapped size against @expected_size (when @has_size) and the
 * sha-1 against @expected_sha1 (when non-NULL), fsyncs, renames into the directory under
 * the sanitised offered name without replacing anything (a clash gets `name (1).ext`, …),
 * fsyncs the directory (R-MSRP-2, R-MSRP-5). On success *@path (transfer full), *@size and
 * @sha1 describe the stored file (each may be NULL). On any failure nothing is left in the
 * directory and the error says which check failed (SIZE / HASH with both values). Call it
 * once; the sink only accepts sippush_file_sink_free() afterwards. */
gboolean sippush_file_sink_commit (SipPushFileSink *sink, gboolean has_size, guint64 expected_size,
                                   const guint8 *expected_sha1, gchar **path, guint64 *size,
                                   guint8 sha1[20], GError **error);

/* Removes the temp file unless committed (R-MSRP-6: nothing partial stays). */
void sippush_file_sink_free (SipPushFileSink *sink);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipPushFileSink, sippush_file_sink_free)

G_END_DECLS
