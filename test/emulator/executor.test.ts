import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type QueryError, UnsupportedError, parsePositionMarker } from '../../src/emulator/executor/errors';
import { formatDateTime } from '../../src/emulator/executor/time';
import { columns, HOUR, NOW, objects, rows, run, T0 } from './fixtures';

const iso = (ticks: unknown) => formatDateTime(ticks as number);

describe('executor: filtering and projection', () => {
  it('where with case-insensitive equality, in~ and has', () => {
    assert.deepEqual(rows('DeviceProcessEvents | where FileName =~ "cmd.exe" | project ProcessId'), [[10], [null]]);
    assert.deepEqual(rows('DeviceProcessEvents | where FileName in~ ("CMD.exe", "certutil.exe") | project ProcessId'), [[10], [12], [null]]);
    assert.deepEqual(rows('DeviceProcessEvents | where FileName in ("cmd.exe") | project ProcessId'), [[10]]);
    assert.deepEqual(rows('DeviceProcessEvents | where ProcessCommandLine has "whoami" | project ProcessId'), [[10]]);
    // `has` matches whole terms only; contains matches substrings
    assert.deepEqual(rows('DeviceProcessEvents | where ProcessCommandLine has "who" | count'), [[0]]);
    assert.deepEqual(rows('DeviceProcessEvents | where ProcessCommandLine contains "who" | count'), [[1]]);
    assert.deepEqual(rows('DeviceProcessEvents | where ProcessCommandLine has_any ("urlcache", "nothing") | project ProcessId'), [[12]]);
    assert.deepEqual(rows('DeviceProcessEvents | where ProcessCommandLine has_all ("cmd.exe", "whoami") | project ProcessId'), [[10]]);
    assert.deepEqual(rows('DeviceProcessEvents | where FileName startswith "power" or FileName endswith_cs "EXE" | project ProcessId'), [[11], [null]]);
    assert.deepEqual(rows('DeviceProcessEvents | where ProcessCommandLine matches regex @"-enc\\s+[A-Za-z0-9+/=]+" | project ProcessId'), [[11]]);
    assert.deepEqual(rows('DeviceProcessEvents | where FileName !contains "exe" | count'), [[0]]);
  });

  it('null semantics: comparisons with null are not true, != is', () => {
    assert.deepEqual(rows('DeviceProcessEvents | where ProcessId > 10 | project ProcessId'), [[11], [12]]);
    assert.deepEqual(rows('DeviceProcessEvents | where ProcessId != 10 | project ProcessId'), [[11], [12], [null]]);
    assert.deepEqual(rows('DeviceProcessEvents | where isnull(ProcessId) | project FileName'), [['CMD.EXE']]);
    assert.deepEqual(rows('DeviceProcessEvents | where isempty(AdditionalFields) | count'), [[3]]);
  });

  it('project, extend, project-away/-rename/-reorder/-keep with Kusto names and types', () => {
    assert.deepEqual(columns('DeviceProcessEvents | take 1 | project DeviceName, Size = FileSize * 2, tolower(FileName)'), ['DeviceName:string', 'Size:long', 'Column1:string']);
    assert.deepEqual(rows('DeviceProcessEvents | take 2 | extend Double = FileSize * 2, Kb = FileSize / 100 | project Double, Kb'), [[200, 1], [600, 3]]);
    assert.deepEqual(rows('DeviceProcessEvents | take 1 | extend FileName = toupper(FileName) | project FileName'), [['CMD.EXE']]);
    assert.deepEqual(columns('DeviceInfo | project DeviceId, DeviceName, OSPlatform | project-away DeviceName'), ['DeviceId:string', 'OSPlatform:string']);
    assert.deepEqual(columns('DeviceInfo | project DeviceId, DeviceName | project-rename Host = DeviceName'), ['DeviceId:string', 'Host:string']);
    assert.deepEqual(objects('DeviceInfo | project DeviceId, DeviceName | project-rename Host = DeviceName | take 1'), [{ DeviceId: 'd1', Host: 'pc1' }]);
    assert.deepEqual(columns('DeviceInfo | project DeviceId, DeviceName, OSPlatform | project-reorder OSPlatform'), ['OSPlatform:string', 'DeviceId:string', 'DeviceName:string']);
    assert.deepEqual(columns('DeviceInfo | project DeviceId, DeviceName, OSPlatform | project-keep Device*'), ['DeviceId:string', 'DeviceName:string']);
    assert.deepEqual(columns('DeviceInfo | project DeviceId, DeviceName, OSPlatform | project-away Device*'), ['OSPlatform:string']);
  });

  it('let: scalars, lists, tabular values and user functions', () => {
    assert.deepEqual(rows('let n = 11; DeviceProcessEvents | where ProcessId >= n | project ProcessId'), [[11], [12]]);
    assert.deepEqual(rows('let names = dynamic(["cmd.exe", "certutil.exe"]); DeviceProcessEvents | where FileName in (names) | project ProcessId'), [[10], [12]]);
    assert.deepEqual(rows('let pcs = DeviceInfo | where OSPlatform == "Windows11" | project DeviceId; DeviceProcessEvents | where DeviceId in (pcs) | count'), [[2]]);
    assert.deepEqual(rows('let f = (s:string, suffix:string = "!") { strcat(toupper(s), suffix) }; DeviceInfo | project a = f(DeviceName), b = f(DeviceName, "?")'), [['PC1!', 'PC1?'], ['PC3!', 'PC3?']]);
    assert.deepEqual(rows('let Procs = (acct:string) { DeviceProcessEvents | where AccountName == acct | project FileName }; Procs("bob")'), [['certutil.exe'], ['CMD.EXE']]);
    assert.deepEqual(rows('let big = toscalar(DeviceProcessEvents | summarize max(FileSize)); DeviceProcessEvents | where FileSize == big | project ProcessId'), [[11]]);
  });

  it('datatable, print, range', () => {
    assert.deepEqual(objects('datatable(a:long, b:string, c:datetime)[1, "x", datetime(2024-01-02), 2, "y", datetime(null)] | where a > 1'), [{ a: 2, b: 'y', c: null }]);
    assert.deepEqual(rows('print x = 1 + 2, y = "a"'), [[3, 'a']]);
    assert.deepEqual(rows('range i from 1 to 7 step 3'), [[1], [4], [7]]);
  });
});

