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
import * as https from 'node:https';
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
    const target = new URL(url);
    if (target.origin !== this.allowedOrigin) {
      throw new UnexpectedHostError(`Refused a sign-in request to ${target.origin}: this connection only talks to ${this.allowedOrigin}.`);
    }
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = timeout ? setTimeout(() => controller.abort(), timeout) : undefined;
    try {
      const res = await httpsRequest(target, method, options?.headers ?? {}, method === 'POST' ? options?.body ?? '' : undefined, controller.signal);
      let body: T & OAuthErrorBody;
      try { body = JSON.parse(res.text) as T & OAuthErrorBody; } catch { body = {} as T & OAuthErrorBody; }
      if (body && typeof body === 'object' && typeof body.error === 'string') this.lastOAuthError = body;
      return { headers: res.headers, body, status: res.status };
    } catch (e) {
      const code = (e as { code?: string }).code;
      // msal recognises network failures by this errorCode; keep the cause code (never a URL or body).
      const err = new Error(`network request failed: ${code ?? (e as Error).message}`) as Error & { errorCode: string };
      err.errorCode = 'network_error';
      if ((e as Error).name === 'AbortError' || code === 'ABORT_ERR') err.name = 'AbortError';
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }
}

/**
 * One HTTPS request with node:https. Not fetch: inside VS Code's extension host, fetch is replaced
 * by VS Code's proxy-aware version, which uses only the system's CA store and ignores
 * NODE_EXTRA_CA_CERTS; node:https honours both (and VS Code's proxy settings). No redirects.
 */
function httpsRequest(url: URL, method: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) }, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: h, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
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
