/**
 * Just enough JWT for the fake authority: sign RS256, verify RS256/PS256 with a public key,
 * decode without verifying. node:crypto only.
 */
import { constants, createPublicKey, sign, verify, type KeyLike } from 'node:crypto';

export type JwtPayload = Record<string, unknown>;

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');

export function signRs256(payload: JwtPayload, privateKey: KeyLike, kid: string): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(payload));
  const sig = sign('sha256', Buffer.from(`${head}.${body}`), privateKey);
  return `${head}.${body}.${b64url(sig)}`;
}

export function decodeJwt(token: string): { header: JwtPayload; payload: JwtPayload; signingInput: string; signature: Buffer } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a JWT');
  const parse = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as JwtPayload;
  return { header: parse(parts[0]), payload: parse(parts[1]), signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
}

/** Verifies the signature (RS256 or PS256) with the public key of `certificateOrKeyPem`. */
export function verifyJwtSignature(token: string, certificateOrKeyPem: string): { ok: boolean; header: JwtPayload; payload: JwtPayload } {
  const { header, payload, signingInput, signature } = decodeJwt(token);
  const key = createPublicKey(certificateOrKeyPem);
  let ok = false;
  if (header.alg === 'RS256') ok = verify('sha256', Buffer.from(signingInput), key, signature);
  else if (header.alg === 'PS256') {
    ok = verify('sha256', Buffer.from(signingInput), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
  }
  return { ok, header, payload };
}
