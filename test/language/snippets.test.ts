import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEGACY_NAMES } from '../../src/core/schema/legacyNames';
import { defenderSchema } from '../../src/core/schema/schema';
import { BlockAnalysis } from '../../src/language/server/blockAnalysis';
import { blockDiagnostics } from '../../src/language/server/diagnostics';
import { KustoContext } from '../../src/language/server/kustoContext';
import { functionHelp, HUNT_SNIPPETS } from '../../src/language/server/snippets';

const ctx = new KustoContext();
/** The snippet as inserted with its default placeholder values. */
const expand = (snippet: string) => snippet
  .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, (_, value: string) => value.replace(/\\(.)/g, '$1'))
  .replace(/\$0/g, '');
const problems = (query: string) => blockDiagnostics(new BlockAnalysis(query, ctx), ctx).map((d) => `${d.code} ${d.message}`);

describe('snippets and legacy names agree with the schema', () => {
  for (const s of HUNT_SNIPPETS) {
    it(`hunt template ${s.label} is a valid query as inserted`, () => {
      assert.deepEqual(problems(expand(s.body)), []);
    });
  }

  it('every Defender function snippet is a valid call', () => {
    for (const fn of defenderSchema().functions) {
      const call = expand(functionHelp(fn).snippet);
      const query = fn.kind === 'invoke' ? `DeviceNetworkEvents | extend SHA1 = "", IP = RemoteIP | invoke ${call}` : call;
      assert.deepEqual(problems(query), [], query);
    }
  });

  it('every replacement named for a legacy table or column exists in the bundled schema', () => {
    const schema = defenderSchema();
    for (const l of LEGACY_NAMES) {
      if (!l.replacement) continue;
      const ok = l.kind === 'table'
        ? schema.tables.some((t) => t.name === l.replacement)
        : schema.tables.some((t) => l.tables?.includes(t.name) && t.columns.some((c) => c.name === l.replacement));
      assert.ok(ok, `${l.name} -> ${l.replacement}`);
    }
  });
});
