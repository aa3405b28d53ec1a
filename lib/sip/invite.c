/* sip/invite.c — file pushes by INVITE and MSRP, the SIP side (R-INV-1…6, R-DSP-4, R-SEC-1/2).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/invite.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/statvfs.h>

#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>

#include "core/hex-id.h"
#include "core/pending.h"
#include "delivery-private.h"
#include "file-offer-private.h"
#include "msrp/session.h"
#include "msrp/watch.h"
#include "sdp/multipart.h"
#include "sdp/offer-answer.h"
#include "sip/admission.h"
#include "sip/handle.h"
#include "sip/headers.h"
#include "transfer-private.h"

/* Session ids carry 128 random bits (R-INV-5 asks for at least 80). */
#define SESSION_ID_BYTES 16

struct _SipPushInvites
{
  const SipPushShared *shared;
  SipPushMsrpHub *hub;
  SipPushInviteConfig config;
  gchar *file_directory;
  GHashTable *dialogs;        /* Dialog* (owned) */
  SipPushPendingSet *pending; /* finished files waiting for their application */
  SipPushMsrpWatch *watch;    /* connect and stall deadlines of accepted files (R-SEC-4) */
};

/* One accepted INVITE dialog and its MSRP sessions, one per m= line (NULL when refused). */
struct _SipPushInviteDialog
{
  SipPushHandleTag tag; /* the magic of nh */
  SipPushInvites *owner;
  nua_handle_t *nh;
  SipPushApp *app;
  gchar *ari;
  gchar *sender;
  gchar *session_identity; /* the Contact (R-INV-3) */
  SipPushSdpOffer *offer;
  SipPushSdpAnswerMedia *answers;
  GPtrArray *sessions;    /* SipPushMsrpSession* or NULL, per m= line */
  GPtrArray *paths;       /* our a=path per m= line (owned strings) */
  GPtrArray *taken;       /* GStrv per m= line: accept-types answered */
  GPtrArray *offer_types; /* gchar* per m= line: the file-selector type */
  GPtrArray *transfers;   /* SipPushTransfer* or NULL, per m= line: what the signals carry */
  GPtrArray *offers;      /* SipPushFileOffer* or NULL, per m= line: the metadata (R-INV-8) */
  gchar *address;
  guint64 sdp_version;
  gboolean ended;
};
typedef SipPushInviteDialog Dialog;

/* A finished file waiting for its application's answer. */
typedef struct
{
  SipPushInvites *owner;
  SipPushMsrpSession *session;
  SipPushTransfer *transfer;
} PendingFile;

SipPushInvites *
sippush_invites_new (const SipPushShared *shared, SipPushMsrpHub *hub,
                     const SipPushInviteConfig *config)
{
  SipPushInvites *self = g_new0 (SipPushInvites, 1);
  self->shared = shared;
  self->hub = hub;
  self->config = *config;
  self->file_directory = g_strdup (config->file_directory);
  self->config.file_directory = self->file_directory;
  self->dialogs = g_hash_table_new (NULL, NULL);
  self->pending = sippush_pending_set_new (shared->context, config->delivery_timeout_s, 408,
                                           "Application did not answer");
  self->watch = sippush_msrp_watch_new (shared->context, config->connect_timeout_s,
                                        config->stall_timeout_s);
  return self;
}

/* The m= line of @session in its dialog. */
static guint
session_index (Dialog *d, SipPushMsrpSession *session)
{
  for (guint i = 0; i < d->sessions->len; i++)
    if (d->sessions->pdata[i] == session)
      return i;
  return 0;
}

/* ---- MSRP session events ------------------------------------------------------------- */

static void
report_failed (SipPushInvites *self, SipPushTransfer *transfer, const char *reason)
{
  sippush_transfer_set_failed (transfer, reason);
  self->shared->events->transfer_failed (self->shared->events->owner, transfer);
}

