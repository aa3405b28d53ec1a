/* core/ari.c — push application ids, ARIs, and the quoted lists that carry them
 * (R-ARI-1 … R-ARI-4). Every parser here takes (pointer, length), never reads past the
 * length, and keeps no state between calls. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sippush/sippush.h>

#include <stdlib.h>
#include <string.h>

#include "core/ari.h"
#include "core/scan.h"

/* OMNA ids are 32-bit: a hex numeral longer than this cannot name one. */
#define OMNA_HEX_DIGITS_MAX 8

/* R-ARI-1: the well-known URN prefixes that are not part of the ARI. */
#define WAP_APPLICATION_PREFIX "x-wap-application:"
#define OMA_APPLICATION_PREFIX "x-oma-application:"
static const char *const omna_prefixes[] = { WAP_APPLICATION_PREFIX, OMA_APPLICATION_PREFIX };

/* The longest entry of omna_prefixes. */
#define OMNA_PREFIX_MAX_LEN 18
G_STATIC_ASSERT (sizeof WAP_APPLICATION_PREFIX - 1 <= OMNA_PREFIX_MAX_LEN);
G_STATIC_ASSERT (sizeof OMA_APPLICATION_PREFIX - 1 <= OMNA_PREFIX_MAX_LEN);

/* A percent-decoded IARI may carry an OMNA prefix on top of the longest ARI. */
#define IARI_DECODED_MAX (OMNA_PREFIX_MAX_LEN + SIPPUSH_ARI_MAX_LEN)

#define LIST_QUOTE '"'
#define LIST_SEPARATOR ','
#define LIST_ESCAPE '\\'
#define PERCENT '%'

/* R-ARI-2: %x21 / %x23-2B / %x2D-7E — visible ASCII except '"' and ','. */
static gboolean
is_ari_char (guchar c)
{
  return c >= 0x21 && c <= 0x7E && c != '"' && c != ',';
}

/* The whitespace R-ARI-2 tolerates around list elements. */
static gboolean
is_list_space (char c)
{
  return c == ' ' || c == '\t';
}

static gboolean
all_digits (const char *p, gsize len)
{
  gsize i = 0;
  return sippush_scan_span (p, len, &i, SIPPUSH_CHARS_DIGIT) == len && len > 0;
}

/* Checks (p, len) against R-ARI-2 and SIPPUSH_ARI_MAX_LEN. The message names the byte
 * and offset rather than quoting the input, which may be hostile. */
static gboolean
check_ari (const char *p, gsize len, GQuark domain, gint code, GError **error)
{
  gsize i;

  if (len == 0)
    {
      g_set_error_literal (error, domain, code, "the ARI is empty");
      return FALSE;
    }
  if (len > SIPPUSH_ARI_MAX_LEN)
    {
      g_set_error (error, domain, code,
                   "the ARI is %" G_GSIZE_FORMAT " bytes long; at most %d are allowed", len,
                   SIPPUSH_ARI_MAX_LEN);
      return FALSE;
    }
  for (i = 0; i < len; i++)
    if (!is_ari_char ((guchar) p[i]))
      {
        g_set_error (error, domain, code,
                     "byte 0x%02X at offset %" G_GSIZE_FORMAT " is not allowed in an ARI "
                     "(R-ARI-2: printable ASCII except space, '\"' and ',')",
                     (guchar) p[i], i);
        return FALSE;
      }
  return TRUE;
}

/* The length of the OMNA prefix (R-ARI-1) that (p, len) starts with, or 0. Senders are
 * not consistent about case, and a URN's NID is case-insensitive (RFC 8141). */
static gsize
omna_prefix_len (const char *p, gsize len)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (omna_prefixes); i++)
    {
      gsize plen = strlen (omna_prefixes[i]);

      if (len >= plen && g_ascii_strncasecmp (p, omna_prefixes[i], plen) == 0)
        return plen;
    }
  return 0;
}

