/* test-file-push.c — MSRP file push through the public API over loopback: a raw UDP socket
 * sends the INVITE (R-INV-*), a raw TCP socket plays the MSRP sender (R-MSRP-*), and the
 * test checks what the application, the signals, the wire and the directory see.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "check-main.h"
#include "loopback.h"
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include <sippush/sippush.h>

#define AOR "sip:alice@example.org"
#define SENDER "sip:push@operator.example"
#define FROM_PATH "msrp://127.0.0.1:9/abc;tcp"

/* One MSRP connection of the test's sender. */
typedef struct
{
  GSocket *socket;
  GString *in;
  GQueue messages; /* gchar*: complete MSRP requests and responses from the receiver */
  gboolean eof;
} Msrp;

/* One INVITE dialog of the test's sender. */
typedef struct
{
  guint seq;
  gchar *call_id;
  gchar *from_tag;
  gchar *to; /* the To header of the final response, with its tag */
  guint status;
  gchar *response;
  gchar *paths[4]; /* our a=path per m= line of the answer, NULL when refused */
  guint ports[4];
  guint n_media;
  gchar *max_size; /* a=max-size of the first m= line */
} Call;

typedef struct
{
  const char *name;
  const char *type;
  gsize size;
  const char *sha1_hex;     /* lower-case 40 hex, or NULL for no hash */
  const char *accept_types; /* a=accept-types, NULL: the type */
} FileSpec;

typedef struct
{
  SipPushReceiver *receiver;
  gboolean stopped;
  guint16 port;
  GSocket *client;
  guint16 client_port;
  GQueue responses; /* gchar*: final SIP responses, whole */
  GQueue requests;  /* gchar*: request lines the receiver sent us (answered 200) */
  GQueue failed;    /* gchar*: "name|reason" from transfer-failed */
  GQueue rejected;  /* gchar*: "METHOD status reason" from push-rejected */
  guint progress;
  guint64 last_received, last_total;
  GPtrArray *msrps;
  gchar *base; /* a temp dir; base/x/y is where the app stores files */
  gchar *dir;
  gchar *other_dir; /* file-directory: nothing may land there */
  /* the app */
  guint offers;
  gchar *offer_name, *offer_type, *offer_sha1, *offer_ari, *offer_app, *offer_sender;
  gint64 offer_size;
  gboolean refuse_all;
  guint app_answer; /* 0 accept, G_MAXUINT hold, otherwise reject with it */
  guint deliveries;
  SipPushDelivery *held;
  SipPushMethod method;
  gchar *file_path, *file_name, *file_sha1;
  gboolean hash_verified;
  guint64 file_size;
  gchar *file_content;
  /* the offer: a=path port of the sender and extra attribute lines per m= line */
  guint16 offer_port;
  const char *offer_extra;
  gsize file_content_len;
} Fixture;

static Fixture fx;
static guint tid_seq;

/* ---- SIP client -------------------------------------------------------------------- */

/* The value of header @name in @msg (its head only), or NULL. */
static gchar *
header_value (const char *msg, const char *name)
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

static guint
status_of (const char *msg)
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
          g_queue_push_tail (&fx.requests, g_strndup (buf, strcspn (buf, "\r\n")));
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
      gsize tid_len = strcspn (tid, " \r\n");
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

/* One turn of the main context, then whatever the MSRP sockets have. */
static void
pump (void)
{
  g_main_context_iteration (NULL, FALSE);
  for (guint i = 0; fx.msrps && i < fx.msrps->len; i++)
    msrp_read (fx.msrps->pdata[i]);
  g_usleep (500);
}

#define WAIT_UNTIL(cond, ms)                                                                       \
  do                                                                                               \
    {                                                                                              \
      gint64 end_ = g_get_monotonic_time () + (gint64) (ms) *1000;                                 \
      while (!(cond) && g_get_monotonic_time () < end_)                                            \
        pump ();                                                                                   \
    }                                                                                              \
  while (0)

static void
pump_ms (guint ms)
{
  WAIT_UNTIL (FALSE, ms);
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
static Msrp *
msrp_connect (const char *path)
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
  ck_assert (g_socket_connect (m->socket, server, NULL, NULL));
  g_socket_set_blocking (m->socket, FALSE);
  g_ptr_array_add (fx.msrps, m);
  return m;
}

/* Closes the TCP connection as a sender that goes away would. */
static void
msrp_close (Msrp *m)
{
  g_socket_close (m->socket, NULL);
  g_clear_object (&m->socket);
  m->eof = TRUE;
}

static void
msrp_write (Msrp *m, const char *data, gsize len)
{
  gsize sent = 0;
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (sent < len && g_get_monotonic_time () < end)
    {
      gssize n = g_socket_send (m->socket, data + sent, len - sent, NULL, NULL);
      if (n > 0)
        sent += (gsize) n;
      else
        pump ();
    }
  ck_assert_uint_eq (sent, len);
}

/* Sends bytes @start..@end (1-based, inclusive) of @data as one SEND chunk of message
 * @message_id with @content_type; returns the transaction id (owned). */
static gchar *
msrp_send_chunk_full (Msrp *m, const char *to_path, const char *content_type,
                      const char *message_id, const char *data, gsize start, gsize end, gsize total,
                      char flag)
{
  gchar *tid = g_strdup_printf ("tx%06u", ++tid_seq); /* RFC 4975: 4 to 32 chars */
  GString *s = g_string_new (NULL);
  g_string_append_printf (s,
                          "MSRP %s SEND\r\nTo-Path: %s\r\nFrom-Path: " FROM_PATH "\r\n"
                          "Message-ID: %s\r\nSuccess-Report: yes\r\n"
                          "Byte-Range: %zu-%zu/%zu\r\nContent-Type: %s\r\n\r\n",
                          tid, to_path, message_id, start, end, total, content_type);
  g_string_append_len (s, data + start - 1, (gssize) (end - start + 1));
  g_string_append_printf (s, "\r\n-------%s%c\r\n", tid, flag);
  msrp_write (m, s->str, s->len);
  g_string_free (s, TRUE);
  return tid;
}

static gchar *
msrp_send_chunk (Msrp *m, const char *to_path, const char *data, gsize start, gsize end,
                 gsize total, char flag)
{
  return msrp_send_chunk_full (m, to_path, "image/jpeg", "m1", data, start, end, total, flag);
}

/* Waits for a message holding @needle and removes it from the queue (owned), or NULL. */
static gchar *
msrp_wait (Msrp *m, const char *needle, guint ms)
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
      pump ();
    }
}

