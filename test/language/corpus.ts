/**
 * Locates the shared corpus of real hunting queries (../shared/corpus beside the repository, or
 * DH_CORPUS_DIR). Tests that use it skip with a clear message when it is absent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface CorpusFiles {
  readonly dir: string;
  /** Absolute paths of every `.kql` file, sorted. */
  readonly paths: readonly string[];
  /** Set when the corpus is missing: pass it as node:test's `skip` option. */
  readonly skipReason: string | false;
}

export function corpusFiles(): CorpusFiles {
  const dir = process.env.DH_CORPUS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
  if (!fs.existsSync(dir)) return { dir, paths: [], skipReason: `corpus not found at ${dir} (set DH_CORPUS_DIR to run this suite)` };
  const paths: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (e.name.endsWith('.kql')) paths.push(p);
    }
  };
  walk(dir);
  paths.sort();
  return { dir, paths, skipReason: paths.length ? false : `corpus at ${dir} holds no .kql files` };
}
