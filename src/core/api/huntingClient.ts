/**
 * Runs one advanced hunting query against Graph `security/runHuntingQuery` (default) or the
 * legacy Defender `api/advancedhunting/run`, in any cloud of the endpoint table or at a custom
 * base URL (the emulator, a gateway), and returns a {@link ResultSet}.
 *
 * HTTP goes through node-fetch, i.e. Node's own http/https modules: inside VS Code those are
 * patched by the extension host to honour the user's proxy settings (`http.proxy`,
 * `http.proxySupport`, system certificates), which the global `fetch` (undici) is not in all
 * VS Code versions.
 *
 * Every failure becomes a {@link HuntingError}; see retryPolicy.ts for what is retried.
 */
import { randomUUID } from 'node:crypto';
import fetch, { type Response } from 'node-fetch';
import { huntingUrl, RESULT_LIMITS, type ApiKind, type CloudId, type ResultLimits } from './endpoints';
import { errorFromResponse } from './errorResponse';
import { HuntingError, isHuntingError, redactSecrets } from './huntingError';
import { parseHuntingResponse, UnexpectedResponseError } from './responseParser';
import { abortableSleep, DEFAULT_RETRY_POLICY, retryDelay, type RetryCounters, type RetryPolicy } from './retryPolicy';
import type { ResultSet } from '../results/resultSet';
import { SignInError } from '../auth/signInError';

export interface GetTokenOptions {
  /** The last token was refused (401): skip any cache and get a new one. */
  readonly forceRefresh?: boolean;
}

/**
 * Supplies the bearer token for the API's resource (the auth area implements it: `HuntTarget`
 * in src/vscode/connections/huntTarget.ts has this signature). It should honour `signal` (a
 * cancelled run stops waiting for sign-in) and may throw; a `SignInError` becomes an `auth`
 * HuntingError with the same message and the SignInError as `cause` (kind `cancelled` becomes a
 * cancelled hunt); any other error's message is shown with anything token-shaped removed.
 */
export type GetToken = (signal: AbortSignal, options?: GetTokenOptions) => Promise<string>;

