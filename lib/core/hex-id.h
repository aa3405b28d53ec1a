/* core/hex-id.h — bytes as lower-case hex text, and random hex identifiers (MSRP session and
 * transaction ids, SHA-1 digests in events). SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* Writes @len bytes as 2 × @len lower-case hex digits and a NUL into @out. */
void sippush_hex_encode (const guint8 *bytes, gsize len, gchar *out);

/* @n_bytes (at most 32) from getrandom() as hex, or NULL when the kernel gives none. */
gchar *sippush_random_hex_id (gsize n_bytes);
