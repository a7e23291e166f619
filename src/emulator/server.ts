/**
 * The offline Defender hunting API: an HTTP server on 127.0.0.1 serving Graph
 * `POST /v1.0/security/runHuntingQuery` and legacy `POST /api/advancedhunting/run` over the
 * seeded sample tenant. `startEmulator()` is the programmatic entry (tests, benchmarks, the CLI).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { API_PATH, type ApiKind } from '../core/api/endpoints';
import { parseTrustedKeys } from './auth';
import { Dataset } from './data/dataset';
import { QueryEngine } from './engine';
import { FaultController } from './faults';
import { handleHunt, type HuntingContext } from './hunting';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from './rateLimit';
import { errorBody } from './responses';

export interface EmulatorOptions {
  /** Port on 127.0.0.1 (default 0: a random free port). */
  readonly port?: number;
  /** The dev token (default: random per start). */
  readonly devToken?: string;
  /** PEM public keys (or certificates) of the test authority whose RS256 JWTs are accepted. */
  readonly trustedKeys?: readonly string[];
  /** Background rows of DeviceProcessEvents (other tables scale from it). Default 2,000. */
  readonly rows?: number;
  readonly seed?: string;
  /** Clock in epoch ms (default Date.now); the data is generated relative to its value at start. */
  readonly clock?: () => number;
  /** Fault injection (never on by default). */
  readonly faults?: boolean;
  /** Per-tenant quota; `false` disables it. Default 45 calls per 60 s. */
  readonly rateLimit?: RateLimit | false;
  /** Row cap of a result (default 100,000). */
  readonly maxRows?: number;
  /** Result size limit in bytes per API (default 50 MiB for both). */
  readonly maxResultBytes?: Partial<Record<ApiKind, number>>;
  /** Load Kusto.Language and analyse a first query right after start (default true). */
  readonly warmUp?: boolean;
  /** One line per request (never tokens or query text). */
  readonly log?: (line: string) => void;
}

export interface RunningEmulator {
  readonly url: string;
  readonly port: number;
  readonly devToken: string;
  readonly dataset: Dataset;
  readonly faults: FaultController;
  /** Resolves once Kusto.Language is loaded and warm. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_ROWS = 100_000;
export const DEFAULT_MAX_RESULT_BYTES = 50 * 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = options.clock ?? Date.now;
  const devToken = options.devToken ?? `dhemu_${randomBytes(24).toString('base64url')}`;
  const dataset = new Dataset({ rows: options.rows, seed: options.seed, now: clock() });
  const engine = new QueryEngine(dataset, clock);
  const faults = new FaultController(options.faults === true);
  const log = options.log ?? (() => undefined);
  let baseUrl = '';
  const ctx: HuntingContext = {
    engine, dataset, faults, clock, log,
    auth: { devToken, trustedKeys: parseTrustedKeys(options.trustedKeys ?? []), clock },
    limiter: new RateLimiter(options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit),
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    maxResultBytes: { graph: options.maxResultBytes?.graph ?? DEFAULT_MAX_RESULT_BYTES, legacy: options.maxResultBytes?.legacy ?? DEFAULT_MAX_RESULT_BYTES },
    baseUrl: () => baseUrl,
  };

  const server = createServer((req, res) => {
    route(req, res, ctx, devToken).catch((e: unknown) => {
      log(`internal error: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) { res.writeHead(500, { 'Content-Type': 'application/json' }); res.end('{"error":{"code":"InternalServerError","message":""}}'); } else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  const ready = new Promise<void>((resolve, reject) => {
    if (options.warmUp === false) { resolve(); return; }
    setImmediate(() => { try { engine.warmUp(); resolve(); } catch (e) { reject(e as Error); } });
  });
  ready.catch((e: unknown) => log(`warm-up failed: ${(e as Error).message}`));

  return {
    url: baseUrl, port, devToken, dataset, faults, ready,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
}

const GRAPH_PATHS = new Set([API_PATH.graph, '/beta/security/runHuntingQuery']);

async function route(req: IncomingMessage, res: ServerResponse, ctx: HuntingContext, devToken: string): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const api: ApiKind | undefined = GRAPH_PATHS.has(path) ? 'graph' : path.toLowerCase() === API_PATH.legacy ? 'legacy' : undefined;
  if (api) {
    if (req.method !== 'POST') return plainError(res, path.startsWith('/api') ? 'legacy' : 'graph', 405, 'MethodNotAllowed', `The HTTP method '${req.method}' is not allowed; use POST.`, ctx, { Allow: 'POST' });
    return handleHunt(api, req, res, ctx);
  }
  if (path === '/emulator/faults' && ctx.faults.enabled) return faultControl(req, res, ctx, devToken);
  return plainError(res, path.startsWith('/api') ? 'legacy' : 'graph', 404, path.startsWith('/api') ? 'ResourceNotFound' : 'UnknownError', `Resource not found for the segment '${path.split('/').filter(Boolean).pop() ?? ''}'.`, ctx);
}

function plainError(res: ServerResponse, api: ApiKind, status: number, code: string, message: string, ctx: HuntingContext, headers: Record<string, string> = {}): void {
  const ids = { requestId: randomUUID(), clientRequestId: randomUUID() };
  const e = errorBody(api, status, code, message, ids, ctx.clock(), headers);
  res.writeHead(e.status, { 'Content-Type': 'application/json; charset=utf-8', 'request-id': ids.requestId, ...e.headers });
  res.end(e.body);
}

/** GET/POST/DELETE /emulator/faults (dev token required): inspect, queue or clear injected faults. */
async function faultControl(req: IncomingMessage, res: ServerResponse, ctx: HuntingContext, devToken: string): Promise<void> {
  if (req.headers.authorization !== `Bearer ${devToken}`) return plainError(res, 'graph', 401, 'InvalidAuthenticationToken', 'The fault control endpoint needs the dev token.', ctx);
  const json = (status: number, body: unknown) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(body === undefined ? undefined : JSON.stringify(body)); };
  if (req.method === 'GET') return json(200, { pending: ctx.faults.pending() });
  if (req.method === 'DELETE') { ctx.faults.clear(); return json(204, undefined); }
  if (req.method === 'POST') {
    let text = '';
    for await (const chunk of req) text += chunk;
    try {
      const body = JSON.parse(text) as { faults?: unknown };
      if (!Array.isArray(body.faults) || !body.faults.every((f) => typeof f === 'string')) throw new Error('expected {"faults": ["503", "slow:2000", ...]}');
      ctx.faults.enqueue(...(body.faults as string[]));
      return json(200, { pending: ctx.faults.pending() });
    } catch (e) {
      return json(400, { error: { code: 'BadRequest', message: (e as Error).message } });
    }
  }
  return json(405, { error: { code: 'MethodNotAllowed', message: 'use GET, POST or DELETE' } });
}
