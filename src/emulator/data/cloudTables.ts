/** Identity and cloud activity: on-prem AD logons, Entra ID sign-ins, cloud app audit events, alerts. */
import { TICKS_PER_MINUTE } from '../executor/time';
import { APPLICATIONS, DOMAIN, SIGNIN_APPS, USER_AGENTS, type User } from './catalog';
import { NESTED_JSON } from './hostile';
import { type Gen, type Rec } from './rows';

const LOCATIONS: readonly (readonly [string, string, string, string, string])[] = [
  ['US', 'Washington', 'Redmond', '47.67', '-122.12'], ['GB', 'England', 'London', '51.50', '-0.12'], ['DE', 'Bavaria', 'Munich', '48.13', '11.58'],
];

export function identityLogonEvents(g: Gen, n: number): Rec[] {
  const out: Rec[] = [];
  const dcs = g.devices.filter((d) => d.shortName === 'srv-dc01');
  for (let i = 0; i < n; i++) {
    const u = g.user();
    const d = g.workstation();
    const failed = g.r.chance(0.07);
    out.push({
      Timestamp: g.time(), ActionType: failed ? 'LogonFailed' : 'LogonSuccess', Application: 'Active Directory',
      LogonType: g.r.pick(['Resource access', 'Credentials validation', 'Interactive']), Protocol: g.r.pick(['Kerberos', 'Ntlm', 'Ldap']),
      FailureReason: failed ? 'WrongPassword' : '', AccountName: u.name, AccountDomain: DOMAIN, AccountUpn: u.upn, AccountSid: u.sid,
      AccountObjectId: u.objectId, AccountDisplayName: u.displayName, DeviceName: d.shortName.toUpperCase(), DeviceType: 'Desktop', OSPlatform: 'Windows 10',
      IPAddress: d.ip, Port: g.r.int(49152, 65535), DestinationDeviceName: dcs[0]?.name ?? 'srv-dc01.contoso.com', DestinationIPAddress: dcs[0]?.ip ?? '10.1.1.24',
      DestinationPort: 88, TargetDeviceName: '', TargetAccountDisplayName: '', Location: '', ISP: '',
      AdditionalFields: g.r.chance(0.1) ? { Count: String(g.r.int(1, 5)), 'TO.DEVICE': dcs[0]?.shortName ?? 'srv-dc01', nested: NESTED_JSON } : { Count: '1' },
    });
  }
  return out;
}

export interface SignIn {
  readonly t: number;
  readonly user: User;
  readonly errorCode?: number;
  readonly ip?: string;
  readonly location?: readonly [string, string, string, string, string];
  readonly app?: readonly [string, string];
  readonly risk?: number;
}

export function signInRow(g: Gen, s: SignIn): Rec {
  const [country, state, city, lat, lon] = s.location ?? g.r.pick(LOCATIONS);
  const [app, appId] = s.app ?? g.r.pick(SIGNIN_APPS);
  const d = g.r.pick(g.devices.filter((x) => !x.isServer));
  return {
    Timestamp: s.t, Application: app, ApplicationId: appId, LogonType: '["interactiveUser"]', ErrorCode: s.errorCode ?? 0,
    CorrelationId: g.r.guid(), SessionId: g.r.guid(), AccountDisplayName: s.user.displayName, AccountObjectId: s.user.objectId, AccountUpn: s.user.upn,
    IsExternalUser: 0, IsGuestUser: false, AlternateSignInName: s.user.upn, LastPasswordChangeTimestamp: s.t - g.r.int(1, 90) * 24 * 60 * TICKS_PER_MINUTE,
    ResourceDisplayName: app, ResourceId: appId, ResourceTenantId: '', DeviceName: s.ip ? '' : d.shortName, AadDeviceId: s.ip ? '' : d.aadDeviceId,
    EntraIdDeviceId: s.ip ? '' : d.aadDeviceId, OSPlatform: 'Windows', DeviceTrustType: s.ip ? '' : 'Hybrid Azure AD joined',
    IsManaged: s.ip ? 0 : 1, IsCompliant: s.ip ? 0 : 1, AuthenticationProcessingDetails: '[]',
    AuthenticationRequirement: g.r.chance(0.7) ? 'multiFactorAuthentication' : 'singleFactorAuthentication', TokenIssuerType: 0,
    RiskLevelAggregated: s.risk ?? 0, RiskDetails: 0, RiskState: s.risk ? 4 : 0, UserAgent: g.r.pick(USER_AGENTS),
    ClientAppUsed: g.r.pick(['Browser', 'Mobile Apps and Desktop clients']), Browser: 'Edge 124.0.2478',
    ConditionalAccessPolicies: JSON.stringify([{ id: g.r.guid(), displayName: 'Require MFA for admins', result: 'success' }]),
    ConditionalAccessStatus: s.errorCode ? 1 : 0, IPAddress: s.ip ?? `203.0.113.${g.r.int(10, 14)}`, Country: country, State: state, City: city,
    Latitude: lat, Longitude: lon, NetworkLocationDetails: '[]', RequestId: g.r.guid(), ReportId: g.r.guid(), EndpointCall: '',
  };
}

