/**
 * Sign-in failures turned into guidance a security engineer can act on: what went wrong, in which
 * tenant and app, and the one place to fix it. Messages are built from the connection's own
 * (non-secret) fields and the service's error code; anything quoted from a service is redacted.
 */
import { APPLICATION_PERMISSION, CLOUDS, DELEGATED_PERMISSION, resourceFor, type ApiKind, type CloudId } from '../api/endpoints';
import { isAppKind, type AuthKind } from './connection';
import { redact } from './redact';

export type SignInErrorKind =
  | 'invalid-secret' | 'expired-secret' | 'invalid-certificate' | 'unknown-app' | 'consent-missing'
  | 'wrong-tenant' | 'resource-not-in-tenant' | 'missing-permission' | 'first-party-client'
  | 'public-client-disabled' | 'interaction-required' | 'not-signed-in' | 'device-code-expired'
  | 'declined' | 'cancelled' | 'network' | 'missing-secret' | 'configuration' | 'unknown';

/** What the UI can offer next to the message. */
export type SignInAction = 'edit-connection' | 'admin-consent' | 'sign-in' | 'show-output';

/** The connection facts a message may name. None of them is secret. */
export interface ErrorContext {
  readonly connectionName?: string;
  readonly cloud: CloudId;
  readonly tenantId: string;
  readonly clientId: string;
  readonly api: ApiKind;
  readonly authKind: AuthKind;
  readonly authorityHost?: string;
  /** SHA-256 thumbprint of the certificate in use (public), for certificate connections. */
  readonly thumbprintSha256?: string;
}

/** An OAuth error response as the token endpoint sent it. */
export interface OAuthErrorBody {
  readonly error?: string;
  readonly error_description?: string;
  readonly error_codes?: readonly number[];
  readonly suberror?: string;
  readonly trace_id?: string;
  readonly correlation_id?: string;
}

export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly kind: SignInErrorKind,
    message: string,
    readonly actions: readonly SignInAction[] = [],
    /** `AADSTS7000215`, `invalid_grant`, …: what the service said, for support and tests. */
    readonly code?: string,
    /** Entra's correlation/trace ids, quoted when opening a support case. */
    readonly ids?: { readonly traceId?: string; readonly correlationId?: string },
  ) {
    super(message);
  }
}

const appOf = (c: ErrorContext) => `app ${c.clientId}`;
const tenantOf = (c: ErrorContext) => `tenant ${c.tenantId}`;
const permissionOf = (c: ErrorContext) => (isAppKind(c.authKind) ? APPLICATION_PERMISSION[c.api] : DELEGATED_PERMISSION[c.api]);
const apiNameOf = (c: ErrorContext) => (c.api === 'graph' ? 'Microsoft Graph' : 'Microsoft Threat Protection (legacy Defender API)');
const permissionTypeOf = (c: ErrorContext) => (isAppKind(c.authKind) ? 'Application permissions' : 'Delegated permissions');

