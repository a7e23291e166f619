/**
 * Turns a failed HTTP response from either hunting API into a {@link HuntingError}: reads the
 * error envelope (Graph `{error:{code,message,innerError:{request-id}}}`, legacy
 * `{error:{code,message,target}}`, Kusto `{error:{@message, innererror:{@line,@pos}}}`, or a
 * non-JSON body from a proxy), picks the request id, and classifies the failure. Microsoft says
 * to branch on `code`, but the codes here are generic (`BadRequest`, `UnknownError`), so the
 * kind comes from the status plus the engine's documented message texts (api-spec.md §2.5).
 */
import { DELEGATED_PERMISSION, APPLICATION_PERMISSION, type ApiKind } from './endpoints';
import { alignToQuotedToken, parseErrorPosition, type ErrorPosition } from './errorPosition';
import { HuntingError, redactSecrets, type HuntingErrorKind } from './huntingError';
import { getKey } from './jsonKeys';
import { parseRetryAfter } from './retryPolicy';

export interface FailedResponse {
  readonly status: number;
  readonly statusText?: string;
  /** Header lookup, case-insensitive (node-fetch's Headers#get). */
  readonly header: (name: string) => string | null;
  readonly bodyText: string;
}

export interface ErrorContext {
  readonly api: ApiKind;
  /** The `client-request-id` this client sent: the fallback request id. */
  readonly clientRequestId: string;
  /** Token(s) to scrub from any text that ends up in the message. */
  readonly secrets: readonly (string | undefined)[];
  /** For Retry-After given as an HTTP date. */
  readonly now?: number;
  /** The query that was sent, to align a reported position with the token the message names. */
  readonly query?: string;
}

const TOO_LARGE = /result size|size limit|exceeds? the allowed size|too large|payload too large|maximum response size/i;
const QUOTA = /processing resources|resources allocated|allocated resources|excessive resource|resource consumption|preempted|exceeded the allowed limits|cpu (?:quota|limit)|runtime (?:quota|limit)/i;
// Specific phrases only: messages quote the user's own names (a column `SessionTimeout` must not look like a timeout).
const ENGINE_TIMEOUT = /exceeded the timeout|timeout period|(?:query|request|operation|execution) (?:has )?timed out/i;
const SYNTAX = /syntax error|recognition error|\bSYN\d{4}\b|could not be parsed|could not parse|unexpected token|missing expression|expected:/i;
const INSUFFICIENT_CLAIMS = /insufficient_claims|interaction_required|claims challenge/i;

/** Builds the error for a non-2xx response. */
export function errorFromResponse(res: FailedResponse, ctx: ErrorContext): HuntingError {
  const envelope = readEnvelope(res.bodyText);
  const requestId = pickRequestId(res, envelope, ctx.clientRequestId);
  const serverMessage = redactSecrets(envelope.message ?? (envelope.isJson ? '' : nonJsonSnippet(res.bodyText)), ctx.secrets);
  const retryAfterMs = parseRetryAfter(res.header('retry-after'), ctx.now ?? Date.now());
  const authHeader = res.header('www-authenticate') ?? '';
  const kind = classify(res.status, serverMessage, authHeader);
  let position: ErrorPosition | undefined = kind === 'syntax' || kind === 'semantic'
    ? parseErrorPosition(serverMessage, envelope.position) : undefined;
  if (position && ctx.query !== undefined) position = alignToQuotedToken(position, ctx.query, serverMessage);
  return new HuntingError({
    kind,
    status: res.status,
    message: describe(kind, res, serverMessage, envelope.code, requestId, ctx.api),
    requestId,
    ...(envelope.code !== undefined && { code: envelope.code }),
    ...(position && { line: position.line }),
    ...(position?.column !== undefined && { column: position.column }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  });
}

/** The kind for a status and the (already redacted) server message. */
export function classify(status: number, message: string, wwwAuthenticate = ''): HuntingErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return INSUFFICIENT_CLAIMS.test(message) || INSUFFICIENT_CLAIMS.test(wwwAuthenticate) ? 'auth' : 'permission';
  if (status === 413 || TOO_LARGE.test(message)) return 'too-large';
  if (QUOTA.test(message)) return 'quota';
  if (status === 429) return 'throttled';
  if (status === 408 || status === 504 || ENGINE_TIMEOUT.test(message)) return 'timeout';
  if (status === 400 || status === 422) return SYNTAX.test(message) ? 'syntax' : 'semantic';
  return 'server';
}

