/**
 * The sample tenant: users, devices, the programs they run and the places they connect to. Names
 * use Microsoft's fictitious companies (Contoso, Fabrikam); public IPs come from the documentation
 * ranges (RFC 5737), so nothing here points at a real host.
 */
import { createHash } from 'node:crypto';
import { Random } from './random';

export const TENANT_ID = '8f3e2c1a-5b7d-4e9f-a2c6-0d4b1e7f9a35';
export const DOMAIN = 'contoso.com';
export const NETBIOS = 'CONTOSO';

export interface User {
  readonly name: string;
  readonly displayName: string;
  readonly upn: string;
  readonly sid: string;
  readonly objectId: string;
  readonly department: string;
  readonly jobTitle: string;
  readonly city: string;
  readonly country: string;
  readonly isAdmin: boolean;
}

export interface Device {
  readonly id: string;
  readonly name: string;
  readonly shortName: string;
  readonly os: 'Windows10' | 'Windows11' | 'WindowsServer2019' | 'WindowsServer2022' | 'Linux' | 'macOS';
  readonly osBuild: number;
  readonly osVersion: string;
  readonly ip: string;
  readonly mac: string;
  readonly publicIp: string;
  readonly aadDeviceId: string;
  readonly users: readonly User[];
  readonly isServer: boolean;
}

const FIRST = ['Alex', 'Megan', 'Isaiah', 'Lidia', 'Nestor', 'Patti', 'Johanna', 'Grady', 'Adele', 'Diego', 'Lynne', 'Miriam', 'Pradeep', 'Lee', 'Joni', 'Henrietta', 'Irvin', 'Allan', 'Emily', 'Debra', 'Christie', 'Ben', 'Enrico', 'Cameron', 'Raul'];
const LAST = ['Wilber', 'Bowen', 'Langer', 'Holloway', 'Wilke', 'Fernandez', 'Lauer', 'Archie', 'Vance', 'Soto', 'Robbins', 'Caldwell', 'Gupta', 'Gu', 'Sherman', 'Kisner', 'Sayers', 'Deyoung', 'Braun', 'Berry', 'Cline', 'Walters', 'Catteneo', 'White', 'Gonzalez'];
const DEPARTMENTS: readonly [string, string][] = [['Finance', 'Accountant'], ['Sales', 'Account Executive'], ['IT', 'Systems Administrator'], ['HR', 'HR Generalist'], ['Engineering', 'Software Engineer'], ['Legal', 'Counsel'], ['Executive', 'CFO']];
const CITIES: readonly [string, string][] = [['Redmond', 'US'], ['Seattle', 'US'], ['London', 'GB'], ['Munich', 'DE'], ['Tokyo', 'JP'], ['Sydney', 'AU']];

export function sidFor(r: Random, rid: number): string {
  return `S-1-5-21-${r.int(1_000_000_000, 4_000_000_000)}-${r.int(1_000_000_000, 4_000_000_000)}-${r.int(1_000_000_000, 4_000_000_000)}-${rid}`;
}

export function makeUsers(seed: string, count = 25): User[] {
  const r = Random.derive(seed, 'users');
  const domainSid = sidFor(r, 0).replace(/-0$/, '');
  return Array.from({ length: count }, (_, i) => {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const [department, jobTitle] = DEPARTMENTS[i % DEPARTMENTS.length];
    const [city, country] = CITIES[i % CITIES.length];
    const name = `${first[0]}${last}`.toLowerCase();
    return {
      name, displayName: `${first} ${last}`, upn: `${name}@${DOMAIN}`, sid: `${domainSid}-${1100 + i}`, objectId: r.guid(),
      department, jobTitle, city, country, isAdmin: department === 'IT',
    };
  });
}

