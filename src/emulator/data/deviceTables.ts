/** Everyday endpoint activity for the Device* event tables. */
import { TICKS_PER_SECOND } from '../executor/time';
import { hashesOf, PROGRAMS, WEB_DESTINATIONS } from './catalog';
import { NESTED_JSON } from './hostile';
import {
  accountOf, deviceFields, type Gen, makeProc, parentFields, processChain, processFields, program, SYSTEM_ACCOUNT, userFolder, type Rec,
} from './rows';

const weightedPrograms = PROGRAMS.map((p) => [p, p.weight] as const);

function actor(g: Gen) {
  const device = g.device();
  const user = g.r.pick(device.users);
  return { device, account: g.r.chance(0.25) ? SYSTEM_ACCOUNT : accountOf(user) };
}

export function deviceProcessEvents(g: Gen, n: number): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const { device, account } = actor(g);
    const prog = g.r.weighted(weightedPrograms);
    const acct = ['svchost.exe', 'MsMpEng.exe', 'taskhostw.exe', 'sqlservr.exe'].includes(prog.file) ? SYSTEM_ACCOUNT : account;
    const t = g.time();
    const { parent, child } = processChain(g, prog, acct, t);
    const grand = makeProc(g, program(g.r.pick(parent.program.parents)), parent.account, parent.created - g.r.int(1, 9999) * TICKS_PER_SECOND);
    const rec: Rec = {
      Timestamp: t, ...deviceFields(device), ActionType: 'ProcessCreated', ...processFields(child, 'process'),
      ...processFields(parent, 'initiating'), ...parentFields(grand), CreatedProcessSessionId: acct === SYSTEM_ACCOUNT ? 0 : 1,
      IsProcessRemoteSession: false, AdditionalFields: g.r.chance(0.05) ? JSON.stringify({ ProcessStartKey: g.r.int(1, 1e9) }) : '',
    };
    if (g.r.chance(0.02)) rec.ProcessCommandLine = g.maybeHostile(String(rec.ProcessCommandLine), 1);
    if (g.r.chance(0.02)) { rec.ProcessCreationTime = null; rec.LogonId = null; }
    out.push(rec);
  }
  return out;
}

export function deviceNetworkEvents(g: Gen, n: number): Rec[] {
  const browsers = ['chrome.exe', 'msedge.exe', 'Teams.exe', 'OUTLOOK.EXE', 'svchost.exe', 'OneDrive.exe'];
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const { device, account } = actor(g);
    const t = g.time();
    const { parent, child } = processChain(g, program(g.r.pick(browsers)), account, t - g.r.int(1, 600) * TICKS_PER_SECOND);
    const [url, ip, port] = g.r.pick(WEB_DESTINATIONS);
    const action = g.r.weighted([['ConnectionSuccess', 80], ['ConnectionFailed', 6], ['InboundConnectionAccepted', 6], ['ListeningConnectionCreated', 3], ['ConnectionRequest', 5]] as const);
    out.push({
      Timestamp: t, ...deviceFields(device), ActionType: action, RemoteIP: ip, RemotePort: port, RemoteUrl: g.maybeHostile(url, 0.01),
      LocalIP: device.ip, LocalPort: g.r.int(49152, 65535), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: ip.startsWith('10.') ? 'Private' : 'Public',
      ...processFields(child, 'initiating'), ...parentFields(parent),
      AdditionalFields: g.r.chance(0.1) ? JSON.stringify({ direction: 'Out', ...(g.r.chance(0.2) ? { nested: NESTED_JSON } : {}) }) : '',
    });
  }
  return out;
}

const DOCS = ['Q3 report.docx', 'budget.xlsx', 'notes.txt', 'contract.pdf', 'setup.exe', 'image.png', 'archive.zip', 'meeting.ics', 'deck.pptx'];

