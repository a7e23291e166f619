/**
 * The connection commands: pick/switch, add, edit, remove, sign in, sign out, admin-consent URL.
 * Each takes an optional connection id (default: the active connection). The methods are public
 * so integration tests can drive them with a scripted wizard UI and no dialogs.
 */
import * as vscode from 'vscode';
import { adminConsentUrl } from '../../core/auth/adminConsent';
import { AUTH_KIND_LABELS, isAppKind } from '../../core/auth/connection';
import { CLOUDS } from '../../core/api/endpoints';
import { Commands } from '../../shared/commands';
import { showSignInError } from '../auth/signInErrorUi';
import type { ConnectionEntry, ConnectionManager, SignInOptions } from './connectionManager';
import { removeUserConnection, readConsentRedirectUri, saveUserConnection } from './connectionSettings';
import { runConnectionWizard, type WizardOptions, type WizardUi } from './connectionWizard';
import { QuickInputWizardUi } from './quickInputUi';

type PickAction = { action: 'switch'; id: string } | { action: 'add' } | { action: 'edit' } | { action: 'sign-in' } | { action: 'sign-out' } | { action: 'consent' } | { action: 'problems' };

export class ConnectionCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly manager: ConnectionManager, private readonly log: vscode.LogOutputChannel) {
    const id = (v: unknown) => (typeof v === 'string' ? v : undefined);
    this.disposables = [
      vscode.commands.registerCommand(Commands.pickConnection, () => this.pickConnection()),
      vscode.commands.registerCommand(Commands.addConnection, () => this.addConnection()),
      vscode.commands.registerCommand(Commands.editConnection, (c?: unknown) => this.editConnection(id(c))),
      vscode.commands.registerCommand(Commands.removeConnection, (c?: unknown) => this.removeConnection(id(c))),
      vscode.commands.registerCommand(Commands.signIn, (c?: unknown) => this.signIn(id(c))),
      vscode.commands.registerCommand(Commands.signOut, (c?: unknown) => this.signOut(id(c))),
      vscode.commands.registerCommand(Commands.copyAdminConsentUrl, (c?: unknown) => this.adminConsent('copy', id(c))),
      vscode.commands.registerCommand(Commands.openAdminConsentUrl, (c?: unknown) => this.adminConsent('open', id(c))),
    ];
  }

  async pickConnection(): Promise<void> {
    const active = this.manager.active();
    type Item = vscode.QuickPickItem & { pick?: PickAction };
    const items: Item[] = this.manager.list().map((e) => ({
      label: `${e.id === active?.id ? '$(check) ' : ''}${e.kind === 'offline' ? '$(beaker)' : '$(shield)'} ${e.name}`,
      description: describe(e),
      detail: e.kind === 'offline' ? 'Built-in sample data; no sign-in' : `${this.manager.accountLabel(e.id) ?? 'not signed in'}${e.origin === 'workspace' ? ' · from workspace settings' : ''}`,
      pick: { action: 'switch', id: e.id },
    }));
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(add) Add connection…', pick: { action: 'add' } });
    if (active?.kind === 'profile') {
      items.push(
        { label: '$(edit) Edit connection…', description: active.name, pick: { action: 'edit' } },
        { label: '$(sign-in) Sign in', description: active.name, pick: { action: 'sign-in' } },
        { label: '$(sign-out) Sign out', description: active.name, pick: { action: 'sign-out' } },
        { label: '$(link-external) Admin consent URL', description: 'for the tenant administrator (partner context)', pick: { action: 'consent' } },
      );
    }
    const ignored = this.manager.problems().length + this.manager.ignoredWorkspaceConnections;
    if (ignored) items.push({ label: `$(warning) ${ignored} connection definition(s) ignored`, description: 'details in the output', pick: { action: 'problems' } });
    const chosen = await vscode.window.showQuickPick(items, { title: 'Defender Hunt connections', placeHolder: 'Switch connection, or add / edit / sign in' });
    const pick = chosen?.pick;
    if (!pick) return;
    switch (pick.action) {
      case 'switch': await this.manager.setActive(pick.id); return;
      case 'add': await this.addConnection(); return;
      case 'edit': await this.editConnection(); return;
      case 'sign-in': await this.signIn(); return;
      case 'sign-out': await this.signOut(); return;
      case 'consent': await this.adminConsent('copy'); return;
      case 'problems': this.showProblems(); return;
    }
  }

  /** The add-connection wizard; saves to user settings and SecretStorage, makes it active. */
  async addConnection(ui: WizardUi = new QuickInputWizardUi(), defaults?: WizardOptions['defaults']): Promise<string | undefined> {
    const taken = this.manager.list().map((e) => e.id);
    const r = await runConnectionWizard(ui, { takenIds: taken, defaults });
    if (!r) return undefined;
    if (r.credential) await this.manager.secrets.store(r.profile, r.credential, r.certificate);
    await saveUserConnection(r.profile);
    this.manager.reload();
    await this.manager.setActive(r.profile.id);
    this.log.info(`added connection "${r.profile.name}" (${AUTH_KIND_LABELS[r.profile.authKind]}, tenant ${r.profile.tenantId}, ${CLOUDS[r.profile.cloud].label})`);
    await this.afterSave(r.profile.id);
    return r.profile.id;
  }

  async editConnection(id?: string, ui: WizardUi = new QuickInputWizardUi()): Promise<string | undefined> {
    const e = this.entry(id);
    if (!e) return undefined;
    if (e.kind === 'offline') { void vscode.window.showInformationMessage('The offline sample tenant has nothing to edit.'); return undefined; }
    if (e.origin === 'workspace') {
      const open = await vscode.window.showInformationMessage(`"${e.name}" is defined in this workspace's settings; edit it there.`, 'Open Workspace Settings');
      if (open) await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
      return undefined;
    }
    const stored = await this.manager.secrets.get(e.profile);
    const r = await runConnectionWizard(ui, { existing: e.profile, hasStoredCredential: stored.status === 'found', takenIds: this.manager.list().map((x) => x.id) });
    if (!r) return undefined;
    await this.manager.secrets.move(e.profile.id, r.profile.id);
    if (r.credential) await this.manager.secrets.store(r.profile, r.credential, r.certificate);
    else if (!isAppKind(r.profile.authKind)) await this.manager.secrets.delete(r.profile.id);
    await saveUserConnection(r.profile, e.profile.id);
    this.manager.reload();
    await this.manager.setActive(r.profile.id);
    this.log.info(`updated connection "${r.profile.name}"`);
    await this.afterSave(r.profile.id);
    return r.profile.id;
  }

  async removeConnection(id?: string, options: { confirm?: boolean } = {}): Promise<boolean> {
    const e = this.entry(id);
    if (!e || e.kind === 'offline') return false;
    if (e.origin === 'workspace') { void vscode.window.showInformationMessage(`"${e.name}" is defined in this workspace's settings; remove it there.`); return false; }
    if (options.confirm !== false) {
      const ok = await vscode.window.showWarningMessage(`Remove the connection "${e.name}" and its stored secret?`, { modal: true }, 'Remove');
      if (ok !== 'Remove') return false;
    }
    await this.manager.signOut(e.id, { forgetSecrets: true });
    await removeUserConnection(e.id);
    this.manager.reload();
    this.log.info(`removed connection "${e.name}"`);
    return true;
  }

  /** Explicit sign-in; errors are shown with their fixes. Returns whether it worked. */
  async signIn(id?: string, options: SignInOptions = {}): Promise<boolean> {
    const e = this.entry(id);
    if (!e) return false;
    try {
      await this.manager.signIn(e.id, options);
      return true;
    } catch (err) {
      void showSignInError(err, this.log, `Sign-in to "${e.name}"`);
      return false;
    }
  }

  /** Sign out; for application connections, asks whether to forget the stored secret too. */
  async signOut(id?: string, forgetSecrets?: boolean): Promise<void> {
    const e = this.entry(id);
    if (!e || e.kind === 'offline') return;
    let forget = forgetSecrets ?? false;
    if (forgetSecrets === undefined && isAppKind(e.profile.authKind)) {
      const what = e.profile.authKind === 'app-secret' ? 'client secret' : 'certificate key';
      const choice = await vscode.window.showQuickPick([
        { label: 'Sign out', detail: `Forget tokens; keep the stored ${what}.`, forget: false },
        { label: `Sign out and forget the ${what}`, detail: `Also delete the ${what} from VS Code's secret storage.`, forget: true },
      ], { title: `Sign out of "${e.name}"` });
      if (!choice) return;
      forget = choice.forget;
    }
    await this.manager.signOut(e.id, { forgetSecrets: forget });
    if (e.profile.authKind === 'user') {
      void vscode.window.showInformationMessage(`Defender Hunt stopped using your VS Code account for "${e.name}". To remove the account from VS Code too, use the Accounts menu.`);
    }
  }

  async adminConsent(how: 'copy' | 'open', id?: string): Promise<string | undefined> {
    const e = this.entry(id);
    if (!e || e.kind === 'offline') { void vscode.window.showInformationMessage('Choose a connection to a tenant first.'); return undefined; }
    const p = e.profile;
    const url = adminConsentUrl({ cloud: p.cloud, api: p.api, tenantId: p.tenantId, clientId: p.clientId, redirectUri: readConsentRedirectUri(), authorityHost: p.authorityHost });
    if (how === 'copy') {
      await vscode.env.clipboard.writeText(url);
      void vscode.window.showInformationMessage(`Copied the admin-consent URL for tenant ${p.tenantId}. An administrator of that tenant opens it once to consent to app ${p.clientId}.`);
    } else {
      await vscode.env.openExternal(vscode.Uri.parse(url));
    }
    this.log.info(`admin-consent URL for "${p.name}": ${url}`);
    return url;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private entry(id?: string): ConnectionEntry | undefined {
    const e = id ? this.manager.get(id) : this.manager.active();
    if (!e) void vscode.window.showWarningMessage(id ? `There is no connection "${id}".` : 'There is no active connection.');
    return e;
  }

  /** After saving: application connections sign in at once (checks the secret); others offer it. */
  private async afterSave(id: string): Promise<void> {
    const e = this.manager.get(id);
    if (e?.kind !== 'profile') return;
    if (isAppKind(e.profile.authKind)) { await this.signIn(id); return; }
    void vscode.window.showInformationMessage(`Connection "${e.name}" saved.`, 'Sign In').then((a) => (a ? this.signIn(id) : undefined));
  }

  private showProblems(): void {
    for (const p of this.manager.problems()) this.log.warn(`connection ignored: ${p}`);
    if (this.manager.ignoredWorkspaceConnections) this.log.warn(`${this.manager.ignoredWorkspaceConnections} connection(s) in this workspace's settings are ignored until you trust the workspace`);
    this.log.show();
  }
}

function describe(e: ConnectionEntry): string {
  if (e.kind === 'offline') return 'offline';
  return `${CLOUDS[e.profile.cloud].label} · ${e.profile.api === 'graph' ? 'Graph' : 'legacy API'} · ${AUTH_KIND_LABELS[e.profile.authKind]}`;
}
