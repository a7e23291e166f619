/**
 * The sample tenant's data: 19 Defender tables generated on first use from a seed, with times
 * relative to `now` over the last 30 days, the attack stories and the hostile values mixed in.
 * The same seed, size and `now` always give the same rows.
 */
import { defenderSchema, findTable, type HuntingSchema, type SchemaColumn } from '../../core/schema/schema';
import type { TableSource } from '../executor/context';
import { ticksFromMs, TICKS_PER_DAY } from '../executor/time';
import type { Row, Table, Value } from '../executor/values';
import { hashesOf, makeDevices, makeUsers, PROGRAMS } from './catalog';
import { aadSignInEvents, cloudAppEvents, cloudRow, identityLogonEvents } from './cloudTables';
import { deviceEvents, deviceFileEvents, deviceImageLoadEvents, deviceLogonEvents, deviceNetworkEvents, deviceProcessEvents, deviceRegistryEvents } from './deviceTables';
import { backgroundMail, mailRows, type MailSet } from './emailTables';
import { HOSTILE_STRINGS, LONG_STRING, NESTED_JSON } from './hostile';
import { deviceInfo, deviceNetworkInfo, identityInfo } from './inventoryTables';
import { accountOf, deviceFields, Gen, makeProc, processFields, program, toRow, type Rec } from './rows';
import { buildStories, MALICIOUS_HASH_KEYS, type TableRows } from './stories';

export const SAMPLE_TABLES = [
  'DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceFileEvents', 'DeviceRegistryEvents', 'DeviceLogonEvents', 'DeviceImageLoadEvents',
  'DeviceEvents', 'DeviceInfo', 'DeviceNetworkInfo', 'EmailEvents', 'EmailAttachmentInfo', 'EmailUrlInfo', 'UrlClickEvents',
  'IdentityLogonEvents', 'IdentityInfo', 'AlertInfo', 'AlertEvidence', 'CloudAppEvents', 'AADSignInEventsBeta',
] as const;

export interface DatasetOptions {
  /** Seed of the generator (default "defender-hunt"). */
  readonly seed?: string;
  /** Rows of background activity in DeviceProcessEvents; other tables scale from it (default 2,000). */
  readonly rows?: number;
  /** The moment all times are relative to (epoch ms; default: when the dataset is created). */
  readonly now?: number;
  readonly schema?: HuntingSchema;
}

export const DEFAULT_ROWS = 2_000;

/** Rows of each event table per DeviceProcessEvents row. */
const SCALE: Readonly<Record<string, number>> = {
  DeviceProcessEvents: 1, DeviceNetworkEvents: 0.8, DeviceFileEvents: 0.6, DeviceRegistryEvents: 0.3, DeviceLogonEvents: 0.2,
  DeviceImageLoadEvents: 0.4, DeviceEvents: 0.3, Mail: 0.15, IdentityLogonEvents: 0.1, AADSignInEventsBeta: 0.15, CloudAppEvents: 0.15,
};

export class Dataset implements TableSource {
  readonly seed: string;
  readonly rows: number;
  /** `now` in ticks. */
  readonly now: number;
  private readonly schema: HuntingSchema;
  private readonly users;
  private readonly devices;
  private readonly tables = new Map<string, Table>();
  private stories?: TableRows;
  private mail?: MailSet;
  private profiles?: Map<string, Record<string, Value>>;

  constructor(options: DatasetOptions = {}) {
    this.seed = options.seed ?? 'defender-hunt';
    this.rows = Math.max(0, Math.floor(options.rows ?? DEFAULT_ROWS));
    this.now = ticksFromMs(options.now ?? Date.now());
    this.schema = options.schema ?? defenderSchema();
    this.users = makeUsers(this.seed);
    this.devices = makeDevices(this.seed, this.users);
  }

  private gen(label: string): Gen {
    return new Gen(this.seed, label, this.now, this.users, this.devices);
  }

  private count(table: string): number {
    return Math.max(1, Math.round(this.rows * (SCALE[table] ?? 0.1)));
  }

