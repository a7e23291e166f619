// @ts-check
// Builds the VSIX offline: production bundles (vscode:prepublish), then vsce with
// --no-dependencies (everything is bundled; Kusto.Language is copied beside the server).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './vscode-env.mjs';

export function vsixPath() {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return path.join(repoRoot, 'out', `${pkg.name}-${pkg.version}.vsix`);
}

export function packageVsix({ quiet = false } = {}) {
  const out = vsixPath();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', out], {
    cwd: repoRoot, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8', input: '',
  });
  if (r.status !== 0) throw new Error(`vsce package failed (${r.status})\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const file = packageVsix();
  console.log(`VSIX: ${path.relative(process.cwd(), file)} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB)`);
}
