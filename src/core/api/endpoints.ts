/**
 * Where each cloud's sign-in and hunting APIs live, and which token scope each API needs.
 * One table, shared by the API client and the token sources, so a token is only ever requested
 * for (and sent to) the host it belongs to. Sources: ../shared/api-spec.md §3 (Microsoft's
 * national-cloud and Defender API docs).
 */

export type CloudId = 'global' | 'gcc' | 'gcc-high' | 'dod';
export type ApiKind = 'graph' | 'legacy';

export interface CloudEndpoints {
  readonly id: CloudId;
  readonly label: string;
  /** Entra ID authority host (no tenant). */
  readonly authorityHost: string;
  /** Graph root (no version). */
  readonly graph: string;
  /** Legacy Defender XDR API root (`/api/advancedhunting/run`). */
  readonly legacy: string;
  /** Defender portal, for deep links. */
  readonly portal: string;
  /** VS Code auth provider that can sign in to this cloud. */
  readonly vscodeAuthProvider: 'microsoft' | 'microsoft-sovereign-cloud';
}

export const CLOUDS: Readonly<Record<CloudId, CloudEndpoints>> = {
  global: {
    id: 'global', label: 'Commercial (global)',
    authorityHost: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com',
    legacy: 'https://api.security.microsoft.com', portal: 'https://security.microsoft.com', vscodeAuthProvider: 'microsoft',
  },
  gcc: {
    id: 'gcc', label: 'US Government Community (GCC)',
    authorityHost: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com',
    legacy: 'https://api-gcc.security.microsoft.us', portal: 'https://security.microsoft.com', vscodeAuthProvider: 'microsoft',
  },
  'gcc-high': {
    id: 'gcc-high', label: 'US Government GCC High',
    authorityHost: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us',
    legacy: 'https://api-gov.security.microsoft.us', portal: 'https://security.microsoft.us', vscodeAuthProvider: 'microsoft-sovereign-cloud',
  },
  dod: {
    id: 'dod', label: 'US Government DoD',
    authorityHost: 'https://login.microsoftonline.us', graph: 'https://dod-graph.microsoft.us',
    legacy: 'https://api-gov.security.microsoft.us', portal: 'https://security.apps.mil', vscodeAuthProvider: 'microsoft-sovereign-cloud',
  },
};

/** Path of the hunting call under an API root. */
export const API_PATH: Readonly<Record<ApiKind, string>> = {
  graph: '/v1.0/security/runHuntingQuery',
  legacy: '/api/advancedhunting/run',
};

/** Delegated permission each API needs (user context). */
export const DELEGATED_PERMISSION: Readonly<Record<ApiKind, string>> = {
  graph: 'ThreatHunting.Read.All',
  legacy: 'AdvancedHunting.Read',
};

/** Application permission each API needs (application and partner context). */
export const APPLICATION_PERMISSION: Readonly<Record<ApiKind, string>> = {
  graph: 'ThreatHunting.Read.All',
  legacy: 'AdvancedHunting.Read.All',
};

/** The API root for a cloud, or a custom base URL (API gateway, proxy, emulator) when given. */
export function apiRoot(cloud: CloudId, api: ApiKind, customBaseUrl?: string): string {
  if (customBaseUrl) return customBaseUrl.replace(/\/+$/, '');
  return api === 'graph' ? CLOUDS[cloud].graph : CLOUDS[cloud].legacy;
}

/** Full URL of the hunting endpoint. */
export function huntingUrl(cloud: CloudId, api: ApiKind, customBaseUrl?: string): string {
  return apiRoot(cloud, api, customBaseUrl) + API_PATH[api];
}

/** The token resource (audience) for an API in a cloud: always the cloud's own API host. */
export function resourceFor(cloud: CloudId, api: ApiKind): string {
  return api === 'graph' ? CLOUDS[cloud].graph : CLOUDS[cloud].legacy;
}

/** `<resource>/.default`: the scope for client credentials (and usable for delegated tokens). */
export function defaultScope(cloud: CloudId, api: ApiKind): string {
  return `${resourceFor(cloud, api)}/.default`;
}

/** `<resource>/<permission>`: the delegated scope a user signs in with. */
export function delegatedScope(cloud: CloudId, api: ApiKind): string {
  return `${resourceFor(cloud, api)}/${DELEGATED_PERMISSION[api]}`;
}

/** `https://login.../<tenant>`. */
export function authorityFor(cloud: CloudId, tenantId: string): string {
  return `${CLOUDS[cloud].authorityHost}/${tenantId}`;
}

/** What the user sees for each API in pickers and messages. */
export const API_LABEL: Readonly<Record<ApiKind, string>> = {
  graph: 'Microsoft Graph (runHuntingQuery)',
  legacy: 'Defender XDR API (advancedhunting/run, retiring)',
};

/** Whether the API takes a `Timespan` in the request; the legacy one only filters by the query text. */
export const SUPPORTS_TIMESPAN: Readonly<Record<ApiKind, boolean>> = { graph: true, legacy: false };

/**
 * Documented result limits (api-spec.md §1.5, §1.7, §2.4). Microsoft's pages disagree and drift
 * (100,000 rows everywhere; 50 MB on the newest Graph and MDE pages, 124 MB on older ones), so
 * these are defaults the client lets callers override, not facts to rely on.
 */
export interface ResultLimits {
  /** The service returns at most this many rows; a result of exactly this size was cut. */
  readonly maxRows: number;
  /** Result size cap in bytes of response body. */
  readonly maxBytes: number;
}

export const RESULT_LIMITS: Readonly<Record<ApiKind, ResultLimits>> = {
  graph: { maxRows: 100_000, maxBytes: 50_000_000 },
  legacy: { maxRows: 100_000, maxBytes: 50_000_000 },
};

export const CLOUD_IDS: readonly CloudId[] = ['global', 'gcc', 'gcc-high', 'dod'];
export const API_KINDS: readonly ApiKind[] = ['graph', 'legacy'];

export function isCloudId(v: unknown): v is CloudId {
  return typeof v === 'string' && (CLOUD_IDS as readonly string[]).includes(v);
}

export function isApiKind(v: unknown): v is ApiKind {
  return typeof v === 'string' && (API_KINDS as readonly string[]).includes(v);
}
