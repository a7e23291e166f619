/**
 * Export entry points: stream a {@link ResultSet} as CSV, JSON or JSON Lines to any Writable or,
 * atomically, to a file; and a synchronous CSV string for copying a small selection. All of them
 * go through the same chunk producers, so "copy as CSV" and "export to CSV" cannot disagree.
 */
import type { Writable } from 'node:stream';
import type { ResultSet } from '../resultSet';
import { csvChunks, jsonChunks, type Chunk } from './chunks';
import { resolveCsvOptions, type CsvOptions } from './csvFormat';
import { writeFileAtomically, type StreamOpener } from './exportFile';
import { resolveSelection, type ExportSelection } from './selection';
import { pumpChunks, type ExportProgress } from './streamWriter';

export type ExportFormat = 'csv' | 'json' | 'jsonl';

export interface ExportOptions {
  readonly format: ExportFormat;
  /** CSV only. */
  readonly csv?: CsvOptions;
  readonly selection?: ExportSelection;
  readonly signal?: AbortSignal;
  /** Called after each chunk with rows written so far and the total. */
  readonly onProgress?: ExportProgress;
}

export interface ExportSummary {
  readonly rows: number;
  readonly columns: number;
}

/** File extension for each format (for save dialogs). */
export const EXPORT_EXTENSION: Readonly<Record<ExportFormat, string>> = { csv: 'csv', json: 'json', jsonl: 'jsonl' };

function chunksFor(result: ResultSet, options: ExportOptions): { chunks: Iterable<Chunk>; summary: ExportSummary } {
  const sel = resolveSelection(result, options.selection);
  const chunks = options.format === 'csv' ? csvChunks(result, sel, resolveCsvOptions(options.csv))
    : jsonChunks(result, sel, options.format === 'json' ? 'array' : 'lines');
  return { chunks, summary: { rows: sel.rowCount, columns: sel.columns.length } };
}

/** Streams the export into `out` (which it does not end) with backpressure, progress and cancel. */
export async function writeResult(result: ResultSet, out: Writable, options: ExportOptions): Promise<ExportSummary> {
  const { chunks, summary } = chunksFor(result, options);
  await pumpChunks(chunks, out, { signal: options.signal, onProgress: options.onProgress, rowsTotal: summary.rows });
  return summary;
}

/**
 * Exports to `target`: written to a temporary file beside it and renamed on success, so a failed
 * or cancelled export leaves nothing (and an existing file untouched) under the chosen name.
 * `open` replaces how the temporary file is opened (tests use it to inject a failing stream).
 */
export async function exportResultToFile(result: ResultSet, target: string, options: ExportOptions, open?: StreamOpener): Promise<ExportSummary> {
  let summary: ExportSummary | undefined;
  await writeFileAtomically(target, async (out) => { summary = await writeResult(result, out, options); }, open);
  return summary!;
}

/** CSV (or JSON) of a selection as one string, synchronously: for copying a few rows to the clipboard. */
export function resultToString(result: ResultSet, options: Omit<ExportOptions, 'signal' | 'onProgress'>): string {
  let s = '';
  for (const c of chunksFor(result, options).chunks) s += c.text;
  return s;
}

/** "Copy as CSV": the selection as CSV text (no BOM: it is going to the clipboard, not a file). */
export function selectionToCsv(result: ResultSet, selection: ExportSelection, csv: CsvOptions = {}): string {
  return resultToString(result, { format: 'csv', selection, csv: { ...csv, bom: false } });
}
