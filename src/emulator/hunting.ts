/**
 * One hunting request, in the order the service applies its checks: injected fault (tests only),
 * bearer token, tenant quota, request body, Timespan (Graph), the query itself, row cap and
 * result size. Every failure uses the calling API's own error envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ApiKind } from '../core/api/endpoints';
import { authenticate, type AuthConfig } from './auth';
import type { Dataset } from './data/dataset';
import type { QueryEngine } from './engine';
import { QueryError } from './executor/errors';
import type { Table } from './executor/values';
import type { Fault, FaultController } from './faults';
import type { RateLimiter } from './rateLimit';
import { errorBody, RESULT_SIZE_MESSAGE, resultSize, successBody, type ErrorBody, type RequestIds } from './responses';
import { resolveTimespan, TimespanError } from './timespan';

export interface HuntingContext {
  readonly engine: QueryEngine;
  readonly dataset: Dataset;
  readonly auth: AuthConfig;
  readonly limiter: RateLimiter;
  readonly faults: FaultController;
  readonly clock: () => number;
  readonly maxRows: number;
  readonly maxResultBytes: Readonly<Record<ApiKind, number>>;
  readonly baseUrl: () => string;
  readonly log: (line: string) => void;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The 20 columns of the `huge` fault and of the documented 100,000 × 20 benchmark query. */
export const WIDE_COLUMNS = [
  'Timestamp', 'DeviceId', 'DeviceName', 'ActionType', 'FileName', 'FolderPath', 'SHA1', 'ProcessId', 'ProcessCommandLine', 'ProcessIntegrityLevel',
  'AccountDomain', 'AccountName', 'AccountSid', 'LogonId', 'InitiatingProcessFileName', 'InitiatingProcessId', 'InitiatingProcessCommandLine',
  'InitiatingProcessParentFileName', 'ReportId', 'FileSize',
] as const;

const CONTENT_TYPE: Record<ApiKind, string> = {
  graph: 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
  legacy: 'application/json; charset=utf-8',
};

