/**
 * "Add connection" / "Edit connection" as a sequence of steps, each explaining its choice, with
 * Back. The flow knows nothing of VS Code: it talks to a `WizardUi` (quick inputs in the product,
 * a script in tests), so every step and check runs the same in both.
 */
import { API_PATH, APPLICATION_PERMISSION, CLOUDS, DELEGATED_PERMISSION, apiRoot, type ApiKind, type CloudId } from '../../core/api/endpoints';
import type { AppCredential } from '../../core/auth/appTokenSource';
import { CertificateError, isEncryptedKey, loadCertificateCredential, splitPem } from '../../core/auth/certificate';
import { AUTH_KIND_LABELS, CLOUD_IDS, fieldChecks, idFromName, isAppKind, validateConnection, type AuthKind, type ConnectionProfile } from '../../core/auth/connection';

export const BACK = Symbol('back');
export type Back = typeof BACK;

export interface StepInfo {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
}

export interface InputStep extends StepInfo {
  readonly prompt: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly password?: boolean;
  /** Message for a value that cannot be accepted; undefined accepts it. */
  readonly validate: (value: string) => string | undefined;
}

export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
}

export interface PickStep<T> extends StepInfo {
  readonly placeholder: string;
  readonly items: readonly PickItem<T>[];
  readonly active?: T;
}

export interface WizardUi {
  /** Resolves with the accepted value, BACK, or undefined when the user cancelled. */
  input(step: InputStep): Promise<string | Back | undefined>;
  pick<T>(step: PickStep<T>): Promise<T | Back | undefined>;
  /** Lets the user choose a PEM file and returns its text (undefined: cancelled). */
  readPemFile(title: string): Promise<string | undefined>;
}

export interface WizardResult {
  readonly profile: ConnectionProfile;
  /** The credential to store (app kinds); absent when editing kept the stored one. */
  readonly credential?: AppCredential;
  readonly certificate?: { readonly thumbprintSha256: string; readonly notAfter: Date; readonly subject: string };
}

export interface WizardOptions {
  /** The connection being edited (its id is kept unless the name changes). */
  readonly existing?: ConnectionProfile;
  /** Whether a credential is already stored for `existing` (an empty secret then keeps it). */
  readonly hasStoredCredential?: boolean;
  /** Values for fields the wizard does not ask (authorityHost, authProvider). */
  readonly defaults?: Partial<Pick<ConnectionProfile, 'authorityHost' | 'authProvider'>>;
  /** Ids already taken (a new connection gets a suffix). */
  readonly takenIds?: readonly string[];
}

interface Draft {
  name?: string;
  cloud?: CloudId;
  api?: ApiKind;
  authKind?: AuthKind;
  tenantId?: string;
  clientId?: string;
  credential?: AppCredential;
  certificate?: WizardResult['certificate'];
  apiBaseUrl?: string;
}

/** A step that does not apply to this draft (no credential for user sign-in). */
const SKIP = Symbol('skip');

/** true: next step; false: ask this step again; BACK; SKIP; undefined: cancelled. */
type Step = (d: Draft, info: StepInfo) => Promise<boolean | Back | typeof SKIP | undefined>;

