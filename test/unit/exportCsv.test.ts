import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportResultToFile, resultToString, selectionToCsv } from '../../src/core/results/export/resultExport';
import { selectionFromView } from '../../src/core/results/export/selection';
import type { ResultSet } from '../../src/core/results/resultSet';
import { differences, parseCsv } from './support/csvExpectations';
import { bigResult, HOSTILE_STRINGS, hostileResult } from './support/hostileResult';

describe('CSV export: hostile data round trip', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-export-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const separator of [',', ';', '\t'] as const) {
    it(`separator ${JSON.stringify(separator)}: zero differences after the documented neutralisation`, async () => {
      const result = hostileResult();
      const file = path.join(dir, `hostile-${separator === '\t' ? 'tab' : separator === ';' ? 'semi' : 'comma'}.csv`);
      const summary = await exportResultToFile(result, file, { format: 'csv', csv: { separator } });
      assert.deepEqual(summary, { rows: result.rows.length, columns: result.columns.length });
      const records = parseCsv(fs.readFileSync(file, 'utf8'), separator);
      assert.deepEqual(differences(result, records), []);
    });
  }

  it('neutralises every formula-looking string exactly as documented', () => {
    const result = hostileResult();
    const records = parseCsv(resultToString(result, { format: 'csv' }));
    const textCol = result.columns.findIndex((c) => c.name === 'Text');
    const seen = new Map(records.slice(1).map((r, i) => [result.rows[i][textCol] as string, r[textCol]]));
    assert.equal(seen.get("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    assert.equal(seen.get("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
    assert.equal(seen.get('@SUM(1+1)*cmd|\' /C calc\'!A0'), '\'@SUM(1+1)*cmd|\' /C calc\'!A0');
    assert.equal(seen.get('\t=1+1'), "'\t=1+1");
    assert.equal(seen.get('\r=1+1'), "'\r=1+1");
    assert.equal(seen.get('-5'), "'-5", 'a string column is guarded even for number-like text');
    assert.equal(seen.get(' =1+1 (leading space)'), ' =1+1 (leading space)');
    assert.equal(seen.get('<script>alert(1)</script>'), '<script>alert(1)</script>', 'markup is data in CSV');
    // No field starts with a formula character unless it is a number (a JSON number, or a plain
    // decimal literal in a numeric column).
    records.slice(1).forEach((rec, i) => {
      rec.forEach((field, j) => {
        const v = result.rows[i][j];
        const numeric = ['int', 'long', 'real', 'decimal'].includes(result.columns[j].type);
        const isNumber = typeof v === 'number' || (numeric && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v));
        if (!isNumber) assert.ok(!/^[=+\-@\t\r]/.test(field), `unguarded field ${JSON.stringify(field)} in ${result.columns[j].name}`);
      });
    });
  });

  it('numbers in numeric columns are not prefixed: -5 stays a number; Int64 text too, unless it is not a plain number', () => {
    const result: ResultSet = {
      columns: [{ name: 'n', type: 'long', rawType: 'Int64' }, { name: 'r', type: 'real', rawType: 'Double' }, { name: 'd', type: 'dynamic', rawType: 'Object' }],
      rows: [[-5, -0.5, -3], ['-5', '-1.5e3', '-x'], ['-5+cmd', '+7', null]],
    };
    assert.equal(resultToString(result, { format: 'csv' }), "n,r,d\r\n-5,-0.5,-3\r\n-5,-1.5e3,'-x\r\n'-5+cmd,'+7,\r\n");
  });

  it('with the guard off, fields read back exactly as the values', () => {
    const result = hostileResult();
    const records = parseCsv(resultToString(result, { format: 'csv', csv: { formulaGuard: false } }));
    assert.deepEqual(differences(result, records, false), []);
    const textCol = result.columns.findIndex((c) => c.name === 'Text');
    assert.ok(records.some((r) => r[textCol] === "=cmd|' /C calc'!A0"));
  });

  it('nulls are empty, dynamic values compact JSON, datetimes ISO 8601 UTC', () => {
    const result: ResultSet = {
      columns: [{ name: 't', type: 'datetime', rawType: 'DateTime' }, { name: 'd', type: 'dynamic', rawType: 'Object' }, { name: 's', type: 'string', rawType: 'String' }, { name: 'b', type: 'bool', rawType: 'Boolean' }],
      rows: [['2026-11-01T08:00:00.1234567Z', { a: [1, 'x'], b: null }, null, false], ['2026-11-01T10:30:00+02:00', [], '', true]],
    };
    assert.equal(resultToString(result, { format: 'csv' }),
      't,d,s,b\r\n2026-11-01T08:00:00.1234567Z,"{""a"":[1,""x""],""b"":null}",,false\r\n2026-11-01T08:30:00.000Z,[],,true\r\n');
  });

  it('BOM only when asked, and Excel-style semicolon and tab files', () => {
    const result: ResultSet = { columns: [{ name: 'a', type: 'string', rawType: 'String' }, { name: 'b', type: 'string', rawType: 'String' }], rows: [['x;y', 'p\tq'], ['1,5', 'é']] };
    const plain = Buffer.from(resultToString(result, { format: 'csv' }), 'utf8');
    assert.notDeepEqual([...plain.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const withBom = Buffer.from(resultToString(result, { format: 'csv', csv: { bom: true } }), 'utf8');
    assert.deepEqual([...withBom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(withBom.subarray(3).toString('utf8'), plain.toString('utf8'));
    assert.equal(resultToString(result, { format: 'csv', csv: { separator: ';' } }), 'a;b\r\n"x;y";p\tq\r\n1,5;é\r\n');
    assert.equal(resultToString(result, { format: 'csv', csv: { separator: '\t' } }), 'a\tb\r\nx;y\t"p\tq"\r\n1,5\té\r\n');
    assert.equal(resultToString(result, { format: 'csv', csv: { newline: '\n', header: false } }), 'x;y,p\tq\n"1,5",é\n');
    assert.throws(() => resultToString(result, { format: 'csv', csv: { separator: '|' as ',' } }), /unsupported CSV separator/);
  });

  it('writes a file with a BOM that csv-parse reads back (bom option) and zero differences', async () => {
    const result = hostileResult();
    const file = path.join(dir, 'bom.csv');
    await exportResultToFile(result, file, { format: 'csv', csv: { bom: true } });
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.deepEqual(differences(result, parseCsv(bytes.toString('utf8'))), []);
  });

  it('row order and column selection follow the grid view; hidden columns optional', () => {
    const result = hostileResult();
    const view = { rowOrder: () => [5, 2, 9, 0], visibleColumns: [3, 1, 6], hiddenColumns: [0] };
    const visibleOnly = selectionFromView(view, { rows: 'view', includeHidden: false });
    const recs = parseCsv(resultToString(result, { format: 'csv', selection: visibleOnly }));
    assert.deepEqual(differences(result, recs, true, [5, 2, 9, 0], [3, 1, 6]), []);
    const withHidden = selectionFromView(view, { rows: 'all', includeHidden: true });
    assert.deepEqual(withHidden.columns, [3, 1, 6, 0]);
    assert.equal(withHidden.rowOrder, undefined);
    const all = parseCsv(resultToString(result, { format: 'csv', selection: withHidden }));
    assert.deepEqual(differences(result, all, true, undefined, [3, 1, 6, 0]), []);
  });

  it('rejects out-of-range selections before writing anything', () => {
    const result = hostileResult();
    assert.throws(() => resultToString(result, { format: 'csv', selection: { columns: [99] } }), RangeError);
    assert.throws(() => resultToString(result, { format: 'csv', selection: { rowOrder: [0, -1] } }), RangeError);
  });

  it('copy as CSV: the same encoding as export, as one string, never with a BOM', () => {
    const result = hostileResult();
    const selection = { rowOrder: [1, 4, 6], columns: [1, 5] };
    const copied = selectionToCsv(result, selection, { bom: true });
    assert.equal(copied, resultToString(result, { format: 'csv', selection }));
    assert.deepEqual(differences(result, parseCsv(copied), true, [1, 4, 6], [1, 5]), []);
  });

  it('an empty result is a header line; no columns is an empty record per row', () => {
    const empty: ResultSet = { columns: [{ name: 'a', type: 'string', rawType: 'String' }], rows: [] };
    assert.equal(resultToString(empty, { format: 'csv' }), 'a\r\n');
    assert.equal(resultToString(empty, { format: 'csv', csv: { bom: true } }), '\uFEFFa\r\n');
  });

  it('every hostile string in the fixture is covered', () => {
    const result = hostileResult();
    const textCol = result.columns.findIndex((c) => c.name === 'Text');
    const present = new Set(result.rows.map((r) => r[textCol]));
    for (const s of HOSTILE_STRINGS) assert.ok(present.has(s), JSON.stringify(s));
  });
});

describe('CSV export: 100,000 rows', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-export-big-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round trips through csv-parse with zero differences and zero lost rows', async () => {
    const result = bigResult(100_000);
    const file = path.join(dir, 'big.csv');
    const progress: number[] = [];
    await exportResultToFile(result, file, { format: 'csv', onProgress: (done, total) => { assert.equal(total, 100_000); progress.push(done); } });
    const records = parseCsv(fs.readFileSync(file, 'utf8'));
    assert.equal(records.length, 100_001);
    assert.deepEqual(differences(result, records), []);
    assert.ok(progress.length > 1, 'progress is reported as it goes');
    assert.deepEqual([...progress].sort((a, b) => a - b), progress, 'progress only moves forward');
    assert.equal(progress.at(-1), 100_000);
  });
});
