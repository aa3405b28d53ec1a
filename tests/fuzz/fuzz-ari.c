/* fuzz-ari.c — libFuzzer target for the ARI parsers (R-ARI-2, R-ARI-4, R-SEC-1).
 * Every parser must answer a result or an error, never crash or read past the input;
 * what a parser accepts must format and parse back to the same list.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sippush/sippush.h>

#include "core/ari.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* An accepted result must be a valid ARI; anything else is a parser bug. */
static void
require_valid_aris (gchar **aris)
{
  guint i;

  if (aris[0] == NULL || g_strv_length (aris) > SIPPUSH_ARI_LIST_MAX)
    abort ();
  for (i = 0; aris[i] != NULL; i++)
    if (!sippush_ari_is_valid (aris[i]))
      abort ();
}

/* parse → format → parse must give the same list (R-ARI-2). */
static void
require_round_trip (gchar **aris)
{
  gchar *text = sippush_ari_list_format ((const gchar *const *) aris, NULL);
  gchar **again;

  if (text == NULL)
    abort ();
  again = NULL;
  sippush_ari_list_parse (text, strlen (text), &again, NULL);
  if (again == NULL || !g_strv_equal ((const gchar *const *) aris, (const gchar *const *) again))
    abort ();
  g_strfreev (again);
  g_free (text);
}

static void
fuzz_list (const char *data, size_t size)
{
  GError *error = NULL;
  gchar **aris = NULL;
  SipPushParseResult r = sippush_ari_list_parse (data, size, &aris, &error);

  if ((aris == NULL) == (error == NULL) || (r == SIPPUSH_PARSE_OK) != (aris != NULL)
      || (error && error->domain != SIPPUSH_PARSE_ERROR))
    abort ();
  if (aris != NULL)
    {
      require_valid_aris (aris);
      require_round_trip (aris);
    }
  g_clear_error (&error);
  g_strfreev (aris);
}

static void
fuzz_iari_list (const char *data, size_t size)
{
  GError *error = NULL;
  gchar **aris = NULL;
  SipPushParseResult r = sippush_ari_list_parse_iari (data, size, &aris, &error);

  if ((aris == NULL) == (error == NULL) || (r == SIPPUSH_PARSE_OK) != (aris != NULL)
      || (error && error->domain != SIPPUSH_PARSE_ERROR))
    abort ();
  if (aris != NULL)
    {
      require_valid_aris (aris);
      require_round_trip (aris);
    }
  g_clear_error (&error);
  g_strfreev (aris);
}

static void
fuzz_app_id (const char *data, size_t size)
{
  GError *error = NULL;
  gchar *ari = sippush_ari_from_app_id_len (data, size, &error);
  gchar *copy, *again;

  if ((ari == NULL) == (error == NULL))
    abort ();
  if (ari != NULL && !sippush_ari_is_valid (ari))
    abort ();
  g_clear_error (&error);

  /* The NUL-terminated entry points agree with the (pointer, length) one. */
  if (memchr (data, '\0', size) == NULL)
    {
      copy = g_strndup (data, size);
      again = sippush_ari_from_app_id (copy, NULL);
      if (g_strcmp0 (ari, again) != 0)
        abort ();
      (void) sippush_ari_is_valid (copy);
      g_free (again);
      g_free (copy);
    }
  g_free (ari);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;

  fuzz_list (text, size);
  fuzz_iari_list (text, size);
  fuzz_app_id (text, size);
  return 0;
}
