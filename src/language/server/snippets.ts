/**
 * Completion snippets that Kusto.Language cannot know: Defender functions with their usual
 * arguments as tab stops, and a few starting points for common hunts.
 */
import type { SchemaFunction } from '../../core/schema/schema';

export interface FunctionHelp {
  /** Snippet body, e.g. `FileProfile(${1:SHA1}, ${2:1000})`. */
  readonly snippet: string;
  readonly summary: string;
  /** One line per parameter, in order. */
  readonly parameters: readonly { readonly name: string; readonly doc: string }[];
}

/** What the Defender docs say about each function's arguments (advanced-hunting-*-function.md). */
const KNOWN: Record<string, FunctionHelp> = {
  FileProfile: {
    snippet: 'FileProfile(${1:SHA1}, ${2:1000})',
    summary: 'Adds file details (prevalence, signer, certificate, threat name) to each row: `| invoke FileProfile(SHA1, 1000)`.',
    parameters: [
      { name: 'x', doc: 'file ID column: SHA1, SHA256, InitiatingProcessSHA1 or InitiatingProcessSHA256 (default SHA1)' },
      { name: 'y', doc: 'how many records to enrich, 1–1000 (default 100)' },
    ],
  },
  DeviceFromIP: {
    snippet: 'DeviceFromIP(${1:RemoteIP}, ${2:Timestamp})',
    summary: 'Finds the devices that had an IP address at a time: `| invoke DeviceFromIP(RemoteIP, Timestamp)`.',
    parameters: [
      { name: 'x', doc: 'the column with the IP address (default IP)' },
      { name: 'y', doc: 'the column with the time to look at (default: now)' },
    ],
  },
  SeenBy: {
    snippet: 'SeenBy(${1:DeviceId})',
    summary: 'Lists the devices that saw each device over the network: `| invoke SeenBy(DeviceId)`.',
    parameters: [{ name: 'x', doc: 'the column with the device ID (default DeviceId)' }],
  },
  AssignedIPAddresses: {
    snippet: 'AssignedIPAddresses(${1:"DeviceName"}, ${2:ago(1d)})',
    summary: 'The IP addresses a device had at a point in time, with the adapters and networks.',
    parameters: [
      { name: 'x', doc: 'device name or device ID' },
      { name: 'y', doc: 'the time to look at (default: now)' },
    ],
  },
};

/** Help for a schema function: the documented one, or one derived from its parameters. */
export function functionHelp(fn: SchemaFunction): FunctionHelp {
  const known = KNOWN[fn.name];
  if (known) return known;
  const args = fn.parameters.map((p, i) => `\${${i + 1}:${(p.default !== undefined && p.default !== 'null' ? p.default : example(p.type, p.name)).replace(/[$}\\]/g, '\\$&')}}`);
  return {
    snippet: `${fn.name}(${args.join(', ')})`,
    summary: fn.kind === 'invoke' ? `Defender function: \`| invoke ${fn.name}(…)\`.` : 'Defender function.',
    parameters: fn.parameters.map((p) => ({ name: p.name, doc: `${p.type}${p.default !== undefined ? ` (default ${p.default})` : ''}` })),
  };
}

/** A value of the parameter's type to start from, e.g. "entityKind" for a string. */
function example(type: string, name: string): string {
  switch (type) {
    case 'string': return `"${name}"`;
    case 'datetime': return 'ago(1d)';
    case 'timespan': return '1d';
    case 'dynamic': return 'dynamic({})';
    case 'bool': return 'true';
    default: return '0';
  }
}

