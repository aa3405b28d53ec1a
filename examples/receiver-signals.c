/* receiver-signals.c — each of the receiver's signals read into one event description
 * and printed. The pushes and files themselves come through the applications' callbacks
 * (cli-receiver.c). SPDX-License-Identifier: LGPL-2.1-or-later */
#include "receiver-signals.h"

static void
print (gpointer formatter, const Event *event)
{
  ((const EventFormatter *) formatter)->print_event (event);
}

static void
on_registered (SipPushReceiver *receiver, guint status, guint expires, gpointer data)
{
  Event event;
  event_init (&event, "registered");
  event_add_uint (&event, "status", status);
  event_add_uint (&event, "expires", expires);
  print (data, &event);
}

static void
on_registration_failed (SipPushReceiver *receiver, guint status, const char *reason, gpointer data)
{
  Event event;
  event_init (&event, "registration_failed");
  event_add_uint (&event, "status", status);
  event_add_string (&event, "reason", reason);
  print (data, &event);
}

static void
on_push_rejected (SipPushReceiver *receiver, SipPushRejection *rejection, gpointer data)
{
  Event event;
  event_init (&event, "rejected");
  event_add_string (&event, "method",
                    sippush_method_to_string (sippush_rejection_get_method (rejection)));
  event_add_uint (&event, "status", sippush_rejection_get_status (rejection));
  event_add_string (&event, "reason", sippush_rejection_get_reason (rejection));
  print (data, &event);
}

static void
on_transfer_failed (SipPushReceiver *receiver, SipPushTransfer *transfer, gpointer data)
{
  Event event;
  event_init (&event, "transfer_failed");
  event_add_string (&event, "name", sippush_transfer_get_file_name (transfer));
  event_add_string (&event, "reason", sippush_transfer_get_reason (transfer));
  print (data, &event);
}

/* Not an event: a progress bar, in text on a terminal only. */
static void
on_transfer_progress (SipPushReceiver *receiver, SipPushTransfer *transfer, gpointer data)
{
  const EventFormatter *formatter = data;
  if (formatter->print_progress)
    formatter->print_progress (sippush_transfer_get_file_name (transfer),
                               sippush_transfer_get_received (transfer),
                               sippush_transfer_get_size (transfer));
}

static void
on_subscribed (SipPushReceiver *receiver, const char *target, guint status, gpointer data)
{
  Event event;
  event_init (&event, "subscribed");
  event_add_text_only_string (&event, "target", target);
  event_add_uint (&event, "status", status);
  print (data, &event);
}

static void
on_subscription_failed (SipPushReceiver *receiver, const char *target, guint status,
                        const char *reason, gpointer data)
{
  Event event;
  event_init (&event, "subscription_failed");
  event_add_text_only_string (&event, "target", target);
  event_add_uint (&event, "status", status);
  event_add_text_only_string (&event, "reason", reason);
  print (data, &event);
}

static void
on_subscription_terminated (SipPushReceiver *receiver, const char *target, const char *reason,
                            gpointer data)
{
  Event event;
  event_init (&event, "subscription_terminated");
  event_add_text_only_string (&event, "target", target);
  event_add_string (&event, "reason", reason);
  print (data, &event);
}

static void
on_refer (SipPushReceiver *receiver, SipPushRefer *refer, gpointer data)
{
  Event event;
  event_init (&event, "refer");
  event_add_string (&event, "target", sippush_refer_get_target (refer));
  event_add_bool (&event, "accepted", sippush_refer_get_accepted (refer));
  print (data, &event);
}

void
receiver_signals_connect (SipPushReceiver *receiver, const EventFormatter *formatter)
{
  /* The handlers only read it. */
  gpointer data = (gpointer) formatter;
  g_signal_connect (receiver, "registered", G_CALLBACK (on_registered), data);
  g_signal_connect (receiver, "registration-failed", G_CALLBACK (on_registration_failed), data);
  g_signal_connect (receiver, "push-rejected", G_CALLBACK (on_push_rejected), data);
  g_signal_connect (receiver, "transfer-failed", G_CALLBACK (on_transfer_failed), data);
  g_signal_connect (receiver, "transfer-progress", G_CALLBACK (on_transfer_progress), data);
  g_signal_connect (receiver, "subscribed", G_CALLBACK (on_subscribed), data);
  g_signal_connect (receiver, "subscription-failed", G_CALLBACK (on_subscription_failed), data);
  g_signal_connect (receiver, "subscription-terminated", G_CALLBACK (on_subscription_terminated),
                    data);
  g_signal_connect (receiver, "refer", G_CALLBACK (on_refer), data);
}