/* The application answered: the REPORT goes out now (R-MSRP-2). */
static void
file_delivery_done (SipPushDelivery *delivery, guint status, const char *reason, gpointer data)
{
  PendingFile *p = data;
  SipPushInvites *self = p->owner;
  sippush_msrp_session_report (p->session, status == 200 ? 200 : status,
                               reason ? reason : sip_status_phrase ((int) status));
  if (status >= 300)
    {
      /* Rejecting deletes the file even when the session has ended meanwhile (the
       * session then no longer knows it, and no REPORT can go out). */
      g_file_delete (sippush_delivery_get_file (delivery), NULL, NULL);
      report_failed (self, p->transfer, reason ? reason : "refused by the application");
    }
  sippush_msrp_session_unref (p->session);
  g_object_unref (p->transfer);
  g_free (p);
  sippush_pending_set_remove (self->pending, delivery); /* may drop the last reference */
}

static void
on_delivered (gpointer owner, SipPushMsrpSession *session, const char *path, guint64 size,
              const char *sha1_hex, gboolean hash_verified, const char *content_type)
{
  /* A session's events come only while it is open, i.e. while its dialog lives. */
  Dialog *d = owner;
  SipPushInvites *self = d->owner;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  const char *type
      = content_type ? content_type : d->offer_types->pdata[session_index (d, session)];
  SipPushDeliveryInfo info = {
    .method = SIPPUSH_METHOD_MSRP,
    .ari = d->ari,
    .app_id = d->app->ari,
    .sender = g_strdup (d->sender),
    .content_type = g_strdup (type),
    .file = file,
    .file_name = sippush_msrp_session_get_offered_name (session),
    .sha1 = sha1_hex,
    .file_size = size,
    .hash_verified = hash_verified,
    .file_offer = d->offers->pdata[session_index (d, session)],
  };
  PendingFile *p = g_new0 (PendingFile, 1);
  p->owner = self;
  p->session = sippush_msrp_session_ref (session);
  p->transfer = g_object_ref (d->transfers->pdata[session_index (d, session)]);
  sippush_transfer_set_size (p->transfer, size);
  sippush_transfer_set_received (p->transfer, size);
  g_autoptr (SipPushDelivery) delivery = sippush_delivery_new (&info, file_delivery_done, p);
  sippush_pending_set_add (self->pending, delivery);

  g_autoptr (SipPushApp) app = g_object_ref (d->app);
  app->callback (self->shared->receiver, delivery, app->user_data);
}

static void
on_failed (gpointer owner, SipPushMsrpSession *session, const char *reason)
{
  Dialog *d = owner;
  report_failed (d->owner, d->transfers->pdata[session_index (d, session)], reason);
}

static void
on_progress (gpointer owner, SipPushMsrpSession *session, guint64 received, guint64 total)
{
  Dialog *d = owner;
  SipPushTransfer *transfer = d->transfers->pdata[session_index (d, session)];
  if (total)
    sippush_transfer_set_size (transfer, total);
  sippush_transfer_set_received (transfer, received);
  d->owner->shared->events->transfer_progress (d->owner->shared->events->owner, transfer);
}

static const SipPushMsrpSessionEvents session_events = { on_delivered, on_failed, on_progress };

/* ---- dialogs ------------------------------------------------------------------------- */

/* TRUE when it reported a transfer cut short. */
static gboolean
close_session (Dialog *d, guint index, const char *reason)
{
  SipPushMsrpSession *session = d->sessions->pdata[index];
  if (session == NULL)
    return FALSE;
  d->sessions->pdata[index] = NULL;
  sippush_msrp_hub_remove_session (d->owner->hub, session);
  sippush_msrp_watch_remove (d->owner->watch, session);
  /* R-MSRP-6: a transfer cut short is reported, its temp file already gone. */
  gboolean cut = sippush_msrp_session_close (session, reason);
  if (cut)
    report_failed (d->owner, d->transfers->pdata[index], reason);
  sippush_msrp_session_unref (session);
  d->answers[index].accepted = FALSE;
  return cut;
}

static gchar *build_answer (Dialog *d);

/* R-SEC-4: a file whose sender never began it, or whose bytes stopped, fails once and its
 * m= line closes: by a re-INVITE offering it port 0 while other files of the dialog are
 * live (RFC 3264 §8.2), by BYE when it was the last. */
