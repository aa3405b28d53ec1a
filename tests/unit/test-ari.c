/* test-ari.c — push application ids, ARIs and feature-tag lists (R-ARI-1 … R-ARI-4).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "check-main.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sippush/sippush.h>

#include "core/ari.h"

/* ---- helpers ---- */

/* A copy of (s, len) in a heap block of exactly len bytes with no NUL after it, so that
 * AddressSanitizer reports any read past len. */
static char *
exact_copy (const char *s, size_t len)
{
  char *buf = malloc (len);

  ck_assert (buf != NULL || len == 0);
  if (len > 0)
    memcpy (buf, s, len);
  return buf;
}

/* The list parsers are internal: they answer in the parse domain (core/parse.h). */
#define LIST_PARSE_ERROR (-1)

static void
assert_error (GError *error, int code)
{
  ck_assert_ptr_nonnull (error);
  if (code == LIST_PARSE_ERROR)
    {
      ck_assert_uint_eq (error->domain, SIPPUSH_PARSE_ERROR);
      ck_assert (error->code == SIPPUSH_PARSE_ERROR_MALFORMED
                 || error->code == SIPPUSH_PARSE_ERROR_TOO_LARGE);
    }
  else
    {
      ck_assert_uint_eq (error->domain, SIPPUSH_ERROR);
      ck_assert_int_eq (error->code, code);
    }
  ck_assert_ptr_nonnull (error->message);
  ck_assert_uint_gt (strlen (error->message), 0);
}

/* Canonicalises (s, len) from an exact-length copy. */
static gchar *
ari_from_len (const char *s, size_t len, GError **error)
{
  char *buf = exact_copy (s, len);
  gchar *ari = sippush_ari_from_app_id_len (buf, len, error);

  free (buf);
  return ari;
}

static gchar **
list_parse_len (const char *s, size_t len, GError **error)
{
  char *buf = exact_copy (s, len);
  gchar **aris = NULL;
  SipPushParseResult r = sippush_ari_list_parse (buf, len, &aris, error);

  ck_assert ((r == SIPPUSH_PARSE_OK) == (aris != NULL));

  free (buf);
  return aris;
}

static gchar **
iari_parse_len (const char *s, size_t len, GError **error)
{
  char *buf = exact_copy (s, len);
  gchar **aris = NULL;
  SipPushParseResult r = sippush_ari_list_parse_iari (buf, len, &aris, error);

  ck_assert ((r == SIPPUSH_PARSE_OK) == (aris != NULL));

  free (buf);
  return aris;
}

static void
assert_app_id (const char *app_id, const char *expected)
{
  GError *error = NULL;
  gchar *ari = sippush_ari_from_app_id (app_id, &error);

  ck_assert_msg (ari != NULL, "%s: %s", app_id, error ? error->message : "?");
  ck_assert_str_eq (ari, expected);
  ck_assert (sippush_ari_is_valid (ari));
  g_free (ari);
}

static void
assert_strv_eq (gchar **got, const char *const *expected)
{
  guint i;

  ck_assert_ptr_nonnull (got);
  for (i = 0; expected[i] != NULL; i++)
    {
      ck_assert_ptr_nonnull (got[i]);
      ck_assert_str_eq (got[i], expected[i]);
    }
  ck_assert_ptr_null (got[i]);
}

/* `"a0, a1, …"` with n elements. */
static GString *
numbered_list (guint n)
{
  GString *s = g_string_new ("\"");
  guint i;

  for (i = 0; i < n; i++)
    g_string_append_printf (s, "%sa%u", i > 0 ? ", " : "", i);
  g_string_append_c (s, '"');
  return s;
}

/* ---- R-ARI-3: the OMNA table, one row per registered id, written out ---- */

typedef struct
{
  guint32 id;
  const char *urn;
  const char *ari;
} OmnaRow;

/* Every entry of lib/omna-table.c, with the ARI that R-ARI-1 gives it. Adding an entry
 * to the table without a row here fails test_omna_table_is_covered. */
