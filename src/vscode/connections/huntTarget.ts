/**
 * The contract between connections and the Run command: "where does the next hunt go, and with
 * which token". The Run command asks `activeTarget()` once per hunt and never sees how the token
 * was obtained (VS Code session, msal-node, device code, the offline tenant's fixed token).
 *
 *   const target = await root.connections.activeTarget();
 *   if (!target) return;                       // the user has no usable connection (already told)
 *   const url = target.url + API_PATH[target.api];
 *   assertTokenDestination(target.url, url);   // src/core/auth/tokenDestination.ts
 *   const token = await target.getToken(signal); // throws SignInError: show with showSignInError()
 *   ... on HTTP 403: showSignInError(target.explainForbidden(token), …)
 */
import type { ApiKind, CloudId } from '../../core/api/endpoints';
import type { SignInError } from '../../core/auth/signInError';

export interface HuntTarget {
  /** Connection id (`offline-sample` for the built-in offline tenant). */
  readonly id: string;
  /** Display name, e.g. "Contoso production" (for HuntRun.connectionName). */
  readonly name: string;
  readonly api: ApiKind;
  readonly cloud: CloudId;
  /**
   * API root, no trailing slash (`https://graph.microsoft.com`, a custom gateway, the emulator).
   * The hunting URL is `url + API_PATH[api]`; the token may only be sent under this root.
   */
  readonly url: string;
  /** True for the built-in offline sample tenant (no real data, no sign-in). */
  readonly offline: boolean;
  /** Signed-in account for display ("hunter@contoso.com", "app <client id>"), if known. */
  readonly accountLabel?: string;
  /**
   * A bearer token for `url`. Silent: never opens a sign-in; throws `SignInError` (kind
   * `not-signed-in`, `invalid-secret`, …) with guidance instead. Rejects with an AbortError when
   * `signal` aborts. `forceRefresh` after an HTTP 401: a new token, not the cached one. The
   * signature matches `GetToken` of the hunting client (src/core/api/huntingClient.ts).
   */
  getToken(signal?: AbortSignal, options?: { readonly forceRefresh?: boolean }): Promise<string>;
  /** Guidance for an HTTP 403 from this target's API (missing permission or role). */
  explainForbidden(token?: string): SignInError;
}

export interface HuntTargetProvider {
  /** The active connection as a target, or undefined when there is none the user can use. */
  activeTarget(): Promise<HuntTarget | undefined>;
}

/** What the emulator side provides for the built-in offline tenant (src/vscode/emulator/offlineTenant.ts). */
export type OfflineTenantLauncher = () => Promise<{ readonly url: string; readonly token: string }>;

export const OFFLINE_CONNECTION_ID = 'offline-sample';
export const OFFLINE_CONNECTION_NAME = 'Offline sample tenant';