static void
on_expired (gpointer data, SipPushMsrpSession *session, const char *reason)
{
  Dialog *d = data;
  guint index = session_index (d, session);
  SipPushTransfer *transfer = d->transfers->pdata[index];
  g_debug ("MSRP session %s given up: %s", sippush_msrp_session_get_id (session), reason);
  /* A file already reported failed (its connection was lost, say) is not reported again. */
  if (!close_session (d, index, reason) && sippush_transfer_get_reason (transfer) == NULL)
    report_failed (d->owner, transfer, reason);
  for (guint i = 0; i < d->sessions->len; i++)
    if (d->sessions->pdata[i])
      {
        g_autofree gchar *sdp = build_answer (d);
        if (sdp == NULL)
          break;
        nua_invite (d->nh, SIPTAG_CONTENT_TYPE_STR ("application/sdp"), SIPTAG_PAYLOAD_STR (sdp),
                    TAG_END ());
        return;
      }
  nua_bye (d->nh, TAG_END ());
}

static void
dialog_end (Dialog *d, const char *reason)
{
  if (d->ended)
    return;
  d->ended = TRUE;
  for (guint i = 0; i < d->sessions->len; i++)
    close_session (d, i, reason);
}

static void
unref_transfer (gpointer transfer)
{
  if (transfer)
    g_object_unref (transfer);
}

static void
dialog_free (Dialog *d)
{
  dialog_end (d, "session ended");
  g_object_unref (d->app);
  g_free (d->ari);
  g_free (d->sender);
  g_free (d->session_identity);
  g_free (d->address);
  g_ptr_array_unref (d->sessions);
  g_ptr_array_unref (d->paths);
  g_ptr_array_unref (d->taken);
  g_ptr_array_unref (d->offer_types);
  g_ptr_array_unref (d->transfers);
  g_ptr_array_unref (d->offers);
  g_free (d->answers);
  if (d->offer)
    sippush_sdp_offer_free (d->offer);
  g_free (d);
}

/* ---- checks ------------------------------------------------------------------------- */

static void
refuse (SipPushInvites *self, nua_handle_t *nh, guint status, const char *reason,
        const SipPushAdmission *admission)
{
  SipPushRefusal refusal = { .status = status, .reason = reason };
  sippush_refuse (self->shared, nh, SIPPUSH_METHOD_INVITE, FALSE, &refusal, admission);
}

/* The offered accept-types this application takes. message/cpim is always taken (the
 * receiver unwraps it, R-MSRP-4); its content is checked against the app's types. */
static GStrv
take_types (const SipPushApp *app, const gchar *const *offered)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  for (; offered && *offered; offered++)
    {
      const char *t = *offered;
      if (strcmp (t, "*") == 0)
        {
          if (app->accept_types == NULL)
            g_strv_builder_add (b, "*");
          else
            g_strv_builder_addv (b, (const char **) app->accept_types);
        }
      else if (sippush_content_type_matches ("message/cpim", t) || sippush_app_accepts (app, t))
        g_strv_builder_add (b, t);
    }
  return g_strv_builder_end (b);
}

static guint64
free_space (const char *directory)
{
  struct statvfs st;
  if (directory == NULL || statvfs (directory, &st) != 0)
    return 0;
  return (guint64) st.f_bavail * st.f_frsize;
}

/* R-INV-7: the icon an a=icon:cid: names, as long as it is within max-icon-size. */
static GBytes *
find_icon (SipPushInvites *self, const SipPushMultipart *parts, const SipPushSdpMedia *m,
           const char **type, gchar **type_copy)
{
  const SipPushMultipartPart *part;
  if (parts == NULL || m->icon == NULL)
    return NULL;
  part = sippush_multipart_find_cid (parts, m->icon, strlen (m->icon));
  if (part == NULL || part->content_type.len == 0)
    {
      g_debug ("a=icon:%s names no body part with a content type: no icon", m->icon);
      return NULL;
    }
  g_autoptr (GBytes) icon = sippush_multipart_part_decode (part);
  if (icon == NULL || g_bytes_get_size (icon) > self->config.max_icon_size)
    {
      g_debug ("icon %s left out: %s", m->icon,
               icon ? "over max-icon-size" : "unknown transfer encoding");
      return NULL;
    }
  *type = *type_copy = g_strndup (part->content_type.p, part->content_type.len);
  return g_steal_pointer (&icon);
}

