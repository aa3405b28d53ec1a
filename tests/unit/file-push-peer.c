/* file-push-peer.c — the push sender side of the file-push suite (see file-push-peer.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-push-peer.h"

#include "check-main.h"
#include "loopback.h"
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

Fixture fx;
guint fp_tid_seq;

/* ---- SIP client -------------------------------------------------------------------- */

/* The value of header @name in @msg (its head only), or NULL. */
gchar *
fp_header_value (const char *msg, const char *name)
{
  gsize nlen = strlen (name);
  const char *end = strstr (msg, "\r\n\r\n");
  for (const char *line = strstr (msg, "\r\n"); line && (!end || line < end);
       line = strstr (line + 2, "\r\n"))
    {
      const char *p = line + 2;
      if (g_ascii_strncasecmp (p, name, nlen) == 0 && p[nlen] == ':')
        {
          p += nlen + 1;
          while (*p == ' ')
            p++;
          return g_strndup (p, strcspn (p, "\r\n"));
        }
    }
  return NULL;
}

guint
fp_status_of (const char *msg)
{
  return g_str_has_prefix (msg, "SIP/2.0 ") ? (guint) atoi (msg + 8) : 0;
}

static void
send_text (const char *text)
{
  ck_assert_int_eq (g_socket_send (fx.client, text, strlen (text), NULL, NULL),
                    (gssize) strlen (text));
}

/* Requests from the receiver (a BYE when it stops) get a plain 200. */
static void
answer_request (const char *msg)
{
  GString *r = g_string_new ("SIP/2.0 200 OK\r\n");
  const char *end = strstr (msg, "\r\n\r\n");
  for (const char *line = strstr (msg, "\r\n"); line && line < end;
       line = strstr (line + 2, "\r\n"))
    {
      const char *p = line + 2;
      gsize len = strcspn (p, "\r\n");
      static const char *const copied[]
          = { "Via:", "From:", "To:", "Call-ID:", "CSeq:", "v:", "f:", "t:", "i:" };
      for (gsize i = 0; i < G_N_ELEMENTS (copied); i++)
        if (g_ascii_strncasecmp (p, copied[i], strlen (copied[i])) == 0)
          {
            g_string_append_len (r, p, len);
            g_string_append (r, "\r\n");
            break;
          }
    }
  g_string_append (r, "Content-Length: 0\r\n\r\n");
  send_text (r->str);
  g_string_free (r, TRUE);
}

static gboolean
on_client_readable (GSocket *socket, GIOCondition cond, gpointer data)
{
  char buf[65536];
  gssize n;
  while ((n = g_socket_receive (socket, buf, sizeof buf - 1, NULL, NULL)) > 0)
    {
      buf[n] = '\0';
      if (g_str_has_prefix (buf, "SIP/2.0 1"))
        continue; /* provisional */
      if (g_str_has_prefix (buf, "SIP/2.0 "))
        g_queue_push_tail (&fx.responses, g_strdup (buf));
      else
        {
          g_queue_push_tail (&fx.requests, g_strdup (buf));
          if (!fx.silent)
            answer_request (buf);
        }
    }
  return G_SOURCE_CONTINUE;
}

/* ---- MSRP client ------------------------------------------------------------------- */

/* Moves complete messages from @m->in to @m->messages. */
static void
msrp_split (Msrp *m)
{
  for (;;)
    {
      const char *s = m->in->str;
      if (m->in->len < 5 || strncmp (s, "MSRP ", 5) != 0)
        return;
      const char *tid = s + 5;
      gsize tid_len = 0;
      while (5 + tid_len < m->in->len && tid[tid_len] != ' ' && tid[tid_len] != '\r'
             && tid[tid_len] != '\n')
        tid_len++;
      g_autofree gchar *marker = g_strdup_printf ("\r\n-------%.*s", (int) tid_len, tid);
      const char *end = strstr (s, marker);
      if (end == NULL)
        return;
      const char *flag = end + strlen (marker);
      if (flag[0] == '\0' || flag[1] != '\r' || flag[2] != '\n')
        return;
      gsize len = (gsize) (flag + 3 - s);
      g_queue_push_tail (&m->messages, g_strndup (s, len));
      g_string_erase (m->in, 0, (gssize) len);
    }
}