/* R-ARI-1: an OMNA URN loses its prefix; any other URN, or a bare ARI, is kept whole. */
static gchar *
ari_from_urn (const char *p, gsize len, GQuark domain, gint code, GError **error)
{
  gsize skip = omna_prefix_len (p, len);

  if (skip > 0 && skip == len)
    {
      g_set_error (error, domain, code, "nothing follows the prefix %.*s", (int) skip, p);
      return NULL;
    }
  if (!check_ari (p + skip, len - skip, domain, code, error))
    return NULL;
  return g_strndup (p + skip, len - skip);
}

/* "0x…": 1 to OMNA_HEX_DIGITS_MAX hex digits, the "0x" already skipped. */
static gboolean
parse_hex_id (const char *p, gsize len, guint32 *id, GError **error)
{
  guint64 value = 0;
  gsize i = 0;

  if (len == 0 || len > OMNA_HEX_DIGITS_MAX)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID,
                   "a hex application id needs 1 to %d digits after 0x, not %" G_GSIZE_FORMAT,
                   OMNA_HEX_DIGITS_MAX, len);
      return FALSE;
    }
  /* At most OMNA_HEX_DIGITS_MAX digits always fit 32 bits: a failure is a bad byte. */
  if (!sippush_scan_hex (p, len, &i, OMNA_HEX_DIGITS_MAX, G_MAXUINT32, &value) || i != len)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID,
                   "byte 0x%02X after 0x is not a hex digit", (guchar) p[i]);
      return FALSE;
    }
  *id = (guint32) value;
  return TRUE;
}

/* All decimal digits, already checked by the caller. */
static gboolean
parse_decimal_id (const char *p, gsize len, guint32 *id, GError **error)
{
  guint64 value;

  if (!sippush_scan_decimal_all (p, len, 0, G_MAXUINT32, &value))
    {
      g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID,
                           "the decimal application id does not fit in 32 bits");
      return FALSE;
    }
  *id = (guint32) value;
  return TRUE;
}

/* R-ARI-3: a numeric id goes through the one OMNA table, then the URN rule. */
static gchar *
ari_from_numeric_id (guint32 id, GError **error)
{
  const char *urn = sippush_ari_lookup_numeric (id);

  if (urn == NULL)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_UNKNOWN_APP_ID,
                   "push application id 0x%" G_GINT32_MODIFIER "X is not in the OMNA table", id);
      return NULL;
    }
  return ari_from_urn (urn, strlen (urn), SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID, error);
}

static gboolean
is_hex_prefixed (const char *p, gsize len)
{
  return len >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
}

/* "-1" or "+4" look like numbers but name no OMNA id; refusing them beats reading them
 * as ARIs, or as strtoul() would, as 0xFFFFFFFF. */
static gboolean
is_signed_number (const char *p, gsize len)
{
  return len >= 2 && (p[0] == '-' || p[0] == '+') && all_digits (p + 1, len - 1);
}

gchar *
sippush_ari_from_app_id_len (const char *app_id, gsize len, GError **error)
{
  const char *nul;
  guint32 id;

  if (app_id == NULL || len == 0)
    {
      g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID,
                           "the push application id is empty");
      return NULL;
    }
  nul = memchr (app_id, '\0', len);
  if (nul != NULL)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID,
                   "the push application id has a NUL byte at offset %" G_GSIZE_FORMAT,
                   (gsize) (nul - app_id));
      return NULL;
    }
  if (is_hex_prefixed (app_id, len))
    {
      if (!parse_hex_id (app_id + 2, len - 2, &id, error))
        return NULL;
      return ari_from_numeric_id (id, error);
    }
  if (all_digits (app_id, len))
    {
      if (!parse_decimal_id (app_id, len, &id, error))
        return NULL;
      return ari_from_numeric_id (id, error);
    }
  if (is_signed_number (app_id, len))
    {
      g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID,
                           "a numeric push application id cannot carry a sign");
      return NULL;
    }
  return ari_from_urn (app_id, len, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID, error);
}

/* Documented in sippush-ari.h (R-ARI-1, R-ARI-3). */
gchar *
sippush_ari_from_app_id (const gchar *app_id, GError **error)
{
  if (app_id == NULL)
    {
      g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID,
                           "no push application id given");
      return NULL;
    }
  return sippush_ari_from_app_id_len (app_id, strlen (app_id), error);
}