describe('executor: aggregation and ordering', () => {
  it('summarize with count, countif, dcount, sum, avg, min, max, make_set, make_list and bin', () => {
    assert.deepEqual(objects('DeviceProcessEvents | summarize n = count(), c = countif(FileSize > 150), dc = dcount(FileName), total = sum(FileSize), mean = avg(FileSize), lo = min(FileSize), hi = max(FileSize) by DeviceName | order by DeviceName asc'), [
      { DeviceName: 'pc1', n: 2, c: 1, dc: 2, total: 400, mean: 200, lo: 100, hi: 300 },
      { DeviceName: 'pc2', n: 2, c: 1, dc: 2, total: 200, mean: 200, lo: 200, hi: 200 },
    ]);
    assert.deepEqual(objects('DeviceProcessEvents | summarize make_set(AccountName), make_list(ProcessId) by DeviceId | order by DeviceId asc'), [
      { DeviceId: 'd1', set_AccountName: ['alice'], list_ProcessId: [10, 11] },
      { DeviceId: 'd2', set_AccountName: ['bob'], list_ProcessId: [12] },
    ]);
    assert.deepEqual(rows('DeviceProcessEvents | summarize count() by bin(Timestamp, 2h) | order by Timestamp asc').map(([t, n]) => [iso(t), n]), [
      ['2024-05-01T10:00:00.0000000Z', 2], ['2024-05-01T12:00:00.0000000Z', 2],
    ]);
    assert.deepEqual(columns('DeviceProcessEvents | summarize count(), dcount(FileName) by DeviceName'), ['DeviceName:string', 'count_:long', 'dcount_FileName:long']);
  });

  it('summarize over no rows without by gives one row; aggregates inside expressions', () => {
    assert.deepEqual(rows('DeviceProcessEvents | where FileName == "none" | summarize count(), sum(FileSize)'), [[0, 0]]);
    assert.deepEqual(rows('DeviceProcessEvents | summarize r = dcount(DeviceId) * 10, s = strcat("n=", tostring(count()))'), [[20, 'n=4']]);
  });

  it('arg_max / arg_min with * and with listed columns, take_any', () => {
    assert.deepEqual(objects('DeviceProcessEvents | summarize arg_max(Timestamp, FileName, ProcessId) by DeviceName | order by DeviceName asc').map((o) => [o.DeviceName, o.FileName, o.ProcessId]), [['pc1', 'powershell.exe', 11], ['pc2', 'CMD.EXE', null]]);
    const star = objects('DeviceProcessEvents | summarize arg_min(Timestamp, *) by DeviceName | order by DeviceName asc');
    assert.deepEqual(star.map((o) => [o.DeviceName, o.FileName, o.AccountName]), [['pc1', 'cmd.exe', 'alice'], ['pc2', 'certutil.exe', 'bob']]);
    assert.deepEqual(rows('DeviceInfo | where DeviceName == "pc3" | summarize take_any(OSPlatform)'), [['Linux']]);
  });

  it('sort, top, take, distinct, count with nulls placed as Kusto does', () => {
    assert.deepEqual(rows('DeviceProcessEvents | sort by ProcessId desc | project ProcessId'), [[12], [11], [10], [null]]);
    assert.deepEqual(rows('DeviceProcessEvents | sort by ProcessId asc | project ProcessId'), [[null], [10], [11], [12]]);
    assert.deepEqual(rows('DeviceProcessEvents | top 2 by FileSize | project FileSize'), [[300], [200]]);
    assert.deepEqual(rows('DeviceProcessEvents | take 1 | project ProcessId'), [[10]]);
    assert.deepEqual(rows('DeviceProcessEvents | limit 2 | count'), [[2]]);
    assert.deepEqual(rows('DeviceProcessEvents | distinct AccountName | order by AccountName asc'), [['alice'], ['bob']]);
    assert.deepEqual(rows('DeviceProcessEvents | count'), [[4]]);
  });

  it('make-series fills empty bins with the default', () => {
    const out = objects('DeviceProcessEvents | make-series n = count() default = 0 on Timestamp from datetime(2024-05-01 10:00) to datetime(2024-05-01 14:00) step 1h by DeviceName | order by DeviceName asc');
    assert.deepEqual(out.map((o) => [o.DeviceName, o.n]), [['pc1', [1, 1, 0, 0]], ['pc2', [0, 0, 1, 1]]]);
    assert.deepEqual(out[0].Timestamp, ['2024-05-01T10:00:00Z', '2024-05-01T11:00:00Z', '2024-05-01T12:00:00Z', '2024-05-01T13:00:00Z']);
  });

  it('top-nested', () => {
    assert.deepEqual(rows('DeviceProcessEvents | top-nested 1 of DeviceName by sum(FileSize) desc'), [['pc1', 400]]);
  });
});

