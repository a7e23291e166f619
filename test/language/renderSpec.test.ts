/**
 * `kql/prepareHunt`'s extraction of a trailing `render` from Kusto.Language's syntax tree: every
 * chart type, both property syntaxes, and the texts where "render" must not be touched. Also
 * one round trip over LSP through the real server process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defenderSchema } from '../../src/core/schema/schema';
import { buildGlobals, loadKusto } from '../../src/kusto/kusto';
import { prepareHunt } from '../../src/language/server/renderSpec';
import { PrepareHuntRequest } from '../../src/shared/lsp';
import { LspTestClient } from './lspClient';

const K = loadKusto();
const globals = buildGlobals(defenderSchema());
const prep = (q: string) => prepareHunt(K, q, globals);
const BASE = 'DeviceProcessEvents\n| summarize count() by bin(Timestamp, 1h), DeviceName';

describe('render extraction (kql/prepareHunt)', () => {
  const kinds = ['timechart', 'linechart', 'areachart', 'stackedareachart', 'columnchart', 'barchart', 'piechart', 'scatterchart', 'table', 'card', 'anomalychart', 'ladderchart', 'pivotchart', 'timepivot', 'treemap'];
  for (const kind of kinds) {
    it(`finds \`render ${kind}\` and strips it`, () => {
      const r = prep(`${BASE}\n| render ${kind}`);
      assert.deepEqual(r.render, { visualization: kind, properties: {} });
      assert.equal(r.query, BASE);
    });
  }

  for (const kind of ['stacked', 'stacked100', 'unstacked', 'default']) {
    it(`reads kind=${kind}`, () => {
      assert.deepEqual(prep(`${BASE} | render columnchart with (kind=${kind})`).render?.properties, { kind });
    });
  }

  it('reads title, xcolumn, ycolumns, series and the other properties of a with clause', () => {
    const r = prep(`${BASE}\n| render timechart with (kind=stacked, title="Processes per \\"hour\\"", xcolumn=Timestamp, ycolumns=count_, Other, series=DeviceName, xtitle='Time', ytitle="Count", legend=hidden, ymin=0, ymax=100.5, yaxis=log, accumulate=true)`);
    assert.deepEqual(r.render, {
      visualization: 'timechart',
      properties: {
        kind: 'stacked', title: 'Processes per "hour"', xcolumn: 'Timestamp', ycolumns: ['count_', 'Other'], series: ['DeviceName'],
        xtitle: 'Time', ytitle: 'Count', legend: 'hidden', ymin: '0', ymax: '100.5', yaxis: 'log', accumulate: 'true',
      },
    });
    assert.equal(r.query, BASE);
  });

  it('reads bracketed column names and several series columns', () => {
    const r = prep(`T | render columnchart with (ycolumns=['a b'], ["c"], series=S1, ['S 2'])`);
    assert.deepEqual(r.render?.properties, { ycolumns: ['a b', 'c'], series: ['S1', 'S 2'] });
  });

  it('reads the old property syntax without `with`', () => {
    const r = prep(`T | summarize count() by bin(Timestamp, 1d) | render areachart kind=stacked100 title="old style"`);
    assert.deepEqual(r.render, { visualization: 'areachart', properties: { kind: 'stacked100', title: 'old style' } });
    assert.equal(r.query, 'T | summarize count() by bin(Timestamp, 1d)');
  });

  it('keeps a title that is not a literal as written', () => {
    assert.equal(prep('T | render piechart with (title=strcat("a", "b"))').render?.properties.title, 'strcat("a", "b")');
  });

  it('leaves a query without render unchanged', () => {
    assert.deepEqual(prep(BASE), { query: BASE });
    assert.deepEqual(prep(''), { query: '' });
  });

  it('does not touch a render that is not the last operator', () => {
    const q = `${BASE}\n| render timechart\n| take 10`;
    assert.deepEqual(prep(q), { query: q });
  });

  it('does not touch "render" in strings, comments or names', () => {
    const q1 = 'DeviceProcessEvents\n| where ProcessCommandLine has "| render timechart"\n// | render piechart\n| project render = 1';
    assert.deepEqual(prep(q1), { query: q1 });
    const q2 = 'DeviceProcessEvents | where FileName == @"x | render barchart" | take 1';
    assert.deepEqual(prep(q2), { query: q2 });
  });

  it('ignores a render inside a let body or a subquery', () => {
    const q1 = 'let x = T | render timechart;\nx | take 1';
    assert.deepEqual(prep(q1), { query: q1 });
    const q2 = 'union (T | render timechart), T2';
    assert.deepEqual(prep(q2), { query: q2 });
  });

  it('keeps let statements, comments and what follows the render', () => {
    const q = 'let start = ago(7d);\n// hourly\nDeviceEvents\n| where Timestamp > start\n| summarize count() by bin(Timestamp, 1h)\n| render timechart // chart it\n// end\n';
    const r = prep(q);
    assert.equal(r.render?.visualization, 'timechart');
    assert.equal(r.query, 'let start = ago(7d);\n// hourly\nDeviceEvents\n| where Timestamp > start\n| summarize count() by bin(Timestamp, 1h) // chart it\n// end\n');
  });

  it('keeps the text before the render byte for byte (error positions stay valid)', () => {
    const q = 'DeviceEvents   \r\n| summarize c=count() by ActionType\r\n   | render barchart with (title="x")';
    const r = prep(q);
    assert.equal(r.query, 'DeviceEvents   \r\n| summarize c=count() by ActionType');
    assert.ok(q.startsWith(r.query));
  });

  it('finds the render of the last statement and inside parentheses', () => {
    assert.equal(prep('let a = 1;\nT | render piechart;').render?.visualization, 'piechart');
    assert.equal(prep('(T | summarize count() by A | render barchart)').render?.visualization, 'barchart');
  });

  it('still finds the render when the query has errors elsewhere', () => {
    const r = prep('DeviceEvents | where NoSuchColumn == | summarize count() by bin(Timestamp, 1h) | render timechart');
    assert.equal(r.render?.visualization, 'timechart');
    assert.equal(r.query, 'DeviceEvents | where NoSuchColumn == | summarize count() by bin(Timestamp, 1h)');
  });

  it('leaves a render with syntax errors to the service (no hint, query unchanged)', () => {
    for (const q of ['T | render ', 'T | render timechart with (', 'T | render timechart with (title="x"', 'T | render timechart with (kind=)']) {
      assert.deepEqual(prep(q), { query: q }, q);
    }
  });
});

describe('kql/prepareHunt over LSP', () => {
  let c: LspTestClient;
  before(async () => { c = await LspTestClient.start(); });
  after(async () => { await c?.stop(); });

  it('answers with the stripped query and the hint', async () => {
    const r = await c.connection.sendRequest(PrepareHuntRequest, { query: `${BASE}\n| render timechart with (title="t")` });
    assert.deepEqual(r, { query: BASE, render: { visualization: 'timechart', properties: { title: 't' } } });
  });

  it('refuses a malformed request', async () => {
    await assert.rejects(c.connection.sendRequest(PrepareHuntRequest, { query: 42 } as unknown as { query: string }), /needs/);
  });
});
