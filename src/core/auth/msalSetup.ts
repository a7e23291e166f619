/**
 * msal-node configuration shared by every msal token source:
 * - the authority is `<cloud's login host or override>/<tenant>`;
 * - instance discovery never leaves that host: `knownAuthorities` plus `cloudDiscoveryMetadata`
 *   built from our own cloud table, so msal does not ask login.microsoftonline.com about other
 *   hosts; the tenant's OpenID metadata comes from the authority itself;
 * - all of msal's HTTP goes through `PinnedNetworkClient`, which refuses any origin but the
 *   authority's (a second lock on the same door), can be aborted, and remembers the last OAuth
 *   error body so device-code failures keep their AADSTS code;
 * - msal's log lines are redacted and passed on at warning level and above.
 */
import type { Configuration, INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { LogLevel } from '@azure/msal-node';
import { defaultScope, type ApiKind, type CloudId } from '../api/endpoints';
import { authorityHostOf } from './connection';
import { redact } from './redact';
import type { OAuthErrorBody } from './signInError';
import type { AuthLog } from './tokenSource';

/** The connection facts msal needs. */
export interface AuthorityTarget {
  readonly cloud: CloudId;
  readonly tenantId: string;
  readonly api: ApiKind;
  readonly clientId: string;
  readonly authorityHost?: string;
}

export function authorityUrlOf(t: AuthorityTarget): string {
  return `${authorityHostOf(t)}/${t.tenantId}`;
}

export function scopesOf(t: AuthorityTarget): string[] {
  return [defaultScope(t.cloud, t.api)];
}

/** Refused: msal (or anything using this client) tried to reach a host other than the authority. */
export class UnexpectedHostError extends Error {
  override readonly name = 'UnexpectedHostError';
}

/**
 * msal's INetworkModule over fetch, pinned to one origin. Mirrors msal's own HttpClient (JSON
 * bodies, header dictionary, status) and adds the pin, cancellation and error capture.
 */
export class PinnedNetworkClient implements INetworkModule {
  /** The last OAuth error body (`error`, `error_codes`, …) any response carried. */
  lastOAuthError: OAuthErrorBody | undefined;
  private readonly controllers = new Set<AbortController>();

  constructor(private readonly allowedOrigin: string) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'GET', options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'POST', options);
  }

  /** Aborts every request in flight (sign-in cancelled, source disposed). */
  abortAll(): void {
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
  }

  private async send<T>(url: string, method: 'GET' | 'POST', options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    const origin = new URL(url).origin;
    if (origin !== this.allowedOrigin) {
      throw new UnexpectedHostError(`Refused a sign-in request to ${origin}: this connection only talks to ${this.allowedOrigin}.`);
    }
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = timeout ? setTimeout(() => controller.abort(), timeout) : undefined;
    try {
      const res = await fetch(url, {
        method,
        headers: options?.headers ? Object.entries(options.headers) : undefined,
        body: method === 'POST' ? options?.body ?? '' : undefined,
        signal: controller.signal,
        redirect: 'error',
      });
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => { headers[k] = v; });
      const text = await res.text();
      let body: T & OAuthErrorBody;
      try { body = JSON.parse(text) as T & OAuthErrorBody; } catch { body = {} as T & OAuthErrorBody; }
      if (body && typeof body === 'object' && typeof body.error === 'string') this.lastOAuthError = body;
      return { headers, body, status: res.status };
    } catch (e) {
      if (e instanceof UnexpectedHostError) throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      // msal recognises network failures by this errorCode; keep the cause code (no URLs with secrets in it).
      const err = new Error(`network request failed: ${cause?.code ?? cause?.message ?? (e as Error).message}`) as Error & { errorCode: string };
      err.errorCode = 'network_error';
      if ((e as Error).name === 'AbortError') err.name = 'AbortError';
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }
}

/** `auth` and `system` options for a client app of this connection. */
export function msalConfiguration(t: AuthorityTarget, network: INetworkModule, log: AuthLog, secrets: () => readonly string[]): Configuration {
  const host = new URL(authorityHostOf(t)).host;
  const authority = authorityUrlOf(t);
  return {
    auth: {
      clientId: t.clientId,
      authority,
      knownAuthorities: [host],
      // The shape of Entra's instance-discovery response, answered by us: this host is its own alias.
      cloudDiscoveryMetadata: JSON.stringify({
        tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      }),
    },
    system: {
      networkClient: network,
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message) => {
          const line = `msal: ${redact(message, secrets())}`;
          if (level === LogLevel.Error) log.error(line); else log.warn(line);
        },
      },
    },
  };
}