function send(res: ServerResponse, api: ApiKind, e: ErrorBody): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(e.status, { 'Content-Type': CONTENT_TYPE[api], ...e.headers });
  res.end(e.body);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function handleHunt(api: ApiKind, req: IncomingMessage, res: ServerResponse, ctx: HuntingContext): Promise<void> {
  const started = Date.now();
  const header = (name: string) => { const v = req.headers[name]; return Array.isArray(v) ? v[0] : v; };
  const ids: RequestIds = { requestId: randomUUID(), clientRequestId: header('client-request-id') ?? randomUUID() };
  res.setHeader('request-id', ids.requestId);
  res.setHeader('client-request-id', ids.clientRequestId);
  if (api === 'graph') res.setHeader('x-ms-ags-diagnostic', JSON.stringify({ ServerInfo: { DataCenter: 'Emulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'localhost' } }));
  const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) => {
    send(res, api, errorBody(api, status, code, message, ids, ctx.clock(), headers));
    ctx.log(`${api} ${status} ${code} ${Date.now() - started}ms`);
  };

  let fault: Fault | undefined;
  try {
    fault = ctx.faults.next(header('x-emulator-fault'));
  } catch (e) {
    return fail(400, 'BadRequest', (e as Error).message);
  }
  if (fault) {
    ctx.log(`${api} fault ${fault.kind}${fault.value !== undefined ? ':' + fault.value : ''}`);
    switch (fault.kind) {
      case 'reset': req.socket.destroy(); return;
      case 'slow': await delay(fault.value ?? 3000); break;
      case '429': return fail(429, api === 'graph' ? 'TooManyRequests' : '429', ctx.limiter.describe() || 'Too many requests', { 'Retry-After': String(fault.value ?? 1) });
      case '500': return fail(500, api === 'graph' ? 'UnknownError' : 'InternalServerError', api === 'graph' ? '' : 'An unexpected error occurred during query execution. Please try again in a few minutes.');
      case '503': return fail(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.', { 'Retry-After': String(fault.value ?? 1) });
      case '504': return fail(504, api === 'graph' ? 'UnknownError' : 'GatewayTimeout', '');
      default: break;
    }
  }

  const auth = authenticate(header('authorization'), api, ctx.auth);
  if (!auth.ok) {
    if (auth.status === 403) {
      const needed = api === 'graph' ? 'ThreatHunting.Read.All' : 'AdvancedHunting.Read.All, AdvancedHunting.Read';
      return api === 'graph'
        ? fail(403, 'Forbidden', `Missing role permissions on the request. API requires one of '${needed}'.`)
        : fail(403, 'Forbidden', `The application does not have any of the required application permissions (${needed}) to access the resource.`);
    }
    const graphMessage = auth.reason === 'missing' ? 'Access token is empty.' : auth.reason === 'expired' ? 'Lifetime validation failed, the token is expired.'
      : auth.reason === 'audience' ? 'Access token validation failure. Invalid audience.' : 'Access token validation failure.';
    return api === 'graph'
      ? fail(401, 'InvalidAuthenticationToken', graphMessage, { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"' })
      : fail(401, 'Unauthorized', 'Invalid or expired authorization header', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  }

  const quota = ctx.limiter.take(auth.tenant, ctx.clock());
  if (!quota.ok) return fail(429, api === 'graph' ? 'TooManyRequests' : '429', ctx.limiter.describe(), { 'Retry-After': String(quota.retryAfterSeconds) });

  const raw = await readBody(req);
  if (raw === undefined) return fail(413, api === 'graph' ? 'RequestEntityTooLarge' : 'InvalidRequestBody', 'The request body is too large.');
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return fail(400, api === 'graph' ? 'BadRequest' : 'InvalidRequestBody', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(400, api === 'graph' ? 'BadRequest' : 'InvalidRequestBody', 'The request body must be a JSON object.');
  const fields = body as Record<string, unknown>;
  // Graph binds OData properties case-insensitively; the legacy API's `Query` is case-sensitive
  const find = (name: string) => (api === 'graph' ? Object.keys(fields).find((k) => k.toLowerCase() === name.toLowerCase()) : name in fields ? name : undefined);
  const queryKey = find('Query');
  const query = queryKey ? fields[queryKey] : undefined;
  if (typeof query !== 'string' || query.trim() === '') {
    return api === 'graph' ? fail(400, 'BadRequest', "The 'Query' parameter is required and must be a non-empty string.")
      : fail(400, 'MissingRequiredParameter', "Missing required parameter 'Query'.");
  }

  let window;
  try {
    const tsKey = api === 'graph' ? find('Timespan') : undefined;
    window = resolveTimespan(tsKey ? fields[tsKey] : undefined, ctx.clock());
  } catch (e) {
    if (e instanceof TimespanError) return fail(400, 'BadRequest', e.message);
    throw e;
  }

  let table: Table;
  let visualization: string | undefined;
  if (fault?.kind === 'huge') {
    table = hugeTable(ctx.dataset, fault.value ?? 100_000);
  } else {
    try {
      const out = ctx.engine.run(query, window);
      table = out.table;
      visualization = out.hints.render?.visualization;
    } catch (e) {
      if (e instanceof QueryError) return fail(400, 'BadRequest', e.message);
      ctx.log(`${api} 500 ${(e as Error).stack ?? String(e)}`);
      return fail(500, api === 'graph' ? 'UnknownError' : 'InternalServerError', 'An unexpected error occurred during query execution. Please try again in a few minutes.');
    }
  }

  const rowLimit = fault?.kind === 'huge' ? Infinity : ctx.maxRows;
  const size = resultSize(table, rowLimit);
  if (fault?.kind !== 'huge' && size > ctx.maxResultBytes[api]) return fail(400, 'BadRequest', RESULT_SIZE_MESSAGE);
  const { body: json, rows } = successBody(api, table, rowLimit, ctx.baseUrl(), Date.now() - started, size);
  const payload = Buffer.from(json, 'utf8');
  const headers: Record<string, string | number> = { 'Content-Type': CONTENT_TYPE[api], 'Content-Length': payload.length };
  if (rows < table.rows.length) headers['x-emulator-truncated'] = `rows=${rows};total=${table.rows.length}`;
  if (visualization) headers['x-emulator-visualization'] = visualization.replace(/[^\w-]/g, '');
  res.writeHead(200, headers);
  if (fault?.kind === 'truncate') {
    res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
  } else {
    res.end(payload);
  }
  ctx.log(`${api} 200 rows=${rows} bytes=${payload.length} ${Date.now() - started}ms`);
}

/** The `huge` fault's result: DeviceProcessEvents' 20 wide columns, rows repeated up to `rows`. */
function hugeTable(dataset: Dataset, rows: number): Table {
  const source = dataset.table('DeviceProcessEvents');
  if (!source || source.rows.length === 0) return { columns: [], rows: [] };
  const picks = WIDE_COLUMNS.map((n) => source.columns.findIndex((c) => c.name === n));
  const columns = picks.map((i) => source.columns[i]);
  const out = [];
  for (let r = 0; r < rows; r++) {
    const row = source.rows[r % source.rows.length];
    out.push(picks.map((i) => row[i]));
  }
  return { columns, rows: out };
}
