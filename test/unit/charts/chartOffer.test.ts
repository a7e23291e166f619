import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canChart, chartOffer, resolveChoice } from '../../../src/core/charts/chartOffer';
import { kqlTypeOf, type RenderSpec, type ResultColumn } from '../../../src/core/results/resultSet';
import { CHART_TYPES, isChartChoice, isChartOffer } from '../../../src/shared/charts';

const cols = (...spec: [string, string][]): ResultColumn[] => spec.map(([name, rawType]) => ({ name, rawType, type: kqlTypeOf(rawType) }));
const render = (visualization: string, properties: RenderSpec['properties'] = {}): RenderSpec => ({ visualization, properties });

const hourly = cols(['Timestamp', 'DateTime'], ['DeviceName', 'String'], ['count_', 'Int64']);
const byAction = cols(['ActionType', 'String'], ['Total', 'Int64'], ['Devices', 'Double']);

describe('which results get a Chart button', () => {
  it('needs a datetime or string column and a numeric column', () => {
    assert.equal(canChart(hourly), true);
    assert.equal(canChart(byAction), true);
    assert.equal(canChart(cols(['Timestamp', 'DateTime'], ['n', 'Int32'])), true);
    assert.equal(canChart(cols(['Name', 'String'], ['Id', 'Guid'])), false, 'no numeric column');
    assert.equal(canChart(cols(['a', 'Int64'], ['b', 'Double'])), false, 'numbers only');
    assert.equal(canChart(cols(['Extra', 'Object'], ['n', 'Int64'])), false, 'dynamic is not a label');
    assert.equal(canChart([]), false);
  });

  it('offers no chart for a result without numbers, even with a render', () => {
    assert.equal(chartOffer(cols(['Name', 'String']), render('timechart')), undefined);
    assert.equal(chartOffer(cols(['Name', 'String'])), undefined);
  });
});

describe('chart defaults (the portal\'s)', () => {
  it('Chart button on a time result: a timechart, x = first datetime, y = numbers, series = the string columns', () => {
    const offer = chartOffer(hourly);
    assert.deepEqual(offer?.initial, { type: 'timechart', x: 'Timestamp', y: ['count_'], series: ['DeviceName'], kind: 'unstacked', title: '' });
    assert.equal(offer?.fromRender, false);
    assert.deepEqual([offer?.xColumns, offer?.yColumns, offer?.seriesColumns], [['Timestamp', 'DeviceName', 'count_'], ['count_'], ['DeviceName']]);
    assert.ok(isChartOffer(offer));
  });

  it('Chart button without a datetime: a column chart over the first string column', () => {
    assert.deepEqual(chartOffer(byAction)?.initial, { type: 'columnchart', x: 'ActionType', y: ['Total', 'Devices'], series: [], kind: 'unstacked', title: '' });
  });

  it('every chart type resolves on a time result (pie: no series by default)', () => {
    for (const type of CHART_TYPES) {
      const c = resolveChoice(hourly, type);
      assert.ok(c && isChartChoice(c), type);
      assert.deepEqual(c.y, ['count_'], type);
      assert.equal(c.x, ['piechart', 'columnchart', 'barchart'].includes(type) ? 'DeviceName' : 'Timestamp', type);
      assert.deepEqual(c.series, type === 'piechart' ? [] : type === 'columnchart' || type === 'barchart' ? [] : ['DeviceName'], type);
    }
  });

  it('a timechart needs a datetime column', () => {
    assert.equal(resolveChoice(byAction, 'timechart'), undefined);
  });
});

describe('render resolved against the columns', () => {
  it('render timechart with the defaults', () => {
    const offer = chartOffer(hourly, render('timechart'));
    assert.equal(offer?.fromRender, true);
    assert.deepEqual(offer?.initial, { type: 'timechart', x: 'Timestamp', y: ['count_'], series: ['DeviceName'], kind: 'unstacked', title: '' });
  });

  it('kind, title, xcolumn, ycolumns and series from the with clause', () => {
    const columns = cols(['Day', 'DateTime'], ['Start', 'DateTime'], ['A', 'String'], ['B', 'String'], ['n', 'Int64'], ['m', 'Real']);
    const offer = chartOffer(columns, render('columnchart', { kind: 'stacked100', title: 'T <b>', xcolumn: 'A', ycolumns: ['m'], series: ['B'] }));
    assert.deepEqual(offer?.initial, { type: 'columnchart', x: 'A', y: ['m'], series: ['B'], kind: 'stacked100', title: 'T <b>' });
    assert.deepEqual(chartOffer(columns, render('timechart', { xcolumn: 'Start' }))?.initial.x, 'Start');
  });

  it('stackedareachart is stacked unless told otherwise; kind is case-insensitive', () => {
    assert.equal(chartOffer(hourly, render('stackedareachart'))?.initial.kind, 'stacked');
    assert.equal(chartOffer(hourly, render('areachart', { kind: 'Stacked' }))?.initial.kind, 'stacked');
    assert.equal(chartOffer(hourly, render('areachart', { kind: 'sideways' }))?.initial.kind, 'unstacked');
  });

  it('ignores names that are not columns (Kusto names are case-sensitive) and uses the defaults', () => {
    const offer = chartOffer(hourly, render('linechart', { xcolumn: 'timestamp', ycolumns: ['Count_', 'DeviceName'], series: ['nope'] }));
    assert.deepEqual(offer?.initial, { type: 'linechart', x: 'Timestamp', y: ['count_'], series: [], kind: 'unstacked', title: '' });
  });

  it('draws anomalychart as a timechart and ladderchart as a bar chart, with a note', () => {
    const a = chartOffer(hourly, render('anomalychart'));
    assert.equal(a?.initial.type, 'timechart');
    assert.match(a?.renderNote ?? '', /anomalychart is shown as a timechart/);
    assert.equal(chartOffer(hourly, render('ladderchart'))?.initial.type, 'barchart');
  });

  it('render table or card: no render chart, the Chart button default remains with a note', () => {
    const t = chartOffer(hourly, render('table'));
    assert.equal(t?.fromRender, false);
    assert.match(t?.renderNote ?? '', /render table has no chart here/);
    assert.equal(t?.initial.type, 'timechart');
  });

  it('render timechart on a result without a datetime falls back to the default chart, with a note', () => {
    const offer = chartOffer(byAction, render('timechart'));
    assert.equal(offer?.fromRender, false);
    assert.equal(offer?.initial.type, 'columnchart');
    assert.match(offer?.renderNote ?? '', /no columns that render timechart can use/);
  });

  it('the user\'s pick wins over the render and is checked against the columns', () => {
    const c = resolveChoice(hourly, 'barchart', render('timechart', { title: 'kept' }), { x: 'DeviceName', y: ['count_'], series: [], kind: 'stacked' });
    assert.deepEqual(c, { type: 'barchart', x: 'DeviceName', y: ['count_'], series: [], kind: 'stacked', title: 'kept' });
    assert.deepEqual(resolveChoice(hourly, 'linechart', undefined, { x: 'nope', y: ['DeviceName'] })?.y, ['count_']);
  });
});