static const OmnaRow omna_rows[] = {
  { 0x00, "x-wap-application:*", "*" },
  { 0x01, "x-wap-application:push.sia", "push.sia" },
  { 0x02, "x-wap-application:wml.ua", "wml.ua" },
  { 0x03, "x-wap-application:wta.ua", "wta.ua" },
  { 0x04, "x-wap-application:mms.ua", "mms.ua" },
  { 0x05, "x-wap-application:push.syncml", "push.syncml" },
  { 0x06, "x-wap-application:loc.ua", "loc.ua" },
  { 0x07, "x-wap-application:syncml.dm", "syncml.dm" },
  { 0x08, "x-wap-application:drm.ua", "drm.ua" },
  { 0x09, "x-wap-application:emn.ua", "emn.ua" },
  { 0x0A, "x-wap-application:wv.ua", "wv.ua" },
  { 0x10, "x-oma-application:ulp.ua", "ulp.ua" },
  { 0x11, "x-oma-application:dlota.ua", "dlota.ua" },
  { 0x12, "x-oma-application:java-ams", "java-ams" },
  { 0x13, "x-oma-application:bcast.ua", "bcast.ua" },
  { 0x14, "x-oma-application:dpe.ua", "dpe.ua" },
  { 0x15, "x-oma-application:cpm:ua", "cpm:ua" },
  { 0x8000, "x-wap-microsoft:localcontent.ua", "x-wap-microsoft:localcontent.ua" },
  { 0x8001, "x-wap-microsoft:IMclient.ua", "x-wap-microsoft:IMclient.ua" },
  { 0x8002, "x-wap-docomo:imode.mail.ua", "x-wap-docomo:imode.mail.ua" },
  { 0x8003, "x-wap-docomo:imode.mr.ua", "x-wap-docomo:imode.mr.ua" },
  { 0x8004, "x-wap-docomo:imode.mf.ua", "x-wap-docomo:imode.mf.ua" },
  { 0x8005, "x-motorola:location.ua", "x-motorola:location.ua" },
  { 0x8006, "x-motorola:now.ua", "x-motorola:now.ua" },
  { 0x8007, "x-motorola:otaprov.ua", "x-motorola:otaprov.ua" },
  { 0x8008, "x-motorola:browser.ua", "x-motorola:browser.ua" },
  { 0x8009, "x-motorola:splash.ua", "x-motorola:splash.ua" },
  { 0x800B, "x-wap-nai:mvsw.command", "x-wap-nai:mvsw.command" },
  { 0x8010, "x-wap-openwave:iota.ua", "x-wap-openwave:iota.ua" },
  { 0x9000, "x-wap-docomo:imode.mail2.ua", "x-wap-docomo:imode.mail2.ua" },
  { 0x9001, "x-oma-nec:otaprov.ua", "x-oma-nec:otaprov.ua" },
  { 0x9002, "x-oma-nokia:call.ua", "x-oma-nokia:call.ua" },
  { 0x9003, "x-oma-coremobility:sqa.ua", "x-oma-coremobility:sqa.ua" },
  { 0x9004, "x-oma-docomo:doja.jam.ua", "x-oma-docomo:doja.jam.ua" },
  { 0x9010, "x-oma-nokia:sip.ua", "x-oma-nokia:sip.ua" },
  { 0x9011, "x-oma-vodafone:otaprov.ua", "x-oma-vodafone:otaprov.ua" },
  { 0x9012, "x-hutchison:ad.ua", "x-hutchison:ad.ua" },
  { 0x9013, "x-oma-nokia:voip.ua", "x-oma-nokia:voip.ua" },
  { 0x9014, "x-oma-docomo:voice.ua", "x-oma-docomo:voice.ua" },
  { 0x9015, "x-oma-docomo:browser.ctl", "x-oma-docomo:browser.ctl" },
  { 0x9016, "x-oma-docomo:dan.ua", "x-oma-docomo:dan.ua" },
  { 0x9017, "x-oma-nokia:vs.ua", "x-oma-nokia:vs.ua" },
  { 0x9018, "x-oma-nokia:voip.ext1.ua", "x-oma-nokia:voip.ext1.ua" },
  { 0x9019, "x-wap-vodafone:casting.ua", "x-wap-vodafone:casting.ua" },
  { 0x901A, "x-oma-docomo:imode.data.ua", "x-oma-docomo:imode.data.ua" },
  { 0x901B, "x-oma-snapin:otaprov.ctl", "x-oma-snapin:otaprov.ctl" },
  { 0x901C, "x-oma-nokia:vrs.ua", "x-oma-nokia:vrs.ua" },
  { 0x901D, "x-oma-nokia:vrpg.ua", "x-oma-nokia:vrpg.ua" },
  { 0x901E, "x-oma-motorola:screen3.ua", "x-oma-motorola:screen3.ua" },
  { 0x901F, "x-oma-docomo:device.ctl", "x-oma-docomo:device.ctl" },
  { 0x9020, "x-oma-nokia:msc.ua", "x-oma-nokia:msc.ua" },
  { 0x9021, "x-3gpp2:lcs.ua", "x-3gpp2:lcs.ua" },
  { 0x9022, "x-wap-vodafone:dcd.ua", "x-wap-vodafone:dcd.ua" },
  { 0x9023, "x-3gpp:mbms.service.announcement.ua", "x-3gpp:mbms.service.announcement.ua" },
  { 0x9024, "x-oma-vodafone:dltmtbl.ua", "x-oma-vodafone:dltmtbl.ua" },
  { 0x9025, "x-oma-vodafone:dvcctl.ua", "x-oma-vodafone:dvcctl.ua" },
  { 0x9026, "x-oma-cmcc:mail.ua", "x-oma-cmcc:mail.ua" },
  { 0x9027, "x-oma-nokia:vmb.ua", "x-oma-nokia:vmb.ua" },
  { 0x9028, "x-oma-nokia:ldapss.ua", "x-oma-nokia:ldapss.ua" },
  { 0x9029, "x-hutchison:al.ua", "x-hutchison:al.ua" },
  { 0x902A, "x-oma-nokia:uma.ua", "x-oma-nokia:uma.ua" },
  { 0x902B, "x-oma-nokia:news.ua", "x-oma-nokia:news.ua" },
  { 0x902C, "x-oma-docomo:pf", "x-oma-docomo:pf" },
  { 0x902D, "x-oma-docomo:ub>", "x-oma-docomo:ub>" },
  { 0x902E, "x-oma-nokia:nat.traversal.ua", "x-oma-nokia:nat.traversal.ua" },
  { 0x902F, "x-oma-intromobile:intropad.ua", "x-oma-intromobile:intropad.ua" },
  { 0x9030, "x-oma-docomo:uin.ua", "x-oma-docomo:uin.ua" },
  { 0x9031, "x-oma-nokia:iptv.ua", "x-oma-nokia:iptv.ua" },
  { 0x9032, "x-hutchison:il.ua", "x-hutchison:il.ua" },
  { 0x9033, "x-oma-nokia:voip.general.ua", "x-oma-nokia:voip.general.ua" },
  { 0x9034, "x-microsoft:drm.meter", "x-microsoft:drm.meter" },
  { 0x9035, "x-microsoft:drm.license", "x-microsoft:drm.license" },
  { 0x9036, "x-oma-docomo:ic.ctl", "x-oma-docomo:ic.ctl" },
  { 0x9037, "x-oma-slingmedia:SPM.ua", "x-oma-slingmedia:SPM.ua" },
  { 0x9038, "x-cibenix:odp.ua", "x-cibenix:odp.ua" },
  { 0x9039, "x-oma-motorola:voip.ua", "x-oma-motorola:voip.ua" },
  { 0x903A, "x-oma-motorola:ims", "x-oma-motorola:ims" },
  { 0x903B, "x-oma-docomo:imode.remote.ctl", "x-oma-docomo:imode.remote.ctl" },
  { 0x903C, "x-oma-docomo:device.ctl.um", "x-oma-docomo:device.ctl.um" },
  { 0x903D, "x-microsoft:playready.drm.initiator", "x-microsoft:playready.drm.initiator" },
  { 0x903E, "x-microsoft:playready.drm", "x-microsoft:playready.drm" },
  { 0x903F, "x-oma-sbm:ms.mexa.ua", "x-oma-sbm:ms.mexa.ua" },
  { 0x9040, "urn:oma:drms:org-LGE:L650V", "urn:oma:drms:org-LGE:L650V" },
  { 0x9041, "x-oma-docomo:um", "x-oma-docomo:um" },
  { 0x9042, "x-oma-docomo:uin.um", "x-oma-docomo:uin.um" },
  { 0x9043, "urn:oma:drms:org-LGE:KU450", "urn:oma:drms:org-LGE:KU450" },
  { 0x9044, "x-wap-microsoft:cfgmgr.ua", "x-wap-microsoft:cfgmgr.ua" },
  { 0x9045, "x-3gpp:mbms.download.delivery.ua", "x-3gpp:mbms.download.delivery.ua" },
  { 0x9046, "x-oma-docomo:star.ctl", "x-oma-docomo:star.ctl" },
  { 0x9047, "urn:oma:drms:org-LGE:KU380", "urn:oma:drms:org-LGE:KU380" },
  { 0x9048, "x-oma-docomo:pf2", "x-oma-docomo:pf2" },
  { 0x9049, "x-oma-motorola:blogcentral.ua", "x-oma-motorola:blogcentral.ua" },
  { 0x904A, "x-oma-docomo:imode.agent.ua", "x-oma-docomo:imode.agent.ua" },
  { 0x904B, "x-wap-application:push.sia", "push.sia" },
  { 0x904C, "x-oma-nokia:destination.network.ua", "x-oma-nokia:destination.network.ua" },
  { 0x904D, "x-oma-sbm:mid2.ua", "x-oma-sbm:mid2.ua" },
  { 0x904E, "x-carrieriq:avm.ctl", "x-carrieriq:avm.ctl" },
  { 0x904F, "x-oma-sbm:ms.xml.ua", "x-oma-sbm:ms.xml.ua" },
  { 0x9050, "urn:dvb:ipdc:notification:2008", "urn:dvb:ipdc:notification:2008" },
  { 0x9051, "x-oma-docomo:imode.mvch.ua", "x-oma-docomo:imode.mvch.ua" },
  { 0x9052, "x-oma-motorola:webui.ua", "x-oma-motorola:webui.ua" },
  { 0x9053, "x-oma-sbm:cid.ua", "x-oma-sbm:cid.ua" },
  { 0x9054, "x-oma-nokia:vcc.v1.ua", "x-oma-nokia:vcc.v1.ua" },
  { 0x9055, "x-oma-docomo:open.ctl", "x-oma-docomo:open.ctl" },
  { 0x9056, "x-oma-docomo:sp.mail.ua", "x-oma-docomo:sp.mail.ua" },
  { 0x9057, "x-essoy-application:push.erace", "x-essoy-application:push.erace" },
  { 0x9058, "x-oma-docomo:open.fu", "x-oma-docomo:open.fu" },
  { 0x9059, "x-samsung:osp.ua", "x-samsung:osp.ua" },
  { 0x905A, "x-oma-docomo:imode.mchara.ua", "x-oma-docomo:imode.mchara.ua" },
  { 0x905B, "x-oma-application:scidm.ua", "scidm.ua" },
  { 0x905C, "x-oma-docomo:xmd.mail.ua", "x-oma-docomo:xmd.mail.ua" },
  { 0x905D, "x-oma-application:pal.ua", "pal.ua" },
  { 0x905E, "x-oma-docomo:imode.relation.ua", "x-oma-docomo:imode.relation.ua" },
  { 0x905F, "x-oma-docomo:xmd.storage.ua", "x-oma-docomo:xmd.storage.ua" },
  { 0x9060, "x-oma-docomo:xmd.lcsapp.ua", "x-oma-docomo:xmd.lcsapp.ua" },
  { 0x9061, "x-oma-docomo:xmd.info.ua", "x-oma-docomo:xmd.info.ua" },
  { 0x9062, "x-oma-docomo:xmd.agent.ua", "x-oma-docomo:xmd.agent.ua" },
  { 0x9063, "x-oma-docomo:xmd.sab.ua", "x-oma-docomo:xmd.sab.ua" },
  { 0x9064, "x-oma-docomo:xmd.am.ua", "x-oma-docomo:xmd.am.ua" },
  { 0x906B, "x-oma-docomo:xmd.emdm.ua", "x-oma-docomo:xmd.emdm.ua" },
  { 0x906C, "x-oma-docomo:xmd.lac.ua", "x-oma-docomo:xmd.lac.ua" },
  { 0x906D, "x-oma-docomo:xmd.osv.ua", "x-oma-docomo:xmd.osv.ua" },
  { 0x906E, "x-oma-docomo:xmd.dcs.ua", "x-oma-docomo:xmd.dcs.ua" },
  { 0x906F, "x-oma-docomo:xmd.wipe.ua", "x-oma-docomo:xmd.wipe.ua" },
  { 0x9070, "x-oma-docomo:xmd.vdapp.ua", "x-oma-docomo:xmd.vdapp.ua" },
};

