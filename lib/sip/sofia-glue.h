/* sip/sofia-glue.h — process-wide sofia-sip set-up done once.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sofia-sip/msg_types.h>

/* su_init() and the redirection of every sofia log line to g_log (domain "sippush-sofia",
 * debug level) so that stdout stays clean for the host. Idempotent and cheap. */
void sippush_sofia_init (void);

/* The SIP parser class extended with P-Asserted-Identity and the other extra headers.
 * sip_extend_mclass() clones on every call, so it is made once per process and kept. */
msg_mclass_t *sippush_sofia_mclass (void);
