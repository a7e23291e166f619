/**
 * The text the grid copies: a rectangle of cells as TSV, CSV, Markdown or JSON, always made in
 * the host from the full values (the webview only has shortened display text). CSV is the export
 * writer's (export/csvFormat.ts), so a copied range and an exported file agree byte for byte,
 * formula guard included.
 */
import type { CopyFormat } from '../../shared/protocol';
import { cellText } from './cellText';
import { csvHeader, csvRowAppender, looksLikeFormula, resolveCsvOptions, type CsvOptions } from './export/csvFormat';
import type { CellValue, ResultColumn } from './resultSet';

export type CopyColumn = ResultColumn;

/**
 * Formats `rows` (each holding the selected cells, in `columns` order).
 * `headers` adds the column names as the first line (TSV, CSV, Markdown always has them; JSON is
 * always keyed by name).
 */
export function formatCopy(format: CopyFormat, columns: readonly CopyColumn[], rows: readonly (readonly CellValue[])[], headers: boolean, csv?: CsvOptions): string {
  switch (format) {
    case 'tsv': return formatTsv(columns, rows, headers);
    case 'csv': return formatCsv(columns, rows, headers, csv);
    case 'markdown': return formatMarkdown(columns, rows);
    case 'json': return formatJson(columns, rows);
  }
}

/**
 * RFC 4180 CSV with CRLF line ends and the export's formula guard. `csv`: the export settings'
 * separator and guard (a BOM is never copied).
 */
export function formatCsv(columns: readonly CopyColumn[], rows: readonly (readonly CellValue[])[], headers: boolean, csv: CsvOptions = {}): string {
  const o = resolveCsvOptions({ ...csv, bom: false, header: headers });
  const indexes = columns.map((_, i) => i);
  const append = csvRowAppender(columns, indexes, o);
  const lines = rows.map((r) => append('', r));
  if (headers) lines.unshift(csvHeader(columns, indexes, o));
  return lines.map((l) => l + o.newline).join('');
}

/** `'` + text when a spreadsheet would read it as a formula (the export's rule). */
export function guardFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/**
 * TSV as spreadsheets paste it: a field with a tab, newline or quote is quoted CSV-style.
 * One cell on its own is copied as its exact text (users paste it into search boxes and
 * queries); anything larger is formula-guarded because it is meant for a spreadsheet.
 */
export function formatTsv(columns: readonly CopyColumn[], rows: readonly (readonly CellValue[])[], headers: boolean): string {
  if (!headers && rows.length === 1 && rows[0].length === 1) return cellText(rows[0][0]);
  const field = (text: string) => {
    const t = guardFormula(text);
    return /[\t\n\r"]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const lines = rows.map((r) => r.map((v) => field(cellText(v))).join('\t'));
  if (headers) lines.unshift(columns.map((c) => field(c.name)).join('\t'));
  return lines.join('\n');
}

/**
 * A GitHub-flavoured Markdown table. Every character that can start markup inside a table cell
 * (`\ ` * _ [ ] < > | ~ &`) is backslash-escaped, so hostile text such as `<img onerror=…>` or
 * `[x](javascript:…)` stays text wherever the table is rendered; line breaks become spaces to
 * keep the row on one line.
 */
export function formatMarkdown(columns: readonly CopyColumn[], rows: readonly (readonly CellValue[])[]): string {
  const head = `| ${columns.map((c) => escapeMarkdown(c.name)).join(' | ')} |`;
  const rule = `| ${columns.map(() => '---').join(' | ')} |`;
  const body = rows.map((r) => `| ${r.map((v) => escapeMarkdown(cellText(v))).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/** An array of objects keyed by column name, with the values' own JSON types (numbers, objects). */
export function formatJson(columns: readonly CopyColumn[], rows: readonly (readonly CellValue[])[]): string {
  const objects = rows.map((r) => {
    const o: Record<string, CellValue> = {};
    columns.forEach((c, i) => { o[c.name] = r[i] ?? null; });
    return o;
  });
  return JSON.stringify(objects, null, 2);
}