export function makeDevices(seed: string, users: readonly User[], count = 20): Device[] {
  const r = Random.derive(seed, 'devices');
  return Array.from({ length: count }, (_, i) => {
    const isServer = i % 5 === 4;
    const os = isServer ? (i % 2 ? 'WindowsServer2022' : 'WindowsServer2019') : i === 7 ? 'Linux' : i === 11 ? 'macOS' : i % 3 ? 'Windows11' : 'Windows10';
    const shortName = isServer ? `srv-${['dc01', 'file01', 'sql01', 'web01'][Math.floor(i / 5) % 4]}` : `wkstn-${String(100 + i * 13).padStart(4, '0')}`;
    const osBuild = os === 'Windows11' ? 22631 : os === 'Windows10' ? 19045 : os === 'WindowsServer2022' ? 20348 : os === 'WindowsServer2019' ? 17763 : 0;
    return {
      id: r.hex(40), name: `${shortName}.${DOMAIN}`, shortName, os, osBuild, osVersion: os.startsWith('Windows') ? '10.0' : os === 'Linux' ? '22.04' : '14.4',
      ip: `10.1.${Math.floor(i / 10) + 1}.${20 + i}`, mac: Array.from({ length: 6 }, () => r.hex(2)).join('-').toUpperCase(),
      publicIp: `203.0.113.${10 + (i % 5)}`, aadDeviceId: r.guid(),
      users: isServer ? users.filter((u) => u.isAdmin) : [users[i % users.length], users[(i + 9) % users.length]], isServer,
    };
  });
}

export interface Program {
  readonly file: string;
  readonly folder: string;
  readonly company: string;
  readonly product: string;
  readonly description: string;
  readonly version: string;
  readonly commandLines: readonly string[];
  /** Usual parents (file names). */
  readonly parents: readonly string[];
  readonly weight: number;
}

const MS = 'Microsoft Corporation';
const WIN = 'Microsoft® Windows® Operating System';
const S32 = 'C:\\Windows\\System32';

