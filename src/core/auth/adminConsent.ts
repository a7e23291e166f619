/**
 * Partner context: one multi-tenant app, one connection per customer tenant. Before the app can
 * get a token in a customer's tenant, an administrator of that tenant consents to it once through
 * this URL (Microsoft identity platform v2 admin-consent endpoint).
 */
import { CLOUDS, resourceFor, type ApiKind, type CloudId } from '../api/endpoints';
import { isGuid } from './connection';

export interface AdminConsentRequest {
  readonly cloud: CloudId;
  readonly api: ApiKind;
  /** The customer's tenant id: the tenant whose administrator consents. */
  readonly tenantId: string;
  /** The multi-tenant app's client id. */
  readonly clientId: string;
  /** A redirect URI registered on the app; Entra returns the administrator there after consent. */
  readonly redirectUri?: string;
  /** Authority host override (test authorities, private clouds). */
  readonly authorityHost?: string;
}

/** Where Entra sends the administrator after consent unless the app registered another URI. */
export const DEFAULT_CONSENT_REDIRECT_URI = 'http://localhost';

/**
 * `https://login…/<customer tenant>/v2.0/adminconsent?client_id=…&scope=<resource>/.default&redirect_uri=…`:
 * consents to every application permission the app declares on the hunting API's resource.
 */
export function adminConsentUrl(r: AdminConsentRequest): string {
  if (!isGuid(r.tenantId)) throw new Error('The customer tenant id must be a GUID.');
  if (!isGuid(r.clientId)) throw new Error('The client id must be a GUID.');
  const host = (r.authorityHost ?? CLOUDS[r.cloud].authorityHost).replace(/\/+$/, '');
  const u = new URL(`${host}/${encodeURIComponent(r.tenantId.toLowerCase())}/v2.0/adminconsent`);
  u.searchParams.set('client_id', r.clientId.toLowerCase());
  u.searchParams.set('scope', `${resourceFor(r.cloud, r.api)}/.default`);
  u.searchParams.set('redirect_uri', r.redirectUri ?? DEFAULT_CONSENT_REDIRECT_URI);
  return u.toString();
}
