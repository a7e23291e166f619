/**
 * Writes a file so that the chosen name only ever holds a complete export: the data goes to a
 * hidden temporary file in the same folder (same filesystem, so the final rename is atomic) and
 * is renamed over the target on success. On failure or cancel the temporary file is removed and
 * an existing file under the chosen name is left untouched.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

export type StreamOpener = (tempPath: string) => Writable;

/**
 * A 1 MiB buffer lets the serialiser run ahead of the disk while the stream batches the small
 * chunks into few large writes (`writev`); backpressure still caps what is held in memory.
 */
const openTemp: StreamOpener = (p) => fs.createWriteStream(p, { flags: 'wx', highWaterMark: 1024 * 1024 });

/** The temporary name for a target: `.<name>.<random>.part` beside it. */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.part`);
}

export async function writeFileAtomically(target: string, write: (out: Writable) => Promise<void>, open: StreamOpener = openTemp): Promise<void> {
  const temp = tempPathFor(target);
  const out = open(temp);
  try {
    await write(out);
    out.end();
    await finished(out);
    await fs.promises.rename(temp, target);
  } catch (e) {
    out.destroy();
    await finished(out).catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    throw e;
  }
}
