/* Unit tests for MSRP SDP offers and answers (R-INV-1, R-INV-4, R-INV-5). */
#include "check-main.h"
#include <string.h>

#include <sofia-sip/sdp.h>

#include "sdp/offer-answer.h"

/* The D.5 offer. Departs from the seed's text in layout only: the blank lines and the
 * indentation of the document are dropped, lines end in CRLF, and the file-selector, folded
 * over two lines in the seed, is one line (single space before "size:"). Kept as in the seed:
 * the empty "s=", "a=disposition: not-render" (RFC 5547 says file-disposition) and the space
 * inside the a=icon cid. */
static const char d5_offer[]
    = "v=0\r\n"
      "o=push 2890844526 2890844526 IN IP4 push-sender-agent.example.com\r\n"
      "s=\r\n"
      "c=IN IP4 push-sender-agent.example.com\r\n"
      "t=0 0\r\n"
      "m=message 7654 TCP/MSRP *\r\n"
      "i=This is my latest picture\r\n"
      "a=sendonly\r\n"
      "a=accept-types:message/cpim\r\n"
      "a=accept-wrapped-types:*\r\n"
      "a=path:msrp://push-sender-agent.example.com:7654/jshA7we;tcp\r\n"
      "a=file-selector:name:\"My cool picture.jpg\" type:image/jpeg size:4092 "
      "hash:sha-1:72245FE8653DDAF371362F86D471913EE4A2CE2E\r\n"
      "a=disposition: not-render\r\n"
      "a=file-date:creation:\"Mon, 15 May 2006 15:01:31 +03:00\"\r\n"
      "a=icon:cid:id2@ push-sender-agent.example.com\r\n";

#define D5_SELECTOR                                                                                \
  "name:\"My cool picture.jpg\" type:image/jpeg size:4092 "                                        \
  "hash:sha-1:72245FE8653DDAF371362F86D471913EE4A2CE2E"

static const guint8 d5_sha1[20] = { 0x72, 0x24, 0x5F, 0xE8, 0x65, 0x3D, 0xDA, 0xF3, 0x71, 0x36,
                                    0x2F, 0x86, 0xD4, 0x71, 0x91, 0x3E, 0xE4, 0xA2, 0xCE, 0x2E };

static const char *const types_cpim[] = { "message/cpim", NULL };

/* Parses a copy without a NUL terminator, so that a read past the end shows under ASan. */
static SipPushSdpOffer *
parse (const char *text, gsize len)
{
  GError *error = NULL;
  char *copy = g_memdup2 (text, len ? len : 1);
  SipPushSdpOffer *offer = NULL;
  SipPushParseResult r = sippush_sdp_offer_parse (copy, len, &offer, &error);

  ck_assert ((offer == NULL) == (error != NULL));
  ck_assert ((r == SIPPUSH_PARSE_OK) == (offer != NULL));
  ck_assert (error == NULL || error->domain == SIPPUSH_PARSE_ERROR);
  g_clear_error (&error);
  g_free (copy);
  return offer;
}

static SipPushSdpOffer *
parse_str (const char *text)
{
  return parse (text, strlen (text));
}

/* R-INV-4, R-MSRP-5: everything D.5 offers is read. */
START_TEST (test_sdp_d5_offer)
{
  SipPushSdpOffer *offer = parse_str (d5_offer);
  SipPushSdpMedia *m;

  ck_assert_ptr_nonnull (offer);
  ck_assert_uint_eq (offer->n_media, 1);
  m = &offer->media[0];
  ck_assert (m->usable);
  ck_assert (m->sendonly);
  ck_assert_str_eq (m->path, "msrp://push-sender-agent.example.com:7654/jshA7we;tcp");
  ck_assert_ptr_nonnull (m->accept_types);
  ck_assert_str_eq (m->accept_types[0], "message/cpim");
  ck_assert_ptr_null (m->accept_types[1]);
  ck_assert_int_eq (m->setup, SIPPUSH_SDP_SETUP_NONE);
  ck_assert (m->has_file_selector);
  ck_assert_str_eq (m->file_selector_raw, D5_SELECTOR);
  ck_assert_str_eq (m->file.name, "My cool picture.jpg");
  ck_assert_str_eq (m->file.type, "image/jpeg");
  ck_assert (m->file.has_size);
  ck_assert_uint_eq (m->file.size, 4092);
  ck_assert (m->file.has_sha1);
  ck_assert_mem_eq (m->file.sha1, d5_sha1, 20);
  ck_assert_ptr_null (m->file_transfer_id);
  ck_assert (!m->has_max_size);
  sippush_sdp_offer_free (offer);
}
END_TEST

