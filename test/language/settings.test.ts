import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, sanitizeSettings } from '../../src/shared/lsp';
import { repoRoot } from './lspClient';

describe('defenderHunt settings for the language server', () => {
  it('fills defaults and ignores values of the wrong type or outside the enum', () => {
    assert.deepEqual(sanitizeSettings(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(sanitizeSettings({ diagnostics: { enabled: 'no' }, format: { pipeOperatorStyle: 'sideways', statementStyle: 42 } }), DEFAULT_SETTINGS);
    assert.deepEqual(sanitizeSettings({ diagnostics: { enabled: false }, format: { pipeOperatorStyle: 'newLine', statementStyle: 'none' } }),
      { diagnostics: { enabled: false }, format: { pipeOperatorStyle: 'newLine', statementStyle: 'none' } });
  });

  it('matches what package.json contributes (names, defaults, enums)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown; enum?: string[] }> } } };
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['defenderHunt.diagnostics.enabled'].default, DEFAULT_SETTINGS.diagnostics.enabled);
    for (const key of ['pipeOperatorStyle', 'statementStyle'] as const) {
      const p = props[`defenderHunt.format.${key}`];
      assert.equal(p.default, DEFAULT_SETTINGS.format[key]);
      for (const v of p.enum ?? []) assert.equal(sanitizeSettings({ format: { [key]: v } }).format[key], v, `${key}=${v} accepted`);
    }
  });
});