/* The app's per-file decision (R-INV-4): the directory to store into, or NULL. *@out is
 * the offer the application saw, with its metadata (R-INV-8). */
static gchar *
decide_file (SipPushInvites *self, Dialog *d, const SipPushSdpMedia *m,
             const SipPushMultipart *parts, SipPushFileOffer **out)
{
  gchar sha1[41] = "";
  if (m->has_file_selector && m->file.has_sha1)
    sippush_hex_encode (m->file.sha1, sizeof m->file.sha1, sha1);
  const char *icon_type = NULL;
  g_autofree gchar *icon_type_copy = NULL;
  g_autoptr (GBytes) icon = find_icon (self, parts, m, &icon_type, &icon_type_copy);
  SipPushFileOfferInfo info = {
    .name = m->has_file_selector ? m->file.name : NULL,
    .content_type = m->has_file_selector ? m->file.type : NULL,
    .size = m->has_file_selector && m->file.has_size ? (gint64) m->file.size : -1,
    .sha1 = sha1[0] ? sha1 : NULL,
    .ari = d->ari,
    .app_id = d->app->ari,
    .sender = d->sender,
    .description = m->description,
    .disposition = m->disposition,
    .creation_date = m->dates.creation,
    .modification_date = m->dates.modification,
    .read_date = m->dates.read,
    .file_transfer_id = m->file_transfer_id,
    .icon_type = icon_type,
    .icon = icon,
  };
  g_autoptr (SipPushFileOffer) offer = sippush_file_offer_new (&info, self->file_directory);
  if (d->app->file_offer)
    d->app->file_offer (self->shared->receiver, offer, d->app->file_offer_data);
  else if (self->file_directory)
    sippush_file_offer_accept (offer, NULL);
  const char *dir = sippush_file_offer_close (offer);
  if (dir && !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_warning ("file offer accepted into %s, which is not a directory: refused", dir);
      return NULL;
    }
  if (dir)
    *out = g_object_ref (offer);
  return g_strdup (dir);
}

/* Our address for o=, c= and a=path: the MSRP bind host, or, bound to a wildcard, the
 * host the INVITE was sent to when that is an IP address. */
static gchar *
local_address (SipPushInvites *self, const sip_t *sip)
{
  if (!sippush_msrp_hub_is_wildcard (self->hub))
    return g_strdup (sippush_msrp_hub_get_host (self->hub));
  const char *host = sip->sip_request ? sip->sip_request->rq_url->url_host : NULL;
  if (host && g_hostname_is_ip_address (host))
    return g_strdup (host);
  return g_strdup ("127.0.0.1");
}

static SipPushSdpSetup
our_setup (SipPushInvites *self, SipPushSdpSetup offered, gboolean *connect)
{
  *connect = FALSE;
  switch (offered)
    {
    case SIPPUSH_SDP_SETUP_NONE:
      return SIPPUSH_SDP_SETUP_NONE; /* RFC 4975 default: the offerer connects */
    case SIPPUSH_SDP_SETUP_PASSIVE:
      *connect = TRUE;
      return SIPPUSH_SDP_SETUP_ACTIVE;
    case SIPPUSH_SDP_SETUP_ACTPASS:
      *connect = self->config.connect_out;
      return *connect ? SIPPUSH_SDP_SETUP_ACTIVE : SIPPUSH_SDP_SETUP_PASSIVE;
    case SIPPUSH_SDP_SETUP_ACTIVE:
    case SIPPUSH_SDP_SETUP_HOLDCONN:
      break;
    }
  return SIPPUSH_SDP_SETUP_PASSIVE;
}

static gchar *
build_answer (Dialog *d)
{
  d->sdp_version++;
  return sippush_sdp_answer_build (d->offer, d->answers, d->address,
                                   sippush_msrp_hub_get_port (d->owner->hub), d->sdp_version);
}

