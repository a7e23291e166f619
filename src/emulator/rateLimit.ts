/**
 * Per-tenant call quota: at most `calls` accepted calls in any sliding `windowSeconds` (the APIs
 * document "at least 45 calls per minute per tenant"). A refused call does not count, and
 * Retry-After says when the oldest call in the window leaves it.
 */

export interface RateLimit {
  readonly calls: number;
  readonly windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { calls: 45, windowSeconds: 60 };

export class RateLimiter {
  private readonly calls = new Map<string, number[]>();
  constructor(private readonly limit: RateLimit | false) {}

  /** Records a call for `tenant` at `nowMs`; returns the seconds to wait when over the quota. */
  take(tenant: string, nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (!this.limit) return { ok: true };
    const windowMs = this.limit.windowSeconds * 1000;
    const list = (this.calls.get(tenant) ?? []).filter((t) => t > nowMs - windowMs);
    if (list.length >= this.limit.calls) {
      this.calls.set(tenant, list);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((list[0] + windowMs - nowMs) / 1000)) };
    }
    list.push(nowMs);
    this.calls.set(tenant, list);
    return { ok: true };
  }

  /** `maximum allowed 45 per 00:01:00`, as the service words it. */
  describe(): string {
    if (!this.limit) return '';
    const s = this.limit.windowSeconds;
    const hh = String(Math.floor(s / 3600)).padStart(2, '0');
    const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
    const ss = String(s % 60).padStart(2, '0');
    return `API calls quota exceeded! maximum allowed ${this.limit.calls} per ${hh}:${mm}:${ss}`;
  }
}
