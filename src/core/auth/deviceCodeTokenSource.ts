/**
 * Device code sign-in (msal-node PublicClientApplication), for hosts where VS Code's Microsoft
 * sign-in cannot serve (remote machines without a browser, clouds it does not know). The code is
 * handed to a callback so the UI can show it with copy/open buttons; the wait is cancellable.
 * Afterwards tokens are renewed silently with the cached refresh token, in memory only.
 */
import { PublicClientApplication, type AccountInfo, type AuthenticationResult } from '@azure/msal-node';
import { authorityHostOf } from './connection';
import { msalConfiguration, PinnedNetworkClient, scopesOf, type AuthorityTarget } from './msalSetup';
import { SignInError, toSignInError, type ErrorContext } from './signInError';
import { abortError, RenewingToken, silentLog, type AccessToken, type AuthLog, type GetTokenOptions, type TokenSource } from './tokenSource';
import type { TokenSourceOptions } from './appTokenSource';

export interface DeviceCodePrompt {
  /** What the user types at `verificationUri`. Not a secret on its own, but short-lived. */
  readonly userCode: string;
  readonly verificationUri: string;
  /** Entra's own sentence ("To sign in, use a web browser to open …"). */
  readonly message: string;
  readonly expiresOn: Date;
}

export interface DeviceCodeSignInOptions {
  readonly signal?: AbortSignal;
  /** Called once the code is known; show it to the user. */
  readonly onCode: (prompt: DeviceCodePrompt) => void;
}

export class DeviceCodeTokenSource implements TokenSource {
  private app: PublicClientApplication;
  private readonly network: PinnedNetworkClient;
  private readonly token: RenewingToken;
  private readonly log: AuthLog;
  private account: AccountInfo | undefined;

  constructor(private readonly target: AuthorityTarget, options: TokenSourceOptions = {}) {
    this.log = options.log ?? silentLog;
    this.network = new PinnedNetworkClient(new URL(authorityHostOf(target)).origin);
    this.app = this.createApp();
    this.token = new RenewingToken((force) => this.silent(force), { renewBeforeMs: options.renewBeforeMs, now: options.now });
  }

  get accountLabel(): string | undefined {
    return this.account?.username || this.account?.name || undefined;
  }

  getToken(options: GetTokenOptions = {}): Promise<AccessToken> {
    return this.token.get(options.signal, options.forceRefresh);
  }

  /** Interactive: gets a device code, reports it, waits for the user to finish in a browser. */
  async signIn(options: DeviceCodeSignInOptions): Promise<AccessToken> {
    const { signal } = options;
    if (signal?.aborted) throw toSignInError(abortError(), this.errorContext());
    this.network.lastOAuthError = undefined;
    const request = {
      scopes: scopesOf(this.target),
      cancel: false,
      deviceCodeCallback: (r: { userCode?: string; verificationUri?: string; message?: string; expiresIn: number }) => {
        // msal calls back even when the device code endpoint answered with an error: stop there.
        if (!r.userCode || !r.verificationUri) throw new Error(this.network.lastOAuthError?.error ?? 'no device code returned');
        options.onCode({ userCode: r.userCode, verificationUri: r.verificationUri, message: r.message ?? `Open ${r.verificationUri} and enter ${r.userCode}.`, expiresOn: new Date(Date.now() + r.expiresIn * 1000) });
      },
    };
    // msal polls until `cancel` is set; the abort also rejects at once instead of after the next poll.
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => { request.cancel = true; this.network.abortAll(); reject(abortError()); };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const r = await Promise.race([this.app.acquireTokenByDeviceCode(request), aborted]);
      if (!r) throw new SignInError('unknown', `Tenant ${this.target.tenantId} returned no token.`);
      return this.accept(r);
    } catch (e) {
      const err = toSignInError(e, this.errorContext(), { lastOAuthError: this.network.lastOAuthError });
      if (err.kind === 'cancelled') this.log.info('device code sign-in cancelled');
      else this.log.error(`device code sign-in failed: ${err.message}`);
      throw err;
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      aborted.catch(() => undefined);
    }
  }

  async signOut(): Promise<void> {
    this.token.clear();
    this.network.abortAll();
    const cache = this.app.getTokenCache();
    for (const a of await cache.getAllAccounts()) await cache.removeAccount(a);
    this.app.clearCache();
    this.app = this.createApp();
    this.account = undefined;
  }

  private accept(r: AuthenticationResult): AccessToken {
    if (!r.accessToken) throw new SignInError('unknown', `Tenant ${this.target.tenantId} returned no access token.`);
    this.account = r.account ?? undefined;
    const t = { token: r.accessToken, expiresOn: r.expiresOn ?? new Date(Date.now() + 60_000) };
    this.token.set(t);
    this.log.info(`signed in as ${this.accountLabel ?? 'unknown user'} in tenant ${this.target.tenantId}`);
    return t;
  }

  private async silent(forceRefresh: boolean): Promise<AccessToken> {
    if (!this.account) {
      throw new SignInError('not-signed-in', `Not signed in to tenant ${this.target.tenantId}: run "Defender Hunt: Sign In" to get a device code.`, ['sign-in'], 'not-signed-in');
    }
    this.network.lastOAuthError = undefined;
    try {
      const r = await this.app.acquireTokenSilent({ account: this.account, scopes: scopesOf(this.target), forceRefresh });
      if (!r?.accessToken) throw new SignInError('not-signed-in', 'The sign-in has expired: run "Defender Hunt: Sign In" again.', ['sign-in']);
      return { token: r.accessToken, expiresOn: r.expiresOn ?? new Date(Date.now() + 60_000) };
    } catch (e) {
      const err = toSignInError(e, this.errorContext(), { lastOAuthError: this.network.lastOAuthError });
      // msal says "interaction required" when the refresh token is gone or revoked.
      if (err.kind === 'unknown' && /interaction_required|no_tokens_found|invalid_grant/.test(err.code ?? '')) {
        throw new SignInError('not-signed-in', 'The sign-in has expired: run "Defender Hunt: Sign In" again.', ['sign-in'], err.code);
      }
      throw err;
    }
  }

  private createApp(): PublicClientApplication {
    return new PublicClientApplication(msalConfiguration(this.target, this.network, this.log, () => []));
  }

  private errorContext(): ErrorContext {
    return { cloud: this.target.cloud, tenantId: this.target.tenantId, clientId: this.target.clientId, api: this.target.api, authKind: 'device-code', authorityHost: authorityHostOf(this.target) };
  }
}