interface Envelope {
  /** The body was JSON (so an absent message means an empty one, not "show the raw body"). */
  readonly isJson?: boolean;
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
  readonly target?: string;
  readonly position?: { line?: unknown; pos?: unknown };
}

/** Reads whichever error envelope the body holds; all keys case-insensitive. */
function readEnvelope(bodyText: string): Envelope {
  let doc: unknown;
  try { doc = JSON.parse(bodyText); } catch { return {}; }
  if (!doc || typeof doc !== 'object') return typeof doc === 'string' ? { isJson: true, message: doc.trim() || undefined } : { isJson: true };
  const errorValue = getKey(doc, 'error');
  if (typeof errorValue === 'string') {
    return { isJson: true, code: errorValue, message: str(getKey(doc, 'error_description')) ?? str(getKey(doc, 'message')) };
  }
  const e = (errorValue && typeof errorValue === 'object' ? errorValue : doc) as object;
  const inner = getKey(e, 'innerError') ?? getKey(e, 'innererror');
  const innerObj = inner && typeof inner === 'object' ? inner : undefined;
  // Kusto puts the specific text in `@message`, the generic one in `message`.
  const message = str(getKey(e, '@message')) ?? str(getKey(e, 'message')) ?? (innerObj && str(getKey(innerObj, 'message')));
  return {
    isJson: true,
    code: str(getKey(e, 'code')),
    message: message && message.trim() ? message.trim() : undefined,
    requestId: innerObj && (str(getKey(innerObj, 'request-id')) ?? str(getKey(innerObj, 'requestId')) ?? str(getKey(innerObj, 'client-request-id'))),
    target: str(getKey(e, 'target')),
    position: innerObj ? { line: getKey(innerObj, '@line'), pos: getKey(innerObj, '@pos') } : undefined,
  };
}

function pickRequestId(res: FailedResponse, env: Envelope, clientRequestId: string): string {
  return env.requestId || res.header('request-id') || res.header('x-ms-request-id') || env.target?.replace(/^\|/, '') || clientRequestId;
}

/** A short, single-line excerpt of a non-JSON body (an HTML error page from a proxy, say). */
function nonJsonSnippet(bodyText: string): string {
  const text = bodyText.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function describe(kind: HuntingErrorKind, res: FailedResponse, serverMessage: string, code: string | undefined, requestId: string, api: ApiKind): string {
  const http = `HTTP ${res.status}${code ? ` ${code}` : res.statusText ? ` ${res.statusText}` : ''}`;
  if (!serverMessage) {
    // Graph returns 500/504 `UnknownError` with an empty message: the request id is all there is.
    return `The service failed without a message (${http}). Request id: ${requestId}.`;
  }
  switch (kind) {
    case 'auth':
      return `The service rejected the sign-in (${http}): ${serverMessage}`;
    case 'permission':
      return `Access denied (${http}): ${serverMessage} The account or app needs ${DELEGATED_PERMISSION[api]} (delegated) or ${APPLICATION_PERMISSION[api]} (application)`
        + (api === 'graph' ? ' and, for a user, a role that allows advanced hunting (e.g. Security Reader).' : ' and, for a user, the View Data role.');
    case 'syntax':
    case 'semantic':
      return serverMessage; // the engine's own words, verbatim
    default:
      return `${serverMessage} (${http})`;
  }
}
