import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import { exportResultToFile, resultToString, writeResult } from '../../src/core/results/export/resultExport';
import { isExportCancelled } from '../../src/core/results/export/streamWriter';
import { DEFAULT_CHUNK_CHARS } from '../../src/core/results/export/chunks';
import type { ResultSet } from '../../src/core/results/resultSet';
import { bigResult, hostileResult } from './support/hostileResult';

/** The row as JSON should give it back: value types kept, nothing neutralised. */
function asObject(result: ResultSet, r: number): Record<string, unknown> {
  return Object.fromEntries(result.columns.map((c, i) => [c.name, result.rows[r][i] ?? null]));
}

describe('JSON and JSON Lines export', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-json-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('JSON array: hostile data round trips with types preserved', async () => {
    const result = hostileResult();
    const file = path.join(dir, 'hostile.json');
    await exportResultToFile(result, file, { format: 'json' });
    const back = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[];
    assert.equal(back.length, result.rows.length);
    back.forEach((obj, r) => assert.deepEqual(obj, asObject(result, r), `row ${r}`));
    const first = back[0] as Record<string, unknown>;
    assert.equal(typeof first.Count, 'number');
    assert.equal(typeof first.Flag, 'boolean');
    assert.equal(typeof first.AdditionalFields, 'object', 'dynamic stays nested JSON, not a string');
  });

  it('JSON Lines: one object per line, same values', async () => {
    const result = hostileResult();
    const file = path.join(dir, 'hostile.jsonl');
    await exportResultToFile(result, file, { format: 'jsonl' });
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.endsWith('\n'));
    const lines = text.slice(0, -1).split('\n');
    assert.equal(lines.length, result.rows.length, 'newlines inside values are escaped, so lines == rows');
    lines.forEach((l, r) => assert.deepEqual(JSON.parse(l), asObject(result, r)));
  });

  it('selection and order apply to JSON too; empty results are valid documents', async () => {
    const result = hostileResult();
    const file = path.join(dir, 'sel.json');
    await exportResultToFile(result, file, { format: 'json', selection: { rowOrder: [3, 1], columns: [2, 1] } });
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), [3, 1].map((r) => ({ Count: result.rows[r][2], Text: result.rows[r][1] })));
    const empty: ResultSet = { columns: result.columns, rows: [] };
    await exportResultToFile(empty, file, { format: 'json' });
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), []);
    await exportResultToFile(empty, file, { format: 'jsonl' });
    assert.equal(fs.readFileSync(file, 'utf8'), '');
  });

  it('100,000 rows as JSON: zero lost rows, every value equal', async () => {
    const result = bigResult(100_000);
    const file = path.join(dir, 'big.json');
    await exportResultToFile(result, file, { format: 'json' });
    const back = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[];
    assert.equal(back.length, 100_000);
    for (let r = 0; r < back.length; r++) assert.deepEqual(back[r], asObject(result, r));
  });
});

