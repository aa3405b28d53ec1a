/* cli-receiver.h — the receiver as the CLI drives it: configured from the flags, every
 * push stored in the inbox, every signal printed as an event. With receiver-signals.c,
 * the only place the CLI calls the sippush API. SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "options.h"

typedef struct _CliReceiver CliReceiver;

/* Creates and configures the receiver and the inbox (@options is read now, not kept).
 * Fails on a bad setting (an unparsable URI or application id, an inbox that cannot be
 * created). */
CliReceiver *cli_receiver_new (const Options *options, GError **error);

/* Starts the receiver: `ready` once it listens. @loop is quit when the receiver has
 * stopped, or failed to start. */
void cli_receiver_start (CliReceiver *cli, GMainLoop *loop);

/* Stops the receiver (de-registers first); repeated calls are ignored. */
void cli_receiver_stop (CliReceiver *cli);

/* 0, or 1 when starting or stopping failed. */
int cli_receiver_get_exit_code (CliReceiver *cli);

void cli_receiver_free (CliReceiver *cli);
