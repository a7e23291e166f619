/** Shared pieces of the hunting client tests: a token source that records its calls, and checks. */
import assert from 'node:assert/strict';
import { HuntingClient, type GetTokenOptions, type HuntingClientOptions } from '../../../src/core/api/huntingClient';
import { HuntingError, type HuntingErrorKind } from '../../../src/core/api/huntingError';

/** JWT-shaped, so the redaction of both the exact string and the JWT pattern is exercised. */
export const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0LXVzZXIifQ.c2lnbmF0dXJlLW9uZQ';
export const FRESH_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmcmVzaC11c2VyIn0.c2lnbmF0dXJlLXR3bw';

export interface TokenCalls { readonly calls: (GetTokenOptions | undefined)[] }

/** First call gives TOKEN, any forced refresh gives FRESH_TOKEN. */
export function tokenSource(): TokenCalls & { getToken: HuntingClientOptions['getToken'] } {
  const calls: (GetTokenOptions | undefined)[] = [];
  return {
    calls,
    getToken: async (_signal, options) => {
      calls.push(options);
      return options?.forceRefresh ? FRESH_TOKEN : TOKEN;
    },
  };
}

/** A client for tests: fast backoff, no random jitter surprises. */
export function testClient(baseUrl: string, extra: Partial<HuntingClientOptions> = {}): { client: HuntingClient; tokens: TokenCalls } {
  const t = tokenSource();
  const client = new HuntingClient({
    getToken: t.getToken,
    baseUrl,
    ...extra,
    retry: { baseDelayMs: 5, maxDelayMs: 20, random: () => 0.5, ...extra.retry },
  });
  return { client, tokens: t };
}

/** Awaits a rejection and checks it is a HuntingError of `kind` that leaks no token anywhere. */
export async function expectHuntingError(p: Promise<unknown>, kind: HuntingErrorKind): Promise<HuntingError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof HuntingError, `expected a HuntingError, got ${caught instanceof Error ? caught.stack : String(caught)}`);
  assert.equal(caught.kind, kind, `kind (message: ${caught.message})`);
  assertNoToken(caught);
  assert.ok(caught.requestId.length > 0, 'every error carries a request id');
  return caught;
}

export function assertNoToken(e: HuntingError): void {
  for (const text of [e.message, JSON.stringify(e), e.stack ?? '', String(e)]) {
    for (const secret of [TOKEN, FRESH_TOKEN, 'c2lnbmF0dXJl']) assert.ok(!text.includes(secret), `token material in error text: ${text}`);
  }
}