/* The 200 with the SDP answer; FALSE, with nothing sent, when no answer can be built. */
static gboolean
answer_ok (SipPushInvites *self, nua_handle_t *nh, Dialog *d, const sip_t *sip)
{
  g_autofree gchar *sdp = build_answer (d);
  if (sdp == NULL)
    return FALSE;
  /* RFC 4028: refresher=uac (the sender), so we never need an offer of our own to
   * refresh; sofia adds Require: timer only when the INVITE said Supported: timer. */
  nua_respond (nh, SIP_200_OK, NUTAG_WITH_THIS (self->shared->nua),
               SIPTAG_CONTENT_TYPE_STR ("application/sdp"), SIPTAG_PAYLOAD_STR (sdp),
               NUTAG_SESSION_TIMER (self->config.session_expires_s),
               NUTAG_SESSION_REFRESHER (nua_remote_refresher),
               TAG_IF (sippush_sip_came_over_tcp (sip), NUTAG_M_PARAMS ("transport=tcp")),
               TAG_END ());
  return TRUE;
}

/* ---- INVITE ------------------------------------------------------------------------- */

/* The offer of an INVITE's body (R-INV-7): the body itself when it is application/sdp, or
 * the one application/sdp part of a multipart/mixed or multipart/related body, whose
 * parts *@parts then points to (in @storage, slices of the request). Refuses the INVITE and
 * returns FALSE otherwise: 488 without an offer or with two, 400 for a broken multipart. */
static gboolean
find_offer (SipPushInvites *self, nua_handle_t *nh, const sip_t *sip,
            const SipPushAdmission *admission, SipPushMultipart *storage,
            const SipPushMultipart **parts, SipPushSlice *sdp)
{
  const sip_payload_t *pl = sip->sip_payload;
  const sip_content_type_t *ct = sip->sip_content_type;
  *parts = NULL;
  if (pl == NULL || pl->pl_len == 0 || ct == NULL || ct->c_type == NULL)
    {
      refuse (self, nh, 488, "An SDP offer is required", admission);
      return FALSE;
    }
  if (g_ascii_strcasecmp (ct->c_type, "application/sdp") == 0)
    {
      *sdp = (SipPushSlice){ pl->pl_data, pl->pl_len };
      return TRUE;
    }
  if (g_ascii_strcasecmp (ct->c_type, "multipart/mixed") != 0
      && g_ascii_strcasecmp (ct->c_type, "multipart/related") != 0)
    {
      refuse (self, nh, 488, "An SDP offer is required", admission);
      return FALSE;
    }
  g_autoptr (GError) error = NULL;
  SipPushSlice boundary = { NULL, 0 };
  const char *param = NULL;
  for (const msg_param_t *p = ct->c_params; p && *p && param == NULL; p++)
    if (sippush_scan_has_prefix_nocase (*p, strlen (*p), "boundary="))
      param = *p;
  if (param == NULL
      || sippush_multipart_boundary (param, strlen (param), &boundary, &error) != SIPPUSH_PARSE_OK
      || sippush_multipart_parse (boundary, pl->pl_data, pl->pl_len, storage, &error)
             != SIPPUSH_PARSE_OK)
    {
      g_autofree gchar *why = g_strdup_printf ("Malformed multipart body: %s",
                                               error ? error->message : "no boundary");
      refuse (self, nh, 400, why, admission);
      return FALSE;
    }
  guint first = 0;
  guint n = sippush_multipart_count_type (storage, "application/sdp", &first);
  if (n != 1)
    {
      refuse (self, nh, 488,
              n == 0 ? "No application/sdp part in the multipart body"
                     : "More than one application/sdp part in the multipart body",
              admission);
      return FALSE;
    }
  *sdp = storage->parts[first].body;
  *parts = storage;
  return TRUE;
}

