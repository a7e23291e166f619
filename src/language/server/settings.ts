/**
 * Settings pulled from the client per document (workspace/configuration, section
 * `defenderHunt`), cached until the client says they changed. Clients without the
 * configuration capability (some stdio editors) get the defaults.
 */
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, sanitizeSettings, type KqlSettings } from '../../shared/lsp';

export class SettingsStore {
  private readonly cache = new Map<string, Promise<KqlSettings>>();
  canPull = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<KqlSettings> {
    if (!this.canPull) return Promise.resolve(DEFAULT_SETTINGS);
    let s = this.cache.get(uri);
    if (!s) {
      s = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then(sanitizeSettings, () => DEFAULT_SETTINGS);
      this.cache.set(uri, s);
    }
    return s;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}
