/* sip/handle.h — typed NUA handle ownership: the magic bound to every NUA handle sippush
 * keeps starts with a kind tag, so the event switch knows the owner without searching.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

typedef enum
{
  SIPPUSH_HANDLE_NONE, /* no magic: a handle the stack made for a request */
  SIPPUSH_HANDLE_REGISTRATION,
  SIPPUSH_HANDLE_SUBSCRIPTION,
  SIPPUSH_HANDLE_REFER,
  SIPPUSH_HANDLE_INVITE,
} SipPushHandleKind;

/* The first member of every struct used as a handle's magic. */
typedef struct
{
  SipPushHandleKind kind;
} SipPushHandleTag;

static inline SipPushHandleKind
sippush_handle_kind (const void *magic)
{
  return magic ? ((const SipPushHandleTag *) magic)->kind : SIPPUSH_HANDLE_NONE;
}
