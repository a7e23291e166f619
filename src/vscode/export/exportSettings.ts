import * as vscode from 'vscode';
import type { CsvOptions, CsvSeparator } from '../../core/results/export/csvFormat';

const SEPARATORS: readonly CsvSeparator[] = [',', ';', '\t'];

/**
 * Typed reads of the `defenderHunt.export.*` settings, live (read at the moment of each export
 * or copy, so a change applies at once). Invalid values fall back to the defaults of
 * package.json rather than failing an export.
 */
export const exportSettings = {
  /** For an exported file: separator, BOM and the formula guard. */
  csvFile(): CsvOptions {
    const c = vscode.workspace.getConfiguration('defenderHunt.export.csv');
    return { separator: exportSettings.separator(), bom: c.get<boolean>('bom') !== false, formulaGuard: c.get<boolean>('formulaGuard') !== false };
  },
  /** For "Copy as CSV": the same separator and guard, never a BOM (the clipboard is text). */
  csvCopy(): CsvOptions {
    return { ...exportSettings.csvFile(), bom: false };
  },
  separator(): CsvSeparator {
    const v = vscode.workspace.getConfiguration('defenderHunt.export.csv').get<string>('separator');
    return (SEPARATORS as readonly string[]).includes(v ?? '') ? (v as CsvSeparator) : ',';
  },
};
