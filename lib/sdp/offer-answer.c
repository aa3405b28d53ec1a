/* sdp/offer-answer.c — MSRP SDP offers in (sofia-sip's SDP parser), SDP answers out.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sdp/offer-answer.h"

#include <string.h>

#include <gio/gio.h>
#include <sofia-sip/sdp.h>

#include "core/scan.h"
#include "msrp/uri.h"

/* A media type (or any one token of a space-separated list): printable, no space. */
static gboolean
token_text_ok (const char *s)
{
  if (s == NULL || s[0] == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if ((guchar) *s <= 0x20 || *s == 0x7f)
      return FALSE;
  return TRUE;
}

/* The attribute called @name, if the list has exactly one. Sets *@twice when it has more. */
static const sdp_attribute_t *
find_unique (const sdp_attribute_t *a, const char *name, gboolean *twice)
{
  const sdp_attribute_t *found = NULL;

  for (; a != NULL; a = a->a_next)
    if (a->a_name != NULL && g_ascii_strcasecmp (a->a_name, name) == 0)
      {
        if (found != NULL)
          {
            *twice = TRUE;
            return NULL;
          }
        found = a;
      }
  return found;
}

static const char *
attr_value (const sdp_attribute_t *a)
{
  return a != NULL && a->a_value != NULL ? a->a_value : "";
}

/* A space-separated list of MSRP URIs, at least one, every one msrps: when @tls and msrp:
 * otherwise (RFC 4975 §14: the proto and the schemes name the same transport). */
static gboolean
path_is_usable (const char *path, gboolean tls)
{
  gboolean any = FALSE;
  const char *p = path;

  while (*p != '\0')
    {
      gsize n = strcspn (p, " ");
      SipPushMsrpUri uri;

      if (n > 0)
        {
          /* RFC 4975 §9: a path URI names its transport. */
          if (sippush_msrp_uri_parse (p, n, &uri, NULL) != SIPPUSH_PARSE_OK
              || uri.transport.len == 0 || uri.secure != tls)
            return FALSE;
          any = TRUE;
        }
      p += n;
      p += strspn (p, " ");
    }
  return any;
}

static gchar **
split_spaces (const char *text)
{
  GPtrArray *out = g_ptr_array_new ();
  const char *p = text;

  while (*p != '\0')
    {
      gsize n = strcspn (p, " ");
      if (n > 0)
        g_ptr_array_add (out, g_strndup (p, n));
      p += n;
      p += strspn (p, " ");
    }
  g_ptr_array_add (out, NULL);
  return (gchar **) g_ptr_array_free (out, FALSE);
}

static SipPushSdpSetup
setup_from_text (const char *v)
{
  static const struct
  {
    const char *text;
    SipPushSdpSetup setup;
  } map[] = {
    { "active", SIPPUSH_SDP_SETUP_ACTIVE },
    { "passive", SIPPUSH_SDP_SETUP_PASSIVE },
    { "actpass", SIPPUSH_SDP_SETUP_ACTPASS },
    { "holdconn", SIPPUSH_SDP_SETUP_HOLDCONN },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_ascii_strcasecmp (v, map[i].text) == 0)
      return map[i].setup;
  g_debug ("sdp: unknown a=setup value '%s' ignored", v);
  return SIPPUSH_SDP_SETUP_NONE;
}

/* RFC 4975 §9 format-entry: type "/" subtype, type "/" "*", or "*" (RFC 2045 tokens). */
static gboolean
accept_type_is_valid (const char *t)
{
  const char *slash = strchr (t, '/');

  if (strcmp (t, "*") == 0)
    return TRUE;
  if (slash == NULL || slash == t || slash[1] == '\0')
    return FALSE;
  for (const char *p = t; *p != '\0'; p++)
    if (p != slash && !sippush_scan_is (SIPPUSH_CHARS_MIME_TOKEN, *p))
      return FALSE;
  return TRUE;
}

/* The value of the only @name attribute, trimmed; NULL when absent, repeated or empty. */
static gchar *
unique_trimmed (const sdp_attribute_t *list, const char *name)
{
  gboolean twice = FALSE;
  const sdp_attribute_t *a = find_unique (list, name, &twice);
  if (a == NULL || twice)
    return NULL;
  gchar *v = g_strstrip (g_strdup (attr_value (a)));
  if (v[0] == '\0')
    g_clear_pointer (&v, g_free);
  return v;
}

/* R-INV-8: what RFC 5547 says about the file, for the application. */
static void
media_fill_metadata (const sdp_media_t *m, SipPushSdpMedia *out)
{
  out->disposition = unique_trimmed (m->m_attributes, "file-disposition");
  if (out->disposition == NULL)
    out->disposition = unique_trimmed (m->m_attributes, "disposition"); /* the seed's name */
  out->icon = unique_trimmed (m->m_attributes, "icon");

  g_autofree gchar *date = unique_trimmed (m->m_attributes, "file-date");
  g_autoptr (GError) error = NULL;
  if (date != NULL
      && sippush_file_date_parse (date, strlen (date), &out->dates, &error) != SIPPUSH_PARSE_OK)
    g_debug ("sdp: a=file-date ignored: %s", error->message);
}

/* R-SEC-3: the first a=fingerprint we take, of the media, else of the session (RFC 8122
 * §5). Weak or broken ones are skipped: without one, the peer is verified by its CA. */
static void
media_fill_fingerprint (const sdp_media_t *m, const sdp_session_t *sess, SipPushSdpMedia *out)
{
  const sdp_attribute_t *lists[] = { m->m_attributes, sess->sdp_attributes };
  for (gsize l = 0; l < G_N_ELEMENTS (lists) && !out->has_fingerprint; l++)
    for (const sdp_attribute_t *a = lists[l]; a != NULL && !out->has_fingerprint; a = a->a_next)
      if (a->a_name != NULL && g_ascii_strcasecmp (a->a_name, "fingerprint") == 0)
        {
          g_autoptr (GError) error = NULL;
          const char *v = attr_value (a);
          if (sippush_fingerprint_parse (v, strlen (v), &out->fingerprint, &error)
              == SIPPUSH_PARSE_OK)
            out->has_fingerprint = TRUE;
          else
            g_debug ("sdp: a=fingerprint skipped: %s", error->message);
        }
}

/* The i= line of each media (R-INV-8), read from the text: sofia-sip 1.12.11 leaves a
 * media's m_information empty. Lines are cut as media_lines_are_valid() cuts them. */
static void
media_descriptions (const char *sdp, gsize len, SipPushSdpOffer *offer)
{
  gsize i = 0;
  gint media = -1;

  while (i < len)
    {
      gsize end = i;
      while (end < len && sdp[end] != '\r' && sdp[end] != '\n')
        end++;
      while (i < end && (sdp[i] == ' ' || sdp[i] == '\t'))
        i++;
      if (end - i >= 2 && sdp[i] == 'm' && sdp[i + 1] == '=')
        media++;
      else if (end - i > 2 && sdp[i] == 'i' && sdp[i + 1] == '=' && media >= 0
               && (guint) media < offer->n_media && offer->media[media].description == NULL)
        offer->media[media].description = g_strndup (sdp + i + 2, end - i - 2);
      i = end + 1;
    }
}

/* Copies what we need of one sofia media into @out and decides whether it is usable.
 * Returns the reason it is not, or NULL. */
static const char *
media_fill (const sdp_media_t *m, const sdp_session_t *sess, SipPushSdpMedia *out)
{
  const sdp_attribute_t *a;
  const char *why = NULL;
  gboolean twice = FALSE;
  GString *formats = g_string_new (NULL);

  out->media_type = g_strdup (m->m_type_name != NULL ? m->m_type_name : "message");
  out->proto = g_strdup (m->m_proto_name != NULL ? m->m_proto_name : "TCP/MSRP");
  for (const sdp_list_t *l = m->m_format; l != NULL; l = l->l_next)
    if (l->l_text != NULL && l->l_text[0] != '\0')
      g_string_append_printf (formats, "%s%s", formats->len ? " " : "", l->l_text);
  /* sofia keeps RTP payload types apart from the other formats. */
  for (const sdp_rtpmap_t *rm = m->m_rtpmaps; rm != NULL; rm = rm->rm_next)
    if (rm->rm_any)
      g_string_append_printf (formats, "%s*", formats->len ? " " : "");
    else
      g_string_append_printf (formats, "%s%u", formats->len ? " " : "", (guint) rm->rm_pt);
  out->formats = g_string_free (formats, formats->len == 0);
  out->sendonly = m->m_mode == sdp_sendonly;

  a = find_unique (m->m_attributes, "setup", &twice);
  if (a == NULL && !twice)
    a = find_unique (sess->sdp_attributes, "setup", &twice);
  if (a != NULL)
    out->setup = setup_from_text (attr_value (a));
  if (twice)
    why = "a=setup given twice";

  twice = FALSE;
  a = find_unique (m->m_attributes, "path", &twice);
  if (a != NULL)
    out->path = g_strdup (attr_value (a));
  if (twice)
    why = "a=path given twice";

  twice = FALSE;
  a = find_unique (m->m_attributes, "accept-types", &twice);
  if (a != NULL)
    out->accept_types = split_spaces (attr_value (a));
  if (twice)
    why = "a=accept-types given twice";

  twice = FALSE;
  a = find_unique (m->m_attributes, "file-transfer-id", &twice);
  if (a != NULL)
    out->file_transfer_id = g_strdup (attr_value (a));
  if (twice)
    why = "a=file-transfer-id given twice";

  twice = FALSE;
  a = find_unique (m->m_attributes, "max-size", &twice);
  if (a != NULL)
    {
      const char *v = attr_value (a);
      if (sippush_scan_decimal_all (v, strlen (v), 0, G_MAXUINT64, &out->max_size))
        out->has_max_size = TRUE;
      else
        why = "bad a=max-size";
    }
  if (twice)
    why = "a=max-size given twice";

  twice = FALSE;
  a = find_unique (m->m_attributes, "file-selector", &twice);
  if (a != NULL)
    {
      GError *error = NULL;
      const char *v = attr_value (a);

      out->file_selector_raw = g_strdup (v);
      if (sippush_file_selector_parse (v, strlen (v), &out->file, &error) == SIPPUSH_PARSE_OK)
        out->has_file_selector = TRUE;
      else
        {
          g_debug ("sdp: %s", error->message);
          why = "bad a=file-selector";
          g_error_free (error);
        }
    }
  if (twice)
    why = "a=file-selector given twice";

  media_fill_fingerprint (m, sess, out);
  media_fill_metadata (m, out);
  if (why != NULL)
    return why;
  if (m->m_type_name == NULL || g_ascii_strcasecmp (m->m_type_name, "message") != 0)
    return "not m=message";
  out->tls = m->m_proto_name != NULL && g_ascii_strcasecmp (m->m_proto_name, "TCP/TLS/MSRP") == 0;
  if (!out->tls
      && (m->m_proto_name == NULL || g_ascii_strcasecmp (m->m_proto_name, "TCP/MSRP") != 0))
    return "not TCP/MSRP or TCP/TLS/MSRP";
  if (m->m_port == 0 || m->m_rejected)
    return "port 0";
  if (m->m_port > G_MAXUINT16)
    return "port out of range";
  if (out->path == NULL || !path_is_usable (out->path, out->tls))
    return "no usable a=path";
  if (out->accept_types == NULL || out->accept_types[0] == NULL)
    return "no a=accept-types";
  for (gsize i = 0; out->accept_types[i] != NULL; i++)
    if (!accept_type_is_valid (out->accept_types[i]))
      return "bad entry in a=accept-types";
  return NULL;
}

/* One field of an m= line (RFC 4566 §5.14): media and formats are tokens, the port is
 * digits with an optional "/count", the proto is tokens joined by "/". */
static gboolean
media_field_is_valid (const char *p, gsize n, guint field)
{
  gsize i = 0, part;

  if (field == 2)
    {
      for (part = 0; part < 2 && i < n; part++)
        {
          if (sippush_scan_span (p, n, &i, SIPPUSH_CHARS_DIGIT) == 0)
            return FALSE;
          if (i < n && (p[i] != '/' || part == 1))
            return FALSE;
          if (i < n)
            i++;
        }
      return i == n && p[n - 1] != '/';
    }
  for (;;)
    {
      /* RFC 4566 tokens: the set sofia-sip's SDP parser takes in an m= format. */
      if (sippush_scan_span (p, n, &i, SIPPUSH_CHARS_SDP_TOKEN) == 0)
        return FALSE;
      if (i == n)
        return TRUE;
      if (field != 3 || p[i] != '/')
        return FALSE;
      i++;
    }
}

/* sofia-sip 1.12.11 loops, allocating until memory runs out, when the format list of an
 * m= line of a non-RTP proto starts with a character outside its token set (found by
 * fuzz-sdp-msrp: "m=message 1 TCP/MSRP (", or a stray byte in the port or the proto, takes
 * gigabytes). Every field of an m= line has a strict syntax (media_field_is_valid()), so an
 * offer with anything else there is refused before sofia sees it. The lines are cut the way
 * sofia's parser cuts them: at any CR or LF, leading spaces and tabs skipped. The fields must
 * be separated by spaces only: a tab after the proto makes sofia loop too. Counts the m= lines
 * into @n_lines. */
static gboolean
media_lines_are_valid (const char *sdp, gsize len, guint *n_lines)
{
  gsize i = 0;

  *n_lines = 0;
  while (i < len)
    {
      gsize end = i;
      while (end < len && sdp[end] != '\r' && sdp[end] != '\n')
        end++;
      while (i < end && (sdp[i] == ' ' || sdp[i] == '\t'))
        i++;
      if (end - i >= 2 && sdp[i] == 'm' && sdp[i + 1] == '=')
        {
          guint field = 0;
          gsize k = i + 2;

          if (*n_lines < G_MAXUINT)
            (*n_lines)++;
          while (k < end && (sdp[k] == ' ' || sdp[k] == '\t'))
            k++;
          while (k < end)
            {
              gsize start;

              if (sdp[k] == ' ')
                {
                  k++;
                  continue;
                }
              for (start = k; k < end && sdp[k] != ' '; k++)
                ;
              if (field < G_MAXUINT)
                field++;
              if (!media_field_is_valid (sdp + start, k - start, field))
                return FALSE;
            }
        }
      i = end + 1;
    }
  return TRUE;
}

SipPushParseResult
sippush_sdp_offer_parse (const char *sdp, gsize len, SipPushSdpOffer **out, GError **error)
{
  sdp_parser_t *parser;
  sdp_session_t *sess;
  const char *perr;
  SipPushSdpOffer *offer;
  guint n = 0, n_lines, i;

  g_return_val_if_fail (out != NULL, SIPPUSH_PARSE_MALFORMED);
  *out = NULL;
  if (sdp == NULL || len == 0)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "SDP: empty");
  if (len > SIPPUSH_SDP_MAX_LEN)
    return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE, "SDP: larger than %d bytes",
                               SIPPUSH_SDP_MAX_LEN);
  /* sofia copies with strncpy: a NUL would silently cut the offer short. */
  if (memchr (sdp, '\0', len) != NULL)
    {
      return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "SDP: NUL byte");
    }

  if (!media_lines_are_valid (sdp, len, &n_lines))
    {
      return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "SDP: malformed m= line");
    }

  /* A NULL home: the parser gets its own, freed with it. c= means nothing to MSRP
   * (RFC 4975 §8.1), so its absence is no reason to refuse. */
  parser = sdp_parse (NULL, sdp, (issize_t) len, sdp_f_c_missing);
  if (parser == NULL)
    {
      return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "SDP: out of memory");
    }
  perr = sdp_parsing_error (parser);
  sess = sdp_session (parser);
  if (perr != NULL || sess == NULL)
    {
      sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "SDP: %s",
                          perr != NULL ? perr : "no session");
      sdp_parser_free (parser);
      return SIPPUSH_PARSE_MALFORMED;
    }

  for (const sdp_media_t *m = sess->sdp_media; m != NULL; m = m->m_next)
    n++;
  /* sofia stops reading, without an error, at a line it cannot parse ("a" alone): its
   * media list would then be a partial offer, and the answer would lose m= lines. */
  if (n != n_lines)
    {
      sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                          "SDP: %u of %u m= lines readable (an unparsable line before them)", n,
                          n_lines);
      sdp_parser_free (parser);
      return SIPPUSH_PARSE_MALFORMED;
    }
  if (n > SIPPUSH_SDP_MAX_MEDIA)
    {
      sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE, "SDP: more than %d m= lines",
                          SIPPUSH_SDP_MAX_MEDIA);
      sdp_parser_free (parser);
      return SIPPUSH_PARSE_TOO_LARGE;
    }

  offer = g_new0 (SipPushSdpOffer, 1);
  offer->n_media = n;
  offer->media = g_new0 (SipPushSdpMedia, MAX (n, 1));
  i = 0;
  for (const sdp_media_t *m = sess->sdp_media; m != NULL; m = m->m_next, i++)
    {
      const char *why = media_fill (m, sess, &offer->media[i]);

      offer->media[i].usable = why == NULL;
      if (why != NULL)
        g_debug ("sdp: m= line %u not usable: %s", i, why);
    }
  sdp_parser_free (parser);
  media_descriptions (sdp, len, offer);
  *out = offer;
  return SIPPUSH_PARSE_OK;
}

