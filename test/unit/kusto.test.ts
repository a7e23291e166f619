import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defenderSchema } from '../../src/core/schema/schema';
import { buildGlobals, loadKusto, toArray } from '../../src/kusto/kusto';

describe('Kusto.Language with the Defender schema', () => {
  const K = loadKusto();
  const globals = buildGlobals(defenderSchema());
  const errors = (q: string) => toArray<Kusto.Language.Diagnostic>(K.Language.KustoCode.ParseAndAnalyze(q, globals)?.GetDiagnostics())
    .filter((d) => d.Severity === 'Error').map((d) => d.Message);

  it('binds Defender tables, columns and TimeGenerated', () => {
    assert.deepEqual(errors('DeviceProcessEvents | where FileName =~ "cmd.exe" and TimeGenerated > ago(1d) | project DeviceName'), []);
  });

  it('reports unknown columns', () => {
    assert.equal(errors('DeviceProcessEvents | where NoSuchColumn == 1').length, 1);
  });

  it('models invoke FileProfile and the call-style AssignedIPAddresses', () => {
    assert.deepEqual(errors('DeviceFileEvents | take 10 | invoke FileProfile() | where GlobalPrevalence < 100 | project SHA1, Signer'), []);
    assert.deepEqual(errors('AssignedIPAddresses("pc1", ago(1d)) | project IPAddress'), []);
  });
});
