/**
 * Certificate credentials for msal: the SHA-256 thumbprint of the certificate and its private key
 * as unencrypted PKCS#8 PEM (what msal's JWT signer accepts). Keys arrive in many shapes: a
 * combined PEM with "Bag Attributes" from openssl pkcs12, PKCS#1 "RSA PRIVATE KEY", encrypted
 * PKCS#8 with a passphrase, Windows line endings. node:crypto reads them all; we normalise once,
 * when the connection is saved, and check that the key belongs to the certificate.
 */
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

export interface CertificateCredential {
  /** Hex SHA-256 thumbprint of the certificate (uppercase, no colons). Public. */
  readonly thumbprintSha256: string;
  /** Unencrypted PKCS#8 PEM. Secret: SecretStorage only. */
  readonly privateKeyPem: string;
  /** The certificate PEM (public). */
  readonly certificatePem: string;
  /** Subject and expiry, for the UI. */
  readonly subject: string;
  readonly notAfter: Date;
}

export class CertificateError extends Error {
  override readonly name = 'CertificateError';
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN (?:(?:RSA|EC|ENCRYPTED) )?PRIVATE KEY-----[\s\S]+?-----END (?:(?:RSA|EC|ENCRYPTED) )?PRIVATE KEY-----/;

/** Splits a PEM bundle (cert and key in one file, or separate) into its blocks, ignoring bag attributes. */
export function splitPem(text: string): { certificates: string[]; privateKey?: string } {
  const t = text.replace(/\r\n?/g, '\n');
  const certificates = (t.match(CERT_BLOCK) ?? []).map((b) => `${b.trim()}\n`);
  const key = KEY_BLOCK.exec(t)?.[0];
  return { certificates, ...(key ? { privateKey: `${key.trim()}\n` } : {}) };
}

/** True when a PEM private key needs a passphrase (encrypted PKCS#8 or legacy Proc-Type encryption). */
export function isEncryptedKey(pem: string): boolean {
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem) || /Proc-Type:\s*4,ENCRYPTED/.test(pem);
}

/**
 * Reads a certificate and its private key (from one bundle or two texts), decrypts the key with
 * `passphrase` when needed, and checks that they match.
 */
export function loadCertificateCredential(input: { certificate: string; privateKey?: string; passphrase?: string }): CertificateCredential {
  const fromCert = splitPem(input.certificate);
  const fromKey = input.privateKey ? splitPem(input.privateKey) : { certificates: [] };
  const certPem = fromCert.certificates[0] ?? fromKey.certificates[0];
  const keyPem = fromKey.privateKey ?? fromCert.privateKey;
  if (!certPem) throw new CertificateError('No certificate found: expected a PEM block "-----BEGIN CERTIFICATE-----".');
  if (!keyPem) throw new CertificateError('No private key found: expected a PEM block "-----BEGIN PRIVATE KEY-----" (or RSA/ENCRYPTED PRIVATE KEY).');

  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw new CertificateError('The certificate could not be read (is it PEM, not DER/.pfx?).');
  }
  if (isEncryptedKey(keyPem) && !input.passphrase) throw new CertificateError('The private key is encrypted: enter its passphrase.');
  let key: KeyObject;
  try {
    key = createPrivateKey(input.passphrase ? { key: keyPem, format: 'pem', passphrase: input.passphrase } : { key: keyPem, format: 'pem' });
  } catch {
    throw new CertificateError(isEncryptedKey(keyPem) ? 'The private key could not be decrypted: wrong passphrase?' : 'The private key could not be read.');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new CertificateError(`Entra ID certificate credentials use RSA keys; this key is ${key.asymmetricKeyType ?? 'unknown'}.`);
  const spki = (k: KeyObject) => k.export({ format: 'der', type: 'spki' }).toString('base64');
  if (spki(createPublicKey(key)) !== spki(cert.publicKey)) throw new CertificateError('The private key does not belong to this certificate.');
  const notAfter = new Date(cert.validTo);
  return {
    thumbprintSha256: cert.fingerprint256.replace(/:/g, '').toUpperCase(),
    privateKeyPem: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
    certificatePem: certPem,
    subject: cert.subject.replace(/\n/g, ', '),
    notAfter,
  };
}