/* Documented in sippush-ari.h (R-ARI-2). */
gboolean
sippush_ari_is_valid (const gchar *ari)
{
  gsize i;

  if (ari == NULL)
    return FALSE;
  /* Stops at the first bad byte, so an over-long string is never measured whole. */
  for (i = 0; ari[i] != '\0'; i++)
    if (i >= SIPPUSH_ARI_MAX_LEN || !is_ari_char ((guchar) ari[i]))
      return FALSE;
  return i > 0;
}

static int
compare_omna_id (const void *key, const void *entry)
{
  guint32 id = *(const guint32 *) key;
  guint32 other = ((const SipPushOmnaEntry *) entry)->id;

  return (id > other) - (id < other);
}

/* Documented in sippush-ari.h (R-ARI-3). */
const gchar *
sippush_ari_lookup_numeric (guint32 id)
{
  gsize n_entries;
  const SipPushOmnaEntry *table = sippush_omna_table (&n_entries);
  const SipPushOmnaEntry *entry;

  entry = bsearch (&id, table, n_entries, sizeof *table, compare_omna_id);
  return entry != NULL ? entry->urn : NULL;
}

/* ---- Quoted lists (R-ARI-2, R-ARI-4) ---- */

/* Turns one list element (whitespace already trimmed) into an ARI. */
typedef gchar *(*ListElementFunc) (const char *p, gsize len, GError **error);

/* Finds the text between the quotes. A quote or backslash inside is refused: ARIs never
 * need one, and accepting a SIP quoted-pair would make two spellings of one list. */
static gboolean
unquote_list (const char *value, gsize len, const char **inner, gsize *inner_len, GError **error)
{
  gsize i;

  if (value == NULL || len < 2 || value[0] != LIST_QUOTE || value[len - 1] != LIST_QUOTE)
    {
      g_set_error_literal (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_MALFORMED,
                           "the ARI list is not a quoted string");
      return FALSE;
    }
  for (i = 1; i < len - 1; i++)
    if (value[i] == LIST_QUOTE || value[i] == LIST_ESCAPE)
      {
        g_set_error (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_MALFORMED,
                     "the ARI list has a %s at offset %" G_GSIZE_FORMAT " inside its quotes",
                     value[i] == LIST_QUOTE ? "stray '\"'" : "backslash escape", i);
        return FALSE;
      }
  *inner = value + 1;
  *inner_len = len - 2;
  return TRUE;
}

static void
trim_list_space (const char **p, gsize *len)
{
  while (*len > 0 && is_list_space ((*p)[0]))
    {
      (*p)++;
      (*len)--;
    }
  while (*len > 0 && is_list_space ((*p)[*len - 1]))
    (*len)--;
}

/* Splits the inside of the quotes at commas and converts each element, refusing the whole
 * list on the first bad element: a partial list would silently drop an application. */
static SipPushParseResult
parse_quoted_list (const char *value, gsize len, ListElementFunc convert, gchar ***out,
                   GError **error)
{
  const char *inner;
  gsize inner_len, pos = 0;
  /* The list is bounded: collected here, copied out once (no growing array per push). */
  gchar *aris[SIPPUSH_ARI_LIST_MAX];
  guint n = 0;
  GError *local = NULL;
  SipPushParseResult result;

  *out = NULL;
  if (!unquote_list (value, len, &inner, &inner_len, error))
    return SIPPUSH_PARSE_MALFORMED;

  for (;;)
    {
      const char *start = inner + pos;
      const char *comma = memchr (start, LIST_SEPARATOR, inner_len - pos);
      gsize raw_len = comma != NULL ? (gsize) (comma - start) : inner_len - pos;
      const char *elem = start;
      gsize elem_len = raw_len;
      gchar *ari;

      if (n == SIPPUSH_ARI_LIST_MAX)
        {
          g_set_error (&local, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_TOO_LARGE,
                       "the ARI list has more than %d elements", SIPPUSH_ARI_LIST_MAX);
          goto fail;
        }
      trim_list_space (&elem, &elem_len);
      ari = convert (elem, elem_len, &local);
      if (ari == NULL)
        {
          g_prefix_error (&local, "element %u of the ARI list: ", n + 1);
          goto fail;
        }
      aris[n++] = ari;
      if (comma == NULL)
        break;
      pos += raw_len + 1;
    }
  *out = g_new (gchar *, n + 1);
  memcpy (*out, aris, n * sizeof *aris);
  (*out)[n] = NULL;
  return SIPPUSH_PARSE_OK;

fail:
  while (n > 0)
    g_free (aris[--n]);
  /* The element's error says which: an over-long list or IARI is TOO_LARGE. */
  result = g_error_matches (local, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_TOO_LARGE)
               ? SIPPUSH_PARSE_TOO_LARGE
               : SIPPUSH_PARSE_MALFORMED;
  g_propagate_error (error, local);
  return result;
}