/* The same offer with bare LF line ends reads the same. */
START_TEST (test_sdp_lf_only)
{
  gchar **lines = g_strsplit (d5_offer, "\r\n", -1);
  gchar *lf = g_strjoinv ("\n", lines);
  SipPushSdpOffer *offer = parse_str (lf);

  ck_assert_ptr_nonnull (offer);
  ck_assert_uint_eq (offer->n_media, 1);
  ck_assert (offer->media[0].usable);
  ck_assert_str_eq (offer->media[0].file_selector_raw, D5_SELECTOR);
  ck_assert_str_eq (offer->media[0].path, "msrp://push-sender-agent.example.com:7654/jshA7we;tcp");
  sippush_sdp_offer_free (offer);
  g_free (lf);
  g_strfreev (lines);
}
END_TEST

#define HEAD                                                                                       \
  "v=0\r\n"                                                                                        \
  "o=- 1 1 IN IP4 192.0.2.1\r\n"                                                                   \
  "s=-\r\n"                                                                                        \
  "c=IN IP4 192.0.2.1\r\n"                                                                         \
  "t=0 0\r\n"

/* R-INV-4: one m= line per file; each is judged on its own. */
START_TEST (test_sdp_media_table)
{
  static const struct
  {
    const char *media;
    gboolean usable;
  } rows[] = {
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n",
      TRUE },
    /* proto and scheme are case-insensitive */
    { "m=message 7654 tcp/msrp *\r\na=accept-types:text/plain\r\n"
      "a=path:MSRP://192.0.2.1:7654/abc;tcp\r\n",
      TRUE },
    /* a relay path: two URIs */
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:*\r\n"
      "a=path:msrp://relay.example.net:2855/r1;tcp  msrp://[2001:db8::1]:7654/abc;tcp\r\n",
      TRUE },
    /* MSRP over TLS (R-SEC-3): proto and every scheme name the same transport */
    { "m=message 7654 TCP/TLS/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrps://192.0.2.1:7654/abc;tcp\r\n",
      TRUE },
    { "m=message 7654 tcp/tls/msrp *\r\na=accept-types:text/plain\r\n"
      "a=path:MSRPS://relay.example.net:2855/r1;tcp msrps://192.0.2.1:7654/abc;tcp\r\n",
      TRUE },
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrps://192.0.2.1:7654/abc;tcp\r\n",
      FALSE },
    { "m=message 7654 TCP/TLS/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n",
      FALSE },
    { "m=message 7654 TCP/TLS/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrps://relay.example.net:2855/r1;tcp msrp://192.0.2.1:7654/abc;tcp\r\n",
      FALSE },
    /* port 0 */
    { "m=message 0 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n",
      FALSE },
    { "m=message 65536 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n",
      FALSE },
    /* missing path */
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n", FALSE },
    /* unparseable paths */
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\na=path:\r\n", FALSE },
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:sip:192.0.2.1:7654/abc;tcp\r\n",
      FALSE },
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrp://192.0.2.1:7654/abc\r\n",
      FALSE },
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrp:///abc;tcp\r\n",
      FALSE },
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrp://h/a b;tcp\r\n",
      FALSE },
    /* two paths */
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\na=path:msrp://192.0.2.1:7654/abd;tcp\r\n",
      FALSE },
    /* R-INV-1: no accept-types, or an empty one */
    { "m=message 7654 TCP/MSRP *\r\na=path:msrp://192.0.2.1:7654/abc;tcp\r\n", FALSE },
    { "m=message 7654 TCP/MSRP *\r\na=accept-types: \r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n",
      FALSE },
    /* accept-types entries are media types or "*" (RFC 4975) */
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain : image/*\r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n",
      FALSE },
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain;charset=utf-8\r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n",
      FALSE },
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:message/cpim image/* *\r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n",
      TRUE },
    /* not message media */
    { "m=audio 7654 RTP/AVP 0\r\na=accept-types:text/plain\r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n",
      FALSE },
    /* a bad file-selector spoils only its own line */
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\na=file-selector:size:12x\r\n",
      FALSE },
    { "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\na=max-size:99999999999999999999\r\n",
      FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      /* Each row between two good lines: its verdict must not leak into them. */
      gchar *text = g_strconcat (HEAD, rows[0].media, rows[i].media, rows[0].media, NULL);
      SipPushSdpOffer *offer = parse_str (text);

      ck_assert_msg (offer != NULL, "row %zu", i);
      ck_assert_uint_eq (offer->n_media, 3);
      ck_assert_msg (offer->media[1].usable == rows[i].usable, "row %zu", i);
      ck_assert (offer->media[0].usable && offer->media[2].usable);
      sippush_sdp_offer_free (offer);
      g_free (text);
    }
}
END_TEST

