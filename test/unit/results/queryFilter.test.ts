import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnRef, filterClause, planFilterInsertion, stringLiteral } from '../../../src/core/results/queryFilter';

describe('add filter: the clause', () => {
  it('quotes column names that are not plain identifiers', () => {
    assert.equal(columnRef('DeviceName'), 'DeviceName');
    assert.equal(columnRef('count_'), 'count_');
    assert.equal(columnRef('my col'), "['my col']");
    assert.equal(columnRef("it's"), "['it\\'s']");
    assert.equal(columnRef('where'), "['where']");
  });

  it('writes string literals that mean exactly the value', () => {
    assert.equal(stringLiteral('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
  });

  it('uses typed literals per column type', () => {
    assert.equal(filterClause({ name: 'FileName', type: 'string' }, 'cmd.exe', '=='), '| where FileName == "cmd.exe"');
    assert.equal(filterClause({ name: 'FileName', type: 'string' }, 'cmd.exe', 'has'), '| where FileName has "cmd.exe"');
    assert.equal(filterClause({ name: 'RemotePort', type: 'int' }, 443, '!='), '| where RemotePort != 443');
    assert.equal(filterClause({ name: 'ReportId', type: 'long' }, '9007199254740993', '=='), '| where ReportId == 9007199254740993');
    assert.equal(filterClause({ name: 'Score', type: 'real' }, 2, '=='), '| where Score == 2.0');
    assert.equal(filterClause({ name: 'Ok', type: 'bool' }, false, '=='), '| where Ok == false');
    assert.equal(filterClause({ name: 'Timestamp', type: 'datetime' }, '2026-11-02T10:00:00.1234567Z', '=='), '| where Timestamp == datetime(2026-11-02T10:00:00.1234567Z)');
    assert.equal(filterClause({ name: 'Up', type: 'timespan' }, '1.02:03:04', '!='), '| where Up != timespan(1.02:03:04)');
    assert.equal(filterClause({ name: 'Id', type: 'guid' }, '6b9f0f4e-55f0-4b1c-9d8e-0d5ed2b2a001', '=='), '| where Id == guid(6b9f0f4e-55f0-4b1c-9d8e-0d5ed2b2a001)');
  });

  it('compares dynamic values and ill-typed values as text', () => {
    assert.equal(filterClause({ name: 'AdditionalFields', type: 'dynamic' }, { a: 1 }, '=='), '| where tostring(AdditionalFields) == "{\\"a\\":1}"');
    assert.equal(filterClause({ name: 'AdditionalFields', type: 'dynamic' }, { a: 1 }, 'has'), '| where tostring(AdditionalFields) has "{\\"a\\":1}"');
    assert.equal(filterClause({ name: 'Timestamp', type: 'datetime' }, 'not a date) | evil', '=='), '| where tostring(Timestamp) == "not a date) | evil"');
  });

  it('filters nulls with isnull/isnotnull and refuses "has" on null', () => {
    assert.equal(filterClause({ name: 'RemoteIP', type: 'string' }, null, '=='), '| where isnull(RemoteIP)');
    assert.equal(filterClause({ name: 'RemoteIP', type: 'string' }, null, '!='), '| where isnotnull(RemoteIP)');
    assert.throws(() => filterClause({ name: 'RemoteIP', type: 'string' }, null, 'has'), /needs a value/);
  });
});

describe('add filter: where it goes', () => {
  const doc = [
    '// Encoded PowerShell',            // 0
    'DeviceProcessEvents',              // 1
    '  | where Timestamp > ago(1d)',    // 2
    '  | take 100 // enough',           // 3
    '',                                 // 4
    '// trailing comment of the block', // 5
    '',                                 // 6
    'DeviceNetworkEvents',              // 7
    '| summarize count() by RemoteIP',  // 8
    '| render columnchart',             // 9
  ].join('\n');

  it('appends after the last code line of the block, with its pipe indentation', () => {
    const query = 'DeviceProcessEvents\n  | where Timestamp > ago(1d)\n  | take 100 // enough';
    assert.deepEqual(planFilterInsertion(doc, { query, startLine: 0, endLine: 5 }, '| where A == 1'), { line: 3, character: 22, text: '\n  | where A == 1', block: { startLine: 0, endLine: 6 } });
  });

  it('goes before a final render', () => {
    const query = 'DeviceNetworkEvents\n| summarize count() by RemoteIP\n| render columnchart';
    assert.deepEqual(planFilterInsertion(doc, { query, startLine: 7, endLine: 9 }, '| where B == 2'), { line: 9, character: 0, text: '| where B == 2\n', block: { startLine: 7, endLine: 10 } });
  });

  it('finds the query when lines moved, and refuses when it was edited', () => {
    const moved = '\n\n' + doc;
    const query = 'DeviceNetworkEvents\n| summarize count() by RemoteIP\n| render columnchart';
    assert.equal(planFilterInsertion(moved, { query, startLine: 7, endLine: 9 }, '| where B == 2').line, 11);
    assert.throws(() => planFilterInsertion(doc.replace('RemoteIP', 'LocalIP'), { query, startLine: 7, endLine: 9 }, 'x'), /edited since it ran/);
  });

  it('handles CRLF documents', () => {
    const crlf = 'T\r\n| take 1\r\n';
    assert.deepEqual(planFilterInsertion(crlf, { query: 'T\n| take 1', startLine: 0, endLine: 1 }, '| where x == 1'), { line: 1, character: 8, text: '\n| where x == 1', block: { startLine: 0, endLine: 2 } });
  });
});