export function aadSignInEvents(g: Gen, n: number): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) out.push(signInRow(g, { t: g.time(), user: g.user(), errorCode: g.r.chance(0.06) ? g.r.pick([50126, 50074, 50053]) : 0 }));
  return out;
}

export interface CloudEvent {
  readonly t: number;
  readonly user: User;
  readonly action: string;
  readonly app?: readonly [string, number];
  readonly ip?: string;
  readonly country?: string;
  readonly objectName?: string;
  readonly raw?: Record<string, unknown>;
  readonly isAdmin?: boolean;
}

export function cloudRow(g: Gen, e: CloudEvent): Rec {
  const [app, appId] = e.app ?? g.r.pick(APPLICATIONS);
  const objectName = e.objectName ?? `https://contoso.sharepoint.com/sites/${g.r.pick(['Finance', 'HR', 'Engineering'])}/Shared Documents/${g.r.pick(['plan.docx', 'budget.xlsx'])}`;
  return {
    Timestamp: e.t, ActionType: e.action, Application: app, ApplicationId: appId, AppInstanceId: 0, AccountObjectId: e.user.objectId,
    AccountId: e.user.objectId, AccountDisplayName: e.user.displayName, IsAdminOperation: e.isAdmin ?? false, DeviceType: 'Desktop', OSPlatform: 'Windows 10',
    IPAddress: e.ip ?? `203.0.113.${g.r.int(10, 14)}`, IsAnonymousProxy: false, CountryCode: e.country ?? 'US', City: '', ISP: 'Contoso ISP',
    UserAgent: g.r.pick(USER_AGENTS), ActivityType: e.action.startsWith('File') ? 'Basic' : 'Run', ActivityObjects: [{ Type: 'File', Name: objectName, Role: 'Target object' }],
    ObjectName: objectName, ObjectType: 'File', ObjectId: objectName, ReportId: g.r.guid(), AccountType: e.isAdmin ? 'Admin' : 'Regular',
    IsExternalUser: false, IsImpersonated: false, IPTags: [], IPCategory: '', UserAgentTags: [],
    RawEventData: e.raw ?? { CreationTime: '', Operation: e.action, UserId: e.user.upn, Workload: app.replace('Microsoft ', ''), ClientIP: e.ip ?? '', ObjectId: objectName },
    AdditionalFields: {}, LastSeenForUser: {}, UncommonForUser: [], AuditSource: 'Defender for Cloud Apps access control', SessionData: {}, OAuthAppId: '',
  };
}

export function cloudAppEvents(g: Gen, n: number): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const action = g.r.weighted([['FileAccessed', 30], ['FileDownloaded', 10], ['FileModified', 10], ['MailItemsAccessed', 25], ['Send', 10], ['MessageSent', 10], ['Update', 5]] as const);
    const row = cloudRow(g, { t: g.time(), user: g.user(), action });
    if (g.r.chance(0.05)) row.RawEventData = { Operation: action, Nested: NESTED_JSON };
    out.push(row);
  }
  return out;
}