/* R-ARI-3: numeric id (hex, either case, zero-padded, decimal) and URN give one ARI. */
START_TEST (test_omna_row_r_ari_3)
{
  const OmnaRow *row = &omna_rows[_i];
  gchar *hex_upper = g_strdup_printf ("0x%" G_GINT32_MODIFIER "X", row->id);
  gchar *hex_padded = g_strdup_printf ("0X%08" G_GINT32_MODIFIER "x", row->id);
  gchar *decimal = g_strdup_printf ("%" G_GUINT32_FORMAT, row->id);

  ck_assert_pstr_eq (sippush_ari_lookup_numeric (row->id), row->urn);
  assert_app_id (hex_upper, row->ari);
  assert_app_id (hex_padded, row->ari);
  assert_app_id (decimal, row->ari);
  assert_app_id (row->urn, row->ari); /* R-ARI-1 */
  g_free (hex_upper);
  g_free (hex_padded);
  g_free (decimal);
}
END_TEST

/* R-ARI-3: one table, sorted, and every entry has a row above. */
START_TEST (test_omna_table_is_covered)
{
  gsize n, i;
  const SipPushOmnaEntry *table = sippush_omna_table (&n);

  ck_assert_uint_eq (n, G_N_ELEMENTS (omna_rows));
  for (i = 0; i < n; i++)
    {
      ck_assert_uint_eq (table[i].id, omna_rows[i].id);
      ck_assert_str_eq (table[i].urn, omna_rows[i].urn);
      if (i > 0)
        ck_assert_uint_gt (table[i].id, table[i - 1].id);
    }
}
END_TEST