export function deviceFileEvents(g: Gen, n: number): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const { device, account } = actor(g);
    const t = g.time();
    const { parent, child } = processChain(g, program(g.r.pick(['explorer.exe', 'OUTLOOK.EXE', 'chrome.exe', 'msedge.exe', 'WINWORD.EXE', 'OneDrive.exe'])), account, t - g.r.int(1, 600) * TICKS_PER_SECOND);
    const name = g.maybeHostile(g.r.pick(DOCS), 0.02);
    const folder = `${userFolder(account)}\\${g.r.pick(['Documents', 'Downloads', 'Desktop', 'AppData\\Local\\Temp'])}`;
    const h = hashesOf(`${name}#${g.r.int(1, 50)}`);
    const action = g.r.weighted([['FileCreated', 50], ['FileModified', 30], ['FileDeleted', 10], ['FileRenamed', 10]] as const);
    const downloaded = folder.endsWith('Downloads') && action === 'FileCreated';
    out.push({
      Timestamp: t, ...deviceFields(device), ActionType: action, FileName: name, FolderPath: `${folder}\\${name}`,
      SHA1: h.sha1, SHA256: h.sha256, MD5: h.md5, FileSize: h.size,
      FileOriginUrl: downloaded ? `https://${g.r.pick(WEB_DESTINATIONS)[0]}/download/${encodeURIComponent(name)}` : '',
      FileOriginIP: downloaded ? g.r.pick(WEB_DESTINATIONS)[1] : '',
      PreviousFileName: action === 'FileRenamed' ? `~${name}.tmp` : '', PreviousFolderPath: action === 'FileRenamed' ? folder : '',
      SensitivityLabel: g.r.chance(0.1) ? g.r.pick(['General', 'Confidential', 'Highly Confidential']) : '',
      IsAzureInfoProtectionApplied: g.r.chance(0.05),
      ...processFields(child, 'initiating'), ...parentFields(parent),
    });
  }
  return out;
}

const REG_KEYS = [
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
  'HKEY_CURRENT_USER\\S-1-5-21\\SOFTWARE\\Microsoft\\Office\\16.0\\Common\\Identity',
  'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\bam\\State\\UserSettings',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender',
  'HKEY_CURRENT_USER\\S-1-5-21\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs',
];

export function deviceRegistryEvents(g: Gen, n: number): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const { device, account } = actor(g);
    const t = g.time();
    const { parent, child } = processChain(g, program(g.r.pick(['svchost.exe', 'msiexec.exe', 'explorer.exe', 'OneDrive.exe', 'Teams.exe'])), account, t - g.r.int(1, 600) * TICKS_PER_SECOND);
    const key = g.r.pick(REG_KEYS);
    const action = g.r.weighted([['RegistryValueSet', 70], ['RegistryKeyCreated', 15], ['RegistryValueDeleted', 10], ['RegistryKeyDeleted', 5]] as const);
    const valueType = g.r.pick(['String', 'Dword', 'Binary', 'ExpandString']);
    out.push({
      Timestamp: t, ...deviceFields(device), ActionType: action, RegistryKey: key,
      RegistryValueType: action.includes('Value') ? valueType : '', RegistryValueName: action.includes('Value') ? g.r.pick(['OneDrive', 'Teams', 'SecurityHealth', 'LastUsed', 'DisableAntiSpyware']) : '',
      RegistryValueData: action === 'RegistryValueSet' ? g.maybeHostile(valueType === 'Dword' ? String(g.r.int(0, 1)) : `"${child.program.folder}\\${child.program.file}" /background`, 0.02) : '',
      ...processFields(child, 'initiating'), ...parentFields(parent),
    });
  }
  return out;
}

export function deviceLogonEvents(g: Gen, n: number): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const device = g.device();
    const user = g.r.pick(device.users);
    const t = g.time();
    const logonType = g.r.weighted([['Interactive', 25], ['Network', 35], ['RemoteInteractive', 8], ['Unlock', 15], ['Service', 10], ['Batch', 7]] as const);
    const failed = g.r.chance(0.08);
    const remote = logonType === 'Network' || logonType === 'RemoteInteractive';
    const from = g.r.pick(g.devices);
    const proc = makeProc(g, program('svchost.exe'), SYSTEM_ACCOUNT, t - g.r.int(3600, 86400) * TICKS_PER_SECOND, 'svchost.exe -k netsvcs -p -s Appinfo');
    out.push({
      Timestamp: t, ...deviceFields(device), ActionType: failed ? 'LogonFailed' : 'LogonSuccess', LogonType: logonType,
      AccountDomain: logonType === 'Service' ? 'nt authority' : 'contoso', AccountName: logonType === 'Service' ? 'system' : user.name,
      AccountSid: logonType === 'Service' ? 'S-1-5-18' : user.sid, Protocol: remote ? g.r.pick(['Kerberos', 'NTLM', 'Negotiate']) : 'Negotiate',
      FailureReason: failed ? g.r.pick(['InvalidUserNameOrPassword', 'UnknownUser', 'AccountLocked']) : '', IsLocalAdmin: user.isAdmin,
      LogonId: g.r.int(100_000, 9_999_999), RemoteDeviceName: remote ? from.shortName : '', RemoteIP: remote ? from.ip : '',
      RemoteIPType: remote ? 'Private' : '', RemotePort: remote ? g.r.int(49152, 65535) : null,
      ...processFields(proc, 'initiating'),
    });
  }
  return out;
}

