/* sip/headers.h — what sippush reads out of a parsed SIP request: the ARIs a push names,
 * the sender, the service id. Pure functions over sofia's sip_t; results are GLib memory.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <sofia-sip/sip.h>

#define SIPPUSH_FEATURE_TAG "+g.oma.pusheventappp"
#define SIPPUSH_IARI_TAG "+g.3gpp.iari-ref"
#define SIPPUSH_ICSI_TAG "+g.3gpp.icsi-ref"

/* The ARIs named by every Accept-Contact header, in order: `+g.oma.pusheventappp`
 * lists and `+g.3gpp.iari-ref` lists (R-ARI-4). Returns NULL with no error when the
 * request names none (R-MSG-2); NULL with a SIPPUSH_PARSE_ERROR when a value is
 * malformed or there are more than SIPPUSH_ARI_LIST_MAX. */
gchar **sippush_sip_dup_aris (const sip_t *sip, GError **error);

/* The raw CSI: the `+g.3gpp.icsi-ref` value of Accept-Contact, else the
 * P-Preferred-Service header; NULL when neither is there (R-ARI-5: information only). */
gchar *sippush_sip_dup_service_id (const sip_t *sip);

/* The sender: the first P-Asserted-Identity, else From (R-DSP-1); NULL without either.
 * The URL belongs to @sip. */
const url_t *sippush_sip_sender_url (const sip_t *sip);

/* @url as a string (GLib memory), or NULL. */
gchar *sippush_url_dup (const url_t *url);

/* R-DSP-4: whether the request's sender (PAI, else From) is on the allow-list @trusted
 * (sender keys, see sippush_url_key()); an empty list trusts everyone. */
gboolean sippush_sip_sender_trusted (GHashTable *trusted, const sip_t *sip);

/* The sender as a bare URI string. */
gchar *sippush_sip_dup_sender (const sip_t *sip);

/* Whether @sip came over TCP: its top Via's transport (the hop that sent it to us), for the
 * Contact of a dialog-creating response (RFC 3261 §12.1.1: in-dialog requests follow it). */
gboolean sippush_sip_came_over_tcp (const sip_t *sip);

/* The Content-Type as it came (type/subtype plus parameters), or NULL. */
gchar *sippush_sip_dup_content_type (const sip_t *sip);

/* A comparison key for a sender URI: scheme, user, lower-cased host and port (the default
 * port made explicit), no parameters. NULL when @uri does not parse. Two URIs name the
 * same sender exactly when their keys are equal (R-DSP-4). */
gchar *sippush_uri_key (const char *uri);
gchar *sippush_url_key (const url_t *url);
