import * as vscode from 'vscode';

/**
 * The "Defender Hunt" output channel. One leveled log for the whole extension; tokens and
 * secrets never reach it (callers log only what they would show a user).
 */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Defender Hunt', { log: true });
}
