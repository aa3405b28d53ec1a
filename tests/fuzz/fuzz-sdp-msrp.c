/* fuzz-sdp-msrp.c — libFuzzer target for MSRP SDP offers and file-selectors (R-INV-1,
 * R-INV-4, R-INV-5, R-MSRP-5). The input is parsed as an offer; when it parses, an answer
 * accepting every usable media is built, must build, and must parse back (with sippush's own
 * offer parser) to the same paths, types and echoed attributes. The same input is also fed
 * to the file-selector, SHA-1 text and a=fingerprint parsers directly, so this target covers
 * them too.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sdp/file-selector.h"
#include "sdp/fingerprint.h"
#include "sdp/offer-answer.h"

#define OUR_PATH "msrp://127.0.0.1:2855/fuzzsession;tcp"
#define OUR_TLS_PATH "msrps://127.0.0.1:2855/fuzzsession;tcp" /* for TCP/TLS/MSRP lines */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
fuzz_selector (const char *data, size_t size)
{
  SipPushFileSelector fs;
  GError *error = NULL;
  guint8 sha1[SIPPUSH_SHA1_LEN];
  gboolean ok = sippush_file_selector_parse (data, size, &fs, &error) == SIPPUSH_PARSE_OK;

  if (ok == (error != NULL))
    abort ();
  if (ok && fs.name != NULL && fs.name[0] == '\0')
    abort ();
  if (!ok && (fs.name != NULL || fs.type != NULL || fs.has_size || fs.has_sha1))
    abort ();
  g_clear_error (&error);
  sippush_file_selector_clear (&fs);
  (void) sippush_sha1_text_parse (data, size, sha1);
}

/* a=fingerprint values (R-SEC-3): OK exactly when no error, and the formatted value parses
 * back to the same fingerprint. */
static void
fuzz_fingerprint (const char *data, size_t size)
{
  SipPushFingerprint fp, again;
  GError *error = NULL;
  gboolean ok = sippush_fingerprint_parse (data, size, &fp, &error) == SIPPUSH_PARSE_OK;

  if (ok == (error != NULL))
    abort ();
  g_clear_error (&error);
  if (!ok)
    {
      if (fp.len != 0)
        abort ();
      return;
    }
  gchar *text = sippush_fingerprint_format (&fp);
  if (sippush_fingerprint_parse (text, strlen (text), &again, NULL) != SIPPUSH_PARSE_OK
      || !sippush_fingerprint_equal (&fp, &again))
    abort ();
  g_free (text);
}

static SipPushSdpSetup
answer_setup (SipPushSdpSetup offered)
{
  switch (offered)
    {
    case SIPPUSH_SDP_SETUP_ACTIVE:
    case SIPPUSH_SDP_SETUP_ACTPASS:
      return SIPPUSH_SDP_SETUP_PASSIVE;
    case SIPPUSH_SDP_SETUP_PASSIVE:
      return SIPPUSH_SDP_SETUP_ACTIVE;
    default:
      return SIPPUSH_SDP_SETUP_NONE;
    }
}

static void
check_round_trip (const SipPushSdpOffer *offer)
{
  SipPushSdpAnswerMedia *answers = g_new0 (SipPushSdpAnswerMedia, MAX (offer->n_media, 1));
  SipPushSdpOffer *again;
  gchar *answer;

  for (guint i = 0; i < offer->n_media; i++)
    {
      const SipPushSdpMedia *m = &offer->media[i];

      if (m->usable && (m->path == NULL || m->accept_types == NULL || m->accept_types[0] == NULL))
        abort ();
      answers[i].accepted = m->usable;
      answers[i].path = m->tls ? OUR_TLS_PATH : OUR_PATH;
      answers[i].accept_types = (const gchar *const *) m->accept_types;
      answers[i].has_max_size = m->has_max_size;
      answers[i].max_size = m->max_size;
      answers[i].setup = answer_setup (m->setup);
    }

  answer = sippush_sdp_answer_build (offer, answers, "127.0.0.1", 2855, 1);
  if (answer == NULL)
    abort ();
  again = NULL;
  sippush_sdp_offer_parse (answer, strlen (answer), &again, NULL);
  if (again == NULL || again->n_media != offer->n_media)
    abort ();
  for (guint i = 0; i < offer->n_media; i++)
    {
      const SipPushSdpMedia *m = &offer->media[i], *a = &again->media[i];

      if (a->usable != m->usable)
        abort ();
      if (!m->usable)
        continue;
      if (g_strcmp0 (a->path, m->tls ? OUR_TLS_PATH : OUR_PATH) != 0 || a->sendonly
          || a->tls != m->tls
          || !g_strv_equal ((const gchar *const *) a->accept_types,
                            (const gchar *const *) m->accept_types)
          || g_strcmp0 (a->file_selector_raw, m->file_selector_raw) != 0
          || g_strcmp0 (a->file_transfer_id, m->file_transfer_id) != 0
          || a->has_max_size != m->has_max_size || a->max_size != m->max_size
          || a->setup != answers[i].setup || a->has_file_selector != m->has_file_selector)
        abort ();
      if (m->has_file_selector
          && (g_strcmp0 (a->file.name, m->file.name) != 0
              || g_strcmp0 (a->file.type, m->file.type) != 0 || a->file.size != m->file.size
              || a->file.has_sha1 != m->file.has_sha1
              || memcmp (a->file.sha1, m->file.sha1, SIPPUSH_SHA1_LEN) != 0))
        abort ();
    }
  sippush_sdp_offer_free (again);
  g_free (answer);
  g_free (answers);
}

static void
fuzz_offer (const char *data, size_t size)
{
  GError *error = NULL;
  SipPushSdpOffer *offer = NULL;
  SipPushParseResult r = sippush_sdp_offer_parse (data, size, &offer, &error);

  if ((offer == NULL) == (error == NULL) || (r == SIPPUSH_PARSE_OK) != (offer != NULL)
      || r == SIPPUSH_PARSE_NEED_MORE || (error && error->domain != SIPPUSH_PARSE_ERROR))
    abort ();
  g_clear_error (&error);
  if (offer != NULL)
    check_round_trip (offer);
  sippush_sdp_offer_free (offer);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_offer ((const char *) data, size);
  fuzz_selector ((const char *) data, size);
  fuzz_fingerprint ((const char *) data, size);
  return 0;
}
