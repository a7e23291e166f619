/**
 * Tables and columns that Defender advanced hunting removed or renamed. Public hunting queries
 * still use them (the archived Microsoft repository has a few), so the language server turns
 * Kusto's generic "unknown name" error into a warning that names the replacement, and the
 * grammar still colours them as tables.
 *
 * Sources: MicrosoftDocs/defender-docs `defender-xdr/advanced-hunting-schema-changes.md`
 * (naming changes, 2020–2021), `advanced-hunting-migrate-from-mde.md` ("Map DeviceAlertEvents
 * table") and `advanced-hunting-agentsinfo-table.md` (AIAgentsInfo → AgentsInfo).
 */

export interface LegacyName {
  readonly name: string;
  readonly kind: 'table' | 'column';
  /** For columns: the tables that used to have it. */
  readonly tables?: readonly string[];
  /** What to use instead, as the user would type it. */
  readonly replacement?: string;
  /**
   * `removed`: the name no longer resolves, a query using it fails in the portal.
   * `renamed`: the old name still resolves for now (both are in the schema) but is going away.
   */
  readonly status: 'removed' | 'renamed';
  /** One sentence for the diagnostic and the hover. */
  readonly note: string;
}

export const LEGACY_NAMES: readonly LegacyName[] = [
  { name: 'DeviceAlertEvents', kind: 'table', status: 'removed', replacement: 'AlertInfo',
    note: 'DeviceAlertEvents was replaced by the AlertInfo and AlertEvidence tables (join them on AlertId).' },
  { name: 'AppFileEvents', kind: 'table', status: 'removed', replacement: 'CloudAppEvents',
    note: 'AppFileEvents was deprecated in May 2021; CloudAppEvents holds its file activities.' },
  { name: 'DeviceTvmSoftwareInventoryVulnerabilities', kind: 'table', status: 'removed', replacement: 'DeviceTvmSoftwareVulnerabilities',
    note: 'DeviceTvmSoftwareInventoryVulnerabilities was deprecated in March 2021; use DeviceTvmSoftwareInventory and DeviceTvmSoftwareVulnerabilities.' },
  { name: 'AADSignInEventsBeta', kind: 'table', status: 'renamed', replacement: 'EntraIdSignInEvents',
    note: 'AADSignInEventsBeta is the legacy name of EntraIdSignInEvents.' },
  { name: 'AADSpnSignInEventsBeta', kind: 'table', status: 'renamed', replacement: 'EntraIdSpnSignInEvents',
    note: 'AADSpnSignInEventsBeta is the legacy name of EntraIdSpnSignInEvents.' },
  { name: 'AIAgentsInfo', kind: 'table', status: 'renamed', replacement: 'AgentsInfo',
    note: 'AIAgentsInfo is transitioning to AgentsInfo and stays accessible only until July 2026.' },
  { name: 'PhishFilterVerdict', kind: 'column', tables: ['EmailEvents', 'EmailAttachmentInfo'], status: 'removed', replacement: 'ThreatTypes',
    note: 'PhishFilterVerdict was replaced by ThreatTypes in February 2021 (e.g. ThreatTypes has "Phish").' },
  { name: 'MalwareFilterVerdict', kind: 'column', tables: ['EmailEvents', 'EmailAttachmentInfo'], status: 'removed', replacement: 'ThreatTypes',
    note: 'MalwareFilterVerdict was replaced by ThreatTypes in February 2021 (e.g. ThreatTypes has "Malware").' },
  { name: 'PhishDetectionMethod', kind: 'column', tables: ['EmailEvents', 'EmailAttachmentInfo'], status: 'removed', replacement: 'DetectionMethods',
    note: 'PhishDetectionMethod was replaced by DetectionMethods in February 2021.' },
  { name: 'MalwareDetectionMethod', kind: 'column', tables: ['EmailEvents', 'EmailAttachmentInfo'], status: 'removed', replacement: 'DetectionMethods',
    note: 'MalwareDetectionMethod was replaced by DetectionMethods in February 2021.' },
  { name: 'FinalEmailAction', kind: 'column', tables: ['EmailEvents'], status: 'removed', replacement: 'EmailAction',
    note: 'FinalEmailAction was renamed EmailAction in December 2020.' },
  { name: 'FinalEmailActionPolicy', kind: 'column', tables: ['EmailEvents'], status: 'removed', replacement: 'EmailActionPolicy',
    note: 'FinalEmailActionPolicy was renamed EmailActionPolicy in December 2020.' },
  { name: 'FinalEmailActionPolicyGuid', kind: 'column', tables: ['EmailEvents'], status: 'removed', replacement: 'EmailActionPolicyGuid',
    note: 'FinalEmailActionPolicyGuid was renamed EmailActionPolicyGuid in December 2020.' },
  { name: 'DeviceObjectId', kind: 'column', tables: ['DeviceInfo'], status: 'removed', replacement: 'AadDeviceId',
    note: 'DeviceInfo.DeviceObjectId was replaced by AadDeviceId in February 2021.' },
];

const byName = new Map(LEGACY_NAMES.map((l) => [l.name, l]));

/** The legacy entry for this exact (case-sensitive) name, if any. */
export function legacyName(name: string): LegacyName | undefined {
  return byName.get(name);
}

/** Removed tables: not in the schema any more, but a query may still name them. */
export function removedTables(): readonly LegacyName[] {
  return LEGACY_NAMES.filter((l) => l.kind === 'table' && l.status === 'removed');
}

/** The diagnostic/hover text: the note plus the replacement. */
export function legacyMessage(l: LegacyName): string {
  const what = l.kind === 'table' ? 'table' : 'column';
  const verb = l.status === 'removed' ? 'was removed from advanced hunting' : 'is a legacy name';
  return `The ${what} '${l.name}' ${verb}. ${l.note}`;
}
