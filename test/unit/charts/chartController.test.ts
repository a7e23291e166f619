/** The results controller's chart messages: the offer in showRun, getChart, saveChart and the Save Chart command. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { type ChartImage, ResultsController } from '../../../src/core/results/resultsController';
import { kqlTypeOf, type CellValue, type RenderSpec, type ResultSet } from '../../../src/core/results/resultSet';
import { isChartData, type ChartChoice } from '../../../src/shared/charts';
import { type HostToWebview, isHostToWebview, isWebviewToHost } from '../../../src/shared/protocol';
import { huntRun } from '../../harness/huntData';

function setup() {
  const posted: HostToWebview[] = [];
  const saved: ChartImage[] = [];
  const logs: string[] = [];
  let answer: string | undefined = '/tmp/chart.png';
  const c = new ResultsController((m) => posted.push(m), {
    writeClipboard: async () => {}, openValue: async () => {}, addFilterToQuery: async () => {},
    log: (_l, m) => logs.push(m),
    saveChartImage: async (image) => { saved.push(image); return answer; },
  });
  const last = <T extends HostToWebview['type']>(type: T) => [...posted].reverse().find((m) => m.type === type) as Extract<HostToWebview, { type: T }> | undefined;
  return { c, posted, saved, logs, last, cancelDialog: () => { answer = undefined; } };
}

const hourly = (render?: RenderSpec): ResultSet => ({
  columns: [['Timestamp', 'DateTime'], ['DeviceName', 'String'], ['count_', 'Int64']].map(([name, rawType]) => ({ name, rawType, type: kqlTypeOf(rawType) })),
  rows: [['2026-11-01T01:00:00Z', 'pc1', 2], ['2026-11-01T00:00:00Z', 'pc1', 1]] as CellValue[][],
  ...(render ? { render } : {}),
});
const pngBase64 = () => {
  const chunk = (type: string, data: Buffer) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); return Buffer.concat([len, Buffer.from(type), data, Buffer.alloc(4)]); };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', Buffer.alloc(13)), chunk('IDAT', deflateSync(Buffer.alloc(4))), chunk('IEND', Buffer.alloc(0))]).toString('base64');
};

describe('results controller: charts', () => {
  it('showRun carries the chart offer: the render\'s chart, opened on the Chart tab', () => {
    const { c, last } = setup();
    c.showRun(huntRun(hourly({ visualization: 'timechart', properties: { title: 'Hourly' } })));
    const show = last('showRun');
    assert.ok(show && isHostToWebview(show));
    assert.deepEqual(show.chart?.initial, { type: 'timechart', x: 'Timestamp', y: ['count_'], series: ['DeviceName'], kind: 'unstacked', title: 'Hourly' });
    assert.equal(show.chart?.fromRender, true);
  });

  it('no chart offer for a result without numbers', () => {
    const { c, last } = setup();
    c.showRun(huntRun({ columns: [{ name: 'Name', type: 'string', rawType: 'String' }], rows: [['a']] }));
    assert.equal(last('showRun')?.chart, undefined);
  });

  it('getChart answers with the shaped series; the render\'s settings apply only to its own chart', async () => {
    const { c, last } = setup();
    const run = huntRun(hourly({ visualization: 'timechart', properties: { title: 'Hourly', ytitle: 'Processes', legend: 'hidden' } }));
    c.showRun(run);
    const initial = last('showRun')!.chart!.initial;
    await c.handle({ type: 'getChart', requestId: 7, runId: run.id, choice: initial });
    const chart = last('chart');
    assert.ok(chart && isChartData(chart.data) && isHostToWebview(chart));
    assert.equal(chart.requestId, 7);
    assert.deepEqual(chart.data.series, [{ name: 'pc1', x: [Date.UTC(2026, 10, 1, 0), Date.UTC(2026, 10, 1, 1)], y: [1, 2] }]);
    assert.deepEqual([chart.data.yAxis.title, chart.data.legend], ['Processes', false]);
    const picked: ChartChoice = { ...initial, type: 'columnchart', x: 'DeviceName', series: [] };
    await c.handle({ type: 'getChart', requestId: 8, runId: run.id, choice: picked });
    assert.deepEqual([last('chart')!.data.yAxis.title, last('chart')!.data.legend, last('chart')!.data.categories], ['count_', true, ['pc1']]);
  });

  it('a render that cannot be drawn as asked: the default chart with the render\'s note', async () => {
    const { c, last } = setup();
    const run = huntRun(hourly({ visualization: 'card', properties: {} }));
    c.showRun(run);
    const offer = last('showRun')!.chart!;
    assert.equal(offer.fromRender, false);
    await c.handle({ type: 'getChart', requestId: 1, runId: run.id, choice: offer.initial });
    assert.match(last('chart')!.data.notes[0], /render card has no chart here/);
    await c.handle({ type: 'getChart', requestId: 2, runId: run.id, choice: { ...offer.initial, type: 'linechart' } });
    assert.deepEqual(last('chart')!.data.notes, []);
  });

  it('getChart refuses a choice the columns cannot make, as a notice', async () => {
    const { c, last } = setup();
    const run = huntRun({ columns: [{ name: 'K', type: 'string', rawType: 'String' }, { name: 'n', type: 'long', rawType: 'Int64' }], rows: [['a', 1]] });
    c.showRun(run);
    await c.handle({ type: 'getChart', requestId: 1, runId: run.id, choice: { type: 'timechart', x: 'K', y: ['n'], series: [], kind: 'unstacked', title: '' } });
    assert.match(last('notice')?.text ?? '', /cannot make a timechart/);
  });

  it('the Save button: a checked PNG goes to the save effect with a file name', async () => {
    const { c, saved, last } = setup();
    const run = huntRun(hourly());
    c.showRun(run);
    await c.handle({ type: 'saveChart', runId: run.id, format: 'png', data: pngBase64() });
    assert.equal(saved.length, 1);
    assert.match(saved[0].suggestedName, /^hunt-chart-\d{4}-\d{2}-\d{2}-\d{4}\.png$/);
    assert.equal(saved[0].target, undefined);
    assert.deepEqual(Buffer.from(saved[0].bytes).subarray(1, 4).toString(), 'PNG');
    assert.match(last('notice')?.text ?? '', /Saved the chart to \/tmp\/chart.png/);
  });

  it('refuses a forged image and says nothing when the dialog is cancelled', async () => {
    const { c, saved, last, cancelDialog } = setup();
    const run = huntRun(hourly());
    c.showRun(run);
    await c.handle({ type: 'saveChart', runId: run.id, format: 'svg', data: '<svg><script>alert(1)</script></svg>' });
    assert.equal(saved.length, 0);
    assert.match(last('notice')?.text ?? '', /active or external content/);
    cancelDialog();
    const before = last('notice');
    await c.handle({ type: 'saveChart', runId: run.id, format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' });
    assert.equal(saved.length, 1);
    assert.equal(last('notice'), before);
  });

  it('the Save Chart command asks the webview for the image and resolves with where it went', async () => {
    const { c, saved, last } = setup();
    const run = huntRun(hourly());
    c.showRun(run);
    const done = c.exportChart('png', 'target-uri');
    const ask = last('exportChart');
    assert.ok(ask && isHostToWebview(ask));
    const answer = { type: 'saveChart', runId: run.id, format: 'png', data: pngBase64(), requestId: ask.requestId };
    assert.ok(isWebviewToHost(answer));
    await c.handle(answer);
    assert.equal(await done, '/tmp/chart.png');
    assert.equal(saved[0].target, 'target-uri');
  });

  it('a webview answer for no pending request is refused; abandoned exports reject', async () => {
    const { c, saved, last } = setup();
    const run = huntRun(hourly());
    c.showRun(run);
    await c.handle({ type: 'saveChart', runId: run.id, format: 'png', data: pngBase64(), requestId: 99 });
    assert.equal(saved.length, 0);
    assert.match(last('notice')?.text ?? '', /answered no Save Chart request/);
    const pending = c.exportChart('svg');
    c.abandonExports('hidden');
    await assert.rejects(pending, /hidden/);
  });

  it('the command refuses when there is nothing to chart', async () => {
    const { c } = setup();
    await assert.rejects(c.exportChart('png'), /no chart to save/);
  });

  it('validates chart messages both ways', () => {
    const choice = { type: 'timechart', x: 'T', y: ['n'], series: [], kind: 'unstacked', title: '' };
    assert.ok(isWebviewToHost({ type: 'getChart', requestId: 1, runId: 'r', choice }));
    for (const bad of [
      { type: 'getChart', requestId: 1, runId: 'r', choice: { ...choice, type: 'graph' } },
      { type: 'getChart', requestId: 1, runId: 'r', choice: { ...choice, y: 'n' } },
      { type: 'getChart', requestId: -1, runId: 'r', choice },
      { type: 'saveChart', runId: 'r', format: 'gif', data: 'x' },
      { type: 'saveChart', runId: 'r', format: 'png', data: '' },
      { type: 'saveChart', runId: 'r', format: 'png', data: 'x', requestId: 1.5 },
    ]) assert.equal(isWebviewToHost(bad), false, JSON.stringify(bad));
    const data = { choice, xAxis: { kind: 'time', title: 'T' }, yAxis: { title: 'n', log: false, percent: false }, categories: [], series: [{ name: 's', x: [1, 2], y: [3, null] }], legend: true, notes: [] };
    assert.ok(isHostToWebview({ type: 'chart', requestId: 1, runId: 'r', data }));
    for (const bad of [
      { ...data, series: [{ name: 's', x: [1, 2], y: [3] }] },
      { ...data, series: [{ name: 's', x: [NaN], y: [3] }] },
      { ...data, series: [{ name: 's', x: [1], y: ['3'] }] },
      { ...data, xAxis: { kind: 'log', title: 'T' } },
      { ...data, yAxis: { title: 'n', log: false, percent: false, min: Infinity } },
    ]) assert.equal(isHostToWebview({ type: 'chart', requestId: 1, runId: 'r', data: bad }), false, JSON.stringify(bad));
    assert.equal(isHostToWebview({ type: 'exportChart', requestId: 1, format: 'jpeg' }), false);
  });
});