static void
handle_new_invite (SipPushInvites *self, nua_handle_t *nh, const sip_t *sip)
{
  g_auto (SipPushAdmission) admission = { 0 };
  g_auto (SipPushRefusal) refusal = { 0 };
  if (!sippush_admit (self->shared, SIPPUSH_METHOD_INVITE, sip, NULL, &admission, &refusal))
    {
      sippush_refuse (self->shared, nh, SIPPUSH_METHOD_INVITE, FALSE, &refusal, &admission);
      return;
    }
  /* R-INV-2: over the session limit nothing is set up; nor behind a relay that has granted
   * no path yet: our own URI alone would not reach us (R-MSRP-7). */
  gboolean full = g_hash_table_size (self->dialogs) >= self->config.max_sessions;
  const char *relay_path = sippush_msrp_hub_get_relay_path (self->hub);
  if (full || (sippush_msrp_hub_has_relay (self->hub) && relay_path == NULL))
    {
      refuse (self, nh, full ? 486 : 503, full ? "Too many sessions" : "MSRP relay not ready",
              &admission);
      return;
    }
  SipPushMultipart parts_storage;
  const SipPushMultipart *parts = NULL;
  SipPushSlice sdp;
  if (!find_offer (self, nh, sip, &admission, &parts_storage, &parts, &sdp))
    return;
  g_autoptr (GError) error = NULL;
  SipPushSdpOffer *offer = NULL;
  if (sippush_sdp_offer_parse (sdp.p, sdp.len, &offer, &error) != SIPPUSH_PARSE_OK)
    {
      refuse (self, nh, 488, "Unusable SDP offer", &admission);
      return;
    }
  SipPushApp *app = admission.app;
  Dialog *d = g_new0 (Dialog, 1);
  d->tag.kind = SIPPUSH_HANDLE_INVITE;
  d->owner = self;
  d->app = g_steal_pointer (&admission.app);
  d->ari = g_strdup (admission.ari);
  d->sender = g_strdup (admission.sender);
  d->offer = offer;
  d->sessions = g_ptr_array_new ();
  d->paths = g_ptr_array_new_with_free_func (g_free);
  d->taken = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  d->offer_types = g_ptr_array_new_with_free_func (g_free);
  d->transfers = g_ptr_array_new_with_free_func (unref_transfer);
  d->offers = g_ptr_array_new_with_free_func (unref_transfer);
  d->address = local_address (self, sip);
  d->sdp_version = g_get_real_time () / G_USEC_PER_SEC;
  d->answers = g_new0 (SipPushSdpAnswerMedia, d->offer->n_media);

  /* R-INV-1/R-INV-4: each m= line is one file, taken when usable, of a type the app
   * takes, within the size limit and the free space, and wanted by the app. */
  guint64 space = 0;
  gboolean space_known = FALSE;
  guint accepted = 0;
  gboolean any_type = FALSE;
  gboolean any_tls = FALSE; /* the refusal names TLS, not the types (R-SEC-3) */
  for (guint i = 0; i < d->offer->n_media; i++)
    {
      const SipPushSdpMedia *m = &d->offer->media[i];
      gboolean tls_missing = m->usable && m->tls && !sippush_msrp_hub_has_tls (self->hub);
      any_tls |= tls_missing
                 || (!m->usable
                     && ((m->proto && g_ascii_strcasecmp (m->proto, "TCP/TLS/MSRP") == 0)
                         || (m->path && g_ascii_strncasecmp (m->path, "msrps:", 6) == 0)));
      g_ptr_array_add (d->sessions, NULL);
      g_ptr_array_add (d->paths, NULL);
      g_ptr_array_add (d->transfers, NULL);
      g_ptr_array_add (d->offers, NULL);
      g_ptr_array_add (d->offer_types, g_strdup (m->has_file_selector ? m->file.type : NULL));
      GStrv taken = m->usable ? take_types (app, (const gchar *const *) m->accept_types) : NULL;
      g_ptr_array_add (d->taken, taken);
      if (!m->usable || tls_missing || taken == NULL || taken[0] == NULL)
        continue;
      any_type = TRUE;
      if (m->has_file_selector && m->file.type && !sippush_app_accepts (app, m->file.type))
        continue;
      guint64 size = m->has_file_selector && m->file.has_size ? m->file.size : 0;
      if (self->config.max_size && size > self->config.max_size)
        continue;
      gboolean connect;
      SipPushSdpSetup setup = our_setup (self, m->setup, &connect);
      /* R-SEC-2: a file we would have to connect out for, with no connection left. */
      if (connect && !sippush_msrp_hub_can_connect (self->hub))
        continue;
      g_autofree gchar *dir
          = decide_file (self, d, m, parts, (SipPushFileOffer **) &d->offers->pdata[i]);
      if (dir == NULL)
        continue;
      if (!space_known)
        {
          space = free_space (dir);
          space_known = TRUE;
        }
      if (size > space)
        {
          g_debug ("file %s refused: %" G_GUINT64_FORMAT " bytes, %" G_GUINT64_FORMAT " free",
                   m->file.name ? m->file.name : "", size, space);
          continue; /* R-INV-2: port 0 for a file there is no room for */
        }
      space -= size;

      g_autofree gchar *sid = sippush_random_hex_id (SESSION_ID_BYTES);
      if (sid == NULL)
        continue;
      g_autofree gchar *own = g_strdup_printf (
          strchr (d->address, ':') ? "%s://[%s]:%u/%s;tcp" : "%s://%s:%u/%s;tcp",
          m->tls ? "msrps" : "msrp", d->address, sippush_msrp_hub_get_port (self->hub), sid);
      /* R-MSRP-7: a=path is the relay's Use-Path, then our own URI (RFC 4976 §5). */
      gchar *path = relay_path ? g_strdup_printf ("%s %s", relay_path, own) : g_strdup (own);
      d->paths->pdata[i] = path;
      SipPushMsrpSessionConfig sc = {
        .local_uri = own,
        .accept_types = (const gchar *const *) taken,
        .wrapped_types = (const gchar *const *) app->accept_types,
        .max_size = self->config.max_size,
        .directory = dir,
        .offered_name = m->has_file_selector ? m->file.name : NULL,
        .has_size = m->has_file_selector && m->file.has_size,
        .size = size,
        .sha1 = m->has_file_selector && m->file.has_sha1 ? m->file.sha1 : NULL,
        .hash_unannounced = self->config.hash_files,
      };
      SipPushMsrpSession *session
          = sippush_msrp_session_new (&sc, self->shared->context, &session_events, d);
      d->sessions->pdata[i] = session;
      d->transfers->pdata[i] = sippush_transfer_new (d->app->ari, sc.offered_name, size);
      sippush_msrp_hub_add_session (self->hub, session);
      sippush_msrp_watch_add (self->watch, session, on_expired, d);
      if (m->tls) /* R-SEC-3 */
        sippush_msrp_hub_secure_session (self->hub, session,
                                         m->has_fingerprint ? &m->fingerprint : NULL, m->path);

      SipPushSdpAnswerMedia *a = &d->answers[i];
      a->accepted = TRUE;
      a->path = path;
      a->accept_types = (const gchar *const *) taken;
      a->wrapped_types = (const gchar *const *) app->accept_types;
      a->has_max_size = self->config.max_size > 0;
      a->max_size = self->config.max_size;
      a->setup = setup;
      /* RFC 8122: a peer that identifies itself by fingerprint identifies us by ours. */
      a->fingerprint
          = m->tls && m->has_fingerprint ? sippush_msrp_hub_get_fingerprint (self->hub) : NULL;
      if (connect)
        sippush_msrp_hub_connect (self->hub, m->path, session);
      accepted++;
    }
  if (accepted == 0)
    {
      refuse (self, nh, 488,
              any_type  ? "No offered file accepted"
              : any_tls ? "MSRP over TLS (TCP/TLS/MSRP, msrps:) needs a TLS certificate"
                        : "No supported accept-types",
              &admission);
      dialog_free (d);
      return;
    }
  if (!answer_ok (self, nh, d, sip))
    {
      /* Never a half-open session (R-INV-2): nothing was bound to the handle yet. */
      refuse (self, nh, 500, "Cannot build the SDP answer", &admission);
      dialog_free (d);
      return;
    }
  d->nh = nh;
  d->session_identity = sippush_url_dup (sip->sip_contact->m_url); /* R-INV-3 */
  g_hash_table_add (self->dialogs, d);
  nua_handle_bind (nh, d);
}