/** Runs the steps; undefined when the user cancelled. */
export async function runConnectionWizard(ui: WizardUi, o: WizardOptions = {}): Promise<WizardResult | undefined> {
  const e = o.existing;
  const draft: Draft = e ? { name: e.name, cloud: e.cloud, api: e.api, authKind: e.authKind, tenantId: e.tenantId, clientId: e.clientId, apiBaseUrl: e.apiBaseUrl } : {};
  const title = e ? `Edit connection "${e.name}"` : 'Add Defender connection';
  const steps: Step[] = [
    (d, i) => ask(ui.input({ ...i, prompt: 'A name for this connection, shown in the status bar (e.g. "Contoso production" or a customer\'s name).', value: d.name, validate: fieldChecks.name }), (v) => { d.name = v.trim(); }),
    (d, i) => ask(ui.pick({ ...i, placeholder: 'Which Microsoft cloud is the tenant in?', active: d.cloud, items: CLOUD_IDS.map((c) => ({ label: CLOUDS[c].label, description: `sign-in ${host(CLOUDS[c].authorityHost)}`, detail: `Graph ${host(CLOUDS[c].graph)} · Defender API ${host(CLOUDS[c].legacy)}`, value: c })) }), (v) => { d.cloud = v; }),
    (d, i) => ask(ui.pick({ ...i, placeholder: 'Which hunting API?', active: d.api, items: [
      { label: 'Microsoft Graph (recommended)', description: `permission ${APPLICATION_PERMISSION.graph}`, detail: `POST ${apiRoot(d.cloud ?? 'global', 'graph')}${API_PATH.graph}`, value: 'graph' as ApiKind },
      { label: 'Legacy Defender XDR API', description: `permission ${APPLICATION_PERMISSION.legacy} / ${DELEGATED_PERMISSION.legacy}`, detail: `POST ${apiRoot(d.cloud ?? 'global', 'legacy')}${API_PATH.legacy} · Microsoft is retiring it (2027); use it only for tenants not yet on Graph`, value: 'legacy' as ApiKind },
    ] }), (v) => { d.api = v; }),
    (d, i) => ask(ui.pick({ ...i, placeholder: 'How do you sign in?', active: d.authKind, items: authItems(d.api ?? 'graph') }), (v) => { d.authKind = v; }),
    (d, i) => ask(ui.input({ ...i, prompt: isAppKind(d.authKind ?? 'user')
      ? 'Tenant (directory) id to hunt in: your tenant, or for a partner (multi-tenant) app the customer\'s tenant id. Entra admin center > Overview > Tenant ID.'
      : 'Tenant (directory) id you hunt in: Entra admin center > Overview > Tenant ID.', value: d.tenantId, placeholder: '00000000-0000-0000-0000-000000000000', validate: fieldChecks.tenantId }), (v) => { d.tenantId = v.trim().toLowerCase(); }),
    (d, i) => ask(ui.input({ ...i, prompt: clientPrompt(d.authKind ?? 'user', d.api ?? 'graph'), value: d.clientId, placeholder: '00000000-0000-0000-0000-000000000000', validate: fieldChecks.clientId }), (v) => { d.clientId = v.trim().toLowerCase(); }),
    (d, i) => credentialStep(ui, d, i, o, e),
    (d, i) => ask(ui.input({ ...i, prompt: `Optional: a custom API base URL (API gateway or proxy). Leave empty to use ${apiRoot(d.cloud ?? 'global', d.api ?? 'graph')}. This connection's tokens are sent only there; it must be https (plain http only to 127.0.0.1/localhost).`, value: d.apiBaseUrl ?? '', placeholder: 'empty = the cloud\'s own API', validate: (v) => (v.trim() ? fieldChecks.apiBaseUrl(v) : undefined) }), (v) => { d.apiBaseUrl = v.trim() || undefined; }),
  ];
  let i = 0;
  let direction = 1;
  while (i < steps.length) {
    const r = await steps[i](draft, { title, step: i + 1, totalSteps: steps.length });
    if (r === undefined) return undefined;
    if (r === SKIP) { i = Math.max(0, i + direction); continue; }
    if (r === BACK) { direction = -1; i = Math.max(0, i - 1); continue; }
    direction = 1;
    if (r) i++;
  }
  let id = e && draft.name === e.name ? e.id : idFromName(draft.name ?? '');
  if (!e || id !== e.id) id = uniqueId(id, (o.takenIds ?? []).filter((t) => t !== e?.id));
  const v = validateConnection({
    id, name: draft.name, cloud: draft.cloud, api: draft.api, authKind: draft.authKind, tenantId: draft.tenantId, clientId: draft.clientId, apiBaseUrl: draft.apiBaseUrl,
    authorityHost: e?.authorityHost ?? o.defaults?.authorityHost,
    authProvider: draft.authKind === 'user' ? e?.authProvider ?? o.defaults?.authProvider : undefined,
  });
  if (!v.profile) throw new Error(`The connection is not valid: ${v.problems.join('; ')}`);
  return { profile: v.profile, ...(draft.credential ? { credential: draft.credential } : {}), ...(draft.certificate ? { certificate: draft.certificate } : {}) };
}

async function ask<T>(p: Promise<T | Back | undefined>, accept: (v: T) => void): Promise<boolean | Back | undefined> {
  const v = await p;
  if (v === undefined) return undefined;
  if (v === BACK) return BACK;
  accept(v as T);
  return true;
}

