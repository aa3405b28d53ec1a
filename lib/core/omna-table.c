/* core/omna-table.c — the OMNA Push Application ID registry, as one sorted table (R-ARI-3).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sippush/sippush.h>

#include "core/ari.h"

/* The OMNA registry itself (openmobilealliance.org/wp/OMNA/wag/push_application_id.html,
 * earlier wapforum.org/wina/push-app-id.htm) is no longer served, so every row below was
 * taken from public code that copied it, and only rows found there are listed:
 *
 *   [WS]  Wireshark, epan/dissectors/packet-wsp.c, vals_wap_application_ids[]:
 *         0x00-0x0A, 0x8000-0x8009, 0x800B, 0x8010, 0x9000-0x9003.
 *   [MTK] MediaTek's Android telephony, com.mediatek.internal.telephony.MtkWspTypeDecoder,
 *         WELL_KNOWN_X_WAP_APPLICATION_ID (e.g. as published in the GitHub repository
 *         techyminati/ImsService): all of [WS], plus 0x10-0x15 and 0x9004-0x9060.
 *   [TZ]  Tizen msg-service, plugin/sms_plugin/SmsPluginWapPushHandler.cpp,
 *         wspHeaderApplId[] (GitHub tizenorg/platform.core.messaging.msg-service):
 *         0x10 and 0x9055-0x9070 (0x9061-0x9064 and 0x906B also in the e-mail notifier
 *         net.assemble.emailnotify, WapPdu.java).
 *
 * The WINA/OMNA page text (0x00-0x0A, 0x8000, 0x8001) agrees with [WS].
 *
 * Rows are as the sources spell them, with these exceptions, each noted at its row:
 * trailing blanks in [TZ] are dropped, and 0x905B, which [MTK] gives as the header line
 * "X-Wap-Application-Id:x-oma-application: scidm.ua", is stored as the URN it names.
 * Odd but well-formed spellings ("cpm:ua", "ub>") and the second push.sia at 0x904B are
 * kept as the sources have them: correcting them would be guessing.
 *
 * Keep the table sorted by id: sippush_ari_lookup_numeric() searches it by bisection,
 * and the unit test checks the order. */
