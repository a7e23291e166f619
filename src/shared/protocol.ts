/**
 * The typed protocol between the extension host (results panel) and the results webview.
 * Both sides import these descriptors; a message that is not in this file does not exist.
 * Every message is validated on arrival with {@link isWebviewToHost} / {@link isHostToWebview}
 * because the other side is a separate process that could be confused or compromised.
 */

/** Webview → host: the webview's script has loaded and can receive messages. */
export interface ReadyMessage { readonly type: 'ready' }

export type WebviewToHost = ReadyMessage;

/** Host → webview: what the panel shows when no hunt has run yet. */
export interface ShowEmptyMessage {
  readonly type: 'showEmpty';
  /** Plain text shown to the user (rendered with textContent). */
  readonly text: string;
}

export type HostToWebview = ShowEmptyMessage;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isWebviewToHost(v: unknown): v is WebviewToHost {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'ready': return true;
    default: return false;
  }
}

export function isHostToWebview(v: unknown): v is HostToWebview {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'showEmpty': return typeof v.text === 'string';
    default: return false;
  }
}