/* A re-INVITE: a refresh, or an offer that closes files by setting their port to 0. */
static void
handle_reinvite (SipPushInvites *self, nua_handle_t *nh, Dialog *d, const sip_t *sip)
{
  if (!sippush_admit_refresh_contact (self->shared, nh, d != NULL, sip, TRUE))
    return;
  const sip_payload_t *pl = sip->sip_payload;
  if (pl && pl->pl_len)
    {
      g_autoptr (GError) error = NULL;
      SipPushSdpOffer *offer = NULL;
      sippush_sdp_offer_parse (pl->pl_data, pl->pl_len, &offer, &error);
      if (offer == NULL || offer->n_media != d->offer->n_media)
        {
          if (offer)
            sippush_sdp_offer_free (offer);
          SipPushRefusal refusal = { .status = 488, .reason = "Unusable SDP offer" };
          sippush_refusal_respond (self->shared, nh, &refusal);
          return;
        }
      for (guint i = 0; i < offer->n_media; i++)
        if (!offer->media[i].usable)
          close_session (d, i, "file closed by the sender (port 0)");
      sippush_sdp_offer_free (offer);
    }
  if (!answer_ok (self, nh, d, sip))
    {
      SipPushRefusal refusal = { .status = 500, .reason = "Cannot build the SDP answer" };
      sippush_refusal_respond (self->shared, nh, &refusal);
    }
}

