/* receiver-settings-private.h — the receiver's settings table, shared by its properties
 * (receiver-properties.c) and its typed accessors (receiver-settings.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

typedef enum
{
  SETTING_0,
  SETTING_AOR,
  SETTING_BIND_URI,
  SETTING_REGISTRAR,
  SETTING_PROXY,
  SETTING_USERNAME,
  SETTING_PASSWORD,
  SETTING_EXPIRES,
  SETTING_DELIVERY_TIMEOUT,
  SETTING_MAX_PENDING_DELIVERIES,
  SETTING_MAX_MESSAGE_SIZE,
  SETTING_IDLE_TIMEOUT,
  SETTING_SIP_MESSAGE_TIMEOUT,
  SETTING_MAX_SIP_CONNECTIONS,
  SETTING_MAX_SIP_CONNECTIONS_PER_SOURCE,
  SETTING_MAX_SIP_BUFFERED,
  SETTING_SIP_TRANSACTION_LIFETIME,
  SETTING_RETRY_INTERVAL_MIN,
  SETTING_RETRY_INTERVAL_MAX,
  SETTING_FILE_DIRECTORY,
  SETTING_MSRP_BIND,
  SETTING_MSRP_RELAY,
  SETTING_MAX_FILE_SIZE,
  SETTING_MAX_SESSIONS,
  SETTING_MAX_MSRP_CONNECTIONS,
  SETTING_MSRP_IDLE_TIMEOUT,
  SETTING_MSRP_BIND_TIMEOUT,
  SETTING_MSRP_CONNECT_TIMEOUT,
  SETTING_MSRP_STALL_TIMEOUT,
  SETTING_SESSION_EXPIRES,
  SETTING_MSRP_CONNECT_OUT,
  SETTING_HASH_FILES,
  SETTING_MAX_ICON_SIZE,
  /* subscriptions and REFER */
  SETTING_SUBSCRIBE,
  SETTING_SUBSCRIBE_URI,
  SETTING_SUBSCRIBE_EXPIRES,
  SETTING_PREFERRED_IDENTITY,
  SETTING_DEVICE_VENDOR,
  SETTING_DEVICE_MODEL,
  SETTING_DEVICE_VERSION,
  SETTING_DEVICE_UAPROF,
  SETTING_ACCEPT_REFERS,
  /* TLS (R-SEC-3) */
  SETTING_TLS_CERTIFICATE,
  SETTING_TLS_KEY,
  SETTING_TLS_CA,
  SETTING_TLS_VERIFY,
  N_SETTINGS
} SipPushSetting;

/* Sets a string setting: fails with SIPPUSH_ERROR_WRONG_STATE on a running receiver
 * (unless the setting is read at run time), SIPPUSH_ERROR_INVALID_URI or
 * SIPPUSH_ERROR_INVALID_VALUE when @value does not pass the setting's check. */
gboolean sippush_receiver_set_string_setting (SipPushReceiver *receiver, SipPushSetting setting,
                                              const char *value, GError **error);
/* The same for a number or boolean setting (numbers are checked against their range). */
gboolean sippush_receiver_set_number_setting (SipPushReceiver *receiver, SipPushSetting setting,
                                              guint64 value, GError **error);

const char *sippush_receiver_get_string_setting (SipPushReceiver *receiver, SipPushSetting setting);
guint64 sippush_receiver_get_number_setting (SipPushReceiver *receiver, SipPushSetting setting);
