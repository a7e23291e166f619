// @ts-check
// One self-signed TLS certificate for every HTTPS fake of a test run (the fake Entra ID authority),
// valid for 127.0.0.1 and localhost, and the environment that makes Node trust it.
//
// Why environment and not code: msal-node uses Node's fetch, whose trust store is fixed when the
// process starts; NODE_EXTRA_CA_CERTS is read once at startup (setting it later has no effect, and
// node 20 has no API to add a CA at run time). So `npm test` creates the certificate first and
// starts every test process (node --test children, code-server and its extension host) with
//   NODE_EXTRA_CA_CERTS=<cert.pem>  DH_TEST_TLS_CERT=<cert.pem>  DH_TEST_TLS_KEY=<key.pem>
// The fakes serve that certificate; nothing else trusts it, and it lives in a temp dir.
//
// Run one test file by hand:  node test/harness/testTls.mjs node --import tsx --test test/unit/auth.test.ts
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';

/**
 * Returns (and creates once per process tree) the certificate files and the env that trusts them.
 * Reuses the files named by the environment when a parent already made them.
 * NODE_EXTRA_CA_CERTS becomes a bundle of the CAs it named before (a machine may need them to reach
 * the npm registry through a TLS-inspecting proxy, and code-server's install runs under this env)
 * plus the test certificate; replacing it would break every TLS connection but ours.
 * @returns {Promise<{ NODE_EXTRA_CA_CERTS: string, DH_TEST_TLS_CERT: string, DH_TEST_TLS_KEY: string, DH_TEST_TLS_CA: string }>}
 */
export async function ensureTestTls() {
  const { DH_TEST_TLS_CERT: cert, DH_TEST_TLS_KEY: key, DH_TEST_TLS_CA: bundle, NODE_EXTRA_CA_CERTS: ca } = process.env;
  if (cert && key && bundle && ca === bundle && [cert, key, bundle].every((f) => fs.existsSync(f))) {
    return { NODE_EXTRA_CA_CERTS: bundle, DH_TEST_TLS_CERT: cert, DH_TEST_TLS_KEY: key, DH_TEST_TLS_CA: bundle };
  }
  const base = process.env.DH_TMP ?? os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, 'dh-tls-'));
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'Defender Hunt test authority' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  fs.writeFileSync(certFile, pems.cert);
  fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
  const bundleFile = path.join(dir, 'ca-bundle.pem');
  let inherited = '';
  try { if (ca) inherited = fs.readFileSync(ca, 'utf8'); } catch { /* unreadable: trust only ours */ }
  fs.writeFileSync(bundleFile, `${inherited}${inherited && !inherited.endsWith('\n') ? '\n' : ''}${pems.cert}`);
  // Temp files of a finished run are useless; remove them when the process that made them exits.
  process.once('exit', () => { try { fs.rmSync(dir, { recursive: true, force: true }); } catch { /* gone */ } });
  return { NODE_EXTRA_CA_CERTS: bundleFile, DH_TEST_TLS_CERT: certFile, DH_TEST_TLS_KEY: keyFile, DH_TEST_TLS_CA: bundleFile };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd) { console.error('usage: node test/harness/testTls.mjs <command> [args…]'); process.exit(2); }
  const env = { ...process.env, ...(await ensureTestTls()) };
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  process.exit(r.status ?? 1);
}
