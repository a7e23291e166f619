/**
 * Client certificates for certificate-credential tests, in the shapes people actually have:
 * PKCS#8, PKCS#1 ("RSA PRIVATE KEY"), encrypted PKCS#8, and a combined PEM with bag attributes.
 */
import { createPrivateKey } from 'node:crypto';
import selfsigned from 'selfsigned';

export interface TestCertificate {
  readonly certificatePem: string;
  readonly pkcs8Pem: string;
  readonly pkcs1Pem: string;
  encryptedPem(passphrase: string): string;
}

export async function makeClientCertificate(commonName = 'defender-hunt-test-app'): Promise<TestCertificate> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: commonName }], { keySize: 2048, algorithm: 'sha256' });
  const key = createPrivateKey(pems.private);
  return {
    certificatePem: pems.cert,
    pkcs8Pem: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
    pkcs1Pem: key.export({ format: 'pem', type: 'pkcs1' }).toString(),
    encryptedPem: (passphrase) => key.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase }).toString(),
  };
}
