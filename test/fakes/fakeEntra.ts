/**
 * A fake Microsoft Entra ID authority for tests: HTTPS on 127.0.0.1 (the run's test certificate,
 * see test/harness/testTls.mjs), per-tenant OpenID metadata and keys, the v2 token endpoint
 * (client credentials with a secret or a certificate assertion it verifies, device code, refresh
 * token), the device code endpoint, admin consent, and Entra's error codes for the usual mistakes.
 *
 * Token contract (the emulator verifies these exact tokens with `trustedKeys: [publicKeyPem]`):
 * RS256 JWTs signed by `publicKeyPem`'s key; `iss` = `https://127.0.0.1:<port>/<tenantId>/v2.0`;
 * `aud` = the requested resource without trailing slash (`<resource>/.default` → `<resource>`);
 * `tid`; `appid` and `azp` = client id; `roles` for app tokens, `scp` for delegated ones; `iat`,
 * `nbf`, `exp`.
 */
import { generateKeyPairSync, randomBytes, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { signRs256, verifyJwtSignature } from './jwt';

export interface FakeApp {
  readonly clientId: string;
  /** The tenant the app is registered in. */
  readonly homeTenantId: string;
  readonly displayName?: string;
  /** Accepted client secret(s). */
  readonly secrets?: readonly string[];
  /** Certificates (PEM) whose private key may sign client assertions. */
  readonly certificates?: readonly string[];
  /** Application permissions with admin consent: become `roles` in app tokens. */
  readonly roles?: readonly string[];
  /** Delegated permissions: become `scp` in user tokens. */
  readonly scopes?: readonly string[];
  /** Tenants (besides home) whose administrator consented to this multi-tenant app. */
  readonly consentedTenants?: readonly string[];
  /** Multi-tenant ("Accounts in any organizational directory"): admin consent may add tenants. */
  readonly multiTenant?: boolean;
  /** Delegated consent given (default true); false makes device code sign-in fail with AADSTS65001. */
  readonly delegatedConsent?: boolean;
  /** "Allow public client flows" (default true); false makes device code fail with AADSTS7000218. */
  readonly publicClient?: boolean;
}

export interface FakeUser { readonly upn: string; readonly name?: string; readonly oid?: string }

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly tenant?: string;
  readonly grantType?: string;
  readonly clientId?: string;
}

interface DeviceCode {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly tenantId: string;
  readonly resource: string;
  readonly expiresAt: number;
  state: 'pending' | 'approved' | 'declined' | 'redeemed';
  user?: FakeUser;
}

interface RefreshGrant { readonly clientId: string; readonly tenantId: string; readonly user: FakeUser; readonly resource: string }

/**
 * Whether this process trusts the certificate in `certFile`: the CA file NODE_EXTRA_CA_CERTS names
 * (read by Node at start) holds it — the certificate itself, or a bundle that includes it.
 */
export function trustsCertificate(certFile: string | undefined = process.env.DH_TEST_TLS_CERT): boolean {
  const ca = process.env.NODE_EXTRA_CA_CERTS;
  if (!certFile || !ca) return false;
  try {
    return fs.readFileSync(ca, 'utf8').includes(fs.readFileSync(certFile, 'utf8').trim());
  } catch {
    return false;
  }
}

export interface FakeEntraOptions {
  /** Seconds tokens live (default 3599, like Entra). */
  readonly tokenLifetimeSeconds?: number;
  /** Seconds between device code polls the fake asks for (default 1; Entra says 5). */
  readonly pollIntervalSeconds?: number;
  /** TLS certificate and key PEM files (default: DH_TEST_TLS_CERT / DH_TEST_TLS_KEY). */
  readonly certFile?: string;
  readonly keyFile?: string;
}

