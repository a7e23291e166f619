/**
 * Diagnostics of one query block: Kusto.Language's syntax and semantic diagnostics, minus the
 * known false positives, with removed/renamed Defender names turned into targeted warnings.
 * Offsets are relative to the block text; the scheduler maps them into the document.
 */
import type { BlockAnalysis } from './blockAnalysis';
import { isFalsePositive } from './falsePositives';
import type { KustoContext } from './kustoContext';
import { legacyColumn, legacyTables } from './legacy';
import { toArray } from '../../kusto/kusto';

export type KqlSeverity = 'error' | 'warning' | 'info' | 'hint';

export interface KqlDiagnostic {
  /** Offset in the block text. */
  readonly start: number;
  readonly length: number;
  readonly severity: KqlSeverity;
  /** Kusto's code (KS142, …) or ours (DH001 for legacy names). */
  readonly code: string;
  readonly message: string;
  readonly tags?: readonly ('deprecated' | 'unnecessary')[];
}

const SEVERITY: Record<string, KqlSeverity> = { Error: 'error', Warning: 'warning', Suggestion: 'hint', Information: 'info' };

/** The block's diagnostics, computed once per analysis. */
export function blockDiagnostics(analysis: BlockAnalysis, ctx: KustoContext): readonly KqlDiagnostic[] {
  if (analysis.diagnostics) return analysis.diagnostics;
  const code = analysis.code;
  const out: KqlDiagnostic[] = [];
  for (const d of toArray<Kusto.Language.Diagnostic>(code.GetDiagnostics())) {
    if (isFalsePositive(code, d)) continue;
    const legacy = legacyColumn(d, analysis.text, ctx);
    if (legacy) { out.push(legacy); continue; }
    out.push({
      start: d.Start,
      length: d.Length,
      severity: SEVERITY[d.Severity ?? ''] ?? 'error',
      code: d.Code ?? 'KS000',
      message: d.Message ?? 'error',
    });
  }
  out.push(...legacyTables(code, analysis.text, ctx));
  out.sort((a, b) => a.start - b.start);
  analysis.diagnostics = out;
  return out;
}