START_TEST (test_sdp_attributes)
{
  SipPushSdpOffer *offer = parse_str (HEAD "a=setup:passive\r\n"
                                           "m=message 7654 TCP/MSRP *\r\n"
                                           "a=accept-types:message/cpim  text/plain\r\n"
                                           "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n"
                                           "a=file-transfer-id:vBnG916bdberum2fFEABR1FR3ExZMUrd\r\n"
                                           "a=max-size:1048576\r\n"
                                           "a=setup:actpass\r\n"
                                           "m=message 7655 TCP/MSRP *\r\n"
                                           "a=accept-types:text/plain\r\n"
                                           "a=path:msrp://192.0.2.1:7655/abd;tcp\r\n"
                                           "a=file-selector:\r\n");
  SipPushSdpMedia *m;

  ck_assert_ptr_nonnull (offer);
  ck_assert_uint_eq (offer->n_media, 2);
  m = &offer->media[0];
  ck_assert (m->usable);
  ck_assert (!m->sendonly);
  ck_assert_uint_eq (g_strv_length (m->accept_types), 2);
  ck_assert_str_eq (m->accept_types[1], "text/plain");
  ck_assert_str_eq (m->file_transfer_id, "vBnG916bdberum2fFEABR1FR3ExZMUrd");
  ck_assert (m->has_max_size);
  ck_assert_uint_eq (m->max_size, 1048576);
  ck_assert_int_eq (m->setup, SIPPUSH_SDP_SETUP_ACTPASS);
  ck_assert (!m->has_file_selector || m->file_selector_raw != NULL);
  m = &offer->media[1];
  ck_assert (m->usable);
  /* The session-level a=setup applies where the media has none. */
  ck_assert_int_eq (m->setup, SIPPUSH_SDP_SETUP_PASSIVE);
  /* An empty file-selector selects nothing; it is still echoed. */
  ck_assert (m->has_file_selector);
  ck_assert_str_eq (m->file_selector_raw, "");
  sippush_sdp_offer_free (offer);
}
END_TEST