/* The response line of transaction @tid, e.g. "MSRP t1 200 OK", or NULL. */
static gchar *
msrp_response (Msrp *m, const char *tid, guint ms)
{
  g_autofree gchar *needle = g_strdup_printf ("MSRP %s ", tid);
  gchar *msg = msrp_wait (m, needle, ms);
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
          g_string_append_printf (s, " hash:sha-1:%s", colons);
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
static gchar *
wait_response (const Call *c, const char *method, guint ms)
{
  g_autofree gchar *cseq_suffix = g_strdup_printf (" %s", method);
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  for (;;)
    {
      for (GList *l = fx.responses.head; l; l = l->next)
        {
          g_autofree gchar *call_id = header_value (l->data, "Call-ID");
          g_autofree gchar *cseq = header_value (l->data, "CSeq");
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
      pump ();
    }
}

static void
call_free (Call *c)
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
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

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
static Call *
invite_with (const FileSpec *files, guint n, const char *contact)
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
  g_autofree gchar *invite
      = format_request (c, "INVITE", 1, "<" AOR ">", branch, headers, "application/sdp", sdp);
  send_text (invite);
  c->response = wait_response (c, "INVITE", 3000);
  ck_assert_msg (c->response != NULL, "no final response to the INVITE");
  c->status = status_of (c->response);
  c->to = header_value (c->response, "To");
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

static Call *
invite (const FileSpec *files, guint n)
{
  g_autofree gchar *contact = g_strdup_printf ("<sip:push@127.0.0.1:%u>", fx.client_port);
  return invite_with (files, n, contact);
}

/* Sends a BYE in @c's dialog; returns the status it got (0: none). */
static guint
bye (Call *c)
{
  g_autofree gchar *branch = g_strdup_printf ("z9hG4bK-bye%u", c->seq);
  g_autofree gchar *text = format_request (c, "BYE", 2, c->to, branch, "", NULL, "");
  send_text (text);
  g_autofree gchar *resp = wait_response (c, "BYE", 3000);
  return resp ? status_of (resp) : 0;
}

/* Sends an in-dialog request (CSeq @cseq) and returns its final response (owned). */
static gchar *
in_dialog (Call *c, const char *method, guint cseq, const char *headers, const char *content_type,
           const char *body)
{
  g_autofree gchar *branch = g_strdup_printf ("z9hG4bK-%s%u-%u", method, c->seq, cseq);
  g_autofree gchar *contact
      = g_strdup_printf ("Contact: <sip:push@127.0.0.1:%u>\r\n%s", fx.client_port, headers);
  g_autofree gchar *text
      = format_request (c, method, cseq, c->to, branch, contact, content_type, body);
  send_text (text);
  gchar *resp = wait_response (c, method, 3000);
  if (resp && strcmp (method, "INVITE") == 0)
    {
      g_autofree gchar *ack_branch = g_strdup_printf ("z9hG4bK-ack%u-%u", c->seq, cseq);
      g_autofree gchar *ack = format_request (c, "ACK", cseq, c->to, ack_branch, "", NULL, "");
      send_text (ack);
    }
  return resp;
}

/* @files as an offer where m= line @closed has port 0. */
static gchar *
offer_sdp_closing (const FileSpec *files, guint n, guint closed)
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
  fx.offers++;
  g_free (fx.offer_name);
  g_free (fx.offer_type);
  g_free (fx.offer_sha1);
  g_free (fx.offer_ari);
  g_free (fx.offer_app);
  g_free (fx.offer_sender);
  fx.offer_name = g_strdup (sippush_file_offer_get_name (offer));
  fx.offer_type = g_strdup (sippush_file_offer_get_content_type (offer));
  fx.offer_sha1 = g_strdup (sippush_file_offer_get_sha1 (offer));
  fx.offer_ari = g_strdup (sippush_file_offer_get_ari (offer));
  fx.offer_app = g_strdup (sippush_file_offer_get_app_id (offer));
  fx.offer_sender = g_strdup (sippush_file_offer_get_sender (offer));
  fx.offer_size = sippush_file_offer_get_size (offer);
  const char *name = sippush_file_offer_get_name (offer);
  if (fx.refuse_all || (name && g_str_has_prefix (name, "refuse")))
    sippush_file_offer_refuse (offer);
  else
    sippush_file_offer_accept (offer, fx.dir);
}

static void
on_push (SipPushReceiver *r, SipPushDelivery *d, gpointer data)
{
  fx.deliveries++;
  fx.method = sippush_delivery_get_method (d);
  GFile *file = sippush_delivery_get_file (d);
  g_free (fx.file_path);
  g_free (fx.file_name);
  g_free (fx.file_sha1);
  g_clear_pointer (&fx.file_content, g_free);
  fx.file_path = file ? g_file_get_path (file) : NULL;
  fx.file_name = g_strdup (sippush_delivery_get_file_name (d));
  fx.file_sha1 = g_strdup (sippush_delivery_get_sha1 (d));
  fx.hash_verified = sippush_delivery_get_hash_verified (d);
  fx.file_size = sippush_delivery_get_size (d);
  /* Read now: the file is the application's from here, and a reject deletes it. */
  if (file)
    g_file_load_contents (file, NULL, &fx.file_content, &fx.file_content_len, NULL, NULL);
  if (fx.app_answer == G_MAXUINT)
    fx.held = g_object_ref (d);
  else if (fx.app_answer)
    ck_assert (sippush_delivery_reject (d, fx.app_answer, "App says no", NULL));
  else
    ck_assert (sippush_delivery_accept (d, NULL));
}

static void
on_failed (SipPushReceiver *r, const char *app_id, const char *name, const char *reason,
           gpointer data)
{
  g_queue_push_tail (&fx.failed, g_strdup_printf ("%s|%s", name ? name : "", reason));
}

static void
on_rejected (SipPushReceiver *r, SipPushMethod method, guint status, const char *reason,
             gpointer data)
{
  g_queue_push_tail (&fx.rejected, g_strdup_printf ("%s %u %s", sippush_method_to_string (method),
                                                    status, reason));
}

static void
on_progress (SipPushReceiver *r, const char *app_id, const char *name, guint64 received,
             guint64 total, gpointer data)
{
  fx.progress++;
  fx.last_received = received;
  fx.last_total = total;
}

static void
started (GObject *source, GAsyncResult *res, gpointer data)
{
  sippush_receiver_start_finish (SIPPUSH_RECEIVER (source), res, data);
}

static void
start_receiver (void)
{
  GError *error = NULL;
  sippush_receiver_start_async (fx.receiver, NULL, started, &error);
  sippush_test_iterate_ms (50);
  ck_assert_msg (error == NULL, "start: %s", error ? error->message : "");
  fx.stopped = FALSE;
}

static void
stopped_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  *(gboolean *) data = sippush_receiver_stop_finish (SIPPUSH_RECEIVER (source), res, NULL);
}

static void
stop_receiver (void)
{
  gboolean ok = FALSE;
  sippush_receiver_stop_async (fx.receiver, NULL, stopped_cb, &ok);
  WAIT_UNTIL (ok, 5000);
  ck_assert (ok);
  fx.stopped = TRUE;
}

/* Properties read when the receiver starts need a restart. */
static void
restart_receiver (void)
{
  stop_receiver ();
  start_receiver ();
}

static void
setup (void)
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
  g_signal_connect (fx.receiver, "transfer-failed", G_CALLBACK (on_failed), NULL);
  g_signal_connect (fx.receiver, "push-rejected", G_CALLBACK (on_rejected), NULL);
  g_signal_connect (fx.receiver, "transfer-progress", G_CALLBACK (on_progress), NULL);
  ck_assert (sippush_receiver_add_app (fx.receiver, "mms.ua", on_push, NULL, NULL, NULL));
  ck_assert (
      sippush_receiver_set_app_file_handler (fx.receiver, "mms.ua", on_offer, NULL, NULL, NULL));
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

static void
teardown (void)
{
  g_clear_object (&fx.held);
  if (fx.receiver)
    {
      if (!fx.stopped)
        stop_receiver ();
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
  g_queue_clear_full (&fx.failed, g_free);
  g_queue_clear_full (&fx.rejected, g_free);
  remove_tree (fx.base);
  g_free (fx.base);
  g_free (fx.dir);
  g_free (fx.other_dir);
  g_free (fx.offer_name);
  g_free (fx.offer_type);
  g_free (fx.offer_sha1);
  g_free (fx.offer_ari);
  g_free (fx.offer_app);
  g_free (fx.offer_sender);
  g_free (fx.file_path);
  g_free (fx.file_name);
  g_free (fx.file_sha1);
  g_free (fx.file_content);
}

/* ---- helpers for the cases ------------------------------------------------------------ */

/* Deterministic file content of @size bytes (owned). */
static gchar *
make_content (gsize size, guint seed)
{
  gchar *data = g_malloc (size + 1);
  for (gsize i = 0; i < size; i++)
    data[i] = (gchar) ((i * 31 + seed * 7 + (i >> 8)) & 0xff);
  data[size] = '\0';
  return data;
}

static gchar *
sha1_of (const char *data, gsize len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA1, (const guchar *) data, len);
}

/* Entries of @dir, dot-files included. */
static guint
count_entries (const char *dir)
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
static gchar *
report_status (const char *report)
{
  return header_value (report, "Status");
}

/* Sends all of @data in one chunk and checks its 200. */
static void
send_whole (Msrp *m, const char *to_path, const char *data, gsize size)
{
  g_autofree gchar *tid = msrp_send_chunk (m, to_path, data, 1, size, size, '$');
  g_autofree gchar *resp = msrp_response (m, tid, 3000);
  ck_assert_msg (resp != NULL, "no response to %s", tid);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 200 OK", tid);
  ck_assert_str_eq (resp, expected);
}

/* ---- cases ---------------------------------------------------------------------------- */

/* R-INV-3/4/5/6, R-MSRP-1/2/5, R-DSP-1/2: the offer handler sees the file-selector, ARI and
 * sender; chunks out of order are reassembled; the app gets a verified MSRP delivery; the
 * success REPORT waits for the app's accept. */
