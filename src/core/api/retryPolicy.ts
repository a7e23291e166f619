/**
 * When the hunting client tries again, and how long it waits first.
 *
 * A hunt is a read-only query, so sending it again has no side effect beyond the tenant's quota.
 * What makes a retry "safe" here is that it can plausibly succeed and does not burn quota for
 * nothing:
 *  - 429 throttling: wait as long as `Retry-After` says (seconds or an HTTP date), capped by
 *    `maxRetryAfterMs`; a longer wait is not slept through but reported (`retryAfterMs`) so the
 *    user decides. Without the header, exponential backoff. At most `maxThrottleRetries` times.
 *  - 500/502/503/504 and a connection reset / cut-off body: exponential backoff with jitter
 *    (or `Retry-After` when a 503 sends one), at most `maxServerRetries` times.
 *  - Never: other 4xx (the same query fails the same way), quota and result-size failures even
 *    when they come as 5xx (the engine stopped the query for its cost), our own timeout (the
 *    query would run as long again), or after the caller cancelled.
 *  - 401 is handled by the client itself: one retry with a freshly fetched token.
 */
import type { HuntingError } from './huntingError';

export interface RetryPolicy {
  readonly maxThrottleRetries: number;
  readonly maxServerRetries: number;
  /** Longest `Retry-After` the client waits through on its own. */
  readonly maxRetryAfterMs: number;
  /** First backoff step; doubles each retry up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Random source for jitter, [0, 1). */
  readonly random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxThrottleRetries: 3,
  maxServerRetries: 2,
  maxRetryAfterMs: 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 15_000,
  random: Math.random,
};

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

/** `Retry-After` in milliseconds: delta-seconds (RFC 9110) or an HTTP date; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/[a-z]/i.test(v)) return undefined; // neither seconds nor a date (e.g. "-5")
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so clients spread out. */
export function backoffDelay(retryIndex: number, policy: RetryPolicy): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.round(step / 2 + policy.random() * (step / 2));
}

export interface RetryCounters {
  throttle: number;
  server: number;
}

/**
 * How long to wait before the next attempt, or undefined to give up. `transientNetwork` marks a
 * connection that broke (reset, hang-up, cut-off body) as opposed to one that never could work
 * (DNS failure, TLS error). Updates `counters` when it decides to retry.
 */
export function retryDelay(error: HuntingError, counters: RetryCounters, policy: RetryPolicy, transientNetwork = false): number | undefined {
  if (error.kind === 'cancelled') return undefined;
  if (error.status === 429 && (error.kind === 'throttled' || error.kind === 'quota')) {
    if (counters.throttle >= policy.maxThrottleRetries) return undefined;
    let delay: number;
    if (error.retryAfterMs !== undefined) {
      if (error.retryAfterMs > policy.maxRetryAfterMs) return undefined;
      delay = error.retryAfterMs;
    } else if (error.kind === 'throttled') {
      delay = backoffDelay(counters.throttle, policy);
    } else {
      return undefined; // the CPU allotment resets every 15 minutes: a few seconds will not help
    }
    counters.throttle++;
    return delay;
  }
  const serverSide = RETRYABLE_STATUS.has(error.status) && (error.kind === 'server' || error.kind === 'timeout');
  const brokenConnection = error.kind === 'network' && transientNetwork;
  if (!serverSide && !brokenConnection) return undefined;
  if (counters.server >= policy.maxServerRetries) return undefined;
  let delay = backoffDelay(counters.server, policy);
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) return undefined;
    delay = Math.max(delay, error.retryAfterMs);
  }
  counters.server++;
  return delay;
}

/** Waits `ms`, or rejects as soon as `signal` aborts (with the signal's reason). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(signal.reason); return; }
    const onAbort = () => { clearTimeout(timer); reject(signal?.reason); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
