/**
 * A connection: which tenant, cloud and API to hunt in, and how to sign in. Pure data plus the
 * validation every place that accepts one (settings, the add-connection wizard, tests) shares.
 * Settings hold connections; secrets never live here (they go to SecretStorage, keyed by `id`).
 */
import { CLOUDS, type ApiKind, type CloudId } from '../api/endpoints';

export type AuthKind = 'user' | 'app-secret' | 'app-certificate' | 'device-code';

export const AUTH_KINDS: readonly AuthKind[] = ['user', 'app-secret', 'app-certificate', 'device-code'];
export const CLOUD_IDS = Object.keys(CLOUDS) as CloudId[];
export const API_KINDS: readonly ApiKind[] = ['graph', 'legacy'];

export interface ConnectionProfile {
  /** Stable key (settings and SecretStorage); derived from the name when settings omit it. */
  readonly id: string;
  readonly name: string;
  readonly cloud: CloudId;
  /** Directory (tenant) id: a GUID. For a partner connection, the customer's tenant. */
  readonly tenantId: string;
  readonly api: ApiKind;
  readonly authKind: AuthKind;
  /** Application (client) id of the app registration used to sign in (a GUID). */
  readonly clientId: string;
  /** API root replacing the cloud's own (API gateway, proxy, emulator): https, or http on loopback. */
  readonly apiBaseUrl?: string;
  /** Sign-in authority host replacing the cloud's own (a test authority, a private cloud): https only. */
  readonly authorityHost?: string;
  /** VS Code authentication provider for `user` connections (default: the cloud's provider). */
  readonly authProvider?: string;
}

export interface ValidationResult {
  readonly profile?: ConnectionProfile;
  /** Reasons the connection cannot be used, each naming the field. */
  readonly problems: readonly string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function isGuid(value: string): boolean {
  return GUID.test(value.trim());
}

/** Messages for the wizard's input boxes: undefined when the value is fine. */
export const fieldChecks = {
  name(value: string): string | undefined {
    const v = value.trim();
    if (!v) return 'Give the connection a name, e.g. "Contoso production".';
    if (v.length > 80) return 'Keep the name under 80 characters.';
    return undefined;
  },
  tenantId(value: string): string | undefined {
    return isGuid(value) ? undefined
      : 'The tenant (directory) id is a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47: Entra admin center > Overview > Tenant ID.';
  },
  clientId(value: string): string | undefined {
    return isGuid(value) ? undefined
      : 'The application (client) id is a GUID: Entra admin center > App registrations > your app > Overview > Application (client) ID.';
  },
  apiBaseUrl(value: string): string | undefined {
    return checkUrl(value, { allowLoopbackHttp: true, what: 'The API base URL' });
  },
  authorityHost(value: string): string | undefined {
    const problem = checkUrl(value, { allowLoopbackHttp: false, what: 'The sign-in authority' });
    if (problem) return problem;
    const u = new URL(value);
    if (u.pathname !== '/' && u.pathname !== '') return 'The sign-in authority is a host only (https://login.example), without a path; the tenant is added per connection.';
    return undefined;
  },
};

/** True for 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function checkUrl(value: string, o: { allowLoopbackHttp: boolean; what: string }): string | undefined {
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    return `${o.what} is not a URL (expected https://host[:port][/path]).`;
  }
  if (u.username || u.password) return `${o.what} must not contain a user name or password.`;
  if (u.search || u.hash) return `${o.what} must not contain a query or fragment.`;
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:' && o.allowLoopbackHttp && isLoopbackHost(u.hostname)) return undefined;
  if (u.protocol === 'http:') {
    return o.allowLoopbackHttp
      ? `${o.what} uses plain http to ${u.hostname}: tokens would cross the network unencrypted. Use https (plain http is only accepted for 127.0.0.1/localhost).`
      : `${o.what} must use https.`;
  }
  return `${o.what} must be an https URL.`;
}

/** A readable, stable id from a name: "Contoso prod (GCC)" -> "contoso-prod-gcc". */
export function idFromName(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48);
  return slug || 'connection';
}

/**
 * Validates one connection as found in settings (untyped JSON) or built by the wizard.
 * Unknown properties are ignored; strings are trimmed; URLs lose their trailing slash.
 */
export function validateConnection(raw: unknown): ValidationResult {
  const problems: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { problems: ['a connection must be an object'] };
  const r = raw as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof r[k] === 'string' ? (r[k] as string).trim() : undefined);
  const field = (k: string, check: (v: string) => string | undefined): string => {
    const v = str(k);
    if (v === undefined || v === '') { problems.push(`${k} is missing`); return ''; }
    const p = check(v);
    if (p) problems.push(`${k}: ${p}`);
    return v;
  };
  const oneOf = <T extends string>(k: string, allowed: readonly T[], fallback?: T): T => {
    const v = str(k) ?? fallback;
    if (v === undefined) { problems.push(`${k} is missing (one of ${allowed.join(', ')})`); return allowed[0]; }
    if (!(allowed as readonly string[]).includes(v)) problems.push(`${k} "${v}" is not one of ${allowed.join(', ')}`);
    return v as T;
  };

  const name = field('name', fieldChecks.name);
  const cloud = oneOf('cloud', CLOUD_IDS, 'global');
  const api = oneOf('api', API_KINDS, 'graph');
  const authKind = oneOf('authKind', AUTH_KINDS);
  const tenantId = field('tenantId', fieldChecks.tenantId).toLowerCase();
  const clientId = field('clientId', fieldChecks.clientId).toLowerCase();
  const id = str('id') || idFromName(name);
  if (!ID.test(id)) problems.push(`id "${id}": use lowercase letters, digits, ".", "_" or "-" (up to 64)`);
  const apiBaseUrl = optionalUrl('apiBaseUrl', fieldChecks.apiBaseUrl);
  const authorityHost = optionalUrl('authorityHost', fieldChecks.authorityHost);
  const authProvider = str('authProvider') || undefined;
  if (authProvider !== undefined && authKind !== 'user') problems.push('authProvider only applies to authKind "user"');

  function optionalUrl(k: string, check: (v: string) => string | undefined): string | undefined {
    const v = str(k);
    if (!v) return undefined;
    const p = check(v);
    if (p) { problems.push(`${k}: ${p}`); return undefined; }
    return v.replace(/\/+$/, '');
  }

  if (problems.length) return { problems };
  return {
    problems,
    profile: {
      id, name, cloud, tenantId, api, authKind, clientId,
      ...(apiBaseUrl ? { apiBaseUrl } : {}),
      ...(authorityHost ? { authorityHost } : {}),
      ...(authProvider ? { authProvider } : {}),
    },
  };
}

