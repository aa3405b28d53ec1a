/* sip/sofia-glue.c — one-time sofia-sip initialisation and log routing.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/sofia-glue.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sofia-sip/su.h>
#include <sofia-sip/su_log.h>
#include <sofia-sip/msg_mclass.h>
#include <sofia-sip/sip_extra.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

#define SOFIA_LOG_DOMAIN "sippush-sofia"
#define SOFIA_LOG_LINE_MAX 1024

static msg_mclass_t *extended_mclass;

/* sofia writes a line in several calls; collect them and log whole lines. The logger is
 * process-wide while receivers may live in several threads, hence the lock. */
G_LOCK_DEFINE_STATIC (sofia_log);

static void
sofia_logger (void *stream, char const *fmt, va_list ap)
{
  static char line[SOFIA_LOG_LINE_MAX];
  static size_t used;

  G_LOCK (sofia_log);
  if (used < sizeof line - 1)
    {
      int n = g_vsnprintf (line + used, sizeof line - used, fmt, ap);
      if (n > 0)
        used = MIN (used + (size_t) n, sizeof line - 1);
    }
  if (used > 0 && (line[used - 1] == '\n' || used == sizeof line - 1))
    {
      while (used > 0 && (line[used - 1] == '\n' || line[used - 1] == '\r'))
        used--;
      line[used] = '\0';
      g_log (SOFIA_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "%s", line);
      used = 0;
    }
  G_UNLOCK (sofia_log);
}

/* Content-Length as sofia parses it, refused beyond the cap. tport sets no size limit on a
 * message that follows another in the same TCP read (msg_next() does not copy it), and its
 * body buffer is then allocated at the announced size: 2^31 or more trips an assertion in
 * su_alloc (a remote abort), less exhausts memory. An invalid Content-Length makes the
 * message invalid before any body buffer exists. */
static struct msg_hclass_s capped_content_length_class[1];
static msg_href_t short_forms[MC_SHORT_SIZE];

static issize_t
capped_content_length_d (su_home_t *home, msg_header_t *h, char *s, isize_t slen)
{
  issize_t r = sip_content_length_class->hc_parse (home, h, s, slen);
  if (r >= 0 && ((sip_content_length_t *) h)->l_length > SIPPUSH_SOFIA_MAX_CONTENT_LENGTH)
    return -1;
  return r;
}

/* Parsing finds a header class by name, along the hash chain from the name's slot; sofia
 * itself finds the slot of a header object by its class pointer. The capped class takes the
 * original's slot so that parsing meets it first, and the original moves to the next free
 * slot of the chain, where lookups by the original pointer still find it (same offset). */
static void
cap_content_length (msg_mclass_t *mc)
{
  *capped_content_length_class = *sip_content_length_class;
  capped_content_length_class->hc_parse = capped_content_length_d;
  short n = mc->mc_hash_size;
  for (short i = 0; i < n; i++)
    if (mc->mc_hash[i].hr_class == sip_content_length_class)
      {
        msg_href_t original = mc->mc_hash[i];
        short j = (short) ((i + 1) % n);
        while (mc->mc_hash[j].hr_class)
          j = (short) ((j + 1) % n);
        g_assert (j != i); /* the table is never full: 127 slots, fewer headers */
        mc->mc_hash[j] = original;
        mc->mc_hash[i].hr_class = capped_content_length_class;
        mc->mc_hash_used++;
        break;
      }
  /* The compact form `l:` is looked up in the short-form table, shared with sofia's own
   * class: this class gets its own copy. */
  if (mc->mc_short)
    {
      memcpy (short_forms, mc->mc_short, sizeof short_forms);
      for (int c = 0; c < MC_SHORT_SIZE; c++)
        if (short_forms[c].hr_class == sip_content_length_class)
          short_forms[c].hr_class = capped_content_length_class;
      mc->mc_short = short_forms;
    }
}

static gpointer
init_once (gpointer data)
{
  su_init ();
  su_log_redirect (NULL, sofia_logger, NULL);
  extended_mclass = sip_extend_mclass (NULL);
  cap_content_length (extended_mclass);
  return NULL;
}

void
sippush_sofia_init (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, init_once, NULL);
}

msg_mclass_t *
sippush_sofia_mclass (void)
{
  sippush_sofia_init ();
  return extended_mclass;
}
