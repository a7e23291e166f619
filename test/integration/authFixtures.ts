/**
 * Helpers for the sign-in integration tests (inside the real extension host): a test
 * authentication provider that records what it is asked, a recording wrapper around the real
 * `vscode.authentication`, and a way to find the files where secrets must never appear.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SessionApi } from '../../src/vscode/auth/vscodeSessionTokenSource';

/** An authentication provider registered by the test: sessions are whatever `mint` returns. */
export class TestAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  readonly getSessionsCalls: (readonly string[] | undefined)[] = [];
  readonly createSessionCalls: (readonly string[])[] = [];
  private sessions: vscode.AuthenticationSession[] = [];
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;
  private readonly registration: vscode.Disposable;

  constructor(readonly id: string, private readonly mint: (scopes: readonly string[]) => Promise<{ accessToken: string; account: string }>) {
    this.registration = vscode.authentication.registerAuthenticationProvider(id, `Test sign-in (${id})`, this, { supportsMultipleAccounts: false });
  }

  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    this.getSessionsCalls.push(scopes ? [...scopes] : undefined);
    return this.sessions.filter((s) => !scopes || scopes.every((x) => s.scopes.includes(x)));
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    this.createSessionCalls.push([...scopes]);
    const { accessToken, account } = await this.mint(scopes);
    const session: vscode.AuthenticationSession = { id: `s${this.sessions.length + 1}`, accessToken, scopes: [...scopes], account: { id: account, label: account } };
    this.sessions.push(session);
    this.emitter.fire({ added: [session], removed: [], changed: [] });
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    const removed = this.sessions.filter((s) => s.id === sessionId);
    this.sessions = this.sessions.filter((s) => s.id !== sessionId);
    this.emitter.fire({ added: [], removed, changed: [] });
  }

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
  }
}

export interface RecordedGetSession {
  readonly providerId: string;
  readonly scopes: readonly string[];
  readonly options: vscode.AuthenticationGetSessionOptions;
  outcome?: 'session' | 'none' | 'error';
}

/** The real `vscode.authentication`, with every getSession call recorded (options included). */
export function recordingSessionApi(): SessionApi & { calls: RecordedGetSession[] } {
  const calls: RecordedGetSession[] = [];
  return {
    calls,
    onDidChangeSessions: vscode.authentication.onDidChangeSessions,
    async getSession(providerId, scopes, options) {
      const call: RecordedGetSession = { providerId, scopes: [...scopes], options: { ...options } };
      calls.push(call);
      try {
        const s = await vscode.authentication.getSession(providerId, scopes, options);
        call.outcome = s ? 'session' : 'none';
        return s;
      } catch (e) {
        call.outcome = 'error';
        throw e;
      }
    },
  };
}

/**
 * Simulates the user clicking "Sign in with <provider> to use Defender Hunt" in the Accounts menu:
 * a getSession without silent/createIfNone files that request, and the workbench registers a
 * command for the menu entry, which creates the session and grants this extension access. (The
 * createIfNone dialog cannot be answered in a test run: the workbench refuses dialogs there.)
 */
export async function acceptAccountsMenuSignIn(providerId: string, scopes: readonly string[], extensionId: string): Promise<void> {
  void vscode.authentication.getSession(providerId, scopes, {});
  const prefix = `${providerId}:${extensionId}:signIn`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ids = (await vscode.commands.getCommands(false)).filter((c) => c.startsWith(prefix));
    if (ids.length) { await vscode.commands.executeCommand(ids[ids.length - 1]); return; }
    if (Date.now() > deadline) throw new Error(`no Accounts-menu sign-in request ${prefix}*`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every file under `dir` (recursively) whose text contains `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        try { if (fs.statSync(p).size < 20_000_000 && fs.readFileSync(p).includes(needle)) hits.push(p); } catch { /* unreadable */ }
      }
    }
  };
  walk(dir);
  return hits;
}

/**
 * The test bundle has its own copy of SignInError, so `instanceof` cannot see the extension's
 * errors: recognise them by shape.
 */
export function isSignInError(e: unknown): e is Error & { kind: string; code?: string; actions: string[] } {
  return e instanceof Error && e.name === 'SignInError' && typeof (e as { kind?: unknown }).kind === 'string';
}

/**
 * GET with node:https (the extension host's fetch is VS Code's proxy-aware one, which ignores
 * NODE_EXTRA_CA_CERTS and so does not trust the fake authority); no redirects followed.
 */
export function httpsGet(url: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    https.get(url, (res) => { res.resume(); resolve({ status: res.statusCode ?? 0, location: res.headers.location }); }).on('error', reject);
  });
}
