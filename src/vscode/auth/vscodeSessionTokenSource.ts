/**
 * User context through VS Code's own Microsoft sign-in: `authentication.getSession(provider, scopes)`
 * with the resource's `.default` scope plus `VSCODE_CLIENT_ID:<app>` and `VSCODE_TENANT:<tenant>`
 * (VS Code's own client id is not consented for the hunting APIs, so the user's app registration
 * is used). `silent` before every request (VS Code refreshes the token; the Microsoft provider does
 * not announce refreshes, so a cached token could be stale), `createIfNone` only when the user
 * asked to sign in. GCC High and DoD use the `microsoft-sovereign-cloud` provider.
 */
import * as vscode from 'vscode';
import { CLOUDS, defaultScope } from '../../core/api/endpoints';
import type { ConnectionProfile } from '../../core/auth/connection';
import { SignInError, toSignInError, type ErrorContext } from '../../core/auth/signInError';
import { abortable, type AccessToken, type GetTokenOptions, type TokenSource } from '../../core/auth/tokenSource';

/** The part of `vscode.authentication` we use; tests wrap the real one to record calls. */
export interface SessionApi {
  getSession(providerId: string, scopes: readonly string[], options: vscode.AuthenticationGetSessionOptions): Thenable<vscode.AuthenticationSession | undefined>;
  readonly onDidChangeSessions: vscode.Event<vscode.AuthenticationSessionsChangeEvent>;
}

/** The scopes for a connection, in the order we ask for them. */
export function sessionScopes(p: Pick<ConnectionProfile, 'clientId' | 'tenantId' | 'cloud' | 'api'>): string[] {
  return [`VSCODE_CLIENT_ID:${p.clientId}`, `VSCODE_TENANT:${p.tenantId}`, defaultScope(p.cloud, p.api)];
}

export function sessionProviderOf(p: Pick<ConnectionProfile, 'cloud' | 'authProvider'>): string {
  return p.authProvider ?? CLOUDS[p.cloud].vscodeAuthProvider;
}

export class VsCodeSessionTokenSource implements TokenSource, vscode.Disposable {
  private account: string | undefined;
  /** After "Sign out" this connection stops using the VS Code session until the next explicit sign-in. */
  private signedOut = false;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the account behind this connection may have changed (sign-in/out anywhere in VS Code). */
  readonly onDidChangeAccount = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly profile: ConnectionProfile, private readonly api: SessionApi = vscode.authentication) {
    this.subscription = api.onDidChangeSessions((e) => {
      if (e.provider.id !== this.providerId) return;
      // The provider's account list changed: find out silently whether we still have a session.
      void this.lookup().catch(() => undefined).finally(() => this.changed.fire());
    });
  }

  get providerId(): string {
    return sessionProviderOf(this.profile);
  }

  get scopes(): string[] {
    return sessionScopes(this.profile);
  }

  get accountLabel(): string | undefined {
    return this.signedOut ? undefined : this.account;
  }

  async getToken(options: GetTokenOptions = {}): Promise<AccessToken> {
    if (this.signedOut) throw this.notSignedIn();
    const session = await abortable(Promise.resolve(this.lookup()), options.signal);
    if (!session) throw this.notSignedIn();
    return { token: session.accessToken, expiresOn: expiryOf(session.accessToken) };
  }

  /** The explicit sign-in: VS Code may show its sign-in dialog and a browser. */
  async signIn(): Promise<AccessToken> {
    this.checkProvider();
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await this.api.getSession(this.providerId, this.scopes, { createIfNone: true });
    } catch (e) {
      throw this.mapError(e);
    }
    if (!session) throw this.notSignedIn();
    this.signedOut = false;
    this.account = session.account.label;
    this.changed.fire();
    return { token: session.accessToken, expiresOn: expiryOf(session.accessToken) };
  }

  async signOut(): Promise<void> {
    this.signedOut = true;
    this.account = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async lookup(): Promise<vscode.AuthenticationSession | undefined> {
    this.checkProvider();
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await this.api.getSession(this.providerId, this.scopes, { silent: true });
    } catch (e) {
      throw this.mapError(e);
    }
    this.account = session?.account.label;
    return session;
  }

  /** The sovereign-cloud provider exists only when VS Code is told which sovereign cloud to use. */
  private checkProvider(): void {
    if (this.providerId !== 'microsoft-sovereign-cloud' || this.profile.authProvider) return;
    const env = vscode.workspace.getConfiguration('microsoft-sovereign-cloud').get<string>('environment');
    if (env !== 'USGovernment') {
      throw new SignInError('configuration', `${CLOUDS[this.profile.cloud].label} sign-in uses VS Code's "microsoft-sovereign-cloud" provider: set the user setting "microsoft-sovereign-cloud.environment" to "USGovernment" and reload the window.`, ['edit-connection'], 'sovereign-provider');
    }
  }

  private notSignedIn(): SignInError {
    return new SignInError('not-signed-in', `Not signed in for "${this.profile.name}": run "Defender Hunt: Sign In" (uses your VS Code Microsoft account with app ${this.profile.clientId}).`, ['sign-in'], 'not-signed-in');
  }

  private mapError(e: unknown): SignInError {
    const message = e instanceof Error ? e.message : String(e);
    if (/did not consent to login|cancel/i.test(message)) return new SignInError('cancelled', 'Sign-in was cancelled.', ['sign-in'], 'cancelled');
    const ctx: ErrorContext = { cloud: this.profile.cloud, tenantId: this.profile.tenantId, clientId: this.profile.clientId, api: this.profile.api, authKind: 'user' };
    return toSignInError(e, ctx);
  }
}

/** The token's `exp`, or five minutes from now when it cannot be read (VS Code tokens are JWTs). */
function expiryOf(token: string): Date {
  try {
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    if (typeof exp === 'number') return new Date(exp * 1000);
  } catch { /* not a JWT */ }
  return new Date(Date.now() + 5 * 60_000);
}