START_TEST (test_file_delivered_out_of_order)
{
  const gsize size = 3000;
  g_autofree gchar *data = make_content (size, 1);
  g_autofree gchar *sha1 = sha1_of (data, size);
  FileSpec f = { "My cool picture.jpg", "image/jpeg", size, sha1, NULL };
  fx.app_answer = G_MAXUINT; /* hold */
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);

  /* The offer as the handler saw it. */
  ck_assert_uint_eq (fx.offers, 1);
  ck_assert_str_eq (fx.offer_name, "My cool picture.jpg");
  ck_assert_str_eq (fx.offer_type, "image/jpeg");
  ck_assert_int_eq (fx.offer_size, (gint64) size);
  ck_assert_str_eq (fx.offer_sha1, sha1);
  ck_assert_str_eq (fx.offer_ari, "mms.ua");
  ck_assert_str_eq (fx.offer_app, "mms.ua");
  ck_assert_str_eq (fx.offer_sender, SENDER);

  /* The answer (R-INV-5/6): recvonly, our path on the MSRP listener, a long session id,
   * the file-selector echoed, session timer. */
  ck_assert_uint_eq (c->n_media, 1);
  ck_assert_uint_ne (c->ports[0], 0);
  ck_assert (strstr (c->response, "a=recvonly\r\n") != NULL);
  ck_assert (strstr (c->response, "a=file-selector:name:\"My cool picture.jpg\"") != NULL);
  g_autofree gchar *msrp_uri = sippush_receiver_dup_msrp_uri (fx.receiver);
  g_autofree gchar *prefix = g_strdup_printf ("%s/", msrp_uri);
  ck_assert_msg (g_str_has_prefix (c->paths[0], prefix), "a=path %s not on %s", c->paths[0],
                 msrp_uri);
  ck_assert (g_str_has_suffix (c->paths[0], ";tcp"));
  ck_assert_uint_ge (strlen (c->paths[0]) - strlen (prefix) - 4, 20); /* >= 80 bits in hex */
  g_autofree gchar *se = header_value (c->response, "Session-Expires");
  ck_assert_ptr_nonnull (se);
  g_autofree gchar *require = header_value (c->response, "Require");
  ck_assert_ptr_nonnull (require);
  ck_assert (strstr (require, "timer") != NULL);

  /* Three chunks: tail, head, middle (the last one sent ends the message). */
  Msrp *m = msrp_connect (c->paths[0]);
  const gsize ranges[3][2] = { { 2001, 3000 }, { 1, 1000 }, { 1001, 2000 } };
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *tid = msrp_send_chunk (m, c->paths[0], data, ranges[i][0], ranges[i][1],
                                               size, i == 2 ? '$' : '+');
      g_autofree gchar *resp = msrp_response (m, tid, 3000);
      g_autofree gchar *expected = g_strdup_printf ("MSRP %s 200 OK", tid);
      ck_assert_msg (resp && strcmp (resp, expected) == 0, "chunk %u: %s", i, resp);
    }
  WAIT_UNTIL (fx.held != NULL, 3000);
  ck_assert_ptr_nonnull (fx.held);

  /* The delivery: a verified, complete file in the directory the handler chose. */
  ck_assert_uint_eq (fx.deliveries, 1);
  ck_assert_int_eq (fx.method, SIPPUSH_METHOD_MSRP);
  ck_assert_ptr_nonnull (fx.file_path);
  g_autofree gchar *parent = g_path_get_dirname (fx.file_path);
  ck_assert_str_eq (parent, fx.dir);
  ck_assert_uint_eq (fx.file_content_len, size);
  ck_assert (memcmp (fx.file_content, data, size) == 0);
  ck_assert_str_eq (fx.file_sha1, sha1);
  ck_assert (fx.hash_verified);
  ck_assert_uint_eq (fx.file_size, size);
  ck_assert_str_eq (fx.file_name, "My cool picture.jpg");
  ck_assert_uint_eq (count_entries (fx.dir), 1); /* no temp file left beside it */
  ck_assert_uint_eq (count_entries (fx.other_dir), 0);

  /* R-MSRP-2: no REPORT while the application holds the file. */
  pump_ms (300);
  g_autofree gchar *early = msrp_wait (m, " REPORT\r\n", 0);
  ck_assert_msg (early == NULL, "REPORT before the app accepted: %s", early);
  ck_assert (sippush_delivery_accept (fx.held, NULL));
  g_autofree gchar *report = msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_msg (report != NULL, "no REPORT after accept");
  g_autofree gchar *status = report_status (report);
  ck_assert_str_eq (status, "000 200 OK");
  g_autofree gchar *range = header_value (report, "Byte-Range");
  ck_assert_str_eq (range, "1-3000/3000");
  g_autofree gchar *mid = header_value (report, "Message-ID");
  ck_assert_str_eq (mid, "m1");
  g_autofree gchar *to_path = header_value (report, "To-Path");
  ck_assert_str_eq (to_path, FROM_PATH);
  ck_assert (g_queue_is_empty (&fx.failed));

  ck_assert_uint_eq (bye (c), 200);
  ck_assert (g_file_test (fx.file_path, G_FILE_TEST_IS_REGULAR)); /* the app's now */
}
END_TEST