static const guint32 unregistered_ids[] = {
  0x0B,   0x0F,   0x16,   0x7FFF, 0x800A, 0x800C,  0x8011,     0x8FFF,
  0x9005, 0x900F, 0x9065, 0x906A, 0x9071, 0x10000, 0xFFFFFFFF,
};

/* R-ARI-3: a well-formed number that OMNA never assigned is "unknown", not "invalid". */
START_TEST (test_omna_unknown_id_r_ari_3)
{
  guint32 id = unregistered_ids[_i];
  gchar *hex = g_strdup_printf ("0x%" G_GINT32_MODIFIER "x", id);
  gchar *decimal = g_strdup_printf ("%" G_GUINT32_FORMAT, id);
  GError *error = NULL;

  ck_assert_ptr_null (sippush_ari_lookup_numeric (id));
  ck_assert_ptr_null (sippush_ari_from_app_id (hex, &error));
  assert_error (error, SIPPUSH_ERROR_UNKNOWN_APP_ID);
  g_clear_error (&error);
  ck_assert_ptr_null (sippush_ari_from_app_id (decimal, &error));
  assert_error (error, SIPPUSH_ERROR_UNKNOWN_APP_ID);
  g_clear_error (&error);
  g_free (hex);
  g_free (decimal);
}
END_TEST

/* ---- R-ARI-1: URN forms ---- */

static const struct
{
  const char *app_id;
  const char *ari;
} urn_vectors[] = {
  { "x-wap-application:mms.ua", "mms.ua" },
  { "X-WAP-Application:mms.ua", "mms.ua" },
  { "x-oma-application:ulp.ua", "ulp.ua" },
  { "X-Oma-Application:dpe.ua", "dpe.ua" },
  { "mms.ua", "mms.ua" },
  { "push.syncml", "push.syncml" },
  { "x-wap-microsoft:localcontent.ua", "x-wap-microsoft:localcontent.ua" },
  { "urn:urn-7:3gpp-application.ims.iari.rcse.ft", "urn:urn-7:3gpp-application.ims.iari.rcse.ft" },
  { "urn:urn-xxx:oma:application.mms.ua", "urn:urn-xxx:oma:application.mms.ua" },
  { "urn:urn-xxx:oma:application.PushSyncML", "urn:urn-xxx:oma:application.PushSyncML" },
  /* Only the leading prefix is OMNA's; the rest is the ARI as it is. */
  { "x-wap-application:x-oma-application:a", "x-oma-application:a" },
  { "x-wap-applicationmms.ua", "x-wap-applicationmms.ua" },
  { "x-wap-app:mms.ua", "x-wap-app:mms.ua" },
  /* Look numeric but are not: ARIs in full. */
  { "0", "*" },
  { "4", "mms.ua" },
  { "0004", "mms.ua" },
  { "4a", "4a" },
  { "1.0", "1.0" },
  { "x0x4", "x0x4" },
  { "!#$%&'()*+-./:;<=>?@[\\]^_`{|}~", "!#$%&'()*+-./:;<=>?@[\\]^_`{|}~" },
};

START_TEST (test_app_id_urn_forms_r_ari_1)
{
  assert_app_id (urn_vectors[_i].app_id, urn_vectors[_i].ari);
}
END_TEST

/* ---- R-ARI-2: what is not an application id ---- */

typedef struct
{
  const char *bytes;
  size_t len; /* 0: strlen (bytes) */
  int code;
} BadVector;