static void
msrp_read (Msrp *m)
{
  char buf[16384];
  while (!m->eof && m->socket)
    {
      g_autoptr (GError) error = NULL;
      gssize n = g_socket_receive (m->socket, buf, sizeof buf, NULL, &error);
      if (n == 0 || (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)))
        m->eof = TRUE;
      if (n <= 0)
        break;
      g_string_append_len (m->in, buf, n);
    }
  msrp_split (m);
}

/* One turn of the main context, polling its descriptors and the open MSRP sockets until
 * one is ready (or @deadline); then whatever the MSRP sockets have. */
void
fp_pump_until (gint64 deadline)
{
  guint n = fx.msrps ? fx.msrps->len : 0, k = 0;
  g_autofree GPollFD *fds = g_new0 (GPollFD, n + 1);
  for (guint i = 0; i < n; i++)
    {
      Msrp *m = fx.msrps->pdata[i];
      if (m->socket && !m->eof)
        {
          fds[k].fd = g_socket_get_fd (m->socket);
          fds[k].events = G_IO_IN | G_IO_HUP | G_IO_ERR;
          k++;
        }
    }
  sippush_test_iterate (fds, k, deadline);
  for (guint i = 0; fx.msrps && i < fx.msrps->len; i++)
    msrp_read (fx.msrps->pdata[i]);
}

void
fp_pump_ms (guint ms)
{
  gint64 end = sippush_test_deadline (ms);
  while (g_get_monotonic_time () < end)
    fp_pump_until (end);
}

static void
msrp_free (gpointer data)
{
  Msrp *m = data;
  if (m->socket)
    {
      g_socket_close (m->socket, NULL);
      g_object_unref (m->socket);
    }
  g_string_free (m->in, TRUE);
  g_queue_clear_full (&m->messages, g_free);
  g_free (m);
}

/* Connects to the host and port of an a=path URI (msrp://host:port/id;tcp). */
Msrp *
fp_msrp_connect (const char *path)
{
  return fp_msrp_connect_from (path, NULL);
}

Msrp *
fp_msrp_connect_from (const char *path, const char *source)
{
  ck_assert (g_str_has_prefix (path, "msrp://"));
  const char *host = path + 7;
  const char *colon = strchr (host, ':');
  ck_assert_ptr_nonnull (colon);
  g_autofree gchar *h = g_strndup (host, colon - host);
  guint port = (guint) atoi (colon + 1);
  g_autoptr (GInetAddress) address = g_inet_address_new_from_string (h);
  ck_assert_ptr_nonnull (address);
  g_autoptr (GSocketAddress) server = g_inet_socket_address_new (address, (guint16) port);
  Msrp *m = g_new0 (Msrp, 1);
  m->in = g_string_new (NULL);
  m->socket
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  if (source)
    {
      g_autoptr (GInetAddress) from = g_inet_address_new_from_string (source);
      g_autoptr (GSocketAddress) local = g_inet_socket_address_new (from, 0);
      ck_assert (g_socket_bind (m->socket, local, FALSE, NULL));
    }
  ck_assert (g_socket_connect (m->socket, server, NULL, NULL));
  g_socket_set_blocking (m->socket, FALSE);
  g_ptr_array_add (fx.msrps, m);
  return m;
}

/* Closes the TCP connection as a sender that goes away would. */
void
fp_msrp_close (Msrp *m)
{
  g_socket_close (m->socket, NULL);
  g_clear_object (&m->socket);
  m->eof = TRUE;
}

void
fp_msrp_write (Msrp *m, const char *data, gsize len)
{
  gsize sent = 0;
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (sent < len && g_get_monotonic_time () < end)
    {
      gssize n = g_socket_send (m->socket, data + sent, len - sent, NULL, NULL);
      if (n > 0)
        sent += (gsize) n;
      else
        fp_pump_until (end); /* the receiver reads, and the socket takes more */
    }
  ck_assert_uint_eq (sent, len);
}