/* The direction: media-level, or inherited from the session level. */
START_TEST (test_sdp_direction)
{
  static const struct
  {
    const char *session, *media;
    gboolean sendonly;
  } rows[] = {
    { "", "", FALSE },
    { "", "a=sendonly\r\n", TRUE },
    { "a=sendonly\r\n", "", TRUE },
    { "a=sendonly\r\n", "a=sendrecv\r\n", FALSE },
    { "", "a=recvonly\r\n", FALSE },
    { "", "a=inactive\r\n", FALSE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gchar *text = g_strconcat (HEAD, rows[i].session,
                                 "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
                                 "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n",
                                 rows[i].media, NULL);
      SipPushSdpOffer *offer = parse_str (text);
      ck_assert_ptr_nonnull (offer);
      ck_assert_msg (offer->media[0].sendonly == rows[i].sendonly, "row %zu", i);
      ck_assert (offer->media[0].usable);
      sippush_sdp_offer_free (offer);
      g_free (text);
    }
}
END_TEST

/* Whole offers that are refused with an error. */
START_TEST (test_sdp_unparseable)
{
  static const char nul_offer[] = HEAD "m=message 7654 TCP/MSRP *\r\na=path:x\0y\r\n";
  gchar *huge;

  ck_assert_ptr_null (parse ("", 0));
  ck_assert_ptr_null (parse_str ("hello\r\n"));
  ck_assert_ptr_null (parse_str ("v=0\r\nm=message\r\n"));
  ck_assert_ptr_null (parse (nul_offer, sizeof nul_offer - 1));
  /* sofia-sip loops until memory runs out on a non-token format; refused before it. */
  ck_assert_ptr_null (parse_str (HEAD "m=message 7654 TCP/MSRP (\r\n"));
  ck_assert_ptr_null (parse_str (HEAD "m=message 7654 TCP/MSRP * \xf3\r\n"));
  ck_assert_ptr_null (parse_str ("v=0\nm=a 1 IN x\t\r\n"));
  ck_assert_ptr_null (parse_str (HEAD "m=message 7654 TCP/M\xff R\r\n"));
  ck_assert_ptr_null (parse_str (HEAD "m=message 7654x / *\r\n"));
  ck_assert_ptr_null (parse_str (HEAD "m=message 7654 TCP//MSRP *\r\n"));
  ck_assert_ptr_null (parse_str (HEAD "m=message 7654 TCP/MSRP \t\r\n"));
  /* sofia skips leading blanks: this is an m= line to it too. */
  ck_assert_ptr_null (parse_str (HEAD "m=message 7654 TCP/MSRP *\r\tm=message 1 T\xff *\r\n"));

  huge = g_strnfill (SIPPUSH_SDP_MAX_LEN + 1, 'a');
  memcpy (huge, HEAD, strlen (HEAD));
  ck_assert_ptr_null (parse (huge, SIPPUSH_SDP_MAX_LEN + 1));
  g_free (huge);

  GString *many = g_string_new (HEAD);
  for (guint i = 0; i <= SIPPUSH_SDP_MAX_MEDIA; i++)
    g_string_append (many, "m=message 7654 TCP/MSRP *\r\n");
  ck_assert_ptr_null (parse (many->str, many->len));
  g_string_free (many, TRUE);

  /* R-SEC-1: a format that is not a token made sofia-sip's parser loop for ever (and grow
   * without bound); such m= lines never reach it. Found by test_invite_hostile.py. */
  static const char *const endless[] = {
    HEAD "m=message 7654 TCP/MSRP =\r\n",
    HEAD "m=message 7654 TCP/MSRP * :\r\n",
    HEAD "m=message 7654 TCP/MSRP \"x\"\r\n",
    HEAD "m=message 7654 TCP/:\xff=MSRP *\r\n",
    HEAD " m=message 7654 TCP/MSRP /x\na=path:msrp://h:1/s;tcp\n",
    HEAD "m=message 7654TCP /MSRP *\r\n", /* found by fuzz-sdp-msrp */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (endless); i++)
    ck_assert_ptr_null (parse_str (endless[i]));

  /* R-INV-4: sofia-sip stops reading, without an error, at a line of one character:
   * its media list would miss the m= lines after it, and the answer would lose them.
   * Found by test_invite_hostile.py (a re-INVITE adding a file was answered 200). */
  static const char *const cut_short[] = {
    HEAD "m=message 7654 TCP/MSRP *\r\na\r\nm=message 7655 TCP/MSRP *\r\n",
    HEAD "m=message 7654 TCP/MSRP *\n=\nm=message 7655 TCP/MSRP *\n",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cut_short); i++)
    ck_assert_ptr_null (parse_str (cut_short[i]));

  /* No c= line is no reason to refuse an MSRP offer. */
  SipPushSdpOffer *offer = parse_str ("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"
                                      "m=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
                                      "a=path:msrp://192.0.2.1:7654/abc;tcp\r\n");
  ck_assert_ptr_nonnull (offer);
  ck_assert (offer->media[0].usable);
  sippush_sdp_offer_free (offer);
}
END_TEST