static const SipPushOmnaEntry omna_table[] = {
  /* Well-known values, NID x-wap-application [WS] [MTK] [TZ] */
  { 0x00, "x-wap-application:*" },
  { 0x01, "x-wap-application:push.sia" },
  { 0x02, "x-wap-application:wml.ua" },
  { 0x03, "x-wap-application:wta.ua" },
  { 0x04, "x-wap-application:mms.ua" },
  { 0x05, "x-wap-application:push.syncml" },
  { 0x06, "x-wap-application:loc.ua" },
  { 0x07, "x-wap-application:syncml.dm" },
  { 0x08, "x-wap-application:drm.ua" },
  { 0x09, "x-wap-application:emn.ua" },
  { 0x0A, "x-wap-application:wv.ua" },
  /* 0x0B-0x0F unassigned. Well-known values, NID x-oma-application [MTK] [TZ] */
  { 0x10, "x-oma-application:ulp.ua" },
  { 0x11, "x-oma-application:dlota.ua" },
  { 0x12, "x-oma-application:java-ams" },
  { 0x13, "x-oma-application:bcast.ua" },
  { 0x14, "x-oma-application:dpe.ua" },
  { 0x15, "x-oma-application:cpm:ua" },
  /* Registered by third parties [WS] [MTK] */
  { 0x8000, "x-wap-microsoft:localcontent.ua" },
  { 0x8001, "x-wap-microsoft:IMclient.ua" },
  { 0x8002, "x-wap-docomo:imode.mail.ua" },
  { 0x8003, "x-wap-docomo:imode.mr.ua" },
  { 0x8004, "x-wap-docomo:imode.mf.ua" },
  { 0x8005, "x-motorola:location.ua" },
  { 0x8006, "x-motorola:now.ua" },
  { 0x8007, "x-motorola:otaprov.ua" },
  { 0x8008, "x-motorola:browser.ua" },
  { 0x8009, "x-motorola:splash.ua" },
  /* 0x800A unassigned */
  { 0x800B, "x-wap-nai:mvsw.command" },
  /* 0x800C-0x800F unassigned */
  { 0x8010, "x-wap-openwave:iota.ua" },
  /* 0x8011-0x8FFF unassigned */
  { 0x9000, "x-wap-docomo:imode.mail2.ua" },
  { 0x9001, "x-oma-nec:otaprov.ua" },
  { 0x9002, "x-oma-nokia:call.ua" },
  { 0x9003, "x-oma-coremobility:sqa.ua" },
  /* From here on [MTK] only, unless marked */
  { 0x9004, "x-oma-docomo:doja.jam.ua" },
  { 0x9010, "x-oma-nokia:sip.ua" },
  { 0x9011, "x-oma-vodafone:otaprov.ua" },
  { 0x9012, "x-hutchison:ad.ua" },
  { 0x9013, "x-oma-nokia:voip.ua" },
  { 0x9014, "x-oma-docomo:voice.ua" },
  { 0x9015, "x-oma-docomo:browser.ctl" },
  { 0x9016, "x-oma-docomo:dan.ua" },
  { 0x9017, "x-oma-nokia:vs.ua" },
  { 0x9018, "x-oma-nokia:voip.ext1.ua" },
  { 0x9019, "x-wap-vodafone:casting.ua" },
  { 0x901A, "x-oma-docomo:imode.data.ua" },
  { 0x901B, "x-oma-snapin:otaprov.ctl" },
  { 0x901C, "x-oma-nokia:vrs.ua" },
  { 0x901D, "x-oma-nokia:vrpg.ua" },
  { 0x901E, "x-oma-motorola:screen3.ua" },
  { 0x901F, "x-oma-docomo:device.ctl" },
  { 0x9020, "x-oma-nokia:msc.ua" },
  { 0x9021, "x-3gpp2:lcs.ua" },
  { 0x9022, "x-wap-vodafone:dcd.ua" },
  { 0x9023, "x-3gpp:mbms.service.announcement.ua" },
  { 0x9024, "x-oma-vodafone:dltmtbl.ua" },
  { 0x9025, "x-oma-vodafone:dvcctl.ua" },
  { 0x9026, "x-oma-cmcc:mail.ua" },
  { 0x9027, "x-oma-nokia:vmb.ua" },
  { 0x9028, "x-oma-nokia:ldapss.ua" },
  { 0x9029, "x-hutchison:al.ua" },
  { 0x902A, "x-oma-nokia:uma.ua" },
  { 0x902B, "x-oma-nokia:news.ua" },
  { 0x902C, "x-oma-docomo:pf" },
  { 0x902D, "x-oma-docomo:ub>" },
  { 0x902E, "x-oma-nokia:nat.traversal.ua" },
  { 0x902F, "x-oma-intromobile:intropad.ua" },
  { 0x9030, "x-oma-docomo:uin.ua" },
  { 0x9031, "x-oma-nokia:iptv.ua" },
  { 0x9032, "x-hutchison:il.ua" },
  { 0x9033, "x-oma-nokia:voip.general.ua" },
  { 0x9034, "x-microsoft:drm.meter" },
  { 0x9035, "x-microsoft:drm.license" },
  { 0x9036, "x-oma-docomo:ic.ctl" },
  { 0x9037, "x-oma-slingmedia:SPM.ua" },
  { 0x9038, "x-cibenix:odp.ua" },
  { 0x9039, "x-oma-motorola:voip.ua" },
  { 0x903A, "x-oma-motorola:ims" },
  { 0x903B, "x-oma-docomo:imode.remote.ctl" },
  { 0x903C, "x-oma-docomo:device.ctl.um" },
  { 0x903D, "x-microsoft:playready.drm.initiator" },
  { 0x903E, "x-microsoft:playready.drm" },
  { 0x903F, "x-oma-sbm:ms.mexa.ua" },
  { 0x9040, "urn:oma:drms:org-LGE:L650V" },
  { 0x9041, "x-oma-docomo:um" },
  { 0x9042, "x-oma-docomo:uin.um" },
  { 0x9043, "urn:oma:drms:org-LGE:KU450" },
  { 0x9044, "x-wap-microsoft:cfgmgr.ua" },
  { 0x9045, "x-3gpp:mbms.download.delivery.ua" },
  { 0x9046, "x-oma-docomo:star.ctl" },
  { 0x9047, "urn:oma:drms:org-LGE:KU380" },
  { 0x9048, "x-oma-docomo:pf2" },
  { 0x9049, "x-oma-motorola:blogcentral.ua" },
  { 0x904A, "x-oma-docomo:imode.agent.ua" },
  { 0x904B, "x-wap-application:push.sia" }, /* sic: the same URN as 0x01 */
  { 0x904C, "x-oma-nokia:destination.network.ua" },
  { 0x904D, "x-oma-sbm:mid2.ua" },
  { 0x904E, "x-carrieriq:avm.ctl" },
  { 0x904F, "x-oma-sbm:ms.xml.ua" },
  { 0x9050, "urn:dvb:ipdc:notification:2008" },
  { 0x9051, "x-oma-docomo:imode.mvch.ua" },
  { 0x9052, "x-oma-motorola:webui.ua" },
  { 0x9053, "x-oma-sbm:cid.ua" },
  { 0x9054, "x-oma-nokia:vcc.v1.ua" },
  { 0x9055, "x-oma-docomo:open.ctl" }, /* also [TZ] */
  { 0x9056, "x-oma-docomo:sp.mail.ua" },
  { 0x9057, "x-essoy-application:push.erace" },
  { 0x9058, "x-oma-docomo:open.fu" },
  { 0x9059, "x-samsung:osp.ua" },
  { 0x905A, "x-oma-docomo:imode.mchara.ua" },
  /* [MTK] writes "X-Wap-Application-Id:x-oma-application: scidm.ua": a header line, not a
   * URN, and its blank would make the ARI invalid. */
  { 0x905B, "x-oma-application:scidm.ua" },
  { 0x905C, "x-oma-docomo:xmd.mail.ua" }, /* also [TZ] */
  { 0x905D, "x-oma-application:pal.ua" },
  { 0x905E, "x-oma-docomo:imode.relation.ua" },
  { 0x905F, "x-oma-docomo:xmd.storage.ua" }, /* also [TZ] */
  { 0x9060, "x-oma-docomo:xmd.lcsapp.ua" },  /* also [TZ] */
  /* [TZ] only */
  { 0x9061, "x-oma-docomo:xmd.info.ua" },
  { 0x9062, "x-oma-docomo:xmd.agent.ua" },
  { 0x9063, "x-oma-docomo:xmd.sab.ua" },
  { 0x9064, "x-oma-docomo:xmd.am.ua" },
  { 0x906B, "x-oma-docomo:xmd.emdm.ua" },
  { 0x906C, "x-oma-docomo:xmd.lac.ua" },
  { 0x906D, "x-oma-docomo:xmd.osv.ua" },
  { 0x906E, "x-oma-docomo:xmd.dcs.ua" },
  { 0x906F, "x-oma-docomo:xmd.wipe.ua" },
  { 0x9070, "x-oma-docomo:xmd.vdapp.ua" }, /* [TZ] has a trailing blank */
};

const SipPushOmnaEntry *
sippush_omna_table (gsize *n_entries)
{
  g_return_val_if_fail (n_entries != NULL, NULL);

  *n_entries = G_N_ELEMENTS (omna_table);
  return omna_table;
}