describe('executor: joins, unions, lookups', () => {
  it('join kinds', () => {
    const base = 'DeviceInfo | project DeviceId, OSPlatform';
    const right = '(DeviceProcessEvents | summarize n = count() by DeviceId)';
    assert.deepEqual(rows(`${base} | join kind=inner ${right} on DeviceId | project DeviceId, OSPlatform, n`), [['d1', 'Windows11', 2]]);
    assert.deepEqual(columns(`${base} | join kind=inner ${right} on DeviceId`), ['DeviceId:string', 'OSPlatform:string', 'DeviceId1:string', 'n:long']);
    assert.deepEqual(rows(`${base} | join kind=leftouter ${right} on DeviceId | project DeviceId, n | order by DeviceId asc`), [['d1', 2], ['d3', null]]);
    assert.deepEqual(rows(`${base} | join kind=leftanti ${right} on DeviceId | project DeviceId`), [['d3']]);
    assert.deepEqual(rows(`${base} | join kind=leftsemi ${right} on DeviceId | project DeviceId`), [['d1']]);
    assert.deepEqual(rows(`${base} | join kind=rightanti ${right} on DeviceId | project DeviceId`), [['d2']]);
    assert.deepEqual(rows(`${base} | join kind=fullouter ${right} on DeviceId | project DeviceId, DeviceId1 | order by DeviceId asc`), [['', 'd2'], ['d1', 'd1'], ['d3', '']]);
    // innerunique (the default) keeps one left row per key
    assert.deepEqual(rows('DeviceProcessEvents | project DeviceId | join (DeviceInfo | project DeviceId, OSPlatform) on DeviceId | count'), [[1]]);
    assert.deepEqual(rows('DeviceProcessEvents | project DeviceId | join kind=inner (DeviceInfo | project DeviceId, OSPlatform) on DeviceId | count'), [[2]]);
    assert.deepEqual(rows('DeviceProcessEvents | join kind=inner (DeviceNetworkEvents) on $left.FileName == $right.InitiatingProcessFileName, DeviceId | project ProcessId, RemotePort'), [[11, 445], [12, 80]]);
  });

  it('union with withsource and type conflicts', () => {
    assert.deepEqual(columns('union withsource=Src (print a = 1), (print a = "x")'), ['Src:string', 'a_long:long', 'a_string:string']);
    assert.deepEqual(rows('union withsource=Src (print a = 1), (print a = "x")'), [['union_arg0', 1, ''], ['union_arg1', null, 'x']]);
    assert.deepEqual(rows('union DeviceInfo, DeviceNetworkEvents | summarize count()'), [[4]]);
    assert.deepEqual(rows('DeviceInfo | union DeviceNetworkEvents | count'), [[4]]);
    assert.deepEqual(rows('union Device*Info | summarize count()'), [[2]]);
  });

  it('search and find look through several tables', () => {
    assert.deepEqual(rows('search in (DeviceProcessEvents, DeviceNetworkEvents) "certutil.exe" | project $table, ProcessId, RemotePort'), [['DeviceProcessEvents', 12, null], ['DeviceNetworkEvents', null, 80]]);
    assert.deepEqual(rows('search "whoami" | project $table'), [['DeviceProcessEvents']]);
    assert.deepEqual(rows('DeviceInfo | search "pc*" and OSPlatform == "Linux" | project DeviceName'), [['pc3']]);
    assert.deepEqual(rows('search in (DeviceProcessEvents) AccountName:"bob" | count'), [[2]]);
    assert.deepEqual(rows('find in (DeviceProcessEvents, DeviceNetworkEvents) where InitiatingProcessFileName == "certutil.exe" or FileName == "certutil.exe" project DeviceName'), [['DeviceProcessEvents', 'pc2'], ['DeviceNetworkEvents', 'pc2']]);
  });

  it('lookup adds the right columns once', () => {
    assert.deepEqual(columns('DeviceProcessEvents | project DeviceId, FileName | lookup (DeviceInfo | project DeviceId, OSPlatform) on DeviceId'), ['DeviceId:string', 'FileName:string', 'OSPlatform:string']);
    assert.deepEqual(rows('DeviceProcessEvents | project DeviceId, FileName | lookup (DeviceInfo | project DeviceId, OSPlatform) on DeviceId | project OSPlatform'), [['Windows11'], ['Windows11'], [''], ['']]);
    assert.deepEqual(rows('DeviceProcessEvents | project DeviceId | lookup kind=inner (DeviceInfo | project DeviceId, OSPlatform) on DeviceId | count'), [[2]]);
  });
});

