/* msrp/writer.h — every MSRP byte sippush sends is composed here (RFC 4975 §7): responses to
 * SEND requests, REPORTs, and the bodiless SEND that opens a connection we made. The
 * writers append to a byte array (a connection's output queue or a scratch one); they
 * choose transaction ids and format the status code, paths, Byte-Range and end-line.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/scan.h"

/* `MSRP tid code phrase` To-Path From-Path end-line: the response to a request with
 * transaction id @tid. @to_path is the request's whole From-Path (every relay hop, so a relay
 * can forward the response on; R-MSRP-7), @from_path our own URI, the last of its To-Path. */
void sippush_msrp_write_response (GByteArray *out, SipPushSlice tid, guint status,
                                  const char *phrase, SipPushSlice to_path, SipPushSlice from_path);

/* A REPORT for the message @message_id: `Byte-Range: 1-total/total` and
 * `Status: 000 status phrase` under a fresh transaction id (R-MSRP-2). */
void sippush_msrp_write_report (GByteArray *out, const char *to_path, const char *from_path,
                                const char *message_id, guint64 total, guint status,
                                const char *phrase);

/* The bodiless SEND an active endpoint opens a connection with (RFC 4975 §7.1.1), its
 * transaction id doubling as the Message-ID. */
void sippush_msrp_write_bodiless_send (GByteArray *out, const char *to_path, const char *from_path);

/* An AUTH to our relay (RFC 4976 §5): To-Path @relay_uri, From-Path @from_uri, with
 * @authorization (the Authorization value) when answering a challenge; no body. */
void sippush_msrp_write_auth (GByteArray *out, const char *tid, const char *relay_uri,
                              const char *from_uri, const char *authorization);
