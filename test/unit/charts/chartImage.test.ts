import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { chartFileName, checkChartImage } from '../../../src/core/charts/chartImage';

/** A real 1×1 PNG, built from its chunks. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))), chunk('IEND', Buffer.alloc(0))]);
}

describe('chart images the host accepts', () => {
  it('a PNG as base64 or a data URL, byte for byte', () => {
    const bytes = png();
    assert.deepEqual(Buffer.from(checkChartImage('png', bytes.toString('base64'))), bytes);
    assert.deepEqual(Buffer.from(checkChartImage('png', 'data:image/png;base64,' + bytes.toString('base64'))), bytes);
  });

  it('refuses what is not a whole PNG', () => {
    const bytes = png();
    assert.throws(() => checkChartImage('png', 'not base64 at all!'), /not valid base64/);
    assert.throws(() => checkChartImage('png', Buffer.from('GIF89a' + 'x'.repeat(40)).toString('base64')), /not a PNG/);
    assert.throws(() => checkChartImage('png', bytes.subarray(0, bytes.length - 12).toString('base64')), /incomplete PNG/);
    assert.throws(() => checkChartImage('png', Buffer.from('<svg></svg>').toString('base64')), /not a PNG/);
  });

  it('an SVG document with escaped data labels', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&lt;script&gt;alert(1)&lt;/script&gt; onload=x</text></svg>';
    assert.equal(new TextDecoder().decode(checkChartImage('svg', svg)), svg + '\n');
    assert.ok(checkChartImage('svg', '<?xml version="1.0"?>\n' + svg));
    assert.ok(checkChartImage('svg', '<svg><clipPath id="c1"/><g clip-path="url(#c1)"/></svg>'));
  });

  it('refuses SVG with scripts, handlers, embedded HTML or external references', () => {
    for (const bad of [
      '<svg><script>alert(1)</script></svg>',
      '<svg onload="alert(1)"></svg>',
      '<svg><rect onclick = "x"/></svg>',
      '<svg><foreignObject><div/></foreignObject></svg>',
      '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
      '<svg><image href="https://example.invalid/x.png"/></svg>',
      '<!DOCTYPE svg [<!ENTITY x "y">]><svg></svg>',
      '<html><svg></svg></html>',
      '<svg>',
      '<svg><use xlink:href="#x"/></svg>',
      '<svg><style>@import url(x)</style></svg>',
      '<svg><rect fill="url(https://x.invalid/p)"/></svg>',
    ]) assert.throws(() => checkChartImage('svg', bad), /SVG/, bad);
  });

  it('names files after the run time', () => {
    assert.match(chartFileName(Date.UTC(2026, 10, 24, 14, 3), 'png'), /^hunt-chart-2026-11-2\d-\d{4}\.png$/);
    assert.equal(chartFileName(NaN, 'svg'), 'hunt-chart-chart.svg');
  });
});