  /** A whole table (generated on first use), or undefined for tables without sample data. */
  table(name: string): Table | undefined {
    const cached = this.tables.get(name);
    if (cached) return cached;
    if (!(SAMPLE_TABLES as readonly string[]).includes(name)) return undefined;
    const schemaTable = findTable(this.schema, name);
    if (!schemaTable) return undefined;
    const records = [...this.background(name), ...(this.storyRows()[name] ?? []), ...this.hostileRows(name)];
    records.sort((a, b) => (a.Timestamp as number) - (b.Timestamp as number));
    const table: Table = { columns: schemaTable.columns, rows: records.map((r, i) => toRow(schemaTable.columns as SchemaColumn[], r, i)) };
    this.tables.set(name, table);
    return table;
  }

  private background(name: string): Rec[] {
    const n = this.count(name);
    switch (name) {
      case 'DeviceProcessEvents': return deviceProcessEvents(this.gen(name), n);
      case 'DeviceNetworkEvents': return deviceNetworkEvents(this.gen(name), n);
      case 'DeviceFileEvents': return deviceFileEvents(this.gen(name), n);
      case 'DeviceRegistryEvents': return deviceRegistryEvents(this.gen(name), n);
      case 'DeviceLogonEvents': return deviceLogonEvents(this.gen(name), n);
      case 'DeviceImageLoadEvents': return deviceImageLoadEvents(this.gen(name), n);
      case 'DeviceEvents': return deviceEvents(this.gen(name), n);
      case 'DeviceInfo': return deviceInfo(this.gen(name));
      case 'DeviceNetworkInfo': return deviceNetworkInfo(this.gen(name));
      case 'IdentityInfo': return identityInfo(this.gen(name));
      case 'IdentityLogonEvents': return identityLogonEvents(this.gen(name), n);
      case 'AADSignInEventsBeta': return aadSignInEvents(this.gen(name), n);
      case 'CloudAppEvents': return cloudAppEvents(this.gen(name), n);
      case 'EmailEvents': return this.mailSet().events;
      case 'EmailAttachmentInfo': return this.mailSet().attachments;
      case 'EmailUrlInfo': return this.mailSet().urls;
      case 'UrlClickEvents': return this.mailSet().clicks;
      default: return [];
    }
  }

  private mailSet(): MailSet {
    return (this.mail ??= backgroundMail(this.gen('Mail'), this.count('Mail')));
  }

  private storyRows(): TableRows {
    return (this.stories ??= buildStories(this.gen('stories')));
  }

  /** Guaranteed hostile values (the background mixes in more at random). */
  private hostileRows(name: string): Rec[] {
    const g = this.gen(`hostile/${name}`);
    const device = this.devices[2];
    const acct = accountOf(this.users[3]);
    const at = (i: number) => Math.floor((this.now - (6 + i) * 3_600 * 10_000_000) / 10) * 10;
    switch (name) {
      case 'DeviceProcessEvents':
        return [...HOSTILE_STRINGS, LONG_STRING].map((h, i) => {
          const parent = makeProc(g, program('explorer.exe'), acct, at(i) - TICKS_PER_DAY);
          const child = makeProc(g, program('cmd.exe'), acct, at(i), h);
          return { Timestamp: at(i), ...deviceFields(device), ActionType: 'ProcessCreated', ...processFields(child, 'process'), ...processFields(parent, 'initiating'), FileName: i === 14 ? h : 'cmd.exe', LogonId: null, ProcessCreationTime: null, AdditionalFields: JSON.stringify(NESTED_JSON) };
        });
      case 'DeviceFileEvents':
        return HOSTILE_STRINGS.slice(0, 8).map((h, i) => ({ Timestamp: at(i), ...deviceFields(device), ActionType: 'FileCreated', FileName: h, FolderPath: `C:\\Users\\${acct.name}\\Downloads\\${h}`, FileSize: null }));
      case 'EmailEvents':
        return HOSTILE_STRINGS.map((h, i) => mailRows(g, { t: at(i), sender: 'newsletter@fabrikam.com', senderName: h, recipient: this.users[3].upn, subject: h, direction: 'Inbound' }).events[0]);
      case 'CloudAppEvents':
        return HOSTILE_STRINGS.slice(0, 6).map((h, i) => ({ ...cloudRow(g, { t: at(i), user: this.users[3], action: 'FileUploaded', objectName: h }), RawEventData: { Operation: 'FileUploaded', Name: h, Deep: NESTED_JSON } }));
      default:
        return [];
    }
  }

