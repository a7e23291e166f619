/**
 * Deterministic, realistic hunting results for tests and the benchmark: the Graph
 * `runHuntingQuery` body (`{schema, results}` with row objects), and a ResultSet/HuntRun built
 * from it. Values look like Defender's: ISO datetimes with 7 fractional digits, device names,
 * SHA-256 hashes, command lines (some very long), IPs, ports, JSON `AdditionalFields`.
 */
import type { HuntRun } from '../../src/core/results/huntRun';
import { parseHuntingResponse } from '../../src/core/api/responseParser';
import { RESULT_LIMITS } from '../../src/core/api/endpoints';
import type { ResultSet } from '../../src/core/results/resultSet';

export const HUNT_COLUMNS: readonly { name: string; type: string }[] = [
  { name: 'Timestamp', type: 'DateTime' },
  { name: 'DeviceId', type: 'String' },
  { name: 'DeviceName', type: 'String' },
  { name: 'ActionType', type: 'String' },
  { name: 'FileName', type: 'String' },
  { name: 'FolderPath', type: 'String' },
  { name: 'SHA256', type: 'String' },
  { name: 'ProcessCommandLine', type: 'String' },
  { name: 'ProcessId', type: 'Int64' },
  { name: 'InitiatingProcessFileName', type: 'String' },
  { name: 'AccountDomain', type: 'String' },
  { name: 'AccountName', type: 'String' },
  { name: 'RemoteIP', type: 'String' },
  { name: 'RemotePort', type: 'Int32' },
  { name: 'RemoteUrl', type: 'String' },
  { name: 'FileSize', type: 'Int64' },
  { name: 'ReportId', type: 'Int64' },
  { name: 'IsProcessRemoteSession', type: 'Boolean' },
  { name: 'AdditionalFields', type: 'Object' },
  { name: 'ProcessUptime', type: 'TimeSpan' },
];

/** A small fast PRNG so every run generates the same data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEVICES = Array.from({ length: 300 }, (_, i) => `${['wks', 'srv', 'lap', 'dc'][i % 4]}-${String(1000 + i * 7)}.contoso.local`);
const ACTIONS = ['ProcessCreated', 'FileCreated', 'ConnectionSuccess', 'FileModified', 'ImageLoaded', 'LogonSuccess', 'RegistryValueSet'];
const FILES = ['powershell.exe', 'cmd.exe', 'rundll32.exe', 'svchost.exe', 'chrome.exe', 'msedge.exe', 'certutil.exe', 'wmic.exe', 'excel.exe', 'conhost.exe', 'OneDrive.exe', 'regsvr32.exe'];
const USERS = ['alice', 'bob', 'svc_backup', 'SYSTEM', 'carol.jones', 'dave', 'LOCAL SERVICE', 'eve.adm'];
const HEX = '0123456789abcdef';

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX[(r() * 16) | 0];
  return s;
}

/** The Graph response body for `rows` rows (20 columns), as the service would send it. */
export function graphBody(rows: number, seed = 42): string {
  const r = rng(seed);
  const start = Date.UTC(2026, 10, 1);
  const results: Record<string, unknown>[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const file = FILES[(r() * FILES.length) | 0];
    const ms = start + Math.floor(r() * 7 * 86_400_000);
    const ticks = String(Math.floor(r() * 10_000)).padStart(4, '0');
    const long = r() < 0.02;
    const cmd = file === 'powershell.exe'
      ? `powershell.exe -NoProfile -ExecutionPolicy Bypass -EncodedCommand ${hex(r, long ? 3000 : 60)}`
      : `"C:\\Windows\\System32\\${file}" ${r() < 0.5 ? '/c' : '-k'} ${hex(r, 12)}`;
    const days = (r() * 40) | 0;
    results[i] = {
      Timestamp: new Date(ms).toISOString().replace('Z', `${ticks}Z`),
      DeviceId: hex(r, 40),
      DeviceName: DEVICES[(r() * DEVICES.length) | 0],
      ActionType: ACTIONS[(r() * ACTIONS.length) | 0],
      FileName: file,
      FolderPath: `C:\\Windows\\System32\\${file}`,
      SHA256: hex(r, 64),
      ProcessCommandLine: cmd,
      ProcessId: (r() * 65536) | 0,
      InitiatingProcessFileName: FILES[(r() * FILES.length) | 0],
      AccountDomain: r() < 0.8 ? 'CONTOSO' : 'NT AUTHORITY',
      AccountName: USERS[(r() * USERS.length) | 0],
      RemoteIP: r() < 0.3 ? null : `${10 + ((r() * 200) | 0)}.${(r() * 255) | 0}.${(r() * 255) | 0}.${(r() * 255) | 0}`,
      RemotePort: r() < 0.3 ? null : [443, 80, 445, 3389, 53, 8080][(r() * 6) | 0],
      RemoteUrl: r() < 0.5 ? '' : `https://${hex(r, 6)}.example.com/${hex(r, 10)}`,
      FileSize: Math.floor(r() * 50_000_000),
      ReportId: 10_000 + i,
      IsProcessRemoteSession: r() < 0.1,
      AdditionalFields: r() < 0.6 ? { Command: file, Parent: { Pid: (r() * 9999) | 0, Signed: r() < 0.5 }, Tags: ['t1059', hex(r, 4)] } : null,
      ProcessUptime: `${days ? `${days}.` : ''}${String((r() * 24) | 0).padStart(2, '0')}:${String((r() * 60) | 0).padStart(2, '0')}:${String((r() * 60) | 0).padStart(2, '0')}.${hex(r, 3).replace(/[a-f]/g, '7')}`,
    };
  }
  return JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults', schema: HUNT_COLUMNS, results });
}

/** Parsed Graph/legacy body → ResultSet, through the API client's own parser. */
export function toResultSet(body: unknown, bodyBytes = 0): ResultSet {
  return parseHuntingResponse(body, { limits: RESULT_LIMITS.graph, bodyBytes });
}

let runCounter = 0;
export function huntRun(result: ResultSet, over: Partial<HuntRun> = {}): HuntRun {
  runCounter++;
  return {
    id: `run-${runCounter}-${Date.now().toString(36)}`,
    query: 'DeviceProcessEvents\n| where Timestamp > ago(7d)\n| take 100000',
    connectionName: 'Offline sample tenant',
    api: 'graph',
    timeRange: { label: 'Last 7 days', timespan: 'P7D' },
    startedAt: Date.UTC(2026, 10, 24, 14, 3, 12),
    elapsedMs: 1234,
    result,
    ...over,
  };
}
