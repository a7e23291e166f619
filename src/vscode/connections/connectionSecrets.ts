/**
 * Client secrets and certificate private keys, in VS Code's SecretStorage (the OS keychain on
 * desktop) and nowhere else. Each credential is bound to the app and authority it was entered for:
 * a connection definition that reuses the id but points at another authority host or client id
 * (say, from a workspace's settings) does not get it, so a secret is never sent where the user did
 * not enter it for.
 */
import type * as vscode from 'vscode';
import type { AppCredential } from '../../core/auth/appTokenSource';
import { authorityHostOf, type ConnectionProfile } from '../../core/auth/connection';

interface StoredCredential {
  readonly v: 1;
  readonly authorityHost: string;
  readonly clientId: string;
  readonly credential: AppCredential;
  /** Public parts of a certificate, for the UI. */
  readonly thumbprintSha256?: string;
  readonly certificateNotAfter?: string;
}

const keyOf = (connectionId: string) => `defenderHunt.credential.${connectionId}`;

export type CredentialLookup =
  | { readonly status: 'found'; readonly credential: AppCredential; readonly thumbprintSha256?: string; readonly certificateNotAfter?: Date }
  | { readonly status: 'missing' }
  | { readonly status: 'bound-elsewhere' };

export class ConnectionSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async get(p: ConnectionProfile): Promise<CredentialLookup> {
    const raw = await this.storage.get(keyOf(p.id));
    if (!raw) return { status: 'missing' };
    let s: StoredCredential;
    try {
      s = JSON.parse(raw) as StoredCredential;
    } catch {
      return { status: 'missing' };
    }
    if (s.authorityHost !== authorityHostOf(p) || s.clientId !== p.clientId) return { status: 'bound-elsewhere' };
    const wanted = p.authKind === 'app-secret' ? 'secret' : 'certificate';
    if (s.credential.kind !== wanted) return { status: 'missing' };
    return { status: 'found', credential: s.credential, thumbprintSha256: s.thumbprintSha256, certificateNotAfter: s.certificateNotAfter ? new Date(s.certificateNotAfter) : undefined };
  }

  async store(p: ConnectionProfile, credential: AppCredential, certificate?: { thumbprintSha256: string; notAfter: Date }): Promise<void> {
    const s: StoredCredential = {
      v: 1, authorityHost: authorityHostOf(p), clientId: p.clientId, credential,
      ...(certificate ? { thumbprintSha256: certificate.thumbprintSha256, certificateNotAfter: certificate.notAfter.toISOString() } : {}),
    };
    await this.storage.store(keyOf(p.id), JSON.stringify(s));
  }

  async has(p: ConnectionProfile): Promise<boolean> {
    return (await this.get(p)).status === 'found';
  }

  async delete(connectionId: string): Promise<void> {
    await this.storage.delete(keyOf(connectionId));
  }

  /** Moves a credential when a connection is renamed (its id changes). */
  async move(fromId: string, toId: string): Promise<void> {
    if (fromId === toId) return;
    const raw = await this.storage.get(keyOf(fromId));
    if (raw === undefined) return;
    await this.storage.store(keyOf(toId), raw);
    await this.storage.delete(keyOf(fromId));
  }
}
