import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { GRAMMAR_FILE, grammarLists, grammarText } from '../../scripts/build-grammar';

describe('grammar: generated from the schema and Kusto.Language', () => {
  it('is up to date (run `node --import tsx scripts/build-grammar.ts` after changing the generator)', () => {
    assert.equal(fs.readFileSync(GRAMMAR_FILE, 'utf8'), grammarText());
  });

  it('knows every Defender table and function of the bundled schema and Kusto\'s built-in functions', () => {
    const lists = grammarLists();
    assert.ok(lists.tables.length >= 60, `${lists.tables.length} tables`);
    assert.ok(lists.defenderFunctions.includes('FileProfile'));
    assert.ok(lists.functions.length > 300 && lists.functions.includes('ago'), `${lists.functions.length} functions`);
    assert.ok(lists.aggregates.includes('dcount'));
    assert.ok(lists.legacyTables.includes('DeviceAlertEvents'));
  });
});
