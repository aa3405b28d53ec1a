/* sdp/offer-answer.h — MSRP SDP offers in, SDP answers out (R-INV-1, R-INV-4, R-INV-5).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"
#include "sdp/file-date.h"
#include "sdp/file-selector.h"
#include "sdp/fingerprint.h"

/* An offer larger than this is refused before sofia-sip sees it. */
#define SIPPUSH_SDP_MAX_LEN (64 * 1024)
/* One m= line per file (R-INV-4); more than this many is refused as a whole. */
#define SIPPUSH_SDP_MAX_MEDIA 64

typedef enum
{
  SIPPUSH_SDP_SETUP_NONE,
  SIPPUSH_SDP_SETUP_ACTIVE,
  SIPPUSH_SDP_SETUP_PASSIVE,
  SIPPUSH_SDP_SETUP_ACTPASS,
  SIPPUSH_SDP_SETUP_HOLDCONN,
} SipPushSdpSetup;

/* One offered m= line. Only a @usable media is one we can take: m=message, proto TCP/MSRP
 * with a=path msrp: URIs or TCP/TLS/MSRP with msrps: URIs (@tls; RFC 4975 §14; proto and
 * schemes case-insensitive, every URI of the path of the proto's scheme), port 1..65535, one
 * a=path, one non-empty a=accept-types of media types or "*", and at most one
 * file-selector, max-size, setup and file-transfer-id, which parse when present.
 * @fingerprint is the first a=fingerprint of the media (else of the session) that
 * sdp/fingerprint.c takes (RFC 8122 §5 allows several); @has_fingerprint FALSE when none.
 * The other fields are filled as far as the offer allowed. @media_type, @proto and @formats
 * are the offer's m= line fields, kept so that a refused line can be answered in kind
 * (@formats space-separated, NULL when the offer listed none). */
typedef struct
{
  gboolean usable;
  gboolean tls;
  gboolean has_fingerprint;
  SipPushFingerprint fingerprint;
  gchar *path;
  gchar **accept_types;
  SipPushSdpSetup setup;
  gboolean sendonly;
  gboolean has_file_selector;
  SipPushFileSelector file;
  gchar *file_selector_raw;
  gchar *file_transfer_id;
  gboolean has_max_size;
  guint64 max_size;
  gchar *media_type;
  gchar *proto;
  gchar *formats;
  /* RFC 5547 metadata (R-INV-8), each NULL when absent or unreadable (never a reason to
   * refuse the file): the i= line, a=file-disposition (or the seed's a=disposition) trimmed,
   * a=file-date, and the a=icon value (`cid:…`). */
  gchar *description;
  gchar *disposition;
  SipPushFileDates dates;
  gchar *icon;
} SipPushSdpMedia;

typedef struct
{
  guint n_media;
  SipPushSdpMedia *media;
} SipPushSdpOffer;

/* Parses @len bytes of an SDP offer (CRLF or LF line ends; a NUL is refused) with
 * sofia-sip's parser. OK sets *@offer (free it with sippush_sdp_offer_free()); TOO_LARGE
 * when the SDP is larger than SIPPUSH_SDP_MAX_LEN or has more than SIPPUSH_SDP_MAX_MEDIA m=
 * lines; MALFORMED when it does not parse or has an m= line that is not strictly RFC 4566
 * (sofia-sip 1.12.11 can loop until out of memory on those). Bad attributes only make that
 * media unusable. Nothing of sofia-sip is kept; *@offer is NULL unless OK. */
SipPushParseResult sippush_sdp_offer_parse (const char *sdp, gsize len, SipPushSdpOffer **offer,
                                            GError **error);

void sippush_sdp_offer_free (SipPushSdpOffer *offer);

/* What to answer for one offered media. */
typedef struct
{
  gboolean accepted;                /* FALSE → the line is refused with port 0 (R-INV-4) */
  const char *path;                 /* our msrp URI for a=path */
  const gchar *const *accept_types; /* the types we take; at least one */
  gboolean has_max_size;
  guint64 max_size;
  SipPushSdpSetup setup; /* NONE → no a=setup line; else ACTIVE or PASSIVE */
  /* With message/cpim among @accept_types, the types taken inside it
   * (a=accept-wrapped-types); NULL means any (`*`). */
  const gchar *const *wrapped_types;
  /* Our a=fingerprint value (sippush_fingerprint_format()) for a TLS media; NULL: none. */
  const char *fingerprint;
} SipPushSdpAnswerMedia;

/* Builds the SDP answer (R-INV-5): one entry of @answers per offered media, in order.
 * @address is our IPv4 or IPv6 literal for o= and c=; @port our MSRP port for accepted media;
 * @session_id goes into o=. An accepted media gets a=recvonly, a=accept-types, a=path,
 * a=max-size, a=setup and a=fingerprint when set, the file-selector echoed verbatim and the
 * file-transfer-id echoed; an accepted TLS media is answered TCP/TLS/MSRP; a refused one is the
 * offer's m= line with port 0. Lines end in CRLF. Returns NULL (with a g_debug line) when @address
 * is not an IP literal, when any text to interpolate is empty or holds CR, LF or NUL (or an accept
 * type a space), when an accepted media was not usable, or when a setup other than ACTIVE/PASSIVE
 * is asked for. Free with g_free(). */
gchar *sippush_sdp_answer_build (const SipPushSdpOffer *offer, const SipPushSdpAnswerMedia *answers,
                                 const char *address, guint16 port, guint64 session_id);