void
sippush_sdp_offer_free (SipPushSdpOffer *offer)
{
  if (offer == NULL)
    return;
  for (guint i = 0; i < offer->n_media; i++)
    {
      SipPushSdpMedia *m = &offer->media[i];

      g_free (m->path);
      g_strfreev (m->accept_types);
      sippush_file_selector_clear (&m->file);
      g_free (m->file_selector_raw);
      g_free (m->file_transfer_id);
      g_free (m->media_type);
      g_free (m->proto);
      g_free (m->formats);
      g_free (m->description);
      g_free (m->disposition);
      sippush_file_dates_clear (&m->dates);
      g_free (m->icon);
    }
  g_free (offer->media);
  g_free (offer);
}

/* Text that goes into a line of the answer: present, not empty, one line. */
static gboolean
line_text_ok (const char *s)
{
  return s != NULL && s[0] != '\0' && strpbrk (s, "\r\n") == NULL;
}

static gboolean
append_media (GString *out, const SipPushSdpMedia *m, const SipPushSdpAnswerMedia *a, guint16 port)
{
  if (!a->accepted)
    {
      /* R-INV-4: a refused line keeps the offer's type, proto and formats, with port 0
       * (RFC 3264 §6); what cannot be echoed safely falls back to an MSRP line. An offer
       * without formats (sofia takes "m=audio 1 RTP/AVP") gets none back: "*" would not
       * parse for RTP. */
      const char *formats = m->formats == NULL          ? NULL
                            : line_text_ok (m->formats) ? m->formats
                                                        : "*";
      g_string_append_printf (out, "m=%s 0 %s%s%s\r\n",
                              token_text_ok (m->media_type) ? m->media_type : "message",
                              token_text_ok (m->proto) ? m->proto : "TCP/MSRP",
                              formats != NULL ? " " : "", formats != NULL ? formats : "");
      return TRUE;
    }

  if (!m->usable || port == 0 || !line_text_ok (a->path) || a->accept_types == NULL
      || a->accept_types[0] == NULL)
    return FALSE;
  if (a->setup != SIPPUSH_SDP_SETUP_NONE && a->setup != SIPPUSH_SDP_SETUP_ACTIVE
      && a->setup != SIPPUSH_SDP_SETUP_PASSIVE)
    return FALSE;

  /* R-INV-5 */
  g_string_append_printf (out, "m=message %u %s *\r\na=recvonly\r\na=accept-types:", (guint) port,
                          m->tls ? "TCP/TLS/MSRP" : "TCP/MSRP");
  for (gsize i = 0; a->accept_types[i] != NULL; i++)
    {
      if (!token_text_ok (a->accept_types[i]))
        return FALSE;
      g_string_append_printf (out, "%s%s", i ? " " : "", a->accept_types[i]);
    }
  gboolean cpim = FALSE;
  for (gsize i = 0; a->accept_types[i] != NULL; i++)
    cpim |= g_ascii_strcasecmp (a->accept_types[i], "message/cpim") == 0;
  if (cpim)
    {
      /* RFC 4975 §8.6: what may travel inside the wrapper. */
      g_string_append (out, "\r\na=accept-wrapped-types:");
      if (a->wrapped_types == NULL || a->wrapped_types[0] == NULL)
        g_string_append (out, "*");
      for (gsize i = 0; a->wrapped_types && a->wrapped_types[i] != NULL; i++)
        {
          if (!token_text_ok (a->wrapped_types[i]))
            return FALSE;
          g_string_append_printf (out, "%s%s", i ? " " : "", a->wrapped_types[i]);
        }
    }
  g_string_append_printf (out, "\r\na=path:%s\r\n", a->path);
  if (a->has_max_size)
    g_string_append_printf (out, "a=max-size:%" G_GUINT64_FORMAT "\r\n", a->max_size);
  if (a->setup != SIPPUSH_SDP_SETUP_NONE)
    g_string_append_printf (out, "a=setup:%s\r\n",
                            a->setup == SIPPUSH_SDP_SETUP_ACTIVE ? "active" : "passive");
  if (a->fingerprint != NULL)
    {
      if (!line_text_ok (a->fingerprint))
        return FALSE;
      g_string_append_printf (out, "a=fingerprint:%s\r\n", a->fingerprint);
    }
  if (m->file_selector_raw != NULL)
    {
      if (strpbrk (m->file_selector_raw, "\r\n") != NULL)
        return FALSE;
      g_string_append_printf (out, "a=file-selector:%s\r\n", m->file_selector_raw);
    }
  if (m->file_transfer_id != NULL)
    {
      if (strpbrk (m->file_transfer_id, "\r\n") != NULL)
        return FALSE;
      g_string_append_printf (out, "a=file-transfer-id:%s\r\n", m->file_transfer_id);
    }
  return TRUE;
}

