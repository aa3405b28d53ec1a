/* sdp/file-date.c — RFC 5547 a=file-date and the RFC 5322 date-time inside it.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sdp/file-date.h"

#include <string.h>

#include "core/scan.h"

static const char *const month_names[]
    = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *const day_names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

/* A run of ASCII letters at *@i. */
static gsize
scan_letters (const char *s, gsize len, gsize *i)
{
  gsize start = *i;
  while (*i < len && g_ascii_isalpha (s[*i]))
    (*i)++;
  return *i - start;
}

/* Blanks (and the CR/LF of a folded value), at least one when @required. */
static gboolean
skip_space (const char *s, gsize len, gsize *i, gboolean required)
{
  gsize start = *i;
  while (*i < len && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\r' || s[*i] == '\n'))
    (*i)++;
  return !required || *i > start;
}

/* Exactly two digits at *@i (the zone's hours and minutes run together: `+0300`). */
static gboolean
two_digits (const char *s, gsize len, gsize *i, guint64 *value)
{
  if (len - *i < 2 || !sippush_scan_decimal_all (s + *i, 2, 2, 99, value))
    return FALSE;
  *i += 2;
  return TRUE;
}

/* The zone: its offset from UTC in seconds. */
static gboolean
scan_zone (const char *s, gsize len, gsize *i, gint *offset)
{
  guint64 hh, mm;
  gsize k = *i;

  if (k < len && (s[k] == '+' || s[k] == '-'))
    {
      gint sign = s[k] == '-' ? -1 : 1;
      k++;
      if (!two_digits (s, len, &k, &hh))
        return FALSE;
      if (k < len && s[k] == ':')
        k++;
      if (!two_digits (s, len, &k, &mm) || hh > 23 || mm > 59)
        return FALSE;
      *offset = sign * (gint) (hh * 3600 + mm * 60);
      *i = k;
      return TRUE;
    }
  gsize start = k;
  gsize n = scan_letters (s, len, &k);
  if (sippush_scan_name_is (s + start, n, "UT") || sippush_scan_name_is (s + start, n, "GMT")
      || sippush_scan_name_is (s + start, n, "Z"))
    {
      *offset = 0;
      *i = k;
      return TRUE;
    }
  return FALSE;
}

SipPushParseResult
sippush_rfc5322_date_parse (const char *s, gsize len, GDateTime **out, GError **error)
{
  gsize i = 0, start, n;
  guint64 day, year, hh, mm, ss = 0;
  gint month = -1, offset;

  *out = NULL;
  skip_space (s, len, &i, FALSE);
  start = i;
  n = scan_letters (s, len, &i);
  if (n > 0)
    {
      gboolean known = FALSE;
      for (gsize d = 0; d < G_N_ELEMENTS (day_names); d++)
        known |= sippush_scan_name_is (s + start, n, day_names[d]);
      skip_space (s, len, &i, FALSE);
      if (!known || i >= len || s[i] != ',')
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "date: bad day name");
      i++;
      skip_space (s, len, &i, FALSE);
    }
  if (!sippush_scan_decimal (s, len, &i, 2, 31, &day) || day == 0 || !skip_space (s, len, &i, TRUE))
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "date: bad day");
  start = i;
  n = scan_letters (s, len, &i);
  for (gsize m = 0; m < G_N_ELEMENTS (month_names); m++)
    if (sippush_scan_name_is (s + start, n, month_names[m]))
      month = (gint) m + 1;
  if (month < 0 || !skip_space (s, len, &i, TRUE))
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "date: bad month");
  start = i;
  if (!sippush_scan_decimal (s, len, &i, 4, 9999, &year) || i - start < 2)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "date: bad year");
  if (i - start == 2) /* RFC 5322 §4.3: 2 digits are 19xx or 20xx, 3 digits 1900 + */
    year += year < 50 ? 2000 : 1900;
  else if (i - start == 3)
    year += 1900;
  if (!skip_space (s, len, &i, TRUE))
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "date: bad year");
  if (!sippush_scan_decimal (s, len, &i, 2, 23, &hh) || i >= len || s[i++] != ':'
      || !sippush_scan_decimal (s, len, &i, 2, 59, &mm))
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "date: bad time");
  if (i < len && s[i] == ':')
    {
      i++;
      if (!sippush_scan_decimal (s, len, &i, 2, 60, &ss))
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "date: bad seconds");
    }
  if (!skip_space (s, len, &i, TRUE) || !scan_zone (s, len, &i, &offset))
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "date: bad zone");
  skip_space (s, len, &i, FALSE);
  if (i != len)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "date: text after the zone");

  g_autoptr (GTimeZone) tz = g_time_zone_new_offset (offset);
  /* A leap second (60) is taken as the last second of its minute. */
  *out = g_date_time_new (tz, (gint) year, month, (gint) day, (gint) hh, (gint) mm,
                          (gdouble) MIN (ss, 59));
  if (*out == NULL || year == 0)
    {
      g_clear_pointer (out, g_date_time_unref);
      return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "date: no such day");
    }
  return SIPPUSH_PARSE_OK;
}

void
sippush_file_dates_clear (SipPushFileDates *dates)
{
  g_clear_pointer (&dates->creation, g_date_time_unref);
  g_clear_pointer (&dates->modification, g_date_time_unref);
  g_clear_pointer (&dates->read, g_date_time_unref);
}

SipPushParseResult
sippush_file_date_parse (const char *s, gsize len, SipPushFileDates *out, GError **error)
{
  gsize i = 0;

  memset (out, 0, sizeof *out);
  if (len > SIPPUSH_FILE_DATE_MAX_LEN)
    return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE, "file-date: over %d bytes",
                               SIPPUSH_FILE_DATE_MAX_LEN);
  skip_space (s, len, &i, FALSE);
  if (i == len)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "file-date: empty");
  while (i < len)
    {
      gsize name = i, n = scan_letters (s, len, &i);
      GDateTime **slot = NULL;
      const char *close;
      SipPushParseResult r;

      if (sippush_scan_name_is (s + name, n, "creation"))
        slot = &out->creation;
      else if (sippush_scan_name_is (s + name, n, "modification"))
        slot = &out->modification;
      else if (sippush_scan_name_is (s + name, n, "read"))
        slot = &out->read;
      if (slot == NULL || *slot != NULL || len - i < 2 || s[i] != ':' || s[i + 1] != '"')
        {
          sippush_file_dates_clear (out);
          return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                     "file-date: expected creation:, modification: or read: "
                                     "and a quoted date, each once");
        }
      i += 2;
      close = memchr (s + i, '"', len - i);
      if (close == NULL)
        {
          sippush_file_dates_clear (out);
          return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "file-date: no closing quote");
        }
      r = sippush_rfc5322_date_parse (s + i, (gsize) (close - (s + i)), slot, error);
      if (r != SIPPUSH_PARSE_OK)
        {
          sippush_file_dates_clear (out);
          return r;
        }
      i = (gsize) (close - s) + 1;
      if (i < len && !skip_space (s, len, &i, TRUE))
        {
          sippush_file_dates_clear (out);
          return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                     "file-date: no space between dates");
        }
    }
  return SIPPUSH_PARSE_OK;
}
