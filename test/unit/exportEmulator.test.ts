/**
 * Export round trips on real hunting results: the emulator's sample tenant carries its own
 * hostile values (markup, formulas, quotes, CR/LF, bidi text, NUL, ANSI escapes, nested JSON) in
 * ordinary columns. Each result is fetched through the hunting client, exported to CSV and JSON,
 * and read back with independent parsers.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HuntingClient } from '../../src/core/api/huntingClient';
import { exportResultToFile } from '../../src/core/results/export/resultExport';
import type { ResultSet } from '../../src/core/results/resultSet';
import { HOSTILE_STRINGS as EMULATOR_HOSTILE } from '../../src/emulator/data/hostile';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { differences, parseCsv } from './support/csvExpectations';

describe('export of the emulator\'s hostile results', () => {
  let emu: RunningEmulator;
  let dir: string;
  let client: HuntingClient;
  before(async () => {
    emu = await startEmulator({ rateLimit: false });
    await emu.ready;
    client = new HuntingClient({ baseUrl: emu.url, getToken: async () => emu.devToken });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-export-emu-'));
  });
  after(async () => {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tables = ['EmailEvents', 'DeviceProcessEvents', 'CloudAppEvents', 'DeviceFileEvents'];

  it('the results really contain every hostile value the emulator seeds', async () => {
    const r = await client.run('EmailEvents', { timespan: 'P30D' });
    const cells = new Set(r.rows.flat().filter((v) => typeof v === 'string'));
    for (const h of EMULATOR_HOSTILE) assert.ok(cells.has(h), `missing ${JSON.stringify(h)}`);
  });

  for (const table of tables) {
    it(`${table}: CSV read back by csv-parse equals the result after the documented neutralisation`, async () => {
      const result = await client.run(table, { timespan: 'P30D' });
      assert.ok(result.rows.length > 0);
      const file = path.join(dir, `${table}.csv`);
      await exportResultToFile(result, file, { format: 'csv', csv: { bom: true } });
      const records = parseCsv(fs.readFileSync(file, 'utf8'));
      assert.equal(records.length - 1, result.rows.length, 'zero lost rows');
      assert.deepEqual(differences(result, records), []);
    });

    it(`${table}: JSON read back equals the result, types kept`, async () => {
      const result: ResultSet = await client.run(table, { timespan: 'P30D' });
      const file = path.join(dir, `${table}.json`);
      await exportResultToFile(result, file, { format: 'json' });
      const back = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>[];
      assert.equal(back.length, result.rows.length);
      back.forEach((obj, r) => assert.deepEqual(obj, Object.fromEntries(result.columns.map((c, i) => [c.name, result.rows[r][i] ?? null]))));
    });
  }
});