/* Whether (p, len) is written as a numeric OMNA id: "0x…" or decimal digits. */
static gboolean
is_numeric_form (const char *p, gsize len)
{
  return is_hex_prefixed (p, len) || all_digits (p, len);
}

/* The ARI (p, len) names, by R-ARI-1 and R-ARI-3; (p, len) itself when it is an id the
 * OMNA table does not know, or nothing follows an OMNA prefix. */
static gchar *
canonical_element (const char *p, gsize len)
{
  if (is_numeric_form (p, len))
    {
      guint32 id;
      gboolean parsed = is_hex_prefixed (p, len) ? parse_hex_id (p + 2, len - 2, &id, NULL)
                                                 : parse_decimal_id (p, len, &id, NULL);
      const char *urn = parsed ? sippush_ari_lookup_numeric (id) : NULL;
      gsize skip = urn ? omna_prefix_len (urn, strlen (urn)) : 0;
      return urn ? g_strdup (urn + skip) : g_strndup (p, len);
    }
  gsize skip = omna_prefix_len (p, len);
  return g_strndup (p + (skip < len ? skip : 0), skip < len ? len - skip : len);
}

/* R-ARI-1, R-ARI-3: a `+g.oma.pusheventappp` element may name the application by its URN
 * or its numeric id, as sippush_receiver_add_app() accepts: it routes as the canonical
 * ARI. An id the OMNA table does not know is kept as written (it routes nowhere: 480, not
 * a malformed header). An element whose canonical form would not parse back to itself
 * (`x-wap-application:4` → `4` → mms.ua) is kept as written too, so that a list this
 * returns reads back the same once formatted. */
static gchar *
list_element_ari (const char *p, gsize len, GError **error)
{
  if (!check_ari (p, len, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_MALFORMED, error))
    return NULL;
  gchar *ari = canonical_element (p, len);
  gsize ari_len = strlen (ari);
  if (ari_len == len && memcmp (ari, p, len) == 0)
    return ari;
  gchar *again = canonical_element (ari, ari_len);
  gboolean stable = strcmp (again, ari) == 0 && check_ari (ari, ari_len, 0, 0, NULL);
  g_free (again);
  if (stable)
    return ari;
  g_free (ari);
  return g_strndup (p, len);
}

SipPushParseResult
sippush_ari_list_parse (const char *value, gsize len, gchar ***aris, GError **error)
{
  return parse_quoted_list (value, len, list_element_ari, aris, error);
}

/* Percent-decodes (p, len) into out (room for IARI_DECODED_MAX bytes). Control
 * characters are refused here, where the message can say they were encoded; so is a
 * backslash, which a quoted list cannot carry (unquote_list()), so that every ARI this
 * returns can be formatted into a list again. */
