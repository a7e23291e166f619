/**
 * Connection profiles in settings (`defenderHunt.connections`). Read through `inspect()` so each
 * definition's origin is known, and apply the trust rule ourselves as well as through
 * `restrictedConfigurations` in package.json: workspace definitions count only in a trusted
 * workspace. Our UI writes user settings only.
 */
import * as vscode from 'vscode';
import { selectConnections, toSettingsEntry, type ConnectionProfile, type SelectedConnections } from '../../core/auth/connection';

export const SECTION = 'defenderHunt';
export const CONNECTIONS_KEY = 'connections';
export const CONSENT_REDIRECT_KEY = 'adminConsentRedirectUri';

export function readConnections(): SelectedConnections {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(CONNECTIONS_KEY);
  return selectConnections({ user: inspected?.globalValue, workspace: inspected?.workspaceValue, workspaceFolder: inspected?.workspaceFolderValue }, vscode.workspace.isTrusted);
}

/** The admin-consent redirect URI: user settings, or workspace settings in a trusted workspace. */
export function readConsentRedirectUri(): string | undefined {
  const i = vscode.workspace.getConfiguration(SECTION).inspect<string>(CONSENT_REDIRECT_KEY);
  const v = (vscode.workspace.isTrusted ? i?.workspaceValue ?? i?.globalValue : i?.globalValue)?.trim();
  return v || undefined;
}

function userEntries(): unknown[] {
  const v = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(CONNECTIONS_KEY)?.globalValue;
  return Array.isArray(v) ? [...v] : [];
}

const idOf = (e: unknown) => (e && typeof e === 'object' ? (e as { id?: unknown }).id : undefined);

/** Adds or replaces (by id) a connection in user settings. */
export async function saveUserConnection(p: ConnectionProfile, replacingId = p.id): Promise<void> {
  const entries = userEntries();
  const i = entries.findIndex((e) => idOf(e) === replacingId);
  if (i >= 0) entries[i] = toSettingsEntry(p); else entries.push(toSettingsEntry(p));
  await vscode.workspace.getConfiguration(SECTION).update(CONNECTIONS_KEY, entries, vscode.ConfigurationTarget.Global);
}

export async function removeUserConnection(id: string): Promise<boolean> {
  const entries = userEntries();
  const kept = entries.filter((e) => idOf(e) !== id);
  if (kept.length === entries.length) return false;
  await vscode.workspace.getConfiguration(SECTION).update(CONNECTIONS_KEY, kept.length ? kept : undefined, vscode.ConfigurationTarget.Global);
  return true;
}

export function affectsConnections(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.${CONNECTIONS_KEY}`) || e.affectsConfiguration(`${SECTION}.${CONSENT_REDIRECT_KEY}`);
}