function authItems(api: ApiKind): PickItem<AuthKind>[] {
  return [
    { label: AUTH_KIND_LABELS.user, description: 'user context', detail: `Your own account through VS Code's Microsoft sign-in. Needs an app registration with the delegated permission ${DELEGATED_PERMISSION[api]} (admin consent) and a role that allows hunting.`, value: 'user' },
    { label: AUTH_KIND_LABELS['device-code'], description: 'user context', detail: 'Enter a code in any browser: for remote machines and clouds VS Code cannot sign in to. Same app registration, with "Allow public client flows" on.', value: 'device-code' },
    { label: AUTH_KIND_LABELS['app-secret'], description: 'application / partner context', detail: `The app's own identity, no user; sees the whole tenant. Application permission ${APPLICATION_PERMISSION[api]} with admin consent. Partners: one multi-tenant app, one connection per customer tenant.`, value: 'app-secret' },
    { label: AUTH_KIND_LABELS['app-certificate'], description: 'application / partner context', detail: 'Like the client secret, with a certificate instead (PEM with the private key; stored in VS Code\'s secret storage).', value: 'app-certificate' },
  ];
}

function clientPrompt(kind: AuthKind, api: ApiKind): string {
  const where = 'Entra admin center > App registrations > your app > Overview > Application (client) ID.';
  return isAppKind(kind)
    ? `Application (client) id of the app with the application permission ${APPLICATION_PERMISSION[api]}. ${where}`
    : `Application (client) id of your app registration with the delegated permission ${DELEGATED_PERMISSION[api]} (VS Code's own app cannot ask for it). ${where}`;
}

async function credentialStep(ui: WizardUi, d: Draft, info: StepInfo, o: WizardOptions, e: ConnectionProfile | undefined): Promise<boolean | Back | typeof SKIP | undefined> {
  const keep = !!(e && o.hasStoredCredential && e.authKind === d.authKind && e.clientId === d.clientId);
  if (d.authKind === 'app-secret') {
    return ask(ui.input({ ...info, password: true,
      prompt: `Client secret of app ${d.clientId}: the secret's Value (not its Secret ID) from Certificates & secrets. Kept in VS Code's secret storage, never in settings.${keep ? ' Leave empty to keep the stored secret.' : ''}`,
      validate: (v) => (v.trim() || keep ? undefined : 'Paste the client secret value.') }), (v) => { d.credential = v.trim() ? { kind: 'secret', secret: v.trim() } : undefined; d.certificate = undefined; });
  }
  if (d.authKind === 'app-certificate') {
    if (keep) {
      const r = await ui.pick({ ...info, placeholder: 'Certificate', items: [{ label: 'Keep the stored certificate', value: 'keep' }, { label: 'Choose a new PEM file…', value: 'new' }] });
      if (r === undefined || r === BACK) return r;
      if (r === 'keep') return true;
    }
    const text = await ui.readPemFile(`${info.title}: PEM file with the certificate and its private key`);
    if (text === undefined) return undefined;
    const parts = splitPem(text);
    let passphrase: string | undefined;
    if (parts.privateKey && isEncryptedKey(parts.privateKey)) {
      const p = await ui.input({ ...info, password: true, prompt: 'The private key is encrypted: its passphrase (used once to decrypt it; not stored).', validate: (v) => (v ? undefined : 'Enter the passphrase.') });
      if (p === undefined || p === BACK) return p;
      passphrase = p;
    }
    try {
      const c = loadCertificateCredential({ certificate: text, passphrase });
      d.credential = { kind: 'certificate', thumbprintSha256: c.thumbprintSha256, privateKeyPem: c.privateKeyPem };
      d.certificate = { thumbprintSha256: c.thumbprintSha256, notAfter: c.notAfter, subject: c.subject };
      return true;
    } catch (err) {
      const message = err instanceof CertificateError ? err.message : 'The file could not be read as a certificate with its private key.';
      const again = await ui.pick({ ...info, placeholder: message, items: [{ label: 'Choose another file…', value: 'again' }] });
      return again === undefined || again === BACK ? again : false;
    }
  }
  d.credential = undefined;
  d.certificate = undefined;
  return SKIP;
}

function uniqueId(id: string, taken: readonly string[]): string {
  if (!taken.includes(id)) return id;
  for (let n = 2; ; n++) if (!taken.includes(`${id}-${n}`)) return `${id}-${n}`;
}

function host(url: string): string {
  return url.replace(/^https:\/\//, '');
}
