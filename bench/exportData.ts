/** The 100,000 × 20 result the export benchmark writes: shaped like DeviceProcessEvents. */
import { kqlTypeOf, type CellValue, type ResultColumn, type ResultSet } from '../src/core/results/resultSet';

export function exportDataset(ROWS: number): ResultSet {
  const spec: [string, string][] = [
    ['Timestamp', 'DateTime'], ['DeviceId', 'String'], ['DeviceName', 'String'], ['ActionType', 'String'], ['FileName', 'String'],
    ['FolderPath', 'String'], ['SHA256', 'String'], ['ProcessId', 'Int64'], ['ProcessCommandLine', 'String'], ['AccountDomain', 'String'],
    ['AccountName', 'String'], ['InitiatingProcessFileName', 'String'], ['InitiatingProcessId', 'Int64'], ['ReportId', 'Int64'],
    ['IsSigned', 'Boolean'], ['Score', 'Double'], ['RemoteIP', 'String'], ['RemotePort', 'Int32'], ['AdditionalFields', 'Object'], ['SHA1', 'String'],
  ];
  const columns: ResultColumn[] = spec.map(([name, rawType]) => ({ name, rawType, type: kqlTypeOf(rawType) }));
  const hex = (n: number, len: number) => (n.toString(16).repeat(Math.ceil(len / 4) + 1)).slice(0, len);
  const actions = ['ProcessCreated', 'FileCreated', 'ConnectionSuccess', 'RegistryValueSet'];
  const files = ['powershell.exe', 'cmd.exe', 'svchost.exe', 'rundll32.exe', 'msedge.exe'];
  const rows: CellValue[][] = [];
  const t0 = Date.UTC(2026, 10, 1);
  for (let i = 0; i < ROWS; i++) {
    const file = files[i % files.length];
    rows.push([
      new Date(t0 + i * 937).toISOString().replace('Z', '0000Z'),
      hex(i * 2654435761 + 1, 40),
      `wks-${String(i % 5000).padStart(5, '0')}.emea.corp.contoso.com`,
      actions[i % actions.length],
      file,
      i % 2 ? `C:\\Windows\\System32\\${file}` : `C:\\Program Files\\WindowsApps\\Microsoft.DesktopAppInstaller_1.21.${i % 100}.0_x64__8wekyb3d8bbwe\\${file}`,
      hex(i * 40503 + 7, 64),
      1000 + (i * 7919) % 60000,
      i % 10 === 0 ? `"${file}" -NoProfile -EncodedCommand ${hex(i, 24)}, "quoted arg"` : `${file} /c \\\\fileserver\\share\\scripts\\inventory.cmd --run ${i} --flag=value --output C:\\Temp\\out-${i}.log`,
      'CONTOSO-EMEA-PRODUCTION',
      i % 50 === 0 ? `josé.müller${i % 800}` : `user${i % 800}`,
      i % 3 === 0 ? 'C:\\Windows\\explorer.exe' : 'C:\\Windows\\System32\\services.exe',
      4 + (i * 31) % 9000,
      i * 13,
      i % 4 !== 0,
      (i % 1000) / 7,
      `10.${i % 256}.${(i >> 8) % 256}.${(i * 7) % 256}`,
      i % 65536,
      i % 4 === 0 ? { Signer: 'Microsoft Windows', Depth: i % 5, Tags: ['a', 'b'] } : null,
      hex(i * 97 + 3, 40),
    ]);
  }
  return { columns, rows };
}

