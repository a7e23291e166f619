/**
 * The language server as an editor sees it: the real server process (TypeScript source through
 * tsx), driven over stdio with LSP messages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CompletionTriggerKind, DefinitionRequest, DiagnosticSeverity, DocumentFormattingRequest, DocumentHighlightRequest,
  DocumentRangeFormattingRequest, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, PrepareRenameRequest,
  ReferencesRequest, RenameRequest, SemanticTokensRequest, SignatureHelpRequest,
  type Diagnostic, type DocumentSymbol, type Hover, type Location, type MarkupContent, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { SchemaNotification, StatsRequest } from '../../src/shared/lsp';
import { applyEdits, LspTestClient, positionOf } from './lspClient';

const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === DiagnosticSeverity.Error);
const hoverText = (h: Hover | null) => (h?.contents as MarkupContent | undefined)?.value ?? '';
let n = 0;
const newUri = () => `file:///work/hunts/q${++n}.kql`;

describe('language server over LSP', () => {
  let c: LspTestClient;
  before(async () => {
    c = await LspTestClient.start({ clientName: 'Visual Studio Code' });
    await c.ready();
  });
  after(async () => { await c?.stop(); });

  const open = async (text: string) => {
    const uri = newUri();
    await c.open(uri, text);
    return uri;
  };

  it('announces readiness with the bundled Defender schema', () => {
    const ready = c.statuses.find((s) => s.state === 'ready');
    assert.ok(ready && ready.tables >= 60 && ready.functions >= 10, JSON.stringify(ready));
  });

  describe('diagnostics', () => {
    it('reports an unknown column at its range, with Kusto\'s code', async () => {
      const text = 'DeviceProcessEvents\n| where FileName =~ "cmd.exe" and NoSuchColumn > 1\n| take 10\n\nDeviceNetworkEvents | take 5\n';
      const ds = await c.diagnosticsFor(await open(text));
      assert.equal(ds.length, 1, JSON.stringify(ds));
      assert.equal(ds[0].code, 'KS142');
      assert.equal(ds[0].severity, DiagnosticSeverity.Error);
      assert.deepEqual(ds[0].range, { start: positionOf(text, 'NoSuchColumn'), end: positionOf(text, 'NoSuchColumn', 12) });
    });

    it('analyses each blank-line block on its own, with the smart joining rules', async () => {
      // Two queries with the same `let` name: one query, this would be "already declared".
      const text = 'let x = 1;\nprint x\n\nlet x = 2;\nprint x\n\nDeviceEvents\n| where ActionType == "x"\n\n| take 1\n';
      assert.deepEqual(await c.diagnosticsFor(await open(text)), []);
    });

    it('drops the known false positives: invoke column arguments and count(expr)', async () => {
      const text = [
        'DeviceFileEvents | take 10 | invoke FileProfile(SHA1, 1000) | where GlobalPrevalence < 50',
        '',
        'DeviceNetworkEvents | invoke DeviceFromIP(RemoteIP, Timestamp) | take 1',
        '',
        'DeviceNetworkEvents | summarize count(RemoteUrl) by DeviceName',
      ].join('\n');
      assert.deepEqual(await c.diagnosticsFor(await open(text)), []);
    });

    it('keeps the same errors outside those places', async () => {
      const text = 'DeviceFileEvents | extend n = strlen(NoSuch)\n\nDeviceNetworkEvents | summarize countif(RemoteUrl) by DeviceName';
      const ds = errors(await c.diagnosticsFor(await open(text)));
      assert.deepEqual(ds.map((d) => d.code), ['KS142', 'KS107']);
    });

    it('turns removed tables and columns into a warning that names the replacement', async () => {
      const text = 'DeviceAlertEvents | where Title has "mimikatz" | project DeviceName, Title\n\nEmailEvents | where PhishFilterVerdict == "Phish" | take 5\n\nAADSignInEventsBeta | take 1';
      const ds = await c.diagnosticsFor(await open(text));
      assert.deepEqual(errors(ds), [], 'no errors, also not on the columns after a removed table');
      const [table, column, renamed] = ds;
      assert.equal(table.severity, DiagnosticSeverity.Warning);
      assert.equal(table.code, 'DH001');
      assert.match(String(table.message), /DeviceAlertEvents.*AlertInfo and AlertEvidence/);
      assert.deepEqual(table.range.start, positionOf(text, 'DeviceAlertEvents'));
      assert.equal(column.severity, DiagnosticSeverity.Warning);
      assert.match(String(column.message), /PhishFilterVerdict.*ThreatTypes/);
      assert.equal(renamed.severity, DiagnosticSeverity.Hint);
      assert.match(String(renamed.message), /EntraIdSignInEvents/);
      assert.equal(ds.length, 3);
    });

    it('re-publishes for each incremental edit, only for the current version', async () => {
      const text = 'DeviceProcessEvents | where FileNme == "x"\n\nDeviceEvents | take 1';
      const uri = await open(text);
      assert.equal((await c.diagnosticsFor(uri)).length, 1);
      const at = positionOf(text, 'FileNme', 5);
      await c.change(uri, [{ range: { start: at, end: at }, text: 'a' }]); // FileName
      assert.deepEqual(await c.diagnosticsFor(uri), []);
      const end = positionOf(text, 'take 1', 6);
      await c.change(uri, [{ range: { start: end, end }, text: ' | where Bogus' }]);
      const ds = await c.diagnosticsFor(uri);
      assert.deepEqual(ds.map((d) => [d.code, d.range.start.line]), [['KS142', 2]]);
    });

    it('can be switched off with defenderHunt.diagnostics.enabled', async () => {
      const uri = await open('DeviceEvents | where Nope == 1');
      assert.equal((await c.diagnosticsFor(uri)).length, 1);
      await c.changeSettings({ diagnostics: { enabled: false } });
      await c.waitFor('diagnostics cleared', () => c.diagnostics.get(uri)?.diagnostics.length === 0 || undefined);
      await c.changeSettings({});
      await c.waitFor('diagnostics back', () => c.diagnostics.get(uri)?.diagnostics.length === 1 || undefined);
    });
  });

  describe('completion', () => {
    it('lists the table\'s columns with their types after `DeviceProcessEvents | where `', async () => {
      const text = 'DeviceProcessEvents | where ';
      const uri = await open(text);
      const items = await c.completion(uri, positionOf(text, 'where ', 6), { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter: ' ' });
      const fileName = items.find((i) => i.label === 'FileName');
      assert.ok(fileName, 'FileName offered');
      assert.equal(fileName.detail, 'string');
      assert.ok(items.some((i) => i.label === 'ProcessCommandLine'));
      assert.ok(!items.some((i) => i.label === 'SenderFromAddress'), 'no columns of other tables');
      const firstNonColumn = items.findIndex((i) => i.kind !== 5);
      assert.ok(items.slice(0, firstNonColumn).some((i) => i.label === 'FileName'), 'columns rank first');
    });

    it('offers Defender functions as snippets with their arguments after `invoke`', async () => {
      const text = 'DeviceFileEvents | invoke ';
      const uri = await open(text);
      const item = (await c.completion(uri, positionOf(text, 'invoke ', 7))).find((i) => i.label.startsWith('FileProfile'));
      assert.ok(item, 'FileProfile offered');
      assert.equal((item.textEdit as TextEdit).newText, 'FileProfile(${1:SHA1}, ${2:1000})');
      assert.equal(item.insertTextFormat, 2);
      assert.match((item.documentation as MarkupContent).value, /GlobalPrevalence/);
    });

    it('offers tables and hunt templates where a new query starts', async () => {
      const text = 'DeviceEvents | take 1\n\n\n\nDeviceInfo | take 1';
      const uri = await open(text);
      const items = await c.completion(uri, { line: 2, character: 0 });
      assert.ok(items.some((i) => i.label === 'DeviceProcessEvents'));
      const hunt = items.find((i) => i.label === 'hunt-process');
      assert.ok(hunt, 'hunt snippet offered');
      assert.match((hunt.textEdit as TextEdit).newText, /^DeviceProcessEvents\n\| where Timestamp > ago\(\$\{1:7d\}\)/);
      const inside = await c.completion(uri, positionOf(text, 'take 1', 5));
      assert.ok(!inside.some((i) => i.label === 'hunt-process'), 'not in the middle of a query');
    });

    it('completes the columns a pipeline created', async () => {
      const text = 'DeviceNetworkEvents\n| summarize Connections = count() by RemoteIP\n| where ';
      const uri = await open(text);
      const labels = (await c.completion(uri, { line: 2, character: 8 })).map((i) => i.label);
      assert.ok(labels.includes('Connections') && labels.includes('RemoteIP'));
      assert.ok(!labels.includes('RemotePort'), 'summarize dropped the other columns');
    });

    it('stays quiet for a space typed inside a string', async () => {
      const text = 'DeviceEvents | where FileName has "a ';
      const uri = await open(text);
      const items = await c.completion(uri, { line: 0, character: text.length }, { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter: ' ' });
      assert.deepEqual(items, []);
    });

    it('asks VS Code to reopen the list after an operator that takes arguments', async () => {
      const text = 'DeviceEvents | ';
      const uri = await open(text);
      const where = (await c.completion(uri, { line: 0, character: text.length })).find((i) => i.label === 'where');
      assert.equal(where?.command?.command, 'editor.action.triggerSuggest');
    });
  });

  describe('hover', () => {
    const text = 'let threshold = 5;\nDeviceProcessEvents\n| where FileName =~ "cmd.exe"\n| invoke FileProfile(SHA1, 100)\n| where strlen(ProcessCommandLine) > threshold\n\nDeviceAlertEvents | take 1';
    let uri: string;
    before(async () => { uri = await open(text); });
    const hover = (needle: string, delta = 1) => c.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, needle, delta) });

    it('shows a column\'s type', async () => {
      const h = await hover('FileName');
      assert.match(hoverText(h), /FileName: string/);
      assert.deepEqual(h?.range?.start, positionOf(text, 'FileName'));
    });

    it('lists a table\'s columns with their types', async () => {
      const t = hoverText(await hover('DeviceProcessEvents'));
      assert.match(t, /\*\*DeviceProcessEvents\*\* \(table, \d+ columns\)/);
      assert.match(t, /ProcessCommandLine: string/);
      assert.match(t, /Timestamp: datetime/);
    });

    it('documents Defender functions and shows built-in signatures', async () => {
      assert.match(hoverText(await hover('FileProfile')), /SHA256.*1–1000/s);
      assert.match(hoverText(await hover('strlen')), /strlen\(.*\): long/);
    });

    it('shows a let name\'s type where it is declared and where it is used', async () => {
      assert.match(hoverText(await hover('threshold')), /threshold: long/);
      assert.match(hoverText(await hover('> threshold', 3)), /threshold: long/);
    });

    it('notes a removed table', async () => {
      assert.match(hoverText(await hover('DeviceAlertEvents')), /was removed.*AlertInfo/);
    });
  });

  describe('signature help', () => {
    it('shows the Defender function\'s parameters and the argument being typed', async () => {
      const text = 'DeviceFileEvents | invoke FileProfile(SHA1, ';
      const uri = await open(text);
      const sh = await c.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: { line: 0, character: text.length } });
      assert.equal(sh?.signatures[0].label, 'FileProfile(x: string = "SHA1", y: int = 100)');
      assert.equal(sh?.activeParameter, 1);
      assert.match(String(sh?.signatures[0].parameters?.[1].documentation), /1–1000/);
    });

    it('works for built-in functions, nested calls included', async () => {
      const text = 'print x = substring(tolower("ABC"), ';
      const uri = await open(text);
      const sh = await c.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: { line: 0, character: text.length } });
      assert.match(sh?.signatures[sh.activeSignature ?? 0].label ?? '', /^substring\(/);
      assert.equal(sh?.activeParameter, 1);
      const inner = await c.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: positionOf(text, '"ABC"') });
      assert.match(inner?.signatures[0].label ?? '', /^tolower\(/);
    });
  });

  describe('let names', () => {
    const text = 'let lookback = 7d;\nlet devices = DeviceInfo | distinct DeviceId;\nDeviceEvents\n| where Timestamp > ago(lookback) and DeviceId in (devices)\n| extend Since = ago(lookback)';
    let uri: string;
    before(async () => { uri = await open(text); });
    const at = (needle: string, delta = 1, occurrence = 0) => ({ textDocument: { uri }, position: positionOf(text, needle, delta, occurrence) });

    it('renames a let and every use of it', async () => {
      const edit = await c.connection.sendRequest(RenameRequest.type, { ...at('lookback', 2, 1), newName: 'window' });
      const edits = edit?.changes?.[uri] ?? [];
      assert.equal(edits.length, 3);
      assert.equal(applyEdits(text, edits), text.replace(/lookback/g, 'window'));
    });

    it('offers rename only on let names, and refuses invalid names', async () => {
      const prepared = await c.connection.sendRequest(PrepareRenameRequest.type, at('devices', 1, 1));
      assert.deepEqual(prepared, { range: { start: positionOf(text, 'devices', 0, 1), end: positionOf(text, 'devices', 7, 1) }, placeholder: 'devices' });
      assert.equal(await c.connection.sendRequest(PrepareRenameRequest.type, at('Timestamp')), null, 'a column is not renamed');
      await assert.rejects(c.connection.sendRequest(RenameRequest.type, { ...at('devices'), newName: '1 bad' }), /not a valid KQL name/);
    });

    it('goes to the definition and finds references and highlights', async () => {
      const def = await c.connection.sendRequest(DefinitionRequest.type, at('lookback', 1, 2)) as Location;
      assert.deepEqual(def.range.start, positionOf(text, 'lookback'));
      const refs = await c.connection.sendRequest(ReferencesRequest.type, { ...at('lookback', 1, 1), context: { includeDeclaration: false } });
      assert.equal(refs?.length, 2);
      const highlights = await c.connection.sendRequest(DocumentHighlightRequest.type, at('devices'));
      assert.deepEqual(highlights?.map((h) => h.kind), [3, 2]); // write (declaration), read
    });
  });

  describe('formatting', () => {
    it('formats each block with Kusto.Language (short queries stay on one line by default)', async () => {
      const text = 'DeviceEvents|where ActionType=="x"|take  10\n\nprint a=1';
      const uri = await open(text);
      const edits = await c.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
      assert.equal(edits?.length, 2);
      const formatted = applyEdits(text, edits ?? []);
      assert.equal(formatted, 'DeviceEvents | where ActionType == "x" | take 10\n\nprint a = 1');
    });

    it('follows defenderHunt.format.pipeOperatorStyle', async () => {
      const text = 'DeviceEvents | where ActionType == "x" | take 10';
      const uri = await open(text);
      await c.changeSettings({ format: { pipeOperatorStyle: 'none' } });
      const kept = await c.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
      assert.deepEqual(kept, [], 'pipes stay where they are');
      await c.changeSettings({ format: { pipeOperatorStyle: 'newLine' } });
      const split = await c.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
      assert.equal(applyEdits(text, split ?? []), 'DeviceEvents\n| where ActionType == "x"\n| take 10');
      await c.changeSettings({});
    });

    it('indents with the editor\'s tab size and follows defenderHunt.format.statementStyle', async () => {
      const text = 'let a = 1; let b = 2;\nDeviceProcessEvents\n| join kind=inner (\nDeviceInfo\n| project DeviceId\n) on DeviceId';
      const uri = await open(text);
      const format = async (tabSize: number) => applyEdits(text, await c.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize, insertSpaces: true } }) ?? []);
      const two = await format(2);
      assert.match(two, /^let a = 1;\nlet b = 2;\n/, 'a statement per line by default');
      assert.match(two, /\n {2}DeviceInfo\n {2}\| project DeviceId\n/);
      assert.match(await format(4), /\n {4}DeviceInfo\n/);
      await c.changeSettings({ format: { statementStyle: 'none' } });
      assert.match(await format(2), /^let a = 1; let b = 2;\n/);
      await c.changeSettings({});
    });

    it('formats only the blocks in a range, and leaves a block with a syntax error alone', async () => {
      const text = 'print a=1\n\nprint b=2\n\nprint c=(';
      const uri = await open(text);
      const ranged = await c.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri }, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } }, options: { tabSize: 2, insertSpaces: true } });
      assert.equal(applyEdits(text, ranged ?? []), 'print a=1\n\nprint b = 2\n\nprint c=(');
      const all = await c.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      assert.equal(all?.length, 2);
    });
  });

  describe('outline, folding and semantic tokens', () => {
    const text = '// Hunt one\nlet a = 1;\nlet f = (x:long) { x * 2 };\nprint f(a)\n\nDeviceProcessEvents\n| where FileName == "x"';
    let uri: string;
    before(async () => { uri = await open(text); });

    it('lists each block with its lets, and folds each block', async () => {
      const symbols = await c.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
      assert.deepEqual(symbols.map((s) => s.name), ['let a = 1;', 'DeviceProcessEvents']);
      assert.deepEqual(symbols[0].children?.map((s) => [s.name, s.detail]), [['a', 'let'], ['f', 'function']]);
      const folds = await c.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
      assert.deepEqual(folds?.map((f) => [f.startLine, f.endLine]), [[0, 3], [5, 6]]);
    });

    it('classifies tables, columns, functions and variables', async () => {
      const tokens = await c.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
      const data = tokens?.data ?? [];
      const decoded: string[] = [];
      let line = 0, char = 0;
      const types = ['class', 'property', 'function', 'variable', 'parameter', 'namespace', 'type'];
      for (let i = 0; i < data.length; i += 5) {
        line += data[i];
        char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
        decoded.push(`${text.split('\n')[line].substr(char, data[i + 2])}:${types[data[i + 3]]}`);
      }
      for (const t of ['DeviceProcessEvents:class', 'FileName:property', 'f:function', 'a:variable', 'x:parameter']) assert.ok(decoded.includes(t), `${t} in ${decoded.join(' ')}`);
    });
  });

  describe('schema replacement (kql/schema)', () => {
    it('checks queries against a schema the client sends, and goes back to the bundled one', async () => {
      const text = 'HuntTable | where Account == "x"\n\nDeviceEvents | take 1';
      const uri = await open(text);
      assert.deepEqual((await c.diagnosticsFor(uri)).map((d) => d.code), ['KS204']);
      const readyCount = c.statuses.length;
      await c.connection.sendNotification(SchemaNotification, { schema: { tables: [{ name: 'HuntTable', columns: [{ name: 'Account', type: 'string' }] }] }, source: 'test' });
      const status = await c.waitFor('new schema status', () => c.statuses[readyCount]);
      assert.equal(status.tables, 1);
      await c.waitFor('diagnostics under the new schema', () => {
        const ds = c.diagnostics.get(uri)?.diagnostics;
        return ds && ds.length === 1 && ds[0].range.start.line === 2 ? ds : undefined;
      });
      await c.connection.sendNotification(SchemaNotification, { schema: null });
      await c.waitFor('bundled schema back', () => {
        const ds = c.diagnostics.get(uri)?.diagnostics;
        return ds && ds.length === 1 && ds[0].range.start.line === 0 ? ds : undefined;
      });
    });

    it('refuses a malformed schema and keeps the current one', async () => {
      const before = c.statuses.length;
      await c.connection.sendNotification(SchemaNotification, { schema: { tables: 'nope' } });
      const status = await c.waitFor('error status', () => c.statuses[before]);
      assert.equal(status.state, 'error');
      assert.match(status.message ?? '', /tables/);
      const uri = await open('DeviceEvents | take 1');
      assert.deepEqual(await c.diagnosticsFor(uri), []);
    });
  });

  it('reports its memory and cache through kql/stats', async () => {
    const stats = await c.connection.sendRequest(StatsRequest);
    assert.ok(stats.rss > 0 && stats.documents > 0 && stats.analysedBlocks > 0, JSON.stringify(stats));
  });
});
