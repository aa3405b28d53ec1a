/* fuzz-sip-request.c — libFuzzer target for what sippush reads out of a SIP request
 * (R-SEC-1): the input is parsed by sofia's parser with sippush's parser class, then every
 * extractor (ARIs, sender, CSI, content type, sender key) runs on the result, and the CLI's
 * folder naming runs on every ARI. None may crash, leak or return an invalid ARI.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_protos.h>

#include <sippush/sippush.h>

#include "sip/headers.h"
#include "sip/sofia-glue.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > 65536)
    return 0;
  /* msg_make() wants a NUL-terminated buffer it may modify. */
  char *copy = g_malloc (size + 1);
  memcpy (copy, data, size);
  copy[size] = '\0';
  msg_t *msg = msg_make (sippush_sofia_mclass (), 0, copy, (isize_t) size);
  sip_t *sip = msg ? sip_object (msg) : NULL;
  if (sip)
    {
      GError *error = NULL;
      gchar **aris = sippush_sip_dup_aris (sip, &error);
      if ((aris == NULL) == (error == NULL) && error)
        abort (); /* an error and a result together */
      for (gchar **a = aris; a && *a; a++)
        if (!sippush_ari_is_valid (*a))
          abort ();
      g_clear_error (&error);
      g_strfreev (aris);

      gchar *sender = sippush_sip_dup_sender (sip);
      g_free (sippush_uri_key (sender));
      g_free (sender);
      g_free (sippush_sip_dup_service_id (sip));
      g_free (sippush_sip_dup_content_type (sip));
    }
  if (msg)
    msg_destroy (msg);
  g_free (copy);
  return 0;
}
