import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { Commands } from '../../src/shared/commands';

const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('package.json manifest', () => {
  it('contributes exactly the commands of the command table', () => {
    const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(Commands).sort());
  });

  it('names every contributed command "Defender Hunt: …" in the palette', () => {
    for (const c of pkg.contributes.commands as { category?: string; title: string }[]) assert.equal(c.category, 'Defender Hunt', c.title);
  });

  it('registers kql for .kql and .csl with a grammar and language configuration', () => {
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'kql');
    assert.deepEqual(lang.extensions, ['.kql', '.csl']);
    assert.ok(fs.existsSync(new URL(`../../${lang.configuration}`, import.meta.url)));
    const grammar = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'kql');
    assert.equal(JSON.parse(fs.readFileSync(new URL(`../../${grammar.path}`, import.meta.url), 'utf8')).scopeName, grammar.scopeName);
  });

  it('targets a VS Code no newer than its libraries need, with matching @types/vscode', () => {
    assert.equal(pkg.engines.vscode, '^1.91.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '1.91.0');
  });
});
