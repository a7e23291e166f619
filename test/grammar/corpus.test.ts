/**
 * Tokenizes every real hunting query of the shared corpus and expects no `invalid` scope: the
 * grammar must not flag valid KQL (an unterminated string is the one thing it marks invalid).
 * The corpus lives outside the repository; without it this suite is skipped with a message.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { corpusFiles } from '../language/corpus';
import { tokenize } from './tokenize';

const files = corpusFiles();

describe('grammar: the shared corpus of real hunting queries', () => {
  it('tokenizes every query without an invalid scope', { skip: files.skipReason }, async () => {
    const bad: string[] = [];
    const scopes = new Set<string>();
    for (const file of files.paths) {
      const tokens = await tokenize(fs.readFileSync(file, 'utf8'));
      for (const t of tokens) {
        t.scopes.forEach((s) => scopes.add(s));
        if (t.scopes.some((s) => s.startsWith('invalid'))) bad.push(`${path.basename(file)}:${t.line + 1} ${JSON.stringify(t.text)}`);
      }
    }
    console.log(`      tokenized ${files.paths.length} corpus queries, ${scopes.size} distinct scopes, ${bad.length} invalid tokens`);
    assert.ok(files.paths.length > 0);
    assert.deepEqual(bad, []);
    // The corpus exercises the main parts of the grammar, so a regression that drops one shows here.
    for (const s of ['support.class.table.kql', 'keyword.other.query.kql', 'keyword.operator.word.kql', 'support.function.builtin.kql', 'constant.numeric.timespan.kql', 'support.function.defender.kql']) {
      assert.ok(scopes.has(s), `some corpus token has ${s}`);
    }
  });
});
