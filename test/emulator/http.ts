/** Helpers for talking to an emulator over HTTP in tests. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export const GRAPH = '/v1.0/security/runHuntingQuery';
export const LEGACY = '/api/advancedhunting/run';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown> & { error?: Record<string, unknown> };
}

export async function post(url: string, path: string, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Reply['json'] = {};
  try { json = JSON.parse(text) as Reply['json']; } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** An RS256 JWT signed like the test authority signs its tokens. */
export function signJwt(key: KeyObject, claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: 'test' }): string {
  const head = `${b64url(header)}.${b64url(claims)}`;
  return `${head}.${sign('RSA-SHA256', Buffer.from(head), key).toString('base64url')}`;
}

export function keyPair(): { privateKey: KeyObject; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
