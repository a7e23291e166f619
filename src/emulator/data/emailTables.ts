/** Mail flow: EmailEvents with their attachments, URLs, and the clicks on them. */
import { TICKS_PER_SECOND } from '../executor/time';
import { DOMAIN, EXTERNAL_SENDERS, hashesOf, SUBJECTS } from './catalog';
import { hostileString } from './hostile';
import { type Gen, type Rec } from './rows';

export interface MailSet {
  readonly events: Rec[];
  readonly attachments: Rec[];
  readonly urls: Rec[];
  readonly clicks: Rec[];
}

export interface Mail {
  readonly t: number;
  readonly sender: string;
  readonly senderName: string;
  readonly recipient: string;
  readonly subject: string;
  readonly direction: 'Inbound' | 'Outbound' | 'Intra-org';
  readonly threat?: 'Phish' | 'Malware' | 'Spam';
  readonly delivered?: boolean;
  readonly attachments?: readonly { name: string; type: string }[];
  readonly urls?: readonly string[];
  readonly clicked?: boolean;
  readonly senderIp?: string;
  readonly authFail?: boolean;
}

/** One message across the four email tables. */
export function mailRows(g: Gen, m: Mail): MailSet {
  const id = g.r.guid();
  const senderDomain = m.sender.split('@')[1] ?? '';
  const delivered = m.delivered ?? m.threat === undefined;
  const recipientUser = g.users.find((u) => u.upn === m.recipient);
  const events: Rec[] = [{
    Timestamp: m.t, NetworkMessageId: id, InternetMessageId: `<${g.r.hex(16)}@${senderDomain}>`, SenderMailFromAddress: m.sender,
    SenderFromAddress: m.sender, SenderDisplayName: m.senderName, SenderObjectId: '', SenderMailFromDomain: senderDomain, SenderFromDomain: senderDomain,
    SenderIPv4: m.senderIp ?? `198.51.100.${g.r.int(2, 250)}`, SenderIPv6: '', RecipientEmailAddress: m.recipient, RecipientObjectId: recipientUser?.objectId ?? '',
    Subject: m.subject, EmailClusterId: g.r.int(1e9, 9e9), EmailDirection: m.direction,
    DeliveryAction: delivered ? 'Delivered' : m.threat === 'Spam' ? 'Junked' : 'Blocked',
    DeliveryLocation: delivered ? 'Inbox/folder' : m.threat === 'Spam' ? 'Junk folder' : 'Quarantine',
    ThreatTypes: m.threat ?? '', ThreatNames: m.threat === 'Malware' ? 'TrojanDownloader:O97M/Donoff' : '',
    DetectionMethods: m.threat ? JSON.stringify({ [m.threat]: [m.threat === 'Phish' ? 'URL detonation reputation' : 'File detonation'] }) : '',
    ConfidenceLevel: m.threat ? JSON.stringify({ [m.threat]: 'High' }) : '', BulkComplaintLevel: g.r.int(0, 3),
    EmailAction: '', EmailActionPolicy: '', EmailActionPolicyGuid: '',
    AuthenticationDetails: JSON.stringify(m.authFail ? { SPF: 'fail', DKIM: 'none', DMARC: 'fail', CompAuth: 'fail' } : { SPF: 'pass', DKIM: 'pass', DMARC: 'pass', CompAuth: 'pass' }),
    AttachmentCount: m.attachments?.length ?? 0, UrlCount: m.urls?.length ?? 0, EmailLanguage: 'en', Connectors: '',
    OrgLevelAction: '', OrgLevelPolicy: '', UserLevelAction: '', UserLevelPolicy: '', AdditionalFields: '',
    LatestDeliveryLocation: delivered ? 'Inbox/folder' : 'Quarantine', LatestDeliveryAction: delivered ? 'Delivered' : 'Blocked',
  }];
  const attachments = (m.attachments ?? []).map((a) => {
    const h = hashesOf(`mail:${a.name}`);
    return {
      Timestamp: m.t, NetworkMessageId: id, SenderFromAddress: m.sender, SenderDisplayName: m.senderName, SenderObjectId: '',
      RecipientEmailAddress: m.recipient, RecipientObjectId: recipientUser?.objectId ?? '', FileName: a.name, FileType: a.type,
      SHA256: h.sha256, FileSize: h.size, ThreatTypes: m.threat === 'Malware' ? 'Malware' : '', ThreatNames: m.threat === 'Malware' ? 'TrojanDownloader:O97M/Donoff' : '',
      DetectionMethods: m.threat === 'Malware' ? '["File detonation"]' : '',
    };
  });
  const urls = (m.urls ?? []).map((u) => ({ Timestamp: m.t, NetworkMessageId: id, Url: u, UrlDomain: new URL(u).hostname, UrlLocation: 'Body' }));
  const clicks = m.clicked ? (m.urls ?? []).slice(0, 1).map((u) => ({
    Timestamp: m.t + g.r.int(30, 900) * TICKS_PER_SECOND, Url: u, ActionType: m.threat ? 'ClickAllowed' : 'ClickAllowed', AccountUpn: m.recipient,
    Workload: 'Email', NetworkMessageId: id, ThreatTypes: m.threat === 'Phish' ? 'Phish' : '', DetectionMethods: '', IPAddress: `203.0.113.${g.r.int(10, 14)}`,
    IsClickedThrough: true, UrlChain: JSON.stringify([u]),
  })) : [];
  return { events, attachments, urls, clicks };
}

/** Everyday mail: newsletters, invoices, internal threads, some spam. */
export function backgroundMail(g: Gen, n: number): MailSet {
  const all: MailSet = { events: [], attachments: [], urls: [], clicks: [] };
  for (let i = 0; i < n; i++) {
    const inbound = g.r.chance(0.6);
    const from = g.user();
    const to = g.user();
    const sender = inbound ? g.r.pick(EXTERNAL_SENDERS) : from.upn;
    const hostile = g.r.chance(0.03);
    const m: Mail = {
      t: g.time(), sender, senderName: inbound ? sender.split('@')[0] : from.displayName, recipient: to.upn,
      subject: hostile ? hostileString(i) : g.r.pick(SUBJECTS), direction: inbound ? 'Inbound' : 'Intra-org',
      threat: inbound ? g.r.weighted([[undefined, 91], ['Spam', 5], ['Phish', 3], ['Malware', 1]] as const) : undefined,
      attachments: g.r.chance(0.2) ? [{ name: g.r.pick(['invoice.pdf', 'agenda.docx', 'photo.jpg', 'report.xlsx']), type: 'pdf' }] : undefined,
      urls: g.r.chance(0.4) ? [`https://${inbound ? sender.split('@')[1] : DOMAIN}/${g.r.pick(['news', 'track', 'docs', 'meeting'])}?id=${g.r.int(1, 9999)}`] : undefined,
      clicked: g.r.chance(0.15),
    };
    const rows = mailRows(g, m);
    all.events.push(...rows.events);
    all.attachments.push(...rows.attachments);
    all.urls.push(...rows.urls);
    all.clicks.push(...rows.clicks);
  }
  return all;
}
