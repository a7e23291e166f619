/**
 * The incremental core of the server, in process: which block owns a position, and that an
 * edit re-analyses only the block it touched.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { blockDiagnostics } from '../../src/language/server/diagnostics';
import { DocumentStore } from '../../src/language/server/documents';
import { KustoContext } from '../../src/language/server/kustoContext';

const ctx = new KustoContext();
const text = 'DeviceEvents\n| take 1\n\nDeviceInfo | where OSPlatform == "x"\n\nprint n = 1\n';

describe('document blocks and their analyses', () => {
  it('re-analyses only the edited block', () => {
    const store = new DocumentStore(ctx);
    let doc = TextDocument.create('file:///a.kql', 'kql', 1, text);
    const before = store.blocks(doc).map((v) => v.analysis);
    before.forEach((a) => blockDiagnostics(a, ctx));
    assert.ok(before.every((a) => a.isAnalysed));
    const at = text.indexOf('"x"') + 1;
    doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: 'y' }], 2);
    const after = store.blocks(doc).map((v) => v.analysis);
    assert.equal(after.length, 3);
    assert.equal(after[0], before[0], 'block 1 kept its analysis');
    assert.equal(after[2], before[2], 'block 3 kept its analysis');
    assert.notEqual(after[1], before[1]);
    assert.equal(after[1].isAnalysed, false, 'the edited block waits until a feature needs it');
    assert.deepEqual(store.stats(), { documents: 1, analysedBlocks: 2 });
  });

  it('re-splits only when the version changes, and drops everything when the schema does', () => {
    const local = new KustoContext();
    const store = new DocumentStore(local);
    const doc = TextDocument.create('file:///b.kql', 'kql', 1, text);
    const views = store.blocks(doc);
    assert.equal(store.blocks(doc), views);
    local.setSchema(local.schema);
    assert.notEqual(store.blocks(doc)[0].analysis, views[0].analysis);
  });

  it('finds the block under the cursor, including trailing spaces and a fresh line below it', () => {
    const store = new DocumentStore(ctx);
    const t = 'DeviceEvents | where \n    \n\nprint 1';
    const doc = TextDocument.create('file:///c.kql', 'kql', 1, t);
    assert.equal(store.blockAt(doc, t.indexOf('where ') + 6)?.text, 'DeviceEvents | where ');
    const freshLine = t.indexOf('\n') + 3;
    assert.equal(store.blockAt(doc, freshLine)?.text, 'DeviceEvents | where \n    ', 'through the end of the fresh line');
    assert.equal(store.blockAt(doc, t.indexOf('\n\n') + 1), undefined, 'a blank line between blocks belongs to none');
    const ctxAt = store.contextAt(doc, t.indexOf('\n\n') + 1);
    assert.deepEqual([ctxAt.view.text, ctxAt.offset], ['', 0]);
  });
});
