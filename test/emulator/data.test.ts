import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defenderSchema, findTable } from '../../src/core/schema/schema';
import { Dataset, SAMPLE_TABLES } from '../../src/emulator/data/dataset';
import { HOSTILE_STRINGS, LONG_STRING } from '../../src/emulator/data/hostile';
import { ENCODED_STAGER, EXFIL_ADDRESS } from '../../src/emulator/data/stories';
import { QueryEngine } from '../../src/emulator/engine';
import { TICKS_PER_DAY, ticksFromMs } from '../../src/emulator/executor/time';
import type { Value } from '../../src/emulator/executor/values';
import { resolveTimespan } from '../../src/emulator/timespan';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('sample data', () => {
  const data = new Dataset({ rows: 400, now: NOW });

  it('has the 19 tables with exactly the bundled schema columns, and rows', () => {
    assert.equal(SAMPLE_TABLES.length, 19);
    for (const name of SAMPLE_TABLES) {
      const t = data.table(name);
      assert.ok(t, name);
      assert.deepEqual(t.columns, findTable(defenderSchema(), name)?.columns, name);
      assert.ok(t.rows.length > 0, `${name} has rows`);
      for (const r of t.rows) assert.equal(r.length, t.columns.length, name);
    }
    assert.equal(data.table('DeviceTvmSoftwareInventory'), undefined, 'other tables have no sample data');
  });

  it('is deterministic for a seed, size and clock; another seed differs', () => {
    const again = new Dataset({ rows: 400, now: NOW });
    const other = new Dataset({ rows: 400, now: NOW, seed: 'another' });
    for (const name of SAMPLE_TABLES) assert.deepEqual(again.table(name), data.table(name), name);
    assert.notDeepEqual(other.table('DeviceProcessEvents')?.rows, data.table('DeviceProcessEvents')?.rows);
  });

  it('scales with rows: large mode reaches 100,000 rows in DeviceProcessEvents', () => {
    const small = new Dataset({ rows: 10, now: NOW });
    assert.ok((small.table('DeviceProcessEvents')?.rows.length ?? 0) < 100);
    const large = new Dataset({ rows: 100_000, now: NOW });
    assert.ok((large.table('DeviceProcessEvents')?.rows.length ?? 0) >= 100_000);
  });

  it('keeps every Timestamp in the 30 days before now, typed as the schema says', () => {
    const now = ticksFromMs(NOW);
    for (const name of SAMPLE_TABLES) {
      const t = data.table(name);
      assert.ok(t);
      t.columns.forEach((c, i) => {
        for (const r of t.rows) {
          const v = r[i];
          if (c.name === 'Timestamp') assert.ok(typeof v === 'number' && v <= now && v >= now - 30 * TICKS_PER_DAY, `${name}.Timestamp`);
          if (v === null) { assert.notEqual(c.type, 'string', `${name}.${c.name}: strings are never null`); continue; }
          const ok = { string: typeof v === 'string', guid: typeof v === 'string', bool: typeof v === 'boolean', dynamic: true }[c.type as string] ?? typeof v === 'number';
          assert.ok(ok, `${name}.${c.name} (${c.type}) holds ${JSON.stringify(v)}`);
        }
      });
    }
  });

  it('carries every hostile value, nulls, very long strings and nested JSON', () => {
    const cells: Value[] = [];
    for (const name of SAMPLE_TABLES) for (const r of data.table(name)?.rows ?? []) cells.push(...r);
    const strings = new Set(cells.filter((v): v is string => typeof v === 'string'));
    for (const h of HOSTILE_STRINGS) if (h) assert.ok(strings.has(h), `hostile value ${JSON.stringify(h)} is present`);
    assert.ok(LONG_STRING.length > 10_000 && strings.has(LONG_STRING), 'a string over 10,000 characters');
    const dpe = data.table('DeviceProcessEvents');
    const logonId = dpe?.columns.findIndex((c) => c.name === 'LogonId') ?? -1;
    assert.ok(dpe?.rows.some((r) => r[logonId] === null), 'nulls in long columns');
    const cloud = data.table('CloudAppEvents');
    const raw = cloud?.columns.findIndex((c) => c.name === 'RawEventData') ?? -1;
    const depth = (v: unknown): number => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
    assert.ok(cloud?.rows.some((r) => depth(r[raw]) >= 5), 'deeply nested JSON in a dynamic column');
  });
});

