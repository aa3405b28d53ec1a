/* event.h — one CLI event, described once as typed fields, for the JSON and the text
 * formatter alike. SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* The most fields an event has (`file`: ten); adding more is a programming error. */
#define EVENT_MAX_FIELDS 12

typedef enum
{
  EVENT_VALUE_NULL,
  EVENT_VALUE_STRING,
  EVENT_VALUE_UINT,
  EVENT_VALUE_BOOL,
  EVENT_VALUE_OBJECT, /* nested fields: `"icon":{"type":…,"size":N}` */
} EventValueType;

typedef struct _Event Event;

typedef struct
{
  const char *key;
  EventValueType type;
  /* Shown in text only: the JSON events were fixed (README) before the text said more. */
  gboolean text_only;
  union
  {
    const char *string; /* never NULL: a NULL string is stored as EVENT_VALUE_NULL */
    guint64 uint;
    gboolean boolean;
    const Event *object; /* its fields; its name is not shown */
  } value;
} EventField;

/* An event: its name (`push`, `registration_failed`, …) and its fields in the order they
 * are printed. Keys and string values are borrowed: build an event on the stack, print
 * it, and let it go before the strings do. */
struct _Event
{
  const char *name;
  guint n_fields;
  EventField fields[EVENT_MAX_FIELDS];
};

void event_init (Event *event, const char *name);

/* @value NULL adds a null. */
void event_add_string (Event *event, const char *key, const char *value);
void event_add_uint (Event *event, const char *key, guint64 value);
void event_add_bool (Event *event, const char *key, gboolean value);
void event_add_null (Event *event, const char *key);
/* @object's fields as one nested value (borrowed, like strings); NULL adds a null. */
void event_add_object (Event *event, const char *key, const Event *object);
/* A string the text formatter shows and the JSON formatter leaves out. */
void event_add_text_only_string (Event *event, const char *key, const char *value);

/* How events reach stdout: json_formatter (--json) or text_formatter. */
typedef struct
{
  void (*print_event) (const Event *event);
  /* A transfer's progress (@total 0: size unknown); NULL when not shown. */
  void (*print_progress) (const char *name, guint64 received, guint64 total);
} EventFormatter;
