/* sip/uri.h — checks and small conversions of the SIP URIs in the configuration.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* Whether @uri is a sip: or sips: URI with a host; else SIPPUSH_ERROR_INVALID_URI naming
 * @what ("AOR", "registrar", …). */
gboolean sippush_sip_uri_check (const char *uri, const char *what, GError **error);

/* Whether @uri asks for TLS: a sips: URI, or a sip: URI with `;transport=tls`. */
gboolean sippush_sip_uri_is_tls (const char *uri);

/* The URI's port as a number (5060 when absent, 5061 for TLS), or 0 when it is not one. */
guint sippush_sip_uri_port (const char *uri);

/* Checks a bind URI: a SIP URI with a port that is not 0 (the contact must be known),
 * and, for a numeric address, that UDP and TCP can both bind there now (TCP only for a
 * TLS bind URI), and TCP on @tls_port unless it is 0 (SIPPUSH_ERROR_BIND otherwise).
 * sofia-sip 1.12.11 leaks its SDP engine when nua_create() fails to bind, so this probe
 * runs first. */
gboolean sippush_bind_uri_check (const char *uri, guint tls_port, GError **error);

/* The contact URI of a bind URI: scheme (sips: for TLS), host and port, no parameters. */
gchar *sippush_bind_uri_contact (const char *uri);

/* The host of a SIP URI (an IPv6 reference without its brackets), or NULL. */
gchar *sippush_sip_uri_host (const char *uri);
