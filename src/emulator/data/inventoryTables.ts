/** Inventory tables: a daily snapshot per device (DeviceInfo, DeviceNetworkInfo) and per user (IdentityInfo). */
import { TICKS_PER_DAY, TICKS_PER_MINUTE } from '../executor/time';
import { DOMAIN, NETBIOS, TENANT_ID, type Device } from './catalog';
import { NESTED_JSON } from './hostile';
import { DAYS, type Gen, type Rec } from './rows';

function osPlatform(d: Device): string {
  return d.os;
}

/** One row per device per day (`days` snapshots). */
export function deviceInfo(g: Gen, days = DAYS): Rec[] {
  const out: Rec[] = [];
  for (let day = days - 1; day >= 0; day--) {
    for (const d of g.devices) {
      out.push({
        Timestamp: Math.floor((g.now - day * TICKS_PER_DAY - g.r.int(5, 600) * TICKS_PER_MINUTE) / 10) * 10,
        DeviceId: d.id, DeviceName: d.name, ClientVersion: '10.8760.22621.3527', PublicIP: d.publicIp, OSArchitecture: '64-bit',
        OSPlatform: osPlatform(d), OSBuild: d.osBuild || null, IsAzureADJoined: !d.isServer, JoinType: d.isServer ? 'Domain Joined' : 'Hybrid Azure AD Join',
        AadDeviceId: d.isServer ? '' : d.aadDeviceId,
        LoggedOnUsers: JSON.stringify(d.users.map((u) => ({ UserName: u.name, DomainName: NETBIOS, Sid: u.sid }))),
        RegistryDeviceTag: '', OSVersion: d.osVersion, MachineGroup: d.isServer ? 'Servers' : 'Workstations', OnboardingStatus: 'Onboarded',
        AdditionalFields: '', DeviceCategory: 'Endpoint', DeviceType: d.isServer ? 'Server' : 'Workstation', DeviceSubtype: '',
        Model: d.isServer ? 'Virtual Machine' : 'Surface Laptop 5', Vendor: d.isServer ? 'Microsoft Corporation' : 'Microsoft Corporation',
        OSDistribution: d.os.startsWith('Windows') ? d.os : d.os === 'Linux' ? 'Ubuntu' : 'macOS', OSVersionInfo: d.osVersion,
        MergedDeviceIds: '', MergedToDeviceId: '', IsInternetFacing: d.shortName === 'srv-web01', SensorHealthState: day === 3 && d.shortName.endsWith('0230') ? 'Inactive' : 'Active',
        IsExcluded: false, ExclusionReason: '', ExposureLevel: d.isServer ? 'Medium' : g.r.pick(['Low', 'Medium', 'High']),
        AssetValue: d.shortName === 'srv-dc01' ? 'High' : 'Normal', DeviceManualTags: d.isServer ? '["Tier0"]' : '[]',
        DeviceDynamicTags: '[]', ConnectivityType: 'Streamlined', HostDeviceId: '',
      });
    }
  }
  return out;
}

export function deviceNetworkInfo(g: Gen, days = DAYS): Rec[] {
  const out: Rec[] = [];
  for (let day = days - 1; day >= 0; day--) {
    for (const d of g.devices) {
      out.push({
        Timestamp: Math.floor((g.now - day * TICKS_PER_DAY - g.r.int(5, 600) * TICKS_PER_MINUTE) / 10) * 10,
        DeviceId: d.id, DeviceName: d.name, NetworkAdapterName: d.isServer ? 'Ethernet0' : 'Wi-Fi', MacAddress: d.mac.replace(/-/g, ''),
        NetworkAdapterType: d.isServer ? 'Ethernet' : 'Wireless80211', NetworkAdapterStatus: 'Up', TunnelType: '',
        ConnectedNetworks: JSON.stringify([{ Name: DOMAIN, Description: DOMAIN, IsConnectedToInternet: true, Category: 'Domain' }]),
        DnsAddresses: '["10.1.1.5"]', IPv4Dhcp: '10.1.1.5', IPv6Dhcp: '', DefaultGateways: '["10.1.1.1"]',
        IPAddresses: JSON.stringify([{ IPAddress: d.ip, SubnetPrefix: 24, AddressType: 'Private' }, { IPAddress: `fe80::${d.mac.replace(/-/g, '').slice(8).toLowerCase()}`, SubnetPrefix: 64, AddressType: 'LinkLocal' }]),
        NetworkAdapterVendor: 'Intel Corporation',
      });
    }
  }
  return out;
}

export function identityInfo(g: Gen): Rec[] {
  return g.users.map((u, i) => ({
    Timestamp: Math.floor((g.now - g.r.int(1, 24 * 60) * TICKS_PER_MINUTE) / 10) * 10,
    AccountObjectId: u.objectId, AccountUpn: u.upn, OnPremSid: u.sid, AccountDisplayName: u.displayName, AccountName: u.name,
    AccountDomain: DOMAIN, CriticalityLevel: u.isAdmin ? 4 : null, Type: 'User',
    DistinguishedName: `CN=${u.displayName},OU=${u.department},DC=contoso,DC=com`, CloudSid: `S-1-12-1-${g.r.int(1e9, 4e9)}-${g.r.int(1e9, 4e9)}`,
    GivenName: u.displayName.split(' ')[0], Surname: u.displayName.split(' ')[1], Department: u.department, JobTitle: u.jobTitle,
    EmailAddress: u.upn, SipProxyAddress: `sip:${u.upn}`, Address: '', City: u.city, Country: u.country, IsAccountEnabled: i !== 17,
    Manager: i === 0 ? '' : g.users[0].displayName, Phone: `+1 425 555 01${String(i).padStart(2, '0')}`,
    CreatedDateTime: g.now - g.r.int(100, 2000) * TICKS_PER_DAY, ChangeSource: 'AzureActiveDirectory', BlastRadius: u.isAdmin ? 'High' : 'Low',
    CompanyName: 'Contoso', DeletedDateTime: null, EmployeeId: String(10_000 + i),
    OtherMailAddresses: i === 3 ? ['alias@contoso.com', '<b>not html</b>@contoso.com'] : [], RiskLevel: i === 5 ? 'High' : 'None',
    RiskLevelDetails: i === 5 ? 'userPerformedSecuredPasswordReset' : '', State: '', Tags: u.isAdmin ? ['Sensitive', 'Admin'] : [],
    AssignedRoles: u.isAdmin ? ['Global Administrator', 'Security Administrator'] : [], PrivilegedEntraPimRoles: [],
    TenantId: TENANT_ID, SourceSystem: 'AzureActiveDirectory', OnPremObjectId: g.r.guid(), TenantMembershipType: 'Member',
    RiskStatus: '', UserAccountControl: 'NormalAccount', IdentityEnvironment: 'Hybrid', SourceProviders: ['AzureActiveDirectory', 'ActiveDirectory'],
    GroupMembership: i % 7 === 0 ? { groups: ['All Staff', u.department], nested: NESTED_JSON } : ['All Staff', u.department],
  }));
}
