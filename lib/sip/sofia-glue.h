/* sip/sofia-glue.h — process-wide sofia-sip set-up done once.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sofia-sip/msg_types.h>

/* The largest Content-Length the parser class takes: the largest max-message-size a
 * receiver may be set to. A larger value makes the header, and so the message, invalid. */
#define SIPPUSH_SOFIA_MAX_CONTENT_LENGTH (64u << 20)

/* su_init() and the redirection of every sofia log line to g_log (domain "sippush-sofia",
 * debug level) so that stdout stays clean for the host. Idempotent and cheap. */
void sippush_sofia_init (void);

/* The SIP parser class extended with P-Asserted-Identity and the other extra headers, its
 * Content-Length parser capped at SIPPUSH_SOFIA_MAX_CONTENT_LENGTH (R-SEC-2: sofia 1.12.11
 * gives a message that follows another in one TCP read no size limit, and a Content-Length
 * of 2^31 or more there aborts the process in su_alloc; found by fuzz-sip-stream and
 * test_net_fuzz). sip_extend_mclass() clones on every call, so it is made once per process
 * and kept. */
msg_mclass_t *sippush_sofia_mclass (void);
