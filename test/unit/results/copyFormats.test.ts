import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { escapeMarkdown, formatCopy, guardFormula } from '../../../src/core/results/copyFormats';
import { selectionToCsv } from '../../../src/core/results/export/resultExport';
import { kqlTypeOf } from '../../../src/core/results/resultSet';
import { hostileResult } from '../support/hostileResult';

const col = (name: string, rawType: string) => ({ name, rawType, type: kqlTypeOf(rawType) });
const cols = [col('Name', 'String'), col('Count', 'Int64'), col('Extra', 'Object')];
const rows = [['a\tb "q"', 5, { k: [1, 2] }], [null, -3, null], ['=HYPERLINK("http://x")', 0, 'line1\nline2']];

describe('copy: TSV', () => {
  it('copies a single cell as its exact text, even one that looks like a formula', () => {
    assert.equal(formatCopy('tsv', [cols[0]], [['-enc ZQBj']], false), '-enc ZQBj');
    assert.equal(formatCopy('tsv', [cols[2]], [[{ k: 1 }]], false), '{"k":1}');
    assert.equal(formatCopy('tsv', [cols[0]], [[null]], false), '');
  });

  it('quotes fields with tabs, quotes or newlines and guards formulas in ranges', () => {
    assert.equal(formatCopy('tsv', cols, rows, true), [
      'Name\tCount\tExtra',
      '"a\tb ""q"""\t5\t"{""k"":[1,2]}"',
      "\t'-3\t",
      `"'=HYPERLINK(""http://x"")"\t0\t"line1\nline2"`,
    ].join('\n'));
  });
});

describe('copy: CSV', () => {
  it('is RFC 4180 CSV that a CSV parser reads back, with formula guard on text only', () => {
    const text = formatCopy('csv', cols, rows, true);
    assert.ok(text.includes('\r\n'));
    const back = parse(text) as string[][];
    assert.deepEqual(back, [
      ['Name', 'Count', 'Extra'],
      ['a\tb "q"', '5', '{"k":[1,2]}'],
      ['', '-3', ''],
      [`'=HYPERLINK("http://x")`, '0', 'line1\nline2'],
    ]);
  });

  it('guards every formula trigger and nothing else', () => {
    for (const t of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) assert.equal(guardFormula(t), `'${t}`);
    for (const t of ['a=1', '1-2', '', ' =x']) assert.equal(guardFormula(t), t);
    assert.equal(formatCopy('csv', [cols[0], cols[1]], [['-5', -5], ['x', '-7']], false), "'-5,-5\r\nx,-7\r\n");
    assert.equal(formatCopy('csv', [col('Ok', 'Boolean')], [[true]], true), 'Ok\r\ntrue\r\n');
  });

  it('matches what export writes (one CSV writer for both)', () => {
    assert.equal(formatCopy('csv', [col('=Name', 'String')], [['a,b'], [null]], true), "'=Name\r\n\"a,b\"\r\n\r\n");
  });

  it('is byte for byte the export writer for the same cells, with every separator and guard setting (no BOM)', () => {
    const result = hostileResult();
    const columns = [3, 0, 1];
    const order = [4, 1, 2, 0];
    const cells = order.map((r) => columns.map((c) => result.rows[r][c]));
    for (const separator of [',', ';', '\t'] as const) {
      for (const formulaGuard of [true, false]) {
        const csv = { separator, formulaGuard, bom: true };
        assert.equal(formatCopy('csv', columns.map((c) => result.columns[c]), cells, true, csv),
          selectionToCsv(result, { rowOrder: order, columns }, csv), `${JSON.stringify(separator)} guard ${formulaGuard}`);
      }
    }
  });

  it('can omit headers', () => {
    assert.equal(formatCopy('csv', [cols[1]], [[1], [2]], false), '1\r\n2\r\n');
  });
});

describe('copy: Markdown', () => {
  it('makes a table and escapes markup, pipes and line breaks in values', () => {
    const md = formatCopy('markdown', cols, [['<img src=x onerror=alert(1)> | [a](javascript:x)', 1, 'l1\nl2']], true);
    assert.equal(md, [
      '| Name | Count | Extra |',
      '| --- | --- | --- |',
      '| \\<img src=x onerror=alert(1)\\> \\| \\[a\\](javascript:x) | 1 | l1 l2 |',
    ].join('\n'));
  });

  it('escapes emphasis, code and entities', () => {
    assert.equal(escapeMarkdown('*a* _b_ `c` &lt; ~d~ \\'), '\\*a\\* \\_b\\_ \\`c\\` \\&lt; \\~d\\~ \\\\');
  });
});

describe('copy: JSON', () => {
  it('keeps JSON types and keys rows by column name', () => {
    assert.deepEqual(JSON.parse(formatCopy('json', cols, rows.slice(0, 2), false)), [
      { Name: 'a\tb "q"', Count: 5, Extra: { k: [1, 2] } },
      { Name: null, Count: -3, Extra: null },
    ]);
  });
});