/** Builds the guidance for an AADSTS code, or undefined for codes without specific advice. */
export function guidanceForAadsts(code: number, c: ErrorContext): SignInError | undefined {
  const tag = `AADSTS${code}`;
  const make = (kind: SignInErrorKind, text: string, actions: SignInAction[]) => new SignInError(kind, `${text} (${tag})`, actions, tag);
  switch (code) {
    case 7000215:
      return make('invalid-secret', `The client secret of ${appOf(c)} was rejected by ${tenantOf(c)}. In Entra admin center > App registrations > your app > Certificates & secrets, copy a secret's Value (not its Secret ID) or create a new secret, then store it with "Defender Hunt: Edit Connection"`, ['edit-connection']);
    case 7000222:
      return make('expired-secret', `The client secret of ${appOf(c)} has expired. Create a new secret under App registrations > your app > Certificates & secrets and store it with "Defender Hunt: Edit Connection"`, ['edit-connection']);
    case 700027:
    case 700024:
    case 700023:
      return make('invalid-certificate', `${tenantOf(c)} did not accept the certificate assertion of ${appOf(c)}. Upload the certificate's public part (.cer or .pem${c.thumbprintSha256 ? `, SHA-256 thumbprint ${c.thumbprintSha256}` : ''}) under App registrations > your app > Certificates & secrets > Certificates, and check that the private key stored with this connection belongs to it`, ['edit-connection']);
    case 700016:
      return make('unknown-app', `No application with client id ${c.clientId} exists in ${tenantOf(c)}. Check the client id (App registrations > Overview > Application (client) ID) and the tenant id. If the app is registered in another tenant (partner / multi-tenant app), an administrator of ${c.tenantId} must first grant admin consent: use "Defender Hunt: Copy Admin Consent URL"`, ['edit-connection', 'admin-consent']);
    case 90002:
    case 900023:
    case 90072:
    case 50020:
      return make('wrong-tenant', `Tenant ${c.tenantId} was not found in ${CLOUDS[c.cloud].label} (or this account is not a member of it). Check the tenant id (Entra admin center > Overview > Tenant ID) and the cloud: GCC High and DoD tenants exist only in the US Government cloud`, ['edit-connection']);
    case 65001:
      return make('consent-missing', `No administrator of ${tenantOf(c)} has consented to ${appOf(c)} using ${permissionOf(c)}. An administrator opens App registrations > your app > API permissions > Grant admin consent, or the admin-consent URL ("Defender Hunt: Copy Admin Consent URL")`, ['admin-consent']);
    case 500011:
      return make('resource-not-in-tenant', `${tenantOf(c)} has no ${apiNameOf(c)} service for ${resourceFor(c.cloud, c.api)}. The tenant may not have Microsoft Defender XDR, or the connection's cloud (${CLOUDS[c.cloud].label}) is not the tenant's cloud`, ['edit-connection']);
    case 65002:
      return make('first-party-client', `The client id ${c.clientId} is not pre-authorized for ${apiNameOf(c)}. Register your own app with the ${permissionOf(c)} delegated permission and use its client id in this connection (VS Code's own client id cannot request hunting permissions)`, ['edit-connection']);
    case 7000218:
      return make('public-client-disabled', `${appOf(c)} does not allow public client flows, which device code sign-in needs. In App registrations > your app > Authentication, set "Allow public client flows" to Yes`, ['edit-connection']);
    case 50076:
    case 50079:
    case 53003:
    case 50158:
      return make('interaction-required', `${tenantOf(c)} requires an interactive sign-in (multi-factor authentication or a Conditional Access policy). Run "Defender Hunt: Sign In" again`, ['sign-in']);
    case 70011:
      return make('configuration', `The scope ${resourceFor(c.cloud, c.api)}/.default was refused for ${appOf(c)}. Check the connection's cloud and API`, ['edit-connection']);
    case 70000:
    case 70008:
    case 700082:
      return make('not-signed-in', `The sign-in of this connection has expired. Run "Defender Hunt: Sign In" again`, ['sign-in']);
    default:
      return undefined;
  }
}

/** Extracts the first AADSTS number from an OAuth error body or a message. */
export function aadstsCode(body: OAuthErrorBody | undefined, message?: string): number | undefined {
  if (body?.error_codes?.length) return body.error_codes[0];
  const m = /AADSTS(\d{5,7})/.exec(`${body?.error_description ?? ''} ${message ?? ''}`);
  return m ? Number(m[1]) : undefined;
}

interface MsalLikeError {
  name?: string;
  message?: string;
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
  errorNo?: string;
  correlationId?: string;
}

/**
 * Maps anything a sign-in can throw (msal errors, fetch failures, aborts) to a SignInError.
 * `lastOAuthError` is the raw error body the token endpoint sent last, when the library dropped
 * it (msal's device code polling keeps only the error name). `secrets` are redacted from any
 * service text that ends up in the message.
 */
