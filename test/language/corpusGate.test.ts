/**
 * Corpus gate: every real hunting query in ../shared/corpus goes through the server's
 * diagnostics (the real server process, over LSP). Any error not in the allow-list fails the
 * test, and so does an allow-list entry that no longer matches. Each allowed error is a TRUE
 * problem in the query (a removed name, a bug in the source), with its reason beside it in
 * corpusAllowList.ts. Skipped with a message when the corpus is absent.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { splitQueryBlocks } from '../../src/core/query/blocks';
import { corpusFiles } from './corpus';
import { CORPUS_ALLOW_LIST, type AllowedError } from './corpusAllowList';
import { LspTestClient } from './lspClient';

const files = corpusFiles();

describe('corpus gate: real hunting queries through the server\'s diagnostics', { skip: files.skipReason }, () => {
  let c: LspTestClient;
  before(async () => {
    c = await LspTestClient.start();
    await c.ready();
  });
  after(async () => { await c?.stop(); });

  it('reports no error except the allow-listed true problems', async () => {
    const unexpected: string[] = [];
    const used = new Set<AllowedError>();
    let cleanFiles = 0, blocks = 0, cleanBlocks = 0, warnings = 0, allowedErrors = 0;
    for (const file of files.paths) {
      const name = path.relative(files.dir, file).split(path.sep).join('/');
      const text = fs.readFileSync(file, 'utf8');
      const uri = `file:///corpus/${name}`;
      await c.open(uri, text);
      const diagnostics = await c.diagnosticsFor(uri, 60_000);
      await c.close(uri);
      const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
      warnings += diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning).length;
      if (errors.length === 0) cleanFiles++;
      const lines = text.split(/\r?\n/);
      const fileBlocks = splitQueryBlocks(text);
      blocks += fileBlocks.length;
      cleanBlocks += fileBlocks.filter((b) => !errors.some((e) => e.range.start.line >= b.startLine && e.range.start.line <= b.endLine)).length;
      for (const e of errors) {
        const allowed = CORPUS_ALLOW_LIST.find((a) => matches(a, name, e, lines));
        if (allowed) { used.add(allowed); allowedErrors++; } else unexpected.push(`${name}:${e.range.start.line + 1}:${e.range.start.character + 1} ${e.code} ${e.message}  | ${lines[e.range.start.line]?.trim()}`);
      }
    }
    const pct = (a: number, b: number) => (100 * a / b).toFixed(1);
    console.log(`      corpus: ${files.paths.length} queries, ${cleanFiles} without errors (${pct(cleanFiles, files.paths.length)} %); `
      + `${blocks} query blocks, ${cleanBlocks} without errors (${pct(cleanBlocks, blocks)} %); `
      + `${allowedErrors} allow-listed errors, ${warnings} warnings (removed/renamed names)`);
    const stale = CORPUS_ALLOW_LIST.filter((a) => !used.has(a)).map((a) => `${a.file}:${a.line} ${a.code}`);
    assert.deepEqual(unexpected, [], 'errors not in the allow-list');
    assert.deepEqual(stale, [], 'allow-list entries that no longer match (remove them)');
  });
});

function matches(a: AllowedError, file: string, e: Diagnostic, lines: readonly string[]): boolean {
  return a.file === file && a.line === e.range.start.line + 1 && a.code === e.code && (lines[a.line - 1] ?? '').includes(a.excerpt);
}
