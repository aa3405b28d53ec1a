/* core/dispatch.h — the registry of push applications and the routing rules (R-DSP-1,
 * R-MSG-2, R-MSG-3). No SIP here: ARIs in, an application out.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

/* The SipPushApp instance: the dispatch creates applications and the SIP modules read
 * their callbacks and types. */
#include "app-private.h"

typedef struct _SipPushDispatch SipPushDispatch;

/* Whether @content_type (parameters ignored) matches @pattern: `type/subtype`,
 * `type/ *`, `* / *` or `*`. */
gboolean sippush_content_type_matches (const char *pattern, const char *content_type);

/* Whether @app takes @content_type (parameters ignored; NULL content type only when the
 * application takes any type). Patterns: `type/subtype`, `type/ *`, `* / *`, `*`. */
gboolean sippush_app_accepts (const SipPushApp *app, const char *content_type);

SipPushDispatch *sippush_dispatch_new (void);
void sippush_dispatch_free (SipPushDispatch *dispatch);

/* Creates the application: @ari is canonical (or NULL for the catch-all). Returns it
 * (owned by @dispatch), or NULL with an error, and then @destroy is not called. */
SipPushApp *sippush_dispatch_add (SipPushDispatch *dispatch, const char *ari,
                                  SipPushAppFunc callback, gpointer user_data,
                                  GDestroyNotify destroy, GError **error);
/* Drops @dispatch's reference to @app; SIPPUSH_ERROR_NO_SUCH_APP when @app is not one of
 * its applications (never added here, or removed already). */
gboolean sippush_dispatch_remove (SipPushDispatch *dispatch, SipPushApp *app, GError **error);
/* The application with canonical @ari (NULL: the catch-all), or NULL. */
SipPushApp *sippush_dispatch_lookup (SipPushDispatch *dispatch, const char *ari);
/* @app NULL, or the catch-all, unsets the default (pushes naming no ARI then go to the
 * catch-all). SIPPUSH_ERROR_NO_SUCH_APP when @app is not one of @dispatch's. */
gboolean sippush_dispatch_set_default (SipPushDispatch *dispatch, SipPushApp *app, GError **error);

/* The advertised ARIs, in the order they were added (catch-all excluded). */
gchar **sippush_dispatch_dup_aris (SipPushDispatch *dispatch);

/* The `+g.oma.pusheventappp="a,b"` feature tag for REGISTER (R-REG-1), or NULL when no
 * named application is registered. */
gchar *sippush_dispatch_dup_feature_tag (SipPushDispatch *dispatch);

typedef enum
{
  SIPPUSH_ROUTE_FOUND,
  SIPPUSH_ROUTE_UNSERVED,   /* the push named ARIs and none is served (R-MSG-3) */
  SIPPUSH_ROUTE_NO_DEFAULT, /* the push named none and there is no default (R-MSG-2) */
} SipPushRoute;

/* Routes a push naming @aris (NULL = none): the first named ARI that an application
 * serves wins; none named → the default application, else the catch-all. On
 * SIPPUSH_ROUTE_FOUND *app receives a new reference and *ari the matched ARI (owned by
 * @aris, NULL when none was named). */
SipPushRoute sippush_dispatch_route (SipPushDispatch *dispatch, const gchar *const *aris,
                                     SipPushApp **app, const char **ari);

/* The Accept header of a push SUBSCRIBE (R-SUB-2): every content type the applications
 * take, in the order added, each once, with `* / *` (written without spaces) when one application
 * takes any type; NULL when no application is registered. */
gchar *sippush_dispatch_dup_accept (SipPushDispatch *dispatch);

/* NOTIFY routing by content type: the first named application (in the order added)
 * whose own accept types list @content_type; FALSE when none does. *app receives a new
 * reference. */
gboolean sippush_dispatch_route_by_type (SipPushDispatch *dispatch, const char *content_type,
                                         SipPushApp **app);