export class FakeEntra {
  readonly publicKeyPem: string;
  readonly kid = `fake-${randomBytes(4).toString('hex')}`;
  /** Every request, in order, for assertions ("no discovery traffic", "one token request"). */
  readonly requests: RecordedRequest[] = [];
  /** Access tokens issued so far. */
  issuedTokens = 0;
  private readonly privateKey: KeyObject;
  private readonly tenants = new Set<string>();
  private readonly apps = new Map<string, FakeApp & { consented: Set<string> }>();
  private readonly deviceCodes = new Map<string, DeviceCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private tokenLifetime: number;

  private constructor(private readonly server: https.Server, private readonly options: FakeEntraOptions) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    this.tokenLifetime = options.tokenLifetimeSeconds ?? 3599;
    server.on('request', (req, res) => void this.handle(req, res));
  }

  static async start(options: FakeEntraOptions = {}): Promise<FakeEntra> {
    const certFile = options.certFile ?? process.env.DH_TEST_TLS_CERT;
    const keyFile = options.keyFile ?? process.env.DH_TEST_TLS_KEY;
    if (!certFile || !keyFile) {
      throw new Error('FakeEntra needs the test TLS certificate: run through `npm test` or `node test/harness/testTls.mjs <command>` (sets NODE_EXTRA_CA_CERTS, DH_TEST_TLS_CERT, DH_TEST_TLS_KEY).');
    }
    if (!trustsCertificate(certFile)) {
      throw new Error(`This process does not trust the fake authority's certificate: NODE_EXTRA_CA_CERTS must name a file holding ${certFile} when the process starts.`);
    }
    const server = https.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) });
    const fake = new FakeEntra(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** `https://127.0.0.1:<port>`: use as a connection's `authorityHost`. */
  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  issuer(tenantId: string): string {
    return `${this.url}/${tenantId}/v2.0`;
  }

  addTenant(tenantId: string): this {
    this.tenants.add(tenantId.toLowerCase());
    return this;
  }

  registerApp(app: FakeApp): this {
    this.addTenant(app.homeTenantId);
    const consented = new Set([app.homeTenantId, ...(app.consentedTenants ?? [])].map((t) => t.toLowerCase()));
    this.apps.set(app.clientId.toLowerCase(), { ...app, consented });
    return this;
  }

  setTokenLifetime(seconds: number): void {
    this.tokenLifetime = seconds;
  }

  /** Device codes waiting for a user, newest last. */
  pendingDeviceCodes(): { userCode: string; clientId: string; tenantId: string }[] {
    return [...this.deviceCodes.values()].filter((d) => d.state === 'pending').map((d) => ({ userCode: d.userCode, clientId: d.clientId, tenantId: d.tenantId }));
  }

  /** The user finishes the browser step for `userCode`. */
  approveDeviceCode(userCode: string, user: FakeUser): void {
    const d = [...this.deviceCodes.values()].find((x) => x.userCode === userCode);
    if (!d) throw new Error(`no device code ${userCode}`);
    d.state = 'approved';
    d.user = { oid: randomUUID(), ...user };
  }

  declineDeviceCode(userCode: string): void {
    const d = [...this.deviceCodes.values()].find((x) => x.userCode === userCode);
    if (!d) throw new Error(`no device code ${userCode}`);
    d.state = 'declined';
  }

  /** Requests that went anywhere but the token, device code and metadata endpoints of a tenant. */
  unexpectedRequests(): RecordedRequest[] {
    return this.requests.filter((r) => !/^\/[^/]+\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/(token|devicecode)|discovery\/v2\.0\/keys|v2\.0\/adminconsent)$/.test(r.path));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : new URLSearchParams();
    const m = /^\/([^/]+)\/(.*)$/.exec(url.pathname);
    const tenant = m?.[1].toLowerCase();
    const rest = m?.[2] ?? '';
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, tenant, grantType: body.get('grant_type') ?? undefined, clientId: body.get('client_id') ?? url.searchParams.get('client_id') ?? undefined });
    try {
      if (req.method === 'GET' && rest === 'v2.0/.well-known/openid-configuration') return this.openIdConfiguration(res, tenant as string);
      if (req.method === 'GET' && rest === 'discovery/v2.0/keys') return json(res, 200, { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, ...this.jwk() }] });
      if (req.method === 'POST' && rest === 'oauth2/v2.0/token') return this.token(res, tenant as string, body);
      if (req.method === 'POST' && rest === 'oauth2/v2.0/devicecode') return this.deviceCode(res, tenant as string, body);
      if (req.method === 'GET' && rest === 'v2.0/adminconsent') return this.adminConsent(res, tenant as string, url.searchParams);
      json(res, 404, { error: 'not_found', error_description: `The fake authority has no ${req.method} ${url.pathname}` });
    } catch (e) {
      json(res, 500, { error: 'server_error', error_description: e instanceof Error ? e.message : String(e) });
    }
  }

  private openIdConfiguration(res: ServerResponse, tenant: string): void {
    if (!this.tenants.has(tenant)) return this.oauthError(res, 400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    const base = `${this.url}/${tenant}`;
    json(res, 200, {
      issuer: this.issuer(tenant),
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      tenant_region_scope: 'NA',
      cloud_instance_name: '127.0.0.1',
    });
  }

  private token(res: ServerResponse, tenant: string, body: URLSearchParams): void {
    if (!this.tenants.has(tenant)) return this.oauthError(res, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    const clientId = (body.get('client_id') ?? '').toLowerCase();
    const app = this.apps.get(clientId);
    if (!app || !app.consented.has(tenant)) {
      return this.oauthError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
    }
    const grant = body.get('grant_type');
    if (grant === 'client_credentials') return this.clientCredentials(res, tenant, app, body);
    if (grant === 'urn:ietf:params:oauth:grant-type:device_code' || grant === 'device_code') return this.redeemDeviceCode(res, tenant, app, body);
    if (grant === 'refresh_token') return this.refresh(res, tenant, app, body);
    return this.oauthError(res, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
  }

  private clientCredentials(res: ServerResponse, tenant: string, app: FakeApp, body: URLSearchParams): void {
    const resource = resourceOf(body.get('scope'));
    if (!resource) return this.oauthError(res, 400, 'invalid_scope', 1002012, `The provided value for scope ${body.get('scope')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    const secret = body.get('client_secret');
    const assertion = body.get('client_assertion');
    if (secret !== null) {
      if (!(app.secrets ?? []).includes(secret)) return this.oauthError(res, 401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`);
    } else if (assertion !== null) {
      const problem = this.checkAssertion(assertion, app, tenant);
      if (problem) return this.oauthError(res, 401, 'invalid_client', problem.code, problem.text);
    } else {
      return this.oauthError(res, 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    const claims: Record<string, unknown> = { appid: app.clientId, azp: app.clientId, idtyp: 'app', oid: app.clientId, sub: app.clientId };
    if (app.roles?.length) claims.roles = [...app.roles];
    json(res, 200, { token_type: 'Bearer', expires_in: this.tokenLifetime, ext_expires_in: this.tokenLifetime, access_token: this.accessToken(tenant, resource, claims) });
  }

  /** Checks a client assertion like Entra: certificate known by thumbprint, signature, audience, lifetime. */
  private checkAssertion(assertion: string, app: FakeApp, tenant: string): { code: number; text: string } | undefined {
    let header: Record<string, unknown>;
    let payload: Record<string, unknown>;
    const headerOnly = parseHeader(assertion);
    if (!headerOnly) return { code: 50027, text: 'JWT token is invalid or malformed.' };
    const x5t256 = headerOnly['x5t#S256'];
    const x5t = headerOnly.x5t;
    const cert = (app.certificates ?? []).find((pem) => {
      const c = new X509Certificate(pem);
      return (typeof x5t256 === 'string' && Buffer.from(x5t256, 'base64url').toString('hex').toUpperCase() === c.fingerprint256.replace(/:/g, ''))
        || (typeof x5t === 'string' && Buffer.from(x5t, 'base64url').toString('hex').toUpperCase() === c.fingerprint.replace(/:/g, ''));
    });
    if (!cert) return { code: 700027, text: `Client assertion failed signature validation. The key was not found. (Reason - The key used to sign the assertion is not registered for app '${app.clientId}'.)` };
    try {
      ({ header, payload } = verifyAndRead(assertion, cert));
    } catch {
      return { code: 700027, text: 'Client assertion contains an invalid signature.' };
    }
    void header;
    const now = Math.floor(Date.now() / 1000);
    const tokenEndpoint = `${this.url}/${tenant}/oauth2/v2.0/token`;
    if (payload.aud !== tokenEndpoint && payload.aud !== `${this.url}/${tenant}/v2.0`) return { code: 700021, text: `Client assertion audience claim does not match Realm issuer. Expected ${tokenEndpoint}.` };
    if (payload.iss !== app.clientId || payload.sub !== app.clientId) return { code: 700023, text: 'Client assertion issuer and subject must be the client id.' };
    if (typeof payload.exp !== 'number' || payload.exp < now) return { code: 700024, text: 'Client assertion is not within its valid time range.' };
    return undefined;
  }

  private deviceCode(res: ServerResponse, tenant: string, body: URLSearchParams): void {
    if (!this.tenants.has(tenant)) return this.oauthError(res, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    const clientId = (body.get('client_id') ?? '').toLowerCase();
    const app = this.apps.get(clientId);
    if (!app || !app.consented.has(tenant)) return this.oauthError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
    const resource = resourceOf((body.get('scope') ?? '').split(' ').find((s) => s.includes('/')) ?? null) ?? 'https://graph.microsoft.com';
    const userCode = randomBytes(5).toString('hex').toUpperCase().slice(0, 9);
    const deviceCode = randomBytes(24).toString('base64url');
    const expiresIn = 900;
    this.deviceCodes.set(deviceCode, { deviceCode, userCode, clientId, tenantId: tenant, resource, expiresAt: Date.now() + expiresIn * 1000, state: 'pending' });
    const verificationUri = `${this.url}/devicelogin`;
    json(res, 200, {
      user_code: userCode, device_code: deviceCode, verification_uri: verificationUri, expires_in: expiresIn,
      interval: this.options.pollIntervalSeconds ?? 1,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
    });
  }

  private redeemDeviceCode(res: ServerResponse, tenant: string, app: FakeApp, body: URLSearchParams): void {
    const d = this.deviceCodes.get(body.get('device_code') ?? '');
    if (!d || d.clientId !== app.clientId.toLowerCase() || d.tenantId !== tenant) return this.oauthError(res, 400, 'invalid_grant', 70000, 'The provided device code is not valid.');
    if (app.publicClient === false) return this.oauthError(res, 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    if (Date.now() > d.expiresAt) return this.oauthError(res, 400, 'expired_token', 70020, 'The provided value for the input parameter \'device_code\' is not valid. This device code has expired.');
    if (d.state === 'pending') return this.oauthError(res, 400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
    if (d.state === 'declined') return this.oauthError(res, 400, 'authorization_declined', 70019, 'The user declined the sign-in.');
    if (d.state === 'redeemed') return this.oauthError(res, 400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed.');
    if (app.delegatedConsent === false) {
      return this.oauthError(res, 400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.displayName ?? 'app'}'. Send an interactive authorization request for this user and resource.`, 'consent_required');
    }
    d.state = 'redeemed';
    this.userTokens(res, tenant, app, d.user as FakeUser, d.resource);
  }

  private refresh(res: ServerResponse, tenant: string, app: FakeApp, body: URLSearchParams): void {
    const grant = this.refreshTokens.get(body.get('refresh_token') ?? '');
    if (!grant || grant.clientId !== app.clientId.toLowerCase() || grant.tenantId !== tenant) return this.oauthError(res, 400, 'invalid_grant', 70008, 'The provided refresh token has expired or was revoked. Sign in again.');
    const resource = resourceOf((body.get('scope') ?? '').split(' ').find((s) => s.includes('/')) ?? null) ?? grant.resource;
    this.userTokens(res, tenant, app, grant.user, resource);
  }

  private userTokens(res: ServerResponse, tenant: string, app: FakeApp, user: FakeUser, resource: string): void {
    const oid = user.oid ?? randomUUID();
    const refreshToken = randomBytes(32).toString('base64url');
    this.refreshTokens.set(refreshToken, { clientId: app.clientId.toLowerCase(), tenantId: tenant, user: { ...user, oid }, resource });
    const now = Math.floor(Date.now() / 1000);
    const idToken = signRs256({ iss: this.issuer(tenant), aud: app.clientId, tid: tenant, oid, sub: oid, preferred_username: user.upn, name: user.name ?? user.upn, iat: now, nbf: now, exp: now + this.tokenLifetime, ver: '2.0' }, this.privateKey, this.kid);
    const scp = (app.scopes ?? []).join(' ');
    json(res, 200, {
      token_type: 'Bearer', scope: `${resource}/.default`, expires_in: this.tokenLifetime, ext_expires_in: this.tokenLifetime,
      access_token: this.accessToken(tenant, resource, { appid: app.clientId, azp: app.clientId, oid, sub: oid, upn: user.upn, name: user.name ?? user.upn, ...(scp ? { scp } : {}) }),
      refresh_token: refreshToken, id_token: idToken,
      client_info: Buffer.from(JSON.stringify({ uid: oid, utid: tenant })).toString('base64url'),
    });
  }

  private adminConsent(res: ServerResponse, tenant: string, q: URLSearchParams): void {
    const app = this.apps.get((q.get('client_id') ?? '').toLowerCase());
    const redirect = q.get('redirect_uri') ?? 'http://localhost';
    if (!this.tenants.has(tenant)) return this.oauthError(res, 400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found.`);
    if (!app || (!app.multiTenant && app.homeTenantId.toLowerCase() !== tenant)) return this.oauthError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${q.get('client_id')}' was not found in the directory '${tenant}'.`);
    app.consented.add(tenant);
    res.writeHead(302, { location: `${redirect}?admin_consent=True&tenant=${tenant}` }).end();
  }

  private accessToken(tenant: string, resource: string, claims: Record<string, unknown>): string {
    const now = Math.floor(Date.now() / 1000);
    this.issuedTokens++;
    return signRs256({ aud: resource, iss: this.issuer(tenant), iat: now, nbf: now, exp: now + this.tokenLifetime, tid: tenant, ver: '2.0', uti: randomBytes(8).toString('base64url'), ...claims }, this.privateKey, this.kid);
  }

  private oauthError(res: ServerResponse, status: number, error: string, code: number, text: string, suberror?: string): void {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    json(res, status, {
      error, error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString()}`,
      error_codes: [code], timestamp: new Date().toISOString(), trace_id: traceId, correlation_id: correlationId,
      ...(suberror ? { suberror } : {}),
    });
  }

  private jwk(): Record<string, string> {
    const j = this.privateKey.export({ format: 'jwk' }) as { n: string; e: string };
    return { n: j.n, e: j.e };
  }
}

/** `https://graph.microsoft.com/.default` → `https://graph.microsoft.com`; undefined unless it ends in /.default. */
function resourceOf(scope: string | null): string | undefined {
  const s = (scope ?? '').split(' ').find((x) => x.endsWith('/.default'));
  return s ? s.slice(0, -'/.default'.length).replace(/\/+$/, '') : undefined;
}

function parseHeader(jwt: string): Record<string, unknown> | undefined {
  try { return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8')) as Record<string, unknown>; } catch { return undefined; }
}

function verifyAndRead(jwt: string, certPem: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const r = verifyJwtSignature(jwt, certPem);
  if (!r.ok) throw new Error('bad signature');
  return r;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { s += c; });
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