export interface HuntingClientOptions {
  readonly getToken: GetToken;
  readonly api?: ApiKind;
  readonly cloud?: CloudId;
  /** Replaces the cloud's API root (scheme, host, optional path prefix), e.g. the emulator. */
  readonly baseUrl?: string;
  /** Per attempt, from sending the request to the last body byte. Default 4 minutes (the service stops queries at 3). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Row/size limits used to mark a result as truncated. */
  readonly limits?: Partial<ResultLimits>;
  /** Refuse bodies larger than this (protects the extension host's memory). Default 512 MiB. */
  readonly maxResponseBytes?: number;
  readonly userAgent?: string;
  /** Called before each retry wait (for the log and the progress message). */
  readonly onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  /** 1-based number of the attempt that just failed. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: HuntingError;
}

export interface RunOptions {
  /** ISO 8601 Timespan (`P7D`, `start/end`); Graph only, the legacy API has no such parameter. */
  readonly timespan?: string;
  readonly signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 240_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

/** Codes of a connection that broke after it was made: trying again can work. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET']);

export class HuntingClient {
  readonly api: ApiKind;
  readonly url: string;
  private readonly policy: RetryPolicy;
  private readonly limits: ResultLimits;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: HuntingClientOptions) {
    this.api = options.api ?? 'graph';
    this.url = huntingUrl(options.cloud ?? 'global', this.api, options.baseUrl);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.limits = { ...RESULT_LIMITS[this.api], ...options.limits };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  async run(query: string, options: RunOptions = {}): Promise<ResultSet> {
    const signal = options.signal ?? new AbortController().signal;
    // One id for all attempts of this run, so the service's logs tie them together.
    const clientRequestId = randomUUID();
    const body = JSON.stringify(this.api === 'graph' && options.timespan ? { Query: query, Timespan: options.timespan } : { Query: query });
    const counters: RetryCounters = { throttle: 0, server: 0 };
    let token = await this.token(signal, clientRequestId, false);
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(query, body, token, signal, clientRequestId);
      if (outcome.result) return outcome.result;
      const error = outcome.error;
      if (error.kind === 'auth' && error.status === 401 && !refreshed) {
        refreshed = true;
        token = await this.token(signal, clientRequestId, true);
        continue;
      }
      const delayMs = retryDelay(error, counters, this.policy, outcome.transient);
      if (delayMs === undefined) throw error;
      this.options.onRetry?.({ attempt, delayMs, error });
      try {
        await abortableSleep(delayMs, signal);
      } catch {
        throw cancelled(clientRequestId);
      }
    }
  }

  private async token(signal: AbortSignal, clientRequestId: string, forceRefresh: boolean): Promise<string> {
    if (signal.aborted) throw cancelled(clientRequestId);
    try {
      const token = await this.options.getToken(signal, forceRefresh ? { forceRefresh } : undefined);
      if (typeof token !== 'string' || token.length === 0) throw new Error('the token source returned no token');
      return token;
    } catch (e) {
      if (signal.aborted) throw cancelled(clientRequestId);
      if (isHuntingError(e)) throw e;
      if (e instanceof SignInError) {
        // The auth area's guidance is the message; keep the error itself for its actions.
        if (e.kind === 'cancelled') throw cancelled(clientRequestId);
        throw new HuntingError({ kind: e.kind === 'network' ? 'network' : 'auth', status: 0, message: redactSecrets(e.message), requestId: clientRequestId, cause: e });
      }
      const reason = redactSecrets(e instanceof Error ? e.message : String(e));
      throw new HuntingError({ kind: 'auth', status: 0, message: `Could not get a sign-in token: ${reason}`, requestId: clientRequestId });
    }
  }

  /** One HTTP exchange. Never throws: returns the result, or the error plus whether the connection merely broke. */
  private async attempt(query: string, body: string, token: string, signal: AbortSignal, clientRequestId: string): Promise<AttemptOutcome> {
    if (signal.aborted) return { error: cancelled(clientRequestId) };
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => { timedOut = true; controller.abort(); }, this.timeoutMs);
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json; charset=utf-8',
          Accept: 'application/json',
          'client-request-id': clientRequestId,
          'return-client-request-id': 'true',
          ...(this.options.userAgent && { 'User-Agent': this.options.userAgent }),
        },
        body,
        signal: controller.signal,
        redirect: 'error', // never forward the bearer token to another host
      });
      const { text, bytes } = await readBody(res, this.maxResponseBytes, clientRequestId);
      if (res.status < 200 || res.status >= 300) {
        return { error: errorFromResponse({ status: res.status, statusText: res.statusText, header: (n) => res.headers.get(n), bodyText: text }, { api: this.api, clientRequestId, secrets: [token], query }) };
      }
      const requestId = res.headers.get('request-id') ?? res.headers.get('x-ms-request-id') ?? clientRequestId;
      return { result: this.parse(text, bytes, res.status, requestId) };
    } catch (e) {
      if (signal.aborted) return { error: cancelled(clientRequestId) };
      if (timedOut) {
        return { error: new HuntingError({ kind: 'timeout', status: 0, message: `No complete answer from the service within ${formatMs(this.timeoutMs)}; the request was cancelled.`, requestId: clientRequestId }) };
      }
      if (isHuntingError(e)) return { error: e };
      return networkError(e, clientRequestId, token);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      // Closes the socket if the body was not read to the end (a failure part-way); a no-op otherwise.
      controller.abort();
    }
  }

  private parse(text: string, bytes: number, status: number, requestId: string): ResultSet {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new HuntingError({ kind: 'server', status, message: `The service's answer is not valid JSON (${bytes} bytes). Request id: ${requestId}.`, requestId });
    }
    try {
      return parseHuntingResponse(doc, { limits: this.limits, bodyBytes: bytes });
    } catch (e) {
      if (!(e instanceof UnexpectedResponseError)) throw e;
      throw new HuntingError({ kind: 'server', status, message: `The service's answer is not a hunting result: ${e.message}. Request id: ${requestId}.`, requestId });
    }
  }
}

type AttemptOutcome =
  | { readonly result: ResultSet; readonly error?: undefined; readonly transient?: undefined }
  | { readonly result?: undefined; readonly error: HuntingError; readonly transient?: boolean };

/** Reads the whole body (the caller needs all of it to parse JSON), refusing more than `maxBytes`. */
async function readBody(res: Response, maxBytes: number, clientRequestId: string): Promise<{ text: string; bytes: number }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  if (res.body) {
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      bytes += buf.length;
      if (bytes > maxBytes) {
        throw new HuntingError({
          kind: 'too-large', status: res.status, requestId: res.headers.get('request-id') ?? clientRequestId,
          message: `The answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; narrow the query with project, summarize or take.`,
        });
      }
      chunks.push(buf);
    }
  }
  return { text: Buffer.concat(chunks, bytes).toString('utf8'), bytes };
}

function cancelled(requestId: string): HuntingError {
  return new HuntingError({ kind: 'cancelled', status: 0, message: 'The hunt was cancelled.', requestId });
}

function networkError(e: unknown, requestId: string, token: string): AttemptOutcome {
  const err = e as { code?: string; errno?: string; message?: string; type?: string; erroredSysCall?: string };
  const code = err.code ?? err.errno ?? '';
  const raw = err.message ?? String(e);
  const transient = TRANSIENT_NETWORK_CODES.has(code) || /premature close|socket hang up|aborted|terminated/i.test(raw);
  const reason = redactSecrets(raw, [token]);
  return {
    error: new HuntingError({ kind: 'network', status: 0, message: `Could not reach the hunting service${code ? ` (${code})` : ''}: ${reason}`, requestId, ...(code && { code }) }),
    transient,
  };
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
