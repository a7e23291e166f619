/**
 * The window's connections: profiles from settings (trust rule applied), the built-in offline
 * sample tenant, which one is active (per workspace), and one TokenSource per connection. It is
 * the HuntTargetProvider the Run command asks for "where and with which token".
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { apiRoot, CLOUDS } from '../../core/api/endpoints';
import { AppTokenSource } from '../../core/auth/appTokenSource';
import { authorityHostOf, type ConnectionProfile } from '../../core/auth/connection';
import { DeviceCodeTokenSource } from '../../core/auth/deviceCodeTokenSource';
import type { AuthorityTarget } from '../../core/auth/msalSetup';
import { forbiddenGuidance, SignInError, type ErrorContext } from '../../core/auth/signInError';
import type { AccessToken, AuthLog, TokenSource } from '../../core/auth/tokenSource';
import { signInWithDeviceCode, type DeviceCodeUiHooks } from '../auth/deviceCodeUi';
import { VsCodeSessionTokenSource, type SessionApi } from '../auth/vscodeSessionTokenSource';
import { ConnectionSecrets } from './connectionSecrets';
import { affectsConnections, readConnections } from './connectionSettings';
import { OFFLINE_CONNECTION_ID, OFFLINE_CONNECTION_NAME, type HuntTarget, type HuntTargetProvider, type OfflineTenantLauncher } from './huntTarget';

export type ConnectionEntry =
  | { readonly kind: 'profile'; readonly id: string; readonly name: string; readonly profile: ConnectionProfile; readonly origin: 'user' | 'workspace' }
  | { readonly kind: 'offline'; readonly id: typeof OFFLINE_CONNECTION_ID; readonly name: string };

const ACTIVE_KEY = 'defenderHunt.activeConnection';

export interface ConnectionManagerOptions {
  readonly secrets: vscode.SecretStorage;
  readonly workspaceState: vscode.Memento;
  readonly log: AuthLog;
  /** Starts the offline tenant (emulator); absent when this build has no emulator. */
  readonly offlineTenant?: OfflineTenantLauncher;
  /** VS Code's authentication API (tests pass a recording wrapper around the real one). */
  readonly sessionApi?: SessionApi;
}

export interface SignInOptions {
  /** Device code UI hooks (tests observe the code, cancel through the signal). */
  readonly deviceCode?: DeviceCodeUiHooks;
}

interface CachedSource { readonly key: string; readonly source: TokenSource; readonly dispose: () => void }

