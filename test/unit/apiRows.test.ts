import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESULT_LIMITS } from '../../src/core/api/endpoints';
import { parseHuntingResponse } from '../../src/core/api/responseParser';

const parse = (doc: unknown) => parseHuntingResponse(doc, { limits: RESULT_LIMITS.graph, bodyBytes: 0 });
const schema = [{ name: 'Timestamp', type: 'DateTime' }, { name: 'DeviceName', type: 'String' }, { name: 'AdditionalFields', type: 'Object' }];

describe('response rows: the schema-order fast path and the general path agree', () => {
  it('reads rows whose keys follow the schema, nulls and dynamic JSON strings included', () => {
    const rs = parse({ schema, results: [
      { Timestamp: '2026-11-01T00:00:00Z', DeviceName: 'pc1', AdditionalFields: '{"a":1}' },
      { Timestamp: null, DeviceName: 'pc2', AdditionalFields: '[1,2]' },
      { Timestamp: '2026-11-02T00:00:00Z', DeviceName: '{"not":"dynamic"}', AdditionalFields: 'plain' },
    ] });
    assert.deepEqual(rs.rows, [
      ['2026-11-01T00:00:00Z', 'pc1', { a: 1 }],
      [null, 'pc2', [1, 2]],
      ['2026-11-02T00:00:00Z', '{"not":"dynamic"}', 'plain'],
    ]);
  });

  it('puts values by name when a row reorders, drops, adds or recases keys', () => {
    const rs = parse({ schema, results: [
      { Timestamp: 't1', DeviceName: 'pc1', AdditionalFields: null },
      { DeviceName: 'pc2', Timestamp: 't2', AdditionalFields: '{"b":2}' },
      { Timestamp: 't3', AdditionalFields: '{}' },
      { Timestamp: 't4', DeviceName: 'pc4', AdditionalFields: null, Extra: 'x' },
      { timestamp: 't5', devicename: 'pc5', additionalfields: '[]' },
      ['t6', 'pc6', '{"c":3}'],
    ] });
    assert.deepEqual(rs.rows, [
      ['t1', 'pc1', null],
      ['t2', 'pc2', { b: 2 }],
      ['t3', null, {}],
      ['t4', 'pc4', null],
      ['t5', 'pc5', []],
      ['t6', 'pc6', { c: 3 }],
    ]);
  });

  it('takes the general path for every row when the first row is out of order', () => {
    const rs = parse({ schema, results: [
      { DeviceName: 'pc1', Timestamp: 't1', AdditionalFields: null },
      { Timestamp: 't2', DeviceName: 'pc2', AdditionalFields: null },
    ] });
    assert.deepEqual(rs.rows, [['t1', 'pc1', null], ['t2', 'pc2', null]]);
  });

  it('keeps numeric-looking column names right (objects list integer keys first)', () => {
    const rs = parse({ schema: [{ name: 'b', type: 'String' }, { name: '1', type: 'Int64' }], results: [{ b: 'x', 1: 5 }] });
    assert.deepEqual(rs.rows, [['x', 5]]);
  });
});