describe('export to a file: nothing half-written under the chosen name', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-atomic-')); });
  after(() => { /* each test's folder is removed by the test itself */ });

  const listing = () => fs.readdirSync(dir).sort();

  it('success: only the target remains (the temporary file is renamed)', async () => {
    const target = path.join(dir, 'out.csv');
    await exportResultToFile(hostileResult(), target, { format: 'csv' });
    assert.deepEqual(listing(), ['out.csv']);
    fs.rmSync(dir, { recursive: true });
  });

  it('flushes the data to the disk (fsync) before the rename, then closes the file', async () => {
    const target = path.join(dir, 'durable.csv');
    const calls: string[] = [];
    const fsync = fs.fsync, rename = fs.promises.rename;
    // Record the order of the durability steps (the real calls still happen).
    fs.fsync = ((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => { calls.push('fsync'); fsync(fd, cb); }) as typeof fs.fsync;
    fs.promises.rename = (async (a: fs.PathLike, b: fs.PathLike) => { calls.push(`rename ${path.basename(String(b))}`); return rename(a, b); }) as typeof fs.promises.rename;
    try {
      await exportResultToFile(bigResult(5_000), target, { format: 'csv' });
    } finally {
      fs.fsync = fsync;
      fs.promises.rename = rename;
    }
    assert.deepEqual(calls, ['fsync', 'rename durable.csv']);
    assert.deepEqual(listing(), ['durable.csv']);
    assert.equal(fs.readFileSync(target, 'utf8'), resultToString(bigResult(5_000), { format: 'csv' }));
    fs.rmSync(dir, { recursive: true });
  });

  it('cancel mid-export leaves no file and no temporary file', async () => {
    const target = path.join(dir, 'cancelled.csv');
    const controller = new AbortController();
    let chunks = 0;
    const p = exportResultToFile(bigResult(100_000), target, {
      format: 'csv', signal: controller.signal,
      onProgress: (done, total) => { chunks++; if (chunks === 3) { assert.ok(done < total); controller.abort(); } },
    });
    await assert.rejects(p, (e) => isExportCancelled(e));
    assert.equal(chunks, 3, 'no chunk is produced after the abort');
    assert.deepEqual(listing(), []);
    fs.rmSync(dir, { recursive: true });
  });

  it('cancel keeps an existing file under the chosen name as it was', async () => {
    const target = path.join(dir, 'existing.csv');
    fs.writeFileSync(target, 'previous export\r\n');
    const controller = new AbortController();
    const p = exportResultToFile(bigResult(100_000), target, { format: 'csv', signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(p, (e) => isExportCancelled(e));
    assert.deepEqual(listing(), ['existing.csv']);
    assert.equal(fs.readFileSync(target, 'utf8'), 'previous export\r\n');
    fs.rmSync(dir, { recursive: true });
  });

  it('a failing stream (disk full) leaves no file', async () => {
    const target = path.join(dir, 'full.csv');
    let opened = '';
    // A real file stream that fails like a full disk after 1 MB.
    const openFailing = (temp: string) => {
      opened = temp;
      const file = fs.createWriteStream(temp, { flags: 'wx' });
      let bytes = 0;
      return new Writable({
        write(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          if (bytes > 1_000_000) { cb(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })); return; }
          file.write(chunk, cb);
        },
        final(cb) { file.end(cb); },
        destroy(err, cb) { file.destroy(); file.once('close', () => cb(err)); },
      });
    };
    await assert.rejects(exportResultToFile(bigResult(100_000), target, { format: 'csv' }, openFailing), /ENOSPC/);
    assert.ok(opened.startsWith(dir), 'the temporary file was in the target folder');
    assert.deepEqual(listing(), []);
    fs.rmSync(dir, { recursive: true });
  });

  it('a value that cannot be serialised fails the export and leaves no file', async () => {
    const target = path.join(dir, 'bad.json');
    const result = bigResult(20_000);
    const poisoned: ResultSet = {
      columns: result.columns,
      rows: result.rows.map((r, i) => (i === 15_000 ? r.map((v, c) => (c === 6 ? { toJSON() { throw new Error('cannot serialise'); } } : v)) : r)),
    };
    await assert.rejects(exportResultToFile(poisoned, target, { format: 'json' }), /cannot serialise/);
    assert.deepEqual(listing(), []);
    fs.rmSync(dir, { recursive: true });
  });

  it('a folder that does not exist fails cleanly', async () => {
    await assert.rejects(exportResultToFile(hostileResult(), path.join(dir, 'missing', 'x.csv'), { format: 'csv' }), /ENOENT/);
    assert.deepEqual(listing(), []);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('streaming with backpressure', () => {
  /** A slow sink with a small buffer that records how much was ever queued in it. */
  function slowSink(highWaterMark: number) {
    const stats = { maxQueued: 0, bytes: 0, writes: 0 };
    const sink = new Writable({
      highWaterMark,
      write(chunk: Buffer, _enc, cb) {
        stats.bytes += chunk.length;
        stats.writes++;
        setImmediate(cb);
      },
    });
    const write = sink.write.bind(sink);
    sink.write = ((chunk: string, ...rest: never[]) => {
      const ok = write(chunk, ...rest);
      stats.maxQueued = Math.max(stats.maxQueued, sink.writableLength);
      return ok;
    }) as typeof sink.write;
    return { sink, stats };
  }

  it('never queues more than one chunk beyond the stream buffer', async () => {
    const { sink, stats } = slowSink(16 * 1024);
    const result = bigResult(30_000);
    await writeResult(result, sink, { format: 'csv' });
    assert.ok(stats.writes > 5, 'several chunks');
    // One chunk is at most DEFAULT_CHUNK_CHARS + one row of characters; UTF-8 at most 3 bytes/char.
    assert.ok(stats.maxQueued <= 16 * 1024 + 3 * (DEFAULT_CHUNK_CHARS + 4096), `queued ${stats.maxQueued}`);
    assert.equal(stats.bytes, Buffer.byteLength(await collect(result)));
  });

  it('a stream error mid-way rejects the export instead of crashing the process', async () => {
    let n = 0;
    const sink = new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, cb) { n++; setImmediate(() => cb(n === 3 ? new Error('socket gone') : null)); },
    });
    await assert.rejects(writeResult(bigResult(30_000), sink, { format: 'jsonl' }), /socket gone/);
  });

  it('a stream destroyed by someone else rejects too', async () => {
    const sink = new Writable({ highWaterMark: 1024, write(_c, _e, cb) { setImmediate(cb); } });
    const p = writeResult(bigResult(30_000), sink, { format: 'csv', onProgress: (done) => { if (done > 0) sink.destroy(); } });
    await assert.rejects(p, /closed|destroyed|premature/i);
  });
});

async function collect(result: ResultSet): Promise<string> {
  let text = '';
  const sink = new Writable({ write(chunk: Buffer, _e, cb) { text += chunk.toString('utf8'); cb(); } });
  await writeResult(result, sink, { format: 'csv' });
  return text;
}
