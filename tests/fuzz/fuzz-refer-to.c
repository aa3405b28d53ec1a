/* fuzz-refer-to.c — libFuzzer target for the Refer-To decoder and the ua-profile Event
 * header builder/reader (R-REF-3, R-SUB-1, R-SEC-1 trap B2). The decoder must answer a
 * result for any bytes, read only within them, and whatever it accepts must be safe to
 * put in a header: no control characters, only the allowed headers. The builder must
 * either refuse device values or produce an Event header whose ARIs read back.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sippush/sippush.h>

#include "sip/event-header.h"
#include "sip/refer-to.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
require_clean (const char *s)
{
  for (; s && *s; s++)
    if ((unsigned char) *s < 0x20 || *s == 0x7f)
      abort ();
}

static void
fuzz_refer_to (const char *data, size_t size)
{
  SipPushReferTo rt;
  GError *why = NULL;
  SipPushParseResult r = sippush_refer_to_decode (data, size, &rt, &why);
  if (r == SIPPUSH_PARSE_NEED_MORE)
    abort ();
  if (r == SIPPUSH_PARSE_OK)
    {
      if (why != NULL || rt.target == NULL)
        abort ();
      if (g_ascii_strncasecmp (rt.target, "sip", 3) != 0)
        abort ();
      require_clean (rt.target);
      require_clean (rt.event);
      require_clean (rt.accept);
      require_clean (rt.expires);
      if (rt.event)
        {
          GError *error = NULL;
          gchar **aris = NULL;
          sippush_event_header_dup_aris (rt.event, strlen (rt.event), &aris, &error);
          g_strfreev (aris);
          g_clear_error (&error);
        }
    }
  else if (why == NULL || rt.target || rt.event || rt.accept || rt.expires)
    abort ();
  sippush_refer_to_status (r, why);
  sippush_refer_to_clear (&rt);
  g_clear_error (&why);
}

/* The input split at NUL bytes: ARIs (comma-separated), vendor, model, version. */
static void
fuzz_builder (const char *data, size_t size)
{
  const char *fields[4] = { NULL, NULL, NULL, NULL };
  size_t pos = 0;
  for (int f = 0; f < 4 && pos <= size; f++)
    {
      const char *start = data + pos;
      const char *nul = memchr (start, 0, size - pos);
      size_t n = nul ? (size_t) (nul - start) : size - pos;
      fields[f] = g_strndup (start, n);
      pos += n + 1;
    }
  gchar **aris = fields[0] && *fields[0] ? g_strsplit (fields[0], ",", 70) : NULL;
  SipPushDeviceInfo dev = { .vendor = fields[1], .model = fields[2], .version = fields[3] };
  GError *error = NULL;
  gchar *event = sippush_event_header_build ((const gchar *const *) aris, &dev, &error);
  if ((event == NULL) == (error == NULL))
    abort ();
  if (event)
    {
      require_clean (event);
      GError *e2 = NULL;
      gchar **back = NULL;
      sippush_event_header_dup_aris (event, strlen (event), &back, &e2);
      /* What the builder wrote must read back as the same list, each element in its
       * canonical form (a numeric or URN id is routed as its ARI, as add_app takes it). */
      if (e2 != NULL)
        abort ();
      if (aris && aris[0])
        {
          if (back == NULL || g_strv_length (back) != g_strv_length (aris))
            abort ();
          for (guint i = 0; aris[i]; i++)
            {
              g_autofree gchar *canonical = sippush_ari_from_app_id (aris[i], NULL);
              if (strcmp (back[i], aris[i]) != 0
                  && (canonical == NULL || strcmp (back[i], canonical) != 0))
                abort ();
            }
        }
      g_strfreev (back);
    }
  g_clear_error (&error);
  g_free (event);
  g_strfreev (aris);
  for (int f = 0; f < 4; f++)
    g_free ((gchar *) fields[f]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *p = (const char *) data;
  /* Heap copies of exactly the input: a read past the end is an ASan report. */
  char *buf = malloc (size ? size : 1);
  memcpy (buf, p, size);
  fuzz_refer_to (buf, size);
  GError *error = NULL;
  gchar **aris = NULL;
  SipPushParseResult r = sippush_event_header_dup_aris (buf, size, &aris, &error);
  if ((r == SIPPUSH_PARSE_OK) != (error == NULL) || (r != SIPPUSH_PARSE_OK && aris != NULL)
      || (r == SIPPUSH_PARSE_OK && size > SIPPUSH_EVENT_HEADER_MAX)
      || (error && error->domain != SIPPUSH_PARSE_ERROR))
    abort ();
  g_strfreev (aris);
  g_clear_error (&error);
  fuzz_builder (buf, size);
  free (buf);
  return 0;
}