export class ConnectionManager implements HuntTargetProvider, vscode.Disposable {
  readonly secrets: ConnectionSecrets;
  private entries: ConnectionEntry[] = [];
  private problemList: readonly string[] = [];
  private ignoredUntrusted = 0;
  private readonly sources = new Map<string, CachedSource>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Connections, the active one, or an account changed. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly options: ConnectionManagerOptions) {
    this.secrets = new ConnectionSecrets(options.secrets);
    this.reload();
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => { if (affectsConnections(e)) this.reload(); }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
    );
  }

  /** Every connection, the offline sample tenant last. */
  list(): readonly ConnectionEntry[] {
    return this.entries;
  }

  /** Settings entries that could not be used, one line each (shown in the picker and the log). */
  problems(): readonly string[] {
    return this.problemList;
  }

  /** Workspace definitions skipped because the workspace is not trusted. */
  get ignoredWorkspaceConnections(): number {
    return this.ignoredUntrusted;
  }

  get(id: string): ConnectionEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** The chosen connection; without a choice, the first configured one, else the offline tenant. */
  active(): ConnectionEntry | undefined {
    const chosen = this.options.workspaceState.get<string>(ACTIVE_KEY);
    return (chosen ? this.get(chosen) : undefined) ?? this.entries.find((e) => e.kind === 'profile') ?? this.entries.find((e) => e.kind === 'offline');
  }

  async setActive(id: string): Promise<void> {
    if (!this.get(id)) throw new Error(`There is no connection "${id}".`);
    await this.options.workspaceState.update(ACTIVE_KEY, id);
    this.options.log.info(`active connection: ${this.get(id)?.name}`);
    this.changed.fire();
    void this.refreshAccount(id);
  }

  /** Who is signed in for a connection (undefined: nobody yet, or not known without a request). */
  accountLabel(id: string): string | undefined {
    const e = this.get(id);
    if (e?.kind === 'offline') return 'sample data';
    return this.sources.get(id)?.source.accountLabel;
  }

  /**
   * Finds out silently who is signed in for a VS Code-session connection (no network for the
   * others: application and device code connections show their account after the first token).
   * Never throws.
   */
  async refreshAccount(id = this.active()?.id): Promise<void> {
    const e = id ? this.get(id) : undefined;
    if (e?.kind !== 'profile' || e.profile.authKind !== 'user') return;
    try {
      await (await this.tokenSource(e.profile)).getToken();
    } catch {
      // Not signed in (or the provider is not set up): the status bar says "signed out".
    }
    this.changed.fire();
  }

  /** The TokenSource of a profile connection (created on first use, replaced when its definition changes). */
  async tokenSource(profile: ConnectionProfile): Promise<TokenSource> {
    const credential = profile.authKind === 'app-secret' || profile.authKind === 'app-certificate' ? await this.secrets.get(profile) : undefined;
    // A fingerprint, not the credential itself: this key lives as long as the source.
    const key = createHash('sha256').update(JSON.stringify([profile, credential?.status === 'found' ? credential.credential : credential?.status])).digest('hex');
    const cached = this.sources.get(profile.id);
    if (cached?.key === key) return cached.source;
    cached?.dispose();
    const created = this.createSource(profile, credential);
    this.sources.set(profile.id, { key, ...created });
    return created.source;
  }

  /** Explicit sign-in (a user gesture): may open VS Code's dialog, a browser, or a device code. */
  async signIn(id = this.active()?.id, options: SignInOptions = {}): Promise<AccessToken | undefined> {
    const e = id ? this.get(id) : undefined;
    if (!e) throw new Error('Choose a connection first.');
    if (e.kind === 'offline') return undefined;
    const source = await this.tokenSource(e.profile);
    let token: AccessToken;
    if (source instanceof VsCodeSessionTokenSource) token = await source.signIn();
    else if (source instanceof DeviceCodeTokenSource) token = await signInWithDeviceCode(source, e.name, options.deviceCode);
    else token = await source.getToken();
    this.options.log.info(`signed in to "${e.name}" as ${source.accountLabel ?? 'unknown account'}`);
    this.changed.fire();
    return token;
  }

  /** Forgets tokens and cached accounts; with `forgetSecrets`, also the stored secret or private key. */
  async signOut(id = this.active()?.id, options: { forgetSecrets?: boolean } = {}): Promise<void> {
    const e = id ? this.get(id) : undefined;
    if (!e || e.kind === 'offline') return;
    // Create the source if it does not exist yet: signing out must also stop a VS Code session
    // connection from picking up the session silently later.
    await (await this.tokenSource(e.profile)).signOut();
    if (options.forgetSecrets) {
      this.sources.get(e.id)?.dispose();
      this.sources.delete(e.id);
      await this.secrets.delete(e.id);
    }
    this.options.log.info(`signed out of "${e.name}"${options.forgetSecrets ? ' and removed its stored credential' : ''}`);
    this.changed.fire();
  }

  async activeTarget(): Promise<HuntTarget | undefined> {
    const e = this.active();
    if (!e) return undefined;
    if (e.kind === 'offline') return this.offlineTarget();
    const p = e.profile;
    const source = await this.tokenSource(p);
    const ctx = errorContextOf(p);
    return {
      id: p.id, name: p.name, api: p.api, cloud: p.cloud, offline: false,
      url: apiRoot(p.cloud, p.api, p.apiBaseUrl),
      accountLabel: source.accountLabel,
      getToken: async (signal, o) => (await source.getToken({ signal, forceRefresh: o?.forceRefresh })).token,
      explainForbidden: (token) => forbiddenGuidance(ctx, token),
    };
  }

  /** Re-reads settings; drops token sources of connections that disappeared. */
  reload(): void {
    const selected = readConnections();
    this.entries = [
      ...selected.connections.map((p): ConnectionEntry => ({ kind: 'profile', id: p.id, name: p.name, profile: p, origin: selected.origins.get(p.id) ?? 'user' })),
      { kind: 'offline', id: OFFLINE_CONNECTION_ID, name: OFFLINE_CONNECTION_NAME },
    ];
    this.problemList = selected.problems;
    this.ignoredUntrusted = selected.ignoredUntrusted;
    for (const p of selected.problems) this.options.log.warn(`connection ignored: ${p}`);
    if (selected.ignoredUntrusted) this.options.log.warn(`${selected.ignoredUntrusted} connection(s) in this workspace's settings are ignored until you trust the workspace`);
    for (const [id, s] of this.sources) {
      if (!this.get(id)) { s.dispose(); this.sources.delete(id); }
    }
    this.changed.fire();
    void this.refreshAccount();
  }

  dispose(): void {
    for (const s of this.sources.values()) s.dispose();
    this.sources.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private createSource(p: ConnectionProfile, credential: Awaited<ReturnType<ConnectionSecrets['get']>> | undefined): Omit<CachedSource, 'key'> {
    const target: AuthorityTarget = { cloud: p.cloud, tenantId: p.tenantId, api: p.api, clientId: p.clientId, ...(p.authorityHost ? { authorityHost: p.authorityHost } : {}) };
    switch (p.authKind) {
      case 'user': {
        const s = new VsCodeSessionTokenSource(p, this.options.sessionApi);
        const sub = s.onDidChangeAccount(() => this.changed.fire());
        return { source: s, dispose: () => { sub.dispose(); s.dispose(); } };
      }
      case 'device-code':
        return { source: new DeviceCodeTokenSource(target, { log: this.options.log }), dispose: () => undefined };
      case 'app-secret':
      case 'app-certificate': {
        if (credential?.status !== 'found') return { source: missingCredential(p, credential?.status === 'bound-elsewhere'), dispose: () => undefined };
        return { source: new AppTokenSource(target, credential.credential, { log: this.options.log }), dispose: () => undefined };
      }
    }
  }

  private async offlineTarget(): Promise<HuntTarget> {
    const launch = this.options.offlineTenant;
    if (!launch) throw new Error('The offline sample tenant is not part of this build.');
    const { url, token } = await launch();
    return {
      id: OFFLINE_CONNECTION_ID, name: OFFLINE_CONNECTION_NAME, api: 'graph', cloud: 'global', offline: true, url: url.replace(/\/+$/, ''),
      accountLabel: 'sample data',
      getToken: async () => token,
      explainForbidden: (t) => forbiddenGuidance({ cloud: 'global', tenantId: '00000000-0000-0000-0000-000000000000', clientId: '00000000-0000-0000-0000-000000000000', api: 'graph', authKind: 'app-secret' }, t),
    };
  }
}

export function errorContextOf(p: ConnectionProfile): ErrorContext {
  return { connectionName: p.name, cloud: p.cloud, tenantId: p.tenantId, clientId: p.clientId, api: p.api, authKind: p.authKind, authorityHost: authorityHostOf(p) };
}

/** A source that explains why an application connection cannot sign in yet. */
function missingCredential(p: ConnectionProfile, boundElsewhere: boolean): TokenSource {
  const what = p.authKind === 'app-secret' ? 'client secret' : 'certificate and private key';
  const why = boundElsewhere
    ? `The stored ${what} of "${p.name}" was entered for another app or sign-in host (${CLOUDS[p.cloud].label}); it is not used for this definition.`
    : `No ${what} is stored for "${p.name}".`;
  const error = () => new SignInError('missing-secret', `${why} Run "Defender Hunt: Edit Connection" to enter it (it is kept in VS Code's secret storage, never in settings).`, ['edit-connection'], 'missing-secret');
  return {
    accountLabel: undefined,
    getToken: () => Promise.reject(error()),
    signOut: () => Promise.resolve(),
  };
}