describe('executor: dynamic values, parse, mv-expand', () => {
  it('parse_json, member access, bag and array functions', () => {
    assert.deepEqual(rows('DeviceProcessEvents | where isnotempty(AdditionalFields) | extend j = parse_json(AdditionalFields) | project j.a.b[1], tostring(j.s), array_length(j.a.b), bag_keys(j)'), [[2, 'x', 3, ['a', 's']]]);
    assert.deepEqual(rows('print pack("k", 1, "t", datetime(2024-01-01)), pack_array(1, "a"), todynamic("[1,2]")[1]'), [[{ k: 1, t: '2024-01-01T00:00:00Z' }, [1, 'a'], 2]]);
    assert.deepEqual(rows('CloudAppEvents | mv-expand p = RawEventData.Parameters | where p.Name == "ForwardTo" | project tostring(p.Value)'), [['evil@example.com']]);
    assert.deepEqual(rows('print set_union(dynamic([1,2]), dynamic([2,3])), set_difference(dynamic([1,2,3]), dynamic([2])), array_concat(dynamic([1]), dynamic(["x"]))'), [[[1, 2, 3], [1, 3], [1, 'x']]]);
  });

  it('mv-expand: one row per element, with an index; empty arrays give none', () => {
    assert.deepEqual(rows('CloudAppEvents | mv-expand with_itemindex=i ActivityObjects | project i, tostring(ActivityObjects.Type)'), [[0, 'Rule'], [1, 'Mailbox']]);
    assert.deepEqual(rows('print a = dynamic([]) | mv-expand a | count'), [[0]]);
    assert.deepEqual(rows('print a = dynamic([1, 2]), b = dynamic(["x"]) | mv-expand a, b'), [[1, 'x'], [2, null]]);
  });

  it('parse extracts typed columns and gives null when the pattern does not match', () => {
    assert.deepEqual(rows('DeviceProcessEvents | parse ProcessCommandLine with "certutil -urlcache -f " Url " " Out | where isnotempty(Url) | project Url, Out'), [['http://x/a.exe', 'a.exe']]);
    assert.deepEqual(rows('print s = "pid=42;name=x" | parse s with "pid=" Pid:long ";name=" Name | project Pid, Name'), [[42, 'x']]);
    assert.deepEqual(rows('print s = "nothing here" | parse s with "pid=" Pid:long ";" * | project Pid'), [[null]]);
  });
});

