/**
 * Removes credentials from text before it reaches a log, an error message or the screen. Applied to
 * everything that comes back from a sign-in service or a library, because their messages sometimes
 * quote what they were sent.
 */

const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const FORM_SECRET = /\b(client_secret|client_assertion|assertion|refresh_token|access_token|id_token|device_code|code|password)=([^&\s"']+)/gi;
const JSON_SECRET = /("(?:client_secret|client_assertion|refresh_token|access_token|id_token|device_code|password|secret|token)"\s*:\s*)"[^"]*"/gi;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;

/**
 * Replaces tokens, bearer headers, form/JSON credential fields, PEM private keys, and every
 * string in `secrets` (exact values the caller knows, e.g. the stored client secret).
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  }
  return out
    .replace(PEM, '[redacted private key]')
    .replace(JWT, '[redacted token]')
    .replace(BEARER, '$1 [redacted]')
    .replace(FORM_SECRET, '$1=[redacted]')
    .replace(JSON_SECRET, '$1"[redacted]"');
}
