/**
 * The completion memo (src/kusto/completionMemo.ts) must never change what Kusto.Language
 * completes: same items, same texts, same order, at every position of a realistic document and
 * of a sample of the shared corpus (when present).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { huntDocument } from '../../bench/fixtures/huntDocument';
import { splitQueryBlocks } from '../../src/core/query/blocks';
import { defenderSchema } from '../../src/core/schema/schema';
import { installCompletionMemo } from '../../src/kusto/completionMemo';
import { buildGlobals, loadKusto, toArray } from '../../src/kusto/kusto';
import { corpusFiles } from './corpus';

const K = loadKusto();
const globals = buildGlobals(defenderSchema());

/** Positions worth completing at: after each space, pipe, paren, comma and each word start. */
function samples(): { text: string; offset: number }[] {
  const texts = splitQueryBlocks(huntDocument(5)).map((b) => b.text);
  const corpus = corpusFiles();
  for (const file of corpus.paths.filter((_, i) => i % 40 === 0)) texts.push(...splitQueryBlocks(fs.readFileSync(file, 'utf8')).map((b) => b.text).slice(0, 2));
  texts.push('let f = (a:string) { a };\nlet T = DeviceEvents | take 1;\n', 'DeviceFileEvents | invoke ', 'print ');
  const out: { text: string; offset: number }[] = [];
  for (const text of texts) {
    for (let i = 1; i <= text.length; i++) if (/[\s|(,=]/.test(text[i - 1]) && i % 7 === 0) out.push({ text, offset: i });
    out.push({ text, offset: text.length });
  }
  return out;
}

function complete(text: string, offset: number): string[] {
  const service = new K.Language.Editor.KustoCodeService.$ctor1(text, globals);
  const info = service.GetCompletionItems(offset, K.Language.Editor.CompletionOptions.Default);
  return toArray<Kusto.Language.Editor.CompletionItem>(info?.Items).map((i) => [i.Kind, i.DisplayText, i.BeforeText, i.AfterText, i.MatchText, i.OrderText, i.Retrigger].join('\u0001'));
}

describe('completion memo', () => {
  it('installs on this version of Kusto.Language', () => {
    const restore = installCompletionMemo(K);
    assert.ok(restore, 'the internal methods it wraps exist');
    restore();
  });

  it('returns exactly what Kusto.Language returns without it', () => {
    const positions = samples();
    const plain = positions.map((p) => complete(p.text, p.offset));
    const restore = installCompletionMemo(K);
    assert.ok(restore);
    try {
      for (let round = 0; round < 2; round++) { // the second round is served from the memo
        positions.forEach((p, i) => assert.deepEqual(complete(p.text, p.offset), plain[i], `at ${p.offset} in ${JSON.stringify(p.text.slice(0, 60))}`));
      }
    } finally {
      restore();
    }
    console.log(`      ${positions.length} positions compared, ${plain.reduce((a, l) => a + l.length, 0)} items`);
    assert.ok(positions.length > 50);
  });
});
