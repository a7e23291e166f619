/**
 * Where access tokens come from. One interface for every way of signing in (VS Code's Microsoft
 * session, client secret, certificate, device code, the offline tenant), so the API client only
 * ever asks "a token, please" and never knows how it was obtained.
 */

export interface AccessToken {
  /** The bearer token. Never log it, show it, or put it in an error message. */
  readonly token: string;
  readonly expiresOn: Date;
}

export interface GetTokenOptions {
  /** Cancels waiting for the token (the hunt was cancelled). */
  readonly signal?: AbortSignal;
  /** The last token was refused (HTTP 401): do not reuse a cached one. */
  readonly forceRefresh?: boolean;
}

export interface TokenSource {
  /** Who the token is for, for the status bar: a user name, or "app <client id>"; undefined when signed out. */
  readonly accountLabel: string | undefined;
  /**
   * A token for the connection's API, from memory while it has more than a few minutes left,
   * renewed otherwise. Never starts an interactive sign-in: throws `SignInError` of kind
   * `not-signed-in` when one is needed.
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** Forgets tokens and cached accounts (stored secrets are the caller's business). */
  signOut(): Promise<void>;
}

/** Anything that reports progress lines a person might want to read (never secrets). */
export interface AuthLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLog: AuthLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Keeps the latest token in memory and renews it `renewBeforeMs` before it expires, with one
 * renewal in flight however many callers ask at once. `fetch(forceRefresh)` gets a new token;
 * `forceRefresh` is true when a cached one exists but is due, so libraries with caches of their own
 * (msal) are told to skip theirs.
 */
export class RenewingToken {
  private current: AccessToken | undefined;
  private inFlight: Promise<AccessToken> | undefined;
  private generation = 0;

  constructor(
    private readonly fetch: (forceRefresh: boolean) => Promise<AccessToken>,
    private readonly options: { renewBeforeMs?: number; now?: () => number } = {},
  ) {}

  private get renewBeforeMs(): number { return this.options.renewBeforeMs ?? 5 * 60_000; }
  private now(): number { return (this.options.now ?? Date.now)(); }

  /** The cached token if it is still good for longer than the renewal margin. */
  peek(): AccessToken | undefined {
    const c = this.current;
    return c && c.expiresOn.getTime() - this.now() > this.renewBeforeMs ? c : undefined;
  }

  async get(signal?: AbortSignal, forceRefresh = false): Promise<AccessToken> {
    const fresh = forceRefresh ? undefined : this.peek();
    if (fresh) return fresh;
    if (forceRefresh && this.current && !this.inFlight) this.current = { ...this.current, expiresOn: new Date(0) };
    if (!this.inFlight) {
      const generation = this.generation;
      const started = this.fetch(this.current !== undefined).then((t) => {
        if (generation === this.generation) this.current = t;
        return t;
      }).finally(() => { if (this.inFlight === started) this.inFlight = undefined; });
      this.inFlight = started;
    }
    return abortable(this.inFlight, signal);
  }

  /** Adopt a token obtained elsewhere (an interactive sign-in). */
  set(token: AccessToken): void {
    this.generation++;
    this.inFlight = undefined;
    this.current = token;
  }

  /** Forget the token (sign-out, credential change). A renewal in flight no longer lands. */
  clear(): void {
    this.current = undefined;
    this.inFlight = undefined;
    this.generation++;
  }
}

/** Resolves like `p`, or rejects with an AbortError as soon as `signal` aborts. */
export function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then((v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e) => { signal.removeEventListener('abort', onAbort); reject(e); });
  });
}

export function abortError(): Error {
  const e = new Error('The operation was cancelled.');
  e.name = 'AbortError';
  return e;
}