static gboolean
percent_decode (const char *p, gsize len, char *out, gsize *out_len, GError **error)
{
  gsize i = 0, n = 0;

  while (i < len)
    {
      guint8 c = (guint8) p[i];

      if (n == IARI_DECODED_MAX)
        {
          g_set_error (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_TOO_LARGE,
                       "the decoded IARI is longer than %d bytes", IARI_DECODED_MAX);
          return FALSE;
        }
      if (c == PERCENT)
        {
          gsize at = i;

          if (!sippush_scan_percent (p, len, &at, &c))
            {
              g_set_error (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_MALFORMED,
                           "bad percent-escape at offset %" G_GSIZE_FORMAT, i);
              return FALSE;
            }
          if (c < 0x20 || c == 0x7F || c == LIST_ESCAPE)
            {
              g_set_error (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_MALFORMED,
                           "percent-escape at offset %" G_GSIZE_FORMAT " encodes %s 0x%02X", i,
                           c == LIST_ESCAPE ? "a backslash," : "control character", c);
              return FALSE;
            }
          i += 3;
        }
      else
        i++;
      out[n++] = (char) c;
    }
  *out_len = n;
  return TRUE;
}

/* R-ARI-4: a `+g.3gpp.iari-ref` element is a percent-encoded URN; once decoded it maps
 * like an application id URN (R-ARI-1). IARIs are never numeric OMNA ids, so the numeric
 * form of sippush_ari_from_app_id() does not apply. */
static gchar *
list_element_iari (const char *p, gsize len, GError **error)
{
  char decoded[IARI_DECODED_MAX];
  gsize decoded_len;

  if (len == 0)
    {
      g_set_error_literal (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_MALFORMED,
                           "the IARI is empty");
      return NULL;
    }
  if (!percent_decode (p, len, decoded, &decoded_len, error))
    return NULL;
  gchar *ari = ari_from_urn (decoded, decoded_len, SIPPUSH_PARSE_ERROR,
                             SIPPUSH_PARSE_ERROR_MALFORMED, error);
  if (ari == NULL)
    return NULL;
  /* An IARI is a URN: one that would read as another application once written in a
   * `+g.oma.pusheventappp` list (`00` as OMNA id 0) is no IARI. */
  g_autofree gchar *canonical = canonical_element (ari, strlen (ari));
  if (strcmp (canonical, ari) != 0)
    {
      g_set_error_literal (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_MALFORMED,
                           "the IARI reads as another push application id (R-ARI-3)");
      g_free (ari);
      return NULL;
    }
  return ari;
}

SipPushParseResult
sippush_ari_list_parse_iari (const char *value, gsize len, gchar ***aris, GError **error)
{
  return parse_quoted_list (value, len, list_element_iari, aris, error);
}

/* What the formatter writes, the parser must read back: no backslash (see
 * unquote_list()), and no more than SIPPUSH_ARI_LIST_MAX elements. */
static gboolean
check_list_ari (const gchar *ari, GError **error)
{
  gsize len = strlen (ari);

  if (!check_ari (ari, len, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_LIST, error))
    return FALSE;
  if (memchr (ari, LIST_ESCAPE, len) != NULL)
    {
      g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_LIST,
                           "a backslash cannot be carried in a quoted ARI list");
      return FALSE;
    }
  return TRUE;
}

gchar *
sippush_ari_list_format (const gchar *const *aris, GError **error)
{
  GString *out;
  guint i;

  if (aris == NULL || aris[0] == NULL)
    {
      g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_LIST,
                           "an ARI list needs at least one ARI");
      return NULL;
    }
  out = g_string_new (NULL);
  g_string_append_c (out, LIST_QUOTE);
  for (i = 0; aris[i] != NULL; i++)
    {
      if (i == SIPPUSH_ARI_LIST_MAX)
        {
          g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_LIST,
                       "an ARI list carries at most %d ARIs", SIPPUSH_ARI_LIST_MAX);
          goto fail;
        }
      if (!check_list_ari (aris[i], error))
        {
          g_prefix_error (error, "ARI %u: ", i + 1);
          goto fail;
        }
      if (i > 0)
        g_string_append_c (out, LIST_SEPARATOR);
      g_string_append (out, aris[i]);
    }
  g_string_append_c (out, LIST_QUOTE);
  return g_string_free (out, FALSE);

fail:
  g_string_free (out, TRUE);
  return NULL;
}