export interface ParsedConnections {
  readonly connections: readonly ConnectionProfile[];
  /** One line per rejected entry: "connections[2] (Contoso): tenantId is missing". */
  readonly problems: readonly string[];
}

/** Validates a settings array; keeps the valid entries, the first of each id wins. */
export function parseConnections(raw: unknown, origin = 'connections'): ParsedConnections {
  if (raw === undefined || raw === null) return { connections: [], problems: [] };
  if (!Array.isArray(raw)) return { connections: [], problems: [`${origin} must be an array`] };
  const connections: ConnectionProfile[] = [];
  const problems: string[] = [];
  raw.forEach((item, i) => {
    const label = item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string' ? ` (${(item as { name: string }).name})` : '';
    const r = validateConnection(item);
    if (!r.profile) { problems.push(`${origin}[${i}]${label}: ${r.problems.join('; ')}`); return; }
    if (connections.some((c) => c.id === r.profile?.id)) { problems.push(`${origin}[${i}]${label}: duplicate id "${r.profile.id}" (ignored)`); return; }
    connections.push(r.profile);
  });
  return { connections, problems };
}

/** What settings store for a profile: only the fields that differ from their defaults. */
export function toSettingsEntry(p: ConnectionProfile): Record<string, string> {
  const e: Record<string, string> = { id: p.id, name: p.name, cloud: p.cloud, tenantId: p.tenantId, api: p.api, authKind: p.authKind, clientId: p.clientId };
  if (p.apiBaseUrl) e.apiBaseUrl = p.apiBaseUrl;
  if (p.authorityHost) e.authorityHost = p.authorityHost;
  if (p.authProvider) e.authProvider = p.authProvider;
  return e;
}

/** The sign-in authority host a profile uses (its override or its cloud's). */
export function authorityHostOf(p: Pick<ConnectionProfile, 'cloud' | 'authorityHost'>): string {
  return (p.authorityHost ?? CLOUDS[p.cloud].authorityHost).replace(/\/+$/, '');
}

export const AUTH_KIND_LABELS: Readonly<Record<AuthKind, string>> = {
  user: 'User (VS Code Microsoft sign-in)',
  'app-secret': 'Application (client secret)',
  'app-certificate': 'Application (certificate)',
  'device-code': 'User (device code)',
};

/** True for the kinds that sign in as an application (client credentials). */
export function isAppKind(kind: AuthKind): boolean {
  return kind === 'app-secret' || kind === 'app-certificate';
}

/** Where connection definitions were found (VS Code's `inspect()` of the setting). */
export interface ConnectionSources {
  readonly user?: unknown;
  readonly workspace?: unknown;
  readonly workspaceFolder?: unknown;
}

export interface SelectedConnections extends ParsedConnections {
  readonly origins: ReadonlyMap<string, 'user' | 'workspace'>;
  /** Workspace entries not read because the workspace is not trusted. */
  readonly ignoredUntrusted: number;
}

/**
 * The trust rule: a cloned repository must not be able to redirect tokens or secrets, so
 * connection definitions come from user settings, and from workspace settings only when the
 * workspace is trusted. User entries win over workspace entries with the same id.
 */
export function selectConnections(sources: ConnectionSources, workspaceTrusted: boolean): SelectedConnections {
  const user = parseConnections(sources.user, 'user settings: defenderHunt.connections');
  const origins = new Map<string, 'user' | 'workspace'>(user.connections.map((c) => [c.id, 'user']));
  const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  if (!workspaceTrusted) {
    return { ...user, origins, ignoredUntrusted: count(sources.workspace) + count(sources.workspaceFolder) };
  }
  const connections = [...user.connections];
  const problems = [...user.problems];
  for (const [raw, origin] of [[sources.workspace, 'workspace settings'], [sources.workspaceFolder, 'folder settings']] as const) {
    const parsed = parseConnections(raw, `${origin}: defenderHunt.connections`);
    problems.push(...parsed.problems);
    for (const c of parsed.connections) {
      if (origins.has(c.id)) { problems.push(`${origin}: connection "${c.id}" is also defined in user settings; the user settings one is used`); continue; }
      origins.set(c.id, 'workspace');
      connections.push(c);
    }
  }
  return { connections, problems, origins, ignoredUntrusted: 0 };
}