describe('executor: scalar functions', () => {
  it('strings', () => {
    assert.deepEqual(rows('print strlen("héllo"), substring("abcdef", 2, 3), indexof("abcabc", "c", 3), split("a,b,c", ",")[1], replace_string("a.b", ".", "-"), trim(" ", "  x  "), strcat_delim("-", "a", 1, true)'), [[5, 'cde', 5, 'b', 'a-b', 'x', 'a-1-true']]);
    assert.deepEqual(rows('print extract(@"(\\d+)\\.(\\d+)", 2, "v12.34"), extract_all(@"(\\d)", "a1b2"), countof("a-a-a", "a"), replace_regex("a1b22", @"\\d+", "#")'), [['34', ['1', '2'], 3, 'a#b#']]);
    assert.deepEqual(rows('print base64_decode_tostring("aGVsbG8="), url_decode("a%20b"), tolower("ÄB"), hash_sha256("abc")'), [['hello', 'a b', 'äb', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad']]);
    assert.deepEqual(rows('print parse_url("https://u:p@host.example:8443/p/a?x=1#f").Host, parse_path(@"C:\\Windows\\cmd.exe").Filename'), [['host.example', 'cmd.exe']]);
  });

  it('datetime and timespan arithmetic', () => {
    const [[ago1, now, add, diff, sod, fmt]] = rows('print ago(1h), now(), datetime_add("day", 2, datetime(2024-01-30)), datetime_diff("hour", datetime(2024-01-02), datetime(2024-01-01)), startofday(datetime(2024-03-05 17:30)), format_datetime(datetime(2024-03-05 07:08:09), "yyyy-MM-dd HH:mm:ss")');
    assert.equal(ago1, NOW - HOUR);
    assert.equal(now, NOW);
    assert.equal(iso(add), '2024-02-01T00:00:00.0000000Z');
    assert.equal(diff, 24);
    assert.equal(iso(sod), '2024-03-05T00:00:00.0000000Z');
    assert.equal(fmt, '2024-03-05 07:08:09');
    assert.deepEqual(rows('print datetime(2024-01-02) - datetime(2024-01-01) == 1d, 2h / 1h, todatetime("2024-05-01T10:00:00.123456Z") - datetime(2024-05-01 10:00)').map((r) => r.map(String)), [['true', '2', '1234560']]);
    assert.deepEqual(rows(`DeviceProcessEvents | where Timestamp between (datetime(2024-05-01 11:00) .. 1h) | project ProcessId`), [[11], [12]]);
    assert.equal(iso(rows('print bin(datetime(2024-05-01 10:47:13), 15m)')[0][0]), '2024-05-01T10:45:00.0000000Z');
    // weeks are counted from 0001-01-01, a Monday, as in .NET and Kusto
    assert.equal(iso(rows('print bin(datetime(2024-05-01 10:00), 7d)')[0][0]), '2024-04-29T00:00:00.0000000Z');
    assert.deepEqual(rows('print bin(17, 5), bin(-1, 5), bin(2.5, 1), bin(90m, 1h)'), [[15, -5, 2, 36_000_000_000]]);
    assert.equal(T0 + 3 * HOUR, rows('DeviceProcessEvents | summarize max(Timestamp)')[0][0]);
  });

  it('conversions, conditionals, math', () => {
    assert.deepEqual(rows('print toint("42"), tolong("x"), toreal("1.5"), tobool("true"), tostring(12), toguid("{8F3E2C1A-5B7D-4E9F-A2C6-0D4B1E7F9A35}")'), [[42, null, 1.5, true, '12', '8f3e2c1a-5b7d-4e9f-a2c6-0d4b1e7f9a35']]);
    assert.deepEqual(rows('print iff(1 > 2, "a", "b"), case(false, 1, true, 2, 3), coalesce("", "x"), round(2.567, 2), abs(-3), 7 / 2, 7.0 / 2, 7 % 3, max_of(3, 9, 1)'), [['b', 2, 'x', 2.57, 3, 3, 3.5, 1, 9]]);
    assert.deepEqual(rows('print ipv4_is_in_range("10.1.2.3", "10.1.0.0/16"), ipv4_is_private("8.8.8.8"), parse_ipv4("1.2.3.4")'), [[true, false, 16909060]]);
    assert.deepEqual(rows('print gettype(dynamic({"a":1})), gettype(dynamic([1])), isnotempty(""), isempty("")'), [['dictionary', 'array', false, true]]);
  });

  it('render is a hint, the rows are unchanged', () => {
    const out = run('DeviceProcessEvents | summarize count() by DeviceName | render piechart with (title="By device")');
    assert.equal(out.table.rows.length, 2);
    assert.deepEqual(out.hints.render, { visualization: 'piechart', properties: { title: 'By device' } });
  });
});

describe('executor: errors', () => {
  const error = (q: string) => {
    try { run(q); } catch (e) { return e as QueryError; }
    assert.fail(`expected an error for ${q}`);
  };

  it('reports semantic errors like the engine, with a position', () => {
    const e = error('DeviceProcessEvents\n| where NoSuchColumn == 1');
    assert.equal(e.kind, 'semantic');
    assert.match(e.message, /^'where' operator: Failed to resolve scalar expression named 'NoSuchColumn'\. Fix semantic errors in your query\. \[line:position=2:8\]$/);
    assert.deepEqual(parsePositionMarker(e.message), { line: 2, column: 9 });
    assert.match(error('NoSuchTable | take 1').message, /Failed to resolve table or column expression named 'NoSuchTable'.*\[line:position=1:0\]$/);
  });

  it('reports syntax errors with a position', () => {
    const e = error('DeviceProcessEvents | where FileName == "x" and');
    assert.equal(e.kind, 'syntax');
    assert.match(e.message, /^Syntax error: .*\[line:position=1:\d+\]$/);
  });

  it('names unsupported features instead of guessing', () => {
    const e = error('DeviceProcessEvents | evaluate autocluster()');
    assert.ok(e instanceof UnsupportedError);
    assert.match(e.message, /'autocluster' plugin \(evaluate\) is not supported by the offline emulator \[line:position=1:\d+\]$/);
    assert.match(error('print series_fir(dynamic([1,2]), dynamic([1]))').message, /The function 'series_fir' is not supported by the offline emulator/);
    assert.match(error('externaldata(x:string)[@"https://example.com/x.txt"]').message, /externaldata .* is not supported by the offline emulator/);
    assert.match(error('DeviceProcessEvents | sample 3').message, /The 'sample' operator is not supported by the offline emulator/);
  });

  it('accepts count(expr), which the engine allows and Kusto.Language flags', () => {
    assert.deepEqual(rows('DeviceProcessEvents | summarize count(ProcessId)'), [[3]]);
  });
});
