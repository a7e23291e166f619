import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OfflineTenant } from '../../src/vscode/emulator/offlineTenant';
import { EXTENSION_ID, waitFor } from './helpers';

async function hunt(url: string, path: string, token: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

describe('offline sample tenant (emulator child process)', () => {
  let tenant: OfflineTenant | undefined;
  after(() => tenant?.dispose());

  it('starts on demand from the installed extension and answers both APIs over fetch', async function () {
    this.timeout(90_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension installed');
    tenant = new OfflineTenant(ext.extensionPath, undefined, { rows: 200 });
    const endpoint = await tenant.start();
    assert.match(endpoint.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const pid = tenant.pid;
    assert.ok(pid && pid !== process.pid, 'a separate process');
    assert.deepEqual(await tenant.start(), endpoint, 'a second start reuses the running emulator');

    const graph = await hunt(endpoint.url, '/v1.0/security/runHuntingQuery', endpoint.token, { Query: 'DeviceInfo | summarize Devices = dcount(DeviceId)', Timespan: 'P7D' });
    assert.equal(graph.status, 200);
    assert.deepEqual(graph.json.schema, [{ name: 'Devices', type: 'Int64' }]);
    assert.deepEqual(graph.json.results, [{ Devices: 20 }]);
    const legacy = await hunt(endpoint.url, '/api/advancedhunting/run', endpoint.token, { Query: 'AlertInfo | where Severity == "High" | count' });
    assert.equal(legacy.status, 200);
    assert.deepEqual(legacy.json.Results, [{ Count: 2 }]);
    const denied = await hunt(endpoint.url, '/api/advancedhunting/run', 'wrong', { Query: 'AlertInfo' });
    assert.equal(denied.status, 401);

    tenant.dispose();
    await waitFor('the emulator process to end', () => (alive(pid) ? undefined : true));
    await assert.rejects(tenant.start(), /disposed/);
  });
});