/* Sends bytes @start..@end (1-based, inclusive) of @data as one SEND chunk of message
 * @message_id with @content_type; returns the transaction id (owned). */
gchar *
fp_msrp_send_chunk_full (Msrp *m, const char *to_path, const char *content_type,
                         const char *message_id, const char *data, gsize start, gsize end,
                         gsize total, char flag)
{
  gchar *tid = g_strdup_printf ("tx%06u", ++fp_tid_seq); /* RFC 4975: 4 to 32 chars */
  GString *s = g_string_new (NULL);
  g_string_append_printf (s,
                          "MSRP %s SEND\r\nTo-Path: %s\r\nFrom-Path: " FROM_PATH "\r\n"
                          "Message-ID: %s\r\nSuccess-Report: yes\r\n"
                          "Byte-Range: %zu-%zu/%zu\r\nContent-Type: %s\r\n\r\n",
                          tid, to_path, message_id, start, end, total, content_type);
  g_string_append_len (s, data + start - 1, (gssize) (end - start + 1));
  g_string_append_printf (s, "\r\n-------%s%c\r\n", tid, flag);
  fp_msrp_write (m, s->str, s->len);
  g_string_free (s, TRUE);
  return tid;
}

gchar *
fp_msrp_send_chunk (Msrp *m, const char *to_path, const char *data, gsize start, gsize end,
                    gsize total, char flag)
{
  return fp_msrp_send_chunk_full (m, to_path, "image/jpeg", "m1", data, start, end, total, flag);
}

/* Waits for a message holding @needle and removes it from the queue (owned), or NULL. */
gchar *
fp_msrp_wait (Msrp *m, const char *needle, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  for (;;)
    {
      for (GList *l = m->messages.head; l; l = l->next)
        if (strstr (l->data, needle))
          {
            gchar *msg = l->data;
            g_queue_delete_link (&m->messages, l);
            return msg;
          }
      if (g_get_monotonic_time () >= end)
        return NULL;
      fp_pump_until (end);
    }
}

/* The response line of transaction @tid, e.g. "MSRP t1 200 OK", or NULL. */
gchar *
fp_msrp_response (Msrp *m, const char *tid, guint ms)
{
  g_autofree gchar *needle = g_strdup_printf ("MSRP %s ", tid);
  gchar *msg = fp_msrp_wait (m, needle, ms);
  if (msg == NULL)
    return NULL;
  msg[strcspn (msg, "\r\n")] = '\0';
  return msg;
}

/* ---- INVITE ------------------------------------------------------------------------- */

static gchar *
sha1_colon_form (const char *hex)
{
  GString *s = g_string_new (NULL);
  for (gsize i = 0; i < 40; i += 2)
    g_string_append_printf (s, "%s%c%c", i ? ":" : "", g_ascii_toupper (hex[i]),
                            g_ascii_toupper (hex[i + 1]));
  return g_string_free (s, FALSE);
}