void
sippush_invites_handle_invite (SipPushInvites *self, nua_handle_t *nh, SipPushInviteDialog *dialog,
                               const sip_t *sip)
{
  if (dialog)
    handle_reinvite (self, nh, dialog, sip);
  else
    handle_new_invite (self, nh, sip);
}

void
sippush_invites_handle_update (SipPushInvites *self, nua_handle_t *nh, SipPushInviteDialog *dialog,
                               const sip_t *sip)
{
  if (!sippush_admit_refresh_contact (self->shared, nh, dialog != NULL, sip, FALSE))
    return;
  /* A session refresh (RFC 4028): the stack adds Session-Expires to our 200. */
  nua_respond (nh, SIP_200_OK, NUTAG_WITH_THIS (self->shared->nua), TAG_END ());
}

void
sippush_invite_dialog_handle_state (SipPushInviteDialog *dialog, tagi_t const *tags)
{
  int state = nua_callstate_init;
  tl_gets (tags, NUTAG_CALLSTATE_REF (state), TAG_END ());
  if (state == nua_callstate_terminated)
    dialog_end (dialog, "session ended");
}

void
sippush_invite_dialog_handle_terminated (SipPushInviteDialog *dialog)
{
  Dialog *d = dialog;
  nua_handle_t *nh = d->nh;
  g_hash_table_remove (d->owner->dialogs, d);
  nua_handle_bind (nh, NULL);
  dialog_free (d);
  nua_handle_destroy (nh);
}

void
sippush_invites_abort_all (SipPushInvites *self)
{
  sippush_pending_set_complete_all (self->pending, 503, "Receiver shutting down");
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, self->dialogs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    dialog_end (key, "receiver stopped");
}

/* nua_shutdown() would send the BYEs itself and wait for their answers, so a peer that
 * never answers would hold the stop for 64 × T1. RFC 3261 §15.1.1 has the session over
 * once its BYE is handed to the transaction, which still retransmits it after the handle
 * is gone (until the stack is destroyed). */
void
sippush_invites_stop (SipPushInvites *self)
{
  sippush_invites_abort_all (self);
  GList *dialogs = g_hash_table_get_keys (self->dialogs);
  for (GList *l = dialogs; l; l = l->next)
    {
      Dialog *d = l->data;
      nua_bye (d->nh, TAG_END ());
      sippush_invite_dialog_handle_terminated (d);
    }
  g_list_free (dialogs);
}

void
sippush_invites_free (SipPushInvites *self)
{
  if (self == NULL)
    return;
  sippush_invites_abort_all (self);
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, self->dialogs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Dialog *d = key;
      nua_handle_bind (d->nh, NULL);
      dialog_free (d);
    }
  g_hash_table_destroy (self->dialogs);
  sippush_pending_set_free (self->pending);
  sippush_msrp_watch_free (self->watch);
  g_free (self->file_directory);
  g_free (self);
}
