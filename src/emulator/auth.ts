/**
 * Bearer token checks. Two kinds of token are accepted:
 *  - the emulator's dev token (random per start unless given), tenant "dev", all permissions;
 *  - RS256 JWTs from the test authority: the signature verifies with one of the trusted public
 *    keys, `exp` is in the future (`nbf`, when present, in the past), `aud` is the API's resource
 *    root (a Graph host for Graph, a legacy Defender host for the legacy API), and the tenant for
 *    rate limiting is the `tid` claim. The permission comes from `roles` (application) or `scp`
 *    (delegated): Graph needs ThreatHunting.Read.All; legacy AdvancedHunting.Read(.All).
 * Verification uses node:crypto only. Tokens never appear in messages or logs.
 */
import { createPublicKey, timingSafeEqual, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { APPLICATION_PERMISSION, CLOUDS, DELEGATED_PERMISSION, type ApiKind } from '../core/api/endpoints';

export interface AuthConfig {
  readonly devToken: string;
  readonly trustedKeys: readonly KeyObject[];
  /** Current time in ms. */
  readonly clock: () => number;
}

export type AuthResult =
  | { readonly ok: true; readonly tenant: string; readonly subject: string }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

/** Geo hosts of the legacy API (api-spec.md §1.2), besides each cloud's main host. */
const LEGACY_GEO_HOSTS = ['us', 'eu', 'uk', 'au', 'swa', 'ina', 'aea'].flatMap((g) => [`https://api-${g}.security.microsoft.com`, `https://${g}.api.security.microsoft.com`]);

export function audiencesFor(api: ApiKind): Set<string> {
  const roots = Object.values(CLOUDS).map((c) => (api === 'graph' ? c.graph : c.legacy));
  if (api === 'legacy') roots.push(...LEGACY_GEO_HOSTS);
  return new Set(roots.flatMap((r) => [r, `${r}/`]));
}

/** PEM public keys or certificates -> KeyObjects (throws on a malformed PEM). */
export function parseTrustedKeys(pems: readonly string[]): KeyObject[] {
  return pems.flatMap((pem) => {
    const blocks = pem.match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g) ?? [];
    if (blocks.length === 0) throw new Error('trusted key: no PEM block found');
    return blocks.map((b) => (b.includes('CERTIFICATE') ? new X509Certificate(b).publicKey : createPublicKey(b)));
  });
}

function b64url(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function authenticate(authorization: string | undefined, api: ApiKind, config: AuthConfig): AuthResult {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return { ok: false, status: 401, reason: authorization ? 'malformed' : 'missing' };
  const token = m[1];
  if (sameSecret(token, config.devToken)) return { ok: true, tenant: 'dev', subject: 'dev' };
  return verifyJwt(token, api, config);
}

function verifyJwt(token: string, api: ApiKind, config: AuthConfig): AuthResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, status: 401, reason: 'malformed' };
  let header: { alg?: unknown };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(b64url(parts[0]).toString('utf8')) as { alg?: unknown };
    claims = JSON.parse(b64url(parts[1]).toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, status: 401, reason: 'malformed' };
  }
  if (header.alg !== 'RS256' || typeof claims !== 'object' || claims === null) return { ok: false, status: 401, reason: 'signature' };
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = b64url(parts[2]);
  const trusted = config.trustedKeys.some((key) => {
    try { return verify('RSA-SHA256', signed, key, signature); } catch { return false; }
  });
  if (!trusted) return { ok: false, status: 401, reason: 'signature' };
  const nowSec = config.clock() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= nowSec) return { ok: false, status: 401, reason: 'expired' };
  if (typeof claims.nbf === 'number' && claims.nbf > nowSec + 300) return { ok: false, status: 401, reason: 'not-yet-valid' };
  const audiences = audiencesFor(api);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => typeof a === 'string' && audiences.has(a))) return { ok: false, status: 401, reason: 'audience' };
  const tenant = typeof claims.tid === 'string' && claims.tid ? claims.tid : undefined;
  if (!tenant) return { ok: false, status: 401, reason: 'tenant' };
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(/\s+/) : [];
  const granted = new Set([...roles, ...scopes]);
  const needed = new Set([APPLICATION_PERMISSION[api], DELEGATED_PERMISSION[api]]);
  if (![...needed].some((p) => granted.has(p))) return { ok: false, status: 403, reason: 'permission' };
  const subject = typeof claims.oid === 'string' ? claims.oid : typeof claims.sub === 'string' ? claims.sub : 'unknown';
  return { ok: true, tenant, subject };
}