static gchar *
offer_sdp (const FileSpec *files, guint n)
{
  GString *s = g_string_new ("v=0\r\no=sender 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                             "c=IN IP4 127.0.0.1\r\nt=0 0\r\n");
  for (guint i = 0; i < n; i++)
    {
      guint16 port = fx.offer_port ? fx.offer_port : 7654;
      g_string_append_printf (s,
                              "m=message 7654 TCP/MSRP *\r\na=sendonly\r\n%s"
                              "a=accept-types:%s\r\na=path:msrp://127.0.0.1:%u/snd%u;tcp\r\n"
                              "a=file-selector:name:\"%s\" type:%s size:%zu",
                              fx.offer_extra ? fx.offer_extra : "",
                              files[i].accept_types ? files[i].accept_types : files[i].type, port,
                              i, files[i].name, files[i].type, files[i].size);
      if (files[i].sha1_hex)
        {
          g_autofree gchar *colons = sha1_colon_form (files[i].sha1_hex);
          g_string_append_printf (s, " hash:sha-1:%s",
                                  fx.offer_bare_hash ? files[i].sha1_hex : colons);
        }
      g_string_append (s, "\r\n");
    }
  return g_string_free (s, FALSE);
}

static gchar *
format_request (const Call *c, const char *method, guint cseq, const char *to, const char *branch,
                const char *headers, const char *content_type, const char *body)
{
  return g_strdup_printf ("%s sip:alice@127.0.0.1:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:%u;rport;branch=%s\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: \"Sender\" <" SENDER ">;tag=%s\r\n"
                          "To: %s\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: %u %s\r\n"
                          "%s"
                          "%s%s%s"
                          "Content-Length: %zu\r\n\r\n%s",
                          method, fx.port, fx.client_port, branch, c->from_tag, to, c->call_id,
                          cseq, method, headers, content_type ? "Content-Type: " : "",
                          content_type ? content_type : "", content_type ? "\r\n" : "",
                          strlen (body), body);
}

/* Waits for the final response to @method of @c (owned), or NULL. */
gchar *
fp_wait_response (const Call *c, const char *method, guint ms)
{
  g_autofree gchar *cseq_suffix = g_strdup_printf (" %s", method);
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  for (;;)
    {
      for (GList *l = fx.responses.head; l; l = l->next)
        {
          g_autofree gchar *call_id = fp_header_value (l->data, "Call-ID");
          g_autofree gchar *cseq = fp_header_value (l->data, "CSeq");
          if (call_id && cseq && strcmp (call_id, c->call_id) == 0
              && g_str_has_suffix (cseq, cseq_suffix))
            {
              gchar *msg = l->data;
              g_queue_delete_link (&fx.responses, l);
              return msg;
            }
        }
      if (g_get_monotonic_time () >= end)
        return NULL;
      fp_pump_until (end);
    }
}

void
fp_call_free (Call *c)
{
  g_free (c->call_id);
  g_free (c->from_tag);
  g_free (c->to);
  g_free (c->response);
  for (guint i = 0; i < G_N_ELEMENTS (c->paths); i++)
    g_free (c->paths[i]);
  g_free (c->max_size);
  g_free (c);
}

/* Reads the answer's m= lines: port and a=path of each (R-INV-4, R-INV-5). */
static void
parse_answer (Call *c)
{
  const char *body = strstr (c->response, "\r\n\r\n");
  ck_assert_ptr_nonnull (body);
  g_auto (GStrv) lines = g_strsplit (body + 4, "\r\n", -1);
  gint current = -1;
  for (gsize i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      if (g_str_has_prefix (l, "m="))
        {
          current++;
          ck_assert_int_lt (current, (gint) G_N_ELEMENTS (c->ports));
          c->ports[current] = (guint) atoi (l + strcspn (l, " ") + 1);
          c->n_media++;
        }
      else if (current >= 0 && g_str_has_prefix (l, "a=path:"))
        c->paths[current] = g_strdup (l + 7);
      else if (current == 0 && g_str_has_prefix (l, "a=max-size:"))
        c->max_size = g_strdup (l + 11);
    }
}

/* Sends an INVITE offering @files, waits for its final response and ACKs it. */
Call *
fp_invite_with (const FileSpec *files, guint n, const char *contact)
{
  static guint call_seq;
  Call *c = g_new0 (Call, 1);
  c->seq = ++call_seq;
  c->call_id = g_strdup_printf ("fp-%u-%u@127.0.0.1", c->seq, (guint) g_random_int ());
  c->from_tag = g_strdup_printf ("f%u", c->seq);
  g_autofree gchar *branch = g_strdup_printf ("z9hG4bK-inv%u-%u", c->seq, g_random_int ());
  g_autofree gchar *sdp = offer_sdp (files, n);
  g_autofree gchar *headers
      = g_strdup_printf ("Contact: %s\r\nAccept-Contact: *;+g.oma.pusheventappp=\"mms.ua\"\r\n"
                         "Supported: timer\r\n",
                         contact);
  g_autofree gchar *fp_invite
      = format_request (c, "INVITE", 1, "<" AOR ">", branch, headers, "application/sdp", sdp);
  send_text (fp_invite);
  c->response = fp_wait_response (c, "INVITE", 3000);
  ck_assert_msg (c->response != NULL, "no final response to the INVITE");
  c->status = fp_status_of (c->response);
  c->to = fp_header_value (c->response, "To");
  ck_assert_ptr_nonnull (c->to);

  /* ACK: a new transaction for a 2xx, the INVITE's own for the rest (RFC 3261 17.1.1.3). */
  g_autofree gchar *ack_branch
      = c->status < 300 ? g_strdup_printf ("z9hG4bK-ack%u", c->seq) : g_strdup (branch);
  g_autofree gchar *ack = format_request (c, "ACK", 1, c->to, ack_branch, "", NULL, "");
  send_text (ack);
  if (c->status == 200)
    parse_answer (c);
  return c;
}

Call *
fp_invite (const FileSpec *files, guint n)
{
  g_autofree gchar *contact = g_strdup_printf ("<sip:push@127.0.0.1:%u>", fx.client_port);
  return fp_invite_with (files, n, contact);
}

/* Sends a BYE in @c's dialog; returns the status it got (0: none). */
guint
fp_bye (Call *c)
{
  g_autofree gchar *branch = g_strdup_printf ("z9hG4bK-bye%u", c->seq);
  g_autofree gchar *text = format_request (c, "BYE", 2, c->to, branch, "", NULL, "");
  send_text (text);
  g_autofree gchar *resp = fp_wait_response (c, "BYE", 3000);
  return resp ? fp_status_of (resp) : 0;
}

/* Sends an in-dialog request (CSeq @cseq) and returns its final response (owned). */
gchar *
fp_in_dialog (Call *c, const char *method, guint cseq, const char *headers,
              const char *content_type, const char *body)
{
  g_autofree gchar *branch = g_strdup_printf ("z9hG4bK-%s%u-%u", method, c->seq, cseq);
  g_autofree gchar *contact
      = g_strdup_printf ("Contact: <sip:push@127.0.0.1:%u>\r\n%s", fx.client_port, headers);
  g_autofree gchar *text
      = format_request (c, method, cseq, c->to, branch, contact, content_type, body);
  send_text (text);
  gchar *resp = fp_wait_response (c, method, 3000);
  if (resp && strcmp (method, "INVITE") == 0)
    {
      g_autofree gchar *ack_branch = g_strdup_printf ("z9hG4bK-ack%u-%u", c->seq, cseq);
      g_autofree gchar *ack = format_request (c, "ACK", cseq, c->to, ack_branch, "", NULL, "");
      send_text (ack);
    }
  return resp;
}

/* @files as an offer where m= line @closed has port 0. */
gchar *
fp_offer_sdp_closing (const FileSpec *files, guint n, guint closed)
{
  g_autofree gchar *sdp = offer_sdp (files, n);
  GString *s = g_string_new (sdp);
  const char *p = s->str;
  for (guint i = 0; i <= closed; i++)
    {
      p = strstr (p + 1, "m=message 7654 ");
      ck_assert_ptr_nonnull (p);
    }
  gsize at = (gsize) (p - s->str) + strlen ("m=message ");
  g_string_erase (s, (gssize) at, 4);
  g_string_insert (s, (gssize) at, "0");
  return g_string_free (s, FALSE);
}

/* ---- receiver and app ----------------------------------------------------------------- */

static void
on_offer (SipPushReceiver *r, SipPushFileOffer *offer, gpointer data)
{
  recorder_record_offer (&fx.rec, offer);
  const char *name = sippush_file_offer_get_name (offer);
  if (fx.refuse_all || (name && g_str_has_prefix (name, "refuse")))
    sippush_file_offer_refuse (offer);
  else
    sippush_file_offer_accept (offer, fx.dir);
}

static void
on_push (SipPushReceiver *r, SipPushDelivery *d, gpointer data)
{
  recorder_record_delivery (&fx.rec, d);
  if (fx.stop_in_callback)
    sippush_receiver_stop_async (r, NULL, fp_stopped_cb, &fx.stop_done); /* allowed */
  else if (fx.app_answer == G_MAXUINT)
    fx.held = g_object_ref (d);
  else if (fx.app_answer)
    ck_assert (sippush_delivery_reject (d, fx.app_answer, "App says no", NULL));
  else
    ck_assert (sippush_delivery_accept (d, NULL));
}

typedef struct
{
  gboolean done;
  GError *error;
} Started;

static void
started (GObject *source, GAsyncResult *res, gpointer data)
{
  Started *s = data;
  sippush_receiver_start_finish (SIPPUSH_RECEIVER (source), res, &s->error);
  s->done = TRUE;
}

static void
start_receiver (void)
{
  Started s = { FALSE, NULL };
  sippush_receiver_start_async (fx.receiver, NULL, started, &s);
  WAIT_UNTIL (s.done, 5000);
  ck_assert_msg (s.error == NULL, "start: %s", s.error ? s.error->message : "");
  fx.stopped = FALSE;
}

void
fp_stopped_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  *(gboolean *) data = sippush_receiver_stop_finish (SIPPUSH_RECEIVER (source), res, NULL);
}

