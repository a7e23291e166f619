/**
 * One query block's analysis: Kusto.Language's parsed and bound code and an editor service over
 * it, created on first use and shared by every feature (completion, diagnostics, hover, tokens,
 * formatting) until the block's text changes. This is the unit of incremental work: an edit
 * re-analyses only the block it touched.
 */
import type { KqlDiagnostic } from './diagnostics';
import type { KustoContext } from './kustoContext';

export class BlockAnalysis {
  private analysed: Kusto.Language.KustoCode | undefined;
  private editorService: Kusto.Language.Editor.KustoCodeService | undefined;
  /** Filled by the diagnostics module; relative to the block text. */
  diagnostics: readonly KqlDiagnostic[] | undefined;
  /** Filled by the semantic-tokens module: names classified by the binder, relative offsets. */
  classified: readonly { readonly start: number; readonly length: number; readonly type: number }[] | undefined;

  constructor(readonly text: string, private readonly ctx: KustoContext, readonly generation = ctx.generation) {}

  /** Parsed and bound against the current schema. */
  get code(): Kusto.Language.KustoCode {
    if (!this.analysed) {
      const code = this.ctx.K.Language.KustoCode.ParseAndAnalyze(this.text, this.ctx.globals);
      if (!code) throw new Error('Kusto.Language returned no code');
      this.analysed = code;
    }
    return this.analysed;
  }

  get isAnalysed(): boolean {
    return this.analysed !== undefined;
  }

  /** Kusto.Language's editor services (completion, quick info, classification, formatting). */
  get service(): Kusto.Language.Editor.KustoCodeService {
    this.editorService ??= new this.ctx.K.Language.Editor.KustoCodeService.ctor(this.code);
    return this.editorService;
  }
}
