/**
 * Shows a sign-in problem with the buttons that fix it (Edit Connection, Copy Admin Consent URL,
 * Sign In, Show Output), and logs it. SignInError messages are built to be safe to show: they
 * never contain secrets or tokens. Other errors are redacted before they are shown.
 */
import * as vscode from 'vscode';
import { redact } from '../../core/auth/redact';
import { SignInError, type SignInAction } from '../../core/auth/signInError';
import { Commands } from '../../shared/commands';

const BUTTONS: Readonly<Record<SignInAction, { label: string; command: string }>> = {
  'edit-connection': { label: 'Edit Connection', command: Commands.editConnection },
  'admin-consent': { label: 'Copy Admin Consent URL', command: Commands.copyAdminConsentUrl },
  'sign-in': { label: 'Sign In', command: Commands.signIn },
  'show-output': { label: 'Show Output', command: Commands.showOutput },
};

/** The text a user sees for an error from sign-in or a token request. */
export function signInErrorText(e: unknown): string {
  if (e instanceof SignInError) return e.message;
  return redact(e instanceof Error ? e.message : String(e));
}

/**
 * Logs the error and shows it with its actions. Returns when the message is dismissed or an
 * action ran; callers usually do not await it. Cancellations are logged only.
 */
export async function showSignInError(e: unknown, log: vscode.LogOutputChannel, context = 'Sign-in'): Promise<void> {
  const text = signInErrorText(e);
  if (e instanceof SignInError && e.kind === 'cancelled') { log.info(`${context}: ${text}`); return; }
  log.error(`${context}: ${text}${e instanceof SignInError && e.ids?.traceId ? ` [trace id ${e.ids.traceId}, correlation id ${e.ids.correlationId ?? '?'}]` : ''}`);
  const actions = e instanceof SignInError ? e.actions : ['show-output' as const];
  const buttons = actions.map((a) => BUTTONS[a]);
  const picked = await vscode.window.showErrorMessage(`${context} failed: ${text}`, ...buttons.map((b) => b.label));
  const button = buttons.find((b) => b.label === picked);
  if (button) await vscode.commands.executeCommand(button.command);
}