void
fp_stop_receiver (void)
{
  gboolean ok = FALSE;
  sippush_receiver_stop_async (fx.receiver, NULL, fp_stopped_cb, &ok);
  WAIT_UNTIL (ok, 5000);
  ck_assert (ok);
  fx.stopped = TRUE;
}

/* The settings are fixed while the receiver runs: stop it, change them, start it again. */
void
fp_start_receiver (void)
{
  start_receiver ();
}

void
fp_setup (void)
{
  memset (&fx, 0, sizeof fx);
  fx.msrps = g_ptr_array_new_with_free_func (msrp_free);
  fx.base = g_dir_make_tmp ("sippush-file-push-XXXXXX", NULL);
  ck_assert_ptr_nonnull (fx.base);
  fx.dir = g_build_filename (fx.base, "x", "y", NULL);
  fx.other_dir = g_build_filename (fx.base, "default", NULL);
  ck_assert_int_eq (g_mkdir_with_parents (fx.dir, 0700), 0);
  ck_assert_int_eq (g_mkdir_with_parents (fx.other_dir, 0700), 0);

  fx.port = sippush_test_free_port ();
  fx.receiver = sippush_receiver_new (AOR, NULL);
  ck_assert_ptr_nonnull (fx.receiver);
  g_autofree gchar *bind = g_strdup_printf ("sip:127.0.0.1:%u", fx.port);
  g_object_set (fx.receiver, "bind-uri", bind, "delivery-timeout", 10, "file-directory",
                fx.other_dir, NULL);
  recorder_init (&fx.rec, fx.receiver);
  ck_assert (sippush_receiver_add_app (fx.receiver, "mms.ua", on_push, NULL, NULL, NULL));
  sippush_app_set_file_offer_func (sippush_receiver_lookup_app (fx.receiver, "mms.ua"), on_offer,
                                   NULL, NULL);
  start_receiver ();

  fx.client = sippush_test_udp_client (fx.port);
  fx.client_port = sippush_test_local_port (fx.client);
  GSource *src = g_socket_create_source (fx.client, G_IO_IN, NULL);
  g_source_set_callback (src, (GSourceFunc) (void (*) (void)) on_client_readable, NULL, NULL);
  g_source_attach (src, NULL);
  g_source_unref (src);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      GDir *d = g_dir_open (path, 0, NULL);
      const char *name;
      while (d && (name = g_dir_read_name (d)))
        {
          g_autofree gchar *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      if (d)
        g_dir_close (d);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
fp_teardown (void)
{
  g_clear_object (&fx.held);
  if (fx.receiver)
    {
      if (!fx.stopped)
        fp_stop_receiver ();
      g_clear_object (&fx.receiver);
    }
  GSource *s;
  while ((s = g_main_context_find_source_by_user_data (NULL, NULL)))
    g_source_destroy (s);
  g_socket_close (fx.client, NULL);
  g_clear_object (&fx.client);
  g_ptr_array_unref (fx.msrps);
  g_queue_clear_full (&fx.responses, g_free);
  g_queue_clear_full (&fx.requests, g_free);
  remove_tree (fx.base);
  g_free (fx.base);
  g_free (fx.dir);
  g_free (fx.other_dir);
  recorder_clear (&fx.rec);
}

/* ---- helpers for the cases ------------------------------------------------------------ */

/* Deterministic file content of @size bytes (owned). */
gchar *
fp_make_content (gsize size, guint seed)
{
  gchar *data = g_malloc (size + 1);
  for (gsize i = 0; i < size; i++)
    data[i] = (gchar) ((i * 31 + seed * 7 + (i >> 8)) & 0xff);
  data[size] = '\0';
  return data;
}

gchar *
fp_sha1_of (const char *data, gsize len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA1, (const guchar *) data, len);
}

/* Entries of @dir, dot-files included. */
guint
fp_count_entries (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  ck_assert_ptr_nonnull (d);
  guint n = 0;
  while (g_dir_read_name (d))
    n++;
  g_dir_close (d);
  return n;
}

/* The Status line of a REPORT, e.g. "000 200 OK" (owned). */
gchar *
fp_report_status (const char *report)
{
  return fp_header_value (report, "Status");
}

/* Sends all of @data in one chunk and checks its 200. */
void
fp_send_whole (Msrp *m, const char *to_path, const char *data, gsize size)
{
  g_autofree gchar *tid = fp_msrp_send_chunk (m, to_path, data, 1, size, size, '$');
  g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
  ck_assert_msg (resp != NULL, "no response to %s", tid);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 200 OK", tid);
  ck_assert_str_eq (resp, expected);
}

/* ---- mid-transfer steps ------------------------------------------------------------ */

/* Starts a 3000-byte transfer and sends its first chunk; the temp file exists then. */
Msrp *
fp_start_partial (Call **call, const char *name)
{
  const gsize size = 3000;
  g_autofree gchar *data = fp_make_content (size, 5);
  g_autofree gchar *sha1 = fp_sha1_of (data, size);
  FileSpec f = { name, "image/jpeg", size, sha1, NULL };
  Call *c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *tid = fp_msrp_send_chunk (m, c->paths[0], data, 1, 1000, size, '+');
  g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
  ck_assert_ptr_nonnull (resp);
  ck_assert (g_str_has_suffix (resp, " 200 OK"));
  /* The partial file is on disk as a hidden temp file (so "empty" below means removed). */
  ck_assert_uint_eq (fp_count_entries (fx.dir), 1);
  *call = c;
  return m;
}

void
fp_assert_failed_and_empty (const char *name)
{
  WAIT_UNTIL (!g_queue_is_empty (&fx.rec.failures), 3000);
  g_autofree gchar *ev = recorder_pop_failure (&fx.rec);
  ck_assert_msg (ev != NULL, "no transfer-failed");
  g_autofree gchar *prefix = g_strdup_printf ("%s|", name);
  ck_assert_msg (g_str_has_prefix (ev, prefix), "event %s", ev);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  ck_assert_uint_eq (fx.rec.deliveries, 0);
}

/* Sends a BYE in @c's dialog without waiting for its answer. */
void
fp_bye_now (Call *c)
{
  g_autofree gchar *branch = g_strdup_printf ("z9hG4bK-bye%u", c->seq);
  g_autofree gchar *text = format_request (c, "BYE", 2, c->to, branch, "", NULL, "");
  send_text (text);
}

TCase *
fp_tcase_new (void)
{
  TCase *tc = tcase_create ("msrp");
  tcase_add_checked_fixture (tc, fp_setup, fp_teardown);
  tcase_set_timeout (tc, 30);
  return tc;
}

int
fp_run_suite (const char *name, TCase *tc)
{
  Suite *s = suite_create (name);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