/* R-MSRP-2, R-DSP-1: the app rejects the file → it is deleted and the REPORT fails. */
START_TEST (test_app_rejects_delivery)
{
  const gsize size = 1500;
  g_autofree gchar *data = make_content (size, 2);
  g_autofree gchar *sha1 = sha1_of (data, size);
  FileSpec f = { "reject.bin", "image/jpeg", size, sha1, NULL };
  fx.app_answer = 488;
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  send_whole (m, c->paths[0], data, size);
  g_autofree gchar *report = msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_msg (report != NULL, "no REPORT");
  ck_assert_uint_eq (fx.deliveries, 1);
  g_autofree gchar *status = report_status (report);
  ck_assert_msg (g_str_has_prefix (status, "000 488 "), "status %s", status);
  ck_assert_uint_eq (count_entries (fx.dir), 0);
  ck_assert (!g_file_test (fx.file_path, G_FILE_TEST_EXISTS));
  WAIT_UNTIL (!g_queue_is_empty (&fx.failed), 1000);
  g_autofree gchar *ev = g_queue_pop_head (&fx.failed);
  ck_assert_ptr_nonnull (ev);
  ck_assert (g_str_has_prefix (ev, "reject.bin|"));
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-INV-4, R-INV-1: a refused file's m= line gets port 0; nothing taken → 488 and a
 * push-rejected event for the INVITE. */
START_TEST (test_refused_files)
{
  FileSpec two[] = { { "keep.jpg", "image/jpeg", 100, NULL, NULL },
                     { "refuse-me.jpg", "image/jpeg", 200, NULL, NULL } };
  g_autoptr (Call) c = invite (two, 2);
  ck_assert_uint_eq (c->status, 200);
  ck_assert_uint_eq (fx.offers, 2);
  ck_assert_uint_eq (c->n_media, 2);
  ck_assert_uint_ne (c->ports[0], 0);
  ck_assert_ptr_nonnull (c->paths[0]);
  ck_assert_uint_eq (c->ports[1], 0);
  ck_assert_ptr_null (c->paths[1]);
  ck_assert (g_queue_is_empty (&fx.rejected));
  ck_assert_uint_eq (bye (c), 200);

  fx.refuse_all = TRUE;
  g_autoptr (Call) c2 = invite (two, 2);
  ck_assert_uint_eq (c2->status, 488);
  ck_assert_uint_eq (fx.offers, 4);
  WAIT_UNTIL (!g_queue_is_empty (&fx.rejected), 1000);
  g_autofree gchar *ev = g_queue_pop_head (&fx.rejected);
  ck_assert_ptr_nonnull (ev);
  ck_assert_msg (g_str_has_prefix (ev, "INVITE 488 "), "event %s", ev);
}
END_TEST

/* R-MSRP-5: a sha-1 mismatch → transfer-failed, nothing left (not even a dot-file), a
 * failure REPORT, no delivery. */
START_TEST (test_wrong_sha1)
{
  const gsize size = 2048;
  g_autofree gchar *data = make_content (size, 3);
  g_autofree gchar *other = make_content (size, 4);
  g_autofree gchar *wrong = sha1_of (other, size);
  FileSpec f = { "bad-hash.jpg", "image/jpeg", size, wrong, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  send_whole (m, c->paths[0], data, size);
  g_autofree gchar *report = msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_msg (report != NULL, "no failure REPORT");
  g_autofree gchar *status = report_status (report);
  ck_assert_msg (g_str_has_prefix (status, "000 4"), "status %s", status);
  WAIT_UNTIL (!g_queue_is_empty (&fx.failed), 2000);
  g_autofree gchar *ev = g_queue_pop_head (&fx.failed);
  ck_assert_ptr_nonnull (ev);
  ck_assert (g_str_has_prefix (ev, "bad-hash.jpg|"));
  pump_ms (100);
  ck_assert_uint_eq (fx.deliveries, 0);
  ck_assert_uint_eq (count_entries (fx.dir), 0);
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* Starts a 3000-byte transfer and sends its first chunk; the temp file exists then. */
static Msrp *
start_partial (Call **call, const char *name)
{
  const gsize size = 3000;
  g_autofree gchar *data = make_content (size, 5);
  g_autofree gchar *sha1 = sha1_of (data, size);
  FileSpec f = { name, "image/jpeg", size, sha1, NULL };
  Call *c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  g_autofree gchar *tid = msrp_send_chunk (m, c->paths[0], data, 1, 1000, size, '+');
  g_autofree gchar *resp = msrp_response (m, tid, 3000);
  ck_assert_ptr_nonnull (resp);
  ck_assert (g_str_has_suffix (resp, " 200 OK"));
  /* The partial file is on disk as a hidden temp file (so "empty" below means removed). */
  ck_assert_uint_eq (count_entries (fx.dir), 1);
  *call = c;
  return m;
}

static void
assert_failed_and_empty (const char *name)
{
  WAIT_UNTIL (!g_queue_is_empty (&fx.failed), 3000);
  g_autofree gchar *ev = g_queue_pop_head (&fx.failed);
  ck_assert_msg (ev != NULL, "no transfer-failed");
  g_autofree gchar *prefix = g_strdup_printf ("%s|", name);
  ck_assert_msg (g_str_has_prefix (ev, prefix), "event %s", ev);
  ck_assert_uint_eq (count_entries (fx.dir), 0);
  ck_assert_uint_eq (fx.deliveries, 0);
}

/* R-MSRP-6: the TCP connection lost mid-transfer. */
START_TEST (test_connection_lost_mid_transfer)
{
  Call *c = NULL;
  Msrp *m = start_partial (&c, "cut.jpg");
  msrp_close (m);
  assert_failed_and_empty ("cut.jpg");
  ck_assert_uint_eq (bye (c), 200);
  call_free (c);
}
END_TEST

/* R-MSRP-6: BYE mid-transfer; the session is gone afterwards (481). */
START_TEST (test_bye_mid_transfer)
{
  Call *c = NULL;
  Msrp *m = start_partial (&c, "byebye.jpg");
  ck_assert_uint_eq (bye (c), 200);
  assert_failed_and_empty ("byebye.jpg");
  g_autofree gchar *data = make_content (3000, 5);
  g_autofree gchar *tid = msrp_send_chunk (m, c->paths[0], data, 1001, 2000, 3000, '+');
  g_autofree gchar *resp = msrp_response (m, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 481 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
  ck_assert_uint_eq (count_entries (fx.dir), 0);
  call_free (c);
}
END_TEST

/* R-INV-2, R-SEC-2: over max-sessions → 486, and the slot comes back after BYE. */
START_TEST (test_session_limit)
{
  g_object_set (fx.receiver, "max-sessions", 1, NULL);
  restart_receiver ();
  FileSpec f = { "one.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c1 = invite (&f, 1);
  ck_assert_uint_eq (c1->status, 200);
  g_autoptr (Call) c2 = invite (&f, 1);
  ck_assert_uint_eq (c2->status, 486);
  g_autofree gchar *ev = g_queue_pop_head (&fx.rejected);
  ck_assert_ptr_nonnull (ev);
  ck_assert (g_str_has_prefix (ev, "INVITE 486 "));
  ck_assert_uint_eq (bye (c1), 200);
  pump_ms (200);
  g_autoptr (Call) c3 = invite (&f, 1);
  ck_assert_uint_eq (c3->status, 200);
  ck_assert_uint_eq (bye (c3), 200);
}
END_TEST

/* R-SEC-2, R-INV-5, R-MSRP-3: max-file-size is advertised, bigger offers are refused, a
 * bigger message is answered 413. */
START_TEST (test_max_file_size)
{
  g_object_set (fx.receiver, "max-file-size", (guint64) 2000, NULL);
  restart_receiver ();

  FileSpec small = { "small.jpg", "image/jpeg", 1000, NULL, NULL };
  FileSpec big = { "big.jpg", "image/jpeg", 5000, NULL, NULL };
  g_autoptr (Call) c1 = invite (&small, 1);
  ck_assert_uint_eq (c1->status, 200);
  ck_assert_ptr_nonnull (c1->max_size);
  ck_assert_str_eq (c1->max_size, "2000");

  /* A SEND whose Byte-Range total is over the limit. */
  Msrp *m = msrp_connect (c1->paths[0]);
  g_autofree gchar *data = make_content (5000, 6);
  g_autofree gchar *tid = msrp_send_chunk (m, c1->paths[0], data, 1, 100, 5000, '+');
  g_autofree gchar *resp = msrp_response (m, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 413 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
  ck_assert_uint_eq (count_entries (fx.dir), 0);
  ck_assert_uint_eq (bye (c1), 200);

  g_autoptr (Call) c2 = invite (&big, 1);
  ck_assert_uint_eq (c2->status, 488);

  FileSpec both[] = { small, big };
  g_autoptr (Call) c3 = invite (both, 2);
  ck_assert_uint_eq (c3->status, 200);
  ck_assert_uint_ne (c3->ports[0], 0);
  ck_assert_uint_eq (c3->ports[1], 0);
  ck_assert_uint_eq (bye (c3), 200);
}
END_TEST

/* R-MSRP-3: a SEND for a session id nobody gave out → 481. */
START_TEST (test_unknown_session)
{
  g_autofree gchar *uri = sippush_receiver_dup_msrp_uri (fx.receiver);
  g_autofree gchar *path = g_strdup_printf ("%s/nosuchsession0123456789;tcp", uri);
  Msrp *m = msrp_connect (path);
  g_autofree gchar *data = make_content (10, 7);
  g_autofree gchar *tid = msrp_send_chunk (m, path, data, 1, 10, 10, '$');
  g_autofree gchar *resp = msrp_response (m, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 481 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
  ck_assert_uint_eq (count_entries (fx.dir), 0);
}
END_TEST

/* R-MSRP-6: stopping the receiver mid-transfer fails the transfer and removes the file. */
START_TEST (test_stop_mid_transfer)
{
  Call *c = NULL;
  start_partial (&c, "stopped.jpg");
  stop_receiver ();
  assert_failed_and_empty ("stopped.jpg");
  call_free (c);
}
END_TEST

/* R-SEC-1 (trap B1): an INVITE whose Contact is a tel: URI → 400 before any dialog. */
START_TEST (test_tel_contact_refused)
{
  FileSpec f = { "tel.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = invite_with (&f, 1, "<tel:+123456>");
  ck_assert_uint_eq (c->status, 400);
  ck_assert_uint_eq (fx.offers, 0);
  g_autofree gchar *ev = g_queue_pop_head (&fx.rejected);
  ck_assert_ptr_nonnull (ev);
  ck_assert (g_str_has_prefix (ev, "INVITE 400 "));
  /* No dialog: a BYE in it is unknown. */
  ck_assert_uint_eq (bye (c), 481);
}
END_TEST

/* R-DSP-3: a traversal name is stored inside the directory under a sanitised name. */
START_TEST (test_traversal_name_sanitised)
{
  const gsize size = 500;
  g_autofree gchar *data = make_content (size, 8);
  g_autofree gchar *sha1 = sha1_of (data, size);
  FileSpec f = { "../../evil", "image/jpeg", size, sha1, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  ck_assert_str_eq (fx.offer_name, "../../evil");
  Msrp *m = msrp_connect (c->paths[0]);
  send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.deliveries, 1);
  g_autofree gchar *parent = g_path_get_dirname (fx.file_path);
  ck_assert_str_eq (parent, fx.dir);
  g_autofree gchar *base = g_path_get_basename (fx.file_path);
  ck_assert_str_eq (base, "evil");
  ck_assert_str_eq (fx.file_name, "../../evil");
  g_autofree gchar *escaped = g_build_filename (fx.base, "evil", NULL);
  ck_assert (!g_file_test (escaped, G_FILE_TEST_EXISTS));
  ck_assert_uint_eq (count_entries (fx.base), 2); /* x and default only */
  g_autofree gchar *report = msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (report);
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-DSP-2, R-MSRP-1: a 2.5 MiB file in 64 KiB chunks sent back to back (pipelined, the
 * responses read afterwards); transfer-progress reports it on the way. */
START_TEST (test_large_pipelined_with_progress)
{
  const gsize size = 5 * 512 * 1024 + 123, step = 64 * 1024;
  g_autofree gchar *data = make_content (size, 9);
  g_autofree gchar *sha1 = sha1_of (data, size);
  FileSpec f = { "big.jpg", "image/jpeg", size, sha1, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  g_autoptr (GPtrArray) tids = g_ptr_array_new_with_free_func (g_free);
  for (gsize start = 1; start <= size; start += step)
    {
      gsize end = MIN (start + step - 1, size);
      g_ptr_array_add (
          tids, msrp_send_chunk (m, c->paths[0], data, start, end, size, end == size ? '$' : '+'));
    }
  for (guint i = 0; i < tids->len; i++)
    {
      g_autofree gchar *resp = msrp_response (m, tids->pdata[i], 5000);
      ck_assert_msg (resp && g_str_has_suffix (resp, " 200 OK"), "chunk %u: %s", i, resp);
    }
  WAIT_UNTIL (fx.deliveries > 0, 5000);
  ck_assert_uint_eq (fx.deliveries, 1);
  ck_assert_uint_eq (fx.file_content_len, size);
  ck_assert (memcmp (fx.file_content, data, size) == 0);
  ck_assert (fx.hash_verified);
  ck_assert_uint_ge (fx.progress, 2);
  ck_assert_uint_eq (fx.last_total, size);
  ck_assert_uint_le (fx.last_received, size);
  g_autofree gchar *report = msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (report);
  g_autofree gchar *status = report_status (report);
  ck_assert_str_eq (status, "000 200 OK");
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-MSRP-1, R-INV-4: two files of one INVITE over one TCP connection, their chunks
 * interleaved: each SEND goes to the session its To-Path names. */
START_TEST (test_two_files_one_connection)
{
  const gsize size_a = 1200, size_b = 900;
  g_autofree gchar *a = make_content (size_a, 10);
  g_autofree gchar *b = make_content (size_b, 11);
  g_autofree gchar *sha_a = sha1_of (a, size_a);
  g_autofree gchar *sha_b = sha1_of (b, size_b);
  FileSpec files[] = { { "a.jpg", "image/jpeg", size_a, sha_a, NULL },
                       { "b.jpg", "image/jpeg", size_b, sha_b, NULL } };
  g_autoptr (Call) c = invite (files, 2);
  ck_assert_uint_eq (c->status, 200);
  ck_assert_ptr_nonnull (c->paths[0]);
  ck_assert_ptr_nonnull (c->paths[1]);
  ck_assert_str_ne (c->paths[0], c->paths[1]);
  Msrp *m = msrp_connect (c->paths[0]);
  g_autofree gchar *t1 = msrp_send_chunk (m, c->paths[0], a, 1, 600, size_a, '+');
  g_autofree gchar *t2 = msrp_send_chunk (m, c->paths[1], b, 1, 500, size_b, '+');
  g_autofree gchar *t3 = msrp_send_chunk (m, c->paths[0], a, 601, size_a, size_a, '$');
  g_autofree gchar *t4 = msrp_send_chunk (m, c->paths[1], b, 501, size_b, size_b, '$');
  const char *tids[] = { t1, t2, t3, t4 };
  for (guint i = 0; i < G_N_ELEMENTS (tids); i++)
    {
      g_autofree gchar *resp = msrp_response (m, tids[i], 3000);
      ck_assert_msg (resp && g_str_has_suffix (resp, " 200 OK"), "chunk %u: %s", i, resp);
    }
  WAIT_UNTIL (fx.deliveries == 2, 3000);
  ck_assert_uint_eq (fx.deliveries, 2);
  g_autofree gchar *path_a = g_build_filename (fx.dir, "a.jpg", NULL);
  g_autofree gchar *path_b = g_build_filename (fx.dir, "b.jpg", NULL);
  g_autofree gchar *got_a = NULL, *got_b = NULL;
  gsize len_a = 0, len_b = 0;
  ck_assert (g_file_get_contents (path_a, &got_a, &len_a, NULL));
  ck_assert (g_file_get_contents (path_b, &got_b, &len_b, NULL));
  ck_assert_uint_eq (len_a, size_a);
  ck_assert_uint_eq (len_b, size_b);
  ck_assert (memcmp (got_a, a, size_a) == 0);
  ck_assert (memcmp (got_b, b, size_b) == 0);
  g_autofree gchar *r1 = msrp_wait (m, " REPORT\r\n", 3000);
  g_autofree gchar *r2 = msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (r1);
  ck_assert_ptr_nonnull (r2);
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-MSRP-3: a SEND of a type the session did not take → 415, nothing stored. */
START_TEST (test_unsupported_type_415)
{
  FileSpec f = { "type.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  g_autofree gchar *tid
      = msrp_send_chunk_full (m, c->paths[0], "text/plain", "m1", "0123456789", 1, 10, 10, '$');
  g_autofree gchar *resp = msrp_response (m, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 415 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
  pump_ms (100);
  ck_assert_uint_eq (fx.deliveries, 0);
  ck_assert_uint_eq (count_entries (fx.dir), 0);
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-MSRP-4, R-MSRP-5, R-MSRP-2: a message/cpim wrapper is removed; size and hash count the
 * content, the REPORT's Byte-Range the message as sent. */
START_TEST (test_cpim_unwrapped)
{
  const gsize size = 4092;
  g_autofree gchar *data = make_content (size, 12);
  g_autofree gchar *sha1 = sha1_of (data, size);
  g_autofree gchar *head = g_strdup_printf ("From: <" SENDER ">\r\nTo: <" AOR ">\r\n"
                                            "DateTime: 2006-05-15T15:02:31-03:00\r\n\r\n"
                                            "Content-Type: image/jpeg\r\n"
                                            "Content-Length: %zu\r\n\r\n",
                                            size);
  gsize head_len = strlen (head), total = head_len + size;
  g_autofree gchar *wrapped = g_malloc (total);
  memcpy (wrapped, head, head_len);
  memcpy (wrapped + head_len, data, size);
  FileSpec f = { "My cool picture.jpg", "image/jpeg", size, sha1, "message/cpim" };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  /* The first chunk ends inside the CPIM head. */
  g_autofree gchar *t1
      = msrp_send_chunk_full (m, c->paths[0], "message/cpim", "m1", wrapped, 1, 30, total, '+');
  g_autofree gchar *t2
      = msrp_send_chunk_full (m, c->paths[0], "message/cpim", "m1", wrapped, 31, total, total, '$');
  g_autofree gchar *r1 = msrp_response (m, t1, 3000);
  g_autofree gchar *r2 = msrp_response (m, t2, 3000);
  ck_assert_msg (r1 && g_str_has_suffix (r1, " 200 OK"), "got %s", r1);
  ck_assert_msg (r2 && g_str_has_suffix (r2, " 200 OK"), "got %s", r2);
  WAIT_UNTIL (fx.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.deliveries, 1);
  ck_assert_uint_eq (fx.file_content_len, size);
  ck_assert (memcmp (fx.file_content, data, size) == 0);
  ck_assert_uint_eq (fx.file_size, size);
  ck_assert_str_eq (fx.file_sha1, sha1);
  ck_assert (fx.hash_verified);
  g_autofree gchar *report = msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (report);
  g_autofree gchar *status = report_status (report);
  ck_assert_str_eq (status, "000 200 OK");
  g_autofree gchar *range = header_value (report, "Byte-Range");
  g_autofree gchar *expected = g_strdup_printf ("1-%zu/%zu", total, total);
  ck_assert_str_eq (range, expected);
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-MSRP-1, R-MSRP-6: a message aborted with '#' fails and leaves nothing; the sender may
 * then send the file again as a new message in the same session. */
START_TEST (test_aborted_then_resent)
{
  const gsize size = 2000;
  g_autofree gchar *data = make_content (size, 13);
  g_autofree gchar *sha1 = sha1_of (data, size);
  FileSpec f = { "again.jpg", "image/jpeg", size, sha1, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  g_autofree gchar *t1 = msrp_send_chunk (m, c->paths[0], data, 1, 700, size, '+');
  g_autofree gchar *t2 = msrp_send_chunk (m, c->paths[0], data, 701, 1400, size, '#');
  g_autofree gchar *r1 = msrp_response (m, t1, 3000);
  g_autofree gchar *r2 = msrp_response (m, t2, 3000);
  ck_assert_ptr_nonnull (r1);
  ck_assert_ptr_nonnull (r2);
  assert_failed_and_empty ("again.jpg");

  g_autofree gchar *t3
      = msrp_send_chunk_full (m, c->paths[0], "image/jpeg", "m2", data, 1, size, size, '$');
  g_autofree gchar *r3 = msrp_response (m, t3, 3000);
  ck_assert_msg (r3 && g_str_has_suffix (r3, " 200 OK"), "got %s", r3);
  WAIT_UNTIL (fx.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.deliveries, 1);
  ck_assert_uint_eq (fx.file_content_len, size);
  ck_assert (memcmp (fx.file_content, data, size) == 0);
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-SEC-2: an MSRP connection that never sends a valid SEND is closed after
 * msrp-idle-timeout. */
START_TEST (test_msrp_idle_timeout)
{
  g_object_set (fx.receiver, "msrp-idle-timeout", 1, NULL);
  restart_receiver ();
  g_autofree gchar *uri = sippush_receiver_dup_msrp_uri (fx.receiver);
  Msrp *m = msrp_connect (uri);
  pump_ms (300);
  ck_assert (!m->eof);
  WAIT_UNTIL (m->eof, 4000);
  ck_assert_msg (m->eof, "the idle MSRP connection was not closed");
}
END_TEST

/* R-SEC-2: beyond max-msrp-connections a new connection is closed; the open one works. */
START_TEST (test_msrp_connection_limit)
{
  g_object_set (fx.receiver, "max-msrp-connections", 1, NULL);
  restart_receiver ();
  g_autofree gchar *uri = sippush_receiver_dup_msrp_uri (fx.receiver);
  g_autofree gchar *path = g_strdup_printf ("%s/nosuchsession0123456789;tcp", uri);
  Msrp *first = msrp_connect (path);
  pump_ms (100);
  Msrp *second = msrp_connect (path);
  WAIT_UNTIL (second->eof, 3000);
  ck_assert_msg (second->eof, "the connection over the limit stayed open");
  ck_assert (!first->eof);
  g_autofree gchar *tid = msrp_send_chunk (first, path, "0123456789", 1, 10, 10, '$');
  g_autofree gchar *resp = msrp_response (first, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 481 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
}
END_TEST

/* R-MSRP-5: a size other than the file-selector's → failure REPORT, transfer-failed,
 * nothing stored. */
START_TEST (test_wrong_size)
{
  const gsize size = 1000;
  g_autofree gchar *data = make_content (size, 14);
  FileSpec f = { "short.jpg", "image/jpeg", size + 500, NULL, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  send_whole (m, c->paths[0], data, size);
  g_autofree gchar *report = msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_msg (report != NULL, "no failure REPORT");
  g_autofree gchar *status = report_status (report);
  ck_assert_msg (g_str_has_prefix (status, "000 4"), "status %s", status);
  assert_failed_and_empty ("short.jpg");
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-MSRP-2, R-SEC-2: an application that never answers: after delivery-timeout the file
 * is removed, the REPORT fails, and the late accept fails. */
START_TEST (test_delivery_timeout)
{
  g_object_set (fx.receiver, "delivery-timeout", 1, NULL);
  restart_receiver ();
  const gsize size = 800;
  g_autofree gchar *data = make_content (size, 15);
  FileSpec f = { "late.jpg", "image/jpeg", size, NULL, NULL };
  fx.app_answer = G_MAXUINT;
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.held != NULL, 3000);
  ck_assert_ptr_nonnull (fx.held);
  ck_assert (!fx.hash_verified); /* no hash announced */
  g_autofree gchar *report = msrp_wait (m, " REPORT\r\n", 4000);
  ck_assert_msg (report != NULL, "no REPORT after the timeout");
  g_autofree gchar *status = report_status (report);
  ck_assert_msg (!g_str_has_prefix (status, "000 200"), "status %s", status);
  ck_assert (sippush_delivery_is_completed (fx.held));
  GError *error = NULL;
  ck_assert (!sippush_delivery_accept (fx.held, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_ALREADY_COMPLETED));
  g_error_free (error);
  ck_assert_uint_eq (count_entries (fx.dir), 0);
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-MSRP-3: malformed framing mid-message closes the connection; nothing is delivered. */
START_TEST (test_malformed_framing)
{
  Call *c = NULL;
  Msrp *m = start_partial (&c, "garbage.jpg");
  static const char junk[] = "this is not MSRP at all\r\n\r\n";
  msrp_write (m, junk, sizeof junk - 1);
  WAIT_UNTIL (m->eof, 3000);
  ck_assert_msg (m->eof, "the connection stayed open after bad framing");
  assert_failed_and_empty ("garbage.jpg");
  ck_assert_uint_eq (bye (c), 200);
  call_free (c);
}
END_TEST

/* R-INV-4 (issue 5): a re-INVITE that sets a file's port to 0 closes that file (its
 * transfer fails, nothing stays); the other file goes on. */
START_TEST (test_reinvite_closes_file)
{
  const gsize size = 1000;
  g_autofree gchar *a = make_content (size, 16);
  g_autofree gchar *b = make_content (size, 17);
  FileSpec files[] = { { "stays.jpg", "image/jpeg", size, NULL, NULL },
                       { "closed.jpg", "image/jpeg", size, NULL, NULL } };
  g_autoptr (Call) c = invite (files, 2);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  g_autofree gchar *t1 = msrp_send_chunk (m, c->paths[1], b, 1, 400, size, '+');
  g_autofree gchar *r1 = msrp_response (m, t1, 3000);
  ck_assert_msg (r1 && g_str_has_suffix (r1, " 200 OK"), "got %s", r1);

  g_autofree gchar *sdp = offer_sdp_closing (files, 2, 1);
  g_autofree gchar *resp = in_dialog (c, "INVITE", 2, "", "application/sdp", sdp);
  ck_assert_ptr_nonnull (resp);
  ck_assert_uint_eq (status_of (resp), 200);
  assert_failed_and_empty ("closed.jpg");
  /* The answer keeps the m= lines, the closed one with port 0. */
  const char *body = strstr (resp, "\r\n\r\n");
  ck_assert_ptr_nonnull (body);
  const char *second = strstr (body, "m=message ");
  ck_assert_ptr_nonnull (second);
  second = strstr (second + 1, "m=message ");
  ck_assert_ptr_nonnull (second);
  ck_assert (g_str_has_prefix (second, "m=message 0 "));

  g_autofree gchar *t2 = msrp_send_chunk (m, c->paths[1], b, 401, size, size, '$');
  g_autofree gchar *r2 = msrp_response (m, t2, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 481 ", t2);
  ck_assert_msg (r2 && g_str_has_prefix (r2, expected), "got %s", r2);

  send_whole (m, c->paths[0], a, size);
  WAIT_UNTIL (fx.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.deliveries, 1);
  ck_assert_str_eq (fx.file_name, "stays.jpg");
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-INV-6: an UPDATE refreshing the session is answered 200 with Session-Expires. */
START_TEST (test_update_refresh)
{
  FileSpec f = { "refresh.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  g_autofree gchar *resp = in_dialog (
      c, "UPDATE", 2, "Session-Expires: 1800;refresher=uac\r\nSupported: timer\r\n", NULL, "");
  ck_assert_ptr_nonnull (resp);
  ck_assert_uint_eq (status_of (resp), 200);
  g_autofree gchar *se = header_value (resp, "Session-Expires");
  ck_assert_ptr_nonnull (se);
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* Sends a BYE in @c's dialog without waiting for its answer. */
static void
bye_now (Call *c)
{
  g_autofree gchar *branch = g_strdup_printf ("z9hG4bK-bye%u", c->seq);
  g_autofree gchar *text = format_request (c, "BYE", 2, c->to, branch, "", NULL, "");
  send_text (text);
}

/* R-MSRP-6: the sender drops TCP and sends BYE at once: the transfer still fails loudly,
 * exactly once, and nothing stays. */
START_TEST (test_connection_lost_and_bye_at_once)
{
  Call *c = NULL;
  Msrp *m = start_partial (&c, "race.jpg");
  msrp_close (m);
  bye_now (c);
  g_usleep (50000); /* both ready before the loop runs again */
  g_autofree gchar *resp = wait_response (c, "BYE", 3000);
  ck_assert_ptr_nonnull (resp);
  assert_failed_and_empty ("race.jpg");
  pump_ms (200);
  ck_assert_uint_eq (g_queue_get_length (&fx.failed), 0); /* only once */
  call_free (c);
}
END_TEST

/* R-MSRP-2, R-MSRP-6: the last chunk and a BYE right behind it: the complete file is
 * either delivered or removed with a transfer-failed, never left behind unannounced. */
START_TEST (test_last_chunk_and_bye_at_once)
{
  const gsize size = 1000;
  g_autofree gchar *data = make_content (size, 18);
  FileSpec f = { "quick.jpg", "image/jpeg", size, NULL, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  g_autofree gchar *tid = msrp_send_chunk (m, c->paths[0], data, 1, size, size, '$');
  bye_now (c);
  g_usleep (50000);
  g_autofree gchar *resp = wait_response (c, "BYE", 3000);
  ck_assert_ptr_nonnull (resp);
  pump_ms (300);
  guint failed = g_queue_get_length (&fx.failed);
  ck_assert_msg ((fx.deliveries == 1 && failed == 0 && count_entries (fx.dir) == 1)
                     || (fx.deliveries == 0 && failed == 1 && count_entries (fx.dir) == 0),
                 "deliveries %u, transfer-failed %u, files %u", fx.deliveries, failed,
                 count_entries (fx.dir));
}
END_TEST

/* R-DSP-2 (sippush_delivery_reject): a file the app rejects after the session ended is
 * deleted all the same. */
START_TEST (test_reject_after_bye)
{
  const gsize size = 700;
  g_autofree gchar *data = make_content (size, 19);
  FileSpec f = { "afterwards.jpg", "image/jpeg", size, NULL, NULL };
  fx.app_answer = G_MAXUINT;
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.held != NULL, 3000);
  ck_assert_ptr_nonnull (fx.held);
  ck_assert_uint_eq (bye (c), 200);
  pump_ms (100);
  ck_assert_uint_eq (count_entries (fx.dir), 1); /* complete and verified: it stays */
  ck_assert (sippush_delivery_reject (fx.held, 486, NULL, NULL));
  pump_ms (100);
  ck_assert_uint_eq (count_entries (fx.dir), 0);
}
END_TEST

/* R-MSRP-6, R-MSRP-1: after the connection is lost mid-transfer the sender reconnects and
 * sends the file again: a session is not tied to one connection. */
START_TEST (test_resend_on_new_connection)
{
  Call *c = NULL;
  Msrp *m = start_partial (&c, "retry.jpg");
  msrp_close (m);
  assert_failed_and_empty ("retry.jpg");
  g_autofree gchar *data = make_content (3000, 5); /* what start_partial sends */
  Msrp *again = msrp_connect (c->paths[0]);
  g_autofree gchar *tid
      = msrp_send_chunk_full (again, c->paths[0], "image/jpeg", "m2", data, 1, 3000, 3000, '$');
  g_autofree gchar *resp = msrp_response (again, tid, 3000);
  ck_assert_msg (resp && g_str_has_suffix (resp, " 200 OK"), "got %s", resp);
  WAIT_UNTIL (fx.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.deliveries, 1);
  ck_assert (fx.hash_verified);
  g_autofree gchar *report = msrp_wait (again, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (report);
  g_autofree gchar *mid = header_value (report, "Message-ID");
  ck_assert_str_eq (mid, "m2");
  ck_assert_uint_eq (bye (c), 200);
  call_free (c);
}
END_TEST

/* R-MSRP-3, R-MSRP-6: chunks that contradict themselves are refused with 400 and fail the
 * message; a SEND after the file is in gets 403. */
START_TEST (test_inconsistent_chunks)
{
  g_autofree gchar *data = make_content (200, 20);
  FileSpec f = { "odd.jpg", "image/jpeg", 100, NULL, NULL };

  /* A body longer than its Byte-Range. */
  {
    g_autoptr (Call) c = invite (&f, 1);
    Msrp *m = msrp_connect (c->paths[0]);
    g_autofree gchar *tid = g_strdup_printf ("tx%06u", ++tid_seq);
    g_autofree gchar *send = g_strdup_printf (
        "MSRP %s SEND\r\nTo-Path: %s\r\nFrom-Path: " FROM_PATH "\r\nMessage-ID: m1\r\n"
        "Byte-Range: 1-10/100\r\nContent-Type: image/jpeg\r\n\r\n%.20s\r\n-------%s+\r\n",
        tid, c->paths[0], "01234567890123456789", tid);
    msrp_write (m, send, strlen (send));
    g_autofree gchar *resp = msrp_response (m, tid, 3000);
    g_autofree gchar *expected = g_strdup_printf ("MSRP %s 400 ", tid);
    ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
    assert_failed_and_empty ("odd.jpg");
    ck_assert_uint_eq (bye (c), 200);
  }
  /* A total that changes between chunks. */
  {
    g_autoptr (Call) c = invite (&f, 1);
    Msrp *m = msrp_connect (c->paths[0]);
    g_autofree gchar *t1 = msrp_send_chunk (m, c->paths[0], data, 1, 10, 100, '+');
    g_autofree gchar *t2 = msrp_send_chunk (m, c->paths[0], data, 11, 20, 200, '+');
    g_autofree gchar *r1 = msrp_response (m, t1, 3000);
    g_autofree gchar *r2 = msrp_response (m, t2, 3000);
    ck_assert_msg (r1 && g_str_has_suffix (r1, " 200 OK"), "got %s", r1);
    g_autofree gchar *expected = g_strdup_printf ("MSRP %s 400 ", t2);
    ck_assert_msg (r2 && g_str_has_prefix (r2, expected), "got %s", r2);
    assert_failed_and_empty ("odd.jpg");
    ck_assert_uint_eq (bye (c), 200);
  }
  /* One more message once the file is in. */
  {
    g_autoptr (Call) c = invite (&f, 1);
    Msrp *m = msrp_connect (c->paths[0]);
    send_whole (m, c->paths[0], data, 100);
    WAIT_UNTIL (fx.deliveries > 0, 3000);
    ck_assert_uint_eq (fx.deliveries, 1);
    g_autofree gchar *tid
        = msrp_send_chunk_full (m, c->paths[0], "image/jpeg", "m2", data, 1, 100, 100, '$');
    g_autofree gchar *resp = msrp_response (m, tid, 3000);
    g_autofree gchar *expected = g_strdup_printf ("MSRP %s 403 ", tid);
    ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
    ck_assert_uint_eq (count_entries (fx.dir), 1);
    ck_assert_uint_eq (bye (c), 200);
  }
}
END_TEST

/* Stopping while the application holds a file: the delivery is answered 503 for it, the
 * file goes, the sender gets a failure REPORT. */
START_TEST (test_stop_with_held_file)
{
  const gsize size = 600;
  g_autofree gchar *data = make_content (size, 21);
  FileSpec f = { "held.jpg", "image/jpeg", size, NULL, NULL };
  fx.app_answer = G_MAXUINT;
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.held != NULL, 3000);
  ck_assert_ptr_nonnull (fx.held);
  ck_assert_uint_eq (count_entries (fx.dir), 1);
  gboolean stopped = FALSE;
  sippush_receiver_stop_async (fx.receiver, NULL, stopped_cb, &stopped);
  g_autofree gchar *report = msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_msg (report != NULL, "no REPORT at stop");
  g_autofree gchar *status = report_status (report);
  ck_assert_msg (g_str_has_prefix (status, "000 503 "), "status %s", status);
  ck_assert (sippush_delivery_is_completed (fx.held));
  ck_assert_uint_eq (count_entries (fx.dir), 0);
  WAIT_UNTIL (!g_queue_is_empty (&fx.failed), 1000);
  ck_assert_uint_eq (g_queue_get_length (&fx.failed), 1);
  WAIT_UNTIL (stopped, 5000);
  ck_assert (stopped);
  fx.stopped = TRUE;
}
END_TEST

/* R-MSRP-1 (RFC 6135): an offer with a=setup:passive → the receiver answers active,
 * connects to the sender's a=path and speaks first; the file then comes over that
 * connection. actpass without msrp-connect-out → we stay passive. */
START_TEST (test_setup_passive_connects_out)
{
  GSocket *listener
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  ck_assert (g_socket_bind (listener, any, TRUE, NULL));
  ck_assert (g_socket_listen (listener, NULL));
  g_socket_set_blocking (listener, FALSE);
  fx.offer_port = sippush_test_local_port (listener);
  fx.offer_extra = "a=setup:passive\r\n";

  const gsize size = 1500;
  g_autofree gchar *data = make_content (size, 22);
  g_autofree gchar *sha1 = sha1_of (data, size);
  FileSpec f = { "outbound.jpg", "image/jpeg", size, sha1, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  ck_assert (strstr (c->response, "a=setup:active\r\n") != NULL);

  GSocket *accepted = NULL;
  gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (accepted == NULL && g_get_monotonic_time () < end)
    {
      accepted = g_socket_accept (listener, NULL, NULL);
      pump ();
    }
  ck_assert_msg (accepted != NULL, "the receiver did not connect out");
  g_socket_set_blocking (accepted, FALSE);
  Msrp *m = g_new0 (Msrp, 1);
  m->in = g_string_new (NULL);
  m->socket = accepted;
  g_ptr_array_add (fx.msrps, m);

  /* The receiver speaks first: a bodiless SEND to our path from its own. */
  g_autofree gchar *hello = msrp_wait (m, " SEND\r\n", 3000);
  ck_assert_msg (hello != NULL, "no bodiless SEND from the active side");
  g_autofree gchar *to = header_value (hello, "To-Path");
  g_autofree gchar *our = g_strdup_printf ("msrp://127.0.0.1:%u/snd0;tcp", fx.offer_port);
  ck_assert_str_eq (to, our);
  g_autofree gchar *from = header_value (hello, "From-Path");
  ck_assert_str_eq (from, c->paths[0]);

  send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.deliveries, 1);
  ck_assert (fx.hash_verified);
  ck_assert_uint_eq (bye (c), 200);

  fx.offer_extra = "a=setup:actpass\r\n";
  g_autoptr (Call) c2 = invite (&f, 1);
  ck_assert_uint_eq (c2->status, 200);
  ck_assert (strstr (c2->response, "a=setup:passive\r\n") != NULL);
  ck_assert_uint_eq (bye (c2), 200);
  g_socket_close (listener, NULL);
  g_object_unref (listener);
}
END_TEST

/* R-SEC-2, R-MSRP-3: a header block over the limit (16 KiB) closes the connection. */
START_TEST (test_header_block_limit)
{
  FileSpec f = { "header.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  g_autofree gchar *filler = g_strnfill (64 * 1024, 'a');
  g_autofree gchar *send = g_strdup_printf ("MSRP tx999999 SEND\r\nTo-Path: %s\r\n"
                                            "From-Path: " FROM_PATH "\r\nX-Big: %s\r\n",
                                            c->paths[0], filler);
  msrp_write (m, send, strlen (send));
  WAIT_UNTIL (m->eof, 3000);
  ck_assert_msg (m->eof, "a 64 KiB header block was not refused");
  ck_assert_uint_eq (count_entries (fx.dir), 0);
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-MSRP-1, R-MSRP-2: Failure-Report: no → no responses to the chunks; no Success-Report →
 * no REPORT; the file is delivered all the same. */
START_TEST (test_report_headers_honoured)
{
  const gsize size = 300;
  g_autofree gchar *data = make_content (size, 23);
  FileSpec f = { "quiet.jpg", "image/jpeg", size, NULL, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = msrp_connect (c->paths[0]);
  GString *send = g_string_new (NULL);
  g_string_append_printf (send,
                          "MSRP txquiet1 SEND\r\nTo-Path: %s\r\nFrom-Path: " FROM_PATH "\r\n"
                          "Message-ID: q1\r\nFailure-Report: no\r\n"
                          "Byte-Range: 1-%zu/%zu\r\nContent-Type: image/jpeg\r\n\r\n",
                          c->paths[0], size, size);
  g_string_append_len (send, data, (gssize) size);
  g_string_append (send, "\r\n-------txquiet1$\r\n");
  msrp_write (m, send->str, send->len);
  g_string_free (send, TRUE);
  WAIT_UNTIL (fx.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.deliveries, 1);
  ck_assert_uint_eq (fx.file_content_len, size);
  pump_ms (300);
  ck_assert_uint_eq (g_queue_get_length (&m->messages), 0);
  ck_assert_uint_eq (m->in->len, 0);
  ck_assert_uint_eq (bye (c), 200);
}
END_TEST

/* R-INV-1: no offered accept-type fits the application → 488 and push-rejected. */
START_TEST (test_no_supported_accept_type)
{
  const char *const types[] = { "application/vnd.wap.mms-message", NULL };
  ck_assert (sippush_receiver_set_app_accept_types (fx.receiver, "mms.ua", types, NULL));
  FileSpec f = { "pic.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = invite (&f, 1);
  ck_assert_uint_eq (c->status, 488);
  ck_assert_uint_eq (fx.offers, 0);
  g_autofree gchar *ev = g_queue_pop_head (&fx.rejected);
  ck_assert_ptr_nonnull (ev);
  ck_assert_msg (g_str_has_prefix (ev, "INVITE 488 "), "event %s", ev);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("file-push");
  TCase *tc = tcase_create ("msrp");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_file_delivered_out_of_order);
  tcase_add_test (tc, test_app_rejects_delivery);
  tcase_add_test (tc, test_refused_files);
  tcase_add_test (tc, test_wrong_sha1);
  tcase_add_test (tc, test_connection_lost_mid_transfer);
  tcase_add_test (tc, test_bye_mid_transfer);
  tcase_add_test (tc, test_session_limit);
  tcase_add_test (tc, test_max_file_size);
  tcase_add_test (tc, test_unknown_session);
  tcase_add_test (tc, test_stop_mid_transfer);
  tcase_add_test (tc, test_tel_contact_refused);
  tcase_add_test (tc, test_traversal_name_sanitised);
  tcase_add_test (tc, test_large_pipelined_with_progress);
  tcase_add_test (tc, test_two_files_one_connection);
  tcase_add_test (tc, test_unsupported_type_415);
  tcase_add_test (tc, test_cpim_unwrapped);
  tcase_add_test (tc, test_aborted_then_resent);
  tcase_add_test (tc, test_msrp_idle_timeout);
  tcase_add_test (tc, test_msrp_connection_limit);
  tcase_add_test (tc, test_wrong_size);
  tcase_add_test (tc, test_delivery_timeout);
  tcase_add_test (tc, test_malformed_framing);
  tcase_add_test (tc, test_reinvite_closes_file);
  tcase_add_test (tc, test_update_refresh);
  tcase_add_test (tc, test_connection_lost_and_bye_at_once);
  tcase_add_test (tc, test_last_chunk_and_bye_at_once);
  tcase_add_test (tc, test_reject_after_bye);
  tcase_add_test (tc, test_resend_on_new_connection);
  tcase_add_test (tc, test_inconsistent_chunks);
  tcase_add_test (tc, test_stop_with_held_file);
  tcase_add_test (tc, test_setup_passive_connects_out);
  tcase_add_test (tc, test_header_block_limit);
  tcase_add_test (tc, test_report_headers_honoured);
  tcase_add_test (tc, test_no_supported_accept_type);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
