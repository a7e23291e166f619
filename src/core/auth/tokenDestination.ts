/**
 * The rule "a connection's token only goes to that connection's API": a request may carry the
 * token only when it goes to the same origin as the connection's API root, under that root's path.
 * The API client checks it before attaching `Authorization`, so a redirect, a link in a response
 * or a mistake elsewhere cannot carry a token to another host.
 */

export class TokenDestinationError extends Error {
  override readonly name = 'TokenDestinationError';
}

export function isAllowedTokenDestination(apiRoot: string, requestUrl: string): boolean {
  let root: URL;
  let req: URL;
  try {
    root = new URL(apiRoot);
    req = new URL(requestUrl);
  } catch {
    return false;
  }
  if (root.origin !== req.origin) return false;
  const base = root.pathname.replace(/\/+$/, '');
  return base === '' || req.pathname === base || req.pathname.startsWith(`${base}/`);
}

/** Throws unless `requestUrl` is under `apiRoot` (same scheme, host, port; path below the root's). */
export function assertTokenDestination(apiRoot: string, requestUrl: string): void {
  if (!isAllowedTokenDestination(apiRoot, requestUrl)) {
    let host = 'another host';
    try { host = new URL(requestUrl).host; } catch { /* keep the generic wording */ }
    throw new TokenDestinationError(`Refused to send this connection's token to ${host}: it only goes to ${apiRoot}.`);
  }
}
