// @ts-check
// Builds every bundle with esbuild: the extension (Node, CommonJS, 'vscode' external), the
// language server (Node), the results webview (browser), the emulator process, and the
// integration-test bundles. `--production` minifies and drops source maps (used by `npm run
// package`); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './vscode-env.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = !production && !process.argv.includes('--no-tests');
const r = (/** @type {string} */ p) => path.join(repoRoot, p);

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

/** @type {import('esbuild').BuildOptions} */
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], mainFields: ['module', 'main'] };

/** @type {import('esbuild').BuildOptions[]} */
const bundles = [
  { ...node, entryPoints: { extension: r('src/extension.ts') }, outdir: r('dist') },
  // The server is also the `kql-language-server` command (package.json "bin"): a shebang makes it executable.
  { ...node, entryPoints: { server: r('src/language/server/main.ts') }, outdir: r('dist/server'), banner: { js: '#!/usr/bin/env node' } },
  { ...common, platform: 'browser', format: 'iife', target: 'chrome120', entryPoints: { results: r('src/webview/main.ts') }, outdir: r('dist/webview') },
];
if (fs.existsSync(r('src/emulator/main.ts'))) {
  bundles.push({ ...node, entryPoints: { emulator: r('src/emulator/main.ts') }, outdir: r('dist/emulator') });
}

if (withTests) {
  const dir = r('test/integration');
  const entries = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
  // mocha stays a runtime require from node_modules (the tests run from the repo checkout).
  bundles.push({ ...node, entryPoints: entries, outdir: r('out/test/integration'), external: ['vscode', 'mocha'] });
}

/** Kusto.Language is a 5 MB global-script library: ship it beside the server bundle, not through esbuild. */
function copyStatic() {
  const kusto = r('node_modules/@kusto/language-service-next');
  const to = r('dist/server/kusto');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['bridge.min.js', 'Kusto.Language.Bridge.min.js']) fs.copyFileSync(path.join(kusto, f), path.join(to, f));
  const codicons = r('node_modules/@vscode/codicons/dist');
  if (fs.existsSync(codicons)) {
    fs.mkdirSync(r('dist/webview'), { recursive: true });
    for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(codicons, f), r(`dist/webview/${f}`));
  }
}

const t0 = Date.now();
fs.rmSync(r('dist'), { recursive: true, force: true });
if (withTests) fs.rmSync(r('out'), { recursive: true, force: true });
copyStatic();
if (watch) {
  for (const b of bundles) await (await esbuild.context(b)).watch();
  console.log('[build] watching for changes');
} else {
  await Promise.all(bundles.map((b) => esbuild.build(b)));
  fs.chmodSync(r('dist/server/server.js'), 0o755);
  console.log(`[build] ${bundles.length} bundles (${production ? 'production' : 'development'}) in ${Date.now() - t0} ms`);
}
