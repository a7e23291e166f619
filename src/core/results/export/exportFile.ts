/**
 * Writes a file so that the chosen name only ever holds a complete export: the data goes to a
 * hidden temporary file in the same folder (same filesystem, so the final rename is atomic), is
 * flushed to the disk (fsync) and only then renamed over the target. On failure or cancel the
 * temporary file is removed and an existing file under the chosen name is left untouched.
 *
 * Why fsync before the rename: without it the rename (a metadata change) can reach the disk
 * before the data does, so a crash or power loss shortly after a "successful" export could leave
 * an empty or partial file under the chosen name, which is the one thing the temp-file dance is
 * meant to prevent. With it, after a crash the name holds the old contents or the whole export.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';

/**
 * Opens the temporary file's stream. A `fs.WriteStream` opened with `autoClose: false` is
 * fsynced and closed by {@link writeFileAtomically} before the rename; any other Writable (tests
 * inject failing streams) is only ended.
 */
export type StreamOpener = (tempPath: string) => Writable;

/**
 * A 1 MiB buffer lets the serialiser run ahead of the disk while the stream batches the small
 * chunks into few large writes (`writev`); backpressure still caps what is held in memory.
 * `autoClose: false` keeps the descriptor open after the last write so it can be fsynced.
 */
export const openDurableTemp: StreamOpener = (p) => fs.createWriteStream(p, { flags: 'wx', highWaterMark: 1024 * 1024, autoClose: false });

/** The temporary name for a target: `.<name>.<random>.part` beside it. */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.part`);
}

const fsync = (fd: number) => promisify(fs.fsync)(fd);

/**
 * After the stream finished: flush our own file stream's descriptor to the disk and close it.
 * Exported for the benchmark, whose raw-write peer must do exactly the same durability work.
 */
export async function syncAndClose(out: Writable): Promise<void> {
  // `fd` is public (documented) but missing from @types/node's WriteStream.
  const fd = (out as unknown as { fd?: unknown }).fd;
  if (!(out instanceof fs.WriteStream) || typeof fd !== 'number' || out.closed) return;
  await fsync(fd);
  // destroy() closes the descriptor (WriteStream.close() would wait for a second 'finish').
  const closed = new Promise<void>((resolve, reject) => { out.once('close', resolve); out.once('error', reject); });
  out.destroy();
  await closed;
}

export async function writeFileAtomically(target: string, write: (out: Writable) => Promise<void>, open: StreamOpener = openDurableTemp): Promise<void> {
  const temp = tempPathFor(target);
  const out = open(temp);
  try {
    await write(out);
    out.end();
    await finished(out);
    await syncAndClose(out);
    await fs.promises.rename(temp, target);
  } catch (e) {
    out.destroy();
    await finished(out).catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    throw e;
  }
}
