/* sip/event-header.c — the ua-profile Event header: built for SUBSCRIBE, read for routing.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/event-header.h"

#include <string.h>

#include <sippush/sippush.h>

#include "core/ari.h"
#include "core/scan.h"

#define EVENT_PACKAGE "ua-profile"
#define APP_ID_PARAM "event-app-id"

gboolean
sippush_device_param_check (const char *value, const char *what, GError **error)
{
  gsize len = value ? strlen (value) : 0;
  const char *why = NULL;
  if (value == NULL || len == 0)
    why = "is empty";
  else if (len > SIPPUSH_DEVICE_PARAM_MAX)
    why = "is too long";
  else if (!g_utf8_validate (value, (gssize) len, NULL))
    why = "is not UTF-8";
  else
    for (gsize i = 0; i < len && !why; i++)
      {
        guchar c = (guchar) value[i];
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
          why = "has a quote, backslash or control character";
      }
  if (why)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED, "the device %s %s", what, why);
      return FALSE;
    }
  return TRUE;
}

static gboolean
append_device_param (GString *out, const char *name, const char *value, GError **error)
{
  if (value == NULL)
    return TRUE;
  if (!sippush_device_param_check (value, name, error))
    return FALSE;
  g_string_append_printf (out, ";%s=\"%s\"", name, value);
  return TRUE;
}

gchar *
sippush_event_header_build (const gchar *const *aris, const SipPushDeviceInfo *device,
                            GError **error)
{
  g_autoptr (GString) out = g_string_new (EVENT_PACKAGE ";profile-type=oma-app");
  if (aris && aris[0])
    {
      g_autofree gchar *list = sippush_ari_list_format (aris, error);
      if (list == NULL)
        return NULL;
      g_string_append_printf (out, ";" APP_ID_PARAM "=%s", list);
    }
  if (device)
    {
      /* seed 9.2.1.1 item 2: the model parameter carries the UAProf reference. */
      const char *model = device->uaprof ? device->uaprof : device->model;
      if (!append_device_param (out, "vendor", device->vendor, error)
          || !append_device_param (out, "model", model, error)
          || !append_device_param (out, "version", device->version, error))
        return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
sippush_event_header_package (const char *value, gsize len, const char **package,
                              gsize *package_len)
{
  gsize i = 0;
  if (value == NULL)
    return FALSE;
  sippush_scan_skip_blanks (value, len, &i);
  gsize start = i;
  *package_len = sippush_scan_token (value, len, &i);
  *package = value + start;
  return *package_len > 0;
}

static gboolean
malformed (GError **error, const char *why)
{
  sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "malformed Event header: %s", why);
  return FALSE;
}

/* Reads one parameter at *i (just after its ';'): the name and the raw value (quotes kept),
 * value_len 0 when the parameter has none. */
static gboolean
next_param (const char *v, gsize len, gsize *i, const char **name, gsize *name_len,
            const char **val, gsize *val_len, GError **error)
{
  sippush_scan_skip_blanks (v, len, i);
  gsize start = *i;
  if (sippush_scan_token (v, len, i) == 0)
    return malformed (error, "a parameter without a name");
  *name = v + start;
  *name_len = *i - start;
  *val = NULL;
  *val_len = 0;
  sippush_scan_skip_blanks (v, len, i);
  if (*i < len && v[*i] == '=')
    {
      (*i)++;
      sippush_scan_skip_blanks (v, len, i);
      start = *i;
      if (*i < len && v[*i] == '"')
        {
          for ((*i)++; *i < len && v[*i] != '"'; (*i)++)
            if (v[*i] == '\\' && ++(*i) >= len)
              break;
          if (*i >= len)
            return malformed (error, "an unterminated quoted string");
          (*i)++;
        }
      else
        sippush_scan_token (v, len, i);
      if (*i == start)
        return malformed (error, "a parameter with an empty value");
      *val = v + start;
      *val_len = *i - start;
    }
  sippush_scan_skip_blanks (v, len, i);
  if (*i < len && v[*i] != ';')
    return malformed (error, "unexpected character after a parameter");
  return TRUE;
}

SipPushParseResult
sippush_event_header_dup_aris (const char *value, gsize len, gchar ***out, GError **error)
{
  const char *package;
  gsize package_len;
  *out = NULL;
  if (len > SIPPUSH_EVENT_HEADER_MAX)
    return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE, "Event header over %d bytes",
                               SIPPUSH_EVENT_HEADER_MAX);
  if (!sippush_event_header_package (value, len, &package, &package_len))
    {
      malformed (error, "no event package");
      return SIPPUSH_PARSE_MALFORMED;
    }
  gsize i = (gsize) (package + package_len - value);
  sippush_scan_skip_blanks (value, len, &i);
  if (i < len && value[i] != ';')
    {
      malformed (error, "unexpected character after the event package");
      return SIPPUSH_PARSE_MALFORMED;
    }
  gchar **aris = NULL;
  while (i < len)
    {
      const char *name, *val;
      gsize name_len, val_len;
      i++; /* the ';' */
      if (!next_param (value, len, &i, &name, &name_len, &val, &val_len, error))
        {
          g_strfreev (aris);
          return SIPPUSH_PARSE_MALFORMED;
        }
      if (aris || name_len != strlen (APP_ID_PARAM)
          || g_ascii_strncasecmp (name, APP_ID_PARAM, name_len) != 0)
        continue; /* the first event-app-id counts */
      if (val == NULL)
        {
          malformed (error, "event-app-id without a value");
          return SIPPUSH_PARSE_MALFORMED;
        }
      if (val[0] == '"')
        {
          SipPushParseResult r = sippush_ari_list_parse (val, val_len, &aris, error);
          if (r != SIPPUSH_PARSE_OK)
            return r;
        }
      else
        {
          g_autofree gchar *one = g_strndup (val, val_len);
          if (!sippush_ari_is_valid (one))
            {
              malformed (error, "event-app-id is not an ARI");
              return SIPPUSH_PARSE_MALFORMED;
            }
          aris = g_new0 (gchar *, 2);
          aris[0] = g_steal_pointer (&one);
        }
    }
  *out = aris;
  return SIPPUSH_PARSE_OK;
}
