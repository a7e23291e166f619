/**
 * Targeted diagnostics for removed and renamed Defender tables and columns (the table is in
 * src/core/schema/legacyNames.ts): "The table 'DeviceAlertEvents' was removed … use AlertInfo
 * and AlertEvidence" instead of Kusto's generic "unknown name" error.
 */
import { LEGACY_NAMES, legacyMessage, legacyName, type LegacyName } from '../../core/schema/legacyNames';
import type { KqlDiagnostic } from './diagnostics';
import type { KustoContext } from './kustoContext';
import { enumName } from '../../kusto/kusto';
import { kindOf } from './syntax';

const LEGACY_TABLES = LEGACY_NAMES.filter((l) => l.kind === 'table');
const TABLE_PATTERN = new RegExp(`\\b(?:${LEGACY_TABLES.map((l) => l.name).join('|')})\\b`, 'g');

export const LEGACY_CODE = 'DH001';

function diagnostic(l: LegacyName, start: number, length: number): KqlDiagnostic {
  return {
    start, length, code: LEGACY_CODE, message: legacyMessage(l),
    severity: l.status === 'removed' ? 'warning' : 'hint',
    tags: ['deprecated'],
  };
}

/**
 * Kusto's KS142 "unknown name" on a removed column becomes the targeted warning; returns
 * undefined for every other diagnostic.
 */
export function legacyColumn(d: Kusto.Language.Diagnostic, blockText: string, ctx: KustoContext): KqlDiagnostic | undefined {
  if (d.Code !== 'KS142') return undefined;
  const l = legacyName(blockText.substr(d.Start, d.Length));
  if (!l || l.kind !== 'column') return undefined;
  if (l.tables?.some((t) => ctx.schema.tables.find((x) => x.name === t)?.columns.some((c) => c.name === l.name))) return undefined;
  return diagnostic(l, d.Start, d.Length);
}

/** Warnings (removed) and hints (renamed) for every reference to a legacy table in the block. */
export function legacyTables(code: Kusto.Language.KustoCode, blockText: string, ctx: KustoContext): KqlDiagnostic[] {
  const out: KqlDiagnostic[] = [];
  for (const m of blockText.matchAll(TABLE_PATTERN)) {
    const l = legacyName(m[0]);
    if (!l || m.index === undefined) continue;
    // A tenant schema that still has a removed table makes it valid again.
    if (l.status === 'removed' && ctx.hasTable(l.name)) continue;
    const token = code.Syntax?.GetTokenAt(m.index);
    if (!token || token.TextStart !== m.index || kindOf(token) !== 'IdentifierToken') continue; // in a comment or string
    const symbol = token.Parent?.Parent?.ReferencedSymbol;
    if (!symbol || symbol.Name !== l.name || enumName(ctx.K.Language.Symbols.SymbolKind, symbol.Kind) !== 'Table') continue;
    out.push(diagnostic(l, m.index, l.name.length));
  }
  return out;
}