static const BadVector bad_app_ids[] = {
  { "", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "mms ua", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { " mms.ua", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "mms.ua ", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "a\"b", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "a,b", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "a\tb", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "a\r\nb", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "a\x7f", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "caf\xc3\xa9", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "\xff", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "mms\0.ua", 7, SIPPUSH_ERROR_INVALID_APP_ID },
  { "\0", 1, SIPPUSH_ERROR_INVALID_APP_ID },
  { "mms.ua\0", 7, SIPPUSH_ERROR_INVALID_APP_ID },
  { "0x4\0", 4, SIPPUSH_ERROR_INVALID_APP_ID },
  { "x-wap-application:", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "X-OMA-APPLICATION:", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "x-wap-application: mms.ua", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "x-wap-application:a,b", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "0x", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "0X", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "0xg", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "0x4 ", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "0x-4", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "0x100000000", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "0x000000004", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "4294967296", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "99999999999999999999999", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "-1", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "-0", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "+4", 0, SIPPUSH_ERROR_INVALID_APP_ID },
  { "4294967295", 0, SIPPUSH_ERROR_UNKNOWN_APP_ID },
  { "0xffffffff", 0, SIPPUSH_ERROR_UNKNOWN_APP_ID },
};

/* R-ARI-2: a clear error, through both entry points (the _len one on an exact buffer). */
START_TEST (test_app_id_invalid_r_ari_2)
{
  const BadVector *v = &bad_app_ids[_i];
  size_t len = v->len > 0 ? v->len : strlen (v->bytes);
  GError *error = NULL;

  ck_assert_ptr_null (ari_from_len (v->bytes, len, &error));
  assert_error (error, v->code);
  g_clear_error (&error);
  if (memchr (v->bytes, '\0', len) == NULL)
    {
      ck_assert_ptr_null (sippush_ari_from_app_id (v->bytes, &error));
      assert_error (error, v->code);
      g_clear_error (&error);
    }
}
END_TEST

START_TEST (test_app_id_null_r_ari_2)
{
  GError *error = NULL;

  ck_assert_ptr_null (sippush_ari_from_app_id (NULL, &error));
  assert_error (error, SIPPUSH_ERROR_INVALID_APP_ID);
  g_clear_error (&error);
  ck_assert_ptr_null (sippush_ari_from_app_id_len (NULL, 0, &error));
  assert_error (error, SIPPUSH_ERROR_INVALID_APP_ID);
  g_clear_error (&error);
  ck_assert_ptr_null (sippush_ari_from_app_id_len (NULL, 5, &error));
  assert_error (error, SIPPUSH_ERROR_INVALID_APP_ID);
  g_clear_error (&error);
  /* No GError location: still no crash, still NULL. */
  ck_assert_ptr_null (sippush_ari_from_app_id ("a b", NULL));
}
END_TEST

/* R-ARI-2: SIPPUSH_ARI_MAX_LEN bytes pass, one more is refused, never truncated; the
 * OMNA prefix does not count. */
START_TEST (test_app_id_length_limit_r_ari_2)
{
  GError *error = NULL;
  gchar *max = g_strnfill (SIPPUSH_ARI_MAX_LEN, 'a');
  gchar *over = g_strnfill (SIPPUSH_ARI_MAX_LEN + 1, 'a');
  gchar *prefixed = g_strconcat ("x-wap-application:", max, NULL);
  gchar *prefixed_over = g_strconcat ("x-oma-application:", over, NULL);

  assert_app_id (max, max);
  assert_app_id (prefixed, max);
  ck_assert (sippush_ari_is_valid (max));
  ck_assert (!sippush_ari_is_valid (over));
  ck_assert_ptr_null (sippush_ari_from_app_id (over, &error));
  assert_error (error, SIPPUSH_ERROR_INVALID_APP_ID);
  g_clear_error (&error);
  ck_assert_ptr_null (sippush_ari_from_app_id (prefixed_over, &error));
  assert_error (error, SIPPUSH_ERROR_INVALID_APP_ID);
  g_clear_error (&error);
  g_free (max);
  g_free (over);
  g_free (prefixed);
  g_free (prefixed_over);
}
END_TEST

/* R-ARI-2: every byte outside %x21 / %x23-2B / %x2D-7E is refused, wherever it is. */
START_TEST (test_app_id_every_bad_byte_r_ari_2)
{
  guchar c = (guchar) _i;
  char in[3] = { 'a', (char) c, 'b' };
  gboolean allowed = c >= 0x21 && c <= 0x7e && c != '"' && c != ',';
  char nul_terminated[4] = { 'a', (char) c, 'b', '\0' };
  GError *error = NULL;
  gchar *ari = ari_from_len (in, sizeof in, &error);

  if (allowed)
    {
      ck_assert_ptr_nonnull (ari);
      ck_assert_mem_eq (ari, in, sizeof in);
      ck_assert (sippush_ari_is_valid (nul_terminated));
    }
  else
    {
      ck_assert_ptr_null (ari);
      assert_error (error, SIPPUSH_ERROR_INVALID_APP_ID);
      if (c != 0)
        ck_assert (!sippush_ari_is_valid (nul_terminated));
    }
  g_clear_error (&error);
  g_free (ari);
}
END_TEST

START_TEST (test_is_valid_r_ari_2)
{
  ck_assert (sippush_ari_is_valid ("mms.ua"));
  ck_assert (sippush_ari_is_valid ("*"));
  ck_assert (sippush_ari_is_valid ("urn:urn-7:3gpp-application.ims.iari.rcse.ft"));
  ck_assert (!sippush_ari_is_valid (NULL));
  ck_assert (!sippush_ari_is_valid (""));
  ck_assert (!sippush_ari_is_valid (" "));
  ck_assert (!sippush_ari_is_valid ("a,b"));
  ck_assert (!sippush_ari_is_valid ("\"a\""));
  ck_assert (!sippush_ari_is_valid ("a\x80"));
}
END_TEST

/* Every prefix of a valid application id, on an exact buffer: an ARI or an error. */
static const char *const app_id_prefix_vectors[] = {
  "x-wap-application:mms.ua",
  "x-oma-application:java-ams",
  "0x9002",
  "0X8000",
  "4294967295",
  "urn:urn-7:3gpp-application.ims.iari.rcse.ft",
};

START_TEST (test_app_id_every_prefix_r_ari_2)
{
  const char *v = app_id_prefix_vectors[_i];
  size_t full = strlen (v), len;

  for (len = 0; len <= full; len++)
    {
      GError *error = NULL;
      gchar *ari = ari_from_len (v, len, &error);

      ck_assert ((ari == NULL) != (error == NULL));
      if (ari != NULL)
        ck_assert (sippush_ari_is_valid (ari));
      else
        ck_assert_uint_eq (error->domain, SIPPUSH_ERROR);
      g_clear_error (&error);
      g_free (ari);
    }
}
END_TEST

/* ---- R-ARI-2: `+g.oma.pusheventappp` lists ---- */

#define MAX_EXPECTED 4

typedef struct
{
  const char *value;
  const char *expected[MAX_EXPECTED + 1];
} ListVector;

static const ListVector good_lists[] = {
  { "\"mms.ua\"", { "mms.ua" } },
  { "\"mms.ua,push.syncml\"", { "mms.ua", "push.syncml" } },
  /* The seed's own example (9.5), with its spaces. */
  { "\"mms.ua, syncml.ua, loc.ua\"", { "mms.ua", "syncml.ua", "loc.ua" } },
  /* Seed D.1 and D.2. */
  { "\"urn:urn-xxx:oma:application.mms.ua, urn:urn-xxx:oma:application.syncml.ua, "
    "urn:urn-xxx:oma:application.loc.ua\"",
    { "urn:urn-xxx:oma:application.mms.ua", "urn:urn-xxx:oma:application.syncml.ua",
      "urn:urn-xxx:oma:application.loc.ua" } },
  { "\"urn:urn-xxx:oma:application.mms.ua\"", { "urn:urn-xxx:oma:application.mms.ua" } },
  /* Seed D.3 and D.5: a space just inside the opening quote. */
  { "\" urn:urn-xxx:oma:application.mms.ua\"", { "urn:urn-xxx:oma:application.mms.ua" } },
  { "\"\t a \t,\tb\t \"", { "a", "b" } },
  { "\"a ,b\"", { "a", "b" } },
  { "\"*\"", { "*" } },
  /* R-ARI-1, R-ARI-3: the URN and numeric forms route as the ARI, as at add_app. */
  { "\"x-wap-application:mms.ua\"", { "mms.ua" } },
  { "\"X-OMA-Application:push.syncml\"", { "push.syncml" } },
  { "\"0x04\"", { "mms.ua" } },
  { "\"0X05, 4\"", { "push.syncml", "mms.ua" } },
  { "\"0x8000\"", { "x-wap-microsoft:localcontent.ua" } },
  /* An id the table does not know names no application: kept as written (480 later). */
  { "\"0x7FFF,99999999999,0xZZ\"", { "0x7FFF", "99999999999", "0xZZ" } },
  /* A URN whose ARI would read as a numeric id stays whole, so it parses back to itself. */
  { "\"x-wap-application:4\"", { "x-wap-application:4" } },
  { "\"x-wap-application:\"", { "x-wap-application:" } },
  { "\"x-wap-application:x-wap-application:mms.ua\"",
    { "x-wap-application:x-wap-application:mms.ua" } },
  { "\"a,a\"", { "a", "a" } },
};

START_TEST (test_list_parse_r_ari_2)
{
  const ListVector *v = &good_lists[_i];
  GError *error = NULL;
  gchar **aris = list_parse_len (v->value, strlen (v->value), &error);

  ck_assert_msg (aris != NULL, "%s: %s", v->value, error ? error->message : "?");
  assert_strv_eq (aris, v->expected);
  g_strfreev (aris);
}
END_TEST

/* R-ARI-2: no strict prefix of a valid list is a list (it lacks its closing quote). */
START_TEST (test_list_parse_every_prefix_r_ari_2)
{
  const ListVector *v = &good_lists[_i];
  size_t full = strlen (v->value), len;

  for (len = 0; len < full; len++)
    {
      GError *error = NULL;

      ck_assert_ptr_null (list_parse_len (v->value, len, &error));
      assert_error (error, LIST_PARSE_ERROR);
      g_clear_error (&error);
      ck_assert_ptr_null (iari_parse_len (v->value, len, &error));
      assert_error (error, LIST_PARSE_ERROR);
      g_clear_error (&error);
    }
}
END_TEST

static const BadVector bad_lists[] = {
  { "", 0, LIST_PARSE_ERROR },
  { "\"", 0, LIST_PARSE_ERROR },
  { "\"\"", 0, LIST_PARSE_ERROR },
  { "\" \"", 0, LIST_PARSE_ERROR },
  { "\"\t\"", 0, LIST_PARSE_ERROR },
  { "\",\"", 0, LIST_PARSE_ERROR },
  { "\"a,,b\"", 0, LIST_PARSE_ERROR },
  { "\"a, ,b\"", 0, LIST_PARSE_ERROR },
  { "\"a,\"", 0, LIST_PARSE_ERROR },
  { "\",a\"", 0, LIST_PARSE_ERROR },
  { "mms.ua", 0, LIST_PARSE_ERROR },
  { "\"mms.ua", 0, LIST_PARSE_ERROR },
  { "mms.ua\"", 0, LIST_PARSE_ERROR },
  { " \"mms.ua\"", 0, LIST_PARSE_ERROR },
  { "\"mms.ua\" ", 0, LIST_PARSE_ERROR },
  { "\"a\"b\"", 0, LIST_PARSE_ERROR },
  { "\"a\"\"b\"", 0, LIST_PARSE_ERROR },
  { "\"a\\\"b\"", 0, LIST_PARSE_ERROR },
  { "\"a\\\\b\"", 0, LIST_PARSE_ERROR },
  { "\"a\\b\"", 0, LIST_PARSE_ERROR },
  { "\"a b\"", 0, LIST_PARSE_ERROR },
  { "\"a\r\n b\"", 0, LIST_PARSE_ERROR },
  { "\"a\x01\"", 0, LIST_PARSE_ERROR },
  { "\"a\x7f\"", 0, LIST_PARSE_ERROR },
  { "\"a\x80\"", 0, LIST_PARSE_ERROR },
  { "\"\xff\"", 0, LIST_PARSE_ERROR },
  { "\"caf\xc3\xa9\"", 0, LIST_PARSE_ERROR },
  { "\"a\0b\"", 5, LIST_PARSE_ERROR },
  { "\"a\"\0", 4, LIST_PARSE_ERROR },
  { "\0\"a\"", 4, LIST_PARSE_ERROR },
  { "'a'", 0, LIST_PARSE_ERROR },
  { "<a>", 0, LIST_PARSE_ERROR },
};

START_TEST (test_list_parse_invalid_r_ari_2)
{
  const BadVector *v = &bad_lists[_i];
  size_t len = v->len > 0 ? v->len : strlen (v->bytes);
  GError *error = NULL;

  ck_assert_ptr_null (list_parse_len (v->bytes, len, &error));
  assert_error (error, v->code);
  g_clear_error (&error);
  ck_assert_ptr_null (iari_parse_len (v->bytes, len, &error));
  assert_error (error, v->code);
  g_clear_error (&error);
}
END_TEST

START_TEST (test_list_parse_null_r_ari_2)
{
  GError *error = NULL;

  gchar **aris = NULL;
  ck_assert_int_eq (sippush_ari_list_parse (NULL, 0, &aris, &error), SIPPUSH_PARSE_MALFORMED);
  assert_error (error, LIST_PARSE_ERROR);
  g_clear_error (&error);
  ck_assert_int_eq (sippush_ari_list_parse (NULL, 8, &aris, &error), SIPPUSH_PARSE_MALFORMED);
  assert_error (error, LIST_PARSE_ERROR);
  g_clear_error (&error);
  ck_assert_int_eq (sippush_ari_list_parse_iari (NULL, 8, &aris, &error), SIPPUSH_PARSE_MALFORMED);
  ck_assert_ptr_null (aris);
  assert_error (error, LIST_PARSE_ERROR);
  g_clear_error (&error);
}
END_TEST

/* R-ARI-2: SIPPUSH_ARI_LIST_MAX elements pass; one more is refused, not cut. */
START_TEST (test_list_element_count_limit_r_ari_2)
{
  GString *max = numbered_list (SIPPUSH_ARI_LIST_MAX);
  GString *over = numbered_list (SIPPUSH_ARI_LIST_MAX + 1);
  GError *error = NULL;
  gchar **aris = list_parse_len (max->str, max->len, &error);

  ck_assert_ptr_nonnull (aris);
  ck_assert_uint_eq (g_strv_length (aris), SIPPUSH_ARI_LIST_MAX);
  ck_assert_str_eq (aris[SIPPUSH_ARI_LIST_MAX - 1], "a63");
  g_strfreev (aris);
  ck_assert_ptr_null (list_parse_len (over->str, over->len, &error));
  assert_error (error, LIST_PARSE_ERROR);
  g_clear_error (&error);
  ck_assert_ptr_null (iari_parse_len (over->str, over->len, &error));
  assert_error (error, LIST_PARSE_ERROR);
  g_clear_error (&error);
  g_string_free (max, TRUE);
  g_string_free (over, TRUE);
}
END_TEST

/* R-ARI-2: an element of SIPPUSH_ARI_MAX_LEN bytes passes; 257 are refused. */
START_TEST (test_list_element_length_limit_r_ari_2)
{
  gchar *max = g_strnfill (SIPPUSH_ARI_MAX_LEN, 'b');
  gchar *over = g_strnfill (SIPPUSH_ARI_MAX_LEN + 1, 'b');
  gchar *max_list = g_strdup_printf ("\"a,%s\"", max);
  gchar *over_list = g_strdup_printf ("\"a,%s\"", over);
  GError *error = NULL;
  gchar **aris = list_parse_len (max_list, strlen (max_list), &error);

  ck_assert_ptr_nonnull (aris);
  ck_assert_str_eq (aris[1], max);
  g_strfreev (aris);
  ck_assert_ptr_null (list_parse_len (over_list, strlen (over_list), &error));
  assert_error (error, LIST_PARSE_ERROR);
  g_clear_error (&error);
  g_free (max);
  g_free (over);
  g_free (max_list);
  g_free (over_list);
}
END_TEST

/* ---- R-ARI-2: formatting ---- */

START_TEST (test_list_format_r_ari_2)
{
  const gchar *one[] = { "mms.ua", NULL };
  const gchar *three[] = { "mms.ua", "push.syncml", "urn:urn-xxx:oma:application.loc.ua", NULL };
  GError *error = NULL;
  gchar *s;

  s = sippush_ari_list_format (one, &error);
  ck_assert_str_eq (s, "\"mms.ua\"");
  g_free (s);
  /* Never whitespace on output. */
  s = sippush_ari_list_format (three, &error);
  ck_assert_str_eq (s, "\"mms.ua,push.syncml,urn:urn-xxx:oma:application.loc.ua\"");
  g_free (s);
  ck_assert_ptr_null (error);
}
END_TEST

static const char *const bad_format_elements[] = {
  "", "a b", "a,b", "a\"b", "a\\b", "\t", "a\x80", "\x7f",
};

START_TEST (test_list_format_invalid_r_ari_2)
{
  const gchar *list[] = { "mms.ua", bad_format_elements[_i], NULL };
  GError *error = NULL;

  ck_assert_ptr_null (sippush_ari_list_format (list, &error));
  assert_error (error, SIPPUSH_ERROR_INVALID_LIST);
  g_clear_error (&error);
}
END_TEST

START_TEST (test_list_format_limits_r_ari_2)
{
  const gchar *empty[] = { NULL };
  const gchar *aris[SIPPUSH_ARI_LIST_MAX + 2];
  gchar *over = g_strnfill (SIPPUSH_ARI_MAX_LEN + 1, 'c');
  const gchar *too_long[] = { over, NULL };
  GError *error = NULL;
  gchar *s;
  guint i;

  ck_assert_ptr_null (sippush_ari_list_format (NULL, &error));
  assert_error (error, SIPPUSH_ERROR_INVALID_LIST);
  g_clear_error (&error);
  ck_assert_ptr_null (sippush_ari_list_format (empty, &error));
  assert_error (error, SIPPUSH_ERROR_INVALID_LIST);
  g_clear_error (&error);
  ck_assert_ptr_null (sippush_ari_list_format (too_long, &error));
  assert_error (error, SIPPUSH_ERROR_INVALID_LIST);
  g_clear_error (&error);

  for (i = 0; i < SIPPUSH_ARI_LIST_MAX + 1; i++)
    aris[i] = "x";
  aris[SIPPUSH_ARI_LIST_MAX] = NULL;
  s = sippush_ari_list_format (aris, &error);
  ck_assert_ptr_nonnull (s);
  g_free (s);
  aris[SIPPUSH_ARI_LIST_MAX] = "x";
  aris[SIPPUSH_ARI_LIST_MAX + 1] = NULL;
  ck_assert_ptr_null (sippush_ari_list_format (aris, &error));
  assert_error (error, SIPPUSH_ERROR_INVALID_LIST);
  g_clear_error (&error);
  g_free (over);
}
END_TEST

/* R-ARI-2: parse → format → parse gives the same list, in the strict form. */
START_TEST (test_list_round_trip_r_ari_2)
{
  const ListVector *v = &good_lists[_i];
  GError *error = NULL;
  gchar **first = list_parse_len (v->value, strlen (v->value), &error);
  gchar *text = sippush_ari_list_format ((const gchar *const *) first, &error);
  gchar **second;
  gchar *joined;

  ck_assert_ptr_nonnull (text);
  ck_assert_ptr_null (strchr (text, ' '));
  ck_assert_ptr_null (strchr (text, '\t'));
  second = list_parse_len (text, strlen (text), &error);
  assert_strv_eq (second, (const char *const *) first);
  joined = g_strjoinv (",", first);
  ck_assert_uint_eq (strlen (text), strlen (joined) + 2);
  g_free (joined);
  g_strfreev (first);
  g_strfreev (second);
  g_free (text);
}
END_TEST

/* ---- R-ARI-4: `+g.3gpp.iari-ref` lists ---- */

static const ListVector good_iari_lists[] = {
  { "\"urn%3Aurn-7%3A3gpp-application.ims.iari.rcse.ft\"",
    { "urn:urn-7:3gpp-application.ims.iari.rcse.ft" } },
  { "\"urn%3aurn-7%3a3gpp-application.ims.iari.rcse.ft\"",
    { "urn:urn-7:3gpp-application.ims.iari.rcse.ft" } },
  { "\"x-wap-application%3Amms.ua\"", { "mms.ua" } },
  { "\"x-oma-application%3Aulp.ua\"", { "ulp.ua" } },
  { "\"X-WAP-Application:mms.ua\"", { "mms.ua" } },
  { "\"urn:urn-7:3gpp-application.ims.iari.rcse.ft\"",
    { "urn:urn-7:3gpp-application.ims.iari.rcse.ft" } },
  { "\"urn%3Aurn-7%3A3gpp-application.ims.iari.rcse.im, x-wap-application%3Amms.ua\"",
    { "urn:urn-7:3gpp-application.ims.iari.rcse.im", "mms.ua" } },
  { "\" %61%62 \"", { "ab" } },
  { "\"100%25\"", { "100%" } },
  { "\"%21\"", { "!" } },
};

START_TEST (test_iari_parse_r_ari_4)
{
  const ListVector *v = &good_iari_lists[_i];
  GError *error = NULL;
  gchar **aris = iari_parse_len (v->value, strlen (v->value), &error);

  ck_assert_msg (aris != NULL, "%s: %s", v->value, error ? error->message : "?");
  assert_strv_eq (aris, v->expected);
  g_strfreev (aris);
}
END_TEST

START_TEST (test_iari_parse_every_prefix_r_ari_4)
{
  const ListVector *v = &good_iari_lists[_i];
  size_t full = strlen (v->value), len;

  for (len = 0; len < full; len++)
    {
      GError *error = NULL;

      ck_assert_ptr_null (iari_parse_len (v->value, len, &error));
      assert_error (error, LIST_PARSE_ERROR);
      g_clear_error (&error);
    }
}
END_TEST

static const char *const bad_iari_lists[] = {
  /* No URN: each would read as another application in a +g.oma.pusheventappp list. */
  "\"00\"",
  "\"0x04\"",
  "\"x-wap-application%3Ax-wap-application%3Amms.ua\"",
  "\"%4\"",
  "\"a%4\"",
  "\"%\"",
  "\"a%\"",
  "\"%zz\"",
  "\"%4g\"",
  "\"%g4\"",
  "\"%00\"",
  "\"a%00b\"",
  "\"%0A\"",
  "\"%0d%0a\"",
  "\"%1F\"",
  "\"%7F\"",
  "\"%20\"",
  "\"a%20b\"",
  "\"%22\"",
  "\"%2C\"",
  "\"%5C\"",
  "\"%80\"",
  "\"%FF\"",
  "\"x-wap-application%3A\"",
  "\"x-wap-application%3A%20\"",
  "\"urn%3Aa,,urn%3Ab\"",
  "\"\"",
  "\" \"",
};

START_TEST (test_iari_parse_invalid_r_ari_4)
{
  const char *v = bad_iari_lists[_i];
  GError *error = NULL;

  ck_assert_ptr_null (iari_parse_len (v, strlen (v), &error));
  assert_error (error, LIST_PARSE_ERROR);
  g_clear_error (&error);
}
END_TEST

/* R-ARI-4: the decoded IARI obeys the ARI length limit (the OMNA prefix aside), and a
 * long run of escapes cannot overflow the decoder. */
START_TEST (test_iari_length_limit_r_ari_4)
{
  GString *max = g_string_new ("\"x-wap-application%3A");
  GString *over = g_string_new ("\"");
  GError *error = NULL;
  gchar **aris;
  guint i;

  for (i = 0; i < SIPPUSH_ARI_MAX_LEN; i++)
    g_string_append (max, "%41");
  g_string_append_c (max, '"');
  aris = iari_parse_len (max->str, max->len, &error);
  ck_assert_ptr_nonnull (aris);
  ck_assert_uint_eq (strlen (aris[0]), SIPPUSH_ARI_MAX_LEN);
  g_strfreev (aris);

  for (i = 0; i < 4 * SIPPUSH_ARI_MAX_LEN; i++)
    g_string_append (over, "%41");
  g_string_append_c (over, '"');
  ck_assert_ptr_null (iari_parse_len (over->str, over->len, &error));
  assert_error (error, LIST_PARSE_ERROR);
  g_clear_error (&error);
  g_string_free (max, TRUE);
  g_string_free (over, TRUE);
}
END_TEST

/* ---- suite ---- */

static Suite *
ari_suite (void)
{
  Suite *s = suite_create ("ari");
  TCase *tc;

  tc = tcase_create ("omna-table");
  tcase_add_loop_test (tc, test_omna_row_r_ari_3, 0, G_N_ELEMENTS (omna_rows));
  tcase_add_test (tc, test_omna_table_is_covered);
  tcase_add_loop_test (tc, test_omna_unknown_id_r_ari_3, 0, G_N_ELEMENTS (unregistered_ids));
  suite_add_tcase (s, tc);

  tc = tcase_create ("app-id");
  tcase_add_loop_test (tc, test_app_id_urn_forms_r_ari_1, 0, G_N_ELEMENTS (urn_vectors));
  tcase_add_loop_test (tc, test_app_id_invalid_r_ari_2, 0, G_N_ELEMENTS (bad_app_ids));
  tcase_add_test (tc, test_app_id_null_r_ari_2);
  tcase_add_test (tc, test_app_id_length_limit_r_ari_2);
  tcase_add_loop_test (tc, test_app_id_every_bad_byte_r_ari_2, 0, 256);
  tcase_add_test (tc, test_is_valid_r_ari_2);
  tcase_add_loop_test (tc, test_app_id_every_prefix_r_ari_2, 0,
                       G_N_ELEMENTS (app_id_prefix_vectors));
  suite_add_tcase (s, tc);

  tc = tcase_create ("list");
  tcase_add_loop_test (tc, test_list_parse_r_ari_2, 0, G_N_ELEMENTS (good_lists));
  tcase_add_loop_test (tc, test_list_parse_every_prefix_r_ari_2, 0, G_N_ELEMENTS (good_lists));
  tcase_add_loop_test (tc, test_list_parse_invalid_r_ari_2, 0, G_N_ELEMENTS (bad_lists));
  tcase_add_test (tc, test_list_parse_null_r_ari_2);
  tcase_add_test (tc, test_list_element_count_limit_r_ari_2);
  tcase_add_test (tc, test_list_element_length_limit_r_ari_2);
  tcase_add_test (tc, test_list_format_r_ari_2);
  tcase_add_loop_test (tc, test_list_format_invalid_r_ari_2, 0, G_N_ELEMENTS (bad_format_elements));
  tcase_add_test (tc, test_list_format_limits_r_ari_2);
  tcase_add_loop_test (tc, test_list_round_trip_r_ari_2, 0, G_N_ELEMENTS (good_lists));
  suite_add_tcase (s, tc);

  tc = tcase_create ("iari");
  tcase_add_loop_test (tc, test_iari_parse_r_ari_4, 0, G_N_ELEMENTS (good_iari_lists));
  tcase_add_loop_test (tc, test_iari_parse_every_prefix_r_ari_4, 0, G_N_ELEMENTS (good_iari_lists));
  tcase_add_loop_test (tc, test_iari_parse_invalid_r_ari_4, 0, G_N_ELEMENTS (bad_iari_lists));
  tcase_add_test (tc, test_iari_length_limit_r_ari_4);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return sippush_test_run (ari_suite ());
}