gchar *
sippush_sdp_answer_build (const SipPushSdpOffer *offer, const SipPushSdpAnswerMedia *answers,
                          const char *address, guint16 port, guint64 session_id)
{
  GInetAddress *inet;
  const char *family;
  GString *out;

  if (offer == NULL || (offer->n_media > 0 && answers == NULL) || !token_text_ok (address)
      || strchr (address, '%') != NULL)
    {
      g_debug ("sdp answer: bad arguments");
      return NULL;
    }
  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_debug ("sdp answer: '%s' is not an IP literal", address);
      return NULL;
    }
  family = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 ? "IP6" : "IP4";
  g_object_unref (inet);

  out = g_string_new (NULL);
  g_string_append_printf (out,
                          "v=0\r\n"
                          "o=- %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " IN %s %s\r\n"
                          "s=-\r\n"
                          "c=IN %s %s\r\n"
                          "t=0 0\r\n",
                          session_id, session_id, family, address, family, address);
  for (guint i = 0; i < offer->n_media; i++)
    if (!append_media (out, &offer->media[i], &answers[i], port))
      {
        g_debug ("sdp answer: m= line %u cannot be answered as asked", i);
        g_string_free (out, TRUE);
        return NULL;
      }
  return g_string_free (out, FALSE);
}