export const PROGRAMS: readonly Program[] = [
  { file: 'svchost.exe', folder: S32, company: MS, product: WIN, description: 'Host Process for Windows Services', version: '10.0.22621.1', commandLines: ['svchost.exe -k netsvcs -p -s Schedule', 'svchost.exe -k LocalServiceNetworkRestricted -p', 'svchost.exe -k DcomLaunch -p'], parents: ['services.exe'], weight: 14 },
  { file: 'chrome.exe', folder: 'C:\\Program Files\\Google\\Chrome\\Application', company: 'Google LLC', product: 'Google Chrome', description: 'Google Chrome', version: '124.0.6367.91', commandLines: ['"chrome.exe" --type=renderer --lang=en-US', '"chrome.exe" --type=utility --utility-sub-type=network.mojom.NetworkService', '"chrome.exe"'], parents: ['explorer.exe', 'chrome.exe'], weight: 12 },
  { file: 'msedge.exe', folder: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application', company: MS, product: 'Microsoft Edge', description: 'Microsoft Edge', version: '124.0.2478.67', commandLines: ['"msedge.exe" --type=renderer', '"msedge.exe" --profile-directory=Default'], parents: ['explorer.exe', 'msedge.exe'], weight: 10 },
  { file: 'OUTLOOK.EXE', folder: 'C:\\Program Files\\Microsoft Office\\root\\Office16', company: MS, product: 'Microsoft Outlook', description: 'Microsoft Outlook', version: '16.0.17425.20176', commandLines: ['"OUTLOOK.EXE"', '"OUTLOOK.EXE" /recycle'], parents: ['explorer.exe'], weight: 5 },
  { file: 'WINWORD.EXE', folder: 'C:\\Program Files\\Microsoft Office\\root\\Office16', company: MS, product: 'Microsoft Office', description: 'Microsoft Word', version: '16.0.17425.20176', commandLines: ['"WINWORD.EXE" /n "C:\\Users\\Public\\Documents\\Q3 report.docx"', '"WINWORD.EXE"'], parents: ['explorer.exe', 'OUTLOOK.EXE'], weight: 4 },
  { file: 'EXCEL.EXE', folder: 'C:\\Program Files\\Microsoft Office\\root\\Office16', company: MS, product: 'Microsoft Office', description: 'Microsoft Excel', version: '16.0.17425.20176', commandLines: ['"EXCEL.EXE" "C:\\Users\\Public\\Documents\\budget.xlsx"'], parents: ['explorer.exe'], weight: 3 },
  { file: 'Teams.exe', folder: 'C:\\Users\\Public\\AppData\\Local\\Microsoft\\Teams\\current', company: MS, product: 'Microsoft Teams', description: 'Microsoft Teams', version: '1.7.0.6058', commandLines: ['"Teams.exe" --process-start-time', '"Teams.exe" --type=gpu-process'], parents: ['explorer.exe', 'Teams.exe'], weight: 6 },
  { file: 'explorer.exe', folder: 'C:\\Windows', company: MS, product: WIN, description: 'Windows Explorer', version: '10.0.22621.3527', commandLines: ['C:\\Windows\\Explorer.EXE'], parents: ['userinit.exe'], weight: 3 },
  { file: 'cmd.exe', folder: S32, company: MS, product: WIN, description: 'Windows Command Processor', version: '10.0.22621.1', commandLines: ['cmd.exe /c ipconfig /all', 'cmd.exe /c whoami', 'cmd.exe /c dir C:\\Users', 'cmd.exe /c "C:\\scripts\\backup.bat"', 'cmd.exe /c net use'], parents: ['explorer.exe', 'powershell.exe', 'svchost.exe'], weight: 5 },
  { file: 'powershell.exe', folder: `${S32}\\WindowsPowerShell\\v1.0`, company: MS, product: WIN, description: 'Windows PowerShell', version: '10.0.22621.1', commandLines: ['powershell.exe -ExecutionPolicy Bypass -File C:\\scripts\\inventory.ps1', 'powershell.exe Get-Service | Where-Object {$_.Status -eq "Running"}', 'powershell.exe -NoProfile -Command "Get-ChildItem C:\\Temp"'], parents: ['explorer.exe', 'svchost.exe', 'cmd.exe'], weight: 4 },
  { file: 'conhost.exe', folder: S32, company: MS, product: WIN, description: 'Console Window Host', version: '10.0.22621.1', commandLines: ['\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1'], parents: ['cmd.exe', 'powershell.exe'], weight: 5 },
  { file: 'taskhostw.exe', folder: S32, company: MS, product: WIN, description: 'Host Process for Windows Tasks', version: '10.0.22621.1', commandLines: ['taskhostw.exe'], parents: ['svchost.exe'], weight: 3 },
  { file: 'MsMpEng.exe', folder: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24030.9-0', company: MS, product: 'Microsoft Malware Protection', description: 'Antimalware Service Executable', version: '4.18.24030.9', commandLines: ['"MsMpEng.exe"'], parents: ['services.exe'], weight: 2 },
  { file: 'OneDrive.exe', folder: 'C:\\Program Files\\Microsoft OneDrive', company: MS, product: 'Microsoft OneDrive', description: 'Microsoft OneDrive', version: '24.070.0407.0003', commandLines: ['"OneDrive.exe" /background'], parents: ['explorer.exe'], weight: 3 },
  { file: 'git.exe', folder: 'C:\\Program Files\\Git\\cmd', company: 'The Git Development Community', product: 'Git', description: 'Git for Windows', version: '2.44.0.1', commandLines: ['git.exe fetch --all', 'git.exe status', 'git.exe pull origin main'], parents: ['cmd.exe', 'Code.exe'], weight: 2 },
  { file: 'Code.exe', folder: 'C:\\Program Files\\Microsoft VS Code', company: MS, product: 'Visual Studio Code', description: 'Visual Studio Code', version: '1.89.0', commandLines: ['"Code.exe"', '"Code.exe" --type=utility'], parents: ['explorer.exe', 'Code.exe'], weight: 2 },
  { file: 'schtasks.exe', folder: S32, company: MS, product: WIN, description: 'Task Scheduler Configuration Tool', version: '10.0.22621.1', commandLines: ['schtasks.exe /query /fo LIST'], parents: ['cmd.exe'], weight: 1 },
  { file: 'net.exe', folder: S32, company: MS, product: WIN, description: 'Net Command', version: '10.0.22621.1', commandLines: ['net.exe use Z: \\\\srv-file01\\shared', 'net.exe time'], parents: ['cmd.exe'], weight: 1 },
  { file: 'msiexec.exe', folder: S32, company: MS, product: WIN, description: 'Windows® installer', version: '5.0.22621.2506', commandLines: ['msiexec.exe /V', 'msiexec.exe /i "C:\\Windows\\ccmcache\\1\\client.msi" /qn'], parents: ['services.exe', 'svchost.exe'], weight: 1 },
  { file: 'sqlservr.exe', folder: 'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn', company: MS, product: 'Microsoft SQL Server', description: 'SQL Server Windows NT - 64 Bit', version: '2022.160.1000.6', commandLines: ['"sqlservr.exe" -sMSSQLSERVER'], parents: ['services.exe'], weight: 1 },
];

export const PROGRAM_BY_FILE = new Map(PROGRAMS.map((p) => [p.file.toLowerCase(), p]));

/** Programs that appear only as parents. */
export const SYSTEM_PARENTS: readonly Program[] = [
  { file: 'services.exe', folder: S32, company: MS, product: WIN, description: 'Services and Controller app', version: '10.0.22621.1', commandLines: ['C:\\Windows\\system32\\services.exe'], parents: ['wininit.exe'], weight: 0 },
  { file: 'userinit.exe', folder: S32, company: MS, product: WIN, description: 'Userinit Logon Application', version: '10.0.22621.1', commandLines: ['C:\\Windows\\system32\\userinit.exe'], parents: ['winlogon.exe'], weight: 0 },
];

export interface Hashes { readonly sha1: string; readonly sha256: string; readonly md5: string; readonly size: number }

const hashCache = new Map<string, Hashes>();
/** Stable hashes for a file (same name and version -> same hashes in every table). */
export function hashesOf(key: string): Hashes {
  let h = hashCache.get(key);
  if (!h) {
    const d = (algo: string) => createHash(algo).update('defender-hunt-sample:' + key).digest('hex');
    const sha1 = d('sha1');
    h = { sha1, sha256: d('sha256'), md5: d('md5'), size: 20_000 + (parseInt(sha1.slice(0, 6), 16) % 4_000_000) };
    hashCache.set(key, h);
  }
  return h;
}

export const WEB_DESTINATIONS: readonly (readonly [string, string, number])[] = [
  ['login.microsoftonline.com', '20.190.151.7', 443], ['outlook.office365.com', '52.97.146.162', 443], ['www.bing.com', '204.79.197.200', 443],
  ['contoso.sharepoint.com', '13.107.136.10', 443], ['teams.microsoft.com', '52.113.194.132', 443], ['github.com', '140.82.121.4', 443],
  ['www.google.com', '142.250.185.68', 443], ['update.googleapis.com', '142.250.185.99', 443], ['settings-win.data.microsoft.com', '20.42.73.29', 443],
  ['ocsp.digicert.com', '192.229.211.108', 80], ['wpad.contoso.com', '10.1.1.5', 80], ['srv-file01.contoso.com', '10.1.1.44', 445],
];

export const EXTERNAL_SENDERS: readonly string[] = ['newsletter@fabrikam.com', 'billing@northwindtraders.com', 'no-reply@adventure-works.com', 'events@wingtiptoys.com', 'support@tailspintoys.com'];
export const SUBJECTS: readonly string[] = ['Weekly sync notes', 'Invoice 4471 attached', 'Your order has shipped', 'Q3 planning', 'Re: budget review', 'Team offsite agenda', 'Action required: password expiry', 'Lunch on Friday?'];
export const APPLICATIONS: readonly (readonly [string, number])[] = [['Microsoft Exchange Online', 20893], ['Microsoft SharePoint Online', 20892], ['Microsoft Teams', 28375], ['Microsoft OneDrive for Business', 15600], ['Microsoft Azure', 12260]];
export const SIGNIN_APPS: readonly (readonly [string, string])[] = [['Office 365 Exchange Online', '00000002-0000-0ff1-ce00-000000000000'], ['Microsoft Teams', '1fec8e78-bce4-4aaf-ab1b-5451cc387264'], ['Azure Portal', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c'], ['Microsoft Office', 'd3590ed6-52b3-4102-aeff-aad2292ab01c']];
export const USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17425; Pro)',
];
