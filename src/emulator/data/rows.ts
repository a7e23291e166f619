/**
 * Building blocks for the table generators: a generator context (seeded random stream, the clock,
 * the tenant's users and devices), timestamps over the last 30 days, the process fields that
 * every Device* table repeats, and the conversion of a record to a row in schema order.
 */
import type { SchemaColumn } from '../../core/schema/schema';
import { TICKS_PER_DAY, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../executor/time';
import type { Row, Value } from '../executor/values';
import { DOMAIN, hashesOf, NETBIOS, PROGRAM_BY_FILE, SYSTEM_PARENTS, type Device, type Program, type User } from './catalog';
import { hostileString } from './hostile';
import { Random } from './random';

export type Rec = Record<string, Value>;

export const DAYS = 30;

export class Gen {
  readonly r: Random;
  private reportId = 1000;
  constructor(
    readonly seed: string,
    readonly table: string,
    /** Ticks of "now" that all times are relative to. */
    readonly now: number,
    readonly users: readonly User[],
    readonly devices: readonly Device[],
  ) {
    this.r = Random.derive(seed, table);
  }

  /** A time in the last 30 days (at microsecond precision, like the service's data). */
  time(): number {
    const back = Math.floor(this.r.next() * (DAYS * TICKS_PER_DAY - 5 * TICKS_PER_MINUTE)) + TICKS_PER_MINUTE;
    return Math.floor((this.now - back) / 10) * 10;
  }

  /** A time `minutes` (±jitter) before now. */
  ago(minutes: number, jitterSeconds = 0): number {
    return Math.floor((this.now - minutes * TICKS_PER_MINUTE + this.r.int(-jitterSeconds, jitterSeconds) * TICKS_PER_SECOND) / 10) * 10;
  }

  workstation(): Device {
    return this.r.pick(this.devices.filter((d) => !d.isServer && d.os.startsWith('Windows')));
  }

  device(): Device {
    return this.r.chance(0.8) ? this.workstation() : this.r.pick(this.devices);
  }

  user(): User {
    return this.r.pick(this.users);
  }

  nextReportId(): number {
    return this.reportId += this.r.int(1, 40);
  }

  pid(): number {
    return this.r.int(4, 4_000) * 4;
  }

  /** Sometimes (every few dozen rows) a hostile value instead of the ordinary one. */
  maybeHostile(ordinary: string, rate = 0.03): string {
    return this.r.chance(rate) ? hostileString(this.r.int(0, 1000)) : ordinary;
  }
}

export interface Account { readonly domain: string; readonly name: string; readonly sid: string; readonly upn: string; readonly objectId: string }

export const SYSTEM_ACCOUNT: Account = { domain: 'nt authority', name: 'system', sid: 'S-1-5-18', upn: '', objectId: '' };

export function accountOf(u: User): Account {
  return { domain: NETBIOS.toLowerCase(), name: u.name, sid: u.sid, upn: u.upn, objectId: u.objectId };
}

export function program(file: string): Program {
  const p = PROGRAM_BY_FILE.get(file.toLowerCase()) ?? SYSTEM_PARENTS.find((s) => s.file.toLowerCase() === file.toLowerCase());
  if (p) return p;
  return { file, folder: 'C:\\Windows\\System32', company: '', product: '', description: '', version: '', commandLines: [file], parents: ['explorer.exe'], weight: 0 };
}

/** A running process as the Device* tables describe it. */
export interface Proc {
  readonly program: Program;
  readonly commandLine: string;
  readonly id: number;
  readonly created: number;
  readonly account: Account;
  readonly integrity: string;
  readonly elevation: string;
  readonly logonId: number;
  /** Overrides for hashes/path of files that are not in the catalog (payloads). */
  readonly folder?: string;
  readonly hashKey?: string;
}

export function makeProc(g: Gen, prog: Program, account: Account, created: number, commandLine?: string, extra?: Partial<Proc>): Proc {
  const system = account.sid === 'S-1-5-18';
  return {
    program: prog, commandLine: commandLine ?? g.r.pick(prog.commandLines), id: g.pid(), created, account,
    integrity: system ? 'System' : g.r.chance(0.85) ? 'Medium' : 'High',
    elevation: system ? 'TokenElevationTypeDefault' : g.r.chance(0.85) ? 'TokenElevationTypeLimited' : 'TokenElevationTypeFull',
    logonId: system ? 999 : g.r.int(100_000, 9_999_999), ...extra,
  };
}

/** The fields of a process, with the column prefix the table uses ('' for the process itself). */
export function processFields(p: Proc, kind: 'process' | 'initiating'): Rec {
  const folder = p.folder ?? p.program.folder;
  const h = hashesOf(p.hashKey ?? `${p.program.file}@${p.program.version}`);
  const path = `${folder}\\${p.program.file}`;
  if (kind === 'process') {
    return {
      FileName: p.program.file, FolderPath: path, SHA1: h.sha1, SHA256: h.sha256, MD5: h.md5, FileSize: h.size,
      ProcessVersionInfoCompanyName: p.program.company, ProcessVersionInfoProductName: p.program.product,
      ProcessVersionInfoProductVersion: p.program.version, ProcessVersionInfoInternalFileName: p.program.file,
      ProcessVersionInfoOriginalFileName: p.program.file, ProcessVersionInfoFileDescription: p.program.description,
      ProcessId: p.id, ProcessCommandLine: p.commandLine, ProcessIntegrityLevel: p.integrity, ProcessTokenElevation: p.elevation,
      ProcessCreationTime: p.created, AccountDomain: p.account.domain, AccountName: p.account.name, AccountSid: p.account.sid,
      AccountUpn: p.account.upn, AccountObjectId: p.account.objectId, LogonId: p.logonId,
    };
  }
  return {
    InitiatingProcessFileName: p.program.file, InitiatingProcessFolderPath: path, InitiatingProcessSHA1: h.sha1,
    InitiatingProcessSHA256: h.sha256, InitiatingProcessMD5: h.md5, InitiatingProcessFileSize: h.size,
    InitiatingProcessVersionInfoCompanyName: p.program.company, InitiatingProcessVersionInfoProductName: p.program.product,
    InitiatingProcessVersionInfoProductVersion: p.program.version, InitiatingProcessVersionInfoInternalFileName: p.program.file,
    InitiatingProcessVersionInfoOriginalFileName: p.program.file, InitiatingProcessVersionInfoFileDescription: p.program.description,
    InitiatingProcessId: p.id, InitiatingProcessCommandLine: p.commandLine, InitiatingProcessCreationTime: p.created,
    InitiatingProcessIntegrityLevel: p.integrity, InitiatingProcessTokenElevation: p.elevation,
    InitiatingProcessAccountDomain: p.account.domain, InitiatingProcessAccountName: p.account.name, InitiatingProcessAccountSid: p.account.sid,
    InitiatingProcessAccountUpn: p.account.upn, InitiatingProcessAccountObjectId: p.account.objectId, InitiatingProcessLogonId: p.logonId,
    InitiatingProcessSignerType: p.program.company === 'Microsoft Corporation' ? 'OsVendor' : p.program.company ? 'ThirdParty' : 'Unknown',
    InitiatingProcessSignatureStatus: p.program.company ? 'Valid' : 'Unsigned',
    InitiatingProcessSessionId: p.account.sid === 'S-1-5-18' ? 0 : 1, IsInitiatingProcessRemoteSession: false,
  };
}

/** Parent fields of the initiating process. */
export function parentFields(parent: Proc): Rec {
  return { InitiatingProcessParentId: parent.id, InitiatingProcessParentFileName: parent.program.file, InitiatingProcessParentCreationTime: parent.created };
}

export function deviceFields(d: Device): Rec {
  return { DeviceId: d.id, DeviceName: d.name };
}

/** A plausible parent/child pair on a device: the parent started a while before the child. */
export function processChain(g: Gen, prog: Program, account: Account, t: number): { parent: Proc; child: Proc } {
  const parentProg = program(g.r.pick(prog.parents));
  const parentAccount = ['services.exe', 'svchost.exe'].includes(parentProg.file) ? SYSTEM_ACCOUNT : account;
  const parent = makeProc(g, parentProg, parentAccount, t - g.r.int(1, 3600) * TICKS_PER_SECOND);
  const child = makeProc(g, prog, account, t);
  return { parent, child };
}

/**
 * Converts a record into a row in the table's column order; missing values are null ("" for
 * strings). `index` (the row's position) makes default report ids unique and stable.
 */
export function toRow(columns: readonly SchemaColumn[], rec: Rec, index: number): Row {
  const row: Row = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    let v = rec[c.name];
    if (v === undefined) {
      if (c.name === 'TimeGenerated') v = rec.Timestamp ?? null;
      else if (c.name === 'ReportId') v = c.type === 'long' ? 10_000 + index * 7 : `${(0x10000 + index).toString(16)}-${index % 97}`;
      else v = c.type === 'string' ? '' : null;
    }
    row[i] = v;
  }
  return row;
}

export const userFolder = (account: Account) => `C:\\Users\\${account.name || 'Public'}`;
export const emailOf = (u: User) => `${u.name}@${DOMAIN}`;
