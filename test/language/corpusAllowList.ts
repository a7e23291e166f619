/**
 * Errors the corpus gate accepts: each is a TRUE problem in the public query (a bug in the
 * source, or a name Defender removed that has no single replacement), never a false positive
 * of the language server. `line` is 1-based; `excerpt` must appear on that line.
 */
export interface AllowedError {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly excerpt: string;
  readonly reason: string;
}

export const CORPUS_ALLOW_LIST: readonly AllowedError[] = [
  { file: 'm365d-hunting-queries/0231.kql', line: 8, code: 'KS250', excerpt: '#This query just looks',
    reason: 'a prose sentence starting with # in the query text (meant as a comment); KQL reads it as a client directive' },
  { file: 'm365d-hunting-queries/0357.kql', line: 105, code: 'KS005', excerpt: '| where isnotempty(host)',
    reason: 'the source pasted the let body twice: a second `EmailEvents | …` pipeline follows without `|` or `;`, a real syntax error' },
  { file: 'm365d-hunting-queries/0357.kql', line: 112, code: 'KS198', excerpt: ');',
    reason: 'the same pasted duplicate leaves the closing `);` without its opening' },
  { file: 'm365d-hunting-queries/0360.kql', line: 87, code: 'KS006', excerpt: '--------------------------',
    reason: 'a line of dashes used as a visual separator outside a comment: not KQL' },
  { file: 'm365d-hunting-queries/0361.kql', line: 115, code: 'KS171', excerpt: 'RegistryValueData, ActionType, AdditionalFields',
    reason: 'project-reorder lists ActionType twice: a duplicated column in the query' },
  { file: 'm365d-hunting-queries/0361.kql', line: 248, code: 'KS142', excerpt: 'or IPAddress in (',
    reason: 'search in (DeviceNetworkEvents, DeviceEvents) on IPAddress, a column neither table has (copied from the removed AppFileEvents query above)' },
];
