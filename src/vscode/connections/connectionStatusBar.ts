/**
 * The status bar item: the active connection and who is signed in to it. Click: the connection
 * picker (switch, add, edit, sign in/out).
 */
import * as vscode from 'vscode';
import { CLOUDS, apiRoot } from '../../core/api/endpoints';
import { AUTH_KIND_LABELS } from '../../core/auth/connection';
import { Commands } from '../../shared/commands';
import type { ConnectionManager } from './connectionManager';

export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly manager: ConnectionManager) {
    this.item = vscode.window.createStatusBarItem('defenderHunt.connection', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Defender Hunt connection';
    this.item.command = Commands.pickConnection;
    this.subscription = manager.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  /** What the item shows now (tests read it; the item itself has no getter for its rendering). */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : t?.value ?? '';
  }

  update(): void {
    const e = this.manager.active();
    if (!e) {
      this.item.text = '$(shield) Defender Hunt: no connection';
      this.item.tooltip = 'Click to add a connection to a Defender tenant.';
      return;
    }
    if (e.kind === 'offline') {
      this.item.text = `$(beaker) ${e.name}`;
      this.item.tooltip = new vscode.MarkdownString('**Offline sample tenant**: built-in sample data, no sign-in, nothing leaves this machine.\n\nClick to switch or add a connection.');
      return;
    }
    const p = e.profile;
    const account = this.manager.accountLabel(e.id);
    this.item.text = `$(shield) ${p.name}${account ? ` · ${account}` : ' · $(circle-slash) signed out'}`;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMd(p.name)}**${e.origin === 'workspace' ? ' (workspace settings)' : ''}\n\n`);
    md.appendMarkdown(`- Account: ${account ? escapeMd(account) : 'not signed in'}\n`);
    md.appendMarkdown(`- Sign-in: ${AUTH_KIND_LABELS[p.authKind]}, app \`${p.clientId}\`\n`);
    md.appendMarkdown(`- Tenant: \`${p.tenantId}\` (${CLOUDS[p.cloud].label})\n`);
    md.appendMarkdown(`- API: ${p.api === 'graph' ? 'Microsoft Graph' : 'legacy Defender XDR'} at ${escapeMd(apiRoot(p.cloud, p.api, p.apiBaseUrl))}\n\n`);
    md.appendMarkdown('Click to switch, add, edit, sign in or sign out.');
    this.item.tooltip = md;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
