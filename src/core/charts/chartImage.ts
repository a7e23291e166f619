/**
 * Checks a chart image the webview sends before the host writes it to disk. The webview is a
 * separate process that draws hostile data, so the host accepts only what a chart export can
 * be: a well-formed PNG, or an SVG document with no script, no event handler, no embedded
 * HTML and no external reference.
 */
import type { ChartImageFormat } from '../../shared/protocol';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Active or external content an exported chart never has, looked for in the markup only: data
 * labels are escaped text between tags (`<` is always `&lt;` there), so a label may say
 * "onload=" without harm.
 */
const FORBIDDEN_TAG = /^<\s*\/?\s*(?:script|foreignobject|iframe|object|embed|use|image|a|style|animate|set|handler|listener)\b|^<!|^<\?xml-stylesheet/i;
const FORBIDDEN_ATTRIBUTE = /\son[a-z]+\s*=|javascript:|(?:href|src)\s*=|url\(\s*["']?(?!#)/i;

/** The bytes to write, or throws an Error whose message tells the user what was wrong. */
export function checkChartImage(format: ChartImageFormat, data: string): Uint8Array {
  if (format === 'png') {
    const b64 = data.startsWith('data:image/png;base64,') ? data.slice('data:image/png;base64,'.length) : data;
    if (!BASE64.test(b64)) throw new Error('The chart image is not valid base64.');
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.length < 33 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b) || bytes.toString('latin1', 12, 16) !== 'IHDR') {
      throw new Error('The chart image is not a PNG.');
    }
    if (bytes.toString('latin1', bytes.length - 8, bytes.length - 4) !== 'IEND') throw new Error('The chart image is an incomplete PNG.');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  const text = data.trim();
  if (!/^(?:<\?xml[^>]*\?>\s*)?<svg[\s>]/.test(text) || !text.endsWith('</svg>')) throw new Error('The chart image is not an SVG document.');
  const body = text.replace(/^<\?xml[^>]*\?>/, '');
  for (const tag of body.match(/<[^>]*>?/g) ?? []) {
    if (FORBIDDEN_TAG.test(tag) || FORBIDDEN_ATTRIBUTE.test(tag)) throw new Error('The chart SVG holds active or external content; not saved.');
  }
  return new TextEncoder().encode(text + '\n');
}

/** A file name for the chart of a run: `hunt-chart-2026-11-24-1403.png`. */
export function chartFileName(startedAt: number, format: ChartImageFormat): string {
  const d = new Date(startedAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = Number.isFinite(d.getTime()) ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}` : 'chart';
  return `hunt-chart-${stamp}.${format}`;
}
