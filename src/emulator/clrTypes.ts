/**
 * KQL types as the hunting APIs name them in `schema[].type`: .NET CLR type names (from the
 * documented examples and Microsoft's Power BI mapping for this API family). No Microsoft source
 * names the type of a `dynamic` column; "Object" is our inference (System.Object is what Kusto's
 * .NET client maps dynamic to), and clients should treat unknown type names as opaque.
 */
import type { KqlType } from '../core/schema/schema';

const CLR: Readonly<Record<KqlType, string>> = {
  string: 'String', long: 'Int64', int: 'Int32', real: 'Double', decimal: 'Decimal', bool: 'Boolean',
  datetime: 'DateTime', timespan: 'TimeSpan', guid: 'Guid', dynamic: 'Object',
};

export function clrTypeName(t: KqlType): string {
  return CLR[t];
}