static const sdp_attribute_t *
find (const sdp_media_t *m, const char *name)
{
  return sdp_attribute_find (m->m_attributes, name);
}

/* R-INV-4, R-INV-5: the answer has one line per offer, refused ones with port 0, and parses
 * back with sofia-sip with every attribute in place. */
START_TEST (test_sdp_answer_round_trip)
{
  gchar *text = g_strconcat (d5_offer,
                             "m=message 7655 TCP/MSRP *\r\n"
                             "a=accept-types:text/plain\r\n"
                             "a=path:msrp://push-sender-agent.example.com:7655/x;tcp\r\n"
                             "a=file-transfer-id:abc123\r\n"
                             "m=message 7656 TCP/TLS/MSRP *\r\n"
                             "a=accept-types:text/plain\r\n"
                             "a=path:msrps://push-sender-agent.example.com:7656/y;tcp\r\n",
                             NULL);
  SipPushSdpOffer *offer = parse_str (text);
  const char *const types2[] = { "text/plain", "image/jpeg", NULL };
  SipPushSdpAnswerMedia answers[3] = {
    { TRUE, "msrp://192.0.2.9:2855/s0abc;tcp", types_cpim, TRUE, 5000000, SIPPUSH_SDP_SETUP_PASSIVE,
      NULL, NULL },
    { FALSE, NULL, NULL, FALSE, 0, SIPPUSH_SDP_SETUP_NONE, NULL, NULL },
    { FALSE, NULL, NULL, FALSE, 0, SIPPUSH_SDP_SETUP_NONE, NULL, NULL },
  };
  gchar *answer;
  sdp_parser_t *parser;
  sdp_session_t *sess;
  const sdp_media_t *m;

  ck_assert_ptr_nonnull (offer);
  ck_assert_uint_eq (offer->n_media, 3);
  ck_assert (offer->media[0].usable && offer->media[1].usable && offer->media[2].usable);
  ck_assert (!offer->media[1].tls && offer->media[2].tls);

  answer = sippush_sdp_answer_build (offer, answers, "192.0.2.9", 2855, 42);
  ck_assert_ptr_nonnull (answer);
  ck_assert (g_str_has_prefix (answer, "v=0\r\no=- 42 42 IN IP4 192.0.2.9\r\n"));
  /* Every line ends in CRLF, and there is no bare LF. */
  ck_assert (g_str_has_suffix (answer, "\r\n"));
  for (const char *p = answer; (p = strchr (p, '\n')) != NULL; p++)
    ck_assert (p > answer && p[-1] == '\r');
  ck_assert_ptr_nonnull (strstr (answer, "\r\nm=message 0 TCP/MSRP *\r\n"));
  ck_assert_ptr_nonnull (strstr (answer, "\r\nm=message 0 TCP/TLS/MSRP *\r\n"));

  parser = sdp_parse (NULL, answer, (issize_t) strlen (answer), 0);
  ck_assert_ptr_nonnull (parser);
  ck_assert_ptr_null (sdp_parsing_error (parser));
  sess = sdp_session (parser);
  ck_assert_ptr_nonnull (sess);
  m = sess->sdp_media;
  ck_assert_uint_eq (m->m_port, 2855);
  ck_assert_uint_eq (m->m_mode, sdp_recvonly);
  ck_assert_str_eq (find (m, "accept-types")->a_value, "message/cpim");
  ck_assert_str_eq (find (m, "path")->a_value, "msrp://192.0.2.9:2855/s0abc;tcp");
  ck_assert_str_eq (find (m, "max-size")->a_value, "5000000");
  ck_assert_str_eq (find (m, "setup")->a_value, "passive");
  ck_assert_str_eq (find (m, "file-selector")->a_value, D5_SELECTOR);
  ck_assert_ptr_null (find (m, "file-transfer-id"));
  m = m->m_next;
  ck_assert_uint_eq (m->m_port, 0);
  ck_assert_ptr_null (m->m_attributes);
  m = m->m_next;
  ck_assert_uint_eq (m->m_port, 0);
  ck_assert_str_eq (m->m_proto_name, "TCP/TLS/MSRP");
  ck_assert_ptr_null (m->m_next);
  sdp_parser_free (parser);
  g_free (answer);

  /* Accept the second line instead, over IPv6, and read the answer with our own parser. */
  answers[0].accepted = FALSE;
  answers[1] = (SipPushSdpAnswerMedia){ TRUE,
                                        "msrp://[2001:db8::9]:2855/s1;tcp",
                                        (const gchar *const *) types2,
                                        FALSE,
                                        0,
                                        SIPPUSH_SDP_SETUP_NONE,
                                        NULL,
                                        NULL };
  answer = sippush_sdp_answer_build (offer, answers, "2001:db8::9", 2855, G_MAXUINT64);
  ck_assert_ptr_nonnull (answer);
  ck_assert_ptr_nonnull (strstr (answer, "\r\nc=IN IP6 2001:db8::9\r\n"));
  ck_assert_ptr_null (strstr (answer, "a=setup"));
  ck_assert_ptr_null (strstr (answer, "a=max-size"));
  SipPushSdpOffer *again = parse_str (answer);
  ck_assert_ptr_nonnull (again);
  ck_assert_uint_eq (again->n_media, 3);
  ck_assert (!again->media[0].usable && again->media[1].usable && !again->media[2].usable);
  ck_assert_str_eq (again->media[1].path, "msrp://[2001:db8::9]:2855/s1;tcp");
  ck_assert_str_eq (again->media[1].file_transfer_id, "abc123");
  ck_assert (g_strv_equal ((const gchar *const *) again->media[1].accept_types, types2));
  ck_assert (!again->media[1].sendonly);
  ck_assert_ptr_null (again->media[1].file_selector_raw);
  sippush_sdp_offer_free (again);
  g_free (answer);

  sippush_sdp_offer_free (offer);
  g_free (text);
}
END_TEST

