/* core/parse.c — the SIPPUSH_PARSE_ERROR domain of the parser result contract.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/parse.h"

GQuark
sippush_parse_error_quark (void)
{
  /* Looked up once, as G_DEFINE_QUARK does: the lookup takes a lock. */
  static GQuark quark;
  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("sippush-parse-error-quark");
  return quark;
}

SipPushParseResult
sippush_parse_fail (GError **error, SipPushParseResult result, const char *format, ...)
{
  g_return_val_if_fail (result == SIPPUSH_PARSE_MALFORMED || result == SIPPUSH_PARSE_TOO_LARGE,
                        SIPPUSH_PARSE_MALFORMED);
  if (error != NULL)
    {
      va_list args;
      va_start (args, format);
      gchar *message = g_strdup_vprintf (format, args);
      va_end (args);
      g_set_error_literal (error, SIPPUSH_PARSE_ERROR, (gint) result, message);
      g_free (message);
    }
  return result;
}

const char *
sippush_parse_result_to_string (SipPushParseResult result)
{
  switch (result)
    {
    case SIPPUSH_PARSE_OK:
      return "ok";
    case SIPPUSH_PARSE_NEED_MORE:
      return "need more";
    case SIPPUSH_PARSE_MALFORMED:
      return "malformed";
    case SIPPUSH_PARSE_TOO_LARGE:
      return "too large";
    }
  return "?";
}
