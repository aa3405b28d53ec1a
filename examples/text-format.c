/* text-format.c — the default, human formatter. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "text-format.h"

#include <stdio.h>
#include <unistd.h>

#include "json-format.h"

/* A progress line is open: the cursor is at its end, not at the start of a line. */
static gboolean progress_shown;

static gboolean
needs_quotes (const char *s)
{
  if (*s == '\0' || !g_utf8_validate (s, -1, NULL))
    return TRUE;
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '\\')
      return TRUE;
  return FALSE;
}

static void
append_value (GString *out, const EventField *field)
{
  const Event *object;
  switch (field->type)
    {
    case EVENT_VALUE_NULL:
      g_string_append (out, "(none)");
      break;
    case EVENT_VALUE_STRING:
      if (needs_quotes (field->value.string))
        json_append_string (out, field->value.string);
      else
        g_string_append (out, field->value.string);
      break;
    case EVENT_VALUE_UINT:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, field->value.uint);
      break;
    case EVENT_VALUE_BOOL:
      g_string_append (out, field->value.boolean ? "yes" : "no");
      break;
    case EVENT_VALUE_OBJECT:
      object = field->value.object;
      g_string_append_c (out, '{');
      for (guint i = 0; i < object->n_fields; i++)
        {
          g_string_append_printf (out, "%s%s=", i ? " " : "", object->fields[i].key);
          append_value (out, &object->fields[i]);
        }
      g_string_append_c (out, '}');
      break;
    }
}

static void
print_event (const Event *event)
{
  g_autoptr (GString) out = g_string_new (progress_shown ? "\n" : NULL);
  progress_shown = FALSE;
  for (const char *p = event->name; *p; p++)
    g_string_append_c (out, *p == '_' ? ' ' : *p);
  g_string_append_c (out, ':');
  for (guint i = 0; i < event->n_fields; i++)
    {
      g_string_append_printf (out, " %s=", event->fields[i].key);
      append_value (out, &event->fields[i]);
    }
  g_string_append_c (out, '\n');
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

static void
print_progress (const char *name, guint64 received, guint64 total)
{
  if (!isatty (STDOUT_FILENO))
    return;
  if (total)
    {
      guint width = 30, done = (guint) (received * width / total);
      g_autofree gchar *bar = g_strnfill (done, '#');
      printf ("\r%-24.24s [%-30s] %3u%%", name ? name : "(unnamed)", bar,
              (guint) (received * 100 / total));
    }
  else
    printf ("\r%-24.24s %" G_GUINT64_FORMAT " bytes", name ? name : "(unnamed)", received);
  progress_shown = TRUE;
  fflush (stdout);
}

const EventFormatter text_formatter
    = { .print_event = print_event, .print_progress = print_progress };
