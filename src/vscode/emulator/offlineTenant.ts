import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';

/** Where the offline sample tenant listens and the token it accepts. */
export interface OfflineTenantEndpoint {
  readonly url: string;
  readonly token: string;
}

export interface OfflineTenantOptions {
  /** Background rows of DeviceProcessEvents (default: the emulator's default, 2,000). */
  readonly rows?: number;
  /** How long to wait for the emulator to report its address (default 30 s). */
  readonly startTimeoutMs?: number;
}

interface ReadyMessage { type: 'ready'; url: string; token: string }

/**
 * The built-in "offline sample tenant": the emulator (dist/emulator/emulator.js) run as a child
 * process on a random 127.0.0.1 port, started on first use. Kusto.Language is a global-script
 * library, so it never loads in the shared extension host; the child owns it. The dev token stays
 * in memory and never reaches the log.
 */
export class OfflineTenant implements vscode.Disposable {
  private child?: ChildProcess;
  private starting?: Promise<OfflineTenantEndpoint>;
  private disposed = false;

  constructor(
    /** The extension's install directory (`context.extensionPath`). */
    private readonly extensionPath: string,
    private readonly log?: vscode.LogOutputChannel,
    private readonly options: OfflineTenantOptions = {},
  ) {}

  /** The emulator's bundle inside the installed extension. */
  get scriptPath(): string {
    return path.join(this.extensionPath, 'dist', 'emulator', 'emulator.js');
  }

  /** PID of the running emulator, if any. */
  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /** Starts the emulator if needed; resolves with its URL and dev token. */
  start(): Promise<OfflineTenantEndpoint> {
    if (this.disposed) return Promise.reject(new Error('the offline sample tenant was disposed'));
    this.starting ??= this.launch().catch((e: unknown) => {
      this.starting = undefined;
      throw e;
    });
    return this.starting;
  }

  private launch(): Promise<OfflineTenantEndpoint> {
    const script = this.scriptPath;
    if (!fs.existsSync(script)) return Promise.reject(new Error(`offline sample tenant: ${script} is missing (run the build)`));
    const args = ['--port', '0', ...(this.options.rows !== undefined ? ['--rows', String(this.options.rows)] : [])];
    const child = fork(script, args, {
      cwd: path.dirname(script),
      // the desktop extension host runs on Electron: make the child a plain Node process
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    return new Promise<OfflineTenantEndpoint>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('offline sample tenant: no address reported in time')), this.options.startTimeoutMs ?? 30_000);
      const fail = (e: Error) => {
        clearTimeout(timer);
        this.stopChild();
        reject(e);
      };
      child.once('error', (e) => fail(e));
      child.once('exit', (code, signal) => {
        if (this.starting) this.log?.warn(`offline sample tenant exited (${signal ?? code})`);
        this.starting = undefined;
        this.child = undefined;
        fail(new Error(`offline sample tenant exited before it was ready (${signal ?? code}): ${stderr.trim().split('\n').pop() ?? ''}`));
      });
      child.on('message', (m: unknown) => {
        const msg = m as Partial<ReadyMessage>;
        if (msg?.type !== 'ready' || typeof msg.url !== 'string' || typeof msg.token !== 'string') return;
        clearTimeout(timer);
        this.log?.info(`offline sample tenant listening at ${msg.url} (pid ${child.pid})`);
        resolve({ url: msg.url, token: msg.token });
      });
    });
  }

  private stopChild(): void {
    const child = this.child;
    this.child = undefined;
    this.starting = undefined;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }

  /** Stops the emulator (by PID); a later start() is refused. */
  dispose(): void {
    this.disposed = true;
    this.stopChild();
  }
}
