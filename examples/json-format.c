/* json-format.c — the --json formatter. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "json-format.h"

#include <stdio.h>

void
json_append_string (GString *out, const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  /* Network strings may carry any bytes; JSON must be UTF-8. */
  g_autofree gchar *valid = g_utf8_validate (s, -1, NULL) ? NULL : g_utf8_make_valid (s, -1);
  if (valid)
    s = valid;
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static void append_fields (GString *out, const Event *event);

static void
append_value (GString *out, const EventField *field)
{
  switch (field->type)
    {
    case EVENT_VALUE_NULL:
      g_string_append (out, "null");
      break;
    case EVENT_VALUE_STRING:
      json_append_string (out, field->value.string);
      break;
    case EVENT_VALUE_UINT:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, field->value.uint);
      break;
    case EVENT_VALUE_BOOL:
      g_string_append (out, field->value.boolean ? "true" : "false");
      break;
    case EVENT_VALUE_OBJECT:
      g_string_append_c (out, '{');
      append_fields (out, field->value.object);
      g_string_append_c (out, '}');
      break;
    }
}

/* `"key":value` for each field, comma-separated. */
static void
append_fields (GString *out, const Event *event)
{
  gboolean first = TRUE;
  for (guint i = 0; i < event->n_fields; i++)
    {
      const EventField *field = &event->fields[i];
      if (field->text_only)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      json_append_string (out, field->key);
      g_string_append_c (out, ':');
      append_value (out, field);
    }
}

static void
print_event (const Event *event)
{
  g_autoptr (GString) out = g_string_new ("{");
  json_append_string (out, "event");
  g_string_append_c (out, ':');
  json_append_string (out, event->name);
  for (guint i = 0; i < event->n_fields; i++)
    {
      const EventField *field = &event->fields[i];
      if (field->text_only)
        continue;
      g_string_append_c (out, ',');
      json_append_string (out, field->key);
      g_string_append_c (out, ':');
      append_value (out, field);
    }
  g_string_append (out, "}\n");
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

const EventFormatter json_formatter = { .print_event = print_event };
