/**
 * Application (and partner) context: msal-node's ConfidentialClientApplication with a client
 * secret or a certificate, client-credentials grant, scope `<resource>/.default`, authority
 * `<login host>/<tenant>` (for a partner connection, the customer's tenant).
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { authorityHostOf } from './connection';
import { msalConfiguration, PinnedNetworkClient, scopesOf, type AuthorityTarget } from './msalSetup';
import { SignInError, toSignInError, type ErrorContext } from './signInError';
import { RenewingToken, silentLog, type AccessToken, type AuthLog, type GetTokenOptions, type TokenSource } from './tokenSource';

export type AppCredential =
  | { readonly kind: 'secret'; readonly secret: string }
  | { readonly kind: 'certificate'; readonly thumbprintSha256: string; readonly privateKeyPem: string };

export interface TokenSourceOptions {
  readonly log?: AuthLog;
  /** Renew this long before expiry (default 5 minutes). */
  readonly renewBeforeMs?: number;
  /** Clock, for tests of renewal. */
  readonly now?: () => number;
}

export class AppTokenSource implements TokenSource {
  private app: ConfidentialClientApplication;
  private readonly network: PinnedNetworkClient;
  private readonly token: RenewingToken;
  private readonly log: AuthLog;
  private signedIn = false;

  constructor(private readonly target: AuthorityTarget, private readonly credential: AppCredential, options: TokenSourceOptions = {}) {
    this.log = options.log ?? silentLog;
    this.network = new PinnedNetworkClient(new URL(authorityHostOf(target)).origin);
    this.app = this.createApp();
    this.token = new RenewingToken((force) => this.acquire(force), { renewBeforeMs: options.renewBeforeMs, now: options.now });
  }

  get accountLabel(): string | undefined {
    return this.signedIn ? `app ${this.target.clientId}` : undefined;
  }

  getToken(options: GetTokenOptions = {}): Promise<AccessToken> {
    return this.token.get(options.signal, options.forceRefresh);
  }

  async signOut(): Promise<void> {
    this.token.clear();
    this.network.abortAll();
    this.app.clearCache();
    this.app = this.createApp();
    this.signedIn = false;
  }

  private createApp(): ConfidentialClientApplication {
    const config = msalConfiguration(this.target, this.network, this.log, () => this.secrets());
    const c = this.credential;
    config.auth.clientSecret = c.kind === 'secret' ? c.secret : undefined;
    config.auth.clientCertificate = c.kind === 'certificate' ? { thumbprintSha256: c.thumbprintSha256, privateKey: c.privateKeyPem } : undefined;
    return new ConfidentialClientApplication(config);
  }

  private secrets(): string[] {
    return this.credential.kind === 'secret' ? [this.credential.secret] : [this.credential.privateKeyPem];
  }

  private errorContext(): ErrorContext {
    return {
      cloud: this.target.cloud, tenantId: this.target.tenantId, clientId: this.target.clientId, api: this.target.api,
      authKind: this.credential.kind === 'secret' ? 'app-secret' : 'app-certificate', authorityHost: authorityHostOf(this.target),
      ...(this.credential.kind === 'certificate' ? { thumbprintSha256: this.credential.thumbprintSha256 } : {}),
    };
  }

  private async acquire(forceRefresh: boolean): Promise<AccessToken> {
    this.network.lastOAuthError = undefined;
    try {
      const r = await this.app.acquireTokenByClientCredential({ scopes: scopesOf(this.target), skipCache: forceRefresh });
      if (!r?.accessToken) throw new SignInError('unknown', `Tenant ${this.target.tenantId} returned no access token.`);
      this.signedIn = true;
      const expiresOn = r.expiresOn ?? new Date(Date.now() + 60_000);
      this.log.info(`signed in as app ${this.target.clientId} in tenant ${this.target.tenantId}; token valid until ${expiresOn.toISOString()}`);
      return { token: r.accessToken, expiresOn };
    } catch (e) {
      const err = toSignInError(e, this.errorContext(), { lastOAuthError: this.network.lastOAuthError, secrets: this.secrets() });
      this.log.error(`sign-in failed: ${err.message}`);
      throw err;
    }
  }
}
