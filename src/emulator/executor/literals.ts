/**
 * Literal values. The numeric, boolean, datetime and timespan forms are read from the token text
 * (`0x10`, `real(nan)`, `datetime(2024-01-01 10:00:00.1234567)`, `time(1.02:03:04)`), because the
 * Bridge build's boxed literal values lose precision or come back as 0 for some of them.
 */
import { QueryError } from './errors';
import { kind, textOf, typeOf, type Expr } from './syntax';
import { parseDateTime, parseTimespan } from './time';
import { toDynamic, type Value } from './values';

/** `long(5)` / `int(null)` / `5` -> the inner text. */
function inner(text: string): string {
  const m = /^[A-Za-z_]+\s*\((.*)\)$/s.exec(text.trim());
  return (m ? m[1] : text).trim();
}

export function parseNumberLiteral(text: string): number | null {
  const t = inner(text).toLowerCase();
  if (t === 'null' || t === '') return null;
  if (t === 'nan') return NaN;
  if (t === '+inf' || t === 'inf' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (/^[+-]?0x[0-9a-f]+$/.test(t)) return (t.startsWith('-') ? -1 : 1) * parseInt(t.replace(/^[+-]?0x/, ''), 16);
  const n = Number(t);
  return Number.isNaN(n) ? null : n;
}

/** The value of a literal expression node (of any literal kind). */
export function literalValue(expr: Expr): Value {
  const k = kind(expr);
  const text = textOf(expr);
  switch (k) {
    case 'StringLiteralExpression':
    case 'CompoundStringLiteralExpression':
      return String(expr.LiteralValue ?? '');
    case 'LongLiteralExpression': case 'IntLiteralExpression': case 'RealLiteralExpression': case 'DecimalLiteralExpression':
      return parseNumberLiteral(text);
    case 'BooleanLiteralExpression': {
      const t = inner(text).toLowerCase();
      return t === 'true' ? true : t === 'false' ? false : null;
    }
    case 'DateTimeLiteralExpression': {
      const t = inner(text).replace(/^(['"])(.*)\1$/s, '$2');
      if (t.toLowerCase() === 'null') return null;
      const ticks = parseDateTime(t);
      if (ticks === null) throw new QueryError(`Syntax error: '${text}' is not a valid datetime literal`, 'syntax', expr.TextStart);
      return ticks;
    }
    case 'TimespanLiteralExpression': {
      if (/^(?:time|timespan)\s*\(\s*null\s*\)$/i.test(text.trim())) return null;
      const ticks = parseTimespan(text);
      if (ticks === null) throw new QueryError(`Syntax error: '${text}' is not a valid timespan literal`, 'syntax', expr.TextStart);
      return ticks;
    }
    case 'GuidLiteralExpression': {
      const t = inner(text).toLowerCase();
      return t === 'null' ? null : t;
    }
    case 'NullLiteralExpression':
      return null;
    case 'TokenLiteralExpression':
      return String(expr.LiteralValue ?? text);
    case 'DynamicExpression': {
      const lit = expr.LiteralValue;
      if (typeof lit === 'string') {
        try { return JSON.parse(lit) as Value; } catch { /* fall through to the tree */ }
      }
      return jsonOf((expr as Kusto.Language.Syntax.DynamicExpression).Expression as Expr) as Value;
    }
    default:
      throw new QueryError(`internal: ${k} is not a literal`, 'runtime', expr.TextStart);
  }
}

/** A JSON value from the expression inside `dynamic(...)`. */
function jsonOf(expr: Expr | null): unknown {
  if (!expr) return null;
  switch (kind(expr)) {
    case 'JsonArrayExpression': {
      const list = (expr as Kusto.Language.Syntax.JsonArrayExpression).Values;
      const out: unknown[] = [];
      for (let i = 0; list && i < list.Count; i++) out.push(jsonOf((list.getItem(i) as Kusto.Language.Syntax.SeparatedElement).Element as Expr));
      return out;
    }
    case 'JsonObjectExpression': {
      const list = (expr as Kusto.Language.Syntax.JsonObjectExpression).Pairs;
      const out: Record<string, unknown> = {};
      for (let i = 0; list && i < list.Count; i++) {
        const pair = (list.getItem(i) as Kusto.Language.Syntax.SeparatedElement).Element as Kusto.Language.Syntax.JsonPair;
        const key = String(pair.Name?.Value ?? pair.Name?.Text ?? '').replace(/^["']|["']$/g, '');
        out[key] = jsonOf(pair.Value);
      }
      return out;
    }
    default:
      return toDynamic(literalValue(expr), typeOf(expr));
  }
}

export function isLiteralKind(k: string): boolean {
  return k.endsWith('LiteralExpression') && k !== 'TypeOfLiteralExpression' || k === 'DynamicExpression';
}