const DLLS: readonly [string, string][] = [
  ['ntdll.dll', 'C:\\Windows\\System32'], ['kernel32.dll', 'C:\\Windows\\System32'], ['amsi.dll', 'C:\\Windows\\System32'],
  ['clr.dll', 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319'], ['System.Management.Automation.ni.dll', 'C:\\Windows\\assembly\\NativeImages_v4.0.30319_64\\System.Manaa57fc8cc#'],
  ['wininet.dll', 'C:\\Windows\\System32'], ['crypt32.dll', 'C:\\Windows\\System32'], ['vaultcli.dll', 'C:\\Windows\\System32'], ['mso.dll', 'C:\\Program Files\\Common Files\\microsoft shared\\OFFICE16'],
];

export function deviceImageLoadEvents(g: Gen, n: number): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const { device, account } = actor(g);
    const t = g.time();
    const { parent, child } = processChain(g, g.r.weighted(weightedPrograms), account, t - g.r.int(1, 60) * TICKS_PER_SECOND);
    const [dll, folder] = g.r.pick(DLLS);
    const h = hashesOf(`${dll}@dll`);
    out.push({
      Timestamp: t, ...deviceFields(device), ActionType: 'ImageLoaded', FileName: dll, FolderPath: `${folder}\\${dll}`,
      SHA1: h.sha1, SHA256: h.sha256, MD5: h.md5, FileSize: h.size, ...processFields(child, 'initiating'), ...parentFields(parent),
    });
  }
  return out;
}

export function deviceEvents(g: Gen, n: number): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const { device, account } = actor(g);
    const t = g.time();
    const { parent, child } = processChain(g, program(g.r.pick(['powershell.exe', 'svchost.exe', 'explorer.exe', 'msedge.exe', 'chrome.exe'])), account, t - g.r.int(1, 600) * TICKS_PER_SECOND);
    const action = g.r.weighted([['PowerShellCommand', 30], ['DnsQueryResponse', 25], ['ScheduledTaskCreated', 5], ['UsbDriveMounted', 4], ['SmartScreenUrlWarning', 4], ['AntivirusScanCompleted', 10], ['BrowserLaunchedToOpenUrl', 12], ['GetClipboardData', 10]] as const);
    const rec: Rec = { Timestamp: t, ...deviceFields(device), ActionType: action, ...processFields(child, 'initiating'), ...parentFields(parent) };
    switch (action) {
      case 'PowerShellCommand': rec.AdditionalFields = JSON.stringify({ Command: g.maybeHostile(g.r.pick(['Get-Process', 'Get-Service', 'Import-Module ActiveDirectory', 'Get-ChildItem']), 0.05) }); break;
      case 'DnsQueryResponse': { const [host, ip] = g.r.pick(WEB_DESTINATIONS); rec.AdditionalFields = JSON.stringify({ DnsQueryString: host, DnsQueryResult: [{ DnsQueryType: 'A', Ip: ip }] }); break; }
      case 'ScheduledTaskCreated': rec.AdditionalFields = JSON.stringify({ TaskName: '\\Microsoft\\Office\\OfficeTelemetryAgentLogOn', TaskContent: '<Task><Actions><Exec><Command>C:\\Program Files\\Microsoft Office\\root\\Office16\\msoia.exe</Command></Exec></Actions></Task>' }); break;
      case 'UsbDriveMounted': rec.AdditionalFields = JSON.stringify({ DriveLetter: 'E:', ProductName: 'Cruzer Blade', Manufacturer: 'SanDisk', Volume: g.maybeHostile('BACKUP', 0.2) }); break;
      case 'SmartScreenUrlWarning': rec.RemoteUrl = g.maybeHostile('http://198.51.100.90/login.html', 0.3); break;
      case 'BrowserLaunchedToOpenUrl': rec.RemoteUrl = `https://${g.r.pick(WEB_DESTINATIONS)[0]}/`; break;
      default: rec.AdditionalFields = JSON.stringify({ ScanTypeIndex: g.r.int(1, 3), nested: g.r.chance(0.1) ? NESTED_JSON : undefined }); break;
    }
    out.push(rec);
  }
  return out;
}