export function toSignInError(e: unknown, c: ErrorContext, extra: { lastOAuthError?: OAuthErrorBody; secrets?: readonly (string | undefined)[] } = {}): SignInError {
  if (e instanceof SignInError) return e;
  const err = (e && typeof e === 'object' ? e : { message: String(e) }) as MsalLikeError;
  const msalCode = err.errorCode ?? '';
  const text = `${err.errorMessage ?? ''} ${err.message ?? ''}`;
  const body = extra.lastOAuthError;
  const ids = { traceId: body?.trace_id, correlationId: body?.correlation_id ?? err.correlationId };
  if (err.name === 'AbortError' || msalCode === 'device_code_polling_cancelled' || msalCode === 'user_canceled') {
    return new SignInError('cancelled', 'Sign-in was cancelled.', [], msalCode || 'cancelled');
  }
  const code = (err.errorNo ? Number(err.errorNo) : undefined) ?? aadstsCode(body, text);
  if (code !== undefined) {
    const known = guidanceForAadsts(code, c);
    if (known) return new SignInError(known.kind, known.message, known.actions, known.code, ids);
  }
  const oauthError = body?.error ?? (msalCode || undefined);
  if (oauthError === 'authorization_declined') return new SignInError('declined', 'The sign-in was declined in the browser. Run "Defender Hunt: Sign In" to try again.', ['sign-in'], oauthError, ids);
  if (oauthError === 'expired_token' || oauthError === 'code_expired' || msalCode === 'device_code_expired') {
    return new SignInError('device-code-expired', 'The device code expired before the sign-in was completed. Run "Defender Hunt: Sign In" for a new code.', ['sign-in'], oauthError, ids);
  }
  if (msalCode === 'network_error' || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|certificate|self[- ]signed|fetch failed/i.test(text)) {
    const cause = /(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID)/.exec(text)?.[1];
    return new SignInError('network', `Could not reach the sign-in service ${c.authorityHost ?? CLOUDS[c.cloud].authorityHost}${cause ? ` (${cause})` : ''}. Check the network, proxy and the connection's cloud.`, ['show-output'], msalCode || cause || 'network', ids);
  }
  if (msalCode === 'openid_config_error' || msalCode === 'endpoints_resolution_error' || msalCode === 'untrusted_authority') {
    return new SignInError('network', `The sign-in service ${c.authorityHost ?? CLOUDS[c.cloud].authorityHost} did not describe tenant ${c.tenantId} (no OpenID metadata). Check the tenant id and the cloud.`, ['edit-connection', 'show-output'], msalCode, ids);
  }
  const detail = firstLine(redact(body?.error_description ?? err.errorMessage ?? err.message ?? 'unknown error', extra.secrets));
  const tag = code !== undefined ? `AADSTS${code}` : oauthError ?? 'error';
  return new SignInError('unknown', `Sign-in to tenant ${c.tenantId} failed (${tag}): ${detail}`, ['show-output'], tag, ids);
}

function firstLine(s: string): string {
  const line = s.split(/\r?\n/)[0].replace(/^AADSTS\d+:\s*/, '').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Permission claims of a token (decoded, not verified): what the service will see. */
export function tokenPermissions(token: string): { roles: string[]; scopes: string[] } | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { roles?: unknown; scp?: unknown };
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : [];
    return { roles, scopes };
  } catch {
    return undefined;
  }
}

/**
 * Guidance for an HTTP 403 from the hunting API: the token was accepted but lacks the permission
 * (or, for delegated tokens, the user lacks a role). `token` (optional) is only decoded locally to
 * say which permissions it carried; it never appears in the message.
 */
export function forbiddenGuidance(c: ErrorContext, token?: string): SignInError {
  const permission = permissionOf(c);
  const granted = token ? tokenPermissions(token) : undefined;
  const carried = granted ? (isAppKind(c.authKind) ? granted.roles : granted.scopes) : undefined;
  const carriedText = carried ? ` The token carried ${carried.length ? carried.join(', ') : 'no permissions'}.` : '';
  if (isAppKind(c.authKind)) {
    return new SignInError('missing-permission',
      `The hunting API refused ${appOf(c)}: it needs the application permission ${permission}.${carriedText} In App registrations > your app > API permissions > Add a permission > ${apiNameOf(c)} > ${permissionTypeOf(c)}, add ${permission}, then Grant admin consent for ${c.tenantId}. Then sign out and in again: tokens issued before consent do not carry the role. (HTTP 403)`,
      ['admin-consent', 'sign-in'], '403');
  }
  return new SignInError('missing-permission',
    `The hunting API refused your account: the app ${c.clientId} needs the delegated permission ${permission} with admin consent in ${tenantOf(c)}, and your account needs a role that allows advanced hunting (Security Reader, Security Operator or a Defender XDR role with data access).${carriedText} (HTTP 403)`,
    ['admin-consent', 'sign-in'], '403');
}
