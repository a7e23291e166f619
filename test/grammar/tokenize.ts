/**
 * Tokenizes KQL with the project's TextMate grammar the way VS Code does: vscode-textmate over
 * the Oniguruma WebAssembly build (both come with vscode-tmgrammar-test).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as tm from 'vscode-textmate';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const grammarPath = path.join(repoRoot, 'syntaxes', 'kql.tmLanguage.json');

export interface Token { readonly line: number; readonly text: string; readonly scopes: readonly string[] }

let grammar: Promise<tm.IGrammar> | undefined;

export function loadGrammar(): Promise<tm.IGrammar> {
  grammar ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
    await oniguruma.loadWASM(wasm);
    const registry = new tm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName) => scopeName === 'source.kql' ? tm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    });
    const g = await registry.loadGrammar('source.kql');
    if (!g) throw new Error('source.kql grammar did not load');
    return g;
  })();
  return grammar;
}

/** Every token of the text, line by line, with its scope stack. */
export async function tokenize(text: string): Promise<Token[]> {
  const g = await loadGrammar();
  const out: Token[] = [];
  let state = tm.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const r = g.tokenizeLine(lineText, state);
    for (const t of r.tokens) out.push({ line, text: lineText.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  });
  return out;
}

/** The innermost scope of each token whose text matches, e.g. scopeOf(tokens, 'has'). */
export function scopesOf(tokens: readonly Token[], text: string): string[] {
  return tokens.filter((t) => t.text.trim() === text).map((t) => t.scopes[t.scopes.length - 1]);
}
