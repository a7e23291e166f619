/**
 * The device code sign-in as the user sees it: a cancellable progress notification that says
 * where to go and which code to enter, and a message with "Copy Code and Open Browser" / "Copy
 * Code" buttons. Cancelling the notification aborts the wait (msal stops polling).
 */
import * as vscode from 'vscode';
import type { DeviceCodePrompt, DeviceCodeTokenSource } from '../../core/auth/deviceCodeTokenSource';
import type { AccessToken } from '../../core/auth/tokenSource';

export const COPY_AND_OPEN = 'Copy Code and Open Browser';
export const COPY_ONLY = 'Copy Code';

export interface DeviceCodeUiHooks {
  /** Observes each prompt (tests read the code here instead of from a notification). */
  readonly onPrompt?: (prompt: DeviceCodePrompt) => void;
  /** An extra cancellation source (tests, the sign-in command's own token). */
  readonly signal?: AbortSignal;
}

export function signInWithDeviceCode(source: DeviceCodeTokenSource, connectionName: string, hooks: DeviceCodeUiHooks = {}): Promise<AccessToken> {
  return Promise.resolve(vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Defender Hunt: signing in to "${connectionName}"`, cancellable: true },
    async (progress, cancel) => {
      const ac = new AbortController();
      const sub = cancel.onCancellationRequested(() => ac.abort());
      const onOuterAbort = () => ac.abort();
      hooks.signal?.addEventListener('abort', onOuterAbort, { once: true });
      if (hooks.signal?.aborted) ac.abort();
      try {
        return await source.signIn({
          signal: ac.signal,
          onCode: (p) => {
            progress.report({ message: `enter code ${p.userCode} at ${p.verificationUri} (Cancel to stop waiting)` });
            hooks.onPrompt?.(p);
            void offerCode(p, ac.signal);
          },
        });
      } finally {
        sub.dispose();
        hooks.signal?.removeEventListener('abort', onOuterAbort);
      }
    },
  ));
}

/** The code with copy/open buttons. Not awaited: the sign-in goes on whether or not it is clicked. */
async function offerCode(p: DeviceCodePrompt, done: AbortSignal): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    `To sign in, open ${p.verificationUri} and enter the code ${p.userCode}. The code expires at ${p.expiresOn.toLocaleTimeString()}.`,
    COPY_AND_OPEN, COPY_ONLY,
  );
  if (!choice || done.aborted) return;
  await vscode.env.clipboard.writeText(p.userCode);
  if (choice === COPY_AND_OPEN) await vscode.env.openExternal(vscode.Uri.parse(p.verificationUri));
}