/* R-SEC-3: a TLS offer's fingerprint (media level first, then session level; weak and
 * broken ones skipped) is read, and the answer is TCP/TLS/MSRP with our own fingerprint. */
START_TEST (test_sdp_tls_fingerprint)
{
#define FP_A                                                                                       \
  "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:C2:86:57:4D:"  \
  "E6"
#define FP_B                                                                                       \
  "00:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:C2:86:57:4D:"  \
  "E6"
  SipPushSdpOffer *offer = parse_str (
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n"
      "c=IN IP4 192.0.2.1\r\nt=0 0\r\n"
      "a=fingerprint:sha-256 " FP_B "\r\n"
      "m=message 7654 TCP/TLS/MSRP *\r\n"
      "a=accept-types:text/plain\r\n"
      "a=path:msrps://192.0.2.1:7654/a;tcp\r\n"
      "a=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB\r\n"
      "a=fingerprint:sha-256 4A:AD\r\n"
      "a=fingerprint:SHA-256 " FP_A "\r\n"
      "m=message 7655 TCP/TLS/MSRP *\r\n"
      "a=accept-types:text/plain\r\n"
      "a=path:msrps://192.0.2.1:7654/b;tcp\r\n"
      "m=message 7656 TCP/MSRP *\r\n"
      "a=accept-types:text/plain\r\n"
      "a=path:msrp://192.0.2.1:7654/c;tcp\r\n");
  ck_assert_ptr_nonnull (offer);
  ck_assert_uint_eq (offer->n_media, 3);
  for (guint i = 0; i < 3; i++)
    ck_assert (offer->media[i].usable && offer->media[i].has_fingerprint);
  ck_assert (offer->media[0].tls && offer->media[1].tls && !offer->media[2].tls);
  ck_assert_uint_eq (offer->media[0].fingerprint.digest[0], 0x4A);
  ck_assert_uint_eq (offer->media[1].fingerprint.digest[0], 0x00);

  SipPushSdpAnswerMedia answers[3] = {
    { TRUE, "msrps://192.0.2.9:2855/s0;tcp", types_cpim, FALSE, 0, SIPPUSH_SDP_SETUP_PASSIVE, NULL,
      "sha-256 " FP_B },
    { FALSE, NULL, NULL, FALSE, 0, SIPPUSH_SDP_SETUP_NONE, NULL, NULL },
    { TRUE, "msrp://192.0.2.9:2855/s2;tcp", types_cpim, FALSE, 0, SIPPUSH_SDP_SETUP_PASSIVE, NULL,
      NULL },
  };
  gchar *answer = sippush_sdp_answer_build (offer, answers, "192.0.2.9", 2855, 7);
  ck_assert_ptr_nonnull (answer);
  ck_assert_ptr_nonnull (strstr (answer, "\r\nm=message 2855 TCP/TLS/MSRP *\r\n"));
  ck_assert_ptr_nonnull (strstr (answer, "\r\nm=message 0 TCP/TLS/MSRP *\r\n"));
  ck_assert_ptr_nonnull (strstr (answer, "\r\nm=message 2855 TCP/MSRP *\r\n"));
  ck_assert_ptr_nonnull (strstr (answer, "\r\na=fingerprint:sha-256 " FP_B "\r\n"));
  SipPushSdpOffer *again = parse_str (answer);
  ck_assert_ptr_nonnull (again);
  ck_assert (again->media[0].usable && again->media[0].tls && again->media[0].has_fingerprint);
  ck_assert_uint_eq (again->media[0].fingerprint.digest[0], 0x00);
  ck_assert (again->media[2].usable && !again->media[2].tls && !again->media[2].has_fingerprint);
  sippush_sdp_offer_free (again);
  g_free (answer);
  /* A fingerprint that would break the line is refused. */
  answers[0].fingerprint = "sha-256 00\r\na=evil";
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, answers, "192.0.2.9", 2855, 8));
  sippush_sdp_offer_free (offer);