/** Markdown for completion documentation and hover. */
export function functionMarkdown(fn: SchemaFunction): string {
  const help = functionHelp(fn);
  const sig = `${fn.name}(${fn.parameters.map((p) => `${p.name}: ${p.type}${p.default !== undefined ? ` = ${p.default}` : ''}`).join(', ')})`;
  const lines = ['```kql', (fn.kind === 'invoke' ? '| invoke ' : '') + sig, '```', help.summary];
  if (help.parameters.length) lines.push('', ...help.parameters.map((p) => `- \`${p.name}\`: ${p.doc}`));
  if (fn.outputColumns.length) lines.push('', `Adds: ${fn.outputColumns.map((c) => `\`${c.name}\` (${c.type})`).join(', ')}`);
  return lines.join('\n');
}

export interface HuntSnippet {
  readonly label: string;
  readonly detail: string;
  /** The table it starts from; offered only when the schema has it. */
  readonly table: string;
  readonly body: string;
}

export const HUNT_SNIPPETS: readonly HuntSnippet[] = [
  {
    label: 'hunt-process', detail: 'Processes by file name and command line', table: 'DeviceProcessEvents',
    body: [
      'DeviceProcessEvents',
      '| where Timestamp > ago(${1:7d})',
      '| where FileName =~ "${2:powershell.exe}" and ProcessCommandLine has "${3:-enc}"',
      '| project Timestamp, DeviceName, AccountName, FileName, ProcessCommandLine, InitiatingProcessFileName',
      '| order by Timestamp desc$0',
    ].join('\n'),
  },
  {
    label: 'hunt-network', detail: 'Connections to a remote IP or URL', table: 'DeviceNetworkEvents',
    body: [
      'DeviceNetworkEvents',
      '| where Timestamp > ago(${1:7d})',
      '| where RemoteIP == "${2:203.0.113.7}" or RemoteUrl has "${3:example.com}"',
      '| summarize Connections = count(), First = min(Timestamp), Last = max(Timestamp) by DeviceName, InitiatingProcessFileName, RemotePort$0',
    ].join('\n'),
  },
  {
    label: 'hunt-file-hash', detail: 'A file hash across devices, with its prevalence', table: 'DeviceFileEvents',
    body: [
      'DeviceFileEvents',
      '| where Timestamp > ago(${1:30d})',
      '| where SHA256 == "${2:sha256}" or SHA1 == "${3:sha1}"',
      '| summarize Devices = dcount(DeviceId), First = min(Timestamp) by SHA1, FileName',
      '| invoke FileProfile(SHA1, 1000)',
      '| project SHA1, FileName, Devices, First, GlobalPrevalence, Signer, ThreatName$0',
    ].join('\n'),
  },
  {
    label: 'hunt-logon-failures', detail: 'Accounts with many failed logons', table: 'DeviceLogonEvents',
    body: [
      'DeviceLogonEvents',
      '| where Timestamp > ago(${1:1d}) and ActionType == "LogonFailed"',
      '| summarize Failures = count(), Devices = dcount(DeviceId) by AccountDomain, AccountName, RemoteIP',
      '| where Failures > ${2:20}',
      '| order by Failures desc$0',
    ].join('\n'),
  },
  {
    label: 'hunt-email-attachment', detail: 'Delivered mail with a malicious attachment', table: 'EmailEvents',
    body: [
      'EmailEvents',
      '| where Timestamp > ago(${1:7d}) and DeliveryAction == "Delivered"',
      '| join kind=inner (EmailAttachmentInfo | where ThreatTypes has "${2:Malware}") on NetworkMessageId',
      '| project Timestamp, SenderFromAddress, RecipientEmailAddress, Subject, FileName, SHA256, ThreatNames$0',
    ].join('\n'),
  },
  {
    label: 'hunt-alert-evidence', detail: 'Alerts on a device with their evidence', table: 'AlertInfo',
    body: [
      'AlertInfo',
      '| where Timestamp > ago(${1:7d})',
      '| join kind=inner (AlertEvidence | where DeviceName =~ "${2:device}") on AlertId',
      '| project Timestamp, Title, Severity, Category, EntityType, EvidenceRole, FileName, RemoteIP$0',
    ].join('\n'),
  },
];
