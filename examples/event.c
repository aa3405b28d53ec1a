/* event.c — building an event description. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "event.h"

void
event_init (Event *event, const char *name)
{
  *event = (Event){ .name = name };
}

static EventField *
add_field (Event *event, const char *key, EventValueType type)
{
  g_assert (event->n_fields < EVENT_MAX_FIELDS);
  EventField *field = &event->fields[event->n_fields++];
  *field = (EventField){ .key = key, .type = type };
  return field;
}

void
event_add_string (Event *event, const char *key, const char *value)
{
  if (value == NULL)
    event_add_null (event, key);
  else
    add_field (event, key, EVENT_VALUE_STRING)->value.string = value;
}

void
event_add_uint (Event *event, const char *key, guint64 value)
{
  add_field (event, key, EVENT_VALUE_UINT)->value.uint = value;
}

void
event_add_bool (Event *event, const char *key, gboolean value)
{
  add_field (event, key, EVENT_VALUE_BOOL)->value.boolean = value;
}

void
event_add_null (Event *event, const char *key)
{
  add_field (event, key, EVENT_VALUE_NULL);
}

void
event_add_object (Event *event, const char *key, const Event *object)
{
  if (object == NULL)
    event_add_null (event, key);
  else
    add_field (event, key, EVENT_VALUE_OBJECT)->value.object = object;
}

void
event_add_text_only_string (Event *event, const char *key, const char *value)
{
  event_add_string (event, key, value);
  event->fields[event->n_fields - 1].text_only = TRUE;
}
