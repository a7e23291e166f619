/**
 * The TextMate grammar, tested the way VS Code tokenizes:
 *  - scope assertions (vscode-tmgrammar-test format) in test/grammar/cases/*.kql;
 *  - snapshots of whole hunting queries in test/grammar/snapshots/*.kql (+ .snap beside each);
 *    regenerate with `npx vscode-tmgrammar-snap -u "test/grammar/snapshots/*.kql"` after a
 *    deliberate grammar change, and review the diff;
 *  - targeted checks that the grammar reports what the corpus test relies on (`invalid`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createRegistry } from 'vscode-tmgrammar-test/dist/common/index';
import { getVSCodeTokens, renderSnap } from 'vscode-tmgrammar-test/dist/snapshot/index';
import { parseGrammarTestCase, runGrammarTestCase } from 'vscode-tmgrammar-test/dist/unit/index';
import { grammarPath, scopesOf, tokenize } from './tokenize';

const registry = () => createRegistry([{ language: 'kql', scopeName: 'source.kql', path: grammarPath }]);
const files = (dir: string) => fs.readdirSync(path.join(__dirname, dir)).filter((f) => f.endsWith('.kql')).sort();

describe('grammar: scope assertions', () => {
  const reg = registry();
  for (const file of files('cases')) {
    it(file, async () => {
      const testCase = parseGrammarTestCase(fs.readFileSync(path.join(__dirname, 'cases', file), 'utf8'));
      assert.ok(testCase.assertions.length > 0, 'the case file asserts something');
      const failures = await runGrammarTestCase(reg, testCase);
      const report = failures.map((f) => `line ${f.srcLine + 1} [${f.start}-${f.end}] ${JSON.stringify(testCase.source[f.srcLine].slice(f.start, f.end))}: `
        + `missing [${f.missing.join(' ')}] unexpected [${f.unexpected.join(' ')}] actual [${f.actual.join(' ')}]`);
      assert.deepEqual(report, []);
    });
  }
});

describe('grammar: snapshots', () => {
  const reg = registry();
  for (const file of files('snapshots')) {
    it(file, async () => {
      const source = fs.readFileSync(path.join(__dirname, 'snapshots', file), 'utf8');
      const snapFile = path.join(__dirname, 'snapshots', file + '.snap');
      assert.ok(fs.existsSync(snapFile), `${file}.snap is missing; create it with vscode-tmgrammar-snap -u`);
      const actual = renderSnap(await getVSCodeTokens(reg, 'source.kql', source));
      assert.equal(actual, fs.readFileSync(snapFile, 'utf8'));
    });
  }
});

describe('grammar: errors it reports', () => {
  it('marks a string left open at the end of the line as invalid', async () => {
    const tokens = await tokenize('print x = "open\n| take 1');
    assert.ok(tokens.some((t) => t.scopes.includes('invalid.illegal.newline.kql')));
    // and the next line is code again, not part of the string
    assert.deepEqual(scopesOf(tokens, 'take'), ['keyword.other.query.kql']);
  });

  it('keeps a multi-line ``` string open across lines without marking it invalid', async () => {
    const tokens = await tokenize('print x = ```a\n"b\n```\n| take 1');
    assert.ok(!tokens.some((t) => t.scopes.some((s) => s.startsWith('invalid'))));
    assert.deepEqual(scopesOf(tokens, 'take'), ['keyword.other.query.kql']);
  });

  it('does not treat a hyphenated operator as two words', async () => {
    const tokens = await tokenize('T | project-away A');
    assert.deepEqual(scopesOf(tokens, 'project-away'), ['keyword.other.query.kql']);
    assert.deepEqual(scopesOf(tokens, 'project'), []);
  });
});