#undef FP_A
#undef FP_B
}
END_TEST

/* Nothing interpolated may break a line, and only active/passive may be answered. */
START_TEST (test_sdp_answer_refuses_bad_input)
{
  SipPushSdpOffer *offer = parse_str (d5_offer);
  const char *const bad_types[] = { "text/plain\r\na=evil", NULL };
  const char *const space_types[] = { "text/plain image/jpeg", NULL };
  const char *const no_types[] = { NULL };
  SipPushSdpAnswerMedia ok = { TRUE, "msrp://192.0.2.9:2855/s0;tcp", types_cpim, FALSE,
                               0,    SIPPUSH_SDP_SETUP_NONE,         NULL,       NULL };
  SipPushSdpAnswerMedia a;
  gchar *answer;

  ck_assert_ptr_nonnull (offer);
  answer = sippush_sdp_answer_build (offer, &ok, "192.0.2.9", 2855, 1);
  ck_assert_ptr_nonnull (answer);
  g_free (answer);

  a = ok;
  a.path = "msrp://192.0.2.9:2855/s0;tcp\r\na=evil";
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &a, "192.0.2.9", 2855, 1));
  a.path = "msrp://192.0.2.9:2855/s0;tcp\n";
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &a, "192.0.2.9", 2855, 1));
  a.path = "";
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &a, "192.0.2.9", 2855, 1));
  a = ok;
  a.accept_types = bad_types;
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &a, "192.0.2.9", 2855, 1));
  a.accept_types = space_types;
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &a, "192.0.2.9", 2855, 1));
  a.accept_types = no_types;
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &a, "192.0.2.9", 2855, 1));
  a = ok;
  a.setup = SIPPUSH_SDP_SETUP_ACTPASS;
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &a, "192.0.2.9", 2855, 1));
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &ok, "192.0.2.9\r\n", 2855, 1));
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &ok, "bobpc.example.com", 2855, 1));
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &ok, "fe80::1%eth0", 2855, 1));
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &ok, "192.0.2.9", 0, 1));

  /* An echoed value cannot carry a line break either (the offer is the caller's to edit). */
  g_free (offer->media[0].file_selector_raw);
  offer->media[0].file_selector_raw = g_strdup ("name:\"x\"\r\na=evil");
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &ok, "192.0.2.9", 2855, 1));

  /* A line that is not usable cannot be accepted. */
  offer->media[0].usable = FALSE;
  ck_assert_ptr_null (sippush_sdp_answer_build (offer, &ok, "192.0.2.9", 2855, 1));
  sippush_sdp_offer_free (offer);
}
END_TEST