  /** What `invoke FileProfile()` reports for a SHA1 or SHA256. */
  fileProfile(hash: string): Record<string, Value> | undefined {
    if (!this.profiles) {
      const m = new Map<string, Record<string, Value>>();
      const put = (key: string, p: Record<string, Value>) => { const h = hashesOf(key); const rec = { SHA1: h.sha1, SHA256: h.sha256, MD5: h.md5, FileSize: h.size, ...p }; m.set(h.sha1, rec); m.set(h.sha256, rec); };
      for (const prog of PROGRAMS) {
        const signer = prog.company || 'Unknown';
        put(`${prog.file}@${prog.version}`, {
          GlobalPrevalence: 1_000_000 + (prog.file.length * 7919), GlobalFirstSeen: this.now - 900 * TICKS_PER_DAY, GlobalLastSeen: this.now,
          Signer: signer, Issuer: prog.company === 'Microsoft Corporation' ? 'Microsoft Windows Production PCA 2011' : `${signer} Code Signing CA`,
          SignerHash: hashesOf(`signer:${signer}`).sha1, IsCertificateValid: true, IsRootSignerMicrosoft: prog.company === 'Microsoft Corporation',
          SignatureState: 'SignedValid', IsExecutable: true, ThreatName: '', Publisher: prog.company, SoftwareName: prog.product, ProfileAvailability: 'Available',
        });
      }
      for (const key of MALICIOUS_HASH_KEYS) {
        put(key, {
          GlobalPrevalence: 3, GlobalFirstSeen: this.now - 4 * TICKS_PER_DAY, GlobalLastSeen: this.now - TICKS_PER_DAY, Signer: '', Issuer: '', SignerHash: '',
          IsCertificateValid: false, IsRootSignerMicrosoft: false, SignatureState: 'Unsigned', IsExecutable: key.endsWith('payload'),
          ThreatName: key.endsWith('payload') ? 'Trojan:Win32/Emulated.A!dha' : 'TrojanDownloader:O97M/Donoff', Publisher: '', SoftwareName: '', ProfileAvailability: 'Available',
        });
      }
      this.profiles = m;
    }
    const known = this.profiles.get(hash.toLowerCase());
    if (known) return known;
    if (!/^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(hash)) return undefined;
    return { ProfileAvailability: 'NotAvailable', GlobalPrevalence: null };
  }

  /** A view of the data limited to [from, to] on each table's Timestamp (the request's Timespan). */
  windowed(from: number, to: number): TableSource {
    const cache = new Map<string, Table>();
    return {
      table: (name) => {
        const hit = cache.get(name);
        if (hit) return hit;
        const t = this.table(name);
        if (!t) return undefined;
        const ts = t.columns.findIndex((c) => c.name === 'Timestamp');
        const rows: Row[] = ts < 0 ? t.rows as Row[] : t.rows.filter((r) => { const v = r[ts] as number | null; return v !== null && v >= from && v <= to; });
        const view = { columns: t.columns, rows };
        cache.set(name, view);
        return view;
      },
      fileProfile: (hash) => this.fileProfile(hash),
      tableNames: () => SAMPLE_TABLES,
    };
  }

  /** Row counts of the tables generated so far. */
  generatedCounts(): Record<string, number> {
    return Object.fromEntries([...this.tables].map(([k, t]) => [k, t.rows.length]));
  }
}
