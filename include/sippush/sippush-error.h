/* sippush-error.h — the SIPPUSH_ERROR domain.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <sippush/sippush-version.h>

G_BEGIN_DECLS

/**
 * SIPPUSH_ERROR:
 *
 * The error domain of sippush. Errors in this domain come from the #SipPushError
 * enumeration. Cancellation is reported as %G_IO_ERROR_CANCELLED instead.
 */
#define SIPPUSH_ERROR (sippush_error_quark ())

/**
 * SipPushError:
 * @SIPPUSH_ERROR_FAILED: an unexpected failure (the message says what).
 * @SIPPUSH_ERROR_INVALID_APP_ID: a push application id is malformed: not an ARI
 *   (R-ARI-2), not a well-formed URN, or an empty/over-long string.
 * @SIPPUSH_ERROR_UNKNOWN_APP_ID: a numeric push application id that is not in the OMNA
 *   table (R-ARI-3).
 * @SIPPUSH_ERROR_INVALID_LIST: a `+g.oma.pusheventappp` value is not a quoted list of ARIs.
 * @SIPPUSH_ERROR_INVALID_URI: a SIP URI given in the configuration does not parse or is
 *   not a sip:/sips: URI.
 * @SIPPUSH_ERROR_APP_EXISTS: an application with this ARI (or a default application)
 *   is already registered.
 * @SIPPUSH_ERROR_NO_SUCH_APP: no application with this ARI is registered.
 * @SIPPUSH_ERROR_BIND: the SIP listeners could not be opened (address in use, no such
 *   address, …).
 * @SIPPUSH_ERROR_WRONG_STATE: the call does not fit the receiver's state (start twice,
 *   stop before start, a start-time setting changed on a running receiver).
 * @SIPPUSH_ERROR_ALREADY_COMPLETED: a delivery was accepted or rejected twice.
 * @SIPPUSH_ERROR_INVALID_VALUE: a setting is out of its range or malformed (the
 *   message names the setting and its limits).
 *
 * Error codes of the %SIPPUSH_ERROR domain.
 */
typedef enum
{
  SIPPUSH_ERROR_FAILED,
  SIPPUSH_ERROR_INVALID_APP_ID,
  SIPPUSH_ERROR_UNKNOWN_APP_ID,
  SIPPUSH_ERROR_INVALID_LIST,
  SIPPUSH_ERROR_INVALID_URI,
  SIPPUSH_ERROR_APP_EXISTS,
  SIPPUSH_ERROR_NO_SUCH_APP,
  SIPPUSH_ERROR_BIND,
  SIPPUSH_ERROR_WRONG_STATE,
  SIPPUSH_ERROR_ALREADY_COMPLETED,
  SIPPUSH_ERROR_INVALID_VALUE,
} SipPushError;

/**
 * sippush_error_quark:
 *
 * The quark behind %SIPPUSH_ERROR; use the macro.
 *
 * Returns: the #GQuark of the sippush error domain
 */
SIPPUSH_AVAILABLE_IN_ALL
GQuark sippush_error_quark (void);

G_END_DECLS
