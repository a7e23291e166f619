/**
 * The one error type the hunting client throws. `kind` is what the UI branches on; `message` is
 * safe to show (never a token, never a stack); `requestId` is what a support case needs and is
 * always set (the server's id when it sent one, else the `client-request-id` we sent).
 */

export type HuntingErrorKind =
  | 'syntax' // the engine could not parse the query
  | 'semantic' // parsed, but names/types do not resolve (also other 400s from the engine)
  | 'auth' // no token, or the service rejected it (401) even after a refresh
  | 'permission' // 403: token valid, permission or role missing
  | 'throttled' // 429: request rate limit
  | 'quota' // tenant CPU/resource allotment used up, or the query was stopped for resource use
  | 'timeout' // our timeout, a gateway timeout (504/408), or the engine's own time limit
  | 'network' // could not connect, connection reset, body cut off
  | 'server' // 5xx, or a response we cannot read
  | 'too-large' // result (or query) exceeds the service's size limit, or our response cap
  | 'cancelled'; // the caller aborted

export const HUNTING_ERROR_KINDS: readonly HuntingErrorKind[] = [
  'syntax', 'semantic', 'auth', 'permission', 'throttled', 'quota', 'timeout', 'network', 'server', 'too-large', 'cancelled',
];

export interface HuntingErrorInit {
  readonly kind: HuntingErrorKind;
  /** HTTP status; 0 when no response arrived (network, timeout, cancel, token failure). */
  readonly status: number;
  readonly message: string;
  readonly requestId: string;
  /** The service's error code (`BadRequest`, `UnknownError`, `TooManyRequests`, `429`, ...). */
  readonly code?: string;
  /** 1-based position in the query that was sent, when the engine named one. */
  readonly line?: number;
  readonly column?: number;
  /** When the service said how long to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  /**
   * Only the token source's own `SignInError` (already redacted, built for display), so the UI can
   * offer its actions (sign in, edit connection, admin consent). Never a server response.
   */
  readonly cause?: Error;
}

export class HuntingError extends Error {
  readonly kind: HuntingErrorKind;
  readonly status: number;
  readonly requestId: string;
  readonly code?: string;
  readonly line?: number;
  readonly column?: number;
  readonly retryAfterMs?: number;

  constructor(init: HuntingErrorInit) {
    super(init.message, init.cause ? { cause: init.cause } : undefined);
    this.name = 'HuntingError';
    this.kind = init.kind;
    this.status = init.status;
    this.requestId = init.requestId;
    if (init.code !== undefined) this.code = init.code;
    if (init.line !== undefined) this.line = init.line;
    if (init.column !== undefined) this.column = init.column;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  /** A plain object for logs and messages between processes (no stack). */
  toJSON(): HuntingErrorInit {
    return {
      kind: this.kind, status: this.status, message: this.message, requestId: this.requestId,
      ...(this.code !== undefined && { code: this.code }),
      ...(this.line !== undefined && { line: this.line }),
      ...(this.column !== undefined && { column: this.column }),
      ...(this.retryAfterMs !== undefined && { retryAfterMs: this.retryAfterMs }),
    };
  }
}

export function isHuntingError(e: unknown): e is HuntingError {
  return e instanceof HuntingError;
}

const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/**
 * Removes secrets from text that came from a server, a proxy or a token source before it goes
 * into an error: the exact token strings given, anything after `Bearer`, and anything shaped like
 * a JWT (a proxy or a misbehaving service may echo the Authorization header back).
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 8) out = out.split(s).join('[redacted]');
  }
  return out.replace(BEARER, 'Bearer [redacted]').replace(JWT, '[redacted]');
}