describe('attack stories are found by real hunting queries', () => {
  const data = new Dataset({ rows: 300, now: NOW });
  const engine = new QueryEngine(data, () => NOW);
  const window = resolveTimespan(undefined, NOW);
  const run = (q: string) => engine.run(q, window).table.rows;

  it('encoded PowerShell started by Office', () => {
    const hits = run(`DeviceProcessEvents
      | where FileName in~ ("powershell.exe", "pwsh.exe") and ProcessCommandLine has_any ("-enc", "-EncodedCommand")
      | where InitiatingProcessFileName =~ "WINWORD.EXE"
      | extend Decoded = base64_decode_tostring(extract(@"-Enc\\s+([A-Za-z0-9+/=]+)", 1, ProcessCommandLine))
      | project DeviceName, Decoded`);
    assert.equal(hits.length, 1);
    assert.match(String(hits[0][1]).split('\u0000').join(''), /DownloadString\('http:\/\/198\.51\.100\.23\/stage2\.ps1'\)/);
    assert.ok(ENCODED_STAGER.length > 50);
  });

  it('certutil downloading a file, then persistence in a Run key', () => {
    const cert = run('DeviceProcessEvents | where FileName =~ "certutil.exe" and ProcessCommandLine has_all ("urlcache", "http") | project DeviceId');
    assert.equal(cert.length, 1);
    const run_ = run(`DeviceRegistryEvents | where RegistryKey endswith @"\\CurrentVersion\\Run" and RegistryValueData has "Users\\\\Public" | project DeviceId`);
    assert.deepEqual(run_, cert);
    const profile = run('DeviceFileEvents | where FileName == "update.exe" | invoke FileProfile(SHA1, 100) | project GlobalPrevalence, SignatureState');
    assert.deepEqual(profile, [[3, 'Unsigned']]);
  });

  it('LSASS access and a dump with comsvcs.dll', () => {
    assert.equal(run('DeviceEvents | where ActionType == "OpenProcessApiCall" and FileName =~ "lsass.exe" | count')[0][0], 1);
    assert.equal(run('DeviceProcessEvents | where ProcessCommandLine has_all ("comsvcs.dll", "MiniDump") | count')[0][0], 1);
  });

  it('a new inbox rule forwarding mail outside, after risky sign-ins', () => {
    const rules = run(`CloudAppEvents
      | where ActionType == "New-InboxRule"
      | mv-expand p = RawEventData.Parameters
      | where p.Name in ("ForwardTo", "RedirectTo", "ForwardAsAttachmentTo")
      | project AccountDisplayName, To = tostring(p.Value), IPAddress`);
    assert.equal(rules.length, 1);
    assert.equal(rules[0][1], EXFIL_ADDRESS);
    const failures = run(`AADSignInEventsBeta | where ErrorCode == 50126 and IPAddress == "${String(rules[0][2])}" | count`);
    assert.ok(Number(failures[0][0]) >= 5);
    assert.ok(Number(run(`EmailEvents | where RecipientEmailAddress == "${EXFIL_ADDRESS}" | count`)[0][0]) >= 1);
  });

  it('a password spray: one source failing against many accounts', () => {
    const spray = run('IdentityLogonEvents | where ActionType == "LogonFailed" | summarize Accounts = dcount(AccountUpn) by IPAddress | where Accounts >= 20');
    assert.equal(spray.length, 1);
  });

  it('alerts with evidence', () => {
    assert.ok(run('AlertInfo | join kind=inner AlertEvidence on AlertId | where EntityType == "Machine" | distinct Title').length >= 2);
  });
});