/* R-INV-8: the D.5 offer's RFC 5547 metadata: i=, the seed's a=disposition (and
 * a=file-disposition, which wins), a=file-date, a=icon; unreadable ones are left out without
 * making the line unusable. */
START_TEST (test_sdp_file_metadata)
{
  SipPushSdpOffer *o = parse_str (d5_offer);
  const SipPushSdpMedia *m = &o->media[0];
  ck_assert (m->usable);
  ck_assert_str_eq (m->description, "This is my latest picture");
  ck_assert_str_eq (m->disposition, "not-render");
  ck_assert_str_eq (m->icon, "cid:id2@ push-sender-agent.example.com");
  ck_assert_ptr_nonnull (m->dates.creation);
  ck_assert_int_eq (g_date_time_get_year (m->dates.creation), 2006);
  ck_assert_int_eq (g_date_time_get_hour (m->dates.creation), 15);
  ck_assert_int_eq (g_date_time_get_utc_offset (m->dates.creation) / G_TIME_SPAN_SECOND, 3 * 3600);
  ck_assert_ptr_null (m->dates.modification);
  sippush_sdp_offer_free (o);

  o = parse_str ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                 "m=message 1 TCP/MSRP *\r\ni=first\r\na=accept-types:*\r\n"
                 "a=path:msrp://h:1/s;tcp\r\na=disposition:x\r\na=file-disposition: render \r\n"
                 "a=file-date:creation:\"yesterday\"\r\n"
                 "m=message 2 TCP/MSRP *\r\na=accept-types:*\r\na=path:msrp://h:1/t;tcp\r\n"
                 "a=icon:cid:a\r\na=icon:cid:b\r\n");
  ck_assert_uint_eq (o->n_media, 2);
  ck_assert (o->media[0].usable && o->media[1].usable);
  ck_assert_str_eq (o->media[0].description, "first");
  ck_assert_str_eq (o->media[0].disposition, "render");
  ck_assert_ptr_null (o->media[0].dates.creation); /* unreadable: left out */
  ck_assert_ptr_null (o->media[1].description);    /* i= belongs to its own m= line */
  ck_assert_ptr_null (o->media[1].icon);           /* given twice: none */
  sippush_sdp_offer_free (o);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("sdp-msrp");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_sdp_d5_offer);
  tcase_add_test (tc, test_sdp_lf_only);
  tcase_add_test (tc, test_sdp_media_table);
  tcase_add_test (tc, test_sdp_attributes);
  tcase_add_test (tc, test_sdp_direction);
  tcase_add_test (tc, test_sdp_unparseable);
  tcase_add_test (tc, test_sdp_answer_round_trip);
  tcase_add_test (tc, test_sdp_answer_refuses_bad_input);
  tcase_add_test (tc, test_sdp_tls_fingerprint);
  tcase_add_test (tc, test_sdp_file_metadata);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
